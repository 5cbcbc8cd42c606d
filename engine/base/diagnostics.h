// Source locations and the diagnostics that `frontdesk check` prints.
#ifndef FRONTDESK_ENGINE_BASE_DIAGNOSTICS_H_
#define FRONTDESK_ENGINE_BASE_DIAGNOSTICS_H_

#include <string>
#include <vector>

namespace frontdesk {

// A place in a YAML file. Line and column are 1-based (yaml-cpp's marks are
// 0-based; the YAML reader converts them).
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
  std::string ToString() const;  // FILE:LINE:COL
  std::string FileLine() const;  // FILE:LINE (the trace's "source")
};

struct Diagnostic {
  SourceLoc loc;
  std::string message;
  std::string ToString() const;  // FILE:LINE:COL: error: MESSAGE
};

// Collects every problem found, so that one run reports them all.
class Diagnostics {
 public:
  void Error(const SourceLoc& loc, std::string message);
  bool ok() const { return errors_.empty(); }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  // All errors, one per line, sorted by file, line, column.
  std::string ToString() const;

 private:
  std::vector<Diagnostic> errors_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_BASE_DIAGNOSTICS_H_
