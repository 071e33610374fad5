#include "api/scope.hpp"

#include <nlohmann/json.hpp>

#include "api/http.hpp"

namespace covermap::api {

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
