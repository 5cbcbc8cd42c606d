#include "adapters/http/contact_routes.h"

#include <httplib.h>
#include <strings.h>

#include <cstdio>
#include <memory>
#include <string>

#include "adapters/http/accept_language.h"
#include "adapters/http/connection_server.h"
#include "adapters/http/contact_fields.h"
#include "adapters/http/contact_page.h"
#include "adapters/http/csrf_token.h"
#include "adapters/http/http_status.h"
#include "adapters/http/pages/embedded.h"
#include "adapters/http/public_decision.h"

namespace frontdesk {
namespace {

constexpr char kCookieName[] = "fd_csrf";

// The first fd_csrf=VALUE of the request's Cookie headers ("" if none).
std::string CookieValue(const httplib::Request& req) {
  const std::string prefix = std::string(kCookieName) + "=";
  for (size_t i = 0, n = req.get_header_value_count("Cookie"); i < n; ++i) {
    std::string header = req.get_header_value("Cookie", i);
    for (size_t at = 0; at < header.size();) {
      size_t end = std::min(header.find(';', at), header.size());
      size_t b = header.find_first_not_of(' ', at);
      if (b < end && header.compare(b, prefix.size(), prefix) == 0)
        return header.substr(b + prefix.size(), end - b - prefix.size());
      at = end + 1;
    }
  }
  return std::string();
}

bool Supported(const CompiledPack& pack, const std::string& lang) {
  for (const auto& l : pack.config().languages)
    if (l == lang) return true;
  return false;
}

// ?lang= (or the form's own field), else Accept-Language, else the pack's first.
std::string PageLanguage(const httplib::Request& req, const CompiledPack& pack, const std::string& asked) {
  if (Supported(pack, asked)) return asked;
  std::string preferred = PreferredLanguage(req.get_header_value("Accept-Language"), pack.config().languages);
  return preferred.empty() ? pack.default_language() : preferred;
}

void PageHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                 "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("Cache-Control", "no-store");  // a token, or what the visitor wrote
}

// True when the request's media type (without parameters) is `type`.
bool HasMediaType(const httplib::Request& req, const char* type) {
  std::string value = req.get_header_value("Content-Type");
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return strcasecmp(value.c_str(), type) == 0;
}

// An answer before the body was read: its bytes are still on the
// connection, so it cannot carry another request.
void CloseAfter(httplib::Response& res) {
  if (ExchangeState* state = ConnectionServer::Current(); state != nullptr) state->close = true;
  res.set_header("Connection", "close");
}

class ContactHandlers {
 public:
  ContactHandlers(SupportService* service, const Clock* clock, const ContactRoutesOptions& options)
      : service_(service), clock_(clock), options_(options) {
    if (!options.csrf_key.empty()) {
      tokens_ = std::make_unique<CsrfTokens>(options.csrf_key, options.token_lifetime_seconds);
      return;
    }
    Status s = CsrfTokens::Create(options.token_lifetime_seconds, &tokens_);
    if (!s.ok()) std::fprintf(stderr, "frontdesk: contact form off: %s\n", s.ToString().c_str());
  }

  void Get(const httplib::Request& req, httplib::Response& res) const {
    auto pack = service_->pack();
    ContactFormView view;
    view.lang = PageLanguage(req, *pack, req.get_param_value("lang"));
    ShowForm(req, res, 200, std::move(view));
  }

  void Post(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) const {
    if (!HasMediaType(req, "application/x-www-form-urlencoded")) {
      CloseAfter(res);
      return SendError(res, 415, "unsupported_media_type",
                       "Content-Type must be application/x-www-form-urlencoded");
    }
    std::string body;
    if (!ReadBody(reader, &body)) return TooLarge(res);
    auto pack = service_->pack();
    ContactSubmission s = ContactFromForm(body);
    ContactFormView view;
    view.lang = PageLanguage(req, *pack, s.lang);
    s.lang = view.lang;
    if (tokens_ == nullptr) return SendError(res, 503, "unavailable", "the contact form is off");
    if (tokens_->Verify(s.csrf, CookieValue(req), clock_->NowUnix()) != CsrfTokens::Check::kOk) {
      // Not from our page for this browser, or too old: nothing is recorded;
      // the text comes back, to send again after reading it.
      view.errors = CheckContact(&s, /*subject_required=*/true);
      view.values = s;
      view.notice = "forbidden";
      return ShowForm(req, res, 403, std::move(view));
    }
    if (!s.website.empty()) return Honeypot(res, *pack, view.lang);
    view.errors = CheckContact(&s, /*subject_required=*/true);
    view.values = s;
    if (!view.errors.empty()) return ShowForm(req, res, 400, std::move(view));
    Message m = ContactMessage(s, ContactLabel(view.lang, "order_line"));
    m.client_address = req.remote_addr;
    Decision d;
    bool confirmed = false;
    if (!Handle(m, &d, &confirmed)) {
      view.notice = "unavailable";
      return ShowForm(req, res, 503, std::move(view));
    }
    ShowAnswer(req, res, *pack, s, d, confirmed, std::move(view));
  }

  void PostJson(const httplib::Request& req, httplib::Response& res) const {
    if (!HasMediaType(req, "application/json"))
      return SendError(res, 415, "unsupported_media_type", "Content-Type must be application/json");
    ContactSubmission s;
    if (Status parsed = ContactFromJson(req.body, &s); !parsed.ok()) return SendStatus(res, parsed);
    std::vector<FieldError> errors = CheckContact(&s, /*subject_required=*/false);
    if (!errors.empty()) return SendError(res, 400, "invalid_argument", errors.front().Message());
    auto pack = service_->pack();
    if (!Supported(*pack, s.lang)) s.lang.clear();
    Message m = ContactMessage(s, ContactLabel(s.lang.empty() ? pack->default_language() : s.lang,
                                               "order_line"));
    m.language = s.lang;  // a client that names the language is heard, as on /v1/messages
    m.client_address = req.remote_addr;
    Decision d;
    if (!Handle(m, &d)) return SendError(res, 503, "unavailable", "message not accepted, retry later");
    res.set_header("Cache-Control", "no-store");
    res.set_content(PublicDecisionJson(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  }

 private:
  // The body, up to max_form_bytes. False when it is larger.
  bool ReadBody(const httplib::ContentReader& reader, std::string* body) const {
    bool fits = true;
    bool read = reader([&](const char* data, size_t n) {
      if (body->size() + n > options_.max_form_bytes) return fits = false;
      body->append(data, n);
      return true;
    });
    return read && fits;
  }

  void TooLarge(httplib::Response& res) const {
    CloseAfter(res);
    SendError(res, 413, "payload_too_large",
              "the form is larger than " + std::to_string(options_.max_form_bytes) + " bytes");
  }

  // Decides and records one message; false (logged) when it was not
  // accepted. Past the address's cap, no confirmation is queued
  // (*confirmed = false).
  bool Handle(Message m, Decision* d, bool* confirmed = nullptr) const {
    if (options_.may_confirm_to && !options_.may_confirm_to(m.from)) m.no_auto_reply = true;
    if (confirmed != nullptr) *confirmed = !m.no_auto_reply;
    std::string replay;  // no idempotency key: a form has nobody to scope one to
    Status s = service_->Handle(m, "", d, &replay);
    if (s.ok()) return true;
    std::fprintf(stderr, "frontdesk: form message not accepted: %s\n", s.ToString().c_str());
    return false;
  }

  // The form with a token bound to this browser's cookie (a new cookie when
  // it has none).
  void ShowForm(const httplib::Request& req, httplib::Response& res, int status, ContactFormView view) const {
    if (tokens_ == nullptr) return SendError(res, 503, "unavailable", "the contact form is off");
    auto pack = service_->pack();
    view.languages = pack->config().languages;
    if (!IssueToken(req, res, &view.token))
      return SendError(res, 503, "unavailable", "try again later");
    PageHeaders(res);
    res.status = status;
    res.set_content(RenderContactForm(view), "text/html; charset=utf-8");
  }

  bool IssueToken(const httplib::Request& req, httplib::Response& res, std::string* token) const {
    std::string cookie = CookieValue(req);
    if (!CsrfTokens::IsCookieValue(cookie) && !CsrfTokens::NewCookieValue(&cookie).ok()) return false;
    if (!tokens_->Issue(cookie, clock_->NowUnix(), token).ok()) return false;
    // Sent back each time, so it lives as long as the newest token needs.
    std::string attributes = "; Path=/contact; Max-Age=" + std::to_string(tokens_->lifetime_seconds()) +
                             "; HttpOnly; SameSite=Strict";
    if (req.get_header_value("X-Forwarded-Proto") == "https") attributes += "; Secure";
    res.set_header("Set-Cookie", std::string(kCookieName) + "=" + cookie + attributes);
    return true;
  }

  // A bot filled the honeypot: it sees the thanks a person would, and
  // nothing is recorded.
  void Honeypot(httplib::Response& res, const CompiledPack& pack, const std::string& lang) const {
    ContactAnswerView answer;
    answer.lang = lang;
    answer.languages = pack.config().languages;
    PageHeaders(res);
    res.set_content(RenderContactAnswer(answer), "text/html; charset=utf-8");
  }

  void ShowAnswer(const httplib::Request& req, httplib::Response& res, const CompiledPack& pack,
                  const ContactSubmission& s, const Decision& d, bool confirmed,
                  ContactFormView form) const {
    ContactAnswerView answer;
    answer.lang = Supported(pack, d.language) ? d.language : form.lang;
    answer.languages = pack.config().languages;
    answer.name = s.name;
    answer.email = s.email;
    answer.reply = d.reply;
    if (d.route == Route::kEscalate) answer.ticket = d.ticket;
    answer.confirmation = confirmed && !d.reply.empty();  // the service queues the reply itself
    answer.ask = d.route == Route::kAsk;
    if (answer.ask) {
      // The same form below, with everything kept, for what was asked.
      form.lang = answer.lang;
      form.languages = answer.languages;
      if (!IssueToken(req, res, &form.token)) return SendError(res, 503, "unavailable", "try again later");
      answer.form = std::move(form);
    }
    PageHeaders(res);
    res.set_content(RenderContactAnswer(answer), "text/html; charset=utf-8");
  }

  SupportService* service_;
  const Clock* clock_;
  ContactRoutesOptions options_;
  std::unique_ptr<CsrfTokens> tokens_;  // null when the CSPRNG failed at start
};

void Static(httplib::Server& server, const char* path, std::string_view body, const char* type) {
  server.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(std::string(body), type);
  });
}

}  // namespace

void AddContactRoutes(httplib::Server& server, SupportService* service, const Clock* clock,
                      const ContactRoutesOptions& options) {
  auto handlers = std::make_shared<const ContactHandlers>(service, clock, options);
  server.Get("/contact", [handlers](const httplib::Request& req, httplib::Response& res) {
    handlers->Get(req, res);
  });
  server.Post("/contact", [handlers](const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& reader) {
    handlers->Post(req, res, reader);
  });
  server.Post("/v1/forms/contact", [handlers](const httplib::Request& req, httplib::Response& res) {
    handlers->PostJson(req, res);
  });
  Static(server, "/contact.js", http_pages::kContactJs, "application/javascript; charset=utf-8");
  Static(server, "/contact.css", http_pages::kContactCss, "text/css; charset=utf-8");
}

}  // namespace frontdesk
