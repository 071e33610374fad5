#pragma once
// `covermap demo`: a small synthetic province (communes and hamlets as Voronoi cells made in
// PostGIS), deterministic from a seed, so a fresh clone runs without ../shared.
#include <string>

#include <pqxx/pqxx>

namespace covermap::boundaries {

struct demo_options {
    std::string edition = "demo";
    int seed = 42;
    int communes = 24;
    int hamlets_per_commune = 8;
};

struct demo_result {
    long long provinces = 0;
    long long communes = 0;
    long long hamlets = 0;
};

// Builds (or rebuilds) the demo edition in one transaction.
demo_result build_demo(pqxx::connection& conn, const demo_options& options);

}  // namespace covermap::boundaries
