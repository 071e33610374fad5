#include "registry/columns.hpp"

#include <fstream>

#include "core/error.hpp"
#include "geo/names.hpp"
#include "core/text.hpp"

namespace covermap::registry {

using core::trim;

namespace {

std::string all_keys() {
    std::string out;
    for (std::size_t i = 0; i < field_count; ++i) out += std::string(i ? ", " : "") + registry::field_key(static_cast<registry::registry_field>(i));
    return out;
}

}  // namespace

const std::string& column_map::cell(const std::vector<std::string>& cells, registry::registry_field field) const {
    static const std::string empty;
    const auto i = index(field);
    return i && *i < cells.size() ? cells[*i] : empty;
}

std::vector<std::pair<std::string, std::string>> column_map::used(const std::vector<std::string>& headers) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t f = 0; f < field_count; ++f) {
        if (index_[f]) out.emplace_back(registry::field_key(static_cast<registry::registry_field>(f)), headers[*index_[f]]);
    }
    return out;
}

const std::vector<registry::registry_field>& required_fields() {
    static const std::vector<registry::registry_field> fields{registry::registry_field::province, registry::registry_field::commune,
                                                         registry::registry_field::hamlet};
    return fields;
}

std::optional<registry::registry_field> field_from_key(const std::string& key) {
    for (std::size_t i = 0; i < field_count; ++i) {
        if (key == registry::field_key(static_cast<registry::registry_field>(i))) return static_cast<registry::registry_field>(i);
    }
    return std::nullopt;
}

column_map resolve_columns(const std::vector<std::string>& headers, const std::optional<std::string>& mapping_file,
                           const std::string& file, const std::vector<std::pair<registry::registry_field, std::size_t>>& fixed) {
    column_map columns;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const auto field = registry::recognise_header(headers[i]);
        if (field && !columns.index(*field)) columns.set(*field, i);  // the first of two alike columns wins
    }
    for (const auto& [field, i] : fixed) columns.set(field, i);
    if (mapping_file) {
        std::ifstream in(*mapping_file);
        if (!in) throw config_error("--columns " + *mapping_file + ": cannot read the mapping file");
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            const std::string body = trim(line.substr(0, line.find('#')));
            if (body.empty()) continue;
            const auto eq = body.find('=');
            const std::string where = *mapping_file + ", line " + std::to_string(n);
            if (eq == std::string::npos) throw config_error(where + ": expected `field = Column header`, got '" + body + "'");
            const std::string key = trim(body.substr(0, eq)), header = trim(body.substr(eq + 1));
            const auto field = field_from_key(key);
            if (!field) throw config_error(where + ": unknown field '" + key + "'; fields: " + all_keys());
            std::optional<std::size_t> found;
            for (std::size_t i = 0; i < headers.size() && !found; ++i) {
                if (geo::clean_text(headers[i]) == geo::clean_text(header)) found = i;
            }
            if (!found) throw data_error(where + ": " + file + " has no column '" + header + "'");
            columns.set(*field, *found);
        }
    }
    std::string missing;
    for (const auto field : required_fields()) {
        if (!columns.index(field)) missing += std::string(missing.empty() ? "" : ", ") + registry::field_key(field);
    }
    if (!missing.empty()) {
        std::string found;
        for (const auto& h : headers) found += std::string(found.empty() ? "" : ", ") + "'" + h + "'";
        throw data_error(file + ": no column for " + missing + " (columns: " + found +
                          "); name it in the header, map it with --columns or give it to every row with --set FIELD=VALUE");
    }
    return columns;
}

}  // namespace covermap::registry
