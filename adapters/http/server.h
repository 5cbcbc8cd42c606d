// HttpServer: the HTTP adapter. Handlers are thin: parse, call the service,
// serialize. Every error is JSON {"error": {"code", "message"}} with a 4xx/5xx
// status; nothing a client sends can crash the server.
#ifndef FRONTDESK_ADAPTERS_HTTP_SERVER_H_
#define FRONTDESK_ADAPTERS_HTTP_SERVER_H_

#include <atomic>
#include <memory>
#include <string>

#include "engine/service/service.h"

namespace httplib {
class Server;
}

namespace frontdesk {

struct HttpOptions {
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413. Default: 1 MiB
  int read_timeout_seconds = 10;    // per request. Default: 10
};

class HttpServer {
 public:
  // REQUIRES: service outlives the server.
  HttpServer(SupportService* service, HttpOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0 = any free port); returns the bound port or -1.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); call after Bind. Blocks.
  bool Run();
  void Stop();
  bool running() const;

 private:
  struct Metrics;
  void Routes();
  SupportService* service_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<Metrics> metrics_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ADAPTERS_HTTP_SERVER_H_
