// PackTester: runs a pack's own examples and conversations, and reports what
// no other engine tells its authors: examples that several intents match (and
// which one wins) and patterns that no example exercises.
#ifndef FRONTDESK_ENGINE_SERVICE_PACK_TESTER_H_
#define FRONTDESK_ENGINE_SERVICE_PACK_TESTER_H_

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/decide/compiled_pack.h"
#include "frontdesk/lookup.h"

namespace frontdesk {

struct PackTestReport {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  // "FILE:LINE:COL: fail: ..."
  std::vector<std::string> overlaps;  // "FILE:LINE:COL: overlap: ..."
  std::vector<std::string> unused;    // "FILE:LINE:COL: unexercised: ..."
  // Examples no pattern matches but the similarity tier routes right (by
  // the other examples): they pass, and say where a pattern is missing.
  std::vector<std::string> similar_only;  // "FILE:LINE:COL: similar only: ..."
};

// Makes the lookups one conversation runs, with attempt limits of its own so
// that conversations do not use up each other's owner-check attempts.
using LookupsFactory = std::function<std::shared_ptr<LookupRunner>()>;

// Runs everything defined in `files` (all files when empty). Each
// conversation runs its lookups through a runner from `lookups` (may be
// empty: lookups are then unavailable). Thread-compatible.
PackTestReport RunPackTests(std::shared_ptr<const CompiledPack> pack, LookupsFactory lookups,
                            const std::set<std::string>& files);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_PACK_TESTER_H_
