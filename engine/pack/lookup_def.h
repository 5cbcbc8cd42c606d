// LookupDef: a named lookup declared in YAML (`lookups:` in a pack file):
// a read-only, parameterized SQL query on the shop's SQLite database, or an
// HTTP call to the shop's own API. See docs/pack-format.md, "Lookups".
//
// Input from a customer (slots, the sender) only ever reaches SQL through
// sqlite3_bind_*, and an URL as a percent-encoded path or query piece; the SQL
// text and the URL's scheme, host and port come from the pack alone.
#ifndef FRONTDESK_ENGINE_PACK_LOOKUP_DEF_H_
#define FRONTDESK_ENGINE_PACK_LOOKUP_DEF_H_

#include <map>
#include <string>
#include <vector>

#include "engine/base/diagnostics.h"
#include "engine/pack/yaml_tree.h"

namespace frontdesk {

struct PackDefs;
struct Config;

// Where a bound value comes from: `slots.NAME`, `sender.email` (the sender's
// address only when the channel verified it, else null), `sender.verified`
// (1 or 0) or `language`.
struct LookupSource {
  enum class Kind { kSlot, kSenderEmail, kSenderVerified, kLanguage };
  Kind kind = Kind::kSlot;
  std::string slot;  // kSlot: the slot's name
  SourceLoc loc;
};

// Parses "slots.order_id", "sender.email", ... Returns false if unknown.
bool ParseLookupSource(const std::string& text, LookupSource* out);

// The second fact that must come with a postcode (`owner.with_postcode`):
// the slot the customer gives and the record's field it must equal, e.g.
// {slot: phone_last4, field: owner_phone_last4}.
struct LookupOwnerFact {
  std::string slot;   // a declared slot; "" = none configured
  std::string field;  // SQL result column, or JSON pointer into an API answer
  SourceLoc loc;      // where `with_postcode` is written
};

// Which fields of a record name its owner: SQL result columns, or JSON
// pointers into an API answer. The customer proves ownership with a verified
// sender address or the `email` slot equal to the record's e-mail, or with
// the `postcode` slot equal to the record's postcode *together with* the
// `with_postcode` slot equal to its field. A postcode is shared by a whole
// district, so alone it proves nothing (the loader reports `postcode`
// without `with_postcode` as an error).
struct LookupOwner {
  std::string email;     // "" = not checked
  std::string postcode;  // "" = not checked
  LookupOwnerFact with_postcode;  // the fact a postcode needs; slot "" = a postcode proves nothing
  bool enabled() const { return !email.empty() || !postcode.empty(); }
};

// Failed owner checks allowed in a sliding window before the conversation
// escalates. 0 disables one counter.
struct LookupLimits {
  int per_key = 5;            // per record key (the lookup's slot values). Default: 5
  int per_conversation = 10;  // per conversation id. Default: 10
  int per_address = 20;       // per client network address. Default: 20
  // Per proof value offered (the `email` slot; the `postcode` slot), across
  // records, conversations and addresses. Default: 5
  int per_proof = 5;
  int window_seconds = 900;   // window length in seconds. Default: 900 (15 minutes)
};

struct LookupDef {
  std::string name;
  std::string kind;  // "sql" | "http"
  SourceLoc loc;
  std::string description;
  // Named parameter (SQL `:name`; HTTP query string or JSON body) -> source.
  std::map<std::string, LookupSource> params;
  // Slots that may be missing (bound as NULL, or as "" in an URL). Any other
  // slot a lookup uses must be present, or the lookup finds nothing and
  // runs nothing.
  std::vector<std::string> optional;
  LookupOwner owner;
  bool list = false;  // rows: list -> {{#lookup.rows}}; rows: single -> {{lookup.FIELD}}
  int limit = 1;      // rows read at most. Default: 1 (single), 10 (list)
  LookupLimits limits;
  int timeout_ms = 2000;  // SQL statement or whole HTTP exchange. Default: 2000

  // kind: sql
  std::string database;  // resolved against Config::dir
  std::string query;     // one SELECT, as written
  // Where `database`, `query` and `owner` are written, for the diagnostics
  // of CheckSqlLookups, which compiles the query against the database.
  SourceLoc database_loc, query_loc, owner_loc;

  // kind: http
  std::string url;      // template: ${ENV} anywhere, {{SOURCE}} in path and query only
  std::string method = "GET";                  // GET | POST (params as a JSON body)
  std::map<std::string, std::string> headers;  // values may use ${ENV}
  std::map<std::string, std::string> fields;   // output field -> JSON pointer

  // Every slot the lookup reads (params and URL placeholders), sorted.
  std::vector<std::string> Slots() const;
};

// Reads a `lookups:` section into defs->lookups, reporting problems. Opens
// no database: CheckSqlLookups (engine/lookups/lookup_check.h) compiles each
// SQL query against its database.
void ReadLookups(const YamlNode& n, const Config& config, PackDefs* defs, Diagnostics* diags);

// Cross-reference checks once every pack file is read: each rule's
// `lookup: NAME` names a declared lookup, and each `slots.X` a declared slot.
void ValidateLookupRefs(const PackDefs& defs, Diagnostics* diags);

}  // namespace frontdesk

#endif  // FRONTDESK_ENGINE_PACK_LOOKUP_DEF_H_
