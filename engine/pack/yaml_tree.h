// YamlTree: a YAML document read into a small tree whose every node keeps its
// FILE:LINE:COL, with the traps of yaml-cpp 0.7 closed:
//  - duplicate keys are reported (yaml-cpp silently keeps the first);
//  - marks are 0-based in yaml-cpp; SourceLoc is 1-based;
//  - aliases are refused (a 529-byte alias chain expands to 67M nodes);
//  - file size, nesting depth and node count are bounded;
//  - for every scalar we record whether it spans more than one source line, so
//    the pack loader can refuse a pattern or id swallowed by an unterminated
//    quote.
#ifndef FRONTDESK_ENGINE_PACK_YAML_TREE_H_
#define FRONTDESK_ENGINE_PACK_YAML_TREE_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/diagnostics.h"

namespace frontdesk {

struct YamlEntry;

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  SourceLoc loc;
  std::string scalar;        // kScalar only: the value
  bool quoted = false;       // kScalar: was written in ' or " quotes
  bool spans_lines = false;  // kScalar: its source text runs past the line it starts on
  std::vector<YamlNode> items;                             // kSequence
  std::vector<YamlEntry> entries;                          // kMap, in source order

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // kMap: the value for a scalar key, or nullptr.
  const YamlNode* Find(const std::string& key) const;
  // Human name of the kind for messages: "a map", "a list", "a string", "null".
  const char* KindName() const;
};

// One key: value of a map. A struct rather than std::pair: a pair of an
// incomplete type inside YamlNode compiles with GCC but not with Clang.
struct YamlEntry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

struct YamlLimits {
  size_t max_file_bytes = 4 << 20;  // bytes per file. Default: 4 MiB
  int max_depth = 64;               // nesting of maps/lists. Default: 64
  size_t max_nodes = 1000000;       // nodes per file. Default: 1,000,000
};

// Parses `content` (the text of `file`) into *root. Problems go to *diags as
// FILE:LINE:COL errors; returns false when the tree could not be built at all
// (syntax error, limit exceeded), true otherwise (duplicate keys are reported
// but the tree is still returned, keeping the first value). An empty document
// gives a kNull root. More than one document in a file is an error.
// Never throws.
bool ParseYaml(const std::string& file, const std::string& content, const YamlLimits& limits,
               YamlNode* root, Diagnostics* diags);

// Reads `path` (refusing files over limits.max_file_bytes) and parses it.
// `display_name` is the name used in locations (usually the path as given).
bool ParseYamlFile(const std::string& path, const std::string& display_name,
                   const YamlLimits& limits, YamlNode* root, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_YAML_TREE_H_
