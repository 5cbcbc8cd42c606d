#include "adapters/email/imap_client.h"

#include <curl/curl.h>

#include <charconv>
#include <mutex>

namespace frontdesk::mail {
namespace {

bool ParseNumber(std::string_view s, uint64_t* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '(' || line[i] == ')')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '(' && line[i] != ')') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

template <typename Fn>
void ForEachLine(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    fn(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

struct Sink {
  std::string* out;
  size_t limit;
  bool over = false;
};

size_t Write(char* data, size_t size, size_t count, void* user) {
  Sink* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->out->size() + n > sink->limit) {
    sink->over = true;
    return 0;  // curl stops the transfer with CURLE_WRITE_ERROR
  }
  sink->out->append(data, n);
  return n;
}

std::string UidList(const std::vector<uint32_t>& uids) {
  std::string list;
  for (uint32_t uid : uids) list += (list.empty() ? "" : ",") + std::to_string(uid);
  return list;
}

}  // namespace

std::vector<uint32_t> ParseSearchResponse(std::string_view text) {
  std::vector<uint32_t> uids;
  ForEachLine(text, [&](std::string_view line) {
    std::vector<std::string_view> w = Words(line);
    if (w.size() < 2 || w[0] != "*" || w[1] != "SEARCH") return;
    for (size_t i = 2; i < w.size(); ++i) {
      uint64_t n = 0;
      if (ParseNumber(w[i], &n) && n > 0 && n <= UINT32_MAX) uids.push_back(static_cast<uint32_t>(n));
    }
  });
  return uids;
}

std::map<uint32_t, uint64_t> ParseSizeResponse(std::string_view text) {
  std::map<uint32_t, uint64_t> sizes;
  ForEachLine(text, [&](std::string_view line) {
    std::vector<std::string_view> w = Words(line);
    if (w.size() < 3 || w[0] != "*" || w[2] != "FETCH") return;
    uint64_t uid = 0, size = 0;
    bool has_uid = false, has_size = false;
    for (size_t i = 3; i + 1 < w.size(); ++i) {
      if (w[i] == "UID") has_uid = ParseNumber(w[i + 1], &uid);
      if (w[i] == "RFC822.SIZE") has_size = ParseNumber(w[i + 1], &size);
    }
    if (has_uid && has_size && uid > 0 && uid <= UINT32_MAX) sizes[static_cast<uint32_t>(uid)] = size;
  });
  return sizes;
}

struct ImapClient::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

ImapClient::ImapClient(ImapOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

ImapClient::~ImapClient() = default;

std::string ImapClient::Url(const std::string& path) const {
  std::string url = options_.security == "tls" ? "imaps://" : "imap://";
  url += options_.host + ":" + std::to_string(options_.port) + "/";
  char* mailbox = curl_easy_escape(nullptr, options_.mailbox.data(), static_cast<int>(options_.mailbox.size()));
  if (mailbox != nullptr) {
    url += mailbox;
    curl_free(mailbox);
  }
  return url + path;
}

Status ImapClient::Perform(const std::string& path, const std::string& command, std::string* out, size_t limit,
                           bool* too_big) {
  if (handle_ == nullptr) {
    handle_ = std::make_unique<Handle>();
    handle_->curl = curl_easy_init();
    if (handle_->curl == nullptr) {
      handle_.reset();
      return Status::Unavailable("imap: curl_easy_init failed");
    }
  }
  // A reset keeps the live connection (and the selected mailbox) for the
  // next command; only the options are new.
  CURL* c = handle_->curl;
  curl_easy_reset(c);
  std::string url = Url(path);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  // STARTTLS is required when asked for: never a silent fall back to plain text.
  if (options_.security == "starttls") curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(c, CURLOPT_USERNAME, options_.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
  if (!command.empty()) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command.c_str());
  Sink sink{out, limit};
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(options_.timeout_seconds, 30)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout_seconds));
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode code = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (too_big != nullptr) *too_big = sink.over;
  if (code == CURLE_OK) return Status::Ok();
  // The connection is in an unknown state (a transfer cut short, a server
  // gone): the next call starts on a new one.
  handle_.reset();
  if (sink.over) return Status::Ok();
  return Status::Unavailable("imap " + options_.host + ":" + std::to_string(options_.port) + ": " +
                             (error[0] != '\0' ? std::string(error) : curl_easy_strerror(code)));
}

Status ImapClient::Search(const std::string& criteria, std::vector<uint32_t>* uids) {
  std::string out;
  Status s = Perform("", "UID SEARCH " + criteria, &out, 64u << 20, nullptr);
  if (s.ok()) *uids = ParseSearchResponse(out);
  return s;
}

Status ImapClient::Sizes(const std::vector<uint32_t>& uids, std::map<uint32_t, uint64_t>* sizes) {
  sizes->clear();
  if (uids.empty()) return Status::Ok();
  std::string out;
  Status s = Perform("", "UID FETCH " + UidList(uids) + " (UID RFC822.SIZE)", &out, 64u << 20, nullptr);
  if (s.ok()) *sizes = ParseSizeResponse(out);
  return s;
}

Status ImapClient::Fetch(uint32_t uid, size_t limit, std::string* raw, bool* too_big) {
  raw->clear();
  return Perform(";UID=" + std::to_string(uid), "", raw, limit, too_big);
}

Status ImapClient::Store(uint32_t uid, const std::string& change) {
  std::string out;
  return Perform("", "UID STORE " + std::to_string(uid) + " " + change, &out, 1u << 20, nullptr);
}

Status ImapClient::Expunge(const std::vector<uint32_t>& uids) {
  if (uids.empty()) return Status::Ok();
  std::string out;
  return Perform("", "UID EXPUNGE " + UidList(uids), &out, 1u << 20, nullptr);
}

void ImapClient::Close() { handle_.reset(); }

}  // namespace frontdesk::mail
