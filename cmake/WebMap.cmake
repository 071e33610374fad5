# The web map's files: web/public/ and MapLibre GL JS from npm (pinned by web/package-lock.json).
#
# Build: with npm on the PATH, target covermap_web_deps (part of `all`) runs `npm ci` in web/ when
# web/node_modules is missing, incomplete or older than the lock file (the rule of
# scripts/install-deps.sh), so a plain `cmake --build` gives a server that can draw its map.
# -DCOVERMAP_NPM_CI=OFF turns it off (offline or API-only builds); without MapLibre, `covermap
# serve` refuses to start unless given --no-web (api/web_files.hpp).
#
# Install: share/covermap/web/public/ and share/covermap/web/vendor/ (MapLibre's js, css and
# licence); the installed binary finds them relative to its own location, so the tree can move.
include(GNUInstallDirs)
option(COVERMAP_NPM_CI "Run npm ci in web/ when web/node_modules is missing or older than web/package-lock.json" ON)
set(COVERMAP_WEB_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/covermap/web")
file(RELATIVE_PATH COVERMAP_WEB_DIR_FROM_BINARY "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_DATADIR}/covermap/web")

set(covermap_web "${CMAKE_SOURCE_DIR}/web")
set(covermap_maplibre "${covermap_web}/node_modules/maplibre-gl/dist")
find_program(COVERMAP_NPM npm)
if(COVERMAP_NPM_CI AND COVERMAP_NPM)
  # Runs on every build: the check is a few file dates, npm runs only when they say so.
  add_custom_target(covermap_web_deps ALL
    COMMAND ${CMAKE_COMMAND} "-DNPM=${COVERMAP_NPM}" "-DWEB_DIR=${covermap_web}" -P "${CMAKE_SOURCE_DIR}/cmake/NpmCi.cmake"
    COMMENT "Checking the web map's npm packages (web/node_modules)"
    VERBATIM)
elseif(NOT EXISTS "${covermap_maplibre}/maplibre-gl.js")
  message(WARNING "MapLibre GL JS is not installed in web/node_modules and this build will not install it "
                  "(${COVERMAP_NPM}, COVERMAP_NPM_CI=${COVERMAP_NPM_CI}): `covermap serve` will refuse to start "
                  "until `cd web && npm ci` (or scripts/install-deps.sh) has run, unless given --no-web.")
endif()

install(DIRECTORY "${covermap_web}/public/" DESTINATION "${COVERMAP_WEB_INSTALL_DIR}/public")
install(CODE "
  foreach(file maplibre-gl.js maplibre-gl.css LICENSE.txt)
    if(NOT EXISTS \"${covermap_maplibre}/\${file}\")
      message(FATAL_ERROR \"${covermap_maplibre}/\${file} is missing: run `cd ${covermap_web} && npm ci` \"
                          \"(or scripts/install-deps.sh), then install again\")
    endif()
  endforeach()")
install(FILES "${covermap_maplibre}/maplibre-gl.js" "${covermap_maplibre}/maplibre-gl.css" "${covermap_maplibre}/LICENSE.txt"
        DESTINATION "${COVERMAP_WEB_INSTALL_DIR}/vendor")
