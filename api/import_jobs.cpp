#include "api/import_jobs.hpp"

#include <ctime>

#include "api/api_keys.hpp"

namespace covermap::api {
namespace {

std::string iso_utc(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace

std::string import_jobs::create(const std::string& file_name, std::size_t bytes, const std::string& submitted_by) {
    const std::string id = new_api_key().substr(0, 16);
    std::lock_guard<std::mutex> lock(mutex_);
    job& j = jobs_[id];
    j.file_name = file_name;
    j.bytes = bytes;
    j.submitted_by = submitted_by;
    j.submitted = clock::now();
    j.sequence = ++next_sequence_;
    while (jobs_.size() > capacity_) forget_oldest();
    return id;
}

void import_jobs::forget_oldest() {
    auto oldest = jobs_.end();
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
        // Finished jobs go first; a queued or running one only when nothing else is left.
        const bool done = it->second.state == "done" || it->second.state == "failed";
        if (oldest == jobs_.end()) {
            oldest = it;
            continue;
        }
        const bool oldest_done = oldest->second.state == "done" || oldest->second.state == "failed";
        if ((done && !oldest_done) || (done == oldest_done && it->second.sequence < oldest->second.sequence)) oldest = it;
    }
    if (oldest != jobs_.end()) jobs_.erase(oldest);
}

void import_jobs::started(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = jobs_.find(id); it != jobs_.end()) {
        it->second.state = "running";
        it->second.started = clock::now();
    }
}

void import_jobs::progress(const std::string& id, long long rows_matched) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = jobs_.find(id); it != jobs_.end()) it->second.rows_matched = rows_matched;
}

void import_jobs::finished(const std::string& id, const response& answer) {
    nlohmann::json body = nlohmann::json::parse(answer.payload(), nullptr, false);
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    job& j = it->second;
    j.finished = clock::now();
    if (answer.status >= 200 && answer.status < 300) {
        j.state = "done";
        j.import = std::move(body);
        if (j.import.contains("rows")) j.rows_matched = j.import["rows"].get<long long>();
    } else {
        j.state = "failed";
        j.error = {{"status", answer.status},
                   {"code", body.is_object() && body.contains("code") ? body["code"] : nlohmann::json("internal")},
                   {"message", body.is_object() && body.contains("message") ? body["message"] : nlohmann::json(answer.payload())}};
    }
}

std::optional<nlohmann::json> import_jobs::status(const std::string& id, const std::string& base_url) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return std::nullopt;
    const job& j = it->second;
    nlohmann::json links = nlohmann::json::array({{{"rel", "self"}, {"href", base_url + "/api/imports/jobs/" + id}}});
    nlohmann::json doc{{"id", id},
                       {"state", j.state},
                       {"file_name", j.file_name},
                       {"bytes", j.bytes},
                       {"submitted_at", iso_utc(j.submitted)},
                       {"started_at", j.state == "queued" ? nlohmann::json() : nlohmann::json(iso_utc(j.started))},
                       {"finished_at", j.state == "done" || j.state == "failed" ? nlohmann::json(iso_utc(j.finished)) : nlohmann::json()},
                       {"progress", {{"rows_matched", j.rows_matched}}}};
    if (j.state == "done") {
        doc["import"] = j.import;
        if (j.import.contains("id")) {
            links.push_back({{"rel", "import"}, {"href", base_url + "/api/imports/" + std::to_string(j.import["id"].get<long long>())}});
        }
    }
    if (j.state == "failed") doc["error"] = j.error;
    doc["links"] = links;
    return doc;
}

std::map<std::string, std::size_t> import_jobs::counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<std::string, std::size_t> out{{"queued", 0}, {"running", 0}, {"done", 0}, {"failed", 0}};
    for (const auto& [id, j] : jobs_) ++out[j.state];
    return out;
}

}  // namespace covermap::api
