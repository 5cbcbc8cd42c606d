// ExampleSnippet: the YAML a pack's author pastes so that an intent gets one
// more example -- a customer's message the bot routed wrongly, picked by an
// agent in the console (/agent). The server only writes the snippet; it
// never edits a pack (shipped packs are read-only, docs/pack-format.md).
#ifndef FRONTDESK_ENGINE_PACK_EXAMPLE_SNIPPET_H_
#define FRONTDESK_ENGINE_PACK_EXAMPLE_SNIPPET_H_

#include <string>

#include "engine/pack/pack.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct ExampleSnippet {
  // Where the lines go: the pack file, and the line they are inserted at
  // (that line and the rest move down): before the intent's first example
  // in that language, or, when it has none there, right after its `id`.
  // "" and 0 when the intent has no place in that language yet: `yaml` is
  // then a whole declaration, for the `intents:` list of any pack file, or,
  // for an FAQ entry's intent, the lines for the entry's `examples`.
  std::string file;
  int line = 0;
  std::string yaml;  // the lines to insert, indented for their place, ending in "\n"
  std::string note;  // one sentence for the author: where the lines go
};

// The snippet that adds `text` (trimmed; written as a double-quoted YAML
// string, so any text stays one valid line) as an example of intent
// `intent_id` in `language`. Indentation follows the place: the column of
// the first example, or of the declaration's keys (block style, as the
// shipped packs are written; a flow list `[a, b]` is not followed).
// kNotFound for an unknown intent, kInvalidArgument for an empty text or a
// language the config does not have.
Status MakeExampleSnippet(const Config& config, const PackDefs& defs, const std::string& intent_id,
                          const std::string& language, const std::string& text, ExampleSnippet* out);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_EXAMPLE_SNIPPET_H_
