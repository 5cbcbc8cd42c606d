#include "adapters/cli/mail_channel.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace frontdesk::cli {
namespace {

std::string Env(const std::string& name) {
  if (name.empty()) return "";
  const char* v = std::getenv(name.c_str());
  return v != nullptr ? v : "";
}

}  // namespace

MailChannel::MailChannel(Runtime* runtime) : runtime_(runtime) {
  const MailConfig& config = runtime->pack()->config().mail;
  intake_ = std::make_unique<mail::MailIntake>(&runtime->service(), runtime->store(),
                                               &runtime->clock(), mail::IntakeOptionsFrom(config));
  const SmtpConfig& smtp = config.smtp;
  if (smtp.host.empty()) {
    delivery_problem_ = "mail.smtp.host is not set";
    return;
  }
  if (config.from.empty()) {
    delivery_problem_ = "mail.from is not set";
    return;
  }
  mail::SmtpOptions so;
  so.host = smtp.host;
  so.port = smtp.port;
  so.security = smtp.security;
  // Credentials come from the environment only, never from the file.
  so.user = Env(smtp.user_env);
  so.password = Env(smtp.password_env);
  so.timeout_seconds = smtp.timeout_seconds;
  so.envelope_from = config.from;
  sender_ = std::make_unique<mail::SmtpSender>(so);
  mail::OutboxWorkerOptions wo;
  wo.from_address = config.from;
  wo.from_name = config.from_name;
  wo.message_id_domain = !config.message_id_domain.empty()
                             ? config.message_id_domain
                             : config.from.substr(config.from.rfind('@') + 1);
  wo.max_attempts = smtp.max_attempts;
  wo.retry_base_seconds = smtp.retry_base_seconds;
  wo.lease_seconds = std::max<int64_t>(300, 4 * int64_t{smtp.timeout_seconds});
  worker_ = std::make_unique<mail::OutboxWorker>(runtime->store(), sender_.get(), &runtime->clock(), wo);
  poll_seconds_ = smtp.poll_seconds;
}

MailChannel::~MailChannel() { Stop(); }

void MailChannel::Start() {
  if (worker_ == nullptr || thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void MailChannel::Stop() {
  if (!thread_.joinable()) return;
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    wake_.SignalAll();
  }
  thread_.join();
}

void MailChannel::Loop() {
  for (;;) {
    int done = 0;
    // Sending takes seconds: never under the lock Stop() needs.
    Status s = worker_->RunOnce(&done);
    if (!s.ok()) std::fprintf(stderr, "frontdesk: outbox: %s\n", s.ToString().c_str());
    MutexLock lock(&mu_);
    if (!stopping_ && done == 0) wake_.WaitFor(std::chrono::seconds(poll_seconds_));
    if (stopping_) return;
  }
}

}  // namespace frontdesk::cli
