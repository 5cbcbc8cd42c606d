// The agents' console (DESIGN.md, "Agents"): GET /agent, a page of static
// HTML, script and style (adapters/http/pages/agent.*) that signs in with an
// agent's token and works the queue through the ticket routes
// (adapters/http/agent_routes.h), and the few routes only the console needs,
// each behind the same `Authorization: Bearer` agent token:
//
//   GET  /v1/agent/me              {"name", "role"}: whose token this is
//   GET  /v1/canned?lang=L         the pack's canned replies in L (default:
//                                  the config's first language)
//   GET  /v1/agent/intents         the pack's intents, for "routed wrongly"
//   POST /v1/agent/example-snippet {"intent", "language", "text"} -> the
//                                  YAML that adds text as an example of the
//                                  intent (engine/pack/example_snippet.h);
//                                  the pack itself is never edited
//
// The page's Content-Security-Policy allows scripts, styles and connections
// from this server only; the script inserts every text as text.
#ifndef FRONTDESK_ADAPTERS_HTTP_AGENT_CONSOLE_ROUTES_H_
#define FRONTDESK_ADAPTERS_HTTP_AGENT_CONSOLE_ROUTES_H_

#include <functional>
#include <memory>

#include "adapters/http/agent_routes.h"
#include "engine/decide/compiled_pack.h"

namespace httplib {
class Server;
}

namespace frontdesk {

// REQUIRES: channel.agents non-null; what it points to outlives the server.
// `pack` gives the pack serving now (canned replies and intents follow a
// reload).
void AddAgentConsoleRoutes(httplib::Server& server, const AgentChannel& channel,
                           std::function<std::shared_ptr<const CompiledPack>()> pack);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_AGENT_CONSOLE_ROUTES_H_
