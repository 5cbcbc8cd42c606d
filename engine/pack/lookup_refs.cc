// The parts of LookupDef that other stages share: source names, the slots a
// lookup reads, and the cross-reference checks run once all packs are read.
#include <algorithm>
#include <set>

#include "engine/pack/lookup_def.h"
#include "engine/pack/url_template.h"
#include "engine/pack/pack.h"

namespace frontdesk {

bool ParseLookupSource(const std::string& text, LookupSource* out) {
  using K = LookupSource::Kind;
  if (text == "sender.email") out->kind = K::kSenderEmail;
  else if (text == "sender.verified") out->kind = K::kSenderVerified;
  else if (text == "language") out->kind = K::kLanguage;
  else if (text.rfind("slots.", 0) == 0 && text.size() > 6) out->kind = K::kSlot, out->slot = text.substr(6);
  else return false;
  if (out->kind != K::kSlot) out->slot.clear();
  return true;
}

std::vector<std::string> LookupDef::Slots() const {
  std::set<std::string> slots;
  for (const auto& param : params)
    if (param.second.kind == LookupSource::Kind::kSlot) slots.insert(param.second.slot);
  std::vector<lookups_internal::UrlPiece> pieces;
  if (lookups_internal::ParseUrlTemplate(url, &pieces).ok()) {
    for (const auto& p : pieces)
      if (p.is_source && p.source.kind == LookupSource::Kind::kSlot) slots.insert(p.source.slot);
  }
  return {slots.begin(), slots.end()};
}

void ValidateLookupRefs(const PackDefs& defs, Diagnostics* diags) {
  std::set<std::string> names, owned;
  for (const LookupDef& l : defs.lookups) {
    names.insert(l.name);
    if (!l.owner.email.empty() || !l.owner.postcode.empty()) owned.insert(l.name);
    const LookupOwnerFact& fact = l.owner.with_postcode;
    if (!fact.slot.empty() && !defs.slots.count(fact.slot))
      diags->Error(fact.loc, "lookup '" + l.name + "': 'with_postcode' names slot '" + fact.slot +
                                 "', which no pack declares");
    for (const auto& [param, source] : l.params) {
      if (source.kind == LookupSource::Kind::kSlot && !defs.slots.count(source.slot))
        diags->Error(source.loc, "lookup '" + l.name + "' reads slot '" + source.slot +
                                     "', which no pack declares");
    }
  }
  for (const RuleDef& rule : defs.rules) {
    for (const RuleAction& a : rule.then) {
      if (a.kind == RuleAction::Kind::kLookup && !a.target.empty() && !names.count(a.target))
        diags->Error(a.loc, "rule '" + rule.id + "' runs lookup '" + a.target +
                                "', which no pack declares");
      else if (a.kind == RuleAction::Kind::kLookup && !a.ask_proof.empty() && !owned.count(a.target))
        diags->Error(a.loc, "rule '" + rule.id + "' asks for proof of ownership, but lookup '" +
                                a.target + "' has no 'owner'");
    }
  }
}

}  // namespace frontdesk
