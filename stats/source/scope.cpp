#include "stats/source/scope.hpp"

#include "catalog/catalogue_cache.hpp"
#include "core/error.hpp"

namespace covermap::stats::source {
namespace {

const catalog::edition& edition_of(const catalog::catalogue& cat, const edition_ref& edition) {
    if (const auto* e = cat.find(edition.id)) return *e;
    throw input_error("unknown edition '" + edition.name + "'");  // gone since it was resolved
}

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
    const auto& s = *catalog::resolve_snapshot(edition_of(*catalog::catalogue_of(tx), edition), as_of, parameter, level);
    return {s.as_of, s.converted_from, s.method, s.source_edition_id};
}

std::string resolve_as_of(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                          const char* parameter) {
    return resolve_snapshot(tx, edition, as_of, parameter).as_of;
}

}  // namespace covermap::stats::source
