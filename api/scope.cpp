#include "api/scope.hpp"

#include <nlohmann/json.hpp>

#include <vector>

#include "api/http.hpp"
#include "core/error.hpp"

namespace covermap::api {

edition_ref resolve_edition(pqxx::transaction_base& tx, const std::optional<std::string>& name) {
    const auto rows = name ? tx.exec_prepared("edition_by_name", *name) : tx.exec_prepared("default_edition");
    if (rows.empty()) {
        const auto names = tx.exec_prepared1("edition_names")[0];
        const std::string list = names.is_null() ? "none loaded yet" : names.as<std::string>();
        throw input_error(name ? "unknown edition '" + *name + "'; editions: " + list
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
    throw input_error("unknown level '" + level + "' in edition " + edition.name + "; levels: " +
                      (levels.empty() ? "none loaded yet" : levels));
}

snapshot_ref resolve_snapshot(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                              const char* parameter, const std::optional<std::string>& level) {
    struct listed {
        snapshot_ref ref;
        std::string levels;
    };
    std::vector<listed> snapshots;  // newest first
    std::string list;
    for (const auto& r : tx.exec_prepared("snapshot_dates", edition.id)) {
        listed s;
        s.ref.as_of = r[0].as<std::string>();
        s.ref.source_edition_id = r[4].as<long long>();
        if (!r[1].is_null()) {
            s.ref.converted_from = r[1].as<std::string>();
            s.ref.method = r[2].as<std::string>();
            s.levels = r[3].as<std::string>();
        }
        list += (list.empty() ? "" : ", ") + s.ref.as_of + (s.ref.converted() ? " (from " + *s.ref.converted_from + ")" : "");
        snapshots.push_back(std::move(s));
    }
    if (snapshots.empty()) {
        throw input_error("edition " + edition.name + " has no registry snapshot yet: import one (covermap import registry)");
    }
    const listed* chosen = nullptr;
    if (!as_of) {
        for (const auto& s : snapshots) {
            if (!s.ref.converted()) {
                chosen = &s;
                break;
            }
        }
        if (!chosen) chosen = &snapshots.front();
    } else {
        for (const auto& s : snapshots) {
            if (s.ref.as_of == *as_of) chosen = &s;
        }
        if (!chosen) {
            throw input_error("parameter '" + std::string(parameter) + "': no snapshot of edition " + edition.name + " as of '" +
                              *as_of + "'; snapshots: " + list);
        }
    }
    if (level && chosen->ref.converted() && (", " + chosen->levels + ", ").find(", " + *level + ", ") == std::string::npos) {
        throw input_error("parameter '" + std::string(parameter) + "': the snapshot of " + chosen->ref.as_of + " is edition " +
                          *chosen->ref.converted_from + "'s carried onto edition " + edition.name + ", with figures for " +
                          chosen->levels + ", not for level '" + *level + "'");
    }
    return chosen->ref;
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
