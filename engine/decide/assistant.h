// Assistant: decides one message. Pure: it opens no socket, file or SQL;
// time, lookups and ticket numbers come through the interfaces in
// AssistantServices.
#ifndef FRONTDESK_ENGINE_DECIDE_ASSISTANT_H_
#define FRONTDESK_ENGINE_DECIDE_ASSISTANT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "frontdesk/clock.h"
#include "engine/decide/compiled_pack.h"
#include "frontdesk/conversation.h"
#include "frontdesk/decision.h"
#include "frontdesk/lookup.h"
#include "frontdesk/message.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct AssistantServices {
  const Clock* clock = nullptr;         // required
  LookupRunner* lookups = nullptr;      // null: lookups answer "unavailable"
  // Allocates the number of a new ticket (so the reply can name it before
  // the turn is committed). Required when a rule may escalate; an error (or
  // no allocator) fails the turn, which is then not answered.
  std::function<Status(int64_t* id)> next_ticket_id;
  // When no intent matched: an FAQ search may answer instead of the fallback.
  // Returns true and fills *decision's reply/trace when confident.
  std::function<bool(const std::string& folded, const std::string& language, Decision* decision)>
      faq;
  // When the intent names FAQ entries (`faq:`) and no rule decided: answers
  // with the entry that fits the message best. Returns false if none exists.
  std::function<bool(const std::string& folded, const std::string& language,
                     const std::vector<std::string>& entries, Decision* decision)>
      faq_pick;
};

class Assistant {
 public:
  // REQUIRES: pack != nullptr, services.clock != nullptr. Both must outlive
  // the Assistant. Thread-safe: Decide is const.
  Assistant(std::shared_ptr<const CompiledPack> pack, AssistantServices services);

  // Decides `message` in a conversation whose state was `in`; writes the
  // next state to *out. Returns an error (and no decision) when matching
  // fails or the text is refused; a message the engine does not understand is
  // a successful fallback decision.
  Status Decide(const Message& message, const ConversationState& in, ConversationState* out,
                Decision* decision) const;

  const CompiledPack& pack() const { return *pack_; }

 private:
  std::shared_ptr<const CompiledPack> pack_;
  AssistantServices services_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_DECIDE_ASSISTANT_H_
