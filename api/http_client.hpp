#pragma once
// A minimal blocking HTTP/1.1 client (one connection per request): `covermap tiles seed` warms a
// running server with it, and the tests drive the server with it.
#include <map>
#include <string>

namespace covermap::api {

struct http_response {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
};

// Throws std::runtime_error when the host cannot be reached or the answer is not HTTP.
http_response http_request(const std::string& host, int port, const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers = {}, const std::string& body = {});

}  // namespace covermap::api
