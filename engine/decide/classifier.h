// Classifier: turns pattern hits into ranked intents.
//
// Conflict resolution, deterministic and documented in docs/pack-format.md:
// an intent with a negative hit is out; the rest are ordered by explicit
// priority (higher first), then specificity (literal characters of the best
// pattern that matched, more first), then definition order.
#ifndef FRONTDESK_ENGINE_DECIDE_CLASSIFIER_H_
#define FRONTDESK_ENGINE_DECIDE_CLASSIFIER_H_

#include <string_view>
#include <vector>

#include "engine/decide/compiled_pack.h"
#include "engine/match/matcher.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct IntentMatch {
  int intent = 0;       // index into pack.defs().intents
  int pattern = 0;      // index into pack.patterns(): the best pattern that matched
  int priority = 0;
  int specificity = 0;
  std::vector<Capture> captures;  // of the best pattern
};

struct Classification {
  std::vector<IntentMatch> matches;  // best first
  std::vector<int> vetoed;           // intents a negative pattern excluded
  std::vector<int> negative_patterns;  // pattern indices of the negative hits
  const IntentMatch* best() const { return matches.empty() ? nullptr : &matches.front(); }
};

// Classifies an already folded message. REQUIRES: *out is empty (as
// constructed). Thread-safe.
Status Classify(const CompiledPack& pack, std::string_view folded, Classification* out);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_DECIDE_CLASSIFIER_H_
