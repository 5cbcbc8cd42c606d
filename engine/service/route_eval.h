// Route evaluation: how well a pack routes labelled messages it has never
// seen (`frontdesk eval`). Reading the file and printing are the CLI's; this
// is the scoring: which decisions count as right for a label, and the
// figures (accuracy overall, per route family and language, a confusion
// matrix, the most frequent misses).
//
// A label is either a decision route (answer, lookup, ask, escalate,
// fallback: only that route is right) or a route family of a shop's support
// traffic (the dev set's README):
//   order     lookup or ask (something about one order: look it up, or ask
//             for the number or the proof)
//   faq       answer
//   escalate  escalate
//   other     fallback, or answer by a small-talk intent (greeting, thanks,
//             "who are you"), or escalate by an "are you a bot" intent
// A row may also name the expected intent; it is then right only when the
// decided intent is that one too.
#ifndef FRONTDESK_ENGINE_SERVICE_ROUTE_EVAL_H_
#define FRONTDESK_ENGINE_SERVICE_ROUTE_EVAL_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "frontdesk/decision.h"
#include "frontdesk/status.h"

namespace frontdesk {

struct LabelledMessage {
  std::string id;
  std::string text;
  std::string language;  // "" = let the engine detect it
  std::string route;     // a decision route or a route family, see above
  std::string intent;    // "" = any intent
  int line = 0;          // in the file, for messages
};

struct RouteEvalOptions {
  // Intents whose answer is right for an `other` message. Default: the
  // starter pack's small talk.
  std::set<std::string> smalltalk_intents = {"greeting", "thanks", "goodbye", "bot.identity",
                                             "bot.capabilities", "smalltalk"};
  // Misses listed, most frequent kind first. Default: 15
  size_t max_misses = 15;
};

// InvalidArgument when `label` is neither a route nor a family.
Status CheckRouteLabel(const std::string& label);

// True when `d` is a right decision for `m`.
bool RouteAccepted(const LabelledMessage& m, const Decision& d, const RouteEvalOptions& options);

// The family a decision falls in, for the confusion matrix: order (lookup,
// ask), faq (answer), escalate, other (fallback).
std::string DecisionFamily(const Decision& d);

struct RouteEvalReport {
  struct Tally {
    int right = 0;
    int total = 0;
    double accuracy() const { return total == 0 ? 0 : static_cast<double>(right) / total; }
  };
  Tally overall;
  std::map<std::string, Tally> by_label;     // expected route or family
  std::map<std::string, Tally> by_language;  // labelled language, else the decided one
  // expected label -> decided family -> count
  std::map<std::string, std::map<std::string, int>> confusion;
  struct Miss {
    std::string expected;  // label (+ intent)
    std::string got;       // route and intent decided
    int count = 0;
    std::string example;   // the first message of this kind
    std::string trace;     // its trace, one "step id source detail" per line
  };
  std::vector<Miss> misses;  // most frequent first
};

// Accumulates decided messages into a report.
class RouteEvaluator {
 public:
  explicit RouteEvaluator(RouteEvalOptions options = {}) : options_(std::move(options)) {}
  void Add(const LabelledMessage& m, const Decision& d);
  // The report so far (misses sorted, at most options.max_misses).
  RouteEvalReport Report() const;

 private:
  RouteEvalOptions options_;
  RouteEvalReport report_;
  std::map<std::pair<std::string, std::string>, RouteEvalReport::Miss> misses_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_SERVICE_ROUTE_EVAL_H_
