#pragma once
// A snapshot (edition + as-of date) is the union of its uploads, province by province: an upload
// replaces the teams of its scope only, a withdrawal removes one import's provinces and restores
// nothing else. Which import supplies which top-level unit is in snapshot_supply.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/error.hpp"

namespace covermap::registry {

// A top-level unit of an edition (a province in both Vietnamese editions).
struct province_ref {
    long long id = 0;
    std::string code, name;
};

// The upload or withdrawal names provinces its API key may not write (HTTP 403).
class scope_refused : public forbidden_error {
public:
    using forbidden_error::forbidden_error;
};

std::vector<province_ref> edition_roots(pqxx::transaction_base& tx, int edition_id);

struct upload_scope {
    std::string kind;                     // placed, explicit, national
    std::vector<province_ref> provinces;  // what the upload replaces, by code
    bool whole = false;                   // every province of the edition (the roll-ups are rebuilt whole)
    bool contains(long long root_id) const;
};

// `specs` as given: "national", "province:20", "20", "province:Lạng Sơn" (code, or name with or
// without its type). config_error names a spec that is no top-level unit of the edition.
upload_scope explicit_scope(const std::vector<province_ref>& roots, const std::vector<std::string>& specs);
// The default: the provinces the upload's rows were placed in.
upload_scope placed_scope(const std::vector<province_ref>& roots, const std::set<long long>& placed_roots);

// Throws scope_refused unless every province of `provinces` is in `allowed` (nullopt: no limit).
void require_allowed(const std::vector<province_ref>& provinces, const std::optional<std::vector<std::string>>& allowed,
                     const std::string& what);

// In the upload's transaction, before its teams are written: the snapshot's other current imports
// lose their teams in the scope, the new import supplies it, and imports left supplying nothing
// are retired (replaced by the new one). Returns the retired import ids.
std::vector<long long> take_scope(pqxx::work& tx, int edition_id, const std::string& as_of, long long import_id,
                                  const upload_scope& scope);

// After the teams are written: the roll-ups of the scope's provinces (all of them when the
// snapshot had none yet, or the scope is national), then the conversions from and onto the date.
void refresh_snapshot(pqxx::work& tx, int edition_id, const std::string& as_of, const upload_scope& scope, bool had_coverage);
// Before the edition's own teams of the date are written: a snapshot converted onto the date from
// another edition gives way. Returns whether the snapshot's own roll-ups exist (then a scoped
// refresh suffices).
bool take_snapshot_date(pqxx::work& tx, int edition_id, const std::string& as_of);
// The snapshot of the date carried onto other editions' units again (and theirs onto this one's).
void refresh_conversions(pqxx::work& tx, int edition_id, const std::string& as_of);

struct withdraw_options {
    long long import_id = 0;
    std::vector<std::string> provinces;  // codes or names; empty: every province the import supplies
    std::optional<std::vector<std::string>> allowed;  // the key's provinces (API)
    std::string withdrawn_by;
};

struct withdraw_result {
    long long import_id = 0;
    std::string edition, as_of;
    std::vector<province_ref> withdrawn;
    std::vector<std::string> still_supplied;  // codes the import keeps
    long long data_version = 0;
};

// One transaction. config_error: no such import, or a province it does not supply.
withdraw_result withdraw_import(pqxx::connection& conn, const withdraw_options& options);

}  // namespace covermap::registry
