#pragma once
// The HTTP edge's own request/response types: endpoints see these, never Pistache, so every
// endpoint is a plain function from a parsed request to a response.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace covermap::api {

struct request {
    std::string method;                              // GET, HEAD, OPTIONS, ...
    std::string path;                                // without the query string
    std::map<std::string, std::string> query;        // decoded query parameters
    std::map<std::string, std::string> path_params;  // ":id" → "42"
    std::map<std::string, std::string> headers;      // lower-case names
    std::string base_url;                            // "http://host:port", for absolute links
    std::string client;                              // the peer's address
    std::string body;                                // POST bodies
    bool keep_alive = true;                          // HTTP/1.1 without "Connection: close"

    std::optional<std::string> header(const std::string& lower_name) const;
};

// Receives a streamed body piece by piece (the server batches pieces into socket writes, so
// pieces may be small; large ones are written without another copy).
using body_sink = std::function<void(const std::string&)>;

struct response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Sent instead of `body` when set: bytes held elsewhere (a cached tile), not copied per request.
    std::shared_ptr<const std::string> shared_body;
    std::vector<std::pair<std::string, std::string>> headers;
    // Set for bodies too large to build whole (an items page): called once after the headers are
    // sent (chunked), not at all for HEAD. An exception half-way cuts the response short.
    std::function<void(const body_sink&)> stream;

    const std::string& payload() const { return shared_body ? *shared_body : body; }
};

// An error with its HTTP status and a stable machine-readable code; the edge turns it into
// {"code": ..., "message": ...}.
class api_error : public std::runtime_error {
public:
    api_error(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }

private:
    int status_;
    std::string code_;
};

api_error bad_request(const std::string& message);     // 400 invalid_parameter
api_error not_found(const std::string& message);       // 404 not_found
api_error unavailable(const std::string& message);     // 503 unavailable

// The one place an error becomes an HTTP status and code: an api_error carries its own, and the
// domain errors of core/error.hpp map as that header's table says (input_error 400, data_error 422,
// not_found_error 404, forbidden_error 403, config_error 409, db_error 503). nullopt for anything
// else (the edge logs it and answers 500; SQL errors have their own mapping in the server).
std::optional<std::pair<int, std::string>> http_status_of(const std::exception& e);

// The JSON error body {"code": ..., "message": ...}.
response error_response(int status, const std::string& code, const std::string& message);

// Percent-decoding of a query string component ('+' is a space).
std::string url_decode(const std::string& text);
// Percent-encoding for query values in links.
std::string url_encode(const std::string& text);

}  // namespace covermap::api
