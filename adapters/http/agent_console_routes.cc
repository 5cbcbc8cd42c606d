#include "adapters/http/agent_console_routes.h"

#include <httplib.h>

#include <algorithm>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "adapters/http/http_status.h"
#include "adapters/http/pages/embedded.h"
#include "engine/pack/example_snippet.h"
#include "engine/text/text.h"
#include "frontdesk/message_json.h"

namespace frontdesk {
namespace {

using Json = nlohmann::json;
using PackFn = std::function<std::shared_ptr<const CompiledPack>()>;

// Nothing but this server's own script, style and API; no frames, no
// forms posted anywhere, no referrer.
constexpr char kConsolePolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'none'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

void SendJson(httplib::Response& res, const Json& j) {
  res.set_header("Cache-Control", "no-store");
  res.set_content(j.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

// The console's own files: revalidated on every load, so an upgraded
// server never runs with yesterday's script.
void Page(httplib::Server& server, const char* path, std::string_view body, const char* type) {
  server.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy", kConsolePolicy);
    res.set_content(std::string(body), type);
  });
}

bool KnownLanguage(const Config& config, const std::string& lang) {
  return std::find(config.languages.begin(), config.languages.end(), lang) != config.languages.end();
}

Json CannedJson(const PackDefs& defs, const std::string& lang) {
  Json out = Json::array();
  for (const CannedReply& c : defs.canned_replies) {
    auto text = c.text.find(lang);
    if (text == c.text.end()) continue;
    out.push_back({{"id", c.id}, {"title", c.title.at(lang)}, {"text", text->second}});
  }
  return out;
}

Json IntentsJson(const PackDefs& defs) {
  Json out = Json::array();
  for (const IntentDef& i : defs.intents)
    out.push_back({{"id", i.id}, {"description", i.description}, {"languages", i.languages}});
  std::sort(out.begin(), out.end(), [](const Json& a, const Json& b) { return a["id"] < b["id"]; });
  return out;
}

// {"intent", "language", "text"}, each a string; the text as long as a
// message may be.
Status ParseSnippetRequest(const std::string& body, std::string* intent, std::string* lang,
                           std::string* text) {
  if (!IsValidUtf8(body)) return Status::InvalidArgument("body is not valid UTF-8");
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("body must be a JSON object");
  const std::pair<const char*, std::string*> fields[] = {
      {"intent", intent}, {"language", lang}, {"text", text}};
  for (const auto& [key, out] : fields) {
    auto v = j.find(key);
    if (v == j.end() || !v->is_string())
      return Status::InvalidArgument(std::string("'") + key + "' is required");
    *out = v->get<std::string>();
  }
  if (text->size() > kMaxMessageTextBytes)
    return Status::InvalidArgument("'text' is longer than " + std::to_string(kMaxMessageTextBytes) +
                                   " bytes");
  return Status::Ok();
}

// POST /v1/agent/example-snippet, once the agent is known.
void SendSnippet(const CompiledPack& pack, const httplib::Request& req, httplib::Response& res) {
  std::string intent, lang, text;
  Status s = ParseSnippetRequest(req.body, &intent, &lang, &text);
  ExampleSnippet snippet;
  if (s.ok()) s = MakeExampleSnippet(pack.config(), pack.defs(), intent, lang, text, &snippet);
  if (!s.ok()) return SendStatus(res, s);
  SendJson(res,
           {{"file", snippet.file}, {"line", snippet.line}, {"yaml", snippet.yaml}, {"note", snippet.note}});
}

}  // namespace

void AddAgentConsoleRoutes(httplib::Server& server, const AgentChannel& ch, PackFn pack) {
  Page(server, "/agent", http_pages::kAgentHtml, "text/html; charset=utf-8");
  Page(server, "/agent.js", http_pages::kAgentJs, "application/javascript; charset=utf-8");
  Page(server, "/agent.css", http_pages::kAgentCss, "text/css; charset=utf-8");
  const Agents* agents = ch.agents;
  server.Get("/v1/agent/me", [agents](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!AuthorizeAgent(*agents, req, res, &agent)) return;
    SendJson(res, {{"name", agent.name}, {"role", agent.role}});
  });
  server.Get("/v1/canned", [agents, pack](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!AuthorizeAgent(*agents, req, res, &agent)) return;
    auto current = pack();
    std::string lang = req.has_param("lang") ? req.get_param_value("lang") : current->default_language();
    if (!KnownLanguage(current->config(), lang))
      return SendError(res, 400, "invalid_argument", "'lang' must be one of the config's languages");
    SendJson(res, {{"language", lang}, {"replies", CannedJson(current->defs(), lang)}});
  });
  server.Get("/v1/agent/intents", [agents, pack](const httplib::Request& req, httplib::Response& res) {
    Agent agent;
    if (!AuthorizeAgent(*agents, req, res, &agent)) return;
    auto current = pack();
    SendJson(res, {{"languages", current->config().languages}, {"intents", IntentsJson(current->defs())}});
  });
  server.Post("/v1/agent/example-snippet",
              [agents, pack](const httplib::Request& req, httplib::Response& res) {
                Agent agent;
                if (AuthorizeAgent(*agents, req, res, &agent)) SendSnippet(*pack(), req, res);
              });
}

}  // namespace frontdesk
