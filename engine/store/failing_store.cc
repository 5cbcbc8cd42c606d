#include "engine/store/failing_store.h"

namespace frontdesk {

Status FailingStore::Refuse() {
  if (!fail_writes_) return Status::Ok();
  ++failed_writes_;
  if (disk_full_) return Status::ResourceExhausted("injected write failure: database or disk is full");
  return Status::IoError("injected write failure");
}

Status FailingStore::CommitTurn(const TurnRecord& record, TurnResult* result) {
  *result = TurnResult();
  Status s = Refuse();
  return s.ok() ? base_->CommitTurn(record, result) : s;
}

Status FailingStore::NextTicketId(int64_t* id) {
  Status s = Refuse();
  return s.ok() ? base_->NextTicketId(id) : s;
}

Status FailingStore::LoadConversation(const std::string& id, ConversationState* out, bool* found) {
  return base_->LoadConversation(id, out, found);
}

Status FailingStore::FindByIdempotencyKey(const std::string& key, std::string* decision_json,
                                          bool* found) {
  return base_->FindByIdempotencyKey(key, decision_json, found);
}

Status FailingStore::ListConversation(const std::string& conversation_id,
                                      std::vector<StoredMessage>* out) {
  return base_->ListConversation(conversation_id, out);
}

Status FailingStore::ListMessagesSince(int64_t since_unix, size_t limit,
                                       std::vector<StoredMessage>* out) {
  return base_->ListMessagesSince(since_unix, limit, out);
}

Status FailingStore::GetTicket(int64_t id, Ticket* out) { return base_->GetTicket(id, out); }

Status FailingStore::ListTickets(const TicketFilter& filter, std::vector<Ticket>* out) {
  return base_->ListTickets(filter, out);
}

Status FailingStore::UpdateTicket(int64_t id, const TicketUpdate& update) {
  Status s = Refuse();
  return s.ok() ? base_->UpdateTicket(id, update) : s;
}

Status FailingStore::AddTicketReply(const TicketReply& reply, int64_t* message_id) {
  Status s = Refuse();
  return s.ok() ? base_->AddTicketReply(reply, message_id) : s;
}

Status FailingStore::PendingOutbox(size_t limit, std::vector<OutboxItem>* out) {
  return base_->PendingOutbox(limit, out);
}

Status FailingStore::MarkOutboxSent(int64_t id) {
  Status s = Refuse();
  return s.ok() ? base_->MarkOutboxSent(id) : s;
}

Status FailingStore::MarkOutboxFailed(int64_t id, const std::string& error, int64_t retry_at_unix) {
  Status s = Refuse();
  return s.ok() ? base_->MarkOutboxFailed(id, error, retry_at_unix) : s;
}

Status FailingStore::SaveInboundMail(InboundMail* mail, bool* seen_before) {
  Status s = Refuse();
  return s.ok() ? base_->SaveInboundMail(mail, seen_before) : s;
}

Status FailingStore::FinishInboundMail(int64_t id, const std::string& result_json) {
  Status s = Refuse();
  return s.ok() ? base_->FinishInboundMail(id, result_json) : s;
}

Status FailingStore::FindMailThread(const MailThreadQuery& query, MailThread* out, bool* found) {
  return base_->FindMailThread(query, out, found);
}

Status FailingStore::CountAutoReplies(const std::string& recipient, int64_t since_unix,
                                      int64_t* count) {
  return base_->CountAutoReplies(recipient, since_unix, count);
}

Status FailingStore::ClaimOutbox(size_t limit, int64_t lease_seconds, const std::string& id_domain,
                                 std::vector<MailDelivery>* out) {
  out->clear();
  Status s = Refuse();
  return s.ok() ? base_->ClaimOutbox(limit, lease_seconds, id_domain, out) : s;
}

Status FailingStore::CountOutbox(std::map<std::string, int64_t>* by_status) {
  return base_->CountOutbox(by_status);
}

Status FailingStore::Audit(const AuditEntry& entry) {
  Status s = Refuse();
  return s.ok() ? base_->Audit(entry) : s;
}

Status FailingStore::FaqHitCounts(std::map<std::string, int64_t>* out) {
  return base_->FaqHitCounts(out);
}

Status FailingStore::ListAudit(size_t limit, std::vector<AuditEntry>* out) {
  return base_->ListAudit(limit, out);
}

Status FailingStore::AddApiKey(ApiKey* key) {
  Status s = Refuse();
  return s.ok() ? base_->AddApiKey(key) : s;
}

Status FailingStore::FindApiKey(int64_t id, ApiKey* out) { return base_->FindApiKey(id, out); }

Status FailingStore::ListApiKeys(std::vector<ApiKey>* out) { return base_->ListApiKeys(out); }

Status FailingStore::RemoveApiKey(const std::string& name) {
  Status s = Refuse();
  return s.ok() ? base_->RemoveApiKey(name) : s;
}

Status FailingStore::AddAgent(Agent* agent) {
  Status s = Refuse();
  return s.ok() ? base_->AddAgent(agent) : s;
}

Status FailingStore::FindAgent(int64_t id, Agent* out) { return base_->FindAgent(id, out); }

Status FailingStore::ListAgents(std::vector<Agent>* out) { return base_->ListAgents(out); }

Status FailingStore::RemoveAgent(const std::string& name) {
  Status s = Refuse();
  return s.ok() ? base_->RemoveAgent(name) : s;
}

Status FailingStore::ClaimTicket(int64_t id, const std::string& agent, bool* claimed,
                                 Ticket* out) {
  Status s = Refuse();
  return s.ok() ? base_->ClaimTicket(id, agent, claimed, out) : s;
}

Status FailingStore::AddTicketNote(TicketNote* note) {
  Status s = Refuse();
  return s.ok() ? base_->AddTicketNote(note) : s;
}

Status FailingStore::ListTicketNotes(int64_t ticket_id, std::vector<TicketNote>* out) {
  return base_->ListTicketNotes(ticket_id, out);
}

Status FailingStore::AddChatSession(const ChatSession& session) {
  Status s = Refuse();
  return s.ok() ? base_->AddChatSession(session) : s;
}

Status FailingStore::FindChatSession(const std::string& id, ChatSession* out) {
  return base_->FindChatSession(id, out);
}

Status FailingStore::FindChatSessionOfConversation(const std::string& conversation_id,
                                                   ChatSession* out) {
  return base_->FindChatSessionOfConversation(conversation_id, out);
}

Status FailingStore::SetChatContact(const std::string& session_id, const std::string& email) {
  Status s = Refuse();
  return s.ok() ? base_->SetChatContact(session_id, email) : s;
}

Status FailingStore::AddChatEvent(ChatEvent* event) {
  Status s = Refuse();
  return s.ok() ? base_->AddChatEvent(event) : s;
}

Status FailingStore::ListChatEvents(const std::string& conversation_id, int64_t after_id,
                                    size_t limit, std::vector<ChatEvent>* out) {
  return base_->ListChatEvents(conversation_id, after_id, limit, out);
}

Status FailingStore::ExpireIdempotencyKeys(int64_t before_unix, int64_t* removed) {
  Status s = Refuse();
  return s.ok() ? base_->ExpireIdempotencyKeys(before_unix, removed) : s;
}

Status FailingStore::PendingNotices(size_t limit, std::vector<TicketNotice>* out) {
  return base_->PendingNotices(limit, out);
}

Status FailingStore::MarkNoticeMailed(int64_t id, const OutboxItem* mail) {
  Status s = Refuse();
  return s.ok() ? base_->MarkNoticeMailed(id, mail) : s;
}

Status FailingStore::ClaimNoticeWebhook(int64_t id, int64_t lease_until_unix, bool* claimed) {
  Status s = Refuse();
  return s.ok() ? base_->ClaimNoticeWebhook(id, lease_until_unix, claimed) : s;
}

Status FailingStore::MarkNoticeSent(int64_t id) {
  Status s = Refuse();
  return s.ok() ? base_->MarkNoticeSent(id) : s;
}

Status FailingStore::MarkNoticeFailed(int64_t id, const std::string& error,
                                      int64_t retry_at_unix) {
  Status s = Refuse();
  return s.ok() ? base_->MarkNoticeFailed(id, error, retry_at_unix) : s;
}

Status FailingStore::CountNotices(std::map<std::string, int64_t>* out) {
  return base_->CountNotices(out);
}

Status FailingStore::EnqueueMail(const OutboxItem& item, int64_t* id) {
  Status s = Refuse();
  return s.ok() ? base_->EnqueueMail(item, id) : s;
}

Status FailingStore::PutRating(const Rating& rating) {
  Status s = Refuse();
  return s.ok() ? base_->PutRating(rating) : s;
}

Status FailingStore::GetRating(int64_t ticket_id, Rating* out, bool* found) {
  return base_->GetRating(ticket_id, out, found);
}

Status FailingStore::ReadServiceFigures(int64_t since_unix, ServiceFigures* out) {
  return base_->ReadServiceFigures(since_unix, out);
}

Status FailingStore::ReadDueFigures(int64_t now_unix, DueFigures* out) {
  return base_->ReadDueFigures(now_unix, out);
}

Status FailingStore::ServerKey(const std::string& name, std::string* key_hex) {
  Status s = Refuse();
  return s.ok() ? base_->ServerKey(name, key_hex) : s;
}

Status FailingStore::ChargeAttempt(const AttemptCharge& charge, bool* allowed, bool* exhausted) {
  Status s = Refuse();
  return s.ok() ? base_->ChargeAttempt(charge, allowed, exhausted) : s;
}

Status FailingStore::ForgiveAttempt(const std::string& attempt) {
  Status s = Refuse();
  return s.ok() ? base_->ForgiveAttempt(attempt) : s;
}

Status FailingStore::CountAttempts(const std::string& counter, int64_t since_unix, int64_t* count) {
  return base_->CountAttempts(counter, since_unix, count);
}

StoreStats FailingStore::Stats() const { return base_->Stats(); }

}  // namespace frontdesk
