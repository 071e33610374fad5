#include "registry/aliases.hpp"

#include "core/error.hpp"
#include "geo/names.hpp"
#include "geo/table_writer.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {

std::string written_place::key() const {
    return geo::fold(province) + '|' + geo::fold(district) + '|' + geo::fold(commune) + '|' + geo::fold(commune_code) + '|' +
           geo::fold(hamlet);
}

written_place written_place_of(const column_map& columns, const std::vector<std::string>& cells) {
    using registry::registry_field;
    return {columns.cell(cells, registry_field::province), columns.cell(cells, registry_field::district),
            columns.cell(cells, registry_field::commune), columns.cell(cells, registry_field::commune_code),
            columns.cell(cells, registry_field::hamlet)};
}

std::unordered_map<std::string, alias_target> load_aliases(pqxx::transaction_base& tx, int edition_id) {
    std::unordered_map<std::string, alias_target> out;
    for (const auto& r : tx.exec_params(sql::get("edition_aliases"), edition_id)) {
        alias_target t;
        t.id = r[1].as<long long>();
        if (!r[2].is_null()) t.hamlet_code = r[2].as<std::string>();
        out.emplace(r[0].as<std::string>(), t);
    }
    return out;
}

std::vector<alias_entry> list_aliases(pqxx::transaction_base& tx, const std::optional<std::string>& edition) {
    std::vector<alias_entry> out;
    for (const auto& r : tx.exec_params(sql::get("list_aliases"), edition)) {
        alias_entry a;
        a.id = r[0].as<long long>();
        a.edition = r[1].c_str();
        a.province = r[2].c_str();
        a.district = r[3].c_str();
        a.commune = r[4].c_str();
        a.hamlet = r[5].c_str();
        a.hamlet_code = r[6].c_str();
        a.hamlet_name = r[7].c_str();
        if (!r[8].is_null()) a.source_import_id = r[8].as<long long>();
        if (!r[9].is_null()) a.source_line = r[9].as<long long>();
        a.created_by = r[10].c_str();
        a.created_at = r[11].c_str();
        out.push_back(std::move(a));
    }
    return out;
}

void write_aliases_csv(const std::vector<alias_entry>& aliases, std::ostream& out) {
    out << "id,edition,province,district,commune,hamlet,hamlet_code,hamlet_name,source_import,source_line,created_by,created_at\n";
    for (const auto& a : aliases) {
        out << geo::csv_line({std::to_string(a.id), a.edition, a.province, a.district, a.commune, a.hamlet, a.hamlet_code,
                              a.hamlet_name, a.source_import_id ? std::to_string(*a.source_import_id) : "",
                              a.source_line ? std::to_string(*a.source_line) : "", a.created_by, a.created_at});
    }
}

void remove_alias(pqxx::connection& conn, long long id) {
    pqxx::work tx(conn, "covermap alias remove");
    if (tx.exec_params(sql::get("remove_alias"), id).empty()) throw not_found_error("no alias " + std::to_string(id));
    tx.commit();
}

}  // namespace covermap::registry
