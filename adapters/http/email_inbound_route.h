// POST /v1/email/inbound: a raw message (Content-Type: message/rfc822) from
// a shop's own mail gateway, with an integration API key — the same path as
// `frontdesk mail deliver` (MailIntake), idempotent on the Message-ID.
// 200 with {"decision", "auto_reply", "reason", "thread"}; 400 not a
// message; 413 too big; 415 another content type; 401 no live key; 503 not
// stored (retry: nothing was lost).
#ifndef FRONTDESK_ADAPTERS_HTTP_EMAIL_INBOUND_ROUTE_H_
#define FRONTDESK_ADAPTERS_HTTP_EMAIL_INBOUND_ROUTE_H_

#include <atomic>

#include "adapters/email/mail_intake.h"
#include "engine/service/api_keys.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace frontdesk {

// REQUIRES: keys and intake non-null and outliving the server.
void AddEmailInboundRoute(httplib::Server& server, const ApiKeys* keys, mail::MailIntake* intake);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_EMAIL_INBOUND_ROUTE_H_
