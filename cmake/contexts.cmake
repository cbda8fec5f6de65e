# Placeholder: replaced by the bundled-context generator.
set(RECO_CONTEXTS_C ${CMAKE_BINARY_DIR}/generated/contexts.c)
file(WRITE ${RECO_CONTEXTS_C} "#include \"reco/ld.h\"\nconst reco_ld_bundled *reco_ld_bundled_list(size_t *n){*n=0;return NULL;}\n")
