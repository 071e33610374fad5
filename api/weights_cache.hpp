#pragma once
// Contiguity pairs per edition and level, read once from unit_neighbour and kept until the data
// version changes (a boundary import): every statistic request on a level needs them.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::api {

using neighbour_pairs = std::vector<std::pair<long long, long long>>;  // (unit, neighbour), both ways

class weights_cache {
public:
    std::shared_ptr<const neighbour_pairs> get(pqxx::transaction_base& tx, long long edition_id, const std::string& level);

private:
    std::mutex mutex_;
    long long version_ = -1;
    std::map<std::pair<long long, std::string>, std::shared_ptr<const neighbour_pairs>> entries_;
};

}  // namespace covermap::api
