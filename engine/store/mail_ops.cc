#include "engine/store/mail_ops.h"

#include "engine/store/read_ops.h"

#include <cctype>

namespace frontdesk::store_internal {
namespace {

constexpr size_t kMaxKeyBytes = 512;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The conversation of one of our own mails, by the Message-ID it was sent with.
// Only for the address we wrote to: a chat visitor may have typed anybody's
// address for "continue by e-mail", and that person's answer (verified by
// their MTA) must not join the visitor's conversation and what it holds.
bool FindByOutboxId(Connection& c, const std::string& id, const std::string& sender,
                    MailThread* out) {
  Query q = c.Prepare(
      "SELECT m.conversation_id, o.id, o.recipient FROM outbox o JOIN messages m ON m.id = o.message_id "
      "WHERE o.mail_message_id = ? ORDER BY o.id DESC LIMIT 1");
  q->bind(1, id);
  if (!q->executeStep() || sender.empty() || Lower(q->getColumn(2).getString()) != sender)
    return false;
  out->conversation_id = q->getColumn(0).getString();
  out->how = "outbox:" + std::to_string(q->getColumn(1).getInt64());
  return true;
}

// An earlier mail of the same sender, by its Message-ID.
bool FindByInboundId(Connection& c, const std::string& id, const std::string& sender,
                     MailThread* out) {
  Query q = c.Prepare(
      "SELECT conversation_id, sender, id FROM messages WHERE external_id = ? "
      "AND direction = 'in' AND channel = 'email' ORDER BY id DESC LIMIT 1");
  q->bind(1, id);
  if (!q->executeStep() || sender.empty() || Lower(q->getColumn(1).getString()) != sender)
    return false;
  out->conversation_id = q->getColumn(0).getString();
  out->how = "message:" + std::to_string(q->getColumn(2).getInt64());
  return true;
}

// A ticket named in the subject, when the sender is its customer.
bool FindByTicket(Connection& c, int64_t ticket_id, const std::string& sender, MailThread* out) {
  Query q = c.Prepare(
      "SELECT t.conversation_id, COALESCE(cu.address, '') FROM tickets t "
      "JOIN conversations c ON c.id = t.conversation_id "
      "LEFT JOIN customers cu ON cu.id = c.customer_id WHERE t.id = ?");
  q->bind(1, ticket_id);
  if (!q->executeStep() || sender.empty() || Lower(q->getColumn(1).getString()) != sender)
    return false;
  out->conversation_id = q->getColumn(0).getString();
  out->how = "ticket:" + std::to_string(ticket_id);
  return true;
}

void ReadDelivery(Connection& c, int64_t id, MailDelivery* d) {
  Query q = c.Prepare(
      "SELECT o.id, o.message_id, o.channel, o.recipient, o.subject, o.body, o.in_reply_to, "
      "o.attempts, o.last_error, o.created_at, o.mail_message_id, COALESCE(m.ticket_id, 0), "
      "COALESCE(m.sender, ''), COALESCE(m.conversation_id, '') "
      "FROM outbox o LEFT JOIN messages m ON m.id = o.message_id WHERE o.id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return;
  ReadOutboxColumns(*q, &d->item);
  d->mail_message_id = q->getColumn(10).getString();
  d->ticket_id = q->getColumn(11).getInt64();
  d->from_bot = q->getColumn(12).getString().empty();
  d->conversation_id = q->getColumn(13).getString();
}

}  // namespace

Status ValidateInboundMail(const InboundMail& m) {
  if (m.key.empty() || m.key.size() > kMaxKeyBytes)
    return Status::InvalidArgument("inbound mail key must be 1..512 bytes");
  return Status::Ok();
}

Status WriteInboundMail(Connection& c, InboundMail* m, int64_t now_unix, bool* seen_before) {
  *seen_before = false;
  {
    Query q = c.Prepare(
        "SELECT id, sender, received_at, result_json FROM inbound_mail WHERE key = ?");
    q->bind(1, m->key);
    if (q->executeStep()) {
      *seen_before = true;
      m->id = q->getColumn(0).getInt64();
      m->sender = q->getColumn(1).getString();
      m->received_unix = q->getColumn(2).getInt64();
      m->result_json = q->getColumn(3).getString();
      return Status::Ok();
    }
  }
  if (m->received_unix == 0) m->received_unix = now_unix;
  Query q = c.Prepare(
      "INSERT INTO inbound_mail (key, sender, raw, received_at) VALUES (?, ?, ?, ?)");
  q->bind(1, m->key);
  q->bind(2, m->sender);
  q->bind(3, m->raw.data(), static_cast<int>(m->raw.size()));
  q->bind(4, m->received_unix);
  q->exec();
  m->id = c.LastInsertId();
  return Status::Ok();
}

Status WriteFinishInboundMail(Connection& c, int64_t id, const std::string& result_json,
                              int64_t now_unix) {
  Query q = c.Prepare("UPDATE inbound_mail SET result_json = ?, decided_at = ? WHERE id = ?");
  q->bind(1, result_json);
  q->bind(2, now_unix);
  q->bind(3, id);
  q->exec();
  if (c.Changes() == 0) return Status::NotFound("no inbound mail " + std::to_string(id));
  return Status::Ok();
}

Status ReadMailThread(Connection& c, const MailThreadQuery& query, MailThread* out, bool* found) {
  *found = false;
  const std::string sender = Lower(query.sender);
  for (const std::string& id : query.message_ids) {
    if (id.empty()) continue;
    if (FindByOutboxId(c, id, sender, out) || FindByInboundId(c, id, sender, out)) {
      *found = true;
      return Status::Ok();
    }
  }
  if (query.ticket_id > 0) *found = FindByTicket(c, query.ticket_id, sender, out);
  return Status::Ok();
}

Status ReadAutoReplyCount(Connection& c, const std::string& recipient, int64_t since_unix,
                          int64_t* count) {
  // The bot's replies are the outgoing messages without a sender.
  Query q = c.Prepare(
      "SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id "
      "WHERE o.recipient = ? AND o.created_at >= ? AND m.sender = ''");
  q->bind(1, recipient);
  q->bind(2, since_unix);
  q->executeStep();
  *count = q->getColumn(0).getInt64();
  return Status::Ok();
}

Status WriteClaimOutbox(Connection& c, int64_t now_unix, int64_t lease_seconds,
                        const std::string& id_domain, const std::vector<std::string>& tokens,
                        std::vector<MailDelivery>* out) {
  out->clear();
  std::vector<int64_t> ids;
  {
    Query q = c.Prepare(
        "SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= ?1) "
        "OR (status = 'sending' AND claimed_until <= ?1) ORDER BY id LIMIT ?2");
    q->bind(1, now_unix);
    q->bind(2, static_cast<int64_t>(tokens.size()));
    while (q->executeStep()) ids.push_back(q->getColumn(0).getInt64());
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    Query q = c.Prepare(
        "UPDATE outbox SET status = 'sending', claimed_until = ?1, mail_message_id = "
        "CASE WHEN mail_message_id = '' THEN ?2 ELSE mail_message_id END WHERE id = ?3");
    q->bind(1, now_unix + lease_seconds);
    q->bind(2, "fd." + std::to_string(ids[i]) + "." + tokens[i] + "@" + id_domain);
    q->bind(3, ids[i]);
    q->exec();
    ReadDelivery(c, ids[i], &out->emplace_back());
  }
  return Status::Ok();
}

Status ReadOutboxCounts(Connection& c, std::map<std::string, int64_t>* by_status) {
  by_status->clear();
  // One index range each (outbox_by_status), never the 'sent' history.
  for (const char* status : {"pending", "sending", "failed"}) {
    Query q = c.Prepare("SELECT COUNT(*) FROM outbox WHERE status = ?");
    q->bind(1, status);
    q->executeStep();
    (*by_status)[status] = q->getColumn(0).getInt64();
  }
  return Status::Ok();
}

}  // namespace frontdesk::store_internal
