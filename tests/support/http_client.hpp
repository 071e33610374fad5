#pragma once
// The HTTP client of api/http_client.hpp (libcurl) aimed at a test server on 127.0.0.1, and what the
// endpoint tests need around it. Tests that must see raw bytes (http_head_test) keep their own socket.
#include <map>
#include <string>

#include "api/http_client.hpp"

namespace covermap::testing {

using api::http_response;

http_response http_request(int port, const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers = {}, const std::string& body = {});

inline http_response http_get(int port, const std::string& target) { return http_request(port, "GET", target); }

// A TCP port nobody listens on right now.
int free_port();

// Whether a server on `port` answers GET /health with 200 within about ten seconds (a process
// just started: connection refused until it listens).
bool wait_until_up(int port);

}  // namespace covermap::testing
