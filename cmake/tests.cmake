# Tests are found by name, so adding a file is enough:
#   tests/unit/test_<module>_<name>.c        cmocka unit test, label "unit"
#   tests/conformance/<module>_<name>.c      runner over ../shared/vectors, label "conformance"
#   tests/fuzz/fuzz_<module>_<name>.c        LLVMFuzzerTestOneInput; replays
#                                            tests/fuzz/corpus/<module>_<name>/, label "fuzz"
# Every test gets RECO_VECTORS (the public data, may be absent) and RECO_SOURCE_DIR.
set(RECO_TEST_ENV "RECO_VECTORS=${RECO_VECTORS};RECO_SOURCE_DIR=${CMAKE_SOURCE_DIR};RECO_BIN=${CMAKE_BINARY_DIR}/reco")

file(GLOB RECO_TESTLIB_SRC CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/lib/*.c)

function(reco_module_of file outvar)
  get_filename_component(n ${file} NAME_WE)
  string(REGEX REPLACE "^(test_|fuzz_)" "" n ${n})
  string(REGEX MATCH "^[a-z]+" m ${n})
  set(${outvar} ${m} PARENT_SCOPE)
endfunction()

if(CMOCKA_FOUND)
  file(GLOB _units CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
  foreach(f IN LISTS _units)
    get_filename_component(t ${f} NAME_WE)
    reco_module_of(${f} m)
    add_executable(${t} ${f} ${RECO_TESTLIB_SRC})
    reco_link_module(${t} ${m})
    target_link_libraries(${t} PRIVATE PkgConfig::CMOCKA)
    add_test(NAME ${t} COMMAND ${t})
    set_tests_properties(${t} PROPERTIES LABELS unit ENVIRONMENT "${RECO_TEST_ENV}")
  endforeach()
else()
  message(WARNING "cmocka not found: unit tests are not built (run scripts/deps.sh)")
endif()

file(GLOB _confs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/conformance/*.c)
foreach(f IN LISTS _confs)
  get_filename_component(t ${f} NAME_WE)
  reco_module_of(${f} m)
  add_executable(conf_${t} ${f} ${RECO_TESTLIB_SRC})
  reco_link_module(conf_${t} ${m})
  add_test(NAME conf_${t} COMMAND conf_${t})
  set_tests_properties(conf_${t} PROPERTIES LABELS conformance ENVIRONMENT "${RECO_TEST_ENV}"
                       SKIP_RETURN_CODE 77)
endforeach()

file(GLOB _fuzz CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(f IN LISTS _fuzz)
  get_filename_component(t ${f} NAME_WE)
  reco_module_of(${f} m)
  string(REGEX REPLACE "^fuzz_" "" corpus ${t})
  if(RECO_FUZZ)
    add_executable(${t} ${f} ${RECO_TESTLIB_SRC})
    target_compile_options(${t} PRIVATE -fsanitize=fuzzer)
    target_link_options(${t} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(${t} ${f} ${CMAKE_SOURCE_DIR}/tests/fuzz/replay.c ${RECO_TESTLIB_SRC})
  endif()
  reco_link_module(${t} ${m})
  add_test(NAME ${t} COMMAND ${t} ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${corpus})
  set_tests_properties(${t} PROPERTIES LABELS fuzz ENVIRONMENT "${RECO_TEST_ENV}")
endforeach()

# Shell-driven tests (CLI end to end): tests/e2e/*.sh, label "e2e".
file(GLOB _e2e CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/e2e/*.sh)
foreach(f IN LISTS _e2e)
  get_filename_component(t ${f} NAME_WE)
  add_test(NAME e2e_${t} COMMAND bash ${f})
  set_tests_properties(e2e_${t} PROPERTIES LABELS e2e ENVIRONMENT "${RECO_TEST_ENV}"
                       SKIP_RETURN_CODE 77)
endforeach()
