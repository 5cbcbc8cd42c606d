// FailingStore: a Store that passes everything through to another Store but,
// when told to, fails every write with kIoError before it reaches the base.
// It is the seam tests use to prove that an unsaved message is never
// acknowledged (STYLE.md rule 12; leveldb util/testutil.h ErrorEnv).
#ifndef FRONTDESK_ENGINE_STORE_FAILING_STORE_H_
#define FRONTDESK_ENGINE_STORE_FAILING_STORE_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/store/store.h"

namespace frontdesk {

class FailingStore final : public Store {
 public:
  // `base` is not owned. REQUIRES: base outlives this object.
  explicit FailingStore(Store* base) : base_(base) {}

  // Thread-safe; takes effect for writes that start afterwards.
  void set_fail_writes(bool fail) { fail_writes_ = fail; }
  // Failed writes say "disk full" (kResourceExhausted, as SQLITE_FULL does)
  // instead of kIoError. Thread-safe.
  void set_disk_full(bool full) { disk_full_ = full; }
  // Writes refused so far. Thread-safe.
  uint64_t failed_writes() const { return failed_writes_; }

  Status CommitTurn(const TurnRecord& record, TurnResult* result) override;
  Status NextTicketId(int64_t* id) override;
  Status LoadConversation(const std::string& id, ConversationState* out, bool* found) override;
  Status FindByIdempotencyKey(const std::string& key, std::string* decision_json,
                              bool* found) override;
  Status ListConversation(const std::string& conversation_id,
                          std::vector<StoredMessage>* out) override;
  Status ListMessagesSince(int64_t since_unix, size_t limit,
                           std::vector<StoredMessage>* out) override;
  Status GetTicket(int64_t id, Ticket* out) override;
  Status ListTickets(const TicketFilter& filter, std::vector<Ticket>* out) override;
  Status UpdateTicket(int64_t id, const TicketUpdate& update) override;
  Status AddTicketReply(const TicketReply& reply, int64_t* message_id) override;
  Status PendingOutbox(size_t limit, std::vector<OutboxItem>* out) override;
  Status MarkOutboxSent(int64_t id) override;
  Status MarkOutboxFailed(int64_t id, const std::string& error, int64_t retry_at_unix) override;
  Status SaveInboundMail(InboundMail* mail, bool* seen_before) override;
  Status FinishInboundMail(int64_t id, const std::string& result_json) override;
  Status FindMailThread(const MailThreadQuery& query, MailThread* out, bool* found) override;
  Status CountAutoReplies(const std::string& recipient, int64_t since_unix,
                          int64_t* count) override;
  Status ClaimOutbox(size_t limit, int64_t lease_seconds, const std::string& id_domain,
                     std::vector<MailDelivery>* out) override;
  Status CountOutbox(std::map<std::string, int64_t>* by_status) override;
  Status FaqHitCounts(std::map<std::string, int64_t>* out) override;
  Status Audit(const AuditEntry& entry) override;
  Status ListAudit(size_t limit, std::vector<AuditEntry>* out) override;
  Status AddApiKey(ApiKey* key) override;
  Status FindApiKey(int64_t id, ApiKey* out) override;
  Status ListApiKeys(std::vector<ApiKey>* out) override;
  Status RemoveApiKey(const std::string& name) override;
  Status AddAgent(Agent* agent) override;
  Status FindAgent(int64_t id, Agent* out) override;
  Status ListAgents(std::vector<Agent>* out) override;
  Status RemoveAgent(const std::string& name) override;
  Status ClaimTicket(int64_t id, const std::string& agent, bool* claimed, Ticket* out) override;
  Status AddTicketNote(TicketNote* note) override;
  Status ListTicketNotes(int64_t ticket_id, std::vector<TicketNote>* out) override;
  Status AddChatSession(const ChatSession& session) override;
  Status FindChatSession(const std::string& id, ChatSession* out) override;
  Status FindChatSessionOfConversation(const std::string& conversation_id,
                                       ChatSession* out) override;
  Status SetChatContact(const std::string& session_id, const std::string& email) override;
  Status AddChatEvent(ChatEvent* event) override;
  Status ListChatEvents(const std::string& conversation_id, int64_t after_id, size_t limit,
                        std::vector<ChatEvent>* out) override;
  Status ExpireIdempotencyKeys(int64_t before_unix, int64_t* removed) override;
  Status PendingNotices(size_t limit, std::vector<TicketNotice>* out) override;
  Status MarkNoticeMailed(int64_t id, const OutboxItem* mail) override;
  Status ClaimNoticeWebhook(int64_t id, int64_t lease_until_unix, bool* claimed) override;
  Status MarkNoticeSent(int64_t id) override;
  Status MarkNoticeFailed(int64_t id, const std::string& error, int64_t retry_at_unix) override;
  Status CountNotices(std::map<std::string, int64_t>* out) override;
  Status EnqueueMail(const OutboxItem& item, int64_t* id) override;
  Status PutRating(const Rating& rating) override;
  Status GetRating(int64_t ticket_id, Rating* out, bool* found) override;
  Status ReadServiceFigures(int64_t since_unix, ServiceFigures* out) override;
  Status ReadDueFigures(int64_t now_unix, DueFigures* out) override;
  Status ServerKey(const std::string& name, std::string* key_hex) override;
  Status ChargeAttempt(const AttemptCharge& charge, bool* allowed, bool* exhausted) override;
  Status ForgiveAttempt(const std::string& attempt) override;
  Status CountAttempts(const std::string& counter, int64_t since_unix, int64_t* count) override;
  StoreStats Stats() const override;

 private:
  // kIoError if writes fail now, else OK.
  Status Refuse();

  Store* const base_;
  std::atomic<bool> fail_writes_{false};
  std::atomic<bool> disk_full_{false};
  std::atomic<uint64_t> failed_writes_{0};
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_STORE_FAILING_STORE_H_
