#include "api/units_endpoint.hpp"

#include <nlohmann/json.hpp>

#include "api/params.hpp"
#include "api/scope.hpp"

namespace covermap::api {
namespace {

}  // namespace

response list_units(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "parent", "parent_code", "bbox", "limit", "offset"});
    const auto edition_name = params.text("edition");
    const std::string level = params.text("level").value_or("province");
    const auto parent = params.integer("parent", 1, std::numeric_limits<long long>::max());
    const auto parent_code = params.text("parent_code");
    const auto box = params.box("bbox");
    const long long limit = params.integer("limit", 1, max_page_size).value_or(default_page_size);
    const long long offset = params.integer("offset", 0, std::numeric_limits<int>::max()).value_or(0);

    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, edition_name);
        require_level(tx, edition, level);
        std::optional<double> x0, y0, x1, y1;
        if (box) {
            x0 = box->min_x;
            y0 = box->min_y;
            x1 = box->max_x;
            y1 = box->max_y;
        }
        const long long matched =
            tx.exec_prepared1("units_count", edition.id, level, parent, parent_code, x0, y0, x1, y1)[0].as<long long>();
        const auto page = tx.exec_prepared1("units_page", edition.id, level, parent, parent_code, x0, y0, x1, y1,
                                            limit, offset, edition.name);
        const long long returned = page[1].as<long long>();

        nlohmann::json links = nlohmann::json::array();
        links.push_back({{"rel", "self"}, {"type", "application/geo+json"}, {"href", page_link(req, offset, limit)}});
        if (offset + returned < matched) {
            links.push_back({{"rel", "next"}, {"type", "application/geo+json"}, {"href", page_link(req, offset + limit, limit)}});
        }
        if (offset > 0) {
            links.push_back({{"rel", "prev"}, {"type", "application/geo+json"},
                             {"href", page_link(req, offset > limit ? offset - limit : 0, limit)}});
        }
        response r;
        r.content_type = "application/geo+json";
        // The envelope is small; the features array comes from PostGIS as text and is spliced in whole.
        r.body = "{\"type\":\"FeatureCollection\",\"edition\":" + nlohmann::json(edition.name).dump() +
                 ",\"level\":" + nlohmann::json(level).dump() + ",\"numberMatched\":" + std::to_string(matched) +
                 ",\"numberReturned\":" + std::to_string(returned) + ",\"links\":" + links.dump() +
                 ",\"features\":" + page[0].as<std::string>() + "}";
        return r;
    });
}

response get_unit(const request& req, services& svc) {
    query_params params(req, {});
    const std::string& raw = req.path_params.at("id");
    char* end = nullptr;
    const long long id = std::strtoll(raw.c_str(), &end, 10);
    if (raw.empty() || *end != '\0' || id <= 0) throw not_found("no unit with id '" + raw + "'");
    return svc.read([&](pqxx::read_transaction& tx) {
        const auto rows = tx.exec_prepared("unit_feature", id);
        if (rows.empty()) throw not_found("no unit with id " + raw);
        response r;
        r.content_type = "application/geo+json";
        r.body = rows[0][0].as<std::string>();
        return r;
    });
}

response list_editions(const request& req, services& svc) {
    query_params params(req, {});
    return svc.read([&](pqxx::read_transaction& tx) {
        response r;
        r.body = "{\"editions\":" + tx.exec_prepared1("editions_json")[0].as<std::string>() + "}";
        return r;
    });
}

}  // namespace covermap::api
