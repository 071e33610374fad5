#include "api/search_endpoint.hpp"

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/params.hpp"
#include "api/scope.hpp"
#include "geo/names.hpp"

namespace covermap::api {

response search_units(const request& req, services& svc) {
    const query_params params(req, {"q", "code", "edition", "level", "limit"});
    const auto q = params.text("q");
    const auto code = params.text("code");
    const auto level = params.text("level");
    const long long limit = params.integer("limit", 1, 100).value_or(10);
    if (!q && !code) throw bad_request("give q (a name, with or without diacritics or its type) or code");
    if (q && q->size() > 200) throw bad_request("q is longer than 200 characters");
    std::optional<std::string> key, pattern, type;
    if (q) {
        key = geo::name_key(*q);
        if (key->empty()) throw bad_request("q '" + *q + "' has no letters or digits to search for");
        const auto split = geo::split_type(*q);
        if (!split.unit_type.empty()) type = split.unit_type;
        pattern.emplace();
        for (const char c : *key) {
            if (c == '%' || c == '_' || c == '\\') pattern->push_back('\\');
            pattern->push_back(c);
        }
    }
    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, params.text("edition"));
        if (level) require_level(tx, edition, *level);
        const auto rows = tx.exec_prepared1("search_units", edition.id, key, level, limit, code, type, pattern);
        response r;
        r.body = "{\"edition\":" + nlohmann::json(edition.name).dump() + ",\"results\":" + rows[0].as<std::string>() + "}";
        return r;
    });
}

}  // namespace covermap::api
