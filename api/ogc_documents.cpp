#include "api/ogc_documents.hpp"

#include <nlohmann/json.hpp>

#include "api/cql2.hpp"
#include "api/items_params.hpp"
#include "api/ogc_collections.hpp"
#include "api/openapi.hpp"
#include "api/params.hpp"

namespace covermap::api {

using json = nlohmann::json;
using ogc::collection_kind;

namespace {

// `work` on the catalogue at the version a held read sees (a connection lost on the way: 503).
template <typename Fn>
response with_catalogue(services& svc, Fn&& work) {
    auto read = open_read(svc);
    return guarded(*read, [&] { return work(*svc.catalogue.get(read->tx)); });
}

// `work` on the collection the path names (none: 404).
template <typename Fn>
response with_collection(const request& req, services& svc, Fn&& work) {
    return with_catalogue(svc, [&](const catalog::catalogue& cat) {
        return work(resolve_collection(cat, req.path_params.at("collection")));
    });
}

}  // namespace

bool wants_html(const request& req) {
    const auto f = req.query.find("f");
    if (f != req.query.end()) return f->second == "html";
    const auto accept = req.header("accept");
    return accept && accept->find("text/html") != std::string::npos;
}
response landing_page(const request& req, services&) {
    const query_params params(req, {"f"});
    if (const auto f = params.text("f"); f && *f != "json") throw bad_request("parameter 'f': '" + *f + "' is not json or html");
    const std::string& b = req.base_url;
    return json_response(
        {{"title", "covermap"},
         {"description", "Community Digital Technology Teams of Vietnam: administrative boundaries, teams and their coverage "
                         "(OGC API - Features, vector tiles, statistics)."},
         {"links",
          {{{"rel", "self"}, {"type", json_type}, {"title", "This document"}, {"href", b + "/?f=json"}},
           {{"rel", "alternate"}, {"type", "text/html"}, {"title", "The web map"}, {"href", b + "/map"}},
           {{"rel", "service-desc"}, {"type", "application/vnd.oai.openapi+json;version=3.0"}, {"title", "The API definition"}, {"href", b + "/api"}},
           {{"rel", "service-doc"}, {"type", "text/html"}, {"title", "The API documentation"}, {"href", b + "/api.html"}},
           {{"rel", "conformance"}, {"type", json_type}, {"title", "Conformance classes"}, {"href", b + "/conformance"}},
           {{"rel", "data"}, {"type", json_type}, {"title", "Collections"}, {"href", b + "/collections"}},
           {{"rel", "tiles"}, {"type", json_type}, {"title", "Vector tilesets"}, {"href", b + "/tiles"}}}}});
}

response conformance(const request& req, services&) {
    const query_params params(req, {"f"});
    return json_response({{"conformsTo",
                           {"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
                            // Part 3 and CQL2 (api/cql2.*, api/items_params.*): only what is implemented.
                            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
                            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                            "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
                            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions"}}});
}

response openapi_document(const request& req, services& svc) {
    const query_params params(req, {"f"});
    return with_catalogue(svc, [&](const catalog::catalogue& cat) {
        std::vector<openapi_collection> collections;
        for (const auto& c : all_collections(cat)) {
            collections.push_back({c.id, title_of(c), kind_name(c.ref.kind)});
        }
        return json_response(build_openapi(req.base_url, collections), "application/vnd.oai.openapi+json;version=3.0");
    });
}

response api_html(const request& req, services& svc) {
    const query_params params(req, {});
    return with_catalogue(svc, [&](const catalog::catalogue& cat) {
        std::vector<openapi_collection> collections;
        for (const auto& c : all_collections(cat)) collections.push_back({c.id, title_of(c), ""});
        response r;
        r.content_type = "text/html; charset=utf-8";
        r.body = openapi_html(build_openapi(req.base_url, collections));
        r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + svc.web.frame_ancestors);
        r.headers.emplace_back("X-Content-Type-Options", "nosniff");
        r.headers.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
        return r;
    });
}

response list_collections(const request& req, services& svc) {
    const query_params params(req, {"f"});
    return with_catalogue(svc, [&](const catalog::catalogue& cat) {
        json list = json::array();
        for (const auto& c : all_collections(cat)) list.push_back(collection_json(req, c));
        return json_response({{"links", {{{"rel", "self"}, {"type", json_type}, {"href", req.base_url + "/collections"}}}},
                              {"crs", crs_list()},
                              {"collections", list}});
    });
}

response get_collection(const request& req, services& svc) {
    const query_params params(req, {"f"});
    return with_collection(req, svc, [&](const collection& c) { return json_response(collection_json(req, c)); });
}

response collection_queryables(const request& req, services& svc) {
    const query_params params(req, {"f"});
    return with_collection(req, svc, [&](const collection& c) {
        // A client that accepts application/json only (GDAL 3.6's OAPIF driver) gets it under that type.
        const auto accept = req.header("accept");
        const bool plain_json = accept && accept->find("schema+json") == std::string::npos &&
                                accept->find("application/json") != std::string::npos;
        json properties = json::object();
        for (const auto& p : queryable_properties(kind_name(c.ref.kind))) {
            json s = {{"title", p.title}};
            if (p.q.type == cql2::value_type::geometry) {
                s["x-ogc-role"] = "primary-geometry";
            } else {
                s["type"] = cql2::type_name(p.q.type);
            }
            if (!p.format.empty()) s["format"] = p.format;
            properties[p.q.name] = s;
        }
        return json_response({{"$schema", "https://json-schema.org/draft/2019-09/schema"},
                              {"$id", req.base_url + req.path},
                              {"type", "object"},
                              {"title", title_of(c)},
                              {"properties", properties},
                              {"additionalProperties", false}},
                             plain_json ? json_type : schema_type);
    });
}

response collection_schema(const request& req, services& svc) {
    const query_params params(req, {"f"});
    return with_collection(req, svc, [&](const collection& c) {
        const std::string kind = kind_name(c.ref.kind);
        json properties = json::object();
        for (const auto& p : feature_properties(kind)) {
            json s = {{"type", p.type}, {"description", p.description}};
            if (!p.format.empty()) s["format"] = p.format;
            properties[p.name] = s;
        }
        const bool points = c.ref.kind == collection_kind::teams || c.ref.level == "hamlet";
        return json_response(
            {{"$schema", "https://json-schema.org/draft/2019-09/schema"},
             {"$id", req.base_url + req.path},
             {"title", title_of(c)},
             {"type", "object"},
             {"required", {"type", "geometry", "properties"}},
             {"properties",
              {{"type", {{"type", "string"}, {"enum", {"Feature"}}}},
               {"id", {{"type", "integer"}}},
               {"geometry", {{"description", points ? "Point (a hamlet may also be a MultiPolygon)" : "MultiPolygon"}}},
               {"properties", {{"type", "object"}, {"properties", properties}}}}}},
            schema_type);
    });
}

}  // namespace covermap::api
