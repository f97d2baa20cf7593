/*
 * date.h: feed dates to UTC seconds.
 *
 * Reads RFC 822/1123 (named, numeric, military and missing zones, two-digit
 * years, day names optional or wrong), RFC 3339 / ISO 8601 / W3C-DTF
 * (with or without time, fraction, zone, 'T'), asctime, and the common
 * malformed variants found in real feeds. Knows nothing of the clock:
 * an unparseable date is DATE_NONE, never "now".
 */
#ifndef TIDINGS_DATE_H
#define TIDINGS_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_NONE INT64_MIN	/* no date, or one that could not be read */

/* Parses s (NUL-terminated, surrounding space allowed); DATE_NONE if not. */
int64_t	 date_parse(const char *s);
/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void	 date_format_iso(int64_t t, char *out, size_t outlen);
/* Days since 1970-01-01 to a civil date and back (proleptic Gregorian). */
int64_t	 date_days_from_civil(int64_t y, unsigned m, unsigned d);
void	 date_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
