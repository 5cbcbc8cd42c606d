// The feedback form's HTTP side (DESIGN.md, "Feedback form"): the HTML form
// and its answer page, and the same form as JSON. Handlers only translate:
// the fields are checked by contact_fields, the pages rendered by
// contact_page, the message decided and recorded by SupportService.
//
//   GET  /contact?lang=    the form, in ?lang=, else the browser's
//                          Accept-Language, else the pack's first language;
//                          sets the CSRF cookie (csrf_token.h)
//   POST /contact          application/x-www-form-urlencoded: CSRF token and
//                          cookie, honeypot, field checks; then the answer
//                          page at once (200), the form again with the values
//                          and errors (400), or with a note (403 for a token
//                          that failed, 503 when nothing could be recorded)
//   POST /v1/forms/contact application/json {name?, email, order_id?,
//                          subject?, text, lang?} -> the public decision JSON
//                          (public_decision.h); 400/415 JSON errors
//   GET  /contact.js, /contact.css
//
// Who may say what: a form proves nothing. `from` is the e-mail typed, never
// verified, so an order is shown only with the second fact the lookups ask
// for; the reply is queued to that address as the confirmation (the outbox,
// sent once e-mail delivery exists). The JSON door needs no CSRF token: it
// takes only Content-Type application/json, which a page of another site can
// send only after a CORS preflight this server never answers, and it carries
// no cookie or other ambient authority.
#ifndef FRONTDESK_ADAPTERS_HTTP_CONTACT_ROUTES_H_
#define FRONTDESK_ADAPTERS_HTTP_CONTACT_ROUTES_H_

#include <cstddef>
#include <cstdint>

#include "engine/service/service.h"
#include "frontdesk/clock.h"

namespace httplib {
class Server;
}

namespace frontdesk {

struct ContactRoutesOptions {
  // How long the form's CSRF token stays good after the page was shown;
  // after that the form comes back with the text kept. Default: 4 h
  int64_t token_lifetime_seconds = 4 * 3600;
  // The largest POST /contact body read (URL-encoded, so up to three times
  // the text); larger gets 413. Below the server's max_body_bytes, which
  // still applies. Default: 256 KiB
  size_t max_form_bytes = 256 << 10;
  // Whether a confirmation may still be mailed to `address`: the message is
  // recorded and answered on the page either way, but past the cap nothing
  // is queued (engine/service/auto_reply_cap.h). null = always.
  std::function<bool(const std::string& address)> may_confirm_to;
  // The key the CSRF tokens are signed with (hex): the store's "csrf"
  // server key, so that a form shown by one node is accepted by another
  // and after a restart. "" = a fresh key drawn at start (one process only).
  std::string csrf_key;
};

// Registers the routes above. Without options.csrf_key the CSRF key is
// drawn here, once per server start; if the CSPRNG fails, the form answers
// 503 and the rest of the server runs. REQUIRES: service and clock non-null and outlive the server.
void AddContactRoutes(httplib::Server& server, SupportService* service, const Clock* clock,
                      const ContactRoutesOptions& options);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_CONTACT_ROUTES_H_
