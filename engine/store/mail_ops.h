// Private to engine/store: the statements behind the Store's e-mail calls —
// inbound mail kept before it is decided, threading lookups, the per-sender
// count of automatic replies, and outbox claims for SMTP delivery. As in
// write_ops.h, Validate* run on the caller's thread, Write* on the writer
// thread inside a group-commit transaction, Read* on any connection; Write*
// and Read* may throw SQLite::Exception.
#ifndef FRONTDESK_ENGINE_STORE_MAIL_OPS_H_
#define FRONTDESK_ENGINE_STORE_MAIL_OPS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "frontdesk/status.h"
#include "engine/store/sql.h"
#include "engine/store/store.h"

namespace frontdesk::store_internal {

Status ValidateInboundMail(const InboundMail& mail);
// *mail gets the stored row when the key was stored before (*seen_before).
Status WriteInboundMail(Connection& c, InboundMail* mail, int64_t now_unix, bool* seen_before);
Status WriteFinishInboundMail(Connection& c, int64_t id, const std::string& result_json,
                              int64_t now_unix);
Status ReadMailThread(Connection& c, const MailThreadQuery& query, MailThread* out, bool* found);
Status ReadAutoReplyCount(Connection& c, const std::string& recipient, int64_t since_unix,
                          int64_t* count);
// `tokens`: one random token per item that may be claimed (tokens.size()
// is the limit), for the Message-IDs of items that have none yet.
Status WriteClaimOutbox(Connection& c, int64_t now_unix, int64_t lease_seconds,
                        const std::string& id_domain, const std::vector<std::string>& tokens,
                        std::vector<MailDelivery>* out);

Status ReadOutboxCounts(Connection& c, std::map<std::string, int64_t>* by_status);

}  // namespace frontdesk::store_internal

#endif  // FRONTDESK_ENGINE_STORE_MAIL_OPS_H_
