#include "adapters/http/chat_routes.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/http/contact_fields.h"
#include "adapters/http/http_status.h"
#include "adapters/http/public_decision.h"
#include "adapters/http/rate_limiter.h"
#include "engine/decide/business_hours.h"
#include "engine/text/text.h"
#include "frontdesk/message_json.h"

namespace frontdesk {
namespace {

using Json = nlohmann::json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// "Bearer TOKEN" from the Authorization header, else the `token` query
// parameter (EventSource cannot set headers; only the events route takes it).
std::string TokenOf(const httplib::Request& req, bool query_allowed) {
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  return query_allowed ? req.get_param_value("token") : "";
}

// Opens the session named in the path with the request's token, or answers
// 401 (the same answer for an unknown session and a wrong token).
bool OpenSession(ChatService* chat, const httplib::Request& req, httplib::Response& res,
                 bool query_token, ChatSession* session) {
  std::string token = TokenOf(req, query_token);
  Status s = token.empty() ? Status::PermissionDenied("no token")
                           : chat->Open(req.matches[1], token, session);
  if (s.ok()) return true;
  if (s.code() == Status::Code::kPermissionDenied) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthenticated", "this session needs its own token");
  } else {
    std::fprintf(stderr, "frontdesk: chat session not opened: %s\n", s.ToString().c_str());
    SendError(res, 503, "unavailable", "try again later");
  }
  return false;
}

bool Supported(const CompiledPack& pack, const std::string& lang) {
  for (const auto& l : pack.config().languages)
    if (l == lang) return true;
  return false;
}

// The visitor's message: {"text", "lang"?}. Nothing else is read: a chat
// visitor proves no address and names no conversation.
Status ParseChatMessage(const std::string& body, const CompiledPack& pack, Message* m) {
  if (!IsValidUtf8(body)) return Status::InvalidArgument("body is not valid UTF-8");
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("body must be a JSON object");
  auto text = j.find("text");
  if (text == j.end() || !text->is_string() || text->get<std::string>().empty())
    return Status::InvalidArgument("'text' is required");
  m->text = text->get<std::string>();
  if (m->text.size() > kMaxMessageTextBytes)
    return Status::InvalidArgument("'text' is longer than " + std::to_string(kMaxMessageTextBytes) + " bytes");
  if (auto lang = j.find("lang"); lang != j.end() && lang->is_string() &&
                                  Supported(pack, lang->get<std::string>()))
    m->language = lang->get<std::string>();
  return Status::Ok();
}

// Server-sent events of one conversation, from after `last_id` on, until
// the client goes, the stream's time is up or the server stops.
class EventStream {
 public:
  EventStream(ChatService* chat, std::string conversation, int64_t last_id,
              const ChatRoutesOptions& options)
      : chat_(chat), conversation_(std::move(conversation)), last_id_(last_id), options_(options),
        end_(std::chrono::steady_clock::now() + std::chrono::seconds(options.stream_seconds)),
        beat_(std::chrono::steady_clock::now()) {}

  // One step of httplib's loop: sends what is new (or a heartbeat), after
  // waiting at most a second. false ends the stream.
  bool Step(httplib::DataSink& sink) {
    auto now = std::chrono::steady_clock::now();
    if (!sink.is_writable() || now >= end_) return false;
    std::vector<ChatEvent> events;
    if (!chat_->Events(conversation_, last_id_, 100, &events).ok()) return false;
    std::string out;
    if (first_) {
      out += "retry: 2000\n\n";  // reconnect after 2 s when the stream ends
      first_ = false;
    }
    for (const ChatEvent& e : events) {
      // One line of data: whatever wrote the event, its JSON is re-dumped
      // compact (a newline inside would end the event early).
      Json data = Json::parse(e.data_json, nullptr, false);
      out += "id: " + std::to_string(e.id) + "\nevent: " + e.kind + "\ndata: " +
             (data.is_discarded() ? "{}" : Dump(data)) + "\n\n";
      last_id_ = e.id;
    }
    if (out.empty() && now - beat_ >= std::chrono::seconds(options_.heartbeat_seconds)) out = ": keep-alive\n\n";
    if (!out.empty()) {
      beat_ = now;
      if (!sink.write(out.data(), out.size())) return false;
    }
    // Woken at once by an event this process publishes; a second at most
    // for one written elsewhere (another node, a test through the store).
    if (events.empty()) chat_->WaitForEvent(conversation_, last_id_, std::chrono::milliseconds(1000));
    return true;
  }

 private:
  ChatService* chat_;
  std::string conversation_;
  int64_t last_id_;
  ChatRoutesOptions options_;
  std::chrono::steady_clock::time_point end_, beat_;
  bool first_ = true;
};

// The visitor's "continue by e-mail" address: {"email"}, trimmed, a
// plausible address of at most 254 bytes.
Status ParseContact(const std::string& body, std::string* email) {
  if (!IsValidUtf8(body)) return Status::InvalidArgument("body is not valid UTF-8");
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("body must be a JSON object");
  auto e = j.find("email");
  if (e == j.end() || !e->is_string()) return Status::InvalidArgument("'email' is required");
  *email = e->get<std::string>();
  const size_t first = email->find_first_not_of(" \t");
  email->erase(0, first == std::string::npos ? email->size() : first);
  email->erase(email->find_last_not_of(" \t") + 1);
  if (email->size() > kMaxContactEmail || !PlausibleEmail(*email))
    return Status::InvalidArgument("'email' is not a plausible e-mail address");
  return Status::Ok();
}

int64_t LastEventId(const httplib::Request& req) {
  std::string v = req.get_header_value("Last-Event-ID");
  if (v.empty()) v = req.get_param_value("last_event_id");
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(v);
}

}  // namespace

void AddChatRoutes(httplib::Server& server, ChatService* chat, const Clock* clock,
                   std::function<std::shared_ptr<const CompiledPack>()> pack,
                   const ChatRoutesOptions& options, std::atomic<int>* open_streams) {
  // Per session, beside the server's per-address limit: many visitors share
  // one address behind a NAT, and one visitor's script has one session.
  auto per_session = std::make_shared<RateLimiter>(
      RateLimitOptions{options.messages_per_second, std::max(1.0, options.message_burst), 16384});
  server.Post("/v1/chat/sessions", [=](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");  // a bearer token, no cookies
    std::string lang;
    if (!req.body.empty()) {
      Json j = Json::parse(req.body, nullptr, false);
      if (j.is_discarded() || !j.is_object())
        return SendError(res, 400, "invalid_argument", "body must be a JSON object");
      if (auto l = j.find("lang"); l != j.end() && l->is_string() && Supported(*pack(), l->get<std::string>()))
        lang = l->get<std::string>();
    }
    ChatSession session;
    std::string token;
    Status s = chat->CreateSession(lang, &session, &token);
    if (!s.ok()) {
      std::fprintf(stderr, "frontdesk: chat session not created: %s\n", s.ToString().c_str());
      return SendError(res, 503, "unavailable", "try again later");
    }
    res.status = 201;
    res.set_header("Cache-Control", "no-store");
    res.set_content(Dump({{"id", session.id}, {"token", token}, {"language", lang}}), "application/json");
  });

  server.Post(R"(/v1/chat/sessions/([A-Za-z0-9-]{1,100})/messages)",
              [=](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers", "Retry-After");
    ChatSession session;
    if (!OpenSession(chat, req, res, /*query_token=*/false, &session)) return;
    if (int retry = 0; !per_session->Allow(session.id, RateLimiter::Clock::now(), &retry)) {
      res.set_header("Retry-After", std::to_string(retry));
      return SendError(res, 429, "rate_limited",
                       "too many messages in this chat; retry after " + std::to_string(retry) + " s");
    }
    auto current = pack();
    Message m;
    if (Status parsed = ParseChatMessage(req.body, *current, &m); !parsed.ok()) return SendStatus(res, parsed);
    m.client_address = req.remote_addr;
    std::string key = req.get_header_value("Idempotency-Key");
    if (key.size() > 256) return SendError(res, 400, "invalid_argument", "Idempotency-Key is longer than 256 bytes");
    if (!key.empty()) key = "chat:" + session.id + ":" + key;  // a key opens only its own session's answer
    Decision d;
    std::string replay;
    Status s = chat->Post(session, m, key, &d, &replay);
    if (!s.ok()) {
      std::fprintf(stderr, "frontdesk: chat message not accepted: %s\n", s.ToString().c_str());
      return SendError(res, 503, "unavailable", "message not accepted, retry later");
    }
    Json out = replay.empty() ? PublicDecisionJson(d) : PublicDecisionJson(replay);
    // Public answers carry no trace. Whether a person is at work now, so the
    // widget can offer e-mail when nobody is.
    const BusinessHours& hours = current->config().hours;
    out["agent_available"] = !hours.configured || IsOpen(hours, clock->NowUnix());
    res.set_content(Dump(out), "application/json");
  });

  // "Continue by e-mail": the address agents' replies are also e-mailed to.
  // Kept on the session, unverified: it never says who the visitor is.
  server.Post(R"(/v1/chat/sessions/([A-Za-z0-9-]{1,100})/contact)",
              [=](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers", "Retry-After");
    ChatSession session;
    if (!OpenSession(chat, req, res, /*query_token=*/false, &session)) return;
    if (int retry = 0; !per_session->Allow(session.id, RateLimiter::Clock::now(), &retry)) {
      res.set_header("Retry-After", std::to_string(retry));
      return SendError(res, 429, "rate_limited", "too many requests in this chat; retry after " +
                                                     std::to_string(retry) + " s");
    }
    std::string email;
    if (Status parsed = ParseContact(req.body, &email); !parsed.ok()) return SendStatus(res, parsed);
    if (Status s = chat->LeaveContact(session, email); !s.ok()) {
      if (s.code() == Status::Code::kInvalidArgument) return SendStatus(res, s);
      std::fprintf(stderr, "frontdesk: chat contact not stored: %s\n", s.ToString().c_str());
      return SendError(res, 503, "unavailable", "not stored, retry later");
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(Dump({{"email", email}, {"verified", false}}), "application/json");
  });

  server.Get(R"(/v1/chat/sessions/([A-Za-z0-9-]{1,100})/events)",
             [=](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    ChatSession session;
    if (!OpenSession(chat, req, res, /*query_token=*/true, &session)) return;
    if (open_streams->fetch_add(1) >= options.max_streams) {
      open_streams->fetch_sub(1);
      res.set_header("Retry-After", "5");
      return SendError(res, 503, "unavailable", "too many open event streams, retry later");
    }
    auto stream = std::make_shared<EventStream>(chat, session.conversation_id, LastEventId(req), options);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");  // nginx: do not buffer the stream
    res.set_chunked_content_provider(
        "text/event-stream",
        [stream](size_t, httplib::DataSink& sink) { return stream->Step(sink); },
        [open_streams](bool) { open_streams->fetch_sub(1); });
  });
}

}  // namespace frontdesk
