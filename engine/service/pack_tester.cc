#include "engine/service/pack_tester.h"

#include <map>

#include "engine/decide/classifier.h"
#include "engine/service/service.h"
#include "engine/decide/slots.h"
#include "engine/text/text.h"

namespace frontdesk {
namespace {

class Tester {
 public:
  Tester(std::shared_ptr<const CompiledPack> pack, LookupsFactory lookups,
         const std::set<std::string>& files)
      : pack_(std::move(pack)), lookups_(std::move(lookups)), files_(files),
        exercised_(pack_->patterns().size(), false) {}

  PackTestReport Run() {
    for (size_t i = 0; i < pack_->defs().intents.size(); ++i) {
      const IntentDef& intent = pack_->defs().intents[i];
      for (const auto& ex : intent.examples)
        if (Selected(ex.loc)) Example(static_cast<int>(i), ex);
      for (const auto& ex : intent.counter_examples)
        if (Selected(ex.loc)) CounterExample(static_cast<int>(i), ex);
    }
    for (const auto& c : pack_->defs().conversations)
      if (Selected(c.loc)) Conversation(c);
    ReportUnexercised();
    return std::move(report_);
  }

 private:
  bool Selected(const SourceLoc& loc) const { return files_.empty() || files_.count(loc.file); }

  void Pass() { ++report_.passed; }
  void Fail(const SourceLoc& loc, const std::string& what) {
    ++report_.failed;
    report_.failures.push_back(loc.ToString() + ": fail: " + what);
  }

  // Folds and classifies an example, marking every pattern that matched as
  // exercised. False (and a failure at `loc`) when the engine cannot run on
  // it: an example the engine refuses is a failed example, never a pass.
  bool ClassifyMarking(const ExampleDef& ex, int owner, FoldedText* t, Classification* c) {
    Status s = FoldText(ex.text, InvalidUtf8::kRepair, t);
    std::vector<PatternHit> hits;
    if (s.ok()) s = pack_->matcher().Match(t->folded, &hits);
    if (s.ok()) s = Classify(*pack_, t->folded, c);
    if (!s.ok()) {
      Fail(ex.loc, "\"" + ex.text + "\" cannot be classified: " + s.ToString());
      return false;
    }
    for (const auto& h : hits)
      if (pack_->patterns()[static_cast<size_t>(h.pattern)].intent == owner)
        exercised_[static_cast<size_t>(h.pattern)] = true;
    return true;
  }

  // An example no pattern matches passes when the similarity tier, asked
  // without the example itself, gives its intent.
  bool RoutedBySimilarity(int intent, const ExampleDef& ex, const FoldedText& t, const Classification& c) {
    SimilarExample s = pack_->similar().Nearest(t.folded, ex.language, c.vetoed, &ex);
    if (!s.confident || s.intent != intent) return false;
    report_.similar_only.push_back(ex.loc.ToString() + ": similar only: \"" + ex.text + "\" -> " +
                                   pack_->intent(intent).id + " by " + s.example->loc.FileLine() + " (" +
                                   s.Detail() + "); no pattern matches it");
    Pass();
    return true;
  }

  std::string Names(const Classification& c) const {
    std::string s;
    for (const auto& m : c.matches) s += (s.empty() ? "" : ", ") + pack_->intent(m.intent).id;
    return s.empty() ? "(none)" : s;
  }

  void Example(int intent, const ExampleDef& ex) {
    FoldedText t;
    Classification c;
    if (!ClassifyMarking(ex, intent, &t, &c)) return;
    const std::string& id = pack_->intent(intent).id;
    if (c.matches.size() > 1)
      report_.overlaps.push_back(ex.loc.ToString() + ": overlap: \"" + ex.text + "\" matches " +
                                 Names(c) + "; " + pack_->intent(c.matches[0].intent).id + " wins");
    if (c.best() == nullptr && RoutedBySimilarity(intent, ex, t, c)) return;
    if (c.best() == nullptr || c.best()->intent != intent) {
      bool own = false;
      for (const auto& m : c.matches) own = own || m.intent == intent;
      Fail(ex.loc, "\"" + ex.text + "\" should be " + id + " but " +
                       (c.best() ? "is " + pack_->intent(c.best()->intent).id +
                                       (own ? " (" + id + " matched but lost)" : "")
                                 : std::string("matches no intent")));
      return;
    }
    auto slots = ExtractSlots(*pack_, *c.best(), t);
    for (const auto& [k, v] : ex.slots) {
      if (slots[k] != v) {
        Fail(ex.loc, "\"" + ex.text + "\": slot " + k + " is '" + slots[k] + "', expected '" + v + "'");
        return;
      }
    }
    Pass();
  }

  void CounterExample(int intent, const ExampleDef& ex) {
    FoldedText t;
    Classification c;
    if (!ClassifyMarking(ex, -1, &t, &c)) return;
    if (c.best() != nullptr && c.best()->intent == intent) {
      Fail(ex.loc, "\"" + ex.text + "\" must not be " + pack_->intent(intent).id);
      return;
    }
    Pass();
  }

  std::string CheckTurn(const TurnDef& turn, const Decision& d) {
    const TurnExpect& e = turn.expect;
    std::string got = std::string(RouteName(d.route)) + " " + (d.intent ? *d.intent : "(none)");
    if (e.route && *e.route != d.route) return "route " + got + ", expected route " + RouteName(*e.route);
    if (e.check_intent && e.intent != d.intent)
      return "intent " + got + ", expected " + (e.intent ? *e.intent : "no intent");
    if (!e.language.empty() && e.language != d.language) return "language " + d.language + ", expected " + e.language;
    for (const auto& [k, v] : e.slots) {
      auto it = d.slots.find(k);
      if (it == d.slots.end() || it->second != v)
        return "slot " + k + " = '" + (it == d.slots.end() ? "" : it->second) + "', expected '" + v + "'";
    }
    if (!e.reply_contains.empty() && d.reply.find(e.reply_contains) == std::string::npos)
      return "reply \"" + d.reply + "\" lacks \"" + e.reply_contains + "\"";
    return "";
  }

  void Conversation(const ConversationDef& c) {
    MemoryConversationStore store;
    FakeClock clock(1700000000);
    SupportService service(pack_, &store, &clock, lookups_ ? lookups_() : nullptr);
    for (const auto& turn : c.turns) {
      Message m;
      m.text = turn.say;
      m.channel = c.channel;
      m.language = c.language;
      m.from = c.from;
      m.conversation_id = "test:" + c.id;
      Decision d;
      std::string replay;
      Status s = service.Handle(m, "", &d, &replay);
      std::string problem = s.ok() ? CheckTurn(turn, d) : s.ToString();
      if (!problem.empty()) {
        Fail(turn.loc, "conversation " + c.id + ": \"" + turn.say + "\": " + problem);
        return;  // later turns depend on this one
      }
      Pass();
    }
  }

  void ReportUnexercised() {
    for (size_t i = 0; i < exercised_.size(); ++i) {
      const auto& ref = pack_->patterns()[i];
      if (exercised_[i] || ref.def->negative || !Selected(ref.def->loc)) continue;
      report_.unused.push_back(ref.def->loc.ToString() + ": unexercised: pattern of " +
                               pack_->intent(ref.intent).id + " matches none of its examples");
    }
  }

  std::shared_ptr<const CompiledPack> pack_;
  LookupsFactory lookups_;
  const std::set<std::string>& files_;
  std::vector<bool> exercised_;
  PackTestReport report_;
};

}  // namespace

PackTestReport RunPackTests(std::shared_ptr<const CompiledPack> pack, LookupsFactory lookups,
                            const std::set<std::string>& files) {
  return Tester(std::move(pack), std::move(lookups), files).Run();
}

}  // namespace frontdesk
