#pragma once
// The OpenAPI 3.0 description of covermap (GET /api) and its readable page (GET /api.html).
// Also the one list of each features collection kind's properties and property filters, which
// the items endpoint validates against and the description declares.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace covermap::api {

struct openapi_collection {
    std::string id, title;
    std::string kind;  // units, teams, coverage
};

struct property_filter {
    std::string name, type, description;  // type: string, boolean
};
// The property filters of a collection kind (units, teams, coverage), in order.
const std::vector<property_filter>& property_filters(const std::string& kind);

struct feature_property {
    std::string name, type, format, description;
};
// The properties of a kind's features, as the page SQL writes them.
const std::vector<feature_property>& feature_properties(const std::string& kind);

nlohmann::json build_openapi(const std::string& base_url, const std::vector<openapi_collection>& collections);
std::string openapi_html(const nlohmann::json& document);

}  // namespace covermap::api
