// The text forms of an HTTP lookup (engine/pack/url_template.cc): `${NAME}`
// from the environment, `{{SOURCE}}` placeholders in the path and query only,
// and values percent-encoded so that input never chooses the host or a path
// segment.
#include "engine/pack/url_template.h"

#include <map>

#include "tests/test_util.h"

namespace frontdesk::lookups_internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name, std::string* value) {
    auto it = vars.find(name);
    if (it == vars.end()) return false;
    *value = it->second;
    return true;
  };
}

// "literal|{slot:order_id}|{sender.email}..." for comparing piece lists.
std::string Dump(const std::vector<UrlPiece>& pieces) {
  std::string out;
  for (const UrlPiece& p : pieces) {
    if (!out.empty()) out += "|";
    if (!p.is_source) {
      out += p.literal;
      continue;
    }
    switch (p.source.kind) {
      case LookupSource::Kind::kSlot: out += "{slot:" + p.source.slot + "}"; break;
      case LookupSource::Kind::kSenderEmail: out += "{sender.email}"; break;
      case LookupSource::Kind::kSenderVerified: out += "{sender.verified}"; break;
      case LookupSource::Kind::kLanguage: out += "{language}"; break;
    }
  }
  return out;
}

TEST(UrlTemplateTest, CheckEnvSyntax) {
  EXPECT_OK(CheckEnvSyntax("https://api.example.com/orders"));
  EXPECT_OK(CheckEnvSyntax("${SHOP_API}/orders/{{slots.order_id}}"));
  EXPECT_OK(CheckEnvSyntax("Bearer ${TOKEN_2}"));
  EXPECT_OK(CheckEnvSyntax("$HOME and $ alone are plain text"));
  EXPECT_OK(CheckEnvSyntax("${_X}"));

  Status unclosed = CheckEnvSyntax("${SHOP_API/orders");
  EXPECT_EQ(unclosed.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(unclosed.message(), HasSubstr("unclosed '${'"));
  for (const std::string bad : {"${}", "${1ST}", "${SHOP-API}", "${A B}", "${A.B}", "ok ${A} then ${?}"}) {
    Status s = CheckEnvSyntax(bad);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_THAT(s.message(), HasSubstr("is not a valid environment variable name")) << bad;
  }
}

TEST(UrlTemplateTest, ExpandEnvReplacesEveryVariable) {
  std::string out;
  auto env = FakeEnv({{"BASE", "https://api.example.com"}, {"TOKEN", "s3cret"}, {"EMPTY", ""}});
  ASSERT_OK(ExpandEnv("${BASE}/orders?key=${TOKEN}&x=${EMPTY}.", env, &out));
  EXPECT_EQ(out, "https://api.example.com/orders?key=s3cret&x=.");
  ASSERT_OK(ExpandEnv("no variables here", env, &out));
  EXPECT_EQ(out, "no variables here");
  ASSERT_OK(ExpandEnv("${TOKEN}${TOKEN}", env, &out));
  EXPECT_EQ(out, "s3crets3cret");
}

TEST(UrlTemplateTest, ExpandEnvDoesNotExpandAValueAgain) {
  std::string out;
  auto env = FakeEnv({{"A", "${B}"}, {"B", "expanded"}});
  ASSERT_OK(ExpandEnv("x/${A}/y", env, &out));
  EXPECT_EQ(out, "x/${B}/y");
}

TEST(UrlTemplateTest, ExpandEnvNamesAnUnsetVariable) {
  std::string out = "unchanged";
  Status s = ExpandEnv("${BASE}/orders?key=${TOKEN}", FakeEnv({{"BASE", "https://h"}}), &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "environment variable TOKEN is not set");
  EXPECT_EQ(out, "unchanged");
  // No lookup at all: every variable is unset; text without one is fine.
  s = ExpandEnv("${BASE}", EnvLookup(), &out);
  EXPECT_EQ(s.message(), "environment variable BASE is not set");
  ASSERT_OK(ExpandEnv("plain", EnvLookup(), &out));
  EXPECT_EQ(out, "plain");
}

TEST(UrlTemplateTest, ExpandEnvRefusesBadSyntaxWithoutLeakingValues) {
  std::string out;
  auto env = FakeEnv({{"TOKEN", "s3cret"}});
  Status s = ExpandEnv("${TOKEN} ${bad-name}", env, &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(s.ToString(), Not(HasSubstr("s3cret")));
  s = ExpandEnv("${TOKEN} ${UNCLOSED", env, &out);
  EXPECT_THAT(s.message(), HasSubstr("unclosed '${'"));
}

TEST(UrlTemplateTest, ParseSplitsLiteralsAndSources) {
  std::vector<UrlPiece> pieces;
  ASSERT_OK(ParseUrlTemplate(
      "https://api.example.com/orders/{{slots.order_id}}?lang={{ language }}&v={{sender.verified}}"
      "&e={{sender.email}}",
      &pieces));
  EXPECT_EQ(Dump(pieces),
            "https://api.example.com/orders/|{slot:order_id}|?lang=|{language}|&v=|{sender.verified}|"
            "&e=|{sender.email}");
  // Placeholders side by side, at the start and at the end: no empty literals.
  ASSERT_OK(ParseUrlTemplate("{{slots.a}}{{slots.b}}", &pieces));
  EXPECT_EQ(Dump(pieces), "{slot:a}|{slot:b}");
  ASSERT_OK(ParseUrlTemplate("https://h/x", &pieces));
  EXPECT_EQ(Dump(pieces), "https://h/x");
  ASSERT_OK(ParseUrlTemplate("", &pieces));
  EXPECT_TRUE(pieces.empty());
  // A lone "}}" or "{" is literal text.
  ASSERT_OK(ParseUrlTemplate("https://h/a}}b{c", &pieces));
  EXPECT_EQ(Dump(pieces), "https://h/a}}b{c");
}

TEST(UrlTemplateTest, ParseClearsEarlierPieces) {
  std::vector<UrlPiece> pieces = {{"stale", false, {}}};
  ASSERT_OK(ParseUrlTemplate("https://h/{{slots.x}}", &pieces));
  EXPECT_EQ(Dump(pieces), "https://h/|{slot:x}");
}

TEST(UrlTemplateTest, ParseRefusesBadPlaceholders) {
  std::vector<UrlPiece> pieces;
  Status s = ParseUrlTemplate("https://h/orders/{{slots.order_id", &pieces);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "unclosed '{{' in the url");
  for (const std::string bad : {"https://h/{{customer.id}}", "https://h/{{slots.}}", "https://h/{{}}",
                                "https://h/{{sender}}", "https://h/{{Language}}"}) {
    s = ParseUrlTemplate(bad, &pieces);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_THAT(s.message(), HasSubstr("is not slots.NAME, sender.email, sender.verified or language"))
        << bad;
  }
}

TEST(UrlTemplateTest, PlaceholdersOnlyInPathOrQuery) {
  EXPECT_OK(CheckPlaceholdersInPath("https://api.example.com/orders/{{slots.order_id}}"));
  EXPECT_OK(CheckPlaceholdersInPath("http://api.example.com:8080/o?id={{slots.order_id}}"));
  EXPECT_OK(CheckPlaceholdersInPath("https://api.example.com/"));
  EXPECT_OK(CheckPlaceholdersInPath("https://api.example.com"));
  EXPECT_OK(CheckPlaceholdersInPath("${SHOP_API}/orders/{{slots.order_id}}"));
  EXPECT_OK(CheckPlaceholdersInPath("${SHOP_API}"));

  for (const std::string host : {"https://{{slots.shop}}.example.com/orders",
                                 "https://api.example.com:{{slots.port}}/orders",
                                 "https://{{slots.user}}@api.example.com/orders",
                                 "http://api.example.com{{slots.path}}",
                                 "${SHOP_API}{{slots.path}}",
                                 "${SHOP_API}.{{slots.domain}}/orders",
                                 "https://api.example.com?id={{slots.order_id}}"}) {
    Status s = CheckPlaceholdersInPath(host);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << host;
    EXPECT_EQ(s.message(), "'{{...}}' may only appear in the url's path or query, not its host") << host;
  }
}

TEST(UrlTemplateTest, UrlMustStartWithSchemeOrVariable) {
  for (const std::string bad : {"ftp://h/x", "api.example.com/orders", "/orders/{{slots.id}}",
                                "HTTPS://h/x", ""}) {
    Status s = CheckPlaceholdersInPath(bad);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_EQ(s.message(), "url must start with http://, https:// or ${VARIABLE}") << bad;
  }
  Status s = CheckPlaceholdersInPath("${SHOP_API/orders");
  EXPECT_EQ(s.message(), "unclosed '${' in the url");
}

TEST(UrlTemplateTest, SplitUrl) {
  std::string base, path;
  ASSERT_OK(SplitUrl("https://api.example.com:8443/v1/orders?id=A1", &base, &path));
  EXPECT_EQ(base, "https://api.example.com:8443");
  EXPECT_EQ(path, "/v1/orders?id=A1");
  ASSERT_OK(SplitUrl("http://localhost", &base, &path));
  EXPECT_EQ(base, "http://localhost");
  EXPECT_EQ(path, "/");
  ASSERT_OK(SplitUrl("http://h/", &base, &path));
  EXPECT_EQ(base, "http://h");
  EXPECT_EQ(path, "/");

  EXPECT_EQ(SplitUrl("ftp://h/x", &base, &path).message(), "url must start with http:// or https://");
  EXPECT_EQ(SplitUrl("${SHOP_API}/x", &base, &path).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(SplitUrl("http://", &base, &path).message(), "url has no host");
  EXPECT_EQ(SplitUrl("https:///orders", &base, &path).message(), "url has no host");
}

TEST(UrlTemplateTest, PercentEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-_~"), "AZaz09-_~");
  EXPECT_EQ(PercentEncode(""), "");
  // Nothing that could end a segment, start a query or a fragment, or climb.
  EXPECT_EQ(PercentEncode("../admin"), "%2E%2E%2Fadmin");
  EXPECT_EQ(PercentEncode("a/b?c=d&e#f"), "a%2Fb%3Fc%3Dd%26e%23f");
  EXPECT_EQ(PercentEncode("lan+x@example.com"), "lan%2Bx%40example%2Ecom");
  EXPECT_EQ(PercentEncode("a b%20"), "a%20b%2520");
  EXPECT_EQ(PercentEncode("\r\n"), "%0D%0A");
  EXPECT_EQ(PercentEncode(std::string("a\0b", 3)), "a%00b");
  // UTF-8 bytes, upper-case hex.
  EXPECT_EQ(PercentEncode("đơn"), "%C4%91%C6%A1n");
  EXPECT_EQ(PercentEncode("\xff"), "%FF");
}

}  // namespace
}  // namespace frontdesk::lookups_internal
