// check, ask and batch: the commands that validate a pack or decide messages
// without a server.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/cli/commands.h"
#include "adapters/cli/runtime.h"
#include "engine/match/typo_corrector.h"
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

// Lines of a FILE*, read into one buffer reused from line to line.
class LineReader {
 public:
  explicit LineReader(std::FILE* in) : in_(in) {}
  ~LineReader() { std::free(buffer_); }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  // The next line without its '\n'; false at the end.
  bool Next(std::string* line) {
    ssize_t n = ::getline(&buffer_, &capacity_, in_);
    if (n < 0) return false;
    line->assign(buffer_, static_cast<size_t>(n) - (n > 0 && buffer_[n - 1] == '\n' ? 1 : 0));
    return true;
  }

 private:
  std::FILE* in_;
  char* buffer_ = nullptr;
  size_t capacity_ = 0;
};

double Seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// batch --stats: how fast the file was decided, start-up (loading and
// compiling the pack) excluded; reading, parsing, deciding and writing every
// line included. CPU time is the process's, which a busy machine disturbs
// less than the wall clock.
class BatchStats {
 public:
  // `started`: CLOCK_MONOTONIC when the command started.
  explicit BatchStats(double started)
      : startup_(Seconds(CLOCK_MONOTONIC) - started), wall_(Seconds(CLOCK_MONOTONIC)),
        cpu_(Seconds(CLOCK_PROCESS_CPUTIME_ID)) {}
  void Print(long messages) const {
    double wall = Seconds(CLOCK_MONOTONIC) - wall_, cpu = Seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_;
    std::fprintf(stderr,
                 "batch: %ld messages in %.3f s (%.3f s CPU): %.0f messages/s, %.0f per CPU second; "
                 "start-up %.3f s excluded\n",
                 messages, wall, cpu, wall > 0 ? messages / wall : 0.0, cpu > 0 ? messages / cpu : 0.0,
                 startup_);
  }

 private:
  double startup_, wall_, cpu_;
};

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
  double start = Seconds(CLOCK_MONOTONIC);
  auto runtime = Runtime::Open(args.config);
  if (runtime == nullptr) return 1;
  SupportService& service = runtime->service();
  // Typo correction's dictionaries are read on first use: that is start-up
  // too, not the cost of whichever message first has an unknown word.
  if (const TypoCorrector* typos = runtime->pack()->typos()) typos->LoadDictionaries();
  const BatchStats stats(start);
  std::string line;
  int errors = 0;
  long decided = 0;
  // std::cin, synchronized with stdio, reads one character per call (4% of a
  // batch's time): lines come from stdin's own buffer instead.
  LineReader lines(stdin);
  std::string out;  // one output line, its buffer reused
  Decision d;
  for (long n = 1; lines.Next(&line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++decided;
    out.clear();
    Message m;
    Status s = ParseMessageJson(line, &m);
    if (s.ok()) {
      // Each backlog line is its own conversation unless it names one.
      if (m.conversation_id.empty()) m.conversation_id = "batch-" + std::to_string(n);
      std::string replay;
      s = service.Handle(m, "", &d, &replay);
      // Written directly: the same bytes as DecisionToJson's dump.
      if (s.ok()) AppendDecisionJson(d, &out);
    }
    if (!s.ok()) {
      ++errors;
      nlohmann::json error = {{"line", n}, {"error", {{"code", s.CodeName()}, {"message", s.message()}}}};
      if (!m.id.empty()) error["id"] = m.id;
      out = error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  std::fflush(stdout);
  if (args.Flag("stats")) stats.Print(decided);
  return errors == 0 ? 0 : 1;
}

}  // namespace frontdesk::cli
