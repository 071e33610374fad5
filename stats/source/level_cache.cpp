#include "stats/source/level_cache.hpp"

#include "catalog/catalogue_cache.hpp"

namespace covermap::stats::source {

template <typename T, typename Load>
std::shared_ptr<const T> level_cache::get(pqxx::transaction_base& tx, std::map<key, std::shared_ptr<const T>>& entries,
                                          const key& k, Load&& load) {
    const long long version = catalog::version_of(tx);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (version != version_) {
            neighbours_.clear();
            indicators_.clear();
            units_.clear();
            version_ = version;
        }
        if (const auto it = entries.find(k); it != entries.end()) return it->second;
    }
    auto value = std::make_shared<T>();
    load(*value);
    std::lock_guard<std::mutex> lock(mutex_);
    if (version == version_) entries[k] = value;
    return value;
}

std::shared_ptr<const neighbour_pairs> level_cache::neighbours(pqxx::transaction_base& tx, long long edition_id,
                                                               const std::string& level) {
    return get(tx, neighbours_, {edition_id, level}, [&](neighbour_pairs& pairs) {
        for (const auto& r : tx.exec_prepared("level_neighbours", edition_id, level)) {
            pairs.emplace_back(r[0].as<long long>(), r[1].as<long long>());
        }
    });
}

std::shared_ptr<const indicator_documents> level_cache::indicators(pqxx::transaction_base& tx, long long edition_id,
                                                                   const std::string& level) {
    return get(tx, indicators_, {edition_id, level}, [&](indicator_documents& documents) {
        for (const auto& r : tx.exec_prepared("level_indicators_json", edition_id, level)) {
            documents.emplace(r[0].as<long long>(), r[1].c_str());
        }
    });
}

std::shared_ptr<const unit_directory> level_cache::units(pqxx::transaction_base& tx, long long edition_id,
                                                        const std::string& level) {
    return get(tx, units_, {edition_id, level}, [&](unit_directory& directory) {
        for (const auto& r : tx.exec_prepared("level_units", edition_id, level)) {
            directory.emplace(r[0].as<long long>(), std::make_pair(r[1].as<std::string>(), r[2].as<std::string>()));
        }
    });
}

}  // namespace covermap::stats::source
