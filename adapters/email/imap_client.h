// ImapClient: the few IMAP commands `frontdesk mail fetch` needs, over
// libcurl — UID SEARCH, the sizes of some messages, one message's raw bytes,
// UID STORE of flags, UID EXPUNGE. One connection is kept between calls and
// opened again after a failure, so a dropped connection costs one failed
// call, never the client. Messages are named by UID only (sequence numbers
// shift when another client expunges).
#ifndef FRONTDESK_ADAPTERS_EMAIL_IMAP_CLIENT_H_
#define FRONTDESK_ADAPTERS_EMAIL_IMAP_CLIENT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontdesk/status.h"

namespace frontdesk::mail {

struct ImapOptions {
  std::string host;  // REQUIRES: non-empty
  int port = 993;
  std::string security = "tls";  // "tls" (IMAPS), "starttls" (required) or "none"
  std::string mailbox = "INBOX";
  std::string user, password;
  int timeout_seconds = 60;
};

// The UIDs of an untagged "* SEARCH 3 5 9" response among `text`'s lines.
std::vector<uint32_t> ParseSearchResponse(std::string_view text);
// UID -> RFC822.SIZE from untagged "* 4 FETCH (UID 9 RFC822.SIZE 1234)" lines.
std::map<uint32_t, uint64_t> ParseSizeResponse(std::string_view text);

class ImapClient {
 public:
  explicit ImapClient(ImapOptions options);
  ~ImapClient();
  ImapClient(const ImapClient&) = delete;
  ImapClient& operator=(const ImapClient&) = delete;

  // `criteria` is constant text of this program, e.g. "UNKEYWORD $FrontdeskTaken".
  Status Search(const std::string& criteria, std::vector<uint32_t>* uids);
  Status Sizes(const std::vector<uint32_t>& uids, std::map<uint32_t, uint64_t>* sizes);
  // The message's raw bytes. A message over `limit` bytes is not read
  // further: *too_big is set and *raw is incomplete.
  Status Fetch(uint32_t uid, size_t limit, std::string* raw, bool* too_big);
  // "+FLAGS (...)" or "-FLAGS (...)" on one message.
  Status Store(uint32_t uid, const std::string& change);
  // UID EXPUNGE (RFC 4315, UIDPLUS): removes these messages, if deleted,
  // and never another client's deleted ones.
  Status Expunge(const std::vector<uint32_t>& uids);
  // Closes the connection (LOGOUT); the next call opens a new one.
  void Close();

 private:
  // Runs `command` on the mailbox (a custom request: its untagged
  // responses land in *out), or, with command "", downloads `path`.
  Status Perform(const std::string& path, const std::string& command, std::string* out, size_t limit,
                 bool* too_big);
  std::string Url(const std::string& path) const;

  ImapOptions options_;
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

}  // namespace frontdesk::mail

#endif  // FRONTDESK_ADAPTERS_EMAIL_IMAP_CLIENT_H_
