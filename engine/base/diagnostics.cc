#include "engine/base/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace frontdesk {

std::string SourceLoc::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::string SourceLoc::FileLine() const { return file + ":" + std::to_string(line); }

std::string Diagnostic::ToString() const { return loc.ToString() + ": error: " + message; }

void Diagnostics::Error(const SourceLoc& loc, std::string message) {
  errors_.push_back({loc, std::move(message)});
}

std::string Diagnostics::ToString() const {
  std::vector<Diagnostic> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
  std::string out;
  for (const auto& d : sorted) out += d.ToString() + "\n";
  return out;
}

}  // namespace frontdesk
