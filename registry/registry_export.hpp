#pragma once
// What a data steward takes away from an import: every row with its outcome and placement, and
// the report of rows to fix (with candidates and the row as written) as CSV or XLSX, so that the
// corrections can be made in a spreadsheet and imported again.
#include <ostream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::registry {

// row (STT, else the line), line, outcome, hamlet_code, commune_code, reason. Throws data_error
// for an unknown import.
void write_rows_csv(pqxx::transaction_base& tx, long long import_id, std::ostream& out);

// The rows to review: line, outcome, reason, candidates, field_issues, then the file's own columns.
// CSV starts with a UTF-8 byte-order mark so that Excel reads the Vietnamese right.
void write_report_csv(pqxx::transaction_base& tx, long long import_id, std::ostream& out);
void write_report_xlsx(pqxx::transaction_base& tx, long long import_id, const std::string& path);

}  // namespace covermap::registry
