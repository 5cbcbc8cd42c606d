#include "engine/match/matcher.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

namespace frontdesk {
namespace {

// Past this many places where a match could begin, one unanchored scan of the
// rest of the text costs less than an anchored run at each.
constexpr int kMaxAnchoredRuns = 12;

// RE2's \b word characters: ASCII letters, digits and '_'.
bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z');
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `text`, its ASCII letters lowered, equals `lower`.
bool SameAsciiLower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i)
    if (AsciiLower(text[i]) != lower[i]) return false;
  return true;
}

int LongestDigitRun(std::string_view text) {
  int run = 0, longest = 0;
  for (char c : text) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// Buffers Match reuses from message to message on each thread, so that a
// warm matcher allocates nothing on the way to its hits.
struct MatchScratch {
  std::vector<int> atoms;
  std::vector<int> candidates;
  std::vector<re2::StringPiece> submatches;
};

}  // namespace

Matcher::Matcher() = default;
Matcher::~Matcher() = default;

int Matcher::CountLiteralChars(std::string_view p) {
  int count = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[++i];
      // \d \w \s \b \pL ... are classes or assertions; \. \? \- are literals.
      bool is_class = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9');
      if (!is_class) ++count;
      continue;
    }
    if (c == '[') {  // skip a character class, honouring escapes and a leading ]
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += (p[j] == '\\') ? 2 : 1;
      i = j;
      continue;
    }
    if (c == '{') {  // a counted repetition {m,n}
      size_t j = p.find('}', i);
      if (j != std::string_view::npos) {
        i = j;
        continue;
      }
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {  // (?:  (?P<name>  (?i)
      size_t j = i + 2;
      if (j < p.size() && p[j] == 'P' && j + 1 < p.size() && p[j + 1] == '<') {
        j = p.find('>', j);
        i = j == std::string_view::npos ? p.size() : j;
      } else {
        while (j < p.size() && p[j] != ':' && p[j] != ')') ++j;
        i = j;
      }
      continue;
    }
    if (std::string_view(".^$|()*+?").find(c) != std::string_view::npos) continue;
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    ++count;
  }
  return count;
}

std::unique_ptr<Matcher> Matcher::Build(const std::vector<PatternInput>& patterns,
                                        const MatcherOptions& options, Diagnostics* diags) {
  std::unique_ptr<Matcher> m(new Matcher());
  m->filter_ = std::make_unique<re2::FilteredRE2>(options.min_atom_len);
  RE2::Options ro;
  ro.set_log_errors(false);
  ro.set_case_sensitive(false);
  ro.set_max_mem(options.pattern_max_mem);
  bool ok = true;
  for (const auto& in : patterns) {
    Compiled c;
    c.literal_chars = CountLiteralChars(in.pattern);
    int id = -1;
    RE2::ErrorCode code = m->filter_->Add(in.pattern, ro, &id);
    if (code != RE2::NoError) {
      // FilteredRE2 drops the RE2 and its message; compile once more (only
      // on this error path) to tell the author what is wrong and where.
      RE2 probe(in.pattern, ro);
      std::string what = probe.error();
      if (!probe.error_arg().empty()) what += " at '" + probe.error_arg() + "'";
      diags->Error(in.loc, "pattern rejected by RE2: " + what);
      ok = false;
    } else {
      const RE2& re = m->filter_->GetRE2(id);
      if (re.ProgramSize() > options.max_program_size) {
        diags->Error(in.loc, "pattern is too large (" + std::to_string(re.ProgramSize()) +
                                 " instructions, limit " + std::to_string(options.max_program_size) +
                                 "): bound its repetitions");
        ok = false;
      }
      c.filtered_id = id;
      c.has_named_groups = !re.NamedCapturingGroups().empty();
      c.shape = AnalyzePattern(in.pattern);
      for (const StartLiteral& s : c.shape.starts) c.first_bytes.set(static_cast<unsigned char>(s.text[0]));
      if (static_cast<size_t>(id) >= m->by_filtered_id_.size()) m->by_filtered_id_.resize(id + 1, -1);
      m->by_filtered_id_[id] = static_cast<int>(m->patterns_.size());
    }
    m->patterns_.push_back(c);
  }
  if (!ok) return nullptr;
  if (m->filter_->NumRegexps() == 0) return m;
  std::vector<std::string> atoms;
  m->filter_->Compile(&atoms);
  m->atom_count_ = atoms.size();
  if (!atoms.empty()) {
    RE2::Options so;
    so.set_log_errors(false);
    so.set_max_mem(options.set_max_mem);
    so.set_never_capture(true);
    m->atoms_ = std::make_unique<re2::RE2::Set>(so, RE2::UNANCHORED);
    for (const auto& a : atoms) {
      std::string err;
      if (m->atoms_->Add(RE2::QuoteMeta(a), &err) < 0) {
        diags->Error({}, "internal: atom rejected by RE2::Set: " + err);
        return nullptr;
      }
    }
    if (!m->atoms_->Compile()) {
      diags->Error({}, "the patterns' atoms do not fit in set_max_mem (" +
                           std::to_string(options.set_max_mem) + " bytes); raise it");
      return nullptr;
    }
  }
  return m;
}

bool Matcher::StartsAt(const Compiled& c, std::string_view text, size_t p) {
  // Folded text has no upper-case letters; ASCII ones are lowered anyway so
  // that a caller passing unfolded text loses nothing a full scan would find.
  auto b = static_cast<unsigned char>(AsciiLower(text[p]));
  if (!c.first_bytes.test(b)) return false;
  bool after_word = p > 0 && IsWordByte(text[p - 1]);
  const std::vector<StartLiteral>& starts = c.shape.starts;
  auto it = std::lower_bound(starts.begin(), starts.end(), b, [](const StartLiteral& s, unsigned char x) {
    return static_cast<unsigned char>(s.text[0]) < x;
  });
  for (; it != starts.end() && static_cast<unsigned char>(it->text[0]) == b; ++it) {
    if (it->word_boundary && after_word && IsWordByte(it->text[0])) continue;
    if (SameAsciiLower(text.substr(p, it->text.size()), it->text)) return true;
  }
  return false;
}

bool Matcher::Confirm(const Compiled& c, const RE2& re, const re2::StringPiece& text,
                      re2::StringPiece* sub, int n) {
  if (c.shape.starts.empty()) return re.Match(text, 0, text.size(), RE2::UNANCHORED, sub, n);
  // Every match begins at a start literal: the first place where the anchored
  // pattern matches is where the leftmost match begins, and RE2 reads the
  // bytes around [p, end) for \b, so the result is the unanchored one.
  std::string_view view(text.data(), text.size());
  int runs = 0;
  for (size_t p = 0; p < view.size(); ++p) {
    if (!StartsAt(c, view, p)) continue;
    if (++runs > kMaxAnchoredRuns) return re.Match(text, p, text.size(), RE2::UNANCHORED, sub, n);
    if (re.Match(text, p, text.size(), RE2::ANCHOR_START, sub, n)) return true;
  }
  return false;
}

Status Matcher::Match(std::string_view folded, std::vector<PatternHit>* hits) const {
  if (filter_->NumRegexps() == 0) return Status::Ok();
  thread_local MatchScratch scratch;
  std::vector<int>& matched_atoms = scratch.atoms;
  matched_atoms.clear();
  if (atoms_ != nullptr) {
    RE2::Set::ErrorInfo info{};
    if (!atoms_->Match(folded, &matched_atoms, &info) && info.kind != RE2::Set::kNoError) {
      return Status::ResourceExhausted("stage-1 match failed (RE2::Set error " +
                                       std::to_string(static_cast<int>(info.kind)) + ")");
    }
  }
  std::vector<int>& candidates = scratch.candidates;
  candidates.clear();
  filter_->AllPotentials(matched_atoms, &candidates);
  std::sort(candidates.begin(), candidates.end(), [this](int a, int b) {
    return by_filtered_id_[a] < by_filtered_id_[b];
  });
  re2::StringPiece text(folded.data(), folded.size());
  const int digit_run = candidates.empty() ? 0 : LongestDigitRun(folded);
  for (int fid : candidates) {
    const RE2& re = filter_->GetRE2(fid);
    int index = by_filtered_id_[fid];
    const Compiled& c = patterns_[index];
    if (c.shape.min_digit_run > digit_run) continue;  // cannot match: no scan needed
    if (!c.has_named_groups) {
      if (Confirm(c, re, text, nullptr, 0)) hits->push_back({index, 0, 0, {}});
      continue;
    }
    int n = re.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece>& sub = scratch.submatches;
    sub.assign(static_cast<size_t>(n), re2::StringPiece());
    if (!Confirm(c, re, text, sub.data(), n)) continue;
    PatternHit hit{index, static_cast<size_t>(sub[0].data() - text.data()),
                   static_cast<size_t>(sub[0].data() - text.data()) + sub[0].size(), {}};
    for (const auto& [name, group] : re.NamedCapturingGroups()) {
      const re2::StringPiece& s = sub[static_cast<size_t>(group)];
      if (s.data() == nullptr) continue;
      size_t b = static_cast<size_t>(s.data() - text.data());
      hit.captures.push_back({name, b, b + s.size()});
    }
    hits->push_back(std::move(hit));
  }
  return Status::Ok();
}

}  // namespace frontdesk
