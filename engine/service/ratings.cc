#include "engine/service/ratings.h"

#include <memory>
#include <vector>

#include "engine/base/secrets.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

constexpr char kPrefix[] = "r1.";

bool ParseId(const std::string& s, int64_t* out) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = std::stoll(s);
  return true;
}

struct Mail {
  const char* subject;  // "{}" = the ticket's number
  const char* body;     // "{}" = the link
};

Mail MailIn(const std::string& language) {
  if (language == "vi")
    return {"Bạn hài lòng với hỗ trợ của chúng tôi không? (yêu cầu #{})",
            "Yêu cầu của bạn đã được giải quyết. Bạn chấm mấy điểm, từ 1 đến 5?\n\n{}\n\n"
            "Liên kết này chỉ dùng để đánh giá yêu cầu này."};
  if (language == "es")
    return {"¿Qué tal lo hicimos? (solicitud #{})",
            "Hemos resuelto su solicitud. ¿Qué puntuación nos da, de 1 a 5?\n\n{}\n\n"
            "Este enlace solo sirve para valorar esta solicitud."};
  return {"How did we do? (ticket #{})",
          "Your request is resolved. How would you rate our help, from 1 to 5?\n\n{}\n\n"
          "This link only rates this request."};
}

std::string Fill(const char* text, const std::string& value) {
  std::string s = text;
  if (size_t at = s.find("{}"); at != std::string::npos) s.replace(at, 2, value);
  return s;
}

}  // namespace

Status Ratings::Open(Store* store, const Clock* clock, const std::string& public_url,
                     std::unique_ptr<Ratings>* out) {
  std::string key;
  Status s = store->ServerKey("rating", &key);
  if (!s.ok()) return s;
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  out->reset(new Ratings(store, clock, std::move(key), std::move(base)));
  return Status::Ok();
}

std::string Ratings::Mac(int64_t ticket, int64_t expires) const {
  // A purpose label: no other HMAC under this key can pass for a rating token.
  return HmacSha256Hex(key_, "frontdesk rating link|" + std::to_string(ticket) + "|" +
                                 std::to_string(expires));
}

std::string Ratings::Token(int64_t ticket) const {
  const int64_t expires = clock_->NowUnix() + int64_t{kLinkDays} * 86400;
  return kPrefix + std::to_string(ticket) + "." + std::to_string(expires) + "." +
         Mac(ticket, expires);
}

Status Ratings::CheckToken(const std::string& token, int64_t* ticket) const {
  const Status denied = Status::PermissionDenied("this rating link is not valid or has expired");
  if (token.size() > 200 || token.rfind(kPrefix, 0) != 0) return denied;
  const size_t a = sizeof kPrefix - 1;
  const size_t b = token.find('.', a);
  const size_t c = b == std::string::npos ? b : token.find('.', b + 1);
  int64_t id = 0, expires = 0;
  if (c == std::string::npos || !ParseId(token.substr(a, b - a), &id) ||
      !ParseId(token.substr(b + 1, c - b - 1), &expires))
    return denied;
  if (!ConstantTimeEquals(token.substr(c + 1), Mac(id, expires)) || expires < clock_->NowUnix())
    return denied;
  *ticket = id;
  return Status::Ok();
}

Status Ratings::Rate(int64_t ticket, int score, const std::string& comment,
                     const std::string& channel) {
  if (score < 1 || score > 5) return Status::InvalidArgument("'score' must be 1 to 5");
  if (!IsValidUtf8(comment) || comment.size() > kMaxCommentBytes)
    return Status::InvalidArgument("'comment' must be UTF-8, at most 2000 bytes");
  Ticket t;
  Status s = store_->GetTicket(ticket, &t);
  if (!s.ok()) return s;
  if (t.status != "solved" && t.status != "closed")
    return Status::InvalidArgument("ticket " + std::to_string(ticket) + " is not resolved yet");
  Rating r;
  r.ticket_id = ticket;
  r.score = score;
  r.comment = comment;
  r.channel = channel;
  return store_->PutRating(r);
}

Status Ratings::RatedTicketOf(const std::string& conversation_id, int64_t* ticket) const {
  std::vector<StoredMessage> messages;
  Status s = store_->ListConversation(conversation_id, &messages);
  if (!s.ok()) return s;
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->ticket_id == 0) continue;
    *ticket = it->ticket_id;
    return Status::Ok();
  }
  return Status::NotFound("this conversation has no ticket to rate");
}

Status Ratings::AskByEmail(const Ticket& ticket, const StoredMessage& after, bool* queued) {
  *queued = false;
  if (public_url_.empty() || after.sender.empty() || after.id == 0) return Status::Ok();
  const Mail m = MailIn(after.language);
  OutboxItem mail;
  mail.message_id = after.id;
  mail.channel = after.channel;
  mail.recipient = after.sender;
  mail.subject = Fill(m.subject, std::to_string(ticket.id));
  mail.body = Fill(m.body, public_url_ + "/rate?t=" + Token(ticket.id));
  mail.in_reply_to = after.external_id;
  int64_t id = 0;
  Status s = store_->EnqueueMail(mail, &id);
  *queued = s.ok();
  return s;
}

}  // namespace frontdesk
