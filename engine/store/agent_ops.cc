#include "engine/store/agent_ops.h"

#include <algorithm>

#include "engine/store/read_ops.h"
#include "engine/store/write_ops.h"

namespace frontdesk::store_internal {
namespace {

constexpr size_t kMaxNameBytes = 100;

bool IsSha256Hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
         });
}

void ReadAgentRow(const SQLite::Statement& q, Agent* a) {
  a->id = q.getColumn(0).getInt64();
  a->name = q.getColumn(1).getString();
  a->role = q.getColumn(2).getString();
  a->token_hash = q.getColumn(3).getString();
  a->created_unix = q.getColumn(4).getInt64();
}

}  // namespace

Status ValidateAgent(const Agent& a) {
  if (a.name.empty() || a.name.size() > kMaxNameBytes) {
    return Status::InvalidArgument("agent name must be 1 to 100 bytes");
  }
  if (a.role != "agent" && a.role != "admin") {
    return Status::InvalidArgument("agent role must be 'agent' or 'admin'");
  }
  if (!IsSha256Hex(a.token_hash)) {
    return Status::InvalidArgument("agent token hash must be 64 lower-case hex characters");
  }
  return Status::Ok();
}

Status WriteAgent(Connection& c, const Agent& a, int64_t now_unix, int64_t* id) {
  Query q = c.Prepare(
      "INSERT INTO agents (name, role, token_hash, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (name) DO NOTHING");
  q->bind(1, a.name);
  q->bind(2, a.role);
  q->bind(3, a.token_hash);
  q->bind(4, a.created_unix != 0 ? a.created_unix : now_unix);
  q->exec();
  if (c.Changes() == 0) return Status::InvalidArgument("agent name already used: " + a.name);
  *id = c.LastInsertId();
  return Status::Ok();
}

Status ReadAgent(Connection& c, int64_t id, Agent* out) {
  Query q = c.Prepare(
      "SELECT id, name, role, token_hash, created_at FROM agents WHERE id = ? AND removed = 0");
  q->bind(1, id);
  if (!q->executeStep()) return Status::NotFound("no agent " + std::to_string(id));
  ReadAgentRow(*q, out);
  return Status::Ok();
}

Status ReadAgents(Connection& c, std::vector<Agent>* out) {
  out->clear();
  Query q = c.Prepare(
      "SELECT id, name, role, token_hash, created_at FROM agents WHERE removed = 0 ORDER BY id");
  while (q->executeStep()) ReadAgentRow(*q, &out->emplace_back());
  return Status::Ok();
}

Status WriteRemoveAgent(Connection& c, const std::string& name) {
  // The row stays for the audit log; only its power goes.
  Query q = c.Prepare("UPDATE agents SET removed = 1 WHERE name = ? AND removed = 0");
  q->bind(1, name);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no agent named " + name);
  return Status::Ok();
}

Status WriteClaimTicket(Connection& c, int64_t id, const std::string& agent, int64_t now_unix,
                        bool* claimed, Ticket* out) {
  // One conditional UPDATE: whichever claim the writer runs second finds the
  // assignee set and changes nothing, however close the two requests came.
  Query q = c.Prepare(
      "UPDATE tickets SET assignee = ?1, updated_at = ?2 WHERE id = ?3 AND assignee = ''");
  q->bind(1, agent);
  q->bind(2, now_unix);
  q->bind(3, id);
  q->exec();
  const bool changed = c.Changes() > 0;
  Status s = ReadTicket(c, id, out);
  if (!s.ok()) return s;
  // The owner claiming again owns it still; only a change is audited.
  *claimed = out->assignee == agent;
  if (changed) {
    InsertAudit(c, {0, 0, agent, "ticket.claim", "ticket:" + std::to_string(id), ""}, now_unix);
  }
  return Status::Ok();
}

Status ValidateTicketNote(const TicketNote& n) {
  if (n.author.empty() || n.text.empty()) {
    return Status::InvalidArgument("ticket note needs an author and a text");
  }
  return Status::Ok();
}

Status WriteTicketNote(Connection& c, const TicketNote& n, int64_t now_unix, int64_t* id) {
  Ticket t;
  Status s = ReadTicket(c, n.ticket_id, &t);
  if (!s.ok()) return s;
  Query q = c.Prepare(
      "INSERT INTO ticket_notes (ticket_id, author, body, created_at) VALUES (?, ?, ?, ?)");
  q->bind(1, n.ticket_id);
  q->bind(2, n.author);
  q->bind(3, n.text);
  q->bind(4, n.created_unix != 0 ? n.created_unix : now_unix);
  q->exec();
  *id = c.LastInsertId();
  InsertAudit(c,
              {0, 0, n.author, "ticket.note", "ticket:" + std::to_string(n.ticket_id),
               "note:" + std::to_string(*id)},
              now_unix);
  return Status::Ok();
}

Status ReadTicketNotes(Connection& c, int64_t ticket_id, std::vector<TicketNote>* out) {
  out->clear();
  Query q = c.Prepare(
      "SELECT id, ticket_id, author, body, created_at FROM ticket_notes "
      "WHERE ticket_id = ? ORDER BY id");
  q->bind(1, ticket_id);
  while (q->executeStep()) {
    TicketNote& n = out->emplace_back();
    n.id = q->getColumn(0).getInt64();
    n.ticket_id = q->getColumn(1).getInt64();
    n.author = q->getColumn(2).getString();
    n.text = q->getColumn(3).getString();
    n.created_unix = q->getColumn(4).getInt64();
  }
  return Status::Ok();
}

}  // namespace frontdesk::store_internal
