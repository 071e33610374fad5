#include "tests/support/mvt_decode.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <memory>

#include "db/pool.hpp"
#include "tests/support/fixtures.hpp"
#include "geo/zoom_bands.hpp"
#include "tiles/tilesets.hpp"

namespace covermap::testing {

std::map<std::string, decoded_layer> decode_tile(const std::string& dir, const tiles::tile_id& t, const std::string& bytes) {
    const std::string folder = dir + "/" + std::to_string(t.z) + "/" + std::to_string(t.x);
    shell("mkdir -p " + folder);
    const std::string path = folder + "/" + std::to_string(t.y) + ".pbf";
    {
        std::ofstream out(path, std::ios::binary);
        out << bytes;
    }
    GDALAllRegister();
    const char* drivers[] = {"MVT", nullptr};
    const char* options[] = {"CLIP=NO", nullptr};  // keep the buffer GDAL would otherwise cut
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options));
    std::map<std::string, decoded_layer> out;
    if (!ds) {
        ADD_FAILURE() << "GDAL cannot read " << path;
        return out;
    }
    for (auto* layer : ds->GetLayers()) {
        decoded_layer& d = out[layer->GetName()];
        const auto* defn = layer->GetLayerDefn();
        // GDAL 3.6 numbers features itself and reports the MVT feature id as the field mvt_id.
        const int id_field = defn->GetFieldIndex("mvt_id");
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (i != id_field) d.fields.insert(defn->GetFieldDefn(i)->GetNameRef());
        }
        layer->ResetReading();
        while (OGRFeatureUniquePtr f{layer->GetNextFeature()}) {
            ++d.features;
            const long long id = id_field >= 0 ? f->GetFieldAsInteger64(id_field) : -1;
            d.ids.insert(id);
            for (int i = 0; i < defn->GetFieldCount(); ++i) {
                if (i != id_field && f->IsFieldSetAndNotNull(i)) d.values[id][defn->GetFieldDefn(i)->GetNameRef()] = f->GetFieldAsString(i);
            }
        }
    }
    return out;
}

std::set<long long> postgis_tile_ids(const std::string& url, const std::string& edition, const std::string& level,
                                     const tiles::tile_id& t) {
    const auto band = geo::zoom_band_for(t.z);
    auto conn = db::connect(url, "covermap tests");
    pqxx::read_transaction tx(*conn);
    const auto rows = tx.exec_params(
        "WITH e AS (SELECT id FROM edition WHERE name = $1), "
        "src AS (SELECT s.unit_id AS id, s.geom FROM unit_shape s, e WHERE s.edition_id = e.id AND s.level = $2 AND s.band = $3 "
        "        UNION ALL "
        "        SELECT u.id, u.geom_3857 FROM admin_unit u, e WHERE u.edition_id = e.id AND u.level = $2 "
        "          AND (GeometryType(u.geom) = 'POINT' OR $3 < 0)) "
        "SELECT id FROM src WHERE ST_AsMVTGeom(geom, ST_TileEnvelope($4, $5, $6), 4096, 64, true) IS NOT NULL",
        edition, level, band ? band->max_zoom : -1, t.z, t.x, t.y);
    std::set<long long> ids;
    for (const auto& r : rows) ids.insert(r[0].as<long long>());
    return ids;
}

}  // namespace covermap::testing
