#pragma once
// A blocking HTTP/1.1 client over libcurl (one connection per request; connect timeout 10 s, a
// request fails after 30 s without a byte; chunked bodies reassembled, compressed ones left as
// sent): `covermap tiles seed` warms a running server with it, and the tests drive the server with it.
#include <map>
#include <string>

namespace covermap::api {

struct http_response {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
};

// Sends exactly the given headers (none of libcurl's defaults but Host, Connection: close and
// Content-Length) and the target as given. Throws std::runtime_error when the host cannot be
// reached, the answer is not HTTP or stalls.
http_response http_request(const std::string& host, int port, const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers = {}, const std::string& body = {});

}  // namespace covermap::api
