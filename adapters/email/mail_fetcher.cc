#include "adapters/email/mail_fetcher.h"

#include <algorithm>
#include <map>
#include <vector>

namespace frontdesk::mail {

// What each mark mode searches for and sets. Constant text only: nothing
// from a message or the config reaches an IMAP command.
struct MarkMode {
  const char* search;         // the messages not taken yet
  const char* taken;          // set once the intake recorded the message
  const char* refused;        // set on a message that can never be accepted
  const char* retry_later;    // undoes what fetching did, when the store said "later"
  bool expunge;               // remove the taken messages at the end of the poll
};

namespace {

const MarkMode kKeyword = {"UNDELETED UNKEYWORD $FrontdeskTaken UNKEYWORD $FrontdeskRefused",
                           "+FLAGS (\\Seen $FrontdeskTaken)", "+FLAGS (\\Flagged $FrontdeskRefused)", "", false};
// Servers without keywords: a fetch sets \Seen, so "later" must clear it.
const MarkMode kSeen = {"UNSEEN UNDELETED", "+FLAGS (\\Seen)", "+FLAGS (\\Seen \\Flagged)", "-FLAGS (\\Seen)",
                        false};
const MarkMode kDelete = {"UNDELETED UNKEYWORD $FrontdeskRefused", "+FLAGS (\\Seen \\Deleted)",
                          "+FLAGS (\\Flagged $FrontdeskRefused)", "", true};

const MarkMode& ModeOf(const std::string& mark) {
  if (mark == "seen") return kSeen;
  if (mark == "delete") return kDelete;
  return kKeyword;
}

}  // namespace

MailFetcher::MailFetcher(ImapClient* client, const MailIntake* intake, MailFetcherOptions options)
    : client_(client), intake_(intake), options_(std::move(options)), mode_(&ModeOf(options_.mark)) {}

Status MailFetcher::PollOnce(FetchCounts* counts) {
  *counts = FetchCounts();
  const MarkMode& mode = *mode_;
  std::vector<uint32_t> uids;
  Status s = client_->Search(mode.search, &uids);
  if (!s.ok()) return s;
  std::sort(uids.begin(), uids.end());  // UIDs grow with arrival: oldest first
  if (uids.size() > options_.max_per_poll) {
    counts->remaining = static_cast<int>(uids.size() - options_.max_per_poll);
    uids.resize(options_.max_per_poll);
  }
  std::map<uint32_t, uint64_t> sizes;
  s = client_->Sizes(uids, &sizes);
  if (!s.ok()) return s;
  std::vector<uint32_t> taken;
  for (size_t i = 0; i < uids.size(); ++i) {
    auto size = sizes.find(uids[i]);
    if (size == sizes.end()) continue;  // expunged by someone else since the search
    bool stop = false;
    int accepted_before = counts->accepted;
    s = Take(uids[i], size->second, counts, &stop);
    if (counts->accepted > accepted_before) taken.push_back(uids[i]);
    if (!s.ok() || stop) {
      counts->remaining += static_cast<int>(uids.size() - i - (s.ok() ? 1 : 0));
      break;
    }
  }
  if (mode.expunge) {
    Status e = client_->Expunge(taken);
    if (s.ok()) s = e;
  }
  return s;
}

Status MailFetcher::Take(uint32_t uid, uint64_t size, FetchCounts* counts, bool* stop) {
  const MarkMode& mode = *mode_;
  if (size > options_.max_message_bytes) {
    Status s = Refuse(uid);
    if (s.ok()) ++counts->refused;
    return s;
  }
  std::string raw;
  bool too_big = false;
  Status s = client_->Fetch(uid, options_.max_message_bytes, &raw, &too_big);
  if (!s.ok()) return s;
  if (too_big) {  // the size the server announced was wrong
    s = Refuse(uid);
    if (s.ok()) ++counts->refused;
    return s;
  }
  if (raw.empty()) return Status::Ok();  // gone since the search
  MailIntakeResult r = intake_->Accept(raw);
  switch (r.outcome) {
    case MailOutcome::kAccepted:
      s = client_->Store(uid, mode.taken);
      // Recorded even if the mark failed: the next poll takes it again and
      // the intake answers it as a duplicate.
      ++counts->accepted;
      return s;
    case MailOutcome::kRejected:
      s = Refuse(uid);
      if (s.ok()) ++counts->refused;
      return s;
    case MailOutcome::kRetryLater:
      break;
  }
  *stop = true;
  std::string error = "the store cannot take mail now: " + r.error;
  if (mode.retry_later[0] != '\0') {
    // In "seen" mode a message left \Seen is never searched again: say so.
    Status undo = client_->Store(uid, mode.retry_later);
    if (!undo.ok()) error += "; message UID " + std::to_string(uid) + " stays seen and must be taken by hand: " +
                             undo.message();
  }
  return Status::Unavailable(error);
}

Status MailFetcher::Refuse(uint32_t uid) { return client_->Store(uid, mode_->refused); }

}  // namespace frontdesk::mail
