#pragma once
// GeoJSON over administrative units: GET /api/units (list by edition, level, parent, bbox; paged),
// GET /api/units/{id}, GET /api/editions. Features are assembled by PostGIS, not in C++.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

constexpr long long default_page_size = 100;
constexpr long long max_page_size = 10000;

response list_units(const request& req, services& svc);
response get_unit(const request& req, services& svc);
response list_editions(const request& req, services& svc);

}  // namespace covermap::api
