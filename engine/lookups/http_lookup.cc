#include "engine/lookups/http_lookup.h"

#include <httplib.h>

#include <chrono>

namespace frontdesk::lookups_internal {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string AsText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return "";
}

nlohmann::json At(const nlohmann::json& doc, const std::string& pointer) {
  try {
    nlohmann::json::json_pointer p(pointer);
    return doc.contains(p) ? doc.at(p) : nlohmann::json(nullptr);
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

void SetTimeouts(httplib::Client* client, int timeout_ms) {
  time_t sec = timeout_ms / 1000;
  time_t usec = (timeout_ms % 1000) * 1000;
  client->set_connection_timeout(sec, usec);
  client->set_read_timeout(sec, usec);
  client->set_write_timeout(sec, usec);
}

}  // namespace

Status HttpLookup::Open(const LookupDef& def, const EnvLookup& env, size_t max_body_bytes,
                        std::unique_ptr<LookupBackend>* out) {
  std::unique_ptr<HttpLookup> lookup(new HttpLookup(def));
  std::string who = "lookup '" + def.name + "': ";
  std::string url, path;
  Status s = ExpandEnv(def.url, env, &url);
  if (s.ok()) s = CheckPlaceholdersInPath(url);
  if (s.ok()) s = SplitUrl(url, &lookup->base_, &path);
  if (s.ok()) s = ParseUrlTemplate(path, &lookup->path_);
  for (const auto& [name, value] : def.headers) {
    if (s.ok()) s = ExpandEnv(value, env, &lookup->headers_[name]);
  }
  if (!s.ok()) return Status::InvalidArgument(who + s.message());
  lookup->max_body_bytes_ = max_body_bytes;
  *out = std::move(lookup);
  return Status::Ok();
}

std::string HttpLookup::Target(const LookupRequest& request) const {
  std::string target;
  for (const UrlPiece& piece : path_)
    target += piece.is_source ? PercentEncode(AsText(SourceValue(piece.source, request))) : piece.literal;
  if (def_.method == "GET") {
    char sep = target.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [name, source] : def_.params) {
      target += sep + PercentEncode(name) + "=" + PercentEncode(AsText(SourceValue(source, request)));
      sep = '&';
    }
  }
  return target;
}

Status HttpLookup::Parse(const std::string& body, std::vector<FetchedRow>* rows) const {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded())
    return Status::Unavailable("lookup '" + def_.name + "': the API's answer is not JSON");
  FetchedRow row;
  for (const auto& [field, pointer] : def_.fields) row.fields[field] = At(doc, pointer);
  if (!def_.owner.email.empty()) row.owner_email = AsText(At(doc, def_.owner.email));
  if (!def_.owner.postcode.empty()) row.owner_postcode = AsText(At(doc, def_.owner.postcode));
  const std::string& second = def_.owner.with_postcode.field;
  if (!second.empty()) row.owner_second = AsText(At(doc, second));
  rows->push_back(std::move(row));
  return Status::Ok();
}

Status HttpLookup::Fetch(const LookupRequest& request, std::vector<FetchedRow>* rows) {
  std::string who = "lookup '" + def_.name + "': ";
  SteadyClock::time_point deadline = SteadyClock::now() + std::chrono::milliseconds(def_.timeout_ms);
  httplib::Client client(base_);
  SetTimeouts(&client, def_.timeout_ms);
  client.set_follow_location(false);
  client.set_keep_alive(false);

  httplib::Request req;
  req.method = def_.method;
  req.path = Target(request);
  for (const auto& [name, value] : headers_) req.headers.emplace(name, value);
  req.headers.emplace("Accept", "application/json");
  if (def_.method == "POST") {
    nlohmann::json body = nlohmann::json::object();
    for (const auto& [name, source] : def_.params) body[name] = SourceValue(source, request);
    req.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    req.headers.emplace("Content-Type", "application/json");
  }
  std::string body;
  bool too_big = false;
  req.response_handler = [&](const httplib::Response&) { return SteadyClock::now() < deadline; };
  req.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
    if (body.size() + size > max_body_bytes_) return !(too_big = true);
    body.append(data, size);
    return SteadyClock::now() < deadline;
  };
  httplib::Result res = client.send(req);
  if (!res) {
    std::string why = too_big ? "the answer is larger than " + std::to_string(max_body_bytes_) + " bytes"
                      : SteadyClock::now() >= deadline ? "timed out"
                                                       : httplib::to_string(res.error());
    return Status::Unavailable(who + "request failed: " + why);
  }
  if (res->status == 404) return Status::Ok();
  if (res->status < 200 || res->status > 299)
    return Status::Unavailable(who + "the API answered HTTP " + std::to_string(res->status));
  return Parse(body, rows);
}

}  // namespace frontdesk::lookups_internal
