// Private to engine/store: the queries behind the Store's reads. Each runs on
// the connection it is given (a pooled reader, or the writer inside its
// transaction) and may throw SQLite::Exception; callers wrap them in
// Guarded().
#ifndef FRONTDESK_ENGINE_STORE_READ_OPS_H_
#define FRONTDESK_ENGINE_STORE_READ_OPS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "frontdesk/status.h"
#include "engine/store/sql.h"
#include "engine/store/store.h"

namespace frontdesk::store_internal {

// The turn stored under an idempotency key: its decision, message and ticket.
Status LookupIdempotencyKey(Connection& c, const std::string& key, TurnResult* out, bool* found);
Status ReadConversationState(Connection& c, const std::string& id, ConversationState* out,
                             bool* found);
Status ReadConversationMessages(Connection& c, const std::string& conversation_id,
                                std::vector<StoredMessage>* out);
Status ReadMessagesSince(Connection& c, int64_t since_unix, size_t limit,
                         std::vector<StoredMessage>* out);
Status ReadTicket(Connection& c, int64_t id, Ticket* out);  // kNotFound if none
Status ReadTickets(Connection& c, const TicketFilter& filter, std::vector<Ticket>* out);
// Columns 0-9 of an outbox row selected as ReadPendingOutbox does (id,
// message_id, channel, recipient, subject, body, in_reply_to, attempts,
// last_error, created_at).
void ReadOutboxColumns(const SQLite::Statement& q, OutboxItem* o);
Status ReadPendingOutbox(Connection& c, int64_t now_unix, size_t limit,
                         std::vector<OutboxItem>* out);
Status ReadFaqHitCounts(Connection& c, std::map<std::string, int64_t>* out);
Status ReadAudit(Connection& c, size_t limit, std::vector<AuditEntry>* out);

// SQLite's LIMIT for `limit` (0 = no limit).
int64_t SqlLimit(size_t limit);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_READ_OPS_H_
