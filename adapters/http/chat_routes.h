// The web chat's HTTP side (DESIGN.md, "Web chat"): sessions, messages and
// the server-sent event stream. Handlers only translate: the session and
// its token are ChatService's, the decision SupportService's.
#ifndef FRONTDESK_ADAPTERS_HTTP_CHAT_ROUTES_H_
#define FRONTDESK_ADAPTERS_HTTP_CHAT_ROUTES_H_

#include <atomic>
#include <functional>
#include <memory>

#include "engine/decide/compiled_pack.h"
#include "engine/service/chat_service.h"
#include "frontdesk/clock.h"

namespace httplib {
class Server;
}

namespace frontdesk {

struct ChatRoutesOptions {
  // Event streams open at once; one more is answered 503. Each holds a
  // worker thread while it is open, so the server's pool is sized for them
  // (HttpOptions). Default: 1000.
  int max_streams = 1000;
  // Messages one session may post per second, and at once; more are
  // answered 429 with Retry-After (a person types far slower; a script
  // holding one token cannot flood the bot or the store). <= 0 = no limit.
  // Default: 2 per second, 10 at once.
  double messages_per_second = 2;
  double message_burst = 10;
  // A stream ends after this long; the browser's EventSource reconnects at
  // once with Last-Event-ID, so nothing is lost. Default: 300 s.
  int stream_seconds = 300;
  // Heartbeat comment interval, so proxies keep the stream open. Default: 15 s.
  int heartbeat_seconds = 15;
};

// Registers POST /v1/chat/sessions, POST /v1/chat/sessions/{id}/messages,
// POST /v1/chat/sessions/{id}/contact ({"email"}: continue by e-mail) and
// GET /v1/chat/sessions/{id}/events. `pack` gives the current pack
// (business hours, languages). REQUIRES: chat and clock outlive the server.
void AddChatRoutes(httplib::Server& server, ChatService* chat, const Clock* clock,
                   std::function<std::shared_ptr<const CompiledPack>()> pack,
                   const ChatRoutesOptions& options, std::atomic<int>* open_streams);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_CHAT_ROUTES_H_
