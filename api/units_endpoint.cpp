#include "api/units_endpoint.hpp"

#include <nlohmann/json.hpp>

#include "api/params.hpp"

namespace covermap::api {
namespace {

struct edition_ref {
    long long id;
    std::string name;
};

edition_ref resolve_edition(pqxx::read_transaction& tx, const std::optional<std::string>& name) {
    const auto rows = name ? tx.exec_prepared("edition_by_name", *name) : tx.exec_prepared("default_edition");
    if (rows.empty()) {
        const auto names = tx.exec_prepared1("edition_names")[0];
        const std::string list = names.is_null() ? "none loaded yet" : names.as<std::string>();
        throw bad_request(name ? "unknown edition '" + *name + "'; editions: " + list
                               : "no edition loaded yet: import boundaries or run `covermap demo`");
    }
    return {rows[0][0].as<long long>(), rows[0][1].as<std::string>()};
}

void require_level(pqxx::read_transaction& tx, const edition_ref& edition, const std::string& level) {
    const std::string levels = tx.exec_prepared1("edition_level_names", edition.id)[0].as<std::string>();
    std::size_t start = 0;
    while (start <= levels.size()) {
        const auto comma = levels.find(", ", start);
        if (levels.substr(start, comma == std::string::npos ? std::string::npos : comma - start) == level) return;
        if (comma == std::string::npos) break;
        start = comma + 2;
    }
    throw bad_request("unknown level '" + level + "' in edition " + edition.name + "; levels: " +
                      (levels.empty() ? "none loaded yet" : levels));
}


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
