/*
 * nbimport.h: taking over a newsboat cache: its articles' read and
 * flagged state, matched to tidings' articles by feed URL and guid, so a
 * newsboat user switches without reading everything again.
 *
 * newsboat's cache is only ever read (read-only open); nothing in it is
 * run or fetched.
 */
#ifndef TIDINGS_NBIMPORT_H
#define TIDINGS_NBIMPORT_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct urls;

struct nbimport_stats {
	int64_t	 articles;	/* in newsboat's cache */
	int64_t	 matched;	/* already in tidings' cache */
	int64_t	 added;		/* stored from newsboat's copy */
	int64_t	 read;		/* marked read */
	int64_t	 flagged;	/* flagged */
	int64_t	 other_feed;	/* of feeds not in the urls list: left */
	int64_t	 deleted;	/* deleted in newsboat: kept away */
};

/*
 * Reads newsboat's cache.db at path and, for every article of a feed in
 * u, finds it in s (by feed URL and guid; newsboat's guid "LINK" + date
 * for entries without one is matched by LINK) or stores newsboat's copy,
 * then marks it read when newsboat has it read and flagged when newsboat
 * has any flag. Never marks unread or unflags. An article deleted in
 * newsboat is remembered as deleted (it does not come back) unless tidings
 * already has it. One transaction; returns
 * 0, or -1 with err filled and s unchanged.
 */
int	 nbimport_cache(struct store *s, const char *path, const struct urls *u,
	    struct nbimport_stats *, char *err, size_t errlen);

#endif
