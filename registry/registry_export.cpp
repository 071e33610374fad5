#include "registry/registry_export.hpp"

#include <gdal.h>
#include <ogr_api.h>

#include <nlohmann/json.hpp>

#include "geo/error.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

std::vector<std::string> import_headers(pqxx::transaction_base& tx, long long import_id) {
    const auto r = tx.exec_params(sql::get("import_exists"), import_id);
    if (r.empty()) throw input_error("no registry import " + std::to_string(import_id) + " (see covermap registry list)");
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

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    return out + "\r\n";
}

void write_rows_csv(pqxx::transaction_base& tx, long long import_id, std::ostream& out) {
    import_headers(tx, import_id);
    out << csv_line({"row", "line", "outcome", "hamlet_code", "commune_code", "reason"});
    for (const auto& r : tx.exec_params(sql::get("import_rows"), import_id)) {
        out << csv_line({r[1].c_str(), r[0].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(), r[5].c_str()});
    }
}

void write_report_csv(pqxx::transaction_base& tx, long long import_id, std::ostream& out) {
    const auto table = report_table(tx, import_id);
    out << "\xEF\xBB\xBF";
    for (const auto& row : table) out << csv_line(row);
}

void write_report_xlsx(pqxx::transaction_base& tx, long long import_id, const std::string& path) {
    const auto table = report_table(tx, import_id);
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName("XLSX");
    if (driver == nullptr) throw config_error("GDAL has no XLSX driver");
    GDALDatasetH ds = GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (ds == nullptr) throw input_error(path + ": cannot create the workbook (" + CPLGetLastErrorMsg() + ")");
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "issues", nullptr, wkbNone, nullptr);
    const auto& header = table.front();
    for (const auto& name : header) {
        OGRFieldDefnH field = OGR_Fld_Create(name.c_str(), OFTString);
        OGR_L_CreateField(layer, field, TRUE);
        OGR_Fld_Destroy(field);
    }
    bool ok = layer != nullptr;
    for (std::size_t r = 1; r < table.size() && ok; ++r) {
        OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (!table[r][c].empty()) OGR_F_SetFieldString(feature, static_cast<int>(c), table[r][c].c_str());
        }
        ok = OGR_L_CreateFeature(layer, feature) == OGRERR_NONE;
        OGR_F_Destroy(feature);
    }
    GDALClose(ds);
    if (!ok) throw input_error(path + ": writing the workbook failed (" + CPLGetLastErrorMsg() + ")");
}

}  // namespace covermap::registry
