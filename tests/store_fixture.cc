#include "tests/store_fixture.h"

#include <SQLiteCpp/Database.h>

#include <pqxx/pqxx>

#include <cstdlib>
#include <map>

#include "engine/store/pg/pg_store.h"
#include "tests/pg_test_server.h"

namespace frontdesk::testing {
namespace {

// Store path -> connection string of its schema on the test server.
std::map<std::string, std::string>& Schemas() {
  static auto* schemas = new std::map<std::string, std::string>();
  return *schemas;
}

std::string ConninfoFor(const std::string& path) {
  auto it = Schemas().find(path);
  if (it != Schemas().end()) return it->second;
  std::string why;
  PgTestServer* server = PgTestServer::Get(&why);
  if (server == nullptr) throw std::runtime_error("no PostgreSQL test server: " + why);
  const std::string conninfo = server->FreshSchema("t" + std::to_string(Schemas().size() + 1));
  Schemas()[path] = conninfo;
  return conninfo;
}

}  // namespace

StoreEngine EngineUnderTest() {
  const char* env = std::getenv("FRONTDESK_TEST_STORE");
  return env != nullptr && std::string(env) == "postgres" ? StoreEngine::kPostgres
                                                          : StoreEngine::kSqlite;
}

const char* EngineName() {
  return EngineUnderTest() == StoreEngine::kPostgres ? "postgres" : "sqlite";
}

Status OpenTestStore(const StoreOptions& options, std::unique_ptr<Store>* store) {
  if (EngineUnderTest() == StoreEngine::kSqlite) return OpenSqliteStore(options, store);
  PgStoreOptions o;
  try {
    o.conninfo = ConninfoFor(options.path);
  } catch (const std::exception& e) {
    return Status::Unavailable(e.what());
  }
  o.clock = options.clock;
  o.log = options.log;
  return OpenPgStore(o, store);
}

std::string QueryText(const std::string& path, const std::string& sql) {
  if (EngineUnderTest() == StoreEngine::kSqlite) {
    SQLite::Database db(path);
    return db.execAndGet(sql).getString();
  }
  pqxx::connection conn(ConninfoFor(path));
  pqxx::nontransaction txn(conn);
  pqxx::result r = txn.exec(sql);
  return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
}

int64_t QueryInt(const std::string& path, const std::string& sql) {
  if (EngineUnderTest() == StoreEngine::kSqlite) {
    SQLite::Database db(path);
    return db.execAndGet(sql).getInt64();
  }
  return std::stoll(QueryText(path, sql));
}

}  // namespace frontdesk::testing
