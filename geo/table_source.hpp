#pragma once
// Reading a spreadsheet-like table: CSV (any delimiter, with or without BOM, UTF-8 or UTF-16 or a
// named legacy encoding) through csv_table, XLSX and ODS through GDAL. A header row, then rows of
// text cells: codes keep their leading zeros, empty cells are empty strings.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/csv_table.hpp"

namespace covermap::geo {

struct table_options {
    std::optional<std::string> sheet;  // worksheet of a workbook; default the only or first one
    std::string encoding = "auto";     // CSV only: see decode_text
};

// One worksheet as written: every row from the first (blank ones too, as empty cell lists), the
// cells as text, no header assumed. What official forms need (title rows, two-row headers).
struct sheet_grid {
    std::string name;
    std::vector<core::table_row> rows;  // line: the sheet row (1-based)
};

// True when the file is a workbook (XLSX, ODS, XLS) rather than CSV text.
bool is_workbook(const std::string& path);

// The sheets of a workbook in their order (`wanted` empty: every sheet; else those, by name, in
// the order given; an unknown name is an data_error listing the sheets). `format` gets the driver.
std::vector<sheet_grid> read_workbook(const std::string& path, const std::vector<std::string>& wanted,
                                      std::string* format = nullptr);

class table_source {
public:
    explicit table_source(const std::string& path, const table_options& options = {});
    ~table_source();
    table_source(const table_source&) = delete;
    table_source& operator=(const table_source&) = delete;

    const std::vector<std::string>& headers() const { return headers_; }
    // The next non-blank row, false at the end.
    bool next(core::table_row& row);
    const std::string& format() const { return format_; }      // "CSV (delimiter ;)", "XLSX", "ODS"
    const std::string& encoding() const { return encoding_; }  // "UTF-8 (BOM)", ...; workbooks: "UTF-8"
    const std::optional<std::string>& sheet() const { return sheet_; }

private:
    void open_workbook(const std::string& path, const std::optional<std::string>& sheet);
    bool next_workbook_row(core::table_row& row);

    std::string path_;
    std::string format_, encoding_ = "UTF-8";
    std::optional<std::string> sheet_;
    std::unique_ptr<core::csv_table> csv_;
    void* dataset_ = nullptr;  // GDALDatasetH
    void* layer_ = nullptr;    // OGRLayerH
    long long sheet_row_ = 1;  // the header is the sheet's first row
    std::vector<std::string> headers_;
};

}  // namespace covermap::geo
