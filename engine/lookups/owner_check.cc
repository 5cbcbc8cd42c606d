#include "engine/lookups/owner_check.h"

#include <cctype>

namespace frontdesk::lookups_internal {
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string Slot(const LookupRequest& request, const char* name) {
  auto it = request.slots.find(name);
  return it == request.slots.end() ? "" : it->second;
}

}  // namespace

std::string NormalizeEmail(const std::string& email) {
  std::string s = Trim(email);
  size_t open = s.rfind('<');
  size_t close = s.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open)
    s = Trim(s.substr(open + 1, close - open - 1));
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string NormalizePostcode(const std::string& postcode) {
  std::string s;
  for (char c : postcode) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

OwnerProof ProofFrom(const LookupRequest& request, const LookupOwner& owner) {
  OwnerProof proof;
  if (request.from_verified) proof.verified_email = NormalizeEmail(request.from);
  proof.email = NormalizeEmail(Slot(request, "email"));
  proof.postcode = NormalizePostcode(Slot(request, "postcode"));
  const std::string& second_slot = owner.with_postcode.slot;
  if (!second_slot.empty()) proof.second = NormalizePostcode(Slot(request, second_slot.c_str()));
  return proof;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  size_t n = a.size() > b.size() ? a.size() : b.size();
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = diff | static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

bool OwnerMatches(const OwnerProof& proof, const OwnerRecord& record) {
  std::string email = NormalizeEmail(record.email);
  std::string postcode = NormalizePostcode(record.postcode);
  std::string second = NormalizePostcode(record.second);
  // Bitwise & and | on ints so that every comparison runs whatever the
  // others say (&& and || would stop early).
  auto bit = [](bool b) { return static_cast<int>(b); };
  int has_email = bit(!email.empty());
  int by_sender = bit(ConstantTimeEquals(proof.verified_email, email)) &
                  bit(!proof.verified_email.empty()) & has_email;
  int by_email = bit(ConstantTimeEquals(proof.email, email)) & bit(!proof.email.empty()) & has_email;
  // A postcode is shared by a district: it counts only with the second fact.
  int postcode_ok = bit(ConstantTimeEquals(proof.postcode, postcode)) & bit(!proof.postcode.empty()) &
                    bit(!postcode.empty());
  int second_ok = bit(ConstantTimeEquals(proof.second, second)) & bit(!proof.second.empty()) &
                  bit(!second.empty());
  return ((by_sender | by_email | (postcode_ok & second_ok)) != 0);
}

}  // namespace frontdesk::lookups_internal
