// The baseline of bench/http_bench.sh: a bare cpp-httplib server, tuned as
// `frontdesk serve` is (the same worker count, TCP_NODELAY, keep-alive), whose
// POST /v1/messages answers a small fixed JSON. What frontdesk adds on top
// of it (parsing, deciding, the durable commit, hardening) is the difference.
//
//   http_bare_server [--listen HOST:PORT] [--workers N]
// Prints "listening on http://HOST:PORT" (port 0 = any free port) and serves
// until SIGINT/SIGTERM.
#include <httplib.h>
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 0;
  size_t workers = 64;  // HttpOptions::workers' default
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--listen") {
      auto colon = value.rfind(':');
      host = value.substr(0, colon);
      port = std::stoi(value.substr(colon + 1));
    } else if (flag == "--workers") {
      workers = std::stoul(value);
    } else {
      std::fprintf(stderr, "usage: http_bare_server [--listen HOST:PORT] [--workers N]\n");
      return 2;
    }
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  httplib::Server server;
  server.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);  // as HttpOptions::keep_alive_requests
  server.set_keep_alive_timeout(5);       // as HttpOptions::keep_alive_seconds
  server.set_payload_max_length(1 << 20);
  server.Post("/v1/messages", [](const httplib::Request& req, httplib::Response& res) {
    if (req.body.empty()) {
      res.status = 400;
      return res.set_content(R"({"error":{"code":"invalid_argument","message":"empty"}})", "application/json");
    }
    res.set_content(R"({"route":"answer","intent":null,"language":"en","slots":{},"reply":"ok","ticket":null})",
                    "application/json");
  });
  int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "http_bare_server: cannot listen on %s:%d\n", host.c_str(), port);
    return 1;
  }
  std::thread signals([&] {
    int sig = 0;
    sigwait(&set, &sig);
    server.stop();
  });
  std::printf("listening on http://%s:%d\n", host.c_str(), bound);
  std::fflush(stdout);
  bool ok = server.listen_after_bind();
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  return ok ? 0 : 1;
}
