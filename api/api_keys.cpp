#include "api/api_keys.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "geo/digest.hpp"

namespace covermap::api {

std::string api_key_line(const std::string& name, const std::string& key) { return name + " " + geo::sha256_hex(key); }

std::string new_api_key() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a key");
    static const char* digits = "0123456789abcdef";
    std::string key;
    for (unsigned char b : bytes) {
        key.push_back(digits[b >> 4]);
        key.push_back(digits[b & 15]);
    }
    return key;
}

api_keys::api_keys(std::string path) : path_(std::move(path)) {
    std::lock_guard<std::mutex> lock(mutex_);
    reload_if_changed();
}

void api_keys::reload_if_changed() {
    if (path_.empty()) return;
    struct stat st {};
    if (stat(path_.c_str(), &st) != 0) {
        if (loaded_ || entries_.empty()) spdlog::warn("API key file {} is missing: writes are refused", path_);
        entries_.clear();
        loaded_ = false;
        return;
    }
    if (loaded_ && st.st_mtim.tv_sec == loaded_mtime_.tv_sec && st.st_mtim.tv_nsec == loaded_mtime_.tv_nsec) return;
    std::ifstream in(path_);
    std::vector<entry> fresh;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        entry e;
        if (!(words >> e.name)) continue;
        words >> e.digest;
        if (e.digest.size() != 64 || e.digest.find_first_not_of("0123456789abcdef") != std::string::npos) {
            spdlog::warn("{}:{}: expected `name sha256-hex`; line ignored", path_, n);
            continue;
        }
        fresh.push_back(e);
    }
    entries_ = std::move(fresh);
    loaded_mtime_ = st.st_mtim;
    loaded_ = true;
    spdlog::info("API keys: {} loaded from {}", entries_.size(), path_);
}

std::optional<std::string> api_keys::presented(const request& req) const {
    if (const auto auth = req.header("authorization")) {
        const std::string prefix = "Bearer ";
        if (auth->compare(0, prefix.size(), prefix) == 0) return auth->substr(prefix.size());
    }
    return req.header("x-api-key");
}

std::optional<std::string> api_keys::lookup(const std::string& key) {
    const std::string digest = geo::sha256_hex(key);
    std::lock_guard<std::mutex> lock(mutex_);
    reload_if_changed();
    std::optional<std::string> found;
    for (const auto& e : entries_) {  // every entry compared: the time does not tell which matched
        if (geo::constant_time_equal(digest, e.digest) && !found) found = e.name;
    }
    return found;
}

std::string api_keys::require(const request& req) {
    const auto key = presented(req);
    if (!key || key->empty()) {
        throw api_error(401, "unauthorized", "this endpoint needs an API key: send `Authorization: Bearer KEY`");
    }
    if (auto name = lookup(*key)) return *name;
    throw api_error(403, "forbidden", "the API key is not valid");
}

std::optional<std::string> api_keys::identify(const request& req) {
    const auto key = presented(req);
    return key && !key->empty() ? lookup(*key) : std::nullopt;
}

}  // namespace covermap::api
