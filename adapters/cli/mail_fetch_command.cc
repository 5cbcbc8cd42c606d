// `frontdesk mail fetch [--once] [--mailbox NAME]`: polls the IMAP mailboxes
// of `mail.imap` (adapters/email/mail_fetcher.h) until SIGINT/SIGTERM, or
// once with --once. A mailbox that cannot be reached is tried again at its
// next poll; the others go on meanwhile. Logs counts and errors, never a
// message's text or a password.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/cli/commands.h"
#include "adapters/cli/mail_channel.h"
#include "adapters/cli/runtime.h"
#include "adapters/email/imap_client.h"
#include "adapters/email/mail_fetcher.h"
#include "engine/base/mutex.h"

namespace frontdesk::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct Mailbox {
  const ImapConfig* config;
  std::unique_ptr<mail::ImapClient> client;
  std::unique_ptr<mail::MailFetcher> fetcher;
  Clock::time_point due;
  bool failing = false;
};

// The credentials come from the environment only; a variable that is not
// set is named (never a value).
bool MakeMailbox(const ImapConfig& c, const MailConfig& mail, const mail::MailIntake* intake, Mailbox* out,
                 std::string* error) {
  const char* user = std::getenv(c.user_env.c_str());
  const char* password = std::getenv(c.password_env.c_str());
  if (user == nullptr || password == nullptr) {
    *error = "mailbox " + c.name + ": the environment variable " + (user == nullptr ? c.user_env : c.password_env) +
             " is not set";
    return false;
  }
  mail::ImapOptions o;
  o.host = c.host;
  o.port = c.port != 0 ? c.port : (c.security == "tls" ? 993 : 143);
  o.security = c.security;
  o.mailbox = c.mailbox;
  o.user = user;
  o.password = password;
  o.timeout_seconds = c.timeout_seconds;
  out->config = &c;
  out->client = std::make_unique<mail::ImapClient>(o);
  mail::MailFetcherOptions fo;
  fo.mark = c.mark;
  fo.max_message_bytes = mail.max_message_bytes;
  fo.max_per_poll = static_cast<size_t>(c.max_per_poll);
  out->fetcher = std::make_unique<mail::MailFetcher>(out->client.get(), intake, fo);
  out->due = Clock::now();
  return true;
}

// One poll of one mailbox, logged; returns whether it went through.
bool Poll(Mailbox* m, bool quiet_when_idle) {
  mail::FetchCounts counts;
  Status s = m->fetcher->PollOnce(&counts);
  const char* name = m->config->name.c_str();
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk mail fetch: %s: %s; taken before that: %d, refused %d, left %d\n", name,
                 s.ToString().c_str(), counts.accepted, counts.refused, counts.remaining);
  } else if (!quiet_when_idle || counts.accepted + counts.refused > 0 || m->failing) {
    std::fprintf(stderr, "frontdesk mail fetch: %s: taken %d, refused %d, left for the next poll %d\n", name,
                 counts.accepted, counts.refused, counts.remaining);
  }
  m->failing = !s.ok();
  // More waiting and the server fine: at once again; else at the next poll.
  m->due = Clock::now() + (s.ok() && counts.remaining > 0 ? std::chrono::seconds(0)
                                                           : std::chrono::seconds(m->config->poll_seconds));
  return s.ok();
}

struct StopFlag {
  Mutex mu;
  CondVar cv{&mu};
  bool stop GUARDED_BY(mu) = false;
};

void WaitForSignal(const sigset_t& set, StopFlag* flag) {
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  MutexLock lock(&flag->mu);
  flag->stop = true;
  flag->cv.SignalAll();
}

}  // namespace

int RunMailFetch(const Args& args) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM}) sigaddset(&set, s);
  const bool once = args.Flag("once");
  if (!once) pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before any thread starts
  auto runtime = Runtime::Open(args.config, /*durable=*/true);
  if (runtime == nullptr) return 1;
  if (runtime->store() == nullptr) {
    std::fprintf(stderr, "frontdesk mail fetch: the config has no store (store: {path: FILE} or {postgres: CONNINFO})\n");
    return 1;
  }
  const MailConfig& config = runtime->pack()->config().mail;
  MailChannel channel(runtime.get());
  std::vector<Mailbox> mailboxes;
  const std::string only = args.Option("mailbox");
  for (const ImapConfig& c : config.imap) {
    if (!only.empty() && c.name != only) continue;
    Mailbox m;
    std::string error;
    if (!MakeMailbox(c, config, channel.intake(), &m, &error)) {
      std::fprintf(stderr, "frontdesk mail fetch: %s\n", error.c_str());
      return 1;
    }
    mailboxes.push_back(std::move(m));
  }
  if (mailboxes.empty()) {
    std::fprintf(stderr, only.empty() ? "frontdesk mail fetch: no mailbox in mail.imap\n"
                                      : "frontdesk mail fetch: no mailbox named %s in mail.imap\n",
                 only.c_str());
    return 1;
  }
  if (once) {
    bool all = true;
    for (Mailbox& m : mailboxes) all = Poll(&m, /*quiet_when_idle=*/false) && all;
    return all ? 0 : 1;
  }
  StopFlag flag;
  std::thread signals(WaitForSignal, set, &flag);
  std::fprintf(stderr, "frontdesk mail fetch: polling %zu mailbox(es); SIGINT or SIGTERM stops\n",
               mailboxes.size());
  for (;;) {
    Clock::time_point next = Clock::time_point::max();
    for (Mailbox& m : mailboxes) {
      {
        MutexLock lock(&flag.mu);
        if (flag.stop) break;
      }
      if (m.due <= Clock::now()) Poll(&m, /*quiet_when_idle=*/true);
      next = std::min(next, m.due);
    }
    MutexLock lock(&flag.mu);
    if (!flag.stop) flag.cv.WaitFor(next - Clock::now());
    if (flag.stop) break;
  }
  signals.join();
  for (Mailbox& m : mailboxes) m.client->Close();  // LOGOUT
  std::fprintf(stderr, "frontdesk mail fetch: stopped\n");
  return 0;
}

}  // namespace frontdesk::cli
