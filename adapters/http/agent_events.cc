#include "adapters/http/agent_events.h"

#include <httplib.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace frontdesk {

AgentEventStream::AgentEventStream(const TicketDesk* desk, int64_t last_id, int64_t now_unix,
                                   const AgentEventsOptions& options)
    : desk_(desk), options_(options),
      end_(std::chrono::steady_clock::now() + std::chrono::seconds(options.stream_seconds)),
      beat_(std::chrono::steady_clock::now()) {
  cursor_.since_unix = last_id > 0 ? now_unix - options.resume_window_seconds : now_unix;
  cursor_.after_id = last_id;
}

bool AgentEventStream::Step(httplib::DataSink& sink) {
  auto now = std::chrono::steady_clock::now();
  if (!sink.is_writable() || now >= end_) return false;
  std::vector<DeskEvent> events;
  const uint64_t rings = desk_->activity_rings();  // before reading: nothing slips past
  // No limit: the cursor stays within the last second or so of messages,
  // and a page cut inside one second could not move past it.
  if (!desk_->Activity(&cursor_, 0, &events).ok()) return false;
  std::string out;
  if (first_) {
    out += "retry: 2000\n\n";
    first_ = false;
  }
  for (const DeskEvent& e : events) {
    nlohmann::json data = {{"ticket", e.ticket}, {"conversation_id", e.conversation_id},
                           {"channel", e.channel}, {"message", e.id},
                           {"created_unix", e.created_unix}};
    out += "id: " + std::to_string(e.id) + "\nevent: " + e.kind + "\ndata: " +
           data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
  }
  if (out.empty() && now - beat_ >= std::chrono::seconds(options_.heartbeat_seconds))
    out = ": keep-alive\n\n";
  if (!out.empty()) {
    beat_ = now;
    if (!sink.write(out.data(), out.size())) return false;
  }
  // Woken when told of activity; polled for what nobody tells of (another
  // process on a SQLite file).
  if (events.empty()) desk_->WaitForActivity(rings, std::chrono::milliseconds(options_.poll_ms));
  return true;
}

}  // namespace frontdesk
