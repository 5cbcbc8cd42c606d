#include "engine/match/matcher.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace frontdesk {
namespace {

// Past this many places where a match could begin, one unanchored scan of the
// rest of the text costs less than an anchored run at each.
constexpr size_t kMaxAnchoredRuns = 12;

// RE2's \b word characters: ASCII letters, digits and '_'.
bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z');
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The 8 bytes of text at p (zero past its end), ASCII letters lowered, as a
// little-endian word: byte k of the text is bits 8k..8k+7.
uint64_t LowerWordAt(std::string_view text, size_t p) {
  uint64_t x = 0;
  std::memcpy(&x, text.data() + p, std::min<size_t>(8, text.size() - p));
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  uint64_t seven = x & ~kHigh;
  uint64_t above_z = seven + 0x2525252525252525ULL;  // bit 7 set: byte > 'Z'
  uint64_t from_a = seven + 0x3F3F3F3F3F3F3F3FULL;   // bit 7 set: byte >= 'A'
  uint64_t upper = (from_a ^ above_z) & ~x & kHigh;
  return x | upper >> 2;  // 0x80 >> 2 = 0x20, what lowers a letter
}

// The bit of Compiled::first_pairs for a literal's (or a text's) first two
// bytes, lower-cased.
size_t PairKey(char b0, char b1) {
  return (static_cast<unsigned char>(AsciiLower(b0)) * 31u + static_cast<unsigned char>(AsciiLower(b1))) & 1023u;
}

// True when `text`, its ASCII letters lowered, equals `lower`.
bool SameAsciiLower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i)
    if (AsciiLower(text[i]) != lower[i]) return false;
  return true;
}


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

RE2::Options Matcher::PatternOptions(const MatcherOptions& options) {
  RE2::Options ro;
  ro.set_log_errors(false);
  ro.set_case_sensitive(false);
  ro.set_max_mem(options.pattern_max_mem);
  return ro;
}

void Matcher::BuildShard(const std::vector<PatternInput>& patterns, size_t begin, size_t end,
                         const MatcherOptions& options, Shard* shard, std::vector<Compiled>* compiled,
                         std::vector<std::string>* errors) {
  shard->filter = std::make_unique<re2::FilteredRE2>(options.min_atom_len);
  shard->first_pattern = static_cast<int>(begin);
  for (size_t i = begin; i < end; ++i) {
    (*errors)[i] = AddPattern(patterns[i].pattern, options, shard, &(*compiled)[i]);
  }
  if (shard->filter->NumRegexps() > 0) shard->filter->Compile(&shard->atoms);
}

std::string Matcher::AddPattern(const std::string& pattern, const MatcherOptions& options, Shard* shard,
                                Compiled* c) {
  RE2::Options ro = PatternOptions(options);
  c->literal_chars = CountLiteralChars(pattern);
  c->quick = QuickPattern::Compile(pattern);
  // A pattern QuickPattern decides, and whose program is surely within the
  // limit, gets its RE2 (for captures, or an unusual message) on first need:
  // the prefilter is taken from a cheaper source with the same atoms and
  // the same validity (PrefilterSource), which also checks the syntax now.
  bool lazy = c->quick != nullptr && c->quick->program_bound() <= options.max_program_size;
  int id = -1;
  RE2::Options prefilter_options = ro;
  prefilter_options.set_never_capture(true);  // only its atoms are used
  if (lazy && shard->filter->Add(PrefilterSource(pattern), prefilter_options, &id) != RE2::NoError) lazy = false;
  if (!lazy && shard->filter->Add(pattern, ro, &id) != RE2::NoError) {
    // FilteredRE2 drops the RE2 and its message; compile once more (only
    // on this error path) to tell the author what is wrong and where.
    RE2 probe(pattern, ro);
    std::string what = probe.error();
    if (!probe.error_arg().empty()) what += " at '" + probe.error_arg() + "'";
    return "pattern rejected by RE2: " + what;
  }
  const RE2& re = shard->filter->GetRE2(id);
  if (!lazy && re.ProgramSize() > options.max_program_size) {
    return "pattern is too large (" + std::to_string(re.ProgramSize()) + " instructions, limit " +
           std::to_string(options.max_program_size) + "): bound its repetitions";
  }
  c->filtered_id = id;
  c->has_named_groups = lazy ? c->quick->has_named_groups() : !re.NamedCapturingGroups().empty();
  if (lazy) {
    c->lazy = std::make_unique<LazyRe2>();
    c->lazy->source = pattern;
  }
  c->shape = AnalyzePattern(pattern);
  PrepareStarts(c);
  return "";
}

const RE2* Matcher::PatternRe2(const Compiled& c) const {
  if (c.lazy == nullptr) return &shards_[static_cast<size_t>(c.shard)].filter->GetRE2(c.filtered_id);
  LazyRe2& l = *c.lazy;
  std::call_once(l.once, [&] { l.re = std::make_unique<RE2>(l.source, pattern_options_); });
  return l.re->ok() ? l.re.get() : nullptr;
}

std::unique_ptr<Matcher> Matcher::Build(const std::vector<PatternInput>& patterns,
                                        const MatcherOptions& options, Diagnostics* diags) {
  std::unique_ptr<Matcher> m(new Matcher());
  m->pattern_options_ = PatternOptions(options);
  size_t threads = options.compile_threads > 0
                       ? static_cast<size_t>(options.compile_threads)
                       : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  if (patterns.size() < 512) threads = 1;
  m->patterns_.resize(patterns.size());
  m->shards_.resize(threads);
  std::vector<std::string> errors(patterns.size());
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) {
    size_t begin = patterns.size() * t / threads, end = patterns.size() * (t + 1) / threads;
    auto build = [&, t, begin, end] {
      BuildShard(patterns, begin, end, options, &m->shards_[t], &m->patterns_, &errors);
    };
    if (t + 1 == threads) build();  // the last shard on this thread
    else workers.emplace_back(build);
  }
  for (std::thread& w : workers) w.join();
  bool ok = true;
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (errors[i].empty()) continue;
    diags->Error(patterns[i].loc, errors[i]);
    ok = false;
  }
  if (!ok) return nullptr;
  for (size_t t = 0; t < threads; ++t) {
    int first = m->shards_[t].first_pattern;
    for (int i = first; i < first + m->shards_[t].filter->NumRegexps(); ++i) m->patterns_[i].shard = static_cast<int>(t);
  }
  m->BuildAtomIndex();
  return m;
}

void Matcher::BuildAtomIndex() {
  std::unordered_map<std::string, int> ids;  // atom -> index id
  std::vector<std::string> atoms;
  std::vector<std::vector<std::pair<int, int>>> refs;
  for (size_t t = 0; t < shards_.size(); ++t) {
    std::vector<std::string>& shard_atoms = shards_[t].atoms;
    for (size_t local = 0; local < shard_atoms.size(); ++local) {
      auto [it, added] = ids.emplace(shard_atoms[local], static_cast<int>(refs.size()));
      if (added) {
        refs.emplace_back();
        atoms.push_back(shard_atoms[local]);
      }
      refs[static_cast<size_t>(it->second)].emplace_back(static_cast<int>(t), static_cast<int>(local));
    }
    std::vector<std::string>().swap(shard_atoms);
  }
  for (const auto& r : refs) {
    atom_ref_begin_.push_back(static_cast<uint32_t>(atom_refs_.size()));
    atom_refs_.insert(atom_refs_.end(), r.begin(), r.end());
  }
  atom_ref_begin_.push_back(static_cast<uint32_t>(atom_refs_.size()));
  atoms_ = std::make_unique<AtomIndex>(std::move(atoms));
}

void Matcher::FindFacts(std::string_view text, MessageFacts* facts) {
  std::vector<uint32_t>& starts = *facts->word_starts;
  starts.clear();
  // Locals, not facts' fields: a store through a pointer in the loop would be
  // reloaded after every push_back.
  int run = 0, longest_run = 0;
  bool after_word = false;
  unsigned char high = 0;  // bit 7: a byte past ASCII was seen
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    high |= c;
    run = (c - '0' < 10u) ? run + 1 : 0;
    longest_run = std::max(longest_run, run);
    bool word = IsWordByte(static_cast<char>(c));
    if (word && !after_word) starts.push_back(static_cast<uint32_t>(i));
    after_word = word;
  }
  facts->digit_run = longest_run;
  // ASCII text is valid UTF-8 and holds neither the Kelvin sign nor the long s.
  facts->quick_text = (high & 0x80) == 0 || QuickPattern::Supports(text);
}

void Matcher::PrepareStarts(Compiled* c) {
  const std::vector<StartLiteral>& starts = c->shape.starts;  // sorted by text
  c->word_starts_only = !starts.empty();
  for (const StartLiteral& s : starts) {
    auto b = static_cast<unsigned char>(s.text[0]);
    PackedStart& packed = c->packed_starts.emplace_back();
    packed.size = static_cast<uint32_t>(s.text.size());
    std::memcpy(&packed.head, s.text.data(), std::min<size_t>(8, s.text.size()));
    packed.mask = s.text.size() >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * s.text.size())) - 1;
    packed.after_non_word = s.word_boundary && IsWordByte(s.text[0]);
    c->first_bytes.set(b);
    c->word_starts_only = c->word_starts_only && s.word_boundary && IsWordByte(s.text[0]);
  }
  if (starts.size() <= 8 || starts.size() > UINT16_MAX) return;
  c->first_pairs = std::make_unique<std::bitset<1024>>();
  for (const StartLiteral& s : starts) {
    if (s.text.size() == 1) c->single_bytes.set(static_cast<unsigned char>(s.text[0]));
    else c->first_pairs->set(PairKey(s.text[0], s.text[1]));
  }
  c->by_first_byte.assign(257, 0);
  for (size_t b = 0, i = 0; b <= 256; ++b) {
    while (i < starts.size() && static_cast<unsigned char>(starts[i].text[0]) < b) ++i;
    c->by_first_byte[b] = static_cast<uint16_t>(i);
  }
}

bool Matcher::StartsAt(const Compiled& c, std::string_view text, size_t p) {
  // Folded text has no upper-case letters; ASCII ones are lowered anyway so
  // that a caller passing unfolded text loses nothing a full scan would find.
  auto b = static_cast<unsigned char>(AsciiLower(text[p]));
  if (!c.first_bytes.test(b)) return false;
  if (c.first_pairs != nullptr && !c.single_bytes.test(b) &&
      (p + 1 >= text.size() || !c.first_pairs->test(PairKey(text[p], text[p + 1])))) {
    return false;
  }
  bool after_word = p > 0 && IsWordByte(text[p - 1]);
  const uint64_t word = LowerWordAt(text, p);
  size_t i = c.by_first_byte.empty() ? 0 : c.by_first_byte[b];
  size_t end = c.by_first_byte.empty() ? c.packed_starts.size() : c.by_first_byte[b + 1];
  for (; i < end; ++i) {
    const PackedStart& s = c.packed_starts[i];
    if ((word & s.mask) != s.head || (s.after_non_word && after_word)) continue;
    if (s.size <= 8 || SameAsciiLower(text.substr(p, s.size).substr(8), std::string_view(c.shape.starts[i].text).substr(8)))
      return true;
  }
  return false;
}

void Matcher::StartPlaces(const Compiled& c, std::string_view text, const MessageFacts& facts,
                          std::vector<uint32_t>* at) {
  at->clear();
  if (c.word_starts_only) {
    // A message has a few dozen words: testing each one's first byte costs
    // less than grouping them, and keeps the places ascending. The test is
    // StartsAt's first; made here, it saves a call for most words (about 6,700
    // instructions a starter-pack message, 3%, measured with callgrind).
    for (uint32_t p : *facts.word_starts)
      if (c.first_bytes.test(static_cast<unsigned char>(AsciiLower(text[p]))) && StartsAt(c, text, p)) at->push_back(p);
    return;
  }
  for (size_t p = 0; p < text.size(); ++p)
    if (c.first_bytes.test(static_cast<unsigned char>(AsciiLower(text[p]))) && StartsAt(c, text, p))
      at->push_back(static_cast<uint32_t>(p));
}

bool Matcher::RunRe2(const RE2& re, const re2::StringPiece& text, const std::vector<uint32_t>* at,
                     re2::StringPiece* sub, int n) {
  if (at == nullptr) return re.Match(text, 0, text.size(), RE2::UNANCHORED, sub, n);
  // Every match begins at a start literal: the first place where the anchored
  // pattern matches is where the leftmost match begins, and RE2 reads the
  // bytes around [p, end) for \b, so the result is the unanchored one. Past
  // kMaxAnchoredRuns places, one unanchored scan of the rest costs less.
  for (size_t k = 0; k < at->size(); ++k) {
    if (k == kMaxAnchoredRuns) return re.Match(text, (*at)[k], text.size(), RE2::UNANCHORED, sub, n);
    if (re.Match(text, (*at)[k], text.size(), RE2::ANCHOR_START, sub, n)) return true;
  }
  return false;
}

Status Matcher::ConfirmCandidate(int index, const re2::StringPiece& text, const MessageFacts& facts,
                                 std::vector<PatternHit>* hits) const {
  const Compiled& c = patterns_[static_cast<size_t>(index)];
  if (c.shape.min_digit_run > facts.digit_run) return Status::Ok();  // cannot match: no scan needed
  std::string_view view(text.data(), text.size());
  thread_local std::vector<uint32_t> at;
  bool known_starts = !c.shape.starts.empty();
  if (known_starts) {
    StartPlaces(c, view, facts, &at);
    if (at.empty()) return Status::Ok();
  }
  // Whether it matches at all, without RE2's DFA; RE2 only for captures.
  if (c.quick != nullptr && facts.quick_text) {
    if (!c.quick->Matches(view, known_starts ? &at : nullptr)) return Status::Ok();
    if (!c.has_named_groups) {
      hits->push_back({index, 0, 0, {}});
      return Status::Ok();
    }
  }
  const RE2* re = PatternRe2(c);
  if (re == nullptr) return Status::ResourceExhausted("pattern " + std::to_string(index) + " failed to compile");
  if (!c.has_named_groups) {
    if (RunRe2(*re, text, known_starts ? &at : nullptr, nullptr, 0)) hits->push_back({index, 0, 0, {}});
    return Status::Ok();
  }
  thread_local std::vector<re2::StringPiece> sub;
  int n = re->NumberOfCapturingGroups() + 1;
  sub.assign(static_cast<size_t>(n), re2::StringPiece());
  if (!RunRe2(*re, text, known_starts ? &at : nullptr, sub.data(), n)) return Status::Ok();
  size_t begin = static_cast<size_t>(sub[0].data() - text.data());
  PatternHit hit{index, begin, begin + sub[0].size(), {}};
  for (const auto& [name, group] : re->NamedCapturingGroups()) {
    const re2::StringPiece& s = sub[static_cast<size_t>(group)];
    if (s.data() == nullptr) continue;
    size_t b = static_cast<size_t>(s.data() - text.data());
    hit.captures.push_back({name, b, b + s.size()});
  }
  hits->push_back(std::move(hit));
  return Status::Ok();
}

Status Matcher::Match(std::string_view folded, std::vector<PatternHit>* hits) const {
  if (patterns_.empty()) return Status::Ok();
  // Reused from message to message on each thread: a warm matcher allocates
  // nothing on the way to its hits.
  thread_local std::vector<int> matched_atoms;
  thread_local std::vector<std::vector<int>> shard_atoms;
  thread_local std::vector<int> candidates;
  matched_atoms.clear();
  atoms_->Find(folded, &matched_atoms);
  if (shard_atoms.size() < shards_.size()) shard_atoms.resize(shards_.size());
  for (size_t t = 0; t < shards_.size(); ++t) shard_atoms[t].clear();
  for (int a : matched_atoms) {
    for (uint32_t r = atom_ref_begin_[static_cast<size_t>(a)]; r < atom_ref_begin_[static_cast<size_t>(a) + 1]; ++r)
      shard_atoms[static_cast<size_t>(atom_refs_[r].first)].push_back(atom_refs_[r].second);
  }
  re2::StringPiece text(folded.data(), folded.size());
  thread_local std::vector<uint32_t> word_starts;
  MessageFacts facts;  // found once a candidate needs them
  facts.word_starts = &word_starts;
  for (size_t t = 0; t < shards_.size(); ++t) {
    const Shard& shard = shards_[t];
    if (shard.filter->NumRegexps() == 0) continue;
    candidates.clear();
    shard.filter->AllPotentials(shard_atoms[t], &candidates);
    if (candidates.empty()) continue;
    std::sort(candidates.begin(), candidates.end());
    if (facts.digit_run < 0) FindFacts(folded, &facts);
    for (int fid : candidates) {
      Status st = ConfirmCandidate(shard.first_pattern + fid, text, facts, hits);
      if (!st.ok()) return st;
    }
  }
  return Status::Ok();
}

}  // namespace frontdesk
