// The agents' console on a real `frontdesk serve` of the example shop: the
// page and its strict CSP, and the routes only the console needs (who am I,
// canned replies per language, the pack's intents, the YAML snippet for a
// message routed wrongly), each behind an agent's token.
#include <httplib.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class AgentConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_);
    auto r = testing::RunCommand(
        {testing::FrontdeskBinary().string(), "agent", "add", "lan", "--role", "agent", "-c", config_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    token_ = r.out.substr(0, r.out.find('\n'));
    ASSERT_TRUE(serve_.Start(config_));
  }

  httplib::Result Get(const std::string& path, const std::string& token) {
    httplib::Client c("127.0.0.1", serve_.port());
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return c.Get(path, h);
  }
  httplib::Result Post(const std::string& path, const std::string& token, const std::string& body) {
    httplib::Client c("127.0.0.1", serve_.port());
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return c.Post(path, h, body, "application/json");
  }

  testing::TempDir dir_;
  std::string config_, token_;
  testing::ServeProcess serve_;
};

TEST_F(AgentConsoleTest, ServesThePageWithAStrictPolicy) {
  for (const char* path : {"/agent", "/agent.js", "/agent.css"}) {
    auto r = Get(path, "");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_THAT(csp,
                HasSubstr("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'"));
    EXPECT_THAT(csp, Not(HasSubstr("unsafe")));
  }
  auto page = Get("/agent", "");
  EXPECT_THAT(page->get_header_value("Content-Type"), HasSubstr("text/html"));
  EXPECT_THAT(page->body, HasSubstr("<script src=\"/agent.js\" defer></script>"));
  EXPECT_THAT(Get("/agent.js", "")->get_header_value("Content-Type"), HasSubstr("javascript"));
}

TEST_F(AgentConsoleTest, EveryConsoleRouteNeedsAnAgentToken) {
  for (const std::string& token : {std::string(), std::string("fda_1_wrong")}) {
    EXPECT_EQ(Get("/v1/agent/me", token)->status, 401);
    EXPECT_EQ(Get("/v1/canned?lang=en", token)->status, 401);
    EXPECT_EQ(Get("/v1/agent/intents", token)->status, 401);
    EXPECT_EQ(Post("/v1/agent/example-snippet", token,
                   R"({"intent": "order.status", "language": "en", "text": "hi"})")
                  ->status,
              401);
  }
  auto me = Get("/v1/agent/me", token_);
  ASSERT_EQ(me->status, 200) << me->body;
  EXPECT_EQ(json::parse(me->body), json({{"name", "lan"}, {"role", "agent"}}));
  EXPECT_EQ(me->get_header_value("Cache-Control"), "no-store");
}

TEST_F(AgentConsoleTest, CannedRepliesComeInTheAskedLanguage) {
  auto vi = Get("/v1/canned?lang=vi", token_);
  ASSERT_EQ(vi->status, 200) << vi->body;
  json j = json::parse(vi->body);
  EXPECT_EQ(j["language"], "vi");
  ASSERT_GE(j["replies"].size(), 3u);
  EXPECT_EQ(j["replies"][0]["id"], "greeting");
  EXPECT_EQ(j["replies"][0]["title"], "Chào hỏi: nhân viên đã tham gia");
  EXPECT_THAT(j["replies"][0]["text"].get<std::string>(), HasSubstr("Xin chào"));
  json en = json::parse(Get("/v1/canned", token_)->body);  // the config's first language
  EXPECT_EQ(en["language"], "en");
  EXPECT_EQ(en["replies"].size(), j["replies"].size());
  auto fr = Get("/v1/canned?lang=fr", token_);
  EXPECT_EQ(fr->status, 400);
  EXPECT_THAT(fr->body, HasSubstr("invalid_argument"));
}

TEST_F(AgentConsoleTest, TheIntentsAndTheSnippetForAMessageRoutedWrongly) {
  auto r = Get("/v1/agent/intents", token_);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["languages"], json({"en", "vi", "es"}));
  bool found = false;
  for (const json& i : j["intents"]) {
    if (i["id"] != "order.status") continue;
    auto langs = i["languages"].get<std::vector<std::string>>();
    std::sort(langs.begin(), langs.end());
    found = langs == std::vector<std::string>{"en", "es", "vi"};
  }
  EXPECT_TRUE(found) << r->body;

  auto s = Post(
      "/v1/agent/example-snippet", token_,
      json({{"intent", "order.status"}, {"language", "en"}, {"text", " where's my \"parcel\"? "}}).dump());
  ASSERT_EQ(s->status, 200) << s->body;
  json snippet = json::parse(s->body);
  EXPECT_THAT(snippet["file"].get<std::string>(), HasSubstr("intents/en/orders.yaml"));
  EXPECT_GT(snippet["line"].get<int>(), 0);
  EXPECT_EQ(snippet["yaml"], "      - \"where's my \\\"parcel\\\"?\"\n");
  EXPECT_THAT(snippet["note"].get<std::string>(),
              HasSubstr("before the first example of 'order.status' in en"));

  EXPECT_EQ(
      Post("/v1/agent/example-snippet", token_, R"({"intent": "no.such", "language": "en", "text": "hi"})")
          ->status,
      404);
  EXPECT_EQ(Post("/v1/agent/example-snippet", token_,
                 R"({"intent": "order.status", "language": "fr", "text": "hi"})")
                ->status,
            400);
  EXPECT_EQ(Post("/v1/agent/example-snippet", token_, R"({"intent": "order.status"})")->status, 400);
  EXPECT_EQ(Post("/v1/agent/example-snippet", token_, "not json")->status, 400);
  // The shipped pack is not touched.
  EXPECT_THAT(testing::ReadFile(testing::SourceDir() / "intents/en/orders.yaml"),
              Not(HasSubstr("parcel\\\"")));
}

}  // namespace
}  // namespace frontdesk
