// Scoring of `frontdesk eval`: which decisions count as right for a label,
// and the figures of the report.
#include "engine/service/route_eval.h"

#include "tests/test_util.h"

namespace frontdesk {
namespace {

Decision D(Route route, const char* intent = nullptr, const char* language = "en") {
  Decision d;
  d.route = route;
  if (intent) d.intent = intent;
  d.language = language;
  d.trace.push_back({"match", intent ? intent : "", "intents/en/x.yaml:3", ""});
  return d;
}

LabelledMessage M(const char* route, const char* intent = "") {
  LabelledMessage m;
  m.text = "text";
  m.route = route;
  m.intent = intent;
  return m;
}

TEST(RouteEvalTest, FamiliesAcceptTheirRoutes) {
  RouteEvalOptions o;
  EXPECT_TRUE(RouteAccepted(M("order"), D(Route::kLookup, "order.status"), o));
  EXPECT_TRUE(RouteAccepted(M("order"), D(Route::kAsk, "order.status"), o));
  EXPECT_FALSE(RouteAccepted(M("order"), D(Route::kAnswer, "invoice.request"), o));
  EXPECT_TRUE(RouteAccepted(M("faq"), D(Route::kAnswer, "payment.methods"), o));
  EXPECT_FALSE(RouteAccepted(M("faq"), D(Route::kFallback), o));
  EXPECT_TRUE(RouteAccepted(M("escalate"), D(Route::kEscalate, "complaint"), o));
  EXPECT_TRUE(RouteAccepted(M("other"), D(Route::kFallback), o));
  EXPECT_TRUE(RouteAccepted(M("other"), D(Route::kAnswer, "greeting"), o));
  EXPECT_FALSE(RouteAccepted(M("other"), D(Route::kAnswer, "payment.methods"), o));
  EXPECT_FALSE(RouteAccepted(M("other"), D(Route::kAnswer), o));
}

TEST(RouteEvalTest, ExactRoutesAndIntents) {
  RouteEvalOptions o;
  EXPECT_TRUE(RouteAccepted(M("ask"), D(Route::kAsk, "order.status"), o));
  EXPECT_FALSE(RouteAccepted(M("ask"), D(Route::kLookup, "order.status"), o));
  EXPECT_TRUE(RouteAccepted(M("ask", "order.status"), D(Route::kAsk, "order.status"), o));
  EXPECT_FALSE(RouteAccepted(M("ask", "order.status"), D(Route::kAsk, "order.cancel"), o));
  EXPECT_FALSE(RouteAccepted(M("ask", "order.status"), D(Route::kAsk), o));
  EXPECT_TRUE(RouteAccepted(M("", "order.cancel"), D(Route::kAsk, "order.cancel"), o));
}

TEST(RouteEvalTest, LabelsAreChecked) {
  for (const char* ok : {"answer", "lookup", "ask", "escalate", "fallback", "order", "faq", "other"})
    EXPECT_TRUE(CheckRouteLabel(ok).ok()) << ok;
  for (const char* bad : {"", "Order", "refund", "lookups"})
    EXPECT_EQ(CheckRouteLabel(bad).code(), Status::Code::kInvalidArgument) << bad;
}

TEST(RouteEvalTest, ReportCountsConfusesAndGroupsMisses) {
  RouteEvaluator e;
  e.Add(M("order"), D(Route::kAsk, "order.status"));
  e.Add(M("faq"), D(Route::kFallback));
  e.Add(M("faq"), D(Route::kFallback, nullptr, "vi"));
  e.Add(M("faq"), D(Route::kAnswer, "payment.methods"));
  RouteEvalReport r = e.Report();
  EXPECT_EQ(r.overall.right, 2);
  EXPECT_EQ(r.overall.total, 4);
  EXPECT_DOUBLE_EQ(r.overall.accuracy(), 0.5);
  EXPECT_EQ(r.by_label["faq"].right, 1);
  EXPECT_EQ(r.by_label["faq"].total, 3);
  EXPECT_EQ(r.by_language["vi"].total, 1);
  EXPECT_EQ(r.confusion["faq"]["other"], 2);
  EXPECT_EQ(r.confusion["faq"]["faq"], 1);
  ASSERT_EQ(r.misses.size(), 1u);
  EXPECT_EQ(r.misses[0].count, 2);
  EXPECT_EQ(r.misses[0].expected, "faq");
  EXPECT_EQ(r.misses[0].got, "fallback (no intent)");
  EXPECT_NE(r.misses[0].trace.find("intents/en/x.yaml:3"), std::string::npos);
}

}  // namespace
}  // namespace frontdesk
