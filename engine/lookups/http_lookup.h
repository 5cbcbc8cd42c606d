// Private to engine/lookups: a `kind: http` lookup. Calls the shop's own API
// with cpp-httplib: the URL template's placeholders are percent-encoded into
// the path or query, secrets come from the environment at start and are never
// logged, and the whole exchange is bounded in time and size.
#ifndef FRONTDESK_ENGINE_LOOKUPS_HTTP_LOOKUP_H_
#define FRONTDESK_ENGINE_LOOKUPS_HTTP_LOOKUP_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/lookups/lookup_backend.h"
#include "engine/pack/url_template.h"

namespace frontdesk::lookups_internal {

class HttpLookup : public LookupBackend {
 public:
  // Expands ${ENV} in the url and headers. Fails when a variable is unset
  // or the expanded url is not http(s)://HOST[:PORT]/...
  static Status Open(const LookupDef& def, const EnvLookup& env, size_t max_body_bytes,
                     std::unique_ptr<LookupBackend>* out);

  // HTTP 404 is "no record"; any other status but 2xx, a timeout, a body
  // over the size limit or one that is not JSON is an error.
  Status Fetch(const LookupRequest& request, std::vector<FetchedRow>* rows) override;

 private:
  explicit HttpLookup(const LookupDef& def) : def_(def) {}
  std::string Target(const LookupRequest& request) const;
  Status Parse(const std::string& body, std::vector<FetchedRow>* rows) const;

  const LookupDef def_;
  std::string base_;                           // scheme://host[:port]
  std::vector<UrlPiece> path_;                 // path and query template
  std::map<std::string, std::string> headers_;  // expanded: may hold secrets
  size_t max_body_bytes_ = 0;
};

}  // namespace frontdesk::lookups_internal

#endif  // FRONTDESK_ENGINE_LOOKUPS_HTTP_LOOKUP_H_
