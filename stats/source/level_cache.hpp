#pragma once
// What every request on a level reads and only imports change: its units' codes and names, its
// contiguity pairs and its units' indicator values (as JSON). Read once, kept until the data version changes.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::stats::source {

using neighbour_pairs = std::vector<std::pair<long long, long long>>;  // (unit, neighbour), both ways
using indicator_documents = std::unordered_map<long long, std::string>;  // unit → {"indicator@period": value}
using unit_directory = std::unordered_map<long long, std::pair<std::string, std::string>>;  // unit → code, name

class level_cache {
public:
    std::shared_ptr<const neighbour_pairs> neighbours(pqxx::transaction_base& tx, long long edition_id, const std::string& level);
    std::shared_ptr<const indicator_documents> indicators(pqxx::transaction_base& tx, long long edition_id,
                                                          const std::string& level);
    std::shared_ptr<const unit_directory> units(pqxx::transaction_base& tx, long long edition_id, const std::string& level);

private:
    using key = std::pair<long long, std::string>;
    // The cached value for `key` in `entries`, or what `load` reads (kept if the version held).
    template <typename T, typename Load>
    std::shared_ptr<const T> get(pqxx::transaction_base& tx, std::map<key, std::shared_ptr<const T>>& entries,
                                 const key& k, Load&& load);

    std::mutex mutex_;
    long long version_ = -1;
    std::map<key, std::shared_ptr<const neighbour_pairs>> neighbours_;
    std::map<key, std::shared_ptr<const indicator_documents>> indicators_;
    std::map<key, std::shared_ptr<const unit_directory>> units_;
};

}  // namespace covermap::stats::source
