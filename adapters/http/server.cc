#include "adapters/http/server.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "adapters/http/faq_page.h"
#include "adapters/http/http_status.h"
#include "engine/base/mutex.h"
#include "frontdesk/message_json.h"

namespace frontdesk {

struct HttpServer::Metrics {
  Mutex mu;
  std::map<std::string, long> decisions GUARDED_BY(mu);  // route -> count
  std::map<int, long> errors GUARDED_BY(mu);             // status -> count
  long replays GUARDED_BY(mu) = 0;
  double seconds_sum GUARDED_BY(mu) = 0;
  long seconds_count GUARDED_BY(mu) = 0;
};

HttpServer::HttpServer(SupportService* service, HttpOptions options)
    : service_(service), options_(options), server_(std::make_unique<httplib::Server>()),
      metrics_(std::make_unique<Metrics>()) {
  server_->set_payload_max_length(options_.max_body_bytes);
  server_->set_read_timeout(options_.read_timeout_seconds, 0);
  server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendError(res, 500, "internal", "internal error");
  });
  server_->set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    {
      MutexLock lock(&metrics_->mu);
      ++metrics_->errors[res.status];
    }
    if (!res.body.empty()) return;  // a handler already wrote a JSON error
    if (res.status == 413) SendError(res, 413, "payload_too_large", "body exceeds " +
                                     std::to_string(options_.max_body_bytes) + " bytes");
    else if (res.status == 404) SendError(res, 404, "not_found", "no such endpoint");
    else SendError(res, res.status, "http_error", "request failed");
  });
  Routes();
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Routes() {
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    auto pack = service_->pack();
    nlohmann::json j = {{"status", "ok"}, {"intents", pack->defs().intents.size()}};
    res.set_content(j.dump(), "application/json");
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    MutexLock lock(&metrics_->mu);
    std::string out = "# TYPE frontdesk_decisions_total counter\n";
    for (const auto& [route, n] : metrics_->decisions)
      out += "frontdesk_decisions_total{route=\"" + route + "\"} " + std::to_string(n) + "\n";
    out += "# TYPE frontdesk_http_errors_total counter\n";
    for (const auto& [status, n] : metrics_->errors)
      out += "frontdesk_http_errors_total{status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    out += "# TYPE frontdesk_idempotent_replays_total counter\nfrontdesk_idempotent_replays_total " +
           std::to_string(metrics_->replays) + "\n";
    out += "# TYPE frontdesk_decide_seconds summary\nfrontdesk_decide_seconds_sum " +
           std::to_string(metrics_->seconds_sum) + "\nfrontdesk_decide_seconds_count " +
           std::to_string(metrics_->seconds_count) + "\n";
    if (auto pack = service_->pack(); pack->faq()) {
      // Every answer an entry gave since the store began (persisted counts).
      out += "# TYPE frontdesk_faq_answers_total counter\n";
      for (const auto& [id, n] : pack->faq()->Hits())
        if (n > 0) out += "frontdesk_faq_answers_total{entry=\"" + id + "\"} " + std::to_string(n) + "\n";
    }
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
    Message m;
    if (Status parsed = ParseMessageJson(req.body, &m); !parsed.ok())
      return SendStatus(res, parsed);
    m.client_address = req.remote_addr;
    Decision d;
    std::string replay;
    // Keys are namespaced per channel so an API client's key can never
    // collide with an e-mail's Message-ID.
    std::string key = req.get_header_value("Idempotency-Key");
    if (key.size() > 256) return SendError(res, 400, "invalid_argument", "Idempotency-Key is longer than 256 bytes");
    if (!key.empty()) key = "api:" + key;
    Status s = service_->Handle(m, key, &d, &replay);
    if (!s.ok()) {
      // The request was valid (it parsed); whatever failed after that -- the
      // store full, read-only or down -- is the server's, and a retry with
      // the same Idempotency-Key is safe: 503, whatever the store's code.
      std::fprintf(stderr, "frontdesk: message not accepted: %s\n", s.ToString().c_str());
      return SendError(res, 503, "unavailable", "message not accepted, retry later");
    }
    MutexLock lock(&metrics_->mu);
    if (!replay.empty()) {
      ++metrics_->replays;
      return res.set_content(replay, "application/json");
    }
    ++metrics_->decisions[RouteName(d.route)];
    metrics_->seconds_sum += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++metrics_->seconds_count;
    res.set_content(DecisionToJson(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  });
}

int HttpServer::Bind(const std::string& host, int port) {
  if (port == 0) return server_->bind_to_any_port(host);
  return server_->bind_to_port(host, port) ? port : -1;
}

bool HttpServer::Run() { return server_->listen_after_bind(); }

void HttpServer::Stop() {
  if (server_) server_->stop();
}

bool HttpServer::running() const { return server_->is_running(); }

}  // namespace frontdesk
