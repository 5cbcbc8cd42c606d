// `frontdesk eval [--json] [--min FRACTION] FILE`: routes labelled messages
// and reports how many went where they should (engine/service/route_eval.h).
//
// FILE is TSV with a header row naming at least `text` and `route` or
// `intent` (also read: `id`, `lang`, `channel`), or JSON lines with the same
// keys. Each message is decided in a conversation of its own, without a
// language hint: as a customer's first message arrives.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/cli/commands.h"
#include "adapters/cli/runtime.h"
#include "engine/service/route_eval.h"
#include "engine/service/service.h"

namespace frontdesk::cli {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, '\t');) out.push_back(cell);
  if (!line.empty() && line.back() == '\t') out.emplace_back();
  return out;
}

struct Row {
  LabelledMessage message;
  std::string channel = "chat";
};

Status RowFromCells(const std::map<std::string, std::string>& cells, int line, Row* row) {
  auto get = [&](const char* key) {
    auto it = cells.find(key);
    return it == cells.end() ? std::string() : it->second;
  };
  LabelledMessage& m = row->message;
  m.line = line;
  m.id = get("id");
  m.text = get("text");
  m.language = get("lang");
  m.route = get("route");
  m.intent = get("intent");
  if (!get("channel").empty()) row->channel = get("channel");
  if (m.text.empty()) return Status::InvalidArgument("'text' is empty");
  if (m.route.empty() && m.intent.empty()) return Status::InvalidArgument("no 'route' or 'intent'");
  return m.route.empty() ? Status::Ok() : CheckRouteLabel(m.route);
}

Status ReadJsonLines(std::istream& in, std::vector<Row>* rows, int* bad_line) {
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    *bad_line = n;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
    std::map<std::string, std::string> cells;
    for (const auto& [key, value] : j.items())
      if (value.is_string()) cells[key] = value.get<std::string>();
    Row row;
    Status s = RowFromCells(cells, n, &row);
    if (!s.ok()) return s;
    rows->push_back(std::move(row));
  }
  return Status::Ok();
}

Status ReadTsv(std::istream& in, std::vector<Row>* rows, int* bad_line) {
  std::string text;
  *bad_line = 1;
  if (!std::getline(in, text)) return Status::InvalidArgument("the file is empty");
  if (!text.empty() && text.back() == '\r') text.pop_back();
  std::vector<std::string> header = SplitTabs(text);
  auto has = [&](const char* c) { return std::find(header.begin(), header.end(), c) != header.end(); };
  if (!has("text") || (!has("route") && !has("intent")))
    return Status::InvalidArgument("the header needs a 'text' column and a 'route' or 'intent' column");
  for (int n = 2; std::getline(in, text); ++n) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty()) continue;
    *bad_line = n;
    std::vector<std::string> cells = SplitTabs(text);
    if (cells.size() != header.size())
      return Status::InvalidArgument("has " + std::to_string(cells.size()) + " columns, the header " +
                                     std::to_string(header.size()));
    std::map<std::string, std::string> named;
    for (size_t i = 0; i < header.size(); ++i) named[header[i]] = cells[i];
    Row row;
    Status s = RowFromCells(named, n, &row);
    if (!s.ok()) return s;
    rows->push_back(std::move(row));
  }
  return Status::Ok();
}

Status ReadLabelled(const std::string& path, std::vector<Row>* rows, int* bad_line) {
  std::ifstream in(path, std::ios::binary);
  *bad_line = 0;
  if (!in) return Status::NotFound("cannot read " + path);
  int first = in.peek();
  while (first == ' ' || first == '\n') {
    in.get();
    first = in.peek();
  }
  return first == '{' ? ReadJsonLines(in, rows, bad_line) : ReadTsv(in, rows, bad_line);
}

std::string Percent(const RouteEvalReport::Tally& t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%5.1f%%  (%d/%d)", 100 * t.accuracy(), t.right, t.total);
  return buf;
}

void PrintHuman(const std::string& file, const RouteEvalReport& r) {
  std::printf("eval: %s, %d messages\n", file.c_str(), r.overall.total);
  std::printf("overall    %s\n", Percent(r.overall).c_str());
  std::printf("by route\n");
  for (const auto& [label, t] : r.by_label) std::printf("  %-9s %s\n", label.c_str(), Percent(t).c_str());
  std::printf("by language\n");
  for (const auto& [lang, t] : r.by_language) std::printf("  %-9s %s\n", lang.c_str(), Percent(t).c_str());
  static const char* kFamilies[] = {"order", "faq", "escalate", "other"};
  std::printf("confusion (rows: expected, columns: decided)\n  %-9s", "");
  for (const char* f : kFamilies) std::printf(" %8s", f);
  std::printf("\n");
  for (const auto& [label, row] : r.confusion) {
    std::printf("  %-9s", label.c_str());
    for (const char* f : kFamilies) {
      auto it = row.find(f);
      std::printf(" %8d", it == row.end() ? 0 : it->second);
    }
    std::printf("\n");
  }
  std::printf("most frequent misses\n");
  for (const auto& m : r.misses) {
    std::printf("  %4d x expected %s, got %s\n       e.g. \"%s\"\n", m.count, m.expected.c_str(),
                m.got.c_str(), m.example.c_str());
    std::stringstream trace(m.trace);
    for (std::string line; std::getline(trace, line);) std::printf("         %s\n", line.c_str());
  }
}

nlohmann::json TallyJson(const RouteEvalReport::Tally& t) {
  return {{"right", t.right}, {"total", t.total}, {"accuracy", t.accuracy()}};
}

nlohmann::json ReportJson(const std::string& file, const RouteEvalReport& r) {
  nlohmann::json j = {{"file", file}, {"overall", TallyJson(r.overall)}, {"by_route", nlohmann::json::object()},
                      {"by_language", nlohmann::json::object()}, {"confusion", r.confusion},
                      {"misses", nlohmann::json::array()}};
  for (const auto& [label, t] : r.by_label) j["by_route"][label] = TallyJson(t);
  for (const auto& [lang, t] : r.by_language) j["by_language"][lang] = TallyJson(t);
  for (const auto& m : r.misses)
    j["misses"].push_back({{"expected", m.expected}, {"got", m.got}, {"count", m.count},
                           {"example", m.example}, {"trace", m.trace}});
  return j;
}

}  // namespace

int RunEval(const Args& args) {
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "frontdesk eval: give one labelled file (TSV or JSON lines)\n");
    return 2;
  }
  double min = -1;
  if (const std::string text = args.Option("min"); !text.empty()) {
    char* end = nullptr;  // points into `text`, which must outlive it
    min = std::strtod(text.c_str(), &end);
    if (end == nullptr || *end != '\0' || min < 0 || min > 1) {
      std::fprintf(stderr, "frontdesk eval: --min takes a fraction between 0 and 1\n");
      return 2;
    }
  }
  const std::string& file = args.positional[0];
  std::vector<Row> rows;
  int bad_line = 0;
  if (Status s = ReadLabelled(file, &rows, &bad_line); !s.ok()) {
    std::fprintf(stderr, "%s:%d: error: %s\n", file.c_str(), bad_line, s.message().c_str());
    return 2;
  }
  auto runtime = Runtime::Open(args.config);
  if (runtime == nullptr) return 1;
  RouteEvaluator evaluator;
  for (const Row& row : rows) {
    Message m;
    m.id = row.message.id;
    m.text = row.message.text;
    m.channel = row.channel;
    m.conversation_id = "eval-" + std::to_string(row.message.line);
    Decision d;
    std::string replay;
    if (Status s = runtime->service().Handle(m, "", &d, &replay); !s.ok()) {
      std::fprintf(stderr, "%s:%d: error: %s\n", file.c_str(), row.message.line, s.ToString().c_str());
      return 1;
    }
    evaluator.Add(row.message, d);
  }
  RouteEvalReport report = evaluator.Report();
  if (args.Flag("json")) std::printf("%s\n", ReportJson(file, report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  else PrintHuman(file, report);
  if (min >= 0 && report.overall.accuracy() < min) {
    std::fprintf(stderr, "frontdesk eval: accuracy %.4f is below --min %.4f\n", report.overall.accuracy(), min);
    return 1;
  }
  return 0;
}

}  // namespace frontdesk::cli
