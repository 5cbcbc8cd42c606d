// Notifier: nobody waits unseen. Delivers the store's ticket notices (a
// ticket opened by an escalation, or reopened by the customer's answer;
// recorded in the turn's own transaction, so none is lost to a crash) to
// the people who must hear of them:
//   - an outbound webhook: a JSON body signed with HMAC-SHA256, retried with
//     exponential backoff after a failure or a timeout, dead-lettered after
//     max_attempts;
//   - an e-mail to the ticket's queue's address, put on the outbox (SMTP
//     delivery of the outbox is not this class's).
//
// The HTTP client is injected (WebhookPost), so that the engine opens no
// socket; `serve` passes the cpp-httplib one (adapters/http/webhook_client.h).
//
// Delivery is at least once: a receiver must dedupe on X-Frontdesk-Delivery
// (a notice delivered but not marked, e.g. on a crash, is sent again).
//
// Thread safety: RunOnce is called from one thread (the worker); the
// counters may be read from any thread.
#ifndef FRONTDESK_ENGINE_SERVICE_NOTIFIER_H_
#define FRONTDESK_ENGINE_SERVICE_NOTIFIER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/pack/pack.h"
#include "engine/store/store.h"
#include "frontdesk/clock.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct WebhookRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // application/json
  int timeout_ms = 5000;
};

// Sends one POST; *http_status = the answer's status. A non-OK Status is a
// failure to get any answer (refused, timed out); it names no secret.
using WebhookPost = std::function<Status(const WebhookRequest&, int* http_status)>;

// The headers of a signed body: the signature covers "TIMESTAMP.BODY", so a
// receiver that refuses timestamps older than a few minutes cannot be fed a
// recorded delivery again.
std::string WebhookSignature(const std::string& secret, int64_t timestamp,
                             const std::string& body);

class Notifier {
 public:
  // `config.webhook.secret` is already expanded (no ${NAME}).
  // REQUIRES: store and clock outlive this object; post set when the
  // webhook's url is.
  Notifier(Store* store, const Clock* clock, const Config& config, WebhookPost post);
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Delivers what is due now; returns how many notices it handled. Store
  // errors stop the round (the next one tries again).
  Status RunOnce(size_t* handled);

  // Since start: webhooks accepted (2xx), attempts that failed and will be
  // retried, notices given up (dead-lettered), queue e-mails queued.
  int64_t sent() const { return sent_; }
  int64_t retried() const { return retried_; }
  int64_t dead() const { return dead_; }
  int64_t mailed() const { return mailed_; }

  // The delay before attempt `attempt + 1` after `attempt` failed ones:
  // retry_base_ms * 2^(attempt-1), at most an hour, in whole seconds (>= 1).
  static int64_t BackoffSeconds(int retry_base_ms, int attempt);

 private:
  // The ticket and the message behind a notice.
  Status Describe(const TicketNotice& notice, Ticket* ticket, StoredMessage* message);
  Status Mail(const TicketNotice& notice, const Ticket& ticket, const StoredMessage& message);
  Status Deliver(const TicketNotice& notice, const Ticket& ticket, const StoredMessage& message);
  std::string Body(const TicketNotice& notice, const Ticket& ticket,
                   const StoredMessage& message) const;

  Store* store_;
  const Clock* clock_;
  NotifyConfig config_;
  BusinessHours hours_;
  WebhookPost post_;
  std::atomic<int64_t> sent_{0}, retried_{0}, dead_{0}, mailed_{0};
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_NOTIFIER_H_
