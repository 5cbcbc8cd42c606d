// GET /v1/agent/events: server-sent events that tell agents' consoles what
// needs a person -- a ticket opened, a customer writing on a ticket -- as
// TicketDesk::Activity finds them in the store (so messages taken by any
// process on the database are seen), when told of them
// (TicketDesk::ActivityStored) or at its poll. Each event names the ticket and the
// conversation, never a message's text.
#ifndef FRONTDESK_ADAPTERS_HTTP_AGENT_EVENTS_H_
#define FRONTDESK_ADAPTERS_HTTP_AGENT_EVENTS_H_

#include <atomic>
#include <chrono>
#include <cstdint>

#include "engine/service/ticket_desk.h"

namespace httplib {
class DataSink;
}

namespace frontdesk {

struct AgentEventsOptions {
  // Streams open at once; one more is answered 503. Each holds a worker
  // thread while open (serve sizes the pool for them). Default: 100.
  int max_streams = 100;
  // A stream ends after this long; EventSource reconnects with
  // Last-Event-ID, so nothing is lost. Default: 300 s.
  int stream_seconds = 300;
  int heartbeat_seconds = 15;  // comment lines that keep proxies open. Default: 15 s
  // How far back a resumed stream (Last-Event-ID) looks. Default: 3600 s.
  int resume_window_seconds = 3600;
  // How often a stream reads the store when nothing told it of activity
  // (TicketDesk::ActivityStored): what another process stored is found
  // this late at most. serve lengthens it where the store's notifications
  // wake the streams (PostgreSQL). Default: 500 ms.
  int poll_ms = 500;
};

// One open stream; Step is httplib's content provider.
class AgentEventStream {
 public:
  // Events after message `last_id` (0 = from now on), from `now_unix` -
  // resume_window_seconds if resuming. REQUIRES: desk outlives this.
  AgentEventStream(const TicketDesk* desk, int64_t last_id, int64_t now_unix,
                   const AgentEventsOptions& options);
  // Sends what is new (or a heartbeat), then waits for activity or the
  // poll. false ends it.
  bool Step(httplib::DataSink& sink);

 private:
  const TicketDesk* desk_;
  DeskCursor cursor_;
  AgentEventsOptions options_;
  std::chrono::steady_clock::time_point end_, beat_;
  bool first_ = true;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_AGENT_EVENTS_H_
