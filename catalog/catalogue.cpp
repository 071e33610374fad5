#include "catalog/catalogue.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace covermap::catalog {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string edition_names(const catalogue& cat) {
    std::vector<std::string> names;
    for (const auto& e : cat.editions) names.push_back(e.name);
    return core::join_list(names);
}

// The snapshots, newest first; in the statistics' wording the converted ones say from where.
std::string snapshot_list(const edition& e, wording words) {
    std::vector<std::string> dates;
    for (const auto& s : e.snapshots) {
        dates.push_back(s.as_of + (words == wording::statistics && s.converted() ? " (from " + *s.converted_from + ")" : ""));
    }
    return core::join_list(dates);
}

}  // namespace

bool snapshot::has_level(const std::string& level) const { return !converted() || contains(levels, level); }

bool edition::has_level(const std::string& level) const {
    return std::any_of(levels.begin(), levels.end(), [&](const catalog::level& l) { return l.name == level; });
}

std::vector<std::string> edition::level_names() const {
    std::vector<std::string> names;
    for (const auto& l : levels) names.push_back(l.name);
    return names;
}

const snapshot* edition::find(const std::string& as_of) const {
    for (const auto& s : snapshots) {
        if (s.as_of == as_of) return &s;
    }
    return nullptr;
}

const snapshot* edition::latest(bool own_only) const {
    for (const auto& s : snapshots) {
        if (!s.converted()) return &s;
    }
    return own_only || snapshots.empty() ? nullptr : &snapshots.front();
}

const edition* catalogue::find(const std::string& name) const {
    for (const auto& e : editions) {
        if (e.name == name) return &e;
    }
    return nullptr;
}

const edition* catalogue::find(long long id) const {
    for (const auto& e : editions) {
        if (e.id == id) return &e;
    }
    return nullptr;
}

void complete(catalogue& cat) {
    for (auto& e : cat.editions) {
        const level* fewest = nullptr;
        for (const auto& l : e.levels) {
            if (!fewest || l.units < fewest->units || (l.units == fewest->units && l.name < fewest->name)) fewest = &l;
        }
        e.bounds = fewest ? fewest->bbox : std::nullopt;
    }
}

const edition& resolve_edition(const catalogue& cat, const std::optional<std::string>& name, wording words) {
    if (words == wording::tiles && cat.editions.empty()) throw input_error("no boundaries are loaded yet: import an edition first");
    const edition* found = name ? cat.find(*name) : cat.default_edition();
    if (found) return *found;
    if (!name) throw input_error("no edition loaded yet: import boundaries or run `covermap demo`");
    if (words == wording::tiles) throw input_error("unknown edition '" + *name + "' (parameter edition); editions: " + edition_names(cat));
    throw input_error("unknown edition '" + *name + "'; editions: " + (cat.editions.empty() ? "none loaded yet" : edition_names(cat)));
}

void require_level(const edition& e, const std::string& level) {
    if (e.has_level(level)) return;
    throw input_error("unknown level '" + level + "' in edition " + e.name + "; levels: " +
                      (e.levels.empty() ? "none loaded yet" : core::join_list(e.level_names())));
}

const snapshot* resolve_snapshot(const edition& e, const std::optional<std::string>& as_of, const char* parameter,
                                 const std::optional<std::string>& level, wording words) {
    const std::string param(parameter);
    if (words == wording::tiles) {
        if (!as_of) return e.latest();
        if (const auto* s = e.find(*as_of)) return s;
        throw input_error("no registry snapshot of edition " + e.name + " as of '" + *as_of + "' (parameter " + param +
                          "); snapshots: " + (e.snapshots.empty() ? "none" : snapshot_list(e, words)));
    }
    if (e.snapshots.empty()) {
        throw input_error("edition " + e.name + " has no registry snapshot yet: import one (covermap import registry)");
    }
    const snapshot* chosen = as_of ? e.find(*as_of) : e.latest();
    if (!chosen) {
        throw input_error("parameter '" + param + "': no snapshot of edition " + e.name + " as of '" + *as_of +
                          "'; snapshots: " + snapshot_list(e, words));
    }
    if (level && !chosen->has_level(*level)) {
        throw input_error("parameter '" + param + "': the snapshot of " + chosen->as_of + " is edition " + *chosen->converted_from +
                          "'s carried onto edition " + e.name + ", with figures for " + core::join_list(chosen->levels) +
                          ", not for level '" + *level + "'");
    }
    return chosen;
}

scope resolve(const catalogue& cat, const scope_request& request, wording words) {
    scope out;
    out.version = cat.version;
    out.edition = &resolve_edition(cat, request.edition, words);
    if (request.level) require_level(*out.edition, *request.level);
    if (words == wording::tiles) {
        // The tiles have always checked the compared snapshot first.
        if (request.compare) out.compare = resolve_snapshot(*out.edition, request.compare, "compare", request.level, words);
        out.as_of = resolve_snapshot(*out.edition, request.as_of, "as_of", request.level, words);
    } else {
        out.as_of = resolve_snapshot(*out.edition, request.as_of, "as_of", request.level, words);
        if (request.compare) out.compare = resolve_snapshot(*out.edition, request.compare, "compare", request.level, words);
    }
    return out;
}

}  // namespace covermap::catalog
