#pragma once
// What a query is about: the edition (default: the newest), a level it has, a registry snapshot
// (as-of date; default: the latest). Each unknown value is a 400 listing the valid ones.
#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace covermap::api {

struct edition_ref {
    long long id;
    std::string name;
};

edition_ref resolve_edition(pqxx::transaction_base& tx, const std::optional<std::string>& name);
void require_level(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& level);
// The as-of date (YYYY-MM-DD) of a current registry snapshot of the edition.
std::string resolve_as_of(pqxx::transaction_base& tx, const edition_ref& edition, const std::optional<std::string>& as_of,
                          const char* parameter = "as_of");

}  // namespace covermap::api
