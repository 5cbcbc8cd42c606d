// The web chat's static side: /widget.js and /widget.css (one script tag
// puts the widget on any page) and /demo, a page of the example shop that
// shows it. Everything is compiled in (adapters/http/pages).
#ifndef FRONTDESK_ADAPTERS_HTTP_WEB_PAGES_H_
#define FRONTDESK_ADAPTERS_HTTP_WEB_PAGES_H_

#include <functional>
#include <memory>

#include "engine/decide/compiled_pack.h"

namespace httplib {
class Server;
}

namespace frontdesk {

// Registers GET /widget.js, /widget.css and /demo?lang=, and the CORS
// answers that let a shop's own pages call /v1/chat/... (a bearer token, no
// cookies: any origin may hold one).
void AddWebPageRoutes(httplib::Server& server,
                      std::function<std::shared_ptr<const CompiledPack>()> pack);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_WEB_PAGES_H_
