// PackTester: runs a pack's own examples and conversations, and reports what
// no other engine tells its authors: examples that several intents match (and
// which one wins) and patterns that no example exercises.
#ifndef FRONTDESK_ENGINE_PACK_TESTER_H_
#define FRONTDESK_ENGINE_PACK_TESTER_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/compiled_pack.h"
#include "engine/lookup.h"

namespace frontdesk {

struct PackTestReport {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  // "FILE:LINE:COL: fail: ..."
  std::vector<std::string> overlaps;  // "FILE:LINE:COL: overlap: ..."
  std::vector<std::string> unused;    // "FILE:LINE:COL: unexercised: ..."
};

// Runs everything defined in `files` (all files when empty). Conversations
// run their lookups through `lookups` (may be null). Thread-compatible.
PackTestReport RunPackTests(std::shared_ptr<const CompiledPack> pack,
                            std::shared_ptr<LookupRunner> lookups,
                            const std::set<std::string>& files);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_TESTER_H_
