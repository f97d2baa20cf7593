/*
 * feed_json.c: JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)
 * into the feed model.
 *
 * The document is read whole by json_parse() (the caller bounds it by
 * FEED_MAX_JSON); every string that reaches the model passes through
 * str_clean() or feed_text_from_html(), every URL through
 * feed_resolve_url(). Must never keep a pointer into the JSON tree, and
 * never trust a value's type: any member may be missing or of any type.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "json.h"
#include "str.h"
#include "util.h"

_Static_assert(JSON_MAX_STRING == FEED_MAX_BODY,
    "a JSON string may be as long as a feed body");

#define TITLE_FLAGS	(STR_FOLD_SPACE | STR_TRIM)
#define BODY_FLAGS	(STR_KEEP_NEWLINES | STR_TRIM)

/* Length of s cut to at most max bytes without splitting a character. */
static size_t
feed_json_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* A cleaned copy of string v (at most max bytes), or NULL if none. */
static char *
feed_json_text(const struct json *v, int flags, size_t max)
{
	const char *s = json_str(v);
	char *r;

	if (s == NULL)
		return NULL;
	r = str_clean(s, feed_json_cut(s, json_str_len(v), max), flags);
	if (*r == '\0') {
		free(r);
		return NULL;
	}
	return r;
}

/* A one-line plain-text copy of v: titles and names, HTML reduced. */
static char *
feed_json_title(const struct json *v)
{
	const char *s = json_str(v);
	char *cut, *r;

	if (s == NULL)
		return NULL;
	if (strchr(s, '<') == NULL && strchr(s, '&') == NULL)
		return feed_json_text(v, TITLE_FLAGS, FEED_MAX_FIELD);
	cut = xstrndup(s, feed_json_cut(s, json_str_len(v), FEED_MAX_FIELD));
	r = feed_text_from_html(cut);
	free(cut);
	if (r != NULL && *r == '\0') {
		free(r);
		r = NULL;
	}
	return r;
}

/* String v as an absolute URL against base, or NULL. */
static char *
feed_json_url(const char *base, const struct json *v)
{
	const char *s = json_str(v);

	if (s == NULL || json_str_len(v) > FEED_MAX_FIELD)
		return NULL;
	return feed_resolve_url(base, s);
}

/* Replaces *field with val when val is not NULL. */
static void
feed_json_set(char **field, char *val)
{
	if (val == NULL)
		return;
	free(*field);
	*field = val;
}

/* An author object's name (else its URL), or a bare string. */
static char *
feed_json_author_name(const struct json *a)
{
	char *name;

	if (json_type(a) == JSON_STRING)
		return feed_json_title(a);
	if ((name = feed_json_title(json_get(a, "name"))) != NULL)
		return name;
	return feed_json_text(json_get(a, "url"), TITLE_FLAGS,
	    FEED_MAX_FIELD);
}

/* Adds the names of obj's "authors" (1.1), else of its "author" (1.0). */
static void
feed_json_authors(const struct json *obj, char ***list, size_t *n)
{
	const struct json *authors = json_get(obj, "authors");
	char *name;
	size_t i;

	if (json_type(authors) == JSON_ARRAY) {
		for (i = 0; i < json_len(authors); i++) {
			name = feed_json_author_name(json_at(authors, i));
			feed_list_add(list, n, name);
			free(name);
		}
	}
	if (*n > 0)
		return;
	name = feed_json_author_name(json_get(obj, "author"));
	feed_list_add(list, n, name);
	free(name);
}

/* A number (integer or not) or a string of digits, as bytes; else -1. */
static int64_t
feed_json_length(const struct json *v)
{
	const char *s;
	int64_t n = 0;
	double d;

	if (json_int(v, &n) == 0)
		return n >= 0 ? n : -1;
	if (json_type(v) == JSON_NUMBER) {
		d = json_num(v);
		return (isfinite(d) && d >= 0 && d < 9e18) ? (int64_t)d : -1;
	}
	if ((s = json_str(v)) == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || n > (INT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

/* An item id: a string as given (trimmed), or a number written out. */
static char *
feed_json_id(const struct json *v)
{
	struct buf b;
	int64_t i;

	if (json_type(v) == JSON_STRING)
		return feed_json_text(v, STR_TRIM, FEED_MAX_FIELD);
	if (json_type(v) != JSON_NUMBER)
		return NULL;
	buf_init(&b, 64);
	if (json_int(v, &i) == 0)
		json_put_int(&b, i);
	else if (isfinite(json_num(v)))
		json_put_num(&b, json_num(v));
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static int64_t
feed_json_date(const struct json *v)
{
	const char *s = json_str(v);

	if (s == NULL || json_str_len(v) > 256)
		return DATE_NONE;
	return date_parse(s);
}

static void
feed_json_attachments(struct feed_item *it, const char *base,
    const struct json *list)
{
	const struct json *a;
	char *url, *type;
	double secs;
	size_t i;

	if (json_type(list) != JSON_ARRAY)
		return;
	for (i = 0; i < json_len(list); i++) {
		a = json_at(list, i);
		if ((url = feed_json_url(base, json_get(a, "url"))) == NULL)
			continue;
		type = feed_json_text(json_get(a, "mime_type"), TITLE_FLAGS,
		    FEED_MAX_FIELD);
		feed_add_enclosure(it, url, type,
		    feed_json_length(json_get(a, "size_in_bytes")));
		free(url);
		free(type);
		secs = json_num(json_get(a, "duration_in_seconds"));
		if (it->duration == NULL && isfinite(secs) && secs >= 1 &&
		    secs < 1e9)
			it->duration = xasprintf("%lld",
			    (long long)(secs + 0.5));
	}
}

static struct feed_item *
feed_json_item(const struct json *o, const char *base,
    char **feed_authors, size_t n_feed_authors)
{
	struct feed_item *it = feed_item_new();
	const struct json *tags;
	char *s;
	size_t i;

	it->guid = feed_json_id(json_get(o, "id"));
	it->link = feed_json_url(base, json_get(o, "url"));
	if (it->link == NULL)
		it->link = feed_json_url(base, json_get(o, "external_url"));
	it->title = feed_json_title(json_get(o, "title"));
	it->content = feed_json_text(json_get(o, "content_html"), BODY_FLAGS,
	    FEED_MAX_BODY);
	if (it->content != NULL)
		it->content_type = FEED_CONTENT_HTML;
	else if ((it->content = feed_json_text(json_get(o, "content_text"),
	    BODY_FLAGS, FEED_MAX_BODY)) != NULL)
		it->content_type = FEED_CONTENT_TEXT;
	it->summary = feed_json_text(json_get(o, "summary"), BODY_FLAGS,
	    FEED_MAX_BODY);
	if (it->summary != NULL)
		it->summary_type = FEED_CONTENT_TEXT;
	it->image = feed_json_url(base, json_get(o, "image"));
	if (it->image == NULL)
		it->image = feed_json_url(base, json_get(o, "banner_image"));
	it->published = feed_json_date(json_get(o, "date_published"));
	it->updated = feed_json_date(json_get(o, "date_modified"));

	/* The item's own authors, else the feed's. */
	feed_json_authors(o, &it->authors, &it->n_authors);
	if (it->n_authors == 0)
		for (i = 0; i < n_feed_authors; i++)
			feed_list_add(&it->authors, &it->n_authors,
			    feed_authors[i]);

	tags = json_get(o, "tags");
	for (i = 0; json_type(tags) == JSON_ARRAY && i < json_len(tags); i++) {
		s = feed_json_text(json_at(tags, i), TITLE_FLAGS,
		    FEED_MAX_FIELD);
		feed_list_add(&it->categories, &it->n_categories, s);
		free(s);
	}
	feed_json_attachments(it, base, json_get(o, "attachments"));
	return it;
}

/*
 * "https://jsonfeed.org/version/1" and "1.0" are 1.0; "…/version/1.1",
 * "1.1" and anything later are 1.1. Without a version, "authors" hints 1.1.
 */
static enum feed_format
feed_json_format(const char *version, const struct json *root)
{
	const char *v, *slash;

	if (version == NULL)
		return json_get(root, "authors") != NULL ?
		    FEED_FORMAT_JSON11 : FEED_FORMAT_JSON10;
	v = (slash = strrchr(version, '/')) != NULL ? slash + 1 : version;
	if (v[0] == '1' && (v[1] == '\0' || (v[1] == '.' && v[2] == '0' &&
	    v[3] == '\0')))
		return FEED_FORMAT_JSON10;
	if (v[0] >= '1' && v[0] <= '9')
		return FEED_FORMAT_JSON11;
	return FEED_FORMAT_JSON10;
}

/* The base for relative URLs: feed_url when absolute, else the document's. */
static char *
feed_json_base(const char *url, const struct json *root)
{
	char *feed_url = feed_json_url(url, json_get(root, "feed_url"));

	if (feed_url != NULL && strstr(feed_url, "://") != NULL)
		return feed_url;
	free(feed_url);
	return url != NULL ? xstrdup(url) : NULL;
}

int
feed_json_parse(struct feed *f, const char *data, size_t len,
    const char *url, feed_item_cb cb, void *arg, char *err, size_t errlen)
{
	struct json *root;
	const struct json *items, *o;
	const char *version;
	struct feed_item *it;
	char **authors = NULL, *base;
	size_t n_authors = 0, i;
	int64_t d, newest = DATE_NONE;

	if ((root = json_parse(data, len, err, errlen)) == NULL)
		return -1;
	if (json_type(root) != JSON_OBJECT) {
		util_errf(err, errlen, "not a JSON Feed: the document is not "
		    "a JSON object");
		json_free(root);
		return -1;
	}
	version = json_str(json_get(root, "version"));
	items = json_get(root, "items");
	if ((version == NULL || strstr(version, "jsonfeed.org") == NULL) &&
	    json_type(items) != JSON_ARRAY) {
		util_errf(err, errlen, "not a JSON Feed: no \"version\" naming "
		    "jsonfeed.org and no \"items\" array");
		json_free(root);
		return -1;
	}

	f->format = feed_json_format(version, root);
	base = feed_json_base(url, root);
	feed_json_set(&f->title, feed_json_title(json_get(root, "title")));
	feed_json_set(&f->link, feed_json_url(base,
	    json_get(root, "home_page_url")));
	feed_json_set(&f->description, feed_json_text(json_get(root,
	    "description"), BODY_FLAGS, FEED_MAX_FIELD));
	feed_json_set(&f->language, feed_json_text(json_get(root,
	    "language"), TITLE_FLAGS, FEED_MAX_FIELD));
	feed_json_set(&f->image, feed_json_url(base, json_get(root, "icon")));
	if (f->image == NULL)
		f->image = feed_json_url(base, json_get(root, "favicon"));
	feed_json_authors(root, &authors, &n_authors);
	if (n_authors > 0)
		feed_json_set(&f->author, xstrdup(authors[0]));

	for (i = 0; json_type(items) == JSON_ARRAY && i < json_len(items);
	    i++) {
		o = json_at(items, i);
		if (json_type(o) != JSON_OBJECT)
			continue;
		it = feed_json_item(o, base, authors, n_authors);
		feed_item_finish(it);
		d = it->updated != DATE_NONE ? it->updated : it->published;
		/* A stop asked by the callback is not an error (as in XML). */
		if (cb != NULL) {
			if (cb(arg, f, it) == -1)
				break;
		} else if (feed_add_item(f, it) == -1)
			break;		/* FEED_MAX_ITEMS: keep what we have */
		if (d != DATE_NONE && (newest == DATE_NONE || d > newest))
			newest = d;
	}

	/* JSON Feed has no date of its own: its newest item's stands in. */
	if (f->updated == DATE_NONE)
		f->updated = newest;
	for (i = 0; i < n_authors; i++)
		free(authors[i]);
	free(authors);
	free(base);
	json_free(root);
	return 0;
}
