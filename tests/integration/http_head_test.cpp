// HEAD answers carry the Content-Length their GET would have and no body, read off a raw
// keep-alive connection (the next answer on it must start right after the head).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "api/server.hpp"
#include "boundaries/demo.hpp"
#include "db/pool.hpp"
#include "core/text.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

// One persistent connection; requests go one at a time and answers are read as raw bytes.
class raw_connection {
public:
    explicit raw_connection(int port) : port_(port), fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("cannot connect to port " + std::to_string(port));
        }
    }
    ~raw_connection() { close(fd_); }
    raw_connection(const raw_connection&) = delete;
    raw_connection& operator=(const raw_connection&) = delete;

    void request(const std::string& method, const std::string& target, const std::string& extra_headers = {}) {
        // The Host of http_request's: links in the bodies are built from it.
        const std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) + "\r\n" + extra_headers + "\r\n";
        ASSERT_EQ(send(fd_, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
    }

    // The next answer's head (status line and headers, without the blank line); what follows it
    // stays buffered.
    std::string head() {
        while (buffer_.find("\r\n\r\n") == std::string::npos) {
            if (!receive(std::chrono::seconds(30))) throw std::runtime_error("no complete head: " + buffer_);
        }
        const auto end = buffer_.find("\r\n\r\n");
        std::string out = buffer_.substr(0, end);
        buffer_.erase(0, end + 4);
        return out;
    }

    // Every byte that arrives within `wait` beyond what was read.
    std::string rest(std::chrono::milliseconds wait) {
        while (receive(wait)) {
        }
        return std::exchange(buffer_, std::string());
    }

    // Exactly n more bytes.
    std::string bytes(std::size_t n) {
        while (buffer_.size() < n) {
            if (!receive(std::chrono::seconds(30))) throw std::runtime_error("the body ended short");
        }
        std::string out = buffer_.substr(0, n);
        buffer_.erase(0, n);
        return out;
    }

private:
    bool receive(std::chrono::milliseconds wait) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
        char chunk[65536];
        const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int port_;
    int fd_;
    std::string buffer_;
};

// The value of a header in a raw head (names compared case-insensitively), "" when absent.
std::string header_of(const std::string& head, const std::string& name) {
    const std::string lower = core::ascii_lower(head);
    const auto at = lower.find("\r\n" + core::ascii_lower(name) + ":");
    if (at == std::string::npos) return {};
    const auto start = head.find_first_not_of(' ', at + 2 + name.size() + 1);
    return head.substr(start, head.find("\r\n", start) - start);
}

class HttpHead : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_http_head"));
        auto conn = db::connect(*url_, "covermap tests");
        boundaries::build_demo(*conn, {"demo", 42, 10, 6});
        api::server_config config;
        config.database_url = *url_;
        config.web_dir = std::string(COVERMAP_SOURCE_DIR) + "/web";
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        delete url_;
    }

    // HEAD of `target` on a kept-alive connection: the GET's status, headers and length, no body,
    // and the connection still in step (a GET after it is answered whole).
    static void expect_head_like_get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
        SCOPED_TRACE(target);
        const auto get = http_request(port_, "GET", target, headers);
        std::string extra;
        for (const auto& [name, value] : headers) extra += name + ": " + value + "\r\n";
        raw_connection c(port_);
        c.request("HEAD", target, extra);
        const std::string head = c.head();
        EXPECT_EQ(head.substr(0, 12), "HTTP/1.1 " + std::to_string(get.status)) << head;
        EXPECT_EQ(header_of(head, "Content-Length"), std::to_string(get.body.size())) << head;
        EXPECT_EQ(core::ascii_lower(head).find("content-length:"), core::ascii_lower(head).rfind("content-length:")) << head;
        EXPECT_EQ(header_of(head, "Transfer-Encoding"), "") << head;
        EXPECT_EQ(header_of(head, "Content-Type"), get.headers.at("content-type"));
        if (get.headers.count("etag")) {
            EXPECT_EQ(header_of(head, "ETag"), get.headers.at("etag"));
        }
        EXPECT_EQ(c.rest(std::chrono::milliseconds(300)), "") << "HEAD sent a body";
        c.request("GET", target, extra);
        const std::string next = c.head();
        EXPECT_EQ(next.substr(0, 12), "HTTP/1.1 " + std::to_string(get.status)) << next;
        if (header_of(next, "Transfer-Encoding").empty()) {
            EXPECT_EQ(c.bytes(get.body.size()), get.body);
            EXPECT_EQ(c.rest(std::chrono::milliseconds(100)), "");
        }
    }

    static std::string* url_;
    static api::server* server_;
    static int port_;
};

std::string* HttpHead::url_ = nullptr;
api::server* HttpHead::server_ = nullptr;
int HttpHead::port_ = 0;

TEST_F(HttpHead, TileHasTheLengthOfItsGet) {
    const auto tile = http_get(port_, "/tiles/coverage/0/0/0.mvt");
    ASSERT_EQ(tile.status, 200);
    ASSERT_GT(tile.body.size(), 100u);
    expect_head_like_get("/tiles/coverage/0/0/0.mvt");
    expect_head_like_get("/tiles/coverage/0/0/0.mvt", {{"Accept-Encoding", "gzip"}});
    expect_head_like_get("/tiles/coverage.json");
}

// An items page is sent to a GET in chunks as it is built; HEAD builds it to count it.
TEST_F(HttpHead, ItemsPageHasTheLengthOfItsStreamedGet) {
    const auto page = http_get(port_, "/collections/communes/items?limit=5");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers.at("transfer-encoding"), "chunked");
    expect_head_like_get("/collections/communes/items?limit=5");
    expect_head_like_get("/collections/hamlets/items?limit=1000&f=json");
    expect_head_like_get("/collections/communes/items/1");
    expect_head_like_get("/api/units?level=commune&limit=3");
}

TEST_F(HttpHead, StaticFilesAndPagesHaveTheirLength) {
    expect_head_like_get("/static/app.js");
    expect_head_like_get("/vendor/maplibre-gl.css");
    expect_head_like_get("/vendor/maplibre-gl.js");
    expect_head_like_get("/", {{"Accept", "text/html"}});
    expect_head_like_get("/?f=json");
}

TEST_F(HttpHead, ErrorsHaveTheLengthOfTheirJson) {
    expect_head_like_get("/no/such/path");
    expect_head_like_get("/api/units?level=village");
    expect_head_like_get("/static/no-such-file.js");
}

// 204 and 304 have no content: no length, no body, and the connection stays in step.
TEST_F(HttpHead, NoContentAnswersHaveNoLength) {
    const auto get = http_get(port_, "/static/style.css");
    raw_connection c(port_);
    c.request("HEAD", "/static/style.css", "If-None-Match: " + get.headers.at("etag") + "\r\n");
    const std::string head = c.head();
    EXPECT_EQ(head.substr(0, 12), "HTTP/1.1 304") << head;
    EXPECT_EQ(header_of(head, "Content-Length"), "") << head;
    EXPECT_EQ(c.rest(std::chrono::milliseconds(200)), "");
    c.request("HEAD", "/tiles/coverage/14/0/0.mvt");
    const std::string empty = c.head();
    EXPECT_EQ(empty.substr(0, 12), "HTTP/1.1 204") << empty;
    EXPECT_EQ(header_of(empty, "Content-Length"), "") << empty;
    EXPECT_EQ(c.rest(std::chrono::milliseconds(200)), "");
}

}  // namespace
}  // namespace covermap::testing
