#include "adapters/email/outbox_worker.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "adapters/email/reply_composer.h"

namespace frontdesk::mail {

OutboxWorker::OutboxWorker(Store* store, MailSender* sender, const Clock* clock,
                           OutboxWorkerOptions options)
    : store_(store), sender_(sender), clock_(clock), options_(std::move(options)) {}

Status OutboxWorker::RunOnce(int* done) {
  *done = 0;
  std::vector<MailDelivery> due;
  Status s = store_->ClaimOutbox(options_.batch, options_.lease_seconds,
                                 options_.message_id_domain, &due);
  if (!s.ok()) return s;
  counters_.claimed += static_cast<long>(due.size());
  for (const MailDelivery& d : due) {
    Deliver(d);
    ++*done;
  }
  return Status::Ok();
}

void OutboxWorker::Deliver(const MailDelivery& d) {
  const OutboxItem& o = d.item;
  OutgoingMail m;
  m.from_address = options_.from_address;
  m.from_name = options_.from_name;
  m.to_address = o.recipient;
  m.subject = o.subject;
  m.body = o.body;
  m.message_id = d.mail_message_id;
  m.in_reply_to = o.in_reply_to;
  m.ticket = d.ticket_id;
  m.auto_reply = d.from_bot;
  m.date_unix = clock_->NowUnix();
  std::string raw;
  if (Status s = ComposeReply(m, &raw); !s.ok()) return GiveUp(d, "not sendable: " + s.message());
  SendOutcome out = sender_->Send(o.recipient, raw);
  if (out.result == SendResult::kSent) {
    Status s = store_->MarkOutboxSent(o.id);
    if (!s.ok()) {
      // The lease keeps the item from being sent again at once; after it,
      // the item is sent again (the crash window of outbox_worker.h).
      std::fprintf(stderr, "frontdesk: outbox %lld sent but not marked: %s\n",
                   static_cast<long long>(o.id), s.ToString().c_str());
      return;
    }
    ++counters_.sent;
    return;
  }
  const int attempt = o.attempts + 1;
  if (out.result == SendResult::kPermanent || attempt >= options_.max_attempts)
    return GiveUp(d, out.error);
  int64_t delay = std::min<int64_t>(int64_t{options_.retry_base_seconds} << std::min(attempt - 1, 20),
                                    6 * 3600);
  if (Status s = store_->MarkOutboxFailed(o.id, out.error, clock_->NowUnix() + delay); !s.ok())
    std::fprintf(stderr, "frontdesk: outbox %lld: %s\n", static_cast<long long>(o.id), s.ToString().c_str());
  ++counters_.retried;
  std::fprintf(stderr, "frontdesk: outbox %lld not delivered (attempt %d, again in %llds): %s\n",
               static_cast<long long>(o.id), attempt, static_cast<long long>(delay), out.error.c_str());
}

// Marks the item failed and tells the agents: a note on its ticket (the
// queue shows it), and an audit entry either way. Never the mail's text.
void OutboxWorker::GiveUp(const MailDelivery& d, const std::string& error) {
  const OutboxItem& o = d.item;
  ++counters_.failed;
  std::fprintf(stderr, "frontdesk: outbox %lld failed for good: %s\n", static_cast<long long>(o.id),
               error.c_str());
  if (Status s = store_->MarkOutboxFailed(o.id, error, 0); !s.ok())
    std::fprintf(stderr, "frontdesk: outbox %lld: %s\n", static_cast<long long>(o.id), s.ToString().c_str());
  const std::string what = "E-mail to " + o.recipient + " could not be delivered (outbox " +
                           std::to_string(o.id) + "): " + error.substr(0, 300);
  if (d.ticket_id > 0) {
    TicketNote note;
    note.ticket_id = d.ticket_id;
    note.author = "mail";
    note.text = what;
    if (Status s = store_->AddTicketNote(&note); !s.ok())
      std::fprintf(stderr, "frontdesk: ticket note: %s\n", s.ToString().c_str());
  }
  AuditEntry e;
  e.actor = "mail";
  e.action = "mail.failed";
  e.target = d.ticket_id > 0 ? "ticket:" + std::to_string(d.ticket_id) : "outbox:" + std::to_string(o.id);
  e.detail = what;
  if (Status s = store_->Audit(e); !s.ok())
    std::fprintf(stderr, "frontdesk: audit: %s\n", s.ToString().c_str());
}

std::string MailMetricsText(Store* store, const OutboxCounters* counters) {
  std::string out;
  std::map<std::string, int64_t> items;
  if (store->CountOutbox(&items).ok()) {
    out += "# TYPE frontdesk_outbox_items gauge\n";
    for (const auto& [status, n] : items)
      out += "frontdesk_outbox_items{status=\"" + status + "\"} " + std::to_string(n) + "\n";
  }
  if (counters != nullptr) {
    out += "# TYPE frontdesk_mail_deliveries_total counter\n";
    out += "frontdesk_mail_deliveries_total{outcome=\"sent\"} " + std::to_string(counters->sent.load()) + "\n";
    out += "frontdesk_mail_deliveries_total{outcome=\"retried\"} " + std::to_string(counters->retried.load()) + "\n";
    out += "frontdesk_mail_deliveries_total{outcome=\"failed\"} " + std::to_string(counters->failed.load()) + "\n";
  }
  return out;
}

}  // namespace frontdesk::mail
