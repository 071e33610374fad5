#pragma once
// GET /health: the process is alive (no database needed). GET /ready: the database is reachable
// and at this binary's schema version, else 503.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response health(const request& req, services& svc);
response ready(const request& req, services& svc);

}  // namespace covermap::api
