#include "engine/match/concepts.h"

#include <re2/re2.h>

#include <algorithm>

namespace frontdesk {
namespace {

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

std::string Alternation(std::vector<std::string> words) {
  // Longest first, so that "don hang" is tried before "don".
  std::stable_sort(words.begin(), words.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out = "(?:";
  for (size_t i = 0; i < words.size(); ++i) out += (i ? "|" : "") + RE2::QuoteMeta(words[i]);
  return out + ")";
}

void AddOnce(std::vector<std::string>* list, const std::string& name) {
  if (std::find(list->begin(), list->end(), name) == list->end()) list->push_back(name);
}

}  // namespace

bool IsConceptName(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

ConceptExpansion ExpandConcepts(std::string_view pattern, const ConceptWords& concepts) {
  ConceptExpansion e;
  for (size_t i = 0; i < pattern.size();) {
    // An escaped byte is copied with its backslash: "\{" is a literal brace.
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      e.pattern.append(pattern.substr(i, 2));
      i += 2;
      continue;
    }
    size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string_view::npos;
    std::string_view name = close == std::string_view::npos ? "" : pattern.substr(i + 1, close - i - 1);
    if (!IsConceptName(name)) {
      e.pattern += pattern[i++];
      continue;
    }
    auto it = concepts.find(std::string(name));
    if (it == concepts.end()) {
      AddOnce(&e.unknown, std::string(name));
      e.pattern.append(pattern.substr(i, close - i + 1));
    } else {
      AddOnce(&e.used, it->first);
      e.pattern += Alternation(it->second);
    }
    i = close + 1;
  }
  return e;
}

std::string ConceptWordIn(std::string_view folded, const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (w.empty()) continue;
    for (size_t pos = folded.find(w); pos != std::string_view::npos; pos = folded.find(w, pos + 1)) {
      bool start = pos == 0 || !IsWordByte(folded[pos - 1]);
      size_t end = pos + w.size();
      bool stop = end == folded.size() || !IsWordByte(folded[end]);
      if (start && stop) return w;
    }
  }
  return "";
}

}  // namespace frontdesk
