#include "api/scope.hpp"

#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "catalog/catalogue_cache.hpp"
#include "core/error.hpp"

namespace covermap::api {

namespace {

const catalog::edition& edition_of(const catalog::catalogue& cat, const edition_ref& edition) {
    if (const auto* e = cat.find(edition.id)) return *e;
    throw input_error("unknown edition '" + edition.name + "'");  // gone since it was resolved
}

snapshot_ref ref_of(const catalog::snapshot& s) { return {s.as_of, s.converted_from, s.method, s.source_edition_id}; }

}  // namespace

edition_ref resolve_edition(pqxx::transaction_base& tx, const std::optional<std::string>& name) {
    const auto& e = catalog::resolve_edition(*catalog::catalogue_of(tx), name);
    return {e.id, e.name};
}

void require_level(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& level) {
    catalog::require_level(edition_of(*catalog::catalogue_of(tx), edition), level);
}

snapshot_ref resolve_snapshot(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                              const char* parameter, const std::optional<std::string>& level) {
    return ref_of(*catalog::resolve_snapshot(edition_of(*catalog::catalogue_of(tx), edition), as_of, parameter, level));
}

std::string resolve_as_of(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                          const char* parameter) {
    return resolve_snapshot(tx, edition, as_of, parameter).as_of;
}

std::string crosswalk_header(const snapshot_ref& snapshot, const std::string& to_edition) {
    std::string method = snapshot.method;
    for (auto& c : method) c = c == ' ' ? '-' : c;
    return "from=" + snapshot.converted_from.value_or(to_edition) + "; to=" + to_edition + "; method=" + method;
}

void mark_conversion(response& out, const snapshot_ref& snapshot, const std::string& to_edition, nlohmann::json* doc) {
    if (!snapshot.converted()) return;
    out.headers.emplace_back("Content-Crosswalk", crosswalk_header(snapshot, to_edition));
    if (doc) {
        (*doc)["converted_from"] = *snapshot.converted_from;
        (*doc)["conversion"] = {{"from", *snapshot.converted_from}, {"to", to_edition}, {"method", snapshot.method},
                                {"note", "teams counted where their hamlet's point falls on the units of edition " +
                                             to_edition}};
    }
}

void mark_conversion(response& out, const snapshot_ref& shown, const std::optional<snapshot_ref>& compare,
                     const std::string& to_edition, nlohmann::json* doc) {
    mark_conversion(out, !shown.converted() && compare && compare->converted() ? *compare : shown, to_edition, doc);
}

}  // namespace covermap::api
