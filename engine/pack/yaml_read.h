// Typed, checked access to YamlNode maps: every read reports a wrong type or
// an unknown key as a FILE:LINE:COL diagnostic, so that loaders stay short
// and a typo never passes silently.
#ifndef FRONTDESK_ENGINE_PACK_YAML_READ_H_
#define FRONTDESK_ENGINE_PACK_YAML_READ_H_

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "engine/base/diagnostics.h"
#include "engine/pack/yaml_tree.h"

namespace frontdesk {

class MapReader {
 public:
  // Reports an error if `node` is not a map, and one per key not in `allowed`.
  // `what` names the thing for messages ("intent", "rule").
  MapReader(const YamlNode& node, std::string what, Diagnostics* diags,
            std::initializer_list<const char*> allowed);

  bool valid() const { return valid_; }
  const YamlNode& node() const { return node_; }
  const YamlNode* Get(const std::string& key) const;
  bool Has(const std::string& key) const { return Get(key) != nullptr; }

  // Each returns false (after reporting) on a wrong type, or when `required`
  // and absent; a missing optional key leaves *out unchanged and returns true.
  // `one_line` refuses a scalar whose source spans lines (unterminated quote).
  bool String(const std::string& key, std::string* out, bool required = false,
              bool one_line = false) const;
  bool Int(const std::string& key, int* out) const;
  // A decimal number such as 0.5 or 3.
  bool Double(const std::string& key, double* out) const;
  bool Bool(const std::string& key, bool* out) const;
  // A scalar or a list of scalars.
  bool StringList(const std::string& key, std::vector<std::string>* out) const;
  // A map of scalar -> scalar.
  bool StringMap(const std::string& key, std::map<std::string, std::string>* out) const;

 private:
  const YamlNode& node_;
  std::string what_;
  Diagnostics* diags_;
  bool valid_ = true;
};

// Scalar helpers usable on any node; they report on failure.
bool ReadString(const YamlNode& n, const std::string& what, Diagnostics* diags, std::string* out,
                bool one_line = false);
bool ReadStringList(const YamlNode& n, const std::string& what, Diagnostics* diags,
                    std::vector<std::string>* out);

// The value of `key` (node `n`) given per language: a map language -> value,
// or, in a file that sets `language:` (`file_language` non-empty), a bare
// value for that language. Reports a language not among `languages` (it is
// still returned) and a bare value in a file without a language (nothing is
// returned). `shape` names the value for messages ("text", "list").
std::map<std::string, const YamlNode*> ReadPerLanguage(const YamlNode& n, const std::string& key,
                                                       const std::string& shape,
                                                       const std::vector<std::string>& languages,
                                                       const std::string& file_language,
                                                       Diagnostics* diags);

// An id of letters, digits, '.', '_' and '-' (FAQ entries, canned replies).
bool IsSimpleId(const std::string& id);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_YAML_READ_H_
