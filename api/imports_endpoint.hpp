#pragma once
// Registry imports over HTTP: POST /api/imports/registry (API key; the body is the CSV/XLSX file
// or a multipart form with a `file` part; `scope` as on the command line), POST
// /api/imports/{id}/withdraw (API key; `province`), GET /api/imports (with each snapshot's
// suppliers), /api/imports/{id},
// /api/imports/{id}/issues (paged). No personal data leaves without an API key.
#include <functional>

#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

// `progress` hears the rows matched so far (every 1,000 rows), for an upload's job status.
response post_registry_import(const request& req, services& svc, const std::function<void(long long)>& progress = {});
response withdraw_registry_import(const request& req, services& svc);
// POST /api/imports/{id}/resolutions (key): CSV `line,hamlet_code` or JSON {"resolutions": [...]}.
response resolve_import_rows(const request& req, services& svc);
response list_unit_aliases(const request& req, services& svc);   // GET /api/aliases[?edition=]
response remove_unit_alias(const request& req, services& svc);   // POST /api/aliases/{id}/remove (key)
response list_imports(const request& req, services& svc);
// GET /api/key (key): whose key the request presents and the provinces it may write ({"name",
// "provinces": [...] or null}); 401 without a key, 403 for an unknown one. The steward page checks
// a key with it before it shows anything.
response key_identity(const request& req, services& svc);
response get_import(const request& req, services& svc);
response list_import_issues(const request& req, services& svc);

}  // namespace covermap::api
