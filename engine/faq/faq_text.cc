#include "engine/faq/faq_text.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>

#include <utf8proc.h>

#include "engine/text/text.h"

namespace frontdesk {
namespace {

bool IsTokenByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Letters, marks and digits of any script make words; punctuation and
// symbols do not.
bool IsWordCodepoint(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "shipp" -> "ship": the doubled consonant left behind by -ing / -ed.
void Undouble(std::string* s) {
  size_t n = s->size();
  if (n >= 3 && (*s)[n - 1] == (*s)[n - 2] && !IsVowel((*s)[n - 1]) && (*s)[n - 1] != 'l' &&
      (*s)[n - 1] != 's' && (*s)[n - 1] != 'z')
    s->pop_back();
}

// Words that carry no topic. Folded, so Vietnamese is written without marks.
// A word in one language's list is dropped in all: the lists were checked
// against each other so that no topic word of another language is lost
// ("bao" stays: bảo hành; "don" stays: đơn hàng; "long" stays: how long).
const std::unordered_set<std::string_view>& Stopwords() {
  static const std::unordered_set<std::string_view> kWords = {
      // en
      "the", "an", "i", "im", "me", "my", "mine", "we", "us", "our", "you", "your", "yours", "ya",
      "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those", "is",
      "am", "are", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "have",
      "has", "had", "can", "could", "will", "would", "shall", "should", "may", "might", "must",
      "to", "of", "in", "on", "at", "by", "for", "from", "with", "about", "into", "as", "and",
      "or", "but", "if", "so", "than", "then", "there", "here", "what", "whats", "which", "who",
      "whom", "whose", "when", "where", "how", "why", "any", "some", "please", "pls", "plz", "hi",
      "hello", "hey", "dear", "thanks", "thank", "thx", "ok", "okay", "yes", "just",
      "also", "too", "very", "really", "get", "got", "know", "tell", "want", "wanted", "like",
      "need", "question", "ask", "wondering", "wonder", "help", "possible", "still", "now",
      "regards", "all", "much", "many", "again", "ll", "ve", "re", "lot", "guys", "anyone",
      "someone", "something", "let", "shop", "until", "after", "before", "instead", "gets",
      "getting", "way", "ever", "even", "since",
      // vi (folded)
      "toi", "tui", "minh", "ban", "anh", "chi", "em", "ad", "admin", "oi", "ah", "ak", "ha",
      "nhe", "nha", "nhi", "vay", "nao", "gi", "la", "co", "khong", "ko", "hok", "kg", "duoc",
      "dc", "cua", "cho", "voi", "va", "thi", "ma", "nay", "kia", "ay", "sao", "lam", "hoi",
      "xin", "vui", "giup", "cam", "muon", "gio", "biet", "ra", "roi", "di", "len", "vao", "dau",
      "de", "ve", "khi", "neu", "nen", "phai", "nhu", "cac", "nhung", "mot", "rat", "qua",
      "hay", "hoac", "bi", "se", "da", "bang", "nhieu", "con", "ne", "vang", "dung", "chao",
      "cai", "nguoi", "nhiu", "hem",
      // es (folded)
      "el", "los", "las", "un", "una", "unos", "unas", "lo", "le", "les", "del", "al", "en",
      "que", "como", "cuando", "donde", "cual", "cuales", "quien", "cuanto", "cuanta",
      "cuantos", "cuantas", "por", "para", "sin", "sobre", "es", "son", "esta", "estan",
      "estoy", "ser", "hay", "tengo", "tiene", "tienen", "tienes", "puedo", "puede", "pueden",
      "puedes", "podria", "podrian", "quiero", "quisiera", "queria", "saber", "necesito", "mi",
      "mis", "te", "tu", "tus", "su", "sus", "nos", "nuestro", "nuestra", "usted", "ustedes",
      "yo", "si", "hola", "buenas", "buenos", "gracias", "favor", "porfa", "muy", "mas", "ya",
      "este", "esto", "ese", "eso", "hacen", "hace", "hacer", "hago", "ayuda", "ayudar",
      "pregunta", "alguna", "algun", "alguno", "tambien", "pero", "entonces", "aqui", "bien",
      "vale", "oye", "os", "ustedes", "hay", "ser", "estar", "tener", "cual"};
  return kWords;
}

// Two-word formulas whose second word alone would be a topic word.
bool IsStopPair(std::string_view a, std::string_view b) {
  static const std::array<std::pair<std::string_view, std::string_view>, 4> kPairs = {{
      {"vui", "long"}, {"lam", "on"}, {"cam", "on"}, {"xin", "loi"}}};
  return std::any_of(kPairs.begin(), kPairs.end(),
                     [&](const auto& p) { return p.first == a && p.second == b; });
}

}  // namespace

std::vector<std::string> FaqTokens(std::string_view folded, size_t max_tokens) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty() && out.size() < max_tokens) out.push_back(std::move(current));
    current.clear();
  };
  size_t i = 0;
  while (i < folded.size() && out.size() < max_tokens) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) {
      if (IsTokenByte(c)) current += static_cast<char>(c);
      else flush();
      ++i;
      continue;
    }
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(folded.data() + i),
                                          static_cast<utf8proc_ssize_t>(folded.size() - i), &cp);
    size_t len = n > 0 ? static_cast<size_t>(n) : 1;
    if (n > 0 && IsWordCodepoint(cp)) current.append(folded.substr(i, len));
    else flush();  // ¿ ¡ « » “ ” – … and invalid bytes separate words
    i += len;
  }
  flush();
  return out;
}

bool IsFaqStopword(std::string_view token) {
  return token.size() < 2 || Stopwords().count(token) > 0;
}

std::string FaqStem(std::string_view token) {
  std::string s(token);
  if (s.size() < 4 || std::any_of(s.begin(), s.end(), [](char c) { return c & 0x80; })) return s;
  // Plurals, English -ing / -ed.
  if (EndsWith(s, "ciones") || EndsWith(s, "siones")) {
    s.resize(s.size() - 2);
  } else if (s.size() >= 5 && EndsWith(s, "ies")) {
    s.resize(s.size() - 3);
    s += 'y';
  } else if (s.size() >= 6 && EndsWith(s, "ing")) {
    s.resize(s.size() - 3);
    Undouble(&s);
  } else if (s.size() >= 6 && EndsWith(s, "ed")) {
    s.resize(s.size() - 2);
    Undouble(&s);
  } else if (s.size() >= 6 && EndsWith(s, "es") && !IsVowel(s[s.size() - 3])) {
    s.resize(s.size() - 2);
  } else if (EndsWith(s, "s") && !EndsWith(s, "ss") && !EndsWith(s, "us") && !EndsWith(s, "is")) {
    s.pop_back();
  }
  if (s.size() >= 6 && EndsWith(s, "ery")) s.pop_back();  // delivery -> deliver -> deliv
  // Spanish verb endings (pagar/pagan/pago, llegar/llega) and English -er.
  // No Vietnamese syllable ends in r; the 5-letter ones ending in -an/-en
  // (huyen, khoan) would collide with huy, kho, so -an/-en needs 6 letters.
  if (s.size() >= 5 && (EndsWith(s, "ar") || EndsWith(s, "er") || EndsWith(s, "ir"))) {
    s.resize(s.size() - 2);
  } else if (s.size() >= 6 && (EndsWith(s, "an") || EndsWith(s, "en"))) {
    s.resize(s.size() - 2);
  } else if (s.size() >= 5 && (s.back() == 'e' || s.back() == 'a' || s.back() == 'o')) {
    s.pop_back();  // price/prices, viejo/vieja, envio/envios
  }
  return s;
}

bool IsFaqGenericTerm(std::string_view term) {
  static const std::unordered_set<std::string> kStems = [] {
    const char* words[] = {
        // en
        "order", "item", "product", "purchase", "buy", "bought", "thing", "stuff", "package",
        "laptop", "phone", "tv", "fridge", "washing", "machine", "tablet", "computer",
        "appliance", "iphone", "samsung", "website", "site", "online", "week", "not", "no", "yet",
        // vi
        "don", "hang", "san", "pham", "mua", "may", "dien", "thoai", "tu", "lanh", "giat",
        "tivi", "web", "website", "online", "tuan", "chua",
        // es
        "pedido", "producto", "articulo", "compra", "comprar", "compre", "paquete", "cosa",
        "movil", "portatil", "nevera", "lavadora", "television", "tele", "pagina", "semana", "todavia"};
    std::unordered_set<std::string> out;
    for (const char* w : words) out.insert(FaqStem(w));
    return out;
  }();
  if (std::all_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  return kStems.count(std::string(term)) > 0;
}

std::vector<std::string> FaqTerms(std::string_view text, size_t max_tokens) {
  std::string folded = Fold(text);
  std::vector<std::string> tokens = FaqTokens(folded, max_tokens);
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    bool next_t = i + 1 < tokens.size() && tokens[i + 1] == "t";
    if (next_t && t.size() > 2 && t.back() == 'n') {  // don't, hasn't, can't: keep the "not"
      out.push_back("not");
      ++i;
      continue;
    }
    if (i + 1 < tokens.size() && IsStopPair(t, tokens[i + 1])) {
      ++i;
      continue;
    }
    if (IsFaqStopword(t)) continue;
    out.push_back(FaqStem(t));
  }
  return out;
}

}  // namespace frontdesk
