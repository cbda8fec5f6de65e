/*
 * test_base_file.c - whole-file reads with a cap (files and standard input) and atomic writes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/base.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/reco-file-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/a", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/key", dir);
    unlink(path);
    return rmdir(dir);
}

static void write_then_read(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/a", dir);
    reco_error err;
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_file_write(path, "first", 5, 0644, &err), RECO_OK);
    assert_int_equal(reco_file_write(path, "second\0x", 8, 0644, &err), RECO_OK);
    assert_int_equal(reco_file_read(path, 0, &b, &err), RECO_OK);
    assert_int_equal(b.len, 8); /* binary content, NUL bytes included */
    assert_memory_equal(b.data, "second\0x", 8);
    assert_int_equal(b.data[8], '\0');
    /* Exactly at the cap is fine, one byte over is not. */
    reco_buf_clear(&b);
    assert_int_equal(reco_file_read(path, 8, &b, &err), RECO_OK);
    reco_buf_clear(&b);
    assert_int_equal(reco_file_read(path, 7, &b, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "exceeds the limit of 7 bytes"));
    assert_int_equal(b.len, 0);
    /* The buffer's own cap counts too. */
    reco_buf small;
    reco_buf_init(&small, 4);
    assert_int_equal(reco_file_read(path, 0, &small, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "exceeds the limit of 4 bytes"));
    reco_buf_release(&small);
    /* An empty file reads as zero bytes. */
    assert_int_equal(reco_file_write(path, "", 0, 0644, &err), RECO_OK);
    reco_buf_clear(&b);
    assert_int_equal(reco_file_read(path, 0, &b, &err), RECO_OK);
    assert_int_equal(b.len, 0);
    reco_buf_release(&b);
}

static void modes_and_no_leftovers(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/key", dir);
    reco_error err;
    assert_int_equal(reco_file_write(path, "secret", 6, 0600, &err), RECO_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(reco_file_write(path, "secret", 6, 0644, &err), RECO_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    /* No temporary file stays behind. */
    DIR *d = opendir(dir);
    assert_non_null(d);
    int temporaries = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        temporaries += strstr(e->d_name, ".tmp") != NULL;
    closedir(d);
    assert_int_equal(temporaries, 0);
}

static void errors(void **state)
{
    (void)state;
    reco_error err;
    reco_buf b;
    reco_buf_init(&b, 0);
    char path[128];
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_equal(reco_file_read(path, 0, &b, &err), RECO_EIO);
    char want[200];
    snprintf(want, sizeof want, "cannot read %s: No such file or directory", path);
    assert_string_equal(err.msg, want);
    assert_int_equal(reco_file_read(dir, 0, &b, &err), RECO_EIO); /* a folder */
    snprintf(path, sizeof path, "%s/no/such/folder/file", dir);
    assert_int_equal(reco_file_write(path, "x", 1, 0644, &err), RECO_EIO);
    assert_non_null(strstr(err.msg, "cannot write"));
    reco_buf_release(&b);
}

static void standard_input(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "from a pipe", 11), 11);
    close(fds[1]);
    int saved = dup(STDIN_FILENO);
    assert_true(dup2(fds[0], STDIN_FILENO) >= 0);
    close(fds[0]);
    reco_buf b;
    reco_buf_init(&b, 0);
    reco_error err;
    reco_code rc = reco_file_read("-", 0, &b, &err);
    dup2(saved, STDIN_FILENO);
    close(saved);
    assert_int_equal(rc, RECO_OK);
    assert_string_equal(b.data, "from a pipe");
    reco_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_then_read),
        cmocka_unit_test(modes_and_no_leftovers),
        cmocka_unit_test(errors),
        cmocka_unit_test(standard_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
