#include "adapters/http/suggest_route.h"

#include <httplib.h>

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/http/http_status.h"
#include "engine/service/suggest.h"

namespace frontdesk {

void AddSuggestRoute(httplib::Server& server, std::function<std::shared_ptr<const CompiledPack>()> pack,
                     const Clock* clock) {
  auto system_clock = std::make_shared<const SystemClock>();
  server.Get("/v1/suggest", [pack, clock, system_clock](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("q")) return SendError(res, 400, "invalid_argument", "'q' is required");
    SuggestRequest request;
    request.text = req.get_param_value("q");
    if (request.text.size() > kMaxSuggestQueryBytes)
      return SendError(res, 400, "invalid_argument",
                       "'q' is longer than " + std::to_string(kMaxSuggestQueryBytes) + " bytes");
    request.page_language = req.get_param_value("lang");
    if (request.page_language.size() > 16) request.page_language.clear();
    SuggestResult result;
    Status s = SuggestAnswers(pack(), clock != nullptr ? *clock : *system_clock, request, &result);
    if (!s.ok()) {
      if (s.code() == Status::Code::kInvalidArgument) return SendStatus(res, s);
      std::fprintf(stderr, "frontdesk: suggest failed: %s\n", s.ToString().c_str());
      return SendError(res, 503, "unavailable", "try again later");
    }
    nlohmann::json list = nlohmann::json::array();
    for (const Suggestion& g : result.suggestions) {
      // The FAQ page's own link to an entry (ids are letters, digits, . _ -).
      list.push_back({{"id", g.id}, {"question", g.question}, {"answer", g.answer},
                      {"url", "/faq?lang=" + result.language + "&entry=" + g.id + "#faq-" + g.id}});
    }
    // Typed text changes with every key: not worth a cache entry anywhere.
    res.set_header("Cache-Control", "no-store");
    res.set_content(nlohmann::json({{"language", result.language}, {"suggestions", list}})
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  });
}

}  // namespace frontdesk
