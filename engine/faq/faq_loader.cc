// Placeholder until the FAQ module lands.
#include "engine/faq/faq_def.h"

#include "engine/pack.h"

namespace frontdesk {

void ReadFaq(const YamlNode& n, const Config&, const std::string&, PackDefs*, Diagnostics* diags) {
  diags->Error(n.loc, "the FAQ is not supported by this build yet");
}

}  // namespace frontdesk
