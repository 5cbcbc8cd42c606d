#include "adapters/email/smtp_sender.h"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace frontdesk::mail {
namespace {

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  Upload* up = static_cast<Upload*>(user);
  size_t n = std::min(size * count, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Only the server's 5xx is final. A 4xx, a refused or dropped connection,
// a timeout, a failed TLS handshake or login, even a bad host name may be
// cured (by the server, the network or the operator), so the mail stays
// queued until its attempts run out.
bool Temporary(long reply) { return !(reply >= 500 && reply < 600); }

}  // namespace

SmtpSender::SmtpSender(SmtpOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

SendOutcome SmtpSender::Send(const std::string& recipient, const std::string& raw) {
  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) return {SendResult::kTemporary, "curl_easy_init failed"};
  CURL* c = curl.get();
  std::string scheme = options_.security == "tls" ? "smtps://" : "smtp://";
  std::string url = scheme + options_.host + ":" + std::to_string(options_.port);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  // STARTTLS is required when asked for: never a silent fall back to plain text.
  if (options_.security == "starttls") curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!options_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
  }
  std::string from = "<" + options_.envelope_from + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  std::unique_ptr<curl_slist, SlistFree> rcpt(curl_slist_append(nullptr, ("<" + recipient + ">").c_str()));
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  Upload upload{&raw};
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(options_.timeout_seconds, 30)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout_seconds));
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode code = curl_easy_perform(c);
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  if (code == CURLE_OK) return {SendResult::kSent, ""};
  std::string message = "smtp " + std::to_string(reply) + ": " +
                        (error[0] != '\0' ? std::string(error) : curl_easy_strerror(code));
  return {Temporary(reply) ? SendResult::kTemporary : SendResult::kPermanent, message};
}

}  // namespace frontdesk::mail
