// The subcommands of `frontdesk`. Each returns the process exit code.
#ifndef FRONTDESK_ADAPTERS_CLI_COMMANDS_H_
#define FRONTDESK_ADAPTERS_CLI_COMMANDS_H_

#include <memory>

#include "adapters/cli/args.h"
#include "engine/decide/compiled_pack.h"

namespace frontdesk::cli {

int RunCheck(const Args& args);
int RunAsk(const Args& args);
int RunBatch(const Args& args);
int RunTest(const Args& args);
int RunServe(const Args& args);
int RunReplay(const Args& args);
int RunEval(const Args& args);
int RunKey(const Args& args);
int RunAgent(const Args& args);
int RunMail(const Args& args);
int RunMailFetch(const Args& args);  // `mail fetch`, reached through RunMail

}  // namespace frontdesk::cli

#endif  // FRONTDESK_ADAPTERS_CLI_COMMANDS_H_
