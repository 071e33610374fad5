#pragma once
// The cells of team registries typed by hand: dates in several formats, counts with units, and
// column headers in Vietnamese or English. Pure functions; the registry importer builds on them.
#include <optional>
#include <string>
#include <string_view>

namespace covermap::registry {

struct civil_date {
    int year = 0, month = 0, day = 0;
    std::string iso() const;  // "2023-11-14"
    bool operator==(const civil_date& o) const { return year == o.year && month == o.month && day == o.day; }
};

// A parsed cell: the value, or why it is not one (empty cells are neither: both empty).
template <typename T>
struct parsed {
    std::optional<T> value;
    std::string error;  // non-empty when the cell holds something that is not a T
};

// Day-first dates as Vietnamese offices write them: 14/11/2023, 1/3/22 (two-digit years are
// 20xx), 14-11-2023, 14.11.2023; ISO 2023-11-14; Excel serial day numbers (45244 → 2023-11-14).
// Impossible dates (31/02/2023) are errors.
parsed<civil_date> parse_date(std::string_view text);

// Whole counts as typed: "6", " 6 ", "6 người", "120 hộ", "1.200" or "1,200" (thousands), "12.0".
parsed<long long> parse_count(std::string_view text);

enum class registry_field {
    row_no, province, district, commune, commune_code, hamlet, team_name, leader, phone, members, founded,
    households, households_supported, ecommerce_households, cashless_households, note
};

// The field a column header names, in Vietnamese (with or without diacritics, any case) or English
// ("Tỉnh/Thành phố", "Mã xã", "Số thành viên", "province", "commune_code", "members", ...).
std::optional<registry_field> recognise_header(std::string_view header);

// "province", "commune_code", ...: the English key of a field (mapping files, messages).
const char* field_key(registry_field field);

}  // namespace covermap::registry
