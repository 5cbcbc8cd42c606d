#include "engine/store/sql.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

namespace frontdesk::store_internal {

Query::~Query() {
  // Resetting ends the statement's read transaction, so an idle pooled
  // connection never pins an old WAL snapshot (which would stop checkpoints).
  stmt_->tryReset();
  stmt_->clearBindings();
}

Connection::Connection(const std::string& path, bool create, int busy_timeout_ms)
    : db_(path, SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0) | SQLite::OPEN_NOMUTEX,
          busy_timeout_ms) {
  // The constructor's timeout argument is applied by SQLiteCpp, but say it
  // explicitly: its default is 0, which fails at once on any lock.
  db_.setBusyTimeout(busy_timeout_ms);
}

Query Connection::Prepare(Sql sql) {
  auto& slot = cache_[sql.text()];
  if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql.text());
  return Query(slot.get());
}

std::string Connection::QueryText(Sql sql) {
  SQLite::Statement stmt(db_, sql.text());
  if (!stmt.executeStep()) return "";
  return stmt.getColumn(0).getString();
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_.getHandle()) == 0; }

Status ErrorStatus(const std::exception& e, const std::string& what) {
  if (const auto* se = dynamic_cast<const SQLite::Exception*>(&e)) {
    std::string msg = what + ": " + se->what();
    switch (se->getErrorCode()) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return Status::Unavailable(msg);
      case SQLITE_FULL:
        return Status::ResourceExhausted(msg);
      case SQLITE_CONSTRAINT:
      case SQLITE_TOOBIG:
      case SQLITE_MISMATCH:
        return Status::InvalidArgument(msg);
      case SQLITE_PERM:
      case SQLITE_READONLY:
      case SQLITE_AUTH:
        return Status::PermissionDenied(msg);
      case SQLITE_IOERR:
      case SQLITE_CANTOPEN:
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return Status::IoError(msg);
      default:
        return Status::Internal(msg);
    }
  }
  if (dynamic_cast<const nlohmann::json::exception*>(&e) != nullptr) {
    return Status::Internal(what + ": stored JSON: " + e.what());
  }
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
    return Status::ResourceExhausted(what + ": out of memory");
  }
  return Status::Internal(what + ": " + e.what());
}

}  // namespace frontdesk::store_internal
