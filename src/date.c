/*
 * date.c: feed dates to UTC seconds.
 *
 * A small tokenizer (numbers, words, punctuation; white space remembered,
 * parenthesised comments dropped) feeds a reader that takes, in order: an
 * optional day name (any word, so a wrong or misspelled one is fine), a date
 * (day-first RFC 822, month-first asctime/US, or an ISO 8601 numeric form),
 * an optional time, an optional zone and, for asctime, the year. A token
 * left over makes the whole string unreadable.
 *
 * It must never consult the clock, the locale or the TZ environment (no
 * mktime, timegm or strptime): an unreadable date is DATE_NONE, never "now".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "str.h"
#include "util.h"

#define DATE_MAX_INPUT	256	/* longer strings are not dates */
#define DATE_MAX_TOKS	32
#define DATE_MIN	(-62135596800LL)	/* 0001-01-01T00:00:00Z */
#define DATE_MAX	253402300799LL		/* 9999-12-31T23:59:59Z */

enum date_tok_type {
	DATE_NUM,
	DATE_WORD,
	DATE_PUNCT
};

struct date_tok {
	enum date_tok_type type;
	int		 space;	/* white space came before it */
	int		 nd;	/* DATE_NUM: digit count */
	int		 val;	/* DATE_NUM: value of its first 9 digits */
	const char	*s;	/* DATE_WORD: text, not NUL-terminated */
	size_t		 len;	/* DATE_WORD: length in bytes */
	char		 c;	/* DATE_PUNCT: the character */
};

struct date_scan {
	struct date_tok	 tok[DATE_MAX_TOKS];
	int		 n;	/* tokens */
	int		 i;	/* next unread token */
};

struct date_fields {
	int64_t	 year;
	int	 month, day;
	int	 yday;		/* 1..366 for ordinal dates, else 0 */
	int	 hour, min, sec;
	int	 off;		/* zone offset east of UTC, seconds */
	int	 has_year, has_zone;
	int	 korean;	/* Korean markers seen: default zone +09:00 */
};

struct date_name {
	const char	*name;
	int		 val;
};

static const char *const date_months_en[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* Whole-word month names from localised feeds (as feedparser reads them). */
static const struct date_name date_months_local[] = {
	/* Greek abbreviations, including misspellings seen in the wild. */
	{ "Ιαν", 1 }, { "Φεβ", 2 }, { "Μαρ", 3 }, { "Μάρ", 3 }, { "Μάώ", 3 },
	{ "Μαώ", 3 }, { "Απρ", 4 }, { "Μάι", 5 }, { "Μαϊ", 5 }, { "Μαι", 5 },
	{ "Ιούν", 6 }, { "Ιον", 6 }, { "Ιούλ", 7 }, { "Ιολ", 7 },
	{ "Αύγ", 8 }, { "Αυγ", 8 }, { "Σεπ", 9 }, { "Οκτ", 10 }, { "Νοέ", 11 },
	{ "Νοε", 11 }, { "Δεκ", 12 },
	/* Hungarian (november and december are caught as English). */
	{ "január", 1 }, { "február", 2 }, { "március", 3 }, { "április", 4 },
	{ "május", 5 }, { "június", 6 }, { "július", 7 }, { "augusztus", 8 },
	{ "szeptember", 9 }, { "október", 10 }
};

/*
 * Zone names, in minutes east of UTC. Only names with one reading in feeds:
 * IST (India, Ireland, Israel) is left out on purpose. Unknown names and
 * the military letters read as UTC, as RFC 2822 says of the latter.
 */
static const struct date_name date_zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "wet", 0 },
	{ "west", 60 }, { "bst", 60 }, { "cet", 60 }, { "met", 60 },
	{ "mez", 60 }, { "cest", 120 }, { "mest", 120 }, { "mesz", 120 },
	{ "eet", 120 }, { "eest", 180 }, { "msk", 180 },
	{ "hkt", 480 }, { "awst", 480 }, { "jst", 540 }, { "kst", 540 },
	{ "acst", 570 }, { "acdt", 630 }, { "aest", 600 }, { "aedt", 660 },
	{ "nzst", 720 }, { "nzdt", 780 },
	{ "adt", -180 }, { "ast", -240 }, { "at", -240 },
	{ "edt", -240 }, { "est", -300 }, { "et", -300 },
	{ "cdt", -300 }, { "cst", -360 }, { "ct", -360 },
	{ "mdt", -360 }, { "mst", -420 }, { "mt", -420 },
	{ "pdt", -420 }, { "pst", -480 }, { "pt", -480 },
	{ "akdt", -480 }, { "akst", -540 }, { "hst", -600 }
};

#define DATE_KO_YEAR	"년"
#define DATE_KO_MONTH	"월"
#define DATE_KO_DAY	"일"
#define DATE_KO_AM	"오전"
#define DATE_KO_PM	"오후"

static int
date_is_space(const unsigned char *p)
{
	return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
	    *p == '\f' || *p == '\v' || (p[0] == 0xc2 && p[1] == 0xa0);
}

static int
date_is_letter(const unsigned char *p)
{
	return (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= 0x80 && !date_is_space(p));
}

/* Splits s into sc->tok; -1 for a stray character or too long a string. */
static int
date_tokenize(struct date_scan *sc, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct date_tok *t;
	int space = 1;

	sc->n = sc->i = 0;
	if (memchr(s, '\0', DATE_MAX_INPUT + 1) == NULL)
		return -1;
	while (*p != '\0') {
		if (date_is_space(p)) {
			p += *p == 0xc2 ? 2 : 1;
			space = 1;
			continue;
		}
		if (*p == '(') {	/* RFC 822 comment, e.g. "(PST)" */
			while (*p != '\0' && *p != ')')
				p++;
			if (*p == '\0')
				return -1;
			p++;
			space = 1;
			continue;
		}
		if (sc->n == DATE_MAX_TOKS)
			return -1;
		t = &sc->tok[sc->n++];
		memset(t, 0, sizeof(*t));
		t->space = space;
		space = 0;
		if (*p >= '0' && *p <= '9') {
			t->type = DATE_NUM;
			for (; *p >= '0' && *p <= '9'; p++, t->nd++)
				if (t->nd < 9)
					t->val = t->val * 10 + (*p - '0');
		} else if (date_is_letter(p)) {
			t->type = DATE_WORD;
			t->s = (const char *)p;
			while (date_is_letter(p))
				p++;
			t->len = (size_t)((const char *)p - t->s);
		} else if (strchr("+-:.,/", *p) != NULL) {
			t->type = DATE_PUNCT;
			t->c = (char)*p++;
		} else
			return -1;
	}
	return 0;
}

/* The token k places ahead of the cursor, or NULL past the end. */
static const struct date_tok *
date_peek(const struct date_scan *sc, int k)
{
	return sc->i + k < sc->n ? &sc->tok[sc->i + k] : NULL;
}

static int
date_is_punct(const struct date_scan *sc, int k, char c)
{
	const struct date_tok *t = date_peek(sc, k);

	return t != NULL && t->type == DATE_PUNCT && t->c == c;
}

static int
date_is_num(const struct date_scan *sc, int k, int ndmin, int ndmax)
{
	const struct date_tok *t = date_peek(sc, k);

	return t != NULL && t->type == DATE_NUM && t->nd >= ndmin &&
	    t->nd <= ndmax;
}

/* Case-insensitive (ASCII) whole-word match of token k against name. */
static int
date_is_word(const struct date_scan *sc, int k, const char *name)
{
	const struct date_tok *t = date_peek(sc, k);

	return t != NULL && t->type == DATE_WORD && t->len == strlen(name) &&
	    str_ncasecmp_ascii(t->s, name, t->len) == 0;
}

/* Consumes punctuation c if it is next; returns whether it did. */
static int
date_eat(struct date_scan *sc, char c)
{
	if (!date_is_punct(sc, 0, c))
		return 0;
	sc->i++;
	return 1;
}

/* Consumes a number of ndmin..ndmax digits into *val; -1 if none. */
static int
date_num(struct date_scan *sc, int ndmin, int ndmax, int *val)
{
	if (!date_is_num(sc, 0, ndmin, ndmax))
		return -1;
	*val = sc->tok[sc->i++].val;
	return 0;
}

/* Month of token k (English prefix of 3+ letters, or a local name), or 0. */
static int
date_month_at(const struct date_scan *sc, int k)
{
	const struct date_tok *t = date_peek(sc, k);
	size_t i;

	if (t == NULL || t->type != DATE_WORD)
		return 0;
	for (i = 0; i < UTIL_ARRAY_LEN(date_months_en); i++)
		if (t->len >= 3 && t->len <= strlen(date_months_en[i]) &&
		    str_ncasecmp_ascii(t->s, date_months_en[i], t->len) == 0)
			return (int)i + 1;
	for (i = 0; i < UTIL_ARRAY_LEN(date_months_local); i++)
		if (date_is_word(sc, k, date_months_local[i].name))
			return date_months_local[i].val;
	return 0;
}

/* RFC 2822 reading of a two-digit year; four digits are taken as they are. */
static int64_t
date_year(int val, int nd)
{
	if (nd == 2)
		return val < 50 ? 2000 + val : 1900 + val;
	return val;
}

/* A year of two or four digits that is not the hour of a time. */
static int
date_read_year(struct date_scan *sc, struct date_fields *f, int allow2)
{
	const struct date_tok *t = date_peek(sc, 0);

	if (t == NULL || t->type != DATE_NUM || (t->nd != 4 &&
	    (t->nd != 2 || !allow2)) || date_is_punct(sc, 1, ':'))
		return -1;
	f->year = date_year(t->val, t->nd);
	f->has_year = 1;
	sc->i++;
	return 0;
}

/* "01 Jan 2004", "1-jan-04", "13 Feb, 2012", "11 Ιούλ 2004". */
static int
date_read_day_first(struct date_scan *sc, struct date_fields *f)
{
	if (date_num(sc, 1, 2, &f->day) == -1)
		return -1;
	if (!date_eat(sc, '-'))
		date_eat(sc, '.');
	if ((f->month = date_month_at(sc, 0)) == 0)
		return -1;
	sc->i++;
	date_eat(sc, '.');
	if (!date_eat(sc, '-'))
		date_eat(sc, ',');
	return date_read_year(sc, f, 1);
}

/* "Jan  4 16:29:06 2004", "Aug 30 2012 ...", "January 1st, 2004". */
static int
date_read_month_first(struct date_scan *sc, struct date_fields *f)
{
	f->month = date_month_at(sc, 0);
	sc->i++;
	date_eat(sc, '.');
	if (date_num(sc, 1, 2, &f->day) == -1)
		return -1;
	if (date_is_word(sc, 0, "st") || date_is_word(sc, 0, "nd") ||
	    date_is_word(sc, 0, "rd") || date_is_word(sc, 0, "th"))
		sc->i++;
	date_eat(sc, ',');
	if (date_is_num(sc, 0, 4, 4) && !date_is_punct(sc, 1, ':'))
		return date_read_year(sc, f, 0);
	return 0;	/* asctime: the year follows the time */
}

/* An ordinal day; its range is checked with the year's length. */
static int
date_set_yday(struct date_fields *f, int yday)
{
	f->yday = yday;
	return yday >= 1 ? 0 : -1;
}

/* After a four-digit year: "-12-31", "/09/15", "-012-31", "-335", "년 ..." */
static int
date_read_after_year(struct date_scan *sc, struct date_fields *f)
{
	char sep;

	f->month = f->day = 1;
	if (date_is_word(sc, 0, DATE_KO_YEAR)) {
		f->korean = 1;
		sc->i++;
		if (date_num(sc, 1, 2, &f->month) == -1 ||
		    !date_is_word(sc, 0, DATE_KO_MONTH))
			return -1;
		sc->i++;
		if (date_num(sc, 1, 2, &f->day) == -1 ||
		    !date_is_word(sc, 0, DATE_KO_DAY))
			return -1;
		sc->i++;
		return 0;
	}
	if (date_eat(sc, '-'))
		sep = '-';
	else if (date_eat(sc, '/'))
		sep = '/';
	else
		return 0;	/* the year alone */
	if ((f->month = date_month_at(sc, 0)) != 0)
		sc->i++;
	else if (date_is_num(sc, 0, 1, 2))
		f->month = sc->tok[sc->i++].val;
	else if (date_is_num(sc, 0, 3, 3) && date_peek(sc, 0)->val < 100 &&
	    date_is_punct(sc, 1, sep) && date_is_num(sc, 2, 1, 2))
		f->month = sc->tok[sc->i++].val;	/* feedparser's "0MM" */
	else if (date_is_num(sc, 0, 3, 3))
		return date_set_yday(f, sc->tok[sc->i++].val);
	else
		return -1;
	if (!date_eat(sc, sep)) {
		f->day = 1;
		return 0;
	}
	return date_num(sc, 1, 2, &f->day);
}

/* ISO 8601 and friends, starting with a number or "-". */
static int
date_read_numeric(struct date_scan *sc, struct date_fields *f)
{
	const struct date_tok *t = date_peek(sc, 0);
	int v = t->val, yy;

	f->month = f->day = 1;
	f->has_year = 1;
	if (t->type == DATE_PUNCT) {		/* "-0312", "-03-12" */
		sc->i++;
		if (date_num(sc, 4, 4, &v) == 0) {
			f->year = date_year(v / 100, 2);
			f->month = v % 100;
			return 0;
		}
		if (date_num(sc, 2, 2, &yy) == -1 || !date_eat(sc, '-') ||
		    date_num(sc, 2, 2, &f->month) == -1)
			return -1;
		f->year = date_year(yy, 2);
		return 0;
	}
	sc->i++;
	switch (t->nd) {
	case 8:					/* 20040105 */
		f->year = v / 10000;
		f->month = v / 100 % 100;
		f->day = v % 100;
		return 0;
	case 7:					/* 2003335 */
		f->year = v / 1000;
		return date_set_yday(f, v % 1000);
	case 6:					/* 031231 */
		f->year = date_year(v / 10000, 2);
		f->month = v / 100 % 100;
		f->day = v % 100;
		return 0;
	case 5:					/* 03335 */
		f->year = date_year(v / 1000, 2);
		return date_set_yday(f, v % 1000);
	case 4:
		f->year = v;
		return date_read_after_year(sc, f);
	case 2:
	case 1:
		if (date_eat(sc, '.')) {	/* 15.09.2006 */
			f->day = v;
			if (date_num(sc, 1, 2, &f->month) == -1 ||
			    !date_eat(sc, '.'))
				return -1;
			return date_read_year(sc, f, 0);
		}
		if (t->nd == 2 && date_eat(sc, '-')) {	/* 03-12-31 */
			f->year = date_year(v, 2);
			if (date_num(sc, 2, 2, &f->month) == -1 ||
			    !date_eat(sc, '-'))
				return -1;
			return date_num(sc, 2, 2, &f->day);
		}
		return -1;
	default:
		return -1;
	}
}

static int
date_read_date(struct date_scan *sc, struct date_fields *f)
{
	const struct date_tok *t = date_peek(sc, 0);

	if (t == NULL)
		return -1;
	if (date_month_at(sc, 0))
		return date_read_month_first(sc, f);
	if (date_is_num(sc, 0, 1, 2) && (date_month_at(sc, 1) ||
	    ((date_is_punct(sc, 1, '-') || date_is_punct(sc, 1, '.')) &&
	    date_month_at(sc, 2))))
		return date_read_day_first(sc, f);
	if (t->type == DATE_NUM || date_is_punct(sc, 0, '-'))
		return date_read_numeric(sc, f);
	return -1;
}

/*
 * An optional time: [T] H:MM[:SS[.frac]] (or with dots), compact HHMM[SS]
 * after 'T', with AM/PM after it or Korean 오전/오후 before it.
 * Returns 1 if there was a time, 0 if not, -1 if it was malformed.
 */
static int
date_read_time(struct date_scan *sc, struct date_fields *f)
{
	const struct date_tok *t;
	int has_t = 0, ampm = 0, frac, v, nd;
	char sep;

	if (date_is_word(sc, 0, "t")) {
		has_t = 1;
		sc->i++;
	} else if (date_is_punct(sc, 0, ',') && date_is_num(sc, 1, 1, 2))
		sc->i++;
	if (date_is_word(sc, 0, DATE_KO_AM) ||
	    date_is_word(sc, 0, DATE_KO_PM)) {
		ampm = date_is_word(sc, 0, DATE_KO_AM) ? 1 : 2;
		f->korean = 1;
		sc->i++;
	}
	t = date_peek(sc, 0);
	sep = date_is_punct(sc, 1, ':') ? ':' : '.';
	if (date_is_num(sc, 0, 1, 2) && date_is_punct(sc, 1, sep) &&
	    date_is_num(sc, 2, 2, 2)) {
		f->hour = t->val;
		f->min = date_peek(sc, 2)->val;
		sc->i += 3;
		if (date_eat(sc, sep) && date_num(sc, 2, 2, &f->sec) == -1)
			return -1;
	} else if (has_t && date_is_num(sc, 0, 2, 6) && t->nd % 2 == 0) {
		for (v = t->val, nd = t->nd; nd < 6; nd += 2)
			v *= 100;		/* HH or HHMM to HHMMSS */
		f->hour = v / 10000;
		f->min = v / 100 % 100;
		f->sec = v % 100;
		sc->i++;
		sep = ':';
	} else
		return has_t || ampm ? -1 : 0;
	if (sep == ':' && date_eat(sc, '.') &&
	    date_num(sc, 1, DATE_MAX_INPUT, &frac) == -1)	/* fraction */
		return -1;
	if (!ampm && (date_is_word(sc, 0, "am") || date_is_word(sc, 0, "pm"))) {
		ampm = date_is_word(sc, 0, "am") ? 1 : 2;
		sc->i++;
	}
	if (ampm) {
		if (f->hour < 1 || f->hour > 12)
			return -1;
		f->hour = f->hour % 12 + (ampm == 2 ? 12 : 0);
	}
	return 1;
}

/* A numeric zone after its sign: HHMM, H, HH or HH:MM; -1 if malformed. */
static int
date_read_offset(struct date_scan *sc, int *off)
{
	int sign = date_peek(sc, 0)->c == '-' ? -1 : 1, hh, mm = 0;

	sc->i++;
	if (date_num(sc, 4, 4, &hh) == 0) {
		mm = hh % 100;
		hh /= 100;
	} else if (date_num(sc, 1, 2, &hh) == -1 ||
	    (date_eat(sc, ':') && date_num(sc, 2, 2, &mm) == -1))
		return -1;
	if (hh > 23 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

/*
 * Zone after a time: a number, a name, or both ("GMT-01:01", "+0000 GMT",
 * "Etc/GMT"); the number wins. A name we do not know reads as UTC, but only
 * on its own, after a space, and if it looks like one (1 to 5 ASCII letters).
 */
static int
date_read_zone(struct date_scan *sc, struct date_fields *f)
{
	const struct date_tok *t;
	int named = 0, numbered = 0, unknown = 0, etc = 0, off = 0;
	size_t i, k;

	while ((t = date_peek(sc, 0)) != NULL) {
		if ((date_is_punct(sc, 0, '+') || date_is_punct(sc, 0, '-')) &&
		    date_is_num(sc, 1, 1, 9)) {
			if (numbered++ || date_read_offset(sc, &f->off) == -1)
				return -1;
			continue;
		}
		if (t->type != DATE_WORD || named)
			break;
		if (date_is_word(sc, 0, "etc") && date_is_punct(sc, 1, '/') &&
		    date_peek(sc, 2) != NULL &&
		    date_peek(sc, 2)->type == DATE_WORD) {
			etc = 1;
			sc->i += 2;
		}
		for (i = 0; i < UTIL_ARRAY_LEN(date_zones); i++)
			if (date_is_word(sc, 0, date_zones[i].name))
				break;
		if (i < UTIL_ARRAY_LEN(date_zones))
			off = date_zones[i].val * 60;
		else {
			t = date_peek(sc, 0);
			if (t->len > 5 || !t->space)
				return -1;
			for (k = 0; k < t->len; k++)
				if (!((t->s[k] | 0x20) >= 'a' &&
				    (t->s[k] | 0x20) <= 'z'))
					return -1;
			unknown = 1;
		}
		named = 1;
		sc->i++;
	}
	if (unknown && numbered)
		return -1;
	if (!numbered)
		f->off = off;
	else if (etc)
		f->off = -f->off;	/* tz database: Etc/GMT+5 is UTC-5 */
	f->has_zone = named || numbered;
	return 0;
}

static int
date_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_month_days(int64_t y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

/* Checks the fields and turns them into UTC seconds. */
static int64_t
date_fields_to_utc(const struct date_fields *f)
{
	int64_t days, t;

	if (f->year < 1 || f->year > 9999 || f->hour > 23 || f->min > 59 ||
	    f->sec > 60)
		return DATE_NONE;
	if (f->yday != 0) {
		if (f->yday > (date_is_leap(f->year) ? 366 : 365))
			return DATE_NONE;
		days = date_days_from_civil(f->year, 1, 1) + f->yday - 1;
	} else {
		if (f->month < 1 || f->month > 12 || f->day < 1 ||
		    f->day > date_month_days(f->year, f->month))
			return DATE_NONE;
		days = date_days_from_civil(f->year, (unsigned)f->month,
		    (unsigned)f->day);
	}
	t = days * 86400 + f->hour * 3600 + f->min * 60 + f->sec -
	    (f->has_zone ? f->off : f->korean ? 9 * 3600 : 0);
	/* A zone can push the first or last day out of years 1 to 9999. */
	if (t < DATE_MIN || t > DATE_MAX)
		return DATE_NONE;
	return t;
}

int64_t
date_parse(const char *s)
{
	struct date_scan sc;
	struct date_fields f;
	int has_time;

	if (s == NULL || date_tokenize(&sc, s) == -1)
		return DATE_NONE;
	memset(&f, 0, sizeof(f));
	/* Any leading word that is not a month is a day name: skip it. */
	if (sc.n > 0 && sc.tok[0].type == DATE_WORD && !date_month_at(&sc, 0)) {
		sc.i++;
		date_eat(&sc, '.');
		date_eat(&sc, ',');
	}
	if (date_read_date(&sc, &f) == -1 ||
	    (has_time = date_read_time(&sc, &f)) == -1 ||
	    (has_time && date_read_zone(&sc, &f) == -1))
		return DATE_NONE;
	if (!f.has_year && date_read_year(&sc, &f, 0) == -1)
		return DATE_NONE;
	if (sc.i != sc.n)
		return DATE_NONE;
	return date_fields_to_utc(&f);
}

void
date_format_iso(int64_t t, char *out, size_t outlen)
{
	int64_t days = t / 86400, secs = t % 86400, y;
	unsigned m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	date_civil_from_days(days, &y, &m, &d);
	snprintf(out, outlen, "%04lld-%02u-%02uT%02d:%02d:%02dZ",
	    (long long)y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
	    (int)(secs % 60));
}

/*
 * Howard Hinnant's days_from_civil and civil_from_days: exact for every
 * proleptic Gregorian date with |y| below about 10^13.
 */
int64_t
date_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}
