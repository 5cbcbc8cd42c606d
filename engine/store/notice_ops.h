// Private to engine/store: the statements behind ticket notices (the
// notifier's durable queue), ratings, the figures of GET /v1/stats and
// /metrics, and server keys. As in write_ops.h, Write* run on the writer
// thread inside a group-commit transaction, Read* on whatever connection
// they are given; both may throw SQLite::Exception.
#ifndef FRONTDESK_ENGINE_STORE_NOTICE_OPS_H_
#define FRONTDESK_ENGINE_STORE_NOTICE_OPS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/store/sql.h"
#include "engine/store/store.h"
#include "frontdesk/status.h"

namespace frontdesk::store_internal {

Status ReadPendingNotices(Connection& c, int64_t now_unix, size_t limit,
                          std::vector<TicketNotice>* out);
Status WriteNoticeMailed(Connection& c, int64_t id, const OutboxItem* mail, int64_t now_unix);
// Leases a due webhook attempt (ClaimNoticeWebhook); *claimed = whether this call did.
Status WriteClaimNoticeWebhook(Connection& c, int64_t id, int64_t now_unix, int64_t lease_until_unix,
                               bool* claimed);
Status WriteNoticeSent(Connection& c, int64_t id, int64_t now_unix);
Status WriteNoticeFailed(Connection& c, int64_t id, const std::string& error,
                         int64_t retry_at_unix);
Status ReadNoticeCounts(Connection& c, std::map<std::string, int64_t>* out);

Status ValidateMail(const OutboxItem& item);
Status WriteMail(Connection& c, const OutboxItem& item, int64_t now_unix, int64_t* id);

Status ValidateRating(const Rating& rating);
Status WriteRating(Connection& c, const Rating& rating, int64_t now_unix);
Status ReadRating(Connection& c, int64_t ticket_id, Rating* out, bool* found);
Status ReadServiceFiguresSince(Connection& c, int64_t since_unix, ServiceFigures* out);
Status ReadDueFiguresAt(Connection& c, int64_t now_unix, DueFigures* out);

// Inserts `candidate_hex` under `name` unless a key is there; *key_hex = the
// stored one.
Status WriteServerKey(Connection& c, const std::string& name, const std::string& candidate_hex,
                      int64_t now_unix, std::string* key_hex);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_NOTICE_OPS_H_
