// Matcher throughput: the engine's classify path against a Hyperscan
// reference, on generated packs of 100, 1,000 and 10,000 intents and on
// messages neither has seen before (every iteration takes the next message of
// a stream that never repeats; re-scanning one corpus would measure a warm
// DFA cache, 16-350x faster than what a server sees). See bench/README.md.
//
//   build-bench/bench/matcher_bench [--sizes=100,1000,10000] [--stages] [--no_reference]
//                                   [--hs_cache=DIR] [--hs_utf8] [--keep_pack]
//                                   [--benchmark_* flags]
//
// --stages also prints where the matcher's time goes (matcher_stages.h).
// --no_reference skips Hyperscan: engine figures only, nothing compared.
// Hyperscan needs minutes for 10,000 intents, so each database is kept in
// --hs_cache (default /var/tmp/matcher_bench_hs; empty: never) with the cost
// its compile had, under a hash of the patterns, flags and Hyperscan version.
// --hs_utf8 adds HS_FLAG_UTF8, 5x slower to compile (see kHsFlags in
// matcher_reference.h). Unless given, the Google Benchmark flags are
// --benchmark_min_time=0.5 --benchmark_repetitions=3
// --benchmark_enable_random_interleaving=true; the table takes medians.
//
// Per size it prints Google Benchmark runs (CPU time: the VM is shared), then
// one table from the same run: messages/s of each path and its ratio to the
// reference, compile time and memory of both sides, and how many messages the
// two disagreed on.
//
//   Engine/Decide         Assistant::Decide, fresh conversation per message
//                         (fold, language, both stages, captures, slots,
//                         rules, reply template)
//   Engine/ClassifyRules  FoldText + Classify + ExtractSlots + the rules
//   Engine/Classify       FoldText + Classify
//   Reference/Hyperscan   FoldText + hs_scan + RE2 captures on matched
//                         patterns with named groups + conflict resolution
//
// The engine's pack is written as YAML and loaded with CompiledPack::Load,
// so its compile time is what a user pays. Each compile runs in a forked
// child whose peak RSS is reset first, so the two sides' memory never mixes.
// After each run, every message it measured is checked: the same patterns,
// the same captures and the same intents (best first) on both sides.
// Figures are printed, never asserted; a mismatch aborts the program.
#include <malloc.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/matcher_corpus.h"
#include "bench/matcher_measure.h"
#include "bench/matcher_reference.h"
#include "bench/matcher_stages.h"
#include "engine/decide/assistant.h"
#include "engine/decide/classifier.h"
#include "engine/decide/compiled_pack.h"
#include "engine/decide/rules.h"
#include "engine/decide/slots.h"
#include "engine/text/text.h"

namespace frontdesk::bench {
namespace {

constexpr uint64_t kSeed = 20240611;
constexpr size_t kMinChecked = 20000;  // messages compared per size, at least

struct Flags {
  std::vector<int> sizes = {100, 1000, 10000};
  bool keep_pack = false;
  bool reference = true;
  bool stages = false;
  bool hs_utf8 = false;
  std::string hs_cache = "/var/tmp/matcher_bench_hs";
};

// ---- one pack size ---------------------------------------------------------------

struct Stats {
  size_t checked = 0;
  size_t mismatches = 0;
  size_t no_intent = 0;
  size_t hits = 0;
  size_t bytes = 0;
  double check_seconds = 0;     // untimed work: comparing, and
  double generate_seconds = 0;  // making messages
  std::vector<std::string> examples;  // the first few disagreements
};

struct SizeRun {
  int size = 0;
  std::vector<GenIntent> intents;
  std::vector<RefPattern> patterns;
  std::string config_path;
  std::shared_ptr<const CompiledPack> pack;
  FakeClock clock{1718000000};
  int64_t tickets = 0;
  std::unique_ptr<Assistant> assistant;
  std::unique_ptr<MessageStream> stream;
  CompileCost engine_cost, hs_cost;
  double engine_seconds_in_process = 0;
  size_t hs_database_bytes = 0;
#ifdef FRONTDESK_HAVE_HYPERSCAN
  std::unique_ptr<ReferenceMatcher> reference;
  ReferenceMatcher::Scratch scratch;
#endif
  bool with_reference = true;  // false: --no_reference, engine only
  unsigned hs_flags = 0;
  std::string hs_cache_dir;  // "" = never cache
  bool hs_cached = false;    // hs_cost was measured by an earlier run
  Stats stats;

  std::vector<std::string> NextMessages(int64_t n) {
    auto start = SteadyClock::now();
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out.push_back(stream->Next());
    stats.generate_seconds += Seconds(start);
    return out;
  }
};

std::vector<RefPattern> PatternsOf(const std::vector<GenIntent>& intents) {
  std::vector<RefPattern> out;
  for (size_t i = 0; i < intents.size(); ++i) {
    for (bool negative : {false, true}) {
      for (const GenPattern& g : intents[i].patterns) {
        if (g.negative != negative) continue;
        RefPattern p;
        if (!FoldPattern(g.Source(), &p.source).ok()) std::abort();
        p.intent = static_cast<int>(i);
        p.negative = negative;
        p.priority = intents[i].priority;
        p.literal_chars = Matcher::CountLiteralChars(p.source);
        out.push_back(std::move(p));
      }
    }
  }
  return out;
}

bool CompileEngine(SizeRun* run) {
  std::string unused;
  run->engine_cost = MeasureInChild(
      [&] {
        Diagnostics diags;
        bool ok = CompiledPack::Load(run->config_path, &diags) != nullptr;
        if (!ok) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
        return ok;
      },
      {}, &unused);
  auto start = SteadyClock::now();
  Diagnostics diags;
  run->pack = CompiledPack::Load(run->config_path, &diags);
  run->engine_seconds_in_process = Seconds(start);
  if (run->pack == nullptr) {
    std::fprintf(stderr, "engine: pack of %d intents does not load:\n%s\n", run->size,
                 diags.ToString().c_str());
    return false;
  }
  AssistantServices services;
  services.clock = &run->clock;
  services.next_ticket_id = [run](int64_t* id) {
    *id = ++run->tickets;
    return Status::Ok();
  };
  run->assistant = std::make_unique<Assistant>(run->pack, std::move(services));
  return true;
}

#ifdef FRONTDESK_HAVE_HYPERSCAN
// The cache file of a database: named by a hash of Hyperscan's version, the
// flags and every pattern, so that any change compiles anew.
std::string HsCachePath(const SizeRun& run) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&h](std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h = (h ^ 0xFF) * 1099511628211ull;
  };
  mix(hs_version());
  mix(std::to_string(run.hs_flags));
  for (const RefPattern& p : run.patterns) mix(p.source);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return run.hs_cache_dir + "/hs-" + std::to_string(run.size) + "-" + hex + ".db";
}

// Compiles in a child (see MeasureInChild), or reads what an earlier run
// compiled and measured: the file holds that CompileCost, then the database.
bool CompileHyperscanCached(SizeRun* run, std::string* serialized) {
  std::string path = run->hs_cache_dir.empty() ? "" : HsCachePath(*run);
  std::ifstream cached(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(cached)), std::istreambuf_iterator<char>());
  if (!path.empty() && bytes.size() > sizeof(CompileCost)) {
    std::memcpy(&run->hs_cost, bytes.data(), sizeof(CompileCost));
    serialized->assign(bytes, sizeof(CompileCost), std::string::npos);
    run->hs_cached = true;
    std::fprintf(stderr, "hyperscan: %zu patterns from %s (compiled by an earlier run)\n", run->patterns.size(),
                 path.c_str());
    return true;
  }
  std::fprintf(stderr, "hyperscan: compiling %zu patterns...\n", run->patterns.size());
  std::string error;
  run->hs_cost = MeasureInChild(
      [&] { return CompileHyperscan(run->patterns, run->hs_flags, serialized, &error); },
      [&](std::string* out) { out->append(*serialized); }, serialized);
  if (!run->hs_cost.ok) {
    CompileHyperscan(run->patterns, run->hs_flags, serialized, &error);  // again, for the message
    std::fprintf(stderr, "hyperscan: compile failed: %s\n", error.c_str());
    return false;
  }
  if (!path.empty()) {
    std::filesystem::create_directories(run->hs_cache_dir);
    std::ofstream(path, std::ios::binary)
        << std::string(reinterpret_cast<const char*>(&run->hs_cost), sizeof(CompileCost)) << *serialized;
  }
  return true;
}
#endif

bool CompileReference(SizeRun* run) {
#ifdef FRONTDESK_HAVE_HYPERSCAN
  if (!run->with_reference) return true;
  std::string serialized;
  if (!CompileHyperscanCached(run, &serialized)) return false;
  run->reference = ReferenceMatcher::Create(serialized, run->patterns, run->hs_flags);
  if (run->reference == nullptr) return false;
  run->scratch = run->reference->NewScratch();
  run->hs_database_bytes = run->reference->database_bytes();
#else
  (void)run;
#endif
  return true;
}

std::unique_ptr<SizeRun> PrepareSize(int size, const std::string& dir, const Flags& flags) {
  auto run = std::make_unique<SizeRun>();
  run->size = size;
  run->with_reference = flags.reference;
#ifdef FRONTDESK_HAVE_HYPERSCAN
  run->hs_flags = kHsFlags | (flags.hs_utf8 ? HS_FLAG_UTF8 : 0u);
  run->hs_cache_dir = flags.hs_cache;
#endif
  run->intents = PackGenerator(kSeed).Generate(size);
  run->patterns = PatternsOf(run->intents);
  run->config_path = WritePack(run->intents, dir + "/pack" + std::to_string(size));
  run->stream = std::make_unique<MessageStream>(&run->intents, kSeed + static_cast<uint64_t>(size));
  if (!CompileEngine(run.get()) || !CompileReference(run.get())) return nullptr;
  std::fprintf(stderr, "size %d: %zu patterns, %zu atoms; engine %.2fs (cpu %.2fs), hyperscan %.2fs (cpu %.2fs)\n",
               size, run->patterns.size(), run->pack->matcher().atom_count(), run->engine_cost.seconds,
               run->engine_cost.cpu_seconds, run->hs_cost.seconds, run->hs_cost.cpu_seconds);
  return run;
}

// ---- equivalence -------------------------------------------------------------------

std::string DumpHits(const std::vector<PatternHit>& hits) {
  std::string s;
  for (const PatternHit& h : hits) {
    s += " " + std::to_string(h.pattern);
    for (const Capture& c : h.captures) {
      s += "[" + c.name + "=" + std::to_string(c.begin) + ".." + std::to_string(c.end) + "]";
    }
  }
  return s.empty() ? " (none)" : s;
}

bool SameHits(const std::vector<PatternHit>& a, const std::vector<PatternHit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].pattern != b[i].pattern || a[i].captures.size() != b[i].captures.size()) return false;
    for (size_t k = 0; k < a[i].captures.size(); ++k) {
      const Capture &x = a[i].captures[k], &y = b[i].captures[k];
      if (x.name != y.name || x.begin != y.begin || x.end != y.end) return false;
    }
  }
  return true;
}

// Compares the engine and the reference on `messages`: patterns, captures,
// intents best first and vetoes. Untimed (after the benchmark loop).
void Check(SizeRun* run, const std::vector<std::string>& messages) {
#ifdef FRONTDESK_HAVE_HYPERSCAN
  if (run->reference == nullptr) return;
  auto start = SteadyClock::now();
  for (const std::string& m : messages) {
    FoldedText t;
    std::vector<PatternHit> engine_hits, ref_hits;
    Classification cls;
    bool ok = FoldText(m, InvalidUtf8::kRepair, &t).ok() &&
              run->pack->matcher().Match(t.folded, &engine_hits).ok() &&
              Classify(*run->pack, t.folded, &cls).ok() &&
              run->reference->Match(t.folded, run->scratch.get(), &ref_hits);
    std::vector<RefMatch> ref_matches, engine_matches;
    std::vector<int> ref_vetoed;
    RefClassify(run->patterns, ref_hits, &ref_matches, &ref_vetoed);
    for (const IntentMatch& im : cls.matches) engine_matches.push_back({im.intent, im.pattern});
    Stats& s = run->stats;
    ++s.checked;
    s.bytes += m.size();
    s.hits += ref_hits.size();
    if (ref_matches.empty()) ++s.no_intent;
    if (ok && SameHits(engine_hits, ref_hits) && engine_matches == ref_matches && cls.vetoed == ref_vetoed) {
      continue;
    }
    ++s.mismatches;
    if (s.examples.size() < 5) {
      s.examples.push_back("folded: \"" + t.folded + "\"\n    engine:" + DumpHits(engine_hits) +
                           "\n    reference:" + DumpHits(ref_hits));
    }
  }
  run->stats.check_seconds += Seconds(start);
#else
  (void)run;
  (void)messages;
#endif
}

// ---- benchmarks --------------------------------------------------------------------

void Finish(benchmark::State& state, SizeRun* run, const std::vector<std::string>& messages) {
  size_t bytes = 0;
  for (const std::string& m : messages) bytes += m.size();
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["msg/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
  Check(run, messages);
}

void BM_Decide(benchmark::State& state, SizeRun* run) {
  std::vector<std::string> texts = run->NextMessages(state.max_iterations);
  std::vector<Message> messages(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    messages[i].text = texts[i];
    messages[i].channel = "chat";
  }
  const ConversationState fresh;
  size_t i = 0;
  for (auto _ : state) {
    ConversationState next;
    Decision decision;
    Status s = run->assistant->Decide(messages[i++], fresh, &next, &decision);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(decision);
  }
  Finish(state, run, texts);
}

// What the issue calls the classify path: fold, both stages, captures,
// slots, rules; no language detection and no reply rendering.
void BM_ClassifyRules(benchmark::State& state, SizeRun* run) {
  std::vector<std::string> messages = run->NextMessages(state.max_iterations);
  const CompiledPack& pack = *run->pack;
  size_t i = 0;
  for (auto _ : state) {
    FoldedText text;
    Classification cls;
    Status s = FoldText(messages[i++], InvalidUtf8::kRepair, &text);
    if (s.ok()) s = Classify(pack, text.folded, &cls);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    RuleContext ctx;
    ctx.channel = "chat";
    if (const IntentMatch* best = cls.best()) {
      ctx.intent = pack.intent(best->intent).id;
      ctx.slots = ExtractSlots(pack, *best, text);
    }
    const RuleDef* decided = nullptr;
    for (const RuleDef& rule : pack.defs().rules) {
      if (RuleApplies(rule.when, ctx)) {
        decided = &rule;
        break;
      }
    }
    benchmark::DoNotOptimize(decided);
    benchmark::DoNotOptimize(ctx);
  }
  Finish(state, run, messages);
}

void BM_Classify(benchmark::State& state, SizeRun* run) {
  std::vector<std::string> messages = run->NextMessages(state.max_iterations);
  size_t i = 0;
  for (auto _ : state) {
    FoldedText text;
    Classification cls;
    Status s = FoldText(messages[i++], InvalidUtf8::kRepair, &text);
    if (s.ok()) s = Classify(*run->pack, text.folded, &cls);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(cls);
  }
  Finish(state, run, messages);
}

#ifdef FRONTDESK_HAVE_HYPERSCAN
void BM_Reference(benchmark::State& state, SizeRun* run) {
  std::vector<std::string> messages = run->NextMessages(state.max_iterations);
  ReferenceMatcher::Scratch scratch = run->reference->NewScratch();  // per thread
  size_t i = 0;
  for (auto _ : state) {
    FoldedText text;
    if (!FoldText(messages[i++], InvalidUtf8::kRepair, &text).ok()) state.SkipWithError("fold failed");
    std::vector<PatternHit> hits;
    std::vector<RefMatch> matches;
    std::vector<int> vetoed;
    if (!run->reference->Match(text.folded, scratch.get(), &hits)) state.SkipWithError("hs_scan failed");
    RefClassify(run->reference->patterns(), hits, &matches, &vetoed);
    benchmark::DoNotOptimize(matches);
  }
  Finish(state, run, messages);
}
#endif

// ---- report ---------------------------------------------------------------------

// The console output, plus msg/s of every final run kept for the table.
// The console output, plus msg/s of every run kept for the table: the
// median of the repetitions when there are several, else the last run.
class TableReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& reports) override {
    for (const Run& r : reports) {
      auto it = r.counters.find("msg/s");
      if (r.error_occurred || it == r.counters.end()) continue;
      const std::string& name = r.run_name.function_name;
      if (r.run_type == Run::RT_Iteration) last_[name] = it->second.value;
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median") median_[name] = it->second.value;
    }
    ConsoleReporter::ReportRuns(reports);
  }
  double Rate(const std::string& name) const {
    for (const auto* m : {&median_, &last_}) {
      auto it = m->find(name);
      if (it != m->end()) return it->second;
    }
    return 0;
  }

 private:
  std::map<std::string, double> last_, median_;
};

std::string Name(const char* path, int size) { return std::string(path) + "/" + std::to_string(size); }

void PrintTable(const std::vector<std::unique_ptr<SizeRun>>& runs, const TableReporter& rep) {
  std::printf("\nmatcher_bench: messages never seen before; msg/s (CPU time) from the runs above;"
              " ratio = engine / reference\n\n");
  std::printf("%7s %8s | %10s | %10s %5s | %10s %5s | %10s %5s | %8s %7s | %8s %7s | %s\n", "intents",
              "patterns", "ref msg/s", "classify", "ratio", "clsf+rules", "ratio", "decide", "ratio",
              "engine s", "eng MB", "hs s", "hs MB", "mismatches/checked");
  for (const auto& run : runs) {
    double ref = rep.Rate(Name("Reference/Hyperscan", run->size));
    auto ratio = [ref](double v) { return ref > 0 ? v / ref : 0.0; };
    double cl = rep.Rate(Name("Engine/Classify", run->size));
    double cr = rep.Rate(Name("Engine/ClassifyRules", run->size));
    double de = rep.Rate(Name("Engine/Decide", run->size));
    std::printf("%7d %8zu | %10.0f | %10.0f %5.2f | %10.0f %5.2f | %10.0f %5.2f | %8.2f %7.1f | %7.1f%s %7.1f | %zu/%zu\n",
                run->size, run->patterns.size(), ref, cl, ratio(cl), cr, ratio(cr), de, ratio(de),
                run->engine_cost.cpu_seconds, run->engine_cost.peak_mb, run->hs_cost.cpu_seconds,
                run->hs_cached ? "*" : " ", run->hs_cost.peak_mb, run->stats.mismatches, run->stats.checked);
  }
  std::printf("\ncompile: CPU seconds (user + system) and peak RSS growth of a forked child;"
              " * = measured by the run that filled --hs_cache\n");
  for (const auto& run : runs) {
    const Stats& s = run->stats;
    double n = static_cast<double>(std::max<size_t>(s.checked, 1));
    std::printf("%5d intents: %zu atoms; engine compile %.2fs wall, retained %.1f MB; hs compile %.1fs wall,"
                " retained %.1f MB, database %.1f MB; messages: %.0f bytes avg, %.0f%% no intent,"
                " %.2f pattern hits avg; untimed: %.1fs generating, %.1fs checking\n",
                run->size, run->pack->matcher().atom_count(), run->engine_cost.seconds,
                run->engine_cost.retained_mb, run->hs_cost.seconds, run->hs_cost.retained_mb,
                static_cast<double>(run->hs_database_bytes) / (1 << 20), static_cast<double>(s.bytes) / n,
                100.0 * static_cast<double>(s.no_intent) / n, static_cast<double>(s.hits) / n,
                s.generate_seconds, s.check_seconds);
  }
}

// Every measured message was checked after its run; top up to kMinChecked.
bool ReportMismatches(const std::vector<std::unique_ptr<SizeRun>>& runs) {
  bool ok = true;
  for (const auto& run : runs) {
#ifdef FRONTDESK_HAVE_HYPERSCAN
    if (run->reference && run->stats.checked < kMinChecked) Check(run.get(), run->NextMessages(kMinChecked - run->stats.checked));
#endif
    if (run->stats.mismatches == 0) continue;
    ok = false;
    std::fprintf(stderr, "MISMATCH: %zu of %zu messages differ at %d intents, e.g.\n", run->stats.mismatches,
                 run->stats.checked, run->size);
    for (const std::string& e : run->stats.examples) std::fprintf(stderr, "  %s\n", e.c_str());
  }
  return ok;
}

void Register(SizeRun* run) {
  auto add = [run](const char* path, void (*fn)(benchmark::State&, SizeRun*)) {
    benchmark::RegisterBenchmark(Name(path, run->size).c_str(), fn, run)
        ->Unit(benchmark::kMicrosecond);
  };
#ifdef FRONTDESK_HAVE_HYPERSCAN
  if (run->reference) add("Reference/Hyperscan", BM_Reference);
#endif
  add("Engine/Classify", BM_Classify);
  add("Engine/ClassifyRules", BM_ClassifyRules);
  add("Engine/Decide", BM_Decide);
}


// Takes this bench's own flags out of argv; the rest go to Google Benchmark.
Flags ParseFlags(int* argc, char** argv) {
  Flags f;
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--sizes=", 0) == 0) {
      f.sizes.clear();
      for (size_t p = 8; p < a.size();) {
        size_t comma = a.find(',', p);
        f.sizes.push_back(std::atoi(a.substr(p, comma - p).c_str()));
        p = comma == std::string::npos ? a.size() : comma + 1;
      }
    } else if (a == "--keep_pack") {
      f.keep_pack = true;
    } else if (a.rfind("--hs_cache=", 0) == 0) {
      f.hs_cache = a.substr(11);
    } else if (a == "--hs_utf8") {
      f.hs_utf8 = true;
    } else if (a == "--stages") {
      f.stages = true;
    } else if (a == "--no_reference") {
      f.reference = false;
    } else {
      argv[out++] = argv[i];
    }
  }
  *argc = out;
  return f;
}

}  // namespace
}  // namespace frontdesk::bench

int main(int argc, char** argv) {
  using namespace frontdesk::bench;
  // CLD2 (language detection, in Decide) allocates a large scratch buffer per
  // call; with glibc's default trim threshold each free returns it to the
  // kernel and the next call faults it back in (~250 us a call on the VM).
  // The frontdesk binary sets the same two options.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  Flags flags = ParseFlags(&argc, argv);
  // Defaults: three repetitions of each benchmark, randomly interleaved so
  // that a change of load on the machine does not favour one side; the
  // table takes the median.
  std::vector<char*> args(argv, argv + argc);
  std::vector<std::string> defaults = {"--benchmark_min_time=0.5", "--benchmark_repetitions=3",
                                       "--benchmark_enable_random_interleaving=true"};
  for (std::string& d : defaults) {
    std::string key = d.substr(0, d.find('='));
    bool given = false;
    for (int i = 1; i < argc; ++i) given |= std::string(argv[i]).rfind(key, 0) == 0;
    if (!given) args.push_back(d.data());
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
#ifndef FRONTDESK_HAVE_HYPERSCAN
  std::fprintf(stderr, "matcher_bench: built without Hyperscan (libhyperscan-dev): engine only, no ratios\n");
#endif
  std::string dir = (std::filesystem::temp_directory_path() / "matcher_bench_XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return 1;
  std::vector<std::unique_ptr<SizeRun>> runs;
  for (int size : flags.sizes) {
    runs.push_back(PrepareSize(size, dir, flags));
    if (runs.back() == nullptr) return 1;
  }
  for (const auto& run : runs) Register(run.get());
  TableReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  bool same = ReportMismatches(runs);
  PrintTable(runs, reporter);
  if (flags.stages) {
    std::printf("\nstages of a replica of the engine's matcher, us per unseen message (CPU):\n");
    for (const auto& run : runs) {
      std::vector<std::string> sources;
      for (const RefPattern& p : run->patterns) sources.push_back(p.source);
      PrintStages(run->size, sources, run->pack->matcher(), run->stream.get(), 30000, 20000);
    }
  }
  if (flags.keep_pack) std::printf("packs kept in %s\n", dir.c_str());
  else std::filesystem::remove_all(dir);
  benchmark::Shutdown();
  if (!same) {
    std::fprintf(stderr, "matcher_bench: the engine and the reference disagree (see MISMATCH above)\n");
    std::abort();
  }
  return 0;
}
