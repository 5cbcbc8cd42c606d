// The integration API's door: `Authorization: Bearer fd_<id>_<secret>`
// (a key from `frontdesk key add`). Everything a key's holder sends is
// scoped to that key: its conversation ids and idempotency keys cannot
// reach another key's.
#ifndef FRONTDESK_ADAPTERS_HTTP_API_AUTH_H_
#define FRONTDESK_ADAPTERS_HTTP_API_AUTH_H_

#include <string>

#include "engine/service/api_keys.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace frontdesk {

// True with *key set when the request carries a live key; otherwise answers
// 401 (no key, a wrong or removed key: one answer) or 503 (the store failed)
// and returns false.
bool AuthorizeApiKey(const ApiKeys& keys, const httplib::Request& req, httplib::Response& res,
                     ApiKey* key);

// The scope of everything a key names: "key:<id>".
std::string ApiKeyScope(const ApiKey& key);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_API_AUTH_H_
