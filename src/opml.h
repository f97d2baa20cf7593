/*
 * opml.h: OPML 1.0/2.0 subscription lists in and out.
 *
 * Import turns every feed outline into a urls entry: the URL (xmlUrl, or
 * url on an outline of type rss/atom), the title (text, else title), and
 * tags: one per enclosing folder outline (its text, else title) plus the
 * comma-separated category attribute. An OPML file is hostile input: an
 * entry is only ever an http or https URL to fetch; exec:, filter:,
 * query:, "|command", filtercmd, file:, javascript: and every other scheme
 * are reported and left out. Never loads external entities or DTDs, never
 * expands a declared entity, and never touches the network.
 *
 * Export writes OPML 2.0: a flat list of outlines (type="rss", text and
 * title, xmlUrl) whose tags go into category="a,b" the way newsboat writes
 * and reads them, so the list round-trips through both importers.
 */
#ifndef TIDINGS_OPML_H
#define TIDINGS_OPML_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "urls.h"

#define OPML_MAX_SIZE	(16 * 1024 * 1024)	/* largest OPML read */
#define OPML_MAX_DEPTH	64			/* folder nesting followed */

struct opml {
	char	*title;		/* <head><title>, clean; NULL if none */
	struct urls *feeds;	/* the feeds, first of each URL; each
				   entry's line is its outline's line;
				   warnings say what was left out */
	size_t	 n_duplicates;	/* outlines repeating an earlier URL */
	size_t	 n_ignored;	/* outlines that were not usable feeds */
};

/*
 * Parses len bytes of OPML into *out (caller frees with opml_free).
 * Mild breakage is recovered from. Returns 0, or -1 with err filled when
 * the data is too big, is not XML, has no <opml> root or no <body>.
 */
int	 opml_parse(const char *data, size_t len, struct opml **out,
	    char *err, size_t errlen);
/* Reads the file at path (at most OPML_MAX_SIZE) and parses it. */
int	 opml_import_file(const char *path, struct opml **out, char *err,
	    size_t errlen);
void	 opml_free(struct opml *);

/* What importing an OPML into an existing urls list would do. */
struct opml_merge {
	struct urls *add;	/* the feeds to append, in OPML order */
	size_t	 n_duplicates;	/* already listed, or repeated in the OPML */
	size_t	 n_ignored;	/* outlines that were not usable feeds */
};

/*
 * Fills *m with the OPML's feeds whose URL is not in existing (which may
 * be NULL). Pass m->add->entries to urls_append_entries(). Free with
 * opml_merge_free().
 */
void	 opml_merge(const struct urls *existing, const struct opml *,
	    struct opml_merge *m);
void	 opml_merge_free(struct opml_merge *);
/* "added 12 feeds, skipped 3 duplicates, ignored 1 non-feed entry". */
char	*opml_report(size_t added, size_t duplicates, size_t ignored);

/*
 * Writes u as OPML 2.0 to out: dateCreated is now (UTC seconds) in RFC
 * 822 form; each http/https feed is one outline with text and title (the
 * custom title, else title_of's answer, else empty), xmlUrl and category
 * (its tags, a ',' inside a tag written as '_', and "!" when hidden).
 * file: feeds are left out: their paths mean nothing elsewhere.
 * title_of (may be NULL) returns the title for a feed with no custom
 * title, e.g. the one the feed itself gives, or NULL; it is borrowed.
 * Returns the number of feeds written, or -1 with err filled.
 */
int	 opml_export(FILE *out, const struct urls *u,
	    const char *(*title_of)(void *arg, const struct urls_entry *),
	    void *arg, int64_t now, char *err, size_t errlen);

#endif
