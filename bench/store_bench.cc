// Store throughput: acknowledged turns per second with durability on
// (synchronous=FULL, WAL), group commit vs one transaction per message, at 1,
// 8 and 64 concurrent clients, on a temp file on disk. Prints a table and the
// ratio at each concurrency.
//
//   build/bench/store_bench [--seconds=S] [--dir=DIR] [--normal] [--clients=N]
//
// --dir picks the file system (default: the system temp dir; use a real disk,
// not tmpfs, or fsync costs nothing). --normal measures synchronous=NORMAL.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/store/sqlite_store.h"

namespace frontdesk {
namespace {

using Clock = std::chrono::steady_clock;

struct Config {
  double seconds = 3.0;
  std::filesystem::path dir = std::filesystem::temp_directory_path();
  bool synchronous_full = true;
  std::vector<int> clients = {1, 8, 64};
};

struct Result {
  double turns_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  uint64_t commits = 0;
  uint64_t turns = 0;
  bool failed = false;
};

// A turn like the API produces: a short message, a reply, a three-step trace,
// the conversation's new state and an idempotency key.
TurnRecord MakeTurn(int client, int n) {
  TurnRecord r;
  r.idempotency_key = "api:bench-" + std::to_string(client) + "-" + std::to_string(n);
  r.conversation_id = "bench-conv-" + std::to_string(client);
  r.message.text = "Hello, where is my order A-" + std::to_string(1000 + n) +
                   "? I ordered it last week and it still has not arrived, thanks.";
  r.message.from = "client" + std::to_string(client) + "@example.com";
  r.message.channel = "api";
  r.decision.route = Route::kLookup;
  r.decision.intent = "order.status";
  r.decision.language = "en";
  r.decision.slots["order_id"] = "A-" + std::to_string(1000 + n);
  r.decision.reply = "Your order A-" + std::to_string(1000 + n) + " left our warehouse today.";
  r.decision.conversation_id = r.conversation_id;
  r.decision.trace = {{"language", "en", "", "detector"},
                      {"match", "order.status", "intents/en/orders.yaml:12", ""},
                      {"rule", "order-status", "rules/routing.yaml:40", ""}};
  r.state_after.language = "en";
  r.state_after.turns = n + 1;
  r.state_after.slots = r.decision.slots;
  return r;
}

Result Run(const Config& config, bool group_commit, int clients) {
  std::filesystem::path path =
      config.dir / ("frontdesk-store-bench-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  StoreOptions options;
  options.path = path.string();
  options.synchronous_full = config.synchronous_full;
  options.group_commit = group_commit;
  options.log = [](const std::string&) {};
  std::unique_ptr<Store> store;
  Status s = OpenSqliteStore(options, &store);
  Result result;
  if (!s.ok()) {
    std::fprintf(stderr, "open: %s\n", s.ToString().c_str());
    result.failed = true;
    return result;
  }
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::vector<std::vector<double>> latencies(clients);
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (int n = 0; !stop; ++n) {
        TurnRecord turn = MakeTurn(c, n);
        Clock::time_point t0 = Clock::now();
        TurnResult r;
        if (!store->CommitTurn(turn, &r).ok()) failed = true;
        latencies[c].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(config.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  StoreStats stats = store->Stats();
  store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  result.turns = stats.writes;
  result.commits = stats.commits;
  result.turns_per_second = static_cast<double>(stats.writes) / elapsed;
  if (!all.empty()) {
    result.p50_ms = all[all.size() / 2];
    result.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  result.failed = failed;
  return result;
}

int Main(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--seconds=", 0) == 0) {
      config.seconds = std::atof(arg.c_str() + 10);
    } else if (arg.rfind("--dir=", 0) == 0) {
      config.dir = arg.substr(6);
    } else if (arg == "--normal") {
      config.synchronous_full = false;
    } else if (arg.rfind("--clients=", 0) == 0) {
      config.clients = {std::atoi(arg.c_str() + 10)};
    } else {
      std::fprintf(stderr, "usage: %s [--seconds=S] [--dir=DIR] [--normal] [--clients=N]\n",
                   argv[0]);
      return 2;
    }
  }
  std::printf("store_bench: %s, synchronous=%s, WAL, %.1f s per run, %u hardware threads\n",
              config.dir.c_str(), config.synchronous_full ? "FULL" : "NORMAL", config.seconds,
              std::thread::hardware_concurrency());
  std::printf("%-8s %-22s %12s %10s %10s %12s\n", "clients", "mode", "acked/s", "p50 ms", "p99 ms",
              "turns/commit");
  bool ok = true;
  for (int clients : config.clients) {
    Result per_message = Run(config, /*group_commit=*/false, clients);
    Result group = Run(config, /*group_commit=*/true, clients);
    for (const auto& [name, r] :
         {std::pair<const char*, const Result&>{"one txn per message", per_message},
          std::pair<const char*, const Result&>{"group commit", group}}) {
      std::printf("%-8d %-22s %12.0f %10.2f %10.2f %12.1f\n", clients, name, r.turns_per_second,
                  r.p50_ms, r.p99_ms,
                  r.commits ? static_cast<double>(r.turns) / static_cast<double>(r.commits) : 0.0);
      ok = ok && !r.failed;
    }
    std::printf("%-8d %-22s %11.1fx\n", clients, "ratio group/per-msg",
                per_message.turns_per_second > 0
                    ? group.turns_per_second / per_message.turns_per_second
                    : 0.0);
  }
  if (!ok) std::fprintf(stderr, "some commits failed\n");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace frontdesk

int main(int argc, char** argv) { return frontdesk::Main(argc, argv); }
