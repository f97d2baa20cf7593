/*
 * urls.c: reading the urls file (newsboat's syntax) and appending to it.
 *
 * The file is the user's: it is read whole (bounded), parsed line by line
 * into feeds and warnings, and only ever appended to, so comments, order
 * and everything tidings does not understand survive. It must never run a
 * command or fetch a URL it reads (exec: and filter: lines are only
 * reported; query: lines are kept as expressions), and never let a control character through into a title, tag
 * or message.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "filter.h"
#include "str.h"
#include "urls.h"
#include "util.h"

#define URLS_CLEAN	(STR_FOLD_SPACE | STR_TRIM)
#define URLS_SHOW_MAX	80	/* bytes of a URL quoted in a message */

struct urls *
urls_new(void)
{
	return xcalloc(1, sizeof(struct urls));
}

static void
urls_entry_free(struct urls_entry *e)
{
	size_t i;

	free(e->url);
	for (i = 0; i < e->n_tags; i++)
		free(e->tags[i]);
	free(e->tags);
	free(e->title);
}

void
urls_free(struct urls *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->n_entries; i++)
		urls_entry_free(&u->entries[i]);
	free(u->entries);
	for (i = 0; i < u->n_queries; i++) {
		struct urls_query *q = &u->queries[i];
		size_t j;

		free(q->name);
		free(q->expr);
		for (j = 0; j < q->n_tags; j++)
			free(q->tags[j]);
		free(q->tags);
	}
	free(u->queries);
	for (i = 0; i < u->n_warnings; i++)
		free(u->warnings[i].msg);
	free(u->warnings);
	free(u->index);
	free(u);
}

/* The URL hash: open addressing, linear probing, slots hold entry + 1. */
static uint64_t
urls_hash(const char *url)
{
	return util_hash64(url, strlen(url), 0);
}

static void
urls_index_put(size_t *index, size_t cap, const char *url, size_t entry)
{
	size_t i = (size_t)urls_hash(url) & (cap - 1);

	while (index[i] != 0)
		i = (i + 1) & (cap - 1);
	index[i] = entry + 1;
}

static void
urls_index_grow(struct urls *u)
{
	size_t cap, i;
	size_t *index;

	cap = u->index_cap ? u->index_cap * 2 : 64;
	index = xcalloc(cap, sizeof *index);
	for (i = 0; i < u->n_entries; i++)
		urls_index_put(index, cap, u->entries[i].url, i);
	free(u->index);
	u->index = index;
	u->index_cap = cap;
}

const struct urls_entry *
urls_find(const struct urls *u, const char *url)
{
	size_t i, cap = u->index_cap;

	if (cap == 0 || url == NULL)
		return NULL;
	i = (size_t)urls_hash(url) & (cap - 1);
	while (u->index[i] != 0) {
		const struct urls_entry *e = &u->entries[u->index[i] - 1];

		if (strcmp(e->url, url) == 0)
			return e;
		i = (i + 1) & (cap - 1);
	}
	return NULL;
}

void
urls_warn(struct urls *u, int line, enum urls_warn_kind kind,
    const char *fmt, ...)
{
	struct urls_warning *w;
	va_list ap;
	char msg[512];

	if (u->n_warnings >= URLS_MAX_WARNINGS) {
		u->n_warnings_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	u->warnings = xreallocarray(u->warnings, u->n_warnings + 1,
	    sizeof *u->warnings);
	w = &u->warnings[u->n_warnings++];
	w->line = line;
	w->kind = kind;
	w->msg = str_clean(msg, strlen(msg), URLS_CLEAN);
}

char *
urls_show(const char *s, size_t max)
{
	char *c;
	size_t n;

	if (s == NULL)
		return xstrdup("");
	c = str_clean(s, strlen(s), URLS_CLEAN);
	if (strlen(c) <= max)
		return c;
	/* Cut on a character boundary and say so. */
	n = max;
	while (n > 0 && ((unsigned char)c[n] & 0xc0) == 0x80)
		n--;
	c[n] = '\0';
	n = strlen(c);
	c = xrealloc(c, n + 4);
	memcpy(c + n, "...", 4);
	return c;
}

/* True if s holds nothing but characters that are safe inside a URL. */
static int
urls_chars_ok(const char *s, size_t n)
{
	uint32_t cp;
	size_t k;

	while (n > 0) {
		if ((unsigned char)*s <= 0x20 || *s == 0x7f || *s == '"')
			return 0;
		k = str_utf8_decode(s, n, &cp);
		if (k == 0 || str_is_unsafe(cp) || cp == 0xa0 ||
		    cp == 0xfeff)
			return 0;
		s += k;
		n -= k;
	}
	return 1;
}

enum urls_url_kind
urls_classify(const char *url)
{
	static const struct {
		const char *prefix;
		enum urls_url_kind kind;
	} special[] = {
		/* newsboat's prefixes are case-sensitive; so are these. */
		{ "query:", URLS_URL_QUERY },
		{ "exec:", URLS_URL_EXEC },
		{ "filter:", URLS_URL_FILTER },
		{ "|", URLS_URL_EXEC },
	}, schemes[] = {
		{ "http://", URLS_URL_HTTP },
		{ "https://", URLS_URL_HTTP },
		{ "file://", URLS_URL_FILE },
	};
	size_t i, len, plen;
	const char *rest;

	if (url == NULL)
		return URLS_URL_OTHER;
	for (i = 0; i < UTIL_ARRAY_LEN(special); i++)
		if (strncmp(url, special[i].prefix,
		    strlen(special[i].prefix)) == 0)
			return special[i].kind;
	len = strlen(url);
	for (i = 0; i < UTIL_ARRAY_LEN(schemes); i++) {
		plen = strlen(schemes[i].prefix);
		if (!str_has_prefix_ci(url, schemes[i].prefix))
			continue;
		rest = url + plen;
		if (len > URLS_MAX_LINE || !urls_chars_ok(url, len))
			return URLS_URL_BAD;
		/* http needs a host; file needs a path. */
		if (schemes[i].kind == URLS_URL_HTTP &&
		    (*rest == '\0' || strchr("/?#", *rest) != NULL))
			return URLS_URL_BAD;
		if (*rest == '\0')
			return URLS_URL_BAD;
		return schemes[i].kind;
	}
	return URLS_URL_OTHER;
}

/* Fills err saying why url cannot be a feed. */
static void
urls_refuse(const char *url, enum urls_url_kind kind, char *err,
    size_t errlen)
{
	char *show = urls_show(url, URLS_SHOW_MAX);

	if (kind == URLS_URL_BAD)
		util_errf(err, errlen, "\"%s\" is not a usable URL (empty, "
		    "too long, or with blanks, quotes or control characters)",
		    show);
	else
		util_errf(err, errlen, "\"%s\" is not an http, https or "
		    "file URL", show);
	free(show);
}

/* Is tag already among the n in tags? */
static int
urls_has_tag(char **tags, size_t n, const char *tag)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tags[i], tag) == 0)
			return 1;
	return 0;
}

int
urls_add(struct urls *u, const char *url, char *const *tags, size_t n_tags,
    const char *title, int hidden, int line, char *err, size_t errlen)
{
	struct urls_entry *e;
	enum urls_url_kind kind;
	size_t i;
	char *t;

	kind = urls_classify(url);
	if (kind != URLS_URL_HTTP && kind != URLS_URL_FILE) {
		urls_refuse(url, kind, err, errlen);
		return URLS_ERROR;
	}
	if (urls_find(u, url) != NULL)
		return URLS_DUPLICATE;
	if (u->n_entries >= URLS_MAX_ENTRIES) {
		util_errf(err, errlen, "more than %d feeds",
		    URLS_MAX_ENTRIES);
		return URLS_ERROR;
	}
	if (u->n_entries == u->entries_cap) {
		u->entries_cap = u->entries_cap ? u->entries_cap * 2 : 16;
		u->entries = xreallocarray(u->entries, u->entries_cap,
		    sizeof *u->entries);
	}
	e = &u->entries[u->n_entries];
	memset(e, 0, sizeof *e);
	e->url = xstrdup(url);
	e->hidden = hidden != 0;
	e->line = line;
	for (i = 0; i < n_tags && e->n_tags < URLS_MAX_TAGS; i++) {
		const char *s = tags[i];

		if (s == NULL)
			continue;
		/* Cleaning can uncover a '~' or '!' ("\x16~x") and dropping
		 * one can uncover white space ("~ ~x"): repeat till neither. */
		t = str_clean(s, strlen(s), URLS_CLEAN);
		while (*t == '~' || *t == '!') {
			char *rest = str_clean(t + 1, strlen(t + 1),
			    URLS_CLEAN);

			free(t);
			t = rest;
		}
		if (*t == '\0' || urls_has_tag(e->tags, e->n_tags, t)) {
			free(t);
			continue;
		}
		e->tags = xreallocarray(e->tags, e->n_tags + 1,
		    sizeof *e->tags);
		e->tags[e->n_tags++] = t;
	}
	if (title != NULL) {
		e->title = str_clean(title, strlen(title), URLS_CLEAN);
		if (*e->title == '\0') {
			free(e->title);
			e->title = NULL;
		}
	}
	if ((u->n_entries + 1) * 2 > u->index_cap)
		urls_index_grow(u);
	urls_index_put(u->index, u->index_cap, e->url, u->n_entries);
	u->n_entries++;
	return URLS_OK;
}

static int
urls_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Reads the next token of a line the way newsboat's tokenize_quoted()
 * does: blanks separate tokens; a token starting with '#' ends the line;
 * a token starting with '"' runs to the next unescaped '"' (or the end of
 * the line) with \n \r \t \" \\ escapes, and \` kept as written.
 * Returns 0 when the line has no more tokens.
 */
static int
urls_next_token(const char **pp, const char *end, struct buf *out)
{
	const char *p = *pp;

	buf_reset(out);
	buf_append(out, "", 0);
	while (p < end && urls_is_blank(*p))
		p++;
	if (p == end || *p == '#') {
		*pp = end;
		return 0;
	}
	if (*p != '"') {
		while (p < end && !urls_is_blank(*p))
			buf_putc(out, *p++);
		*pp = p;
		return 1;
	}
	for (p++; p < end && *p != '"'; p++) {
		if (*p != '\\') {
			buf_putc(out, *p);
			continue;
		}
		if (++p == end)
			break;
		switch (*p) {
		case 'n':
			buf_putc(out, '\n');
			break;
		case 'r':
			buf_putc(out, '\r');
			break;
		case 't':
			buf_putc(out, '\t');
			break;
		case '`':
			buf_puts(out, "\\`");
			break;
		default:
			buf_putc(out, *p);
			break;
		}
	}
	if (p < end)
		p++;		/* the closing quote */
	*pp = p;
	return 1;
}

/* Warns about a first token that is not a feed tidings can fetch. */
static void
urls_warn_kind(struct urls *u, int line, enum urls_url_kind kind,
    const char *url)
{
	char *show = urls_show(url, URLS_SHOW_MAX);

	switch (kind) {
	case URLS_URL_EXEC:
		urls_warn(u, line, URLS_WARN_EXEC, "%s feeds are not "
		    "supported; ignored", *url == '|' ? "|command" : "exec:");
		break;
	case URLS_URL_FILTER:
		urls_warn(u, line, URLS_WARN_FILTER,
		    "filter: feeds are not supported; ignored");
		break;
	case URLS_URL_BAD:
		urls_warn(u, line, URLS_WARN_BAD_URL, "\"%s\" is not a "
		    "usable URL (empty, too long, or with blanks, quotes or "
		    "control characters); ignored", show);
		break;
	default:
		urls_warn(u, line, URLS_WARN_SCHEME, "\"%s\": only http, "
		    "https and file URLs are supported; ignored", show);
		break;
	}
	free(show);
}

/*
 * Adds a query feed from its first token ("query:Name:expression") and
 * the tags after it; a bad expression is a warning with its column.
 */
static void
urls_add_query(struct urls *u, const char *tok, char **tags, size_t n_tags,
    int hidden, int line)
{
	const char *name = tok + strlen("query:"), *colon;
	struct urls_query *q;
	struct filter *f;
	char err[256];
	size_t i;

	colon = strchr(name, ':');
	if (colon == NULL || colon == name) {
		urls_warn(u, line, URLS_WARN_QUERY, "a query feed is "
		    "\"query:Name:expression\"; ignored");
		return;
	}
	if ((f = filter_parse(colon + 1, err, sizeof err)) == NULL) {
		urls_warn(u, line, URLS_WARN_QUERY, "query feed: %s; ignored",
		    err);
		return;
	}
	filter_free(f);
	if (u->n_queries >= URLS_MAX_QUERIES) {
		urls_warn(u, line, URLS_WARN_LIMIT, "more than %d query "
		    "feeds; ignored", URLS_MAX_QUERIES);
		return;
	}
	u->queries = xreallocarray(u->queries, u->n_queries + 1,
	    sizeof *u->queries);
	q = &u->queries[u->n_queries];
	memset(q, 0, sizeof *q);
	q->name = str_clean(name, (size_t)(colon - name), URLS_CLEAN);
	if (*q->name == '\0') {
		free(q->name);
		urls_warn(u, line, URLS_WARN_QUERY, "a query feed needs a "
		    "name; ignored");
		return;
	}
	q->expr = xstrdup(colon + 1);
	q->hidden = hidden;
	q->line = line;
	q->pos = u->n_entries;
	for (i = 0; i < n_tags; i++) {
		char *t = str_clean(tags[i], strlen(tags[i]), URLS_CLEAN);

		if (*t == '\0' || urls_has_tag(q->tags, q->n_tags, t)) {
			free(t);
			continue;
		}
		q->tags = xreallocarray(q->tags, q->n_tags + 1,
		    sizeof *q->tags);
		q->tags[q->n_tags++] = t;
	}
	u->n_queries++;
}

/* Parses one line (without its newline) into u. */
static void
urls_parse_line(struct urls *u, const char *s, size_t n, int line)
{
	struct buf tok;
	const char *p = s, *end = s + n;
	const struct urls_entry *first;
	enum urls_url_kind kind;
	char *url = NULL, *title = NULL;
	char **tags = NULL;
	size_t n_tags = 0, i;
	int hidden = 0, too_many = 0;
	char err[256];

	buf_init(&tok, 0);
	if (memchr(s, '\0', n) != NULL) {
		urls_warn(u, line, URLS_WARN_BAD_URL, "line holds a NUL byte; "
		    "ignored");
		goto out;
	}
	if (!urls_next_token(&p, end, &tok))
		goto out;
	url = buf_detach(&tok);
	kind = urls_classify(url);
	if (kind != URLS_URL_HTTP && kind != URLS_URL_FILE &&
	    kind != URLS_URL_QUERY) {
		urls_warn_kind(u, line, kind, url);
		goto out;
	}
	if (kind != URLS_URL_QUERY && (first = urls_find(u, url)) != NULL) {
		char *show = urls_show(url, URLS_SHOW_MAX);

		urls_warn(u, line, URLS_WARN_DUPLICATE, "\"%s\" is already "
		    "listed on line %d; ignored", show, first->line);
		free(show);
		goto out;
	}
	while (urls_next_token(&p, end, &tok)) {
		const char *t = buf_str(&tok);

		if (*t == '~') {
			if (title == NULL && !str_is_blank(t + 1))
				title = xstrdup(t + 1);
		} else if (*t == '!') {
			hidden = 1;
		} else if (n_tags >= URLS_MAX_TAGS) {
			too_many = 1;
		} else {
			tags = xreallocarray(tags, n_tags + 1, sizeof *tags);
			tags[n_tags++] = xstrdup(t);
		}
	}
	if (too_many)
		urls_warn(u, line, URLS_WARN_LIMIT, "more than %d tags; the "
		    "rest are ignored", URLS_MAX_TAGS);
	if (kind == URLS_URL_QUERY) {
		urls_add_query(u, url, tags, n_tags, hidden, line);
		goto out;
	}
	if (urls_add(u, url, tags, n_tags, title, hidden, line, err,
	    sizeof err) == URLS_ERROR && !u->full_warned) {
		u->full_warned = 1;
		urls_warn(u, line, URLS_WARN_LIMIT, "%s; the rest are "
		    "ignored", err);
	}
out:
	for (i = 0; i < n_tags; i++)
		free(tags[i]);
	free(tags);
	free(title);
	free(url);
	buf_free(&tok);
}

struct urls *
urls_parse(const char *text, size_t len)
{
	struct urls *u = urls_new();
	const char *p = text, *end = text + len, *nl;
	size_t n;
	int line = 0;

	if (text == NULL)
		return u;
	/* A UTF-8 byte order mark is not part of the first URL. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (nl != NULL ? nl : end) - p;
		if (n > URLS_MAX_LINE)
			urls_warn(u, line, URLS_WARN_LONG_LINE, "line longer "
			    "than %d bytes; ignored", URLS_MAX_LINE);
		else if (u->full_warned)
			;	/* Keep counting lines, nothing more. */
		else
			urls_parse_line(u, p, n, line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return u;
}

/*
 * Reads the whole of an open file, at most max bytes. Returns 0, or -1
 * with err filled (a bigger file is an error, not a truncation).
 */
static int
urls_read_fd(int fd, const char *path, size_t max, struct buf *b, char *err,
    size_t errlen)
{
	char chunk[65536];
	ssize_t r;

	buf_init(b, max);
	buf_append(b, "", 0);
	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r == 0)
			return 0;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			util_errf(err, errlen, "%s: %s", path,
			    strerror(errno));
			buf_free(b);
			return -1;
		}
		if (buf_append(b, chunk, (size_t)r) == -1) {
			util_errf(err, errlen, "%s: larger than %zu MiB",
			    path, max / (1024 * 1024));
			buf_free(b);
			return -1;
		}
	}
}

/* Checks that fd is a regular file. */
static int
urls_check_regular(int fd, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		util_errf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	return 0;
}

int
urls_load(const char *path, struct urls **out, char *err, size_t errlen)
{
	struct buf b;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		if (errno == ENOENT)
			return URLS_MISSING;
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		return URLS_ERROR;
	}
	if (urls_check_regular(fd, path, err, errlen) == -1 ||
	    urls_read_fd(fd, path, URLS_MAX_FILE, &b, err, errlen) == -1) {
		close(fd);
		return URLS_ERROR;
	}
	close(fd);
	*out = urls_parse(b.data, b.len);
	buf_free(&b);
	return URLS_OK;
}

/* Does s need quotes to come back as the same single token? */
static int
urls_needs_quotes(const char *s)
{
	if (*s == '\0' || *s == '#' || *s == '"' || *s == '~' || *s == '!')
		return 1;
	for (; *s != '\0'; s++)
		if (urls_is_blank(*s) || *s == '"' || *s == '\\')
			return 1;
	return 0;
}

static void
urls_put_quoted(struct buf *b, const char *prefix, const char *s)
{
	buf_putc(b, '"');
	buf_puts(b, prefix);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

char *
urls_format_line(const struct urls_entry *e)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_puts(&b, e->url);
	for (i = 0; i < e->n_tags; i++) {
		buf_putc(&b, ' ');
		if (urls_needs_quotes(e->tags[i]))
			urls_put_quoted(&b, "", e->tags[i]);
		else
			buf_puts(&b, e->tags[i]);
	}
	if (e->title != NULL) {
		buf_putc(&b, ' ');
		urls_put_quoted(&b, "~", e->title);
	}
	if (e->hidden)
		buf_puts(&b, " \"!\"");
	return buf_detach(&b);
}

/* mkdir -p for the directories above path; 0 or -1 with err. */
static int
urls_make_parents(const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *dir = xstrdup(path), *p;
	char c;
	int saved;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && (saved = errno) != EEXIST &&
		    (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode))) {
			util_errf(err, errlen, "%s: %s", dir, strerror(saved));
			free(dir);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return 0;
}

static int
urls_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
urls_append_entries(const char *path, const struct urls_entry *entries,
    size_t n, size_t *added, size_t *duplicates, char *err, size_t errlen)
{
	struct buf old, out;
	struct urls *have = NULL;
	const char *eol = "\n";
	size_t i, n_added = 0, n_dups = 0;
	enum urls_url_kind kind;
	int fd, rc = URLS_ERROR;
	char *line;

	if (added != NULL)
		*added = 0;
	if (duplicates != NULL)
		*duplicates = 0;
	for (i = 0; i < n; i++) {
		kind = urls_classify(entries[i].url);
		if (kind == URLS_URL_HTTP || kind == URLS_URL_FILE)
			continue;
		urls_refuse(entries[i].url, kind, err, errlen);
		return URLS_ERROR;
	}
	if (urls_make_parents(path, err, errlen) == -1)
		return URLS_ERROR;
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
	    0600);
	if (fd == -1) {
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		return URLS_ERROR;
	}
	buf_init(&out, 0);
	if (urls_check_regular(fd, path, err, errlen) == -1 ||
	    urls_read_fd(fd, path, URLS_MAX_FILE, &old, err, errlen) == -1)
		goto out;
	have = urls_parse(old.data, old.len);
	/* Keep the file's line ending; end its last line first. */
	if (old.len >= 2 && memcmp(old.data + old.len - 2, "\r\n", 2) == 0)
		eol = "\r\n";
	if (old.len > 0 && old.data[old.len - 1] != '\n') {
		if (old.len >= 1 && old.data[old.len - 1] == '\r')
			buf_puts(&out, "\n");
		else
			buf_puts(&out, eol);
	}
	buf_free(&old);
	for (i = 0; i < n; i++) {
		const struct urls_entry *e = &entries[i];

		if (urls_find(have, e->url) != NULL) {
			n_dups++;
			continue;
		}
		if (urls_add(have, e->url, e->tags, e->n_tags, e->title,
		    e->hidden, 0, err, errlen) != URLS_OK)
			goto out;
		line = urls_format_line(&have->entries[have->n_entries - 1]);
		buf_puts(&out, line);
		buf_puts(&out, eol);
		free(line);
		n_added++;
	}
	if (n_added > 0 && urls_write_all(fd, out.data, out.len) == -1) {
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		util_errf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (added != NULL)
		*added = n_added;
	if (duplicates != NULL)
		*duplicates = n_dups;
	rc = URLS_OK;
out:
	if (fd != -1)
		close(fd);
	buf_free(&out);
	urls_free(have);
	return rc;
}

int
urls_append(const char *path, const char *url, char *const *tags,
    size_t n_tags, const char *title, char *err, size_t errlen)
{
	struct urls_entry e;
	size_t added;
	int rc;
	char *show;

	memset(&e, 0, sizeof e);
	e.url = (char *)url;
	e.tags = (char **)tags;
	e.n_tags = n_tags;
	e.title = (char *)title;
	rc = urls_append_entries(path, &e, 1, &added, NULL, err, errlen);
	if (rc == URLS_OK && added == 0) {
		show = urls_show(url, URLS_SHOW_MAX);
		util_errf(err, errlen, "\"%s\" is already in %s", show, path);
		free(show);
		return URLS_DUPLICATE;
	}
	return rc;
}

/*
 * --- urls_add_line: one feed added by replacing the file atomically ---
 *
 * Kept apart from urls_append_entries (OPML import), which appends in
 * place: here the old bytes and the new line go to a temporary file in
 * the same directory, synced and renamed over the old one, so a crash or
 * a full disk leaves the old file or the new one, never half a line.
 */

/* The file a path names after symbolic links, or a copy of path. */
static char *
urls_target(const char *path)
{
	struct stat st;
	char *r;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (r = realpath(path, NULL)) != NULL)
		return r;
	return xstrdup(path);
}

static int
urls_sync_dir(const char *file)
{
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	int fd, rc = 0;

	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc;
}

int
urls_add_line(const char *path, const struct urls_entry *e, char *err,
    size_t errlen)
{
	struct buf old, out;
	struct urls *have = NULL;
	struct stat st;
	const char *eol = "\n";
	char *target, *tmp = NULL, *line, *show;
	mode_t mode = 0600;
	enum urls_url_kind kind;
	int fd = -1, rc = URLS_ERROR;

	kind = urls_classify(e->url);
	if (kind != URLS_URL_HTTP && kind != URLS_URL_FILE) {
		urls_refuse(e->url, kind, err, errlen);
		return URLS_ERROR;
	}
	target = urls_target(path);
	buf_init(&out, 0);
	buf_init(&old, URLS_MAX_FILE);
	if ((fd = open(target, O_RDONLY | O_CLOEXEC | O_NOCTTY)) != -1) {
		if (urls_check_regular(fd, target, err, errlen) == -1 ||
		    fstat(fd, &st) == -1 ||
		    urls_read_fd(fd, target, URLS_MAX_FILE, &old, err,
		    errlen) == -1)
			goto out;
		mode = st.st_mode & 07777;
		close(fd);
		fd = -1;
	} else if (errno != ENOENT) {
		util_errf(err, errlen, "%s: %s", target, strerror(errno));
		goto out;
	} else if (urls_make_parents(target, err, errlen) == -1)
		goto out;
	have = urls_parse(old.data != NULL ? old.data : "", old.len);
	if (urls_find(have, e->url) != NULL) {
		show = urls_show(e->url, URLS_SHOW_MAX);
		util_errf(err, errlen, "\"%s\" is already in %s", show, path);
		free(show);
		rc = URLS_DUPLICATE;
		goto out;
	}
	if (urls_add(have, e->url, e->tags, e->n_tags, e->title, e->hidden,
	    0, err, errlen) != URLS_OK)
		goto out;
	if (old.len >= 2 && memcmp(old.data + old.len - 2, "\r\n", 2) == 0)
		eol = "\r\n";
	if (old.len > 0)
		buf_append(&out, old.data, old.len);
	if (old.len > 0 && old.data[old.len - 1] != '\n')
		buf_puts(&out, old.data[old.len - 1] == '\r' ? "\n" : eol);
	line = urls_format_line(&have->entries[have->n_entries - 1]);
	buf_puts(&out, line);
	buf_puts(&out, eol);
	free(line);

	tmp = xasprintf("%s.tidings-XXXXXX", target);
	if ((fd = mkstemp(tmp)) == -1) {
		util_errf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, mode) == -1 ||
	    urls_write_all(fd, out.data, out.len) == -1 || fsync(fd) == -1) {
		util_errf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		util_errf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, target) == -1) {
		util_errf(err, errlen, "%s: %s", target, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	urls_sync_dir(target);
	rc = URLS_OK;
out:
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	buf_free(&old);
	buf_free(&out);
	urls_free(have);
	free(target);
	return rc;
}
