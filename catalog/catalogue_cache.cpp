#include "catalog/catalogue_cache.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "db/session.hpp"

namespace covermap::catalog {
namespace sql {
std::string_view sql_text(std::string_view stem);
}  // namespace sql

namespace {

using json = nlohmann::json;

std::optional<std::string> opt_text(const json& v) {
    return v.is_string() ? std::optional<std::string>(v.get<std::string>()) : std::nullopt;
}

std::optional<geo::box> opt_box(const json& v) {
    if (!v.is_array() || v.size() != 4 || !v[0].is_number()) return std::nullopt;
    return geo::box{v[0].get<double>(), v[1].get<double>(), v[2].get<double>(), v[3].get<double>()};
}

edition parse_edition(const json& e) {
    edition ed;
    ed.id = e["id"].get<long long>();
    ed.name = e["name"].get<std::string>();
    ed.title = opt_text(e["title"]);
    ed.valid_from = opt_text(e["valid_from"]);
    ed.valid_to = opt_text(e["valid_to"]);
    for (const auto& l : e["levels"]) ed.levels.push_back({l["level"].get<std::string>(), l["units"].get<long long>(), opt_box(l["bbox"])});
    for (const auto& s : e["snapshots"]) {
        snapshot snap;
        snap.as_of = s["as_of"].get<std::string>();
        snap.teams = s["teams"].get<long long>();
        snap.first_founded = opt_text(s["first_founded"]);
        snap.last_founded = opt_text(s["last_founded"]);
        snap.source_edition_id = s["source_edition_id"].get<long long>();
        snap.converted_from = opt_text(s["converted_from"]);
        if (s["method"].is_string()) snap.method = s["method"].get<std::string>();
        if (s["levels"].is_array()) snap.levels = s["levels"].get<std::vector<std::string>>();
        ed.snapshots.push_back(std::move(snap));
    }
    return ed;
}

}  // namespace

long long read_data_version(pqxx::transaction_base& tx) {
    return tx.exec1(std::string(sql::sql_text("data_version")))[0].as<long long>();
}

std::shared_ptr<const catalogue> read_catalogue(pqxx::transaction_base& tx) {
    const auto row = tx.exec1(std::string(sql::sql_text("catalogue")));
    auto cat = std::make_shared<catalogue>();
    cat->version = row[1].as<long long>();
    for (const auto& e : json::parse(row[0].c_str())) cat->editions.push_back(parse_edition(e));
    complete(*cat);
    return cat;
}

std::shared_ptr<const catalogue> catalogue_cache::keep(std::shared_ptr<const catalogue> cat) {
    long long known = version_.load();
    while (known < cat->version && !version_.compare_exchange_weak(known, cat->version)) {
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!current_ || current_->version <= cat->version) current_ = std::move(cat);
    return current_;
}

std::shared_ptr<const catalogue> catalogue_cache::get(pqxx::transaction_base& tx) {
    const long long version = read_data_version(tx);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (current_ && current_->version == version) return current_;
    }
    auto cat = read_catalogue(tx);
    keep(cat);
    return cat;  // the version this transaction sees, even if a newer one is kept meanwhile
}

std::shared_ptr<const catalogue> catalogue_cache::current(db::pool& pool) {
    auto fresh = [&] {
        std::lock_guard<std::mutex> lock(mutex_);
        return current_ && current_->version >= version_.load() ? current_ : nullptr;
    };
    if (auto cat = fresh()) return cat;
    std::lock_guard<std::mutex> loading(load_mutex_);
    if (auto cat = fresh()) return cat;  // read by another thread meanwhile
    try {
        return keep(db::read(pool, [](pqxx::read_transaction& tx) { return read_catalogue(tx); }));
    } catch (const pqxx::undefined_table&) {
        throw db_error("the database schema is older than this covermap: run `covermap db migrate`");
    }
}

void catalogue_cache::set_version(long long version) { version_.store(version); }

void catalogue_cache::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    current_.reset();
}

const std::shared_ptr<const catalogue>& catalogued_read::catalogue() {
    if (!catalogue_) catalogue_ = cache_ ? cache_->get(*this) : read_catalogue(*this);
    return catalogue_;
}

std::shared_ptr<const catalogue> catalogue_of(pqxx::transaction_base& tx) {
    if (auto* read = dynamic_cast<catalogued_read*>(&tx)) return read->catalogue();
    return read_catalogue(tx);
}

long long version_of(pqxx::transaction_base& tx) {
    if (auto* read = dynamic_cast<catalogued_read*>(&tx)) return read->catalogue()->version;
    return read_data_version(tx);
}

}  // namespace covermap::catalog
