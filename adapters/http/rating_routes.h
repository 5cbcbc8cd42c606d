// Customers rate a resolved ticket (engine/service/ratings.h):
//   POST /v1/chat/sessions/{id}/rating  a chat visitor, with the session's
//       token: {"score": 1..5, "comment"?} -> 201 {"ticket", "score"}; the
//       session's own conversation's latest ticket, once it is resolved.
//   GET /rate?t=TOKEN&lang=   the page an e-mail's link opens: a form of
//       five buttons and a comment. It changes nothing (mail scanners
//       follow links).
//   POST /rate   the form (t, score, comment): stores the rating, thanks.
// The rating page reads no cookie and sets none: the signed token in the
// form is the only credential, so a page of another site can forge nothing
// it would not already need the token for (CSRF-safe by construction). It
// has a strict CSP, no script, and Referrer-Policy: no-referrer (the token
// is in the URL).
// Errors: a wrong token 401, a score outside 1..5 or a bad comment 400, a
// ticket not resolved yet 409.
#ifndef FRONTDESK_ADAPTERS_HTTP_RATING_ROUTES_H_
#define FRONTDESK_ADAPTERS_HTTP_RATING_ROUTES_H_

#include <string>
#include <vector>

#include "engine/service/chat_service.h"
#include "engine/service/ratings.h"

namespace httplib {
class Server;
}

namespace frontdesk {

struct RatingChannel {
  Ratings* ratings = nullptr;  // null: no rating routes
  ChatService* chat = nullptr;  // null: no chat rating route
  std::vector<std::string> languages = {"en"};  // of the page; first = default
};

// REQUIRES: what `channel` points to outlives the server.
void AddRatingRoutes(httplib::Server& server, const RatingChannel& channel);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_RATING_ROUTES_H_
