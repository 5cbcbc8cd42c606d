// The one mapping from an engine Status to an HTTP answer: 4xx when the
// client can fix its request, 5xx only for the server's own faults (503 when
// a retry may succeed: the store or a lookup is down). Every error body is
// {"error": {"code": "...", "message": "..."}}.
#ifndef FRONTDESK_ADAPTERS_HTTP_HTTP_STATUS_H_
#define FRONTDESK_ADAPTERS_HTTP_HTTP_STATUS_H_

#include <string>

#include "frontdesk/status.h"

namespace httplib {
struct Response;
}

namespace frontdesk {

// REQUIRES: !status.ok().
//   InvalidArgument 400, PermissionDenied 403, NotFound 404,
//   ResourceExhausted 429, IoError and Unavailable 503, Internal 500.
int HttpStatusFor(const Status& status);

// Writes the JSON error body and status. `code` is machine-readable
// ("invalid_argument"), `message` is for the client and never carries a
// message body, a secret or a trace.
void SendError(httplib::Response& res, int http_status, const std::string& code,
               const std::string& message);

// SendError with HttpStatusFor(status) and status.CodeName(), for a status
// the client caused. A server fault (5xx) is answered with the code alone and
// "internal error" / "unavailable": its detail is for the caller's log.
void SendStatus(httplib::Response& res, const Status& status);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_HTTP_STATUS_H_
