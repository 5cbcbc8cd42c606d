// `frontdesk serve`: runs the HTTP server until SIGINT/SIGTERM; SIGHUP reloads
// the packs. A stop is graceful: no new connections, requests in flight
// finish (for at most HttpOptions::shutdown_grace_seconds), then exit 0.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "adapters/cli/commands.h"
#include "adapters/cli/configured_store.h"
#include "adapters/cli/mail_channel.h"
#include "adapters/cli/runtime.h"
#include "adapters/http/server.h"
#include "engine/base/mutex.h"
#include "engine/service/agents.h"
#include "engine/service/auto_reply_cap.h"
#include "adapters/cli/notify_worker.h"
#include "engine/service/housekeeping.h"
#include "engine/service/service.h"
#include "engine/service/ticket_desk.h"

namespace frontdesk::cli {
namespace {

bool SplitHostPort(const std::string& listen, std::string* host, int* port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  try {
    *port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return false;
  }
  return *port >= 0 && *port < 65536;
}

// Reloads the packs. A pack with errors never replaces the one being served:
// its diagnostics are logged and the old pack stays. (SIGHUP, and an
// admin's POST /v1/admin/reload, which also gets the diagnostics.)
Status Reload(Runtime* runtime) {
  Status s = runtime->Reload();
  if (!s.ok()) {
    std::fprintf(stderr, "%s\nfrontdesk: reload refused; still serving the previous pack\n",
                 s.message().c_str());
    return s;
  }
  std::fprintf(stderr, "frontdesk: reloaded %zu intents\n", runtime->pack()->defs().intents.size());
  return s;
}

// Signals are blocked in every thread and taken here with sigwait, so that no
// handler interrupts the server's system calls and reloading runs as ordinary
// code rather than in a signal handler.
void HandleSignals(const sigset_t& set, Runtime* runtime, HttpServer* server) {
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) {
      Status reloaded = Reload(runtime);  // logged there
      (void)reloaded;
      continue;
    }
    std::fprintf(stderr, "frontdesk: stopping: finishing requests in flight\n");
    server->Stop();
    return;
  }
}

// Every connection is a descriptor, besides the store's files and the
// listener: a soft limit of 1,024 (the usual default) would refuse
// connections well below max_connections. Raised as far as the hard limit
// allows, with a warning when that is not enough.
void RaiseOpenFileLimit(rlim_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted) return;
  rlim_t target = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  limit.rlim_cur = target;
  setrlimit(RLIMIT_NOFILE, &limit);
  if (target < wanted)
    std::fprintf(stderr, "frontdesk serve: only %llu open files allowed (ulimit -n), %llu wanted for "
                         "server.max_connections; raise the hard limit\n",
                 static_cast<unsigned long long>(target), static_cast<unsigned long long>(wanted));
}

}  // namespace

int RunServe(const Args& args) {
  // Blocked before any thread starts (the store's writer, lookup clients):
  // threads inherit the mask, and one that did not block SIGTERM would take
  // it and end the process without a clean shutdown.
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  auto runtime = Runtime::Open(args.config, /*durable=*/true);
  if (runtime == nullptr) return 1;
  auto pack = runtime->pack();
  std::string listen = args.Option("listen", pack->config().listen);
  std::string host;
  int port = 0;
  if (!SplitHostPort(listen, &host, &port)) {
    std::fprintf(stderr, "frontdesk serve: --listen wants HOST:PORT, got '%s'\n", listen.c_str());
    return 2;
  }
  const Config& config = pack->config();
  HttpOptions options;
  options.max_body_bytes = config.max_body_bytes;
  options.workers = config.server.workers;
  options.max_connections = config.server.max_connections;
  options.keep_alive_seconds = config.server.keep_alive_seconds;
  options.keep_alive_requests = config.server.keep_alive_requests;
  options.read_timeout_seconds = config.server.read_timeout_seconds;
  options.write_timeout_seconds = config.server.write_timeout_seconds;
  options.rate_limit_per_second = config.server.rate_per_ip_per_second;
  options.rate_limit_burst = config.server.rate_burst;
  options.trusted_proxies = config.server.trusted_proxies;
  // The integration API's keys and the web chat live in the store: without
  // one, /v1/messages refuses every request and there is no chat.
  std::unique_ptr<ApiKeys> keys;
  std::unique_ptr<ChatService> chat;
  std::unique_ptr<Agents> agents;
  std::unique_ptr<Ratings> ratings;
  std::unique_ptr<TicketDesk> desk;
  std::unique_ptr<MailChannel> mail;
  // Declared after chat and desk: stops calling them before they go.
  std::unique_ptr<PgEventWatch> events_of_other_nodes;
  HttpChannels channels;
  channels.chat_options.messages_per_second = config.server.rate_per_session_per_second;
  if (Store* store = runtime->store()) {
    keys = std::make_unique<ApiKeys>(store);
    chat = std::make_unique<ChatService>(store, &runtime->service(), &runtime->clock());
    channels.api_keys = keys.get();
    channels.chat = chat.get();
    channels.clock = &runtime->clock();
    channels.contact_form = true;  // the feedback form records into the same store
    // Its CSRF key is the store's: a form shown by one node posts to any.
    if (Status s = store->ServerKey("csrf", &channels.contact_options.csrf_key); !s.ok()) {
      std::fprintf(stderr, "frontdesk serve: contact form key: %s\n", s.ToString().c_str());
      return 1;
    }
    // Its confirmations count against the address's automatic-reply cap.
    channels.contact_options.may_confirm_to =
        AutoReplyAllowance(store, &runtime->clock(), config.mail.max_replies_per_sender,
                           config.mail.reply_window_seconds);
    // The agents work the tickets in the same store; an admin may reload.
    agents = std::make_unique<Agents>(store);
    desk = std::make_unique<TicketDesk>(store, chat.get());
    channels.agent.agents = agents.get();
    channels.agent.desk = desk.get();
    // The agents' event streams wake when a customer message on a ticket
    // is recorded, and a chat event written through another node wakes
    // this node's streams of it, both at once instead of at their next
    // poll. On PostgreSQL the store tells every node of both, this one
    // included (LISTEN/NOTIFY); on SQLite this process rings its own desk.
    PgEventHandlers handlers;
    handlers.chat_event = [c = chat.get()](const std::string& conversation, int64_t id) {
      c->Published(conversation, id);
    };
    handlers.desk_activity = [d = desk.get()] { d->ActivityStored(); };
    if (Status s = WatchStoreEvents(config, std::move(handlers), &events_of_other_nodes); !s.ok()) {
      std::fprintf(stderr, "frontdesk serve: %s\n", s.ToString().c_str());
      return 1;
    }
    if (events_of_other_nodes) {
      // Told by the store of every node's activity, the streams read it
      // only seldom on their own (in case a notification was lost).
      channels.agent.events.poll_ms = 2000;
    } else {
      runtime->set_on_ticket_turn([d = desk.get()] { d->ActivityStored(); });
    }
    channels.agent.reload = [r = runtime.get()] { return Reload(r); };
    // Customers rate resolved tickets (notify.ask_rating, by default).
    if (config.notify.ask_rating) {
      Status s = Ratings::Open(store, &runtime->clock(), config.notify.public_url, &ratings);
      if (!s.ok()) {
        std::fprintf(stderr, "frontdesk serve: ratings: %s\n", s.ToString().c_str());
        return 1;
      }
      desk->set_ratings(ratings.get());
      channels.rating.ratings = ratings.get();
      channels.rating.chat = chat.get();
      channels.rating.languages = config.languages;
    }
    channels.stats.store = store;
    channels.stats.agents = agents.get();
    channels.stats.clock = &runtime->clock();
    // E-mail: POST /v1/email/inbound, and the outbox delivered over SMTP.
    mail = std::make_unique<MailChannel>(runtime.get());
    channels.mail_intake = mail->intake();
    channels.mail_metrics = [m = mail.get(), store] {
      return mail::MailMetricsText(store, m->worker() != nullptr ? &m->worker()->counters() : nullptr);
    };
    if (mail->worker() == nullptr)
      std::fprintf(stderr, "frontdesk serve: outbox not delivered: %s\n", mail->delivery_problem().c_str());
    // Each open event stream holds a worker thread and a connection: the
    // pool and the cap grow by the streams allowed, so that a thousand
    // waiting visitors never starve the requests.
    options.workers += channels.chat_options.max_streams + channels.agent.events.max_streams;
    options.max_connections += channels.chat_options.max_streams + channels.agent.events.max_streams;
  } else {
    std::fprintf(stderr, "frontdesk serve: no store: POST /v1/messages refuses every request and the web "
                         "chat and the contact form are off (set store: {path: FILE} or {postgres: CONNINFO})\n");
  }
  // New and reopened tickets are told by webhook and e-mail (notify:).
  std::unique_ptr<NotifyWorker> notify;
  if (Store* store = runtime->store(); store != nullptr && config.notify.enabled()) {
    notify = NotifyWorker::Start(store, &runtime->clock(), config);
    if (notify == nullptr) return 1;
    runtime->service().set_notify_tickets(true);
    channels.stats.notifier = &notify->notifier();
  }
  RaiseOpenFileLimit(static_cast<rlim_t>(options.max_connections) + 256);
  HttpServer server(&runtime->service(), options, channels);
  int bound = server.Bind(host, port);
  if (bound < 0) {
    std::fprintf(stderr, "frontdesk serve: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  std::thread signals(HandleSignals, set, runtime.get(), &server);
  std::printf("frontdesk: serving %zu intents on http://%s:%d\n", pack->defs().intents.size(),
              host.c_str(), bound);
  std::printf("frontdesk: pages: http://%s:%d/demo (the chat widget), http://%s:%d/contact (the "
              "contact form), http://%s:%d/faq (the FAQ), http://%s:%d/agent (the agents' console; "
              "frontdesk agent add NAME makes a token), http://%s:%d/healthz, http://%s:%d/metrics\n",
              host.c_str(), bound, host.c_str(), bound, host.c_str(), bound, host.c_str(), bound,
              host.c_str(), bound, host.c_str(), bound);
  std::fflush(stdout);
  // Housekeeping every ten minutes while serving (engine/service/housekeeping.h).
  Mutex housekeeping_mu;
  CondVar housekeeping_wake(&housekeeping_mu);
  bool stopping = false;
  std::thread housekeeping;
  if (Store* store = runtime->store()) {
    housekeeping = std::thread([&, store] {
      MutexLock lock(&housekeeping_mu);
      while (!stopping) {
        int64_t expired = 0;
        Status s = RunHousekeeping(store, runtime->clock(), HousekeepingOptions(), &expired);
        if (!s.ok()) std::fprintf(stderr, "frontdesk: housekeeping: %s\n", s.ToString().c_str());
        housekeeping_wake.WaitFor(std::chrono::minutes(10));
        // Other nodes' answers count in the FAQ's "most asked" order too
        // (Runtime::Open read the counts at start: not again at once).
        if (stopping) break;
        if (s = runtime->RefreshFaqHits(); !s.ok())
          std::fprintf(stderr, "frontdesk: FAQ hit counts: %s\n", s.ToString().c_str());
      }
    });
  }
  if (mail) mail->Start();
  bool ok = server.Run();
  if (mail) mail->Stop();
  if (chat) chat->WakeAll();
  notify.reset();  // finishes the delivery in flight
  if (housekeeping.joinable()) {
    {
      MutexLock lock(&housekeeping_mu);
      stopping = true;
      housekeeping_wake.SignalAll();
    }
    housekeeping.join();
  }
  std::fprintf(stderr, "frontdesk: stopped\n");
  // Wake the signal thread in case the server stopped on its own.
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  return ok ? 0 : 1;
}

}  // namespace frontdesk::cli
