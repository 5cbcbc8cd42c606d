#include "engine/service/route_eval.h"

#include <algorithm>

namespace frontdesk {
namespace {

const std::map<std::string, std::set<Route>>& Families() {
  static const std::map<std::string, std::set<Route>> kFamilies = {
      {"order", {Route::kLookup, Route::kAsk}},
      {"faq", {Route::kAnswer}},
      {"escalate", {Route::kEscalate}},
      {"other", {Route::kFallback}},
  };
  return kFamilies;
}

std::string Got(const Decision& d) {
  return std::string(RouteName(d.route)) + " " + (d.intent ? *d.intent : "(no intent)");
}

std::string TraceText(const Decision& d) {
  std::string out;
  for (const TraceStep& t : d.trace)
    out += t.step + " " + t.id + (t.source.empty() ? "" : " " + t.source) +
           (t.detail.empty() ? "" : "  " + t.detail) + "\n";
  return out;
}

}  // namespace

Status CheckRouteLabel(const std::string& label) {
  Route r;
  if (ParseRoute(label, &r) || Families().count(label)) return Status::Ok();
  return Status::InvalidArgument("route '" + label +
                                 "' is neither a decision route (answer, lookup, ask, escalate, "
                                 "fallback) nor a family (order, faq, escalate, other)");
}

bool RouteAccepted(const LabelledMessage& m, const Decision& d, const RouteEvalOptions& options) {
  if (!m.intent.empty() && (!d.intent || *d.intent != m.intent)) return false;
  if (m.route.empty()) return true;  // the intent alone was expected
  Route exact;
  if (ParseRoute(m.route, &exact)) return d.route == exact;
  auto family = Families().find(m.route);
  if (family == Families().end()) return false;
  if (family->second.count(d.route)) return true;
  if (m.route != "other" || !d.intent) return false;
  // Small talk may be answered, and "are you a bot?" may go to a person.
  bool smalltalk = options.smalltalk_intents.count(*d.intent) > 0;
  return smalltalk && (d.route == Route::kAnswer || d.route == Route::kEscalate);
}

std::string DecisionFamily(const Decision& d) {
  for (const auto& [family, routes] : Families())
    if (routes.count(d.route)) return family;
  return "other";
}

void RouteEvaluator::Add(const LabelledMessage& m, const Decision& d) {
  bool right = RouteAccepted(m, d, options_);
  for (RouteEvalReport::Tally* t :
       {&report_.overall, &report_.by_label[m.route],
        &report_.by_language[m.language.empty() ? d.language : m.language]}) {
    ++t->total;
    t->right += right;
  }
  ++report_.confusion[m.route][DecisionFamily(d)];
  if (right) return;
  std::string expected = m.route + (m.intent.empty() ? "" : " " + m.intent);
  RouteEvalReport::Miss& miss = misses_[{expected, Got(d)}];
  if (miss.count++ == 0) {
    miss.expected = expected;
    miss.got = Got(d);
    miss.example = m.text;
    miss.trace = TraceText(d);
  }
}

RouteEvalReport RouteEvaluator::Report() const {
  RouteEvalReport r = report_;
  for (const auto& [key, miss] : misses_) r.misses.push_back(miss);
  std::stable_sort(r.misses.begin(), r.misses.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  if (r.misses.size() > options_.max_misses) r.misses.resize(options_.max_misses);
  return r;
}

}  // namespace frontdesk
