// HTTP lookups against a real cpp-httplib server on loopback: owner and
// stranger, secrets from the environment, encoded input, a slow handler, a
// broken answer. Nothing the API sends may crash the service.
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "engine/lookups/lookup_service.h"
#include "engine/pack/pack.h"
#include "engine/pack/yaml_tree.h"
#include "tests/attempt_counts.h"
#include "tests/test_util.h"

namespace frontdesk {
namespace {

std::string Dump(const LookupResult& r) {
  return nlohmann::json{{"found", r.found}, {"limited", r.limited}, {"data", r.data}}.dump();
}

// The shop's API: /orders/ID answers the order as JSON when the bearer token
// is right; /slow sleeps; /broken answers text.
class FakeShopApi {
 public:
  FakeShopApi() {
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard<std::mutex> lock(mu_);
      last_target_ = req.target;  // as sent, before the server decodes it
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.Get(R"(/orders/([^/]+))", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Authorization") != "Bearer s3cret") {
        res.status = 401;
        return;
      }
      if (req.matches[1] != "AB123456") {
        res.status = 404;
        res.set_content(R"({"error":"not found"})", "application/json");
        return;
      }
      res.set_content(R"({"id":"AB123456","status":"in_transit","shipping":{"carrier":"GHN","eta":"2024-05-06"},
                          "customer":{"email":"An.Nguyen@example.com","postcode":70000,"phone_last4":"5678"}})",
                      "application/json");
    });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("{}", "application/json");
    });
    server_.Get("/broken", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html>oops</html>", "text/html");
    });
    server_.Get("/error", [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeShopApi() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string last_target() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_target_;
  }

 private:
  std::mutex mu_;
  std::string last_target_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

class HttpLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string yaml = R"(lookups:
  - name: order_api
    kind: http
    url: "${SHOP_API}/orders/{{slots.order_id}}"
    headers: {Authorization: "Bearer ${SHOP_API_TOKEN}"}
    timeout_ms: 300
    fields: {status: /status, carrier: /shipping/carrier, eta: /shipping/eta, gift: /gift}
    owner: {email: /customer/email, postcode: /customer/postcode, with_postcode: {slot: phone_last4, field: /customer/phone_last4}}
  - {name: slow, kind: http, url: "${SHOP_API}/slow", timeout_ms: 200, fields: {x: /x}}
  - {name: broken, kind: http, url: "${SHOP_API}/broken", fields: {x: /x}}
  - {name: failing, kind: http, url: "${SHOP_API}/error", fields: {x: /x}}
)";
    YamlNode root;
    Diagnostics diags;
    ASSERT_TRUE(ParseYaml("api.yaml", yaml, YamlLimits(), &root, &diags)) << diags.ToString();
    ReadLookups(*root.Find("lookups"), Config(), &defs_, &diags);
    ASSERT_TRUE(diags.ok()) << diags.ToString();
    options_.limiter = &limiter_;
    std::string base = "http://127.0.0.1:" + std::to_string(api_.port());
    options_.env = [base](const std::string& name, std::string* value) {
      if (name == "SHOP_API") *value = base;
      else if (name == "SHOP_API_TOKEN") *value = "s3cret";
      else return false;
      return true;
    };
    ASSERT_OK(LookupService::Create(defs_.lookups, options_, &service_));
  }

  Status Run(const std::string& name, std::map<std::string, std::string> slots, LookupResult* r,
             const std::string& from = "", bool verified = false) {
    return service_->Run({name, std::move(slots), from, verified, "conv", "127.0.0.1", "en"}, r);
  }

  FakeShopApi api_;
  FakeClock clock_{1714900000};
  MemoryAttemptLimiter limiter_{&clock_};
  LookupServiceOptions options_;
  PackDefs defs_;
  std::unique_ptr<LookupService> service_;
};

TEST_F(HttpLookupTest, OwnerSeesTheMappedFields) {
  LookupResult r;
  ASSERT_OK(Run("order_api", {{"order_id", "AB123456"}}, &r, "an.nguyen@example.com", true));
  EXPECT_EQ(Dump(r),
            R"({"data":{"carrier":"GHN","eta":"2024-05-06","gift":null,"status":"in_transit"},)"
            R"("found":true,"limited":false})");
  LookupResult by_postcode;
  ASSERT_OK(Run("order_api", {{"order_id", "AB123456"}, {"postcode", "70000"}, {"phone_last4", "5678"}},
                &by_postcode));
  EXPECT_TRUE(by_postcode.found);
  LookupResult postcode_alone;  // one postcode covers a district: not proof enough
  ASSERT_OK(Run("order_api", {{"order_id", "AB123456"}, {"postcode", "70000"}}, &postcode_alone));
  EXPECT_FALSE(postcode_alone.found);
}

TEST_F(HttpLookupTest, StrangerGetsExactlyWhatAMissingOrderGets) {
  LookupResult stranger, missing;
  ASSERT_OK(Run("order_api", {{"order_id", "AB123456"}}, &stranger, "eve@example.com", true));
  ASSERT_OK(Run("order_api", {{"order_id", "ZZ999999"}}, &missing, "eve@example.com", true));
  EXPECT_EQ(Dump(stranger), R"({"data":{},"found":false,"limited":false})");
  EXPECT_EQ(Dump(stranger), Dump(missing));
  EXPECT_EQ(testing::Failures(limiter_, "conversation:conv", 900), 2);
}

TEST_F(HttpLookupTest, NoProofMeansNoCall) {
  LookupResult r;
  ASSERT_OK(Run("order_api", {{"order_id", "AB123456"}}, &r));
  EXPECT_FALSE(r.found);
  EXPECT_EQ(api_.last_target(), "");  // the shop's API was not asked
  EXPECT_EQ(testing::Failures(limiter_, "conversation:conv", 900), 0);
}

TEST_F(HttpLookupTest, InputIsEncodedIntoOnePathSegment) {
  LookupResult r;
  ASSERT_OK(Run("order_api", {{"order_id", "../slow?x=1#"}}, &r, "eve@example.com", true));
  EXPECT_FALSE(r.found);
  EXPECT_EQ(api_.last_target(), "/orders/%2E%2E%2Fslow%3Fx%3D1%23");
}

TEST_F(HttpLookupTest, SlowHandlerTimesOut) {
  LookupResult r;
  // The handler answers only after the lookup's timeout: an error naming the
  // timeout proves the call was cut off (how fast is bench/'s business).
  Status s = Run("slow", {}, &r);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_THAT(s.message(), ::testing::HasSubstr("timed out"));
  EXPECT_FALSE(r.found);
}

TEST_F(HttpLookupTest, NonJsonAndServerErrorsAreErrorsNotCrashes) {
  LookupResult r;
  Status s = Run("broken", {}, &r);
  EXPECT_EQ(s.ToString(), "unavailable: lookup 'broken': the API's answer is not JSON");
  s = Run("failing", {}, &r);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("HTTP 503"));
}

TEST_F(HttpLookupTest, ErrorsDoNotCountAsFailedAttempts) {
  options_.env = [](const std::string& name, std::string* value) {
    *value = name == "SHOP_API" ? "http://127.0.0.1:1" : "s3cret";  // nothing listens there
    return true;
  };
  std::unique_ptr<LookupService> down;
  ASSERT_OK(LookupService::Create(defs_.lookups, options_, &down));
  LookupResult r;
  Status s = down->Run({"order_api", {{"order_id", "AB123456"}}, "eve@example.com", true, "c2", "", "en"}, &r);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_THAT(s.message(), ::testing::Not(::testing::HasSubstr("s3cret")));
  EXPECT_EQ(testing::Failures(limiter_, "conversation:c2", 900), 0);
}

TEST_F(HttpLookupTest, UnsetSecretFailsAtStartWithoutItsValue) {
  options_.env = nullptr;
  std::unique_ptr<LookupService> service;
  Status s = LookupService::Create(defs_.lookups, options_, &service);
  EXPECT_EQ(s.ToString(), "invalid_argument: lookup 'order_api': environment variable SHOP_API is not set");
}

}  // namespace
}  // namespace frontdesk
