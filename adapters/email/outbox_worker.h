// OutboxWorker: delivers the outbox by mail. Each round claims the items
// that are due (Store::ClaimOutbox: 'sending', with a lease), composes each
// one (ComposeReply), sends it (MailSender), then marks it sent, or due
// again after a backoff (a temporary failure), or failed (a permanent one,
// or attempts used up) — and then tells the agents: a note on the item's
// ticket, and an audit entry.
//
// Exactly once in normal operation: an item is claimed before it is sent
// and marked sent right after, and a claimed item is taken by no other
// worker (in this or another process) until its lease runs out. The crash
// window: if the process dies after the SMTP server accepted a mail and
// before MarkOutboxSent is committed, the item is sent again once its
// lease runs out — at least once, never lost, with the same Message-ID,
// which lets the recipient's mail program drop the copy.
#ifndef FRONTDESK_ADAPTERS_EMAIL_OUTBOX_WORKER_H_
#define FRONTDESK_ADAPTERS_EMAIL_OUTBOX_WORKER_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "adapters/email/smtp_sender.h"
#include "engine/store/store.h"
#include "frontdesk/clock.h"

namespace frontdesk::mail {

struct OutboxWorkerOptions {
  std::string from_address;       // REQUIRES: a plain address
  std::string from_name;          // Default: ""
  std::string message_id_domain;  // REQUIRES: non-empty
  int max_attempts = 10;          // Default: 10
  int retry_base_seconds = 60;    // doubles per attempt, at most 6 h. Default: 60
  int64_t lease_seconds = 300;    // a claim's life; longer than one send. Default: 300
  size_t batch = 50;              // items claimed per round. Default: 50
};

// Counts since start, for /metrics. Atomics: read from any thread.
struct OutboxCounters {
  std::atomic<long> claimed{0};  // items taken for delivery
  std::atomic<long> sent{0};
  std::atomic<long> retried{0};  // temporary failures, due again later
  std::atomic<long> failed{0};   // given up: permanent failure or attempts used up
};

class OutboxWorker {
 public:
  // REQUIRES: all non-null and outliving this object.
  OutboxWorker(Store* store, MailSender* sender, const Clock* clock, OutboxWorkerOptions options);

  // One round: claims what is due and tries each once. *done = items
  // handled. Returns the store's error if claiming failed. Thread-compatible
  // (one round at a time per worker; several workers may share a store).
  Status RunOnce(int* done);

  const OutboxCounters& counters() const { return counters_; }

 private:
  void Deliver(const MailDelivery& d);
  void GiveUp(const MailDelivery& d, const std::string& error);

  Store* store_;
  MailSender* sender_;
  const Clock* clock_;
  OutboxWorkerOptions options_;
  OutboxCounters counters_;
};

// Prometheus text for /metrics: frontdesk_outbox_items{status} (pending,
// sending, failed: from the store, so mail queued by any process counts)
// and frontdesk_mail_deliveries_total{outcome} (sent, retried, failed: this
// worker's, since it started). `counters` may be null.
std::string MailMetricsText(Store* store, const OutboxCounters* counters);

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_OUTBOX_WORKER_H_
