// The one reader of a message written as JSON, shared by every door that
// takes one (POST /v1/messages, `frontdesk batch`), so that they accept and
// refuse exactly the same input.
//
//   {"id": "..." | 123, "text": "...", "lang": "vi", "channel": "chat",
//    "from": "...", "subject": "...", "conversation_id": "..."}
//
// Only `text` is required, and it must not be empty. Every other field may be
// absent or null; a number is accepted for `id` only. Unknown fields are
// ignored. Each field has a length limit (text kMaxMessageTextBytes, subject
// 1000, from 320, id and conversation_id 200, lang and channel 16 bytes);
// longer is InvalidArgument. `from_verified`, `client_address` and
// `customer` are never read here: what a sender proved is the channel's to
// say (the integration API reads `from_verified` itself, after the key).
#ifndef FRONTDESK_INCLUDE_FRONTDESK_MESSAGE_JSON_H_
#define FRONTDESK_INCLUDE_FRONTDESK_MESSAGE_JSON_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "frontdesk/message.h"
#include "frontdesk/status.h"

namespace frontdesk {

inline constexpr size_t kMaxMessageTextBytes = 20000;

// Fills *m from a parsed JSON value. InvalidArgument, with a message for the
// sender ("'lang' must be a string"), when `j` is not such an object.
// Fields of *m that the JSON does not set keep their values (the channel
// default, an adapter's own settings).
Status MessageFromJson(const nlohmann::json& j, Message* m);

// Parses `body` (a whole request body or one JSON line) and then as above.
// Invalid UTF-8 and malformed JSON are InvalidArgument. (Implemented in
// engine/text, whose UTF-8 check it uses.)
Status ParseMessageJson(std::string_view body, Message* m);

}  // namespace frontdesk

#endif  // FRONTDESK_INCLUDE_FRONTDESK_MESSAGE_JSON_H_
