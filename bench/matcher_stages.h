// matcher_bench --stages: where the engine's matching time goes. Builds a
// replica of Matcher's two stages from the same folded patterns (FilteredRE2
// with the same options, its atoms in one RE2::Set, the full RE2s), warms it
// on unseen messages, then times each stage over a batch of new messages and
// over the same batch again (the warm-cache figure a re-scanned corpus gives).
// The replica's stage 2 is the old one (every candidate's full RE2 over the
// whole message); the last column times the shipped Matcher::Match (both
// stages, anchored confirmation, pattern_shape.h) on the same batch.
// Batches are timed as a whole: per-message clock reads would cost more than
// the stages.
#ifndef FRONTDESK_BENCH_MATCHER_STAGES_H_
#define FRONTDESK_BENCH_MATCHER_STAGES_H_

#include <time.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include "bench/matcher_corpus.h"
#include "engine/match/matcher.h"
#include "engine/text/text.h"

namespace frontdesk::bench {

inline double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

class StageReplica {
 public:
  explicit StageReplica(const std::vector<std::string>& folded_patterns) {
    MatcherOptions mo;
    RE2::Options ro;
    ro.set_log_errors(false);
    ro.set_case_sensitive(false);
    ro.set_max_mem(mo.pattern_max_mem);
    filter_ = std::make_unique<re2::FilteredRE2>(mo.min_atom_len);
    for (const std::string& p : folded_patterns) {
      int id = 0;
      filter_->Add(p, ro, &id);
    }
    std::vector<std::string> atoms;
    filter_->Compile(&atoms);
    RE2::Options so;
    so.set_log_errors(false);
    so.set_max_mem(int64_t{256} << 20);  // the old matcher's budget: 8 MiB fails at 10,000 intents
    so.set_never_capture(true);
    set_ = std::make_unique<RE2::Set>(so, RE2::UNANCHORED);
    for (const std::string& a : atoms) set_->Add(RE2::QuoteMeta(a), nullptr);
    set_->Compile();
  }

  struct Times {
    double fold = 0, stage1 = 0, stage2 = 0;  // seconds, whole batch
    double matcher = 0;                       // Matcher::Match, both stages
    size_t candidates = 0, hits = 0;
  };

  Times Run(const std::vector<std::string>& messages, const Matcher& matcher) {
    Times t;
    double a = ThreadCpuSeconds();
    std::vector<std::string> folded;
    for (const std::string& m : messages) folded.push_back(Fold(m));
    double b = ThreadCpuSeconds();
    std::vector<std::vector<int>> candidates(folded.size());
    for (size_t i = 0; i < folded.size(); ++i) {
      std::vector<int> atoms;
      set_->Match(folded[i], &atoms);
      filter_->AllPotentials(atoms, &candidates[i]);
    }
    double c = ThreadCpuSeconds();
    for (size_t i = 0; i < folded.size(); ++i) {
      for (int id : candidates[i]) t.hits += RE2::PartialMatch(folded[i], filter_->GetRE2(id));
      t.candidates += candidates[i].size();
    }
    double d = ThreadCpuSeconds();
    std::vector<PatternHit> hits;
    for (const std::string& f : folded) {
      hits.clear();
      if (!matcher.Match(f, &hits).ok()) std::abort();
    }
    t.matcher = ThreadCpuSeconds() - d;
    t.fold = b - a;
    t.stage1 = c - b;
    t.stage2 = d - c;
    return t;
  }

 private:
  std::unique_ptr<re2::FilteredRE2> filter_;
  std::unique_ptr<RE2::Set> set_;
};

// Prints one line per size: microseconds per message of each stage.
inline void PrintStages(int size, const std::vector<std::string>& folded_patterns, const Matcher& matcher,
                        MessageStream* stream, size_t warm, size_t batch) {
  StageReplica replica(folded_patterns);
  auto next = [stream](size_t n) {
    std::vector<std::string> v;
    for (size_t i = 0; i < n; ++i) v.push_back(stream->Next());
    return v;
  };
  replica.Run(next(warm), matcher);
  std::vector<std::string> messages = next(batch);
  StageReplica::Times t = replica.Run(messages, matcher);
  StageReplica::Times again = replica.Run(messages, matcher);
  double n = static_cast<double>(batch), us = 1e6 / n;
  std::printf("%6d intents | fold %6.2f | stage 1 %6.2f | stage 2 %7.2f (%5.2f candidates, %4.2f hits, %6.2f us a "
              "candidate) | same messages again: stage 1 %6.2f, stage 2 %7.2f | Matcher::Match %7.2f\n",
              size, t.fold * us, t.stage1 * us, t.stage2 * us, static_cast<double>(t.candidates) / n,
              static_cast<double>(t.hits) / n, t.candidates ? t.stage2 * 1e6 / static_cast<double>(t.candidates) : 0,
              again.stage1 * us, again.stage2 * us, t.matcher * us);
}

}  // namespace frontdesk::bench

#endif  // FRONTDESK_BENCH_MATCHER_STAGES_H_
