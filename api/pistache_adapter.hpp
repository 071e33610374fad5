#pragma once
// Where covermap meets Pistache: a Pistache request as our `request` (decoded query, lower-case
// header names, keep-alive, the client behind trusted proxies, the base URL), and our `response`
// written to a Pistache writer (headers, CORS, Vary, HEAD with the GET's length, chunked streams).
// Everything past these two functions sees only api/http.hpp.
#include <cstddef>
#include <string>

#include <pistache/http.h>
#include <pistache/router.h>

#include "api/client_address.hpp"
#include "api/http.hpp"

namespace covermap::api {

request to_request(const Pistache::Rest::Request& in, const address_set& proxies);

// Writes `resp` as the answer to `req`; the body bytes sent (0 for HEAD).
std::size_t write_response(Pistache::Http::ResponseWriter& writer, const request& req, const response& resp,
                           const std::string& cors_origin);

}  // namespace covermap::api
