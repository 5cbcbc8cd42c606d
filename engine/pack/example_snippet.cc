#include "engine/pack/example_snippet.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace frontdesk {
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A JSON string is a YAML double-quoted scalar: quotes, backslashes, new
// lines and control characters come out escaped, so no text can end the
// line or start YAML syntax.
std::string Quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Spaces up to (1-based) column `col`.
std::string Indent(int col) { return std::string(static_cast<size_t>(std::max(col - 1, 0)), ' '); }

const ExampleDef* FirstExample(const IntentDef& intent, const std::string& language) {
  for (const ExampleDef& e : intent.examples)
    if (e.language == language) return &e;
  return nullptr;
}

bool FromFaq(const IntentDef& intent) {
  return intent.faq.size() == 1 && FaqIntentId(intent.faq.front()) == intent.id;
}

}  // namespace

Status MakeExampleSnippet(const Config& config, const PackDefs& defs, const std::string& intent_id,
                          const std::string& language, const std::string& text, ExampleSnippet* out) {
  *out = ExampleSnippet();
  const std::string example = Trim(text);
  if (example.empty()) return Status::InvalidArgument("the example's text is empty");
  if (std::find(config.languages.begin(), config.languages.end(), language) == config.languages.end())
    return Status::InvalidArgument("language '" + language + "' is not one of the config's languages");
  auto intent = std::find_if(defs.intents.begin(), defs.intents.end(),
                             [&](const IntentDef& d) { return d.id == intent_id; });
  if (intent == defs.intents.end()) return Status::NotFound("no intent '" + intent_id + "'");
  const std::string item = "- " + Quoted(example) + "\n";
  auto declared = intent->declarations.find(language);
  if (const ExampleDef* first = FirstExample(*intent, language)) {
    // A list item before the first one: `- ` two columns left of its text.
    out->file = first->loc.file;
    out->line = first->loc.line;
    out->yaml = Indent(first->loc.col - 2) + item;
    out->note = "Insert this line at line " + std::to_string(out->line) + " of " + out->file +
                ", before the first example of '" + intent_id + "' in " + language + ".";
  } else if (declared != intent->declarations.end()) {
    // A key of the declaration, right after its one-line `id`.
    const IntentDef::Declaration& d = declared->second;
    out->file = d.map.file;
    out->line = d.id_line + 1;
    out->yaml = Indent(d.map.col) + "examples:\n" + Indent(d.map.col + 2) + item;
    out->note = "'" + intent_id + "' has no examples in " + language + ": insert these lines at line " +
                std::to_string(out->line) + " of " + out->file + ", right after its id.";
  } else if (FromFaq(*intent)) {
    out->yaml = "    examples:\n      " + language + ":\n        " + item;
    out->note = "'" + intent_id + "' is FAQ entry '" + intent->faq.front() + "' (" + intent->loc.FileLine() +
                "): add the example to the entry's 'examples', under '" + language + "'.";
  } else {
    out->yaml = "  - id: " + intent_id + "\n    language: " + language + "\n    patterns: []\n" +
                "    examples:\n      " + item;
    out->note = "'" + intent_id + "' is not declared in " + language +
                " yet: add this declaration to the 'intents' list of a pack file, then give it a "
                "pattern that matches the example.";
  }
  return Status::Ok();
}

}  // namespace frontdesk
