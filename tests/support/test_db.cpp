#include "tests/support/test_db.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"

extern char** environ;

namespace covermap::testing {

std::string admin_url() {
    const char* env = std::getenv("COVERMAP_TEST_DATABASE_URL");
    return env != nullptr && *env != '\0' ? env : db::local_database_url();
}

std::string with_database(const std::string& url, const std::string& database) {
    static const std::regex uri(R"(^(postgres(?:ql)?://[^/?]*)(/[^?]*)?(\?.*)?$)");
    std::smatch m;
    if (std::regex_match(url, m, uri)) return m[1].str() + "/" + database + m[3].str();
    return url + " dbname=" + database;  // keyword=value form: the last dbname wins
}

std::string fresh_database(const std::string& name) {
    auto conn = db::connect(admin_url(), "covermap tests");
    pqxx::nontransaction tx(*conn);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
    tx.exec("CREATE DATABASE " + tx.quote_name(name));
    return with_database(admin_url(), name);
}

std::string migrated_database(const std::string& name) {
    const std::string url = fresh_database(name);
    auto conn = db::connect(url, "covermap tests");
    db::migrate(*conn);
    return url;
}

std::string fingerprint(const std::string& url) {
    auto conn = db::connect(url, "covermap tests");
    pqxx::read_transaction tx(*conn);
    return tx.exec1(
               "SELECT concat_ws('|', "
               " (SELECT md5(coalesce(string_agg(concat_ws(',', id, edition_id, level, code, name, parent_id, "
               "   population, households, md5(ST_AsBinary(geom))), ';' ORDER BY id), '')) FROM admin_unit),"
               " (SELECT coalesce(string_agg(concat_ws(',', edition_id, level, unit_count, source), ';' "
               "   ORDER BY edition_id, level), '') FROM edition_level),"
               " (SELECT coalesce(string_agg(concat_ws(',', id, name, valid_from, valid_to), ';' ORDER BY id), '') FROM edition),"
               " (SELECT coalesce(string_agg(concat_ws(',', id, edition_id, as_of, sha256, row_count, counts::text, replaced_at), ';'"
               "   ORDER BY id), '') FROM registry_import),"
               " (SELECT md5(coalesce(string_agg(concat_ws(',', import_id, line, outcome, hamlet_code), ';' ORDER BY import_id, line), ''))"
               "   FROM registry_row),"
               " (SELECT md5(coalesce(string_agg(concat_ws(',', t.id, t.hamlet_id, t.members, c.leader, c.phone), ';' ORDER BY t.id), ''))"
               "   FROM team t LEFT JOIN team_contact c ON c.team_id = t.id),"
               " (SELECT version FROM data_version))")[0]
        .as<std::string>();
}

std::string shared_data_dir() {
    const char* env = std::getenv("COVERMAP_SHARED_DATA");
    const std::string dir = env != nullptr && *env != '\0' ? env : std::string(COVERMAP_SOURCE_DIR) + "/../shared/data";
    struct stat st {};
    return stat((dir + "/boundaries/vn_admin_2009.gpkg").c_str(), &st) == 0 ? dir : std::string();
}

std::string temp_dir(const std::string& prefix) {
    std::string pattern = "/tmp/" + prefix + "-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return buffer.data();
}

std::string covermap_binary() { return COVERMAP_BINARY; }

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

run_result run_covermap(const std::string& url, const std::vector<std::string>& args) {
    const std::string dir = temp_dir("covermap-run");
    const std::string out_path = dir + "/out", err_path = dir + "/err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        if (std::string(*e).rfind("COVERMAP_DATABASE_URL=", 0) != 0) env_strings.emplace_back(*e);
    }
    env_strings.push_back("COVERMAP_DATABASE_URL=" + url);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_strings{covermap_binary()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
        throw std::runtime_error("cannot start " + covermap_binary());
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    waitpid(pid, &status, 0);
    run_result r{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out_path), slurp(err_path)};
    std::remove(out_path.c_str());
    std::remove(err_path.c_str());
    rmdir(dir.c_str());
    return r;
}

int start_covermap(const std::vector<std::string>& args, const std::string& output_path) {
    std::vector<std::string> argv_strings{covermap_binary()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!output_path.empty()) {
        posix_spawn_file_actions_addopen(&actions, 1, output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
    }
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + covermap_binary());
    return pid;
}

}  // namespace covermap::testing
