#pragma once
// GET /api/crosswalk?from=&to=&code=[&level=][&direction=forward|back]: where a unit of the old
// edition went (its new units with the area, population and hamlet shares and the method), or,
// for a unit of the new edition (or direction=back), where it came from.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response crosswalk(const request& req, services& svc);

}  // namespace covermap::api
