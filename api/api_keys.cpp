#include "api/api_keys.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "core/digest.hpp"

namespace covermap::api {

std::string api_key_line(const std::string& name, const std::string& key, const std::vector<std::string>& provinces) {
    std::string line = name + " " + core::sha256_hex(key);
    for (std::size_t i = 0; i < provinces.size(); ++i) line += (i ? "," : " provinces=") + provinces[i];
    return line;
}

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
            spdlog::warn("{}:{}: expected `name sha256-hex [provinces=CODE,...]`; line ignored", path_, n);
            continue;
        }
        std::string limit;
        if (words >> limit) {
            const std::string prefix = "provinces=";
            if (limit.compare(0, prefix.size(), prefix) != 0 || limit.size() == prefix.size()) {
                // A limit we cannot read must not become a key without limits.
                spdlog::warn("{}:{}: expected `provinces=CODE,...` after the digest; line ignored", path_, n);
                continue;
            }
            e.provinces.emplace();
            std::istringstream codes(limit.substr(prefix.size()));
            for (std::string code; std::getline(codes, code, ',');) {
                if (!code.empty()) e.provinces->push_back(code);
            }
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

std::optional<key_grant> api_keys::lookup(const std::string& key) {
    const std::string digest = core::sha256_hex(key);
    std::lock_guard<std::mutex> lock(mutex_);
    reload_if_changed();
    std::optional<key_grant> found;
    for (const auto& e : entries_) {  // every entry compared: the time does not tell which matched
        if (core::constant_time_equal(digest, e.digest) && !found) found = key_grant{e.name, e.provinces};
    }
    return found;
}

key_grant api_keys::authorize(const request& req) {
    const auto key = presented(req);
    if (!key || key->empty()) {
        throw api_error(401, "unauthorized", "this endpoint needs an API key: send `Authorization: Bearer KEY`");
    }
    if (auto grant = lookup(*key)) return *grant;
    throw api_error(403, "forbidden", "the API key is not valid");
}

std::optional<std::string> api_keys::identify(const request& req) {
    const auto key = presented(req);
    if (!key || key->empty()) return std::nullopt;
    if (auto grant = lookup(*key)) return grant->name;
    return std::nullopt;
}

}  // namespace covermap::api
