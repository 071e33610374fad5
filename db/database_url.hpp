#pragma once
// Which PostGIS covermap talks to: COVERMAP_DATABASE_URL, else the project-local cluster that
// scripts/db.sh runs under var/ (the embedded default).
#include <string>

namespace covermap::db {

// The URL in force: `explicit_url` when not empty, else $COVERMAP_DATABASE_URL, else the local cluster.
std::string resolve_database_url(const std::string& explicit_url = {});

// The project-local cluster's URL (socket under var/run, own port).
std::string local_database_url();

// The URL with any password replaced by "***", for log lines and error messages.
std::string redact(const std::string& url);

}  // namespace covermap::db
