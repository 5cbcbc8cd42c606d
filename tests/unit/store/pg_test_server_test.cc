// The PostgreSQL server the store tests start for themselves
// (tests/pg_test_server.h): it answers on loopback TCP and on its own
// socket, gives each test a schema of its own, and goes away with its
// folder when the test binary dies without cleaning up.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pqxx/pqxx>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "tests/pg_test_server.h"
#include "tests/test_util.h"

namespace frontdesk::testing {
namespace {

bool PortAccepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

TEST(PgTestServerTest, AnswersOnLoopbackAndKeepsSchemasApart) {
  std::string why;
  PgTestServer* server = PgTestServer::Get(&why);
  if (server == nullptr) GTEST_SKIP() << "postgres store tests skipped: " << why;

  pqxx::connection tcp("host=127.0.0.1 port=" + std::to_string(server->port()) +
                       " user=postgres dbname=postgres");
  pqxx::nontransaction q(tcp);
  EXPECT_EQ(q.exec("SELECT 1 + 1")[0][0].as<int>(), 2);
  // Nothing the tests write is worth an fsync.
  EXPECT_EQ(q.exec("SHOW fsync")[0][0].as<std::string>(), "off");

  pqxx::connection a(server->FreshSchema("harness_a"));
  pqxx::connection b(server->FreshSchema("harness_b"));
  pqxx::nontransaction qa(a);
  qa.exec("CREATE TABLE only_in_a (x INT)");
  pqxx::nontransaction qb(b);
  EXPECT_EQ(qb.exec("SELECT to_regclass('only_in_a') IS NULL")[0][0].as<bool>(), true);
  EXPECT_EQ(qa.exec("SELECT to_regclass('only_in_a') IS NULL")[0][0].as<bool>(), false);
}

// A test binary that crashes never calls Stop: its watcher stops the
// server and removes the folder all the same.
TEST(PgTestServerTest, AServerOutlivesNoCrashedTestBinary) {
  std::string why;
  if (PgTestServer::Get(&why) == nullptr) GTEST_SKIP() << "postgres store tests skipped: " << why;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    std::string child_why;
    auto own = PgTestServer::StartNew(&child_why);
    std::string line = own ? own->folder().string() + " " + std::to_string(own->port()) : "";
    (void)!::write(fds[1], line.data(), line.size());
    std::abort();  // no destructor, no Stop
  }
  ::close(fds[1]);
  std::string line;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof(buf))) > 0;) line.append(buf, n);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const size_t space = line.find(' ');
  ASSERT_NE(space, std::string::npos) << "the child's server did not start";
  const std::filesystem::path folder = line.substr(0, space);
  const int port = std::stoi(line.substr(space + 1));
  // A deadline for a sick machine, not a measurement.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((std::filesystem::exists(folder) || PortAccepts(port)) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(std::filesystem::exists(folder));
  EXPECT_FALSE(PortAccepts(port));
}

}  // namespace
}  // namespace frontdesk::testing
