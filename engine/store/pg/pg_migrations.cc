#include "engine/store/pg/pg_migrations.h"

#include <iterator>
#include <string>

namespace frontdesk::store_internal::pg {
namespace {

// Version 1: SQLite's schema 8 (engine/store/migrations.cc explains each
// table) in PostgreSQL's types: BIGSERIAL ids (a sequence never hands an
// id out twice, as SQLite's AUTOINCREMENT), BIGINT seconds since the epoch,
// BOOLEAN flags, BYTEA for raw mail, TEXT NOT NULL with '' for none.
// Ticket numbers come from the sequence ticket_ids (NextTicketId), not a
// counter row, so allocating one never waits for another node's commit.
constexpr Sql kVersion1 = R"sql(
CREATE TABLE customers (
  id BIGSERIAL PRIMARY KEY,
  address TEXT NOT NULL UNIQUE,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  customer_id BIGINT REFERENCES customers(id),
  channel TEXT NOT NULL,
  state_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX conversations_by_creation ON conversations(created_at);
CREATE SEQUENCE ticket_ids;
CREATE TABLE tickets (
  id BIGINT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  queue TEXT NOT NULL,
  priority TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  assignee TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  due_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  first_response_at BIGINT NOT NULL DEFAULT 0,
  solved_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tickets_by_status ON tickets(status, due_at);
CREATE INDEX tickets_by_assignee ON tickets(assignee, status);
CREATE INDEX tickets_by_creation ON tickets(created_at);
CREATE INDEX tickets_by_conversation ON tickets(conversation_id);
CREATE TABLE messages (
  id BIGSERIAL PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  channel TEXT NOT NULL,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  language TEXT NOT NULL,
  external_id TEXT NOT NULL,
  ticket_id BIGINT REFERENCES tickets(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_by_time ON messages(created_at, id);
CREATE INDEX messages_by_external_id ON messages(external_id) WHERE external_id <> '';
CREATE TABLE decisions (
  message_id BIGINT PRIMARY KEY REFERENCES messages(id),
  route TEXT NOT NULL,
  intent TEXT,
  decision_json TEXT NOT NULL,
  trace_json TEXT NOT NULL,
  faq_entry TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_by_faq_entry ON decisions(faq_entry) WHERE faq_entry <> '';
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  message_id BIGINT NOT NULL REFERENCES messages(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX idempotency_keys_by_time ON idempotency_keys(created_at);
CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  message_id BIGINT NOT NULL REFERENCES messages(id),
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  in_reply_to TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  next_attempt_at BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  mail_message_id TEXT NOT NULL DEFAULT '',
  claimed_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX outbox_by_status ON outbox(status, id);
CREATE INDEX outbox_by_mail_message_id ON outbox(mail_message_id) WHERE mail_message_id <> '';
CREATE INDEX outbox_by_recipient ON outbox(recipient, created_at);
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE api_keys (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE chat_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  contact_email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX chat_sessions_by_conversation ON chat_sessions(conversation_id);
CREATE TABLE chat_events (
  id BIGSERIAL PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  data_json TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX chat_events_by_conversation ON chat_events(conversation_id, id);
CREATE TABLE agents (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
  token_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  removed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE ticket_notes (
  id BIGSERIAL PRIMARY KEY,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ticket_notes_by_ticket ON ticket_notes(ticket_id, id);
CREATE TABLE ticket_notices (
  id BIGSERIAL PRIMARY KEY,
  event TEXT NOT NULL,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  message_id BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  mailed BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL,
  sent_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX ticket_notices_due ON ticket_notices(status, next_attempt_at);
CREATE INDEX ticket_notices_unmailed ON ticket_notices(id) WHERE NOT mailed;
CREATE TABLE ratings (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment TEXT NOT NULL,
  channel TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  key_hex TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE inbound_mail (
  id BIGSERIAL PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  sender TEXT NOT NULL,
  raw BYTEA NOT NULL,
  received_at BIGINT NOT NULL,
  result_json TEXT NOT NULL DEFAULT '',
  decided_at BIGINT NOT NULL DEFAULT 0
);
)sql";

// Version 2: SQLite's schema 9, owner-check attempt counters shared by
// every node (Store::ChargeAttempt; engine/store/migrations.cc).
constexpr Sql kVersion2 = R"sql(
CREATE TABLE owner_attempts (
  counter TEXT NOT NULL,
  attempt TEXT NOT NULL,
  at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX owner_attempts_by_counter ON owner_attempts(counter, at);
CREATE INDEX owner_attempts_by_attempt ON owner_attempts(attempt);
CREATE INDEX owner_attempts_by_expiry ON owner_attempts(expires_at);
)sql";

struct Migration {
  int version;
  Sql sql;
};
constexpr Migration kMigrations[] = {{1, kVersion1}, {2, kVersion2}};
static_assert(std::size(kMigrations) == kPgSchemaVersion, "one migration per schema version");

}  // namespace

Status Migrate(Conn& conn, int* from_version) {
  try {
    Tx tx(conn);
    // Per schema (hashtext of its name), in a key space of our own (the
    // first key); released at COMMIT or ROLLBACK.
    tx.Run("SELECT pg_advisory_xact_lock(1717859187, hashtext(current_schema()))");
    tx.Run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    pqxx::result r = tx.Run("SELECT version FROM schema_version");
    int version = r.empty() ? 0 : r[0][0].as<int>();
    *from_version = version;
    if (version > kPgSchemaVersion) {
      return Status::Internal("database schema version " + std::to_string(version) +
                              " is newer than this program's " + std::to_string(kPgSchemaVersion));
    }
    for (const Migration& m : kMigrations) {
      if (m.version <= version) continue;
      tx.Script(m.sql);
      version = m.version;
    }
    if (r.empty()) {
      tx.Run("INSERT INTO schema_version (version) VALUES ($1)", version);
    } else {
      tx.Run("UPDATE schema_version SET version = $1", version);
    }
    tx.Commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return PgErrorStatus(e, "migrate schema");
  }
}

}  // namespace frontdesk::store_internal::pg
