#include "registry/demo_registry.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "geo/names.hpp"
#include "geo/table_writer.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

const char* const leaders[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thu Hà", "Hoàng Văn Dũng",
                               "Vũ Thị Lan",    "Đặng Minh Tâm", "Bùi Quang Huy", "Đỗ Thị Mai",  "Lý Văn Phong"};

// The ways one commune name gets typed: as is, abbreviated type, no diacritics, upper case.
std::string typed(const std::string& name, unsigned variant) {
    switch (variant % 6) {
        case 1: {
            for (const auto& [full, abbreviated] : {std::pair<std::string, std::string>{"Xã ", "X. "}, {"Phường ", "P."}}) {
                if (name.rfind(full, 0) == 0) return abbreviated + name.substr(full.size());
            }
            return name;
        }
        case 2:  // without diacritics or capitals, as typed on a keyboard without a Vietnamese layout
            return geo::fold(name);
        default:
            return name;
    }
}

std::string date_of(int year, unsigned day_of_year, unsigned style) {
    const int month = static_cast<int>(day_of_year / 31) % 12 + 1, day = static_cast<int>(day_of_year % 28) + 1;
    char buffer[16];
    if (style % 5 == 0) std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    else std::snprintf(buffer, sizeof buffer, "%02d/%02d/%04d", day, month, year);
    return buffer;
}

}  // namespace

long long write_demo_registry(pqxx::connection& conn, const std::string& edition, int year, int seed,
                              const std::string& path) {
    struct hamlet {
        std::string commune, commune_code, name, province;
        long long households;
        double x;
    };
    std::vector<hamlet> hamlets;
    {
        pqxx::read_transaction tx(conn);
        for (const auto& r : tx.exec_params(sql::get("demo_hamlets"), edition)) {
            hamlets.push_back({r[0].as<std::string>(""), r[1].as<std::string>(), r[2].as<std::string>(""),
                               r[5].as<std::string>(""), r[3].as<long long>(), r[4].as<double>()});
        }
    }
    if (hamlets.empty()) throw config_error("edition " + edition + " has no hamlets to write teams for");
    const auto [west, east] = std::minmax_element(hamlets.begin(), hamlets.end(),
                                                  [](const hamlet& a, const hamlet& b) { return a.x < b.x; });
    const double x0 = west->x, width = std::max(east->x - west->x, 1e-9);

    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
    std::ofstream out(path, std::ios::binary);
    if (!out) throw config_error(path + ": cannot write the demo registry");
    out << "\xEF\xBB\xBF"
        << geo::csv_line({"STT", "Tỉnh/Thành phố", "Xã/Phường/Thị trấn", "Mã xã", "Thôn/Tổ dân phố", "Tên tổ", "Tổ trưởng",
                     "Số điện thoại", "Số thành viên", "Ngày thành lập", "Số hộ", "Số hộ được hỗ trợ",
                     "Hộ có gian hàng TMĐT", "Hộ thanh toán không dùng tiền mặt", "Ghi chú"});
    long long row = 0;
    // The east of the province is ahead; every later year adds teams everywhere.
    const double year_boost = 0.12 * (year - 2024);
    for (const auto& h : hamlets) {
        const double east_share = (h.x - x0) / width;
        const double p = std::clamp(0.25 + 0.6 * east_share + year_boost, 0.05, 0.97);
        if (std::uniform_real_distribution<double>(0, 1)(rng) > p) continue;
        const unsigned variant = rng();
        const long long households = std::max<long long>(h.households, 20);
        const long long supported = households * (30 + static_cast<long long>(rng() % 60)) / 100;
        const std::string members = std::to_string(3 + rng() % 6) + (variant % 4 == 0 ? " người" : "");
        const std::string phone = "09" + std::to_string(10000000 + rng() % 89999999);
        const std::vector<std::string> cells{
            std::to_string(++row), h.province, typed(h.commune, variant), variant % 3 == 0 ? h.commune_code : "",
            variant % 7 == 3 ? typed(h.name, 2) : h.name, "Tổ công nghệ số cộng đồng " + h.name,
            leaders[rng() % 10], phone, members, date_of(year - static_cast<int>(rng() % 2), rng() % 360, variant),
            std::to_string(households) + (variant % 5 == 1 ? " hộ" : ""), std::to_string(supported),
            std::to_string(supported * (10 + rng() % 30) / 100), std::to_string(supported * (40 + rng() % 50) / 100), ""};
        out << geo::csv_line(cells);
        if (row % 97 == 13) {  // pasted twice
            auto again = cells;
            again[0] = std::to_string(++row);
            out << geo::csv_line(again);
        }
    }
    // A hamlet the boundaries do not have: the import must report it, not invent it.
    out << geo::csv_line({std::to_string(++row), hamlets.front().province, hamlets.front().commune, "", "Thôn Không Có",
                     "Tổ công nghệ số cộng đồng thôn Không Có", "Nguyễn Văn An", "0912345678", "5",
                     date_of(year, 100, 1), "80", "40", "5", "20", ""});
    return row;
}

}  // namespace covermap::registry
