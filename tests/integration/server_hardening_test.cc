// The server against slow, large, compressed, chunked and flooding clients,
// on real loopback sockets. Raw POSIX sockets send what httplib's client
// cannot (a chunked body, a 50 MB Content-Length with no body, silence).
// Assertions are on answers, never on timings.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "adapters/http/server.h"
#include "tests/http_fixture.h"
#include "tests/pack_fixture.h"

namespace frontdesk {
namespace {

using std::chrono::milliseconds;

// A client socket to 127.0.0.1:port, closed when this goes away.
class RawSocket {
 public:
  explicit RawSocket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawSocket() { ::close(fd_); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return connected_; }
  // False once the server stopped reading (it may answer and close early).
  bool Send(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  // Reads one response (headers and a Content-Length body), or what came
  // before the server closed, or before `timeout` (a bound for a sick
  // server, not a measurement).
  std::string ReadResponse(milliseconds timeout = milliseconds(20000)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (Complete()) break;
      auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      pending_.append(buf, static_cast<size_t>(n));
    }
    size_t end = ResponseEnd();
    std::string out = pending_.substr(0, end);
    pending_.erase(0, end);
    return out;
  }
  int fd() const { return fd_; }

 private:
  size_t ResponseEnd() const {
    size_t head = pending_.find("\r\n\r\n");
    if (head == std::string::npos) return pending_.size();
    size_t length = 0;
    auto cl = pending_.find("Content-Length: ");
    if (cl != std::string::npos && cl < head) length = std::stoul(pending_.substr(cl + 16));
    return std::min(pending_.size(), head + 4 + length);
  }
  bool Complete() const {
    size_t head = pending_.find("\r\n\r\n");
    if (head == std::string::npos) return false;
    auto cl = pending_.find("Content-Length: ");
    size_t length = cl != std::string::npos && cl < head ? std::stoul(pending_.substr(cl + 16)) : 0;
    return pending_.size() >= head + 4 + length;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

std::string BodyOf(const std::string& response) {
  size_t head = response.find("\r\n\r\n");
  return head == std::string::npos ? "" : response.substr(head + 4);
}

std::string ErrorCode(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "(not a JSON error: " + body + ")";
  return j["error"]["code"].get<std::string>();
}

std::string Chunked(const std::string& data, size_t chunk) {
  std::string out;
  char size[32];
  for (size_t i = 0; i < data.size(); i += chunk) {
    std::string part = data.substr(i, chunk);
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    out += size + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

const char kMessage[] = R"({"text": "where is my order?", "channel": "chat"})";

class ServerHardeningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_ = testing::LoadFixturePack(dir_);
    ASSERT_NE(pack_, nullptr);
    service_ = std::make_unique<SupportService>(pack_, &store_, &clock_);
  }
  // The options of each test: small enough to reach every limit quickly.
  static HttpOptions Small() {
    HttpOptions o;
    o.max_body_bytes = 64 << 10;
    o.workers = 4;
    o.max_connections = 16;
    o.read_timeout_seconds = 5;
    return o;
  }
  testing::LoopbackServer& Start(HttpOptions options = Small()) {
    server_ = std::make_unique<testing::LoopbackServer>(service_.get(), options);
    return *server_;
  }
  // The request line and headers of an API call, with the fixture's key.
  std::string PostHead() const {
    return "POST /v1/messages HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + server_->api_token() + "\r\n";
  }
  // The server still answers an ordinary request.
  void ExpectServes() {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_default_headers({{"Authorization", "Bearer " + server_->api_token()}});
    auto r = client.Post("/v1/messages", kMessage, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
  }

  testing::TempDir dir_;
  std::shared_ptr<const CompiledPack> pack_;
  MemoryConversationStore store_;
  SystemClock clock_;
  std::unique_ptr<SupportService> service_;
  std::unique_ptr<testing::LoopbackServer> server_;
};

TEST_F(ServerHardeningTest, ChunkedBodyWithinTheLimitIsDecided) {
  auto& server = Start();
  RawSocket s(server.port());
  ASSERT_TRUE(s.Send(PostHead() + "Content-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n" + Chunked(kMessage, 7)));
  std::string r = s.ReadResponse();
  ASSERT_EQ(StatusOf(r), 200) << r;
  EXPECT_EQ(nlohmann::json::parse(BodyOf(r))["intent"], "order.status");
}

TEST_F(ServerHardeningTest, ChunkedBodyOverTheLimitIs413AndTheServerStillServes) {
  auto& server = Start();
  RawSocket s(server.port());
  std::string text(200 << 10, 'a');  // 200 KiB against a 64 KiB limit
  s.Send(PostHead() + "Content-Type: application/json\r\n"
         "Transfer-Encoding: chunked\r\n\r\n" + Chunked(R"({"text": ")" + text + "\"}", 4096));
  std::string r = s.ReadResponse();
  EXPECT_EQ(StatusOf(r), 413) << r.substr(0, 300);
  EXPECT_EQ(ErrorCode(BodyOf(r)), "payload_too_large");
  EXPECT_THAT(r, ::testing::HasSubstr("Connection: close"));
  ExpectServes();
}

TEST_F(ServerHardeningTest, CompressedBodiesAreRefusedWith415) {
  auto& server = Start();
  for (const char* encoding : {"gzip", "br", "deflate", "x-unknown"}) {
    httplib::Client client("127.0.0.1", server.port());
    client.set_default_headers({{"Authorization", "Bearer " + server_->api_token()}});
    // The bytes need not be valid: the body is refused before it is read.
    auto r = client.Post("/v1/messages", {{"Content-Encoding", encoding}}, std::string(1000, 'x'),
                         "application/json");
    ASSERT_TRUE(r) << encoding;
    EXPECT_EQ(r->status, 415) << encoding;
    EXPECT_EQ(ErrorCode(r->body), "unsupported_media_type") << encoding;
  }
  ExpectServes();
}

TEST_F(ServerHardeningTest, FiftyMegabyteBodyIs413BeforeItIsSent) {
  auto& server = Start();
  RawSocket s(server.port());
  // Only the headers go out: the answer comes without the server reading,
  // let alone buffering, the body.
  ASSERT_TRUE(s.Send(PostHead() + "Content-Type: application/json\r\n"
                     "Content-Length: 52428800\r\n\r\n"));
  std::string r = s.ReadResponse();
  EXPECT_EQ(StatusOf(r), 413) << r;
  EXPECT_EQ(ErrorCode(BodyOf(r)), "payload_too_large");
  ExpectServes();
}

TEST_F(ServerHardeningTest, FiftyMegabyteBodyWithExpectContinueGets413InsteadOf100) {
  auto& server = Start();
  RawSocket s(server.port());
  ASSERT_TRUE(s.Send(PostHead() + "Content-Type: application/json\r\n"
                     "Content-Length: 52428800\r\nExpect: 100-continue\r\n\r\n"));
  std::string r = s.ReadResponse();
  EXPECT_EQ(StatusOf(r), 413) << r;
  EXPECT_EQ(ErrorCode(BodyOf(r)), "payload_too_large");
}

TEST_F(ServerHardeningTest, FiftyMegabyteBodyFromHttplibsClientIs413) {
  auto& server = Start();
  httplib::Client client("127.0.0.1", server.port());
  client.set_default_headers({{"Authorization", "Bearer " + server_->api_token()}});
  auto r = client.Post("/v1/messages", std::string(50 << 20, 'x'), "application/json");
  // The server answers before the body and drops the rest unread; the client
  // either reads the 413 or sees the connection end while still writing.
  if (r) {
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(ErrorCode(r->body), "payload_too_large");
  }
  ExpectServes();
}

TEST_F(ServerHardeningTest, PostWithoutLengthHasAnEmptyBodyAndDoesNotWait) {
  auto& server = Start();
  RawSocket s(server.port());
  ASSERT_TRUE(s.Send(PostHead() + "\r\n"));
  std::string r = s.ReadResponse();
  EXPECT_EQ(StatusOf(r), 400) << r;
  EXPECT_EQ(ErrorCode(BodyOf(r)), "invalid_argument");
}

TEST_F(ServerHardeningTest, FloodFromOneAddressGets429ThenRecovers) {
  HttpOptions o = Small();
  o.rate_limit_per_second = 5;
  o.rate_limit_burst = 5;
  auto& server = Start(o);
  httplib::Client client("127.0.0.1", server.port());
  client.set_default_headers({{"Authorization", "Bearer " + server_->api_token()}});
  int ok = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 30; ++i) {
    auto r = client.Post("/v1/messages", kMessage, "application/json");
    ASSERT_TRUE(r);
    if (r->status == 200) ++ok;
    if (r->status == 429) {
      ++limited;
      retry_after = r->get_header_value("Retry-After");
      EXPECT_EQ(ErrorCode(r->body), "rate_limited");
    }
  }
  EXPECT_GE(ok, 5);
  EXPECT_GE(limited, 1);
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GE(std::stoi(retry_after), 1);
  // After Retry-After the address is served again.
  std::this_thread::sleep_for(std::chrono::seconds(std::stoi(retry_after)) + milliseconds(200));
  auto r = client.Post("/v1/messages", kMessage, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(ServerHardeningTest, IdleConnectionsMakeRoomForOthers) {
  HttpOptions o = Small();
  o.workers = 2;
  o.read_timeout_seconds = 60;  // only the crowding rule can free the workers
  auto& server = Start(o);
  RawSocket idle1(server.port()), idle2(server.port());  // both workers, saying nothing
  ASSERT_TRUE(idle1.connected() && idle2.connected());
  std::this_thread::sleep_for(milliseconds(200));  // lets the workers take them
  ExpectServes();
}

TEST_F(ServerHardeningTest, ConnectionsOverTheCapGet503WithoutAWorker) {
  HttpOptions o = Small();
  o.workers = 2;
  o.max_connections = 3;
  o.read_timeout_seconds = 60;
  auto& server = Start(o);
  std::vector<std::unique_ptr<RawSocket>> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(std::make_unique<RawSocket>(server.port()));
  std::this_thread::sleep_for(milliseconds(200));  // lets the accept loop count them
  RawSocket over(server.port());
  std::string r = over.ReadResponse();
  EXPECT_EQ(StatusOf(r), 503) << r;
  EXPECT_EQ(ErrorCode(BodyOf(r)), "unavailable");
  EXPECT_THAT(r, ::testing::HasSubstr("Retry-After: 1"));
  idle.clear();  // the slow clients leave: the server serves again
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    httplib::Client client("127.0.0.1", server.port());
    client.set_default_headers({{"Authorization", "Bearer " + server_->api_token()}});
    auto h = client.Get("/healthz");
    status = h ? h->status : 0;
    if (status != 200) std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServerHardeningTest, SlowHeadersGet408AtTheDeadline) {
  HttpOptions o = Small();
  o.read_timeout_seconds = 1;
  auto& server = Start(o);
  RawSocket s(server.port());
  // A slowloris: a header line now and then, never the blank line.
  ASSERT_TRUE(s.Send(PostHead() + ""));
  std::string r;
  for (int i = 0; i < 40 && r.empty(); ++i) {
    s.Send("X-Slow: " + std::to_string(i) + "\r\n");
    r = s.ReadResponse(milliseconds(100));
  }
  EXPECT_EQ(StatusOf(r), 408) << r;
  EXPECT_EQ(ErrorCode(BodyOf(r)), "request_timeout");
  ExpectServes();
}

TEST_F(ServerHardeningTest, SilentRequestLineGets408) {
  HttpOptions o = Small();
  o.read_timeout_seconds = 1;
  auto& server = Start(o);
  RawSocket s(server.port());
  ASSERT_TRUE(s.Send("GET /heal"));
  std::string r = s.ReadResponse();
  EXPECT_EQ(StatusOf(r), 408) << r;
  EXPECT_EQ(ErrorCode(BodyOf(r)), "request_timeout");
}

TEST_F(ServerHardeningTest, HugeHeadersGet431) {
  auto& server = Start();
  RawSocket s(server.port());
  std::string headers;
  for (int i = 0; i < 2000; ++i) headers += "X-H" + std::to_string(i) + ": " + std::string(60, 'v') + "\r\n";
  s.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n");
  std::string r = s.ReadResponse();
  EXPECT_EQ(StatusOf(r), 431) << r.substr(0, 300);
  EXPECT_EQ(ErrorCode(BodyOf(r)), "headers_too_large");
  ExpectServes();
}

TEST_F(ServerHardeningTest, KeepAliveServes200RequestsOnOneConnection) {
  auto& server = Start();
  RawSocket s(server.port());
  const std::string body = kMessage;
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(s.Send(PostHead() + "Content-Type: application/json\r\n"
                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body))
        << "request " << i;
    std::string r = s.ReadResponse();
    ASSERT_EQ(StatusOf(r), 200) << "request " << i << ": " << r;
    ASSERT_THAT(r, ::testing::Not(::testing::HasSubstr("Connection: close")));
    EXPECT_EQ(nlohmann::json::parse(BodyOf(r))["route"], "ask");
  }
}

TEST_F(ServerHardeningTest, KeepAliveCountClosesAfterTheLastRequest) {
  HttpOptions o = Small();
  o.keep_alive_requests = 3;
  auto& server = Start(o);
  RawSocket s(server.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
    std::string r = s.ReadResponse();
    ASSERT_EQ(StatusOf(r), 200) << r;
    EXPECT_EQ(r.find("Connection: close") != std::string::npos, i == 2) << "request " << i;
  }
  char c;
  EXPECT_EQ(::recv(s.fd(), &c, 1, 0), 0);  // closed by the server
}

TEST_F(ServerHardeningTest, HttplibKeepAliveClientDoes200Requests) {
  auto& server = Start();
  httplib::Client client("127.0.0.1", server.port());
  client.set_default_headers({{"Authorization", "Bearer " + server_->api_token()}});
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // else the client's own Nagle delays each request
  for (int i = 0; i < 200; ++i) {
    auto r = client.Post("/v1/messages", kMessage, "application/json");
    ASSERT_TRUE(r) << i;
    ASSERT_EQ(r->status, 200) << r->body;
  }
}

// The kernel completes a connection's handshake and queues it until the
// server accepts it, up to the listen backlog; past it, SYNs are dropped and
// clients resend them after 1, 3, 7 ... seconds. A server that is bound but
// not yet accepting shows the backlog: 200 connections at once must all be
// queued (with the 5 of Debian's libcpp-httplib, 6 were).
TEST_F(ServerHardeningTest, ABurstOfConnectionsIsQueuedNotDropped) {
  HttpServer server(service_.get(), Small());
  int port = server.Bind("127.0.0.1", 0);
  ASSERT_GT(port, 0);
  constexpr int kBurst = 200;
  std::vector<int> fds;
  for (int i = 0; i < kBurst; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS
    fds.push_back(fd);
  }
  // Loopback handshakes finish at once when queued; 500 ms is a bound for a
  // slow machine, well under the 1 s after which a dropped SYN is resent.
  int connected = 0;
  auto deadline = std::chrono::steady_clock::now() + milliseconds(500);
  for (int fd : fds) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(std::max<long>(0, left.count()))) == 1) {
      int error = 0;
      socklen_t len = sizeof error;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
      if (error == 0) ++connected;
    }
  }
  for (int fd : fds) ::close(fd);
  EXPECT_EQ(connected, kBurst);
}

// SIGTERM on a real `frontdesk serve`: a request whose body is still
// arriving when the signal comes is answered, then the process exits 0.
TEST_F(ServerHardeningTest, SigtermFinishesTheRequestInFlightThenExitsZero) {
  dir_.Write("frontdesk.yaml", std::string(testing::kFixtureConfig) + "store: {path: turns.db}\n");
  const std::string key = testing::AddApiKey((dir_.path() / "frontdesk.yaml").string(), "sigterm");
  testing::ServeProcess serve;
  ASSERT_TRUE(serve.Start((dir_.path() / "frontdesk.yaml").string()));
  RawSocket s(serve.port());
  const std::string body = kMessage;
  const std::string head = "POST /v1/messages HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + key +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n";
  // A whole first request: its answer proves a worker holds the connection
  // (with a thousand workers starting, a fixed wait would not).
  ASSERT_TRUE(s.Send(head + body));
  ASSERT_EQ(StatusOf(s.ReadResponse()), 200);
  size_t half = body.size() / 2;
  ASSERT_TRUE(s.Send(head + body.substr(0, half)));
  std::this_thread::sleep_for(milliseconds(200));  // lets a worker start reading it
  serve.Signal(SIGTERM);
  ASSERT_TRUE(serve.WaitForLog("frontdesk: stopping"));
  ASSERT_TRUE(s.Send(body.substr(half)));
  std::string r = s.ReadResponse();
  ASSERT_EQ(StatusOf(r), 200) << r;
  EXPECT_EQ(nlohmann::json::parse(BodyOf(r))["intent"], "order.status");
  char c;
  EXPECT_EQ(::recv(s.fd(), &c, 1, 0), 0);  // then the server closes the connection
  EXPECT_EQ(serve.Stop(), 0);
  EXPECT_TRUE(serve.WaitForLog("frontdesk: stopped", 1, 1000));
}

}  // namespace
}  // namespace frontdesk
