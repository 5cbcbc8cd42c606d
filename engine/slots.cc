#include "engine/slots.h"

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

bool FindSlot(const CompiledPack& pack, const std::string& slot, const FoldedText& text,
              std::string* value) {
  const re2::RE2* re = pack.SlotPattern(slot);
  if (re == nullptr) return false;
  re2::StringPiece input(text.folded), match;
  if (!re->Match(input, 0, input.size(), RE2::UNANCHORED, &match, 1)) return false;
  size_t b = static_cast<size_t>(match.data() - input.data());
  auto it = pack.defs().slots.find(slot);
  *value = SlotValue(text, b, b + match.size(), it->second.transform);
  return !value->empty();
}

std::map<std::string, std::string> ExtractSlots(const CompiledPack& pack, const IntentMatch& m,
                                                const FoldedText& text) {
  std::map<std::string, std::string> slots;
  for (const auto& c : m.captures) {
    auto it = pack.defs().slots.find(c.name);
    std::string transform = it == pack.defs().slots.end() ? "none" : it->second.transform;
    slots[c.name] = SlotValue(text, c.begin, c.end, transform);
  }
  for (const auto& s : pack.intent(m.intent).slots) {
    std::string v;
    if (!slots.count(s) && FindSlot(pack, s, text, &v)) slots[s] = v;
  }
  return slots;
}

}  // namespace frontdesk
