// Ratings: after an agent resolves a ticket, the customer is asked how it
// went (1-5 and a comment): a chat visitor by an event on their stream
// (TicketDesk publishes it), an e-mail or form customer by an e-mail through
// the outbox with a link to the rating page (/rate?t=TOKEN). The store keeps
// one rating per ticket; rating again replaces it.
//
// The link's token is "r1.<ticket>.<expires>.<HMAC-SHA256>": signed with a
// key the store keeps (Store::ServerKey("rating"), the same on every node
// and across restarts) over a purpose label, the ticket and the expiry, so
// it can rate that one ticket and do nothing else, for kLinkDays.
//
// Thread safety: every method may be called concurrently.
#ifndef FRONTDESK_ENGINE_SERVICE_RATINGS_H_
#define FRONTDESK_ENGINE_SERVICE_RATINGS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "engine/store/store.h"
#include "frontdesk/clock.h"
#include "frontdesk/status.h"

namespace frontdesk {

class Ratings {
 public:
  static constexpr int kLinkDays = 30;
  static constexpr size_t kMaxCommentBytes = 2000;

  // `public_url`: the server's address for customers' links ("" = no
  // rating e-mails). REQUIRES: store and clock outlive this object.
  static Status Open(Store* store, const Clock* clock, const std::string& public_url,
                     std::unique_ptr<Ratings>* out);
  Ratings(const Ratings&) = delete;
  Ratings& operator=(const Ratings&) = delete;

  std::string Token(int64_t ticket) const;
  // The ticket a link's token rates; kPermissionDenied for a forged, altered
  // or expired one (one answer for all).
  Status CheckToken(const std::string& token, int64_t* ticket) const;

  // Stores the customer's rating of a resolved ticket. kInvalidArgument for
  // a score outside 1..5 or a comment that is not UTF-8 or too long;
  // kFailedPrecondition-like kInvalidArgument for a ticket not solved.
  Status Rate(int64_t ticket, int score, const std::string& comment, const std::string& channel);
  // The conversation's latest ticket, if solved: what a chat visitor rates.
  // kNotFound when there is none.
  Status RatedTicketOf(const std::string& conversation_id, int64_t* ticket) const;
  // Queues the rating e-mail for an e-mail or form customer, in their
  // language, following message `after` (their last one). False (nothing
  // queued) without a public_url.
  Status AskByEmail(const Ticket& ticket, const StoredMessage& after, bool* queued);

 private:
  Ratings(Store* store, const Clock* clock, std::string key, std::string public_url)
      : store_(store), clock_(clock), key_(std::move(key)), public_url_(std::move(public_url)) {}
  std::string Mac(int64_t ticket, int64_t expires) const;

  Store* store_;
  const Clock* clock_;
  const std::string key_;
  const std::string public_url_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_RATINGS_H_
