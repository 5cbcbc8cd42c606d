#include "engine/service/store_conversations.h"

namespace frontdesk {

Status StoreConversations::Load(const std::string& id, ConversationState* state, bool* found) {
  return store_->LoadConversation(id, state, found);
}

Status StoreConversations::Commit(const TurnCommit& turn, bool* duplicate,
                                  std::string* stored_json) {
  TurnRecord r;
  // The receive time, the decision JSON and the ticket's queue, priority and
  // due time are left for the store to fill from its clock and the decision.
  r.idempotency_key = turn.idempotency_key;
  r.message = *turn.message;
  r.conversation_id = turn.state->id;
  r.state_after = *turn.state;
  r.decision = *turn.decision;
  r.ticket_id = turn.decision->ticket.value_or(0);
  r.open_ticket = turn.open_ticket;
  r.reopen_ticket = turn.reopen_ticket;
  r.notify = turn.notify;
  r.outbox = turn.outbox;
  if (turn.decision_json != nullptr) r.decision_json = *turn.decision_json;
  r.chat_reply_json = turn.chat_reply_json;
  TurnResult result;
  Status s = store_->CommitTurn(r, &result);
  if (!s.ok()) return s;
  if (turn.chat_event_id != nullptr) *turn.chat_event_id = result.chat_event_id;
  if (r.ticket_id != 0 && !result.duplicate && on_ticket_turn_) on_ticket_turn_();
  *duplicate = result.duplicate;
  if (result.duplicate) *stored_json = result.decision_json;
  return Status::Ok();
}

Status StoreConversations::FindIdempotent(const std::string& key, std::string* decision_json,
                                          bool* found) {
  return store_->FindByIdempotencyKey(key, decision_json, found);
}

Status StoreConversations::NextTicketId(int64_t* id) { return store_->NextTicketId(id); }

}  // namespace frontdesk
