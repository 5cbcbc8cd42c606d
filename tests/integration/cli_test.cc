// The frontdesk binary: check, ask, batch, test and serve as DESIGN.md specifies.
#include <nlohmann/json.hpp>

#include <csignal>
#include <thread>

#include <httplib.h>

#include "tests/pack_fixture.h"

namespace frontdesk {
namespace {

using testing::FrontdeskBinary;
using testing::RunCommand;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::LoadFixturePack(dir_, R"(conversations:
  - id: two-turns
    turns:
      - say: where is my order?
        expect: {route: ask, intent: order.status}
      - say: AB123456
        expect: {route: lookup, slots: {order_id: AB123456}}
)");
    config_ = (dir_.path() / "frontdesk.yaml").string();
  }
  testing::CommandResult Run(std::vector<std::string> args, const std::string& in = "") {
    args.insert(args.begin(), FrontdeskBinary().string());
    args.push_back("-c");
    args.push_back(config_);
    return RunCommand(args, in);
  }
  testing::TempDir dir_;
  std::string config_;
};

TEST_F(CliTest, CheckSummarizesAGoodPack) {
  auto r = Run({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("ok: 1 files, 6 intents"));
}

TEST_F(CliTest, CheckPrintsEveryErrorAndExitsOne) {
  dir_.Write("p/bad.yaml", "language: en\nintents:\n  - id: x\n    patterns: ['(']\n    typo: 1\n");
  auto r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::HasSubstr("p/bad.yaml:4:16: error: pattern rejected by RE2"));
  EXPECT_THAT(r.err, ::testing::HasSubstr("p/bad.yaml:5:5: error: unknown key 'typo'"));
}

TEST_F(CliTest, AskJsonPrintsTheDecision) {
  auto r = Run({"ask", "--json", "--channel", "email", "--lang", "vi", "don hang cua toi dau"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["route"], "ask");
  EXPECT_EQ(j["language"], "vi");
  EXPECT_EQ(j["reply"], "Mã đơn hàng của bạn là gì?");
}

TEST_F(CliTest, BatchEchoesIdsInOrderAndReportsBadLines) {
  std::string in = R"({"id": "a", "text": "hello"})" "\n" "not json\n" R"({"id": 7, "text": "I want a human"})" "\n";
  auto r = Run({"batch"}, in);
  EXPECT_EQ(r.exit_code, 1);  // one line was bad
  std::vector<nlohmann::json> lines;
  std::istringstream ss(r.out);
  for (std::string l; std::getline(ss, l);) lines.push_back(nlohmann::json::parse(l));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["id"], "a");
  EXPECT_EQ(lines[0]["route"], "answer");
  EXPECT_EQ(lines[1]["error"]["code"], "invalid_argument");
  EXPECT_EQ(lines[2]["id"], "7");
  EXPECT_EQ(lines[2]["route"], "escalate");
}

TEST_F(CliTest, EvalReportsAccuracyAndHonoursMin) {
  dir_.Write("labelled.tsv",
             "id\ttext\troute\n"
             "1\twhere is my order?\torder\n"
             "2\tI want a human\tescalate\n"
             "3\thow much is shipping\tfaq\n"
             "4\twhat's the weather tomorrow\tother\n"
             "5\twhere is my order?\tfaq\n");
  std::string file = (dir_.path() / "labelled.tsv").string();
  auto r = Run({"eval", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("overall     80.0%  (4/5)"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("1 x expected faq, got ask order.status"));
  auto j = Run({"eval", "--json", file});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto report = nlohmann::json::parse(j.out);
  EXPECT_EQ(report["overall"]["right"], 4);
  EXPECT_EQ(report["by_route"]["order"]["total"], 1);
  EXPECT_EQ(report["confusion"]["faq"]["order"], 1);
  EXPECT_EQ(Run({"eval", "--min", "0.8", file}).exit_code, 0);
  auto low = Run({"eval", "--min", "0.9", file});
  EXPECT_EQ(low.exit_code, 1);
  EXPECT_THAT(low.err, ::testing::HasSubstr("below --min"));
}

TEST_F(CliTest, EvalRefusesBadFilesWithTheLine) {
  dir_.Write("no_route.tsv", "id\ttext\n1\thello\n");
  dir_.Write("bad_label.jsonl", "{\"text\": \"hi\", \"route\": \"order\"}\n{\"text\": \"hi\", \"route\": \"refund\"}\n");
  dir_.Write("ragged.tsv", "text\troute\nhello\tother\textra\n");
  dir_.Write("empty_text.jsonl", "{\"text\": \"\", \"route\": \"faq\"}\n");
  struct Case {
    const char* file;
    const char* message;
  } cases[] = {
      {"no_route.tsv", "no_route.tsv:1: error: the header needs a 'text' column and a 'route' or 'intent' column"},
      {"bad_label.jsonl", "bad_label.jsonl:2: error: route 'refund' is neither"},
      {"ragged.tsv", "ragged.tsv:2: error: has 3 columns, the header 2"},
      {"empty_text.jsonl", "empty_text.jsonl:1: error: 'text' is empty"},
      {"missing.tsv", "error: cannot read"},
  };
  for (const auto& c : cases) {
    auto r = Run({"eval", (dir_.path() / c.file).string()});
    EXPECT_EQ(r.exit_code, 2) << c.file;
    EXPECT_THAT(r.err, ::testing::HasSubstr(c.message)) << c.file;
    EXPECT_TRUE(r.out.empty()) << c.file;
  }
  EXPECT_EQ(Run({"eval", "--min", "2", (dir_.path() / "no_route.tsv").string()}).exit_code, 2);
  EXPECT_EQ(Run({"eval"}).exit_code, 2);
}

// `key add` prints the token once on stdout; `list` shows names, never
// secrets; `remove` takes a name; bad use is exit 2.
TEST_F(CliTest, KeyAddListRemove) {
  dir_.Write("frontdesk.yaml", std::string(testing::kFixtureConfig) + "store: {path: keys.db}\n");
  auto added = Run({"key", "add", "backend"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, ::testing::MatchesRegex("fd_1_[0-9a-f]{64}\n"));
  EXPECT_EQ(Run({"key", "add", "backend"}).exit_code, 1);  // a name is used once
  auto list = Run({"key", "list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_THAT(list.out, ::testing::HasSubstr("\tbackend\t"));
  EXPECT_EQ(list.out.find(added.out.substr(5, 64)), std::string::npos);  // no secret
  EXPECT_EQ(Run({"key", "remove", "backend"}).exit_code, 0);
  EXPECT_EQ(Run({"key", "remove", "backend"}).exit_code, 1);
  EXPECT_EQ(Run({"key"}).exit_code, 2);
  EXPECT_EQ(Run({"key", "add"}).exit_code, 2);
}

TEST_F(CliTest, AgentAddListRemove) {
  dir_.Write("frontdesk.yaml", std::string(testing::kFixtureConfig) + "store: {path: agents.db}\n");
  auto added = Run({"agent", "add", "ana", "--role", "admin"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, ::testing::MatchesRegex("fda_1_[0-9a-f]{64}\n"));
  auto plain = Run({"agent", "add", "bo"});  // the role defaults to agent
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_THAT(plain.out, ::testing::MatchesRegex("fda_2_[0-9a-f]{64}\n"));
  EXPECT_EQ(Run({"agent", "add", "ana"}).exit_code, 1);  // a name is used once
  EXPECT_EQ(Run({"agent", "add", "cy", "--role", "root"}).exit_code, 2);
  auto list = Run({"agent", "list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_THAT(list.out, ::testing::HasSubstr("\tana\tadmin\t"));
  EXPECT_THAT(list.out, ::testing::HasSubstr("\tbo\tagent\t"));
  EXPECT_EQ(list.out.find(added.out.substr(6, 64)), std::string::npos);  // no secret
  EXPECT_EQ(Run({"agent", "remove", "ana"}).exit_code, 0);
  EXPECT_EQ(Run({"agent", "remove", "ana"}).exit_code, 1);
  EXPECT_THAT(Run({"agent", "list"}).out, ::testing::Not(::testing::HasSubstr("\tana\t")));
  EXPECT_EQ(Run({"agent"}).exit_code, 2);
  EXPECT_EQ(Run({"agent", "add"}).exit_code, 2);
}

TEST_F(CliTest, TestRunsConversationsAndEndsWithTheSummaryLine) {
  auto r = Run({"test"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, ::testing::EndsWith("2 passed, 0 failed\n"));
}

TEST_F(CliTest, TestFailsOnAWrongExpectation) {
  dir_.Write("p/conv.yaml", "conversations:\n  - id: wrong\n    turns:\n      - say: hello\n        expect: {route: escalate}\n");
  auto r = Run({"test"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, ::testing::HasSubstr("p/conv.yaml:4:9: fail: conversation wrong: \"hello\": route answer greeting, expected route escalate"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("2 passed, 1 failed"));
}

TEST_F(CliTest, ServeAnswersReloadsOnSighupAndStopsOnSigterm) {
  dir_.Write("frontdesk.yaml", std::string(testing::kFixtureConfig) + "store: {path: serve.db}\n");
  const std::string key = testing::AddApiKey(config_, "cli-test");
  testing::ServeProcess serve;
  ASSERT_TRUE(serve.Start(config_));
  httplib::Client client("127.0.0.1", serve.port());
  client.set_default_headers({{"Authorization", "Bearer " + key}});
  auto r = client.Get("/healthz");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  auto m = client.Post("/v1/messages", R"({"text": "hello"})", "application/json");
  ASSERT_TRUE(m);
  EXPECT_EQ(nlohmann::json::parse(m->body)["route"], "answer");
  // A broken pack on SIGHUP is refused; the old one keeps answering.
  dir_.Write("p/broken.yaml", "intents: [");
  serve.Signal(SIGHUP);
  ASSERT_TRUE(serve.WaitForLog("reload refused; still serving the previous pack"));
  m = client.Post("/v1/messages", R"({"text": "hello"})", "application/json");
  ASSERT_TRUE(m) << httplib::to_string(m.error());
  EXPECT_EQ(nlohmann::json::parse(m->body)["route"], "answer");
  // A good change on SIGHUP is served.
  dir_.Write("p/broken.yaml", "language: en\nintents:\n  - id: weather\n    patterns: ['weather']\n    answer: greeting\n");
  serve.Signal(SIGHUP);
  ASSERT_TRUE(serve.WaitForLog("frontdesk: reloaded"));
  m = client.Post("/v1/messages", R"({"text": "nice weather"})", "application/json");
  ASSERT_TRUE(m);
  EXPECT_EQ(nlohmann::json::parse(m->body)["intent"], "weather");
  EXPECT_EQ(serve.Stop(), 0);
}

// Records real traffic with `serve`, then replays it against a changed pack.
TEST_F(CliTest, ReplayReportsWhatAChangedPackWouldDecide) {
  dir_.Write("frontdesk.yaml", std::string(testing::kFixtureConfig) + "store: {path: history.db}\n");
  const std::string key = testing::AddApiKey(config_, "cli-test");
  testing::ServeProcess serve;
  ASSERT_TRUE(serve.Start(config_));
  httplib::Client client("127.0.0.1", serve.port());
  client.set_default_headers({{"Authorization", "Bearer " + key}});
  for (const char* text : {"hello", "is the weather nice"}) {
    auto r = client.Post("/v1/messages", std::string(R"({"text": ")") + text + R"("})", "application/json");
    ASSERT_TRUE(r);
  }
  EXPECT_EQ(serve.Stop(), 0);

  // The candidate pack knows about the weather.
  testing::TempDir candidate;
  testing::LoadFixturePack(candidate, "");
  candidate.Write("p/weather.yaml", "language: en\nintents:\n  - id: weather\n    patterns: ['weather']\n    answer: greeting\n");
  auto r = Run({"replay", "--since", "2020-01-01", "--pack", candidate.path().string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr("replayed 2 messages since 2020-01-01: 1 would change"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("fallback - -> answer weather: 1"));
}

}  // namespace
}  // namespace frontdesk
