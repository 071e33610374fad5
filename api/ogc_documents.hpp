#pragma once
// The OGC API – Features documents around the items: landing page, conformance classes, the API
// description (OpenAPI 3.0, and as HTML), the collections, one collection, its queryables (Part 3)
// and its schema.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response landing_page(const request& req, services& svc);
response conformance(const request& req, services& svc);
response openapi_document(const request& req, services& svc);
response api_html(const request& req, services& svc);
response list_collections(const request& req, services& svc);
response get_collection(const request& req, services& svc);
response collection_queryables(const request& req, services& svc);
response collection_schema(const request& req, services& svc);

// Whether a request for "/" wants the web map (a browser) rather than the landing page (JSON).
bool wants_html(const request& req);

}  // namespace covermap::api
