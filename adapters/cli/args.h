// Command-line arguments of `frontdesk SUBCOMMAND [options] [args]`.
#ifndef FRONTDESK_ADAPTERS_CLI_ARGS_H_
#define FRONTDESK_ADAPTERS_CLI_ARGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

namespace frontdesk::cli {

struct Args {
  std::string command;
  std::string config = "frontdesk.yaml";
  std::map<std::string, std::string> options;  // --channel chat -> {"channel": "chat"}
  std::set<std::string> flags;                 // --json
  std::vector<std::string> positional;
  std::string Option(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
  bool Flag(const std::string& name) const { return flags.count(name) > 0; }
};

// Parses argv. `valued` lists options that take a value; anything else
// starting with -- is a flag. Returns false with *error on a bad command line.
bool ParseArgs(int argc, char** argv, const std::set<std::string>& valued, Args* args,
               std::string* error);

}  // namespace frontdesk::cli

#endif  // FRONTDESK_ADAPTERS_CLI_ARGS_H_
