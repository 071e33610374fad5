# covermap_embed_sql(<target> NAMESPACE <ns> FILES <sql files>...)
# Embeds .sql files into <target> at build time: the generated source defines, in namespace <ns>,
#   const std::vector<std::pair<std::string_view, std::string_view>>& sql_files();  // (stem, text), sorted
#   std::string_view sql_text(std::string_view stem);  // throws std::out_of_range for an unknown stem
# SQL stays in .sql files (readable, reviewable) and the binary needs no files at run time.
function(covermap_embed_sql target)
  cmake_parse_arguments(ARG "" "NAMESPACE" "FILES" ${ARGN})
  string(REPLACE "::" "_" stem "${ARG_NAMESPACE}")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${stem}_embedded_sql.cpp")
  set(abs_files)
  foreach(f ${ARG_FILES})
    get_filename_component(a "${f}" ABSOLUTE)
    list(APPEND abs_files "${a}")
  endforeach()
  string(REPLACE ";" "|" joined "${abs_files}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DOUT=${out}" "-DNAMESPACE=${ARG_NAMESPACE}" "-DFILES=${joined}"
            -P "${CMAKE_SOURCE_DIR}/cmake/EmbedSqlGenerate.cmake"
    DEPENDS ${abs_files} "${CMAKE_SOURCE_DIR}/cmake/EmbedSqlGenerate.cmake"
    COMMENT "Embedding SQL for ${ARG_NAMESPACE}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
