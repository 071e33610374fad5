#pragma once
// Writing a table of text (a header row, then rows) as CSV or as an XLSX workbook (through GDAL):
// the steward's report, the officials' coverage tables.
#include <string>
#include <vector>

namespace covermap::geo {

using text_table = std::vector<std::vector<std::string>>;  // first row: the header

// CSV field quoting (RFC 4180): quoted when it holds the delimiter, a quote or a line break.
std::string csv_field(const std::string& value);
std::string csv_line(const std::vector<std::string>& fields);
// The whole table as CSV, starting with a UTF-8 byte-order mark when `bom` (Excel then reads
// Vietnamese right).
std::string to_csv(const text_table& table, bool bom);

// One sheet named `sheet`; cells that read as numbers are written as numbers when `numeric_columns`
// says so (by column index). Throws input_error when the file cannot be written.
void write_xlsx(const std::string& path, const std::string& sheet, const text_table& table,
                const std::vector<bool>& numeric_columns = {});
// The same workbook as bytes (through a temporary file), for HTTP responses.
std::string xlsx_bytes(const std::string& sheet, const text_table& table, const std::vector<bool>& numeric_columns = {});

}  // namespace covermap::geo
