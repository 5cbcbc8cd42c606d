// AtomIndex: finds which of a fixed set of literal strings (the prefilter's
// atoms) occur in a text, anywhere, as byte substrings.
//
// It is stage 1 of the Matcher. An RE2::Set over the quoted atoms did the
// same with one DFA walk, but that walk costs a few nanoseconds for every
// byte of every message, and it was half of the matcher's time on a small
// pack. Here most bytes cost one probe of a small bitmap: the atoms are
// grouped by their first kPrefix bytes, a bitmap (4 KiB, warm in cache)
// says which prefixes some atom may have, and only where a text holds such a
// prefix are its next bytes hashed, length by length, against the atoms of
// that group that have that length.
//
// Atoms shorter than kPrefix bytes are compared at every offset; the Matcher
// gives none (its atoms are at least MatcherOptions::min_atom_len = 3 long).
//
// Thread-safe after construction: Find is const and allocates only when
// *found must grow.
#ifndef FRONTDESK_ENGINE_MATCH_ATOM_INDEX_H_
#define FRONTDESK_ENGINE_MATCH_ATOM_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk {

class AtomIndex {
 public:
  // The atoms, each given its index in the vector as id; an empty string is
  // never found. Duplicates are allowed (each id is reported).
  explicit AtomIndex(std::vector<std::string> atoms);

  // Appends to *found the id of every atom that occurs in text, each once,
  // ascending.
  void Find(std::string_view text, std::vector<int>* found) const;

  size_t size() const { return atoms_.size(); }

 private:
  static constexpr size_t kPrefix = 3;
  // The prefix bitmap is indexed by the low kFilterBitsPerByte bits of each
  // of the kPrefix bytes (4 KiB): lower-case letters keep all they differ in.
  static constexpr size_t kFilterBitsPerByte = 5;
  static constexpr size_t kFilterByteMask = (size_t{1} << kFilterBitsPerByte) - 1;
  // The atoms that begin with one kPrefix-byte prefix: which lengths they
  // have (bit L for length L; bit 63 for 63 and longer) and the longest.
  struct Group {
    uint32_t prefix = 0;  // the kPrefix bytes, first byte lowest; 0: empty slot
    uint32_t max_len = 0;
    uint64_t lengths = 0;
  };
  // An atom, found by the hash of all its bytes.
  struct Slot {
    uint64_t hash = 0;
    int32_t id = -1;  // -1: empty slot
  };

  static uint32_t PrefixOf(const char* p);
  // The prefix bitmap's bit for a prefix (as PrefixOf gives it).
  static size_t FilterKey(uint32_t prefix);
  static size_t Mix(uint64_t h);
  const Group* FindGroup(uint32_t prefix) const;
  void AddToGroups(uint32_t prefix, size_t len);
  // Appends the ids of the atoms that equal text[pos, pos + len) for each
  // length the group has, hashing the bytes once.
  void FindAt(std::string_view text, size_t pos, const Group& g, std::vector<int>* found) const;

  std::vector<std::string> atoms_;
  std::vector<uint64_t> prefix_bits_;  // bit FilterKey(prefix) of every group
  std::vector<Group> groups_;  // open addressing, a power of two
  std::vector<Slot> slots_;    // open addressing, a power of two
  // Bit Mix(hash of an atom's first L bytes) & walk_mask_ for every atom and
  // every L > kPrefix: where a text's bytes leave every atom, FindAt stops.
  std::vector<uint64_t> walk_bits_;
  size_t walk_mask_ = 0;
  std::vector<int> short_atoms_;  // ids of non-empty atoms shorter than kPrefix
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_MATCH_ATOM_INDEX_H_
