#include "adapters/http/connection_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/mutex.h"

namespace frontdesk {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A wait is cut in slices so that a stop is noticed while a client is quiet.
constexpr milliseconds kWaitSlice{100};
// While connections wait for a worker, an idle one is closed after this.
constexpr milliseconds kCrowdedIdle{1000};
// After a refused request whose body was not read, its bytes are read and
// dropped for at most this long so that the client sees the answer instead
// of a reset (a "lingering close").
constexpr milliseconds kLinger{2000};

long long ToNs(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Set on the accept thread while it refuses one connection (see Pool::enqueue).
thread_local bool t_refusing = false;

std::string CannedResponse(int status, const char* reason, const char* code, const char* message) {
  std::string body = std::string(R"({"error":{"code":")") + code + R"(","message":")" + message + "\"}}";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         (status == 503 ? "\r\nRetry-After: 1" : "") + "\r\nConnection: close\r\n\r\n" + body;
}

void SendAll(socket_t fd, const std::string& data) {
  // Best effort and never blocking: the socket buffer of a new connection
  // holds these few hundred bytes.
  (void)::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

void Address(const sockaddr_storage& addr, socklen_t len, std::string* ip, int* port) {
  char host[NI_MAXHOST] = "";
  char serv[NI_MAXSERV] = "";
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    *ip = host;
    *port = std::atoi(serv);
  }
}

}  // namespace

// The worker pool httplib's accept loop hands connections to. enqueue runs
// on the accept thread, so the connection cap is decided there, before any
// worker is involved.
class ConnectionServer::Pool : public httplib::TaskQueue {
 public:
  explicit Pool(ConnectionServer* server) : server_(server) {
    size_t n = std::max<size_t>(1, server->limits_.workers);
    for (size_t i = 0; i < n; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~Pool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    if (server_->open_.load() >= server_->limits_.max_connections || server_->stopping()) {
      // fn calls process_and_close_socket(sock), the only way to reach the
      // socket: run it here, flagged, and it answers 503 and closes.
      t_refusing = true;
      fn();
      t_refusing = false;
      return;
    }
    ++server_->open_;
    ++server_->waiting_;
    MutexLock lock(&mu_);
    jobs_.push_back(std::move(fn));
    cv_.Signal();
  }

  // Serves what was accepted, then joins the workers.
  void shutdown() override {
    {
      MutexLock lock(&mu_);
      if (done_) return;
      done_ = true;
      cv_.SignalAll();
    }
    for (auto& t : threads_) t.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        MutexLock lock(&mu_);
        while (jobs_.empty() && !done_) cv_.Wait();
        if (jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      --server_->waiting_;
      fn();
      --server_->open_;
    }
  }

  ConnectionServer* const server_;
  Mutex mu_;
  CondVar cv_{&mu_};
  std::deque<std::function<void()>> jobs_ GUARDED_BY(mu_);
  bool done_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

// One accepted connection as httplib's Stream: buffered, non-blocking reads
// and writes with deadlines, and the per-request limits.
class ConnectionServer::Connection : public httplib::Stream {
 public:
  Connection(ConnectionServer* server, socket_t fd) : server_(server), fd_(fd) {}

  bool is_readable() const override { return pos_ < len_ || Wait(POLLIN, deadline_); }
  bool is_writable() const override {
    return Wait(POLLOUT, Clock::now() + std::chrono::seconds(server_->limits_.write_timeout_seconds));
  }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

  // Waits for the first byte of the next request. False: close instead.
  bool WaitForRequest(bool fresh);
  void BeginRequest(ExchangeState* state);
  void BeginBody(const httplib::Request& req);
  void EndRequest() {
    state_ = nullptr;
    req_ = nullptr;
  }
  size_t written() const { return written_; }
  ExchangeState* state() const { return state_; }
  // Stops writing, reads and drops what the client still sends (bounded).
  void Linger();

 private:
  enum class Phase { kHead, kBody, kNoBody };

  ssize_t Fill();
  // Polls for `events` until `deadline` or the stop deadline; true if ready.
  bool Wait(short events, Clock::time_point deadline) const;
  void Fail(bool ExchangeState::*why) {
    if (state_ != nullptr) {
      state_->*why = true;
      state_->close = true;
    }
  }

  ConnectionServer* const server_;
  const socket_t fd_;
  char buf_[16384];
  size_t pos_ = 0, len_ = 0;
  Phase phase_ = Phase::kHead;
  Clock::time_point deadline_ = Clock::now();
  size_t head_bytes_ = 0, body_bytes_ = 0, written_ = 0;
  ExchangeState* state_ = nullptr;
  const httplib::Request* req_ = nullptr;
  mutable std::string remote_ip_;
  mutable int remote_port_ = -1;
};

thread_local ConnectionServer::Connection* ConnectionServer::current_ = nullptr;

bool ConnectionServer::Connection::Wait(short events, Clock::time_point deadline) const {
  for (;;) {
    auto now = Clock::now();
    long long stop = server_->stop_deadline_ns_.load();
    if (stop != 0 && ToNs(now) >= stop) return false;
    if (now >= deadline) return false;
    auto slice = std::min<Clock::duration>(deadline - now, kWaitSlice);
    pollfd p{fd_, events, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::chrono::duration_cast<milliseconds>(slice).count()) + 1);
    if (r > 0) return true;  // ready, or an error/hang-up the next call reports
    if (r < 0 && errno != EINTR) return false;
  }
}

ssize_t ConnectionServer::Connection::Fill() {
  for (;;) {
    ssize_t n = ::recv(fd_, buf_, sizeof buf_, MSG_DONTWAIT);
    if (n >= 0) {
      pos_ = 0;
      len_ = static_cast<size_t>(n);
      return n;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!Wait(POLLIN, deadline_)) {
      Fail(&ExchangeState::timed_out);
      return -1;
    }
  }
}

ssize_t ConnectionServer::Connection::read(char* ptr, size_t size) {
  if (phase_ == Phase::kNoBody) return 0;
  if (pos_ == len_) {
    ssize_t got = Fill();
    if (got <= 0) return got;
  }
  size_t n = std::min(size, len_ - pos_);
  const ConnectionLimits& lim = server_->limits_;
  if (phase_ == Phase::kHead) {
    head_bytes_ += n;
    if (head_bytes_ > lim.max_header_bytes) {
      Fail(&ExchangeState::headers_too_large);
      return -1;
    }
  } else {
    // The decoded body (what httplib appended to req.body so far) and the
    // raw bytes, which chunk framing can inflate, are both capped.
    body_bytes_ += n;
    if ((req_ != nullptr && req_->body.size() > lim.max_body_bytes) ||
        body_bytes_ > 2 * lim.max_body_bytes + (64 << 10)) {
      Fail(&ExchangeState::body_too_large);
      return -1;
    }
  }
  std::memcpy(ptr, buf_ + pos_, n);
  pos_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionServer::Connection::write(const char* ptr, size_t size) {
  size_t done = 0;
  auto timeout = std::chrono::seconds(server_->limits_.write_timeout_seconds);
  while (done < size) {
    ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!Wait(POLLOUT, Clock::now() + timeout)) return -1;
  }
  written_ += done;
  return static_cast<ssize_t>(done);
}

void ConnectionServer::Connection::get_remote_ip_and_port(std::string& ip, int& port) const {
  if (remote_port_ < 0) {  // asked on every request; the peer never changes
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    remote_port_ = 0;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      Address(addr, len, &remote_ip_, &remote_port_);
  }
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionServer::Connection::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) Address(addr, len, &ip, &port);
}

bool ConnectionServer::Connection::WaitForRequest(bool fresh) {
  if (pos_ < len_) return true;  // a pipelined request is already here
  const auto start = Clock::now();
  const ConnectionLimits& lim = server_->limits_;
  const auto limit = start + std::chrono::seconds(fresh ? lim.read_timeout_seconds : lim.keep_alive_seconds);
  for (;;) {
    auto now = Clock::now();
    if (server_->stopping() && (!fresh || now - start >= kWaitSlice)) return false;
    if (now >= limit) return false;
    if (server_->crowded() && now - start >= kCrowdedIdle) return false;
    pollfd p{fd_, POLLIN, 0};
    auto slice = std::min<Clock::duration>(limit - now, kWaitSlice);
    int r = ::poll(&p, 1, static_cast<int>(std::chrono::duration_cast<milliseconds>(slice).count()) + 1);
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return false;
  }
}

void ConnectionServer::Connection::BeginRequest(ExchangeState* state) {
  state_ = state;
  req_ = nullptr;
  phase_ = Phase::kHead;
  head_bytes_ = body_bytes_ = written_ = 0;
  deadline_ = Clock::now() + std::chrono::seconds(server_->limits_.read_timeout_seconds);
}

void ConnectionServer::Connection::BeginBody(const httplib::Request& req) {
  req_ = &req;
  bool chunked = req.has_header("Transfer-Encoding");
  phase_ = chunked || req.has_header("Content-Length") ? Phase::kBody : Phase::kNoBody;
}

void ConnectionServer::Connection::Linger() {
  ::shutdown(fd_, SHUT_WR);
  state_ = nullptr;
  phase_ = Phase::kHead;
  const auto until = Clock::now() + kLinger;
  while (Wait(POLLIN, until)) {
    ssize_t n = ::recv(fd_, buf_, sizeof buf_, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return;
  }
}

ConnectionServer::ConnectionServer(ConnectionLimits limits) : limits_(limits) {
  new_task_queue = [this] { return new Pool(this); };
  set_tcp_nodelay(true);
  set_keep_alive_max_count(std::max<size_t>(1, limits_.keep_alive_requests));
  set_keep_alive_timeout(limits_.keep_alive_seconds);
  set_read_timeout(limits_.read_timeout_seconds, 0);
  set_write_timeout(limits_.write_timeout_seconds, 0);
  set_payload_max_length(limits_.max_body_bytes);
  // Replaces httplib's default, which sets SO_REUSEPORT: with it a second
  // server started on the same port would silently share its connections
  // instead of failing to bind. Also learns the socket, for Bind.
  set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd_.store(sock);
  });
}

int ConnectionServer::Bind(const std::string& host, int port) {
  int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : -1);
  // listen() again on a listening socket only changes its backlog (Linux).
  if (bound >= 0 && listen_fd_.load() >= 0) ::listen(listen_fd_.load(), SOMAXCONN);
  return bound;
}

ConnectionServer::~ConnectionServer() = default;

ExchangeState* ConnectionServer::Current() { return current_ ? current_->state() : nullptr; }

void ConnectionServer::BeginBody(const httplib::Request& req) {
  if (current_ != nullptr) current_->BeginBody(req);
}

void ConnectionServer::Shutdown(std::chrono::milliseconds grace) {
  long long none = 0;
  stop_deadline_ns_.compare_exchange_strong(none, std::max<long long>(1, ToNs(Clock::now() + grace)));
  stop();
}

bool ConnectionServer::process_and_close_socket(socket_t sock) {
  if (t_refusing) {
    Refuse(sock);
  } else {
    Serve(sock);
  }
  return true;
}

void ConnectionServer::Refuse(socket_t sock) {
  static const std::string kTooMany =
      CannedResponse(503, "Service Unavailable", "unavailable", "too many connections, retry later");
  SendAll(sock, kTooMany);
  ::shutdown(sock, SHUT_WR);
  char drop[4096];
  for (int i = 0; i < 16 && ::recv(sock, drop, sizeof drop, MSG_DONTWAIT) > 0; ++i) {
  }
  ::close(sock);
}

void ConnectionServer::Serve(socket_t sock) {
  int one = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  Connection conn(this, sock);
  bool fresh = true;
  for (size_t served = 0; served < std::max<size_t>(1, limits_.keep_alive_requests); ++served) {
    if (!conn.WaitForRequest(fresh)) break;
    fresh = false;
    ExchangeState state;
    conn.BeginRequest(&state);
    bool last = served + 1 >= limits_.keep_alive_requests || stopping();
    bool closed = false;
    current_ = &conn;
    bool ok = process_request(conn, last, closed, nullptr);
    current_ = nullptr;
    if (!ok && state.timed_out && conn.written() == 0) {
      // httplib writes nothing when the request line never completed.
      static const std::string kTimeout =
          CannedResponse(408, "Request Timeout", "request_timeout", "the request did not arrive in time");
      SendAll(sock, kTimeout);
    }
    conn.EndRequest();
    if (state.close && ok) conn.Linger();
    if (!ok || closed || last || state.close) break;
  }
  ::close(sock);
}

}  // namespace frontdesk
