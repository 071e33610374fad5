#include "api/weights_cache.hpp"

namespace covermap::api {

std::shared_ptr<const neighbour_pairs> weights_cache::get(pqxx::transaction_base& tx, long long edition_id,
                                                          const std::string& level) {
    const long long version = tx.exec_prepared1("data_version")[0].as<long long>();
    const auto key = std::make_pair(edition_id, level);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (version != version_) {
            entries_.clear();
            version_ = version;
        }
        if (const auto it = entries_.find(key); it != entries_.end()) return it->second;
    }
    auto pairs = std::make_shared<neighbour_pairs>();
    for (const auto& r : tx.exec_prepared("level_neighbours", edition_id, level)) {
        pairs->emplace_back(r[0].as<long long>(), r[1].as<long long>());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (version == version_) entries_[key] = pairs;
    return pairs;
}

}  // namespace covermap::api
