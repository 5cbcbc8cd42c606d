#include "engine/service/notifier.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/base/secrets.h"
#include "engine/decide/business_hours.h"

namespace frontdesk {
namespace {

// Small, so that a stop waits for few attempts (each at most timeout_ms).
constexpr size_t kBatch = 10;
constexpr int64_t kMaxBackoffSeconds = 3600;
// A webhook attempt's lease beyond its timeout: time to record the result.
constexpr int64_t kLeaseMarginSeconds = 60;

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string WebhookSignature(const std::string& secret, int64_t timestamp,
                             const std::string& body) {
  return "sha256=" + HmacSha256Hex(secret, std::to_string(timestamp) + "." + body);
}

int64_t Notifier::BackoffSeconds(int retry_base_ms, int attempt) {
  int64_t ms = retry_base_ms;
  for (int i = 1; i < attempt && ms < kMaxBackoffSeconds * 1000; ++i) ms *= 2;
  return std::clamp<int64_t>((ms + 999) / 1000, 1, kMaxBackoffSeconds);
}

Notifier::Notifier(Store* store, const Clock* clock, const Config& config, WebhookPost post)
    : store_(store), clock_(clock), config_(config.notify), hours_(config.hours),
      post_(std::move(post)) {}

Status Notifier::RunOnce(size_t* handled) {
  *handled = 0;
  std::vector<TicketNotice> due;
  Status s = store_->PendingNotices(kBatch, &due);
  for (size_t i = 0; s.ok() && i < due.size(); ++i) {
    const TicketNotice& n = due[i];
    Ticket ticket;
    StoredMessage message;
    s = Describe(n, &ticket, &message);
    if (s.ok() && !n.mailed) s = Mail(n, ticket, message);
    // A notice whose e-mail was due but whose webhook waits for its retry
    // time is listed too: only an attempt that is due is made.
    if (s.ok() && n.webhook_due) s = Deliver(n, ticket, message);
    if (s.ok()) ++*handled;
  }
  return s;
}

Status Notifier::Describe(const TicketNotice& n, Ticket* ticket, StoredMessage* message) {
  Status s = store_->GetTicket(n.ticket_id, ticket);
  std::vector<StoredMessage> messages;
  if (s.ok()) s = store_->ListConversation(ticket->conversation_id, &messages);
  if (!s.ok()) return s;
  for (const StoredMessage& m : messages)
    if (m.id == n.message_id) *message = m;
  return Status::Ok();
}

Status Notifier::Mail(const TicketNotice& n, const Ticket& ticket, const StoredMessage& message) {
  auto to = config_.queue_email.find(ticket.queue);
  if (to == config_.queue_email.end() || to->second.empty())
    return store_->MarkNoticeMailed(n.id, nullptr);
  const bool reopened = n.event == "ticket.reopened";
  OutboxItem mail;
  mail.message_id = n.message_id;
  mail.channel = "email";  // delivered by the outbox like any e-mail
  mail.recipient = to->second;
  mail.subject = "[frontdesk] Ticket #" + std::to_string(ticket.id) +
                 (reopened ? " reopened" : " opened") + " in " + ticket.queue + " (" +
                 ticket.priority + ")";
  // What the queue needs to pick it up, not the customer's words: those are
  // behind the agents' sign-in (GET /v1/tickets/{id}).
  mail.body = std::string(reopened ? "The customer answered a resolved ticket.\n"
                                   : "A customer is waiting for a person.\n") +
              "\nTicket: #" + std::to_string(ticket.id) + "\nQueue: " + ticket.queue +
              "\nPriority: " + ticket.priority + "\nChannel: " + message.channel +
              "\nLanguage: " + message.language +
              (ticket.due_unix > 0 ? "\nFirst response due: " + FormatLocal(hours_, ticket.due_unix)
                                   : "") +
              (ticket.reason.empty() ? "" : "\nRule: " + ticket.reason) + "\n";
  Status s = store_->MarkNoticeMailed(n.id, &mail);
  if (s.ok()) ++mailed_;
  return s;
}

std::string Notifier::Body(const TicketNotice& n, const Ticket& t, const StoredMessage& m) const {
  nlohmann::json ticket = {{"id", t.id},
                           {"queue", t.queue},
                           {"priority", t.priority},
                           {"status", t.status},
                           {"reason", t.reason},
                           {"language", m.language},
                           {"channel", m.channel},
                           {"conversation_id", t.conversation_id},
                           {"due_unix", t.due_unix},
                           {"created_unix", t.created_unix}};
  nlohmann::json body = {{"event", n.event},
                         {"delivery", n.id},
                         {"occurred_unix", n.created_unix},
                         {"ticket", ticket}};
  if (config_.webhook.include_text) body["text"] = m.text;
  return Dump(body);
}

Status Notifier::Deliver(const TicketNotice& n, const Ticket& ticket,
                         const StoredMessage& message) {
  const WebhookConfig& hook = config_.webhook;
  if (hook.url.empty() || !post_) return store_->MarkNoticeSent(n.id);  // nothing to send to
  const int64_t now = clock_->NowUnix();
  // Of several nodes, the one whose claim lands posts; the lease outlasts
  // one attempt (its timeout) and the write after it, so it only ends
  // early for a node that died.
  bool claimed = false;
  Status claim = store_->ClaimNoticeWebhook(n.id, now + hook.timeout_ms / 1000 + kLeaseMarginSeconds, &claimed);
  if (!claim.ok() || !claimed) return claim;
  WebhookRequest req;
  req.url = hook.url;
  req.body = Body(n, ticket, message);
  req.timeout_ms = hook.timeout_ms;
  req.headers = {{"X-Frontdesk-Event", n.event},
                 {"X-Frontdesk-Delivery", std::to_string(n.id)},
                 {"X-Frontdesk-Timestamp", std::to_string(now)},
                 {"X-Frontdesk-Signature", WebhookSignature(hook.secret, now, req.body)}};
  int status = 0;
  Status sent = post_(req, &status);
  if (sent.ok() && status >= 200 && status < 300) {
    Status s = store_->MarkNoticeSent(n.id);
    if (s.ok()) ++sent_;
    return s;
  }
  const std::string error = sent.ok() ? "HTTP " + std::to_string(status) : sent.message();
  const int attempts = n.attempts + 1;
  const bool give_up = attempts >= hook.max_attempts;
  const int64_t retry_at = give_up ? 0 : now + BackoffSeconds(hook.retry_base_ms, attempts);
  Status s = store_->MarkNoticeFailed(n.id, error.substr(0, 500), retry_at);
  if (s.ok()) ++(give_up ? dead_ : retried_);
  return s;
}

}  // namespace frontdesk
