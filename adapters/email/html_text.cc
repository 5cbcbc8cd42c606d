#include "adapters/email/html_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

namespace frontdesk::mail {
namespace {

// The position of `needle` (lower case) in `s` from `from`, ignoring ASCII case.
size_t FindNoCase(std::string_view s, size_t from, std::string_view needle) {
  for (size_t i = from; i + needle.size() <= s.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() &&
           std::tolower(static_cast<unsigned char>(s[i + k])) == static_cast<unsigned char>(needle[k]))
      ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the entity at html[i] == '&'; returns the bytes consumed (0 = not
// an entity: the '&' is kept as it is).
size_t DecodeEntity(std::string_view html, size_t i, std::string* out) {
  size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  if (name.size() >= 2 && name[0] == '#') {
    uint32_t cp = 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(c))
                  ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                  : -1;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      if (cp > 0x10FFFF) cp = 0x110000;  // stays invalid, never overflows
    }
    AppendUtf8(cp, out);
    return semi - i + 1;
  }
  static const struct {
    const char* name;
    uint32_t cp;
  } kNamed[] = {{"amp", '&'},     {"lt", '<'},       {"gt", '>'},      {"quot", '"'},
                {"apos", '\''},   {"nbsp", ' '},     {"copy", 0xA9},   {"reg", 0xAE},
                {"euro", 0x20AC}, {"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014},
                {"laquo", 0xAB},  {"raquo", 0xBB},   {"iexcl", 0xA1},  {"iquest", 0xBF},
                {"ntilde", 0xF1}, {"Ntilde", 0xD1},  {"aacute", 0xE1}, {"eacute", 0xE9},
                {"iacute", 0xED}, {"oacute", 0xF3},  {"uacute", 0xFA}, {"uuml", 0xFC},
                {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"ldquo", 0x201C}, {"rdquo", 0x201D}};
  for (const auto& e : kNamed) {
    if (name == e.name) {
      AppendUtf8(e.cp, out);
      return semi - i + 1;
    }
  }
  return 0;
}

bool IsBlock(const std::string& tag) {
  static const char* const kBlocks[] = {"p",  "div", "br",    "tr",  "li",  "ul",     "ol",
                                        "h1", "h2",  "h3",    "h4",  "h5",  "h6",     "table",
                                        "hr", "pre", "title", "dd",  "dt",  "address", "section",
                                        "article", "header", "footer", "blockquote"};
  for (const char* b : kBlocks)
    if (tag == b) return true;
  return false;
}

class Converter {
 public:
  void Text(char c) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && (line_.empty() || line_.back() == ' ')) return;  // HTML collapses spaces
    line_.push_back(c);
  }
  void Append(const std::string& s) {
    for (char c : s) Text(c);
  }
  // Ends the current line; several breaks in a row leave one blank line.
  void Break() {
    while (!line_.empty() && line_.back() == ' ') line_.pop_back();
    if (line_.empty()) {
      if (!out_.empty() && !EndsWithBlankLine()) out_.push_back('\n');
      return;
    }
    for (int i = 0; i < quote_depth_; ++i) out_ += "> ";
    out_ += line_;
    out_.push_back('\n');
    line_.clear();
  }
  void Quote(int delta) {
    Break();
    quote_depth_ = std::max(0, quote_depth_ + delta);
  }
  bool EndsWithBlankLine() const {
    return out_.size() >= 2 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n';
  }
  std::string Finish() {
    Break();
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    size_t start = out_.find_first_not_of("\n ");
    return start == std::string::npos ? "" : out_.substr(start);
  }

 private:
  std::string out_, line_;
  int quote_depth_ = 0;
};

}  // namespace

std::string HtmlToText(std::string_view html) {
  Converter conv;
  std::string skip_until;  // "</script" while inside a script, style or head
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (!skip_until.empty()) {
      size_t end = FindNoCase(html, i, skip_until);
      if (end == std::string_view::npos) break;
      i = end;
      skip_until.clear();
      continue;
    }
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) break;  // a cut tag: nothing readable follows
      std::string_view tag = html.substr(i + 1, end - i - 1);
      bool closing = !tag.empty() && tag[0] == '/';
      if (closing) tag.remove_prefix(1);
      size_t name_end = 0;
      while (name_end < tag.size() && std::isalnum(static_cast<unsigned char>(tag[name_end]))) ++name_end;
      std::string name = Lower(tag.substr(0, name_end));
      if (!closing && (name == "script" || name == "style" || name == "head")) {
        skip_until = "</" + name;
      } else if (name == "blockquote") {
        conv.Quote(closing ? -1 : 1);
      } else if (IsBlock(name)) {
        conv.Break();
      } else if (name == "td" || name == "th") {
        conv.Text(' ');
      }
      i = end + 1;
      continue;
    }
    if (c == '&') {
      std::string decoded;
      size_t used = DecodeEntity(html, i, &decoded);
      if (used > 0) {
        conv.Append(decoded);
        i += used;
        continue;
      }
    }
    conv.Text(c);
    ++i;
  }
  return conv.Finish();
}

}  // namespace frontdesk::mail
