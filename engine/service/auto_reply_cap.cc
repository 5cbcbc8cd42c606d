#include "engine/service/auto_reply_cap.h"

namespace frontdesk {

std::function<bool(const std::string& address)> AutoReplyAllowance(Store* store, const Clock* clock,
                                                                    int max_per_window,
                                                                    int64_t window_seconds) {
  return [=](const std::string& address) {
    int64_t sent = 0;
    if (!store->CountAutoReplies(address, clock->NowUnix() - window_seconds, &sent).ok()) return false;
    return sent < max_per_window;
  };
}

}  // namespace frontdesk
