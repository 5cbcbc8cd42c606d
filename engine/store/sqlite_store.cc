#include "engine/store/sqlite_store.h"

#include <chrono>
#include <iostream>
#include <utility>
#include <vector>

#include "engine/base/mutex.h"
#include "engine/base/secrets.h"
#include "engine/store/agent_ops.h"
#include "engine/store/attempt_ops.h"
#include "engine/store/channel_ops.h"
#include "engine/store/checkpointer.h"
#include "engine/store/group_commit.h"
#include "engine/store/mail_ops.h"
#include "engine/store/migrations.h"
#include "engine/store/notice_ops.h"
#include "engine/store/read_ops.h"
#include "engine/store/sql.h"
#include "engine/store/write_ops.h"

namespace frontdesk {
namespace {

using store_internal::Checkpointer;
using store_internal::Connection;
using store_internal::GroupCommitter;
using store_internal::Guarded;

int64_t SystemClock() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class SqliteStore final : public Store {
 public:
  // `checkpointer` is attached to `writer` already.
  SqliteStore(const StoreOptions& options, std::unique_ptr<Checkpointer> checkpointer,
              std::unique_ptr<Connection> writer)
      : options_(options),
        checkpointer_(std::move(checkpointer)),
        committer_(std::move(writer),
                   {options.group_commit ? options.max_batch : 1, options.before_commit_for_test}) {
    if (!options_.clock) options_.clock = SystemClock;
  }

  Status CommitTurn(const TurnRecord& record, TurnResult* result) override {
    *result = TurnResult();
    store_internal::TurnRow row;
    // Serializing the state and the decision throws on text that is not
    // UTF-8: an error for the caller, never an exception out of the store.
    Status s = Guarded("prepare turn", [&] {
      return store_internal::PrepareTurn(record, options_.clock(), &row);
    });
    if (!s.ok()) return s;
    TurnResult staged;
    s = committer_.Write([&](Connection& c) { return WriteTurn(c, row, &staged); });
    // Hand out the result only once the transaction is committed.
    if (s.ok()) *result = std::move(staged);
    return s;
  }

  Status NextTicketId(int64_t* id) override {
    int64_t staged = 0;
    Status s = committer_.Write([&](Connection& c) { return WriteNextTicketId(c, &staged); });
    if (s.ok()) *id = staged;
    return s;
  }

  Status LoadConversation(const std::string& id, ConversationState* out, bool* found) override {
    *found = false;
    return Read("load conversation",
                [&](Connection& c) { return ReadConversationState(c, id, out, found); });
  }

  Status FindByIdempotencyKey(const std::string& key, std::string* decision_json,
                              bool* found) override {
    *found = false;
    TurnResult r;
    Status s = Read("find idempotency key",
                    [&](Connection& c) { return LookupIdempotencyKey(c, key, &r, found); });
    if (s.ok() && *found) *decision_json = std::move(r.decision_json);
    return s;
  }

  Status ListConversation(const std::string& id, std::vector<StoredMessage>* out) override {
    return Read("list conversation",
                [&](Connection& c) { return ReadConversationMessages(c, id, out); });
  }

  Status ListMessagesSince(int64_t since_unix, size_t limit,
                           std::vector<StoredMessage>* out) override {
    return Read("list messages",
                [&](Connection& c) { return ReadMessagesSince(c, since_unix, limit, out); });
  }

  Status GetTicket(int64_t id, Ticket* out) override {
    return Read("get ticket", [&](Connection& c) { return ReadTicket(c, id, out); });
  }

  Status ListTickets(const TicketFilter& filter, std::vector<Ticket>* out) override {
    return Read("list tickets", [&](Connection& c) { return ReadTickets(c, filter, out); });
  }

  Status UpdateTicket(int64_t id, const TicketUpdate& update) override {
    Status s = store_internal::ValidateTicketUpdate(update);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return committer_.Write([&](Connection& c) { return WriteTicketUpdate(c, id, update, now); });
  }

  Status AddTicketReply(const TicketReply& reply, int64_t* message_id) override {
    Status s = store_internal::ValidateTicketReply(reply);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = committer_.Write([&](Connection& c) { return WriteTicketReply(c, reply, now, &staged); });
    if (s.ok()) *message_id = staged;
    return s;
  }

  Status PendingOutbox(size_t limit, std::vector<OutboxItem>* out) override {
    const int64_t now = options_.clock();
    return Read("pending outbox",
                [&](Connection& c) { return ReadPendingOutbox(c, now, limit, out); });
  }

  Status MarkOutboxSent(int64_t id) override {
    const int64_t now = options_.clock();
    return committer_.Write([&](Connection& c) { return WriteOutboxSent(c, id, now); });
  }

  Status MarkOutboxFailed(int64_t id, const std::string& error, int64_t retry_at_unix) override {
    return committer_.Write(
        [&](Connection& c) { return WriteOutboxFailed(c, id, error, retry_at_unix); });
  }

  Status SaveInboundMail(InboundMail* mail, bool* seen_before) override {
    Status s = store_internal::ValidateInboundMail(*mail);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    InboundMail staged = *mail;
    bool staged_seen = false;
    s = committer_.Write(
        [&](Connection& c) { return WriteInboundMail(c, &staged, now, &staged_seen); });
    if (s.ok()) {
      *mail = std::move(staged);
      *seen_before = staged_seen;
    }
    return s;
  }

  Status FinishInboundMail(int64_t id, const std::string& result_json) override {
    const int64_t now = options_.clock();
    return committer_.Write(
        [&](Connection& c) { return WriteFinishInboundMail(c, id, result_json, now); });
  }

  Status FindMailThread(const MailThreadQuery& query, MailThread* out, bool* found) override {
    *found = false;
    return Read("find mail thread",
                [&](Connection& c) { return ReadMailThread(c, query, out, found); });
  }

  Status CountAutoReplies(const std::string& recipient, int64_t since_unix,
                          int64_t* count) override {
    return Read("count automatic replies", [&](Connection& c) {
      return ReadAutoReplyCount(c, recipient, since_unix, count);
    });
  }

  Status ClaimOutbox(size_t limit, int64_t lease_seconds, const std::string& id_domain,
                     std::vector<MailDelivery>* out) override {
    out->clear();
    if (id_domain.empty()) return Status::InvalidArgument("ClaimOutbox needs a Message-ID domain");
    std::vector<std::string> tokens(limit);
    for (std::string& t : tokens) {
      Status s = RandomHex(12, &t);
      if (!s.ok()) return s;
    }
    const int64_t now = options_.clock();
    std::vector<MailDelivery> staged;
    Status s = committer_.Write([&](Connection& c) {
      return WriteClaimOutbox(c, now, lease_seconds, id_domain, tokens, &staged);
    });
    if (s.ok()) *out = std::move(staged);
    return s;
  }

  Status CountOutbox(std::map<std::string, int64_t>* by_status) override {
    return Read("count outbox", [&](Connection& c) { return ReadOutboxCounts(c, by_status); });
  }

  Status FaqHitCounts(std::map<std::string, int64_t>* out) override {
    return Read("count FAQ hits", [&](Connection& c) { return ReadFaqHitCounts(c, out); });
  }

  Status Audit(const AuditEntry& entry) override {
    Status s = store_internal::ValidateAudit(entry);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return committer_.Write([&](Connection& c) { return WriteAudit(c, entry, now); });
  }

  Status ListAudit(size_t limit, std::vector<AuditEntry>* out) override {
    return Read("list audit log", [&](Connection& c) { return ReadAudit(c, limit, out); });
  }

  Status AddApiKey(ApiKey* key) override {
    Status s = store_internal::ValidateApiKey(*key);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = committer_.Write([&](Connection& c) { return WriteApiKey(c, *key, now, &staged); });
    if (s.ok()) key->id = staged;
    return s;
  }

  Status FindApiKey(int64_t id, ApiKey* out) override {
    return Read("find API key", [&](Connection& c) { return ReadApiKey(c, id, out); });
  }

  Status ListApiKeys(std::vector<ApiKey>* out) override {
    return Read("list API keys", [&](Connection& c) { return ReadApiKeys(c, out); });
  }

  Status RemoveApiKey(const std::string& name) override {
    return committer_.Write([&](Connection& c) { return WriteRemoveApiKey(c, name); });
  }

  Status AddAgent(Agent* agent) override {
    Status s = store_internal::ValidateAgent(*agent);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = committer_.Write([&](Connection& c) { return WriteAgent(c, *agent, now, &staged); });
    if (s.ok()) agent->id = staged;
    return s;
  }

  Status FindAgent(int64_t id, Agent* out) override {
    return Read("find agent", [&](Connection& c) { return ReadAgent(c, id, out); });
  }

  Status ListAgents(std::vector<Agent>* out) override {
    return Read("list agents", [&](Connection& c) { return ReadAgents(c, out); });
  }

  Status RemoveAgent(const std::string& name) override {
    return committer_.Write([&](Connection& c) { return WriteRemoveAgent(c, name); });
  }

  Status ClaimTicket(int64_t id, const std::string& agent, bool* claimed, Ticket* out) override {
    if (agent.empty()) return Status::InvalidArgument("ticket claim without an agent");
    const int64_t now = options_.clock();
    bool staged_claimed = false;
    Ticket staged;
    Status s = committer_.Write([&](Connection& c) {
      return WriteClaimTicket(c, id, agent, now, &staged_claimed, &staged);
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
    s = committer_.Write([&](Connection& c) { return WriteTicketNote(c, *note, now, &staged); });
    if (s.ok()) note->id = staged;
    return s;
  }

  Status ListTicketNotes(int64_t ticket_id, std::vector<TicketNote>* out) override {
    return Read("list ticket notes",
                [&](Connection& c) { return ReadTicketNotes(c, ticket_id, out); });
  }

  Status AddChatSession(const ChatSession& session) override {
    Status s = store_internal::ValidateChatSession(session);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return committer_.Write([&](Connection& c) { return WriteChatSession(c, session, now); });
  }

  Status FindChatSession(const std::string& id, ChatSession* out) override {
    return Read("find chat session", [&](Connection& c) { return ReadChatSession(c, id, out); });
  }

  Status FindChatSessionOfConversation(const std::string& conversation_id,
                                       ChatSession* out) override {
    return Read("find chat session", [&](Connection& c) {
      return ReadChatSessionOfConversation(c, conversation_id, out);
    });
  }

  Status SetChatContact(const std::string& session_id, const std::string& email) override {
    Status s = store_internal::ValidateChatContact(email);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return committer_.Write(
        [&](Connection& c) { return WriteChatContact(c, session_id, email, now); });
  }

  Status AddChatEvent(ChatEvent* event) override {
    Status s = store_internal::ValidateChatEvent(*event);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = committer_.Write([&](Connection& c) { return WriteChatEvent(c, *event, now, &staged); });
    if (s.ok()) event->id = staged;
    return s;
  }

  Status ListChatEvents(const std::string& conversation_id, int64_t after_id, size_t limit,
                        std::vector<ChatEvent>* out) override {
    return Read("list chat events", [&](Connection& c) {
      return ReadChatEvents(c, conversation_id, after_id, limit, out);
    });
  }

  Status ExpireIdempotencyKeys(int64_t before_unix, int64_t* removed) override {
    int64_t staged = 0;
    Status s = committer_.Write(
        [&](Connection& c) { return WriteExpireIdempotencyKeys(c, before_unix, &staged); });
    if (s.ok()) *removed = staged;
    return s;
  }

  Status PendingNotices(size_t limit, std::vector<TicketNotice>* out) override {
    const int64_t now = options_.clock();
    return Read("pending notices",
                [&](Connection& c) { return ReadPendingNotices(c, now, limit, out); });
  }

  Status MarkNoticeMailed(int64_t id, const OutboxItem* mail) override {
    if (mail != nullptr) {
      Status s = store_internal::ValidateMail(*mail);
      if (!s.ok()) return s;
    }
    const int64_t now = options_.clock();
    return committer_.Write([&](Connection& c) { return WriteNoticeMailed(c, id, mail, now); });
  }

  Status ClaimNoticeWebhook(int64_t id, int64_t lease_until_unix, bool* claimed) override {
    const int64_t now = options_.clock();
    bool staged = false;
    Status s = committer_.Write(
        [&](Connection& c) { return WriteClaimNoticeWebhook(c, id, now, lease_until_unix, &staged); });
    *claimed = s.ok() && staged;
    return s;
  }

  Status MarkNoticeSent(int64_t id) override {
    const int64_t now = options_.clock();
    return committer_.Write([&](Connection& c) { return WriteNoticeSent(c, id, now); });
  }

  Status MarkNoticeFailed(int64_t id, const std::string& error, int64_t retry_at_unix) override {
    return committer_.Write(
        [&](Connection& c) { return WriteNoticeFailed(c, id, error, retry_at_unix); });
  }

  Status CountNotices(std::map<std::string, int64_t>* out) override {
    return Read("count notices", [&](Connection& c) { return ReadNoticeCounts(c, out); });
  }

  Status EnqueueMail(const OutboxItem& item, int64_t* id) override {
    Status s = store_internal::ValidateMail(item);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    int64_t staged = 0;
    s = committer_.Write([&](Connection& c) { return WriteMail(c, item, now, &staged); });
    if (s.ok()) *id = staged;
    return s;
  }

  Status PutRating(const Rating& rating) override {
    Status s = store_internal::ValidateRating(rating);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    return committer_.Write([&](Connection& c) { return WriteRating(c, rating, now); });
  }

  Status GetRating(int64_t ticket_id, Rating* out, bool* found) override {
    *found = false;
    return Read("get rating", [&](Connection& c) { return ReadRating(c, ticket_id, out, found); });
  }

  Status ReadServiceFigures(int64_t since_unix, ServiceFigures* out) override {
    return Read("service figures",
                [&](Connection& c) { return ReadServiceFiguresSince(c, since_unix, out); });
  }

  Status ReadDueFigures(int64_t now_unix, DueFigures* out) override {
    return Read("due figures", [&](Connection& c) { return ReadDueFiguresAt(c, now_unix, out); });
  }

  Status ServerKey(const std::string& name, std::string* key_hex) override {
    std::string candidate;
    Status s = RandomHex(32, &candidate);
    if (!s.ok()) return s;
    const int64_t now = options_.clock();
    std::string staged;
    s = committer_.Write(
        [&](Connection& c) { return WriteServerKey(c, name, candidate, now, &staged); });
    if (s.ok()) *key_hex = std::move(staged);
    return s;
  }

  Status ChargeAttempt(const AttemptCharge& charge, bool* allowed, bool* exhausted) override {
    *allowed = *exhausted = false;
    Status s = store_internal::ValidateAttemptCharge(charge);
    if (!s.ok()) return s;
    bool staged_allowed = false, staged_exhausted = false;
    s = committer_.Write([&](Connection& c) {
      return WriteChargeAttempt(c, charge, &staged_allowed, &staged_exhausted);
    });
    if (s.ok()) {
      *allowed = staged_allowed;
      *exhausted = staged_exhausted;
    }
    return s;
  }

  Status ForgiveAttempt(const std::string& attempt) override {
    return committer_.Write([&](Connection& c) { return WriteForgiveAttempt(c, attempt); });
  }

  Status CountAttempts(const std::string& counter, int64_t since_unix, int64_t* count) override {
    *count = 0;
    return Read("count attempts",
                [&](Connection& c) { return ReadAttemptCount(c, counter, since_unix, count); });
  }

  StoreStats Stats() const override {
    StoreStats stats = committer_.stats();
    stats.checkpoints = checkpointer_->checkpoints();
    stats.checkpoint_catch_ups = checkpointer_->catch_ups();
    return stats;
  }

 private:
  // Runs fn on a pooled read connection. WAL lets reads run beside the
  // writer; each read sees the last commit made before it started.
  template <typename Fn>
  Status Read(const char* what, Fn&& fn) {
    std::unique_ptr<Connection> conn;
    {
      MutexLock lock(&readers_mu_);
      if (!readers_.empty()) {
        conn = std::move(readers_.back());
        readers_.pop_back();
      }
    }
    Status s = Guarded(what, [&] {
      if (!conn) conn = OpenReader();
      return fn(*conn);
    });
    if (conn && s.code() != Status::Code::kInternal && s.code() != Status::Code::kIoError) {
      MutexLock lock(&readers_mu_);
      if (readers_.size() < options_.max_idle_readers) readers_.push_back(std::move(conn));
    }
    return s;
  }

  std::unique_ptr<Connection> OpenReader() const {
    auto conn =
        std::make_unique<Connection>(options_.path, /*create=*/false, options_.busy_timeout_ms);
    // Readers never write; say so, so that a bug cannot make one try.
    conn->Exec("PRAGMA query_only = ON");
    return conn;
  }

  StoreOptions options_;
  // Before the committer: the writer's WAL hook calls it until the writer
  // thread has stopped.
  std::unique_ptr<Checkpointer> checkpointer_;
  GroupCommitter committer_;
  Mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_ GUARDED_BY(readers_mu_);
};

// Opens the write connection: WAL, synchronous, foreign keys, schema, and the
// one start-up log line.
Status OpenWriter(const StoreOptions& options, std::unique_ptr<Connection>* out) {
  return Guarded("open " + options.path, [&] {
    auto conn =
        std::make_unique<Connection>(options.path, /*create=*/true, options.busy_timeout_ms);
    std::string journal = conn->QueryText("PRAGMA journal_mode = WAL");
    if (journal != "wal") {
      return Status::IoError("open " + options.path + ": journal_mode is " + journal +
                             ", WAL is required");
    }
    if (options.synchronous_full) {
      conn->Exec("PRAGMA synchronous = FULL");
    } else {
      conn->Exec("PRAGMA synchronous = NORMAL");
    }
    conn->Exec("PRAGMA foreign_keys = ON");
    // The writer walks the indexes of every turn; a page cache of 64 MiB
    // (SQLite's default is 2 MiB) keeps their upper levels and the recent
    // leaves in memory instead of reading them back from the file.
    conn->Exec("PRAGMA cache_size = -65536");
    int from = 0;
    Status s = store_internal::Migrate(*conn, store_internal::kSchemaVersion, &from);
    if (!s.ok()) return s;
    // Log what SQLite reports, not what was asked for.
    const std::string sync = conn->QueryText("PRAGMA synchronous");
    std::string line =
        "store: " + options.path + " journal_mode=" + conn->QueryText("PRAGMA journal_mode") +
        " synchronous=" +
        (sync == "2"   ? "FULL"
         : sync == "1" ? "NORMAL"
                       : sync) +
        " busy_timeout_ms=" + conn->QueryText("PRAGMA busy_timeout") +
        " schema_version=" + std::to_string(store_internal::kSchemaVersion) +
        (from != store_internal::kSchemaVersion ? " (migrated from " + std::to_string(from) + ")"
                                                : "") +
        " group_commit=" + (options.group_commit ? "on" : "off");
    if (options.log) {
      options.log(line);
    } else {
      std::cerr << line << '\n';
    }
    *out = std::move(conn);
    return Status::Ok();
  });
}

}  // namespace

Status OpenSqliteStore(const StoreOptions& options, std::unique_ptr<Store>* store) {
  store->reset();
  if (options.path.empty()) return Status::InvalidArgument("store path is empty");
  if (options.busy_timeout_ms < 0) return Status::InvalidArgument("busy_timeout_ms < 0");
  if (options.checkpoint_wal_pages <= 0) return Status::InvalidArgument("checkpoint_wal_pages <= 0");
  std::unique_ptr<Connection> writer;
  Status s = OpenWriter(options, &writer);
  if (!s.ok()) return s;
  std::unique_ptr<Checkpointer> checkpointer;
  s = Guarded("open " + options.path, [&] {
    auto conn = std::make_unique<Connection>(options.path, /*create=*/false, options.busy_timeout_ms);
    // A checkpoint fsyncs the database file as the writer's setting says.
    if (options.synchronous_full) conn->Exec("PRAGMA synchronous = FULL");
    else conn->Exec("PRAGMA synchronous = NORMAL");
    checkpointer = std::make_unique<Checkpointer>(std::move(conn), options.checkpoint_wal_pages);
    checkpointer->Attach(*writer);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  *store = std::make_unique<SqliteStore>(options, std::move(checkpointer), std::move(writer));
  return Status::Ok();
}

}  // namespace frontdesk
