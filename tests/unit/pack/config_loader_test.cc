// The config loader (engine/pack/config_loader.cc): frontdesk.yaml into
// Config, defaults for what is left out, FILE:LINE:COL errors for unknown
// keys and wrong types, and paths resolved against the config's directory.
#include "engine/pack/config_loader.h"

#include <filesystem>
#include <sstream>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

using Ranges = std::vector<std::pair<int, int>>;

class ConfigLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir_.path() / "intents"); }

  // Writes `yaml` as DIR/frontdesk.yaml and loads it; returns the
  // diagnostics (one per line, file names relative to DIR).
  std::string Load(const std::string& yaml) {
    config_ = Config();
    Diagnostics diags;
    std::filesystem::path path = dir_.Write("frontdesk.yaml", yaml);
    ok_ = LoadConfig(path.string(), &config_, &diags);
    // Each line starts with the file as given (the full path): keep its name.
    const std::string prefix = dir_.path().string() + "/";
    std::istringstream lines(diags.ToString());
    std::string out;
    for (std::string line; std::getline(lines, line);)
      out += (line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : line) + "\n";
    return out;
  }

  std::string At(const std::string& relative) const {
    return (dir_.path() / relative).lexically_normal().string();
  }

  TempDir dir_;
  Config config_;
  bool ok_ = false;
};

TEST_F(ConfigLoaderTest, DefaultsForEverythingButPacks) {
  EXPECT_EQ(Load("packs: [intents]\n"), "");
  EXPECT_TRUE(ok_);
  const Config defaults;
  EXPECT_EQ(config_.path, (dir_.path() / "frontdesk.yaml").string());
  EXPECT_EQ(config_.dir, dir_.path().string());
  EXPECT_THAT(config_.packs, ElementsAre(At("intents")));
  EXPECT_THAT(config_.languages, ElementsAre("en", "vi", "es"));
  EXPECT_THAT(config_.channels, ElementsAre("chat", "email", "form", "api"));
  EXPECT_FALSE(config_.hours.configured);
  EXPECT_EQ(config_.store_path, "");  // in memory only
  EXPECT_TRUE(config_.synchronous_full);
  EXPECT_EQ(config_.listen, "127.0.0.1:8080");
  EXPECT_EQ(config_.max_body_bytes, 1u << 20);
  EXPECT_EQ(config_.escalation_eta_hours, 4);
  EXPECT_THAT(config_.databases, IsEmpty());
  EXPECT_EQ(config_.similarity.enabled, defaults.similarity.enabled);
  EXPECT_EQ(config_.similarity.min_score, defaults.similarity.min_score);
  EXPECT_EQ(config_.similarity.min_coverage, defaults.similarity.min_coverage);
  EXPECT_EQ(config_.similarity.min_margin, defaults.similarity.min_margin);
}

TEST_F(ConfigLoaderTest, ReadsEveryKey) {
  dir_.Write("site/templates.yaml", "templates: {}\n");
  dir_.Write("extra.yaml", "templates: {}\n");
  EXPECT_EQ(Load(R"(packs: [intents, site, extra.yaml]
languages: [vi, en]
channels: [chat, zalo]
business_hours:
  utc_offset: "+07:00"
  mon-fri: "08:00-18:00"
  sat: "09:00-12:00"
store:
  path: data/frontdesk.db
  synchronous: normal
server:
  listen: 0.0.0.0:9000
  max_body_bytes: 4096
escalation:
  eta_hours: 8
databases:
  - {path: shop.db, build_from: sql/shop.sql}
  - path: /var/lib/other.db
)"),
            "");
  EXPECT_TRUE(ok_);
  EXPECT_THAT(config_.packs, ElementsAre(At("intents"), At("site"), At("extra.yaml")));
  EXPECT_THAT(config_.languages, ElementsAre("vi", "en"));
  EXPECT_THAT(config_.channels, ElementsAre("chat", "zalo"));
  EXPECT_TRUE(config_.hours.configured);
  EXPECT_EQ(config_.hours.utc_offset_minutes, 7 * 60);
  for (int d = 1; d <= 5; ++d) EXPECT_EQ(config_.hours.open[d], (Ranges{{480, 1080}})) << d;
  EXPECT_EQ(config_.hours.open[6], (Ranges{{540, 720}}));
  EXPECT_THAT(config_.hours.open[0], IsEmpty());
  EXPECT_EQ(config_.store_path, At("data/frontdesk.db"));
  EXPECT_FALSE(config_.synchronous_full);
  EXPECT_EQ(config_.listen, "0.0.0.0:9000");
  EXPECT_EQ(config_.max_body_bytes, 4096u);
  EXPECT_EQ(config_.escalation_eta_hours, 8);
  EXPECT_THAT(config_.databases, ElementsAre(Pair(At("shop.db"), At("sql/shop.sql")),
                                             Pair("/var/lib/other.db", "")));
}

TEST_F(ConfigLoaderTest, ScalarsWhereListsAreExpected) {
  EXPECT_EQ(Load("packs: intents\nlanguages: vi\nchannels: chat\n"), "");
  EXPECT_THAT(config_.packs, ElementsAre(At("intents")));
  EXPECT_THAT(config_.languages, ElementsAre("vi"));
  EXPECT_THAT(config_.channels, ElementsAre("chat"));
}

TEST_F(ConfigLoaderTest, SynchronousFullOrNormal) {
  EXPECT_EQ(Load("packs: [intents]\nstore: {synchronous: full}\n"), "");
  EXPECT_TRUE(config_.synchronous_full);
  EXPECT_EQ(config_.store_path, "");
  EXPECT_EQ(Load("packs: [intents]\nstore: {synchronous: normal}\n"), "");
  EXPECT_FALSE(config_.synchronous_full);
  EXPECT_EQ(Load("packs: [intents]\nstore:\n  synchronous: off\n"),
            "frontdesk.yaml:3:16: error: synchronous must be full or normal\n");
  EXPECT_FALSE(ok_);
  EXPECT_EQ(Load("packs: [intents]\nstore:\n  synchronous: FULL\n"),
            "frontdesk.yaml:3:16: error: synchronous must be full or normal\n");
}

TEST_F(ConfigLoaderTest, StoreConnectionsArePostgresOnlyAndBounded) {
  EXPECT_EQ(Load("packs: [intents]\nstore: {postgres: \"dbname=fd\"}\n"), "");
  EXPECT_EQ(config_.store_connections, 8);
  EXPECT_EQ(Load("packs: [intents]\nstore: {postgres: \"dbname=fd\", connections: 32}\n"), "");
  EXPECT_EQ(config_.store_connections, 32);
  EXPECT_EQ(Load("packs: [intents]\nstore:\n  postgres: \"dbname=fd\"\n  connections: 0\n"),
            "frontdesk.yaml:4:16: error: connections must be 1 to 1000\n");
  EXPECT_EQ(Load("packs: [intents]\nstore:\n  path: fd.db\n  connections: 4\n"),
            "frontdesk.yaml:4:16: error: connections applies to PostgreSQL (store.postgres); SQLite has one "
            "writer\n");
  EXPECT_FALSE(ok_);
}

TEST_F(ConfigLoaderTest, StorePathInMemoryOrResolved) {
  EXPECT_EQ(Load("packs: [intents]\nstore: {path: \":memory:\"}\n"), "");
  EXPECT_EQ(config_.store_path, ":memory:");
  EXPECT_EQ(Load("packs: [intents]\nstore: {path: ../db/./fd.db}\n"), "");
  EXPECT_EQ(config_.store_path, (dir_.path().parent_path() / "db/fd.db").string());
  EXPECT_EQ(Load("packs: [intents]\nstore: {path: /srv/fd.db}\n"), "");
  EXPECT_EQ(config_.store_path, "/srv/fd.db");
}

TEST_F(ConfigLoaderTest, RelativePathsResolveAgainstTheConfigsDirectoryNotTheWorkingOne) {
  TempDir elsewhere;
  std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(elsewhere.path());
  std::string diags = Load(
      "packs: [./intents/../intents]\nstore: {path: fd.db}\n"
      "databases: [{path: data/shop.db, build_from: ../shared/shop.sql}]\n");
  std::filesystem::current_path(cwd);
  EXPECT_EQ(diags, "");
  EXPECT_THAT(config_.packs, ElementsAre(At("intents")));
  EXPECT_EQ(config_.store_path, At("fd.db"));
  EXPECT_THAT(config_.databases,
              ElementsAre(Pair(At("data/shop.db"), (dir_.path().parent_path() / "shared/shop.sql").string())));
}

TEST_F(ConfigLoaderTest, MissingPackDirectory) {
  EXPECT_EQ(Load("packs: [intents, nope, notes.txt]\n"),
            "frontdesk.yaml:1:8: error: pack directory 'nope' does not exist (resolved to " + At("nope") +
                ")\n"
                "frontdesk.yaml:1:8: error: pack directory 'notes.txt' does not exist (resolved to " +
                At("notes.txt") + ")\n");
  EXPECT_FALSE(ok_);
}

TEST_F(ConfigLoaderTest, PacksAndLanguagesAreRequired) {
  EXPECT_EQ(Load("languages: [en]\n"),
            "frontdesk.yaml:1:1: error: the config needs 'packs': a list of pack directories\n");
  EXPECT_FALSE(ok_);
  EXPECT_EQ(Load("packs: [intents]\nlanguages: []\n"),
            "frontdesk.yaml:1:1: error: 'languages' must name at least one language\n");
}

TEST_F(ConfigLoaderTest, ConfigMustBeAMap) {
  EXPECT_EQ(Load("- intents\n"), "frontdesk.yaml:1:1: error: the config must be a map, not a list\n");
  EXPECT_FALSE(ok_);
  EXPECT_EQ(Load(""), "frontdesk.yaml:1:1: error: the config must be a map, not null\n");
}

TEST_F(ConfigLoaderTest, UnknownKeysEverywhere) {
  EXPECT_EQ(Load(R"(packs: [intents]
languages: [en]
colour: blue
store: {path: fd.db, sync: full}
server: {listen: "127.0.0.1:1", port: 80}
escalation: {eta: 3}
databases:
  - {path: shop.db, from: shop.sql}
)"),
            "frontdesk.yaml:3:1: error: unknown key 'colour' in the config (expected one of: packs, "
            "languages, channels, business_hours, store, server, escalation, databases, similarity, typos, "
            "notify, mail)\n"
            "frontdesk.yaml:4:22: error: unknown key 'sync' in store (expected one of: path, synchronous, postgres, "
            "connections)\n"
            "frontdesk.yaml:5:33: error: unknown key 'port' in server (expected one of: listen, "
            "max_body_bytes, workers, max_connections, keep_alive_seconds, keep_alive_requests, "
            "read_timeout_seconds, write_timeout_seconds, rate_limit, trusted_proxies)\n"
            "frontdesk.yaml:6:14: error: unknown key 'eta' in escalation (expected one of: eta_hours, "
            "reopen_within_hours)\n"
            "frontdesk.yaml:8:21: error: unknown key 'from' in database (expected one of: path, "
            "build_from)\n");
  EXPECT_FALSE(ok_);
}

TEST_F(ConfigLoaderTest, WrongTypes) {
  EXPECT_EQ(Load(R"(packs: {a: b}
languages: [en, [vi]]
store: frontdesk.db
server:
  listen: [a, b]
  max_body_bytes: lots
escalation: {eta_hours: 2.5}
databases: {path: shop.db}
)"),
            "frontdesk.yaml:1:1: error: the config needs 'packs': a list of pack directories\n"
            "frontdesk.yaml:1:8: error: 'packs' must be a string or a list of strings, not a map\n"
            "frontdesk.yaml:2:17: error: 'languages' item must be a string, not a list\n"
            "frontdesk.yaml:3:8: error: store must be a map, not a string\n"
            "frontdesk.yaml:5:11: error: 'listen' must be a string, not a list\n"
            "frontdesk.yaml:6:19: error: 'max_body_bytes' must be an integer\n"
            "frontdesk.yaml:7:25: error: 'eta_hours' must be an integer\n"
            "frontdesk.yaml:8:12: error: 'databases' must be a list\n");
  EXPECT_FALSE(ok_);
}

TEST_F(ConfigLoaderTest, MaxBodyBytesMustBePositive) {
  EXPECT_EQ(Load("packs: [intents]\nserver: {max_body_bytes: 0}\n"),
            "frontdesk.yaml:2:26: error: max_body_bytes must be positive\n");
  EXPECT_EQ(Load("packs: [intents]\nserver: {max_body_bytes: -5}\n"),
            "frontdesk.yaml:2:26: error: max_body_bytes must be positive\n");
  EXPECT_EQ(config_.max_body_bytes, 1u << 20);  // left at the default
  // Beyond an int: refused, not wrapped around.
  EXPECT_EQ(Load("packs: [intents]\nserver: {max_body_bytes: 99999999999}\n"),
            "frontdesk.yaml:2:26: error: 'max_body_bytes' must be an integer\n");
}

// A negative ETA would put every escalation's due time in the past (or at
// once): a mistake, which must not pass silently.
TEST_F(ConfigLoaderTest, EtaHoursMustNotBeNegative) {
  EXPECT_EQ(Load("packs: [intents]\nescalation: {eta_hours: 24}\n"), "");
  EXPECT_EQ(config_.escalation_eta_hours, 24);
  Load("packs: [intents]\nescalation: {eta_hours: -4}\n");
  EXPECT_FALSE(ok_) << "eta_hours: -4 was accepted as " << config_.escalation_eta_hours;
}

TEST_F(ConfigLoaderTest, Similarity) {
  EXPECT_EQ(Load("packs: [intents]\n"
                 "similarity: {enabled: false, min_score: 2.5, min_coverage: 1, min_margin: 1}\n"),
            "");
  EXPECT_FALSE(config_.similarity.enabled);
  EXPECT_EQ(config_.similarity.min_score, 2.5);
  EXPECT_EQ(config_.similarity.min_coverage, 1.0);
  EXPECT_EQ(config_.similarity.min_margin, 1.0);
  EXPECT_EQ(Load(R"(packs: [intents]
similarity:
  enabled: yes
  min_score: -1
  min_coverage: 1.5
  min_margin: 0.9
)"),
            "frontdesk.yaml:3:12: error: 'enabled' must be true or false\n"
            "frontdesk.yaml:4:14: error: min_score must not be negative\n"
            "frontdesk.yaml:5:17: error: min_coverage must be between 0 and 1\n"
            "frontdesk.yaml:6:15: error: min_margin must be at least 1\n");
  EXPECT_FALSE(ok_);
  EXPECT_EQ(Load("packs: [intents]\nsimilarity: {min_score: high, min_coverage: nan, cutoff: 1}\n"),
            "frontdesk.yaml:2:25: error: 'min_score' must be a number\n"
            "frontdesk.yaml:2:45: error: 'min_coverage' must be a number\n"
            "frontdesk.yaml:2:50: error: unknown key 'cutoff' in similarity (expected one of: enabled, "
            "min_score, min_coverage, min_margin)\n");
}

TEST_F(ConfigLoaderTest, DatabasesNeedAPath) {
  EXPECT_EQ(Load("packs: [intents]\ndatabases:\n  - {build_from: shop.sql}\n  - shop.db\n"),
            "frontdesk.yaml:3:5: error: database needs 'path'\n"
            "frontdesk.yaml:4:5: error: database must be a map, not a string\n");
  EXPECT_THAT(config_.databases, IsEmpty());
}

TEST_F(ConfigLoaderTest, BusinessHoursDayRangesAndClosedDays) {
  EXPECT_EQ(Load(R"(packs: [intents]
business_hours:
  utc_offset: "-03:30"
  fri-mon: "10:00-14:00"
  wed: closed
  thu: "00:00-24:00"
)"),
            "");
  const BusinessHours& h = config_.hours;
  EXPECT_TRUE(h.configured);
  EXPECT_EQ(h.utc_offset_minutes, -(3 * 60 + 30));
  // fri-mon wraps round the weekend: fri, sat, sun, mon.
  for (int d : {5, 6, 0, 1}) EXPECT_EQ(h.open[d], (Ranges{{600, 840}})) << d;
  EXPECT_THAT(h.open[2], IsEmpty());
  EXPECT_THAT(h.open[3], IsEmpty());
  EXPECT_EQ(h.open[4], (Ranges{{0, 1440}}));
}

TEST_F(ConfigLoaderTest, BusinessHoursOffsets) {
  for (const auto& [text, minutes] : std::vector<std::pair<std::string, int>>{
           {"Z", 0}, {"+00:00", 0}, {"-00:00", 0}, {"+05:45", 345}, {"-12:00", -720}, {"+14:00", 840}}) {
    EXPECT_EQ(Load("packs: [intents]\nbusiness_hours: {utc_offset: \"" + text + "\"}\n"), "") << text;
    EXPECT_EQ(config_.hours.utc_offset_minutes, minutes) << text;
    EXPECT_TRUE(config_.hours.configured);
  }
  for (const std::string bad : {"+7", "07:00", "+07", "+0700", "UTC", "+07:60", "+25:00", "z"}) {
    EXPECT_EQ(Load("packs: [intents]\nbusiness_hours: {utc_offset: \"" + bad + "\"}\n"),
              "frontdesk.yaml:2:30: error: utc_offset must look like +07:00\n")
        << bad;
  }
}

TEST_F(ConfigLoaderTest, BusinessHoursErrors) {
  EXPECT_EQ(Load(R"(packs: [intents]
business_hours:
  monday: "08:00-18:00"
  mon-fr: "08:00-18:00"
  tue: "18:00-08:00"
  wed: "8:00-18:00"
  thu: "08:00-24:01"
  fri: "09:00-09:00"
  sat: [09:00-12:00]
)"),
            "frontdesk.yaml:3:3: error: unknown key 'monday' in business_hours (expected utc_offset or "
            "days such as mon, mon-fri)\n"
            "frontdesk.yaml:4:3: error: unknown key 'mon-fr' in business_hours (expected utc_offset or "
            "days such as mon, mon-fri)\n"
            "frontdesk.yaml:5:8: error: opening hours must look like 08:00-18:00 or be 'closed'\n"
            "frontdesk.yaml:6:8: error: opening hours must look like 08:00-18:00 or be 'closed'\n"
            "frontdesk.yaml:7:8: error: opening hours must look like 08:00-18:00 or be 'closed'\n"
            "frontdesk.yaml:8:8: error: opening hours must look like 08:00-18:00 or be 'closed'\n"
            "frontdesk.yaml:9:8: error: 'sat' must be a string, not a list\n");
  EXPECT_FALSE(ok_);
  EXPECT_EQ(Load("packs: [intents]\nbusiness_hours: [mon]\n"),
            "frontdesk.yaml:2:17: error: business_hours must be a map\n");
}

// A day marked closed after a range that covers it must end up closed (or
// the config be refused): "mon-fri: ..., fri: closed" may not leave Friday
// open without a word.
TEST_F(ConfigLoaderTest, ClosedDayInsideARangeIsNotSilentlyOpen) {
  Load("packs: [intents]\nbusiness_hours:\n  mon-fri: \"08:00-18:00\"\n  fri: closed\n");
  EXPECT_TRUE(!ok_ || config_.hours.open[5].empty())
      << "Friday is open " << ::testing::PrintToString(config_.hours.open[5]);
}

TEST_F(ConfigLoaderTest, ParseHourRange) {
  std::pair<int, int> r;
  ASSERT_TRUE(ParseHourRange("08:00-18:30", &r));
  EXPECT_EQ(r, std::make_pair(480, 1110));
  ASSERT_TRUE(ParseHourRange("00:00-24:00", &r));
  EXPECT_EQ(r, std::make_pair(0, 1440));
  r = {-1, -1};
  for (const std::string bad : {"", "08:00", "08:00-", "-18:00", "8:00-18:00", "08:00-18:0", "08:00 - 18:00",
                                "18:00-08:00", "08:00-08:00", "08:60-09:00", "24:30-25:00", "ab:cd-ef:gh",
                                "08:00-18:00-20:00"}) {
    EXPECT_FALSE(ParseHourRange(bad, &r)) << bad;
  }
  EXPECT_EQ(r, std::make_pair(-1, -1));  // untouched on failure
}

TEST_F(ConfigLoaderTest, YamlSyntaxErrorAndMissingFile) {
  EXPECT_EQ(Load("packs: [intents\n"), "frontdesk.yaml:2:1: error: end of sequence flow not found\n");
  EXPECT_FALSE(ok_);
  Config config;
  Diagnostics diags;
  EXPECT_FALSE(LoadConfig((dir_.path() / "missing.yaml").string(), &config, &diags));
  EXPECT_THAT(diags.ToString(), HasSubstr("missing.yaml:1:1: error: cannot read"));
}

TEST_F(ConfigLoaderTest, MailImapMailboxes) {
  EXPECT_EQ(Load("packs: [intents]\nmail:\n  imap:\n"
                 "    - {host: imap.shop.example, user_env: U, password_env: P}\n"
                 "    - {name: sales, host: 127.0.0.1, port: 1143, security: none, mailbox: Sales/Inbox,\n"
                 "       user_env: U2, password_env: P2, mark: delete, poll_seconds: 5, max_per_poll: 10}\n"),
            "");
  ASSERT_EQ(config_.mail.imap.size(), 2u);
  const ImapConfig& a = config_.mail.imap[0];
  EXPECT_EQ(a.name, "imap.shop.example/INBOX");
  EXPECT_EQ(a.security, "tls");
  EXPECT_EQ(a.port, 0);  // 993 for tls, chosen by the command
  EXPECT_EQ(a.mark, "keyword");
  EXPECT_EQ(a.poll_seconds, 60);
  const ImapConfig& b = config_.mail.imap[1];
  EXPECT_EQ(b.name, "sales");
  EXPECT_EQ(b.mailbox, "Sales/Inbox");
  EXPECT_EQ(b.port, 1143);
  EXPECT_EQ(b.mark, "delete");
  EXPECT_EQ(b.max_per_poll, 10);

  // Credentials only from the environment; the modes are spelled out.
  std::string diags = Load("packs: [intents]\nmail:\n  imap:\n"
                           "    - {host: h, password: x, mark: flag, security: ssl}\n");
  EXPECT_FALSE(ok_);
  EXPECT_THAT(diags, HasSubstr("password"));
  EXPECT_THAT(diags, HasSubstr("user_env"));
  EXPECT_THAT(diags, HasSubstr("mark must be keyword, seen or delete"));
  EXPECT_THAT(diags, HasSubstr("security must be tls, starttls or none"));
  EXPECT_THAT(Load("packs: [intents]\nmail:\n  imap: {host: h}\n"), HasSubstr("mail.imap must be a list"));
  EXPECT_THAT(Load("packs: [intents]\nmail:\n  imap:\n    - {host: h, user_env: U, password_env: P}\n"
                   "    - {host: h, user_env: U, password_env: P}\n"),
              HasSubstr("two mailboxes of mail.imap are named h/INBOX"));
}

}  // namespace
}  // namespace frontdesk
