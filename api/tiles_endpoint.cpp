#include "api/tiles_endpoint.hpp"

#include <nlohmann/json.hpp>


#include "api/params.hpp"
#include "api/scope.hpp"
#include "core/error.hpp"
#include "tiles/compress.hpp"
#include "tiles/tilesets.hpp"

namespace covermap::api {
namespace {

constexpr const char* mvt_type = "application/vnd.mapbox-vector-tile";

const tiles::tileset_spec& tileset_named(const std::string& name) {
    const auto* ts = tiles::find_tileset(name);
    if (!ts) throw not_found("unknown tileset '" + name + "'; tilesets: " + tiles::tileset_names());
    return *ts;
}

// The catalogue and the scope of the request's edition / as_of (unknown values: 400).
struct scoped {
    std::shared_ptr<const tiles::catalogue> catalogue;
    tiles::tile_scope scope;
};
scoped resolve_scope(services& svc, const query_params& params) {
    scoped out;
    out.catalogue = svc.tiles.current_catalogue();
    out.scope = tiles::tile_engine::resolve(*out.catalogue, params.text("edition"), params.text("as_of"), params.text("compare"));
    return out;
}

// The query string pinning a tile URL to the scope: edition, the snapshot when there is one, and
// the snapshot compared with.
std::string scope_query(const tiles::tile_scope& scope) {
    std::string q = "?edition=" + url_encode(scope.edition->name);
    if (scope.as_of) q += "&as_of=" + *scope.as_of;
    if (scope.compare) q += "&compare=" + *scope.compare;
    return q;
}

std::string tileset_url(const request& req, const std::string& name) { return req.base_url + "/tiles/" + name; }

// The converted snapshot of the scope, if any: the one shown, else the one compared with (a change
// across the reform).
const catalog::snapshot* converted_of(const tiles::tile_scope& scope) {
    for (const auto& date : {scope.as_of, scope.compare}) {
        const auto* s = date ? scope.edition->find(*date) : nullptr;
        if (s && s->converted()) return s;
    }
    return nullptr;
}

// A snapshot converted from another edition's registry says so, like every coverage answer.
void mark_scope(response& r, const tiles::tile_scope& scope, nlohmann::json* doc = nullptr) {
    if (doc && scope.compare) (*doc)["compare"] = *scope.compare;
    const auto* converted = converted_of(scope);
    if (!converted) return;
    mark_conversion(r, snapshot_ref{converted->as_of, converted->converted_from, converted->method, 0}, scope.edition->name, doc);
    if (doc) {
        (*doc)["conversion"]["levels"] = converted->levels;
        (*doc)["conversion"]["as_of"] = converted->as_of;
    }
}

}  // namespace

std::string tile_etag(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char hex[19];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return std::string("\"") + hex + "\"";
}

bool not_modified(response& r, const request& req, const std::string& etag, bool gzip) {
    const std::string sent_etag = gzip ? etag.substr(0, etag.size() - 1) + "-gz\"" : etag;
    r.headers.emplace_back("ETag", sent_etag);
    const auto inm = req.header("if-none-match");
    if (!inm || !(etag_matches(*inm, sent_etag) || etag_matches(*inm, etag))) return false;
    r.status = 304;
    return true;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
    std::size_t pos = 0;
    while (pos < if_none_match.size()) {
        std::size_t end = if_none_match.find(',', pos);
        if (end == std::string::npos) end = if_none_match.size();
        std::string tag = if_none_match.substr(pos, end - pos);
        const auto first = tag.find_first_not_of(" \t");
        const auto last = tag.find_last_not_of(" \t");
        tag = first == std::string::npos ? std::string() : tag.substr(first, last - first + 1);
        if (tag == "*") return true;
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);  // If-None-Match compares weakly
        if (tag == etag) return true;
        pos = end + 1;
    }
    return false;
}

response list_tilesets(const request& req, services& svc) {
    const query_params params(req, {"edition", "as_of", "compare"});
    const auto [catalogue, scope] = resolve_scope(svc, params);
    nlohmann::json sets = nlohmann::json::array();
    for (const auto& ts : tiles::tilesets()) {
        nlohmann::json layers = nlohmann::json::array();
        for (const auto& l : ts.layers) {
            layers.push_back({{"id", l.name},
                              {"level", l.level},
                              {"minzoom", l.min_zoom},
                              {"maxzoom", l.max_zoom},
                              {"available", scope.edition->has_level(l.level)}});
        }
        const std::string query = scope_query(scope);
        sets.push_back({{"name", ts.name},
                        {"description", ts.description},
                        {"minzoom", ts.min_zoom()},
                        {"maxzoom", ts.max_zoom()},
                        {"layers", layers},
                        {"tilejson", tileset_url(req, ts.name) + ".json" + query},
                        {"tiles", tileset_url(req, ts.name) + "/{z}/{x}/{y}.mvt" + query}});
    }
    response r;
    nlohmann::json doc{{"edition", scope.edition->name},
                       {"as_of", scope.as_of ? nlohmann::json(*scope.as_of) : nlohmann::json()},
                       {"tilesets", sets}};
    mark_scope(r, scope, &doc);
    r.body = doc.dump();
    return r;
}

response tilejson(const request& req, services& svc) {
    const std::string& file = req.path_params.at("tileset");
    const std::string suffix = ".json";
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) {
        throw not_found("no such resource: " + req.path + " (TileJSON is /tiles/{tileset}.json, tiles "
                        "/tiles/{tileset}/{z}/{x}/{y}.mvt)");
    }
    const auto& ts = tileset_named(file.substr(0, file.size() - suffix.size()));
    const query_params params(req, {"edition", "as_of", "compare"});
    const auto [catalogue, scope] = resolve_scope(svc, params);

    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : ts.layers) {
        if (!scope.edition->has_level(l.level)) continue;
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& f : svc.tiles.fields(scope, l)) fields[f.name] = f.type;
        layers.push_back({{"id", l.name},
                          {"description", l.labels ? "Label points (one per unit, in one tile) of level " + l.level + "; feature id = unit id"
                                                   : "Units of level " + l.level + "; feature id = unit id"},
                          {"minzoom", l.min_zoom},
                          {"maxzoom", l.max_zoom},
                          {"fields", fields}});
    }
    const geo::box b = scope.edition->bounds.value_or(geo::box{-180, -85.0511, 180, 85.0511});
    const int center_zoom = std::min(std::max(ts.min_zoom(), 5), ts.max_zoom());
    nlohmann::json doc{{"tilejson", "3.0.0"},
                       {"name", ts.name},
                       {"description", ts.description},
                       {"version", "1.0.0"},
                       {"attribution", "covermap"},
                       {"scheme", "xyz"},
                       {"tiles", {tileset_url(req, ts.name) + "/{z}/{x}/{y}.mvt" + scope_query(scope)}},
                       {"minzoom", ts.min_zoom()},
                       {"maxzoom", ts.max_zoom()},
                       {"bounds", {b.min_x, b.min_y, b.max_x, b.max_y}},
                       {"center", {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2, center_zoom}},
                       {"vector_layers", layers},
                       {"edition", scope.edition->name},
                       {"as_of", scope.as_of ? nlohmann::json(*scope.as_of) : nlohmann::json()}};
    response r;
    mark_scope(r, scope, &doc);
    if (const auto* converted = converted_of(scope)) {
        doc["attribution"] = "covermap; registry of " + converted->as_of + " on edition " + *converted->converted_from +
                             "'s units, converted to " + scope.edition->name;
    }
    r.body = doc.dump();
    r.headers.emplace_back("Cache-Control", svc.tile_cache_control);
    return r;
}

response get_tile(const request& req, services& svc) {
    const auto& ts = tileset_named(req.path_params.at("tileset"));
    const std::string path = req.path_params.at("z") + "/" + req.path_params.at("x") + "/" + req.path_params.at("y");
    const auto tile = tiles::parse_tile_path(path);
    if (!tile) {
        throw bad_request("malformed tile path '" + path + "': expected /tiles/" + ts.name + "/{z}/{x}/{y}.mvt (or .pbf)");
    }
    if (!tiles::in_grid(*tile)) {
        throw bad_request("tile " + path + " is outside the grid: 0 ≤ z ≤ " + std::to_string(tiles::max_zoom) +
                          " and 0 ≤ x, y < 2^z");
    }
    const query_params params(req, {"edition", "as_of", "compare"});
    const auto [catalogue, scope] = resolve_scope(svc, params);
    const bool gzip_ok = tiles::accepts_gzip(req.header("accept-encoding").value_or(""));

    // The tile: from the cache, or built now (and cached as gzip when the cache is on).
    std::string raw;
    std::string etag;
    std::shared_ptr<const tiles::cached_tile> cached;
    bool hit = false;
    const std::string key = ts.name + "/" + std::to_string(tile->z) + "/" + std::to_string(tile->x) + "/" +
                            std::to_string(tile->y) + "?" + scope.edition->name + "&" + scope.as_of.value_or("") +
                            "~" + scope.compare.value_or("") + "#" + std::to_string(scope.version);
    if (svc.tile_cache.enabled()) {
        cached = svc.tile_cache.get(key, scope.version);
        hit = cached != nullptr;
    }
    if (!cached) {
        raw = svc.tiles.render(ts, *tile, scope);
        etag = tile_etag(raw);
        if (svc.tile_cache.enabled()) {
            auto entry = std::make_shared<tiles::cached_tile>();
            if (!raw.empty()) entry->gzip = std::make_shared<const std::string>(tiles::gzip(raw, svc.tile_gzip_level));
            entry->etag = etag;
            entry->raw_size = raw.size();
            entry->version = scope.version;
            svc.tile_cache.put(key, entry);
            cached = entry;
        }
    } else {
        etag = cached->etag;
    }
    const bool empty = cached ? cached->raw_size == 0 : raw.empty();

    response r;
    r.content_type = mvt_type;
    mark_scope(r, scope);
    r.headers.emplace_back("Cache-Control", svc.tile_cache_control);
    r.headers.emplace_back("Vary", "Accept-Encoding");
    r.headers.emplace_back("X-Cache", hit ? "hit" : "miss");
    if (empty) {
        r.status = 204;
        return r;
    }
    if (not_modified(r, req, etag, gzip_ok)) return r;
    if (gzip_ok) {
        r.headers.emplace_back("Content-Encoding", "gzip");
        if (cached) {
            r.shared_body = cached->gzip;
        } else {
            r.body = tiles::gzip(raw, svc.tile_gzip_level);
        }
    } else {
        r.body = cached ? tiles::gunzip(*cached->gzip) : std::move(raw);
    }
    return r;
}

}  // namespace covermap::api
