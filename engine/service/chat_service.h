// ChatService: anonymous web-chat visitors. A visitor gets a session: a
// public id, a bearer token from the CSPRNG (stored only as its SHA-256) and
// one conversation of its own. The token opens that session and nothing
// else; a message posted in it is decided in its conversation; the bot's
// replies and the agents' messages become events its stream delivers, in
// order, resumable after the last id seen.
#ifndef FRONTDESK_ENGINE_SERVICE_CHAT_SERVICE_H_
#define FRONTDESK_ENGINE_SERVICE_CHAT_SERVICE_H_

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/mutex.h"
#include "engine/service/service.h"
#include "engine/store/store.h"
#include "frontdesk/clock.h"
#include "frontdesk/decision.h"
#include "frontdesk/status.h"

namespace frontdesk {

class ChatService {
 public:
  // REQUIRES: all three outlive this object.
  ChatService(Store* store, SupportService* service, const Clock* clock)
      : store_(store), service_(service), clock_(clock) {}
  ChatService(const ChatService&) = delete;
  ChatService& operator=(const ChatService&) = delete;

  // A new session; *token is the only copy of its secret. `language` is the
  // page's ("" = detect per message).
  Status CreateSession(const std::string& language, ChatSession* session, std::string* token);
  // The session `token` opens. Unknown session, wrong token: the same
  // kPermissionDenied, at the same cost, so ids cannot be probed.
  Status Open(const std::string& id, std::string_view token, ChatSession* session) const;
  // Decides `message` (text, language hint, client address) in the
  // session's conversation, records it with the bot's reply as a "reply"
  // event (one commit), and wakes the session's streams.
  // *replayed_json as SupportService::Handle.
  Status Post(const ChatSession& session, Message message, const std::string& idempotency_key,
              Decision* decision, std::string* replayed_json);
  // Stores an event of the session's conversation and wakes its streams.
  Status Publish(ChatEvent* event);
  // "Continue by e-mail": keeps `email` on the session as its unverified
  // contact address (replacing an earlier one). Agents' replies are then
  // e-mailed there too (TicketDesk::Reply); it never becomes the message's
  // `from` and proves nothing. REQUIRES: the adapter checked that it looks
  // like an address. kInvalidArgument for one the store refuses.
  Status LeaveContact(const ChatSession& session, const std::string& email) {
    return store_->SetChatContact(session.id, email);
  }
  // The contact address left in the chat whose conversation is
  // `conversation_id`; "" when none was left or it is not a chat.
  Status ContactOf(const std::string& conversation_id, std::string* email) const;
  // Events of the conversation after `after_id`, oldest first.
  Status Events(const std::string& conversation_id, int64_t after_id, size_t limit,
                std::vector<ChatEvent>* out) const {
    return store_->ListChatEvents(conversation_id, after_id, limit, out);
  }
  // Waits until this process published an event of the conversation newer
  // than `after_id` (or was told of one: Published), or `timeout` passed
  // (other events written by another process are found by the caller's
  // next Events after the timeout). True if woken by an event.
  bool WaitForEvent(const std::string& conversation_id, int64_t after_id,
                    std::chrono::milliseconds timeout);
  // Wakes every waiter (shutdown).
  void WakeAll();
  // Another node stored event `event_id` of the conversation (its store
  // said so: LISTEN/NOTIFY on PostgreSQL): wakes this node's streams of it
  // as if published here. Thread-safe.
  void Published(const std::string& conversation_id, int64_t event_id) { Wake(conversation_id, event_id); }

 private:
  // Wakes the conversation's waiting streams for event `event_id`.
  void Wake(const std::string& conversation_id, int64_t event_id);

  Store* store_;
  SupportService* service_;
  const Clock* clock_;
  Mutex mu_;
  CondVar published_{&mu_};
  // Newest event id published per conversation (only conversations with a
  // waiting stream are kept).
  std::map<std::string, int64_t> newest_ GUARDED_BY(mu_);
  std::map<std::string, int> waiting_ GUARDED_BY(mu_);
  bool shutting_down_ GUARDED_BY(mu_) = false;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_CHAT_SERVICE_H_
