// Reads the `rules` and `conversations` sections of pack files.
#include <algorithm>
#include <set>
#include <stdexcept>

#include "engine/pack/pack_loader.h"
#include "engine/pack/yaml_read.h"

namespace frontdesk {
namespace {

void ReadCondition(const YamlNode& n, RuleCondition* c, Diagnostics* diags) {
  MapReader r(n, "'when'", diags,
              {"intent", "channel", "language", "missing", "present", "pending", "failures",
               "business_hours", "customer", "at_least"});
  if (!r.valid()) return;
  r.StringList("intent", &c->intents);
  r.StringList("channel", &c->channels);
  r.StringList("language", &c->languages);
  r.StringList("missing", &c->missing);
  r.StringList("present", &c->present);
  r.String("pending", &c->pending, false, true);
  r.Int("failures", &c->failures);
  if (r.Has("business_hours")) {
    bool b = false;
    if (r.Bool("business_hours", &b)) c->business_hours = b;
  }
  r.StringMap("customer", &c->customer);
  std::map<std::string, std::string> at_least;
  if (r.StringMap("at_least", &at_least)) {
    for (const auto& [slot, value] : at_least) {
      try {
        size_t used = 0;
        c->at_least[slot] = std::stod(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
      } catch (const std::exception&) {
        diags->Error(r.Get("at_least")->loc, "at_least." + slot + " must be a number");
      }
    }
  }
}

const std::set<std::string> kPriorities = {"low", "normal", "high", "urgent"};

void ReadEscalate(const YamlNode& v, RuleAction* a, Diagnostics* diags) {
  if (v.IsScalar()) {  // `escalate: queue-name`
    a->escalation.queue = v.scalar;
    return;
  }
  MapReader r(v, "'escalate'", diags, {"queue", "priority", "template"});
  r.String("queue", &a->escalation.queue, false, true);
  r.String("priority", &a->escalation.priority, false, true);
  r.String("template", &a->template_id, false, true);
  if (!kPriorities.count(a->escalation.priority))
    diags->Error(r.Get("priority")->loc, "priority must be one of low, normal, high, urgent");
}

// One item of `then`: a map with exactly one action key, plus `template`
// for ask/lookup.
bool ReadAction(const YamlNode& n, RuleAction* a, Diagnostics* diags) {
  MapReader r(n, "an action", diags,
              {"reply", "ask", "lookup", "escalate", "fallback", "tag", "set", "template",
               "ask_proof"});
  if (!r.valid()) return false;
  a->loc = n.loc;
  int kinds = 0;
  using K = RuleAction::Kind;
  const std::pair<const char*, K> kKinds[] = {{"reply", K::kReply},       {"ask", K::kAsk},
                                              {"lookup", K::kLookup},     {"escalate", K::kEscalate},
                                              {"fallback", K::kFallback}, {"tag", K::kTag},
                                              {"set", K::kSet}};
  for (const auto& [key, kind] : kKinds) {
    const YamlNode* v = r.Get(key);
    if (v == nullptr) continue;
    ++kinds;
    a->kind = kind;
    a->loc = v->loc;
    if (kind == K::kEscalate) ReadEscalate(*v, a, diags);
    else if (kind == K::kTag) r.StringList(key, &a->tags);
    else if (kind == K::kSet) r.StringMap(key, &a->set);
    else r.String(key, &a->target, false, true);
  }
  if (kinds != 1) {
    diags->Error(n.loc, "an action needs exactly one of reply, ask, lookup, escalate, fallback, tag, set");
    return false;
  }
  if (r.Has("template")) {
    if (a->kind != K::kAsk && a->kind != K::kLookup)
      diags->Error(r.Get("template")->loc, "'template' goes with ask or lookup only");
    r.String("template", &a->template_id, false, true);
  }
  if (r.Has("ask_proof")) {
    if (a->kind != K::kLookup)
      diags->Error(r.Get("ask_proof")->loc, "'ask_proof' goes with lookup only");
    r.String("ask_proof", &a->ask_proof, false, true);
  }
  return true;
}

}  // namespace

void ReadRules(const YamlNode& n, int pack_index, PackDefs* defs, Diagnostics* diags) {
  if (!n.IsSequence()) {
    diags->Error(n.loc, "'rules' must be a list");
    return;
  }
  for (const auto& item : n.items) {
    MapReader r(item, "rule", diags, {"id", "description", "when", "then", "continue"});
    if (!r.valid()) continue;
    RuleDef rule;
    rule.loc = item.loc;
    if (!r.String("id", &rule.id, true, true)) continue;
    r.String("description", &rule.description);
    if (rule.description.empty())
      diags->Error(item.loc, "rule '" + rule.id + "' needs a 'description' saying why it exists");
    if (const YamlNode* w = r.Get("when")) ReadCondition(*w, &rule.when, diags);
    r.Bool("continue", &rule.continue_after);
    const YamlNode* then = r.Get("then");
    if (then == nullptr || !then->IsSequence() || then->items.empty()) {
      diags->Error(then ? then->loc : item.loc, "rule '" + rule.id + "' needs 'then': a list of actions");
    } else {
      for (const auto& a : then->items) {
        RuleAction action;
        if (ReadAction(a, &action, diags)) rule.then.push_back(std::move(action));
      }
    }
    auto existing = std::find_if(defs->rules.begin(), defs->rules.end(),
                                 [&](const RuleDef& d) { return d.id == rule.id; });
    int& origin = defs->pack_of["rule:" + rule.id];
    if (existing == defs->rules.end()) {
      defs->rules.push_back(std::move(rule));
    } else if (origin == pack_index) {
      diags->Error(r.Get("id")->loc, "duplicate rule '" + rule.id + "' (first defined at " +
                                         existing->loc.ToString() + ")");
    } else {
      *existing = std::move(rule);  // a later pack overrides, keeping the rule's place
    }
    origin = pack_index;
  }
}

namespace {

void ReadExpect(const YamlNode& n, TurnExpect* e, Diagnostics* diags) {
  MapReader r(n, "'expect'", diags, {"route", "intent", "language", "slots", "reply_contains"});
  if (!r.valid()) return;
  if (r.Has("route")) {
    std::string route;
    r.String("route", &route);
    Route parsed;
    if (ParseRoute(route, &parsed)) e->route = parsed;
    else diags->Error(r.Get("route")->loc, "route must be one of answer, lookup, ask, escalate, fallback");
  }
  if (const YamlNode* i = r.Get("intent")) {
    e->check_intent = true;
    if (i->IsScalar()) e->intent = i->scalar;
    else if (!i->IsNull()) diags->Error(i->loc, "'intent' must be an intent id or null");
  }
  r.String("language", &e->language);
  r.StringMap("slots", &e->slots);
  r.String("reply_contains", &e->reply_contains);
}

}  // namespace

void ReadConversations(const YamlNode& n, const std::string& language, PackDefs* defs,
                       Diagnostics* diags) {
  if (!n.IsSequence()) {
    diags->Error(n.loc, "'conversations' must be a list");
    return;
  }
  for (const auto& item : n.items) {
    MapReader r(item, "conversation", diags, {"id", "channel", "language", "from", "turns"});
    if (!r.valid()) continue;
    ConversationDef c;
    c.loc = item.loc;
    c.language = language;
    r.String("id", &c.id, true, true);
    r.String("channel", &c.channel);
    r.String("language", &c.language);
    r.String("from", &c.from);
    const YamlNode* turns = r.Get("turns");
    if (turns == nullptr || !turns->IsSequence()) {
      diags->Error(turns ? turns->loc : item.loc, "conversation '" + c.id + "' needs 'turns': a list");
      continue;
    }
    for (const auto& t : turns->items) {
      MapReader tr(t, "turn", diags, {"say", "expect"});
      if (!tr.valid()) continue;
      TurnDef turn;
      turn.loc = t.loc;
      tr.String("say", &turn.say, true);
      if (const YamlNode* e = tr.Get("expect")) ReadExpect(*e, &turn.expect, diags);
      c.turns.push_back(std::move(turn));
    }
    for (const auto& other : defs->conversations)
      if (other.id == c.id)
        diags->Error(item.loc, "duplicate conversation '" + c.id + "' (first defined at " +
                                   other.loc.ToString() + ")");
    defs->conversations.push_back(std::move(c));
  }
}

}  // namespace frontdesk
