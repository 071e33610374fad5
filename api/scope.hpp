#pragma once
// What a query is about: the edition (default: the newest), a level it has, a registry snapshot
// (as-of date; default: the latest of the edition's own). Each unknown value is a 400 listing the
// valid ones. A snapshot may be another edition's carried onto this one's units (issue 17): the
// answer then says so (converted_from, the Content-Crosswalk header). Resolved against the
// catalogue (catalog/catalogue.hpp) the transaction knows (catalog::catalogued_read: services::read),
// else one read in it.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>
#include <pqxx/pqxx>

namespace covermap::api {

struct response;

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

// The Content-Crosswalk header's value for a converted snapshot: `from=2009; to=2025; method=hamlet-points`.
std::string crosswalk_header(const snapshot_ref& snapshot, const std::string& to_edition);
// A converted snapshot marks the answer: converted_from and conversion in the JSON document (when
// given) and the Content-Crosswalk header. Nothing for the edition's own snapshots.
void mark_conversion(response& out, const snapshot_ref& snapshot, const std::string& to_edition, nlohmann::json* doc = nullptr);
// A change between two snapshots (`compare`) is marked by the one that is converted: the shown
// snapshot when it is, else the compared one (a change across the reform either way).
void mark_conversion(response& out, const snapshot_ref& shown, const std::optional<snapshot_ref>& compare,
                     const std::string& to_edition, nlohmann::json* doc = nullptr);

}  // namespace covermap::api
