// Placeholder until the lookups module lands: declares nothing.
#include "engine/lookups/lookup_def.h"

#include "engine/pack.h"

namespace frontdesk {

void ReadLookups(const YamlNode& n, const Config&, PackDefs*, Diagnostics* diags) {
  diags->Error(n.loc, "lookups are not supported by this build yet");
}

}  // namespace frontdesk
