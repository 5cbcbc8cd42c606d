#include "engine/pack/pack_validate.h"

#include <algorithm>
#include <set>

#include "engine/pack/reply_context.h"
#include "engine/pack/templates.h"
#include "frontdesk/lookup.h"

namespace frontdesk {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Named groups (?P<name>...) written in a pattern.
std::vector<std::string> NamedGroups(const std::string& p) {
  std::vector<std::string> names;
  for (size_t pos = 0; (pos = p.find("(?P<", pos)) != std::string::npos;) {
    size_t end = p.find('>', pos);
    if (end == std::string::npos) break;
    names.push_back(p.substr(pos + 4, end - pos - 4));
    pos = end;
  }
  return names;
}

class Validator {
 public:
  Validator(const Config& c, const PackDefs& d, Diagnostics* diags) : c_(c), d_(d), diags_(diags) {
    for (const auto& [name, slot] : d.slots) slots_.insert(name);
    for (const auto& i : d.intents) intents_.insert(i.id);
    for (const auto& e : d.faq) faq_ids_.insert(e.id);
  }

  void Run() {
    if (!d_.templates.count("fallback"))
      diags_->Error({c_.path, 1, 1}, "the packs define no 'fallback' template (said when nothing matched)");
    for (const auto& intent : d_.intents) CheckIntent(intent);
    for (const auto& [id, t] : d_.templates) CheckTemplate(t);
    for (const auto& rule : d_.rules) CheckRule(rule);
    for (const auto& conv : d_.conversations) CheckConversation(conv);
  }

 private:
  void Slot(const std::string& name, const SourceLoc& loc, const std::string& who) {
    if (!slots_.count(name)) diags_->Error(loc, who + " names unknown slot '" + name + "'");
  }
  void Template(const std::string& id, const SourceLoc& loc, const std::string& who) {
    if (!d_.templates.count(id)) diags_->Error(loc, who + " names unknown template '" + id + "'");
  }

  void CheckIntent(const IntentDef& intent) {
    std::string who = "intent '" + intent.id + "'";
    for (const auto& s : intent.slots) Slot(s, intent.loc, who);
    if (!intent.answer.empty()) Template(intent.answer, intent.loc, who);
    bool positive = std::any_of(intent.patterns.begin(), intent.patterns.end(),
                                [](const PatternDef& p) { return !p.negative; });
    if (!positive) diags_->Error(intent.loc, who + " has no (positive) patterns");
    for (const auto& p : intent.patterns)
      for (const auto& g : NamedGroups(p.source))
        if (!Contains(intent.slots, g))
          diags_->Error(p.loc, "named group '" + g + "' is not one of " + who + "'s slots");
    for (const auto& ex : intent.examples)
      for (const auto& [slot, value] : ex.slots)
        if (!Contains(intent.slots, slot))
          diags_->Error(ex.loc, "example names slot '" + slot + "' that " + who + " does not have");
  }

  void CheckTemplate(const TemplateDef& t) {
    for (const auto& [lang, text] : t.text) {
      const SourceLoc& loc = t.text_loc.at(lang);
      std::vector<std::string> names;
      std::string error;
      if (!TemplateVariables(text, &names, &error)) {
        diags_->Error(loc, "template '" + t.id + "' (" + lang + "): " + error);
        continue;
      }
      for (const auto& n : names) {
        // {{answers.ID}}: the answer of FAQ entry ID, so a reply that states
        // a policy quotes the knowledge base instead of copying it.
        bool quote = n.rfind("answers.", 0) == 0;
        if (quote && n.find('.', 8) != std::string::npos) {
          // Mustache reads "answers.a.b" as answers -> a -> b, so it would render nothing.
          diags_->Error(loc, "template '" + t.id + "' (" + lang + ") quotes FAQ entry '" +
                                 n.substr(8) + "': ids with a dot cannot be quoted");
          continue;
        }
        bool known = quote ? faq_ids_.count(n.substr(8)) > 0 : IsKnownTemplateVariable(n, slots_);
        if (!known)
          diags_->Error(loc, "template '" + t.id + "' (" + lang + ") uses unknown variable '" + n + "'");
      }
    }
  }

  void CheckCondition(const RuleDef& rule, const std::string& who) {
    const RuleCondition& w = rule.when;
    for (const auto& i : w.intents)
      if (i != "*" && i != "none" && !intents_.count(i))
        diags_->Error(rule.loc, who + " names unknown intent '" + i + "'");
    for (const auto& ch : w.channels)
      if (!Contains(c_.channels, ch)) diags_->Error(rule.loc, who + " names unknown channel '" + ch + "'");
    for (const auto& l : w.languages)
      if (!Contains(c_.languages, l)) diags_->Error(rule.loc, who + " names unknown language '" + l + "'");
    for (const auto& s : w.missing) Slot(s, rule.loc, who);
    for (const auto& s : w.present) Slot(s, rule.loc, who);
    if (!w.pending.empty()) Slot(w.pending, rule.loc, who);
    for (const auto& [s, v] : w.at_least) Slot(s, rule.loc, who);
    if (w.business_hours && !c_.hours.configured)
      diags_->Error(rule.loc, who + " tests business_hours but the config sets none");
  }

  void CheckRule(const RuleDef& rule) {
    std::string who = "rule '" + rule.id + "'";
    CheckCondition(rule, who);
    using K = RuleAction::Kind;
    for (const auto& a : rule.then) {
      switch (a.kind) {
        case K::kReply:
        case K::kFallback: Template(a.target, a.loc, who); break;
        case K::kAsk:
          Slot(a.target, a.loc, who);
          Template(a.template_id.empty() ? "ask." + a.target : a.template_id, a.loc, who);
          break;
        case K::kLookup:
          if (a.target.empty()) diags_->Error(a.loc, who + ": lookup needs a name");
          if (!a.template_id.empty()) Template(a.template_id, a.loc, who);
          if (!a.ask_proof.empty()) {
            Template(a.ask_proof, a.loc, who);
            Slot(kOwnerProofSlots[0], a.loc, who);  // the slot asked for
          }
          break;
        case K::kEscalate:
          Template(a.template_id.empty() ? "escalated" : a.template_id, a.loc, who);
          break;
        case K::kTag:
        case K::kSet: break;
      }
    }
  }

  void CheckConversation(const ConversationDef& conv) {
    if (!Contains(c_.channels, conv.channel))
      diags_->Error(conv.loc, "conversation '" + conv.id + "' uses unknown channel '" + conv.channel + "'");
    for (const auto& t : conv.turns) {
      if (t.expect.intent && !intents_.count(*t.expect.intent))
        diags_->Error(t.loc, "expected intent '" + *t.expect.intent + "' is not defined");
      for (const auto& [slot, v] : t.expect.slots) Slot(slot, t.loc, "expected slots");
    }
  }

  const Config& c_;
  const PackDefs& d_;
  Diagnostics* diags_;
  std::set<std::string> slots_;
  std::set<std::string> faq_ids_;
  std::set<std::string> intents_;
};

}  // namespace

void ValidatePackDefs(const Config& config, const PackDefs& defs, Diagnostics* diags) {
  Validator(config, defs, diags).Run();
  ValidateLookupRefs(defs, diags);
  ValidateFaq(defs, diags);
}

}  // namespace frontdesk
