// MailChannel: the e-mail channel's parts wired from the config — the
// intake (`mail deliver`, POST /v1/email/inbound) and, when `mail.smtp.host`
// and `mail.from` are set, the SMTP sender and the outbox worker, which
// `serve` runs on a thread of its own and `mail send-pending` runs once.
#ifndef FRONTDESK_ADAPTERS_CLI_MAIL_CHANNEL_H_
#define FRONTDESK_ADAPTERS_CLI_MAIL_CHANNEL_H_

#include <memory>
#include <string>
#include <thread>

#include "adapters/cli/runtime.h"
#include "adapters/email/mail_intake.h"
#include "adapters/email/outbox_worker.h"
#include "adapters/email/smtp_sender.h"
#include "engine/base/mutex.h"

namespace frontdesk::cli {

class MailChannel {
 public:
  // REQUIRES: runtime->store() non-null; runtime outlives this object.
  explicit MailChannel(Runtime* runtime);
  ~MailChannel();  // stops the worker thread
  MailChannel(const MailChannel&) = delete;
  MailChannel& operator=(const MailChannel&) = delete;

  mail::MailIntake* intake() { return intake_.get(); }
  // nullptr when delivery is not configured (see delivery_problem()).
  mail::OutboxWorker* worker() { return worker_.get(); }
  // Why there is no worker: "" when there is one.
  const std::string& delivery_problem() const { return delivery_problem_; }

  // Runs the worker every mail.smtp.poll_seconds (at once again after a
  // round that found work) until Stop(). No-op without a worker.
  void Start();
  void Stop();

 private:
  void Loop();

  Runtime* runtime_;
  std::unique_ptr<mail::MailIntake> intake_;
  std::unique_ptr<mail::SmtpSender> sender_;
  std::unique_ptr<mail::OutboxWorker> worker_;
  std::string delivery_problem_;
  int poll_seconds_ = 5;
  Mutex mu_;
  CondVar wake_{&mu_};
  bool stopping_ GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace frontdesk::cli

#endif  // FRONTDESK_ADAPTERS_CLI_MAIL_CHANNEL_H_
