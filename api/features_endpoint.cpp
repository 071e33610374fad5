#include "api/features_endpoint.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <unordered_map>

#include "api/download_ranges.hpp"
#include "api/features.hpp"
#include "api/ogc_collections.hpp"
#include "api/items_params.hpp"
#include "api/items_formats.hpp"
#include "api/openapi.hpp"
#include "api/params.hpp"
#include "api/tiles_endpoint.hpp"
#include "api/scope.hpp"
#include "geo/flatgeobuf.hpp"
#include "core/text.hpp"
#include "geo/geojson.hpp"
#include "geo/wkb.hpp"
#include "geo/wkt.hpp"

namespace covermap::api {
namespace {

using json = nlohmann::json;
using ogc::collection_kind;

constexpr long long default_limit = 10;
constexpr long long maximum_limit = 10000;
// Rows per database round trip while streaming a page (ids and properties), and geometries per
// query for those the cache lacks (~6 MB of hex WKB for 250 communes).
constexpr long long chunk_rows = 1000;
constexpr std::size_t geometry_batch = 250;
// Small pieces are gathered up to this size before they go to the sink; a geometry larger than
// `direct_bytes` goes on its own, without a copy into the gathering buffer.
constexpr std::size_t flush_bytes = 64 * 1024;
constexpr std::size_t direct_bytes = 4096;


}  // namespace

namespace {

std::string request_etag(const request& req, long long version, const std::string& salt = {}) {
    std::string key = std::to_string(version) + "|" + req.base_url + "|" + req.path + "|" + salt;
    for (const auto& [k, v] : req.query) key += "|" + k + "=" + v;  // std::map: sorted
    return tile_etag(key);
}

bool not_modified(const request& req, const std::string& etag) {
    const auto inm = req.header("if-none-match");
    return inm && etag_matches(*inm, etag);
}

// The head of a features answer: type, Content-Crs and an ETag from the data version and the
// request; a 304 when the client has it already.
response features_head(const request& req, bool as_json, const ogc::crs_def& crs, long long version) {
    response r;
    r.content_type = as_json ? json_type : geojson_type;
    r.headers.emplace_back("Content-Crs", "<" + crs.uri + ">");
    const std::string etag = request_etag(req, version);
    r.headers.emplace_back("ETag", etag);
    if (not_modified(req, etag)) r.status = 304;
    return r;
}


// The filters and selectors of an items request, validated.
struct items_query {
    std::optional<std::string> code, name, parent_code, type, hamlet_code, commune_code;
    std::optional<bool> covered;
    std::optional<bbox> box;
    std::optional<std::string> as_of;  // the snapshot used (coverage, teams, units' covered)
    bool empty = false;                 // datetime excludes everything
    std::optional<std::string> founded_from, founded_to;
    bool dated = false;
    items_extras extra;  // filter, sortby, properties (api/items_params.*)
};

std::optional<bool> boolean_param(const query_params& params, const std::string& name) {
    const auto v = params.text(name);
    if (!v) return std::nullopt;
    if (*v == "true" || *v == "1") return true;
    if (*v == "false" || *v == "0") return false;
    throw bad_request("parameter '" + name + "': '" + *v + "' is not a boolean (true, false, 1 or 0)");
}

// The edition's snapshots, oldest first.
std::string snapshot_list(const catalog::edition& e) {
    std::string list;
    for (auto s = e.snapshots.rbegin(); s != e.snapshots.rend(); ++s) list += (list.empty() ? "" : ", ") + s->as_of;
    return list;
}

// The latest snapshot of the edition's own (units: what `covered` counts), if any.
std::optional<std::string> latest_own(const collection& c) {
    const auto* s = c.edition->latest(true);
    return s ? std::optional<std::string>(s->as_of) : std::nullopt;
}

// The as_of parameter (a current snapshot of the edition) or the latest snapshot. Teams are only
// in the edition's own snapshots; coverage also in those converted from another edition, for the
// levels they have figures for.
std::optional<std::string> snapshot_param(const query_params& params, const collection& c) {
    const auto as_of = params.text("as_of");
    if (!as_of) {
        const auto* latest = c.edition->latest(c.ref.kind == collection_kind::teams);
        return latest ? std::optional<std::string>(latest->as_of) : std::nullopt;
    }
    const auto* s = c.edition->find(*as_of);
    if (!s) {
        throw bad_request("parameter 'as_of': edition " + c.edition->name + " has no registry snapshot " + *as_of + "; snapshots: " +
                          snapshot_list(*c.edition));
    }
    if (s->converted() && (c.ref.kind == collection_kind::teams || !s->has_level(c.ref.level))) {
        throw bad_request("parameter 'as_of': the snapshot of " + *as_of + " is edition " + *s->converted_from +
                          "'s carried onto edition " + c.edition->name + (c.ref.kind == collection_kind::teams
                              ? "; its teams are in edition " + *s->converted_from + "'s teams collection"
                              : ", with figures for " + core::join_list(s->levels) + ", not for " + c.ref.level));
    }
    return as_of;
}

// A coverage answer from a converted snapshot says so (Content-Crosswalk), like /api/stats.
void mark_converted(response& r, const collection& c, const std::optional<std::string>& as_of) {
    if (c.ref.kind != collection_kind::coverage || !as_of) return;
    const auto* s = c.edition->find(*as_of);
    if (!s || !s->converted_from) return;
    r.headers.emplace_back("Content-Crosswalk", crosswalk_header({s->as_of, s->converted_from, s->method, 0}, c.edition->name));
}

std::vector<const char*> item_parameters(const collection& c) {
    std::vector<const char*> names = {"crs", "f"};
    if (c.ref.kind != collection_kind::units) names.push_back("as_of");
    return names;
}

const ogc::crs_def& output_crs(const query_params& params) {
    const auto crs = params.text("crs");
    return crs ? ogc::find_crs(*crs, "crs") : ogc::crs84();
}

bool json_format(const query_params& params) {
    const auto f = params.text("f");
    if (!f || *f == "geojson") return false;
    if (*f == "json") return true;
    throw bad_request("parameter 'f': '" + *f + "' is not a format of this resource (geojson, json)");
}

// Writes one page's features, chunk by chunk, into `sink`.
struct page_writer {
    std::shared_ptr<held_read> read;
    collection c;
    items_query q;
    long long offset, limit;
    geo::geojson_format format;
    geometry_cache* cache;
    long long version;
    int crs;  // EPSG code, 0 for CRS84: the cache key with the unit id
    mutable long long streamed = 0;  // rows fetched so far: a sorted page continues by offset
    // What the features are written as: GeoJSON features (geojson, json), CSV rows (geometry as
    // WKT) or FlatGeobuf features (the geometry as its FlatBuffers table).
    items_format output = items_format::geojson;

    bool geojson_output() const { return output == items_format::geojson || output == items_format::json; }
    // The cache holds each format's encoding of a geometry apart (EPSG codes stay below 100,000).
    int cache_key() const { return crs + (output == items_format::csv ? 100000 : output == items_format::fgb ? 200000 : 0); }

    void run(const body_sink& sink, std::string& out) const {
        std::optional<long long> after;
        long long remaining = limit;
        bool first = true;
        while (remaining > 0) {
            const long long n = std::min(remaining, chunk_rows);
            const auto rows = fetch(after, after ? 0 : offset, n);
            const auto shapes = geometries(rows);
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const auto& geometry = shapes[i];
                if (!geojson_output()) {
                    append_download_row(out, rows[i], geometry);
                } else {
                    if (!first) out += ',';
                    first = false;
                    if (geometry && geometry->size() > direct_bytes) {
                        out += "{\"type\":\"Feature\",\"id\":";
                        out += rows[i][0].c_str();
                        out += ",\"geometry\":";
                        sink(out);
                        out.clear();
                        sink(*geometry);
                        out += ",\"properties\":";
                        out += rows[i][1].c_str();
                        out += '}';
                    } else {
                        append_feature(out, rows[i], geometry);
                    }
                }
                if (out.size() >= flush_bytes) {
                    sink(out);
                    out.clear();
                }
            }
            remaining -= static_cast<long long>(rows.size());
            if (static_cast<long long>(rows.size()) < n) break;
            after = rows.back()[0].as<long long>();
        }
    }

    // The bbox as the SQL's four nullable corners.
    std::array<std::optional<double>, 4> corners() const {
        if (!q.box) return {};
        return {q.box->min_x, q.box->min_y, q.box->max_x, q.box->max_y};
    }

    pqxx::result fetch(std::optional<long long> after, long long off, long long n) const {
        auto& tx = read->tx;
        const auto [x0, y0, x1, y1] = corners();
        if (q.extra.active()) {
            // A sorted page is not in id order: its next chunk starts after the rows streamed.
            if (q.extra.sorted() && after) {
                off = offset + streamed;
                after.reset();
            }
            const auto sql = items_page_sql(kind_name(c.ref.kind), q.extra);
            const auto values = pqxx::prepare::make_dynamic_params(sql.params);
            auto rows = c.ref.kind == collection_kind::teams
                            ? tx.exec_params(sql.sql, c.edition->id, q.as_of, q.name, q.hamlet_code, q.commune_code, q.founded_from,
                                             q.founded_to, q.dated, x0, y0, x1, y1, after, off, n, c.edition->name, q.extra.properties, values)
                            : tx.exec_params(sql.sql, c.edition->id, c.ref.level, q.code, q.name, q.parent_code, q.type, q.covered, q.as_of,
                                             x0, y0, x1, y1, after, off, n, c.edition->name, c.ref.kind == collection_kind::coverage,
                                             q.extra.properties, values);
            streamed += static_cast<long long>(rows.size());
            return rows;
        }
        if (c.ref.kind == collection_kind::teams) {
            return tx.exec_prepared("ogc_teams_page", c.edition->id, q.as_of, q.name, q.hamlet_code, q.commune_code, q.founded_from,
                                    q.founded_to, q.dated, x0, y0, x1, y1, after, off, n, c.edition->name);
        }
        return tx.exec_prepared("ogc_units_page", c.edition->id, c.ref.level, q.code, q.name, q.parent_code, q.type, q.covered, q.as_of,
                                x0, y0, x1, y1, after, off, n, c.edition->name, c.ref.kind == collection_kind::coverage);
    }

    long long count() const {
        const auto [x0, y0, x1, y1] = corners();
        auto& tx = read->tx;
        if (q.extra.filter) {
            const auto sql = items_count_sql(kind_name(c.ref.kind), q.extra);
            const auto values = pqxx::prepare::make_dynamic_params(sql.params);
            if (c.ref.kind == collection_kind::teams) {
                return tx.exec_params(sql.sql, c.edition->id, q.as_of, q.name, q.hamlet_code, q.commune_code, q.founded_from, q.founded_to,
                                      q.dated, x0, y0, x1, y1, values)[0][0].as<long long>();
            }
            return tx.exec_params(sql.sql, c.edition->id, c.ref.level, q.code, q.name, q.parent_code, q.type, q.covered, q.as_of, x0, y0,
                                  x1, y1, values)[0][0].as<long long>();
        }
        if (c.ref.kind == collection_kind::teams) {
            return tx.exec_prepared1("ogc_teams_count", c.edition->id, q.as_of, q.name, q.hamlet_code, q.commune_code, q.founded_from,
                                     q.founded_to, q.dated, x0, y0, x1, y1)[0].as<long long>();
        }
        return tx.exec_prepared1("ogc_units_count", c.edition->id, c.ref.level, q.code, q.name, q.parent_code, q.type, q.covered, q.as_of,
                                 x0, y0, x1, y1)[0].as<long long>();
    }

    // A geometry as the output format writes it: GeoJSON, WKT (CSV) or a FlatGeobuf Geometry
    // table; "null" or empty for none. WKT and FlatGeobuf put x (east, longitude) first in every CRS.
    std::shared_ptr<const std::string> encode(const pqxx::field& hex) const {
        if (geojson_output() && hex.is_null()) return std::make_shared<const std::string>("null");
        auto text = std::make_shared<std::string>();
        if (hex.is_null()) return text;
        const auto bytes = geo::hex_decode(hex.c_str());
        if (geojson_output()) {
            geo::append_geojson(*text, bytes.data(), bytes.size(), format);
            return text;
        }
        const auto shape = geo::read_shape(bytes.data(), bytes.size(), format.transform);
        if (output == items_format::csv) {
            geo::append_wkt(*text, shape, format.decimals);
        } else {
            *text = geo::fgb::encode_geometry(shape);
        }
        return text;
    }

    // One CSV row or FlatGeobuf feature.
    void append_download_row(std::string& out, const pqxx::row& row, const std::shared_ptr<const std::string>& geometry) const {
        const std::string kind = kind_name(c.ref.kind);
        const std::string_view props(row[1].c_str(), row[1].size());
        if (output == items_format::csv) {
            append_csv_row(out, kind, row[0].c_str(), props, geometry ? std::string_view(*geometry) : std::string_view());
        } else {
            append_fgb_feature(out, kind, row[0].as<long long>(), props, geometry ? std::string_view(*geometry) : std::string_view());
        }
    }

    // The rows' geometries as GeoJSON. Teams carry theirs (points); units' come from the cache,
    // and those it lacks from PostGIS in one query, written once and kept.
    std::vector<std::shared_ptr<const std::string>> geometries(const pqxx::result& rows) const {
        std::vector<std::shared_ptr<const std::string>> out(rows.size());
        if (c.ref.kind == collection_kind::teams) {
            for (std::size_t i = 0; i < rows.size(); ++i) out[i] = encode(rows[i][2]);
            return out;
        }
        std::unordered_map<long long, std::size_t> missing;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const long long id = rows[i][0].as<long long>();
            out[i] = cache->find(version, id, cache_key());
            if (!out[i]) missing[id] = i;
        }
        if (missing.empty()) return out;
        // In batches: a thousand communes at once would be ~26 MB of hex in one result.
        std::vector<long long> wanted;
        for (const auto& [id, index] : missing) wanted.push_back(id);
        for (std::size_t start = 0; start < wanted.size(); start += geometry_batch) {
            std::string list = "{";
            for (std::size_t k = start; k < std::min(wanted.size(), start + geometry_batch); ++k) {
                list += (k > start ? "," : "") + std::to_string(wanted[k]);
            }
            for (const auto& row : read->tx.exec_prepared("ogc_unit_geometries", list + "}")) {
                const long long id = row[0].as<long long>();
                auto text = encode(row[1]);
                cache->put(version, id, cache_key(), text);
                out[missing.at(id)] = std::move(text);
            }
        }
        return out;
    }

    void append_feature(std::string& out, const pqxx::row& row, const std::shared_ptr<const std::string>& geometry) const {
        out += "{\"type\":\"Feature\",\"id\":";
        out += row[0].c_str();
        out += ",\"geometry\":";
        out += geometry ? *geometry : std::string("null");
        out += ",\"properties\":";
        out += row[1].c_str();
        out += '}';
    }
};

std::string link_json(const std::string& rel, const std::string& type, const std::string& href, const std::string& title = {}) {
    json l = {{"rel", rel}, {"type", type}, {"href", href}};
    if (!title.empty()) l["title"] = title;
    return l.dump();
}

}  // namespace
const char* alternate_title(items_format f) {
    switch (f) {
        case items_format::json: return "This page as JSON";
        case items_format::csv: return "This page as CSV (geometry as WKT)";
        case items_format::fgb: return "This page as FlatGeobuf";
        default: return "This page as GeoJSON";
    }
}

// The answer from the whole body, built once and kept by the response's ETag: a 206 slice for a
// single byte range, 416 for one past the end, else the whole body (api/download_ranges.hpp).
void answer_from_kept(const request& req, response& r, const std::function<std::string()>& build) {
    std::string etag;
    for (const auto& [name, value] : r.headers) {
        if (name == "ETag") etag = value;
    }
    const auto bytes = kept_download(etag, build);
    bool unsatisfiable = false;
    const auto range = req.header("range");
    const auto slice = range ? parse_byte_range(*range, bytes->size(), unsatisfiable) : std::nullopt;
    if (unsatisfiable) {
        r.status = 416;
        r.headers.emplace_back("Content-Range", "bytes */" + std::to_string(bytes->size()));
    } else if (slice) {
        r.status = 206;
        r.headers.emplace_back("Content-Range", "bytes " + std::to_string(slice->first) + "-" + std::to_string(slice->last) + "/" +
                                                    std::to_string(bytes->size()));
        r.body = bytes->substr(slice->first, slice->last - slice->first + 1);
    } else {
        r.shared_body = bytes;
    }
}

// A CSV or FlatGeobuf page: the file's head (header row; magic bytes and header with the feature
// count), then the features streamed chunk by chunk. The paging links go into a Link header. A
// HEAD or a Range request gets the file built whole and kept a while (api/download_ranges.hpp).
response download_items(const request& req, response& r, const std::shared_ptr<page_writer>& writer, items_format output,
                        long long limit, long long returned, long long matched) {
    const auto& c = writer->c;
    const std::string kind = kind_name(c.ref.kind);
    writer->output = output;
    writer->format.swap_axes = false;  // WKT and FlatGeobuf: x (east, longitude) first
    r.content_type = items_content_type(output);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + c.id + "." + items_format_name(output) + "\"");
    const long long offset = writer->offset;
    std::string links;
    auto add = [&](const std::string& rel, long long at) {
        links += (links.empty() ? "" : ", ") + std::string("<") + page_link(req, at, limit) + ">; rel=\"" + rel + "\"; type=\"" +
                 items_content_type(output) + "\"";
    };
    if (offset + returned < matched) add("next", offset + limit);
    if (offset > 0) add("prev", offset > limit ? offset - limit : 0);
    if (!links.empty()) r.headers.emplace_back("Link", links);
    r.headers.emplace_back("OGC-NumberMatched", std::to_string(matched));
    std::string head;
    if (output == items_format::csv) {
        head = csv_header(kind);
    } else {
        using geo::fgb::geometry_type;
        const auto type = c.ref.kind == collection_kind::teams ? geometry_type::point
                          : c.ref.level == "hamlet"            ? geometry_type::unknown  // points or polygons
                                                               : geometry_type::multi_polygon;
        head = fgb_head(kind, c.id, title_of(c), type, static_cast<unsigned long long>(returned), writer->crs == 0 ? 4326 : writer->crs);
    }
    r.headers.emplace_back("Accept-Ranges", "bytes");
    if (req.header("range") || req.method == "HEAD") {  // GDAL's /vsicurl/: the size, then ranges of one built file
        answer_from_kept(req, r, [&] {
            std::string body, out = head;
            if (returned > 0) writer->run([&body](const std::string& piece) { body += piece; }, out);
            return body + out;
        });
        return r;
    }
    if (returned == 0) {
        r.body = std::move(head);
        return r;
    }
    r.stream = [writer, head](const body_sink& sink) {
        std::string out = head;
        writer->run(sink, out);
        sink(out);
    };
    return r;
}

response collection_items(const request& req, services& svc) {
    auto read = open_read(svc);
    return guarded(*read, [&]() -> response {
        const auto cat = svc.catalogue.get(read->tx);
        const auto c = resolve_collection(*cat, req.path_params.at("collection"));
        std::vector<const char*> allowed = {"bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "resultType", "f"};
        for (const auto& f : property_filters(kind_name(c.ref.kind))) {
            allowed.push_back(f.name.c_str());
        }
        const auto extra_names = extras_parameter_names(kind_name(c.ref.kind));
        for (const auto& name : extra_names) allowed.push_back(name.c_str());
        if (c.ref.kind != collection_kind::units) allowed.push_back("as_of");
        const query_params params(req, allowed);

        // limit: 1..10,000 (larger values are clamped, as the standard allows); offset for paging.
        long long limit = default_limit;
        if (const auto text = params.text("limit")) {
            char* end = nullptr;
            errno = 0;
            const long long n = std::strtoll(text->c_str(), &end, 10);
            if (end == text->c_str() || *end != '\0') throw bad_request("parameter 'limit': '" + *text + "' is not an integer (1.." + std::to_string(maximum_limit) + ")");
            if (n < 1) throw bad_request("parameter 'limit': " + *text + " is below 1");
            limit = errno == ERANGE || n > maximum_limit ? maximum_limit : n;
        }
        const long long offset = params.integer("offset", 0, std::numeric_limits<int>::max()).value_or(0);
        const auto& crs = output_crs(params);
        const auto f = params.text("f");
        const items_format output = parse_items_format(f ? &*f : nullptr);
        const bool as_json = output == items_format::json;
        const bool download = output == items_format::csv || output == items_format::fgb;
        bool hits = false;
        if (const auto rt = params.text("resultType")) {
            if (*rt != "results" && *rt != "hits") throw bad_request("parameter 'resultType': '" + *rt + "' is not results or hits");
            hits = *rt == "hits";
            if (hits && download) {
                throw bad_request("parameter 'resultType': hits is for f=geojson or f=json (a " + std::string(items_format_name(output)) +
                                  " download carries features)");
            }
        }
        items_query q;
        const auto& bbox_crs = params.text("bbox-crs") ? ogc::find_crs(*params.text("bbox-crs"), "bbox-crs") : ogc::crs84();
        if (const auto b = params.text("bbox")) {
            q.box = ogc::parse_bbox(*b, bbox_crs);
            const double area = (q.box->max_x - q.box->min_x) * (q.box->max_y - q.box->min_y);
            if (svc.max_bbox_deg2 > 0 && area > svc.max_bbox_deg2) {
                throw bad_request("parameter 'bbox': the box covers " + std::to_string(static_cast<long long>(area)) +
                                  " square degrees; this server answers at most " + std::to_string(static_cast<long long>(svc.max_bbox_deg2)) +
                                  " (page with limit/offset over a smaller box)");
            }
        }
        else if (params.text("bbox-crs")) throw bad_request("parameter 'bbox-crs' without 'bbox'");
        q.code = params.text("code");
        q.name = params.text("name");
        q.parent_code = params.text("parent_code");
        q.type = params.text("type");
        q.hamlet_code = params.text("hamlet_code");
        q.commune_code = params.text("commune_code");
        if (c.ref.kind != collection_kind::teams) q.covered = boolean_param(params, "covered");
        q.extra = parse_items_extras(params, kind_name(c.ref.kind));
        const auto datetime = params.text("datetime");
        const auto when = datetime ? std::optional<ogc::date_interval>(ogc::parse_datetime(*datetime)) : std::nullopt;
        switch (c.ref.kind) {
            case collection_kind::units:
                q.as_of = latest_own(c);
                q.empty = when && !ogc::overlaps(when->from, when->to, c.edition->valid_from, c.edition->valid_to);
                break;
            case collection_kind::coverage:
                if (when && params.text("as_of")) throw bad_request("parameters 'as_of' and 'datetime' both choose the snapshot; give one");
                q.as_of = snapshot_param(params, c);
                if (when) {  // the snapshot in force at the end of the interval (or at the instant)
                    q.as_of.reset();
                    for (const auto& s : c.edition->snapshots) {  // newest first
                        if ((!when->to || s.as_of <= *when->to) && s.has_level(c.ref.level)) {
                            q.as_of = s.as_of;
                            break;
                        }
                    }
                    q.empty = !q.as_of;
                }
                break;
            case collection_kind::teams:
                q.as_of = snapshot_param(params, c);
                if (when) {
                    q.dated = true;
                    q.founded_from = when->from;
                    q.founded_to = when->to;
                }
                break;
        }

        response r = features_head(req, as_json, crs, cat->version);
        if (r.status == 304) return r;
        mark_converted(r, c, q.as_of);
        auto writer = std::make_shared<page_writer>(
            page_writer{read, c, q, offset, hits ? 0 : limit, ogc::output_format(crs), &svc.geometries, cat->version, crs.epsg});
        const long long matched = q.empty ? 0 : writer->count();
        const long long returned = hits || q.empty ? 0 : std::max(0LL, std::min(limit, matched - offset));
        if (q.empty) writer->limit = 0;

        if (download) return download_items(req, r, writer, output, limit, returned, matched);

        std::string head = "{\"type\":\"FeatureCollection\",\"numberMatched\":" + std::to_string(matched) +
                           ",\"numberReturned\":" + std::to_string(returned) + ",\"links\":[";
        const std::string type = as_json ? json_type : geojson_type;
        head += link_json("self", type, page_link(req, offset, limit), "This page");
        for (const auto alternate : {items_format::geojson, items_format::json, items_format::csv, items_format::fgb}) {
            if (alternate == output) continue;
            request other = req;
            other.query["f"] = items_format_name(alternate);
            head += "," + link_json("alternate", items_content_type(alternate), page_link(other, offset, limit), alternate_title(alternate));
        }
        if (!hits && offset + returned < matched) head += "," + link_json("next", type, page_link(req, offset + limit, limit), "Next page");
        if (!hits && offset > 0) head += "," + link_json("prev", type, page_link(req, offset > limit ? offset - limit : 0, limit), "Previous page");
        head += "," + link_json("collection", json_type, req.base_url + "/collections/" + c.id, "The collection");
        head += "],\"features\":[";
        if (returned == 0) {
            r.body = head + "]}";
            return r;
        }
        if (req.header("range")) {  // a GeoJSON page read through GDAL's /vsicurl/
            answer_from_kept(req, r, [&] {
                std::string body, out = head;
                writer->run([&body](const std::string& piece) { body += piece; }, out);
                return body + out + "]}";
            });
            return r;
        }
        r.stream = [writer, head](const body_sink& sink) {
            std::string out = head;
            writer->run(sink, out);
            out += "]}";
            sink(out);
        };
        return r;
    });
}

response collection_item(const request& req, services& svc) {
    auto read = open_read(svc);
    return guarded(*read, [&]() -> response {
        const auto cat = svc.catalogue.get(read->tx);
        const auto c = resolve_collection(*cat, req.path_params.at("collection"));
        const auto names = item_parameters(c);
        const query_params params(req, names);
        const std::string& raw = req.path_params.at("feature");
        char* end = nullptr;
        const long long fid = std::strtoll(raw.c_str(), &end, 10);
        if (raw.empty() || *end != '\0' || fid <= 0) throw not_found("no feature '" + raw + "' in collection " + c.id);
        const auto& crs = output_crs(params);
        const bool as_json = json_format(params);
        items_query q;
        if (c.ref.kind == collection_kind::teams) {
            const auto rows = read->tx.exec_prepared("ogc_team_snapshot", fid, c.edition->id);
            if (rows.empty()) throw not_found("no feature " + raw + " in collection " + c.id);
            q.as_of = rows[0][0].as<std::string>();
            if (params.text("as_of") && *params.text("as_of") != *q.as_of) throw not_found("team " + raw + " is not in snapshot " + *params.text("as_of"));
        } else {
            q.as_of = c.ref.kind == collection_kind::coverage ? snapshot_param(params, c) : latest_own(c);
        }
        response r = features_head(req, as_json, crs, cat->version);
        if (r.status == 304) return r;
        mark_converted(r, c, q.as_of);
        const page_writer writer{read, c, q, 0, 1, ogc::output_format(crs), &svc.geometries, cat->version, crs.epsg};
        const auto rows = writer.fetch(fid - 1, 0, 1);
        if (rows.empty() || rows[0][0].as<long long>() != fid) throw not_found("no feature " + raw + " in collection " + c.id);
        std::string out;
        writer.append_feature(out, rows[0], writer.geometries(rows)[0]);
        out.pop_back();  // reopen the feature for its links
        const std::string self = req.base_url + "/collections/" + c.id + "/items/" + raw;
        std::string query;
        for (const auto& [k, v] : req.query) {
            if (k != "f") query += (query.empty() ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
        }
        out += ",\"links\":[" + link_json("self", r.content_type, self + query, "This feature") + "," +
               link_json("alternate", as_json ? geojson_type : json_type, self + query + (query.empty() ? "?" : "&") + (as_json ? "f=geojson" : "f=json"),
                         as_json ? "This feature as GeoJSON" : "This feature as JSON") +
               "," + link_json("collection", json_type, req.base_url + "/collections/" + c.id, "The collection") + "]}";
        r.body = std::move(out);
        return r;
    });
}

}  // namespace covermap::api
