#include "adapters/email/reply_composer.h"

#include <gmime/gmime.h>

#include <cctype>
#include <memory>

#include "adapters/email/charset.h"
#include "adapters/email/gmime_init.h"

namespace frontdesk::mail {
namespace {

struct Unref {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};

// Any UTF-8 as one header-safe line: controls become spaces. GMime then
// encodes what is not ASCII.
std::string OneLine(const std::string& s) {
  std::string out = RepairUtf8(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return out;
}

bool StartsWithNoCase(const std::string& s, const char* prefix) {
  size_t n = std::char_traits<char>::length(prefix);
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string Bracketed(const std::string& id) { return "<" + id + ">"; }

}  // namespace

bool IsPlainAddress(const std::string& a) {
  if (a.empty() || a.size() > 254) return false;
  size_t at = a.find('@');
  if (at == 0 || at == std::string::npos || at + 1 >= a.size() || a.find('@', at + 1) != std::string::npos)
    return false;
  for (unsigned char c : a)
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' ||
        c == ',' || c == ';' || c == ':' || c == '\\' || c == '[' || c == ']')
      return false;
  return true;
}

bool IsPlainMessageId(const std::string& id) {
  if (id.empty() || id.size() > 900) return false;
  for (unsigned char c : id)
    if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>') return false;
  return true;
}

std::string ReplySubject(const std::string& subject) {
  std::string s = OneLine(subject);
  size_t a = s.find_first_not_of(' ');
  s = a == std::string::npos ? "" : s.substr(a);
  if (s.empty()) return "Re: (no subject)";
  for (const char* p : {"re:", "aw:", "sv:", "trả lời:", "tl:"})
    if (StartsWithNoCase(s, p)) return s;
  return "Re: " + s;
}

Status ComposeReply(const OutgoingMail& m, std::string* raw) {
  if (!IsPlainAddress(m.from_address)) return Status::InvalidArgument("bad sender address");
  if (!IsPlainAddress(m.to_address)) return Status::InvalidArgument("bad recipient address");
  if (!IsPlainMessageId(m.message_id)) return Status::InvalidArgument("bad Message-ID");
  EnsureGMime();
  std::unique_ptr<GMimeMessage, Unref> msg(g_mime_message_new(TRUE));
  GMimeObject* obj = GMIME_OBJECT(msg.get());
  g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_FROM, OneLine(m.from_name).c_str(),
                             m.from_address.c_str());
  g_mime_message_add_mailbox(msg.get(), GMIME_ADDRESS_TYPE_TO, nullptr, m.to_address.c_str());
  std::string subject = ReplySubject(m.subject);
  std::string tag = "[#" + std::to_string(m.ticket) + "]";
  if (m.ticket > 0 && subject.find(tag) == std::string::npos) subject += " " + tag;
  g_mime_message_set_subject(msg.get(), subject.c_str(), "utf-8");
  g_mime_message_set_message_id(msg.get(), m.message_id.c_str());
  GDateTime* date = g_date_time_new_from_unix_utc(m.date_unix);
  g_mime_message_set_date(msg.get(), date);
  g_date_time_unref(date);
  // Threading (RFC 5322 3.6.4): the mail answered, then the chain.
  std::string references;
  for (const std::string& id : m.references)
    if (IsPlainMessageId(id) && id != m.in_reply_to) references += Bracketed(id) + " ";
  if (IsPlainMessageId(m.in_reply_to)) {
    g_mime_object_set_header(obj, "In-Reply-To", Bracketed(m.in_reply_to).c_str(), nullptr);
    references += Bracketed(m.in_reply_to);
  }
  if (!references.empty()) g_mime_object_set_header(obj, "References", references.c_str(), nullptr);
  if (m.auto_reply) {
    // RFC 3834: say we are automatic, and ask Exchange not to answer us.
    g_mime_object_set_header(obj, "Auto-Submitted", "auto-replied", nullptr);
    g_mime_object_set_header(obj, "X-Auto-Response-Suppress", "All", nullptr);
  }
  // The body as UTF-8 bytes, always: g_mime_text_part_set_text would
  // convert text that fits Latin-1 into Latin-1.
  std::unique_ptr<GMimeTextPart, Unref> part(g_mime_text_part_new_with_subtype("plain"));
  std::string body = RepairUtf8(m.body);
  std::unique_ptr<GMimeStream, Unref> stream(g_mime_stream_mem_new_with_buffer(body.data(), body.size()));
  std::unique_ptr<GMimeDataWrapper, Unref> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  GMimePart* p = GMIME_PART(part.get());
  g_mime_part_set_content(p, content.get());
  g_mime_text_part_set_charset(part.get(), "utf-8");
  // 7-bit safe and no line over 998 bytes: quoted-printable or base64.
  g_mime_part_set_content_encoding(p, g_mime_part_get_best_content_encoding(p, GMIME_ENCODING_CONSTRAINT_7BIT));
  g_mime_message_set_mime_part(msg.get(), GMIME_OBJECT(part.get()));
  GMimeFormatOptions* format = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
  char* text = g_mime_object_to_string(obj, format);
  g_mime_format_options_free(format);
  if (text == nullptr) return Status::Internal("GMime could not write the message");
  raw->assign(text);
  g_free(text);
  return Status::Ok();
}

}  // namespace frontdesk::mail
