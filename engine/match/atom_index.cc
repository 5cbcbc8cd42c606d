#include "engine/match/atom_index.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace frontdesk {
namespace {

// FNV-1a, one byte at a time: the hash of a text's next L bytes is built
// while L grows, so each length the group has costs one probe, not a rehash.
constexpr uint64_t kHashBasis = 0xcbf29ce484222325ULL;
constexpr uint64_t kHashPrime = 0x100000001b3ULL;

uint64_t HashStep(uint64_t h, char c) { return (h ^ static_cast<unsigned char>(c)) * kHashPrime; }

uint64_t LengthBit(size_t len) { return uint64_t{1} << std::min<size_t>(len, 63); }

size_t TableSize(size_t entries) { return std::bit_ceil(std::max<size_t>(entries * 2, 16)); }

}  // namespace

uint32_t AtomIndex::PrefixOf(const char* p) {
  // The high bit marks a used slot: no prefix is 0.
  return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[2])) << 16 | uint32_t{1} << 31;
}

size_t AtomIndex::FilterKey(uint32_t prefix) {
  size_t key = 0;
  for (int i = 0; i < static_cast<int>(kPrefix); ++i) key = key << kFilterBitsPerByte ^ (prefix >> (8 * i) & kFilterByteMask);
  return key;
}

size_t AtomIndex::Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return static_cast<size_t>(h);
}

AtomIndex::AtomIndex(std::vector<std::string> atoms) : atoms_(std::move(atoms)) {
  prefix_bits_.assign((size_t{1} << (kFilterBitsPerByte * kPrefix)) / 64, 0);
  groups_.resize(TableSize(atoms_.size()));
  slots_.resize(TableSize(atoms_.size()));
  size_t long_prefixes = 0;
  for (const std::string& a : atoms_) long_prefixes += a.size() > kPrefix ? a.size() - kPrefix : 0;
  // About one bit in 8 set: a text that leaves every atom after its first
  // kPrefix + k bytes stops being hashed there, but for one time in 8.
  size_t walk_bits = std::bit_ceil(std::max<size_t>(long_prefixes * 8, 4096));
  walk_bits_.assign(walk_bits / 64, 0);
  walk_mask_ = walk_bits - 1;
  for (size_t id = 0; id < atoms_.size(); ++id) {
    const std::string& a = atoms_[id];
    if (a.empty()) continue;
    if (a.size() < kPrefix) {
      short_atoms_.push_back(static_cast<int>(id));
      continue;
    }
    uint32_t prefix = PrefixOf(a.data());
    AddToGroups(prefix, a.size());
    uint64_t h = kHashBasis;
    for (size_t len = 1; len <= a.size(); ++len) {
      h = HashStep(h, a[len - 1]);
      if (len <= kPrefix) continue;
      size_t b = Mix(h) & walk_mask_;
      walk_bits_[b / 64] |= uint64_t{1} << (b % 64);
    }
    size_t mask = slots_.size() - 1;
    size_t i = Mix(h) & mask;
    while (slots_[i].id >= 0) i = (i + 1) & mask;
    slots_[i] = {h, static_cast<int32_t>(id)};
  }
  for (const Group& g : groups_) {
    if (g.prefix == 0) continue;
    size_t key = FilterKey(g.prefix);
    prefix_bits_[key / 64] |= uint64_t{1} << (key % 64);
  }
}

const AtomIndex::Group* AtomIndex::FindGroup(uint32_t prefix) const {
  size_t mask = groups_.size() - 1;
  for (size_t i = Mix(prefix) & mask;; i = (i + 1) & mask) {
    if (groups_[i].prefix == prefix) return &groups_[i];
    if (groups_[i].prefix == 0) return nullptr;
  }
}

void AtomIndex::AddToGroups(uint32_t prefix, size_t len) {
  size_t mask = groups_.size() - 1;
  size_t i = Mix(prefix) & mask;
  while (groups_[i].prefix != 0 && groups_[i].prefix != prefix) i = (i + 1) & mask;
  Group& g = groups_[i];
  g.prefix = prefix;
  g.max_len = std::max(g.max_len, static_cast<uint32_t>(len));
  g.lengths |= LengthBit(len);
}

void AtomIndex::FindAt(std::string_view text, size_t pos, const Group& g, std::vector<int>* found) const {
  size_t longest = std::min<size_t>(g.max_len, text.size() - pos);
  size_t mask = slots_.size() - 1;
  uint64_t h = kHashBasis;
  for (size_t len = 1; len <= longest; ++len) {
    h = HashStep(h, text[pos + len - 1]);
    if (len > kPrefix) {
      // No atom begins with these len bytes: none is longer either.
      size_t b = Mix(h) & walk_mask_;
      if ((walk_bits_[b / 64] >> (b % 64) & 1) == 0) return;
    }
    if (len < kPrefix || (g.lengths & LengthBit(len)) == 0) continue;
    for (size_t i = Mix(h) & mask; slots_[i].id >= 0; i = (i + 1) & mask) {
      if (slots_[i].hash != h) continue;
      const std::string& a = atoms_[static_cast<size_t>(slots_[i].id)];
      if (a.size() == len && std::memcmp(a.data(), text.data() + pos, len) == 0) found->push_back(slots_[i].id);
    }
  }
}

void AtomIndex::Find(std::string_view text, std::vector<int>* found) const {
  size_t first = found->size();
  for (int id : short_atoms_)
    if (text.find(atoms_[static_cast<size_t>(id)]) != std::string_view::npos) found->push_back(id);
  // The filter key of the kPrefix bytes ending at i, rolled one byte at a
  // time: the low bits of each byte, so a letter, digit or space costs a
  // shift and an xor before the bitmap test.
  constexpr size_t kKeyMask = (size_t{1} << (kFilterBitsPerByte * kPrefix)) - 1;
  size_t key = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    key = (key << kFilterBitsPerByte ^ (static_cast<unsigned char>(text[i]) & kFilterByteMask)) & kKeyMask;
    if (i + 1 < kPrefix || (prefix_bits_[key / 64] >> (key % 64) & 1) == 0) continue;
    size_t pos = i + 1 - kPrefix;
    if (const Group* g = FindGroup(PrefixOf(text.data() + pos))) FindAt(text, pos, *g, found);
  }
  std::sort(found->begin() + static_cast<std::ptrdiff_t>(first), found->end());
  found->erase(std::unique(found->begin() + static_cast<std::ptrdiff_t>(first), found->end()), found->end());
}

}  // namespace frontdesk
