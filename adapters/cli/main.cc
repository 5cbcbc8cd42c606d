// frontdesk: the command-line entry point. Dispatches to the subcommands.
#include <malloc.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "adapters/cli/args.h"
#include "adapters/cli/commands.h"

namespace {

const char kUsage[] =
    "usage: frontdesk COMMAND [-c CONFIG] [options]\n"
    "\n"
    "commands:\n"
    "  check                         validate config, intents and rules\n"
    "  ask [--channel C] [--lang L] [--from ADDR] [--json] TEXT\n"
    "                                decide one message and say why\n"
    "  batch [--stats]               decide JSON lines from stdin, one decision per line\n"
    "                                (--stats: messages/s on stderr, start-up excluded)\n"
    "  test [FILES]                  run the packs' examples and conversations\n"
    "  serve [--listen HOST:PORT]    run the HTTP server\n"
    "  replay --since DATE [--pack CONFIG|DIR]\n"
    "                                re-decide recorded messages with another pack, report changes\n"
    "  eval [--json] [--min FRACTION] FILE\n"
    "                                route labelled messages (TSV or JSON lines), report accuracy\n"
    "  key add NAME | key list | key remove NAME\n"
    "                                integration API keys (add prints the token once)\n"
    "  agent add NAME --role agent|admin | agent list | agent remove NAME\n"
    "                                people who work tickets (add prints the token once)\n"
    "  mail deliver [--json]         take one raw e-mail on stdin (an MTA's pipe): exit 0, 65 or 75\n"
    "  mail send-pending             deliver the queued outbox over SMTP once\n"
    "  mail fetch [--once]           take new mail from the IMAP mailboxes of mail.imap\n"
    "\n"
    "CONFIG defaults to frontdesk.yaml.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace frontdesk::cli;
  // CLD2 allocates a large scratch buffer per detection; with glibc's default
  // trim threshold every call hands it back to the kernel and costs ~250 us.
  // Keeping freed memory around makes it ~4 us.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  if (argc >= 2 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0 ||
                    std::strcmp(argv[1], "help") == 0)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Args args;
  std::string error;
  if (!ParseArgs(argc, argv, {"channel", "lang", "from", "listen", "subject", "conversation", "since", "pack", "min", "role", "mailbox"}, &args,
                 &error)) {
    std::fprintf(stderr, "frontdesk: %s\n\n%s", error.c_str(), kUsage);
    return 2;
  }
  if (args.Flag("help") || args.Flag("h")) {  // `frontdesk eval --help`
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (args.command == "check") return RunCheck(args);
  if (args.command == "ask") return RunAsk(args);
  if (args.command == "batch") return RunBatch(args);
  if (args.command == "test") return RunTest(args);
  if (args.command == "serve") return RunServe(args);
  if (args.command == "replay") return RunReplay(args);
  if (args.command == "eval") return RunEval(args);
  if (args.command == "key") return RunKey(args);
  if (args.command == "agent") return RunAgent(args);
  if (args.command == "mail") return RunMail(args);
  std::fprintf(stderr, "frontdesk: unknown command '%s'\n\n%s", args.command.c_str(), kUsage);
  return 2;
}
