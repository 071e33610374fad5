#pragma once
// What a query is about, as HTTP says it: the edition, level and snapshot are resolved by the
// statistics source (stats/source/scope.hpp, against the catalogue); a snapshot carried onto this
// edition's units from another edition's registry (issue 17) marks the answer (converted_from, the
// Content-Crosswalk header).
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "stats/source/scope.hpp"

namespace covermap::api {

struct response;

// The scope's words, from the statistics source.
using stats::source::edition_ref;
using stats::source::require_level;
using stats::source::resolve_as_of;
using stats::source::resolve_edition;
using stats::source::resolve_snapshot;
using stats::source::snapshot_ref;

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
