#include "geo/table_source.hpp"

#include <gdal.h>
#include <ogr_api.h>

#include "geo/error.hpp"

namespace covermap::geo {

table_source::table_source(const std::string& path, const std::optional<std::string>& sheet) : path_(path) {
    GDALAllRegister();
    const char* options[] = {"AUTODETECT_TYPE=NO", "HEADERS=FORCE", "FIELD_TYPES=STRING", "KEEP_GEOM_COLUMNS=YES",
                             nullptr};
    CPLPushErrorHandler(CPLQuietErrorHandler);  // drivers warn about options meant for the others
    dataset_ = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr);
    CPLPopErrorHandler();
    if (dataset_ == nullptr) throw input_error(path + ": cannot open as a table (CSV, XLSX, ODS)");
    layer_ = sheet ? GDALDatasetGetLayerByName(dataset_, sheet->c_str()) : GDALDatasetGetLayer(dataset_, 0);
    if (layer_ == nullptr) {
        GDALClose(dataset_);
        throw input_error(path + ": no sheet '" + sheet.value_or("") + "'");
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer_);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) headers_.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    // When every column is text GDAL's spreadsheet drivers cannot tell the header row from data and
    // name the columns Field1, Field2, ...: the first row then is the header.
    bool generic = !headers_.empty();
    for (std::size_t i = 0; i < headers_.size(); ++i) generic = generic && headers_[i] == "Field" + std::to_string(i + 1);
    if (generic) {
        std::vector<std::string> first;
        if (next(first)) headers_ = first;
    }
}

table_source::~table_source() {
    if (dataset_ != nullptr) GDALClose(dataset_);
}

bool table_source::next(std::vector<std::string>& cells) {
    OGRFeatureH feature = OGR_L_GetNextFeature(layer_);
    if (feature == nullptr) return false;
    cells.assign(headers_.size(), std::string());
    for (std::size_t i = 0; i < headers_.size(); ++i) {
        const int index = static_cast<int>(i);
        if (OGR_F_IsFieldSetAndNotNull(feature, index)) cells[i] = OGR_F_GetFieldAsString(feature, index);
    }
    OGR_F_Destroy(feature);
    return true;
}

}  // namespace covermap::geo
