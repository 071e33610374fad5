#pragma once
// The one catalogue of what the database holds: the editions (the default, newest, first), their
// levels with unit counts and extents, their registry snapshots — their own and those converted from
// another edition's registry (issue 17), with the method and the levels that have figures — and the
// data version it was read at. Read once per data version (catalog/catalogue_cache.hpp); the tiles,
// the OGC API – Features documents, the statistics and the map's configuration all read it.
//
// And the one resolution of what a request is about (edition, level, as_of, compare): each unknown
// value an input_error (400) listing the valid ones. Two wordings of those messages are kept, as
// clients have seen them: the statistics' and the command line's (`parameter 'as_of': no snapshot of
// edition 2025 as of '2020-01-01'; snapshots: 2025-06-30, 2024-01-01 (from 2009)`) and the tiles'
// (`no registry snapshot of edition 2025 as of '2020-01-01' (parameter as_of); snapshots: …`).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/geometry.hpp"

namespace covermap::catalog {

struct level {
    std::string name;
    long long units = 0;
    std::optional<geo::box> bbox;  // CRS84
};

struct snapshot {
    std::string as_of;  // YYYY-MM-DD
    long long teams = 0;
    std::optional<std::string> first_founded, last_founded;  // of its teams
    long long source_edition_id = 0;                         // the edition whose teams it counts
    // Another edition's snapshot carried onto this one's units: from where, how, and the levels
    // with figures.
    std::optional<std::string> converted_from;
    std::string method;
    std::vector<std::string> levels;

    bool converted() const { return converted_from.has_value(); }
    // Whether it has figures for the level (a conversion for its levels only).
    bool has_level(const std::string& level) const;
};

struct edition {
    long long id = 0;
    std::string name;
    std::optional<std::string> title, valid_from, valid_to;
    std::vector<level> levels;        // top first
    std::vector<snapshot> snapshots;  // newest first
    // Longitude/latitude extent: that of the level with the fewest units (the same ground, cheaply).
    std::optional<geo::box> bounds;

    bool has_level(const std::string& level) const;
    std::vector<std::string> level_names() const;
    const snapshot* find(const std::string& as_of) const;
    // The newest of the edition's own snapshots, else (unless own_only) the newest converted one;
    // null without any.
    const snapshot* latest(bool own_only = false) const;
};

struct catalogue {
    long long version = -1;
    std::vector<edition> editions;  // the default (newest: latest validity start, then latest created) first

    const edition* default_edition() const { return editions.empty() ? nullptr : &editions.front(); }
    const edition* find(const std::string& name) const;
    const edition* find(long long id) const;
};

// Fills in what is derived (each edition's bounds) once the editions are read.
void complete(catalogue& cat);

// Which wording the errors take (above).
enum class wording { statistics, tiles };

// The edition named (default: the newest). Unknown: an input_error listing the editions.
const edition& resolve_edition(const catalogue& cat, const std::optional<std::string>& name,
                               wording words = wording::statistics);
// An input_error listing the edition's levels unless it has `level`.
void require_level(const edition& e, const std::string& level);
// A current snapshot of the edition (default: the newest of its own, else the newest converted one).
// With a level, a converted snapshot must have figures for it (conversions carry commune and
// province figures, not the new edition's hamlets). `parameter` names the value in errors. In the
// statistics' wording an edition without snapshots is an error; in the tiles' it has none (null).
const snapshot* resolve_snapshot(const edition& e, const std::optional<std::string>& as_of, const char* parameter = "as_of",
                                 const std::optional<std::string>& level = std::nullopt, wording words = wording::statistics);

// What a request is about, resolved: the edition, the snapshot shown and the one compared with.
struct scope {
    const catalog::edition* edition = nullptr;
    const catalog::snapshot* as_of = nullptr;
    const catalog::snapshot* compare = nullptr;
    long long version = -1;
};
struct scope_request {
    std::optional<std::string> edition, level, as_of, compare;
};
// All of it at once (the tiles' wording checks compare before as_of, as the tiles always have).
scope resolve(const catalogue& cat, const scope_request& request, wording words = wording::statistics);

}  // namespace covermap::catalog
