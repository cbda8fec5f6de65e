/*
 * test_app_image.c - the badge image generated from a name: initials and escaping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "reco/app.h"

static void expect_initials(const char *name, const char *initials)
{
    reco_buf svg;
    reco_error err = {0};
    char want[32];
    reco_buf_init(&svg, 0);
    assert_int_equal(reco_app_svg_generate(name, "#1f6feb", &svg, &err), RECO_OK);
    snprintf(want, sizeof want, ">%s</text>", initials);
    if (!strstr(svg.data, want))
        print_message("%s: no %s in %s\n", name, want, svg.data);
    assert_non_null(strstr(svg.data, want));
    reco_buf_release(&svg);
}

static void initials_skip_short_words(void **state)
{
    (void)state;
    expect_initials("Initiation à la menuiserie", "IM");
    expect_initials("Savoir-être en équipe", "SÊ");
    expect_initials("Jardinier·e bénévole", "JB");
    expect_initials("Un", "U");
    expect_initials("À la une", "U");
    expect_initials("", "?");
}

static void name_is_escaped(void **state)
{
    (void)state;
    reco_buf svg;
    reco_error err = {0};
    reco_buf_init(&svg, 0);
    assert_int_equal(reco_app_svg_generate("<script>&", NULL, &svg, &err), RECO_OK);
    assert_null(strstr(svg.data, "<script>"));
    assert_non_null(strstr(svg.data, "&lt;script&gt;&amp;"));
    reco_buf_release(&svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(initials_skip_short_words),
        cmocka_unit_test(name_is_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
