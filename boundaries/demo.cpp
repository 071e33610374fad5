#include "boundaries/demo.hpp"

#include <array>
#include <cstdio>
#include <random>

#include "boundaries/sql.hpp"
#include "boundaries/unit_loader.hpp"
#include "core/error.hpp"

namespace covermap::boundaries {
namespace {

const std::array<const char*, 32> place_names{
    "Tân An", "Hòa Bình", "Phú Lộc", "Đồng Tâm", "Thạch Sơn", "Quang Trung", "Yên Bình", "Hợp Thành",
    "Minh Khai", "Tân Lập", "Bình Minh", "Hưng Đạo", "Vĩnh Phúc", "Thanh Xuân", "Đông Hải", "Kim Liên",
    "Mỹ Thọ", "Hoàng Văn Thụ", "Chi Lăng", "Tam Thanh", "Đình Lập", "Hữu Lũng", "Na Sầm", "Văn Quan",
    "Bắc Sơn", "Lộc Bình", "Tràng Định", "Cao Lộc", "Xuân Trường", "Phúc Thịnh", "Thủy Sơn", "Hoà Lạc"};

std::string code_of(int value, int width) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%0*d", width, value);
    return buffer;
}

std::vector<std::string> cells(pqxx::work& tx, const std::string& wkb_hex, int count, int seed) {
    std::vector<std::string> out;
    for (const auto& r : tx.exec_params(sql::get("demo_cells"), wkb_hex, count, seed)) out.push_back(r[0].as<std::string>());
    return out;
}

}  // namespace

demo_result build_demo(pqxx::connection& conn, const demo_options& options) {
    if (options.communes < 2 || options.communes > 500) throw config_error("--communes must be within 2..500");
    if (options.hamlets_per_commune < 1 || options.hamlets_per_commune > 50) {
        throw config_error("--hamlets-per-commune must be within 1..50");
    }
    std::mt19937 rng(static_cast<std::mt19937::result_type>(options.seed));  // the engine is portable
    pqxx::work tx(conn, "demo");
    const edition_info edition = ensure_edition(tx, options.edition, {"Synthetic demo province", std::nullopt, std::nullopt});
    const source_info source{"covermap demo --seed " + std::to_string(options.seed), "demo", "EPSG:4326"};
    demo_result result;

    const std::string province = tx.exec_params1(sql::get("demo_province"), options.seed)[0].as<std::string>();
    {
        unit_loader loader(tx, edition, "province", source);
        loader.add({1, "99", "Tỉnh Sơn Lâm", std::nullopt, std::nullopt, std::nullopt, province, {}});
        result.provinces = loader.finish().unit_count;
    }

    const auto commune_cells = cells(tx, province, options.communes, options.seed);
    {
        unit_loader loader(tx, edition, "commune", source);
        for (std::size_t i = 0; i < commune_cells.size(); ++i) {
            const char* type = i % 7 == 0 ? "Phường " : (i % 11 == 5 ? "Thị trấn " : "Xã ");
            const std::string code = "99" + code_of(static_cast<int>(i) + 1, 3);
            loader.add({static_cast<long long>(i) + 1, code, type + std::string(place_names[i % place_names.size()]) +
                            (i >= place_names.size() ? " " + std::to_string(i / place_names.size() + 1) : ""),
                        std::string("99"), static_cast<long long>(2000 + rng() % 12000), std::nullopt,
                        commune_cells[i], {}});
        }
        result.communes = loader.finish().unit_count;
    }
    // All geometry first: the loader's COPY stream admits no other query until it finishes.
    std::vector<std::vector<std::string>> hamlet_cells;
    for (std::size_t i = 0; i < commune_cells.size(); ++i) {
        const int count = options.hamlets_per_commune - 2 + static_cast<int>(rng() % 5);
        hamlet_cells.push_back(cells(tx, commune_cells[i], count < 1 ? 1 : count, options.seed + static_cast<int>(i) + 1));
    }
    {
        unit_loader loader(tx, edition, "hamlet", source);
        long long row = 0;
        for (std::size_t i = 0; i < commune_cells.size(); ++i) {
            const bool urban = i % 7 == 0;
            const std::string commune_code = "99" + code_of(static_cast<int>(i) + 1, 3);
            for (std::size_t k = 0; k < hamlet_cells[i].size(); ++k) {
                const std::string name = urban ? "Tổ dân phố " + std::to_string(k + 1)
                                               : (k % 3 == 2 ? "Bản " + std::string(place_names[(i + k) % place_names.size()])
                                                             : "Thôn " + std::to_string(k + 1));
                loader.add({++row, commune_code + code_of(static_cast<int>(k) + 1, 3), name, commune_code,
                            std::nullopt, static_cast<long long>(60 + rng() % 240), hamlet_cells[i][k], {}});
            }
        }
        result.hamlets = loader.finish().unit_count;
    }
    tx.commit();
    return result;
}

}  // namespace covermap::boundaries
