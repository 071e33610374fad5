#pragma once
// Editions: boundary sets with validity dates ("2009", "2025"), and the levels each one holds.
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::boundaries {

struct edition_info {
    int id = 0;
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> valid_from;  // ISO dates
    std::optional<std::string> valid_to;
};

struct edition_settings {
    std::optional<std::string> title;
    std::optional<std::string> valid_from;
    std::optional<std::string> valid_to;
};

// The edition, created when missing; given settings overwrite stored ones. Throws config_error for
// an invalid name or dates.
edition_info ensure_edition(pqxx::transaction_base& tx, const std::string& name, const edition_settings& settings);

// The edition by name, or nullopt.
std::optional<edition_info> find_edition(pqxx::transaction_base& tx, const std::string& name);

std::vector<edition_info> list_editions(pqxx::transaction_base& tx);

// Level names known to the database (province, district, commune, hamlet), lowest rank first.
std::vector<std::string> known_levels(pqxx::transaction_base& tx);

// The levels loaded into an edition, lowest rank first.
std::vector<std::string> edition_levels(pqxx::transaction_base& tx, int edition_id);

}  // namespace covermap::boundaries
