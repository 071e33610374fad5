#pragma once
// GET /api/stats/rates: the coverage rate of every unit of a level with hamlets, raw and
// Empirical-Bayes smoothed (method=global: spdep EBest; method=local: spdep EBlocal over the unit
// and its queen neighbours), with the priors, as GeoDa's EB rate maps.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response smoothed_rates(const request& req, services& svc);

}  // namespace covermap::api
