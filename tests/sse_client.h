// Reads server-sent events in the integration tests: one parser, one
// deadline, instead of a copy in each test.
#ifndef FRONTDESK_TESTS_SSE_CLIENT_H_
#define FRONTDESK_TESTS_SSE_CLIENT_H_

#include <httplib.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace frontdesk::testing {

// One event: {"id": "...", "event": "...", "data": <parsed JSON>} (keys
// only when the event had them).
using SseEvent = nlohmann::json;

// GETs `path` and reads events until `done(events so far)` says so or
// `timeout` passed. The deadline is checked whenever data arrives, and the
// servers send a heartbeat at least every 15 s, so a stream that never
// satisfies `done` ends the read at most 15 s after the deadline.
inline std::vector<SseEvent> ReadSse(httplib::Client& client, const std::string& path,
                                     const std::function<bool(const std::vector<SseEvent>&)>& done,
                                     std::chrono::seconds timeout = std::chrono::seconds(20),
                                     const httplib::Headers& headers = {}) {
  std::vector<SseEvent> got;
  std::string buffer;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  client.set_read_timeout(static_cast<time_t>(timeout.count()), 0);
  client.Get(path, headers, [&](const char* data, size_t n) {
    buffer.append(data, n);
    for (size_t end; (end = buffer.find("\n\n")) != std::string::npos;) {
      const std::string block = buffer.substr(0, end);
      buffer.erase(0, end + 2);
      SseEvent e = SseEvent::object();
      for (size_t at = 0; at < block.size();) {
        size_t nl = std::min(block.find('\n', at), block.size());
        const std::string line = block.substr(at, nl - at);
        at = nl + 1;
        if (line.rfind("id: ", 0) == 0) e["id"] = line.substr(4);
        if (line.rfind("event: ", 0) == 0) e["event"] = line.substr(7);
        if (line.rfind("data: ", 0) == 0) e["data"] = nlohmann::json::parse(line.substr(6), nullptr, false);
      }
      if (e.contains("event")) got.push_back(std::move(e));
    }
    return !done(got) && std::chrono::steady_clock::now() < deadline;
  });
  return got;
}

// Reads until an event of `kind` arrived.
inline std::vector<SseEvent> ReadSseUntil(httplib::Client& client, const std::string& path,
                                          const std::string& kind,
                                          std::chrono::seconds timeout = std::chrono::seconds(20)) {
  return ReadSse(
      client, path,
      [&](const std::vector<SseEvent>& got) { return !got.empty() && got.back()["event"] == kind; }, timeout);
}

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_SSE_CLIENT_H_
