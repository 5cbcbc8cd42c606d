// `frontdesk test [FILES]`: runs the packs' examples and conversations.
#include <cstdio>
#include <filesystem>
#include <set>

#include "adapters/cli/commands.h"
#include "adapters/cli/runtime.h"
#include "engine/service/pack_tester.h"

namespace frontdesk::cli {

int RunTest(const Args& args) {
  auto runtime = Runtime::Open(args.config);
  if (runtime == nullptr) {
    std::printf("0 passed, 1 failed\n");
    return 1;
  }
  auto pack = runtime->pack();
  // FILES select what runs; they are matched against the loaded pack files,
  // which carry the paths the config resolved.
  std::set<std::string> files;
  for (const auto& f : args.positional) {
    std::error_code ec;
    auto want = std::filesystem::weakly_canonical(f, ec);
    for (const auto& loaded : pack->defs().files)
      if (std::filesystem::weakly_canonical(loaded, ec) == want) files.insert(loaded);
    if (files.empty()) {
      std::fprintf(stderr, "frontdesk test: %s is not one of the pack's files\n", f.c_str());
      return 2;
    }
  }
  // Each conversation gets fresh owner-check limits: several of them try the
  // same demo order, and one must not lock the next one out.
  auto fresh_lookups = [pack, &runtime]() -> std::shared_ptr<LookupRunner> {
    struct Owned {
      explicit Owned(const Clock* clock) : limiter(clock) {}
      MemoryAttemptLimiter limiter;
      std::shared_ptr<LookupRunner> runner;
    };
    auto owned = std::make_shared<Owned>(&runtime->clock());
    if (!MakeLookups(*pack, &owned->limiter, &owned->runner).ok()) return nullptr;
    return std::shared_ptr<LookupRunner>(owned, owned->runner.get());  // keeps the limiter alive
  };
  PackTestReport r = RunPackTests(pack, fresh_lookups, files);
  for (const auto& f : r.failures) std::printf("%s\n", f.c_str());
  if (args.Flag("verbose") || args.Flag("v")) {
    for (const auto& o : r.overlaps) std::printf("%s\n", o.c_str());
    for (const auto& u : r.unused) std::printf("%s\n", u.c_str());
    for (const auto& s : r.similar_only) std::printf("%s\n", s.c_str());
  } else if (!r.overlaps.empty() || !r.unused.empty() || !r.similar_only.empty()) {
    std::printf("note: %zu examples match more than one intent, %zu patterns match no example, "
                "%zu examples are routed only by the similarity tier (--verbose lists them)\n",
                r.overlaps.size(), r.unused.size(), r.similar_only.size());
  }
  std::printf("%d passed, %d failed\n", r.passed, r.failed);
  return r.failed == 0 ? 0 : 1;
}

}  // namespace frontdesk::cli
