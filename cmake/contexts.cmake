# Bundled JSON-LD contexts (docs/contexts.md).
#
# contexts/manifest.json lists, for each context file of a pinned npm package, the URLs it
# answers to and the SHA-256 of the file bytes. At configure time this script checks every file
# in node_modules against its hash (a changed or tampered package stops the build), turns the
# contexts shipped only as CommonJS modules into JSON with node (contexts/extract.cjs), and
# writes ${RECO_CONTEXTS_C}: a C table {url, data, len, source} sorted by URL, one entry per
# URL, that the ld module compiles (src/ld/loader.c searches it). CMake re-runs this whenever
# the manifest, the lock file, the extractor or one of the package files changes.

set(RECO_CONTEXTS_MANIFEST ${CMAKE_SOURCE_DIR}/contexts/manifest.json)
set(RECO_NODE_MODULES ${CMAKE_SOURCE_DIR}/node_modules CACHE PATH
    "node_modules holding the pinned context packages (scripts/deps.sh runs npm ci)")
set(RECO_CONTEXTS_C ${CMAKE_BINARY_DIR}/generated/contexts.c)
set(_ctx_gen_dir ${CMAKE_BINARY_DIR}/generated/contexts)
file(MAKE_DIRECTORY ${_ctx_gen_dir})

set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${RECO_CONTEXTS_MANIFEST} ${CMAKE_SOURCE_DIR}/contexts/extract.cjs
             ${CMAKE_SOURCE_DIR}/package-lock.json)

file(READ ${RECO_CONTEXTS_MANIFEST} _ctx_manifest)
string(JSON _ctx_count ERROR_VARIABLE _ctx_err LENGTH "${_ctx_manifest}" contexts)
if(_ctx_err)
  message(FATAL_ERROR "contexts/manifest.json: no 'contexts' array: ${_ctx_err}")
endif()

# Escape a string for a C string literal (URLs and package paths: printable ASCII).
function(_ctx_c_string in outvar)
  string(REPLACE "\\" "\\\\" s "${in}")
  string(REPLACE "\"" "\\\"" s "${s}")
  set(${outvar} "\"${s}\"" PARENT_SCOPE)
endfunction()

set(_ctx_arrays "")
set(_ctx_urls "")
math(EXPR _ctx_last "${_ctx_count} - 1")
foreach(i RANGE ${_ctx_last})
  string(JSON _pkg GET "${_ctx_manifest}" contexts ${i} package)
  string(JSON _ver GET "${_ctx_manifest}" contexts ${i} version)
  string(JSON _path GET "${_ctx_manifest}" contexts ${i} path)
  string(JSON _format GET "${_ctx_manifest}" contexts ${i} format)
  string(JSON _want GET "${_ctx_manifest}" contexts ${i} sha256)
  string(JSON _nurls LENGTH "${_ctx_manifest}" contexts ${i} urls)

  set(_file ${RECO_NODE_MODULES}/${_pkg}/${_path})
  if(NOT EXISTS ${_file})
    message(FATAL_ERROR "node_modules/${_pkg}/${_path} missing: run scripts/deps.sh (npm ci)")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_file})

  # The pin: the file must be byte for byte the one the manifest was written from.
  file(SHA256 ${_file} _have)
  if(NOT _have STREQUAL _want)
    message(FATAL_ERROR "node_modules/${_pkg}/${_path}: SHA-256 mismatch: expected ${_want}, "
                        "actual ${_have} (run scripts/deps.sh; if the package was upgraded on "
                        "purpose, update contexts/manifest.json, see docs/contexts.md)")
  endif()
  file(READ ${RECO_NODE_MODULES}/${_pkg}/package.json _pkgjson)
  string(JSON _pkgver GET "${_pkgjson}" version)
  if(NOT _pkgver STREQUAL _ver)
    message(FATAL_ERROR "node_modules/${_pkg} is version ${_pkgver}, contexts/manifest.json "
                        "expects ${_ver}: run scripts/deps.sh (npm ci)")
  endif()

  if(_format STREQUAL "json")
    set(_json ${_file})
  elseif(_format STREQUAL "js")
    if(NOT RECO_NODE_EXECUTABLE)
      find_program(RECO_NODE_EXECUTABLE NAMES node nodejs)
      if(NOT RECO_NODE_EXECUTABLE)
        message(FATAL_ERROR "node not found: it turns the contexts shipped as JavaScript modules "
                            "into JSON (run scripts/deps.sh)")
      endif()
    endif()
    set(_json ${_ctx_gen_dir}/ctx${i}.json)
    execute_process(
      COMMAND ${RECO_NODE_EXECUTABLE} ${CMAKE_SOURCE_DIR}/contexts/extract.cjs ${_file} ${_json}
      RESULT_VARIABLE _rc ERROR_VARIABLE _stderr)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "extracting node_modules/${_pkg}/${_path} failed: ${_stderr}")
    endif()
  else()
    message(FATAL_ERROR "contexts/manifest.json entry ${i}: unknown format '${_format}'")
  endif()

  # Refuse to embed anything that is not JSON (string(JSON) parses it).
  file(READ ${_json} _text)
  string(JSON _type ERROR_VARIABLE _jerr TYPE "${_text}")
  if(_jerr OR NOT _type STREQUAL "OBJECT")
    message(FATAL_ERROR "node_modules/${_pkg}/${_path}: not a JSON object: ${_jerr}")
  endif()

  # An unsigned char array initializer: no limit on string literal length applies, bytes
  # >= 0x80 need no narrowing, and the data stays byte-exact. The trailing 0 makes it a C
  # string (len excludes it).
  file(READ ${_json} _hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _hex "${_hex}")
  string(REPEAT "0x[0-9a-f][0-9a-f]," 16 _row)
  string(REGEX REPLACE "(${_row})" "\\1\n" _hex "${_hex}")
  string(APPEND _ctx_arrays "/* ${_pkg}@${_ver}/${_path} */\n"
         "static const unsigned char ctx${i}[] = {\n${_hex}0x00};\n\n")

  math(EXPR _ulast "${_nurls} - 1")
  foreach(j RANGE ${_ulast})
    string(JSON _url GET "${_ctx_manifest}" contexts ${i} urls ${j})
    string(MD5 _key "${_url}")
    if(DEFINED _ctx_url_${_key})
      message(FATAL_ERROR "contexts/manifest.json: URL ${_url} listed twice")
    endif()
    set(_ctx_url_${_key} ${i})
    set(_ctx_src_${i} "${_pkg}@${_ver}/${_path}")
    list(APPEND _ctx_urls "${_url}")
  endforeach()
endforeach()

# Sorted by URL (byte order, as strcmp) so that the loader can bsearch the table.
list(SORT _ctx_urls COMPARE STRING CASE SENSITIVE ORDER ASCENDING)
set(_ctx_rows "")
foreach(_url IN LISTS _ctx_urls)
  string(MD5 _key "${_url}")
  set(i ${_ctx_url_${_key}})
  _ctx_c_string("${_url}" _curl)
  _ctx_c_string("${_ctx_src_${i}}" _csrc)
  string(APPEND _ctx_rows "    {${_curl}, (const char *)ctx${i}, sizeof ctx${i} - 1, ${_csrc}},\n")
endforeach()

set(_ctx_c "/* Generated by cmake/contexts.cmake from contexts/manifest.json: do not edit. */
#include \"reco/ld.h\"

${_ctx_arrays}static const reco_ld_bundled bundled[] = {
${_ctx_rows}};

const reco_ld_bundled *reco_ld_bundled_list(size_t *n)
{
    *n = sizeof bundled / sizeof bundled[0];
    return bundled;
}
")

# Rewrite only on change, so that a re-configure does not rebuild the ld module.
set(_ctx_old "")
if(EXISTS ${RECO_CONTEXTS_C})
  file(READ ${RECO_CONTEXTS_C} _ctx_old)
endif()
if(NOT _ctx_old STREQUAL _ctx_c)
  file(WRITE ${RECO_CONTEXTS_C} "${_ctx_c}")
endif()
list(LENGTH _ctx_urls _ctx_nurls)
message(STATUS "Bundled JSON-LD contexts: ${_ctx_count} files, ${_ctx_nurls} URLs")
