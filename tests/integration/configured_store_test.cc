// The config's store as the commands open it (adapters/cli/configured_store.h):
// `store: {path: FILE}` or `store: {postgres: CONNINFO}`, never both. The
// commands — `key add`, `agent add`, `mail deliver`, `serve`, `replay` — run on the
// engine under test: a SQLite file, or with FRONTDESK_TEST_STORE=postgres
// (ctest: configured_store_test.postgres) a schema on the PostgreSQL server
// this binary starts (tests/pg_test_server.h), whose connection string
// carries a password taken from the environment that nothing may print.
#include <SQLiteCpp/Database.h>
#include <httplib.h>
#include <stdlib.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "engine/pack/config_loader.h"
#include "tests/pg_test_server.h"
#include "tests/store_fixture.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::frontdesk::testing::CommandResult;
using ::frontdesk::testing::ReadFile;
using ::frontdesk::testing::RunCommand;
using ::frontdesk::testing::ServeProcess;
using ::frontdesk::testing::SourceDir;
using ::frontdesk::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

// A password the PostgreSQL test server never asks for (it trusts local
// connections), so it can only show up where someone printed it.
constexpr char kPassword[] = "pw-Xq7-never-printed";

std::string ConfigErrors(const TempDir& dir, const std::string& store_yaml) {
  std::string path = dir.Write("c.yaml", "packs: [" + (SourceDir() / "intents").string() + "]\n" + store_yaml)
                         .string();
  Config config;
  Diagnostics diags;
  LoadConfig(path, &config, &diags);
  return diags.ToString();
}

TEST(StoreConfigTest, PathAndPostgresTogetherAreRefusedWithoutQuotingTheConnectionString) {
  TempDir dir;
  std::string errors = ConfigErrors(
      dir, std::string("store:\n  path: a.db\n  postgres: \"host=db password=") + kPassword + "\"\n");
  EXPECT_THAT(errors, HasSubstr("either path (SQLite) or postgres (PostgreSQL), not both"));
  EXPECT_THAT(errors, Not(HasSubstr(kPassword)));

  errors = ConfigErrors(dir, std::string("store:\n  postgres: \"password=") + kPassword + " host=${DB\"\n");
  EXPECT_THAT(errors, HasSubstr("${NAME} is malformed"));
  EXPECT_THAT(errors, Not(HasSubstr(kPassword)));

  EXPECT_THAT(ConfigErrors(dir, "store:\n  postgres: \"\"\n"), HasSubstr("must be a connection string"));
  EXPECT_THAT(ConfigErrors(dir, "store:\n  postgres: \"host=db\"\n  synchronous: normal\n"),
              HasSubstr("synchronous applies to SQLite"));

  Config config;
  Diagnostics diags;
  std::string path = dir.Write("ok.yaml", "packs: [" + (SourceDir() / "intents").string() +
                                              "]\nstore:\n  postgres: \"host=db password=${DB_PASSWORD}\"\n")
                         .string();
  ASSERT_TRUE(LoadConfig(path, &config, &diags)) << diags.ToString();
  EXPECT_EQ(config.store_postgres, "host=db password=${DB_PASSWORD}");  // expanded when opened
  EXPECT_EQ(config.store_path, "");
}

class ConfiguredStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_, "mail:\n  from: support@shop.example\n");
    if (testing::EngineUnderTest() != testing::StoreEngine::kPostgres) return;
    std::string why;
    testing::PgTestServer* server = testing::PgTestServer::Get(&why);
    if (server == nullptr) GTEST_SKIP() << "postgres store tests skipped: " << why;
    static int schemas = 0;
    conninfo_ = server->FreshSchema("cli" + std::to_string(++schemas));
    std::string text = ReadFile(config_);
    const std::string file_store = "store:\n  path: frontdesk.db\n";
    ASSERT_NE(text.find(file_store), std::string::npos);
    text.replace(text.find(file_store), file_store.size(),
                 "store:\n  postgres: \"" + conninfo_ + " password=${FD_TEST_DB_PASSWORD}\"\n");
    std::ofstream(config_) << text;
    setenv("FD_TEST_DB_PASSWORD", kPassword, 1);
  }
  void TearDown() override { unsetenv("FD_TEST_DB_PASSWORD"); }

  CommandResult Frontdesk(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), testing::FrontdeskBinary().string());
    args.insert(args.end(), {"-c", config_});
    CommandResult r = RunCommand(args, stdin_text);
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(kPassword)));
    return r;
  }
  int64_t Count(const std::string& sql) {
    if (conninfo_.empty()) {
      SQLite::Database db((dir_.path() / "frontdesk.db").string(), SQLite::OPEN_READONLY);
      return db.execAndGet(sql).getInt64();
    }
    pqxx::connection conn(conninfo_);
    pqxx::nontransaction txn(conn);
    return txn.exec(sql)[0][0].as<int64_t>();
  }

  TempDir dir_;
  std::string conninfo_;  // "" = SQLite
  std::string config_;
};

TEST_F(ConfiguredStoreTest, TheCommandsAndServeShareTheConfiguredStore) {
  CommandResult key = Frontdesk({"key", "add", "shop-backend"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  std::string token = key.out.substr(0, key.out.find('\n'));
  ASSERT_EQ(Frontdesk({"agent", "add", "lan"}).exit_code, 0);
  EXPECT_THAT(Frontdesk({"key", "list"}).out, HasSubstr("shop-backend"));
  EXPECT_EQ(Frontdesk({"agent", "add", "lan"}).exit_code, 1);  // the name is taken, in the same store

  CommandResult mail = Frontdesk({"mail", "deliver"}, ReadFile(SourceDir() / "tests/data/mail/en_gmail_reply.eml"));
  EXPECT_EQ(mail.exit_code, 0) << mail.err;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbound_mail"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);

  ServeProcess serve;
  ASSERT_TRUE(serve.Start(config_));
  // The start-up line names where the store is, never the password.
  if (!conninfo_.empty()) EXPECT_TRUE(serve.WaitForLog("store: postgres dbname=postgres host="));
  EXPECT_FALSE(serve.WaitForLog(kPassword, 1, 0));
  httplib::Client c("127.0.0.1", serve.port());
  auto r = c.Post("/v1/messages", {{"Authorization", "Bearer " + token}},
                  R"({"text": "what are your opening hours?"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(serve.Stop(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND body = 'what are your opening hours?'"),
            1);
  // replay reads the history back from the same store: the mail and the API message.
  CommandResult replay = Frontdesk({"replay", "--since", "2000-01-01"});
  EXPECT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_THAT(replay.out, HasSubstr("replayed 2 messages since 2000-01-01: 0 would change"));
}

TEST_F(ConfiguredStoreTest, AMissingPasswordVariableIsNamedAndNothingOpens) {
  if (conninfo_.empty()) GTEST_SKIP() << "about store.postgres; runs in configured_store_test.postgres";
  unsetenv("FD_TEST_DB_PASSWORD");
  CommandResult r = Frontdesk({"key", "add", "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("environment variable FD_TEST_DB_PASSWORD is not set"));
  r = Frontdesk({"mail", "deliver"}, ReadFile(SourceDir() / "tests/data/mail/en_gmail_reply.eml"));
  EXPECT_EQ(r.exit_code, 75);  // the MTA keeps the mail
}

}  // namespace
}  // namespace frontdesk
