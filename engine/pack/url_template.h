// Private to engine/lookups: the text forms of an HTTP lookup. `${NAME}`
// takes a value from the environment when the service starts (secrets stay
// out of pack files and logs); `{{SOURCE}}` takes a request value at run time,
// percent-encoded, and may only sit in the URL's path or query, so input
// never chooses the host.
#ifndef FRONTDESK_ENGINE_PACK_URL_TEMPLATE_H_
#define FRONTDESK_ENGINE_PACK_URL_TEMPLATE_H_

#include <functional>
#include <string>
#include <vector>

#include "engine/pack/lookup_def.h"
#include "frontdesk/status.h"

namespace frontdesk::lookups_internal {

// Looks up an environment value; false when it is not set.
using EnvLookup = std::function<bool(const std::string& name, std::string* value)>;

// Checks the `${NAME}` syntax of `text` (NAME: letters, digits, '_').
Status CheckEnvSyntax(const std::string& text);

// Replaces every `${NAME}` in `text` with its value. Fails (naming the
// variable, never its value) when one is unset or env is empty.
Status ExpandEnv(const std::string& text, const EnvLookup& env, std::string* out);

struct UrlPiece {
  std::string literal;  // when !is_source
  bool is_source = false;
  LookupSource source;
};

// Splits an URL template into literal text and `{{SOURCE}}` placeholders.
Status ParseUrlTemplate(const std::string& text, std::vector<UrlPiece>* pieces);

// Checks that no `{{` placeholder sits in the scheme, host or port. `url`
// starts with http:// or https://, or (before env expansion) with `${NAME}`.
Status CheckPlaceholdersInPath(const std::string& url);

// Splits "http://host:port/path?q" into "http://host:port" and "/path?q".
Status SplitUrl(const std::string& url, std::string* base, std::string* path);

// Percent-encodes every byte but A-Z a-z 0-9 - _ ~, so a value can neither
// end a path segment, start a query nor be a ".." segment.
std::string PercentEncode(const std::string& value);

}  // namespace frontdesk::lookups_internal

#endif  // FRONTDESK_ENGINE_PACK_URL_TEMPLATE_H_
