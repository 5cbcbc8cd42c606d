// Issue 9, "Trust", end to end: the real `frontdesk serve` on the example
// shop, driven over POST /v1/messages. A postcode alone used to prove
// ownership of an order although a whole city shares one: order AB123456 is
// An's (postcode 70000, phone ending 5678), and Thư lives in 70000 too. Now
// the postcode proves nothing without the last 4 digits of the phone, and
// guesses are counted per proof value, whatever the conversation id.
#include <nlohmann/json.hpp>

#include <httplib.h>

#include <memory>
#include <string>

#include "tests/test_util.h"

namespace frontdesk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

// What order AB123456's record would reveal: status, carrier, tracking
// number, expected delivery, total.
const char* const kOrderSecrets[] = {"GHN5KT9X3QD", "Giao Hàng Nhanh", "on its way", "2024-05-06",
                                     "22.990.000"};

class OwnerProofServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::WriteExampleShopConfig(dir_);
    serve_ = std::make_unique<testing::ServeProcess>();
    ASSERT_TRUE(serve_->Start(config_));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", serve_->port());
    client_->set_read_timeout(30, 0);
  }

  // When the integration API wants a key (`Authorization: Bearer KEY`), makes
  // one with `frontdesk key add` the first time a 401 comes back.
  bool MakeKey() {
    testing::CommandResult r = testing::RunCommand(
        {testing::FrontdeskBinary().string(), "key", "add", "owner-proof-test", "-c", config_});
    if (r.exit_code != 0) return false;
    std::string out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
    key_ = out.substr(out.find_last_of('\n') + 1);
    return !key_.empty();
  }

  httplib::Result Post(const json& body) {
    httplib::Headers headers;
    if (!key_.empty()) headers.emplace("Authorization", "Bearer " + key_);
    return client_->Post("/v1/messages", headers, body.dump(), "application/json");
  }

  // POSTs one chat message; returns the decision.
  json Say(const std::string& text, const std::string& conversation) {
    json body = {{"text", text}, {"conversation_id", conversation}, {"channel", "chat"}, {"lang", "en"}};
    auto r = Post(body);
    if (r && r->status == 401 && key_.empty()) {
      EXPECT_TRUE(MakeKey()) << "POST /v1/messages wants a key and `frontdesk key add` made none";
      r = Post(body);
    }
    EXPECT_TRUE(r) << httplib::to_string(r.error());
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << r->body;
    return r->status == 200 ? json::parse(r->body) : json();
  }

  static void ExpectNothingRevealed(const json& d) {
    ASSERT_TRUE(d.contains("reply")) << d.dump();
    std::string reply = d["reply"];
    for (const char* secret : kOrderSecrets) EXPECT_THAT(reply, Not(HasSubstr(secret))) << d.dump();
  }

  testing::TempDir dir_;
  std::string config_;
  std::string key_;
  std::unique_ptr<testing::ServeProcess> serve_;
  std::unique_ptr<httplib::Client> client_;
};

// The old hole: an order number and the (city-wide) postcode on it.
TEST_F(OwnerProofServerTest, OrderNumberAndPostcodeRevealNothing) {
  json d = Say("where is order AB123456? my postcode is 70000", "pc-1");
  ExpectNothingRevealed(d);
  EXPECT_EQ(d["route"], "ask") << d.dump();
  EXPECT_THAT(d["reply"].get<std::string>(), HasSubstr("last 4 digits of the phone number"));
  // Same words for an order that does not exist: no oracle either.
  json unknown = Say("where is order ZZ999999? my postcode is 70000", "pc-2");
  std::string a = d["reply"], b = unknown["reply"];
  EXPECT_EQ(a.replace(a.find("AB123456"), 8, "#"), b.replace(b.find("ZZ999999"), 8, "#"));

  // The postcode as the answer to "what is the e-mail or postcode?".
  json asked = Say("where is order AB123456?", "pc-3");
  ExpectNothingRevealed(asked);
  json answered = Say("70000", "pc-3");
  ExpectNothingRevealed(answered);
  EXPECT_EQ(answered["route"], "ask") << answered.dump();
}

TEST_F(OwnerProofServerTest, TheNeighboursPhoneDigitsRevealNothing) {
  Say("where is order AB123456? my postcode is 70000", "nb-1");
  json d = Say("4517", "nb-1");  // Thư's, from the same postcode
  ExpectNothingRevealed(d);
  EXPECT_EQ(d["route"], "lookup") << d.dump();
  EXPECT_THAT(d["reply"].get<std::string>(), HasSubstr("could not find"));
}

// The same conversation, with the owner's digits, does get the answer: the
// checks above fail for the right reason.
TEST_F(OwnerProofServerTest, PostcodeAndTheRightDigitsOrTheEmailProveOwnership) {
  Say("where is order AB123456? my postcode is 70000", "own-1");
  json d = Say("5678", "own-1");
  EXPECT_EQ(d["route"], "lookup") << d.dump();
  EXPECT_THAT(d["reply"].get<std::string>(), HasSubstr("GHN5KT9X3QD"));
  json by_email = Say("where is order AB123456? ordered with an.nguyen@example.com", "own-2");
  EXPECT_THAT(by_email["reply"].get<std::string>(), HasSubstr("GHN5KT9X3QD")) << by_email.dump();
}

// A new conversation id for every guess no longer buys new guesses: after 5
// wrong digits for postcode 70000 (on different orders, so the per-order
// counter never fills) the conversation goes to a person, and so does the
// next one, even with the right digits.
TEST_F(OwnerProofServerTest, GuessingTheDigitsAcrossConversationsIsCutOff) {
  const char* orders[] = {"AB123456", "AB654321", "ZZ000001", "ZZ000002", "ZZ000003"};
  json d;
  for (int i = 0; i < 5; ++i) {
    d = Say(std::string("status of order ") + orders[i] + ", postcode 70000, phone ending " +
                std::to_string(1000 + i),
            "guess-" + std::to_string(i));
    ExpectNothingRevealed(d);
    ASSERT_EQ(d["route"], i < 4 ? "lookup" : "escalate") << i << " " << d.dump();
  }
  d = Say("status of order AB123456, postcode 70000, phone ending 5678", "guess-new");
  EXPECT_EQ(d["route"], "escalate") << d.dump();
  ExpectNothingRevealed(d);
}

}  // namespace
}  // namespace frontdesk
