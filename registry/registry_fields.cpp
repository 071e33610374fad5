#include "registry/registry_fields.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "geo/names.hpp"
#include "core/text.hpp"

namespace covermap::registry {
namespace {

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : days[month - 1];
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
civil_date from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0)), month, day};
}

bool all_digits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

std::vector<std::string> split_on(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
        if (pos == std::string::npos) return parts;
        start = pos + 1;
    }
}

parsed<civil_date> checked(int year, int month, int day, const std::string& text) {
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || year < 1900 || year > 2200) {
        return {std::nullopt, "'" + text + "' is not a valid date"};
    }
    return {civil_date{year, month, day}, ""};
}

}  // namespace

std::string civil_date::iso() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

parsed<civil_date> parse_date(std::string_view raw) {
    const std::string text = core::trim(raw);
    if (text.empty()) return {};
    if (all_digits(text) && text.size() <= 6) {
        // Excel's serial day number: day 25569 is 1970-01-01 (Excel counts a 29 Feb 1900 that never was).
        const long long serial = std::stoll(text);
        if (serial < 61 || serial > 120000) return {std::nullopt, "'" + text + "' is not a date"};
        return {from_days(serial - 25569), ""};
    }
    for (char sep : {'/', '-', '.'}) {
        const auto parts = split_on(text, sep);
        if (parts.size() != 3) continue;
        for (const auto& p : parts) {
            if (!all_digits(p) || p.size() > 4) return {std::nullopt, "'" + text + "' is not a date"};
        }
        if (parts[0].size() == 4) {  // ISO year first
            return checked(std::stoi(parts[0]), std::stoi(parts[1]), std::stoi(parts[2]), text);
        }
        int year = std::stoi(parts[2]);
        if (parts[2].size() == 2) {
            year += 2000;
        } else if (parts[2].size() != 4) {
            return {std::nullopt, "'" + text + "' is not a date"};
        }
        return checked(year, std::stoi(parts[1]), std::stoi(parts[0]), text);
    }
    return {std::nullopt, "'" + text + "' is not a date (expected dd/mm/yyyy)"};
}

parsed<long long> parse_count(std::string_view raw) {
    const std::string text = core::trim(raw);
    if (text.empty()) return {};
    std::size_t i = 0;
    std::string digits;
    while (i < text.size()) {
        const char c = text[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digits.push_back(c);
        } else if ((c == '.' || c == ',') && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
            // "1.200" / "1,200" group thousands; "12.0" is a decimal zero.
            std::size_t run = i + 1;
            while (run < text.size() && std::isdigit(static_cast<unsigned char>(text[run]))) ++run;
            const std::string after = text.substr(i + 1, run - i - 1);
            if (after.size() == 3) {
                digits += after;
            } else if (after.find_first_not_of('0') != std::string::npos) {
                return {std::nullopt, "'" + text + "' is not a whole number"};
            }
            i = run;
            continue;
        } else {
            break;
        }
        ++i;
    }
    if (digits.empty()) return {std::nullopt, "'" + text + "' is not a number"};
    // What follows the number may only be a unit word ("người", "hộ", "thành viên").
    const std::string unit = geo::fold(text.substr(i));
    static const std::array<const char*, 5> units{"", "nguoi", "ho", "thanh vien", "ho gia dinh"};
    bool known = false;
    for (const char* u : units) known = known || unit == u;
    if (!known || digits.size() > 12) return {std::nullopt, "'" + text + "' is not a count"};
    return {std::stoll(digits), ""};
}

std::optional<registry_field> recognise_header(std::string_view header) {
    struct alias {
        const char* folded;
        registry_field field;
    };
    // Folded spellings (geo::fold: no diacritics, lower case, punctuation as spaces).
    static const std::array<alias, 54> aliases{{
        {"stt", registry_field::row_no}, {"so thu tu", registry_field::row_no}, {"row", registry_field::row_no},
        {"no", registry_field::row_no},
        {"tinh thanh pho", registry_field::province}, {"tinh", registry_field::province},
        {"province", registry_field::province},
        {"quan huyen", registry_field::district}, {"huyen", registry_field::district},
        {"quan huyen thi xa", registry_field::district}, {"district", registry_field::district},
        {"xa phuong thi tran", registry_field::commune}, {"xa phuong dac khu", registry_field::commune},
        {"xa phuong", registry_field::commune}, {"xa", registry_field::commune}, {"commune", registry_field::commune},
        {"ma xa", registry_field::commune_code}, {"commune code", registry_field::commune_code},
        {"thon to dan pho", registry_field::hamlet},
        // As official forms word them (a two-row header reads "Tổ trưởng" over "Họ và tên").
        {"thon ban khoi pho", registry_field::hamlet}, {"thon ban", registry_field::hamlet},
        {"thon ban to dan pho", registry_field::hamlet}, {"thon xom", registry_field::hamlet},
        {"thon ap", registry_field::hamlet}, {"thon ban ap to dan pho", registry_field::hamlet},
        {"to truong ho va ten", registry_field::leader}, {"ho ten to truong", registry_field::leader},
        {"tt", registry_field::row_no}, {"ten to cong nghe so cong dong", registry_field::team_name}, {"thon", registry_field::hamlet}, {"hamlet", registry_field::hamlet},
        {"ten to", registry_field::team_name}, {"team name", registry_field::team_name}, {"team", registry_field::team_name},
        {"to truong", registry_field::leader}, {"leader", registry_field::leader},
        {"so dien thoai", registry_field::phone}, {"dien thoai", registry_field::phone}, {"phone", registry_field::phone},
        {"so thanh vien", registry_field::members}, {"members", registry_field::members},
        {"ngay thanh lap", registry_field::founded}, {"founded", registry_field::founded},
        {"so ho", registry_field::households}, {"households", registry_field::households},
        {"so ho duoc ho tro", registry_field::households_supported},
        {"households supported", registry_field::households_supported},
        {"ho co gian hang tmdt", registry_field::ecommerce_households},
        {"ecommerce households", registry_field::ecommerce_households},
        {"ho thanh toan khong dung tien mat", registry_field::cashless_households},
        {"cashless households", registry_field::cashless_households},
        {"ghi chu", registry_field::note}, {"note", registry_field::note}, {"notes", registry_field::note},
    }};
    const std::string key = geo::fold(header);  // "commune_code" folds to "commune code"
    for (const auto& a : aliases) {
        if (key == a.folded) return a.field;
    }
    return std::nullopt;
}

const char* field_key(registry_field field) {
    static const std::array<const char*, 16> keys{"row_no", "province", "district", "commune", "commune_code",
                                                  "hamlet", "team_name", "leader", "phone", "members", "founded",
                                                  "households", "households_supported", "ecommerce_households",
                                                  "cashless_households", "note"};
    return keys[static_cast<std::size_t>(field)];
}

}  // namespace covermap::registry
