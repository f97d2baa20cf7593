/*
 * test_str.c: the UTF-8 and scrubbing helpers every untrusted string
 * passes through, and the size-limited buffer.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "str.h"
#include "tap.h"
#include "util.h"

static const struct {
	const char	*name;
	const char	*in;
	int		 flags;
	const char	*want;
} clean_cases[] = {
	{ "plain text passes", "Hello, world", 0, "Hello, world" },
	{ "ESC sequences lose their ESC", "a\033[2Jb", 0, "a[2Jb" },
	{ "BEL and NUL-free C0 removed", "a\007b\001c", 0, "abc" },
	{ "C1 CSI (U+009B) removed", "a\302\233" "31mb", 0, "a31mb" },
	{ "DEL removed", "a\177b", 0, "ab" },
	{ "bidi override removed", "a\342\200\256b", 0, "ab" },
	{ "bidi isolate removed", "a\342\201\246b\342\201\251", 0, "ab" },
	{ "zero-width space removed", "a\342\200\213b", 0, "ab" },
	{ "BOM removed", "\357\273\277abc", 0, "abc" },
	{ "tab and newline become spaces", "a\tb\nc", 0, "a b c" },
	{ "newlines kept for bodies", "a\nb\tc", STR_KEEP_NEWLINES,
	    "a\nb\tc" },
	{ "CRLF becomes LF", "a\r\nb\rc", STR_KEEP_NEWLINES, "a\nb\nc" },
	{ "white space folded", "a  \t\n b", STR_FOLD_SPACE, "a b" },
	{ "no-break space folded", "a\302\240\302\240b", STR_FOLD_SPACE,
	    "a b" },
	{ "trimmed", "  a b  ", STR_TRIM, "a b" },
	{ "folded and trimmed", "\n  a \n b \n", STR_FOLD_SPACE | STR_TRIM,
	    "a b" },
	{ "invalid UTF-8 read as windows-1252", "caf\351 \223q\224",
	    0, "caf\303\251 \342\200\234q\342\200\235" },
	{ "overlong encoding is invalid", "\300\257", 0, "\303\200\302\257" },
	{ "surrogate half is invalid", "\355\240\200", 0,
	    "\303\255\302\240\342\202\254" },
	{ "CJK kept", "\346\227\245\346\234\254", 0,
	    "\346\227\245\346\234\254" },
	{ "emoji kept", "\360\237\216\211", 0, "\360\237\216\211" },
	{ "empty stays empty", "", STR_TRIM, "" },
};

static void
test_clean(void)
{
	size_t i;
	char *got;

	for (i = 0; i < UTIL_ARRAY_LEN(clean_cases); i++) {
		got = str_clean(clean_cases[i].in, strlen(clean_cases[i].in),
		    clean_cases[i].flags);
		tap_str(got, clean_cases[i].want, "clean: %s",
		    clean_cases[i].name);
		tap_ok(str_utf8_valid(got, strlen(got)),
		    "clean: %s gives valid UTF-8", clean_cases[i].name);
		free(got);
	}
}

static void
test_every_byte(void)
{
	char in[3], *got;
	size_t k;
	uint32_t cp;
	int c, bad = 0;

	/* No single byte, alone or after a lead byte, survives unsafe. */
	for (c = 0; c < 256; c++) {
		in[0] = (char)c;
		in[1] = '\302';
		in[2] = '\0';
		got = str_clean(in, 2, 0);
		for (k = 0; got[k] != '\0';) {
			size_t n = str_utf8_decode(got + k, strlen(got + k),
			    &cp);
			if (n == 0 || str_is_unsafe(cp))
				bad++;
			k += n ? n : 1;
		}
		free(got);
	}
	tap_ok(bad == 0, "clean: no byte value leaves an unsafe character "
	    "(%d bad)", bad);
}

static void
test_utf8(void)
{
	char out[4];
	uint32_t cp, cps[] = { 0x41, 0xe9, 0x20ac, 0x1f389, 0x10ffff };
	size_t i, n;

	for (i = 0; i < UTIL_ARRAY_LEN(cps); i++) {
		n = str_utf8_encode(cps[i], out);
		tap_ok(str_utf8_decode(out, n, &cp) == n && cp == cps[i],
		    "utf8: U+%04X round-trips", (unsigned)cps[i]);
	}
	tap_ok(str_utf8_encode(0xd800, out) == 3 &&
	    memcmp(out, "\357\277\275", 3) == 0,
	    "utf8: a surrogate encodes as U+FFFD");
	tap_ok(str_utf8_decode("\342\202", 2, &cp) == 0,
	    "utf8: a truncated sequence is invalid");
	tap_ok(str_utf8_valid("abc\303\251", 5) &&
	    !str_utf8_valid("ab\377", 3), "utf8: validity");
}

static void
test_width(void)
{
	tap_ok(str_width("abc") == 3, "width: ASCII is one column each");
	tap_ok(str_width("\346\227\245\346\234\254") == 4,
	    "width: CJK is two columns each");
	tap_ok(str_width("\360\237\216\211") == 2, "width: emoji is two");
	tap_ok(str_width("e\314\201") == 1,
	    "width: a combining mark takes none");
	tap_ok(str_width("a\033b") == 2, "width: a control takes none");
}

static void
test_buf(void)
{
	struct buf b;
	char *s;

	buf_init(&b, 8);
	tap_ok(buf_puts(&b, "12345") == 0, "buf: append within the limit");
	tap_ok(buf_puts(&b, "6789") == -1 && b.overflow,
	    "buf: append past the limit is refused");
	tap_str(buf_str(&b), "12345", "buf: a refused append changes nothing");
	tap_ok(buf_printf(&b, "%d", 678) == 0 && b.len == 8,
	    "buf: printf up to the limit");
	s = buf_detach(&b);
	tap_str(s, "12345678", "buf: detach gives the contents");
	tap_ok(b.data == NULL && b.len == 0, "buf: detach empties");
	free(s);
	buf_init(&b, 0);
	s = buf_detach(&b);
	tap_str(s, "", "buf: detaching an empty buffer gives \"\"");
	free(s);

	buf_init(&b, 6);
	tap_ok(buf_append_upto(&b, "1234", 4) == 0 && !b.overflow,
	    "buf: append_upto within the limit");
	tap_ok(buf_append_upto(&b, "5678", 4) == -1 && b.overflow,
	    "buf: append_upto past the limit says so");
	tap_str(buf_str(&b), "123456", "buf: append_upto keeps what fits");
	tap_ok(buf_append_upto(&b, "9", 1) == -1 && b.len == 6,
	    "buf: append_upto on a full buffer adds nothing");
	buf_free(&b);
}

static void
test_ci(void)
{
	tap_ok(str_casecmp_ascii("HTTP", "http") == 0, "ci: equal");
	tap_ok(str_casecmp_ascii("a", "b") < 0, "ci: ordered");
	tap_ok(str_has_prefix_ci("HTTPS://x", "https://"), "ci: prefix");
	tap_ok(!str_has_prefix_ci("http", "https://"), "ci: short prefix");
	tap_ok(str_is_blank(" \t\n") && !str_is_blank(" x"), "blank");
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_clean();
	test_every_byte();
	test_utf8();
	test_width();
	test_buf();
	test_ci();
	return tap_done();
}
