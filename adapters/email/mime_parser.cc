#include "adapters/email/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "adapters/email/charset.h"
#include "adapters/email/gmime_init.h"
#include "adapters/email/html_text.h"
#include "adapters/email/quote_cutter.h"

namespace frontdesk::mail {
namespace {

constexpr int kMaxDepth = 32;          // nested multiparts followed
constexpr size_t kMaxHeaders = 1000;   // headers kept
constexpr size_t kMaxIds = 100;        // In-Reply-To / References ids kept
constexpr size_t kMaxIdBytes = 900;    // one Message-ID

struct Unref {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, Unref>;

struct OptionsFree {
  void operator()(GMimeParserOptions* p) const { g_mime_parser_options_free(p); }
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A header value as one clean line of UTF-8: no control characters (so a
// value can never end a header or start another when it is used again).
std::string OneLine(const char* value) {
  if (value == nullptr) return "";
  std::string s = RepairUtf8(value);
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  size_t a = s.find_first_not_of(' ');
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(' ') - a + 1);
}

// Body text: "\n" line ends, no control characters but tabs and line ends.
std::string CleanText(const std::string& utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size(); ++i) {
    char c = utf8[i];
    if (c == '\r') {
      if (i + 1 < utf8.size() && utf8[i + 1] == '\n') continue;
      c = '\n';
    }
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F) continue;
    out.push_back(c);
  }
  return out;
}

std::string MimeType(GMimeObject* obj) {
  GMimeContentType* ct = g_mime_object_get_content_type(obj);
  if (ct == nullptr) return "text/plain";
  char* t = g_mime_content_type_get_mime_type(ct);
  std::string s = t != nullptr ? Lower(t) : "text/plain";
  g_free(t);
  return s;
}

std::string Decoded(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return "";
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, mem.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

size_t DecodedSize(GMimeObject* obj) {
  if (GMIME_IS_PART(obj)) {
    GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(obj));
    if (content == nullptr) return 0;
    GPtr<GMimeStream> null(g_mime_stream_null_new());
    g_mime_data_wrapper_write_to_stream(content, null.get());
    return static_cast<size_t>(GMIME_STREAM_NULL(null.get())->written);
  }
  char* s = g_mime_object_to_string(obj, nullptr);
  size_t n = s != nullptr ? strlen(s) : 0;
  g_free(s);
  return n;
}

bool IsAttachment(GMimeObject* obj) {
  const char* disposition = g_mime_object_get_disposition(obj);
  if (disposition != nullptr && g_ascii_strcasecmp(disposition, "attachment") == 0) return true;
  return GMIME_IS_PART(obj) && g_mime_part_get_filename(GMIME_PART(obj)) != nullptr;
}

void AddAttachment(GMimeObject* obj, const std::string& type, ParsedMail* out) {
  MailAttachment a;
  const char* name = GMIME_IS_PART(obj)
                         ? g_mime_part_get_filename(GMIME_PART(obj))
                         : g_mime_object_get_content_disposition_parameter(obj, "filename");
  a.name = OneLine(name);
  a.type = type;
  a.size = DecodedSize(obj);
  out->attachments.push_back(std::move(a));
}

// The body's text parts: the first inline text/plain and text/html of
// each multipart/alternative, and every inline text part of a mixed one.
struct Body {
  std::string plain, html;
  void Add(std::string* to, const std::string& text) {
    if (!to->empty()) to->append("\n\n");
    to->append(text);
  }
};

void Walk(GMimeObject* obj, int depth, Body* body, ParsedMail* out);

// multipart/alternative: text/plain if there is one, else HTML, else the
// richest (last) alternative, as a reader's mail program would show it.
GMimeObject* PickAlternative(GMimeMultipart* mp) {
  int n = g_mime_multipart_get_count(mp);
  GMimeObject* html = nullptr;
  for (int i = 0; i < n; ++i) {
    GMimeObject* child = g_mime_multipart_get_part(mp, i);
    std::string type = MimeType(child);
    if (type == "text/plain" && !IsAttachment(child)) return child;
    if (type == "text/html" && html == nullptr && !IsAttachment(child)) html = child;
  }
  if (html != nullptr) return html;
  return n > 0 ? g_mime_multipart_get_part(mp, n - 1) : nullptr;
}

void WalkMultipart(GMimeObject* obj, const std::string& type, int depth, Body* body,
                   ParsedMail* out) {
  GMimeMultipart* mp = GMIME_MULTIPART(obj);
  if (type == "multipart/report" && out->report_type.empty()) {
    const char* rt = g_mime_object_get_content_type_parameter(obj, "report-type");
    if (rt != nullptr) out->report_type = Lower(OneLine(rt));
  }
  if (type == "multipart/alternative") {
    if (GMimeObject* chosen = PickAlternative(mp)) Walk(chosen, depth + 1, body, out);
    return;
  }
  int n = g_mime_multipart_get_count(mp);
  if (n == 0) {
    // A boundary that never comes (or none declared): GMime keeps the whole
    // body as the prologue, and that is the text the sender wrote.
    const char* prologue = g_mime_multipart_get_prologue(mp);
    if (prologue != nullptr) body->Add(&body->plain, CleanText(ToUtf8(prologue, "")));
    return;
  }
  for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(mp, i), depth + 1, body, out);
}

void Walk(GMimeObject* obj, int depth, Body* body, ParsedMail* out) {
  if (obj == nullptr || depth > kMaxDepth) return;
  std::string type = MimeType(obj);
  out->part_types.push_back(type);
  if (GMIME_IS_MULTIPART(obj)) return WalkMultipart(obj, type, depth, body, out);
  if (GMIME_IS_MESSAGE_PART(obj) || !GMIME_IS_PART(obj)) return AddAttachment(obj, type, out);
  bool text = type == "text/plain" || type == "text/html";
  if (!text || IsAttachment(obj)) return AddAttachment(obj, type, out);
  const char* charset = g_mime_object_get_content_type_parameter(obj, "charset");
  std::string utf8 = ToUtf8(Decoded(GMIME_PART(obj)), charset != nullptr ? charset : "");
  body->Add(type == "text/plain" ? &body->plain : &body->html, CleanText(utf8));
}

std::vector<std::string> ParseIds(GMimeParserOptions* options, const char* value) {
  std::vector<std::string> ids;
  if (value == nullptr) return ids;
  GMimeReferences* refs = g_mime_references_parse(options, value);
  if (refs == nullptr) return ids;
  for (int i = 0; i < g_mime_references_length(refs) && ids.size() < kMaxIds; ++i) {
    std::string id = OneLine(g_mime_references_get_message_id(refs, i));
    if (!id.empty() && id.size() <= kMaxIdBytes) ids.push_back(id);
  }
  g_mime_references_free(refs);
  return ids;
}

// The first mailbox of a list (groups opened), as {address, name}.
bool FirstMailbox(InternetAddressList* list, std::string* addr, std::string* name) {
  if (list == nullptr) return false;
  for (int i = 0; i < internet_address_list_length(list); ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      if (FirstMailbox(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), addr, name))
        return true;
      continue;
    }
    std::string a = OneLine(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
    if (a.empty()) continue;
    *addr = Lower(a);
    *name = OneLine(internet_address_get_name(ia));
    return true;
  }
  return false;
}

void AddAddresses(InternetAddressList* list, std::vector<std::string>* out) {
  if (list == nullptr) return;
  for (int i = 0; i < internet_address_list_length(list) && out->size() < 1000; ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      AddAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out);
    } else if (const char* a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))) {
      out->push_back(Lower(OneLine(a)));
    }
  }
}

void ReadHeaders(GMimeMessage* msg, GMimeParserOptions* options, ParsedMail* out) {
  GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
  int n = g_mime_header_list_get_count(list);
  for (int i = 0; i < n && out->headers.size() < kMaxHeaders; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    out->headers.emplace_back(Lower(OneLine(g_mime_header_get_name(h))),
                              OneLine(g_mime_header_get_value(h)));
  }
  out->message_id = OneLine(g_mime_message_get_message_id(msg));
  if (out->message_id.size() > kMaxIdBytes) out->message_id.clear();
  out->subject = OneLine(g_mime_message_get_subject(msg));
  GMimeObject* o = GMIME_OBJECT(msg);
  out->in_reply_to = ParseIds(options, g_mime_object_get_header(o, "In-Reply-To"));
  out->references = ParseIds(options, g_mime_object_get_header(o, "References"));
  if (!FirstMailbox(g_mime_message_get_from(msg), &out->from_address, &out->from_name))
    FirstMailbox(g_mime_message_get_sender(msg), &out->from_address, &out->from_name);
  AddAddresses(g_mime_message_get_to(msg), &out->recipients);
  AddAddresses(g_mime_message_get_cc(msg), &out->recipients);
  if (const std::string* rp = out->Header("return-path")) {
    out->has_return_path = true;
    std::string v = *rp;
    v.erase(std::remove_if(v.begin(), v.end(), [](char c) { return c == '<' || c == '>' || c == ' '; }),
            v.end());
    out->return_path = Lower(v);
  }
}

}  // namespace

const std::string* ParsedMail::Header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (n == name) return &v;
  return nullptr;
}

std::vector<const std::string*> ParsedMail::Headers(std::string_view name) const {
  std::vector<const std::string*> found;
  for (const auto& [n, v] : headers)
    if (n == name) found.push_back(&v);
  return found;
}

Status ParseMail(std::string_view raw, ParsedMail* out) {
  *out = ParsedMail();
  if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Status::InvalidArgument("empty message");
  EnsureGMime();
  std::unique_ptr<GMimeParserOptions, OptionsFree> options(g_mime_parser_options_new());
  g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  // 8-bit headers: UTF-8 (RFC 6532) first, else the Western code page.
  const char* fallback[] = {"utf-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), options.get()));
  if (msg == nullptr) return Status::InvalidArgument("not a message: no header block");
  if (g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(msg.get()))) == 0)
    return Status::InvalidArgument("not a message: no header block");
  ReadHeaders(msg.get(), options.get(), out);
  if (out->from_address.empty())
    return Status::InvalidArgument("not a message: no From or Sender address");
  GMimeObject* body = g_mime_message_get_mime_part(msg.get());
  out->content_type = body != nullptr ? MimeType(body) : "text/plain";
  Body texts;
  Walk(body, 0, &texts, out);
  bool plain = texts.plain.find_first_not_of(" \t\n") != std::string::npos;
  out->text_from_html = !plain && !texts.html.empty();
  out->full_text = plain ? texts.plain : HtmlToText(texts.html);
  out->text = CutQuotedText(out->full_text);
  return Status::Ok();
}

}  // namespace frontdesk::mail
