#pragma once
// GET /health: the process is alive (no database needed). GET /ready: the database is reachable
// and at this binary's schema version, and the web map's files are all there (unless the server
// runs without the map), else 503; `checks` says which ("database", "web": ok, off or missing).
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response health(const request& req, services& svc);
response ready(const request& req, services& svc);

}  // namespace covermap::api
