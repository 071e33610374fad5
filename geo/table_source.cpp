#include "geo/table_source.hpp"

#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "geo/error.hpp"
#include "geo/text_encoding.hpp"

namespace covermap::geo {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(path + ": cannot read the file");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string lower_extension(const std::string& path) {
    const auto dot = path.rfind('.');
    if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return {};
    std::string ext = path.substr(dot + 1);
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

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
    auto text = decode_text(bytes, path, options.encoding);
    bytes.clear();
    csv_ = std::make_unique<csv_table>(std::move(text.text), path);
    encoding_ = text.encoding;
    const char d = csv_->delimiter();
    format_ = std::string("CSV (delimiter ") + (d == '\t' ? "tab" : std::string(1, d)) + ")";
    headers_ = csv_->headers();
}

void table_source::open_workbook(const std::string& path, const std::optional<std::string>& sheet) {
    GDALAllRegister();
    const char* options[] = {"HEADERS=FORCE", "FIELD_TYPES=STRING", nullptr};
    const std::string ext = lower_extension(path);
    // The spreadsheet drivers recognise workbooks by extension; name the driver when it is missing.
    std::vector<std::string> attempts;
    if (ext == "xlsx" || ext == "ods" || ext == "xls") attempts = {path};
    else attempts = {"XLSX:" + path, "ODS:" + path, path};
    CPLPushErrorHandler(CPLQuietErrorHandler);  // drivers warn about options meant for the others
    for (const auto& name : attempts) {
        dataset_ = GDALOpenEx(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr);
        if (dataset_ != nullptr) break;
    }
    CPLPopErrorHandler();
    if (dataset_ == nullptr) throw input_error(path + ": cannot open as a workbook (XLSX, ODS) or read as CSV text");
    format_ = GDALGetDriverShortName(GDALGetDatasetDriver(dataset_));
    layer_ = sheet ? GDALDatasetGetLayerByName(dataset_, sheet->c_str()) : GDALDatasetGetLayer(dataset_, 0);
    if (layer_ == nullptr) {
        std::string names;
        for (int i = 0; i < GDALDatasetGetLayerCount(dataset_); ++i) {
            names += std::string(names.empty() ? "" : ", ") + OGR_L_GetName(GDALDatasetGetLayer(dataset_, i));
        }
        GDALClose(dataset_);
        dataset_ = nullptr;
        throw input_error(path + ": no sheet '" + sheet.value_or("") + "'; sheets: " + names);
    }
    sheet_ = OGR_L_GetName(layer_);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer_);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) headers_.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    // When every column is text GDAL's spreadsheet drivers cannot tell the header row from data and
    // name the columns Field1, Field2, ...: the first row then is the header.
    bool generic = !headers_.empty();
    for (std::size_t i = 0; i < headers_.size(); ++i) generic = generic && headers_[i] == "Field" + std::to_string(i + 1);
    if (generic) {
        table_row first;
        sheet_row_ = 0;
        if (next_workbook_row(first)) headers_ = first.cells;
    }
    while (!headers_.empty() && headers_.back().empty()) headers_.pop_back();
}

table_source::~table_source() {
    if (dataset_ != nullptr) GDALClose(dataset_);
}

bool table_source::next(table_row& row) {
    if (csv_) return csv_->next(row);
    while (next_workbook_row(row)) {
        const bool blank = std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return c.empty(); });
        if (!blank) return true;
    }
    return false;
}

bool table_source::next_workbook_row(table_row& row) {
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
