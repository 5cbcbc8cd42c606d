#include "adapters/cli/notify_worker.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "adapters/http/webhook_client.h"
#include "engine/pack/url_template.h"

namespace frontdesk::cli {
namespace {

bool Getenv(const std::string& name, std::string* value) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return false;
  *value = v;
  return true;
}

}  // namespace

std::unique_ptr<NotifyWorker> NotifyWorker::Start(Store* store, const Clock* clock, Config config) {
  WebhookConfig& hook = config.notify.webhook;
  if (!hook.url.empty()) {
    std::string url, secret;
    Status s = lookups_internal::ExpandEnv(hook.url, Getenv, &url);
    if (s.ok()) s = lookups_internal::ExpandEnv(hook.secret, Getenv, &secret);
    if (s.ok() && secret.empty()) s = Status::InvalidArgument("the secret is empty");
    if (!s.ok()) {
      std::fprintf(stderr, "frontdesk serve: notify.webhook: %s\n", s.message().c_str());
      return nullptr;
    }
    hook.url = url;
    hook.secret = secret;
  }
  std::unique_ptr<NotifyWorker> worker(new NotifyWorker(store, clock, config));
  worker->thread_ = std::thread([w = worker.get()] { w->Run(); });
  return worker;
}

NotifyWorker::NotifyWorker(Store* store, const Clock* clock, const Config& config)
    : notifier_(store, clock, config, PostWebhook) {}

NotifyWorker::~NotifyWorker() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    wake_.SignalAll();
  }
  if (thread_.joinable()) thread_.join();
}

void NotifyWorker::Run() {
  for (;;) {
    {
      MutexLock lock(&mu_);
      if (stopping_) return;
    }
    size_t handled = 0;
    Status s = notifier_.RunOnce(&handled);
    if (!s.ok()) std::fprintf(stderr, "frontdesk: notify: %s\n", s.ToString().c_str());
    MutexLock lock(&mu_);
    if (!stopping_ && (handled == 0 || !s.ok())) wake_.WaitFor(std::chrono::milliseconds(500));
  }
}

}  // namespace frontdesk::cli
