#include "engine/service/service_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace frontdesk {
namespace {

// Nearest rank: the smallest value with at least p of the values at or below it.
int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

Durations Summarize(std::vector<int64_t> seconds) {
  Durations d;
  d.count = static_cast<int64_t>(seconds.size());
  if (seconds.empty()) return d;
  std::sort(seconds.begin(), seconds.end());
  d.average_seconds = static_cast<double>(std::accumulate(seconds.begin(), seconds.end(), int64_t{0})) /
                      static_cast<double>(seconds.size());
  d.p50_seconds = Percentile(seconds, 0.5);
  d.p90_seconds = Percentile(seconds, 0.9);
  return d;
}

ServiceStats ComputeStats(int64_t since_unix, const ServiceFigures& f) {
  ServiceStats s;
  s.since_unix = since_unix;
  s.resolution = Summarize(f.resolution_seconds);
  s.first_response = Summarize(f.first_response_seconds);
  int64_t sum = 0;
  for (int score : f.scores) {
    if (score < 1 || score > 5) continue;
    ++s.rating_counts[static_cast<size_t>(score - 1)];
    ++s.ratings;
    sum += score;
  }
  if (s.ratings > 0) s.rating_average = static_cast<double>(sum) / static_cast<double>(s.ratings);
  s.conversations = f.conversations;
  s.bot_only = f.conversations - f.conversations_with_ticket;
  if (s.conversations > 0)
    s.bot_share = static_cast<double>(s.bot_only) / static_cast<double>(s.conversations);
  return s;
}

}  // namespace frontdesk
