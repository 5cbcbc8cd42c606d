#include "adapters/cli/args.h"

namespace frontdesk::cli {

bool ParseArgs(int argc, char** argv, const std::set<std::string>& valued, Args* args,
               std::string* error) {
  if (argc < 2) {
    *error = "missing command";
    return false;
  }
  args->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-c" || a == "--config") {
      if (i + 1 >= argc) {
        *error = a + " needs a file";
        return false;
      }
      args->config = argv[++i];
    } else if (a == "--") {
      for (++i; i < argc; ++i) args->positional.push_back(argv[i]);
    } else if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string name = a.substr(2);
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        args->options[name.substr(0, eq)] = name.substr(eq + 1);
      } else if (valued.count(name)) {
        if (i + 1 >= argc) {
          *error = a + " needs a value";
          return false;
        }
        args->options[name] = argv[++i];
      } else {
        args->flags.insert(name);
      }
    } else {
      args->positional.push_back(a);
    }
  }
  return true;
}

}  // namespace frontdesk::cli
