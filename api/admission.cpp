#include "api/admission.hpp"

#include "core/text_encoding.hpp"

namespace covermap::api {
namespace {

bool utf8(const std::string& text) { return core::invalid_utf8_at(text) == std::string::npos; }

// Text parameters must be UTF-8: names go into SQL and the name normaliser, which would refuse them
// later as an internal error (found by fuzz/names_fuzz).
void require_utf8(const request& req) {
    for (const auto& [name, value] : req.query) {
        if (!utf8(value) || !utf8(name)) {
            throw bad_request("parameter '" + (utf8(name) ? name : std::string("?")) +
                              "' is not valid UTF-8 (percent-encode the UTF-8 bytes of the text)");
        }
    }
    for (const auto& [name, value] : req.path_params) {
        if (!utf8(value)) throw bad_request("the path is not valid UTF-8");
    }
}

}  // namespace

bool expensive_route(const std::string& route) {
    return route == "/collections/:collection/items" || route == "/api/units" || route.rfind("/api/stats/", 0) == 0 ||
           route == "/api/search" || route == "/api/imports/registry" || route == "/api/imports/:id/withdraw" ||
           route == "/api/imports/:id/resolutions" || route == "/api/cache/purge";
}

std::optional<response> admission::admit(const request& req, std::size_t query_bytes, const std::string& route,
                                          std::chrono::steady_clock::time_point now) {
    require_utf8(req);
    if (query_bytes > max_query_bytes_) {
        throw api_error(414, "uri_too_long", "the query string has " + std::to_string(query_bytes) + " bytes; at most " +
                                                 std::to_string(max_query_bytes_) + " are accepted");
    }
    if (expensive_route(route) && limiter_.enabled()) {
        if (const int wait = limiter_.admit(req.client, now)) {
            response resp = error_response(429, "too_many_requests",
                                           "too many requests from " + req.client + " to " + route + "; retry in " + std::to_string(wait) + " s");
            resp.headers.emplace_back("Retry-After", std::to_string(wait));
            return resp;
        }
    }
    return std::nullopt;
}

}  // namespace covermap::api
