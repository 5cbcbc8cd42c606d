#include "tests/pg_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace frontdesk::testing {
namespace {

PgTestServer* g_server = nullptr;
std::string g_failure;  // why the first start failed; not retried

// Where Debian puts the server's programs, or FRONTDESK_PG_BIN alone (for
// another layout, or a folder without them to see the tests skip).
std::filesystem::path FindBinaries() {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("FRONTDESK_PG_BIN"); env && *env) {
    candidates.emplace_back(env);
  } else {
    for (const char* v : {"17", "16", "15"}) {
      candidates.emplace_back(std::string("/usr/lib/postgresql/") + v + "/bin");
    }
  }
  for (const auto& dir : candidates) {
    if (::access((dir / "initdb").c_str(), X_OK) == 0 &&
        ::access((dir / "pg_ctl").c_str(), X_OK) == 0 &&
        ::access((dir / "postgres").c_str(), X_OK) == 0) {
      return dir;
    }
  }
  return {};
}

// A loopback port nobody listens on right now.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// initdb and the server refuse root: as root, run them as `postgres`.
std::vector<std::string> AsServerUser(std::vector<std::string> args) {
  if (::geteuid() != 0) return args;
  std::vector<std::string> wrapped = {"runuser", "-u", "postgres", "--"};
  wrapped.insert(wrapped.end(), args.begin(), args.end());
  return wrapped;
}

// Runs `args` with stdout and stderr appended to `log`; the exit code, -1 if
// it could not run.
int Run(const std::vector<std::string>& args, const std::filesystem::path& log) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Tail(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return text.size() > 1500 ? text.substr(text.size() - 1500) : text;
}

// With FRONTDESK_TEST_STORE=postgres: starts the server before the first
// test and skips every test with one clear line when it cannot (PostgreSQL
// not installed). Stops the server, if any test started it, after the last.
class PgEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* engine = std::getenv("FRONTDESK_TEST_STORE");
    if (engine == nullptr || std::string(engine) != "postgres") return;
    std::string why;
    if (PgTestServer::Get(&why) == nullptr) {
      GTEST_SKIP() << "postgres store tests skipped: " << why;
    }
  }
  void TearDown() override { PgTestServer::StopShared(); }
};

[[maybe_unused]] ::testing::Environment* const kPgEnvironment =
    ::testing::AddGlobalTestEnvironment(new PgEnvironment);

}  // namespace

PgTestServer* PgTestServer::Get(std::string* why) {
  if (g_server != nullptr) return g_server;
  if (!g_failure.empty()) {
    *why = g_failure;
    return nullptr;
  }
  std::unique_ptr<PgTestServer> server = StartNew(&g_failure);
  if (!server) {
    *why = g_failure;
    return nullptr;
  }
  g_server = server.release();
  return g_server;
}

std::unique_ptr<PgTestServer> PgTestServer::StartNew(std::string* why) {
  std::unique_ptr<PgTestServer> server(new PgTestServer());
  if (!server->Start(why)) return nullptr;
  return server;
}

void PgTestServer::StopShared() {
  delete g_server;
  g_server = nullptr;
}

PgTestServer::~PgTestServer() { Stop(); }

bool PgTestServer::Start(std::string* why) {
  bin_ = FindBinaries();
  if (bin_.empty()) {
    *why = "PostgreSQL's initdb, pg_ctl and postgres were not found (apt install postgresql-15, "
           "or set FRONTDESK_PG_BIN)";
    return false;
  }
  struct passwd* pw = nullptr;
  if (::geteuid() == 0 && (pw = ::getpwnam("postgres")) == nullptr) {
    *why = "running as root and there is no 'postgres' user to run initdb as";
    return false;
  }
  char tmpl[] = "/tmp/frontdesk-pg.XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    *why = "mkdtemp failed";
    return false;
  }
  top_ = tmpl;
  const std::filesystem::path data = top_ / "data", sock = top_ / "sock", log = top_ / "server.log";
  std::filesystem::create_directories(sock);
  if (pw != nullptr) {
    for (const auto& p : {top_, sock}) {
      if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        *why = "cannot hand " + p.string() + " to the postgres user";
        return false;
      }
    }
    ::chmod(top_.c_str(), 0755);  // log written by us, read by nobody else
  }
  // The watcher first: from here on the folder (and the server, once
  // started) goes away with this process, however it ends.
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    *why = "pipe2 failed";
    return false;
  }
  std::vector<std::string> stop =
      AsServerUser({(bin_ / "pg_ctl").string(), "stop", "-D", data.string(), "-m", "immediate",
                    "-w", "-s"});
  // $0 is the folder, "$@" the stop command.
  std::vector<std::string> watcher = {
      "/bin/sh", "-c", "cat >/dev/null; \"$@\" >/dev/null 2>&1; rm -rf -- \"$0\"", top_.string()};
  watcher.insert(watcher.end(), stop.begin(), stop.end());
  std::vector<char*> argv;
  for (std::string& a : watcher) argv.push_back(a.data());
  argv.push_back(nullptr);
  watcher_ = ::fork();
  if (watcher_ == 0) {
    ::dup2(fds[0], 0);  // the copy is not close-on-exec
    ::setsid();  // a signal to the test's process group leaves the cleanup running
    ::execv("/bin/sh", argv.data());
    ::_exit(127);
  }
  ::close(fds[0]);
  watcher_fd_ = fds[1];
  if (watcher_ < 0) {
    *why = "fork failed";
    return false;
  }
  if (Run(AsServerUser({(bin_ / "initdb").string(), "-D", data.string(), "-A", "trust", "-U",
                        "postgres", "-E", "UTF8", "--locale=C", "--no-sync"}),
          top_ / "initdb.log") != 0) {
    *why = "initdb failed: " + Tail(top_ / "initdb.log");
    return false;
  }
  port_ = FreePort();
  const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) +
                              " -k " + sock.string() +
                              " -c fsync=off -c full_page_writes=off -c max_connections=200"
                              " -c shared_buffers=32MB";
  if (Run(AsServerUser({(bin_ / "pg_ctl").string(), "start", "-D", data.string(), "-l",
                        log.string(), "-w", "-t", "60", "-o", options}),
          top_ / "pg_ctl.log") != 0) {
    *why = "pg_ctl start failed: " + Tail(top_ / "pg_ctl.log") + Tail(log);
    return false;
  }
  return true;
}

void PgTestServer::Stop() {
  if (watcher_fd_ >= 0) {
    ::close(watcher_fd_);  // EOF: the watcher stops the server, removes the folder
    watcher_fd_ = -1;
  }
  if (watcher_ > 0) {
    int status = 0;
    while (::waitpid(watcher_, &status, 0) < 0 && errno == EINTR) {
    }
    watcher_ = -1;
  }
}

std::string PgTestServer::AdminConninfo() const {
  return "host=" + (top_ / "sock").string() + " port=" + std::to_string(port_) +
         " user=postgres dbname=postgres";
}

std::string PgTestServer::FreshSchema(const std::string& name) {
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      throw std::invalid_argument("schema name " + name);
    }
  }
  pqxx::connection admin(AdminConninfo());
  pqxx::nontransaction txn(admin);
  txn.exec("CREATE SCHEMA " + name);
  return AdminConninfo() + " options='-csearch_path=" + name + "'";
}

}  // namespace frontdesk::testing
