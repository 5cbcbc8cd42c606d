#include "adapters/http/rating_routes.h"

#include <httplib.h>

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "adapters/http/accept_language.h"
#include "adapters/http/faq_page.h"
#include "adapters/http/http_status.h"

namespace frontdesk {
namespace {

using Json = nlohmann::json;

struct Labels {
  const char* title;
  const char* question;
  const char* scores[5];
  const char* comment;
  const char* send;
  const char* thanks;
  const char* invalid;
  const char* not_yet;
  const char* bad;
};

const Labels& LabelsIn(const std::string& lang) {
  static const Labels kEn = {
      "Rate our help", "How would you rate our help with your request?",
      {"1 - very poor", "2 - poor", "3 - fair", "4 - good", "5 - excellent"},
      "Anything to add? (optional)", "Send", "Thank you! Your rating is saved.",
      "This rating link is not valid or has expired.", "This request is not resolved yet.",
      "Please choose a score from 1 to 5 (the comment may have at most 2000 characters)."};
  static const Labels kVi = {
      "Đánh giá hỗ trợ", "Bạn đánh giá thế nào về sự hỗ trợ cho yêu cầu của bạn?",
      {"1 - rất tệ", "2 - tệ", "3 - tạm được", "4 - tốt", "5 - rất tốt"},
      "Bạn muốn góp ý thêm? (không bắt buộc)", "Gửi", "Cảm ơn bạn! Đánh giá đã được lưu.",
      "Liên kết đánh giá không hợp lệ hoặc đã hết hạn.", "Yêu cầu này chưa được giải quyết.",
      "Vui lòng chọn điểm từ 1 đến 5 (góp ý tối đa 2000 ký tự)."};
  static const Labels kEs = {
      "Valore nuestra ayuda", "¿Cómo valora nuestra ayuda con su solicitud?",
      {"1 - muy mala", "2 - mala", "3 - regular", "4 - buena", "5 - excelente"},
      "¿Algo que añadir? (opcional)", "Enviar", "¡Gracias! Su valoración se ha guardado.",
      "Este enlace de valoración no es válido o ha caducado.", "Esta solicitud aún no está resuelta.",
      "Elija una puntuación de 1 a 5 (el comentario admite como máximo 2000 caracteres)."};
  return lang == "vi" ? kVi : lang == "es" ? kEs : kEn;
}

std::string PageLanguage(const RatingChannel& c, const httplib::Request& req) {
  const std::string asked = req.get_param_value("lang");
  for (const auto& l : c.languages)
    if (l == asked) return l;
  std::string best = PreferredLanguage(req.get_header_value("Accept-Language"), c.languages);
  return best.empty() ? c.languages.front() : best;
}

void SendPage(httplib::Response& res, int status, const std::string& lang, const std::string& body) {
  const Labels& l = LabelsIn(lang);
  res.status = status;
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  res.set_content("<!doctype html><html lang=\"" + HtmlEscape(lang) +
                      "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                      "content=\"width=device-width, initial-scale=1\"><title>" +
                      HtmlEscape(l.title) +
                      "</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;"
                      "margin:2em auto;padding:0 1em}fieldset{border:0;padding:0}label{display:block;"
                      "margin:.4em 0}textarea{width:100%}button{font:inherit;padding:.5em 1.5em}"
                      "</style></head><body><main><h1>" +
                      HtmlEscape(l.title) + "</h1>" + body + "</main></body></html>",
                  "text/html; charset=utf-8");
}

std::string Form(const std::string& lang, const std::string& token) {
  const Labels& l = LabelsIn(lang);
  std::string f = "<form method=\"post\" action=\"/rate\"><input type=\"hidden\" name=\"t\" value=\"" +
                  HtmlEscape(token) + "\"><input type=\"hidden\" name=\"lang\" value=\"" +
                  HtmlEscape(lang) + "\"><fieldset><legend>" + HtmlEscape(l.question) + "</legend>";
  for (int i = 5; i >= 1; --i)
    f += "<label><input type=\"radio\" name=\"score\" value=\"" + std::to_string(i) + "\" required> " +
         HtmlEscape(l.scores[i - 1]) + "</label>";
  f += "</fieldset><label for=\"comment\">" + std::string(HtmlEscape(l.comment)) +
       "</label><textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"2000\"></textarea>"
       "<p><button type=\"submit\">" + HtmlEscape(l.send) + "</button></p></form>";
  return f;
}

// "1".."5" -> 1..5; anything else -> 0 (refused by Ratings::Rate).
int ParseScore(const std::string& s) { return s.size() == 1 && s[0] >= '1' && s[0] <= '5' ? s[0] - '0' : 0; }

int HttpFor(const Status& s) {
  if (s.code() == Status::Code::kPermissionDenied) return 401;
  if (s.code() == Status::Code::kInvalidArgument)
    return s.message().find("not resolved") != std::string::npos ? 409 : 400;
  return HttpStatusFor(s);
}

void AddChatRating(httplib::Server& server, const RatingChannel& c) {
  server.Post(R"(/v1/chat/sessions/([A-Za-z0-9_-]{1,100})/rating)",
              [c](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");  // a bearer token, no cookies
    const std::string auth = req.get_header_value("Authorization");
    ChatSession session;
    Status s = auth.rfind("Bearer ", 0) == 0 ? c.chat->Open(req.matches[1], auth.substr(7), &session)
                                             : Status::PermissionDenied("no token");
    if (!s.ok()) {
      if (s.code() != Status::Code::kPermissionDenied) return SendStatus(res, s);
      res.set_header("WWW-Authenticate", "Bearer");
      return SendError(res, 401, "unauthenticated", "this session needs its own token");
    }
    Json body = Json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("score") || !body["score"].is_number_integer())
      return SendError(res, 400, "invalid_argument", "'score' (1 to 5) is required");
    if (body.contains("comment") && !body["comment"].is_string())
      return SendError(res, 400, "invalid_argument", "'comment' must be a string");
    const int64_t score = body["score"].get<int64_t>();
    int64_t ticket = 0;
    s = score < 1 || score > 5 ? Status::InvalidArgument("'score' must be 1 to 5")
                               : c.ratings->RatedTicketOf(session.conversation_id, &ticket);
    if (s.ok())
      s = c.ratings->Rate(ticket, static_cast<int>(score), body.value("comment", ""), "chat");
    if (!s.ok()) {
      const int status = s.code() == Status::Code::kNotFound ? 409 : HttpFor(s);
      return SendError(res, status, status == 409 ? "conflict" : status == 400 ? "invalid_argument" : "unavailable",
                       status >= 500 ? "try again later" : s.message());
    }
    res.status = 201;
    res.set_content(Json({{"ticket", ticket}, {"score", score}}).dump(), "application/json");
  });
}

}  // namespace

void AddRatingRoutes(httplib::Server& server, const RatingChannel& c) {
  if (c.ratings == nullptr) return;
  if (c.chat != nullptr) AddChatRating(server, c);
  server.Get("/rate", [c](const httplib::Request& req, httplib::Response& res) {
    const std::string lang = PageLanguage(c, req);
    const std::string token = req.get_param_value("t");
    int64_t ticket = 0;
    if (!c.ratings->CheckToken(token, &ticket).ok())
      return SendPage(res, 401, lang, "<p>" + HtmlEscape(LabelsIn(lang).invalid) + "</p>");
    SendPage(res, 200, lang, Form(lang, token));
  });
  server.Post("/rate", [c](const httplib::Request& req, httplib::Response& res) {
    const std::string lang = PageLanguage(c, req);
    const Labels& l = LabelsIn(lang);
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) != 0)
      return SendPage(res, 415, lang, "<p>" + HtmlEscape(l.bad) + "</p>");
    const std::string token = req.get_param_value("t");
    int64_t ticket = 0;
    Status s = c.ratings->CheckToken(token, &ticket);
    if (s.ok())
      s = c.ratings->Rate(ticket, ParseScore(req.get_param_value("score")),
                          req.get_param_value("comment"), "link");
    if (s.ok()) return SendPage(res, 200, lang, "<p role=\"status\">" + HtmlEscape(l.thanks) + "</p>");
    const int status = HttpFor(s);
    if (status >= 500) std::fprintf(stderr, "frontdesk: rating not stored: %s\n", s.ToString().c_str());
    const char* why = status == 401 ? l.invalid : status == 409 ? l.not_yet : status == 400 ? l.bad : l.invalid;
    SendPage(res, status, lang,
             "<p role=\"alert\">" + HtmlEscape(why) + "</p>" + (status == 400 ? Form(lang, token) : ""));
  });
}

}  // namespace frontdesk
