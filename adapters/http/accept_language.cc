#include "adapters/http/accept_language.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace frontdesk {
namespace {

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The weight of one range ("en;q=0.8" -> 0.8); 1 without q, -1 if bad.
double Weight(std::string_view params) {
  for (size_t at = 0; at < params.size();) {
    size_t end = std::min(params.find(';', at), params.size());
    std::string_view p = Trimmed(params.substr(at, end - at));
    at = end + 1;
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    std::string value(p.substr(2, 5));  // "0.xyz" at most
    char* stop = nullptr;
    double q = std::strtod(value.c_str(), &stop);
    if (stop == value.c_str() || q < 0 || q > 1) return -1;
    return q;
  }
  return 1;
}

}  // namespace

std::string PreferredLanguage(std::string_view header, const std::vector<std::string>& supported) {
  std::string best;
  double best_q = 0;
  size_t ranges = 0;
  for (size_t at = 0; at < header.size() && ranges < 32; ++ranges) {  // a sane header has a few
    size_t end = std::min(header.find(',', at), header.size());
    std::string_view item = Trimmed(header.substr(at, end - at));
    at = end + 1;
    size_t semi = item.find(';');
    std::string_view range = Trimmed(item.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : Weight(item.substr(semi + 1));
    std::string primary(range.substr(0, range.find('-')));
    std::transform(primary.begin(), primary.end(), primary.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string& lang : supported) {
      if ((primary == lang || primary == "*") && q > best_q) {
        best = lang;
        best_q = q;
        break;  // "*": the first we have; a tag names one language
      }
    }
  }
  return best;
}

}  // namespace frontdesk
