#pragma once
// Whether a request is let in before its endpoint runs: its text parameters are UTF-8, its query
// string is within the limit, and a client of an expensive route is within the rate limit. Pistache
// is not seen here (api/server.cpp hands over the request api/pistache_adapter.* made); the head
// limits while a request arrives are api/connection_guard.*, the API keys each endpoint's own.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "api/http.hpp"
#include "api/rate_limit.hpp"

namespace covermap::api {

// Routes (as registered, "/collections/:collection/items") whose requests cost real database or
// CPU time: the per-client rate limit applies to them.
bool expensive_route(const std::string& route);

class admission {
public:
    // max_query_bytes: the longest query string (then 414); per_minute, burst: the rate limit of
    // the expensive routes per client (per_minute 0: none).
    admission(std::size_t max_query_bytes, double per_minute, double burst)
        : max_query_bytes_(max_query_bytes), limiter_(per_minute, burst) {}

    // `query_bytes`: the length of the query string as sent (before decoding). Throws an api_error
    // for a request that is malformed (400: a parameter or path that is not UTF-8; 414: too long a
    // query string); returns the 429 to send instead when the client has no token left, nullopt
    // when the request goes on to its endpoint.
    std::optional<response> admit(const request& req, std::size_t query_bytes, const std::string& route,
                                  std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

private:
    std::size_t max_query_bytes_;
    rate_limiter limiter_;
};

}  // namespace covermap::api
