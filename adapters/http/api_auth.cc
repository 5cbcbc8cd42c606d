#include "adapters/http/api_auth.h"

#include <httplib.h>

#include <cstdio>

#include "adapters/http/http_status.h"

namespace frontdesk {

bool AuthorizeApiKey(const ApiKeys& keys, const httplib::Request& req, httplib::Response& res,
                     ApiKey* key) {
  const std::string auth = req.get_header_value("Authorization");
  Status s = auth.rfind("Bearer ", 0) == 0 ? keys.Authenticate(auth.substr(7), key)
                                            : Status::PermissionDenied("no key");
  if (s.ok()) return true;
  if (s.code() == Status::Code::kPermissionDenied) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthenticated",
              "an API key is required: Authorization: Bearer KEY (frontdesk key add NAME)");
  } else {
    std::fprintf(stderr, "frontdesk: API key not checked: %s\n", s.ToString().c_str());
    SendError(res, 503, "unavailable", "try again later");
  }
  return false;
}

std::string ApiKeyScope(const ApiKey& key) { return "key:" + std::to_string(key.id); }

}  // namespace frontdesk
