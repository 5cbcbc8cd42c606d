#include "engine/base/mutex.h"
#include "engine/lookups/sql_lookup.h"

#include <utf8proc.h>

namespace frontdesk::lookups_internal {
namespace {

constexpr size_t kMaxIdle = 8;
constexpr int kBusyTimeoutMs = 1000;

// Interrupts a statement that runs past its deadline (checked every 1000
// virtual machine steps).
int PastDeadline(void* deadline) {
  return std::chrono::steady_clock::now() >
         *static_cast<std::chrono::steady_clock::time_point*>(deadline);
}

// Text from the shop's database goes into JSON, which must be UTF-8.
std::string ValidUtf8(const unsigned char* text, int size) {
  std::string out;
  utf8proc_ssize_t i = 0;
  while (i < size) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(text + i, size - i, &cp);
    if (n <= 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(reinterpret_cast<const char*>(text + i), static_cast<size_t>(n));
      i += n;
    }
  }
  return out;
}

nlohmann::json ColumnValue(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(stmt, i);
    case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT:
      return ValidUtf8(sqlite3_column_text(stmt, i), sqlite3_column_bytes(stmt, i));
    default: return nullptr;  // NULL, BLOB
  }
}

std::string ColumnText(sqlite3_stmt* stmt, int i) {
  const unsigned char* text = sqlite3_column_text(stmt, i);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt, i)))
              : std::string();
}

}  // namespace

Status SqlLookup::Open(const LookupDef& def, std::unique_ptr<LookupBackend>* out) {
  std::unique_ptr<SqlLookup> lookup(new SqlLookup(def));
  std::unique_ptr<Connection> c;
  Status s = lookup->Connect(&c);
  if (!s.ok()) return s;
  lookup->ReturnIdle(std::move(c));
  *out = std::move(lookup);
  return Status::Ok();
}

Status SqlLookup::Connect(std::unique_ptr<Connection>* out) const {
  auto c = std::make_unique<Connection>();
  std::string who = "lookup '" + def_.name + "': ";
  Status s = OpenReadOnly(def_.database, kBusyTimeoutMs, &c->db);
  if (s.ok()) s = PrepareSelect(c->db.get(), def_.query, &c->stmt);
  if (!s.ok()) return Status::Unavailable(who + s.message());
  for (const std::string& p : ParameterNames(c->stmt.get())) {
    if (!def_.params.count(p)) return Status::InvalidArgument(who + "parameter :" + p + " has no source");
  }
  sqlite3_progress_handler(c->db.get(), 1000, PastDeadline, &c->deadline);
  *out = std::move(c);
  return Status::Ok();
}

Status SqlLookup::Bind(Connection* c, const LookupRequest& request) const {
  sqlite3_stmt* stmt = c->stmt.get();
  std::vector<std::string> names = ParameterNames(stmt);
  for (size_t i = 0; i < names.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    nlohmann::json v = SourceValue(def_.params.at(names[i]), request);
    int rc = SQLITE_OK;
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    } else if (v.is_number_integer()) {
      rc = sqlite3_bind_int64(stmt, index, v.get<int64_t>());
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) return Status::Internal("lookup '" + def_.name + "': bind: " + sqlite3_errstr(rc));
  }
  return Status::Ok();
}

Status SqlLookup::Read(Connection* c, std::vector<FetchedRow>* rows) const {
  sqlite3_stmt* stmt = c->stmt.get();
  int columns = sqlite3_column_count(stmt);
  c->deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(def_.timeout_ms);
  for (int n = 0; n < def_.limit; ++n) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      std::string what = (rc & 0xff) == SQLITE_INTERRUPT ? "timed out" : sqlite3_errmsg(c->db.get());
      return Status::Unavailable("lookup '" + def_.name + "': query failed: " + what);
    }
    FetchedRow row;
    for (int i = 0; i < columns; ++i) {
      std::string name = sqlite3_column_name(stmt, i);
      if (name == def_.owner.email) row.owner_email = ColumnText(stmt, i);
      else if (name == def_.owner.postcode) row.owner_postcode = ColumnText(stmt, i);
      else if (name == def_.owner.with_postcode.field) row.owner_second = ColumnText(stmt, i);
      else row.fields[name] = ColumnValue(stmt, i);
    }
    rows->push_back(std::move(row));
  }
  return Status::Ok();
}

Status SqlLookup::Fetch(const LookupRequest& request, std::vector<FetchedRow>* rows) {
  std::unique_ptr<Connection> c = TakeIdle();
  if (c == nullptr) {
    Status s = Connect(&c);
    if (!s.ok()) return s;
  }
  Status s = Bind(c.get(), request);
  if (s.ok()) s = Read(c.get(), rows);
  sqlite3_reset(c->stmt.get());  // ends the read snapshot
  sqlite3_clear_bindings(c->stmt.get());
  if (s.ok()) ReturnIdle(std::move(c));  // a failed connection is dropped, not reused
  return s;
}

std::unique_ptr<SqlLookup::Connection> SqlLookup::TakeIdle() {
  MutexLock lock(&mu_);
  if (idle_.empty()) return nullptr;
  std::unique_ptr<Connection> c = std::move(idle_.back());
  idle_.pop_back();
  return c;
}

void SqlLookup::ReturnIdle(std::unique_ptr<Connection> c) {
  MutexLock lock(&mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(c));
}

}  // namespace frontdesk::lookups_internal
