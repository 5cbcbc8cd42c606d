// GET /v1/suggest?q=&lang=: the FAQ answers that would settle what a
// customer is typing (engine/service/suggest.h decides; nothing is
// recorded). The answer is
//
//   {"language": "en", "suggestions": [{"id", "question", "answer", "url"}]}
//
// at most 3, best first; url opens the entry on the FAQ page. `q` is
// required, at most 2000 bytes of valid UTF-8 (else 400); `lang` is the
// page's language, a fallback for short or unclear text. Same-origin only:
// no CORS, like the form that calls it.
#ifndef FRONTDESK_ADAPTERS_HTTP_SUGGEST_ROUTE_H_
#define FRONTDESK_ADAPTERS_HTTP_SUGGEST_ROUTE_H_

#include <cstddef>
#include <functional>
#include <memory>

#include "engine/decide/compiled_pack.h"
#include "frontdesk/clock.h"

namespace httplib {
class Server;
}

namespace frontdesk {

inline constexpr size_t kMaxSuggestQueryBytes = 2000;

// Registers GET /v1/suggest. `clock` (business hours in rules) may be null:
// the system clock. REQUIRES: clock, when set, outlives the server.
void AddSuggestRoute(httplib::Server& server, std::function<std::shared_ptr<const CompiledPack>()> pack,
                     const Clock* clock);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_SUGGEST_ROUTE_H_
