/*
 * fuzz_date.c: libFuzzer target for date_parse().
 *
 * Any bytes, as a C string (cut at the first NUL, as a feed field would
 * be), must give DATE_NONE or a time within years 1 to 9999, and that time
 * must read back the same from its own ISO form. Must never print, read
 * files or depend on the clock.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "date.h"
#include "fuzz_common.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init_locale();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char iso[32];
	int64_t t, back, lo, hi, y;
	unsigned m, d;

	t = date_parse(s);
	free(s);
	if (t == DATE_NONE)
		return 0;
	lo = date_days_from_civil(1, 1, 1) * 86400;
	hi = date_days_from_civil(9999, 12, 31) * 86400 + 86399;
	if (t < lo || t > hi)
		fuzz_fail("date_parse gave %lld, outside years 1-9999",
		    (long long)t);
	date_civil_from_days(t / 86400 - (t % 86400 < 0), &y, &m, &d);
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		fuzz_fail("%lld is civil %lld-%u-%u", (long long)t,
		    (long long)y, m, d);
	date_format_iso(t, iso, sizeof iso);
	back = date_parse(iso);
	if (back != t)
		fuzz_fail("%lld formats as \"%s\", which reads as %lld",
		    (long long)t, iso, (long long)back);
	return 0;
}
