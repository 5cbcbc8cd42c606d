// The shipped FAQ knowledge base (intents/faq/*.yaml), read the way the pack
// loader reads it, for the tests that check its content and its search.
#ifndef FRONTDESK_TESTS_STARTER_FAQ_H_
#define FRONTDESK_TESTS_STARTER_FAQ_H_

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/pack/faq_def.h"
#include "engine/faq/faq_index.h"
#include "engine/pack/pack.h"
#include "engine/pack/pack_loader.h"
#include "engine/pack/yaml_tree.h"
#include "tests/test_util.h"

namespace frontdesk::testing {

// Every FAQ file of the starter pack, in path order, cross-checked; problems
// go to *diags.
inline PackDefs ReadStarterFaqDefs(Diagnostics* diags) {
  Config config;
  PackDefs defs;
  std::vector<std::string> files;
  for (const auto& f : std::filesystem::directory_iterator(SourceDir() / "intents/faq"))
    if (f.path().extension() == ".yaml") files.push_back(f.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    YamlNode root;
    if (ParseYamlFile(f, f, YamlLimits(), &root, diags)) ReadPackFile(root, config, 0, &defs, diags);
  }
  ValidateFaq(defs, diags);
  return defs;
}

// The starter FAQ's search index (the config's default languages). A test
// fails if the content has errors.
inline std::unique_ptr<FaqIndex> BuildStarterFaq() {
  Diagnostics diags;
  PackDefs defs = ReadStarterFaqDefs(&diags);
  EXPECT_TRUE(diags.ok()) << diags.ToString();
  return FaqIndex::Build(defs.faq, Config().languages, FaqOptions());
}

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_STARTER_FAQ_H_
