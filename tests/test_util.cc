#include "tests/test_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace frontdesk::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("frontdesk-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::Write(const std::string& relative, const std::string& content) const {
  std::filesystem::path p = path_ / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << content;
  return p;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::filesystem::path SourceDir() { return FRONTDESK_SOURCE_DIR; }
std::filesystem::path FrontdeskBinary() { return FRONTDESK_BINARY; }

namespace {
// Reads everything from fd into *out (runs on its own thread so that a child
// filling one pipe never blocks on the other).
void Drain(int fd, std::string* out) {
  char buf[8192];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out->append(buf, static_cast<size_t>(n));
  ::close(fd);
}
}  // namespace

CommandResult RunCommand(const std::vector<std::string>& args, const std::string& stdin_text) {
  CommandResult result;
  int in[2], out[2], err[2];
  if (::pipe(in) != 0 || ::pipe(out) != 0 || ::pipe(err) != 0) return result;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  std::thread t_out(Drain, out[0], &result.out);
  std::thread t_err(Drain, err[0], &result.err);
  size_t off = 0;
  while (off < stdin_text.size()) {
    ssize_t n = ::write(in[1], stdin_text.data() + off, stdin_text.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  ::close(in[1]);
  t_out.join();
  t_err.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  Close();
  if (!log_.empty()) std::filesystem::remove(log_);
}

void ServeProcess::Close() {
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
}

std::string WriteExampleShopConfig(const TempDir& dir, const std::string& extra) {
  const auto src = SourceDir();
  return dir
      .Write("frontdesk.yaml",
             "packs: [" + (src / "intents").string() + ", " + (src / "rules").string() + ", " +
                 (src / "examples/shop/lookups.yaml").string() + "]\n" +
                 "databases:\n  - {path: shop.db, build_from: " + (src / "examples/shop/shop.sql").string() +
                 "}\nlanguages: [en, vi, es]\nchannels: [chat, email, form, api]\n"
                 "store:\n  path: frontdesk.db\n" + extra)
      .string();
}

std::string AddApiKey(const std::string& config, const std::string& name) {
  CommandResult r = RunCommand({FrontdeskBinary().string(), "key", "add", name, "-c", config});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return "";
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
  return r.out;
}

bool ServeProcess::Start(const std::string& config) {
  int out[2];
  if (::pipe(out) != 0) return false;
  std::random_device rd;
  log_ = std::filesystem::temp_directory_path() /
         ("frontdesk-serve-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + ".log");
  pid_t pid = ::fork();
  if (pid == 0) {
    int err = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err >= 0) ::dup2(err, 2);
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    ::execl(FrontdeskBinary().c_str(), "frontdesk", "serve", "-c", config.c_str(), "--listen",
            "127.0.0.1:0", nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  if (pid < 0) {
    ::close(out[0]);
    return false;
  }
  pid_ = pid;
  // The first line is "frontdesk: serving N intents on http://HOST:PORT".
  std::string banner;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') banner += c;
  stdout_fd_ = out[0];
  auto colon = banner.rfind(':');
  if (colon == std::string::npos) return false;
  port_ = std::stoi(banner.substr(colon + 1));
  return true;
}

bool ServeProcess::WaitForLog(const std::string& text, int times, int timeout_ms) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::string log = ReadFile(log_);
    int found = 0;
    for (size_t pos = log.find(text); pos != std::string::npos; pos = log.find(text, pos + 1)) ++found;
    if (found >= times) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void ServeProcess::Signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

int ServeProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  Close();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace frontdesk::testing
