// Loading `lookups:` (engine/pack/lookup_loader.cc) and checking its SQL
// against the real database (engine/lookups/lookup_check.cc): every mistake
// is one FILE:LINE:COL error, found before any customer writes.
#include "engine/pack/lookup_def.h"
#include "engine/lookups/lookup_check.h"
#include "engine/lookups/shop_database.h"
#include "engine/pack/pack.h"
#include "engine/pack/yaml_tree.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class LookupLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(BuildDatabaseFromSql((testing::SourceDir() / "examples/shop/shop.sql").string(),
                                   (dir_.path() / "shop.db").string()));
  }

  // Reads `yaml` as lookups.yaml; returns the diagnostics, one per line.
  std::string Load(const std::string& yaml) {
    Config config;
    config.dir = dir_.path().string();
    YamlNode root;
    Diagnostics diags;
    defs_ = PackDefs();
    if (ParseYaml("lookups.yaml", yaml, YamlLimits(), &root, &diags)) {
      ReadLookups(*root.Find("lookups"), config, &defs_, &diags);
      CheckSqlLookups(config, defs_.lookups, &diags);
    }
    return diags.ToString();
  }

  TempDir dir_;
  PackDefs defs_;
};

TEST_F(LookupLoaderTest, AcceptsAGoodSqlLookup) {
  EXPECT_EQ(Load(R"(lookups:
  - name: order_status
    kind: sql
    database: shop.db
    query: "SELECT o.status, c.email AS e, c.postcode AS p FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :order_id AND :verified >= 0"
    params: {order_id: slots.order_id, verified: sender.verified}
    owner: {email: e}
    limits: {per_key: 3, window_seconds: 60}
)"),
            "");
  ASSERT_EQ(defs_.lookups.size(), 1u);
  const LookupDef& d = defs_.lookups[0];
  EXPECT_EQ(d.database, (dir_.path() / "shop.db").string());
  EXPECT_EQ(d.owner.email, "e");
  EXPECT_EQ(d.limits.per_key, 3);
  EXPECT_EQ(d.limits.per_conversation, 10);
  EXPECT_EQ(d.limit, 1);
  EXPECT_EQ(d.Slots(), std::vector<std::string>{"order_id"});
  EXPECT_EQ(d.loc.ToString(), "lookups.yaml:2:5");
}

TEST_F(LookupLoaderTest, UnknownKey) {
  EXPECT_THAT(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: SELECT id FROM orders
    colour: blue
)"),
              StartsWith("lookups.yaml:6:5: error: unknown key 'colour' in lookup (expected one of: name, "));
}

TEST_F(LookupLoaderTest, QueryThatWritesIsRefused) {
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: DELETE FROM orders WHERE id = :order_id
    params: {order_id: slots.order_id}
)"),
            "lookups.yaml:5:12: error: lookup 'x': query must be a single read-only SELECT, not DELETE\n");
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: WITH t AS (SELECT 1) DELETE FROM orders
)"),
            "lookups.yaml:5:12: error: lookup 'x': query may only read (not authorized)\n");
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: "SELECT 1; DELETE FROM orders"
)"),
            "lookups.yaml:5:12: error: lookup 'x': query must be a single statement (text follows the first ';')\n");
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: ATTACH 'other.db' AS o
)"),
            "lookups.yaml:5:12: error: lookup 'x': query must be a single read-only SELECT, not ATTACH\n");
  EXPECT_THAT(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: SELECT nope FROM orders
)"),
              StartsWith("lookups.yaml:5:12: error: lookup 'x': query does not compile: no such column: nope"));
}

TEST_F(LookupLoaderTest, EveryParameterIsDeclaredAndUsed) {
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: SELECT id FROM orders WHERE id = :order_id AND customer_id = :customer
    params: {order_id: slots.order_id, unused: sender.email}
)"),
            "lookups.yaml:5:12: error: lookup 'x': query uses parameter ':customer', which 'params' does not define\n"
            "lookups.yaml:6:48: error: lookup 'x': the query has no parameter ':unused'\n");
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: SELECT id FROM orders WHERE id = ?
)"),
            "lookups.yaml:5:12: error: lookup 'x': use named parameters (:name), not '?1'\n");
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: SELECT id FROM orders WHERE id = :order_id
    params: {order_id: customer.order}
)"),
            "lookups.yaml:5:12: error: lookup 'x': query uses parameter ':order_id', which 'params' does not define\n"
            "lookups.yaml:6:24: error: lookup 'x': 'customer.order' is not slots.NAME, sender.email, "
            "sender.verified or language\n");
}

TEST_F(LookupLoaderTest, MissingDatabase) {
  EXPECT_THAT(Load(R"(lookups:
  - name: x
    kind: sql
    database: missing.db
    query: SELECT 1
)"),
              StartsWith("lookups.yaml:4:15: error: lookup 'x': cannot open database 'missing.db' (database " +
                         (dir_.path() / "missing.db").string() + " does not exist)"));
}

TEST_F(LookupLoaderTest, MissingQueryOwnerColumnsAndKinds) {
  EXPECT_EQ(Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    url: http://example.com/
  - name: y
    kind: sql
    database: shop.db
    query: SELECT id FROM orders
    owner: {email: owner_email}
    rows: many
  - name: z
    kind: ftp
)"),
            "lookups.yaml:2:5: error: lookup needs 'query'\n"
            "lookups.yaml:5:5: error: 'url' is not a key of kind sql lookups\n"
            "lookups.yaml:10:12: error: lookup 'y': the query returns no column 'owner_email' for 'owner'\n"
            "lookups.yaml:11:11: error: 'rows' must be single or list\n"
            "lookups.yaml:13:11: error: lookup 'z': 'kind' must be sql or http\n");
}

TEST_F(LookupLoaderTest, DuplicateNames) {
  EXPECT_EQ(Load(R"(lookups:
  - {name: x, kind: sql, database: shop.db, query: SELECT 1}
  - {name: x, kind: sql, database: shop.db, query: SELECT 2}
)"),
            "lookups.yaml:3:12: error: duplicate lookup 'x' (first defined at lookups.yaml:2:5)\n");
}

TEST_F(LookupLoaderTest, HttpLookupChecks) {
  EXPECT_EQ(Load(R"(lookups:
  - name: api
    kind: http
    url: "${SHOP_API}/orders/{{slots.order_id}}"
    headers: {Authorization: "Bearer ${SHOP_API_TOKEN}"}
    timeout_ms: 500
    fields: {status: /status, carrier: /shipping/carrier}
    owner: {email: /customer/email}
)"),
            "");
  ASSERT_EQ(defs_.lookups.size(), 1u);
  EXPECT_EQ(defs_.lookups[0].Slots(), std::vector<std::string>{"order_id"});
  EXPECT_EQ(Load(R"(lookups:
  - name: api
    kind: http
    url: "http://{{slots.host}}/orders"
    method: DELETE
    headers: {X-Token: "${BAD-NAME}"}
    fields: {status: status}
    owner: {email: customer/email}
    query: SELECT 1
    rows: list
)"),
            "lookups.yaml:4:10: error: lookup 'api': '{{...}}' may only appear in the url's path or query, not its host\n"
            "lookups.yaml:5:13: error: lookup 'api': 'method' must be GET or POST\n"
            "lookups.yaml:6:24: error: lookup 'api': '${BAD-NAME}' is not a valid environment variable name\n"
            "lookups.yaml:7:22: error: lookup 'api': 'status' is not a JSON pointer\n"
            "lookups.yaml:8:12: error: lookup 'api': 'customer/email' is not a JSON pointer\n"
            "lookups.yaml:9:5: error: 'query' is not a key of kind http lookups\n"
            "lookups.yaml:10:11: error: lookup 'api': 'rows: list' is for sql lookups only\n");
  EXPECT_EQ(Load(R"(lookups:
  - name: api
    kind: http
    url: "ftp://shop/{{sender.name}}"
)"),
            "lookups.yaml:2:5: error: lookup 'api': an http lookup needs 'fields'\n"
            "lookups.yaml:4:10: error: lookup 'api': url must start with http://, https:// or ${VARIABLE}\n"
            "lookups.yaml:4:10: error: lookup 'api': '{{sender.name}}' is not slots.NAME, sender.email, "
            "sender.verified or language\n");
}

TEST_F(LookupLoaderTest, CrossReferences) {
  Load(R"(lookups:
  - name: x
    kind: sql
    database: shop.db
    query: SELECT id FROM orders WHERE id = :order_id
    params: {order_id: slots.order_number}
)");
  RuleDef rule;
  rule.id = "r1";
  RuleAction a;
  a.kind = RuleAction::Kind::kLookup;
  a.target = "order_lookup";
  a.loc = {"rules.yaml", 3, 9};
  rule.then.push_back(a);
  defs_.rules.push_back(rule);
  Diagnostics diags;
  ValidateLookupRefs(defs_, &diags);
  EXPECT_EQ(diags.ToString(),
            "lookups.yaml:6:24: error: lookup 'x' reads slot 'order_number', which no pack declares\n"
            "rules.yaml:3:9: error: rule 'r1' runs lookup 'order_lookup', which no pack declares\n");
}

// Asking for proof of ownership only makes sense for a lookup that checks it.
TEST_F(LookupLoaderTest, AskProofNeedsALookupWithOwner) {
  Load(R"(lookups:
  - name: stock
    kind: sql
    database: shop.db
    query: SELECT sku FROM products WHERE sku = :sku
    params: {sku: slots.sku}
)");
  defs_.slots["sku"];
  RuleDef rule;
  rule.id = "r2";
  RuleAction a;
  a.kind = RuleAction::Kind::kLookup;
  a.target = "stock";
  a.ask_proof = "ask.proof";
  a.loc = {"rules.yaml", 4, 9};
  rule.then.push_back(a);
  defs_.rules.push_back(rule);
  Diagnostics diags;
  ValidateLookupRefs(defs_, &diags);
  EXPECT_EQ(diags.ToString(),
            "rules.yaml:4:9: error: rule 'r2' asks for proof of ownership, but lookup 'stock' has "
            "no 'owner'\n");
}

TEST_F(LookupLoaderTest, ShippedLookupsLoad) {
  YamlNode root;
  Diagnostics diags;
  Config config;
  config.dir = dir_.path().string();
  ASSERT_TRUE(ParseYamlFile((testing::SourceDir() / "examples/shop/lookups.yaml").string(), "lookups.yaml",
                            YamlLimits(), &root, &diags));
  ReadLookups(*root.Find("lookups"), config, &defs_, &diags);
  EXPECT_EQ(diags.ToString(), "");
  EXPECT_EQ(defs_.lookups.size(), 7u);
}

}  // namespace
}  // namespace frontdesk
