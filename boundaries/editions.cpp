#include "boundaries/editions.hpp"

#include <regex>

#include "boundaries/sql.hpp"
#include "core/error.hpp"

namespace covermap::boundaries {
namespace {

edition_info edition_from_row(const pqxx::row& r) {
    edition_info e;
    e.id = r["id"].as<int>();
    e.name = r["name"].as<std::string>();
    if (!r["title"].is_null()) e.title = r["title"].as<std::string>();
    if (!r["valid_from"].is_null()) e.valid_from = r["valid_from"].as<std::string>();
    if (!r["valid_to"].is_null()) e.valid_to = r["valid_to"].as<std::string>();
    return e;
}

const char* const edition_columns = "id, name, title, valid_from::text AS valid_from, valid_to::text AS valid_to";

void check_date(const std::optional<std::string>& date, const char* option) {
    static const std::regex iso(R"(\d{4}-\d{2}-\d{2})");
    if (date && !std::regex_match(*date, iso)) {
        throw config_error(std::string(option) + ": '" + *date + "' is not a date (YYYY-MM-DD)");
    }
}

}  // namespace

edition_info ensure_edition(pqxx::transaction_base& tx, const std::string& name, const edition_settings& settings) {
    static const std::regex valid_name(R"([A-Za-z0-9_.-]{1,64})");
    if (!std::regex_match(name, valid_name)) {
        throw config_error("--edition: '" + name + "' is not a valid edition name (letters, digits, . _ -; at most 64)");
    }
    check_date(settings.valid_from, "--valid-from");
    check_date(settings.valid_to, "--valid-to");
    try {
        const auto r = tx.exec_params1(
            std::string("INSERT INTO edition AS e (name, title, valid_from, valid_to) VALUES ($1, $2, $3::date, $4::date) "
                        "ON CONFLICT (name) DO UPDATE SET title = coalesce($2, e.title), "
                        "valid_from = coalesce($3::date, e.valid_from), valid_to = coalesce($4::date, e.valid_to) "
                        "RETURNING ") + edition_columns,
            name, settings.title, settings.valid_from, settings.valid_to);
        return edition_from_row(r);
    } catch (const pqxx::check_violation&) {
        throw config_error("edition " + name + ": --valid-from must come before --valid-to");
    } catch (const pqxx::data_exception& e) {
        throw config_error("edition " + name + ": invalid date: " + e.what());
    }
}

std::optional<edition_info> find_edition(pqxx::transaction_base& tx, const std::string& name) {
    const auto rows = tx.exec_params(std::string("SELECT ") + edition_columns + " FROM edition WHERE name = $1", name);
    if (rows.empty()) return std::nullopt;
    return edition_from_row(rows[0]);
}

std::vector<edition_info> list_editions(pqxx::transaction_base& tx) {
    std::vector<edition_info> out;
    for (const auto& r : tx.exec(std::string("SELECT ") + edition_columns +
                                 " FROM edition ORDER BY valid_from DESC NULLS LAST, id DESC")) {
        out.push_back(edition_from_row(r));
    }
    return out;
}

std::vector<std::string> known_levels(pqxx::transaction_base& tx) {
    std::vector<std::string> out;
    for (const auto& r : tx.exec("SELECT name FROM admin_level ORDER BY rank")) out.push_back(r[0].as<std::string>());
    return out;
}

std::vector<std::string> edition_levels(pqxx::transaction_base& tx, int edition_id) {
    std::vector<std::string> out;
    for (const auto& r : tx.exec_params(sql::get("edition_levels"), edition_id)) out.push_back(r[0].as<std::string>());
    return out;
}

}  // namespace covermap::boundaries
