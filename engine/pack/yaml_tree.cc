#include "engine/pack/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace frontdesk {

const YamlNode* YamlNode::Find(const std::string& key) const {
  for (const auto& [k, v] : entries) {
    if (k.IsScalar() && k.scalar == key) return &v;
  }
  return nullptr;
}

const char* YamlNode::KindName() const {
  return kind == Kind::kMap        ? "a map"
         : kind == Kind::kSequence ? "a list"
         : kind == Kind::kScalar   ? "a string"
                                   : "null";
}

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Offset of the first byte that is not valid UTF-8 (or is NUL), or npos.
// yaml-cpp silently turns bad bytes into U+FFFD (3 bytes), which would both
// change values and shift every later mark away from its byte offset; NUL
// bytes make it guess UTF-16/32. So anything but UTF-8 text is refused.
size_t FindInvalidUtf8(std::string_view s) {
  for (size_t i = 0, len = 1; i < s.size(); i += len) {
    const unsigned char c = s[i];
    len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (c == 0) return i;
    if (len == 1) continue;
    if (c < 0xC2 || c > 0xF4 || i + len > s.size()) return i;
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
  }
  return std::string_view::npos;
}

// Thrown from the event handler to stop yaml-cpp at once (alias, limit,
// second document): it unwinds through the parser like its own exceptions.
struct StopParsing {};

// Builds a YamlNode tree from yaml-cpp's events, checking limits as it goes.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, const std::string& content, const YamlLimits& limits,
              Diagnostics* diags)
      : file_(file),
        content_(content),
        limits_(limits),
        diags_(diags),
        bom_(content.starts_with(kBom) ? kBom.size() : 0) {}

  bool has_root() const { return has_root_; }
  bool saw_anchor() const { return saw_anchor_; }
  YamlNode TakeRoot() { return std::move(root_); }

  // A location from a byte offset into content (BOM excluded, as yaml-cpp
  // does). Used where yaml-cpp's own line/column are not trustworthy: a
  // syntax error at EOF without a final newline comes back as line 0, col 0.
  SourceLoc LocAtOffset(size_t offset) const {
    offset = std::clamp(offset, bom_, content_.size());
    const size_t nl = offset == 0 ? std::string::npos : content_.rfind('\n', offset - 1);
    const size_t line_start = nl == std::string::npos ? bom_ : nl + 1;
    const auto line = std::count(content_.begin(), content_.begin() + offset, '\n');
    return {file_, static_cast<int>(line) + 1, static_cast<int>(offset - line_start) + 1};
  }
  SourceLoc LocAtMark(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) return {file_, 1, 1};
    return LocAtOffset(static_cast<size_t>(mark.pos) + bom_);
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) Fail(Loc(mark), "more than one YAML document in the file");
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(NewNode(mark, anchor, YamlNode::Kind::kNull));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    // The event carries only a number; the name is in the source after '*'.
    size_t begin = Offset(mark) + 1, end = begin;
    while (end < content_.size() && !std::strchr(" \t\r\n,[]{}", content_[end])) ++end;
    const std::string name = begin < end ? content_.substr(begin, end - begin) : "";
    Fail(Loc(mark), "aliases are not allowed (*" + name + ")");
  }

  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    // Reported but not fatal: anchors alone expand nothing, and going on lets
    // the first alias be reported too. Any alias stops the parse.
    saw_anchor_ = true;
    diags_->Error(Loc(mark), "anchors and aliases are not allowed (&" + name + ")");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // yaml-cpp 0.7 already sends OnNull for plain ~/null/Null/NULL; this only
    // guards against versions that do not.
    const bool null_word = value == "~" || value == "null" || value == "Null" || value == "NULL";
    if (tag == "?" && null_word) {
      Add(NewNode(mark, anchor, YamlNode::Kind::kNull));
      return;
    }
    YamlNode node = NewNode(mark, anchor, YamlNode::Kind::kScalar);
    node.scalar = value;
    DescribeSource(Offset(mark), &node);
    Add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(NewNode(mark, anchor, YamlNode::Kind::kSequence));
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(NewNode(mark, anchor, YamlNode::Kind::kMap));
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    YamlNode node;
    bool has_key = false;     // kMap: `key` holds a key waiting for its value
    bool drop_value = false;  // kMap: that key was refused, so is its value
    YamlNode key;
    std::unordered_map<std::string, size_t> seen;  // key -> index in node.entries
  };

  [[noreturn]] void Fail(const SourceLoc& loc, std::string message) {
    diags_->Error(loc, std::move(message));
    throw StopParsing();
  }

  SourceLoc Loc(const YAML::Mark& mark) const { return {file_, mark.line + 1, mark.column + 1}; }
  size_t Offset(const YAML::Mark& mark) const {
    return mark.pos < 0 ? content_.size() : static_cast<size_t>(mark.pos) + bom_;
  }

  // Every node passes here, so the node limit holds for all of them.
  YamlNode NewNode(const YAML::Mark& mark, YAML::anchor_t anchor, YamlNode::Kind kind) {
    if (++nodes_ > limits_.max_nodes) {
      Fail(Loc(mark), "more than " + std::to_string(limits_.max_nodes) + " nodes in the file");
    }
    if (anchor != 0 && !saw_anchor_) {  // OnAnchor normally said it already
      saw_anchor_ = true;
      diags_->Error(Loc(mark), "anchors and aliases are not allowed");
    }
    YamlNode node;
    node.kind = kind;
    node.loc = Loc(mark);
    return node;
  }

  // Sets quoted/spans_lines from the source text at the scalar's offset.
  void DescribeSource(size_t at, YamlNode* node) const {
    const std::string& s = content_;
    // The mark of a tagged scalar ("!!str x") points at the tag; skip it.
    while (at < s.size() && s[at] == '!') {
      while (at < s.size() && !std::strchr(" \t\r\n", s[at])) ++at;
      while (at < s.size() && std::strchr(" \t\r\n", s[at])) ++at;
    }
    if (at >= s.size()) return;
    const char open = s[at];
    if (open == '|' || open == '>') {
      node->spans_lines = true;
    } else if (open == '"' || open == '\'') {
      node->quoted = true;
      node->spans_lines = QuotedSpansLines(at);
    } else {
      // A plain scalar that continues onto the next line is folded into a
      // value longer than what is left of its first line.
      std::string_view rest(s.data() + at, std::min(s.find('\n', at), s.size()) - at);
      const size_t comment = std::min(rest.find(" #"), rest.find("\t#"));
      if (comment != std::string_view::npos) rest = rest.substr(0, comment);
      while (!rest.empty() && std::strchr(" \t\r", rest.back())) rest.remove_suffix(1);
      node->spans_lines = node->scalar.size() > rest.size();
    }
  }

  // True when a line break comes before the closing quote (or there is none:
  // yaml-cpp accepts an unterminated quote that runs to the end of the file).
  bool QuotedSpansLines(size_t open) const {
    const std::string& s = content_;
    const char quote = s[open];
    for (size_t i = open + 1; i < s.size(); ++i) {
      if (s[i] == '\n' || s[i] == '\r') return true;
      if (quote == '"' && s[i] == '\\') {
        ++i;  // the escaped char; an escaped line break is still a break
        if (i < s.size() && (s[i] == '\n' || s[i] == '\r')) return true;
      } else if (s[i] == quote) {
        if (quote == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
          ++i;  // '' is a quote inside '...'
        } else {
          return false;
        }
      }
    }
    return true;
  }

  void Open(YamlNode node) {
    if (stack_.size() >= static_cast<size_t>(std::max(limits_.max_depth, 0))) {
      Fail(node.loc,
           "nested deeper than the limit of " + std::to_string(limits_.max_depth) + " levels");
    }
    stack_.emplace_back();
    stack_.back().node = std::move(node);
  }

  void Close() {
    if (stack_.empty()) return;
    YamlNode done = std::move(stack_.back().node);
    stack_.pop_back();
    Add(std::move(done));
  }

  void Add(YamlNode node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      has_root_ = true;
      return;
    }
    Frame& frame = stack_.back();
    if (frame.node.IsSequence()) {
      frame.node.items.push_back(std::move(node));
    } else if (!frame.has_key) {
      AddKey(&frame, std::move(node));
    } else {
      frame.has_key = false;
      if (!frame.drop_value) frame.node.entries.push_back({std::move(frame.key), std::move(node)});
    }
  }

  // Checks a map key. yaml-cpp keeps the first of two equal keys without a
  // word; we say so, and keep the first too.
  void AddKey(Frame* frame, YamlNode key) {
    frame->has_key = true;
    frame->drop_value = true;
    if (!key.IsScalar()) {
      diags_->Error(key.loc, std::string("a key must be a string, not ") + key.KindName());
    } else if (auto [it, inserted] = frame->seen.emplace(key.scalar, frame->node.entries.size());
               !inserted) {
      const SourceLoc& first = frame->node.entries[it->second].first.loc;
      diags_->Error(key.loc, "duplicate key '" + key.scalar + "' (first at " +
                                 std::to_string(first.line) + ":" + std::to_string(first.col) +
                                 ")");
    } else {
      frame->drop_value = false;
    }
    frame->key = std::move(key);
  }

  const std::string& file_;
  const std::string& content_;
  const YamlLimits& limits_;
  Diagnostics* diags_;
  const size_t bom_;  // yaml-cpp's marks do not count a UTF-8 BOM
  std::vector<Frame> stack_;
  YamlNode root_;
  bool has_root_ = false;
  bool saw_anchor_ = false;
  int documents_ = 0;
  size_t nodes_ = 0;
};

std::string TooBig(uintmax_t size, size_t limit) {
  return "file is " + std::to_string(size) + " bytes, more than the limit of " +
         std::to_string(limit);
}

}  // namespace

bool ParseYaml(const std::string& file, const std::string& content, const YamlLimits& limits,
               YamlNode* root, Diagnostics* diags) {
  *root = YamlNode();
  root->loc = {file, 1, 1};
  if (content.size() > limits.max_file_bytes) {
    diags->Error({file, 1, 1}, TooBig(content.size(), limits.max_file_bytes));
    return false;
  }
  TreeBuilder builder(file, content, limits, diags);
  if (size_t bad = FindInvalidUtf8(content); bad != std::string_view::npos) {
    const unsigned char byte = content[bad];
    const std::string hex = {"0123456789ABCDEF"[byte >> 4], "0123456789ABCDEF"[byte & 15]};
    diags->Error(builder.LocAtOffset(bad),
                 "not UTF-8 text (byte 0x" + hex + "); save the file as UTF-8");
    return false;
  }
  try {
    std::istringstream in(content);
    YAML::Parser parser(in);
    // A second call only to see whether another document follows: its
    // OnDocumentStart reports it and stops.
    if (parser.HandleNextDocument(builder)) parser.HandleNextDocument(builder);
  } catch (const StopParsing&) {
    return false;
  } catch (const YAML::Exception& e) {
    diags->Error(builder.LocAtMark(e.mark), e.msg);
    return false;
  } catch (const std::exception& e) {
    diags->Error({file, 1, 1}, std::string("cannot parse: ") + e.what());
    return false;
  } catch (...) {
    diags->Error({file, 1, 1}, "cannot parse: unknown error");
    return false;
  }
  if (builder.saw_anchor()) return false;
  if (builder.has_root()) *root = builder.TakeRoot();
  return true;
}

bool ParseYamlFile(const std::string& path, const std::string& display_name,
                   const YamlLimits& limits, YamlNode* root, Diagnostics* diags) {
  *root = YamlNode();
  const SourceLoc start{display_name, 1, 1};
  root->loc = start;
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    diags->Error(start, "cannot read " + display_name + ": " + ec.message());
    return false;
  }
  if (size > limits.max_file_bytes) {
    diags->Error(start, TooBig(size, limits.max_file_bytes));
    return false;
  }
  // Read no more than the size we checked, even if the file grew since.
  std::string content(static_cast<size_t>(size), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(in.gcount()));
  if (!in.is_open() || in.bad()) {
    diags->Error(start, "cannot read " + display_name + ": " + std::strerror(errno));
    return false;
  }
  return ParseYaml(display_name, content, limits, root, diags);
}

}  // namespace frontdesk
