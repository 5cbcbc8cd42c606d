#include "engine/decide/slots.h"

#include <re2/re2.h>

#include <cctype>

namespace frontdesk {

std::string SlotValue(const FoldedText& text, size_t begin, size_t end, const std::string& transform) {
  size_t b = text.origin[begin];
  size_t e = text.origin[end];
  std::string v = text.original.substr(b, e - b);
  if (transform == "upper" || transform == "compact") {
    for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (transform == "lower") {
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (transform == "digits" || transform == "compact") {
    std::string kept;
    for (char c : v) {
      bool digit = c >= '0' && c <= '9';
      bool drop = transform == "digits" ? !digit : (c == ' ' || c == '-' || c == '#' || c == '.');
      if (!drop) kept += c;
    }
    v = kept;
  }
  return v;
}

namespace {

bool Overlaps(const SlotSpans& spans, size_t b, size_t e) {
  for (const auto& [sb, se] : spans)
    if (b < se && sb < e) return true;
  return false;
}

}  // namespace

bool FindSlot(const CompiledPack& pack, const std::string& slot, const FoldedText& text,
              std::string* value, SlotSpans* taken) {
  const re2::RE2* re = pack.SlotPattern(slot);
  if (re == nullptr) return false;
  re2::StringPiece input(text.folded), match;
  size_t pos = 0;
  while (pos <= input.size() && re->Match(input, pos, input.size(), RE2::UNANCHORED, &match, 1)) {
    size_t b = static_cast<size_t>(match.data() - input.data());
    size_t e = b + match.size();
    if (taken != nullptr && Overlaps(*taken, b, e)) {
      // Search again from the next character (Match keeps \b context).
      pos = b + 1;
      while (pos < input.size() && (static_cast<unsigned char>(input[pos]) & 0xC0) == 0x80) ++pos;
      continue;
    }
    auto it = pack.defs().slots.find(slot);
    *value = SlotValue(text, b, e, it->second.transform);
    if (value->empty()) return false;
    if (taken != nullptr) taken->emplace_back(b, e);
    return true;
  }
  return false;
}

std::map<std::string, std::string> ExtractSlots(const CompiledPack& pack, const IntentMatch& m,
                                                const FoldedText& text) {
  std::map<std::string, std::string> slots;
  SlotSpans taken;
  for (const auto& c : m.captures) {
    auto it = pack.defs().slots.find(c.name);
    std::string transform = it == pack.defs().slots.end() ? "none" : it->second.transform;
    slots[c.name] = SlotValue(text, c.begin, c.end, transform);
    taken.emplace_back(c.begin, c.end);
  }
  for (const auto& s : pack.intent(m.intent).slots) {
    std::string v;
    if (!slots.count(s) && FindSlot(pack, s, text, &v, &taken)) slots[s] = v;
  }
  return slots;
}

}  // namespace frontdesk
