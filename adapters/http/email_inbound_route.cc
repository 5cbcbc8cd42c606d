#include "adapters/http/email_inbound_route.h"

#include <httplib.h>
#include <strings.h>

#include <cstdio>
#include <string>

#include "adapters/http/api_auth.h"
#include "adapters/http/http_status.h"

namespace frontdesk {

void AddEmailInboundRoute(httplib::Server& server, const ApiKeys* keys, mail::MailIntake* intake) {
  server.Post("/v1/email/inbound", [keys, intake](const httplib::Request& req, httplib::Response& res) {
    ApiKey key;
    if (!AuthorizeApiKey(*keys, req, res, &key)) return;
    std::string type = req.get_header_value("Content-Type");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    if (strcasecmp(type.c_str(), "message/rfc822") != 0)
      return SendError(res, 415, "unsupported_media_type", "send the raw message as message/rfc822");
    mail::MailIntakeResult r = intake->Accept(req.body);
    switch (r.outcome) {
      case mail::MailOutcome::kAccepted:
        return res.set_content(r.json, "application/json");
      case mail::MailOutcome::kRejected:
        if (r.too_big) return SendError(res, 413, "payload_too_large", r.error);
        return SendError(res, 400, "invalid_argument", r.error);
      case mail::MailOutcome::kRetryLater:
        break;
    }
    std::fprintf(stderr, "frontdesk: inbound mail not accepted: %s\n", r.error.c_str());
    res.set_header("Retry-After", "5");
    SendError(res, 503, "unavailable", "message not accepted, retry later");
  });
}

}  // namespace frontdesk
