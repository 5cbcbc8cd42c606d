// Shared helpers for tests: temporary directories, file writing, running the
// frontdesk binary.
#ifndef FRONTDESK_TESTS_TEST_UTIL_H_
#define FRONTDESK_TESTS_TEST_UTIL_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "frontdesk/status.h"

namespace frontdesk::testing {

// EXPECT_OK(status) prints the status on failure.
#define EXPECT_OK(expr)                                   \
  do {                                                    \
    const ::frontdesk::Status _st = (expr);               \
    EXPECT_TRUE(_st.ok()) << _st.ToString();              \
  } while (0)
#define ASSERT_OK(expr)                                   \
  do {                                                    \
    const ::frontdesk::Status _st = (expr);               \
    ASSERT_TRUE(_st.ok()) << _st.ToString();              \
  } while (0)

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative (creating parent dirs); returns the full path.
  std::filesystem::path Write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& path);

// Source tree root and the built frontdesk binary.
std::filesystem::path SourceDir();
std::filesystem::path FrontdeskBinary();

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs `args` (argv, no shell) with `stdin_text` on standard input.
CommandResult RunCommand(const std::vector<std::string>& args, const std::string& stdin_text = "");

// Writes `dir`/frontdesk.yaml: the example shop (the shipped packs, its
// lookups, shop.db built from shop.sql) with the store and shop.db in `dir`,
// never in examples/, plus `extra` YAML lines. Returns the config's path.
std::string WriteExampleShopConfig(const TempDir& dir, const std::string& extra = "");

// `frontdesk key add NAME -c CONFIG`: the new API key's token ("" and a test
// failure if the command failed).
std::string AddApiKey(const std::string& config, const std::string& name);

// `frontdesk serve -c CONFIG --listen 127.0.0.1:0` as a child process: the
// real server on a free loopback port. Killed (SIGKILL) on destruction if
// still running, so a failed test never leaves it behind.
class ServeProcess {
 public:
  ServeProcess() = default;
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Starts the server and waits for the line that names its port. False if
  // it exited before listening. Its stderr goes to a file (see WaitForLog);
  // its stdout stays open until Stop, so a later line never kills it.
  bool Start(const std::string& config);
  // Waits until the server's stderr holds `text` `times` times in all, up to
  // `timeout_ms` (a deadline for a sick server, not a measurement). True if
  // it appeared.
  bool WaitForLog(const std::string& text, int times = 1, int timeout_ms = 30000) const;
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends `signal` (e.g. SIGHUP) to the running server.
  void Signal(int signal) const;
  // SIGTERM, then waits; returns the exit code (-1 if killed by a signal).
  int Stop();

 private:
  void Close();  // the stdout pipe
  pid_t pid_ = -1;
  int port_ = 0;
  int stdout_fd_ = -1;
  std::filesystem::path log_;
};

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_TEST_UTIL_H_
