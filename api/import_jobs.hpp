#pragma once
// Registry uploads that do not wait: a job per upload, queued on the import thread, with a status
// document at /api/imports/jobs/{id} (queued, running with progress, done with the import's
// answer, failed with the error). Jobs live in this server's memory: the status URL answers on
// the instance that accepted the upload; the import itself, once done, is in /api/imports
// everywhere. The newest `capacity` jobs are kept.
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/http.hpp"

namespace covermap::api {

class import_jobs {
public:
    explicit import_jobs(std::size_t capacity = 1000) : capacity_(capacity) {}

    // A new queued job for an upload; its id (16 hex digits, not guessable).
    std::string create(const std::string& file_name, std::size_t bytes, const std::string& submitted_by);
    void started(const std::string& id);
    void progress(const std::string& id, long long rows_matched);
    // The endpoint's answer: 2xx is done (its JSON body becomes `import`), anything else failed.
    void finished(const std::string& id, const response& answer);
    // The status document, nullopt for an unknown (or forgotten) id.
    std::optional<nlohmann::json> status(const std::string& id, const std::string& base_url) const;
    // Jobs by state, for /metrics.
    std::map<std::string, std::size_t> counts() const;

private:
    using clock = std::chrono::system_clock;
    struct job {
        std::string state = "queued", file_name, submitted_by;
        std::size_t bytes = 0;
        long long rows_matched = 0;
        long long sequence = 0;
        clock::time_point submitted, started, finished;
        nlohmann::json import, error;
    };
    void forget_oldest();

    std::size_t capacity_;
    long long next_sequence_ = 0;
    mutable std::mutex mutex_;
    std::map<std::string, job> jobs_;
};

}  // namespace covermap::api
