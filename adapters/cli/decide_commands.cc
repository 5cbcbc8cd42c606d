// check, ask and batch: the commands that validate a pack or decide messages
// without a server.
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/cli/commands.h"
#include "adapters/cli/runtime.h"
#include "engine/service/service.h"
#include "frontdesk/message_json.h"

namespace frontdesk::cli {

int RunCheck(const Args& args) {
  Diagnostics diags;
  auto pack = LoadAndCheck(args.config, /*build_databases=*/false, &diags);
  if (!diags.ok() || pack == nullptr) {
    std::fputs(diags.ToString().c_str(), stderr);
    std::fprintf(stderr, "%zu error(s)\n", diags.errors().size());
    return 1;
  }
  const PackDefs& d = pack->defs();
  size_t examples = 0;
  for (const auto& i : d.intents) examples += i.examples.size() + i.counter_examples.size();
  std::printf("ok: %zu files, %zu intents, %zu patterns (%zu atoms), %zu slots, %zu rules, "
              "%zu templates, %zu examples, %zu conversations\n",
              d.files.size(), d.intents.size(), pack->matcher().pattern_count(),
              pack->matcher().atom_count(), d.slots.size(), d.rules.size(), d.templates.size(),
              examples, d.conversations.size());
  return 0;
}

namespace {

void PrintHuman(const Decision& d) {
  std::printf("route:    %s\n", RouteName(d.route));
  std::printf("intent:   %s\n", d.intent ? d.intent->c_str() : "(none)");
  std::printf("language: %s\n", d.language.c_str());
  for (const auto& [k, v] : d.slots) std::printf("slot:     %s = %s\n", k.c_str(), v.c_str());
  if (d.ticket) std::printf("ticket:   %lld\n", static_cast<long long>(*d.ticket));
  std::printf("reply:    %s\n", d.reply.c_str());
  std::printf("why:\n");
  for (const auto& t : d.trace) {
    std::printf("  %-9s %-28s %s%s%s\n", t.step.c_str(), t.id.c_str(), t.source.c_str(),
                t.detail.empty() || t.source.empty() ? "" : "  ", t.detail.c_str());
  }
}

}  // namespace

int RunAsk(const Args& args) {
  if (args.positional.empty()) {
    std::fprintf(stderr, "frontdesk ask: give the message text\n");
    return 2;
  }
  auto runtime = Runtime::Open(args.config);
  if (runtime == nullptr) return 1;
  Message m;
  for (const auto& p : args.positional) m.text += (m.text.empty() ? "" : " ") + p;
  m.channel = args.Option("channel", "chat");
  m.language = args.Option("lang");
  m.from = args.Option("from");
  m.subject = args.Option("subject");
  m.conversation_id = args.Option("conversation");
  Decision d;
  std::string replay;
  Status s = runtime->service().Handle(m, "", &d, &replay);
  if (!s.ok()) {
    std::fprintf(stderr, "frontdesk ask: %s\n", s.ToString().c_str());
    return 1;
  }
  if (args.Flag("json")) std::printf("%s\n", DecisionToJson(d).dump().c_str());
  else PrintHuman(d);
  return 0;
}

int RunBatch(const Args& args) {
  auto runtime = Runtime::Open(args.config);
  if (runtime == nullptr) return 1;
  SupportService& service = runtime->service();
  std::string line;
  int errors = 0;
  for (long n = 1; std::getline(std::cin, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json out;
    Message m;
    Status s = ParseMessageJson(line, &m);
    if (s.ok()) {
      // Each backlog line is its own conversation unless it names one.
      if (m.conversation_id.empty()) m.conversation_id = "batch-" + std::to_string(n);
      Decision d;
      std::string replay;
      s = service.Handle(m, "", &d, &replay);
      if (s.ok()) out = DecisionToJson(d);
    }
    if (!s.ok()) {
      ++errors;
      out = {{"line", n}, {"error", {{"code", s.CodeName()}, {"message", s.message()}}}};
      if (!m.id.empty()) out["id"] = m.id;
    }
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
  std::fflush(stdout);
  return errors == 0 ? 0 : 1;
}

}  // namespace frontdesk::cli
