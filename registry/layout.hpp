#pragma once
// How a registry workbook is laid out, read without a mapping file: the forms provincial offices
// fill are not clean tables. Title rows above the header (agency, motto, "DANH SÁCH TỔ CÔNG NGHỆ
// SỐ…", "(tính đến ngày …)"), a header over one or two rows ("Đơn vị hành chính" over "Xã, phường"
// and "Thôn, bản"), a row of column numbers, group rows ("I  Xã Khánh Khê") whose unit the rows
// below leave empty, totals rows, blank rows and a signature block; one sheet per commune or
// district. Pure logic over the cells: registry_import gives it the sheets and places the rows.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/csv_table.hpp"
#include "registry/registry_fields.hpp"
#include "geo/table_source.hpp"

namespace covermap::registry {

// A field given one value for every row: by the uploader (--set), the title or the sheet name.
struct constant_field {
    registry::registry_field field;
    std::string value;
    std::string source;  // "--set", "the title (row 1)", "the sheet name"
};

struct skipped_row {
    std::string sheet;
    long long row = 0;   // sheet row
    std::string reason;  // title, blank, column numbers, totals, signature, group
    std::string text;    // what it says (first cells, shortened)
};

struct table_layout {
    // One per column, composed from the header rows ("Tổ trưởng Họ và tên"); then one column per
    // constant or sheet-name field, whose header says where its value came from.
    std::vector<std::string> headers;
    std::vector<core::table_row> rows;  // the data rows, cells after fill-down; line: sheet row, or
                                       // a running number when several sheets are read
    std::vector<std::string> row_sheets;
    std::vector<long long> sheet_rows;
    std::vector<std::pair<registry::registry_field, std::size_t>> fixed;  // constant columns by field
    bool form = false;          // anything beyond one header row on the first row
    bool row_no_restarts = false;  // STT restarts (per group or sheet): not a row key; cleared
    std::vector<std::string> sheets_read;
    std::vector<std::pair<std::string, std::string>> sheets_skipped;  // name, reason
    std::vector<skipped_row> skipped;
    std::map<std::string, long long> skipped_counts;  // reason → rows
    long long group_rows = 0;
    std::vector<std::string> notes;  // how the layout was read, one line each, for the report
};

// `sheets` as read (every row, blanks included); `set`: the uploader's constants; `file` names the
// workbook in errors. Throws data_error when no sheet has a header row.
table_layout read_layout(const std::vector<geo::sheet_grid>& sheets, const std::vector<constant_field>& set,
                         const std::string& file);

// A plain table (CSV): the header and rows as they are, with the uploader's constants appended.
table_layout plain_layout(std::vector<std::string> headers, std::vector<core::table_row> rows,
                          const std::vector<constant_field>& set);

// "province=Lạng Sơn" → the constant; config_error naming the argument otherwise.
constant_field parse_set(const std::string& argument);

// The province a title names ("UBND TỈNH LẠNG SƠN", "… TRÊN ĐỊA BÀN TỈNH LẠNG SƠN"), if any.
std::optional<std::string> province_in_title(const std::string& text);

}  // namespace covermap::registry
