#include "engine/store/pg/pg_store.h"

#include <atomic>
#include <chrono>
#include <iostream>
#include <utility>

#include "engine/base/secrets.h"
#include "engine/store/agent_ops.h"
#include "engine/store/attempt_ops.h"
#include "engine/store/channel_ops.h"
#include "engine/store/mail_ops.h"
#include "engine/store/notice_ops.h"
#include "engine/store/pg/pg_conn.h"
#include "engine/store/pg/pg_migrations.h"
#include "engine/store/pg/pg_ops.h"
#include "engine/store/write_ops.h"

namespace frontdesk {
namespace {

namespace pg = store_internal::pg;
using pg::Tx;

int64_t SystemClock() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Transactions that lost a deadlock or a serialization check are run again
// this many times in all before the caller gets kUnavailable.
constexpr int kAttempts = 4;

class PgStore final : public Store {
 public:
  explicit PgStore(const PgStoreOptions& options)
      : options_(options), pool_(options.conninfo, options.max_connections) {
    if (!options_.clock) options_.clock = SystemClock;
  }

  Status CommitTurn(const TurnRecord& record, TurnResult* result) override {
    *result = TurnResult();
    store_internal::TurnRow row;
    // Serializing the decision throws on text that is not UTF-8.
    Status s = pg::Guarded("commit turn", [&] {
      return store_internal::PrepareTurn(record, options_.clock(), &row);
    });
    if (!s.ok()) return s;
    TurnResult staged;
    s = Write("commit turn", [&](Tx& t) { return pg::WriteTurn(t, row, &staged); });
    if (s.ok()) *result = std::move(staged);
    return s;
  }

  Status NextTicketId(int64_t* id) override {
    return Write("next ticket id", [&](Tx& t) { return pg::NextTicketId(t, id); });
  }

  Status LoadConversation(const std::string& id, ConversationState* out, bool* found) override {
    *found = false;
    return Read("load conversation",
                [&](Tx& t) { return pg::ReadConversationState(t, id, out, found); });
  }

  Status FindByIdempotencyKey(const std::string& key, std::string* decision_json,
                              bool* found) override {
    *found = false;
    TurnResult r;
    Status s = Read("find idempotency key",
                    [&](Tx& t) { return pg::LookupIdempotencyKey(t, key, &r, found); });
    if (s.ok() && *found) *decision_json = std::move(r.decision_json);
    return s;
  }

  Status ListConversation(const std::string& id, std::vector<StoredMessage>* out) override {
    return Read("list conversation",
                [&](Tx& t) { return pg::ReadConversationMessages(t, id, out); });
  }

  Status ListMessagesSince(int64_t since_unix, size_t limit,
                           std::vector<StoredMessage>* out) override {
    return Read("list messages",
                [&](Tx& t) { return pg::ReadMessagesSince(t, since_unix, limit, out); });
  }

  Status GetTicket(int64_t id, Ticket* out) override {
    return Read("get ticket", [&](Tx& t) { return pg::ReadTicket(t, id, out); });
  }

  Status ListTickets(const TicketFilter& filter, std::vector<Ticket>* out) override {
    return Read("list tickets", [&](Tx& t) { return pg::ReadTickets(t, filter, out); });
  }

  Status UpdateTicket(int64_t id, const TicketUpdate& update) override {
    Status s = store_internal::ValidateTicketUpdate(update);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return Write("update ticket", [&](Tx& t) { return pg::WriteTicketUpdate(t, id, update, now); });
  }

  Status AddTicketReply(const TicketReply& reply, int64_t* message_id) override {
    Status s = store_internal::ValidateTicketReply(reply);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = Write("add ticket reply",
              [&](Tx& t) { return pg::WriteTicketReply(t, reply, now, &staged); });
    if (s.ok()) *message_id = staged;
    return s;
  }

  Status PendingOutbox(size_t limit, std::vector<OutboxItem>* out) override {
    const int64_t now = options_.clock();
    return Read("pending outbox", [&](Tx& t) { return pg::ReadPendingOutbox(t, now, limit, out); });
  }

  Status MarkOutboxSent(int64_t id) override {
    const int64_t now = options_.clock();
    return Write("mark outbox sent", [&](Tx& t) { return pg::WriteOutboxSent(t, id, now); });
  }

  Status MarkOutboxFailed(int64_t id, const std::string& error, int64_t retry_at_unix) override {
    return Write("mark outbox failed",
                 [&](Tx& t) { return pg::WriteOutboxFailed(t, id, error, retry_at_unix); });
  }

  Status SaveInboundMail(InboundMail* mail, bool* seen_before) override {
    Status s = store_internal::ValidateInboundMail(*mail);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    InboundMail staged;
    bool staged_seen = false;
    s = Write("save inbound mail", [&](Tx& t) {
      staged = *mail;
      return pg::WriteInboundMail(t, &staged, now, &staged_seen);
    });
    if (s.ok()) {
      *mail = std::move(staged);
      *seen_before = staged_seen;
    }
    return s;
  }

  Status FinishInboundMail(int64_t id, const std::string& result_json) override {
    const int64_t now = options_.clock();
    return Write("finish inbound mail",
                 [&](Tx& t) { return pg::WriteFinishInboundMail(t, id, result_json, now); });
  }

  Status FindMailThread(const MailThreadQuery& query, MailThread* out, bool* found) override {
    *found = false;
    return Read("find mail thread", [&](Tx& t) { return pg::ReadMailThread(t, query, out, found); });
  }

  Status CountAutoReplies(const std::string& recipient, int64_t since_unix,
                          int64_t* count) override {
    return Read("count automatic replies",
                [&](Tx& t) { return pg::ReadAutoReplyCount(t, recipient, since_unix, count); });
  }

  Status ClaimOutbox(size_t limit, int64_t lease_seconds, const std::string& id_domain,
                     std::vector<MailDelivery>* out) override {
    out->clear();
    if (id_domain.empty()) return Status::InvalidArgument("ClaimOutbox needs a Message-ID domain");
    std::vector<std::string> tokens(limit);
    for (std::string& tok : tokens) {
      Status s = RandomHex(12, &tok);
      if (!s.ok()) return s;
    }
    const int64_t now = options_.clock();
    std::vector<MailDelivery> staged;
    Status s = Write("claim outbox", [&](Tx& t) {
      return pg::WriteClaimOutbox(t, now, lease_seconds, id_domain, tokens, &staged);
    });
    if (s.ok()) *out = std::move(staged);
    return s;
  }

  Status CountOutbox(std::map<std::string, int64_t>* by_status) override {
    return Read("count outbox", [&](Tx& t) { return pg::ReadOutboxCounts(t, by_status); });
  }

  Status FaqHitCounts(std::map<std::string, int64_t>* out) override {
    return Read("count FAQ hits", [&](Tx& t) { return pg::ReadFaqHitCounts(t, out); });
  }

  Status Audit(const AuditEntry& entry) override {
    Status s = store_internal::ValidateAudit(entry);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return Write("audit", [&](Tx& t) {
      pg::InsertAudit(t, entry, now);
      return Status::Ok();
    });
  }

  Status ListAudit(size_t limit, std::vector<AuditEntry>* out) override {
    return Read("list audit log", [&](Tx& t) { return pg::ReadAudit(t, limit, out); });
  }

  Status AddApiKey(ApiKey* key) override {
    Status s = store_internal::ValidateApiKey(*key);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = Write("add API key", [&](Tx& t) { return pg::WriteApiKey(t, *key, now, &staged); });
    if (s.ok()) key->id = staged;
    return s;
  }

  Status FindApiKey(int64_t id, ApiKey* out) override {
    return Read("find API key", [&](Tx& t) { return pg::ReadApiKey(t, id, out); });
  }

  Status ListApiKeys(std::vector<ApiKey>* out) override {
    return Read("list API keys", [&](Tx& t) { return pg::ReadApiKeys(t, out); });
  }

  Status RemoveApiKey(const std::string& name) override {
    return Write("remove API key", [&](Tx& t) { return pg::WriteRemoveApiKey(t, name); });
  }

  Status AddAgent(Agent* agent) override {
    Status s = store_internal::ValidateAgent(*agent);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = Write("add agent", [&](Tx& t) { return pg::WriteAgent(t, *agent, now, &staged); });
    if (s.ok()) agent->id = staged;
    return s;
  }

  Status FindAgent(int64_t id, Agent* out) override {
    return Read("find agent", [&](Tx& t) { return pg::ReadAgent(t, id, out); });
  }

  Status ListAgents(std::vector<Agent>* out) override {
    return Read("list agents", [&](Tx& t) { return pg::ReadAgents(t, out); });
  }

  Status RemoveAgent(const std::string& name) override {
    return Write("remove agent", [&](Tx& t) { return pg::WriteRemoveAgent(t, name); });
  }

  Status ClaimTicket(int64_t id, const std::string& agent, bool* claimed, Ticket* out) override {
    if (agent.empty()) return Status::InvalidArgument("ticket claim without an agent");
    const int64_t now = options_.clock();
    bool staged_claimed = false;
    Ticket staged;
    Status s = Write("claim ticket", [&](Tx& t) {
      return pg::WriteClaimTicket(t, id, agent, now, &staged_claimed, &staged);
    });
    if (s.ok()) {
      *claimed = staged_claimed;
      *out = std::move(staged);
    }
    return s;
  }

  Status AddTicketNote(TicketNote* note) override {
    Status s = store_internal::ValidateTicketNote(*note);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = Write("add ticket note", [&](Tx& t) { return pg::WriteTicketNote(t, *note, now, &staged); });
    if (s.ok()) note->id = staged;
    return s;
  }

  Status ListTicketNotes(int64_t ticket_id, std::vector<TicketNote>* out) override {
    return Read("list ticket notes", [&](Tx& t) { return pg::ReadTicketNotes(t, ticket_id, out); });
  }

  Status AddChatSession(const ChatSession& session) override {
    Status s = store_internal::ValidateChatSession(session);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return Write("add chat session", [&](Tx& t) { return pg::WriteChatSession(t, session, now); });
  }

  Status FindChatSession(const std::string& id, ChatSession* out) override {
    return Read("find chat session", [&](Tx& t) { return pg::ReadChatSession(t, id, out); });
  }

  Status FindChatSessionOfConversation(const std::string& conversation_id,
                                       ChatSession* out) override {
    return Read("find chat session", [&](Tx& t) {
      return pg::ReadChatSessionOfConversation(t, conversation_id, out);
    });
  }

  Status SetChatContact(const std::string& session_id, const std::string& email) override {
    Status s = store_internal::ValidateChatContact(email);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return Write("set chat contact",
                 [&](Tx& t) { return pg::WriteChatContact(t, session_id, email, now); });
  }

  Status AddChatEvent(ChatEvent* event) override {
    Status s = store_internal::ValidateChatEvent(*event);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = Write("add chat event", [&](Tx& t) { return pg::WriteChatEvent(t, *event, now, &staged); });
    if (s.ok()) event->id = staged;
    return s;
  }

  Status ListChatEvents(const std::string& conversation_id, int64_t after_id, size_t limit,
                        std::vector<ChatEvent>* out) override {
    return Read("list chat events", [&](Tx& t) {
      return pg::ReadChatEvents(t, conversation_id, after_id, limit, out);
    });
  }

  Status ExpireIdempotencyKeys(int64_t before_unix, int64_t* removed) override {
    return Write("expire idempotency keys",
                 [&](Tx& t) { return pg::WriteExpireIdempotencyKeys(t, before_unix, removed); });
  }

  Status PendingNotices(size_t limit, std::vector<TicketNotice>* out) override {
    const int64_t now = options_.clock();
    return Read("pending notices", [&](Tx& t) { return pg::ReadPendingNotices(t, now, limit, out); });
  }

  Status MarkNoticeMailed(int64_t id, const OutboxItem* mail) override {
    if (mail != nullptr) {
      Status s = store_internal::ValidateMail(*mail);
      if (!s.ok()) return s;
    }
    const int64_t now = options_.clock();
    return Write("mark notice mailed", [&](Tx& t) { return pg::WriteNoticeMailed(t, id, mail, now); });
  }

  Status ClaimNoticeWebhook(int64_t id, int64_t lease_until_unix, bool* claimed) override {
    const int64_t now = options_.clock();
    bool staged = false;
    Status s = Write("claim notice webhook",
                     [&](Tx& t) { return pg::WriteClaimNoticeWebhook(t, id, now, lease_until_unix, &staged); });
    *claimed = s.ok() && staged;
    return s;
  }

  Status MarkNoticeSent(int64_t id) override {
    const int64_t now = options_.clock();
    return Write("mark notice sent", [&](Tx& t) { return pg::WriteNoticeSent(t, id, now); });
  }

  Status MarkNoticeFailed(int64_t id, const std::string& error, int64_t retry_at_unix) override {
    return Write("mark notice failed",
                 [&](Tx& t) { return pg::WriteNoticeFailed(t, id, error, retry_at_unix); });
  }

  Status CountNotices(std::map<std::string, int64_t>* out) override {
    return Read("count notices", [&](Tx& t) { return pg::ReadNoticeCounts(t, out); });
  }

  Status EnqueueMail(const OutboxItem& item, int64_t* id) override {
    Status s = store_internal::ValidateMail(item);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = Write("enqueue mail", [&](Tx& t) { return pg::WriteMail(t, item, now, &staged); });
    if (s.ok()) *id = staged;
    return s;
  }

  Status PutRating(const Rating& rating) override {
    Status s = store_internal::ValidateRating(rating);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return Write("put rating", [&](Tx& t) { return pg::WriteRating(t, rating, now); });
  }

  Status GetRating(int64_t ticket_id, Rating* out, bool* found) override {
    *found = false;
    return Read("get rating", [&](Tx& t) { return pg::ReadRating(t, ticket_id, out, found); });
  }

  Status ReadServiceFigures(int64_t since_unix, ServiceFigures* out) override {
    return Read("service figures",
                [&](Tx& t) { return pg::ReadServiceFiguresSince(t, since_unix, out); });
  }

  Status ReadDueFigures(int64_t now_unix, DueFigures* out) override {
    return Read("due figures", [&](Tx& t) { return pg::ReadDueFiguresAt(t, now_unix, out); });
  }

  Status ServerKey(const std::string& name, std::string* key_hex) override {
    std::string candidate;
    Status s = RandomHex(32, &candidate);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    std::string staged;
    s = Write("server key",
              [&](Tx& t) { return pg::WriteServerKey(t, name, candidate, now, &staged); });
    if (s.ok()) *key_hex = std::move(staged);
    return s;
  }

  Status ChargeAttempt(const AttemptCharge& charge, bool* allowed, bool* exhausted) override {
    *allowed = *exhausted = false;
    Status s = store_internal::ValidateAttemptCharge(charge);
    if (!s.ok()) return s;
    bool staged_allowed = false, staged_exhausted = false;
    s = Write("charge attempt", [&](Tx& t) {
      return pg::WriteChargeAttempt(t, charge, &staged_allowed, &staged_exhausted);
    });
    if (s.ok()) {
      *allowed = staged_allowed;
      *exhausted = staged_exhausted;
    }
    return s;
  }

  Status ForgiveAttempt(const std::string& attempt) override {
    return Write("forgive attempt", [&](Tx& t) { return pg::WriteForgiveAttempt(t, attempt); });
  }

  Status CountAttempts(const std::string& counter, int64_t since_unix, int64_t* count) override {
    *count = 0;
    return Read("count attempts",
                [&](Tx& t) { return pg::ReadAttemptCount(t, counter, since_unix, count); });
  }

  StoreStats Stats() const override {
    StoreStats stats;
    stats.commits = commits_.load();
    stats.writes = stats.commits;
    stats.failed_writes = failed_writes_.load();
    stats.largest_batch = stats.commits > 0 ? 1 : 0;
    return stats;
  }

 private:
  // Runs fn(Tx&) -> Status in one transaction on a pooled connection:
  // committed if fn returns OK, rolled back otherwise (nothing of a failed
  // call is stored), run again after a deadlock or serialization failure.
  template <typename Fn>
  Status Run(const char* what, bool write, Fn&& fn) {
    Status s;
    for (int attempt = 1;; ++attempt) {
      std::unique_ptr<pg::Conn> conn;
      bool healthy = true, retry = false;
      try {
        conn = pool_.Take();
        Tx tx(*conn);
        s = fn(tx);
        if (s.ok()) tx.Commit();
      } catch (const std::exception& e) {
        // The server's own errors leave the connection usable (the
        // transaction is rolled back); a lost or doubtful one is closed.
        healthy = dynamic_cast<const pqxx::sql_error*>(&e) != nullptr ||
                  dynamic_cast<const pg::TextError*>(&e) != nullptr;
        retry = pg::IsRetryable(e) && attempt < kAttempts;
        s = pg::PgErrorStatus(e, what);
      }
      if (conn) pool_.Give(std::move(conn), healthy);
      if (!retry) break;
    }
    if (write) (s.ok() ? commits_ : failed_writes_).fetch_add(1);
    return s;
  }
  template <typename Fn>
  Status Write(const char* what, Fn&& fn) {
    return Run(what, true, std::forward<Fn>(fn));
  }
  template <typename Fn>
  Status Read(const char* what, Fn&& fn) {
    return Run(what, false, std::forward<Fn>(fn));
  }

  PgStoreOptions options_;
  pg::Pool pool_;
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> failed_writes_{0};
};

// What the start-up line says about the server: never the password.
std::string Describe(pqxx::connection& c) {
  const char* host = c.hostname();
  return std::string("postgres dbname=") + (c.dbname() ? c.dbname() : "") +
         " host=" + (host && *host ? host : "(socket)") + " port=" + (c.port() ? c.port() : "") +
         " server_version=" + std::to_string(c.server_version());
}

}  // namespace

Status OpenPgStore(const PgStoreOptions& options, std::unique_ptr<Store>* store) {
  store->reset();
  if (options.conninfo.empty()) return Status::InvalidArgument("postgres conninfo is empty");
  if (options.max_connections == 0) return Status::InvalidArgument("max_connections is 0");
  std::string line;
  try {
    pg::Conn conn(options.conninfo);
    int from = 0;
    Status s = pg::Migrate(conn, &from);
    if (!s.ok()) return s;
    line = "store: " + Describe(conn.raw()) +
           " schema_version=" + std::to_string(pg::kPgSchemaVersion) +
           (from != pg::kPgSchemaVersion ? " (migrated from " + std::to_string(from) + ")" : "") +
           " max_connections=" + std::to_string(options.max_connections);
  } catch (const std::exception& e) {
    // libpq's message names the host and the reason, never the password.
    return pg::PgErrorStatus(e, "open postgres store");
  }
  if (options.log) {
    options.log(line);
  } else {
    std::cerr << line << '\n';
  }
  *store = std::make_unique<PgStore>(options);
  return Status::Ok();
}

}  // namespace frontdesk
