// E-mail: inbound mail kept once per key, threading, the per-sender count
// of automatic replies, and outbox claims with a lease; declared in
// pg_ops.h. The rules are engine/store/mail_ops.cc's.
#include <cctype>

#include "engine/store/pg/pg_ops.h"

namespace frontdesk::store_internal::pg {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One of our own mails, by the Message-ID it was sent with; only for the
// address we wrote to.
bool FindByOutboxId(Tx& t, const std::string& id, const std::string& sender, MailThread* out) {
  pqxx::result r = t.Run(
      "SELECT m.conversation_id, o.id, o.recipient FROM outbox o "
      "JOIN messages m ON m.id = o.message_id "
      "WHERE o.mail_message_id = $1 ORDER BY o.id DESC LIMIT 1",
      id);
  if (r.empty() || sender.empty() || Lower(Text(r[0][2])) != sender) return false;
  out->conversation_id = Text(r[0][0]);
  out->how = "outbox:" + std::to_string(Int(r[0][1]));
  return true;
}

// An earlier mail of the same sender, by its Message-ID.
bool FindByInboundId(Tx& t, const std::string& id, const std::string& sender, MailThread* out) {
  pqxx::result r = t.Run(
      "SELECT conversation_id, sender, id FROM messages WHERE external_id = $1 "
      "AND direction = 'in' AND channel = 'email' ORDER BY id DESC LIMIT 1",
      id);
  if (r.empty() || sender.empty() || Lower(Text(r[0][1])) != sender) return false;
  out->conversation_id = Text(r[0][0]);
  out->how = "message:" + std::to_string(Int(r[0][2]));
  return true;
}

// A ticket named in the subject, when the sender is its customer.
bool FindByTicket(Tx& t, int64_t ticket_id, const std::string& sender, MailThread* out) {
  pqxx::result r = t.Run(
      "SELECT t.conversation_id, COALESCE(cu.address, '') FROM tickets t "
      "JOIN conversations c ON c.id = t.conversation_id "
      "LEFT JOIN customers cu ON cu.id = c.customer_id WHERE t.id = $1",
      ticket_id);
  if (r.empty() || sender.empty() || Lower(Text(r[0][1])) != sender) return false;
  out->conversation_id = Text(r[0][0]);
  out->how = "ticket:" + std::to_string(ticket_id);
  return true;
}

void ReadDelivery(Tx& t, int64_t id, MailDelivery* d) {
  pqxx::result r = t.Run(
      "SELECT o.id, o.message_id, o.channel, o.recipient, o.subject, o.body, o.in_reply_to, "
      "o.attempts, o.last_error, o.created_at, o.mail_message_id, COALESCE(m.ticket_id, 0), "
      "COALESCE(m.sender, ''), COALESCE(m.conversation_id, '') "
      "FROM outbox o LEFT JOIN messages m ON m.id = o.message_id WHERE o.id = $1",
      id);
  if (r.empty()) return;
  ReadOutboxColumns(r[0], &d->item);
  d->mail_message_id = Text(r[0][10]);
  d->ticket_id = Int(r[0][11]);
  d->from_bot = Text(r[0][12]).empty();
  d->conversation_id = Text(r[0][13]);
}

}  // namespace

Status WriteInboundMail(Tx& t, InboundMail* m, int64_t now_unix, bool* seen_before) {
  *seen_before = false;
  const int64_t received = m->received_unix != 0 ? m->received_unix : now_unix;
  // ON CONFLICT: of two deliveries of one mail racing (two nodes, an MTA's
  // retry), one inserts and the other finds its row.
  pqxx::result r = t.Run(
      "INSERT INTO inbound_mail (key, sender, raw, received_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (key) DO NOTHING RETURNING id",
      m->key, m->sender, pqxx::binarystring(m->raw.data(), m->raw.size()), received);
  if (!r.empty()) {
    m->received_unix = received;
    m->id = Int(r[0][0]);
    return Status::Ok();
  }
  pqxx::row row = t.One(
      "SELECT id, sender, received_at, result_json FROM inbound_mail WHERE key = $1", m->key);
  *seen_before = true;
  m->id = Int(row[0]);
  m->sender = Text(row[1]);
  m->received_unix = Int(row[2]);
  m->result_json = Text(row[3]);
  return Status::Ok();
}

Status WriteFinishInboundMail(Tx& t, int64_t id, const std::string& result_json, int64_t now_unix) {
  pqxx::result r = t.Run("UPDATE inbound_mail SET result_json = $1, decided_at = $2 WHERE id = $3",
                         result_json, now_unix, id);
  if (r.affected_rows() == 0) return Status::NotFound("no inbound mail " + std::to_string(id));
  return Status::Ok();
}

Status ReadMailThread(Tx& t, const MailThreadQuery& query, MailThread* out, bool* found) {
  *found = false;
  const std::string sender = Lower(query.sender);
  for (const std::string& id : query.message_ids) {
    if (id.empty()) continue;
    if (FindByOutboxId(t, id, sender, out) || FindByInboundId(t, id, sender, out)) {
      *found = true;
      return Status::Ok();
    }
  }
  if (query.ticket_id > 0) *found = FindByTicket(t, query.ticket_id, sender, out);
  return Status::Ok();
}

Status ReadAutoReplyCount(Tx& t, const std::string& recipient, int64_t since_unix, int64_t* count) {
  *count = Int(t.One("SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id "
                     "WHERE o.recipient = $1 AND o.created_at >= $2 AND m.sender = ''",
                     recipient, since_unix)[0]);
  return Status::Ok();
}

Status WriteClaimOutbox(Tx& t, int64_t now_unix, int64_t lease_seconds, const std::string& id_domain,
                        const std::vector<std::string>& tokens, std::vector<MailDelivery>* out) {
  out->clear();
  // SKIP LOCKED: rows another node is claiming right now are passed over,
  // not waited for, and never claimed twice; the row locks last until this
  // claim commits.
  pqxx::result ids = t.Run(
      "SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= $1) "
      "OR (status = 'sending' AND claimed_until <= $1) ORDER BY id LIMIT $2 "
      "FOR UPDATE SKIP LOCKED",
      now_unix, static_cast<int64_t>(tokens.size()));
  for (size_t i = 0; i < ids.size(); ++i) {
    const int64_t id = Int(ids[i][0]);
    t.Run("UPDATE outbox SET status = 'sending', claimed_until = $1, mail_message_id = "
          "CASE WHEN mail_message_id = '' THEN $2 ELSE mail_message_id END WHERE id = $3",
          now_unix + lease_seconds, "fd." + std::to_string(id) + "." + tokens[i] + "@" + id_domain,
          id);
    ReadDelivery(t, id, &out->emplace_back());
  }
  return Status::Ok();
}

Status ReadOutboxCounts(Tx& t, std::map<std::string, int64_t>* by_status) {
  by_status->clear();
  pqxx::row r = t.One(
      "SELECT COUNT(*) FILTER (WHERE status = 'pending'), COUNT(*) FILTER (WHERE status = 'sending'), "
      "COUNT(*) FILTER (WHERE status = 'failed') FROM outbox WHERE status IN ('pending', 'sending', 'failed')");
  (*by_status)["pending"] = Int(r[0]);
  (*by_status)["sending"] = Int(r[1]);
  (*by_status)["failed"] = Int(r[2]);
  return Status::Ok();
}

}  // namespace frontdesk::store_internal::pg
