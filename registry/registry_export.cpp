#include "registry/registry_export.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "geo/table_writer.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

std::vector<std::string> import_headers(pqxx::transaction_base& tx, long long import_id) {
    const auto r = tx.exec_params(sql::get("import_exists"), import_id);
    if (r.empty()) throw not_found_error("no registry import " + std::to_string(import_id) + " (see covermap registry list)");
    return nlohmann::json::parse(r[0][0].c_str()).get<std::vector<std::string>>();
}

std::string joined(const std::string& json_array) {
    std::string out;
    for (const auto& item : nlohmann::json::parse(json_array)) out += (out.empty() ? "" : "; ") + item.get<std::string>();
    return out;
}

// The report's table: its header and rows of text.
std::vector<std::vector<std::string>> report_table(pqxx::transaction_base& tx, long long import_id) {
    std::vector<std::vector<std::string>> table;
    std::vector<std::string> header{"line", "outcome", "reason", "candidates", "field_issues"};
    const auto headers = import_headers(tx, import_id);
    header.insert(header.end(), headers.begin(), headers.end());
    table.push_back(header);
    for (const auto& r : tx.exec_params(sql::get("import_issue_rows"), import_id)) {
        std::vector<std::string> row{r[0].c_str(), r[1].c_str(), r[2].c_str(), joined(r[3].c_str()), joined(r[4].c_str())};
        for (const auto& cell : nlohmann::json::parse(r[5].c_str())) row.push_back(cell.get<std::string>());
        row.resize(header.size());
        table.push_back(std::move(row));
    }
    return table;
}

}  // namespace

void write_rows_csv(pqxx::transaction_base& tx, long long import_id, std::ostream& out) {
    import_headers(tx, import_id);
    out << geo::csv_line({"row", "line", "outcome", "hamlet_code", "commune_code", "reason"});
    for (const auto& r : tx.exec_params(sql::get("import_rows"), import_id)) {
        out << geo::csv_line({r[1].c_str(), r[0].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(), r[5].c_str()});
    }
}

void write_report_csv(pqxx::transaction_base& tx, long long import_id, std::ostream& out) {
    out << geo::to_csv(report_table(tx, import_id), true);
}

void write_report_xlsx(pqxx::transaction_base& tx, long long import_id, const std::string& path) {
    geo::write_xlsx(path, "issues", report_table(tx, import_id));
}

}  // namespace covermap::registry
