#include "api/imports_endpoint.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "api/multipart.hpp"
#include "api/params.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "registry/aliases.hpp"
#include "registry/registry_import.hpp"
#include "registry/resolutions.hpp"

namespace covermap::api {
namespace {

std::string extension_for(const form_upload& u) {
    const auto dot = u.file_name.rfind('.');
    if (dot != std::string::npos) {
        const std::string ext = core::ascii_lower(u.file_name.substr(dot));
        if (ext == ".csv" || ext == ".txt" || ext == ".tsv" || ext == ".xlsx" || ext == ".ods") return ext;
    }
    if (u.bytes.compare(0, 4, "PK\x03\x04") == 0) {
        return u.bytes.find("application/vnd.oasis.opendocument.spreadsheet") < 200 ? ".ods" : ".xlsx";
    }
    return ".csv";
}

// The uploaded bytes in a temporary file (the table readers work on paths), removed on scope exit.
class temp_upload {
public:
    temp_upload(const std::string& bytes, const std::string& extension) {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/covermap-upload-XXXXXX" + extension;
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        const int fd = mkstemps(buffer.data(), static_cast<int>(extension.size()));
        if (fd < 0) throw std::runtime_error("cannot create a temporary file for the upload");
        path_ = buffer.data();
        std::size_t written = 0;
        while (written < bytes.size()) {
            const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
            if (n <= 0) {
                ::close(fd);
                std::remove(path_.c_str());
                throw std::runtime_error("cannot write the upload to a temporary file");
            }
            written += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    ~temp_upload() { std::remove(path_.c_str()); }
    temp_upload(const temp_upload&) = delete;
    temp_upload& operator=(const temp_upload&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

long long import_id_of(const request& req) {
    const std::string& raw = req.path_params.at("id");
    char* end = nullptr;
    const long long id = std::strtoll(raw.c_str(), &end, 10);
    if (raw.empty() || *end != '\0' || id <= 0) throw not_found("no registry import '" + raw + "'");
    return id;
}

// What the upload replaced: how its scope was chosen and each province with the teams it placed there.
nlohmann::json scope_json(const registry::registry_import_result& result) {
    nlohmann::json provinces = nlohmann::json::array();
    for (const auto& p : result.scope) {
        provinces.push_back({{"code", p.code}, {"name", p.name}, {"teams", result.scope_teams.at(p.code)}});
    }
    const char* note = result.scope_kind == "placed"
                           ? "the teams of the provinces its rows are placed in were replaced; other provinces are unchanged"
                       : result.scope_kind == "national" ? "every province of the snapshot was replaced"
                                                         : "the teams of the provinces named by scope were replaced; other provinces are unchanged";
    return {{"kind", result.scope_kind}, {"provinces", provinces}, {"note", note}};
}

std::string human_bytes(std::size_t n) {
    return n >= 1024 * 1024 ? std::to_string(n / (1024 * 1024)) + " MB" : std::to_string(n / 1024) + " KB";
}

}  // namespace

response post_registry_import(const request& req, services& svc, const std::function<void(long long)>& progress) {
    const key_grant grant = svc.keys.authorize(req);
    const std::string& who = grant.name;
    const query_params params(req, {"edition", "as_of", "sheet", "encoding", "name", "scope", "wait", "set"});
    if (req.body.size() > svc.max_upload_bytes) {
        throw api_error(413, "payload_too_large", "the upload has " + std::to_string(req.body.size()) +
                                                      " bytes; the limit is " + human_bytes(svc.max_upload_bytes) +
                                                      " (serve --max-upload-mb)");
    }
    form_upload u;
    const std::string type = req.header("content-type").value_or("");
    if (core::ascii_lower(type).rfind("multipart/form-data", 0) == 0) {
        const std::string boundary = header_param(type, "boundary");
        if (boundary.empty()) throw bad_request("multipart/form-data without a boundary");
        u = parse_multipart(req.body, boundary);
    } else {
        u.bytes = req.body;
    }
    if (u.bytes.empty()) throw bad_request("the request has no file: send the CSV/XLSX as the body or as a `file` part");
    auto field = [&](const std::string& name) -> std::optional<std::string> {
        if (const auto it = u.fields.find(name); it != u.fields.end() && !it->second.empty()) return it->second;
        return params.text(name);
    };
    registry::registry_import_options o;
    const auto edition = field("edition"), as_of = field("as_of");
    if (!edition) throw bad_request("parameter 'edition' is required");
    if (!as_of) throw bad_request("parameter 'as_of' is required (YYYY-MM-DD)");
    o.edition = *edition;
    o.as_of = *as_of;
    if (const auto sheets = field("sheet")) o.sheets = core::split_list(*sheets);
    // set=province=Lạng Sơn;district=…: fields given one value for every row.
    if (const auto set = field("set")) {
        std::stringstream items(*set);
        for (std::string item; std::getline(items, item, ';');) {
            if (!core::trim(item).empty()) o.set.push_back(item);
        }
    }
    o.table.encoding = field("encoding").value_or("auto");
    o.file_name = field("name").value_or(u.file_name.empty() ? "upload" + extension_for(u) : u.file_name);
    o.imported_by = "api:" + who;
    // scope=province:20,province:01 or scope=national; default: the provinces the rows are placed in.
    if (const auto scope = field("scope")) {
        o.scope = core::split_list(*scope);
        if (o.scope.empty()) throw bad_request("parameter 'scope' is empty: give province:CODE[,province:CODE...] or national");
    }
    o.allowed_provinces = grant.provinces;
    const temp_upload file(u.bytes, extension_for(u));
    o.path = file.path();
    const auto result = with_connection(svc.pool, [&](pqxx::connection& conn) {
        // An import may take longer than a request's statement timeout; the connection gets
        // the timeout back however the import ends.
        struct lifted {
            pqxx::connection& conn;
            int timeout;
            ~lifted() {
                try {
                    conn.set_variable("statement_timeout", std::to_string(timeout));
                } catch (...) {
                }
            }
        } guard{conn, svc.statement_timeout_ms};
        conn.set_variable("statement_timeout", "0");
        return registry::import_registry(conn, o, progress);
    });
    spdlog::info("registry import {} by {}: {} ({} rows, {} teams, as of {})", result.import_id, who, result.file_name,
                 result.rows, result.teams, result.as_of);
    response r;
    r.status = 201;
    r.headers.emplace_back("Location", req.base_url + "/api/imports/" + std::to_string(result.import_id));
    nlohmann::json doc{{"id", result.import_id},      {"edition", result.edition},   {"as_of", result.as_of},
                       {"file_name", result.file_name}, {"sha256", result.sha256},   {"rows", result.rows},
                       {"teams", result.teams},         {"counts", result.counts},
                       {"rows_with_field_issues", result.rows_with_field_issues},
                       {"replaced", result.replaced ? nlohmann::json(*result.replaced) : nlohmann::json(nullptr)},
                       {"retired", result.retired},
                       {"scope", scope_json(result)},
                       {"layout", {{"sheets", result.sheets}, {"notes", result.layout}, {"skipped", result.skipped}}},
                       {"seconds", result.total_seconds}};
    r.body = doc.dump();
    return r;
}

response withdraw_registry_import(const request& req, services& svc) {
    const key_grant grant = svc.keys.authorize(req);
    const query_params params(req, {"province"});
    registry::withdraw_options o;
    o.import_id = import_id_of(req);
    if (const auto provinces = params.text("province")) o.provinces = core::split_list(*provinces);
    o.allowed = grant.provinces;
    o.withdrawn_by = "api:" + grant.name;
    const auto result = with_connection(svc.pool, [&](pqxx::connection& conn) { return registry::withdraw_import(conn, o); });
    spdlog::info("registry import {} withdrawn by {} ({} provinces)", result.import_id, grant.name, result.withdrawn.size());
    nlohmann::json withdrawn = nlohmann::json::array();
    for (const auto& p : result.withdrawn) withdrawn.push_back({{"code", p.code}, {"name", p.name}});
    response r;
    r.body = nlohmann::json{{"id", result.import_id}, {"edition", result.edition}, {"as_of", result.as_of},
                            {"withdrawn", withdrawn}, {"still_supplies", result.still_supplied},
                            {"current", !result.still_supplied.empty()}}
                 .dump();
    return r;
}

response resolve_import_rows(const request& req, services& svc) {
    const key_grant grant = svc.keys.authorize(req);
    const query_params params(req, {});
    registry::resolve_options o;
    o.import_id = import_id_of(req);
    o.allowed = grant.provinces;
    o.resolved_by = "api:" + grant.name;
    const std::string type = core::ascii_lower(req.header("content-type").value_or(""));
    if (type.rfind("application/json", 0) == 0) {
        // {"resolutions": [{"line": 7, "hamlet_code": "06286022"}, {"line": 9, "hamlet_code": null}]}
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(req.body);
        } catch (const nlohmann::json::exception& e) {
            throw bad_request(std::string("the body is not JSON: ") + e.what());
        }
        const auto& list = doc.is_object() && doc.contains("resolutions") ? doc["resolutions"] : doc;
        if (!list.is_array() || list.empty()) throw bad_request("expected {\"resolutions\": [{\"line\": N, \"hamlet_code\": \"…\" or null}, …]}");
        std::set<long long> seen;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto& item = list[i];
            const std::string where = "resolutions[" + std::to_string(i) + "]";
            if (!item.is_object() || !item.contains("line") || !item["line"].is_number_integer() || item["line"].get<long long>() <= 0) {
                throw bad_request(where + ": expected {\"line\": N, \"hamlet_code\": \"…\" or null}");
            }
            registry::resolution r;
            r.line = item["line"].get<long long>();
            r.where = where;
            if (!seen.insert(r.line).second) throw bad_request(where + ": line " + std::to_string(r.line) + " is resolved twice");
            if (item.contains("hamlet_code") && item["hamlet_code"].is_string()) r.hamlet_code = item["hamlet_code"].get<std::string>();
            else if (item.contains("hamlet_code") && !item["hamlet_code"].is_null()) throw bad_request(where + ".hamlet_code: a string or null");
            o.items.push_back(std::move(r));
        }
    } else {
        o.items = registry::read_resolutions(req.body, "the body");
    }
    const auto result = with_connection(svc.pool, [&](pqxx::connection& conn) { return registry::resolve_rows(conn, o); });
    spdlog::info("registry import {}: {} rows resolved by {}", result.import_id, result.placed + result.not_units, grant.name);
    response r;
    r.body = nlohmann::json{{"id", result.import_id}, {"edition", result.edition}, {"as_of", result.as_of},
                            {"placed", result.placed}, {"not_a_unit", result.not_units}, {"aliases", result.aliases},
                            {"teams", result.teams}, {"provinces", result.provinces}, {"not_aliased", result.not_aliased},
                            {"data_version", result.data_version}}
                 .dump();
    return r;
}

response list_unit_aliases(const request& req, services& svc) {
    const query_params params(req, {"edition"});
    const auto edition = params.text("edition");
    return svc.read([&](pqxx::read_transaction& tx) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& a : registry::list_aliases(tx, edition)) {
            list.push_back({{"id", a.id},
                            {"edition", a.edition},
                            {"written", {{"province", a.province}, {"district", a.district}, {"commune", a.commune}, {"hamlet", a.hamlet}}},
                            {"hamlet_code", a.hamlet_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.hamlet_code)},
                            {"hamlet_name", a.hamlet_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.hamlet_name)},
                            {"source_import", a.source_import_id ? nlohmann::json(*a.source_import_id) : nlohmann::json(nullptr)},
                            {"source_line", a.source_line ? nlohmann::json(*a.source_line) : nlohmann::json(nullptr)},
                            {"created_at", a.created_at}});
        }
        response r;
        r.body = nlohmann::json{{"aliases", list}}.dump();
        return r;
    });
}

response remove_unit_alias(const request& req, services& svc) {
    const key_grant grant = svc.keys.authorize(req);
    const query_params params(req, {});
    long long id = 0;
    try {
        std::size_t used = 0;
        id = std::stoll(req.path_params.at("id"), &used);
        if (used != req.path_params.at("id").size()) throw std::invalid_argument("id");
    } catch (const std::exception&) {
        throw bad_request("alias id '" + req.path_params.at("id") + "' is not a number");
    }
    with_connection(svc.pool, [&](pqxx::connection& conn) {
        registry::remove_alias(conn, id);
        return 0;
    });
    spdlog::info("alias {} removed by {}", id, grant.name);
    response r;
    r.body = nlohmann::json{{"id", id}, {"removed", true}}.dump();
    return r;
}

response key_identity(const request& req, services& svc) {
    const query_params params(req, {});
    const key_grant grant = svc.keys.authorize(req);
    response r;
    r.body = nlohmann::json{{"name", grant.name}, {"provinces", grant.provinces ? nlohmann::json(*grant.provinces) : nlohmann::json(nullptr)}}.dump();
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

response list_imports(const request& req, services& svc) {
    query_params params(req, {});
    return svc.read([&](pqxx::read_transaction& tx) {
        response r;
        r.body = "{\"imports\":" + tx.exec_prepared1("imports_json", std::optional<long long>())[0].as<std::string>() +
                 ",\"snapshots\":" + tx.exec_prepared1("snapshot_suppliers")[0].as<std::string>() + "}";
        return r;
    });
}

response get_import(const request& req, services& svc) {
    query_params params(req, {});
    const long long id = import_id_of(req);
    return svc.read([&](pqxx::read_transaction& tx) {
        const auto doc = nlohmann::json::parse(tx.exec_prepared1("imports_json", id)[0].c_str());
        if (doc.empty()) throw not_found("no registry import " + std::to_string(id));
        response r;
        r.body = doc[0].dump();
        return r;
    });
}

response list_import_issues(const request& req, services& svc) {
    const query_params params(req, {"outcome", "limit", "offset"});
    const long long id = import_id_of(req);
    const auto outcome = params.text("outcome");
    if (outcome) {
        const auto& all = registry::outcomes();
        if (std::find(all.begin(), all.end(), *outcome) == all.end()) {
            std::string list;
            for (const auto& o : all) list += (list.empty() ? "" : ", ") + o;
            throw bad_request("unknown outcome '" + *outcome + "'; outcomes: " + list);
        }
    }
    const long long limit = params.integer("limit", 1, 10000).value_or(100);
    const long long offset = params.integer("offset", 0, std::numeric_limits<int>::max()).value_or(0);
    // The row as written (leader, phone) only for API-key holders; everyone else sees where it is.
    const bool full = svc.keys.identify(req).has_value();
    return svc.read([&](pqxx::read_transaction& tx) {
        const auto layout = tx.exec_prepared("import_layout", id);
        if (layout.empty()) throw not_found("no registry import " + std::to_string(id));
        const auto headers = nlohmann::json::parse(layout[0][0].c_str());
        const auto columns = nlohmann::json::parse(layout[0][1].c_str());
        std::map<std::string, std::size_t> place_columns;  // public fields → column index
        for (const char* f : {"row_no", "province", "district", "commune", "commune_code", "hamlet", "team_name"}) {
            if (!columns.contains(f)) continue;
            for (std::size_t i = 0; i < headers.size(); ++i) {
                if (headers[i] == columns[f]) {
                    place_columns[f] = i;
                    break;
                }
            }
        }
        const long long matched = tx.exec_prepared1("import_issues_count", id, outcome)[0].as<long long>();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& row : tx.exec_prepared("import_issues_page", id, outcome, limit, offset)) {
            const auto cells = nlohmann::json::parse(row[6].c_str());
            nlohmann::json written = nlohmann::json::object();
            for (const auto& [f, i] : place_columns) {
                if (i < cells.size()) written[f] = cells[i];
            }
            nlohmann::json item{{"line", row[0].as<long long>()},
                                {"row", row[1].is_null() ? nlohmann::json(nullptr) : nlohmann::json(row[1].c_str())},
                                {"outcome", row[2].c_str()},
                                {"reason", row[3].is_null() ? "" : row[3].c_str()},
                                {"candidates", nlohmann::json::parse(row[4].c_str())},
                                {"field_issues", nlohmann::json::parse(row[5].c_str())},
                                {"hamlet_code", row[7].is_null() ? nlohmann::json(nullptr) : nlohmann::json(row[7].c_str())},
                                {"commune_code", row[8].is_null() ? nlohmann::json(nullptr) : nlohmann::json(row[8].c_str())},
                                {"written", written}};
            if (full) item["cells"] = cells;
            items.push_back(std::move(item));
        }
        nlohmann::json links = nlohmann::json::array();
        links.push_back({{"rel", "self"}, {"href", page_link(req, offset, limit)}});
        if (offset + static_cast<long long>(items.size()) < matched) {
            links.push_back({{"rel", "next"}, {"href", page_link(req, offset + limit, limit)}});
        }
        if (offset > 0) links.push_back({{"rel", "prev"}, {"href", page_link(req, offset > limit ? offset - limit : 0, limit)}});
        response r;
        r.body = nlohmann::json{{"import", id}, {"numberMatched", matched}, {"numberReturned", items.size()},
                                {"links", links}, {"issues", items}}
                     .dump();
        return r;
    });
}

}  // namespace covermap::api
