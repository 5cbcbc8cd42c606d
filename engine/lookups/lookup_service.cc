#include "engine/lookups/lookup_service.h"

#include <algorithm>
#include <cctype>

#include "engine/lookups/http_lookup.h"
#include "engine/lookups/owner_check.h"
#include "engine/lookups/sql_lookup.h"

namespace frontdesk {

namespace lookups_internal {

nlohmann::json SourceValue(const LookupSource& source, const LookupRequest& request) {
  switch (source.kind) {
    case LookupSource::Kind::kSenderEmail:  // an unverified From is anyone's to write
      if (!request.from_verified || request.from.empty()) return nullptr;
      return NormalizeEmail(request.from);
    case LookupSource::Kind::kSenderVerified: return request.from_verified ? 1 : 0;
    case LookupSource::Kind::kLanguage: return request.language;
    case LookupSource::Kind::kSlot: break;
  }
  auto it = request.slots.find(source.slot);
  if (it == request.slots.end() || it->second.empty()) return nullptr;
  return it->second;
}

}  // namespace lookups_internal

namespace {

using lookups_internal::FetchedRow;

// A record the size of a real one, compared when none came back, so that a
// miss does the owner check's work too.
const lookups_internal::OwnerRecord kBlankRecord{std::string(32, ' '), std::string(8, ' '),
                                                 std::string(8, ' ')};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool HasRequiredSlots(const LookupDef& def, const LookupRequest& request) {
  for (const std::string& slot : def.Slots()) {
    if (std::find(def.optional.begin(), def.optional.end(), slot) != def.optional.end()) continue;
    auto it = request.slots.find(slot);
    if (it == request.slots.end() || it->second.empty()) return false;
  }
  return true;
}

// The reply's data: the first record's fields (rows: single), or
// {"rows": [...], "count": N} (rows: list). Nothing when no record.
void Fill(const LookupDef& def, const std::vector<FetchedRow>& rows, LookupResult* result) {
  result->found = !rows.empty();
  result->data = nlohmann::json::object();
  if (rows.empty()) return;
  if (!def.list) {
    result->data = rows.front().fields;
    return;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const FetchedRow& row : rows) list.push_back(row.fields);
  result->data["rows"] = std::move(list);
  result->data["count"] = rows.size();
}

// Keeps the records the asker owns. Runs every comparison on every record
// (and on a blank one when there is none) whatever the outcome.
std::vector<FetchedRow> Owned(const lookups_internal::OwnerProof& proof,
                              std::vector<FetchedRow> rows) {
  std::vector<FetchedRow> owned;
  volatile bool sink = lookups_internal::OwnerMatches(proof, kBlankRecord);
  (void)sink;
  for (FetchedRow& row : rows) {
    bool mine = lookups_internal::OwnerMatches(
        proof, {row.owner_email, row.owner_postcode, row.owner_second});
    if (mine) owned.push_back(std::move(row));
  }
  return owned;
}

}  // namespace

std::vector<AttemptLimiter::Counter> AttemptCounters(const LookupDef& def,
                                                     const LookupRequest& request) {
  std::vector<AttemptLimiter::Counter> counters;
  std::string key;
  for (const std::string& slot : def.Slots()) {
    auto it = request.slots.find(slot);
    if (it == request.slots.end()) continue;
    key += (key.empty() ? "" : "&") + slot + "=" + Lower(it->second);
  }
  if (!key.empty()) counters.push_back({"key:" + key, def.limits.per_key});
  if (!request.conversation_id.empty())
    counters.push_back({"conversation:" + request.conversation_id, def.limits.per_conversation});
  if (!request.client_address.empty())
    counters.push_back({"address:" + request.client_address, def.limits.per_address});
  // The proof values offered, across records, conversations and addresses:
  // one e-mail or one postcode tried on order after order is cut off too.
  // The postcode is counted alone, not with its second fact, so that
  // guessing the second fact for a known postcode is what gets counted.
  const lookups_internal::OwnerProof proof = lookups_internal::ProofFrom(request, def.owner);
  if (!proof.email.empty()) counters.push_back({"proof:email=" + proof.email, def.limits.per_proof});
  if (!proof.postcode.empty() && !proof.second.empty())
    counters.push_back({"proof:postcode=" + proof.postcode, def.limits.per_proof});
  return counters;
}

struct LookupService::Entry {
  LookupDef def;
  std::unique_ptr<lookups_internal::LookupBackend> backend;
};

LookupService::LookupService(const LookupServiceOptions& options) : options_(options) {}
LookupService::~LookupService() = default;

Status LookupService::Create(const std::vector<LookupDef>& defs, const LookupServiceOptions& options,
                             std::unique_ptr<LookupService>* out) {
  if (options.limiter == nullptr) return Status::InvalidArgument("LookupService needs a limiter");
  std::unique_ptr<LookupService> service(new LookupService(options));
  for (const LookupDef& def : defs) {
    auto entry = std::make_unique<Entry>();
    entry->def = def;
    Status s = def.kind == "sql"
                   ? lookups_internal::SqlLookup::Open(def, &entry->backend)
                   : lookups_internal::HttpLookup::Open(def, options.env, options.max_response_bytes,
                                                        &entry->backend);
    if (!s.ok()) return s;
    if (!service->entries_.emplace(def.name, std::move(entry)).second)
      return Status::InvalidArgument("duplicate lookup '" + def.name + "'");
  }
  *out = std::move(service);
  return Status::Ok();
}

bool LookupService::Has(const std::string& name) const { return entries_.count(name) > 0; }

Status LookupService::Run(const LookupRequest& request, LookupResult* result) {
  *result = LookupResult();
  auto it = entries_.find(request.name);
  if (it == entries_.end()) return Status::NotFound("no lookup named '" + request.name + "'");
  try {
    return RunEntry(*it->second, request, result);
  } catch (const std::exception& e) {
    *result = LookupResult();
    return Status::Internal("lookup '" + request.name + "': " + e.what());
  }
}

Status LookupService::RunEntry(const Entry& entry, const LookupRequest& request,
                               LookupResult* result) {
  const LookupDef& def = entry.def;
  // Nothing to look for: the customer knows what they did not give us.
  if (!HasRequiredSlots(def, request)) return Status::Ok();
  std::vector<FetchedRow> rows;
  if (!def.owner.enabled()) {
    Status s = entry.backend->Fetch(request, &rows);
    if (s.ok()) Fill(def, rows, result);
    return s;
  }
  const lookups_internal::OwnerProof proof = lookups_internal::ProofFrom(request, def.owner);
  if (!proof.usable()) {
    // Nothing to prove ownership with (a postcode without its second fact
    // proves nothing): not found, whatever exists. That reveals nothing, so
    // it costs the customer no attempt and us no fetch (the engine, or a
    // rule, then asks for the proof).
    return Status::Ok();
  }
  AttemptLimiter::Attempt attempt;
  bool allowed = false;
  Status s = options_.limiter->Acquire(AttemptCounters(def, request), def.limits.window_seconds,
                                       &attempt, &allowed);
  if (!s.ok()) return s;
  if (!allowed) {
    result->limited = true;
    return Status::Ok();
  }
  s = entry.backend->Fetch(request, &rows);
  if (!s.ok()) {
    // Our failure, not the customer's: the charge goes (if that fails too,
    // the lookup's error is the one to report).
    (void)options_.limiter->Forgive(attempt);
    return s;
  }
  Fill(def, Owned(proof, std::move(rows)), result);
  if (result->found) {
    // Proven: forgiving matters less than answering, so a store that fails
    // here costs the customer one counted try, not the answer.
    (void)options_.limiter->Forgive(attempt);
  } else {
    result->limited = attempt.exhausted;
  }
  return Status::Ok();
}

}  // namespace frontdesk
