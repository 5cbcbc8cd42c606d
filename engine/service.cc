#include "engine/service.h"

#include <algorithm>
#include <functional>
#include <random>

namespace frontdesk {

Status MemoryConversationStore::Load(const std::string& id, ConversationState* state, bool* found) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = states_.find(id);
  *found = it != states_.end();
  if (*found) *state = it->second;
  return Status::Ok();
}

Status MemoryConversationStore::Commit(const std::string& idempotency_key, const Message&,
                                       const ConversationState& state, const Decision& decision) {
  std::lock_guard<std::mutex> lock(mu_);
  states_[state.id] = state;
  if (!idempotency_key.empty()) idempotent_[idempotency_key] = DecisionToJson(decision).dump();
  return Status::Ok();
}

Status MemoryConversationStore::FindIdempotent(const std::string& key, std::string* decision_json,
                                               bool* found) {
  std::lock_guard<std::mutex> lock(mu_);
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
  AssistantServices services;
  services.clock = clock_;
  services.lookups = lookups.get();
  services.next_ticket_id = [store = store_] { return store->NextTicketId(); };
  Current next{std::move(lookups),
               std::make_shared<const Assistant>(std::move(pack), std::move(services))};
  std::lock_guard<std::mutex> lock(current_mu_);
  current_ = std::move(next);
}

SupportService::Current SupportService::current() const {
  std::lock_guard<std::mutex> lock(current_mu_);
  return current_;
}

std::shared_ptr<const CompiledPack> SupportService::pack() const {
  auto a = current().assistant;
  return std::shared_ptr<const CompiledPack>(a, &a->pack());
}

std::string SupportService::ConversationIdFor(const Message& message) {
  if (!message.conversation_id.empty()) return message.conversation_id;
  if (!message.from.empty()) {
    std::string from = message.from;
    std::transform(from.begin(), from.end(), from.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return "from:" + from;
  }
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[24];
  std::snprintf(buf, sizeof buf, "c-%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

std::mutex& SupportService::LockFor(const std::string& conversation_id) {
  return conversation_locks_[std::hash<std::string>{}(conversation_id) % conversation_locks_.size()];
}

Status SupportService::Handle(const Message& message, const std::string& idempotency_key,
                              Decision* decision, std::string* replayed_json) {
  replayed_json->clear();
  if (!idempotency_key.empty()) {
    bool found = false;
    Status s = store_->FindIdempotent(idempotency_key, replayed_json, &found);
    if (!s.ok() || found) return s;
  }
  std::string id = ConversationIdFor(message);
  std::lock_guard<std::mutex> lock(LockFor(id));
  ConversationState in, out;
  bool found = false;
  Status s = store_->Load(id, &in, &found);
  if (!s.ok()) return s;
  in.id = id;
  Current now = current();  // keeps this pack and its lookups alive for the turn
  s = now.assistant->Decide(message, in, &out, decision);
  if (!s.ok()) return s;
  return store_->Commit(idempotency_key, message, out, *decision);
}

}  // namespace frontdesk
