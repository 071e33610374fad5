#pragma once
// GET /api/search: units of an edition by name (with or without diacritics, with or without its
// type: "xa Tan Lap", "Thôn 3") or by code, folded as the registry matcher folds names; the web
// map's search box asks it.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response search_units(const request& req, services& svc);

}  // namespace covermap::api
