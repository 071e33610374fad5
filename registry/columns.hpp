#pragma once
// Which column of a registry holds which field: recognised from the header row (Vietnamese or
// English), overridden by a mapping file; a missing required column is an error that names it.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "registry/registry_fields.hpp"

namespace covermap::registry {

constexpr std::size_t field_count = 16;

class column_map {
public:
    // Column index of `field`, if the table has it.
    std::optional<std::size_t> index(registry::registry_field field) const { return index_[static_cast<std::size_t>(field)]; }
    const std::string& cell(const std::vector<std::string>& cells, registry::registry_field field) const;
    // {"province": "Tỉnh/Thành phố", ...} for the import report.
    std::vector<std::pair<std::string, std::string>> used(const std::vector<std::string>& headers) const;

    void set(registry::registry_field field, std::size_t column) { index_[static_cast<std::size_t>(field)] = column; }

private:
    std::array<std::optional<std::size_t>, field_count> index_{};
};

// The fields a registry must have: where the team is (province, commune, hamlet).
const std::vector<registry::registry_field>& required_fields();

// Recognise `headers`; then the columns the layout reader already knows (`fixed`: composed
// two-row headers, constants); then apply the mapping file, if any: lines `field = Column header`
// (`#` comments; fields as in geo::field_key). `file` names the table in errors.
column_map resolve_columns(const std::vector<std::string>& headers, const std::optional<std::string>& mapping_file,
                           const std::string& file,
                           const std::vector<std::pair<registry::registry_field, std::size_t>>& fixed = {});

// The field named by its key ("commune_code"), if any.
std::optional<registry::registry_field> field_from_key(const std::string& key);

}  // namespace covermap::registry
