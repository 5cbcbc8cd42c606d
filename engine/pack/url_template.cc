#include "engine/pack/url_template.h"

#include <cctype>

namespace frontdesk::lookups_internal {
namespace {

bool IsEnvNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Finds the `${NAME}` starting at `pos`; sets *name and returns the index past '}'.
Status EnvAt(const std::string& text, size_t pos, std::string* name, size_t* end) {
  size_t close = text.find('}', pos + 2);
  if (close == std::string::npos) return Status::InvalidArgument("unclosed '${' in '" + text + "'");
  *name = text.substr(pos + 2, close - pos - 2);
  bool valid = !name->empty() && !std::isdigit(static_cast<unsigned char>((*name)[0]));
  for (char c : *name) valid = valid && IsEnvNameChar(c);
  if (!valid) return Status::InvalidArgument("'${" + *name + "}' is not a valid environment variable name");
  *end = close + 1;
  return Status::Ok();
}

}  // namespace

Status CheckEnvSyntax(const std::string& text) {
  for (size_t pos = text.find("${"); pos != std::string::npos; pos = text.find("${", pos)) {
    std::string name;
    Status s = EnvAt(text, pos, &name, &pos);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status ExpandEnv(const std::string& text, const EnvLookup& env, std::string* out) {
  std::string result;
  size_t done = 0;
  for (size_t pos = text.find("${"); pos != std::string::npos; pos = text.find("${", done)) {
    std::string name, value;
    size_t end = 0;
    Status s = EnvAt(text, pos, &name, &end);
    if (!s.ok()) return s;
    if (!env || !env(name, &value))
      return Status::InvalidArgument("environment variable " + name + " is not set");
    result += text.substr(done, pos - done) + value;
    done = end;
  }
  *out = result + text.substr(done);
  return Status::Ok();
}

Status ParseUrlTemplate(const std::string& text, std::vector<UrlPiece>* pieces) {
  pieces->clear();
  size_t done = 0;
  for (size_t pos = text.find("{{"); pos != std::string::npos; pos = text.find("{{", done)) {
    size_t close = text.find("}}", pos + 2);
    if (close == std::string::npos) return Status::InvalidArgument("unclosed '{{' in the url");
    std::string name = text.substr(pos + 2, close - pos - 2);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    UrlPiece piece;
    piece.is_source = true;
    if (!ParseLookupSource(name, &piece.source))
      return Status::InvalidArgument("'{{" + name + "}}' is not slots.NAME, sender.email, sender.verified or language");
    if (pos > done) pieces->push_back({text.substr(done, pos - done), false, {}});
    pieces->push_back(std::move(piece));
    done = close + 2;
  }
  if (done < text.size()) pieces->push_back({text.substr(done), false, {}});
  return Status::Ok();
}

Status CheckPlaceholdersInPath(const std::string& url) {
  size_t authority = 0;
  if (url.rfind("${", 0) == 0) {
    authority = url.find('}');
    if (authority == std::string::npos) return Status::InvalidArgument("unclosed '${' in the url");
    ++authority;
  } else if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
    authority = url.find("://") + 3;
  } else {
    return Status::InvalidArgument("url must start with http://, https:// or ${VARIABLE}");
  }
  size_t slash = url.find('/', authority);
  size_t placeholder = url.find("{{");
  if (placeholder != std::string::npos && (slash == std::string::npos || placeholder < slash))
    return Status::InvalidArgument("'{{...}}' may only appear in the url's path or query, not its host");
  return Status::Ok();
}

Status SplitUrl(const std::string& url, std::string* base, std::string* path) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return Status::InvalidArgument("url must start with http:// or https://");
  size_t slash = url.find('/', url.find("://") + 3);
  *base = url.substr(0, slash);
  *path = slash == std::string::npos ? "/" : url.substr(slash);
  if (base->size() <= url.find("://") + 3) return Status::InvalidArgument("url has no host");
  return Status::Ok();
}

std::string PercentEncode(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace frontdesk::lookups_internal
