#pragma once
// OGC API – Features (Part 1 core, GeoJSON, OpenAPI 3.0; Part 2 CRS; Part 3 filters) over the
// boundaries, the teams and the coverage figures: the items of a collection and one item. Items
// pages are streamed from PostGIS in chunks, never built whole. The landing page, conformance, API
// description and collection documents are api/ogc_documents.*.
#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "api/http.hpp"
#include "api/ogc_collections.hpp"
#include "api/services.hpp"

namespace covermap::api {

response collection_items(const request& req, services& svc);
response collection_item(const request& req, services& svc);


}  // namespace covermap::api
