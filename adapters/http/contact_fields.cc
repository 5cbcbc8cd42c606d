#include "adapters/http/contact_fields.h"

#include <httplib.h>
#include <re2/re2.h>

#include <nlohmann/json.hpp>

#include "engine/text/text.h"

namespace frontdesk {
namespace {

using Json = nlohmann::json;

// local@label.label.tld: no spaces or characters that need quoting in the
// local part, letters and digits (any script) in the labels, a TLD of
// letters or punycode. Plausible, not proven: only a delivery proves it.
const RE2& EmailPattern() {
  static const RE2 kPattern(
      R"([^\s@"(),:;<>\[\\\]]{1,64}@(?:[\pL\pN](?:[\pL\pN-]{0,61}[\pL\pN])?\.)+(?:\pL{2,63}|(?i:xn--)[a-zA-Z0-9-]{1,59}))",
      RE2::Quiet);
  return kPattern;
}

bool PlausibleOrderId(const std::string& id) {
  for (char c : id) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == ' ' || c == '-' || c == '#' || c == '/' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Control characters other than tab and line breaks (those only where a
// field may span lines: a subject or name with a line break could forge the
// header of the confirmation e-mail).
bool HasControl(const std::string& s, bool multiline) {
  for (unsigned char c : s) {
    if (c == 0x7f) return true;
    if (c >= 0x20) continue;
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
    return true;
  }
  return false;
}

void Trim(std::string* s) {
  size_t b = s->find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return s->clear();
  size_t e = s->find_last_not_of(" \t\r\n");
  *s = s->substr(b, e - b + 1);
}

struct FieldSpec {
  const char* name;
  std::string ContactSubmission::*value;
  size_t max;
  bool required;
  bool multiline;
};

// Checks one field; at most one problem each, the first that applies.
void CheckField(const FieldSpec& f, ContactSubmission* s, std::vector<FieldError>* errors) {
  std::string& v = s->*f.value;
  Trim(&v);
  if (!IsValidUtf8(v)) {
    FoldedText repaired;
    // Only the 1 GiB limit fails in repair mode; far smaller bodies arrive.
    v = FoldText(v, InvalidUtf8::kRepair, &repaired).ok() ? repaired.original : std::string();
    errors->push_back({f.name, "invalid_utf8"});
  } else if (v.empty()) {
    if (f.required) errors->push_back({f.name, "required"});
  } else if (v.size() > f.max) {
    errors->push_back({f.name, "too_long"});
  } else if (HasControl(v, f.multiline)) {
    errors->push_back({f.name, "invalid_utf8"});
  } else if (f.value == &ContactSubmission::email && !PlausibleEmail(v)) {
    errors->push_back({f.name, "invalid_email"});
  } else if (f.value == &ContactSubmission::order_id && !PlausibleOrderId(v)) {
    errors->push_back({f.name, "invalid_order"});
  }
}

}  // namespace

bool PlausibleEmail(const std::string& email) {
  size_t at = email.find('@');
  // Dots only between the local part's words.
  if (at == std::string::npos || at == 0 || email.front() == '.' || email[at - 1] == '.' ||
      email.find("..") != std::string::npos)
    return false;
  return EmailPattern().ok() && RE2::FullMatch(email, EmailPattern());
}

std::string FieldError::Message() const {
  if (code == "required") return "'" + field + "' is required";
  if (code == "too_long") return "'" + field + "' is too long";
  if (code == "invalid_email") return "'" + field + "' is not a plausible e-mail address";
  if (code == "invalid_order") return "'" + field + "' is not an order number";
  return "'" + field + "' is not valid text";
}

std::vector<FieldError> CheckContact(ContactSubmission* s, bool subject_required) {
  const FieldSpec kFields[] = {
      {"name", &ContactSubmission::name, kMaxContactName, false, false},
      {"email", &ContactSubmission::email, kMaxContactEmail, true, false},
      {"order_id", &ContactSubmission::order_id, kMaxContactOrderId, false, false},
      {"subject", &ContactSubmission::subject, kMaxContactSubject, subject_required, false},
      {"text", &ContactSubmission::text, kMaxContactText, true, true},
  };
  std::vector<FieldError> errors;
  for (const FieldSpec& f : kFields) CheckField(f, s, &errors);
  Trim(&s->lang);
  if (s->lang.size() > 16 || !IsValidUtf8(s->lang)) s->lang.clear();
  return errors;
}

ContactSubmission ContactFromForm(const std::string& body) {
  httplib::Params params;
  // cpp-httplib's own reader of query strings: '+' is a space, %XX a byte.
  httplib::detail::parse_query_text(body, params);
  auto first = [&](const char* key) {
    auto it = params.lower_bound(key);  // equal keys keep their order: the first sent
    return it != params.end() && it->first == key ? it->second : std::string();
  };
  ContactSubmission s;
  s.name = first("name");
  s.email = first("email");
  s.order_id = first("order_id");
  s.subject = first("subject");
  s.text = first("text");
  s.lang = first("lang");
  s.website = first("website");
  s.csrf = first("csrf");
  return s;
}

Status ContactFromJson(const std::string& body, ContactSubmission* out) {
  if (!IsValidUtf8(body)) return Status::InvalidArgument("body is not valid UTF-8");
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("body must be a JSON object");
  struct {
    const char* key;
    std::string* value;
  } fields[] = {{"name", &out->name},       {"email", &out->email}, {"order_id", &out->order_id},
                {"subject", &out->subject}, {"text", &out->text},   {"lang", &out->lang}};
  for (const auto& f : fields) {
    auto it = j.find(f.key);
    if (it == j.end() || it->is_null()) continue;
    if (!it->is_string()) return Status::InvalidArgument(std::string("'") + f.key + "' must be a string");
    *f.value = it->get<std::string>();
  }
  return Status::Ok();
}

Message ContactMessage(const ContactSubmission& s, const std::string& order_label) {
  Message m;
  m.channel = "form";
  m.from = s.email;
  m.from_verified = false;  // a form proves nothing about who typed the address
  m.reply_by_email = true;  // the confirmation
  m.subject = s.subject;
  m.text = s.text;
  // On its own line, labelled, as a customer would write it in an e-mail:
  // the pack's order_id slot finds it there.
  if (!s.order_id.empty()) m.text += "\n\n" + order_label + ": " + s.order_id;
  m.default_language = s.lang;
  return m;
}

}  // namespace frontdesk
