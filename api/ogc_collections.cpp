#include "api/ogc_collections.hpp"

#include <algorithm>

#include "api/items_formats.hpp"

namespace covermap::api {
namespace {

using json = nlohmann::json;
using ogc::collection_kind;

}  // namespace

const char* kind_name(collection_kind kind) {
    return kind == collection_kind::units ? "units" : kind == collection_kind::teams ? "teams" : "coverage";
}

std::vector<collection> all_collections(const catalog::catalogue& cat) {
    std::vector<collection> out;
    // The default edition first, then the others in the order they were made.
    std::vector<const catalog::edition*> order;
    for (const auto& e : cat.editions) order.push_back(&e);
    std::sort(order.begin() + (order.empty() ? 0 : 1), order.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
    for (const auto* e : order) {
        const bool is_default = e == cat.default_edition();
        auto add = [&](collection_kind kind, const catalog::level& lv) {
            collection c;
            c.ref = {kind, kind == collection_kind::teams ? "" : lv.name, e->name};
            c.edition = e;
            c.level = &lv;
            c.is_default = is_default;
            c.id = ogc::collection_id(c.ref, e->name, is_default);
            out.push_back(std::move(c));
        };
        for (const auto& lv : e->levels) add(collection_kind::units, lv);
        if (e->snapshots.empty()) continue;
        for (const auto& lv : e->levels) {
            if (lv.name == "hamlet" && e->latest(true)) add(collection_kind::teams, lv);
        }
        for (const auto& lv : e->levels) {
            if (std::any_of(e->snapshots.begin(), e->snapshots.end(), [&](const auto& s) { return s.has_level(lv.name); })) {
                add(collection_kind::coverage, lv);
            }
        }
    }
    return out;
}

collection resolve_collection(const catalog::catalogue& cat, const std::string& id) {
    const auto ref = ogc::parse_collection_id(id);
    if (ref) {
        const std::string edition = ref->edition.value_or(cat.default_edition() ? cat.default_edition()->name : "");
        for (auto& c : all_collections(cat)) {
            if (c.ref.kind == ref->kind && c.ref.level == ref->level && c.edition->name == edition) {
                c.id = id;  // "communes_2025" stays what the client asked for
                return c;
            }
        }
    }
    throw not_found("no collection '" + id + "'; GET /collections lists them");
}

namespace {
std::string rfc3339(const std::optional<std::string>& date) { return date ? *date + "T00:00:00Z" : std::string(); }

namespace {
json interval(const std::optional<std::string>& from, const std::optional<std::string>& to) {
    return json::array({json::array({from ? json(rfc3339(from)) : json(nullptr), to ? json(rfc3339(to)) : json(nullptr)})});
}
}  // namespace
}  // namespace

std::string title_of(const collection& c) {
    const std::string level = c.ref.level.empty() ? "" : c.ref.level;
    std::string t = c.ref.kind == collection_kind::teams      ? "Community digital technology teams"
                    : c.ref.kind == collection_kind::coverage ? "Team coverage by " + level
                                                              : ogc::plural(level);
    if (c.ref.kind == collection_kind::units) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    return t + " (" + c.edition->name + ")";
}

namespace {
std::string description_of(const collection& c) {
    switch (c.ref.kind) {
        case collection_kind::teams:
            return "Teams of the registry snapshot (as_of; default the latest), placed at their hamlet (or commune). "
                   "Public fields only. datetime filters on the founding date.";
        case collection_kind::coverage:
            return "Every " + c.ref.level + " with its team coverage figures for one registry snapshot (as_of or datetime: "
                   "the snapshot in force at that date; default the latest).";
        default:
            return "Administrative boundaries: " + ogc::plural(c.ref.level) + " of edition " + c.edition->name +
                   ". covered tells whether a hamlet of the unit has a team in the latest snapshot.";
    }
}
}  // namespace

json crs_list() {
    json list = json::array();
    for (const auto& crs : ogc::supported_crs()) list.push_back(crs.uri);
    return list;
}

json collection_json(const request& req, const collection& c) {
    const std::string href = req.base_url + "/collections/" + c.id;
    json extent = json::object();
    if (c.level && c.level->bbox) {
        const geo::box& b = *c.level->bbox;
        extent["spatial"] = {{"bbox", json::array({json::array({b.min_x, b.min_y, b.max_x, b.max_y})})}, {"crs", ogc::crs84().uri}};
    }
    std::optional<std::string> from, to;
    if (c.ref.kind == collection_kind::units) {
        from = c.edition->valid_from;
        to = c.edition->valid_to;
    } else if (c.ref.kind == collection_kind::coverage) {
        for (auto s = c.edition->snapshots.rbegin(); s != c.edition->snapshots.rend(); ++s) {  // oldest first
            if (!s->has_level(c.ref.level)) continue;
            if (!from) from = s->as_of;
            to = s->as_of;
        }
    } else {
        from = c.edition->latest(true)->first_founded;
        to = c.edition->latest(true)->last_founded;
    }
    extent["temporal"] = {{"interval", interval(from, to)}, {"trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}};
    return {{"id", c.id},
            {"title", title_of(c)},
            {"description", description_of(c)},
            {"extent", extent},
            {"itemType", "feature"},
            {"crs", crs_list()},
            {"storageCrs", ogc::crs84().uri},
            {"links",
             {{{"rel", "self"}, {"type", json_type}, {"title", "This collection"}, {"href", href}},
              {{"rel", "items"}, {"type", geojson_type}, {"title", "Its features"}, {"href", href + "/items"}},
              {{"rel", "items"}, {"type", items_content_type(items_format::csv)}, {"title", "Its features as CSV (geometry as WKT)"},
               {"href", href + "/items?f=csv"}},
              {{"rel", "items"}, {"type", items_content_type(items_format::fgb)}, {"title", "Its features as FlatGeobuf"},
               {"href", href + "/items?f=fgb"}},
              {{"rel", "queryables"}, {"type", schema_type}, {"title", "Properties to filter on"}, {"href", href + "/queryables"}},
              {{"rel", "describedby"}, {"type", schema_type}, {"title", "Schema of its features"}, {"href", href + "/schema"}},
              // GDAL 3.6 looks for this spelling only.
              {{"rel", "describedBy"}, {"type", schema_type}, {"title", "Schema of its features"}, {"href", href + "/schema"}}}}};
}

std::shared_ptr<held_read> open_read(services& svc) {
    auto lease = svc.pool.acquire();
    return db::guarded(lease, [&] { return std::make_shared<held_read>(std::move(lease)); });
}

response json_response(const json& body, const std::string& type) {
    response r;
    r.content_type = type;
    r.body = body.dump();
    return r;
}

}  // namespace covermap::api
