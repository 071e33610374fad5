// Operations: the access log and /metrics agree with the requests made; and a database outage on a
// cluster of the test's own (scripts/db.sh with COVERMAP_VAR_DIR): while PostGIS is down, requests
// that need it get 503 with Retry-After, cached tiles (and tiles from shapes in memory) are still
// served, /ready is 503 and /health
// 200; when it is back the same server answers again, without a restart.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>
#include <set>
#include <stdexcept>
#include <thread>

#include "api/api_keys.hpp"
#include "api/server.hpp"
#include "db/pool.hpp"
#include "core/error.hpp"
#include "registry/demo_registry.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

// GET on a raw socket, for requests libcurl will not send (targets over 8 MB, a request head over
// 1 MB): the answer's status and its Content-Length bytes of body. `extra` is header lines, each
// ending in CRLF.
http_response raw_get(int port, const std::string& target, const std::string& extra = {}) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        if (fd >= 0) close(fd);
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
    timeval timeout{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nConnection: close\r\n" + extra + "\r\n";
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // refused while it arrives: the answer is waiting
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    std::size_t expected = std::string::npos;
    char buffer[65536];
    while (raw.size() < expected) {
        const auto n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        raw.append(buffer, static_cast<std::size_t>(n));
        const auto end = raw.find("\r\n\r\n");
        std::string head = raw.substr(0, end);
        for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto length = head.find("\r\ncontent-length:");
        if (end != std::string::npos && length != std::string::npos) expected = end + 4 + std::stoul(raw.substr(length + 17));
    }
    close(fd);
    const auto end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || end == std::string::npos) throw std::runtime_error("no HTTP answer: " + raw.substr(0, 200));
    http_response r;
    r.status = std::stoi(raw.substr(9, 3));
    r.body = raw.substr(end + 4);
    return r;
}

using nlohmann::json;

// The value of one Prometheus sample ("name{labels} value"), or -1 when absent.
double sample(const std::string& metrics, const std::string& series) {
    const auto at = metrics.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(metrics.substr(at + series.size() + 2));
}

// A migrated database with the demo province, a temporary directory and an API key in dir/keys.
struct keyed_demo {
    std::string url, dir, key;
};
keyed_demo keyed_demo_database(const std::string& database, const std::string& dir_prefix) {
    keyed_demo d;
    d.url = migrated_database(database);
    const auto demo = run_covermap(d.url, {"demo", "--communes", "4"});
    EXPECT_EQ(demo.exit_code, 0) << demo.err;
    d.dir = temp_dir(dir_prefix);
    d.key = api::new_api_key();
    std::ofstream(d.dir + "/keys") << api::api_key_line("ops", d.key) << "\n";
    return d;
}

TEST(Operations, AccessLogAndMetricsCountEveryRequest) {
    const std::string url = migrated_database("covermap_test_operations");
    const auto demo = run_covermap(url, {"demo", "--communes", "4"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const std::string dir = temp_dir("covermap-operations");
    api::server_config config;
    config.database_url = url;
    config.access_log = dir + "/access.log";
    auto server = start_test_server(config);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(http_get(config.port, "/collections/communes/items?limit=2").status, 200);
    EXPECT_EQ(http_get(config.port, "/collections/communes/items?limit=zero").status, 400);
    EXPECT_EQ(http_get(config.port, "/no/such/thing").status, 404);
    const std::string tile = "/tiles/coverage/0/0/0.mvt";  // the whole world: the demo province is in it
    EXPECT_EQ(http_get(config.port, tile).status, 200);
    EXPECT_EQ(http_get(config.port, tile).headers.at("x-cache"), "hit");

    const auto m = http_get(config.port, "/metrics");
    ASSERT_EQ(m.status, 200);
    EXPECT_NE(m.headers.at("content-type").find("text/plain; version=0.0.4"), std::string::npos);
    const std::string& text = m.body;
    EXPECT_EQ(sample(text, R"(covermap_http_requests_total{route="/collections/:collection/items",method="GET",status="200"})"), 3);
    EXPECT_EQ(sample(text, R"(covermap_http_requests_total{route="/collections/:collection/items",method="GET",status="400"})"), 1);
    EXPECT_EQ(sample(text, R"x(covermap_http_requests_total{route="(unmatched)",method="GET",status="404"})x"), 1);
    EXPECT_EQ(sample(text, R"(covermap_http_request_duration_seconds_count{route="/collections/:collection/items"})"), 4);
    EXPECT_EQ(sample(text, R"(covermap_http_request_duration_seconds_bucket{route="/collections/:collection/items",le="+Inf"})"), 4);
    EXPECT_GE(sample(text, R"(covermap_tile_cache_requests_total{result="hit"})"), 1);
    EXPECT_GE(sample(text, R"(covermap_tile_cache_requests_total{result="miss"})"), 1);
    EXPECT_GT(sample(text, "covermap_tile_cache_bytes"), 0);
    EXPECT_EQ(sample(text, R"(covermap_db_connections{state="in_use"})"), 0);
    EXPECT_EQ(sample(text, "covermap_db_connections_max"), 3);  // two HTTP threads and the import thread
    EXPECT_GT(sample(text, "covermap_resident_memory_bytes"), 1e6);
    EXPECT_EQ(sample(text, R"(covermap_registry_imports_total{outcome="imported"})"), 0);
    EXPECT_EQ(sample(text, R"(covermap_import_jobs{state="waiting"})"), 0);
    EXPECT_EQ(http_get(config.port, "/metrics?x=1").status, 400);
    server.reset();

    // One JSON line per request, in order, with what the issue asks for.
    std::ifstream log(config.access_log);
    std::vector<json> lines;
    for (std::string line; std::getline(log, line);) lines.push_back(json::parse(line));
    ASSERT_EQ(lines.size(), 9u);
    EXPECT_EQ(lines[0]["method"], "GET");
    EXPECT_EQ(lines[0]["path"], "/collections/communes/items");
    EXPECT_EQ(lines[0]["query"], "limit=2");
    EXPECT_EQ(lines[0]["status"], 200);
    EXPECT_GT(lines[0]["bytes"].get<long long>(), 100);
    EXPECT_TRUE(lines[0]["ms"].is_number());
    EXPECT_EQ(lines[3]["status"], 400);
    EXPECT_EQ(lines[4]["route"], "(unmatched)");
    EXPECT_EQ(lines[5]["cache"], "miss");
    EXPECT_EQ(lines[6]["cache"], "hit");
    EXPECT_EQ(lines[7]["path"], "/metrics");
    shell("rm -rf " + dir);
}

// Limits and hostile input: every one a 4xx with a message, never a crash; the per-client rate
// limit on expensive routes; the cache purge needs an API key.
TEST(Operations, LimitsHostileInputAndTheKeyedCachePurge) {
    const keyed_demo demo = keyed_demo_database("covermap_test_operations_limits", "covermap-limits");
    const std::string &url = demo.url, &dir = demo.dir, &key = demo.key;
    api::server_config config;
    config.database_url = url;
    config.api_keys_file = dir + "/keys";
    config.max_bbox_deg2 = 100;
    auto server = start_test_server(config);
    int port = config.port;

    // 414 for long query strings: 9 KB from the endpoint's check; 100 KB and 10 MB refused by the
    // connection guard while they arrive (Pistache alone parsed a 10 MB line for minutes and never
    // answered); 431 for a 1 MB header. Then the server still answers.
    EXPECT_EQ(http_get(port, "/tiles?x=" + std::string(9 * 1024, 'a')).status, 414);
    EXPECT_EQ(http_get(port, "/tiles?x=" + std::string(100 * 1024, 'a')).status, 414);
    const auto huge = raw_get(port, "/tiles?x=" + std::string(10 * 1024 * 1024, 'a'));
    EXPECT_EQ(huge.status, 414);
    EXPECT_NE(json::parse(huge.body)["message"].get<std::string>().find("request line is longer"), std::string::npos) << huge.body;
    EXPECT_EQ(raw_get(port, "/health", "X-Padding: " + std::string(1024 * 1024, 'p') + "\r\n").status, 431);
    EXPECT_NE(http_get(port, "/metrics").body.find("route=\"(refused)\""), std::string::npos);
    for (const std::string target :
         {"/tiles/coverage/-1/0/0.mvt", "/tiles/coverage/99999999999999999999/0/0.mvt", "/tiles/coverage/3/9/1.mvt",
          "/tiles/coverage/3/1/1.png", "/tiles/coverage/3/..%2F..%2F/1.mvt", "/tiles/coverage.json?edition=%27%3B%20DROP%20TABLE%20edition%3B--",
          "/static/..%2F..%2Fetc%2Fpasswd", "/api/stats/summary?as_of=2025-02-30", "/api/units?level=commune&limit=-1",
          "/collections/communes/items?bbox=100,0,120,20", "/collections/communes/items?offset=1e30",
          "/collections/communes/items?datetime=%F0%9F%92%A3", "/api/search?q=%00",
          // Not UTF-8 (these were 500s until fuzz/names_fuzz showed the normaliser refusing them).
          "/api/search?q=%FF%FE", "/collections/communes/items?name=%C3", "/api/units?parent_code=%80"}) {
        const auto r = http_get(port, target);
        EXPECT_GE(r.status, 400) << target;
        EXPECT_LT(r.status, 500) << target << ": " << r.body;
        EXPECT_FALSE(json::parse(r.body)["message"].get<std::string>().empty()) << target;
    }
    EXPECT_NE(http_get(port, "/collections/communes/items?bbox=100,0,120,20").body.find("square degrees"), std::string::npos);
    EXPECT_EQ(http_get(port, "/collections/communes/items?bbox=100,0,105,5").status, 200);  // 25 square degrees
    EXPECT_EQ(http_get(port, "/api/editions").status, 200);  // the server is still there

    // The purge: refused without a key (401) or with a wrong one (403); with one it empties the caches.
    EXPECT_EQ(http_get(port, "/tiles/coverage/0/0/0.mvt").status, 200);
    EXPECT_EQ(http_request(port, "POST", "/api/cache/purge").status, 401);
    EXPECT_EQ(http_request(port, "POST", "/api/cache/purge", {{"Authorization", "Bearer nope"}}).status, 403);
    const auto purge = http_request(port, "POST", "/api/cache/purge", {{"Authorization", "Bearer " + key}});
    ASSERT_EQ(purge.status, 200) << purge.body;
    EXPECT_GE(json::parse(purge.body)["purged"]["tiles"].get<long long>(), 1);
    EXPECT_EQ(sample(http_get(port, "/metrics").body, "covermap_tile_cache_entries"), 0);
    EXPECT_EQ(http_get(port, "/tiles/coverage/0/0/0.mvt").headers.at("x-cache"), "miss");
    server.reset();

    // The rate limit: five at once per client on expensive routes, then 429 with Retry-After;
    // cheap routes are not counted.
    config.rate_limit_per_minute = 60;
    config.rate_limit_burst = 5;
    server = start_test_server(config);
    port = config.port;
    int ok = 0, limited = 0;
    std::string retry;
    for (int i = 0; i < 8; ++i) {
        // X-Forwarded-For from a peer that is not a trusted proxy changes nothing.
        const auto r = http_request(port, "GET", "/collections/communes/items?limit=1", {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
        ok += r.status == 200;
        if (r.status == 429) {
            ++limited;
            retry = r.headers.at("retry-after");
            EXPECT_EQ(json::parse(r.body)["code"], "too_many_requests");
        }
    }
    EXPECT_EQ(ok, 5);
    EXPECT_EQ(limited, 3);
    EXPECT_EQ(retry, "1");
    for (int i = 0; i < 20; ++i) EXPECT_EQ(http_get(port, "/health").status, 200);
    EXPECT_EQ(http_get(port, "/tiles/coverage/0/0/0.mvt").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_EQ(http_get(port, "/collections/communes/items?limit=1").status, 200);  // a token again
    server.reset();

    // Behind a trusted proxy every client is limited on its own, by its X-Forwarded-For address.
    config.rate_limit_burst = 1;
    config.trusted_proxies = {"127.0.0.0/8"};
    server = start_test_server(config);
    port = config.port;
    auto from = [&](const std::string& client) {
        return http_request(port, "GET", "/api/units?level=commune&limit=1", {{"X-Forwarded-For", client + ", 127.0.0.1"}});
    };
    EXPECT_EQ(from("203.0.113.7").status, 200);
    const auto again = from("203.0.113.7");
    EXPECT_EQ(again.status, 429);
    EXPECT_NE(again.body.find("from 203.0.113.7 "), std::string::npos) << again.body;
    EXPECT_EQ(from("203.0.113.8").status, 200);
    EXPECT_EQ(from("2001:db8::8").status, 200);
    // /metrics: loopback reads it; a client from outside (through the proxy) needs a key.
    EXPECT_EQ(http_get(port, "/metrics").status, 200);
    EXPECT_EQ(http_request(port, "GET", "/metrics", {{"X-Forwarded-For", "203.0.113.9"}}).status, 401);
    EXPECT_EQ(http_request(port, "GET", "/metrics", {{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", "Bearer nope"}}).status, 403);
    EXPECT_EQ(http_request(port, "GET", "/metrics", {{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", "Bearer " + key}}).status, 200);
    server.reset();
    config.trusted_proxies = {"localhost"};
    EXPECT_THROW(start_test_server(config), config_error);
    shell("rm -rf " + dir);
}

// A request stuck behind a lock ends at the statement timeout with a 504 (Retry-After), and the
// server answers normally once the lock is gone; with every connection busy, the pool gives up
// after its bounded wait (a db_error, which the server answers with 503 as the outage test shows).
TEST(Operations, SlowQueriesAndABusyPoolEndInBoundedTime) {
    const std::string url = migrated_database("covermap_test_operations_slow");
    const auto demo = run_covermap(url, {"demo", "--communes", "4"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    api::server_config config;
    config.database_url = url;
    config.statement_timeout_ms = 400;
    config.pool_wait_ms = 150;
    config.db_connections = 1;
    auto server = start_test_server(config);
    ASSERT_EQ(http_get(config.port, "/collections/communes/items").status, 200);  // connected, catalogue read

    auto locker = db::connect(url, "covermap tests");
    pqxx::work lock(*locker);
    lock.exec("LOCK TABLE admin_unit IN ACCESS EXCLUSIVE MODE");
    const auto t0 = std::chrono::steady_clock::now();
    const auto slow = http_get(config.port, "/collections/communes/items?limit=3");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(slow.status, 504) << slow.body;
    EXPECT_EQ(json::parse(slow.body)["code"], "timeout");
    EXPECT_EQ(slow.headers.at("retry-after"), "5");
    EXPECT_GE(seconds, 0.35);
    EXPECT_LT(seconds, 3.0);
    EXPECT_EQ(http_get(config.port, "/api/units?level=commune").status, 504);
    lock.abort();
    EXPECT_EQ(http_get(config.port, "/collections/communes/items?limit=3").status, 200);
    EXPECT_EQ(http_get(config.port, "/api/units?level=commune").status, 200);

    // Every connection busy: the next request waits the pool's bounded time, then gets a 503.
    db::pool pool(url, 1, "covermap tests", {}, std::chrono::milliseconds(150));
    auto held = pool.acquire();
    const auto w0 = std::chrono::steady_clock::now();
    EXPECT_THROW(pool.acquire(), db_error);
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    EXPECT_GE(waited, 0.14);
    EXPECT_LT(waited, 1.0);
    EXPECT_EQ(pool.stats().busy_timeouts, 1);
    EXPECT_EQ(pool.stats().in_use, 1u);
}

// SIGKILL in the middle of a registry import (its transaction open, rows being written): nothing
// of it is visible afterwards, the previous data is exactly as it was, and the same import then
// runs to completion.
TEST(Operations, AnImportKilledHalfWayLeavesThePreviousDataIntact) {
    const std::string url = migrated_database("covermap_test_operations_kill");
    const auto demo = run_covermap(url, {"demo", "--communes", "16"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const std::string dir = temp_dir("covermap-kill");
    std::string edition;
    {
        auto conn = db::connect(url, "covermap tests");
        edition = pqxx::read_transaction(*conn).exec1("SELECT name FROM edition")[0].as<std::string>();
        registry::write_demo_registry(*conn, edition, 2030, 7, dir + "/small.csv");
    }
    // The demo registry's rows repeated to ~150,000: long enough to be killed in the middle.
    std::ifstream small(dir + "/small.csv");
    std::string header, line;
    std::getline(small, header);
    std::vector<std::string> rows;
    while (std::getline(small, line)) rows.push_back(line);
    ASSERT_FALSE(rows.empty());
    {
        std::ofstream big(dir + "/big.csv");
        big << header << '\n';
        for (std::size_t n = 0; n < 150000; ++n) big << rows[n % rows.size()] << '\n';
    }
    const std::string before = fingerprint(url);
    auto active = [&](const std::string& condition) {
        auto conn = db::connect(url, "covermap tests");
        return pqxx::read_transaction(*conn)
            .exec1("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'covermap import' AND " + condition)[0]
            .as<int>();
    };
    const int pid = start_covermap({"--database", url, "import", "registry", dir + "/big.csv", "--edition", edition, "--as-of", "2030-12-31"},
                                   dir + "/import.log");
    bool open = false;
    for (int i = 0; i < 600 && !open; ++i) {
        open = active("xact_start IS NOT NULL") > 0;
        if (!open) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(open) << "the import never opened its transaction";
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed: make the file bigger";
    // PostgreSQL notices the client is gone and rolls its transaction back.
    for (int i = 0; i < 300 && active("true") > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(active("true"), 0);
    EXPECT_EQ(fingerprint(url), before);
    {
        auto conn = db::connect(url, "covermap tests");
        pqxx::read_transaction tx(*conn);
        EXPECT_EQ(tx.exec1("SELECT count(*) FROM registry_import WHERE as_of = '2030-12-31'")[0].as<int>(), 0);
        EXPECT_EQ(tx.exec1("SELECT count(*) FROM coverage WHERE as_of = '2030-12-31'")[0].as<int>(), 0);
    }
    const auto again = run_covermap(url, {"import", "registry", dir + "/small.csv", "--edition", edition, "--as-of", "2030-12-31"});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(fingerprint(url), before);
    shell("rm -rf " + dir);
}

// A registry upload runs on the import thread, not on an HTTP worker: with a single worker, other
// requests (with and without the database) are answered while an import waits for its snapshot
// lock, which the test holds; the upload is answered when the lock is released.
TEST(Operations, AnUploadDoesNotHoldAnHttpWorker) {
    const keyed_demo demo = keyed_demo_database("covermap_test_operations_upload", "covermap-upload");
    const std::string &url = demo.url, &dir = demo.dir, &key = demo.key;
    auto conn = db::connect(url, "covermap tests");
    const std::string edition = pqxx::read_transaction(*conn).exec1("SELECT name FROM edition")[0].as<std::string>();
    registry::write_demo_registry(*conn, edition, 2031, 3, dir + "/teams.csv");
    std::ifstream file(dir + "/teams.csv");
    const std::string csv((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    api::server_config config;
    config.database_url = url;
    config.api_keys_file = dir + "/keys";
    config.threads = 1;
    auto server = start_test_server(config);
    const int port = config.port;

    pqxx::work lock(*conn);
    lock.exec("SELECT pg_advisory_xact_lock(hashtext('covermap registry ' || id::text || ' ' || '2031-06-30')) FROM edition");
    auto upload = std::async(std::launch::async, [&] {
        return http_request(port, "POST", "/api/imports/registry?edition=" + edition + "&as_of=2031-06-30",
                            {{"Authorization", "Bearer " + key}}, csv);
    });
    auto waiting = [&] {
        auto c = db::connect(url, "covermap tests");
        return pqxx::read_transaction(*c).exec1("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")[0].as<int>();
    };
    for (int i = 0; i < 500 && waiting() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(waiting(), 1) << "the upload never reached its snapshot lock";
    EXPECT_EQ(http_get(port, "/health").status, 200);
    EXPECT_EQ(http_get(port, "/api/editions").status, 200);
    EXPECT_EQ(http_get(port, "/tiles/coverage/0/0/0.mvt").status, 200);
    const std::string metrics = http_get(port, "/metrics").body;
    EXPECT_EQ(sample(metrics, R"(covermap_import_jobs{state="running"})"), 1) << metrics;
    EXPECT_EQ(upload.wait_for(std::chrono::seconds(0)), std::future_status::timeout);  // still waiting for the lock
    lock.commit();
    const auto created = upload.get();
    EXPECT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(sample(http_get(port, "/metrics").body, R"(covermap_import_jobs{state="running"})"), 0);
    shell("rm -rf " + dir);
}

TEST(Operations, SurvivesADatabaseOutageAndRecoversWithoutARestart) {
    const std::string var = temp_dir("covermap-outage");
    const int pg_port = free_port();
    const std::string db_sh = "COVERMAP_VAR_DIR=" + var + " COVERMAP_PG_PORT=" + std::to_string(pg_port) + " " +
                              std::string(COVERMAP_SOURCE_DIR) + "/scripts/db.sh";
    ASSERT_EQ(shell(db_sh + " start >/dev/null"), 0);
    const std::string url = "postgresql://covermap@/covermap?host=" + var + "/run&port=" + std::to_string(pg_port);
    const auto demo = run_covermap(url, {"demo", "--communes", "4"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    api::server_config config;
    config.database_url = url;
    auto server = start_test_server(config);
    const std::string tile = "/tiles/coverage/0/0/0.mvt";
    ASSERT_EQ(http_get(config.port, tile).status, 200);
    ASSERT_EQ(http_get(config.port, "/collections/communes/items").status, 200);
    ASSERT_EQ(http_get(config.port, "/ready").status, 200);

    ASSERT_EQ(shell(db_sh + " stop 2>/dev/null"), 0);
    const auto cached = http_get(config.port, tile);
    EXPECT_EQ(cached.status, 200) << "a cached tile is served without the database: " << cached.body;
    EXPECT_EQ(cached.headers.at("x-cache"), "hit");
    // A tile not cached but built from shapes the engine already holds is served too.
    EXPECT_EQ(http_get(config.port, "/tiles/coverage/1/1/0.mvt").status / 100, 2);
    for (const std::string target : {"/collections/communes/items", "/api/stats/summary", "/ready", "/collections", "/api/units?level=commune"}) {
        const auto r = http_get(config.port, target);
        EXPECT_EQ(r.status, 503) << target << ": " << r.body;
        EXPECT_EQ(r.headers.count("retry-after") ? r.headers.at("retry-after") : "", "5") << target;
        EXPECT_EQ(json::parse(r.body)["code"], "unavailable") << target;
    }
    EXPECT_EQ(http_get(config.port, "/health").status, 200);

    ASSERT_EQ(shell(db_sh + " start >/dev/null"), 0);
    int ready = 0;
    for (int i = 0; i < 100 && ready != 200; ++i) {
        ready = http_get(config.port, "/ready").status;
        if (ready != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(ready, 200);
    EXPECT_EQ(http_get(config.port, "/collections/communes/items").status, 200);
    EXPECT_EQ(http_get(config.port, "/tiles/coverage/1/1/0.mvt").status / 100, 2);
    server.reset();
    shell(db_sh + " stop 2>/dev/null");
    shell("rm -rf " + var);
}

}  // namespace
}  // namespace covermap::testing
