#include "core/csv_table.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"

namespace covermap::core {
namespace {

// A quoted field may span lines (a note with a line break), but not indefinitely: past this a
// quote that never closes is taken for a typing error.
constexpr long long max_record_lines = 20;

bool blank(const std::vector<std::string>& fields) {
    return std::all_of(fields.begin(), fields.end(), [](const std::string& f) {
        return f.find_first_not_of(" \t") == std::string::npos;
    });
}

char sniff_delimiter(const std::string& text) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::array<std::pair<char, int>, 4> counts{{{',', 0}, {';', 0}, {'\t', 0}, {'|', 0}}};
    bool quoted = false;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '"') quoted = !quoted;
        if (quoted) continue;
        for (auto& [c, n] : counts) n += text[i] == c;
    }
    const auto best = std::max_element(counts.begin(), counts.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    return best->second > 0 ? best->first : ',';
}

}  // namespace

csv_table::csv_table(std::string text, std::string file) : text_(std::move(text)), file_(std::move(file)) {
    if (text_.find_first_not_of(" \t\r\n") == std::string::npos) throw data_error(file_ + ": the file is empty");
    delimiter_ = sniff_delimiter(text_.substr(text_.find_first_not_of("\r\n")));
    while (pos_ < text_.size()) {
        const record r = parse_record(pos_);
        pos_ = r.end;
        line_ += r.lines;
        if (blank(r.fields)) continue;
        if (r.broken) throw data_error(file_ + ", line " + std::to_string(line_ - r.lines) + ": the header row has an unbalanced quote (\")");
        headers_ = r.fields;
        break;
    }
    for (auto& h : headers_) h.erase(0, std::min(h.find_first_not_of(" \t"), h.size()));
    while (!headers_.empty() && headers_.back().empty()) headers_.pop_back();  // Excel's trailing ",,,"
}

csv_table::record csv_table::parse_record(std::size_t from) const {
    record r;
    r.lines = 1;
    std::string field;
    std::size_t i = from;
    const std::size_t n = text_.size();
    bool at_field_start = true;
    while (i < n) {
        const char c = text_[i];
        if (at_field_start && c == '"') {
            // Quoted field: up to the closing quote; "" is a literal quote.
            ++i;
            bool closed = false;
            while (i < n) {
                if (text_[i] == '"') {
                    if (i + 1 < n && text_[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (text_[i] == '\n' && ++r.lines > max_record_lines) break;
                field.push_back(text_[i++]);
            }
            if (!closed) {
                r.broken = true;
                r.end = n;
                return r;
            }
            // Only the delimiter or the line break may follow a closing quote (spaces tolerated).
            while (i < n && (text_[i] == ' ' || text_[i] == '\t')) ++i;
            if (i < n && text_[i] != delimiter_ && text_[i] != '\r' && text_[i] != '\n') r.broken = true;
            at_field_start = false;
            continue;
        }
        if (c == delimiter_) {
            r.fields.push_back(std::move(field));
            field.clear();
            at_field_start = true;
            ++i;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < n && text_[i + 1] == '\n') ++i;
            ++i;
            r.fields.push_back(std::move(field));
            r.end = i;
            return r;
        }
        field.push_back(c);
        at_field_start = false;
        ++i;
    }
    r.fields.push_back(std::move(field));
    r.end = n;
    return r;
}

csv_table::record csv_table::parse_plain_line(std::size_t from) const {
    record r;
    r.lines = 1;
    std::size_t end = text_.find('\n', from);
    r.end = end == std::string::npos ? text_.size() : end + 1;
    if (end == std::string::npos) end = text_.size();
    if (end > from && text_[end - 1] == '\r') --end;
    std::size_t start = from;
    while (true) {
        const std::size_t d = text_.find(delimiter_, start);
        if (d == std::string::npos || d >= end) {
            r.fields.push_back(text_.substr(start, end - start));
            break;
        }
        r.fields.push_back(text_.substr(start, d - start));
        start = d + 1;
    }
    return r;
}

bool csv_table::next(table_row& row) {
    while (pos_ < text_.size()) {
        const long long line = line_;
        record r = parse_record(pos_);
        row.problem.clear();
        if (r.broken || (r.lines > 1 && r.fields.size() != headers_.size())) {
            // Read this line alone, quotes as plain characters, and carry on with the next line.
            r = parse_plain_line(pos_);
            row.problem = "unbalanced quote (\"): the row was read as plain text, check its cells";
        }
        pos_ = r.end;
        line_ += r.lines;
        if (blank(r.fields)) continue;
        if (r.fields.size() > headers_.size()) {
            const bool extras_empty = std::all_of(r.fields.begin() + static_cast<long>(headers_.size()), r.fields.end(),
                                                  [](const std::string& f) { return f.empty(); });
            if (!extras_empty && row.problem.empty()) {
                row.problem = std::to_string(r.fields.size()) + " cells where the header has " +
                              std::to_string(headers_.size()) + ": a delimiter inside a value must be quoted";
            }
        }
        r.fields.resize(headers_.size());
        row.cells = std::move(r.fields);
        row.line = line;
        return true;
    }
    return false;
}

}  // namespace covermap::core
