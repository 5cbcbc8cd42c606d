#include "engine/store/migrations.h"

#include <SQLiteCpp/Transaction.h>

#include <iterator>
#include <string>

namespace frontdesk::store_internal {
namespace {

// Version 1: the first schema. Times are seconds since the epoch. Text
// columns are NOT NULL with "" for none, so reads need no NULL checks.
constexpr Sql kVersion1 = R"sql(
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL UNIQUE,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  customer_id INTEGER REFERENCES customers(id),
  channel TEXT NOT NULL,
  state_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  queue TEXT NOT NULL,
  priority TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  assignee TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  due_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  channel TEXT NOT NULL,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  language TEXT NOT NULL,
  external_id TEXT NOT NULL,
  ticket_id INTEGER REFERENCES tickets(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE TABLE decisions (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id),
  route TEXT NOT NULL,
  intent TEXT,
  decision_json TEXT NOT NULL,
  trace_json TEXT NOT NULL
);
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  in_reply_to TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_by_status ON outbox(status, id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('ticket', 0);
PRAGMA user_version = 1;
)sql";

// Version 2: outbox retries (when to try again, what went wrong), and indexes
// for `frontdesk replay` (messages by time) and the agent queue view.
constexpr Sql kVersion2 = R"sql(
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
CREATE INDEX messages_by_time ON messages(created_at, id);
CREATE INDEX tickets_by_status ON tickets(status, due_at);
PRAGMA user_version = 2;
)sql";

// Version 3: the FAQ entry that answered each message, so that the FAQ lists
// the most asked entries first across restarts (counted with one indexed
// GROUP BY at start-up). Earlier answers by an FAQ intent ("faq.<id>") are
// counted too; answers found by FAQ search before version 3 were not marked.
constexpr Sql kVersion3 = R"sql(
ALTER TABLE decisions ADD COLUMN faq_entry TEXT NOT NULL DEFAULT '';
UPDATE decisions SET faq_entry = substr(intent, 5)
  WHERE route = 'answer' AND intent LIKE 'faq.%';
CREATE INDEX decisions_by_faq_entry ON decisions(faq_entry) WHERE faq_entry != '';
PRAGMA user_version = 3;
)sql";

// Version 4: the channels' credentials and the web chat. api_keys holds only
// the SHA-256 of each secret. AUTOINCREMENT on api_keys and chat_events: an id
// is never handed out twice, even after the newest row is deleted, so a
// removed key's id never names another key and a chat stream resuming after
// Last-Event-ID never skips an event. The idempotency_keys index serves
// ExpireIdempotencyKeys.
constexpr Sql kVersion4 = R"sql(
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE chat_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE chat_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  data_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX chat_events_by_conversation ON chat_events(conversation_id, id);
CREATE INDEX idempotency_keys_by_time ON idempotency_keys(created_at);
PRAGMA user_version = 4;
)sql";

// Version 5: human agents. agents keeps only the SHA-256 of each token's
// secret; a removed agent's row stays (removed = 1) so that the audit log
// still names someone, and AUTOINCREMENT keeps its id from ever naming
// another agent. ticket_notes holds agents' internal notes, which never
// reach the customer. The tickets index serves the queue filtered by
// assignee (claim).
constexpr Sql kVersion5 = R"sql(
CREATE TABLE agents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
  token_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ticket_notes (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_notes_by_ticket ON ticket_notes(ticket_id, id);
CREATE INDEX tickets_by_assignee ON tickets(assignee, status);
PRAGMA user_version = 5;
)sql";

// Version 6: nobody waits unseen, and satisfaction. ticket_notices is the
// durable queue of what happened to a ticket (opened, reopened) for the
// notifier (engine/service/notifier.h): delivered by webhook with retries
// (status pending -> sent | dead, attempts, next_attempt_at, last_error) and
// by e-mail to the queue's address through the outbox (mailed). It is
// written in the turn's own transaction, so a ticket is never opened
// without its notice. tickets gain when an agent first answered and when
// the ticket was last solved (first response and resolution times, due-time
// breaches). ratings: one per ticket, a new rating replaces it. server_keys:
// keys the server signs with (the rating links), made once so that every
// node and every restart agrees.
constexpr Sql kVersion6 = R"sql(
CREATE TABLE ticket_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event TEXT NOT NULL,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  message_id INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  mailed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ticket_notices_due ON ticket_notices(status, next_attempt_at);
ALTER TABLE tickets ADD COLUMN first_response_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN solved_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_by_creation ON tickets(created_at);
CREATE TABLE ratings (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment TEXT NOT NULL,
  channel TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  key_hex TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
PRAGMA user_version = 6;
)sql";

// Version 7: e-mail. inbound_mail keeps each received message's bytes,
// written before it is decided (nothing accepted is lost), keyed by its
// Message-ID for idempotent delivery, with the answer given once decided.
// outbox rows get the Message-ID they are sent with (fixed at the first
// claim, so a retry resends the same id and a reply finds the thread) and
// a claim's lease (status 'sending' until claimed_until). The indexes serve
// threading (our Message-IDs, earlier inbound ones) and the per-sender cap
// on automatic replies.
constexpr Sql kVersion7 = R"sql(
CREATE TABLE inbound_mail (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  sender TEXT NOT NULL,
  raw BLOB NOT NULL,
  received_at INTEGER NOT NULL,
  result_json TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE outbox ADD COLUMN mail_message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_by_mail_message_id ON outbox(mail_message_id) WHERE mail_message_id != '';
CREATE INDEX outbox_by_recipient ON outbox(recipient, created_at);
CREATE INDEX messages_by_external_id ON messages(external_id) WHERE external_id != '';
PRAGMA user_version = 7;
)sql";

// Version 8: "continue by e-mail". A chat session keeps the address its
// visitor left (unverified: agents' replies are e-mailed there too, but it
// proves nothing about who the visitor is); the index finds a ticket's
// session from its conversation.
constexpr Sql kVersion8 = R"sql(
ALTER TABLE chat_sessions ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
CREATE INDEX chat_sessions_by_conversation ON chat_sessions(conversation_id);
PRAGMA user_version = 8;
)sql";

// Version 9: owner-check attempt counters in the store, so that every
// process on the database counts the same failures (Store::ChargeAttempt).
// `counter` is a keyed hash made by the limiter, never an e-mail or a
// postcode; a row lives until expires_at (its window's end).
constexpr Sql kVersion9 = R"sql(
CREATE TABLE owner_attempts (
  counter TEXT NOT NULL,
  attempt TEXT NOT NULL,
  at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX owner_attempts_by_counter ON owner_attempts(counter, at);
CREATE INDEX owner_attempts_by_attempt ON owner_attempts(attempt);
CREATE INDEX owner_attempts_by_expiry ON owner_attempts(expires_at);
PRAGMA user_version = 9;
)sql";

struct Migration {
  int version;
  Sql sql;
};
constexpr Migration kMigrations[] = {
    {1, kVersion1}, {2, kVersion2}, {3, kVersion3}, {4, kVersion4}, {5, kVersion5}, {6, kVersion6},
    {7, kVersion7}, {8, kVersion8}, {9, kVersion9}};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

int ReadVersion(Connection& conn) { return std::stoi(conn.QueryText("PRAGMA user_version")); }

}  // namespace

Status SchemaVersion(Connection& conn, int* version) {
  return Guarded("read schema version", [&] {
    *version = ReadVersion(conn);
    return Status::Ok();
  });
}

Status Migrate(Connection& conn, int target, int* from_version) {
  return Guarded("migrate schema", [&] {
    int version = ReadVersion(conn);
    *from_version = version;
    if (version > kSchemaVersion) {
      return Status::Internal("database schema version " + std::to_string(version) +
                              " is newer than this program's " + std::to_string(kSchemaVersion));
    }
    for (const Migration& m : kMigrations) {
      if (m.version > target) break;
      if (m.version <= version) continue;
      SQLite::Transaction txn(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
      // Another process may have migrated while we waited for the lock.
      if (ReadVersion(conn) < m.version) conn.Exec(m.sql);
      txn.commit();
      version = m.version;
    }
    return Status::Ok();
  });
}

}  // namespace frontdesk::store_internal
