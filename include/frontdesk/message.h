// Message: one incoming customer message, as an adapter hands it to the engine.
#ifndef FRONTDESK_INCLUDE_FRONTDESK_MESSAGE_H_
#define FRONTDESK_INCLUDE_FRONTDESK_MESSAGE_H_

#include <map>
#include <string>

namespace frontdesk {

struct Message {
  std::string id;               // caller's id (echoed by batch); may be empty
  std::string text;             // body, quoted replies and signatures already cut
  std::string subject;          // e-mail subject or form title; may be empty
  std::string channel = "api";  // chat | email | form | api
  std::string language;         // caller's hint ("vi"); empty = detect
  // The language of the page the message came from (a chat widget's): used
  // only when detection is unsure and the conversation has none yet, so a
  // Vietnamese visitor on an English page is still answered in Vietnamese.
  std::string default_language;
  std::string from;             // sender address (e-mail) or chat identity; may be empty
  // True when the adapter verified that `from` belongs to the sender
  // (a signed-in chat user, an e-mail that passed the MTA's checks).
  bool from_verified = false;
  // Queue the reply on the outbox to `from` although the channel is not
  // e-mail: the confirmation of a web form, sent to the address the visitor
  // typed. Only written to, never trusted (from_verified stays false).
  bool reply_by_email = false;
  // E-mail: the loop guard refused an automatic reply (a robot, a list, a
  // bounce, a sender answered too often): the turn is decided and recorded,
  // and nothing is queued on the outbox.
  bool no_auto_reply = false;
  std::string conversation_id;  // empty = derived from a verified `from`, else new
  // Set by the adapter to what the channel proved (an API key: "key:3"):
  // conversation_id is looked up within it, so one client can never name
  // another's conversation. "" = the id is already the server's own (a chat
  // session's conversation, an e-mail thread).
  std::string conversation_scope;
  std::string client_address;   // network peer, for rate limits; may be empty
  // What the store knows of the sender (e.g. {"vip": "true", "name": "An"}),
  // filled in by the service before deciding; rules may test it.
  std::map<std::string, std::string> customer;
};

}  // namespace frontdesk

#endif  // FRONTDESK_INCLUDE_FRONTDESK_MESSAGE_H_
