#include "cli/export_coverage.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <fstream>
#include <map>

#include "api/services.hpp"
#include "catalog/catalogue_cache.hpp"
#include "core/error.hpp"
#include "geo/table_writer.hpp"
#include "stats/source/coverage_table.hpp"
#include "stats/source/metrics.hpp"
#include "stats/source/scope.hpp"

namespace covermap::cli {

// The coverage table and its scope are the ones the HTTP statistics read (stats/source/).
using namespace covermap::api;
using namespace covermap::stats::source;
namespace {

// GeoPackage field names: the English metric names (R and GIS users script against them).
// The layer's description (gpkg_contents) says which snapshot, and whether it was converted.
void write_gpkg(const std::string& path, const geo::text_table& table, const std::vector<bool>& numeric,
                const std::vector<long long>& ids, const std::map<long long, std::string>& wkb, const std::string& description) {
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (ds == nullptr) throw config_error(path + ": cannot create the GeoPackage (" + CPLGetLastErrorMsg() + ")");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    const std::string description_option = "DESCRIPTION=" + description;
    const char* layer_options[] = {description_option.c_str(), nullptr};
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "coverage", srs, wkbMultiPolygon, const_cast<char**>(layer_options));
    OSRDestroySpatialReference(srs);
    bool ok = layer != nullptr;
    OGRFieldDefnH id_field = OGR_Fld_Create("unit_id", OFTInteger64);
    ok = ok && OGR_L_CreateField(layer, id_field, TRUE) == OGRERR_NONE;
    OGR_Fld_Destroy(id_field);
    for (std::size_t c = 0; c < table.front().size() && ok; ++c) {
        OGRFieldDefnH f = OGR_Fld_Create(table.front()[c].c_str(), numeric[c] ? OFTReal : OFTString);
        ok = OGR_L_CreateField(layer, f, TRUE) == OGRERR_NONE;
        OGR_Fld_Destroy(f);
    }
    ok = ok && OGR_L_StartTransaction(layer) == OGRERR_NONE;
    for (std::size_t r = 1; r < table.size() && ok; ++r) {
        OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGR_F_SetFieldInteger64(feature, 0, ids[r - 1]);
        for (std::size_t c = 0; c < table[r].size(); ++c) {
            if (!table[r][c].empty()) OGR_F_SetFieldString(feature, static_cast<int>(c + 1), table[r][c].c_str());
        }
        if (const auto it = wkb.find(ids[r - 1]); it != wkb.end()) {
            OGRGeometryH g = nullptr;
            if (OGR_G_CreateFromWkb(reinterpret_cast<const unsigned char*>(it->second.data()), nullptr, &g,
                                    static_cast<int>(it->second.size())) == OGRERR_NONE) {
                OGR_F_SetGeometryDirectly(feature, g);
            }
        }
        ok = OGR_L_CreateFeature(layer, feature) == OGRERR_NONE;
        OGR_F_Destroy(feature);
    }
    ok = ok && OGR_L_CommitTransaction(layer) == OGRERR_NONE;
    GDALClose(ds);
    if (!ok) throw input_error(path + ": writing the GeoPackage failed (" + CPLGetLastErrorMsg() + ")");
}

}  // namespace

coverage_export_result export_coverage(pqxx::connection& conn, const coverage_export_options& o) {
    if (o.format != "gpkg" && o.format != "csv" && o.format != "xlsx") throw config_error("--format: gpkg, csv or xlsx");
    if (std::ifstream(o.output)) throw config_error(o.output + " exists; remove it or choose another file");
    prepare_statements(conn);
    catalog::catalogued_read tx(conn);  // the catalogue read once for the three resolutions
    const edition_ref edition = resolve_edition(tx, o.edition);
    require_level(tx, edition, o.level);
    const snapshot_ref snapshot = resolve_snapshot(tx, edition, o.as_of, "--as-of", o.level);
    const std::string& as_of = snapshot.as_of;
    const auto rows = tx.exec_prepared("coverage_rows", edition.id, as_of, o.level, std::optional<long long>(),
                                       std::optional<std::string>(), std::optional<std::string>());
    const auto indicators = load_level_indicators(tx, edition.id, o.level);
    std::vector<bool> numeric;
    // GeoPackage columns take the English metric names; the tables for people, the labels.
    auto table = coverage_text_table(rows, indicators.values, indicators.names, o.format == "gpkg" ? "en" : o.lang, numeric);
    if (o.format == "gpkg") {
        auto& header = table.front();
        header[0] = "code", header[1] = "name", header[2] = "unit_type", header[3] = "parent_code", header[4] = "parent_name";
        for (std::size_t i = 0; i < coverage_columns().size(); ++i) header[5 + i] = coverage_columns()[i].name;
        std::vector<long long> ids;
        for (const auto& r : rows) ids.push_back(r[0].as<long long>());
        std::map<long long, std::string> wkb;
        for (const auto& r : tx.exec_params("SELECT id, ST_AsBinary(geom) FROM admin_unit WHERE edition_id = $1 AND level = $2",
                                            edition.id, o.level)) {
            const pqxx::binarystring bytes(r[1]);
            wkb.emplace(r[0].as<long long>(), bytes.str());
        }
        std::string description = "covermap coverage of edition " + edition.name + ", level " + o.level + ", as of " + as_of;
        if (snapshot.converted()) {
            description += ": the registry of edition " + *snapshot.converted_from + ", converted to these units (" +
                           snapshot.method + ")";
        }
        write_gpkg(o.output, table, numeric, ids, wkb, description);
    } else if (o.format == "xlsx") {
        geo::write_xlsx(o.output, "coverage", table, numeric);
    } else {
        std::ofstream out(o.output, std::ios::binary);
        out << geo::to_csv(table, true);
        if (!out) throw config_error(o.output + ": cannot write");
    }
    return {static_cast<long long>(table.size()) - 1, edition.name, as_of, snapshot.converted_from};
}

}  // namespace covermap::cli
