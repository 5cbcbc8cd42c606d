#include "adapters/http/webhook_client.h"

#include <httplib.h>

#include <string>

namespace frontdesk {
namespace {

// "http://host:port/path?q" -> "http://host:port", "/path?q".
bool Split(const std::string& url, std::string* base, std::string* path) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  const size_t slash = url.find('/', scheme + 3);
  *base = url.substr(0, slash);
  *path = slash == std::string::npos ? "/" : url.substr(slash);
  return !base->empty();
}

}  // namespace

Status PostWebhook(const WebhookRequest& request, int* http_status) {
  *http_status = 0;
  std::string base, path;
  if (!Split(request.url, &base, &path)) return Status::InvalidArgument("webhook url is not a URL");
  httplib::Client client(base);
  const time_t sec = request.timeout_ms / 1000;
  const time_t usec = (request.timeout_ms % 1000) * 1000;
  client.set_connection_timeout(sec, usec);
  client.set_read_timeout(sec, usec);
  client.set_write_timeout(sec, usec);
  client.set_follow_location(false);
  client.set_keep_alive(false);
  httplib::Headers headers;
  for (const auto& [name, value] : request.headers) headers.emplace(name, value);
  httplib::Result res = client.Post(path, headers, request.body, "application/json");
  // The error's name only: the url may carry a token in its query.
  if (!res) return Status::Unavailable("webhook not answered: " + httplib::to_string(res.error()));
  *http_status = res->status;
  return Status::Ok();
}

}  // namespace frontdesk
