/*
 * filter.h: newsboat's filter language, for query feeds, the one-off
 * filter, highlight-article and ignore-article (the killfile).
 *
 *	unread = "yes" and (title =~ "linux|bsd" or tags # "news")
 *	age between 0:7 and author !~ "^bot"
 *
 * An expression compares attributes of an article (and of its feed) with
 * literals and joins the comparisons with "and", "or" and parentheses.
 * filter_parse() checks everything it can up front: unknown attributes,
 * operators that do not fit their literal, and regular expressions, so
 * filter_match() can never fail. Lengths, nesting and the number and cost
 * of regular expressions are bounded, so a hostile expression (a query
 * feed in an imported urls file) cannot exhaust the stack or memory.
 *
 * Where newsboat's versions disagree (it has grouped "a or b and c" both
 * as "(a or b) and c" and as "a or (b and c)"), tidings follows the usual
 * rule: "and" binds tighter than "or". Parentheses mean the same to all.
 */
#ifndef TIDINGS_FILTER_H
#define TIDINGS_FILTER_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#define FILTER_MAX_LEN	 4096	/* bytes of one expression */
#define FILTER_MAX_DEPTH 64	/* parentheses nested */
#define FILTER_MAX_REGEX 32	/* =~ and !~ in one expression */
#define FILTER_MAX_RX_LEN 1024	/* bytes of one regular expression */
#define FILTER_MAX_RX_COST 100000 /* repetition bounds multiplied out */
#define FILTER_MAX_RX_OPT 256	/* ... of which optional (?, *, {m,n}) */
#define FILTER_RX_TRIAL_MS 1000	/* to compile a repeated repetition */
#define FILTER_RX_TRIAL_FAILS 4	/* trials that may fail in a process */

/*
 * The values an expression is matched against. The caller fills what it
 * has; NULL strings count as empty. Strings are compared byte for byte
 * (the regular expressions ignore case).
 */
struct filter_item {
	/* The article. */
	const char *title;
	const char *link;
	const char *author;
	const char *content;	/* body as stored (HTML or text) */
	const char *guid;
	const char *flags;	/* flag letters, e.g. "ab", or NULL */
	const char *enclosure_url;
	const char *enclosure_type;
	int	 unread;	/* nonzero: "unread" is "yes" */
	int	 flagged;	/* nonzero: "flagged" is "yes" (tidings' own) */
	int64_t	 date;		/* published, Unix seconds */
	int64_t	 now;		/* for "age"; 0 means time(NULL) */
	int64_t	 article_index;	/* 1-based place in its list */

	/* Its feed. */
	const char *feed_title;
	const char *feed_description;
	const char *feed_link;	/* the site */
	const char *feed_url;	/* the feed itself ("rssurl") */
	int64_t	 feed_date;	/* Unix seconds, 0 if unknown */
	const char *const *tags; /* the feed's tags */
	size_t	 ntags;
	int64_t	 unread_count;
	int64_t	 total_count;
	int64_t	 feed_index;	/* 1-based place in the feed list */
};

struct filter;

/*
 * Parses expr. Returns a new filter (free with filter_free), or NULL with
 * a one-line reason in err that names the column (1-based, in characters)
 * where the problem is, e.g. "column 9: expected a value (a \"quoted
 * string\", a number or a range like 1:5)".
 */
struct filter *filter_parse(const char *expr, char *err, size_t errlen);
/*
 * The same language over a feed's attributes, for the feed list's F:
 * title (also feedtitle, feed), link (feedlink), rssurl (feedurl),
 * description, unread_count, total_count, tags, feedindex. "title" and
 * "link" are the feed's own; an article's attribute is an unknown one.
 * filter_match() then reads only the feed_* fields, tags and the counts.
 */
struct filter *filter_parse_feeds(const char *expr, char *err,
	    size_t errlen);
/* 1 if the item matches, else 0. Never fails. */
int	 filter_match(const struct filter *, const struct filter_item *);
void	 filter_free(struct filter *);
/* The expression as given to filter_parse(). */
const char *filter_text(const struct filter *);

/*
 * What matching needs, so a caller can read less and let SQL narrow the
 * rows: every match passes the unread and age conditions given here, so
 * rows outside them can be skipped; rows inside still go to
 * filter_match(), which alone decides.
 */
struct filter_needs {
	int	 content;	/* the body is compared */
	int	 enclosure;	/* enclosure_url or enclosure_type are */
	int	 unread;	/* 1: only unread articles can match, -1: only
				   read ones, 0: either */
	int64_t	 max_age;	/* only "age" up to this many days, or -1 */
};
void	 filter_needs(const struct filter *, struct filter_needs *);

/*
 * Compiles a POSIX extended regular expression (cflags as regcomp's, e.g.
 * REG_ICASE | REG_NOSUB; REG_EXTENDED is always added) after checking
 * FILTER_MAX_RX_LEN, that its nested repetition counts multiply out to
 * at most FILTER_MAX_RX_COST states ('+' counting 2), at most
 * FILTER_MAX_RX_OPT of them optional, and that it holds no
 * back-reference (their matching time is exponential). A pattern that
 * repeats a repetition ("a**", "(a*)*") is first compiled in a child
 * process given FILTER_RX_TRIAL_MS, and refused when it takes longer;
 * after FILTER_RX_TRIAL_FAILS such refusals, at once.
 * Returns 0, or -1 with regerror()'s words (or the limit) in err and
 * nothing to free.
 */
int	 filter_regcomp(regex_t *, const char *pattern, int cflags, char *err,
	    size_t errlen);

#endif
