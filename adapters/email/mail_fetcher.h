// MailFetcher: one IMAP mailbox as an inbound channel, for a shop with a
// mailbox and no MTA of its own (`frontdesk mail fetch`). Each poll finds
// the messages not yet taken, oldest first, hands each one's raw bytes to
// the same MailIntake as `mail deliver`, and marks it taken only after the
// intake recorded it. So a poll cut short (a dropped connection, the store
// down, the process killed) leaves the message unmarked, and the next poll
// takes it again; the intake is idempotent on the Message-ID, so a message
// recorded but not yet marked is decided and answered once.
//
// A message that can never be accepted (not a message, over
// max_message_bytes) is marked $FrontdeskRefused and left in the mailbox
// for a person, whatever the mark mode: it is the only copy.
#ifndef FRONTDESK_ADAPTERS_EMAIL_MAIL_FETCHER_H_
#define FRONTDESK_ADAPTERS_EMAIL_MAIL_FETCHER_H_

#include <cstddef>
#include <string>

#include "adapters/email/imap_client.h"
#include "adapters/email/mail_intake.h"
#include "frontdesk/status.h"

namespace frontdesk::mail {

struct MarkMode;  // mail_fetcher.cc: what a mark mode searches for and sets

struct MailFetcherOptions {
  // ImapConfig::mark: "keyword", "seen" or "delete". Default: "keyword".
  std::string mark = "keyword";
  size_t max_message_bytes = 25u << 20;  // Default: 25 MiB
  size_t max_per_poll = 100;             // Default: 100
};

struct FetchCounts {
  int accepted = 0;    // recorded now (a new message, or one recorded by an earlier cut-short poll)
  int refused = 0;     // never acceptable: marked $FrontdeskRefused and left for a person
  int remaining = 0;   // found but not taken in this poll (over max_per_poll, or the poll stopped)
};

class MailFetcher {
 public:
  // REQUIRES: client and intake non-null and outliving this object.
  MailFetcher(ImapClient* client, const MailIntake* intake, MailFetcherOptions options);

  // One poll. Not OK when the server could not be reached or answered an
  // error, or the store asked to try later; what was taken before that is
  // marked and counted. Thread-compatible.
  Status PollOnce(FetchCounts* counts);

 private:
  Status Take(uint32_t uid, uint64_t size, FetchCounts* counts, bool* stop);
  Status Refuse(uint32_t uid);

  ImapClient* client_;
  const MailIntake* intake_;
  MailFetcherOptions options_;
  const MarkMode* mode_;  // options_.mark, resolved once
};

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_MAIL_FETCHER_H_
