#pragma once
// A CSV reader for tables typed by hand: the delimiter is sniffed from the header line (, ; tab |),
// quoted fields may hold delimiters, doubled quotes and line breaks, and a broken row (a quote
// that never closes, more cells than the header) is reported on that row alone instead of
// swallowing the rest of the file, as a strict RFC 4180 reader would.
#include <string>
#include <vector>

namespace covermap::core {

struct table_row {
    std::vector<std::string> cells;  // one per header; missing trailing cells are empty
    long long line = 0;              // where the row starts: file line (CSV) or sheet row (XLSX)
    std::string problem;             // non-empty when the row could not be read as written
};

class csv_table {
public:
    // `text`: UTF-8 (see decode_text); `file` names the source in messages.
    csv_table(std::string text, std::string file);

    const std::vector<std::string>& headers() const { return headers_; }
    char delimiter() const { return delimiter_; }
    // The next non-blank row; false at the end.
    bool next(table_row& row);

private:
    struct record {
        std::vector<std::string> fields;
        std::size_t end = 0;     // offset after the record's line break
        long long lines = 0;     // physical lines it spans
        bool broken = false;     // unterminated quote or text after a closing quote
    };
    record parse_record(std::size_t from) const;
    record parse_plain_line(std::size_t from) const;

    std::string text_;
    std::string file_;
    char delimiter_ = ',';
    std::vector<std::string> headers_;
    std::size_t pos_ = 0;
    long long line_ = 1;
};

}  // namespace covermap::core
