// Private to engine/store: the statements behind the Store's writes
// (turn_ops.cc: turns and ticket numbers; write_ops.cc: the rest). The
// Write* functions run on the writer thread inside a group-commit transaction
// (and may throw SQLite::Exception: GroupCommitter undoes that write). Work
// that needs no database — checking a record, serializing JSON — is done
// beforehand on the caller's thread by Prepare*, so the one writer stays busy
// only with SQLite.
#ifndef FRONTDESK_ENGINE_STORE_WRITE_OPS_H_
#define FRONTDESK_ENGINE_STORE_WRITE_OPS_H_

#include <cstdint>
#include <string>

#include "frontdesk/status.h"
#include "engine/store/sql.h"
#include "engine/store/store.h"

namespace frontdesk::store_internal {

// A TurnRecord checked and serialized, ready to bind.
struct TurnRow {
  const TurnRecord* record = nullptr;  // not owned; outlives the write
  int64_t at = 0;                      // received time
  std::string state_json;
  std::string decision_json;
  std::string trace_json;
  std::string queue, priority, reason;
  int64_t due_unix = 0;
};

// Checks the record's REQUIRES and fills *row.
Status PrepareTurn(const TurnRecord& record, int64_t now_unix, TurnRow* row);
Status WriteTurn(Connection& c, const TurnRow& row, TurnResult* result);

Status WriteNextTicketId(Connection& c, int64_t* id);
Status ValidateTicketUpdate(const TicketUpdate& update);
Status WriteTicketUpdate(Connection& c, int64_t id, const TicketUpdate& update, int64_t now_unix);
Status ValidateTicketReply(const TicketReply& reply);
Status WriteTicketReply(Connection& c, const TicketReply& reply, int64_t now_unix,
                        int64_t* message_id);
Status WriteOutboxSent(Connection& c, int64_t id, int64_t now_unix);
Status WriteOutboxFailed(Connection& c, int64_t id, const std::string& error,
                         int64_t retry_at_unix);
Status ValidateAudit(const AuditEntry& entry);
Status WriteAudit(Connection& c, const AuditEntry& entry, int64_t now_unix);

// Row inserts shared by the writes above.
struct MessageRow {
  const std::string* conversation_id;
  const char* direction;  // "in" | "out"
  const std::string* channel;
  const std::string* sender;
  const std::string* subject;
  const std::string* body;
  const std::string* language;
  const std::string* external_id;
  int64_t ticket_id;  // 0 = none
  int64_t at;
};
// Returns the new message's id.
int64_t InsertMessage(Connection& c, const MessageRow& m);
void InsertOutbox(Connection& c, int64_t message_id, const OutboxItem& o, int64_t at);
// entry.at_unix 0 = now_unix.
void InsertAudit(Connection& c, const AuditEntry& entry, int64_t now_unix);
// Binds `id` at `index`, or NULL for 0.
void BindIdOrNull(SQLite::Statement& q, int index, int64_t id);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_WRITE_OPS_H_
