// `frontdesk replay --since DATE [--pack CONFIG_OR_DIR]`: re-decides the
// stored incoming messages with another pack and reports what would change,
// so that a pack change is judged on real traffic before it goes live.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "adapters/cli/commands.h"
#include "adapters/cli/configured_store.h"
#include "adapters/cli/runtime.h"

namespace frontdesk::cli {
namespace {

// "2026-11-01" or "2026-11-01T08:00" (UTC) -> seconds; false on bad input.
bool ParseDate(const std::string& s, int64_t* out) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M", &tm);
  if (end == nullptr || *end != '\0') {
    tm = {};
    end = strptime(s.c_str(), "%Y-%m-%d", &tm);
    if (end == nullptr || *end != '\0') return false;
  }
  *out = timegm(&tm);
  return true;
}

// The candidate pack: a config file, or a directory holding frontdesk.yaml.
std::string CandidateConfig(const std::string& arg) {
  if (std::filesystem::is_directory(arg)) return (std::filesystem::path(arg) / "frontdesk.yaml").string();
  return arg;
}

std::string Label(const nlohmann::json& d) {
  std::string intent = d.contains("intent") && d["intent"].is_string() ? d["intent"].get<std::string>() : "-";
  return d.value("route", "?") + " " + intent;
}

}  // namespace

int RunReplay(const Args& args) {
  int64_t since = 0;
  if (!ParseDate(args.Option("since"), &since)) {
    std::fprintf(stderr, "frontdesk replay: --since wants a date such as 2026-11-01\n");
    return 2;
  }
  auto live = Runtime::Open(args.config);
  if (live == nullptr) return 1;
  const Config& config = live->pack()->config();
  // A file that is not there yet holds no history (opening would create it).
  if (!HasStore(config) || (config.store_postgres.empty() && !std::filesystem::exists(config.store_path))) {
    std::fprintf(stderr, "frontdesk replay: no recorded history at '%s'\n", config.store_path.c_str());
    return 1;
  }
  auto candidate = Runtime::Open(CandidateConfig(args.Option("pack", args.config)));
  if (candidate == nullptr) return 1;
  std::unique_ptr<Store> store;
  Status s = OpenStore(config, /*quiet=*/true, &store);
  std::vector<StoredMessage> messages;
  if (s.ok()) s = store->ListMessagesSince(since, 1000000, &messages);
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk replay: %s\n", s.ToString().c_str());
    return 1;
  }
  std::map<std::string, std::pair<int, int>> routes;  // route -> (before, after)
  std::map<std::string, int> changes;                 // "before -> after" -> count
  std::map<std::string, std::vector<int64_t>> examples;
  int total = 0, changed = 0, failed = 0;
  for (const auto& sm : messages) {
    if (sm.direction != "in" || sm.decision_json.empty()) continue;
    auto before = nlohmann::json::parse(sm.decision_json, nullptr, false);
    if (before.is_discarded()) continue;
    // Turns are replayed in order, each conversation in its own candidate
    // conversation, so multi-turn flows replay as they happened.
    Message m;
    m.text = sm.text;
    m.subject = sm.subject;
    m.channel = sm.channel;
    m.from = sm.sender;
    m.conversation_id = "replay:" + sm.conversation_id;
    Decision after;
    std::string replayed;
    // A message the candidate cannot decide is a finding, not something to skip quietly.
    if (!candidate->service().Handle(m, "", &after, &replayed).ok()) {
      ++failed;
      continue;
    }
    ++total;
    nlohmann::json a = DecisionToJson(after);
    ++routes[before.value("route", "?")].first;
    ++routes[a.value("route", "?")].second;
    std::string key = Label(before) + " -> " + Label(a);
    if (Label(before) == Label(a)) continue;
    ++changed;
    ++changes[key];
    if (examples[key].size() < 3) examples[key].push_back(sm.id);
  }
  std::printf("replayed %d messages since %s: %d would change\n", total,
              args.Option("since").c_str(), changed);
  if (failed > 0) std::printf("%d messages could not be decided by the candidate pack\n", failed);
  std::printf("\n");
  std::printf("%-10s %8s %8s\n", "route", "before", "after");
  for (const auto& [route, n] : routes) std::printf("%-10s %8d %8d\n", route.c_str(), n.first, n.second);
  if (!changes.empty()) std::printf("\nchanges (route intent before -> after: count, example message ids)\n");
  for (const auto& [key, n] : changes) {
    std::string ids;
    for (int64_t id : examples[key]) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    std::printf("  %s: %d (messages %s)\n", key.c_str(), n, ids.c_str());
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace frontdesk::cli
