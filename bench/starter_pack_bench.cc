// The deciding path on the shipped starter pack, on messages its examples do
// not contain (the team's labelled messages, tests/data/route_eval.jsonl):
// Classify alone, with and without typo correction before it, and a whole
// Assistant::Decide with the similarity tier and typo correction each on and
// off, in the same run. The ratios to the plain path are what each costs;
// issue 8 allows 20% for all of them together.
//
//   build/bench/starter_pack_bench [--benchmark_min_time=1s]
//
// Run from anywhere: the pack and the messages are found through
// FRONTDESK_SOURCE_DIR (compiled in). Figures are CPU time per message, and
// allocs/msg: heap allocations (operator new, counted by this binary's own
// replacement below) per message.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <new>
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

// Every operator new of the process goes through these; the benchmarks read
// the count before and after their loop. Benchmarks run on one thread.
size_t g_allocations = 0;

}  // namespace frontdesk

void* operator new(size_t size) {
  ++frontdesk::g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace frontdesk {
namespace {

void CountAllocations(benchmark::State& state, size_t before) {
  state.counters["allocs/msg"] =
      benchmark::Counter(static_cast<double>(g_allocations - before), benchmark::Counter::kAvgIterations);
}

std::vector<std::string> Messages() {
  std::vector<std::string> out;
  std::ifstream in(std::string(FRONTDESK_SOURCE_DIR) + "/tests/data/route_eval.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("text") && j["text"].is_string()) out.push_back(j["text"]);
  }
  return out;
}

// The starter pack, with the similarity tier and typo correction on or off.
std::shared_ptr<const CompiledPack> Pack(bool similarity, bool typos) {
  Diagnostics diags;
  Config config;
  if (!LoadConfig(std::string(FRONTDESK_SOURCE_DIR) + "/examples/shop/frontdesk.yaml", &config, &diags)) {
    std::fprintf(stderr, "%s", diags.ToString().c_str());
    return nullptr;
  }
  config.similarity.enabled = similarity;
  config.typos.enabled = typos;
  PackDefs defs;
  if (!LoadPackDefs(config, &defs, &diags)) {
    std::fprintf(stderr, "%s", diags.ToString().c_str());
    return nullptr;
  }
  auto pack = CompiledPack::Compile(std::move(config), std::move(defs), MatcherOptions(), &diags);
  if (pack == nullptr) std::fprintf(stderr, "%s", diags.ToString().c_str());
  return pack;
}

void Classify(benchmark::State& state, bool typos) {
  static const auto pack = Pack(true, true);
  static const auto messages = Messages();
  size_t i = 0;
  const size_t allocations = g_allocations;
  for (auto _ : state) {
    FoldedText t;
    Classification c;
    std::vector<TypoCorrection> fixed;
    if (!FoldText(messages[i++ % messages.size()], InvalidUtf8::kRepair, &t).ok())
      state.SkipWithError("fold failed");
    if (typos) pack->typos()->Correct(&t, &fixed);
    if (!Classify(*pack, t.folded, &c).ok()) state.SkipWithError("classify failed");
    benchmark::DoNotOptimize(c);
  }
  CountAllocations(state, allocations);
  state.SetItemsProcessed(state.iterations());
}

void Decide(benchmark::State& state, bool similarity, bool typos) {
  static const std::shared_ptr<const CompiledPack> packs[2][2] = {
      {Pack(false, false), Pack(false, true)}, {Pack(true, false), Pack(true, true)}};
  static const auto messages = Messages();
  SystemClock clock;
  AssistantServices services;
  services.clock = &clock;
  services.next_ticket_id = [](int64_t* id) {
    *id = 1;
    return Status::Ok();
  };
  Assistant assistant(packs[similarity][typos], services);
  size_t i = 0;
  const size_t allocations = g_allocations;
  for (auto _ : state) {
    Message m;
    m.text = messages[i++ % messages.size()];
    ConversationState in, out;
    in.id = "bench";
    Decision d;
    if (!assistant.Decide(m, in, &out, &d).ok()) state.SkipWithError("decide failed");
    benchmark::DoNotOptimize(d);
  }
  CountAllocations(state, allocations);
  state.SetItemsProcessed(state.iterations());
}

void BM_Classify(benchmark::State& state) { Classify(state, false); }
void BM_CorrectTyposAndClassify(benchmark::State& state) { Classify(state, true); }
void BM_DecidePlain(benchmark::State& state) { Decide(state, false, false); }
void BM_DecideTierOn(benchmark::State& state) { Decide(state, true, false); }
void BM_DecideTyposOn(benchmark::State& state) { Decide(state, false, true); }
void BM_DecideBothOn(benchmark::State& state) { Decide(state, true, true); }

BENCHMARK(BM_Classify);
BENCHMARK(BM_CorrectTyposAndClassify);
BENCHMARK(BM_DecidePlain);
BENCHMARK(BM_DecideTierOn);
BENCHMARK(BM_DecideTyposOn);
BENCHMARK(BM_DecideBothOn);

}  // namespace
}  // namespace frontdesk

BENCHMARK_MAIN();
