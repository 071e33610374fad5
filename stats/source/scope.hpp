#pragma once
// What a statistic is about: the edition (default: the newest), a level it has, a registry snapshot
// (as-of date; default: the latest of the edition's own). Each unknown value is an input_error (400)
// listing the valid ones. A snapshot may be another edition's carried onto this one's units
// (issue 17): converted_from says so (api/scope.hpp marks the answer). Resolved against the
// catalogue (catalog/catalogue.hpp) the transaction knows (catalog::catalogued_read), else one read in it.
#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace covermap::stats::source {

struct edition_ref {
    long long id;
    std::string name;
};

struct snapshot_ref {
    std::string as_of;                          // YYYY-MM-DD
    std::optional<std::string> converted_from;  // the edition whose registry it is, when not this one
    std::string method;                         // how it was carried over (converted only)
    long long source_edition_id = 0;            // the edition whose teams it counts

    bool converted() const { return converted_from.has_value(); }
};

edition_ref resolve_edition(pqxx::transaction_base& tx, const std::optional<std::string>& name);
void require_level(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& level);
// A current snapshot of the edition. With a level, a converted snapshot must have figures for it
// (conversions carry commune and province figures, not the new edition's hamlets).
snapshot_ref resolve_snapshot(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                              const char* parameter = "as_of", const std::optional<std::string>& level = std::nullopt);
// Just the date, for answers that need no more.
std::string resolve_as_of(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                          const char* parameter = "as_of");

}  // namespace covermap::stats::source
