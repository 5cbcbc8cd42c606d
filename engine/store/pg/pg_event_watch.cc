// WatchPgEvents (pg_store.h): one connection of its own that LISTENs on the
// channels the store notifies at commit -- chat events (WriteChatEvent,
// pg_chat_ops.cc) and customer messages on tickets (WriteTurn,
// pg_turn_ops.cc) -- on a thread of its own, reconnecting after a lost
// connection.
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include "engine/store/pg/pg_store.h"

namespace frontdesk {
namespace {

// The channels and their payloads. Each payload starts with the schema, so
// that stores in other schemas of one database (the tests') wake nobody
// here. Chat: "SCHEMA EVENT_ID CONVERSATION_ID"; desk: "SCHEMA".
constexpr char kChatChannel[] = "frontdesk_chat_events";
constexpr char kDeskChannel[] = "frontdesk_desk_events";

class ChatReceiver final : public pqxx::notification_receiver {
 public:
  ChatReceiver(pqxx::connection& c, const std::string& schema, const PgChatEventFn& fn)
      : pqxx::notification_receiver(c, kChatChannel), prefix_(schema + " "), fn_(fn) {}
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

class DeskReceiver final : public pqxx::notification_receiver {
 public:
  DeskReceiver(pqxx::connection& c, const std::string& schema, const std::function<void()>& fn)
      : pqxx::notification_receiver(c, kDeskChannel), schema_(schema), fn_(fn) {}
  void operator()(const std::string& payload, int) override {
    if (payload == schema_) fn_();
  }

 private:
  const std::string schema_;
  const std::function<void()>& fn_;
};

class Watch final : public PgEventWatch {
 public:
  Watch(std::string conninfo, PgEventHandlers handlers)
      : conninfo_(std::move(conninfo)), handlers_(std::move(handlers)) {
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
        std::unique_ptr<ChatReceiver> chat;
        std::unique_ptr<DeskReceiver> desk;
        if (handlers_.chat_event) chat = std::make_unique<ChatReceiver>(conn, schema, handlers_.chat_event);
        if (handlers_.desk_activity)
          desk = std::make_unique<DeskReceiver>(conn, schema, handlers_.desk_activity);
        while (!stop_) conn.await_notification(0, 200000);
      } catch (const std::exception&) {
        // Lost the server: the streams poll meanwhile; try again shortly.
        for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }

  const std::string conninfo_;
  const PgEventHandlers handlers_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

Status WatchPgEvents(const std::string& conninfo, PgEventHandlers handlers,
                     std::unique_ptr<PgEventWatch>* watch) {
  if (conninfo.empty() || (!handlers.chat_event && !handlers.desk_activity))
    return Status::InvalidArgument("conninfo and a handler are required");
  *watch = std::make_unique<Watch>(conninfo, std::move(handlers));
  return Status::Ok();
}

}  // namespace frontdesk
