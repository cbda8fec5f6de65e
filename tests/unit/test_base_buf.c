/*
 * test_base_buf.c - arena and capped buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void arena_alignment_and_copies(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    assert_non_null(a);
    for (size_t n = 1; n < 100; n += 7) {
        void *p = reco_arena_alloc(a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xab, n); /* ASan catches an overlap or short block */
    }
    char *s = reco_arena_strdup(a, "hello");
    assert_string_equal(s, "hello");
    char *t = reco_arena_strndup(a, "abcdef", 3);
    assert_string_equal(t, "abc");
    unsigned char *z = reco_arena_calloc(a, 64);
    for (int i = 0; i < 64; i++)
        assert_int_equal(z[i], 0);
    reco_arena_free(a);
    reco_arena_free(NULL);
}

static void arena_big_and_many(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    /* Larger than a block, then many small ones across several blocks. */
    char *big = reco_arena_alloc(a, 100000);
    assert_non_null(big);
    memset(big, 1, 100000);
    char *prev = NULL;
    for (int i = 0; i < 5000; i++) {
        char *p = reco_arena_alloc(a, 40);
        assert_non_null(p);
        assert_ptr_not_equal(p, prev);
        memset(p, 2, 40);
        prev = p;
    }
    assert_int_equal(big[99999], 1); /* not overwritten by later allocations */
    assert_true(reco_arena_used(a) >= 100000 + 5000 * 40);
    reco_arena_free(a);
}

static void arena_cap_and_reset(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(1000);
    assert_non_null(reco_arena_alloc(a, 500));
    assert_non_null(reco_arena_alloc(a, 400));
    assert_null(reco_arena_alloc(a, 200)); /* 512 + 400 + 208 > 1000 */
    assert_null(reco_arena_alloc(a, SIZE_MAX - 8));
    reco_arena_reset(a);
    assert_int_equal(reco_arena_used(a), 0);
    char *p = reco_arena_alloc(a, 900);
    assert_non_null(p);
    memset(p, 3, 900);
    reco_arena_free(a);
}

static void arena_reset_after_many_blocks(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    for (int round = 0; round < 3; round++) {
        /* Several regular blocks and a one-off, then a reset that keeps one block. */
        for (int i = 0; i < 2000; i++)
            memset(reco_arena_alloc(a, 100), i & 0xff, 100);
        memset(reco_arena_alloc(a, 50000), 7, 50000);
        assert_true(reco_arena_used(a) >= 2000 * 100 + 50000);
        reco_arena_reset(a);
        assert_int_equal(reco_arena_used(a), 0);
    }
    reco_arena_reset(a);
    char *s = reco_arena_strdup(a, "after reset");
    assert_string_equal(s, "after reset");
    assert_null(reco_arena_strdup(a, NULL));
    reco_arena_free(a);
}

static void buf_append_and_nul(void **state)
{
    (void)state;
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_string_equal(b.data, ""); /* NUL-terminated before any allocation */
    assert_int_equal(reco_buf_puts(&b, "abc"), RECO_OK);
    assert_int_equal(reco_buf_putc(&b, '-'), RECO_OK);
    assert_int_equal(reco_buf_append(&b, "xyz", 2), RECO_OK);
    assert_int_equal(b.len, 6);
    assert_string_equal(b.data, "abc-xy");
    assert_int_equal(reco_buf_printf(&b, "%d/%s", 42, "q"), RECO_OK);
    assert_string_equal(b.data, "abc-xy42/q");
    reco_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    /* A long printf goes through the second pass. */
    char big[1000];
    memset(big, 'k', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(reco_buf_printf(&b, "<%s>", big), RECO_OK);
    assert_int_equal(b.len, 1001);
    assert_int_equal(b.data[0], '<');
    assert_int_equal(b.data[1000], '>');
    assert_int_equal(b.data[1001], '\0');
    size_t len = 0;
    char *p = reco_buf_detach(&b, &len);
    assert_int_equal(len, 1001);
    assert_int_equal(b.len, 0);
    free(p);
    p = reco_buf_detach(&b, &len); /* empty buffer: still a real allocation */
    assert_non_null(p);
    assert_int_equal(len, 0);
    assert_string_equal(p, "");
    free(p);
    reco_buf_release(&b);
}

static void buf_cap(void **state)
{
    (void)state;
    reco_buf b;
    reco_buf_init(&b, 8);
    assert_int_equal(reco_buf_puts(&b, "12345678"), RECO_OK);
    assert_int_equal(reco_buf_putc(&b, '9'), RECO_ELIMIT);
    assert_int_equal(b.len, 8); /* a refused append changes nothing */
    assert_string_equal(b.data, "12345678");
    reco_buf_clear(&b);
    assert_int_equal(reco_buf_printf(&b, "%s", "too long text"), RECO_ELIMIT);
    assert_int_equal(b.len, 0);
    assert_int_equal(reco_buf_reserve(&b, SIZE_MAX), RECO_ELIMIT);
    reco_buf_release(&b);
    reco_buf_release(&b); /* twice is harmless */

    reco_error err;
    reco_buf_init(&b, 4);
    reco_buf_puts(&b, "abcd");
    assert_int_equal(reco_buf_error(reco_buf_puts(&b, "e"), &b, "response", &err), RECO_ELIMIT);
    assert_string_equal(err.msg, "response exceeds the limit of 4 bytes");
    reco_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_alignment_and_copies),
        cmocka_unit_test(arena_big_and_many),
        cmocka_unit_test(arena_cap_and_reset),
        cmocka_unit_test(arena_reset_after_many_blocks),
        cmocka_unit_test(buf_append_and_nul),
        cmocka_unit_test(buf_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
