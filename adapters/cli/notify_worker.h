// The thread of `serve` that runs the Notifier (engine/service/notifier.h):
// every half second it delivers the ticket notices that are due, with the
// cpp-httplib webhook client. Stopping waits for the attempt in flight
// (at most the webhook's timeout).
#ifndef FRONTDESK_ADAPTERS_CLI_NOTIFY_WORKER_H_
#define FRONTDESK_ADAPTERS_CLI_NOTIFY_WORKER_H_

#include <memory>
#include <thread>

#include "engine/base/mutex.h"
#include "engine/service/notifier.h"

namespace frontdesk::cli {

class NotifyWorker {
 public:
  // Expands ${NAME} in the webhook's url and secret from the environment;
  // null (after a message on stderr naming the variable, never a value)
  // when one is unset or the secret is empty.
  static std::unique_ptr<NotifyWorker> Start(Store* store, const Clock* clock, Config config);
  ~NotifyWorker();
  NotifyWorker(const NotifyWorker&) = delete;
  NotifyWorker& operator=(const NotifyWorker&) = delete;

  const Notifier& notifier() const { return notifier_; }

 private:
  NotifyWorker(Store* store, const Clock* clock, const Config& config);
  void Run();

  Notifier notifier_;
  Mutex mu_;
  CondVar wake_{&mu_};
  bool stopping_ GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace frontdesk::cli

#endif  // FRONTDESK_ADAPTERS_CLI_NOTIFY_WORKER_H_
