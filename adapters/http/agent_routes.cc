#include "adapters/http/agent_routes.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/http/http_status.h"
#include "engine/text/text.h"
#include "frontdesk/message_json.h"

namespace frontdesk {
namespace {

using Json = nlohmann::json;

constexpr char kTicketPath[] = R"(/v1/tickets/(\d{1,18}))";

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

void SendJson(httplib::Response& res, const Json& j) {
  res.set_header("Cache-Control", "no-store");
  res.set_content(Dump(j), "application/json");
}

// The agent the request's token names, or false after answering 401 (no
// token, a wrong or removed one: one answer) or 503. The token is never
// logged. `query_token`: also from ?token= (EventSource sets no headers).
bool Authorize(const Agents& agents, const httplib::Request& req, httplib::Response& res,
               Agent* agent, bool query_token = false) {
  const std::string auth = req.get_header_value("Authorization");
  std::string token = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7)
                      : query_token                 ? req.get_param_value("token")
                                                    : "";
  Status s = !token.empty() ? agents.Authenticate(token, agent)
                            : Status::PermissionDenied("no token");
  if (s.ok()) return true;
  if (s.code() == Status::Code::kPermissionDenied) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthenticated",
              "an agent token is required: Authorization: Bearer TOKEN (frontdesk agent add NAME)");
  } else {
    std::fprintf(stderr, "frontdesk: agent token not checked: %s\n", s.ToString().c_str());
    SendError(res, 503, "unavailable", "try again later");
  }
  return false;
}

bool AuthorizeAdmin(const Agents& agents, const httplib::Request& req, httplib::Response& res,
                    Agent* agent) {
  if (!Authorize(agents, req, res, agent)) return false;
  if (Agents::IsAdmin(*agent)) return true;
  SendError(res, 403, "permission_denied", "this needs an admin's token");
  return false;
}

// {"text": "..."}: valid UTF-8, 1..kMaxMessageTextBytes bytes.
Status ParseText(const std::string& body, std::string* text) {
  if (!IsValidUtf8(body)) return Status::InvalidArgument("body is not valid UTF-8");
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("body must be a JSON object");
  auto t = j.find("text");
  if (t == j.end() || !t->is_string() || t->get<std::string>().empty())
    return Status::InvalidArgument("'text' is required");
  *text = t->get<std::string>();
  if (text->size() > kMaxMessageTextBytes)
    return Status::InvalidArgument("'text' is longer than " + std::to_string(kMaxMessageTextBytes) + " bytes");
  return Status::Ok();
}

Json TicketJson(const Ticket& t) {
  return {{"id", t.id}, {"conversation_id", t.conversation_id}, {"queue", t.queue},
          {"priority", t.priority}, {"status", t.status}, {"assignee", t.assignee},
          {"reason", t.reason}, {"due_unix", t.due_unix}, {"created_unix", t.created_unix},
          {"updated_unix", t.updated_unix}};
}

// One message of the transcript; a customer's carries the bot's decision
// for it, trace included (the pattern and rule FILE:LINE that fired).
Json MessageJson(const StoredMessage& m) {
  Json j = {{"id", m.id}, {"direction", m.direction}, {"channel", m.channel},
            {"sender", m.sender}, {"subject", m.subject}, {"text", m.text},
            {"language", m.language}, {"created_unix", m.created_unix}};
  if (!m.decision_json.empty()) {
    Json d = Json::parse(m.decision_json, nullptr, false);
    if (!d.is_discarded()) j["decision"] = std::move(d);
  }
  return j;
}

Json ViewJson(const TicketView& v) {
  Json j = TicketJson(v.ticket);
  j["channel"] = v.channel;
  j["customer"] = v.customer;
  j["transcript"] = Json::array();
  for (const StoredMessage& m : v.transcript) j["transcript"].push_back(MessageJson(m));
  j["notes"] = Json::array();
  for (const TicketNote& n : v.notes)
    j["notes"].push_back({{"id", n.id}, {"author", n.author}, {"text", n.text},
                          {"created_unix", n.created_unix}});
  return j;
}

// The answer to an action: 409 when another agent owns the ticket.
void SendOutcome(httplib::Response& res, const Status& s, const DeskOutcome& o) {
  if (!s.ok()) {
    if (HttpStatusFor(s) >= 500) std::fprintf(stderr, "frontdesk: ticket action failed: %s\n", s.ToString().c_str());
    return SendStatus(res, s);
  }
  if (o.taken) {
    return SendError(res, 409, "conflict",
                     "ticket " + std::to_string(o.ticket.id) + " is owned by " + o.ticket.assignee);
  }
  Json j = {{"ticket", TicketJson(o.ticket)}};
  if (!o.delivered.empty()) j["delivered"] = o.delivered;
  if (o.id != 0) j["id"] = o.id;
  SendJson(res, j);
}

int64_t TicketId(const httplib::Request& req) { return std::stoll(req.matches[1]); }

using Action = Status (TicketDesk::*)(const std::string&, int64_t, DeskOutcome*);
using TextAction = Status (TicketDesk::*)(const std::string&, int64_t, const std::string&, DeskOutcome*);

void AddAction(httplib::Server& server, const AgentChannel& ch, const std::string& verb, Action act) {
  server.Post(std::string(kTicketPath) + "/" + verb,
              [ch, act](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!Authorize(*ch.agents, req, res, &agent)) return;
    DeskOutcome o;
    Status s = (ch.desk->*act)(agent.name, TicketId(req), &o);
    SendOutcome(res, s, o);
  });
}

void AddTextAction(httplib::Server& server, const AgentChannel& ch, const std::string& verb,
                   TextAction act) {
  server.Post(std::string(kTicketPath) + "/" + verb,
              [ch, act](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!Authorize(*ch.agents, req, res, &agent)) return;
    std::string text;
    if (Status parsed = ParseText(req.body, &text); !parsed.ok()) return SendStatus(res, parsed);
    DeskOutcome o;
    Status s = (ch.desk->*act)(agent.name, TicketId(req), text, &o);
    if (s.ok() && !o.taken) res.status = 201;
    SendOutcome(res, s, o);
  });
}

void AddAdminRoutes(httplib::Server& server, const AgentChannel& ch) {
  server.Get("/v1/agents", [ch](const httplib::Request& req, httplib::Response& res) {
    Agent admin;
    if (!AuthorizeAdmin(*ch.agents, req, res, &admin)) return;
    std::vector<Agent> list;
    if (Status s = ch.agents->List(&list); !s.ok()) return SendStatus(res, s);
    Json out = Json::array();
    for (const Agent& a : list)  // never a hash
      out.push_back({{"id", a.id}, {"name", a.name}, {"role", a.role}, {"created_unix", a.created_unix}});
    SendJson(res, {{"agents", out}});
  });
  if (!ch.reload) return;
  auto reload = [ch](const httplib::Request& req, httplib::Response& res) {
    Agent admin;
    if (!AuthorizeAdmin(*ch.agents, req, res, &admin)) return;
    Status s = ch.reload();
    std::fprintf(stderr, "frontdesk: reload by %s: %s\n", admin.name.c_str(), s.ok() ? "ok" : "refused");
    // A pack with errors is refused and the old one kept: the caller's
    // request was fine, the pack was not.
    if (!s.ok()) return SendError(res, 422, "pack_invalid", s.message());
    SendJson(res, {{"reloaded", true}});
  };
  server.Post("/v1/admin/reload", reload);
  // The operators' name for it in DESIGN.md's contracts (scripts call it).
  server.Post("/admin/reload", reload);
}

int64_t LastEventId(const httplib::Request& req) {
  std::string v = req.get_header_value("Last-Event-ID");
  if (v.empty()) v = req.get_param_value("last_event_id");
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(v);
}

void AddEventsRoute(httplib::Server& server, const AgentChannel& ch) {
  auto open = std::make_shared<std::atomic<int>>(0);
  server.Get("/v1/agent/events", [ch, open](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!Authorize(*ch.agents, req, res, &agent, /*query_token=*/true)) return;
    if (open->fetch_add(1) >= ch.events.max_streams) {
      open->fetch_sub(1);
      res.set_header("Retry-After", "5");
      return SendError(res, 503, "unavailable", "too many open agent event streams, retry later");
    }
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch()).count();
    auto stream = std::make_shared<AgentEventStream>(ch.desk, LastEventId(req), now, ch.events);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");
    res.set_chunked_content_provider(
        "text/event-stream",
        [stream](size_t, httplib::DataSink& sink) { return stream->Step(sink); },
        [open](bool) { open->fetch_sub(1); });
  });
}

}  // namespace

bool AuthorizeAgent(const Agents& agents, const httplib::Request& req, httplib::Response& res,
                    Agent* agent, bool query_token) {
  return Authorize(agents, req, res, agent, query_token);
}

void AddAgentRoutes(httplib::Server& server, const AgentChannel& ch) {
  server.Get("/v1/tickets", [ch](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!Authorize(*ch.agents, req, res, &agent)) return;
    TicketFilter filter;
    filter.status = req.get_param_value("status");
    filter.queue = req.get_param_value("queue");
    filter.priority = req.get_param_value("priority");
    filter.assignee = req.get_param_value("assignee");
    std::vector<Ticket> tickets;
    if (Status s = ch.desk->List(filter, &tickets); !s.ok()) return SendStatus(res, s);
    Json out = Json::array();
    for (const Ticket& t : tickets) out.push_back(TicketJson(t));
    SendJson(res, {{"tickets", out}});
  });
  server.Get(kTicketPath, [ch](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!Authorize(*ch.agents, req, res, &agent)) return;
    TicketView view;
    if (Status s = ch.desk->Get(TicketId(req), &view); !s.ok()) return SendStatus(res, s);
    SendJson(res, ViewJson(view));
  });
  AddAction(server, ch, "claim", &TicketDesk::Claim);
  AddAction(server, ch, "resolve", &TicketDesk::Resolve);
  AddAction(server, ch, "handback", &TicketDesk::Handback);
  AddTextAction(server, ch, "replies", &TicketDesk::Reply);
  AddTextAction(server, ch, "notes", &TicketDesk::Note);
  AddAdminRoutes(server, ch);
  AddEventsRoute(server, ch);
}

}  // namespace frontdesk
