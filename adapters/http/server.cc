#include "adapters/http/server.h"

#include <httplib.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <strings.h>

#include <nlohmann/json.hpp>

#include "adapters/http/agent_console_routes.h"
#include "adapters/http/api_auth.h"
#include "adapters/http/chat_routes.h"
#include "adapters/http/connection_server.h"
#include "adapters/http/contact_routes.h"
#include "adapters/http/email_inbound_route.h"
#include "adapters/http/faq_page.h"
#include "adapters/http/http_status.h"
#include "adapters/http/rate_limiter.h"
#include "adapters/http/suggest_route.h"
#include "adapters/http/web_pages.h"
#include "engine/base/mutex.h"
#include "engine/text/text.h"
#include "frontdesk/message_json.h"

namespace frontdesk {

// Counters on the request path are atomics: one mutex taken by every
// decision serialized the workers (bench/README.md, "HTTP").
struct HttpServer::Metrics {
  std::array<std::atomic<long>, 5> decisions{};  // by Route
  std::atomic<long> replays{0};
  std::atomic<long long> nanos_sum{0};
  std::atomic<long> seconds_count{0};
  Mutex mu;
  std::map<int, long> errors GUARDED_BY(mu);  // status -> count; errors are rare
};

namespace {

ConnectionLimits LimitsFrom(const HttpOptions& o) {
  ConnectionLimits l;
  l.workers = static_cast<size_t>(std::max(1, o.workers));
  l.max_connections = static_cast<size_t>(std::max(1, o.max_connections));
  l.keep_alive_seconds = std::max(0, o.keep_alive_seconds);
  l.keep_alive_requests = static_cast<size_t>(std::max(1, o.keep_alive_requests));
  l.read_timeout_seconds = std::max(1, o.read_timeout_seconds);
  l.write_timeout_seconds = std::max(1, o.write_timeout_seconds);
  l.max_header_bytes = o.max_header_bytes;
  l.max_body_bytes = o.max_body_bytes;
  return l;
}

RateLimitOptions RateFrom(const HttpOptions& o) {
  RateLimitOptions r;
  r.per_second = o.rate_limit_per_second;
  r.burst = o.rate_limit_burst > 0 ? o.rate_limit_burst : 2 * o.rate_limit_per_second;
  return r;
}

bool AllDigits(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A refusal before the body was read: the body's bytes are still on the
// connection, so it is closed after the answer.
bool Refuse(const httplib::Request& req, httplib::Response& res, int status, const std::string& code,
            const std::string& message) {
  SendError(res, status, code, message);
  // The chat widget on a shop's own page must read these refusals too
  // (and their Retry-After), not see a network error.
  if (req.path.rfind("/v1/chat/", 0) == 0) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers", "Retry-After");
  }
  bool has_body = req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
  if (ExchangeState* state = ConnectionServer::Current(); state != nullptr && has_body) {
    state->close = true;
    res.set_header("Connection", "close");
  }
  return false;
}

// The size and encoding checks, shared by Admit and the Expect: 100-continue
// handler. 0 when the request may go on, else the status it got.
int CheckBody(const httplib::Request& req, httplib::Response& res, size_t max_body) {
  std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && strcasecmp(encoding.c_str(), "identity") != 0) {
    Refuse(req, res, 415, "unsupported_media_type",
           "Content-Encoding '" + encoding.substr(0, 40) + "' is not accepted; send the body uncompressed");
    return 415;
  }
  std::string transfer = req.get_header_value("Transfer-Encoding");
  if (!transfer.empty() && strcasecmp(transfer.c_str(), "chunked") != 0) {
    Refuse(req, res, 400, "invalid_argument", "Transfer-Encoding must be chunked");
    return 400;
  }
  if (req.has_header("Content-Length")) {
    std::string length = req.get_header_value("Content-Length");
    if (!AllDigits(length) || req.get_header_value_count("Content-Length") > 1 || !transfer.empty()) {
      Refuse(req, res, 400, "invalid_argument", "bad Content-Length");
      return 400;
    }
    if (std::stoull(length) > max_body) {
      Refuse(req, res, 413, "payload_too_large", "body exceeds " + std::to_string(max_body) + " bytes");
      return 413;
    }
  }
  return 0;
}

}  // namespace

HttpServer::HttpServer(SupportService* service, HttpOptions options, HttpChannels channels)
    : service_(service), options_(options), channels_(channels), server_(std::make_unique<ConnectionServer>(LimitsFrom(options))),
      limiter_(std::make_unique<RateLimiter>(RateFrom(options))), proxies_(options.trusted_proxies),
      metrics_(std::make_unique<Metrics>()) {
  server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendError(res, 500, "internal", "internal error");
  });
  server_->set_error_handler([this](const httplib::Request& req, httplib::Response& res) { OnError(req, res); });
  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return Admit(req, res) ? httplib::Server::HandlerResponse::Unhandled
                           : httplib::Server::HandlerResponse::Handled;
  });
  // Checked before httplib answers "100 Continue", so that a client waiting
  // for it never sends a body that would be refused.
  server_->set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    int status = CheckBody(req, res, options_.max_body_bytes);
    return status == 0 ? 100 : status;
  });
  Routes();
}

HttpServer::~HttpServer() { Stop(); }

bool HttpServer::Admit(const httplib::Request& req, httplib::Response& res) {
  // The one place that decides who the client is. httplib hands handlers a
  // const Request that it owns (a local of its request loop), so the answer
  // is written into it here: the rate limit below and every route then see
  // the same address, and the forwarding headers only when they are true.
  auto& request = const_cast<httplib::Request&>(req);
  if (proxies_.Contains(req.remote_addr)) {
    request.remote_addr = proxies_.ClientOf(req.remote_addr, req.get_header_value("X-Forwarded-For"),
                                            req.get_header_value("X-Real-IP"));
  } else {
    for (const char* h : {"X-Forwarded-For", "X-Real-IP", "X-Forwarded-Proto"}) request.headers.erase(h);
  }
  int retry_after = 0;
  if (!limiter_->Allow(req.remote_addr, RateLimiter::Clock::now(), &retry_after)) {
    res.set_header("Retry-After", std::to_string(retry_after));
    return Refuse(req, res, 429, "rate_limited",
                  "too many requests from this address; retry after " + std::to_string(retry_after) + " s");
  }
  if (CheckBody(req, res, options_.max_body_bytes) != 0) return false;
  ConnectionServer::BeginBody(req);
  return true;
}

void HttpServer::OnError(const httplib::Request&, httplib::Response& res) {
  // Failures below httplib (ConnectionServer) reach here as its 400.
  if (ExchangeState* state = ConnectionServer::Current(); state != nullptr && res.body.empty()) {
    if (state->body_too_large) res.status = 413;
    else if (state->headers_too_large) res.status = 431;
    else if (state->timed_out) res.status = 408;
    if (res.status == 400 || res.status == 408 || res.status == 413 || res.status == 414 || res.status == 431) {
      // The request was not read to its end: the connection cannot go on.
      state->close = true;
      res.set_header("Connection", "close");
    }
  }
  {
    MutexLock lock(&metrics_->mu);
    ++metrics_->errors[res.status];
  }
  if (!res.body.empty()) return;  // a handler already wrote a JSON error
  if (res.status == 413) SendError(res, 413, "payload_too_large", "body exceeds " +
                                   std::to_string(options_.max_body_bytes) + " bytes");
  else if (res.status == 404) SendError(res, 404, "not_found", "no such endpoint");
  else if (res.status == 408) SendError(res, 408, "request_timeout", "the request did not arrive in time");
  else if (res.status == 431) SendError(res, 431, "headers_too_large", "request headers are too large");
  else if (res.status == 414) SendError(res, 414, "uri_too_long", "request URI is too long");
  else if (res.status == 415) SendError(res, 415, "unsupported_media_type", "unsupported Content-Encoding");
  else if (res.status == 400) SendError(res, 400, "http_error", "malformed HTTP request");
  else SendError(res, res.status, "http_error", "request failed");
}

void HttpServer::Routes() {
  auto current_pack = [this] { return service_->pack(); };
  AddWebPageRoutes(*server_, current_pack);
  if (channels_.chat != nullptr)
    AddChatRoutes(*server_, channels_.chat, channels_.clock, current_pack, channels_.chat_options, &open_streams_);
  if (channels_.agent.agents != nullptr) AddAgentRoutes(*server_, channels_.agent);
  AddStatsRoutes(*server_, channels_.stats);
  AddRatingRoutes(*server_, channels_.rating);
  if (channels_.agent.agents != nullptr) AddAgentConsoleRoutes(*server_, channels_.agent, current_pack);
  AddSuggestRoute(*server_, current_pack, channels_.clock);
  if (channels_.contact_form)
    AddContactRoutes(*server_, service_, channels_.clock, channels_.contact_options);
  if (channels_.mail_intake != nullptr && channels_.api_keys != nullptr)
    AddEmailInboundRoute(*server_, channels_.api_keys, channels_.mail_intake);
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    auto pack = service_->pack();
    nlohmann::json j = {{"status", "ok"}, {"intents", pack->defs().intents.size()}};
    res.set_content(j.dump(), "application/json");
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    std::map<std::string, long> decisions;  // by route name, as before: sorted, non-zero only
    for (size_t i = 0; i < metrics_->decisions.size(); ++i)
      if (long n = metrics_->decisions[i].load(); n > 0) decisions[RouteName(static_cast<Route>(i))] = n;
    std::string out = "# TYPE frontdesk_decisions_total counter\n";
    for (const auto& [route, n] : decisions)
      out += "frontdesk_decisions_total{route=\"" + route + "\"} " + std::to_string(n) + "\n";
    out += "# TYPE frontdesk_http_errors_total counter\n";
    {
      MutexLock lock(&metrics_->mu);
      for (const auto& [status, n] : metrics_->errors)
        out += "frontdesk_http_errors_total{status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    }
    out += "# TYPE frontdesk_idempotent_replays_total counter\nfrontdesk_idempotent_replays_total " +
           std::to_string(metrics_->replays.load()) + "\n";
    out += "# TYPE frontdesk_decide_seconds summary\nfrontdesk_decide_seconds_sum " +
           std::to_string(static_cast<double>(metrics_->nanos_sum.load()) / 1e9) +
           "\nfrontdesk_decide_seconds_count " + std::to_string(metrics_->seconds_count.load()) + "\n";
    if (channels_.mail_metrics) out += channels_.mail_metrics();
    if (auto pack = service_->pack(); pack->faq()) {
      // Every answer an entry gave since the store began (persisted counts).
      out += "# TYPE frontdesk_faq_answers_total counter\n";
      for (const auto& [id, n] : pack->faq()->Hits())
        if (n > 0) out += "frontdesk_faq_answers_total{entry=\"" + id + "\"} " + std::to_string(n) + "\n";
    }
    out += StatsMetrics(channels_.stats);
    res.set_content(out, "text/plain; version=0.0.4");
  });
  server_->Get("/faq", [this](const httplib::Request& req, httplib::Response& res) {
    auto pack = service_->pack();
    if (!pack->faq()) return SendError(res, 503, "unavailable", "no FAQ loaded");
    std::string q = req.get_param_value("q");
    if (q.size() > 1000) q.resize(1000);
    std::string lang = req.get_param_value("lang");
    if (lang.empty()) lang = pack->default_language();
    res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    res.set_header("X-Content-Type-Options", "nosniff");
    std::string entry = req.get_param_value("entry");
    if (entry.size() > 200) entry.clear();
    res.set_content(RenderFaqPage(*pack->faq(), lang, q, entry), "text/html; charset=utf-8");
  });
  server_->Get("/v1/faq/search", [this](const httplib::Request& req, httplib::Response& res) {
    auto pack = service_->pack();
    if (!pack->faq()) return SendError(res, 503, "unavailable", "no FAQ loaded");
    if (!req.has_param("q")) return SendError(res, 400, "invalid_argument", "'q' is required");
    std::string q = req.get_param_value("q");
    if (q.size() > 1000) return SendError(res, 400, "invalid_argument", "'q' is longer than 1000 bytes");
    int limit = 5;
    if (req.has_param("limit")) {
      try {
        limit = std::stoi(req.get_param_value("limit"));
      } catch (...) {
        limit = 0;
      }
      if (limit < 1 || limit > 50) return SendError(res, 400, "invalid_argument", "'limit' must be 1..50");
    }
    std::string lang = req.get_param_value("lang");
    if (lang.empty()) lang = pack->default_language();
    res.set_content(FaqSearchJson(*pack->faq(), q, lang, limit).dump(), "application/json");
  });
  server_->Post("/v1/messages", [this](const httplib::Request& req, httplib::Response& res) {
    auto start = std::chrono::steady_clock::now();
    ApiKey api_key;
    if (channels_.api_keys == nullptr) {
      res.set_header("WWW-Authenticate", "Bearer");
      return SendError(res, 401, "unauthenticated", "this server takes no API keys");
    }
    if (!AuthorizeApiKey(*channels_.api_keys, req, res, &api_key)) return;
    Message m;
    // Parsed once: the shared reader fills the message, and the key, which
    // proved the shop's own backend, may also say the sender is verified.
    if (!IsValidUtf8(req.body)) return SendError(res, 400, "invalid_argument", "body is not valid UTF-8");
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return SendError(res, 400, "invalid_argument", "body is not valid JSON");
    if (Status parsed = MessageFromJson(body, &m); !parsed.ok()) return SendStatus(res, parsed);
    if (auto v = body.find("from_verified"); v != body.end() && !v->is_null()) {
      if (!v->is_boolean()) return SendError(res, 400, "invalid_argument", "'from_verified' must be true or false");
      m.from_verified = v->get<bool>() && !m.from.empty();
    }
    m.conversation_scope = ApiKeyScope(api_key);
    m.client_address = req.remote_addr;
    Decision d;
    std::string replay, answer;
    // Keys are namespaced per channel and per API key, so a client's key can
    // never collide with an e-mail's Message-ID or replay another client's answer.
    std::string key = req.get_header_value("Idempotency-Key");
    if (key.size() > 256) return SendError(res, 400, "invalid_argument", "Idempotency-Key is longer than 256 bytes");
    if (!key.empty()) key = "api:" + std::to_string(api_key.id) + ":" + key;
    Status s = service_->Handle(m, key, &d, &replay, &answer);
    if (!s.ok()) {
      // The request was valid (it parsed); whatever failed after that -- the
      // store full, read-only or down -- is the server's, and a retry with
      // the same Idempotency-Key is safe: 503, whatever the store's code.
      std::fprintf(stderr, "frontdesk: message not accepted: %s\n", s.ToString().c_str());
      return SendError(res, 503, "unavailable", "message not accepted, retry later");
    }
    if (!replay.empty()) {
      ++metrics_->replays;
      return res.set_content(replay, "application/json");
    }
    ++metrics_->decisions[static_cast<size_t>(d.route)];
    metrics_->nanos_sum += std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - start).count();
    ++metrics_->seconds_count;
    res.set_content(answer, "application/json");
  });
}

int HttpServer::Bind(const std::string& host, int port) {
  return server_->Bind(host, port);
}

bool HttpServer::Run() { return server_->listen_after_bind(); }

void HttpServer::Stop() {
  if (server_) server_->Shutdown(std::chrono::seconds(std::max(0, options_.shutdown_grace_seconds)));
}

bool HttpServer::running() const { return server_->is_running(); }

}  // namespace frontdesk
