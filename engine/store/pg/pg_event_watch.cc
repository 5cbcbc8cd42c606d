// WatchPgChatEvents (pg_store.h): one connection of its own that LISTENs on
// the chat channel WriteChatEvent notifies (pg_chat_ops.cc), on a thread of
// its own, reconnecting after a lost connection.
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include "engine/store/pg/pg_store.h"

namespace frontdesk {
namespace {

// The channel WriteChatEvent notifies; its payload is "SCHEMA EVENT_ID
// CONVERSATION_ID", so that stores in other schemas of one database (the
// tests') wake nobody here.
constexpr char kChannel[] = "frontdesk_chat_events";

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& c, std::string schema, const PgChatEventFn& fn)
      : pqxx::notification_receiver(c, kChannel), prefix_(std::move(schema) + " "), fn_(fn) {}
  void operator()(const std::string& payload, int) override {
    if (payload.compare(0, prefix_.size(), prefix_) != 0) return;
    size_t space = payload.find(' ', prefix_.size());
    if (space == std::string::npos) return;
    try {
      fn_(payload.substr(space + 1), std::stoll(payload.substr(prefix_.size(), space - prefix_.size())));
    } catch (const std::exception&) {
      // Not ours after all: the streams' poll finds whatever it was.
    }
  }

 private:
  const std::string prefix_;
  const PgChatEventFn& fn_;
};

class Watch final : public PgEventWatch {
 public:
  Watch(std::string conninfo, PgChatEventFn fn) : conninfo_(std::move(conninfo)), fn_(std::move(fn)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Watch() override {
    stop_ = true;
    thread_.join();
  }

 private:
  void Run() {
    while (!stop_) {
      try {
        pqxx::connection conn(conninfo_);
        std::string schema;
        {
          pqxx::nontransaction tx(conn);
          schema = tx.exec("SELECT current_schema()")[0][0].as<std::string>();
        }
        Receiver receiver(conn, schema, fn_);
        while (!stop_) conn.await_notification(0, 200000);
      } catch (const std::exception&) {
        // Lost the server: the streams poll meanwhile; try again shortly.
        for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }

  const std::string conninfo_;
  const PgChatEventFn fn_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

Status WatchPgChatEvents(const std::string& conninfo, PgChatEventFn on_event,
                         std::unique_ptr<PgEventWatch>* watch) {
  if (conninfo.empty() || !on_event) return Status::InvalidArgument("conninfo and on_event are required");
  *watch = std::make_unique<Watch>(conninfo, std::move(on_event));
  return Status::Ok();
}

}  // namespace frontdesk
