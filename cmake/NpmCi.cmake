# cmake -DNPM=<npm> -DWEB_DIR=<web> -P NpmCi.cmake
# `npm ci` in WEB_DIR when node_modules is missing, lacks MapLibre, or is older than
# package-lock.json (npm writes node_modules/.package-lock.json as it installs); else nothing.
function(web_deps_stale out)
  set(installed "${WEB_DIR}/node_modules/.package-lock.json")
  if(NOT EXISTS "${installed}" OR NOT EXISTS "${WEB_DIR}/node_modules/maplibre-gl/dist/maplibre-gl.js"
     OR "${WEB_DIR}/package-lock.json" IS_NEWER_THAN "${installed}")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

web_deps_stale(stale)
if(NOT stale)
  return()
endif()
# Two build trees of one checkout (build/, build-asan/) must not run npm ci at once.
file(LOCK "${WEB_DIR}/.npm-ci.lock" GUARD PROCESS TIMEOUT 900)
web_deps_stale(stale)
if(NOT stale)
  return()
endif()
message(STATUS "npm ci in ${WEB_DIR} (web/node_modules is missing or older than package-lock.json)")
execute_process(COMMAND "${NPM}" ci --no-audit --no-fund --loglevel=error
                WORKING_DIRECTORY "${WEB_DIR}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "npm ci in ${WEB_DIR} failed (${result}). Install the web map's packages by hand "
                      "(cd web && npm ci, or scripts/install-deps.sh), or configure with -DCOVERMAP_NPM_CI=OFF "
                      "(covermap serve then needs them, or --no-web to serve the API alone).")
endif()
