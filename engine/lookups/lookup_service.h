// LookupService: runs the lookups a pack declares (`lookups:`), SQL on the
// shop's SQLite file or HTTP on the shop's API, for the engine's LookupRunner
// interface.
//
// Ownership: a lookup with `owner:` finds a record only for its owner (the
// verified sender's e-mail or the `email` slot matching the record's, or the
// `postcode` slot together with the owner's `with_postcode` slot matching
// both record fields; a postcode alone proves nothing). "No such record" and
// "not yours" give the same LookupResult (found = false, empty data) after
// the same work. Each such failure counts against the lookup's `limits` (per
// record key, conversation, client address and proof value offered); once
// one is used up, results have limited = true and nothing is fetched until
// the window slides.
#ifndef FRONTDESK_ENGINE_LOOKUPS_LOOKUP_SERVICE_H_
#define FRONTDESK_ENGINE_LOOKUPS_LOOKUP_SERVICE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "frontdesk/clock.h"
#include "frontdesk/lookup.h"
#include "engine/lookups/attempt_limiter.h"
#include "engine/pack/lookup_def.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct LookupServiceOptions {
  // Counts failed owner checks. Not owned; must outlive the service. Share
  // one limiter across pack reloads so a reload does not reset the counts.
  // REQUIRED.
  AttemptLimiter* limiter = nullptr;
  // Resolves `${NAME}` in HTTP urls and headers; false = not set. The engine
  // never reads the environment itself: the adapter passes getenv here.
  // Default: none set (a lookup that uses ${NAME} fails to start).
  std::function<bool(const std::string& name, std::string* value)> env;
  // Largest HTTP answer read, in bytes. Default: 1 MiB.
  size_t max_response_bytes = 1 << 20;
};

class LookupService : public LookupRunner {
 public:
  // Opens every database read-only, prepares every query and expands every
  // URL. Fails on the first lookup that cannot start, naming it.
  static Status Create(const std::vector<LookupDef>& defs, const LookupServiceOptions& options,
                       std::unique_ptr<LookupService>* out);
  ~LookupService() override;
  LookupService(const LookupService&) = delete;
  LookupService& operator=(const LookupService&) = delete;

  // Returns NotFound for an unknown lookup name, and an error when the source
  // could not answer (the attempt is then not counted). Thread-safe.
  Status Run(const LookupRequest& request, LookupResult* result) override;
  bool Has(const std::string& name) const override;

 private:
  struct Entry;  // a LookupDef and its backend

  explicit LookupService(const LookupServiceOptions& options);
  Status RunEntry(const Entry& entry, const LookupRequest& request, LookupResult* result);

  const LookupServiceOptions options_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;  // immutable after Create
};

// The failure counters a request is charged to, e.g.
// "key:order_id=ab123456", "conversation:c-17", "address:203.0.113.9",
// "proof:email=an@example.com", "proof:postcode=70000" (normalized values;
// the postcode only when its second fact comes with it).
std::vector<AttemptLimiter::Counter> AttemptCounters(const LookupDef& def,
                                                     const LookupRequest& request);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_LOOKUPS_LOOKUP_SERVICE_H_
