/*
 * testlib.h - helpers shared by tests: where the public vectors are, reading a file whole,
 * removing a temporary directory.
 */
#ifndef RECO_TESTLIB_H
#define RECO_TESTLIB_H

#include <stddef.h>

/**
 * The public conformance data folder (RECO_VECTORS, else ../shared/vectors next to the
 * source), or NULL when absent; then the caller prints why it skips.
 */
const char *test_vectors_dir(void);

/** path joined under the vectors folder into a static buffer. */
const char *test_vector_path(const char *rel);

/** Read a whole file, NUL-terminated, malloc'ed; NULL when it cannot be read. */
char *test_read_file(const char *path, size_t *len);

/** Remove path and everything under it (symbolic links are removed, not followed). */
void test_rm_tree(const char *path);

/** Exit code for "skipped" in ctest (SKIP_RETURN_CODE). */
#define TEST_SKIP 77

#endif
