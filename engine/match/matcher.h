// Matcher: finds which patterns match a folded message, in two stages.
//
// Stage 1 finds which of the gap-free literal atoms that RE2's own
// FilteredRE2 prefilter extracts from every pattern occur in the message
// (AtomIndex: a bitmap of their first bytes, then hashes; atom_index.h).
// The prefilter's AND/OR tree then names the candidate patterns. Stage 2
// confirms only those candidates. A candidate that needs more consecutive
// digits than the message has is dropped unscanned (pattern_shape.h). One
// whose syntax QuickPattern handles (most intent patterns) is decided
// without RE2, from the places its first literals occur (quick_pattern.h):
// RE2's DFA would build states for text it has not seen. RE2 runs only for
// the other patterns, and for the captures of a match where a pattern has
// named groups: where every match begins with known literals, anchored at
// each place the message holds one, leftmost first, so the first success is
// the match (and the captures) an unanchored search finds.
//
// Build compiles the patterns in shards on up to MatcherOptions::compile_threads
// threads: each shard is a FilteredRE2 of a contiguous range of patterns, and
// the atoms of all shards share the one stage-1 AtomIndex. A pattern QuickPattern
// decides, within the program size limit by QuickPattern::program_bound,
// gives the FilteredRE2 only a cheaper source with the same atoms and the
// same validity (PrefilterSource: syntax errors are still reported by Build);
// its own RE2 is built the first time a candidate needs it (captures, or a
// message QuickPattern does not support), once, whichever thread asks.
//
// Thread-safe after Build: Match is const and may run on many threads.
#ifndef FRONTDESK_ENGINE_MATCH_MATCHER_H_
#define FRONTDESK_ENGINE_MATCH_MATCHER_H_

#include <bitset>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/diagnostics.h"
#include "engine/match/atom_index.h"
#include "engine/match/pattern_shape.h"
#include "engine/match/quick_pattern.h"
#include "frontdesk/status.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

namespace frontdesk {

struct MatcherOptions {
  // Memory budget of each full pattern, in bytes. Default: 2 MiB.
  int64_t pattern_max_mem = int64_t{2} << 20;
  // A pattern whose compiled program has more instructions than this is
  // refused (it would be slow and large). Default: 20,000.
  int max_program_size = 20000;
  // Atoms shorter than this are not used for filtering; a pattern without a
  // long-enough atom is always a candidate. Default: 3.
  int min_atom_len = 3;
  // Threads that compile patterns at Build (independent patterns compile in
  // parallel; the result does not depend on it). 0: one per core, at most 4.
  // Packs under 512 patterns compile on the calling thread. Default: 0.
  int compile_threads = 0;
};

struct PatternInput {
  std::string pattern;  // RE2 source, already passed through FoldPattern
  SourceLoc loc;        // where it was written, for diagnostics
};

struct Capture {
  std::string name;
  size_t begin = 0;  // byte offsets into the folded text
  size_t end = 0;
};

struct PatternHit {
  int pattern = 0;                // index into the Build input
  size_t begin = 0, end = 0;      // the whole match, when captures were taken
  std::vector<Capture> captures;  // named groups that participated
};

class Matcher {
 public:
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Compiles all patterns. Each pattern RE2 rejects, or whose program is too
  // large, is reported at its SourceLoc; returns nullptr if any was.
  static std::unique_ptr<Matcher> Build(const std::vector<PatternInput>& patterns,
                                        const MatcherOptions& options, Diagnostics* diags);

  // Appends every pattern that matches `folded` to *hits, in pattern order.
  // Returns an error (never "no match") if RE2 fails, e.g. out of memory.
  Status Match(std::string_view folded, std::vector<PatternHit>* hits) const;

  size_t pattern_count() const { return patterns_.size(); }
  size_t atom_count() const { return atoms_ == nullptr ? 0 : atoms_->size(); }
  // Number of literal characters in pattern i (its specificity).
  int literal_chars(int i) const { return patterns_[static_cast<size_t>(i)].literal_chars; }
  // Counts literal characters in RE2 source: what conflict resolution calls
  // specificity. Character classes, escapes like \d and quantifiers count 0.
  static int CountLiteralChars(std::string_view pattern);

 private:
  Matcher();
  // A pattern's own RE2, built the first time a candidate needs it (its
  // FilteredRE2 then holds only the prefilter source, PrefilterSource).
  struct LazyRe2 {
    std::once_flag once;
    std::string source;
    std::unique_ptr<RE2> re;
  };
  // A start literal's first 8 bytes (zero past its end) and the mask of
  // those it has, compared with 8 bytes of the text in one step.
  struct PackedStart {
    uint64_t head = 0;
    uint64_t mask = 0;
    uint32_t size = 0;
    bool after_non_word = false;  // a \b before a literal that begins with a word byte
  };
  struct Compiled {
    int shard = -1;            // index into shards_; -1 when RE2 refused it
    int filtered_id = -1;      // id inside its shard's FilteredRE2
    std::unique_ptr<LazyRe2> lazy;  // null: the FilteredRE2's RE2 is the pattern's
    bool has_named_groups = false;
    int literal_chars = 0;
    PatternShape shape;
    // Decides whether it matches without RE2; null when its syntax is beyond
    // QuickPattern.
    std::unique_ptr<const QuickPattern> quick;
    std::bitset<256> first_bytes;  // first bytes of shape.starts
    // Every start literal begins with a word character after a \b: only the
    // message's word starts need a look.
    bool word_starts_only = false;
    // With many start literals: those beginning with byte b are
    // shape.starts[by_first_byte[b] .. by_first_byte[b + 1]). Else empty.
    std::vector<uint16_t> by_first_byte;
    // With many start literals: bit PairKey(b0, b1) for the first two bytes
    // of each, and the first byte of each one-byte literal. A word of the
    // message that shares its first byte with many literals ("t": tv,
    // tablet, television...) is mostly turned away by one test.
    std::unique_ptr<std::bitset<1024>> first_pairs;
    std::bitset<256> single_bytes;
    // shape.starts in the same order, packed for StartsAt: a pattern is a
    // candidate for few messages, so its literals are seldom in cache, and
    // 16 bytes a literal load in fewer lines than the strings.
    std::vector<PackedStart> packed_starts;
  };
  // What stage 2 needs to know of the message, found once for all candidates.
  struct MessageFacts {
    int digit_run = -1;  // longest run of ASCII digits; -1: not found yet
    bool quick_text = false;  // QuickPattern::Supports(text)
    // Offsets where a word begins, ascending.
    std::vector<uint32_t>* word_starts = nullptr;
  };
  static void FindFacts(std::string_view text, MessageFacts* facts);
  static void PrepareStarts(Compiled* c);
  // A FilteredRE2 over patterns [first_pattern, first_pattern + its size):
  // its ids are those patterns in order.
  struct Shard {
    std::unique_ptr<re2::FilteredRE2> filter;
    int first_pattern = 0;
    std::vector<std::string> atoms;  // as its Compile gave them (cleared after Build)
  };
  // Compiles patterns [begin, end) into *shard, writing compiled[i] and
  // errors[i] (empty when fine) of each.
  static void BuildShard(const std::vector<PatternInput>& patterns, size_t begin, size_t end,
                         const MatcherOptions& options, Shard* shard, std::vector<Compiled>* compiled,
                         std::vector<std::string>* errors);
  // One AtomIndex over the atoms of every shard; atom_refs_ maps its ids back.
  void BuildAtomIndex();
  // Whether re matches text, filling sub[0..n) as an unanchored search
  // would. at: the ascending offsets where every match must begin, or null.
  static bool RunRe2(const RE2& re, const re2::StringPiece& text, const std::vector<uint32_t>* at,
                     re2::StringPiece* sub, int n);
  // The offsets where one of c's start literals begins, ascending into *at.
  // REQUIRES: c.shape.starts is not empty.
  static void StartPlaces(const Compiled& c, std::string_view text, const MessageFacts& facts,
                          std::vector<uint32_t>* at);
  // True when one of c's start literals begins at byte p of text.
  static bool StartsAt(const Compiled& c, std::string_view text, size_t p);
  // Appends the hit of pattern `index` if it matches; an error only if its
  // RE2, built on first need, fails to build.
  Status ConfirmCandidate(int index, const re2::StringPiece& text, const MessageFacts& facts,
                          std::vector<PatternHit>* hits) const;
  // Pattern c's RE2: its FilteredRE2's, or its own built on first need.
  // Null if that build failed. Thread-safe.
  const RE2* PatternRe2(const Compiled& c) const;
  static RE2::Options PatternOptions(const MatcherOptions& options);
  // Compiles one pattern into *c and the shard's FilteredRE2; the error, or
  // "" when it is fine.
  static std::string AddPattern(const std::string& pattern, const MatcherOptions& options, Shard* shard,
                                Compiled* c);

  RE2::Options pattern_options_;
  std::vector<Compiled> patterns_;
  std::vector<Shard> shards_;
  std::unique_ptr<AtomIndex> atoms_;
  // Index atom id a -> (shard, atom id in that shard) pairs
  // atom_refs_[atom_ref_begin_[a] .. atom_ref_begin_[a + 1]).
  std::vector<uint32_t> atom_ref_begin_;
  std::vector<std::pair<int, int>> atom_refs_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_MATCHER_H_
