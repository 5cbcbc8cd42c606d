#include "frontdesk/status.h"

namespace frontdesk {

std::string Status::CodeName() const {
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kNotFound: return "not_found";
    case Code::kIoError: return "io_error";
    case Code::kInternal: return "internal";
    case Code::kUnavailable: return "unavailable";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kResourceExhausted: return "resource_exhausted";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return CodeName() + ": " + message_;
}

}  // namespace frontdesk
