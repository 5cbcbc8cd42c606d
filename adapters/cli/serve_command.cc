// `frontdesk serve`: runs the HTTP server until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <thread>

#include "adapters/cli/commands.h"
#include "adapters/http/server.h"
#include "engine/service.h"

namespace frontdesk::cli {
namespace {

HttpServer* g_server = nullptr;  // only for the signal handler

void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

bool SplitHostPort(const std::string& listen, std::string* host, int* port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  try {
    *port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return false;
  }
  return *port >= 0 && *port < 65536;
}

}  // namespace

int RunServe(const Args& args) {
  auto pack = LoadPackOrReport(args.config);
  if (pack == nullptr) return 1;
  std::string listen = args.Option("listen", pack->config().listen);
  std::string host;
  int port = 0;
  if (!SplitHostPort(listen, &host, &port)) {
    std::fprintf(stderr, "frontdesk serve: --listen wants HOST:PORT, got '%s'\n", listen.c_str());
    return 2;
  }
  MemoryConversationStore store;
  SystemClock clock;
  SupportService service(pack, &store, &clock);
  HttpOptions options;
  options.max_body_bytes = pack->config().max_body_bytes;
  HttpServer server(&service, options);
  int bound = server.Bind(host, port);
  if (bound < 0) {
    std::fprintf(stderr, "frontdesk serve: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::printf("frontdesk: serving %zu intents on http://%s:%d\n", pack->defs().intents.size(),
              host.c_str(), bound);
  std::fflush(stdout);
  bool ok = server.Run();
  g_server = nullptr;
  return ok ? 0 : 1;
}

}  // namespace frontdesk::cli
