// The agents' HTTP side (DESIGN.md, "Agents"): the ticket queue, a ticket
// with its transcript and the bot's reasons, and the actions on it, each
// behind `Authorization: Bearer fda_...` (a token from `frontdesk agent
// add`). Handlers only translate: who a token is belongs to Agents, what an
// action does to TicketDesk.
//
// Errors: no or wrong token 401, an agent on an admin's route 403, an
// unknown ticket 404, a ticket another agent owns 409, a bad body 400.
#ifndef FRONTDESK_ADAPTERS_HTTP_AGENT_ROUTES_H_
#define FRONTDESK_ADAPTERS_HTTP_AGENT_ROUTES_H_

#include <functional>

#include "adapters/http/agent_events.h"
#include "engine/service/agents.h"
#include "engine/service/ticket_desk.h"
#include "frontdesk/status.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace frontdesk {

// What the agent routes need; without `agents` they are absent.
struct AgentChannel {
  const Agents* agents = nullptr;
  TicketDesk* desk = nullptr;  // REQUIRES: non-null when agents is set
  // POST /v1/admin/reload (admins only) calls it; null: that route is absent.
  std::function<Status()> reload;
  AgentEventsOptions events;  // GET /v1/agent/events
};

// Registers GET /v1/agent/events, GET /v1/tickets, GET /v1/tickets/{id}, POST /v1/tickets/{id}/
// {claim,replies,notes,resolve,handback}, GET /v1/agents (admins) and POST
// /v1/admin/reload (admins). REQUIRES: what `channel` points to outlives
// the server.
void AddAgentRoutes(httplib::Server& server, const AgentChannel& channel);

// The agent the request's `Authorization: Bearer` token names, or false
// after answering 401 (no token, a wrong or removed one: one answer) or 503.
// `query_token`: also from ?token= (EventSource sets no headers). For every
// route behind an agent's token.
bool AuthorizeAgent(const Agents& agents, const httplib::Request& req, httplib::Response& res,
                    Agent* agent, bool query_token = false);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_AGENT_ROUTES_H_
