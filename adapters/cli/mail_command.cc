// `frontdesk mail deliver [--json]`: one raw message on stdin, from an MTA's
// pipe (Postfix `pipe`, procmail, fetchmail's mda). Exit codes an MTA
// understands (sysexits.h): 0 accepted, 65 never acceptable (not a
// message, too big: the MTA bounces it), 75 try again later (the store is
// busy or down, the config does not load: the MTA keeps the mail queued).
// `frontdesk mail send-pending`: one delivery run of the outbox, as `serve`
// does every few seconds. `frontdesk mail fetch`: mail_fetch_command.cc.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "adapters/cli/commands.h"
#include "adapters/cli/mail_channel.h"
#include "adapters/cli/runtime.h"

namespace frontdesk::cli {
namespace {

constexpr int kExitAccepted = 0;
constexpr int kExitDataErr = 65;   // EX_DATAERR
constexpr int kExitTempFail = 75;  // EX_TEMPFAIL

const char kMailUsage[] =
    "usage: frontdesk mail deliver [--json] < MESSAGE | mail send-pending |\n"
    "       mail fetch [--once] [--mailbox NAME]  [-c CONFIG]\n";

// Reads stdin up to limit + 1 bytes (one more tells "too big"). False on a
// read error.
bool ReadStdin(size_t limit, std::string* out) {
  char buffer[65536];
  for (;;) {
    ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n == 0) return true;
    if (n < 0) return false;
    out->append(buffer, static_cast<size_t>(n));
    if (out->size() > limit) return true;
  }
}

// Opens the runtime with stderr held back: an MTA puts what a refused
// delivery printed into the bounce to the sender, who must not learn the
// store's path from its start-up line. Printed only when opening failed.
std::unique_ptr<Runtime> OpenQuietly(const std::string& config) {
  std::fflush(stderr);
  FILE* held = std::tmpfile();
  int saved = held != nullptr ? dup(STDERR_FILENO) : -1;
  if (saved >= 0) dup2(fileno(held), STDERR_FILENO);
  auto runtime = Runtime::Open(config, /*durable=*/true);
  std::fflush(stderr);
  if (saved >= 0) {
    dup2(saved, STDERR_FILENO);
    close(saved);
  }
  if (held != nullptr) {
    if (runtime == nullptr) {
      std::rewind(held);
      char buffer[4096];
      for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, held)) > 0;) std::fwrite(buffer, 1, n, stderr);
    }
    std::fclose(held);
  }
  return runtime;
}

int Deliver(const Args& args) {
  auto runtime = OpenQuietly(args.config);
  if (runtime == nullptr) return kExitTempFail;  // the mail stays with the MTA
  if (runtime->store() == nullptr) {
    std::fprintf(stderr, "frontdesk mail deliver: the config has no store (store: {path: FILE} or {postgres: CONNINFO}); "
                         "the message was not accepted\n");
    return kExitTempFail;
  }
  MailChannel channel(runtime.get());
  std::string raw;
  if (!ReadStdin(runtime->pack()->config().mail.max_message_bytes, &raw)) {
    std::fprintf(stderr, "frontdesk mail deliver: cannot read the message from stdin\n");
    return kExitTempFail;
  }
  mail::MailIntakeResult r = channel.intake()->Accept(raw);
  switch (r.outcome) {
    case mail::MailOutcome::kAccepted:
      if (args.Flag("json")) std::printf("%s\n", r.json.c_str());
      if (!r.error.empty()) std::fprintf(stderr, "frontdesk mail deliver: %s\n", r.error.c_str());
      return kExitAccepted;
    case mail::MailOutcome::kRejected:
      std::fprintf(stderr, "frontdesk mail deliver: refused: %s\n", r.error.c_str());
      return kExitDataErr;
    case mail::MailOutcome::kRetryLater:
      break;
  }
  std::fprintf(stderr, "frontdesk mail deliver: try again later: %s\n", r.error.c_str());
  return kExitTempFail;
}

int SendPending(const Args& args) {
  auto runtime = Runtime::Open(args.config, /*durable=*/true);
  if (runtime == nullptr) return 1;
  if (runtime->store() == nullptr) {
    std::fprintf(stderr, "frontdesk mail send-pending: the config has no store\n");
    return 1;
  }
  MailChannel channel(runtime.get());
  mail::OutboxWorker* worker = channel.worker();
  if (worker == nullptr) {
    std::fprintf(stderr, "frontdesk mail send-pending: no delivery: %s\n",
                 channel.delivery_problem().c_str());
    return 1;
  }
  // Rounds until nothing is due (an item retried later is not due now).
  for (int done = 1; done > 0;) {
    Status s = worker->RunOnce(&done);
    if (!s.ok()) {
      std::fprintf(stderr, "frontdesk mail send-pending: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  const mail::OutboxCounters& c = worker->counters();
  std::printf("sent %ld, retried %ld, failed %ld\n", c.sent.load(), c.retried.load(), c.failed.load());
  return 0;
}

}  // namespace

int RunMail(const Args& args) {
  const std::string verb = args.positional.empty() ? "" : args.positional[0];
  if (args.positional.size() == 1 && verb == "deliver") return Deliver(args);
  if (args.positional.size() == 1 && verb == "send-pending") return SendPending(args);
  if (args.positional.size() == 1 && verb == "fetch") return RunMailFetch(args);
  std::fputs(kMailUsage, stderr);
  return 2;
}

}  // namespace frontdesk::cli
