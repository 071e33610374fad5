#include "api/openapi.hpp"

#include "api/features.hpp"
#include "api/items_params.hpp"

#include <map>

namespace covermap::api {
namespace {

using json = nlohmann::json;

json param(const std::string& name, const std::string& in, const std::string& description, json schema, bool required = false) {
    json p = {{"name", name}, {"in", in}, {"description", description}, {"required", required || in == "path"}, {"schema", std::move(schema)}};
    if (in == "query") p["style"] = "form", p["explode"] = false;
    return p;
}
json ref(const std::string& name) { return {{"$ref", "#/components/parameters/" + name}}; }
json str() { return {{"type", "string"}}; }
json integer(long long min) { return {{"type", "integer"}, {"minimum", min}}; }

json responses(const std::string& type, const std::string& description) {
    json ok = {{"description", description}};
    if (!type.empty()) {
        const std::string kind = type == "text/html" ? "string" : "object";
        ok["content"] = {{type, {{"schema", {{"type", kind}}}}}};
    }
    const json error = {{"application/json", {{"schema", {{"$ref", "#/components/schemas/exception"}}}}}};
    return {{"200", ok},
            {"304", {{"description", "Not modified (If-None-Match)"}}},
            {"400", {{"description", "Invalid parameter (the message names it)"}, {"content", error}}},
            {"404", {{"description", "Not found"}, {"content", error}}},
            {"503", {{"description", "Database unavailable"}, {"content", error}}}};
}

json operation(const std::string& summary, const std::string& tag, json parameters, const std::string& type, const std::string& description = {}) {
    json op = {{"summary", summary}, {"tags", {tag}}, {"parameters", std::move(parameters)}, {"responses", responses(type, summary)}};
    if (!description.empty()) op["description"] = description;
    return op;
}

// An items operation: GeoJSON, or with f the same page as JSON, CSV or FlatGeobuf.
json items_operation(const std::string& summary, const std::string& tag, json parameters, const std::string& description = {}) {
    json op = operation(summary, tag, std::move(parameters), "application/geo+json", description);
    auto& content = op["responses"]["200"]["content"];
    content["application/json"] = {{"schema", {{"type", "object"}}}};
    content["text/csv; charset=utf-8"] = {{"schema", {{"type", "string"}}}};
    content["application/flatgeobuf"] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
    return op;
}

// Query parameters of the other endpoints, by name (shared descriptions).
json q(const std::string& name) {
    static const std::map<std::string, std::pair<std::string, json>> known = {
        {"edition", {"Boundary edition (default: the newest)", str()}},
        {"level", {"Administrative level: province, district, commune or hamlet", {{"type", "string"}, {"enum", {"province", "district", "commune", "hamlet"}}}}},
        {"parent", {"Id of the parent unit", integer(1)}},
        {"parent_code", {"Official code of the parent unit", str()}},
        {"bbox", {"min lon, min lat, max lon, max lat (CRS84)", {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 4}, {"maxItems", 6}}}},
        {"limit", {"Page size", integer(1)}},
        {"offset", {"Items to skip", integer(0)}},
        {"as_of", {"Registry snapshot (YYYY-MM-DD; default: the latest)", {{"type", "string"}, {"format", "date"}}}},
        {"compare", {"A second snapshot of the edition (YYYY-MM-DD, its own or converted) to compare with; a change is the value as of "
                     "as_of minus the value as of compare. Coverage table: each unit's change; breaks: classes of the change of "
                     "coverage_rate, covered_hamlets, teams or members (0 a break between losses and gains, unchanged units counted "
                     "apart); tiles: features also carry coverage_rate_change, covered_hamlets_change, teams_change and "
                     "members_change on the levels both snapshots have figures for", {{"type", "string"}, {"format", "date"}}}},
        {"format", {"json, csv or xlsx", {{"type", "string"}, {"enum", {"json", "csv", "xlsx"}}}}},
        {"lang", {"Column headers: vi or en", {{"type", "string"}, {"enum", {"vi", "en"}}}}},
        {"unit", {"Unit id", integer(1)}},
        {"metric", {"coverage_rate, teams, members_per_1000_households, supported_share, ..., coverage_rate_eb (Empirical-Bayes "
                    "smoothed coverage rate, global: spdep EBest), coverage_rate_ebl (spatial EB over the unit and its neighbours: "
                    "spdep EBlocal) or indicator@period", str()}},
        {"from", {"First month (YYYY-MM)", str()}},
        {"to", {"Last month (YYYY-MM)", str()}},
        {"month", {"Month (YYYY-MM) within the snapshot", str()}},
        {"method", {"Class breaks: quantile, jenks, equal or stddev", {{"type", "string"}, {"enum", {"quantile", "jenks", "equal", "stddev"}}}}},
        {"k", {"Number of classes", integer(2)}},
        {"permutations", {"Random permutations for pseudo p-values", integer(0)}},
        {"seed", {"Random seed", integer(0)}},
        {"alpha", {"Significance level", {{"type", "number"}}}},
        {"with", {"A second metric (any metric name), on the units with both values, both scaled. Autocorrelation: adds the "
                  "bivariate Moran's I of metric at a unit against with around it (spdep moran_bv); lisa: the bivariate LISA "
                  "instead of the univariate one, Ibv_i = x_i lag(y)_i (spdep localmoran_bv, GeoDa bivariate LISA) with "
                  "conditional-permutation p-values and HH/LL/HL/LH clusters of x_i against lag(y)_i", str()}},
        {"p_adjust", {"Multiple-testing adjustment of the p-values before the significance test: none, fdr (Benjamini-Hochberg, "
                      "R p.adjust \"BH\") or bonferroni", {{"type", "string"}, {"enum", {"none", "fdr", "bonferroni"}}}}},
        {"standardise", {"eb: the statistic on the Assuncao-Reis (1999) Empirical-Bayes standardised coverage rates, as spdep "
                         "EBImoran.mc (metric coverage_rate only); none (default): on the metric's values",
                         {{"type", "string"}, {"enum", {"none", "eb"}}}}},
        {"sheet", {"Workbook sheets to read, comma-separated (default: every sheet with the first one's header layout)", str()}},
        {"set", {"Fields given one value for every row: province=Lạng Sơn;district=...", str()}},
        {"scope", {"What the upload replaces: province:CODE[,province:CODE...] or national (default: the provinces its rows are placed in)", str()}},
        {"wait", {"true: answer when the import is done (201); false: 202 with a job", {{"type", "boolean"}}}},
        {"encoding", {"CSV text encoding (default: detected)", str()}},
        {"name", {"Original file name", str()}},
        {"outcome", {"Row outcome: fuzzy, ambiguous, unknown_unit, duplicate, conflict, invalid, ...", str()}},
        {"q", {"Search text (a unit name, typed any way)", str()}},
        {"code", {"Official unit code", str()}},
    };
    const auto& [description, schema] = known.at(name);
    return param(name, "query", description, schema);
}

json params(std::initializer_list<const char*> names) {
    json out = json::array();
    for (const char* n : names) out.push_back(q(n));
    return out;
}

json path_param(const std::string& name, const std::string& description, json schema = str()) {
    return param(name, "path", description, std::move(schema), true);
}

void add_other_paths(json& paths) {
    const std::string t = "covermap";
    paths["/health"]["get"] = operation("Liveness", "operations", json::array(), "application/json");
    paths["/ready"]["get"] = operation("Readiness (database reachable and migrated, web map files present)", "operations", json::array(), "application/json");
    paths["/api/editions"]["get"] = operation("Boundary editions", t, json::array(), "application/json");
    paths["/api/units"]["get"] = operation("Units of a level as GeoJSON", t, params({"edition", "level", "parent", "parent_code", "bbox", "limit", "offset"}), "application/geo+json");
    paths["/api/units/{id}"]["get"] = operation("One unit as GeoJSON", t, json::array({path_param("id", "Unit id", integer(1))}), "application/geo+json");
    paths["/api/crosswalk"]["get"] = operation(
        "Where a unit went across two boundary editions (or came from)", t,
        json::array({param("from", "query", "Old edition, e.g. 2009", str(), true), param("to", "query", "New edition, e.g. 2025", str(), true),
                     param("code", "query", "Official code of a unit of either edition", str(), true),
                     param("level", "query", "Level family (default: the unit's level)", {{"type", "string"}, {"enum", {"province", "district", "commune"}}}),
                     param("direction", "query", "forward: where an old unit went; back: where a new unit came from (default: by the edition of the code)",
                           {{"type", "string"}, {"enum", {"forward", "back"}}})}),
        "application/json");
    paths["/api/imports"]["get"] = operation("Registry imports", "imports", json::array(), "application/json");
    paths["/api/imports/registry"]["post"] =
        operation("Import a team registry (CSV or XLSX body; API key required)", "imports", params({"edition", "as_of", "sheet", "set", "encoding", "name", "scope", "wait"}), "application/json");
    paths["/api/imports/registry"]["post"]["requestBody"] = {
        {"required", true},
        {"content", {{"text/csv", {{"schema", {{"type", "string"}}}}},
                     {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    paths["/api/imports/registry"]["post"]["responses"]["401"] = {{"description", "API key missing"}};
    paths["/api/imports/registry"]["post"]["responses"]["403"] = {{"description", "API key not valid"}};
    paths["/api/imports/{id}"]["get"] = operation("One registry import", "imports", json::array({path_param("id", "Import id", integer(1))}), "application/json");
    auto issues = params({"outcome", "limit", "offset"});
    issues.insert(issues.begin(), path_param("id", "Import id", integer(1)));
    paths["/api/imports/{id}/issues"]["get"] = operation("Rows of an import that need attention", "imports", issues, "application/json");
    const std::string s = "statistics";
    paths["/api/stats/coverage"]["get"] = operation("Coverage table per unit", s, params({"edition", "level", "parent", "parent_code", "as_of", "compare", "format", "lang"}), "application/json");
    paths["/api/stats/summary"]["get"] = operation("National summary", s, params({"edition", "as_of"}), "application/json");
    paths["/api/stats/timeseries"]["get"] = operation("Monthly series of one unit", s, params({"unit", "metric", "from", "to", "as_of"}), "application/json");
    paths["/api/stats/monthly"]["get"] = operation("Every unit of a level at one founding month", s, params({"edition", "level", "as_of", "month"}), "application/json");
    paths["/api/stats/breaks"]["get"] = operation("Class breaks", s, params({"edition", "level", "metric", "as_of", "compare", "parent_code", "method", "k"}), "application/json");
    paths["/api/stats/autocorrelation"]["get"] = operation("Global Moran's I", s, params({"edition", "level", "metric", "as_of", "permutations", "seed", "standardise", "with"}), "application/json");
    paths["/api/stats/lisa"]["get"] = operation("Local Moran clusters (LISA)", s, params({"edition", "level", "metric", "as_of", "permutations", "seed", "alpha", "p_adjust", "standardise", "with"}), "application/json");
    paths["/api/stats/hotspots"]["get"] = operation("Getis-Ord Gi* hot spots", s, params({"edition", "level", "metric", "as_of", "alpha", "p_adjust", "standardise"}), "application/json");
    {
        auto joins = json::array({q("edition"),
                                  param("level", "query", "hamlet (default; points: k-nearest-neighbour or distance-band weights) or a "
                                        "polygon level (queen contiguity)", {{"type", "string"}, {"enum", {"province", "district", "commune", "hamlet"}}}),
                                  q("as_of"), param("parent_code", "query", "Only the units within the unit of this code (a province, a district, a commune)", str()),
                                  param("k", "query", "Hamlets: number of nearest neighbours by great-circle distance (default 6), as spdep "
                                        "knn2nb(knearneigh(lonlat, k, longlat = TRUE))", {{"type", "integer"}, {"minimum", 1}, {"maximum", 50}}),
                                  param("distance_km", "query", "Hamlets, instead of k: every other hamlet within this distance (km, up to 100), "
                                        "as spdep dnearneigh; hamlets left without a neighbour are listed in islands", {{"type", "number"}}),
                                  param("symmetric", "query", "Hamlets: true makes the k-nearest-neighbour lists symmetric (knn2nb sym = TRUE); "
                                        "default false (spdep's default)", {{"type", "boolean"}}),
                                  param("permutations", "query", "Random permutations of the colours (0 to 9999, default 0) for joincount.mc "
                                        "pseudo p-values", integer(0)),
                                  q("seed")});
        paths["/api/stats/joincount"]["get"] =
            operation("Join counts of \"has a team\" (BB, WW, BW), as spdep joincount.test / joincount.multi / joincount.mc", s, joins,
                      "application/json");
    }
    {
        auto rates = params({"edition", "level", "as_of"});
        rates.push_back(param("method", "query",
                              "global: every unit shrunk towards the pooled rate (spdep EBest, Poisson); local: towards the pooled "
                              "rate of the unit and its queen neighbours (spdep EBlocal). Default global",
                              {{"type", "string"}, {"enum", {"global", "local"}}}));
        paths["/api/stats/rates"]["get"] =
            operation("Empirical-Bayes smoothed coverage rates per unit", s, rates, "application/json");
    }
    paths["/api/map-config"]["get"] = operation("What the web map needs", "web", json::array(), "application/json");
    paths["/api/search"]["get"] = operation("Search units by name", "web", params({"q", "code", "edition", "level", "limit"}), "application/json");
    paths["/tiles"]["get"] = operation("Vector tilesets", "tiles", params({"edition", "as_of", "compare"}), "application/json");
    paths["/tiles/{tileset}"]["get"] = operation("TileJSON of a tileset (path ends in .json)", "tiles",
                                                 json::array({path_param("tileset", "Tileset name with .json"), q("edition"), q("as_of"), q("compare")}), "application/json");
    paths["/tiles/{tileset}/{z}/{x}/{y}"]["get"] = operation(
        "A Mapbox Vector Tile (y ends in .mvt or .pbf)", "tiles",
        json::array({path_param("tileset", "Tileset name"), path_param("z", "Zoom", integer(0)), path_param("x", "Column", integer(0)),
                     path_param("y", "Row with .mvt or .pbf"), q("edition"), q("as_of"), q("compare")}),
        "application/vnd.mapbox-vector-tile");
    paths["/fonts/{fontstack}/{range}"]["get"] = operation(
        "Map text glyphs: 256 code points as signed distance fields (Mapbox glyphs protobuf, 24 px em)", "tiles",
        json::array({path_param("fontstack", "Comma-separated font names, the first that has a glyph wins: Noto Sans Regular, Noto Sans Bold"),
                     path_param("range", "{start}-{end}.pbf: start a multiple of 256, end = start + 255, at most 65535")}),
        "application/x-protobuf",
        "Unknown font: 404 listing the fonts. Malformed range: 400. A range without glyphs in the fonts: a stack without glyphs.");
    paths["/map"]["get"] = operation("The web map", "web", json::array(), "text/html");
    paths["/embed"]["get"] = operation("The embeddable map (parameters read by the page)", "web", json::array(), "text/html");
}

json filter_params(const std::string& kind) {
    json out = json::array();
    for (const auto& f : property_filters(kind)) {
        out.push_back(param(f.name, "query", f.description, {{"type", f.type}}));
    }
    // The other queryables as property=value parameters (OGC API – Features Part 3
    // queryables-query-parameters); GDAL pushes a -where down only for properties listed here.
    for (const auto& name : extras_parameter_names(kind)) {
        for (const auto& p : queryable_properties(kind)) {
            if (p.q.name != name) continue;
            json schema = {{"type", cql2::type_name(p.q.type)}};
            if (!p.format.empty()) schema["format"] = p.format;
            out.push_back(param(name, "query", p.title + " (equal to)", schema));
        }
    }
    if (kind != "units") out.push_back(q("as_of"));
    return out;
}

std::string escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

const std::vector<property_filter>& property_filters(const std::string& kind) {
    static const std::vector<property_filter> units = {
        {"code", "string", "Official code of the unit (exact)"},
        {"name", "string", "Name of the unit as in the boundaries (exact, e.g. Xã Chi Lăng)"},
        {"parent_code", "string", "Official code of the parent unit"},
        {"type", "string", "Unit type (xa, phuong, thi tran, thon, to dan pho, ...)"},
        {"covered", "boolean", "Whether a hamlet of the unit has a team (in the snapshot)"},
    };
    static const std::vector<property_filter> teams = {
        {"name", "string", "Team name (exact)"},
        {"hamlet_code", "string", "Code of the team's hamlet"},
        {"commune_code", "string", "Code of the team's commune"},
    };
    return kind == "teams" ? teams : units;
}

const std::vector<feature_property>& feature_properties(const std::string& kind) {
    static const std::vector<feature_property> units = {
        {"code", "string", "", "Official code"}, {"name", "string", "", "Name"}, {"type", "string", "", "Unit type"},
        {"level", "string", "", "Administrative level"}, {"parent_code", "string", "", "Parent's code"},
        {"parent_name", "string", "", "Parent's name"}, {"edition", "string", "", "Boundary edition"},
        {"population", "integer", "", "Population (boundary data)"}, {"households", "integer", "", "Households (boundary data)"},
        {"covered", "boolean", "", "A hamlet of the unit has a team in the latest snapshot"},
    };
    static const std::vector<feature_property> coverage = {
        {"code", "string", "", "Official code"}, {"name", "string", "", "Name"}, {"type", "string", "", "Unit type"},
        {"parent_code", "string", "", "Parent's code"}, {"parent_name", "string", "", "Parent's name"},
        {"edition", "string", "", "Boundary edition"}, {"as_of", "string", "date", "Registry snapshot"},
        {"covered", "boolean", "", "At least one hamlet has a team"}, {"hamlets", "integer", "", "Hamlets"},
        {"covered_hamlets", "integer", "", "Hamlets with a team"}, {"coverage_rate", "number", "", "covered_hamlets / hamlets"},
        {"teams", "integer", "", "Teams"}, {"members", "integer", "", "Team members"}, {"households", "integer", "", "Households"},
        {"members_per_1000_households", "number", "", "Members per 1,000 households"},
        {"households_supported", "integer", "", "Households supported"}, {"supported_share", "number", "", "Share of households supported"},
        {"ecommerce_households", "integer", "", "Households selling online"}, {"ecommerce_share", "number", "", "Their share"},
        {"cashless_households", "integer", "", "Households paying cashless"}, {"cashless_share", "number", "", "Their share"},
    };
    static const std::vector<feature_property> teams = {
        {"name", "string", "", "Team name"}, {"members", "integer", "", "Members"}, {"founded", "string", "date", "Founding date"},
        {"households", "integer", "", "Households of the hamlet"}, {"households_supported", "integer", "", "Households supported"},
        {"ecommerce_households", "integer", "", "Households selling online"}, {"cashless_households", "integer", "", "Households paying cashless"},
        {"hamlet_code", "string", "", "Hamlet code"}, {"hamlet_name", "string", "", "Hamlet name"},
        {"commune_code", "string", "", "Commune code"}, {"commune_name", "string", "", "Commune name"},
        {"match", "string", "", "How the registry row was placed: exact, normalised or fuzzy"},
        {"edition", "string", "", "Boundary edition"}, {"as_of", "string", "date", "Registry snapshot"},
    };
    return kind == "teams" ? teams : kind == "coverage" ? coverage : units;
}

json build_openapi(const std::string& base_url, const std::vector<openapi_collection>& collections) {
    json crs_enum = json::array();
    for (const auto& crs : ogc::supported_crs()) crs_enum.push_back(crs.uri);
    json components;
    components["parameters"] = {
        {"collectionId", path_param("collectionId", "Collection id (GET /collections lists them)")},
        {"featureId", path_param("featureId", "Feature id (an integer, the feature's id)", integer(1))},
        {"bbox", param("bbox", "query",
                       "Only features intersecting the box: min x, min y, max x, max y (4 numbers, or 6 with heights), in bbox-crs "
                       "(default CRS84 longitude/latitude)",
                       {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 4}, {"maxItems", 6}})},
        {"bbox-crs", param("bbox-crs", "query", "CRS of bbox (default CRS84)", {{"type", "string"}, {"format", "uri"}, {"enum", crs_enum}})},
        {"crs", param("crs", "query", "CRS of the geometries in the response (default CRS84); the Content-Crs header names it",
                      {{"type", "string"}, {"format", "uri"}, {"enum", crs_enum}})},
        {"limit", param("limit", "query", "Features per page; values above the maximum are clamped to it",
                        {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}, {"default", 10}})},
        {"offset", param("offset", "query", "Features to skip (next/prev links carry it)", {{"type", "integer"}, {"minimum", 0}, {"default", 0}})},
        {"datetime", param("datetime", "query",
                           "Instant or interval (RFC 3339; '..' or empty for an open end). Teams: founding date; coverage: the "
                           "snapshot in force at the (end of the) interval; boundaries: the edition's validity",
                           str())},
        {"resultType", param("resultType", "query", "hits: only numberMatched, no features", {{"type", "string"}, {"enum", {"results", "hits"}}, {"default", "results"}})},
        {"filter", param("filter", "query",
                         "CQL2 filter on the collection's queryables (GET …/queryables): comparisons, LIKE, IN, BETWEEN, IS NULL, "
                         "AND/OR/NOT, CASEI, + - * /, S_INTERSECTS and the other S_ functions with WKT or BBOX (GeoJSON in cql2-json), "
                         "T_INTERSECTS, T_BEFORE, T_AFTER, T_EQUALS, T_DISJOINT on dates",
                         str())},
        {"filter-lang", param("filter-lang", "query", "Language of filter; cql-text is GDAL's name for cql2-text",
                              {{"type", "string"}, {"enum", {"cql2-text", "cql2-json", "cql-text"}}, {"default", "cql2-text"}})},
        {"filter-crs", param("filter-crs", "query", "CRS of the geometries in filter (default CRS84)",
                             {{"type", "string"}, {"format", "uri"}, {"enum", {ogc::crs84().uri, "http://www.opengis.net/def/crs/EPSG/0/4326"}}})},
        {"sortby", param("sortby", "query", "Sort keys: queryables, comma-separated, each with + (ascending, default) or - (descending); ties by id",
                         {{"type", "array"}, {"items", {{"type", "string"}}}})},
        {"properties", param("properties", "query", "Only these properties in each feature (comma-separated)",
                             {{"type", "array"}, {"items", {{"type", "string"}}}})},
        {"f", param("f", "query", "Response format: geojson (application/geo+json, default) or json (application/json)",
                    {{"type", "string"}, {"enum", {"geojson", "json"}}})},
        {"f-items", param("f", "query",
                          "Response format: geojson (application/geo+json, default), json (application/json), csv (text/csv: id, the "
                          "properties, the geometry as WKT in column wkt, x/longitude first) or fgb (application/flatgeobuf, "
                          "FlatGeobuf without spatial index, streamed; x/longitude first). csv and fgb page like GeoJSON (Link header)",
                          {{"type", "string"}, {"enum", {"geojson", "json", "csv", "fgb"}}})},
        {"f-doc", param("f", "query", "Response format", {{"type", "string"}, {"enum", {"json"}}})},
    };
    components["schemas"] = {
        {"exception", {{"type", "object"}, {"required", {"code"}}, {"properties", {{"code", str()}, {"message", str()}}}}},
    };
    json paths = json::object();
    const std::string ogc = "OGC API - Features";
    paths["/"]["get"] = operation("Landing page (a browser asking for HTML gets the web map)", ogc,
                                  json::array({param("f", "query", "json or html", {{"type", "string"}, {"enum", {"json", "html"}}})}), "application/json");
    paths["/conformance"]["get"] = operation("Conformance classes", ogc, json::array({ref("f-doc")}), "application/json");
    paths["/api"]["get"] = operation("This API definition", ogc, json::array({ref("f-doc")}), "application/vnd.oai.openapi+json;version=3.0");
    paths["/api.html"]["get"] = operation("The API documentation", ogc, json::array(), "text/html");
    paths["/collections"]["get"] = operation("Feature collections", ogc, json::array({ref("f-doc")}), "application/json");
    paths["/collections/{collectionId}"]["get"] = operation("One collection", ogc, json::array({ref("collectionId"), ref("f-doc")}), "application/json");
    paths["/collections/{collectionId}/queryables"]["get"] =
        operation("Properties to filter on", ogc, json::array({ref("collectionId"), ref("f-doc")}), "application/schema+json");
    paths["/collections/{collectionId}/schema"]["get"] =
        operation("JSON Schema of the features", ogc, json::array({ref("collectionId"), ref("f-doc")}), "application/schema+json");
    const json paging = json::array({ref("bbox"), ref("bbox-crs"), ref("crs"), ref("limit"), ref("offset"), ref("datetime"), ref("resultType"),
                                     ref("filter"), ref("filter-lang"), ref("filter-crs"), ref("sortby"), ref("properties"), ref("f-items")});
    json generic = json::array({ref("collectionId")});
    for (const auto& p : paging) generic.push_back(p);
    paths["/collections/{collectionId}/items"]["get"] =
        items_operation("Features of a collection", ogc, generic,
                  "Each concrete collection path below lists its property filters (code, name, parent_code, type, covered; teams: "
                  "name, hamlet_code, commune_code) and as_of.");
    paths["/collections/{collectionId}/items/{featureId}"]["get"] =
        operation("One feature", ogc, json::array({ref("collectionId"), ref("featureId"), ref("crs"), ref("f")}), "application/geo+json");
    for (const auto& c : collections) {
        json items = paging;
        for (const auto& f : filter_params(c.kind)) items.push_back(f);
        paths["/collections/" + c.id + "/items"]["get"] = items_operation(c.title + ": features", ogc, items);
        json item = json::array({ref("featureId"), ref("crs"), ref("f")});
        if (c.kind != "units") item.push_back(q("as_of"));
        paths["/collections/" + c.id + "/items/{featureId}"]["get"] = operation(c.title + ": one feature", ogc, item, "application/geo+json");
    }
    add_other_paths(paths);
    return {{"openapi", "3.0.3"},
            {"info",
             {{"title", "covermap"},
              {"version", "1.0.0"},
              {"description",
               "Coverage of Vietnam's Community Digital Technology Teams: boundaries, teams and coverage as OGC API - Features, "
               "vector tiles and statistics. Personal data (leaders, phone numbers) is never published."}}},
            {"servers", {{{"url", base_url}}}},
            {"paths", paths},
            {"components", components}};
}

std::string openapi_html(const json& document) {
    std::string html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>covermap API</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
        "body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "h2{margin-top:2rem;font-size:1.1rem}code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse;width:100%;margin:.4rem 0}"
        "td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f7f7f7}"
        ".m{font-weight:bold;color:#05c}</style></head><body>";
    const auto& info = document["info"];
    html += "<h1>" + escape(info["title"].get<std::string>()) + " API</h1><p>" + escape(info["description"].get<std::string>()) +
            "</p><p>Machine-readable: <a href=\"api\">OpenAPI 3.0 document</a> · <a href=\"collections\">collections</a> · "
            "<a href=\"conformance\">conformance</a> · <a href=\"map\">web map</a></p>";
    const auto& parameters = document["components"]["parameters"];
    for (const auto& [path, methods] : document["paths"].items()) {
        for (const auto& [method, op] : methods.items()) {
            html += "<h2><span class=\"m\">" + escape(method == "get" ? "GET" : "POST") + "</span> <code>" + escape(path) + "</code></h2><p>" +
                    escape(op["summary"].get<std::string>()) + "</p>";
            if (op.contains("description")) html += "<p>" + escape(op["description"].get<std::string>()) + "</p>";
            if (op["parameters"].empty()) continue;
            html += "<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr>";
            for (const auto& raw : op["parameters"]) {
                const json& p = raw.contains("$ref") ? parameters[raw["$ref"].get<std::string>().substr(24)] : raw;
                std::string type = p["schema"].value("type", "");
                if (p["schema"].contains("default")) type += " (default " + p["schema"]["default"].dump() + ")";
                if (p["schema"].contains("maximum")) type += ", max " + p["schema"]["maximum"].dump();
                html += "<tr><td><code>" + escape(p["name"].get<std::string>()) + "</code></td><td>" + escape(p["in"].get<std::string>()) +
                        "</td><td>" + escape(type) + "</td><td>" + escape(p["description"].get<std::string>()) + "</td></tr>";
            }
            html += "</table>";
        }
    }
    return html + "</body></html>";
}

}  // namespace covermap::api
