// CheckAutoReply: may frontdesk answer this mail automatically? RFC 3834's
// rules and what mail loops in other helpdesks taught (../shared/FIELD.md):
// never answer a robot, a list, a bounce, a receipt, a complaint report,
// ourselves, or a sender answered too often lately. A pure function: the
// caller looks up how often the sender was answered.
#ifndef FRONTDESK_ADAPTERS_EMAIL_LOOP_GUARD_H_
#define FRONTDESK_ADAPTERS_EMAIL_LOOP_GUARD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "adapters/email/mime_parser.h"

namespace frontdesk::mail {

struct LoopGuardOptions {
  // Our own addresses, lower case: mail from them is never answered.
  // Default: none (the mail config adds its `from`).
  std::vector<std::string> own_addresses;
  // Automatic replies one sender may get per window. Default: 3.
  int max_replies_per_window = 3;
  // The window, in seconds. Default: 86400 (a day).
  int64_t window_seconds = 86400;
};

struct AutoReplyVerdict {
  bool allowed = true;
  // Why not, for the log and `mail deliver --json` ("auto-submitted:
  // auto-replied", "precedence: bulk", ...); "" when allowed.
  std::string reason;
};

// `replies_in_window`: automatic replies already queued to the sender within
// options.window_seconds. Thread-safe.
AutoReplyVerdict CheckAutoReply(const ParsedMail& mail, const LoopGuardOptions& options,
                                int64_t replies_in_window);

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_LOOP_GUARD_H_
