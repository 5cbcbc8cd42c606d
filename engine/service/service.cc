#include "engine/service/service.h"

#include <algorithm>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/base/mutex.h"
#include "engine/base/secrets.h"
#include "engine/faq/faq_answerer.h"

namespace frontdesk {
namespace {

// A chat "reply" event's data: what the widget shows in the visitor's other
// tabs (never the trace).
std::string ChatReplyJson(const Decision& d) {
  nlohmann::json data = {{"text", d.reply}, {"route", RouteName(d.route)}};
  if (d.ticket) data["ticket"] = *d.ticket;
  return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Status MemoryConversationStore::Load(const std::string& id, ConversationState* state, bool* found) {
  MutexLock lock(&mu_);
  auto it = states_.find(id);
  *found = it != states_.end();
  if (*found) *state = it->second;
  return Status::Ok();
}

Status MemoryConversationStore::Commit(const TurnCommit& turn, bool* duplicate,
                                       std::string* stored_json) {
  MutexLock lock(&mu_);
  *duplicate = false;
  if (!turn.idempotency_key.empty()) {
    auto [it, inserted] = idempotent_.emplace(
        turn.idempotency_key, turn.decision_json ? *turn.decision_json : DecisionToJson(*turn.decision).dump());
    if (!inserted) {
      *duplicate = true;
      *stored_json = it->second;
      return Status::Ok();
    }
  }
  states_[turn.state->id] = *turn.state;
  return Status::Ok();
}

Status MemoryConversationStore::FindIdempotent(const std::string& key, std::string* decision_json,
                                               bool* found) {
  MutexLock lock(&mu_);
  auto it = idempotent_.find(key);
  *found = it != idempotent_.end();
  if (*found) *decision_json = it->second;
  return Status::Ok();
}

SupportService::SupportService(std::shared_ptr<const CompiledPack> pack, ConversationStore* store,
                               const Clock* clock, std::shared_ptr<LookupRunner> lookups)
    : store_(store), clock_(clock) {
  SwapPack(std::move(pack), std::move(lookups));
}

void SupportService::SwapPack(std::shared_ptr<const CompiledPack> pack,
                              std::shared_ptr<LookupRunner> lookups) {
  {
    // FAQ hit counts survive a reload.
    MutexLock lock(&current_mu_);
    if (current_.assistant && current_.assistant->pack().faq() && pack->faq())
      pack->faq()->SetHits(current_.assistant->pack().faq()->Hits());
  }
  AssistantServices services;
  services.clock = clock_;
  services.lookups = lookups.get();
  if (pack->faq()) {
    services.faq = MakeFaqAnswerer(pack->faq());
    services.faq_pick = MakeFaqPicker(pack->faq());
  }
  services.next_ticket_id = [store = store_](int64_t* id) { return store->NextTicketId(id); };
  Current next{std::move(lookups),
               std::make_shared<const Assistant>(std::move(pack), std::move(services))};
  MutexLock lock(&current_mu_);
  current_ = std::move(next);
}

SupportService::Current SupportService::current() const {
  MutexLock lock(&current_mu_);
  return current_;
}

std::shared_ptr<const CompiledPack> SupportService::pack() const {
  auto a = current().assistant;
  return std::shared_ptr<const CompiledPack>(a, &a->pack());
}

Status SupportService::ConversationIdFor(const Message& message, std::string* id,
                                         std::string* shown, bool* fresh) {
  *fresh = false;
  if (!message.conversation_id.empty()) {
    *shown = message.conversation_id;
  } else if (!message.from.empty() && message.from_verified) {
    // Only a proven address joins the conversations of that address, across
    // channels; a claimed one opens a conversation of its own.
    std::string from = message.from;
    std::transform(from.begin(), from.end(), from.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    *id = *shown = "from:" + from;
    return Status::Ok();
  } else {
    // Unguessable: an id is all a client shows to continue a conversation.
    // Time first, so that new conversations append to the store's indexes.
    std::string hex;
    Status s = TimeOrderedRandomHex(16, &hex);
    if (!s.ok()) return s;
    *shown = "c-" + hex;
    *fresh = true;
  }
  *id = message.conversation_scope.empty() ? *shown : message.conversation_scope + "/" + *shown;
  return Status::Ok();
}

Mutex& SupportService::LockFor(const std::string& conversation_id) {
  return conversation_locks_[std::hash<std::string>{}(conversation_id) % conversation_locks_.size()];
}

Status SupportService::Handle(const Message& message, const std::string& idempotency_key,
                              Decision* decision, std::string* replayed_json,
                              std::string* decision_json, int64_t* chat_event_id) {
  replayed_json->clear();
  if (chat_event_id != nullptr) *chat_event_id = 0;
  if (!idempotency_key.empty()) {
    bool found = false;
    Status s = store_->FindIdempotent(idempotency_key, replayed_json, &found);
    if (!s.ok() || found) return s;
  }
  std::string id, shown;
  bool fresh = false;
  Status s = ConversationIdFor(message, &id, &shown, &fresh);
  if (!s.ok()) return s;
  // A fresh id is known to this call alone: nothing to serialize with, and
  // nothing stored under it to read.
  std::optional<MutexLock> lock;
  if (!fresh) lock.emplace(&LockFor(id));
  ConversationState in, out;
  if (!fresh) {
    bool found = false;
    s = store_->Load(id, &in, &found);
    if (!s.ok()) return s;
  }
  in.id = id;
  Current now = current();  // keeps this pack and its lookups alive for the turn
  Message m = message;
  AddCustomerProfile(now, &m);
  s = now.assistant->Decide(m, in, &out, decision);
  if (!s.ok()) return s;
  decision->conversation_id = shown;  // the client's name for it, without the scope
  const auto& faq = now.assistant->pack().faq();
  // A caller that answers with the JSON gets the string the store keeps:
  // serialized once for both. Others (batch, eval, chat) leave it to the
  // store, which serializes only if it keeps it. Input was checked to be
  // UTF-8, so `replace` never changes a byte of it.
  std::string json;
  if (decision_json != nullptr) AppendDecisionJson(*decision, &json);
  // A ticket the state did not hold is new, unless it is the resolved one
  // the customer answered.
  const bool new_ticket = decision->ticket.has_value() && !in.ticket.has_value();
  const bool reopen = new_ticket && in.resolved_ticket == decision->ticket;
  TurnCommit turn;
  turn.idempotency_key = idempotency_key;
  turn.message = &m;
  turn.state = &out;
  turn.decision = decision;
  turn.open_ticket = new_ticket && !reopen;
  turn.reopen_ticket = reopen;
  turn.notify = notify_tickets_ && new_ticket;
  turn.outbox = (m.channel == "email" || m.reply_by_email) && !m.from.empty() &&
                !decision->reply.empty() && !m.no_auto_reply;
  turn.decision_json = decision_json != nullptr ? &json : nullptr;
  if (chat_event_id != nullptr && !decision->reply.empty()) {
    turn.chat_reply_json = ChatReplyJson(*decision);
    turn.chat_event_id = chat_event_id;
  }
  bool duplicate = false;
  s = store_->Commit(turn, &duplicate, replayed_json);
  if (!s.ok()) return s;
  if (duplicate) return s;
  replayed_json->clear();
  // Counted once the turn is stored, so a retry or a failed commit never counts.
  if (faq && !decision->faq_entry.empty()) faq->RecordHit(decision->faq_entry);
  if (decision_json != nullptr) *decision_json = std::move(json);
  return s;
}

void SupportService::AddCustomerProfile(const Current& now, Message* message) const {
  static const char kProfile[] = "customer_profile";
  if (now.lookups == nullptr || !message->from_verified || message->from.empty() ||
      !now.lookups->Has(kProfile))
    return;
  LookupRequest req;
  req.name = kProfile;
  req.from = message->from;
  req.from_verified = true;
  LookupResult result;
  if (!now.lookups->Run(req, &result).ok() || !result.found) return;
  for (const auto& [key, value] : result.data.items())
    message->customer[key] = value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace frontdesk
