#include "adapters/email/quote_cutter.h"

#include <re2/re2.h>

#include <string>
#include <vector>

namespace frontdesk::mail {
namespace {

// Built once; RE2 objects are thread-safe. Case-insensitive, UTF-8.
struct Patterns {
  RE2::Options Opts() {
    RE2::Options o;
    o.set_case_sensitive(false);
    o.set_log_errors(false);
    return o;
  }
  // A reply's attribution line (Gmail, Apple Mail, Thunderbird), in the
  // languages frontdesk ships and two common others. Gmail wraps a long one,
  // so the caller also tries a line joined with the next.
  RE2 attribution{
      R"(^\s*(On\s.{1,400}\swrote\s*:|Vào\s.{1,400}\sđã viết\s*:|El\s.{1,400}\sescribió\s*:|)"
      R"(Le\s.{1,400}\sa écrit\s*:|Am\s.{1,400}\sschrieb.{0,80}:)\s*$)",
      Opts()};
  // "-----Original Message-----" and its translations, and a forward's separator.
  RE2 separator{
      R"(^\s*-{2,}\s*(Original Message|Mensaje original|Tin nhắn gốc|Thư gốc|Forwarded message|)"
      R"(Mensaje reenviado|Message d'origine)\s*-{2,}\s*$)",
      Opts()};
  // The first line of an Outlook header block ("From: An <an@x>").
  RE2 outlook_from{R"(^\s*\*?(From|De|Từ|Von|Expéditeur)\s*:\*?\s*\S.*$)", Opts()};
  // Its next lines: one of these within the following four lines.
  RE2 outlook_field{
      R"(^\s*\*?(Sent|Date|To|Subject|Cc|Enviado|Fecha|Para|Asunto|Đã gửi|Ngày|Đến|Gửi|)"
      R"(Tiêu đề|Chủ đề|Gesendet|An|Betreff|Envoyé|À|Objet)\s*:\*?.*$)",
      Opts()};
  // What phones and webmail append instead of a "-- " signature.
  RE2 device_signature{
      R"(^\s*(Sent from my \S.*|Enviado desde mi \S.*|Gửi từ \S.*|Get Outlook for \S.*|)"
      R"(Obtener Outlook para \S.*|Sent from Mail for Windows.*)\s*$)",
      Opts()};
};

const Patterns& P() {
  static const Patterns* p = new Patterns();
  return *p;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

bool IsBlankOrRule(std::string_view line) {
  return line.find_first_not_of(" \t_-=*") == std::string_view::npos;
}

// Starts an Outlook-style header block of the quoted message.
bool StartsHeaderBlock(const std::vector<std::string_view>& lines, size_t i) {
  if (!RE2::FullMatch(lines[i], P().outlook_from)) return false;
  for (size_t k = i + 1; k < lines.size() && k <= i + 4; ++k)
    if (RE2::FullMatch(lines[k], P().outlook_field)) return true;
  return false;
}

// Where the history starts: an attribution (on one line or wrapped onto
// two), a separator, a header block, or a signature.
bool StartsHistory(const std::vector<std::string_view>& lines, size_t i) {
  std::string_view line = lines[i];
  if (line == "-- " || line == "--") return true;
  if (line.size() > 2000) return false;  // a quote marker is short; spare the regexes
  if (RE2::FullMatch(line, P().attribution) || RE2::FullMatch(line, P().separator)) return true;
  if (i + 1 < lines.size() && lines[i + 1].size() < 500) {
    std::string joined = std::string(line) + " " + std::string(lines[i + 1]);
    if (RE2::FullMatch(joined, P().attribution)) return true;
  }
  return StartsHeaderBlock(lines, i);
}

std::string Trimmed(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\n");
  if (a == std::string_view::npos) return "";
  size_t b = s.find_last_not_of(" \t\n");
  return std::string(s.substr(a, b - a + 1));
}

}  // namespace

std::string CutQuotedText(std::string_view text) {
  std::vector<std::string_view> lines = Lines(text);
  std::vector<std::string_view> kept;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (StartsHistory(lines, i)) break;
    // Interleaved answers keep what is between the quotes.
    if (!line.empty() && line[0] == '>') continue;
    if (RE2::FullMatch(line, P().device_signature)) continue;
    kept.push_back(line);
  }
  // An Outlook block is usually preceded by a rule of underscores.
  while (!kept.empty() && IsBlankOrRule(kept.back())) kept.pop_back();
  std::string out;
  for (std::string_view l : kept) {
    out.append(l);
    out.push_back('\n');
  }
  out = Trimmed(out);
  return out.empty() ? Trimmed(text) : out;
}

}  // namespace frontdesk::mail
