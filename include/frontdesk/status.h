// Status: the result of an operation that can fail, returned instead of thrown
// across module boundaries (see STYLE.md rule 3).
#ifndef FRONTDESK_INCLUDE_FRONTDESK_STATUS_H_
#define FRONTDESK_INCLUDE_FRONTDESK_STATUS_H_

#include <string>
#include <utility>

namespace frontdesk {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kIoError, kInternal,
                    kUnavailable, kPermissionDenied, kResourceExhausted };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {Code::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {Code::kIoError, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) { return {Code::kPermissionDenied, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) { return {Code::kResourceExhausted, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "OK" or "<code name>: <message>", suitable for logs.
  std::string ToString() const;
  // Short machine-readable code name, e.g. "invalid_argument".
  std::string CodeName() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace frontdesk

#endif  // FRONTDESK_INCLUDE_FRONTDESK_STATUS_H_
