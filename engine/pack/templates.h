// Reply templates: mustache (kainjow) rendered from a JSON context, and the
// names a template uses (for the check against ReplyContext,
// engine/pack/reply_context.h).
#ifndef FRONTDESK_ENGINE_PACK_TEMPLATES_H_
#define FRONTDESK_ENGINE_PACK_TEMPLATES_H_

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace frontdesk {

// Renders `text` with `context` (objects nest: {"slots": {"order_id": ..}}
// serves {{slots.order_id}}). Replies are plain text: nothing is HTML-escaped
// here; an adapter that writes HTML escapes the finished reply. On a
// template error returns false and sets *error.
bool RenderTemplate(const std::string& text, const nlohmann::json& context, std::string* out,
                    std::string* error);

// True when `text` holds no tag ("{{"): it then renders to itself whatever
// the context, so a caller may use it as it is without building a context.
inline bool IsPlainTemplate(const std::string& text) { return text.find("{{") == std::string::npos; }

// Returns the variable names a template uses at top level (not those inside
// a section, which are relative to the section's items). Section names count.
// On a syntax error (unclosed tag or section) returns false with *error.
bool TemplateVariables(const std::string& text, std::vector<std::string>* names,
                       std::string* error);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_TEMPLATES_H_
