#include "registry/snapshot.hpp"

#include <algorithm>

#include "geo/names.hpp"
#include "core/text.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

// PostgreSQL array literals for the SQL's ANY($n::text[]) / ANY($n::bigint[]) (libpqxx 6.4 has no
// conversion of its own).
std::string text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char c : item) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string id_array(const std::vector<long long>& ids) {
    std::string out = "{";
    for (const long long id : ids) out += (out.size() > 1 ? "," : "") + std::to_string(id);
    return out + "}";
}

std::string codes_of(const std::vector<province_ref>& provinces) {
    std::vector<std::string> out;
    for (const auto& p : provinces) out.push_back(p.code);
    return text_array(out);
}

std::string ids_of(const std::vector<province_ref>& provinces) {
    std::vector<long long> out;
    for (const auto& p : provinces) out.push_back(p.id);
    return id_array(out);
}

std::string listed(const std::vector<province_ref>& provinces) {
    std::string out;
    for (const auto& p : provinces) out += (out.empty() ? "" : ", ") + p.code + " " + p.name;
    return out;
}

// A spec's province: "province:20", "20", "20 Lạng Sơn", or a name (with or without its type).
const province_ref* find_root(const std::vector<province_ref>& roots, const std::string& spec) {
    std::string text = spec;
    if (text.rfind("province:", 0) == 0) text = text.substr(9);
    for (const auto& r : roots) {
        if (r.code == text) return &r;
    }
    // A code that lost its leading zero ("1" for "01").
    for (const auto& r : roots) {
        const auto digits = r.code.find_first_not_of('0');
        if (digits != std::string::npos && digits > 0 && r.code.substr(digits) == text) return &r;
    }
    const std::string key = geo::name_key(text);
    const province_ref* found = nullptr;
    for (const auto& r : roots) {
        if (geo::name_key(r.name) == key) {
            if (found != nullptr) return nullptr;  // two of that name: the code must say which
            found = &r;
        }
    }
    return found;
}

}  // namespace

bool upload_scope::contains(long long root_id) const {
    return std::any_of(provinces.begin(), provinces.end(), [&](const province_ref& p) { return p.id == root_id; });
}

std::vector<province_ref> edition_roots(pqxx::transaction_base& tx, int edition_id) {
    std::vector<province_ref> out;
    for (const auto& r : tx.exec_params(sql::get("edition_roots"), edition_id)) {
        out.push_back({r[0].as<long long>(), r[1].as<std::string>(), r[2].as<std::string>()});
    }
    return out;
}

upload_scope explicit_scope(const std::vector<province_ref>& roots, const std::vector<std::string>& specs) {
    upload_scope scope;
    scope.kind = "explicit";
    for (const auto& spec : specs) {
        if (spec == "national") {
            if (specs.size() > 1) throw input_error("--scope national replaces every province; give it alone");
            scope.kind = "national";
            scope.provinces = roots;
            scope.whole = true;
            return scope;
        }
        const province_ref* root = find_root(roots, spec);
        if (root == nullptr) {
            throw input_error("--scope '" + spec + "': no such province in the edition (give province:CODE; provinces: " +
                              listed(roots) + ")");
        }
        if (!scope.contains(root->id)) scope.provinces.push_back(*root);
    }
    std::sort(scope.provinces.begin(), scope.provinces.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    scope.whole = scope.provinces.size() == roots.size();
    return scope;
}

upload_scope placed_scope(const std::vector<province_ref>& roots, const std::set<long long>& placed_roots) {
    upload_scope scope;
    scope.kind = "placed";
    for (const auto& r : roots) {
        if (placed_roots.count(r.id)) scope.provinces.push_back(r);
    }
    scope.whole = !roots.empty() && scope.provinces.size() == roots.size();
    return scope;
}

void require_allowed(const std::vector<province_ref>& provinces, const std::optional<std::vector<std::string>>& allowed,
                     const std::string& what) {
    if (!allowed) return;
    std::vector<province_ref> outside;
    for (const auto& p : provinces) {
        if (std::find(allowed->begin(), allowed->end(), p.code) == allowed->end()) outside.push_back(p);
    }
    if (outside.empty()) return;
    std::string mine;
    for (const auto& code : *allowed) mine += (mine.empty() ? "" : ", ") + code;
    throw scope_refused(what + " " + listed(outside) + ", outside the provinces this API key may write (" + mine + ")");
}

std::vector<long long> take_scope(pqxx::work& tx, int edition_id, const std::string& as_of, long long import_id,
                                  const upload_scope& scope) {
    if (scope.provinces.empty()) return {};
    const auto codes = codes_of(scope.provinces);
    tx.exec_params(sql::get("delete_scope_teams"), edition_id, as_of, ids_of(scope.provinces), import_id);
    std::vector<long long> previous;
    for (const auto& r : tx.exec_params(sql::get("take_supply"), edition_id, as_of, codes)) previous.push_back(r[0].as<long long>());
    tx.exec_params(sql::get("add_supply"), edition_id, as_of, codes, import_id);
    std::vector<long long> retired;
    for (const auto& r : tx.exec_params(sql::get("retire_unsupplied"), id_array(previous), import_id)) retired.push_back(r[0].as<long long>());
    return retired;
}

bool take_snapshot_date(pqxx::work& tx, int edition_id, const std::string& as_of) {
    tx.exec_params(sql::get("drop_converted"), edition_id, as_of);
    return tx.exec_params1(sql::get("snapshot_has_coverage"), edition_id, as_of)[0].as<bool>();
}

void refresh_snapshot(pqxx::work& tx, int edition_id, const std::string& as_of, const upload_scope& scope, bool had_coverage) {
    if (!tx.exec_params1(sql::get("snapshot_supplied"), edition_id, as_of)[0].as<bool>()) {
        tx.exec_params(sql::get("delete_snapshot_coverage"), edition_id, as_of);
    } else if (had_coverage && !scope.whole) {
        if (scope.provinces.empty()) return;
        tx.exec_params(sql::get("refresh_coverage_scope"), edition_id, as_of, ids_of(scope.provinces));
    } else {
        tx.exec_params(sql::get("refresh_coverage_scope"), edition_id, as_of, std::optional<std::string>());
    }
    refresh_conversions(tx, edition_id, as_of);
}

void refresh_conversions(pqxx::work& tx, int edition_id, const std::string& as_of) {
    tx.exec_params(sql::get("refresh_conversions"), edition_id, as_of);
}

withdraw_result withdraw_import(pqxx::connection& conn, const withdraw_options& o) {
    pqxx::work tx(conn, "covermap withdraw registry");
    auto supply = tx.exec_params(sql::get("import_supply"), o.import_id);
    if (supply.empty()) throw not_found_error("no registry import " + std::to_string(o.import_id) + " (see covermap registry list)");
    const int edition_id = supply[0][0].as<int>();
    withdraw_result result;
    result.import_id = o.import_id;
    result.as_of = supply[0][1].as<std::string>();
    result.edition = tx.exec_params1("SELECT name FROM edition WHERE id = $1", edition_id)[0].as<std::string>();
    tx.exec_params(sql::get("lock_snapshot"), edition_id, result.as_of);
    supply = tx.exec_params(sql::get("import_supply"), o.import_id);  // again, under the lock
    if (!supply[0][2].as<bool>()) {
        throw config_error("registry import " + std::to_string(o.import_id) + " supplies no province of its snapshot any more");
    }
    const std::vector<std::string> supplied = core::split_list(supply[0][3].as<std::string>());
    const auto roots = edition_roots(tx, edition_id);
    std::vector<province_ref> chosen;
    if (o.provinces.empty()) {
        for (const auto& r : roots) {
            if (std::find(supplied.begin(), supplied.end(), r.code) != supplied.end()) chosen.push_back(r);
        }
    } else {
        for (const auto& spec : o.provinces) {
            const province_ref* root = find_root(roots, spec);
            if (root == nullptr || std::find(supplied.begin(), supplied.end(), root->code) == supplied.end()) {
                std::string list;
                for (const auto& code : supplied) list += (list.empty() ? "" : ", ") + code;
                throw config_error("province '" + spec + "': import " + std::to_string(o.import_id) +
                                   " does not supply it for " + result.as_of + " (it supplies " + list + ")");
            }
            if (std::none_of(chosen.begin(), chosen.end(), [&](const auto& c) { return c.id == root->id; })) chosen.push_back(*root);
        }
    }
    require_allowed(chosen, o.allowed, "the withdrawal names");
    const bool had_coverage = take_snapshot_date(tx, edition_id, result.as_of);
    tx.exec_params(sql::get("delete_import_province_teams"), o.import_id, ids_of(chosen));
    tx.exec_params(sql::get("release_supply"), o.import_id, codes_of(chosen));
    tx.exec_params(sql::get("retire_unsupplied"), id_array({o.import_id}), std::optional<long long>());
    tx.exec_params(sql::get("mark_withdrawn"), o.import_id, o.withdrawn_by);
    upload_scope scope{"explicit", chosen};
    refresh_snapshot(tx, edition_id, result.as_of, scope, had_coverage);
    result.data_version = tx.exec1(sql::get("bump_registry"))[0].as<long long>();
    tx.commit();
    result.withdrawn = chosen;
    for (const auto& code : supplied) {
        if (std::none_of(chosen.begin(), chosen.end(), [&](const auto& c) { return c.code == code; })) result.still_supplied.push_back(code);
    }
    return result;
}

}  // namespace covermap::registry
