#pragma once
// Team registries for the demo province, written as a provincial office would send them (typing
// variants, counts with units, a row pasted twice, a hamlet that does not exist) so that a fresh
// clone exercises the whole import. Deterministic from a seed.
#include <string>

#include <pqxx/pqxx>

namespace covermap::registry {

// Writes a registry CSV of the demo edition's hamlets as of `year`-12-31 (coverage grows with
// later years) to `path`; returns the number of data rows.
long long write_demo_registry(pqxx::connection& conn, const std::string& edition, int year, int seed,
                              const std::string& path);

}  // namespace covermap::registry
