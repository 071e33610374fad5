#include "api/geometry_cache.hpp"

namespace covermap::api {

void geometry_cache::reset_for(long long version) {
    if (version == version_) return;
    order_.clear();
    index_.clear();
    bytes_ = 0;
    version_ = version;
}

std::shared_ptr<const std::string> geometry_cache::find(long long version, long long id, int crs) {
    std::lock_guard<std::mutex> lock(mutex_);
    reset_for(version);
    const auto it = index_.find({id, crs});
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->geometry;
}

void geometry_cache::put(long long version, long long id, int crs, std::shared_ptr<const std::string> geometry) {
    const std::size_t size = geometry->size() + sizeof(entry) + 32;
    std::lock_guard<std::mutex> lock(mutex_);
    reset_for(version);
    if (size > budget_ || index_.count({id, crs})) return;
    while (bytes_ + size > budget_ && !order_.empty()) {
        bytes_ -= order_.back().geometry->size() + sizeof(entry) + 32;
        index_.erase(order_.back().k);
        order_.pop_back();
    }
    order_.push_front({{id, crs}, std::move(geometry)});
    index_[{id, crs}] = order_.begin();
    bytes_ += size;
}

void geometry_cache::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    order_.clear();
    index_.clear();
    bytes_ = 0;
}

geometry_cache::stats geometry_cache::statistics() {
    std::lock_guard<std::mutex> lock(mutex_);
    return {index_.size(), bytes_, hits_, misses_};
}

}  // namespace covermap::api
