#include "stats/source/coverage_table.hpp"

#include <nlohmann/json.hpp>

#include "stats/source/metrics.hpp"

namespace covermap::stats::source {
namespace {

std::string cell_text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

}  // namespace

geo::text_table coverage_text_table(const pqxx::result& rows,
                                    const std::map<long long, std::map<std::string, double>>& indicators,
                                    const std::vector<std::string>& indicator_names, const std::string& lang,
                                    std::vector<bool>& numeric) {
    geo::text_table table;
    std::vector<std::string> header = lang == "vi" ? std::vector<std::string>{"Mã", "Tên", "Loại", "Mã đơn vị cấp trên", "Đơn vị cấp trên"}
                                                   : std::vector<std::string>{"Code", "Name", "Type", "Parent code", "Parent"};
    numeric.assign(5, false);
    for (const auto& c : coverage_columns()) {
        header.push_back(lang == "vi" ? c.label_vi : c.label_en);
        numeric.push_back(true);
    }
    for (const auto& name : indicator_names) {
        header.push_back(name);
        numeric.push_back(true);
    }
    table.push_back(header);
    for (const auto& r : rows) {
        std::vector<std::string> line;
        for (int i = 1; i < first_figure + static_cast<int>(coverage_columns().size()); ++i) line.push_back(cell_text(r[i]));
        const auto it = indicators.find(r[0].as<long long>());
        for (const auto& name : indicator_names) {
            const bool has = it != indicators.end() && it->second.count(name);
            line.push_back(has ? nlohmann::json(it->second.at(name)).dump() : std::string());
        }
        table.push_back(std::move(line));
    }
    return table;
}

level_indicators load_level_indicators(pqxx::transaction_base& tx, long long edition_id, const std::string& level) {
    level_indicators out;
    for (const auto& r : tx.exec_prepared("level_indicators", edition_id, level)) {
        const auto name = r[1].as<std::string>();
        if (out.names.empty() || out.names.back() != name) out.names.push_back(name);
        out.values[r[0].as<long long>()][name] = r[2].as<double>();
    }
    return out;
}

}  // namespace covermap::stats::source
