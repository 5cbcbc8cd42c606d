// The `server:` section of frontdesk.yaml (engine/pack/config_loader.cc):
// the limits of the HTTP server, their defaults and their ranges.
#include <filesystem>

#include "engine/pack/config_loader.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

class ServerConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir_.path() / "intents"); }
  // Loads "packs: [intents]" plus `server`; returns the diagnostics.
  std::string Load(const std::string& server) {
    config_ = Config();
    Diagnostics diags;
    auto path = dir_.Write("frontdesk.yaml", "packs: [intents]\nlanguages: [en]\n" + server);
    ok_ = LoadConfig(path.string(), &config_, &diags);
    return diags.ToString();
  }
  testing::TempDir dir_;
  Config config_;
  bool ok_ = false;
};

TEST_F(ServerConfigTest, DefaultsFitOneMachine) {
  EXPECT_EQ(Load(""), "");
  ASSERT_TRUE(ok_);
  const ServerLimits& s = config_.server;
  EXPECT_EQ(s.workers, 64);
  EXPECT_EQ(s.max_connections, 256);
  EXPECT_EQ(s.keep_alive_seconds, 5);
  EXPECT_EQ(s.keep_alive_requests, 1000);
  EXPECT_EQ(s.read_timeout_seconds, 10);
  EXPECT_EQ(s.write_timeout_seconds, 10);
  EXPECT_EQ(s.rate_per_ip_per_second, 50);
  EXPECT_EQ(s.rate_burst, 100);
}

TEST_F(ServerConfigTest, ReadsEveryKey) {
  EXPECT_EQ(Load(R"(server:
  listen: 0.0.0.0:9000
  max_body_bytes: 4096
  workers: 8
  max_connections: 32
  keep_alive_seconds: 2
  keep_alive_requests: 100
  read_timeout_seconds: 3
  write_timeout_seconds: 4
  rate_limit: {per_ip_per_second: 0.5, burst: 3}
)"),
            "");
  ASSERT_TRUE(ok_);
  EXPECT_EQ(config_.listen, "0.0.0.0:9000");
  EXPECT_EQ(config_.max_body_bytes, 4096u);
  const ServerLimits& s = config_.server;
  EXPECT_EQ(s.workers, 8);
  EXPECT_EQ(s.max_connections, 32);
  EXPECT_EQ(s.keep_alive_seconds, 2);
  EXPECT_EQ(s.keep_alive_requests, 100);
  EXPECT_EQ(s.read_timeout_seconds, 3);
  EXPECT_EQ(s.write_timeout_seconds, 4);
  EXPECT_EQ(s.rate_per_ip_per_second, 0.5);
  EXPECT_EQ(s.rate_burst, 3);
}

TEST_F(ServerConfigTest, ZeroRateTurnsTheLimitOff) {
  EXPECT_EQ(Load("server: {rate_limit: {per_ip_per_second: 0}}\n"), "");
  EXPECT_EQ(config_.server.rate_per_ip_per_second, 0);
}

TEST_F(ServerConfigTest, OutOfRangeAndUnknownKeysAreErrorsAtTheValue) {
  std::string d = Load("server:\n  workers: 0\n  read_timeout_seconds: 0\n  rate_limit: {burst: 0, per_ip: 3}\n");
  EXPECT_FALSE(ok_);
  EXPECT_THAT(d, ::testing::HasSubstr("frontdesk.yaml:4:12: error: workers must be between 1 and 4096"));
  EXPECT_THAT(d, ::testing::HasSubstr("frontdesk.yaml:5:25: error: read_timeout_seconds must be between 1 and 3600"));
  EXPECT_THAT(d, ::testing::HasSubstr("burst must be at least 1"));
  EXPECT_THAT(d, ::testing::HasSubstr("unknown key 'per_ip' in rate_limit"));
}

}  // namespace
}  // namespace frontdesk
