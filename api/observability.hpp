#pragma once
// What the server tells its operators: one access-log line per request (JSON, to stdout or a file)
// and the figures of GET /metrics in Prometheus text format (requests by route and status,
// latency histograms per route, bytes, registry imports, plus the caches and the pool, which the
// server adds when it renders).
#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace spdlog {
class logger;
}

namespace covermap::api {

struct request_record {
    std::string method, route, path, query, client;
    int status = 0;
    std::size_t bytes = 0;
    double seconds = 0;
    std::string cache;  // "hit", "miss" or empty
};

class server_metrics {
public:
    // Upper bounds of the latency histogram buckets, in seconds.
    static constexpr std::array<double, 12> buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

    void record(const request_record& r);
    // The request families in Prometheus text format (without the trailing gauges the server adds).
    std::string render() const;

private:
    struct histogram {
        std::array<long long, buckets.size()> counts{};
        long long count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, long long> requests_;  // route, method, status
    std::map<std::string, histogram> latency_;                                 // route
    std::map<std::string, long long> bytes_;                                   // route
    std::map<std::string, long long> imports_;                                 // outcome
};

// A Prometheus text sample line: name{labels} value.
std::string prometheus_line(const std::string& name, const std::string& labels, double value);
std::string prometheus_header(const std::string& name, const std::string& type, const std::string& help);

// The access log: "" off, "-" standard output, else a file (appended). One JSON object per line.
class access_log {
public:
    explicit access_log(const std::string& target);
    void write(const request_record& r);
    bool enabled() const { return static_cast<bool>(logger_); }

private:
    std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace covermap::api
