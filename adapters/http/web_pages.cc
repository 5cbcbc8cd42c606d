#include "adapters/http/web_pages.h"

#include <httplib.h>

#include <kainjow/mustache.hpp>

#include "adapters/http/pages/embedded.h"

namespace frontdesk {
namespace {

void Static(httplib::Server& server, const char* path, std::string_view body, const char* type) {
  server.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_content(std::string(body), type);
  });
}

}  // namespace

void AddWebPageRoutes(httplib::Server& server,
                      std::function<std::shared_ptr<const CompiledPack>()> pack) {
  Static(server, "/widget.js", http_pages::kWidgetJs, "application/javascript; charset=utf-8");
  Static(server, "/widget.css", http_pages::kWidgetCss, "text/css; charset=utf-8");
  server.Get("/demo", [pack](const httplib::Request& req, httplib::Response& res) {
    auto current = pack();
    std::string lang = current->default_language();
    for (const auto& l : current->config().languages)
      if (req.get_param_value("lang") == l) lang = l;  // only a known language reaches the page
    kainjow::mustache::mustache page{std::string(http_pages::kDemoHtml)};
    kainjow::mustache::data data;
    data.set("lang", lang);
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                   "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(page.render(data), "text/html; charset=utf-8");
  });
  // Preflight for the chat API from a shop's own origin.
  server.Options(R"(/v1/chat/.*)", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Allow-Methods", "GET, POST");
    res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, Last-Event-ID");
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
  });
}

}  // namespace frontdesk
