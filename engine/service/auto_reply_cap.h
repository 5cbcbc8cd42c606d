// The bot's automatic mail to one address is capped per window: the same
// cap as the e-mail loop guard's per-sender one (mail.max_replies_per_sender
// over mail.reply_window_seconds). The feedback form needs it most: anyone
// may type a stranger's address into it, and each message would otherwise
// mail that inbox a confirmation.
#ifndef FRONTDESK_ENGINE_SERVICE_AUTO_REPLY_CAP_H_
#define FRONTDESK_ENGINE_SERVICE_AUTO_REPLY_CAP_H_

#include <cstdint>
#include <functional>
#include <string>

#include "engine/store/store.h"
#include "frontdesk/clock.h"

namespace frontdesk {

// True while the bot has queued fewer than `max_per_window` replies to
// `address` in the last `window_seconds` (counted on the outbox). False when
// the store cannot say: an unsent confirmation costs less than a flood.
// REQUIRES: store and clock outlive the function.
std::function<bool(const std::string& address)> AutoReplyAllowance(Store* store, const Clock* clock,
                                                                    int max_per_window,
                                                                    int64_t window_seconds);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_AUTO_REPLY_CAP_H_
