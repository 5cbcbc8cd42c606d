// The deciding path on the shipped starter pack, on messages its examples do
// not contain (the team's labelled messages, tests/data/route_eval.jsonl):
// Classify alone, and a whole Assistant::Decide with the similarity tier on
// and off, in the same run. The ratio "tier on / tier off" is what the tier
// costs; issue 8 allows 20%.
//
//   build/bench/starter_pack_bench [--benchmark_min_time=1s]
//
// Run from anywhere: the pack and the messages are found through
// FRONTDESK_SOURCE_DIR (compiled in). Figures are CPU time per message.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/decide/assistant.h"
#include "engine/decide/classifier.h"
#include "engine/decide/compiled_pack.h"
#include "engine/pack/config_loader.h"
#include "engine/pack/pack_loader.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

std::vector<std::string> Messages() {
  std::vector<std::string> out;
  std::ifstream in(std::string(FRONTDESK_SOURCE_DIR) + "/tests/data/route_eval.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("text") && j["text"].is_string()) out.push_back(j["text"]);
  }
  return out;
}

// The starter pack, with the similarity tier on or off.
std::shared_ptr<const CompiledPack> Pack(bool similarity) {
  Diagnostics diags;
  Config config;
  if (!LoadConfig(std::string(FRONTDESK_SOURCE_DIR) + "/examples/shop/frontdesk.yaml", &config, &diags)) {
    std::fprintf(stderr, "%s", diags.ToString().c_str());
    return nullptr;
  }
  config.similarity.enabled = similarity;
  PackDefs defs;
  if (!LoadPackDefs(config, &defs, &diags)) {
    std::fprintf(stderr, "%s", diags.ToString().c_str());
    return nullptr;
  }
  auto pack = CompiledPack::Compile(std::move(config), std::move(defs), MatcherOptions(), &diags);
  if (pack == nullptr) std::fprintf(stderr, "%s", diags.ToString().c_str());
  return pack;
}

void BM_Classify(benchmark::State& state) {
  static const auto pack = Pack(true);
  static const auto messages = Messages();
  size_t i = 0;
  for (auto _ : state) {
    FoldedText t;
    Classification c;
    if (!FoldText(messages[i++ % messages.size()], InvalidUtf8::kRepair, &t).ok() ||
        !Classify(*pack, t.folded, &c).ok())
      state.SkipWithError("classify failed");
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}

void Decide(benchmark::State& state, bool similarity) {
  static const auto on = Pack(true);
  static const auto off = Pack(false);
  static const auto messages = Messages();
  SystemClock clock;
  AssistantServices services;
  services.clock = &clock;
  services.next_ticket_id = [](int64_t* id) {
    *id = 1;
    return Status::Ok();
  };
  Assistant assistant(similarity ? on : off, services);
  size_t i = 0;
  for (auto _ : state) {
    Message m;
    m.text = messages[i++ % messages.size()];
    ConversationState in, out;
    in.id = "bench";
    Decision d;
    if (!assistant.Decide(m, in, &out, &d).ok()) state.SkipWithError("decide failed");
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_DecideTierOff(benchmark::State& state) { Decide(state, false); }
void BM_DecideTierOn(benchmark::State& state) { Decide(state, true); }

BENCHMARK(BM_Classify);
BENCHMARK(BM_DecideTierOff);
BENCHMARK(BM_DecideTierOn);

}  // namespace
}  // namespace frontdesk

BENCHMARK_MAIN();
