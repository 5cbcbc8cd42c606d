#include "adapters/http/stats_routes.h"

#include <httplib.h>

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "adapters/http/http_status.h"
#include "engine/service/service_stats.h"

namespace frontdesk {
namespace {

using Json = nlohmann::json;

Json DurationsJson(const Durations& d) {
  return {{"count", d.count}, {"average_seconds", d.average_seconds},
          {"p50_seconds", d.p50_seconds}, {"p90_seconds", d.p90_seconds}};
}

Json StatsJson(int days, const ServiceStats& s) {
  Json counts = Json::object();
  for (size_t i = 0; i < s.rating_counts.size(); ++i) counts[std::to_string(i + 1)] = s.rating_counts[i];
  return {{"window", {{"days", days}, {"since_unix", s.since_unix}}},
          {"resolution", DurationsJson(s.resolution)},
          {"first_response", DurationsJson(s.first_response)},
          {"ratings", {{"count", s.ratings}, {"average", s.rating_average}, {"scores", counts}}},
          {"bot", {{"conversations", s.conversations}, {"resolved_without_a_person", s.bot_only},
                   {"share", s.bot_share}}}};
}

Status Figures(const StatsChannel& c, int days, ServiceStats* out) {
  const int64_t since = c.clock->NowUnix() - int64_t{days} * 86400;
  ServiceFigures f;
  Status s = c.store->ReadServiceFigures(since, &f);
  if (s.ok()) *out = ComputeStats(since, f);
  return s;
}

bool Authorized(const StatsChannel& c, const httplib::Request& req, httplib::Response& res) {
  const std::string auth = req.get_header_value("Authorization");
  Agent agent;
  Status s = auth.rfind("Bearer ", 0) == 0 ? c.agents->Authenticate(auth.substr(7), &agent)
                                           : Status::PermissionDenied("no token");
  if (s.ok()) return true;
  if (s.code() == Status::Code::kPermissionDenied) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthenticated", "an agent token is required: Authorization: Bearer TOKEN");
  } else {
    std::fprintf(stderr, "frontdesk: agent token not checked: %s\n", s.ToString().c_str());
    SendError(res, 503, "unavailable", "try again later");
  }
  return false;
}

void Line(std::string* out, const std::string& name, const std::string& labels, double value) {
  char number[64];
  std::snprintf(number, sizeof number, "%.17g", value);
  *out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + number + "\n";
}

void DurationMetrics(std::string* out, const std::string& name, const Durations& d) {
  *out += "# TYPE " + name + " summary\n";
  Line(out, name, "quantile=\"0.5\"", static_cast<double>(d.p50_seconds));
  Line(out, name, "quantile=\"0.9\"", static_cast<double>(d.p90_seconds));
  Line(out, name + "_sum", "", d.average_seconds * static_cast<double>(d.count));
  Line(out, name + "_count", "", static_cast<double>(d.count));
}

}  // namespace

void AddStatsRoutes(httplib::Server& server, const StatsChannel& channel) {
  if (channel.store == nullptr) return;
  server.Get("/v1/stats", [channel](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(channel, req, res)) return;
    int days = kStatsDefaultDays;
    if (req.has_param("days")) {
      const std::string v = req.get_param_value("days");
      days = v.size() <= 3 && v.find_first_not_of("0123456789") == std::string::npos && !v.empty()
                 ? std::stoi(v)
                 : 0;
      if (days < 1 || days > 365) return SendError(res, 400, "invalid_argument", "'days' must be 1..365");
    }
    ServiceStats stats;
    if (Status s = Figures(channel, days, &stats); !s.ok()) return SendStatus(res, s);
    res.set_header("Cache-Control", "no-store");
    res.set_content(StatsJson(days, stats).dump(), "application/json");
  });
}

std::string StatsMetrics(const StatsChannel& c) {
  std::string out;
  if (c.notifier != nullptr) {
    out += "# TYPE frontdesk_webhook_deliveries_total counter\n";
    Line(&out, "frontdesk_webhook_deliveries_total", "result=\"sent\"", static_cast<double>(c.notifier->sent()));
    Line(&out, "frontdesk_webhook_deliveries_total", "result=\"retried\"", static_cast<double>(c.notifier->retried()));
    Line(&out, "frontdesk_webhook_deliveries_total", "result=\"dead_lettered\"", static_cast<double>(c.notifier->dead()));
    out += "# TYPE frontdesk_queue_emails_total counter\n";
    Line(&out, "frontdesk_queue_emails_total", "", static_cast<double>(c.notifier->mailed()));
  }
  if (c.store == nullptr) return out;
  std::map<std::string, int64_t> notices;
  if (c.store->CountNotices(&notices).ok()) {
    out += "# TYPE frontdesk_ticket_notices gauge\n";
    for (const char* status : {"pending", "sent", "dead"})
      Line(&out, "frontdesk_ticket_notices", std::string("status=\"") + status + "\"",
           static_cast<double>(notices[status]));
  }
  DueFigures due;
  if (c.store->ReadDueFigures(c.clock->NowUnix(), &due).ok()) {
    out += "# TYPE frontdesk_tickets_past_due gauge\n";
    Line(&out, "frontdesk_tickets_past_due", "", static_cast<double>(due.open_past_due));
    out += "# TYPE frontdesk_ticket_due_breaches_total counter\n";
    Line(&out, "frontdesk_ticket_due_breaches_total", "", static_cast<double>(due.breaches));
  }
  ServiceStats s;
  if (!Figures(c, kStatsDefaultDays, &s).ok()) return out;
  // Over the last 30 days (kStatsDefaultDays), as GET /v1/stats by default.
  DurationMetrics(&out, "frontdesk_ticket_resolution_seconds", s.resolution);
  DurationMetrics(&out, "frontdesk_ticket_first_response_seconds", s.first_response);
  out += "# TYPE frontdesk_ratings gauge\n";
  for (size_t i = 0; i < s.rating_counts.size(); ++i)
    Line(&out, "frontdesk_ratings", "score=\"" + std::to_string(i + 1) + "\"", static_cast<double>(s.rating_counts[i]));
  out += "# TYPE frontdesk_rating_average gauge\n";
  Line(&out, "frontdesk_rating_average", "", s.rating_average);
  out += "# TYPE frontdesk_bot_resolved_share gauge\n";
  Line(&out, "frontdesk_bot_resolved_share", "", s.bot_share);
  return out;
}

}  // namespace frontdesk
