#include "api/crosswalk_endpoint.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "api/params.hpp"
#include "boundaries/crosswalk.hpp"
#include "boundaries/editions.hpp"

namespace covermap::api {
namespace {

using json = nlohmann::json;

struct crosswalk_params {
    std::string from, to, code;
    std::optional<std::string> level;
    std::optional<bool> forward;  // nullopt: by the edition the code belongs to
};

crosswalk_params parse(const request& req) {
    const query_params params(req, {"from", "to", "code", "level", "direction"});
    crosswalk_params p;
    const auto required = [&](const char* name) {
        auto value = params.text(name);
        if (!value || value->empty()) throw bad_request(std::string("parameter ") + name + " is required");
        return *value;
    };
    p.from = required("from");
    p.to = required("to");
    p.code = required("code");
    p.level = params.text("level");
    if (p.level && (*p.level == "hamlet" || p.level->empty())) {
        throw bad_request("level: '" + *p.level + "' has no crosswalk (province, district or commune)");
    }
    if (const auto direction = params.text("direction")) {
        if (*direction != "forward" && *direction != "back") {
            throw bad_request("direction: '" + *direction + "' is neither forward nor back");
        }
        p.forward = *direction == "forward";
    }
    return p;
}

int edition_id(pqxx::transaction_base& tx, const std::string& name, const char* parameter) {
    const auto e = boundaries::find_edition(tx, name);
    if (!e) throw bad_request(std::string(parameter) + ": no edition '" + name + "'");
    return e->id;
}

json link_json(const boundaries::crosswalk_link& l) {
    return {{"id", l.unit_id},
            {"code", l.code},
            {"name", l.name},
            {"level", l.level},
            {"method", l.method},
            {"area_share", l.area_share},
            {"population_share", l.population_share},
            {"hamlet_share", l.hamlet_share ? json(*l.hamlet_share) : json(nullptr)},
            {"hamlets", l.hamlets},
            {"intersection_m2", l.intersection_m2}};
}

}  // namespace

response crosswalk(const request& req, services& svc) {
    const crosswalk_params p = parse(req);
    return svc.read([&](pqxx::read_transaction& tx) {
        const int from_id = edition_id(tx, p.from, "from");
        const int to_id = edition_id(tx, p.to, "to");
        if (from_id == to_id) throw bad_request("to: the same edition as from");
        if (p.level) {
            const auto known = boundaries::known_levels(tx);
            if (std::find(known.begin(), known.end(), *p.level) == known.end()) {
                throw bad_request("level: unknown level '" + *p.level + "' (province, district or commune)");
            }
        }
        const auto find = [&](int edition) { return boundaries::find_crosswalk_units(tx, edition, p.code, p.level); };
        bool forward = p.forward.value_or(true);
        auto units = find(forward ? from_id : to_id);
        if (units.empty() && !p.forward) {
            forward = false;
            units = find(to_id);
        }
        if (units.empty()) {
            throw not_found("code: no unit " + p.code + (p.level ? " (" + *p.level + ")" : std::string()) + " in edition " +
                            (p.forward ? (forward ? p.from : p.to) : p.from + " or " + p.to));
        }
        if (units.size() > 1) {
            std::string levels;
            for (const auto& u : units) levels += (levels.empty() ? "" : ", ") + u.code + " " + u.level;
            throw bad_request("code: " + p.code + " names several units (" + levels + "); give level");
        }
        const auto& unit = units.front();
        const auto builds = boundaries::current_crosswalk_builds(tx, from_id, to_id);
        if (builds.empty()) {
            throw not_found("no crosswalk " + p.from + " -> " + p.to + " (covermap crosswalk build --from " + p.from +
                            " --to " + p.to + ")");
        }
        json links = json::array();
        for (const auto& l : boundaries::crosswalk_links(tx, from_id, to_id, unit.id, forward)) links.push_back(link_json(l));
        json built = json::array();
        for (const auto& b : builds) {
            built.push_back({{"id", b.id},
                             {"method", b.method},
                             {"levels", b.levels},
                             {"built_at", b.built_at},
                             {"stale_since", b.stale_since ? json(*b.stale_since) : json(nullptr)},
                             {"source", b.source ? json(*b.source) : json(nullptr)},
                             {"sliver_tolerance", b.sliver_tolerance ? json(*b.sliver_tolerance) : json(nullptr)}});
        }
        json body = {{"from", p.from},
                     {"to", p.to},
                     {"direction", forward ? "forward" : "back"},
                     {"unit", {{"id", unit.id}, {"code", unit.code}, {"name", unit.name}, {"level", unit.level}, {"edition", unit.edition}}},
                     {forward ? "targets" : "sources", links},
                     {"builds", built}};
        response r;
        r.body = body.dump();
        return r;
    });
}

}  // namespace covermap::api
