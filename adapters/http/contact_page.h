// Pure renderers of the feedback form's pages (no sockets): the form (GET
// /contact, and again with the visitor's values and the errors next to the
// fields) and the answer page (POST /contact). The markup is the mustache
// template adapters/http/pages/contact.html, the texts
// adapters/http/pages/contact_labels.json (en, vi, es; a label a language
// lacks is English), both compiled in. Every value is HTML-escaped
// (HtmlEscape, as the FAQ page): the templates use no {{{x}}} or {{&x}}.
#ifndef FRONTDESK_ADAPTERS_HTTP_CONTACT_PAGE_H_
#define FRONTDESK_ADAPTERS_HTTP_CONTACT_PAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/http/contact_fields.h"

namespace frontdesk {

struct ContactFormView {
  std::string lang;                    // the page's language
  std::vector<std::string> languages;  // the config's: the language links
  ContactSubmission values;            // shown in the fields (the honeypot never)
  std::vector<FieldError> errors;      // next to their fields, and listed on top
  std::string token;                   // the CSRF token for the hidden field
  // A note above the form: "forbidden" (the token failed), "unavailable"
  // (the message could not be recorded); "" = none.
  std::string notice;
};

struct ContactAnswerView {
  std::string lang;  // the language of the labels: the decision's
  std::vector<std::string> languages;
  std::string name;   // "" = a thanks without a name
  std::string email;  // where the answer and the confirmation go
  std::string reply;  // the engine's reply; "" = only "we have received it"
  std::optional<int64_t> ticket;
  bool confirmation = false;  // a confirmation was queued to `email`
  bool ask = false;           // the engine asked for more: the form follows
  std::optional<ContactFormView> form;  // shown below the answer (ask)
};

std::string RenderContactForm(const ContactFormView& view);
std::string RenderContactAnswer(const ContactAnswerView& view);

// One label in `lang` (English when that language lacks it); "" for an
// unknown key.
std::string ContactLabel(const std::string& lang, const std::string& key);

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_CONTACT_PAGE_H_
