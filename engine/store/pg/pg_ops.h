// Private to engine/store/pg: the statements behind PgStore's calls, by
// area as on the SQLite side (pg_turn_ops.cc: turns and the reads of
// conversations; pg_ticket_ops.cc: tickets, outbox marks, audit;
// pg_mail_ops.cc: e-mail; pg_agent_ops.cc: agents, API keys, claims, notes;
// pg_chat_ops.cc: chat sessions and events; pg_notice_ops.cc: notices,
// ratings, figures, server keys; pg_attempt_ops.cc: owner-check attempts).
// Each runs inside the caller's transaction (PgStore commits it when the
// call returns OK, rolls it back otherwise)
// and may throw (libpqxx, TextError): PgStore turns that into a Status.
// Records are checked (the Validate* of engine/store) before they get here.
#ifndef FRONTDESK_ENGINE_STORE_PG_PG_OPS_H_
#define FRONTDESK_ENGINE_STORE_PG_PG_OPS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "frontdesk/status.h"
#include "engine/store/pg/pg_conn.h"
#include "engine/store/store.h"
#include "engine/store/write_ops.h"

namespace frontdesk::store_internal::pg {

// A limit for "LIMIT NULLIF($n, 0)": 0 = none.
int64_t PgLimit(size_t limit);

// pg_turn_ops.cc
Status WriteTurn(Tx& t, const TurnRow& row, TurnResult* result);
Status NextTicketId(Tx& t, int64_t* id);
Status LookupIdempotencyKey(Tx& t, const std::string& key, TurnResult* out, bool* found);
Status ReadConversationState(Tx& t, const std::string& id, ConversationState* out, bool* found);
Status ReadConversationMessages(Tx& t, const std::string& id, std::vector<StoredMessage>* out);
Status ReadMessagesSince(Tx& t, int64_t since_unix, size_t limit, std::vector<StoredMessage>* out);

// pg_ticket_ops.cc
int64_t InsertMessage(Tx& t, const MessageRow& m);
int64_t InsertOutbox(Tx& t, int64_t message_id, const OutboxItem& o, int64_t at);
void InsertAudit(Tx& t, const AuditEntry& e, int64_t now_unix);
void ReadOutboxColumns(const pqxx::row& r, OutboxItem* o);  // columns 0..9
// for_update: lock the row until the transaction ends (a write reads it).
Status ReadTicket(Tx& t, int64_t id, Ticket* out, bool for_update = false);
Status ReadTickets(Tx& t, const TicketFilter& filter, std::vector<Ticket>* out);
Status WriteTicketUpdate(Tx& t, int64_t id, const TicketUpdate& u, int64_t now_unix);
Status WriteTicketReply(Tx& t, const TicketReply& r, int64_t now_unix, int64_t* message_id);
Status ReadPendingOutbox(Tx& t, int64_t now_unix, size_t limit, std::vector<OutboxItem>* out);
Status WriteOutboxSent(Tx& t, int64_t id, int64_t now_unix);
Status WriteOutboxFailed(Tx& t, int64_t id, const std::string& error, int64_t retry_at_unix);
Status ReadAudit(Tx& t, size_t limit, std::vector<AuditEntry>* out);
Status ReadFaqHitCounts(Tx& t, std::map<std::string, int64_t>* out);

// pg_mail_ops.cc
Status WriteInboundMail(Tx& t, InboundMail* m, int64_t now_unix, bool* seen_before);
Status WriteFinishInboundMail(Tx& t, int64_t id, const std::string& result_json, int64_t now_unix);
Status ReadMailThread(Tx& t, const MailThreadQuery& query, MailThread* out, bool* found);
Status ReadAutoReplyCount(Tx& t, const std::string& recipient, int64_t since_unix, int64_t* count);
Status WriteClaimOutbox(Tx& t, int64_t now_unix, int64_t lease_seconds, const std::string& id_domain,
                        const std::vector<std::string>& tokens, std::vector<MailDelivery>* out);
Status ReadOutboxCounts(Tx& t, std::map<std::string, int64_t>* by_status);

// pg_agent_ops.cc
Status WriteAgent(Tx& t, const Agent& a, int64_t now_unix, int64_t* id);
Status ReadAgent(Tx& t, int64_t id, Agent* out);
Status ReadAgents(Tx& t, std::vector<Agent>* out);
Status WriteRemoveAgent(Tx& t, const std::string& name);
Status WriteClaimTicket(Tx& t, int64_t id, const std::string& agent, int64_t now_unix,
                        bool* claimed, Ticket* out);
Status WriteTicketNote(Tx& t, const TicketNote& n, int64_t now_unix, int64_t* id);
Status ReadTicketNotes(Tx& t, int64_t ticket_id, std::vector<TicketNote>* out);
Status WriteApiKey(Tx& t, const ApiKey& key, int64_t now_unix, int64_t* id);
Status ReadApiKey(Tx& t, int64_t id, ApiKey* out);
Status ReadApiKeys(Tx& t, std::vector<ApiKey>* out);
Status WriteRemoveApiKey(Tx& t, const std::string& name);

// pg_chat_ops.cc
Status WriteChatSession(Tx& t, const ChatSession& s, int64_t now_unix);
Status ReadChatSession(Tx& t, const std::string& id, ChatSession* out);
Status ReadChatSessionOfConversation(Tx& t, const std::string& conversation_id, ChatSession* out);
Status WriteChatContact(Tx& t, const std::string& session_id, const std::string& email,
                        int64_t now_unix);
Status WriteChatEvent(Tx& t, const ChatEvent& e, int64_t now_unix, int64_t* id);
Status ReadChatEvents(Tx& t, const std::string& conversation_id, int64_t after_id, size_t limit,
                      std::vector<ChatEvent>* out);
Status WriteExpireIdempotencyKeys(Tx& t, int64_t before_unix, int64_t* removed);

// pg_notice_ops.cc
Status ReadPendingNotices(Tx& t, int64_t now_unix, size_t limit, std::vector<TicketNotice>* out);
Status WriteNoticeMailed(Tx& t, int64_t id, const OutboxItem* mail, int64_t now_unix);
Status WriteClaimNoticeWebhook(Tx& t, int64_t id, int64_t now_unix, int64_t lease_until_unix, bool* claimed);
Status WriteNoticeSent(Tx& t, int64_t id, int64_t now_unix);
Status WriteNoticeFailed(Tx& t, int64_t id, const std::string& error, int64_t retry_at_unix);
Status ReadNoticeCounts(Tx& t, std::map<std::string, int64_t>* out);
Status WriteMail(Tx& t, const OutboxItem& item, int64_t now_unix, int64_t* id);
Status WriteRating(Tx& t, const Rating& r, int64_t now_unix);
Status ReadRating(Tx& t, int64_t ticket_id, Rating* out, bool* found);
Status ReadServiceFiguresSince(Tx& t, int64_t since, ServiceFigures* out);
Status ReadDueFiguresAt(Tx& t, int64_t now_unix, DueFigures* out);
Status WriteServerKey(Tx& t, const std::string& name, const std::string& candidate_hex,
                      int64_t now_unix, std::string* key_hex);

// pg_attempt_ops.cc
Status WriteChargeAttempt(Tx& t, const AttemptCharge& charge, bool* allowed, bool* exhausted);
Status WriteForgiveAttempt(Tx& t, const std::string& attempt);
Status ReadAttemptCount(Tx& t, const std::string& counter, int64_t since_unix, int64_t* count);

}  // namespace frontdesk::store_internal::pg

#endif  // FRONTDESK_ENGINE_STORE_PG_PG_OPS_H_
