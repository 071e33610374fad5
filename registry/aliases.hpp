#pragma once
// Aliases: the names of a place as a registry writes them (province, district, commune, commune
// code, hamlet), folded, → the hamlet a steward resolved them to, or "not a unit". Made by
// resolutions (resolutions.hpp), applied by later imports of the edition to the rows that do not
// match cleanly, listed, exported and removed by stewards.
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include <pqxx/pqxx>

#include "registry/columns.hpp"

namespace covermap::registry {

struct written_place {
    std::string province, district, commune, commune_code, hamlet;
    std::string key() const;  // folded, '|'-joined: what aliases are looked up by
};

written_place written_place_of(const column_map& columns, const std::vector<std::string>& cells);

struct alias_target {
    long long id = 0;
    std::optional<std::string> hamlet_code;  // nullopt: not a unit
};

// The edition's aliases by key.
std::unordered_map<std::string, alias_target> load_aliases(pqxx::transaction_base& tx, int edition_id);

struct alias_entry {
    long long id = 0;
    std::string edition, province, district, commune, hamlet, hamlet_code, hamlet_name, created_by, created_at;
    std::optional<long long> source_import_id, source_line;
};

std::vector<alias_entry> list_aliases(pqxx::transaction_base& tx, const std::optional<std::string>& edition);
// CSV: id, edition, the place as written, hamlet_code (empty: not a unit), hamlet name, who, when.
void write_aliases_csv(const std::vector<alias_entry>& aliases, std::ostream& out);
// config_error when there is no such alias. Later imports no longer apply it; rows placed by it stay.
void remove_alias(pqxx::connection& conn, long long id);

}  // namespace covermap::registry
