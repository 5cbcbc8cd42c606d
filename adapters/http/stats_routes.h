// GET /v1/stats (an agent's token) and the lines /metrics adds for nobody
// waits unseen and satisfaction: the notifier's webhook deliveries, tickets
// past their first-response due time and breaches, resolution and first
// response times, ratings and the bot's share. Handlers only translate:
// the figures are the store's (Store::ReadServiceFigures, ReadDueFigures),
// summarized by ComputeStats (engine/service/service_stats.h).
#ifndef FRONTDESK_ADAPTERS_HTTP_STATS_ROUTES_H_
#define FRONTDESK_ADAPTERS_HTTP_STATS_ROUTES_H_

#include <string>

#include "engine/service/agents.h"
#include "engine/service/notifier.h"
#include "engine/store/store.h"
#include "frontdesk/clock.h"

namespace httplib {
class Server;
}

namespace frontdesk {

struct StatsChannel {
  Store* store = nullptr;          // null: no /v1/stats, no store figures in /metrics
  const Agents* agents = nullptr;  // who may read /v1/stats; REQUIRES: set with store
  const Clock* clock = nullptr;    // REQUIRES: set with store
  const Notifier* notifier = nullptr;  // null: no webhook counters
};

// The window of /metrics' time and rating figures, and the default of
// /v1/stats?days=.
inline constexpr int kStatsDefaultDays = 30;

// GET /v1/stats?days=N (1..365, default 30): {"window": {"days", "since_unix"},
// "resolution": {...}, "first_response": {...}, "ratings": {...}, "bot": {...}}.
// REQUIRES: what `channel` points to outlives the server.
void AddStatsRoutes(httplib::Server& server, const StatsChannel& channel);

// Prometheus text for /metrics ("" when there is nothing to say).
std::string StatsMetrics(const StatsChannel& channel);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_STATS_ROUTES_H_
