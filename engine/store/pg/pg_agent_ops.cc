// Agents, ticket claims and internal notes, and integration API keys;
// declared in pg_ops.h.
#include "engine/store/pg/pg_ops.h"

namespace frontdesk::store_internal::pg {
namespace {

void ReadAgentRow(const pqxx::row& r, Agent* a) {
  a->id = Int(r[0]);
  a->name = Text(r[1]);
  a->role = Text(r[2]);
  a->token_hash = Text(r[3]);
  a->created_unix = Int(r[4]);
}

void ReadApiKeyRow(const pqxx::row& r, ApiKey* k) {
  k->id = Int(r[0]);
  k->name = Text(r[1]);
  k->secret_hash = Text(r[2]);
  k->created_unix = Int(r[3]);
}

}  // namespace

Status WriteAgent(Tx& t, const Agent& a, int64_t now_unix, int64_t* id) {
  pqxx::result r = t.Run(
      "INSERT INTO agents (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (name) DO NOTHING RETURNING id",
      a.name, a.role, a.token_hash, a.created_unix != 0 ? a.created_unix : now_unix);
  if (r.empty()) return Status::InvalidArgument("agent name already used: " + a.name);
  *id = Int(r[0][0]);
  return Status::Ok();
}

Status ReadAgent(Tx& t, int64_t id, Agent* out) {
  pqxx::result r = t.Run(
      "SELECT id, name, role, token_hash, created_at FROM agents WHERE id = $1 AND NOT removed",
      id);
  if (r.empty()) return Status::NotFound("no agent " + std::to_string(id));
  ReadAgentRow(r[0], out);
  return Status::Ok();
}

Status ReadAgents(Tx& t, std::vector<Agent>* out) {
  out->clear();
  pqxx::result r = t.Run(
      "SELECT id, name, role, token_hash, created_at FROM agents WHERE NOT removed ORDER BY id");
  for (const pqxx::row& row : r) ReadAgentRow(row, &out->emplace_back());
  return Status::Ok();
}

Status WriteRemoveAgent(Tx& t, const std::string& name) {
  // The row stays for the audit log; only its power goes.
  pqxx::result r =
      t.Run("UPDATE agents SET removed = TRUE WHERE name = $1 AND NOT removed", name);
  if (r.affected_rows() == 0) return Status::NotFound("no agent named " + name);
  return Status::Ok();
}

Status WriteClaimTicket(Tx& t, int64_t id, const std::string& agent, int64_t now_unix,
                        bool* claimed, Ticket* out) {
  // One conditional UPDATE: a second claim waits for the first one's row
  // lock, then finds the assignee set and changes nothing.
  pqxx::result r = t.Run(
      "UPDATE tickets SET assignee = $1, updated_at = $2 WHERE id = $3 AND assignee = ''", agent,
      now_unix, id);
  const bool changed = r.affected_rows() > 0;
  Status s = ReadTicket(t, id, out);
  if (!s.ok()) return s;
  *claimed = out->assignee == agent;
  if (changed) {
    InsertAudit(t, {0, 0, agent, "ticket.claim", "ticket:" + std::to_string(id), ""}, now_unix);
  }
  return Status::Ok();
}

Status WriteTicketNote(Tx& t, const TicketNote& n, int64_t now_unix, int64_t* id) {
  Ticket tk;
  Status s = ReadTicket(t, n.ticket_id, &tk);
  if (!s.ok()) return s;
  *id = Int(t.One("INSERT INTO ticket_notes (ticket_id, author, body, created_at) "
                  "VALUES ($1, $2, $3, $4) RETURNING id",
                  n.ticket_id, n.author, n.text,
                  n.created_unix != 0 ? n.created_unix : now_unix)[0]);
  InsertAudit(t,
              {0, 0, n.author, "ticket.note", "ticket:" + std::to_string(n.ticket_id),
               "note:" + std::to_string(*id)},
              now_unix);
  return Status::Ok();
}

Status ReadTicketNotes(Tx& t, int64_t ticket_id, std::vector<TicketNote>* out) {
  out->clear();
  pqxx::result r = t.Run(
      "SELECT id, ticket_id, author, body, created_at FROM ticket_notes "
      "WHERE ticket_id = $1 ORDER BY id",
      ticket_id);
  for (const pqxx::row& row : r) {
    TicketNote& n = out->emplace_back();
    n.id = Int(row[0]);
    n.ticket_id = Int(row[1]);
    n.author = Text(row[2]);
    n.text = Text(row[3]);
    n.created_unix = Int(row[4]);
  }
  return Status::Ok();
}

Status WriteApiKey(Tx& t, const ApiKey& key, int64_t now_unix, int64_t* id) {
  pqxx::result r = t.Run(
      "INSERT INTO api_keys (name, secret_hash, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (name) DO NOTHING RETURNING id",
      key.name, key.secret_hash, key.created_unix != 0 ? key.created_unix : now_unix);
  if (r.empty()) return Status::InvalidArgument("API key name already used: " + key.name);
  *id = Int(r[0][0]);
  return Status::Ok();
}

Status ReadApiKey(Tx& t, int64_t id, ApiKey* out) {
  pqxx::result r =
      t.Run("SELECT id, name, secret_hash, created_at FROM api_keys WHERE id = $1", id);
  if (r.empty()) return Status::NotFound("no API key " + std::to_string(id));
  ReadApiKeyRow(r[0], out);
  return Status::Ok();
}

Status ReadApiKeys(Tx& t, std::vector<ApiKey>* out) {
  out->clear();
  pqxx::result r = t.Run("SELECT id, name, secret_hash, created_at FROM api_keys ORDER BY id");
  for (const pqxx::row& row : r) ReadApiKeyRow(row, &out->emplace_back());
  return Status::Ok();
}

Status WriteRemoveApiKey(Tx& t, const std::string& name) {
  pqxx::result r = t.Run("DELETE FROM api_keys WHERE name = $1", name);
  if (r.affected_rows() == 0) return Status::NotFound("no API key named " + name);
  return Status::Ok();
}

}  // namespace frontdesk::store_internal::pg
