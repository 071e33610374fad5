#pragma once
// The query side of OGC API – Features Part 3 on /collections/{id}/items: `filter` (cql2-text,
// cql2-json, and GDAL 3.6's cql-text), `filter-crs`, one `property=value` parameter per queryable,
// `sortby` and `properties`, validated into what the items SQL needs (api/sql_query/). Every bad
// value is a 400 naming the parameter (and the position in a filter).
#include <optional>
#include <string>
#include <vector>

#include "api/cql2.hpp"
#include "api/params.hpp"

namespace covermap::api {

// A property clients may filter and sort on: its CQL2 name, type and SQL expression, and how
// /queryables describes it. kind: units, coverage or teams.
struct queryable_property {
    cql2::queryable q;
    std::string format;  // JSON Schema format (date, geometry-…), or empty
    std::string title;
};
const std::vector<queryable_property>& queryable_properties(const std::string& kind);
std::vector<cql2::queryable> cql_queryables(const std::string& kind);

// The query parameters of this file on an items request of a kind.
struct items_extras {
    std::optional<cql2::node> filter;  // the filter and the property=value parameters, ANDed
    bool lat_first = false;            // filter-crs EPSG:4326: literals in latitude, longitude order
    std::vector<std::pair<std::string, bool>> sortby;  // SQL expression, descending
    std::optional<std::string> properties;             // a text[] literal of the properties to keep

    bool active() const { return filter || !sortby.empty() || properties; }
    bool sorted() const { return !sortby.empty(); }
};

// The names of parameters this file reads for a kind (besides the legacy property filters of
// api/openapi.cpp, which stay with the prepared statements): to allow them in query_params.
std::vector<std::string> extras_parameter_names(const std::string& kind);

items_extras parse_items_extras(const query_params& params, const std::string& kind);

// The page and count SQL of an active request; filter values are numbered from $first. One template
// per collection (api/sql_query/): the count is the page's rows between its MATCHED markers.
struct items_sql {
    std::string sql;
    std::vector<std::optional<std::string>> params;
};
items_sql items_page_sql(const std::string& kind, const items_extras& x);
items_sql items_count_sql(const std::string& kind, const items_extras& x);

}  // namespace covermap::api
