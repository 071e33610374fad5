#pragma once
// Registry imports over HTTP: POST /api/imports/registry (API key; the body is the CSV/XLSX file
// or a multipart form with a `file` part; `scope` as on the command line), POST
// /api/imports/{id}/withdraw (API key; `province`), GET /api/imports (with each snapshot's
// suppliers), /api/imports/{id},
// /api/imports/{id}/issues (paged). No personal data leaves without an API key.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response post_registry_import(const request& req, services& svc);
response withdraw_registry_import(const request& req, services& svc);
response list_imports(const request& req, services& svc);
response get_import(const request& req, services& svc);
response list_import_issues(const request& req, services& svc);

}  // namespace covermap::api
