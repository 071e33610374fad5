#pragma once
// GET /api/stats/joincount: join counts of "has a team" (BB, WW, BW) as spdep joincount.test /
// joincount.multi (non-free sampling) and joincount.mc: hamlets (points) on k-nearest-neighbour or
// distance-band weights, communes and other polygon levels on their queen contiguity; binary weights.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response join_counts(const request& req, services& svc);

}  // namespace covermap::api
