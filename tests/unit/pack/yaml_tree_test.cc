#include "engine/pack/yaml_tree.h"

#include <string>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using Kind = YamlNode::Kind;

// One line per tree: value@LINE:COL; quoted values in "", a trailing '+' when
// the scalar spans lines, ~ for null.
std::string Dump(const YamlNode& node) {
  const std::string at = "@" + std::to_string(node.loc.line) + ":" + std::to_string(node.loc.col);
  std::string out;
  switch (node.kind) {
    case Kind::kNull:
      return "~" + at;
    case Kind::kScalar:
      out = node.quoted ? "\"" + node.scalar + "\"" : node.scalar;
      return out + at + (node.spans_lines ? "+" : "");
    case Kind::kSequence:
      for (const auto& item : node.items) out += (out.empty() ? "" : ", ") + Dump(item);
      return "[" + out + "]" + at;
    case Kind::kMap:
      for (const auto& [k, v] : node.entries) {
        out += (out.empty() ? "" : ", ") + Dump(k) + ": " + Dump(v);
      }
      return "{" + out + "}" + at;
  }
  return "?";
}

struct Parsed {
  bool ok = false;
  YamlNode root;
  Diagnostics diags;
};

Parsed Parse(const std::string& content, const YamlLimits& limits = {}) {
  Parsed p;
  p.ok = ParseYaml("t.yaml", content, limits, &p.root, &p.diags);
  return p;
}

TEST(YamlTreeTest, BuildsNestedMapsAndListsWithOneBasedLocations) {
  Parsed p = Parse(
      "a:\n"
      "  b: [1, \"x\"]\n"
      "  c:\n"
      "    - d\n"
      "    - e: f\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "");
  EXPECT_EQ(Dump(p.root),
            "{a@1:1: {b@2:3: [1@2:7, \"x\"@2:10]@2:6, "
            "c@3:3: [d@4:7, {e@5:7: f@5:10}@5:7]@4:5}@2:3}@1:1");
  EXPECT_EQ(p.root.loc.file, "t.yaml");
}

TEST(YamlTreeTest, ReportsDuplicateKeys) {
  Parsed p = Parse(
      "id: a\n"
      "name: x\n"
      "id: b\n"
      "more: {k: 1, k: 2}\n");
  EXPECT_TRUE(p.ok);  // the tree is built; the caller sees the errors
  EXPECT_EQ(p.diags.ToString(),
            "t.yaml:3:1: error: duplicate key 'id' (first at 1:1)\n"
            "t.yaml:4:14: error: duplicate key 'k' (first at 4:8)\n");
  EXPECT_EQ(Dump(p.root), "{id@1:1: a@1:5, name@2:1: x@2:7, more@4:1: {k@4:8: 1@4:11}@4:7}@1:1");
}

TEST(YamlTreeTest, ReportsKeysThatAreNotStrings) {
  Parsed p = Parse(
      "? [1]\n"
      ": 2\n"
      "? {a: b}\n"
      ": 3\n"
      ": 4\n"
      "ok: 5\n");
  EXPECT_EQ(p.diags.ToString(),
            "t.yaml:1:3: error: a key must be a string, not a list\n"
            "t.yaml:3:3: error: a key must be a string, not a map\n"
            "t.yaml:5:1: error: a key must be a string, not null\n");
  EXPECT_EQ(Dump(p.root), "{ok@6:1: 5@6:5}@1:1");
}

TEST(YamlTreeTest, RefusesAnchorsAndAliases) {
  Parsed p = Parse("base: &b {x: 1}\nother: *b\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(),
            "t.yaml:1:7: error: anchors and aliases are not allowed (&b)\n"
            "t.yaml:2:8: error: aliases are not allowed (*b)\n");
  EXPECT_TRUE(p.root.IsNull());

  Parsed anchor_only = Parse("a: &x 1\n");
  EXPECT_FALSE(anchor_only.ok);
  EXPECT_EQ(anchor_only.diags.ToString(),
            "t.yaml:1:4: error: anchors and aliases are not allowed (&x)\n");
}

// Billion laughs: 9 levels of 9 aliases each; YAML::Node would build 9^9
// nodes. The parse must stop at the first alias, having built only the nodes
// written before it.
TEST(YamlTreeTest, RefusesAliasBombAtTheFirstAlias) {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev = "*" + std::string(1, c - 1);
    bomb += std::string(1, c) + ": &" + c + " [" + prev;
    for (int i = 0; i < 8; ++i) bomb += "," + prev;
    bomb += "]\n";
  }
  const std::string refused =
      "t.yaml:1:4: error: anchors and aliases are not allowed (&a)\n"
      "t.yaml:2:4: error: anchors and aliases are not allowed (&b)\n"
      "t.yaml:2:8: error: aliases are not allowed (*a)\n";
  Parsed p = Parse(bomb);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), refused);
  EXPECT_TRUE(p.root.IsNull());

  // 14 nodes come before the first alias (the root map, a, its list and 9
  // strings, b and its list): a limit of 14 is not reached, so nothing was
  // built from the alias...
  YamlLimits limits;
  limits.max_nodes = 14;
  Parsed at_limit = Parse(bomb, limits);
  EXPECT_FALSE(at_limit.ok);
  EXPECT_EQ(at_limit.diags.ToString(), refused);
  // ...and a limit of 13 is exceeded at b's list (&b [...), the 14th node.
  limits.max_nodes = 13;
  Parsed below = Parse(bomb, limits);
  EXPECT_FALSE(below.ok);
  EXPECT_EQ(below.diags.ToString(),
            "t.yaml:1:4: error: anchors and aliases are not allowed (&a)\n"
            "t.yaml:2:4: error: anchors and aliases are not allowed (&b)\n"
            "t.yaml:2:4: error: more than 13 nodes in the file\n");
}

TEST(YamlTreeTest, RefusesNestingDeeperThanLimit) {
  YamlLimits limits;
  limits.max_depth = 3;
  EXPECT_TRUE(Parse("a:\n  b:\n    c: 1\n", limits).ok);
  Parsed p = Parse("a:\n  b:\n    c:\n      d: 1\n", limits);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:4:7: error: nested deeper than the limit of 3 levels\n");
}

TEST(YamlTreeTest, DeepFlowNestingStopsAtDefaultLimit) {
  Parsed p = Parse(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:1:65: error: nested deeper than the limit of 64 levels\n");
}

TEST(YamlTreeTest, RefusesTooManyNodes) {
  YamlLimits limits;
  limits.max_nodes = 3;
  EXPECT_TRUE(Parse("[1, 2]", limits).ok);
  Parsed p = Parse("[1, 2, 3]", limits);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:1:8: error: more than 3 nodes in the file\n");
}

TEST(YamlTreeTest, RefusesContentOverSizeLimit) {
  YamlLimits limits;
  limits.max_file_bytes = 8;
  Parsed p = Parse("a: 123456\n", limits);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:1:1: error: file is 10 bytes, more than the limit of 8\n");
}

TEST(YamlTreeTest, ReportsSyntaxErrorsWithLocation) {
  Parsed p = Parse("a: b: c");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:1:5: error: illegal map value\n");
  EXPECT_TRUE(p.root.IsNull());

  // yaml-cpp marks this one line 0, column 0 (EOF without a newline); the
  // location comes from the byte offset instead.
  Parsed eof = Parse("a: [1, 2");
  EXPECT_FALSE(eof.ok);
  EXPECT_EQ(eof.diags.ToString(), "t.yaml:1:9: error: end of sequence flow not found\n");
}

TEST(YamlTreeTest, UnterminatedQuoteBeforeAnotherQuoteIsASyntaxError) {
  Parsed p = Parse(
      "- id: a\n"
      "  pattern: \"where is my order\n"
      "- id: b\n"
      "  pattern: \"cancel\"\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:4:13: error: end of map not found\n");
}

TEST(YamlTreeTest, UnterminatedQuoteThatSwallowsARuleSpansLines) {
  Parsed p = Parse(
      "- id: a\n"
      "  pattern: \"where is my order\n"
      "- id: b\n"
      "  pattern: cancel\"\n"
      "- id: c\n"
      "  pattern: \"refund\"\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(
      Dump(p.root),
      "[{id@1:3: a@1:7, pattern@2:3: \"where is my order - id: b pattern: cancel\"@2:12+}@1:3, "
      "{id@5:3: c@5:7, pattern@6:3: \"refund\"@6:12}@5:3]@1:1");

  // yaml-cpp accepts a quote left open to the end of the file.
  Parsed at_end = Parse("- id: a\n  pattern: \"where is my order\n");
  ASSERT_TRUE(at_end.ok);
  EXPECT_EQ(Dump(at_end.root),
            "[{id@1:3: a@1:7, pattern@2:3: \"where is my order \"@2:12+}@1:3]@1:1");
}

TEST(YamlTreeTest, QuotedScalarsOnOneLineDoNotSpanLines) {
  Parsed p = Parse("a: \"say \\\"hi\\\" \\\\\"\nb: 'it''s'\nc: \"x\"\r\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(Dump(p.root),
            "{a@1:1: \"say \"hi\" \\\"@1:4, b@2:1: \"it's\"@2:4, c@3:1: \"x\"@3:4}@1:1");

  Parsed broken = Parse("a: \"line one\n  line two\"\nb: 'x\n  y'\n");
  ASSERT_TRUE(broken.ok);
  EXPECT_EQ(Dump(broken.root), "{a@1:1: \"line one line two\"@1:4+, b@3:1: \"x y\"@3:4+}@1:1");
}

TEST(YamlTreeTest, BlockScalarsSpanLines) {
  Parsed p = Parse("reply: |\n  Hello\n  there\nshort: >-\n  x\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(Dump(p.root), "{reply@1:1: Hello\nthere\n@1:8+, short@4:1: x@4:8+}@1:1");
  EXPECT_FALSE(p.root.entries[0].second.quoted);
}

TEST(YamlTreeTest, DetectsPlainScalarContinuation) {
  Parsed p = Parse(
      "a: where is\n"
      "  my order\n"
      "b: x # a comment\n"
      "c: y   \n"
      "d: z\r\n"
      "e: [p, q]\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(Dump(p.root),
            "{a@1:1: where is my order@1:4+, b@3:1: x@3:4, c@4:1: y@4:4, d@5:1: z@5:4, "
            "e@6:1: [p@6:5, q@6:8]@6:4}@1:1");
}

TEST(YamlTreeTest, EmptyDocumentGivesNullRoot) {
  for (const std::string content : {"", "# only a comment\n", "\n\n"}) {
    Parsed p = Parse(content);
    EXPECT_TRUE(p.ok) << content;
    EXPECT_EQ(p.diags.ToString(), "");
    EXPECT_EQ(Dump(p.root), "~@1:1");
  }
}

TEST(YamlTreeTest, RefusesSecondDocument) {
  Parsed p = Parse("a: 1\n---\nb: 2\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:2:1: error: more than one YAML document in the file\n");

  Parsed empty_second = Parse("a: 1\n---\n");
  EXPECT_FALSE(empty_second.ok);
  EXPECT_EQ(empty_second.diags.ToString(),
            "t.yaml:2:1: error: more than one YAML document in the file\n");

  EXPECT_TRUE(Parse("---\na: 1\n...\n").ok);
}

TEST(YamlTreeTest, ReadsNullsAndEmptyValues) {
  Parsed p = Parse("a:\nb: ~\nc: null\nd: 'null'\ne: !!str null\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(Dump(p.root),
            "{a@1:1: ~@2:1, b@2:1: ~@2:4, c@3:1: ~@3:4, d@4:1: \"null\"@4:4, e@5:1: null@5:4}@1:1");
}

TEST(YamlTreeTest, RecordsQuotedFlag) {
  Parsed p = Parse("a: 'x'\nb: \"y\"\nc: z\nd: !!str 'w'\n'e': 1\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(Dump(p.root),
            "{a@1:1: \"x\"@1:4, b@2:1: \"y\"@2:4, c@3:1: z@3:4, d@4:1: \"w\"@4:4, "
            "\"e\"@5:1: 1@5:6}@1:1");
}

TEST(YamlTreeTest, PreservesUtf8BytesAndCountsColumnsInBytes) {
  const std::string value = "đơn hàng của tôi ở đâu";
  Parsed p = Parse("đơn: \"" + value + "\"\ntiếng: Việt\n");
  ASSERT_TRUE(p.ok);
  ASSERT_NE(p.root.Find("đơn"), nullptr);
  EXPECT_EQ(p.root.Find("đơn")->scalar, value);
  EXPECT_EQ(Dump(p.root), "{đơn@1:1: \"" + value + "\"@1:8, tiếng@2:1: Việt@2:10}@1:1");
}

TEST(YamlTreeTest, AcceptsByteOrderMark) {
  Parsed p = Parse(
      "\xEF\xBB\xBF"
      "a: \"x\"\nb: 'y\n  z'\nc: plain\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(Dump(p.root), "{a@1:1: \"x\"@1:4, b@2:1: \"y z\"@2:4+, c@4:1: plain@4:4}@1:1");
}

TEST(YamlTreeTest, RefusesBytesThatAreNotUtf8) {
  Parsed p = Parse("a: ok\nb: \"caf\xE9\"\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(),
            "t.yaml:2:8: error: not UTF-8 text (byte 0xE9); save the file as UTF-8\n");

  Parsed utf16 =
      Parse(std::string("\xFF\xFE"
                        "a\0:\0",
                        6));
  EXPECT_FALSE(utf16.ok);
  EXPECT_EQ(utf16.diags.ToString(),
            "t.yaml:1:1: error: not UTF-8 text (byte 0xFF); save the file as UTF-8\n");
}

TEST(YamlTreeTest, TabIndentationIsAnErrorNotACrash) {
  Parsed p = Parse("a:\n\tb: 1\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.diags.ToString(), "t.yaml:2:3: error: illegal map value\n");
}

TEST(YamlTreeTest, FindAndKindName) {
  Parsed p = Parse("name: x\nlist: [1]\nmap: {}\nnothing:\n");
  ASSERT_TRUE(p.ok);
  EXPECT_STREQ(p.root.KindName(), "a map");
  EXPECT_STREQ(p.root.Find("name")->KindName(), "a string");
  EXPECT_STREQ(p.root.Find("list")->KindName(), "a list");
  EXPECT_STREQ(p.root.Find("map")->KindName(), "a map");
  EXPECT_STREQ(p.root.Find("nothing")->KindName(), "null");
  EXPECT_EQ(p.root.Find("missing"), nullptr);
  EXPECT_EQ(p.root.Find("list")->Find("1"), nullptr);  // not a map
}

TEST(YamlTreeTest, ParseYamlFileUsesDisplayName) {
  testing::TempDir dir;
  const auto path = dir.Write("intents/en.yaml", "a: 1\nb: [x]\n");
  YamlNode root;
  Diagnostics diags;
  EXPECT_TRUE(ParseYamlFile(path.string(), "intents/en.yaml", {}, &root, &diags));
  EXPECT_EQ(diags.ToString(), "");
  EXPECT_EQ(Dump(root), "{a@1:1: 1@1:4, b@2:1: [x@2:5]@2:4}@1:1");
  EXPECT_EQ(root.Find("b")->items[0].loc.ToString(), "intents/en.yaml:2:5");
}

TEST(YamlTreeTest, ParseYamlFileReportsUnreadableFiles) {
  testing::TempDir dir;
  YamlNode root;
  Diagnostics diags;
  EXPECT_FALSE(ParseYamlFile((dir.path() / "nope.yaml").string(), "nope.yaml", {}, &root, &diags));
  EXPECT_FALSE(ParseYamlFile(dir.path().string(), "dir", {}, &root, &diags));
  EXPECT_EQ(diags.ToString(),
            "dir:1:1: error: cannot read dir: Is a directory\n"
            "nope.yaml:1:1: error: cannot read nope.yaml: No such file or directory\n");
}

TEST(YamlTreeTest, ParseYamlFileRefusesLargeFileBeforeReading) {
  testing::TempDir dir;
  const auto path = dir.Write("big.yaml", std::string(100, '#'));
  YamlLimits limits;
  limits.max_file_bytes = 10;
  YamlNode root;
  Diagnostics diags;
  EXPECT_FALSE(ParseYamlFile(path.string(), "big.yaml", limits, &root, &diags));
  EXPECT_EQ(diags.ToString(),
            "big.yaml:1:1: error: file is 100 bytes, more than the limit of 10\n");
}

}  // namespace
}  // namespace frontdesk
