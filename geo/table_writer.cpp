#include "geo/table_writer.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace covermap::geo {

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

std::string to_csv(const text_table& table, bool bom) {
    std::string out = bom ? "\xEF\xBB\xBF" : "";
    for (const auto& row : table) out += csv_line(row);
    return out;
}

void write_xlsx(const std::string& path, const std::string& sheet, const text_table& table,
                const std::vector<bool>& numeric_columns) {
    if (table.empty()) throw error("write_xlsx: a table needs its header row");
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName("XLSX");
    if (driver == nullptr) throw config_error("GDAL has no XLSX driver");
    GDALDatasetH ds = GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (ds == nullptr) throw error(path + ": cannot create the workbook (" + CPLGetLastErrorMsg() + ")");
    OGRLayerH layer = GDALDatasetCreateLayer(ds, sheet.c_str(), nullptr, wkbNone, nullptr);
    const auto& header = table.front();
    bool ok = layer != nullptr;
    for (std::size_t c = 0; c < header.size() && ok; ++c) {
        const bool numeric = c < numeric_columns.size() && numeric_columns[c];
        OGRFieldDefnH field = OGR_Fld_Create(header[c].c_str(), numeric ? OFTReal : OFTString);
        ok = OGR_L_CreateField(layer, field, TRUE) == OGRERR_NONE;
        OGR_Fld_Destroy(field);
    }
    for (std::size_t r = 1; r < table.size() && ok; ++r) {
        OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        for (std::size_t c = 0; c < header.size() && c < table[r].size(); ++c) {
            if (!table[r][c].empty()) OGR_F_SetFieldString(feature, static_cast<int>(c), table[r][c].c_str());
        }
        ok = OGR_L_CreateFeature(layer, feature) == OGRERR_NONE;
        OGR_F_Destroy(feature);
    }
    GDALClose(ds);
    if (!ok) throw error(path + ": writing the workbook failed (" + CPLGetLastErrorMsg() + ")");
}

std::string xlsx_bytes(const std::string& sheet, const text_table& table, const std::vector<bool>& numeric_columns) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/covermap-table-XXXXXX.xlsx";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = mkstemps(buffer.data(), 5);
    if (fd < 0) throw error("cannot create a temporary file for a workbook");
    close(fd);
    const std::string path = buffer.data();
    std::remove(path.c_str());  // GDAL creates the file itself
    try {
        write_xlsx(path, sheet, table, numeric_columns);
    } catch (...) {
        std::remove(path.c_str());
        throw;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::remove(path.c_str());
    return bytes.str();
}

}  // namespace covermap::geo
