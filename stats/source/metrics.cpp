#include "stats/source/metrics.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/error.hpp"
#include "stats/rates.hpp"

namespace covermap::stats::source {

const std::vector<coverage_column>& coverage_columns() {
    static const std::vector<coverage_column> columns{
        {"hamlets", "Số thôn/tổ dân phố", "Hamlets", false},
        {"covered_hamlets", "Số thôn có tổ CNSCĐ", "Hamlets with a team", false},
        {"coverage_rate", "Tỷ lệ thôn có tổ", "Coverage rate", true},
        {"teams", "Số tổ CNSCĐ", "Teams", false},
        {"members", "Số thành viên", "Members", false},
        {"households", "Số hộ", "Households", false},
        {"members_per_1000_households", "Thành viên/1.000 hộ", "Members per 1,000 households", false},
        {"households_supported", "Số hộ được hỗ trợ", "Households supported", false},
        {"supported_share", "Tỷ lệ hộ được hỗ trợ", "Share of households supported", true},
        {"ecommerce_households", "Hộ có gian hàng TMĐT", "Households with an e-commerce shop", false},
        {"ecommerce_share", "Tỷ lệ hộ có gian hàng TMĐT", "Share with an e-commerce shop", true},
        {"cashless_households", "Hộ thanh toán không dùng tiền mặt", "Households paying cashless", false},
        {"cashless_share", "Tỷ lệ hộ thanh toán không dùng tiền mặt", "Share paying cashless", true},
    };
    return columns;
}

const std::vector<std::string>& smoothed_rate_metrics() {
    static const std::vector<std::string> names{"coverage_rate_eb", "coverage_rate_ebl"};
    return names;
}

metric resolve_metric(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& name) {
    for (const auto& c : coverage_columns()) {
        if (name == c.name) return {name, std::nullopt, std::nullopt};
    }
    for (const auto& smoothed : smoothed_rate_metrics()) {
        if (name == smoothed) return {name, std::nullopt, std::nullopt};
    }
    const auto at = name.find('@');
    if (at != std::string::npos) {
        const std::string indicator = name.substr(0, at), period = name.substr(at + 1);
        if (!tx.exec_prepared("indicator_exists", edition.id, indicator, period).empty()) return {name, indicator, period};
    }
    std::string list;
    for (const auto& c : coverage_columns()) list += (list.empty() ? "" : ", ") + std::string(c.name);
    for (const auto& smoothed : smoothed_rate_metrics()) list += ", " + smoothed;
    const auto indicators = tx.exec_prepared1("indicator_metrics", edition.id)[0];
    if (!indicators.is_null()) list += ", " + indicators.as<std::string>();
    throw input_error("unknown metric '" + name + "'; metrics: " + list);
}

rate_counts load_rate_counts(pqxx::transaction_base& tx, level_cache& cache, const edition_ref& edition,
                             const std::string& level, const std::string& as_of) {
    const unit_values hamlets = load_values(tx, cache, edition, level, as_of, {"hamlets", std::nullopt, std::nullopt});
    const unit_values covered = load_values(tx, cache, edition, level, as_of, {"covered_hamlets", std::nullopt, std::nullopt});
    rate_counts out;
    std::unordered_map<long long, int> index;
    std::size_t j = 0;  // both lists are ordered by unit id
    for (std::size_t i = 0; i < hamlets.ids.size(); ++i) {
        while (j < covered.ids.size() && covered.ids[j] < hamlets.ids[i]) ++j;
        if (!(hamlets.values[i] > 0) || j == covered.ids.size() || covered.ids[j] != hamlets.ids[i]) continue;
        index.emplace(hamlets.ids[i], static_cast<int>(out.units.ids.size()));
        out.units.ids.push_back(hamlets.ids[i]);
        out.units.codes.push_back(hamlets.codes[i]);
        out.units.names.push_back(hamlets.names[i]);
        out.units.values.push_back(covered.values[j] / hamlets.values[i]);
        out.cases.push_back(covered.values[j]);
        out.population.push_back(hamlets.values[i]);
    }
    out.neighbours.resize(out.units.ids.size());
    for (const auto& [unit, neighbour] : *cache.neighbours(tx, edition.id, level)) {
        const auto a = index.find(unit), b = index.find(neighbour);
        if (a != index.end() && b != index.end()) out.neighbours[static_cast<std::size_t>(a->second)].push_back(b->second);
    }
    for (auto& list : out.neighbours) std::sort(list.begin(), list.end());
    return out;
}

unit_values load_values(pqxx::transaction_base& tx, level_cache& cache, const edition_ref& edition,
                        const std::string& level, const std::string& as_of, const metric& m) {
    if (m.name == "coverage_rate_eb" || m.name == "coverage_rate_ebl") {
        rate_counts counts = load_rate_counts(tx, cache, edition, level, as_of);
        if (counts.units.ids.empty()) return std::move(counts.units);
        counts.units.values = m.name == "coverage_rate_eb"
                                  ? stats::eb_global(counts.cases, counts.population).smoothed
                                  : stats::eb_local(counts.cases, counts.population, counts.neighbours).smoothed;
        return std::move(counts.units);
    }
    const auto directory = cache.units(tx, edition.id, level);
    const pqxx::result rows = m.indicator
                                  ? tx.exec_prepared("indicator_values", edition.id, level, *m.indicator, *m.period)
                                  : tx.exec_prepared("coverage_values", edition.id, as_of, level, m.name);
    std::vector<std::pair<long long, double>> values;
    values.reserve(rows.size());
    for (const auto& r : rows) {
        if (!r[1].is_null()) values.emplace_back(r[0].as<long long>(), r[1].as<double>());
    }
    std::sort(values.begin(), values.end());
    unit_values out;
    for (const auto& [id, value] : values) {
        const auto it = directory->find(id);
        if (it == directory->end()) continue;
        out.ids.push_back(id);
        out.codes.push_back(it->second.first);
        out.names.push_back(it->second.second);
        out.values.push_back(value);
    }
    return out;
}

}  // namespace covermap::stats::source
