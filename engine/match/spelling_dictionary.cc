#include "engine/match/spelling_dictionary.h"

#include <hunspell.hxx>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>

#include "engine/text/text.h"

namespace frontdesk {
namespace {

// The first line of a .dic file is its entry count.
bool StartsWithCount(std::ifstream& dic, std::string* line) {
  return std::getline(dic, *line) && !line->empty() &&
         line->find_first_not_of("0123456789 \t\r") == std::string::npos;
}

}  // namespace

SpellingDictionary::SpellingDictionary() = default;
SpellingDictionary::~SpellingDictionary() = default;

Status SpellingDictionary::Open(const std::string& base, std::unique_ptr<SpellingDictionary>* out) {
  const std::string dic = base + ".dic";
  std::ifstream words(dic);
  if (!words || !std::ifstream(base + ".aff"))
    return Status::NotFound("no Hunspell dictionary " + base + ".{aff,dic}");
  std::string line;
  if (!StartsWithCount(words, &line))
    return Status::InvalidArgument(dic + ": the first line is not an entry count");
  std::unique_ptr<SpellingDictionary> d(new SpellingDictionary());
  d->base_ = base;
  *out = std::move(d);
  return Status::Ok();
}

void SpellingDictionary::ReadWords() const {
  std::call_once(read_once_, [this] {
    if (base_.empty()) return;
    const std::string aff = base_ + ".aff", dic = base_ + ".dic";
    std::ifstream words(dic);
    std::string line;
    if (!StartsWithCount(words, &line)) return;  // changed since Open: knows nothing
    // Each entry is WORD[/FLAGS].
    while (std::getline(words, line)) {
      size_t end = line.find_first_of("/\t\r");
      if (end == 0 || line.empty()) continue;
      std::string word = line.substr(0, end);
      // Most entries are plain ASCII: lower-casing is their whole folding.
      bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return (c & 0x80) == 0; });
      if (!ascii) {
        folded_.insert(Fold(word));
        continue;
      }
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      folded_.insert(std::move(word));
    }
    MutexLock lock(&mu_);
    hunspell_ = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
  });
}

Status SpellingDictionary::Shared(const std::string& base,
                                  std::shared_ptr<const SpellingDictionary>* out) {
  static Mutex mu;
  static std::map<std::string, std::shared_ptr<const SpellingDictionary>> opened;
  MutexLock lock(&mu);
  if (auto it = opened.find(base); it != opened.end()) {
    *out = it->second;
    return Status::Ok();
  }
  std::unique_ptr<SpellingDictionary> d;
  Status s = Open(base, &d);
  if (!s.ok()) return s;
  *out = opened[base] = std::move(d);
  return Status::Ok();
}

std::unique_ptr<SpellingDictionary> SpellingDictionary::FromWords(const std::vector<std::string>& words) {
  std::unique_ptr<SpellingDictionary> d(new SpellingDictionary());
  for (const auto& w : words) d->folded_.insert(Fold(w));
  return d;
}

size_t SpellingDictionary::size() const {
  ReadWords();
  return folded_.size();
}

bool SpellingDictionary::KnowsAsWritten(std::string_view folded_word) const {
  ReadWords();
  std::string word(folded_word);
  if (folded_.count(word)) return true;
  MutexLock lock(&mu_);
  return hunspell_ && hunspell_->spell(word);
}

bool SpellingDictionary::KnowsWithOneMark(std::string_view folded_word) const {
  // A word Hunspell derives through its affix rules ("información" from
  // "informar") is not among the folded entries: put back an acute accent,
  // a tilde on n or a diaeresis on u, one at a time, and ask again.
  static const std::map<char, std::vector<const char*>> kMarks = {
      {'a', {"á"}}, {'e', {"é"}}, {'i', {"í"}}, {'o', {"ó"}}, {'u', {"ú", "ü"}}, {'n', {"ñ"}}};
  ReadWords();
  std::string word(folded_word);
  MutexLock lock(&mu_);
  if (!hunspell_) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    auto it = kMarks.find(word[i]);
    if (it == kMarks.end()) continue;
    for (const char* marked : it->second)
      if (hunspell_->spell(word.substr(0, i) + marked + word.substr(i + 1))) return true;
  }
  return false;
}

}  // namespace frontdesk
