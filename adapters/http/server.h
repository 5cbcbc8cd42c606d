// HttpServer: the HTTP adapter. Handlers are thin: parse, call the service,
// serialize. Every error is JSON {"error": {"code", "message"}} with a 4xx/5xx
// status; nothing a client sends can crash the server.
#ifndef FRONTDESK_ADAPTERS_HTTP_SERVER_H_
#define FRONTDESK_ADAPTERS_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/http/agent_routes.h"
#include "adapters/http/chat_routes.h"
#include "adapters/http/client_address.h"
#include "adapters/http/contact_routes.h"
#include "adapters/http/rating_routes.h"
#include "adapters/http/stats_routes.h"
#include "adapters/email/mail_intake.h"
#include "engine/service/api_keys.h"
#include "engine/service/chat_service.h"
#include "engine/service/service.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace frontdesk {

class ConnectionServer;
class RateLimiter;

// The server's limits (docs/configuration.md, `server:`; `serve` fills them
// from the config). What each one protects against is in
// adapters/http/connection_server.h.
struct HttpOptions {
  size_t max_body_bytes = 1 << 20;  // decoded body, chunked too; larger gets 413. Default: 1 MiB
  int read_timeout_seconds = 10;    // a whole request from its first byte; else 408. Default: 10
  int write_timeout_seconds = 10;   // a write stalled this long drops the connection. Default: 10
  int workers = 64;                 // threads serving connections, one per connection. Default: 64
  int max_connections = 256;        // open connections; more are answered 503 at once. Default: 256
  int keep_alive_seconds = 5;       // idle time before a kept-alive connection closes. Default: 5
  int keep_alive_requests = 1000;   // requests per connection. Default: 1000
  size_t max_header_bytes = 64 << 10;  // request line and headers; more gets 431. Default: 64 KiB
  double rate_limit_per_second = 0;  // requests per client IP per second; 0 = no limit. Default: 0
  double rate_limit_burst = 0;       // requests one IP may make at once. Default: 0 (= 2 s worth)
  int shutdown_grace_seconds = 10;  // Stop(): time in-flight requests get to finish. Default: 10
  // Proxies whose X-Forwarded-For / X-Real-IP / X-Forwarded-Proto count
  // (adapters/http/client_address.h). Default: none.
  std::vector<std::string> trusted_proxies;
};

// The doors beside the service. Each pointer may be null: without api_keys
// POST /v1/messages answers every request 401 (the API is never open by
// accident); without chat the chat routes are absent.
struct HttpChannels {
  const ApiKeys* api_keys = nullptr;
  ChatService* chat = nullptr;
  const Clock* clock = nullptr;  // REQUIRES: non-null when chat is set
  ChatRoutesOptions chat_options;
  // The feedback form (GET/POST /contact, POST /v1/forms/contact), off
  // unless set: its messages belong in a store, so serve turns it on with
  // one, as the chat. GET /v1/suggest records nothing and is always there.
  // REQUIRES: clock non-null when set.
  bool contact_form = false;
  ContactRoutesOptions contact_options;
  // The agents' ticket routes (adapters/http/agent_routes.h); off unless
  // agent.agents is set.
  AgentChannel agent;
  // GET /v1/stats and the notify and satisfaction lines of /metrics
  // (adapters/http/stats_routes.h); off unless stats.store is set.
  StatsChannel stats;
  // Customers' ratings (adapters/http/rating_routes.h); off unless
  // rating.ratings is set.
  RatingChannel rating;
  // POST /v1/email/inbound (adapters/http/email_inbound_route.h); off unless
  // set. REQUIRES: api_keys non-null when set.
  mail::MailIntake* mail_intake = nullptr;
  // Appends the e-mail lines of /metrics (mail::MailMetricsText); none when empty.
  std::function<std::string()> mail_metrics;
};

class HttpServer {
 public:
  // REQUIRES: service and what channels point to outlive the server.
  HttpServer(SupportService* service, HttpOptions options, HttpChannels channels = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0 = any free port); returns the bound port or -1.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); call after Bind. Blocks until every connection is
  // closed. True unless the listener failed.
  bool Run();
  // Stops accepting; requests in flight finish (for at most
  // shutdown_grace_seconds), idle connections close, then Run() returns.
  // Thread-safe.
  void Stop();
  bool running() const;

 private:
  struct Metrics;
  void Routes();
  // Checks made once the headers are read, before the body: rate limit,
  // Content-Encoding, Transfer-Encoding, Content-Length. False: `res` holds
  // the refusal.
  bool Admit(const httplib::Request& req, httplib::Response& res);
  // Rewrites an error httplib produced itself into the JSON error form.
  void OnError(const httplib::Request& req, httplib::Response& res);
  SupportService* service_;
  HttpOptions options_;
  HttpChannels channels_;
  std::atomic<int> open_streams_{0};
  std::unique_ptr<ConnectionServer> server_;
  std::unique_ptr<RateLimiter> limiter_;
  TrustedProxies proxies_;
  std::unique_ptr<Metrics> metrics_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_SERVER_H_
