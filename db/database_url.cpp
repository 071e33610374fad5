#include "db/database_url.hpp"

#include <cstdlib>
#include <regex>

#ifndef COVERMAP_PROJECT_DIR
#error "COVERMAP_PROJECT_DIR must be defined by the build"
#endif
#ifndef COVERMAP_PG_PORT
#error "COVERMAP_PG_PORT must be defined by the build"
#endif

namespace covermap::db {

std::string local_database_url() {
    const char* home = std::getenv("COVERMAP_HOME");
    const std::string dir = home != nullptr && *home != '\0' ? home : COVERMAP_PROJECT_DIR;
    return "postgresql://covermap@/covermap?host=" + dir + "/var/run&port=" + std::to_string(COVERMAP_PG_PORT);
}

std::string resolve_database_url(const std::string& explicit_url) {
    if (!explicit_url.empty()) return explicit_url;
    const char* env = std::getenv("COVERMAP_DATABASE_URL");
    if (env != nullptr && *env != '\0') return env;
    return local_database_url();
}

std::string redact(const std::string& url) {
    // postgresql://user:secret@host → postgresql://user:***@host
    static const std::regex uri_password(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@?]*):([^@/?]*)@)");
    // password=secret (keyword form, or a URI query parameter), quoted or not
    static const std::regex keyword_password(R"((password\s*=\s*)('(\\.|[^'])*'|[^\s&]*))",
                                             std::regex::icase);
    std::string out = std::regex_replace(url, uri_password, "$1:***@");
    return std::regex_replace(out, keyword_password, "$1***");
}

}  // namespace covermap::db
