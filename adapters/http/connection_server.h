// ConnectionServer: cpp-httplib's Server with the connection handling of
// cpp-httplib 0.11 replaced, so that slow or hostile clients cannot hold the
// workers. httplib still parses requests, routes and writes responses
// (Server::process_request); this class owns what happens around it:
//   - a worker pool of fixed size (new_task_queue) and a cap on open
//     connections: one over the cap is answered 503 and closed on the accept
//     thread, without taking a worker;
//   - TCP_NODELAY on every connection;
//   - keep-alive: at most `keep_alive_requests` per connection, closed after
//     `keep_alive_seconds` idle, and sooner (after 1 s idle) while accepted
//     connections wait for a worker;
//   - a deadline for the whole request (request line, headers and body) from
//     its first byte, a cap on the header bytes, write deadlines;
//   - a cap on the request body that also holds for chunked bodies (httplib
//     0.11 checks only Content-Length), and "no Content-Length, not chunked"
//     read as an empty body (RFC 9112 6.3) rather than "until the client
//     closes";
//   - graceful stop: no new connections, requests in flight finish, idle
//     keep-alive connections close, and after a grace period every read and
//     write fails so the workers can be joined.
#ifndef FRONTDESK_ADAPTERS_HTTP_CONNECTION_SERVER_H_
#define FRONTDESK_ADAPTERS_HTTP_CONNECTION_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>

namespace frontdesk {

struct ConnectionLimits {
  size_t workers = 64;               // threads serving connections. Default: 64
  size_t max_connections = 256;      // open connections (served + waiting); more get 503. Default: 256
  int keep_alive_seconds = 5;        // idle time before a kept-alive connection closes. Default: 5
  size_t keep_alive_requests = 1000; // requests per connection before it closes. Default: 1000
  int read_timeout_seconds = 10;     // a whole request (line, headers, body) from its first byte. Default: 10
  int write_timeout_seconds = 10;    // a write that makes no progress for this long fails. Default: 10
  size_t max_header_bytes = 64 << 10;  // request line and headers; more gets 431. Default: 64 KiB
  size_t max_body_bytes = 1 << 20;   // decoded body; more gets 413 (also chunked). Default: 1 MiB
};

// Why the request being served failed below httplib, for the error handler.
struct ExchangeState {
  bool timed_out = false;          // the request's read deadline passed
  bool headers_too_large = false;  // over max_header_bytes
  bool body_too_large = false;     // over max_body_bytes
  bool close = false;              // close the connection after this response
};

class ConnectionServer : public httplib::Server {
 public:
  explicit ConnectionServer(ConnectionLimits limits);
  ~ConnectionServer() override;
  ConnectionServer(const ConnectionServer&) = delete;
  ConnectionServer& operator=(const ConnectionServer&) = delete;

  // The state of the request the calling thread is serving, or nullptr when
  // it serves none. Handlers (pre-routing, error, routes) run on the thread
  // that reads their request, so they can reach it here.
  static ExchangeState* Current();

  // Called once the headers are read (the pre-routing handler), before
  // httplib reads the body: the body limit starts to count, and a request
  // with neither Content-Length nor chunked encoding gets an empty body.
  static void BeginBody(const httplib::Request& req);

  // Stops accepting; requests in flight may finish for `grace`, after which
  // their reads and writes fail. Listen() then returns once every worker is
  // done. Thread-safe; idempotent.
  void Shutdown(std::chrono::milliseconds grace);

  // Binds host:port (port 0 = any free port) with a listen backlog of
  // SOMAXCONN instead of the 5 Debian's libcpp-httplib was built with: with
  // 5, a burst of new connections (a thousand chat pages opening their
  // event streams) overflows the queue and the kernel drops the extra SYNs,
  // which clients resend after 1, 3, 7 ... seconds. Returns the port, or -1.
  int Bind(const std::string& host, int port);

  // Connections accepted and not yet closed (served or waiting).
  size_t open_connections() const { return open_.load(); }
  const ConnectionLimits& limits() const { return limits_; }

 private:
  class Pool;
  class Connection;
  friend class Pool;
  friend class Connection;

  // The connection the calling worker serves (see Current); per thread
  // because httplib calls the handlers with no context of ours.
  static thread_local Connection* current_;

  bool process_and_close_socket(socket_t sock) override;
  void Serve(socket_t sock);
  static void Refuse(socket_t sock);
  bool stopping() const { return stop_deadline_ns_.load() != 0; }
  // Waiting connections exist: idle ones should make room.
  bool crowded() const { return waiting_.load() > 0; }

  const ConnectionLimits limits_;
  std::atomic<size_t> open_{0};     // accepted, not yet closed
  std::atomic<size_t> waiting_{0};  // accepted, no worker yet
  std::atomic<long long> stop_deadline_ns_{0};  // steady_clock; 0 = running
  std::atomic<int> listen_fd_{-1};  // the listening socket, once bound
};

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_CONNECTION_SERVER_H_
