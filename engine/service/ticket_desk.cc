#include "engine/service/ticket_desk.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace frontdesk {
namespace {

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The decision of a message that reopened a resolved ticket (Assistant's
// trace step "state reopen").
bool Reopened(const nlohmann::json& decision) {
  if (!decision.is_object() || !decision.contains("trace") || !decision["trace"].is_array())
    return false;
  for (const auto& step : decision["trace"])
    if (step.is_object() && step.value("step", "") == "state" && step.value("id", "") == "reopen")
      return true;
  return false;
}

// The subject of an agent's reply e-mailed to the address a chat visitor
// left, in the visitor's language: their chat had no subject.
std::string ChatMailSubject(const std::string& language, int64_t ticket) {
  const std::string n = std::to_string(ticket);
  if (language == "vi") return "Trả lời cuộc trò chuyện của bạn (yêu cầu #" + n + ")";
  if (language == "es") return "Respuesta a su chat (solicitud #" + n + ")";
  return "Reply to your chat (ticket #" + n + ")";
}

}  // namespace

Status TicketDesk::Get(int64_t id, TicketView* out) const {
  Status s = store_->GetTicket(id, &out->ticket);
  if (s.ok()) s = store_->ListConversation(out->ticket.conversation_id, &out->transcript);
  if (s.ok()) s = store_->ListTicketNotes(id, &out->notes);
  if (s.ok()) s = Customer(out->ticket.conversation_id, &out->channel, &out->customer);
  return s;
}

Status TicketDesk::Customer(const std::string& conversation_id, std::string* channel,
                            std::string* address, std::string* language) const {
  std::vector<StoredMessage> messages;
  Status s = store_->ListConversation(conversation_id, &messages);
  if (!s.ok()) return s;
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->direction != "in") continue;
    *channel = it->channel;
    *address = it->sender;
    if (language != nullptr) *language = it->language;
    break;
  }
  return Status::Ok();
}

Status TicketDesk::Own(const std::string& agent, int64_t id, DeskOutcome* out) {
  bool claimed = false;
  Status s = store_->ClaimTicket(id, agent, &claimed, &out->ticket);
  out->taken = s.ok() && !claimed;
  return s;
}

Status TicketDesk::Claim(const std::string& agent, int64_t id, DeskOutcome* out) {
  Ticket before;
  Status s = store_->GetTicket(id, &before);
  if (s.ok()) s = Own(agent, id, out);
  // Say so once, when the ticket changes hands, not on a repeated claim.
  if (s.ok() && !out->taken && before.assignee != agent)
    TellChat(out->ticket, "agent_joined", Dump({{"agent", agent}}));
  return s;
}

Status TicketDesk::Reply(const std::string& agent, int64_t id, const std::string& text,
                         DeskOutcome* out) {
  if (text.empty()) return Status::InvalidArgument("a reply needs a text");
  Status s = Own(agent, id, out);
  if (!s.ok() || out->taken) return s;
  std::string channel, address, language;
  s = Customer(out->ticket.conversation_id, &channel, &address, &language);
  if (!s.ok()) return s;
  const bool chat = channel == "chat";
  // A chat visitor has no address of record: the reply reaches them as an
  // event, and also by e-mail when they left an address for it ("continue
  // by e-mail": outside business hours they have likely left the page).
  std::string contact;
  if (chat && chat_ != nullptr) s = chat_->ContactOf(out->ticket.conversation_id, &contact);
  if (!s.ok()) return s;
  TicketReply reply;
  reply.ticket_id = id;
  reply.actor = agent;
  reply.text = text;
  reply.send = chat ? !contact.empty() : !address.empty();
  reply.recipient = contact;
  if (!contact.empty()) reply.subject = ChatMailSubject(language, id);
  s = store_->AddTicketReply(reply, &out->id);
  if (!s.ok()) return s;
  if (chat && chat_ != nullptr) out->delivered = reply.send ? "chat+outbox" : "chat";
  else out->delivered = reply.send ? "outbox" : "stored";
  if (chat && chat_ != nullptr) {
    ChatEvent e;
    e.conversation_id = out->ticket.conversation_id;
    e.kind = "agent_message";
    e.data_json = Dump({{"text", text}, {"agent", agent}, {"ticket", id}});
    // The reply is stored (the transcript has it); an event that fails to
    // store is the one thing lost, and the agent is told.
    s = chat_->Publish(&e);
  }
  return s;
}

Status TicketDesk::Note(const std::string& agent, int64_t id, const std::string& text,
                        DeskOutcome* out) {
  if (text.empty()) return Status::InvalidArgument("a note needs a text");
  TicketNote note;
  note.ticket_id = id;
  note.author = agent;
  note.text = text;
  Status s = store_->AddTicketNote(&note);
  if (s.ok()) s = store_->GetTicket(id, &out->ticket);
  out->id = note.id;
  return s;
}

Status TicketDesk::Resolve(const std::string& agent, int64_t id, DeskOutcome* out) {
  return Release(agent, id, "ticket.resolve", out);
}

Status TicketDesk::Handback(const std::string& agent, int64_t id, DeskOutcome* out) {
  return Release(agent, id, "ticket.handback", out);
}

Status TicketDesk::Release(const std::string& agent, int64_t id, const std::string& action,
                           DeskOutcome* out) {
  Status s = Own(agent, id, out);
  if (!s.ok() || out->taken) return s;
  // Solving clears the conversation's `human` and `ticket` in the same
  // transaction (Store::UpdateTicket), so the bot decides the next message.
  TicketUpdate update;
  update.status = "solved";
  update.actor = agent;
  update.action = action;
  // Resolved, the customer's answer reopens it; handed back, the bot takes it.
  update.reopen_on_reply = action == "ticket.resolve";
  s = store_->UpdateTicket(id, update);
  if (s.ok()) s = store_->GetTicket(id, &out->ticket);
  if (s.ok()) TellChat(out->ticket, "agent_left", Dump({{"agent", agent}}));
  if (s.ok() && update.reopen_on_reply) AskRating(out->ticket);
  return s;
}

void TicketDesk::AskRating(const Ticket& ticket) {
  if (ratings_ == nullptr) return;
  std::vector<StoredMessage> messages;
  Status s = store_->ListConversation(ticket.conversation_id, &messages);
  const StoredMessage* last = nullptr;
  for (auto it = messages.rbegin(); s.ok() && it != messages.rend() && last == nullptr; ++it)
    if (it->direction == "in") last = &*it;
  if (s.ok() && last != nullptr && last->channel == "chat") {
    TellChat(ticket, "rating_request", Dump({{"ticket", ticket.id}}));
    // A visitor who left an address to continue by e-mail has most likely
    // closed the tab: the question goes there too, as the agents' replies did.
    std::string contact;
    if (chat_ != nullptr) s = chat_->ContactOf(ticket.conversation_id, &contact);
    if (s.ok() && !contact.empty()) {
      StoredMessage to = *last;
      to.sender = contact;
      to.channel = "email";
      to.external_id.clear();  // a chat message's id is no Message-ID to answer
      bool queued = false;
      s = ratings_->AskByEmail(ticket, to, &queued);
    }
  } else if (s.ok() && last != nullptr) {
    bool queued = false;
    s = ratings_->AskByEmail(ticket, *last, &queued);
  }
  // The ticket is solved either way; a lost question is logged, not fatal.
  if (!s.ok())
    std::fprintf(stderr, "frontdesk: rating request for ticket %lld not queued: %s\n",
                 static_cast<long long>(ticket.id), s.ToString().c_str());
}

Status TicketDesk::Activity(DeskCursor* cursor, size_t limit, std::vector<DeskEvent>* out) const {
  out->clear();
  std::vector<StoredMessage> messages;
  Status s = store_->ListMessagesSince(cursor->since_unix, limit, &messages);
  if (!s.ok()) return s;
  for (const StoredMessage& m : messages) {
    if (m.id <= cursor->after_id) continue;
    cursor->since_unix = m.created_unix;
    cursor->after_id = m.id;
    if (m.ticket_id == 0) continue;  // the bot's alone
    // A decision that escalated carries its escalation; one made while a
    // person owns the conversation (the bot stayed quiet) does not.
    nlohmann::json d = nlohmann::json::parse(m.decision_json, nullptr, false);
    const bool opened = d.is_object() && d.contains("escalation") && !d["escalation"].is_null();
    out->push_back({m.id, opened ? "ticket_opened" : Reopened(d) ? "ticket_reopened" : "customer_message",
                    m.ticket_id, m.conversation_id, m.channel, m.created_unix});
  }
  return Status::Ok();
}

void TicketDesk::ActivityStored() {
  MutexLock lock(&rings_mu_);
  ++rings_;
  rung_.SignalAll();
}

uint64_t TicketDesk::activity_rings() const {
  MutexLock lock(&rings_mu_);
  return rings_;
}

bool TicketDesk::WaitForActivity(uint64_t rings, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  MutexLock lock(&rings_mu_);
  while (rings_ <= rings) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    rung_.WaitFor(deadline - now);
  }
  return true;
}

void TicketDesk::TellChat(const Ticket& ticket, const std::string& kind,
                          const std::string& data_json) {
  std::string channel, address;
  if (chat_ == nullptr || !Customer(ticket.conversation_id, &channel, &address).ok() ||
      channel != "chat")
    return;
  ChatEvent e;
  e.conversation_id = ticket.conversation_id;
  e.kind = kind;
  e.data_json = data_json;
  // A courtesy to the visitor's page; the action itself is stored.
  if (Status s = chat_->Publish(&e); !s.ok())
    std::fprintf(stderr, "frontdesk: chat event %s not stored: %s\n", kind.c_str(),
                 s.ToString().c_str());
}

}  // namespace frontdesk
