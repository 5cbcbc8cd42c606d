// The real HttpServer on a free loopback port, run on a thread of its own
// and stopped and joined when this goes away (STYLE.md rule 14), with a
// client pointed at it. For the integration tests of the HTTP adapter.
#ifndef FRONTDESK_TESTS_HTTP_FIXTURE_H_
#define FRONTDESK_TESTS_HTTP_FIXTURE_H_

#include <httplib.h>

#include <chrono>
#include <memory>
#include <thread>

#include "adapters/http/server.h"
#include "engine/service/api_keys.h"
#include "engine/store/sqlite_store.h"
#include "tests/test_util.h"

namespace frontdesk::testing {

class LoopbackServer {
 public:
  // REQUIRES: service outlives this. A test fails if no port can be bound.
  // The integration API needs a key: one is made in a store of the
  // fixture's own, and the client sends it (api_token()).
  explicit LoopbackServer(SupportService* service, HttpOptions options = HttpOptions()) {
    StoreOptions store_options;
    store_options.path = (keys_dir_.path() / "keys.db").string();
    store_options.log = [](const std::string&) {};
    EXPECT_TRUE(OpenSqliteStore(store_options, &key_store_).ok());
    keys_ = std::make_unique<ApiKeys>(key_store_.get());
    ApiKey key;
    EXPECT_TRUE(keys_->Create("test", &token_, &key).ok());
    HttpChannels channels;
    channels.api_keys = keys_.get();
    server_ = std::make_unique<HttpServer>(service, options, channels);
    port_ = server_->Bind("127.0.0.1", 0);
    EXPECT_GT(port_, 0);
    if (port_ <= 0) return;
    thread_ = std::thread([this] { server_->Run(); });
    // Polls until the listener runs (a bounded wait for start-up, not a
    // sleep that shapes what is tested).
    for (int i = 0; i < 500 && !server_->running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_default_headers({{"Authorization", "Bearer " + token_}});
  }
  ~LoopbackServer() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Client& client() { return *client_; }
  // The API key the client sends ("fd_1_...").
  const std::string& api_token() const { return token_; }
  int port() const { return port_; }

 private:
  TempDir keys_dir_;
  std::unique_ptr<Store> key_store_;
  std::unique_ptr<ApiKeys> keys_;
  std::string token_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace frontdesk::testing

#endif  // FRONTDESK_TESTS_HTTP_FIXTURE_H_
