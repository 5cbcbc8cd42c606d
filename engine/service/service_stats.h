// The figures of GET /v1/stats and /metrics, from the store's raw rows
// (Store::ReadServiceFigures) over a window: resolution and first response
// times (average and the 50th and 90th percentiles, nearest rank), the
// customers' ratings (count, average, how many of each score), and the
// bot's share: of the conversations started in the window, those never
// handed to a person.
#ifndef FRONTDESK_ENGINE_SERVICE_SERVICE_STATS_H_
#define FRONTDESK_ENGINE_SERVICE_SERVICE_STATS_H_

#include <array>
#include <cstdint>
#include <vector>

#include "engine/store/store.h"

namespace frontdesk {

struct Durations {
  int64_t count = 0;
  double average_seconds = 0;  // 0 when count is 0
  int64_t p50_seconds = 0;
  int64_t p90_seconds = 0;
};

struct ServiceStats {
  int64_t since_unix = 0;
  Durations resolution;      // tickets solved in the window: created -> solved
  Durations first_response;  // first replies in the window: created -> an agent's first reply
  int64_t ratings = 0;
  double rating_average = 0;
  std::array<int64_t, 5> rating_counts{};  // [0] = score 1 ... [4] = score 5
  int64_t conversations = 0;
  int64_t bot_only = 0;      // conversations never handed to a person
  double bot_share = 0;      // bot_only / conversations; 0 when none
};

Durations Summarize(std::vector<int64_t> seconds);
ServiceStats ComputeStats(int64_t since_unix, const ServiceFigures& figures);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_SERVICE_STATS_H_
