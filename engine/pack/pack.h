// Pack definitions: the YAML of a pack read into plain structs, every item
// keeping the SourceLoc it came from (for diagnostics and decision traces).
// See docs/pack-format.md for the format.
#ifndef FRONTDESK_ENGINE_PACK_PACK_H_
#define FRONTDESK_ENGINE_PACK_PACK_H_

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "frontdesk/decision.h"
#include "engine/base/diagnostics.h"
#include "engine/pack/canned_def.h"
#include "engine/pack/faq_def.h"
#include "engine/pack/lookup_def.h"
#include "engine/pack/mail_config.h"

namespace frontdesk {

struct SlotDef {
  std::string name;
  std::string description;
  std::string pattern;              // RE2, as written
  std::string transform = "none";   // none | upper | lower | digits | compact
  SourceLoc loc;
};

// A named word list used inside patterns as {name} (engine/match/concepts.h).
struct ConceptDef {
  std::string name;                // [a-z][a-z0-9_]*
  std::vector<std::string> words;  // as written; any language, folded at compile
  SourceLoc loc;                   // the name
};

struct PatternDef {
  std::string source;     // RE2, as written
  std::string language;   // "" = any
  bool negative = false;  // a hit vetoes the intent
  SourceLoc loc;
};

struct ExampleDef {
  std::string text;
  std::string language;
  std::map<std::string, std::string> slots;  // expected slots, if given
  SourceLoc loc;
};

struct IntentDef {
  std::string id;
  std::string description;
  int priority = 0;
  std::vector<std::string> slots;
  std::string answer;  // template id, "" = none
  // FAQ entries that answer this intent when no rule decides (instead of a
  // template, so that an answer lives in one place): the entry that best
  // fits the message, else the first. Empty = none.
  std::vector<std::string> faq;
  SourceLoc faq_loc;
  std::vector<PatternDef> patterns;  // positive and negative
  std::vector<ExampleDef> examples;
  std::vector<ExampleDef> counter_examples;
  std::vector<std::string> languages;  // languages that declared it
  SourceLoc loc;                       // first declaration
  // Where each language's declaration is written (not for FAQ entries' own
  // intents), for tools that point into the file (engine/pack/example_snippet.h).
  struct Declaration {
    SourceLoc map;    // the declaration: its first key, so `col` is its keys' column
    int id_line = 0;  // the line of its `id`
  };
  std::map<std::string, Declaration> declarations;  // language -> where
};

struct TemplateDef {
  std::string id;
  std::map<std::string, std::string> text;  // language -> mustache text
  std::map<std::string, SourceLoc> text_loc;
  SourceLoc loc;
};

struct RuleCondition {
  std::vector<std::string> intents;   // "*" any intent, "none" no intent; empty = no condition
  std::vector<std::string> channels;
  std::vector<std::string> languages;
  std::vector<std::string> missing;
  std::vector<std::string> present;
  std::string pending;                // "" = no condition
  int failures = 0;                   // 0 = no condition
  std::optional<bool> business_hours;
  std::map<std::string, std::string> customer;
  // slot -> threshold: the slot's numeric value is at least this much
  // (e.g. a refund claim of 500 or more). Digits are read from the value, so
  // "1.200.000 VND" and "$1,200" count as 1200000 and 1200.
  std::map<std::string, double> at_least;
};

struct RuleAction {
  enum class Kind { kReply, kAsk, kLookup, kEscalate, kFallback, kTag, kSet };
  Kind kind = Kind::kReply;
  std::string target;       // template (reply/fallback), slot (ask), lookup name (lookup)
  std::string template_id;  // ask/lookup/escalate: optional template override
  // lookup: when nothing is found and the customer gave no proof of ownership
  // (no `email` or `postcode` slot), ask for one with this template instead
  // of answering "not found". "" = answer "not found" at once.
  std::string ask_proof;
  Escalation escalation;    // escalate
  std::vector<std::string> tags;
  std::map<std::string, std::string> set;
  SourceLoc loc;
  bool Decides() const { return kind != Kind::kTag && kind != Kind::kSet; }
};

struct RuleDef {
  std::string id;
  std::string description;
  RuleCondition when;
  std::vector<RuleAction> then;
  bool continue_after = false;
  SourceLoc loc;
};

struct TurnExpect {
  std::optional<Route> route;
  bool check_intent = false;
  std::optional<std::string> intent;  // nullopt with check_intent = expect no intent
  std::string language;
  std::map<std::string, std::string> slots;
  std::string reply_contains;
};

struct TurnDef {
  std::string say;
  TurnExpect expect;
  SourceLoc loc;
};

struct ConversationDef {
  std::string id;
  std::string channel = "chat";
  std::string language;
  std::string from;
  std::vector<TurnDef> turns;
  SourceLoc loc;
};

// Opening hours in the shop's local time.
struct BusinessHours {
  bool configured = false;
  int utc_offset_minutes = 0;
  // Per weekday (0 = Sunday), open intervals in minutes since midnight.
  std::array<std::vector<std::pair<int, int>>, 7> open;
};

// The similarity tier (engine/decide/similar_examples.h): when no pattern
// matches, the intent whose example is nearest to the message may take it.
struct SimilarityOptions {
  bool enabled = true;         // Default: true
  // Lowest BM25 score of the nearest example. Default: 6.0
  double min_score = 6.0;
  // Lowest share (0..1) of the message's content terms found in that
  // example. Default: 0.75
  double min_coverage = 0.75;
  // The best intent's score must be at least this many times the best other
  // intent's. Default: 1.2
  double min_margin = 1.2;
};

// Typo tolerance (engine/match/typo_corrector.h): misspelt words are put
// back to the pack's own words before matching.
struct TypoOptions {
  bool enabled = true;  // Default: true
  // Language -> Hunspell dictionary, as the path without ".aff"/".dic".
  // Every language of the config has one after loading: the default is
  // /usr/share/hunspell/{en_US,es_ES,vi_VN} (Debian's hunspell-en-us,
  // hunspell-es, hunspell-vi).
  std::map<std::string, std::string> dictionaries;
  SourceLoc loc;  // where `typos:` is written, else the config file
};

// The HTTP server's limits, `server:` besides listen and max_body_bytes
// (docs/configuration.md; `serve` copies them into HttpOptions). Only `serve`
// reads them.
struct ServerLimits {
  int workers = 64;                // threads serving connections. Default: 64
  int max_connections = 256;       // open connections; more get 503 at once. Default: 256
  int keep_alive_seconds = 5;      // idle seconds before a kept-alive connection closes. Default: 5
  int keep_alive_requests = 1000;  // requests per connection. Default: 1000
  int read_timeout_seconds = 10;   // a whole request from its first byte. Default: 10
  int write_timeout_seconds = 10;  // a stalled write. Default: 10
  double rate_per_ip_per_second = 50;  // `rate_limit.per_ip_per_second`; 0 = off. Default: 50
  double rate_burst = 100;             // `rate_limit.burst`. Default: 100
  // `rate_limit.per_session_per_second`: chat messages per session; 0 = off. Default: 2
  double rate_per_session_per_second = 2;
  // Addresses of the reverse proxies (nginx) in front: only a request from
  // one of them may name the client (X-Forwarded-For, X-Real-IP) and say
  // it came over https (X-Forwarded-Proto); from anyone else those headers
  // are dropped. Exact IPv4 or IPv6 addresses. Default: none.
  std::vector<std::string> trusted_proxies;
};

// `notify.webhook:` the outbound webhook of new and reopened tickets
// (engine/service/notifier.h). Off while url is "".
struct WebhookConfig {
  std::string url;     // http:// or https://; may hold ${NAME}. Default: "" (off)
  // Key of the HMAC-SHA256 signature; `${NAME}` takes it from the
  // environment when `serve` starts. REQUIRES: non-empty when url is set.
  std::string secret;
  int timeout_ms = 5000;       // one attempt, connect to last byte. Default: 5000
  int max_attempts = 8;        // then the notice is dead-lettered. Default: 8
  int retry_base_ms = 10000;   // first retry after this, doubling, at most an hour. Default: 10000
  bool include_text = false;   // send the customer's message text too. Default: false
};

// `notify:`: who hears of new and reopened tickets.
struct NotifyConfig {
  WebhookConfig webhook;
  // `queue_email: {QUEUE: ADDRESS}`: an e-mail through the outbox to the
  // queue's address. Default: none.
  std::map<std::string, std::string> queue_email;
  // The server's address as customers reach it (`https://help.shop.example`),
  // for the links in e-mails (the rating page). "" = no rating e-mails.
  std::string public_url;
  bool ask_rating = true;  // ask customers to rate a resolved ticket. Default: true
  bool enabled() const { return !webhook.url.empty() || !queue_email.empty(); }
};

// Everything read from the config file (frontdesk.yaml).
struct Config {
  std::string path;                  // the config file
  std::string dir;                   // its directory; relative paths resolve here
  std::vector<std::string> packs;    // resolved pack directories or files, in merge order
  // Shop databases to build from SQL when missing: {path, build_from}.
  std::vector<std::pair<std::string, std::string>> databases;
  std::vector<std::string> languages = {"en", "vi", "es"};  // first = default
  std::vector<std::string> channels = {"chat", "email", "form", "api"};
  BusinessHours hours;
  std::string store_path;            // resolved; "" = in memory only (or on PostgreSQL)
  // `store.postgres`: a libpq connection string as written, `${NAME}` not yet
  // expanded (it may hold a password: never print it). "" = not PostgreSQL;
  // never set together with store_path.
  std::string store_postgres;
  // `store.connections`: the PostgreSQL store's pool, per process.
  int store_connections = 8;
  bool synchronous_full = true;
  std::string listen = "127.0.0.1:8080";
  size_t max_body_bytes = 1 << 20;
  ServerLimits server;               // the rest of `server:`
  int escalation_eta_hours = 4;      // business hours until a human answers
  // `escalation.reopen_within_hours`: a customer's message this long after
  // an agent resolved their ticket reopens it (the agents get it, not the
  // bot); later, the bot takes it. 0 = never reopen. Default: 168 (a week).
  int reopen_within_hours = 168;
  NotifyConfig notify;               // `notify:`
  SimilarityOptions similarity;      // `similarity:`
  TypoOptions typos;                 // `typos:`
  MailConfig mail;                   // `mail:` (engine/pack/mail_config.h)
};

// The raw definitions of all pack files, merged.
struct PackDefs {
  std::map<std::string, SlotDef> slots;
  std::map<std::string, ConceptDef> concepts;
  std::vector<IntentDef> intents;  // in definition order
  std::map<std::string, TemplateDef> templates;
  std::vector<RuleDef> rules;      // in order
  std::vector<ConversationDef> conversations;
  std::vector<LookupDef> lookups;
  std::vector<FaqEntry> faq;
  std::vector<CannedReply> canned_replies;  // for agents' replies, in definition order
  std::vector<std::string> files;  // files loaded
  // "template:ID" / "rule:ID" / "faq:ID" / "canned:ID" -> index of the pack
  // that defined it, so that a later pack may override an earlier one but not
  // repeat an id in itself.
  std::map<std::string, int> pack_of;
};

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_PACK_H_
