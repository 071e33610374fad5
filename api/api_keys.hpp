#pragma once
// API keys for write endpoints. The key file holds one `name sha256-hex-of-key [provinces=20,01]`
// per line (`#` comments); keys themselves are never stored. A key with provinces may write only
// within those top-level units (registry uploads and withdrawals). The file is re-read when it changes, so keys rotate
// without a restart. Presented keys are hashed and compared in constant time.
#include <mutex>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "api/http.hpp"

namespace covermap::api {

// The line to put in the key file for `name` and `key` (limited to `provinces` when not empty).
std::string api_key_line(const std::string& name, const std::string& key, const std::vector<std::string>& provinces = {});

// Who a valid key belongs to, and the province codes it is limited to (nullopt: any).
struct key_grant {
    std::string name;
    std::optional<std::vector<std::string>> provinces;
};
// A fresh random key (32 bytes, hex).
std::string new_api_key();

class api_keys {
public:
    explicit api_keys(std::string path);  // empty path: no keys, every write is refused

    // The name of the key the request presents (`Authorization: Bearer KEY` or `X-API-Key: KEY`);
    // throws api_error 401 when it presents none, 403 when the key is unknown.
    std::string require(const request& req) { return authorize(req).name; }
    // The same, with the provinces the key is limited to.
    key_grant authorize(const request& req);
    // The key's name when the request presents a valid key, else nullopt (never throws).
    std::optional<std::string> identify(const request& req);

private:
    struct entry {
        std::string name, digest;
        std::optional<std::vector<std::string>> provinces;
    };
    void reload_if_changed();
    std::optional<std::string> presented(const request& req) const;
    std::optional<key_grant> lookup(const std::string& key);

    std::string path_;
    std::mutex mutex_;
    std::vector<entry> entries_;
    struct timespec loaded_mtime_ {};
    bool loaded_ = false;
};

}  // namespace covermap::api
