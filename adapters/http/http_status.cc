#include "adapters/http/http_status.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace frontdesk {

int HttpStatusFor(const Status& status) {
  using Code = Status::Code;
  switch (status.code()) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kPermissionDenied: return 403;
    case Code::kNotFound: return 404;
    case Code::kResourceExhausted: return 429;
    case Code::kIoError:
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

void SendError(httplib::Response& res, int http_status, const std::string& code,
               const std::string& message) {
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  res.status = http_status;
  // Replace, never throw: a message may quote input that is not UTF-8.
  res.set_content(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void SendStatus(httplib::Response& res, const Status& status) {
  int http = HttpStatusFor(status);
  if (http < 500) return SendError(res, http, status.CodeName(), status.message());
  SendError(res, http, http == 503 ? "unavailable" : "internal", http == 503 ? "unavailable" : "internal error");
}

}  // namespace frontdesk
