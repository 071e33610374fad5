#include "geo/table_source.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/text_encoding.hpp"

namespace covermap::geo {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw data_error(path + ": cannot read the file");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string lower_extension(const std::string& path) {
    const auto dot = path.rfind('.');
    if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return {};
    return core::ascii_lower(path.substr(dot + 1));
}

// Opens a workbook with GDAL's spreadsheet drivers (named when the extension does not say).
GDALDatasetH open_spreadsheet(const std::string& path, const char* const* options) {
    GDALAllRegister();
    const std::string ext = lower_extension(path);
    std::vector<std::string> attempts;
    if (ext == "xlsx" || ext == "ods" || ext == "xls") attempts = {path};
    else attempts = {"XLSX:" + path, "ODS:" + path, path};
    GDALDatasetH dataset = nullptr;
    CPLPushErrorHandler(CPLQuietErrorHandler);  // drivers warn about options meant for the others
    for (const auto& name : attempts) {
        dataset = GDALOpenEx(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr);
        if (dataset != nullptr) break;
    }
    CPLPopErrorHandler();
    if (dataset == nullptr) throw data_error(path + ": cannot open as a workbook (XLSX, ODS) or read as CSV text");
    return dataset;
}

std::string sheet_list(GDALDatasetH dataset) {
    std::string names;
    for (int i = 0; i < GDALDatasetGetLayerCount(dataset); ++i) {
        names += std::string(names.empty() ? "" : ", ") + OGR_L_GetName(GDALDatasetGetLayer(dataset, i));
    }
    return names;
}

}  // namespace

bool is_workbook(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    const std::string m(magic, 4);
    return m == "PK\x03\x04" || m == "\xD0\xCF\x11\xE0";
}

std::vector<sheet_grid> read_workbook(const std::string& path, const std::vector<std::string>& wanted, std::string* format) {
    // The ODS driver takes these as configuration, not open, options (GDAL 3.6); set both ways,
    // for this thread only, while the sheets are read (the drivers parse lazily).
    struct thread_config {
        std::vector<std::pair<std::string, std::string>> saved;
        explicit thread_config(std::initializer_list<std::pair<const char*, const char*>> values) {
            for (const auto& [key, value] : values) {
                const char* old = CPLGetThreadLocalConfigOption(key, nullptr);
                saved.emplace_back(key, old ? old : "");
                CPLSetThreadLocalConfigOption(key, value);
            }
        }
        ~thread_config() {
            for (const auto& [key, value] : saved) CPLSetThreadLocalConfigOption(key.c_str(), value.empty() ? nullptr : value.c_str());
        }
    } config{{"OGR_ODS_HEADERS", "DISABLE"}, {"OGR_ODS_FIELD_TYPES", "STRING"},
             {"OGR_XLSX_HEADERS", "DISABLE"}, {"OGR_XLSX_FIELD_TYPES", "STRING"}};
    const char* options[] = {"HEADERS=DISABLE", "FIELD_TYPES=STRING", nullptr};
    GDALDatasetH dataset = open_spreadsheet(path, options);
    std::vector<OGRLayerH> layers;
    if (wanted.empty()) {
        for (int i = 0; i < GDALDatasetGetLayerCount(dataset); ++i) layers.push_back(GDALDatasetGetLayer(dataset, i));
    }
    for (const auto& name : wanted) {
        OGRLayerH layer = GDALDatasetGetLayerByName(dataset, name.c_str());
        if (layer == nullptr) {
            const std::string names = sheet_list(dataset);
            GDALClose(dataset);
            throw data_error(path + ": no sheet '" + name + "'; sheets: " + names);
        }
        layers.push_back(layer);
    }
    if (format) *format = GDALGetDriverShortName(GDALGetDatasetDriver(dataset));
    std::vector<sheet_grid> out;
    for (OGRLayerH layer : layers) {
        sheet_grid grid;
        grid.name = OGR_L_GetName(layer);
        // A driver that took the first row as field names anyway: that row is the sheet's first.
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        bool generic = true;
        for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
            generic = generic && std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))) == "Field" + std::to_string(i + 1);
        }
        if (!generic) {
            core::table_row names;
            names.line = 1;
            for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) names.cells.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
            grid.rows.push_back(std::move(names));
        }
        OGR_L_ResetReading(layer);
        for (OGRFeatureH f; (f = OGR_L_GetNextFeature(layer)) != nullptr;) {
            core::table_row row;
            // The drivers number features by sheet row when no header is taken.
            row.line = OGR_F_GetFID(f) > 0 ? OGR_F_GetFID(f) : static_cast<long long>(grid.rows.size()) + 1;
            const int fields = OGR_F_GetFieldCount(f);
            int last = -1;
            for (int i = 0; i < fields; ++i) {
                if (OGR_F_IsFieldSetAndNotNull(f, i) && *OGR_F_GetFieldAsString(f, i) != '\0') last = i;
            }
            for (int i = 0; i <= last; ++i) {
                row.cells.emplace_back(OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "");
            }
            OGR_F_Destroy(f);
            grid.rows.push_back(std::move(row));
        }
        out.push_back(std::move(grid));
    }
    GDALClose(dataset);
    return out;
}

table_source::table_source(const std::string& path, const table_options& options) : path_(path) {
    std::string bytes = read_file(path);
    const bool zip = bytes.compare(0, 4, "PK\x03\x04") == 0;
    const bool ole = bytes.compare(0, 4, "\xD0\xCF\x11\xE0") == 0;  // legacy .xls
    if (zip || ole) {
        bytes.clear();
        open_workbook(path, options.sheet);
        return;
    }
    if (options.sheet) throw config_error("--sheet " + *options.sheet + ": " + path + " is a CSV file, not a workbook");
    auto text = core::decode_text(bytes, path, options.encoding);
    bytes.clear();
    csv_ = std::make_unique<core::csv_table>(std::move(text.text), path);
    encoding_ = text.encoding;
    const char d = csv_->delimiter();
    format_ = std::string("CSV (delimiter ") + (d == '\t' ? "tab" : std::string(1, d)) + ")";
    headers_ = csv_->headers();
}

void table_source::open_workbook(const std::string& path, const std::optional<std::string>& sheet) {
    const char* options[] = {"HEADERS=FORCE", "FIELD_TYPES=STRING", nullptr};
    dataset_ = open_spreadsheet(path, options);
    format_ = GDALGetDriverShortName(GDALGetDatasetDriver(dataset_));
    layer_ = sheet ? GDALDatasetGetLayerByName(dataset_, sheet->c_str()) : GDALDatasetGetLayer(dataset_, 0);
    if (layer_ == nullptr) {
        const std::string names = sheet_list(dataset_);
        GDALClose(dataset_);
        dataset_ = nullptr;
        throw data_error(path + ": no sheet '" + sheet.value_or("") + "'; sheets: " + names);
    }
    sheet_ = OGR_L_GetName(layer_);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer_);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) headers_.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    // When every column is text GDAL's spreadsheet drivers cannot tell the header row from data and
    // name the columns Field1, Field2, ...: the first row then is the header.
    bool generic = !headers_.empty();
    for (std::size_t i = 0; i < headers_.size(); ++i) generic = generic && headers_[i] == "Field" + std::to_string(i + 1);
    if (generic) {
        core::table_row first;
        sheet_row_ = 0;
        if (next_workbook_row(first)) headers_ = first.cells;
    }
    while (!headers_.empty() && headers_.back().empty()) headers_.pop_back();
}

table_source::~table_source() {
    if (dataset_ != nullptr) GDALClose(dataset_);
}

bool table_source::next(core::table_row& row) {
    if (csv_) return csv_->next(row);
    while (next_workbook_row(row)) {
        const bool blank = std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return c.empty(); });
        if (!blank) return true;
    }
    return false;
}

bool table_source::next_workbook_row(core::table_row& row) {
    OGRFeatureH feature = OGR_L_GetNextFeature(layer_);
    if (feature == nullptr) return false;
    const int fields = OGR_F_GetFieldCount(feature);
    const std::size_t width = headers_.empty() ? static_cast<std::size_t>(fields) : headers_.size();
    row.cells.assign(width, std::string());
    row.problem.clear();
    for (std::size_t i = 0; i < width && static_cast<int>(i) < fields; ++i) {
        const int index = static_cast<int>(i);
        if (OGR_F_IsFieldSetAndNotNull(feature, index)) row.cells[i] = OGR_F_GetFieldAsString(feature, index);
    }
    OGR_F_Destroy(feature);
    row.line = ++sheet_row_;
    return true;
}

}  // namespace covermap::geo
