#include "engine/decide/assistant.h"

#include "engine/service/service.h"
#include "tests/pack_fixture.h"

namespace frontdesk {
namespace {

// A lookup that knows one order, owned by ann@example.com.
class FakeLookups : public LookupRunner {
 public:
  Status Run(const LookupRequest& r, LookupResult* out) override {
    ++calls;
    if (r.name == "repair_status") {  // repair RP12345 is ann's, postcode 70000
      auto slot = [&](const char* name) {
        auto it = r.slots.find(name);
        return it == r.slots.end() ? std::string() : it->second;
      };
      out->found = slot("repair_id") == "RP12345" &&
                   (slot("email") == "ann@example.com" || slot("postcode") == "70000");
      if (out->found) out->data["status"] = "ready";
      return Status::Ok();
    }
    auto it = r.slots.find("order_id");
    out->found = it != r.slots.end() && it->second == "AB123456" && r.from == "ann@example.com";
    if (out->found) out->data["status"] = "in transit";
    return Status::Ok();
  }
  bool Has(const std::string&) const override { return true; }
  int calls = 0;
};

// Monday 2026-11-23 10:00 in +07:00 is 03:00 UTC.
constexpr int64_t kMondayTenLocal = 1795402800;

class AssistantTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_ = testing::LoadFixturePack(dir_);
    ASSERT_NE(pack_, nullptr);
    service_ = std::make_unique<SupportService>(
        pack_, &store_, &clock_, std::shared_ptr<LookupRunner>(&lookups_, [](LookupRunner*) {}));
  }
  Decision Say(const std::string& text, const std::string& conversation = "c1",
               const std::string& from = "", const std::string& channel = "chat",
               const std::string& lang = "", bool verified = false) {
    Message m;
    m.text = text;
    m.conversation_id = conversation;
    m.from = from;
    m.from_verified = verified;
    m.channel = channel;
    m.language = lang;
    Decision d;
    std::string replay;
    EXPECT_OK(service_->Handle(m, "", &d, &replay));
    return d;
  }
  testing::TempDir dir_;
  std::shared_ptr<const CompiledPack> pack_;
  MemoryConversationStore store_;
  FakeClock clock_{kMondayTenLocal};
  FakeLookups lookups_;
  std::unique_ptr<SupportService> service_;
};

TEST_F(AssistantTest, AsksForMissingSlotThenCompletesIt) {
  Decision first = Say("where is my order?", "c1", "ann@example.com");
  EXPECT_EQ(first.route, Route::kAsk);
  EXPECT_EQ(first.intent, "order.status");
  EXPECT_EQ(first.reply, "What is your order number?");

  Decision second = Say("it is ab-123456", "c1", "ann@example.com");
  EXPECT_EQ(second.route, Route::kLookup);
  EXPECT_EQ(second.intent, "order.status");
  EXPECT_EQ(second.slots.at("order_id"), "AB123456");
  EXPECT_EQ(second.reply, "Order AB123456 is in transit.");
  EXPECT_EQ(second.tags, std::vector<std::string>{"orders"});
}

TEST_F(AssistantTest, SlotCompletesAcrossChannelsForTheSameSender) {
  // No conversation id: the conversation is the verified sender's, on chat
  // and e-mail alike.
  EXPECT_EQ(Say("where is my order", "", "Ann@Example.com", "chat", "", true).route, Route::kAsk);
  Decision d = Say("AB123456", "", "ann@example.com", "email", "", true);
  EXPECT_EQ(d.route, Route::kLookup);
  EXPECT_EQ(d.conversation_id, "from:ann@example.com");
  // A claimed address joins nothing: each such message starts afresh.
  Decision claimed = Say("AB123456", "", "ann@example.com", "email");
  EXPECT_NE(claimed.conversation_id, "from:ann@example.com");
  EXPECT_THAT(claimed.conversation_id, ::testing::MatchesRegex("c-[0-9a-f]{44}"));
}

TEST_F(AssistantTest, StrangerGetsTheNotFoundReply) {
  Decision d = Say("order AB123456 status", "c2", "eve@example.com");
  EXPECT_EQ(d.route, Route::kLookup);
  EXPECT_EQ(d.reply, "I found no order AB123456 for you.");
}

TEST_F(AssistantTest, NewIntentTakesOverFromPendingQuestion) {
  EXPECT_EQ(Say("where is my order").route, Route::kAsk);
  Decision d = Say("actually how much is shipping cost");
  EXPECT_EQ(d.route, Route::kAnswer);
  EXPECT_EQ(d.intent, "delivery.cost");
}

TEST_F(AssistantTest, SmallTalkDoesNotDropThePendingQuestion) {
  EXPECT_EQ(Say("where is my order").route, Route::kAsk);
  Decision d = Say("hi, AB123456");
  EXPECT_EQ(d.intent, "order.status");
  EXPECT_EQ(d.route, Route::kLookup);
}

TEST_F(AssistantTest, AnswerToPendingQuestionKeepsItsIntentUnlessOutranked) {
  EXPECT_EQ(Say("where is my order", "p1").route, Route::kAsk);
  // Supplies the number and mentions shipping (same priority): still order.status.
  Decision d = Say("AB123456, also shipping cost?", "p1");
  EXPECT_EQ(d.intent, "order.status");
  EXPECT_EQ(d.route, Route::kLookup);

  EXPECT_EQ(Say("where is my order", "p2").route, Route::kAsk);
  // A cancellation outranks the status question.
  d = Say("AB123456 cancel my order", "p2");
  EXPECT_EQ(d.intent, "order.cancel");
  EXPECT_EQ(d.route, Route::kEscalate);
}

TEST_F(AssistantTest, EscalatesWithTicketAndBusinessHoursEta) {
  Decision d = Say("I want a human", "c3");
  EXPECT_EQ(d.route, Route::kEscalate);
  ASSERT_TRUE(d.ticket.has_value());
  ASSERT_TRUE(d.escalation.has_value());
  EXPECT_EQ(d.escalation->queue, "general");
  EXPECT_EQ(d.escalation->reason, "person");
  // 10:00 Monday + 4 business hours = 14:00 the same day.
  EXPECT_EQ(d.reply, "Ticket " + std::to_string(*d.ticket) + ": a person answers by 2026-11-23 14:00.");
}

TEST_F(AssistantTest, EtaSkipsClosedHours) {
  clock_.Set(kMondayTenLocal + 7 * 3600);  // 17:00 local: one business hour left today
  Decision d = Say("agent please", "c4");
  EXPECT_THAT(d.reply, ::testing::HasSubstr("2026-11-24 11:00"));
}

TEST_F(AssistantTest, BotStaysQuietOnceAHumanHasTheConversation) {
  Decision first = Say("I want a person", "c5");
  ASSERT_EQ(first.route, Route::kEscalate);
  Decision next = Say("hello? where is my order AB123456", "c5");
  EXPECT_EQ(next.route, Route::kEscalate);
  EXPECT_EQ(next.ticket, first.ticket);
  EXPECT_EQ(next.reply, "");
  EXPECT_EQ(lookups_.calls, 0);
}

// A customer's answer to a ticket an agent resolved goes to the agents again
// (the ticket reopens), within escalation.reopen_within_hours (a week by
// default); after that the bot takes the conversation and forgets the ticket.
TEST_F(AssistantTest, AnAnswerToAResolvedTicketReopensItWithinTheWindow) {
  AssistantServices services;
  services.clock = &clock_;
  Assistant assistant(pack_, services);
  ConversationState in;
  in.id = "c9";
  in.resolved_ticket = 42;
  in.resolved_unix = kMondayTenLocal - 3600;
  Message m;
  m.text = "hello? where is my order AB123456";
  m.channel = "chat";
  ConversationState out;
  Decision d;
  ASSERT_OK(assistant.Decide(m, in, &out, &d));
  EXPECT_EQ(d.route, Route::kEscalate);
  EXPECT_EQ(d.ticket, 42);
  EXPECT_EQ(d.reply, "");
  EXPECT_FALSE(d.escalation.has_value());  // not a new escalation
  ASSERT_FALSE(d.trace.empty());
  EXPECT_EQ(d.trace.back().step, "state");
  EXPECT_EQ(d.trace.back().id, "reopen");
  EXPECT_TRUE(out.human);
  EXPECT_EQ(out.ticket, 42);
  EXPECT_FALSE(out.resolved_ticket.has_value());

  in.resolved_unix = kMondayTenLocal - 169 * 3600;  // a week and an hour ago
  Decision late;
  ASSERT_OK(assistant.Decide(m, in, &out, &late));
  EXPECT_NE(late.ticket, 42);
  EXPECT_FALSE(out.human);
  EXPECT_FALSE(out.resolved_ticket.has_value());
}

TEST_F(AssistantTest, TwoFailuresInARowEscalate) {
  EXPECT_EQ(Say("blorp", "c6").route, Route::kFallback);
  Decision d = Say("zzz", "c6");
  EXPECT_EQ(d.route, Route::kEscalate);
  EXPECT_EQ(d.escalation->reason, "repeated-failure");
}

TEST_F(AssistantTest, SuccessResetsTheFailureCount) {
  EXPECT_EQ(Say("blorp", "c7").route, Route::kFallback);
  EXPECT_EQ(Say("hello", "c7").route, Route::kAnswer);
  EXPECT_EQ(Say("blorp", "c7").route, Route::kFallback);
}

TEST_F(AssistantTest, LanguageHintWinsAndRepliesInIt) {
  Decision d = Say("where is my order", "c8", "", "chat", "es");
  EXPECT_EQ(d.language, "es");
  EXPECT_EQ(d.reply, "¿Cuál es tu número de pedido?");
}

TEST_F(AssistantTest, DetectsVietnameseWithoutDiacritics) {
  Decision d = Say("don hang cua toi o dau vay", "c9");
  EXPECT_EQ(d.intent, "order.status");
  EXPECT_EQ(d.language, "vi");
  EXPECT_EQ(d.reply, "Mã đơn hàng của bạn là gì?");
}

TEST_F(AssistantTest, TraceNamesPatternAndRuleWithFileAndLine) {
  Decision d = Say("where is my order", "c10");
  std::string file = (dir_.path() / "p/pack.yaml").string();
  bool match = false, rule = false;
  for (const auto& t : d.trace) {
    match = match || (t.step == "match" && t.id == "order.status" && t.source == file + ":9");
    rule = rule || (t.step == "rule" && t.id == "need-number" && t.source == file + ":62");
  }
  EXPECT_TRUE(match) << DecisionToJson(d).dump(1);
  EXPECT_TRUE(rule) << DecisionToJson(d).dump(1);
}

TEST_F(AssistantTest, InvalidUtf8IsRepairedNotFatal) {
  Decision d = Say(std::string("where is my order \xff\xfe"), "c11");
  EXPECT_EQ(d.intent, "order.status");
}

// Repairs in a pack file of their own: the lookup asks for proof of
// ownership when it finds nothing for a customer who gave none.
constexpr char kRepairPack[] = R"(language: en
slots:
  repair_id: {pattern: '\brp-?\d{5}\b', transform: compact}
  postcode: {pattern: '\b\d{5}\b'}
intents:
  - id: repair.status
    slots: [repair_id, email, postcode]
    patterns: ['\brepair\b']
templates:
  repair.result: {en: "{{#lookup.found}}Repair {{slots.repair_id}} is {{lookup.status}}.{{/lookup.found}}{{^lookup.found}}No repair {{slots.repair_id}} for you.{{/lookup.found}}"}
  repair.proof: {en: "What is the e-mail or postcode on repair {{slots.repair_id}}?"}
  ask.repair_id: {en: "Your repair number?"}
lookups:
  - name: repair_status
    kind: http
    url: "http://127.0.0.1:9/repairs/{{slots.repair_id}}"
    fields: {status: /status}
    owner: {email: /email}  # the fake runner above decides; postcode proofs are lookups_test's
rules:
  - id: repair-needs-number
    description: ask for the repair number
    when: {intent: repair.status, missing: [repair_id]}
    then: [{ask: repair_id}]
  - id: repair-lookup
    description: look the repair up; ask a customer without proof for it
    when: {intent: repair.status, present: [repair_id]}
    then: [{lookup: repair_status, template: repair.result, ask_proof: repair.proof}]
)";

class AskProofTest : public AssistantTest {
 protected:
  void SetUp() override {
    dir_.Write("p/repairs.yaml", kRepairPack);
    AssistantTest::SetUp();
  }
};

TEST_F(AskProofTest, AsksForProofThenLooksUpAgainWithIt) {
  Decision first = Say("status of my repair RP12345", "r1");
  EXPECT_EQ(first.route, Route::kAsk);
  EXPECT_EQ(first.reply, "What is the e-mail or postcode on repair RP12345?");
  // Asked for the e-mail, the customer gives the postcode: that answers too.
  Decision second = Say("70000", "r1");
  EXPECT_EQ(second.route, Route::kLookup);
  EXPECT_EQ(second.intent, "repair.status");
  EXPECT_EQ(second.slots.at("postcode"), "70000");
  EXPECT_EQ(second.reply, "Repair RP12345 is ready.");
  EXPECT_EQ(lookups_.calls, 2);
}

TEST_F(AskProofTest, WrongNumberAndSomeoneElsesRepairHearTheSameQuestion) {
  Decision mine = Say("repair RP12345", "r2");
  Decision unknown = Say("repair RP99999", "r3");
  EXPECT_EQ(mine.route, Route::kAsk);
  EXPECT_EQ(unknown.route, Route::kAsk);
  EXPECT_EQ(unknown.reply, "What is the e-mail or postcode on repair RP99999?");
  // A wrong proof gets the not-found answer, not the question again.
  Decision wrong = Say("eve@example.com", "r2");
  EXPECT_EQ(wrong.route, Route::kLookup);
  EXPECT_EQ(wrong.reply, "No repair RP12345 for you.");
}

TEST_F(AskProofTest, ProofInTheFirstMessageIsUsedAtOnce) {
  Decision d = Say("repair RP12345, my email is ann@example.com", "r4");
  EXPECT_EQ(d.route, Route::kLookup);
  EXPECT_EQ(d.reply, "Repair RP12345 is ready.");
  d = Say("repair RP12345, my email is eve@example.com", "r5");
  EXPECT_EQ(d.reply, "No repair RP12345 for you.");
}

// The answer to "your repair number?" may carry the proof too: the pending
// intent keeps every slot of its own that the message has.
TEST_F(AskProofTest, AnswerToAQuestionKeepsTheOtherSlotsItCarries) {
  EXPECT_EQ(Say("my repair", "r8").route, Route::kAsk);
  Decision d = Say("RP-12345, postcode 70000", "r8");
  EXPECT_EQ(d.slots.at("repair_id"), "RP12345");
  EXPECT_EQ(d.slots.at("postcode"), "70000");
  EXPECT_EQ(d.route, Route::kLookup);
  EXPECT_EQ(d.reply, "Repair RP12345 is ready.");
}

// The digits of repair number "rp-70000" are not also the postcode 70000:
// no two slots share a character, so the customer is asked for proof.
TEST_F(AskProofTest, SlotValuesDoNotOverlap) {
  Decision d = Say("repair rp-70000", "r6");
  EXPECT_EQ(d.slots.at("repair_id"), "RP70000");
  EXPECT_EQ(d.slots.count("postcode"), 0u);
  EXPECT_EQ(d.route, Route::kAsk);
  // Separate numbers are still both found.
  d = Say("repair rp-12345 postcode 70000", "r7");
  EXPECT_EQ(d.slots.at("postcode"), "70000");
  EXPECT_EQ(d.reply, "Repair RP12345 is ready.");
}

TEST_F(AssistantTest, IdempotencyKeyReturnsFirstDecision) {
  Message m;
  m.text = "I want a human";
  m.conversation_id = "c12";
  Decision d1, d2;
  std::string r1, r2;
  ASSERT_OK(service_->Handle(m, "key-1", &d1, &r1));
  ASSERT_OK(service_->Handle(m, "key-1", &d2, &r2));
  EXPECT_TRUE(r1.empty());
  EXPECT_EQ(r2, DecisionToJson(d1).dump());
}

}  // namespace
}  // namespace frontdesk
