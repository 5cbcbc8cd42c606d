// A PostgreSQL server of the test binary's own, on loopback: initdb into a
// temporary folder, then `pg_ctl start` with its own socket folder and a
// free TCP port (fsync off: the tests check what the store does, not the
// disk). initdb refuses to run as root, so under root (CI, containers) both
// run as the `postgres` system user that Debian's package creates, in a
// folder handed to that user.
//
// The server is stopped (`pg_ctl stop -m immediate`) and its folder removed
// by a small watcher process that waits for the test binary to go away:
// Stop() ends it in order, and a test binary that crashes or is killed
// (a ctest timeout) closes the watcher's pipe just the same, so no server
// is ever left behind.
//
// Each test gets a fresh schema (FreshSchema), so tests stay independent at
// the cost of a CREATE SCHEMA, not a CREATE DATABASE.
#ifndef FRONTDESK_TESTS_PG_TEST_SERVER_H_
#define FRONTDESK_TESTS_PG_TEST_SERVER_H_

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace frontdesk::testing {

class PgTestServer {
 public:
  // The binary's server, started on the first call. nullptr if PostgreSQL's
  // binaries are not installed or the server would not start; *why says
  // which (for a test to skip with). Not thread-safe: call it from the
  // test's main thread (SetUp), as gtest does.
  static PgTestServer* Get(std::string* why);
  // Stops the binary's server if one was started. Called once at the end.
  static void StopShared();
  // A server of its own, not the shared one (for the test of this class).
  static std::unique_ptr<PgTestServer> StartNew(std::string* why);

  ~PgTestServer();
  PgTestServer(const PgTestServer&) = delete;
  PgTestServer& operator=(const PgTestServer&) = delete;

  // A libpq connection string for the server's `postgres` database as its
  // superuser, over the unix socket.
  std::string AdminConninfo() const;
  // Creates schema `name` (letters, digits, _) and returns a connection
  // string whose search_path is that schema only. Throws on error.
  std::string FreshSchema(const std::string& name);
  int port() const { return port_; }
  const std::filesystem::path& folder() const { return top_; }

 private:
  PgTestServer() = default;
  bool Start(std::string* why);
  void Stop();

  std::filesystem::path top_;  // data/, sock/, server.log
  std::filesystem::path bin_;  // initdb, pg_ctl
  int port_ = 0;
  pid_t watcher_ = -1;
  int watcher_fd_ = -1;  // closing it stops the server
};

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_PG_TEST_SERVER_H_
