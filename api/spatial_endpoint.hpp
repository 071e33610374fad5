#pragma once
// Statistics over a level's units: GET /api/stats/breaks (choropleth classes),
// /api/stats/autocorrelation (global Moran's I), /api/stats/lisa (local Moran, clusters),
// /api/stats/hotspots (Getis–Ord Gi*); with=METRIC the bivariate Moran and LISA. Queen weights from unit_neighbour, row-standardised; units
// without neighbours among those with a value (islands) are left out and named.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response class_breaks(const request& req, services& svc);
response autocorrelation(const request& req, services& svc);
response local_clusters(const request& req, services& svc);
response hotspots(const request& req, services& svc);

}  // namespace covermap::api
