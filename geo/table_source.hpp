#pragma once
// Reading a spreadsheet-like table (CSV with any delimiter and with or without BOM, XLSX, ODS)
// through GDAL: a header row, then rows of text cells. Every cell stays text (codes keep their
// leading zeros); empty cells are empty strings.
#include <optional>
#include <string>
#include <vector>

namespace covermap::geo {

class table_source {
public:
    // `sheet`: the worksheet (layer) of a workbook; default the only or first one.
    explicit table_source(const std::string& path, const std::optional<std::string>& sheet = std::nullopt);
    ~table_source();
    table_source(const table_source&) = delete;
    table_source& operator=(const table_source&) = delete;

    const std::vector<std::string>& headers() const { return headers_; }
    // The next row's cells (one per header), false at the end.
    bool next(std::vector<std::string>& cells);

private:
    std::string path_;
    void* dataset_ = nullptr;  // GDALDatasetH
    void* layer_ = nullptr;    // OGRLayerH
    std::vector<std::string> headers_;
};

}  // namespace covermap::geo
