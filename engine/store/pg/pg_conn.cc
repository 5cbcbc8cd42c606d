#include "engine/store/pg/pg_conn.h"

#include <nlohmann/json.hpp>

namespace frontdesk::store_internal::pg {

const std::string& Conn::Prepared(Sql sql) {
  std::string& name = names_[sql.text()];
  if (name.empty()) {
    // Named by the order of first use on this connection: the text is a
    // literal of this program, so the same pointer is the same statement.
    name = "s" + std::to_string(names_.size());
    conn_.prepare(name, sql.text());
  }
  return name;
}

std::unique_ptr<Conn> Pool::Take() {
  {
    MutexLock lock(&mu_);
    while (idle_.empty() && open_ >= max_open_) freed_.Wait();
    if (!idle_.empty()) {
      std::unique_ptr<Conn> conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // this thread opens one; counted now so others wait
  }
  try {
    return std::make_unique<Conn>(conninfo_);
  } catch (...) {
    MutexLock lock(&mu_);
    --open_;
    freed_.Signal();
    throw;
  }
}

void Pool::Give(std::unique_ptr<Conn> conn, bool healthy) {
  if (!healthy || !conn->raw().is_open()) conn.reset();  // closed outside the lock
  MutexLock lock(&mu_);
  if (conn) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  freed_.Signal();
}

namespace {

Status SqlErrorStatus(const pqxx::sql_error& e, const std::string& what) {
  const std::string state = e.sqlstate();
  // The server's message can quote the rejected value (a customer's text):
  // for data errors, name only the SQLSTATE.
  if (dynamic_cast<const pqxx::data_exception*>(&e) != nullptr || state.rfind("22", 0) == 0) {
    return Status::InvalidArgument(what + ": a value PostgreSQL cannot store (SQLSTATE " + state +
                                   "; text must be valid UTF-8)");
  }
  const std::string msg = what + ": " + e.what();
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e) != nullptr)
    return Status::InvalidArgument(msg);
  if (dynamic_cast<const pqxx::insufficient_privilege*>(&e) != nullptr)
    return Status::PermissionDenied(msg);
  if (dynamic_cast<const pqxx::insufficient_resources*>(&e) != nullptr)
    return Status::ResourceExhausted(msg);
  // 55P03 lock_not_available, 57014 query_canceled (statement_timeout),
  // 40xxx rollbacks, 57P0x the server shutting down.
  if (state == "55P03" || state == "57014" || state.rfind("40", 0) == 0 ||
      state.rfind("57P", 0) == 0)
    return Status::Unavailable(msg);
  return Status::Internal(msg);
}

}  // namespace

Status PgErrorStatus(const std::exception& e, const std::string& what) {
  if (dynamic_cast<const TextError*>(&e) != nullptr)
    return Status::InvalidArgument(what + ": " + e.what());
  if (const auto* se = dynamic_cast<const pqxx::sql_error*>(&e)) return SqlErrorStatus(*se, what);
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr)
    return Status::Unavailable(what + ": " + e.what());
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr)
    return Status::IoError(what + ": commit in doubt: " + e.what());
  if (dynamic_cast<const nlohmann::json::exception*>(&e) != nullptr)
    return Status::Internal(what + ": stored JSON: " + e.what());
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr)
    return Status::ResourceExhausted(what + ": out of memory");
  return Status::Internal(what + ": " + e.what());
}

bool IsRetryable(const std::exception& e) {
  return dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr ||
         dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr;
}

}  // namespace frontdesk::store_internal::pg
