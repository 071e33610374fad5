#include "api/scope.hpp"

#include "api/http.hpp"

namespace covermap::api {

edition_ref resolve_edition(pqxx::transaction_base& tx, const std::optional<std::string>& name) {
    const auto rows = name ? tx.exec_prepared("edition_by_name", *name) : tx.exec_prepared("default_edition");
    if (rows.empty()) {
        const auto names = tx.exec_prepared1("edition_names")[0];
        const std::string list = names.is_null() ? "none loaded yet" : names.as<std::string>();
        throw bad_request(name ? "unknown edition '" + *name + "'; editions: " + list
                               : "no edition loaded yet: import boundaries or run `covermap demo`");
    }
    return {rows[0][0].as<long long>(), rows[0][1].as<std::string>()};
}

void require_level(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& level) {
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

std::string resolve_as_of(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                          const char* parameter) {
    const auto snapshots = tx.exec_prepared1("snapshot_dates", edition.id)[0];
    const std::string list = snapshots.is_null() ? std::string() : snapshots.as<std::string>();
    if (list.empty()) {
        throw bad_request("edition " + edition.name + " has no registry snapshot yet: import one (covermap import registry)");
    }
    if (!as_of) return list.substr(0, 10);  // newest first
    if (list.find(*as_of) == std::string::npos || as_of->size() != 10) {
        throw bad_request("parameter '" + std::string(parameter) + "': no snapshot of edition " + edition.name + " as of '" +
                          *as_of + "'; snapshots: " + list);
    }
    return *as_of;
}

}  // namespace covermap::api
