#include "engine/decide/assistant.h"

#include <algorithm>

#include "engine/decide/business_hours.h"
#include "engine/decide/classifier.h"
#include "engine/faq/faq_index.h"
#include "engine/match/concepts.h"
#include "engine/text/language.h"
#include "engine/decide/rules.h"
#include "engine/decide/slots.h"
#include "engine/pack/reply_context.h"
#include "engine/pack/templates.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

bool IsOwnerProofSlot(const std::string& slot) {
  return std::any_of(std::begin(kOwnerProofSlots), std::end(kOwnerProofSlots),
                     [&](const char* s) { return slot == s; });
}

// One turn of a conversation: the steps of Decide, sharing their state.
class Turn {
 public:
  Turn(const CompiledPack& pack, const AssistantServices& svc, const Message& m,
       const ConversationState& in, ConversationState* out, Decision* d)
      : pack_(pack), svc_(svc), msg_(m), in_(in), out_(out), d_(d) {}

  Status Run() {
    *out_ = in_;
    out_->turns = in_.turns + 1;
    d_->id = msg_.id;
    d_->conversation_id = in_.id;
    if (in_.human) return StayQuiet();
    out_->resolved_ticket.reset();  // reopened now, or too old to reopen
    out_->resolved_unix = 0;
    if (Reopens()) return Reopen();
    std::string text = msg_.subject.empty() ? msg_.text : msg_.subject + "\n" + msg_.text;
    Status s = FoldText(text, InvalidUtf8::kRepair, &text_);
    if (s.ok()) CorrectTypos();
    if (s.ok()) s = Classify(pack_, text_.folded, &cls_);
    if (!s.ok()) return s;
    ChooseLanguage();
    ChooseIntent();
    if (!d_->intent && TryFaq()) return Finish(true);
    if (!d_->intent) TrySimilar();
    RunRules();
    if (!decided_) ApplyDefault();
    return Finish(!failed_);
  }

 private:
  // A person owns the conversation: record, but do not answer.
  Status StayQuiet() {
    d_->route = Route::kEscalate;
    d_->ticket = in_.ticket;
    d_->language = in_.language;
    d_->trace.push_back({"state", "human", "", "conversation is with an agent; the bot stays quiet"});
    return Status::Ok();
  }

  // The customer answers a ticket an agent resolved, within the config's
  // window: the agents take it again, not the bot.
  bool Reopens() const {
    const int hours = pack_.config().reopen_within_hours;
    return in_.resolved_ticket.has_value() && hours > 0 &&
           svc_.clock->NowUnix() - in_.resolved_unix <= int64_t{hours} * 3600;
  }

  Status Reopen() {
    d_->route = Route::kEscalate;
    d_->ticket = in_.resolved_ticket;
    d_->language = in_.language;
    out_->human = true;
    out_->ticket = in_.resolved_ticket;
    d_->trace.push_back({"state", "reopen", "",
                         "the customer answered resolved ticket " +
                             std::to_string(*in_.resolved_ticket) +
                             "; reopened for the agents, the bot stays quiet"});
    return Status::Ok();
  }

  // Misspelt words become the pack's own before anything matches; each
  // correction is a trace step ("cancfel -> cancel").
  void CorrectTypos() {
    if (!pack_.typos()) return;
    std::vector<TypoCorrection> fixed;
    pack_.typos()->Correct(&text_, &fixed);
    for (const TypoCorrection& c : fixed) d_->trace.push_back({"typo", c.to, "", c.from + " -> " + c.to});
  }

  void ChooseLanguage() {
    const auto& langs = pack_.config().languages;
    auto supported = [&](const std::string& l) {
      return std::find(langs.begin(), langs.end(), l) != langs.end();
    };
    std::string lang, source;
    bool hinted = !msg_.language.empty() && supported(msg_.language);
    // The caller's hint wins, so detection (CLD2: microseconds) runs only without one.
    LanguageGuess g = hinted ? LanguageGuess() : DetectLanguage(text_.original, text_.folded, langs);
    if (hinted) lang = msg_.language, source = "hint";
    else if (g.reliable && supported(g.language)) lang = g.language, source = g.source;
    else if (!in_.language.empty()) lang = in_.language, source = "session";
    else if (supported(msg_.default_language)) lang = msg_.default_language, source = "page";
    else if (supported(g.language)) lang = g.language, source = g.source;
    else if (const IntentMatch* b = cls_.best()) {
      lang = pack_.patterns()[static_cast<size_t>(b->pattern)].def->language;
      source = "pattern";
    }
    if (lang.empty() || !supported(lang)) lang = pack_.default_language(), source = "default";
    d_->language = lang;
    d_->trace.push_back({"language", lang, "", source});
  }

  void TraceMatches() {
    for (size_t i = 0; i < cls_.matches.size(); ++i) {
      const IntentMatch& m = cls_.matches[i];
      const CompiledPack::PatternRef& ref = pack_.patterns()[static_cast<size_t>(m.pattern)];
      const PatternDef* p = ref.def;
      std::string detail = "priority " + std::to_string(m.priority) + ", specificity " +
                           std::to_string(m.specificity);
      // Which word of each concept the pattern uses stands in the message.
      for (const std::string& name : ref.concepts) {
        const std::vector<std::string>* words = pack_.ConceptWords(name);
        std::string word = words ? ConceptWordIn(text_.folded, *words) : "";
        if (!word.empty()) detail += ", {" + name + "} = " + word;
      }
      d_->trace.push_back({i == 0 ? "match" : "candidate", pack_.intent(m.intent).id,
                           p->loc.FileLine(), detail});
    }
    for (int np : cls_.negative_patterns) {
      const auto& ref = pack_.patterns()[static_cast<size_t>(np)];
      d_->trace.push_back({"veto", pack_.intent(ref.intent).id, ref.def->loc.FileLine(),
                           "negative pattern matched"});
    }
  }

  // Picks the intent: the best match, or the intent that was waiting for a
  // slot when this message supplies it or matches nothing. When the message
  // answers our question ("it's AB123456, the samsung tv"), the pending intent
  // keeps the conversation unless the new match outranks it by priority (a
  // cancellation, a request for a person); a message that does not answer
  // it goes to whatever it matches.
  void ChooseIntent() {
    TraceMatches();
    slots_ = in_.slots;
    const IntentMatch* best = cls_.best();
    int pending = in_.pending_intent.empty() ? -1 : pack_.IntentIndex(in_.pending_intent);
    std::string value, slot = in_.pending_slot;
    SlotSpans taken;
    bool supplied = pending >= 0 && FindSlot(pack_, slot, text_, &value, &taken);
    if (pending >= 0 && !supplied && IsOwnerProofSlot(slot)) {
      // Asked for the e-mail on the order, the customer may give the postcode.
      for (const char* other : kOwnerProofSlots)
        if (!supplied && other != in_.pending_slot && pack_.defs().slots.count(other) &&
            FindSlot(pack_, other, text_, &value, &taken))
          supplied = true, slot = other;
    }
    bool use_pending =
        pending >= 0 && (best == nullptr ||
                         (supplied && best->priority <= pack_.intent(pending).priority));
    if (use_pending) {
      intent_ = pending;
      if (supplied) {
        slots_[slot] = value;
        // "it's AB654321, email ann@..." answers more than we asked: keep
        // the intent's other slots the message carries too.
        for (const auto& other : pack_.intent(pending).slots) {
          std::string v;
          if (other != slot && FindSlot(pack_, other, text_, &v, &taken)) slots_[other] = v;
        }
      } else {
        failed_ = true;  // the answer to our question had no slot in it
      }
      d_->trace.push_back({"state", in_.pending_intent, "",
                           "pending slot " + in_.pending_slot +
                               (supplied ? " supplied" + (slot != in_.pending_slot ? " as " + slot : "")
                                         : " still missing")});
    } else if (best != nullptr) {
      intent_ = best->intent;
      for (auto& [k, v] : ExtractSlots(pack_, *best, text_)) slots_[k] = v;
    }
    if (intent_ >= 0) d_->intent = pack_.intent(intent_).id;
    d_->slots = slots_;
  }

  // No pattern matched and the FAQ had no confident answer: the intent of
  // the nearest example may take the message (similar_examples.h).
  void TrySimilar() {
    SimilarExample s = pack_.similar().Nearest(text_.folded, d_->language, cls_.vetoed);
    if (s.intent < 0) return;
    const IntentDef& intent = pack_.intent(s.intent);
    if (!s.confident) {
      d_->trace.push_back({"similar", intent.id, s.example->loc.FileLine(), "not confident: " + s.Detail()});
      return;
    }
    d_->trace.push_back({"similar", intent.id, s.example->loc.FileLine(),
                         "nearest example \"" + s.example->text + "\": " + s.Detail()});
    intent_ = s.intent;
    d_->intent = intent.id;
    IntentMatch m;
    m.intent = s.intent;
    for (auto& [k, v] : ExtractSlots(pack_, m, text_)) slots_[k] = v;
    d_->slots = slots_;
  }

  bool TryFaq() {
    if (!svc_.faq) return false;
    return svc_.faq(text_.folded, d_->language, d_);
  }

  RuleContext Context() const {
    RuleContext ctx;
    ctx.intent = d_->intent;
    ctx.channel = msg_.channel;
    ctx.language = d_->language;
    ctx.slots = slots_;
    ctx.pending = in_.pending_slot;
    ctx.failures = in_.failures + ((intent_ < 0 || failed_) ? 1 : 0);
    ctx.business_open = IsOpen(pack_.config().hours, svc_.clock->NowUnix());
    ctx.customer = msg_.customer;
    return ctx;
  }

  void RunRules() {
    RuleContext ctx = Context();
    for (const RuleDef& rule : pack_.defs().rules) {
      if (!RuleApplies(rule.when, ctx)) continue;
      d_->trace.push_back({"rule", rule.id, rule.loc.FileLine(), ""});
      for (const RuleAction& a : rule.then) {
        Apply(rule, a);
        if (decided_) return;
      }
      if (!rule.continue_after && std::any_of(rule.then.begin(), rule.then.end(),
                                              [](const RuleAction& a) { return a.Decides(); }))
        return;
    }
  }

  void ApplyDefault() {
    if (intent_ >= 0 && !pack_.intent(intent_).faq.empty() && !failed_ && svc_.faq_pick &&
        svc_.faq_pick(text_.folded, d_->language, pack_.intent(intent_).faq, d_)) {
      decided_ = true;
      return;
    }
    if (intent_ >= 0 && !pack_.intent(intent_).answer.empty() && !failed_) {
      const IntentDef& intent = pack_.intent(intent_);
      d_->trace.push_back({"answer", intent.answer, intent.loc.FileLine(), "intent's answer"});
      Reply(Route::kAnswer, intent.answer);
      return;
    }
    d_->trace.push_back({"fallback", "fallback", "", intent_ >= 0 ? "no rule for intent" : "no intent"});
    failed_ = true;
    Reply(Route::kFallback, "fallback");
  }

  void Apply(const RuleDef& rule, const RuleAction& a);
  void Lookup(const RuleDef& rule, const RuleAction& a);
  bool HasOwnerProof() const;  // the customer gave an e-mail or postcode slot
  void AddQuotedAnswers(const std::string& text, ReplyContext* ctx) const;
  void Escalate(const std::string& reason, const Escalation& e, const std::string& tmpl,
                const SourceLoc& loc);
  void Reply(Route route, const std::string& template_id);
  Status Finish(bool success);
  // A failure of a service the turn cannot do without (a ticket number):
  // the turn then returns it instead of a decision.
  Status error_;

  const CompiledPack& pack_;
  const AssistantServices& svc_;
  const Message& msg_;
  const ConversationState& in_;
  ConversationState* out_;
  Decision* d_;
  FoldedText text_;
  Classification cls_;
  int intent_ = -1;
  std::map<std::string, std::string> slots_;
  nlohmann::json lookup_ = nullptr;
  std::optional<ReplyContext::Ticket> ticket_;
  std::string ask_slot_;
  bool decided_ = false;
  bool failed_ = false;
};

void Turn::Apply(const RuleDef& rule, const RuleAction& a) {
  using K = RuleAction::Kind;
  switch (a.kind) {
    case K::kReply: Reply(Route::kAnswer, a.target); break;
    case K::kFallback:
      failed_ = true;
      Reply(Route::kFallback, a.target);
      break;
    case K::kAsk:
      ask_slot_ = a.target;
      d_->trace.push_back({"ask", a.target, a.loc.FileLine(), ""});
      Reply(Route::kAsk, a.template_id.empty() ? "ask." + a.target : a.template_id);
      break;
    case K::kLookup: Lookup(rule, a); break;
    case K::kEscalate: Escalate(rule.id, a.escalation, a.template_id, a.loc); break;
    case K::kTag:
      for (const auto& t : a.tags) d_->tags.push_back(t);
      break;
    case K::kSet:
      for (const auto& [k, v] : a.set) out_->vars[k] = v;
      break;
  }
}

void Turn::Lookup(const RuleDef& rule, const RuleAction& a) {
  d_->lookup = a.target;
  std::string tmpl = a.template_id.empty() ? a.target : a.template_id;
  LookupResult result;
  Status s = Status::Unavailable("no lookup service configured");
  if (svc_.lookups != nullptr) {
    LookupRequest req{a.target, slots_, msg_.from, msg_.from_verified, in_.id, msg_.client_address,
                      d_->language};
    s = svc_.lookups->Run(req, &result);
  }
  if (!s.ok()) {
    d_->trace.push_back({"lookup", a.target, a.loc.FileLine(), "unavailable: " + s.CodeName()});
    Reply(Route::kLookup, "lookup.unavailable");
    return;
  }
  d_->trace.push_back({"lookup", a.target, a.loc.FileLine(), result.found ? "found" : "not found"});
  if (result.limited) {
    Escalation e{"general", "high", rule.id + ":attempts-exceeded"};
    Escalate(e.reason, e, "", a.loc);
    return;
  }
  lookup_ = result.data;
  lookup_["found"] = result.found;
  if (!result.found && !a.ask_proof.empty() && !HasOwnerProof()) {
    // "Not found" and "not yours" look alike, so every customer without a
    // proof hears the same question; the e-mail or postcode they give runs
    // the lookup again (the intent stays pending).
    ask_slot_ = kOwnerProofSlots[0];
    d_->trace.push_back({"ask", ask_slot_, a.loc.FileLine(), "proof of ownership"});
    Reply(Route::kAsk, a.ask_proof);
    return;
  }
  if (!result.found) failed_ = true;
  Reply(Route::kLookup, pack_.FindTemplate(tmpl) ? tmpl : "lookup.unavailable");
}

bool Turn::HasOwnerProof() const {
  for (const char* slot : kOwnerProofSlots) {
    auto it = slots_.find(slot);
    if (it != slots_.end() && !it->second.empty()) return true;
  }
  return false;
}

// Puts the FAQ answers the template quotes ({{answers.ID}}) into the context,
// in the reply's language: only those, found by scanning the template text.
void Turn::AddQuotedAnswers(const std::string& text, ReplyContext* ctx) const {
  static constexpr std::string_view kPrefix = "answers.";
  for (size_t pos = text.find(kPrefix); pos != std::string::npos; pos = text.find(kPrefix, pos)) {
    pos += kPrefix.size();
    size_t end = text.find_first_of("} \t", pos);
    std::string id = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (const FaqEntry* e = pack_.faq()->Find(id))
      ctx->answers[id] = pack_.faq()->Text(e->answer, d_->language);
  }
}

void Turn::Escalate(const std::string& reason, const Escalation& e, const std::string& tmpl,
                    const SourceLoc& loc) {
  int64_t id = 0;
  if (in_.ticket) id = *in_.ticket;
  else if (!svc_.next_ticket_id) error_ = Status::Internal("escalation needs a ticket allocator");
  else error_ = svc_.next_ticket_id(&id);
  d_->escalation = e;
  d_->escalation->reason = reason;
  d_->ticket = id;
  out_->human = true;
  out_->ticket = id;
  const BusinessHours& hours = pack_.config().hours;
  int64_t eta = AddBusinessHours(hours, svc_.clock->NowUnix(), pack_.config().escalation_eta_hours);
  d_->escalation->due_unix = eta;
  ticket_ = ReplyContext::Ticket{std::to_string(id), FormatLocal(hours, eta)};
  d_->trace.push_back({"escalate", e.queue, loc.FileLine(), "priority " + e.priority});
  Reply(Route::kEscalate, tmpl.empty() ? "escalated" : tmpl);
}

void Turn::Reply(Route route, const std::string& template_id) {
  decided_ = true;
  d_->route = route;
  const TemplateDef* t = pack_.FindTemplate(template_id);
  if (t == nullptr) return;  // validation guarantees presence for pack-named templates
  auto it = t->text.find(d_->language);
  if (it == t->text.end()) it = t->text.find(pack_.default_language());
  if (it == t->text.end()) it = t->text.begin();
  if (it == t->text.end()) return;
  // Most replies hold no tag: no context to build, nothing to render.
  if (IsPlainTemplate(it->second)) {
    d_->reply = it->second;
    return;
  }
  ReplyContext ctx;
  ctx.intent = d_->intent ? *d_->intent : "";
  ctx.language = d_->language;
  ctx.channel = msg_.channel;
  ctx.conversation_id = in_.id;
  ctx.slots = slots_;
  ctx.customer_email = msg_.from;
  if (auto name = msg_.customer.find("name"); name != msg_.customer.end()) ctx.customer_name = name->second;
  ctx.lookup = lookup_;
  ctx.ticket = ticket_;
  if (pack_.faq()) AddQuotedAnswers(it->second, &ctx);
  std::string error;
  if (!RenderTemplate(it->second, ToJson(ctx), &d_->reply, &error))
    d_->trace.push_back({"template", template_id, t->loc.FileLine(), "render error: " + error});
}

Status Turn::Finish(bool success) {
  if (!error_.ok()) return error_;
  out_->language = d_->language;
  out_->slots = slots_;
  if (d_->route == Route::kAsk && intent_ >= 0) {
    out_->pending_intent = pack_.intent(intent_).id;
    out_->pending_slot = ask_slot_;
  } else {
    out_->pending_intent.clear();
    out_->pending_slot.clear();
  }
  out_->failures = success ? 0 : in_.failures + 1;
  return Status::Ok();
}

}  // namespace

Assistant::Assistant(std::shared_ptr<const CompiledPack> pack, AssistantServices services)
    : pack_(std::move(pack)), services_(std::move(services)) {}

Status Assistant::Decide(const Message& message, const ConversationState& in,
                         ConversationState* out, Decision* decision) const {
  *decision = Decision();
  return Turn(*pack_, services_, message, in, out, decision).Run();
}

}  // namespace frontdesk
