#include "engine/pack/config_loader.h"

#include <filesystem>

#include "engine/pack/url_template.h"
#include "engine/pack/yaml_read.h"
#include "engine/pack/yaml_tree.h"

namespace frontdesk {
namespace {

const char* const kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

int DayIndex(const std::string& d) {
  for (int i = 0; i < 7; ++i)
    if (d == kDays[i]) return i;
  return -1;
}

bool ParseHhMm(const std::string& s, int* minutes) {
  if (s.size() != 5 || s[2] != ':') return false;
  for (int i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return false;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return false;
  *minutes = h * 60 + m;
  return true;
}

// "+07:00" / "-03:30" / "Z"
bool ParseUtcOffset(const std::string& s, int* minutes) {
  if (s == "Z" || s == "+00:00") {
    *minutes = 0;
    return true;
  }
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-')) return false;
  int m = 0;
  if (!ParseHhMm(s.substr(1), &m)) return false;
  *minutes = s[0] == '-' ? -m : m;
  return true;
}

// Day keys: "mon", "mon-fri", "sat-sun".
bool ParseDays(const std::string& key, std::vector<int>* days) {
  auto dash = key.find('-');
  int a = DayIndex(key.substr(0, dash));
  int b = dash == std::string::npos ? a : DayIndex(key.substr(dash + 1));
  if (a < 0 || b < 0) return false;
  for (int d = a;; d = (d + 1) % 7) {
    days->push_back(d);
    if (d == b) break;
  }
  return true;
}

void ReadBusinessHours(const YamlNode& n, BusinessHours* hours, Diagnostics* diags) {
  if (!n.IsMap()) {
    diags->Error(n.loc, "business_hours must be a map");
    return;
  }
  hours->configured = true;
  for (const auto& [k, v] : n.entries) {
    std::string value;
    if (!ReadString(v, "'" + k.scalar + "'", diags, &value, true)) continue;
    if (k.scalar == "utc_offset") {
      if (!ParseUtcOffset(value, &hours->utc_offset_minutes))
        diags->Error(v.loc, "utc_offset must look like +07:00");
      continue;
    }
    std::vector<int> days;
    if (!ParseDays(k.scalar, &days)) {
      diags->Error(k.loc, "unknown key '" + k.scalar +
                              "' in business_hours (expected utc_offset or days such as mon, mon-fri)");
      continue;
    }
    std::pair<int, int> range;
    if (value == "closed") {
      // "mon-fri: 08:00-18:00" then "fri: closed": the later key wins.
      for (int d : days) hours->open[d].clear();
      continue;
    }
    if (!ParseHourRange(value, &range)) {
      diags->Error(v.loc, "opening hours must look like 08:00-18:00 or be 'closed'");
      continue;
    }
    for (int d : days) hours->open[d].push_back(range);
  }
}

std::string Resolve(const std::string& dir, const std::string& p) {
  std::filesystem::path path(p);
  if (path.is_absolute()) return path.lexically_normal().string();
  return (std::filesystem::path(dir) / path).lexically_normal().string();
}

// `typos: {enabled, dictionaries: {LANG: PATH}}`; every configured language
// gets Debian's dictionary unless the config names one.
void ReadTypos(const MapReader& r, Config* config, Diagnostics* diags) {
  TypoOptions& o = config->typos;
  o.loc = r.node().loc;
  if (const YamlNode* typos = r.Get("typos")) {
    o.loc = typos->loc;
    MapReader t(*typos, "typos", diags, {"enabled", "dictionaries"});
    t.Bool("enabled", &o.enabled);
    std::map<std::string, std::string> given;
    if (t.StringMap("dictionaries", &given))
      for (const auto& [lang, path] : given) o.dictionaries[lang] = Resolve(config->dir, path);
  }
  static const std::map<std::string, std::string> kDebian = {
      {"en", "en_US"}, {"es", "es_ES"}, {"vi", "vi_VN"}, {"fr", "fr"}, {"de", "de_DE"},
      {"pt", "pt_PT"}, {"it", "it_IT"}};
  for (const auto& lang : config->languages) {
    if (o.dictionaries.count(lang)) continue;
    auto it = kDebian.find(lang);
    if (it != kDebian.end()) o.dictionaries[lang] = "/usr/share/hunspell/" + it->second;
    else if (o.enabled)
      diags->Error(o.loc, "typos: no dictionary known for language '" + lang +
                              "'; name one in typos.dictionaries." + lang + " or set typos.enabled: false");
  }
}

}  // namespace

bool ParseHourRange(const std::string& s, std::pair<int, int>* out) {
  auto dash = s.find('-');
  if (dash == std::string::npos) return false;
  int a = 0, b = 0;
  if (!ParseHhMm(s.substr(0, dash), &a) || !ParseHhMm(s.substr(dash + 1), &b) || a >= b) return false;
  *out = {a, b};
  return true;
}

static void ReadNotify(const YamlNode& n, NotifyConfig* notify, Diagnostics* diags) {
  MapReader r(n, "notify", diags, {"webhook", "queue_email", "public_url", "ask_rating"});
  if (!r.valid()) return;
  r.StringMap("queue_email", &notify->queue_email);
  r.String("public_url", &notify->public_url, false, true);
  r.Bool("ask_rating", &notify->ask_rating);
  if (!notify->public_url.empty() && notify->public_url.rfind("http://", 0) != 0 &&
      notify->public_url.rfind("https://", 0) != 0)
    diags->Error(r.Get("public_url")->loc, "public_url must start with http:// or https://");
  const YamlNode* hook = r.Get("webhook");
  if (hook == nullptr) return;
  MapReader w(*hook, "webhook", diags,
              {"url", "secret", "timeout_ms", "max_attempts", "retry_base_ms", "include_text"});
  if (!w.valid()) return;
  WebhookConfig& c = notify->webhook;
  w.String("url", &c.url, true, true);
  w.String("secret", &c.secret, true, true);
  w.Bool("include_text", &c.include_text);
  if (!c.url.empty() && c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0 &&
      c.url.rfind("${", 0) != 0)
    diags->Error(w.Get("url")->loc, "url must start with http:// or https://");
  struct IntKey {
    const char* key;
    int* value;
    int min, max;
  } ints[] = {{"timeout_ms", &c.timeout_ms, 100, 120000},
              {"max_attempts", &c.max_attempts, 1, 100},
              {"retry_base_ms", &c.retry_base_ms, 100, 3600000}};
  for (const IntKey& k : ints)
    if (w.Int(k.key, k.value) && (*k.value < k.min || *k.value > k.max))
      diags->Error(w.Get(k.key)->loc, std::string(k.key) + " must be between " +
                                          std::to_string(k.min) + " and " + std::to_string(k.max));
}

bool LoadConfig(const std::string& path, Config* config, Diagnostics* diags) {
  YamlNode root;
  if (!ParseYamlFile(path, path, YamlLimits(), &root, diags)) return false;
  config->path = path;
  config->dir = std::filesystem::path(path).parent_path().string();
  if (config->dir.empty()) config->dir = ".";
  MapReader r(root, "the config", diags,
              {"packs", "languages", "channels", "business_hours", "store", "server", "escalation",
               "databases", "similarity", "typos", "notify", "mail"});
  if (!r.valid()) return false;
  std::vector<std::string> packs;
  r.StringList("packs", &packs);
  if (packs.empty()) diags->Error(root.loc, "the config needs 'packs': a list of pack directories");
  for (const auto& p : packs) {
    std::string dir = Resolve(config->dir, p);
    bool file = std::filesystem::is_regular_file(dir) && dir.size() > 5 &&
                dir.compare(dir.size() - 5, 5, ".yaml") == 0;
    if (!std::filesystem::is_directory(dir) && !file)
      diags->Error(r.Get("packs")->loc, "pack directory '" + p + "' does not exist (resolved to " + dir + ")");
    config->packs.push_back(dir);
  }
  r.StringList("languages", &config->languages);
  if (config->languages.empty()) diags->Error(root.loc, "'languages' must name at least one language");
  r.StringList("channels", &config->channels);
  if (const YamlNode* bh = r.Get("business_hours")) ReadBusinessHours(*bh, &config->hours, diags);
  if (const YamlNode* store = r.Get("store")) {
    MapReader s(*store, "store", diags, {"path", "synchronous", "postgres", "connections"});
    std::string p, sync = "full";
    s.String("path", &p);
    s.String("synchronous", &sync);
    if (!p.empty()) config->store_path = p == ":memory:" ? p : Resolve(config->dir, p);
    if (s.Has("postgres") && s.String("postgres", &config->store_postgres, false, true)) {
      // The value may hold a password: the messages never quote it.
      if (config->store_postgres.empty())
        diags->Error(s.Get("postgres")->loc, "postgres must be a connection string (host=... dbname=...)");
      else if (Status e = lookups_internal::CheckEnvSyntax(config->store_postgres); !e.ok())
        diags->Error(s.Get("postgres")->loc, "postgres: a ${NAME} is malformed (letters, digits and _ only)");
      if (!p.empty())
        diags->Error(s.Get("postgres")->loc,
                     "store: set either path (SQLite) or postgres (PostgreSQL), not both");
      if (s.Get("synchronous") != nullptr)
        diags->Error(s.Get("synchronous")->loc,
                     "synchronous applies to SQLite (store.path); PostgreSQL commits as its server is set");
    }
    if (s.Has("connections") && s.Int("connections", &config->store_connections)) {
      if (config->store_postgres.empty())
        diags->Error(s.Get("connections")->loc,
                     "connections applies to PostgreSQL (store.postgres); SQLite has one writer");
      else if (config->store_connections < 1 || config->store_connections > 1000)
        diags->Error(s.Get("connections")->loc, "connections must be 1 to 1000");
    }
    if (sync != "full" && sync != "normal")
      diags->Error(s.Get("synchronous")->loc, "synchronous must be full or normal");
    config->synchronous_full = sync != "normal";
  }
  if (const YamlNode* server = r.Get("server")) {
    MapReader s(*server, "server", diags,
                {"listen", "max_body_bytes", "workers", "max_connections", "keep_alive_seconds",
                 "keep_alive_requests", "read_timeout_seconds", "write_timeout_seconds", "rate_limit",
                 "trusted_proxies"});
    s.String("listen", &config->listen);
    int max_body = static_cast<int>(config->max_body_bytes);
    if (s.Int("max_body_bytes", &max_body)) {
      if (max_body <= 0) diags->Error(s.Get("max_body_bytes")->loc, "max_body_bytes must be positive");
      else config->max_body_bytes = static_cast<size_t>(max_body);
    }
    ServerLimits& l = config->server;
    struct IntKey {
      const char* key;
      int* value;
      int min, max;
    } ints[] = {{"workers", &l.workers, 1, 4096},
                {"max_connections", &l.max_connections, 1, 1000000},
                {"keep_alive_seconds", &l.keep_alive_seconds, 0, 3600},
                {"keep_alive_requests", &l.keep_alive_requests, 1, 1000000000},
                {"read_timeout_seconds", &l.read_timeout_seconds, 1, 3600},
                {"write_timeout_seconds", &l.write_timeout_seconds, 1, 3600}};
    for (const IntKey& k : ints)
      if (s.Int(k.key, k.value) && (*k.value < k.min || *k.value > k.max))
        diags->Error(s.Get(k.key)->loc, std::string(k.key) + " must be between " + std::to_string(k.min) +
                                            " and " + std::to_string(k.max));
    if (s.StringList("trusted_proxies", &l.trusted_proxies))
      for (const std::string& a : l.trusted_proxies)
        if (a.empty() || a.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
          diags->Error(s.Get("trusted_proxies")->loc,
                       "trusted_proxies holds IP addresses such as 127.0.0.1, not '" + a + "'");
    if (const YamlNode* rate = s.Get("rate_limit")) {
      MapReader rl(*rate, "rate_limit", diags, {"per_ip_per_second", "burst", "per_session_per_second"});
      if (rl.Double("per_ip_per_second", &l.rate_per_ip_per_second) && l.rate_per_ip_per_second < 0)
        diags->Error(rl.Get("per_ip_per_second")->loc, "per_ip_per_second must not be negative (0 = no limit)");
      if (rl.Double("burst", &l.rate_burst) && l.rate_burst < 1)
        diags->Error(rl.Get("burst")->loc, "burst must be at least 1");
      if (rl.Double("per_session_per_second", &l.rate_per_session_per_second) &&
          l.rate_per_session_per_second < 0)
        diags->Error(rl.Get("per_session_per_second")->loc,
                     "per_session_per_second must not be negative (0 = no limit)");
    }
  }
  if (const YamlNode* dbs = r.Get("databases")) {
    if (!dbs->IsSequence()) diags->Error(dbs->loc, "'databases' must be a list");
    for (const auto& item : dbs->items) {
      MapReader d(item, "database", diags, {"path", "build_from"});
      std::string db_path, from;
      d.String("path", &db_path, true);
      d.String("build_from", &from);
      if (!db_path.empty())
        config->databases.push_back(
            {Resolve(config->dir, db_path), from.empty() ? "" : Resolve(config->dir, from)});
    }
  }
  if (const YamlNode* sim = r.Get("similarity")) {
    MapReader s(*sim, "similarity", diags, {"enabled", "min_score", "min_coverage", "min_margin"});
    SimilarityOptions& o = config->similarity;
    s.Bool("enabled", &o.enabled);
    if (s.Double("min_score", &o.min_score) && o.min_score < 0)
      diags->Error(s.Get("min_score")->loc, "min_score must not be negative");
    if (s.Double("min_coverage", &o.min_coverage) && (o.min_coverage < 0 || o.min_coverage > 1))
      diags->Error(s.Get("min_coverage")->loc, "min_coverage must be between 0 and 1");
    if (s.Double("min_margin", &o.min_margin) && o.min_margin < 1)
      diags->Error(s.Get("min_margin")->loc, "min_margin must be at least 1");
  }
  ReadTypos(r, config, diags);
  if (const YamlNode* mail = r.Get("mail")) ReadMailConfig(*mail, &config->mail, diags);
  if (const YamlNode* esc = r.Get("escalation")) {
    MapReader s(*esc, "escalation", diags, {"eta_hours", "reopen_within_hours"});
    if (s.Int("eta_hours", &config->escalation_eta_hours) && config->escalation_eta_hours < 0)
      diags->Error(s.Get("eta_hours")->loc, "eta_hours must not be negative");
    if (s.Int("reopen_within_hours", &config->reopen_within_hours) &&
        config->reopen_within_hours < 0)
      diags->Error(s.Get("reopen_within_hours")->loc,
                   "reopen_within_hours must not be negative (0 = never reopen)");
  }
  if (const YamlNode* notify = r.Get("notify")) ReadNotify(*notify, &config->notify, diags);
  return diags->ok();
}

}  // namespace frontdesk
