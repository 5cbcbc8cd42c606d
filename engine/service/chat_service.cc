#include "engine/service/chat_service.h"

#include "engine/base/secrets.h"

namespace frontdesk {
namespace {

Status Denied() { return Status::PermissionDenied("this token does not open that chat session"); }

}  // namespace

Status ChatService::CreateSession(const std::string& language, ChatSession* session,
                                  std::string* token) {
  std::string id, secret, conversation;
  Status s = RandomHex(12, &id);
  if (s.ok()) s = RandomHex(32, &secret);
  if (s.ok()) s = TimeOrderedRandomHex(16, &conversation);  // appends to the store's indexes
  if (!s.ok()) return s;
  ChatSession made;
  made.id = "s-" + id;
  made.token_hash = Sha256Hex(secret);
  made.conversation_id = "chat-" + conversation;
  made.language = language;
  made.created_unix = clock_->NowUnix();
  s = store_->AddChatSession(made);
  if (!s.ok()) return s;
  *session = made;
  *token = secret;
  return Status::Ok();
}

Status ChatService::Open(const std::string& id, std::string_view token, ChatSession* session) const {
  // Hash first, whatever the id: an unknown id and a wrong token then cost
  // the same work.
  std::string presented = Sha256Hex(token);
  if (id.empty() || id.size() > 100) return Denied();
  ChatSession found;
  Status s = store_->FindChatSession(id, &found);
  if (s.code() == Status::Code::kNotFound) return Denied();
  if (!s.ok()) return s;
  if (!ConstantTimeEquals(presented, found.token_hash)) return Denied();
  *session = found;
  return Status::Ok();
}

Status ChatService::Post(const ChatSession& session, Message message,
                         const std::string& idempotency_key, Decision* decision,
                         std::string* replayed_json) {
  message.channel = "chat";
  message.conversation_id = session.conversation_id;
  message.conversation_scope.clear();  // the session's own id: nobody else can name it
  message.from.clear();                // an anonymous visitor proves no address
  message.from_verified = false;
  message.default_language = session.language;  // a fallback, never a hint that beats detection
  // The reply's event for the visitor's other tabs is stored in the turn's
  // own commit: one fsync per chat message, not two.
  int64_t event_id = 0;
  Status s = service_->Handle(message, idempotency_key, decision, replayed_json, nullptr, &event_id);
  if (s.ok() && event_id != 0) Wake(session.conversation_id, event_id);
  return s;
}

Status ChatService::Publish(ChatEvent* event) {
  if (event->created_unix == 0) event->created_unix = clock_->NowUnix();
  Status s = store_->AddChatEvent(event);
  if (!s.ok()) return s;
  Wake(event->conversation_id, event->id);
  return Status::Ok();
}

Status ChatService::ContactOf(const std::string& conversation_id, std::string* email) const {
  email->clear();
  ChatSession session;
  Status s = store_->FindChatSessionOfConversation(conversation_id, &session);
  if (s.code() == Status::Code::kNotFound) return Status::Ok();
  if (s.ok()) *email = session.contact_email;
  return s;
}

void ChatService::Wake(const std::string& conversation_id, int64_t event_id) {
  MutexLock lock(&mu_);
  if (waiting_.count(conversation_id)) {
    int64_t& newest = newest_[conversation_id];
    if (event_id > newest) newest = event_id;
    published_.SignalAll();
  }
}

bool ChatService::WaitForEvent(const std::string& conversation_id, int64_t after_id,
                               std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  MutexLock lock(&mu_);
  ++waiting_[conversation_id];
  bool woken = false;
  while (true) {
    auto it = newest_.find(conversation_id);
    if (it != newest_.end() && it->second > after_id) {
      woken = true;
      break;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    if (!published_.WaitFor(deadline - now) && std::chrono::steady_clock::now() >= deadline) break;
    if (shutting_down_) break;
  }
  if (--waiting_[conversation_id] == 0) {
    waiting_.erase(conversation_id);
    newest_.erase(conversation_id);
  }
  return woken;
}

void ChatService::WakeAll() {
  MutexLock lock(&mu_);
  shutting_down_ = true;
  published_.SignalAll();
}

}  // namespace frontdesk
