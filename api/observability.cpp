#include "api/observability.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>

namespace covermap::api {
namespace {

// Label values escaped as the text format wants (backslash, quote, newline).
std::string escape(const std::string& v) {
    std::string out;
    for (const char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string number(double v) {
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", v);
    return buffer;
}

}  // namespace

std::string prometheus_line(const std::string& name, const std::string& labels, double value) {
    return name + (labels.empty() ? "" : "{" + labels + "}") + " " + number(value) + "\n";
}

std::string prometheus_header(const std::string& name, const std::string& type, const std::string& help) {
    return "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void server_metrics::record(const request_record& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[{r.route, r.method, r.status}];
    auto& h = latency_[r.route];
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (r.seconds <= buckets[i]) ++h.counts[i];
    }
    ++h.count;
    h.sum += r.seconds;
    bytes_[r.route] += static_cast<long long>(r.bytes);
    if (r.method == "POST" && r.route == "/api/imports/registry") {
        ++imports_[r.status == 201 ? "imported" : r.status >= 500 ? "failed" : "rejected"];
    }
}

std::string server_metrics::render() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out = prometheus_header("covermap_http_requests_total", "counter", "HTTP requests answered, by route template, method and status.");
    for (const auto& [key, n] : requests_) {
        const auto& [route, method, status] = key;
        out += prometheus_line("covermap_http_requests_total",
                               "route=\"" + escape(route) + "\",method=\"" + method + "\",status=\"" + std::to_string(status) + "\"", static_cast<double>(n));
    }
    out += prometheus_header("covermap_http_request_duration_seconds", "histogram", "Time from the request read to the last byte handed to the socket.");
    for (const auto& [route, h] : latency_) {
        const std::string r = "route=\"" + escape(route) + "\"";
        for (std::size_t i = 0; i < buckets.size(); ++i) {
            out += prometheus_line("covermap_http_request_duration_seconds_bucket", r + ",le=\"" + number(buckets[i]) + "\"", static_cast<double>(h.counts[i]));
        }
        out += prometheus_line("covermap_http_request_duration_seconds_bucket", r + ",le=\"+Inf\"", static_cast<double>(h.count));
        out += prometheus_line("covermap_http_request_duration_seconds_sum", r, h.sum);
        out += prometheus_line("covermap_http_request_duration_seconds_count", r, static_cast<double>(h.count));
    }
    out += prometheus_header("covermap_http_response_bytes_total", "counter", "Body bytes sent, by route template.");
    for (const auto& [route, n] : bytes_) out += prometheus_line("covermap_http_response_bytes_total", "route=\"" + escape(route) + "\"", static_cast<double>(n));
    out += prometheus_header("covermap_registry_imports_total", "counter", "Registry uploads through this server, by outcome (imported, rejected, failed).");
    for (const char* outcome : {"imported", "rejected", "failed"}) {
        const auto it = imports_.find(outcome);
        out += prometheus_line("covermap_registry_imports_total", std::string("outcome=\"") + outcome + "\"",
                               it == imports_.end() ? 0.0 : static_cast<double>(it->second));
    }
    return out;
}

access_log::access_log(const std::string& target) {
    if (target.empty()) return;
    const std::string name = "access:" + target;
    logger_ = spdlog::get(name);
    if (!logger_) {
        logger_ = target == "-" ? spdlog::stdout_logger_mt(name) : spdlog::basic_logger_mt(name, target);
        logger_->set_pattern("%v");
        logger_->flush_on(spdlog::level::info);
    }
}

void access_log::write(const request_record& r) {
    if (!logger_) return;
    const auto now = std::chrono::system_clock::now();
    const auto t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[96];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec, static_cast<int>(ms));
    nlohmann::ordered_json line = {{"time", stamp},      {"client", r.client}, {"method", r.method}, {"path", r.path},
                           {"query", r.query},   {"route", r.route},   {"status", r.status}, {"bytes", r.bytes},
                           {"ms", std::round(r.seconds * 1e5) / 100}};
    if (!r.cache.empty()) line["cache"] = r.cache;
    logger_->info(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace covermap::api
