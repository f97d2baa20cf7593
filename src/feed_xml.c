/*
 * feed_xml.c: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 on libxml2's SAX2 push
 * parser, so a feed is read as its bytes arrive and no document tree is
 * ever built.
 *
 * Before libxml2 sees the bytes, a small filter makes real-world breakage
 * readable: leading white space before "<?xml" is dropped, HTML entities
 * (&nbsp;, &eacute;...) become character references and a bare '&' becomes
 * "&amp;". libxml2 runs in recovery mode with no network, no DTD loading and
 * no external entities. Must never fetch anything or expand an external
 * entity.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "buf.h"
#include "feed.h"
#include "feed_xml.h"
#include "str.h"
#include "util.h"

enum ns {
	NS_NONE,
	NS_RSS10,
	NS_RSS090,
	NS_RDF,
	NS_ATOM10,
	NS_ATOM03,
	NS_CONTENT,
	NS_DC,
	NS_DCTERMS,
	NS_MEDIA,
	NS_ITUNES,
	NS_XHTML,
	NS_FEEDBURNER,
	NS_WFW,
	NS_OTHER,
};

static const struct {
	const char	*uri;
	const char	*prefix;	/* for documents that forgot xmlns */
	enum ns		 ns;
} namespaces[] = {
	{ "http://purl.org/rss/1.0/", NULL, NS_RSS10 },
	{ "http://my.netscape.com/rdf/simple/0.9/", NULL, NS_RSS090 },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf", NS_RDF },
	{ "http://www.w3.org/2005/Atom", "atom", NS_ATOM10 },
	{ "http://purl.org/atom/ns#", NULL, NS_ATOM03 },
	{ "http://purl.org/rss/1.0/modules/content/", "content", NS_CONTENT },
	{ "http://purl.org/dc/elements/1.1/", "dc", NS_DC },
	{ "http://purl.org/dc/terms/", "dcterms", NS_DCTERMS },
	{ "http://search.yahoo.com/mrss/", "media", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NULL, NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes", NS_ITUNES },
	{ "http://www.itunes.com/DTDs/Podcast-1.0.dtd", NULL, NS_ITUNES },
	{ "http://www.w3.org/1999/xhtml", "xhtml", NS_XHTML },
	{ "http://rssnamespace.org/feedburner/ext/1.0", "feedburner",
	    NS_FEEDBURNER },
	{ "http://wellformedweb.org/CommentAPI/", "wfw", NS_WFW },
};

/* What an element means where it stands. */
enum key {
	K_OTHER,
	K_TITLE,
	K_LINK,
	K_DESCRIPTION,		/* RSS description, Atom 0.3 tagline */
	K_SUBTITLE,
	K_SUMMARY,		/* Atom summary */
	K_CONTENT,		/* Atom content */
	K_CONTENT_ENCODED,
	K_XHTML_BODY,
	K_GUID,
	K_ID,
	K_PUBDATE,
	K_LASTBUILDDATE,
	K_DC_DATE,
	K_PUBLISHED,		/* Atom published, issued, created */
	K_UPDATED,		/* Atom updated, modified, dcterms:modified */
	K_AUTHOR,		/* RSS author or Atom author/contributor */
	K_DC_CREATOR,
	K_ITUNES_AUTHOR,
	K_MANAGING_EDITOR,
	K_WEBMASTER,
	K_NAME,
	K_EMAIL,
	K_URI,
	K_CATEGORY,
	K_DC_SUBJECT,
	K_COMMENTS,
	K_ENCLOSURE,
	K_LANGUAGE,
	K_IMAGE,
	K_URL,
	K_LOGO,
	K_ICON,
	K_ITUNES_IMAGE,
	K_ITUNES_SUMMARY,
	K_ITUNES_DURATION,
	K_MEDIA_CONTENT,
	K_MEDIA_THUMBNAIL,
	K_MEDIA_DESCRIPTION,
	K_ORIGLINK,
	K_ITEM,
	K_ENTRY,
	K_CHANNEL,
	K_SOURCE,		/* Atom source: its fields are not the entry's */
	K_TEXTINPUT,
};

static const struct {
	enum ns		 ns;
	const char	*name;
	enum key	 key;
} keys[] = {
	{ NS_NONE, "title", K_TITLE },
	{ NS_NONE, "link", K_LINK },
	{ NS_NONE, "description", K_DESCRIPTION },
	{ NS_NONE, "guid", K_GUID },
	{ NS_NONE, "pubDate", K_PUBDATE },
	{ NS_NONE, "lastBuildDate", K_LASTBUILDDATE },
	{ NS_NONE, "author", K_AUTHOR },
	{ NS_NONE, "managingEditor", K_MANAGING_EDITOR },
	{ NS_NONE, "webMaster", K_WEBMASTER },
	{ NS_NONE, "name", K_NAME },
	{ NS_NONE, "email", K_EMAIL },
	{ NS_NONE, "category", K_CATEGORY },
	{ NS_NONE, "comments", K_COMMENTS },
	{ NS_NONE, "enclosure", K_ENCLOSURE },
	{ NS_NONE, "language", K_LANGUAGE },
	{ NS_NONE, "image", K_IMAGE },
	{ NS_NONE, "url", K_URL },
	{ NS_NONE, "item", K_ITEM },
	{ NS_NONE, "channel", K_CHANNEL },
	{ NS_NONE, "textInput", K_TEXTINPUT },
	{ NS_NONE, "textinput", K_TEXTINPUT },
	{ NS_NONE, "source", K_SOURCE },
	{ NS_RSS10, "title", K_TITLE },
	{ NS_RSS10, "link", K_LINK },
	{ NS_RSS10, "description", K_DESCRIPTION },
	{ NS_RSS10, "item", K_ITEM },
	{ NS_RSS10, "channel", K_CHANNEL },
	{ NS_RSS10, "image", K_IMAGE },
	{ NS_RSS10, "url", K_URL },
	{ NS_RSS10, "textinput", K_TEXTINPUT },
	{ NS_RSS090, "title", K_TITLE },
	{ NS_RSS090, "link", K_LINK },
	{ NS_RSS090, "description", K_DESCRIPTION },
	{ NS_RSS090, "item", K_ITEM },
	{ NS_RSS090, "channel", K_CHANNEL },
	{ NS_RSS090, "image", K_IMAGE },
	{ NS_RSS090, "url", K_URL },
	{ NS_RSS090, "textinput", K_TEXTINPUT },
	{ NS_ATOM10, "title", K_TITLE },
	{ NS_ATOM10, "link", K_LINK },
	{ NS_ATOM10, "subtitle", K_SUBTITLE },
	{ NS_ATOM10, "summary", K_SUMMARY },
	{ NS_ATOM10, "content", K_CONTENT },
	{ NS_ATOM10, "id", K_ID },
	{ NS_ATOM10, "published", K_PUBLISHED },
	{ NS_ATOM10, "updated", K_UPDATED },
	{ NS_ATOM10, "author", K_AUTHOR },
	{ NS_ATOM10, "contributor", K_OTHER },
	{ NS_ATOM10, "name", K_NAME },
	{ NS_ATOM10, "email", K_EMAIL },
	{ NS_ATOM10, "uri", K_URI },
	{ NS_ATOM10, "category", K_CATEGORY },
	{ NS_ATOM10, "logo", K_LOGO },
	{ NS_ATOM10, "icon", K_ICON },
	{ NS_ATOM10, "entry", K_ENTRY },
	{ NS_ATOM10, "source", K_SOURCE },
	{ NS_ATOM03, "title", K_TITLE },
	{ NS_ATOM03, "link", K_LINK },
	{ NS_ATOM03, "tagline", K_SUBTITLE },
	{ NS_ATOM03, "summary", K_SUMMARY },
	{ NS_ATOM03, "content", K_CONTENT },
	{ NS_ATOM03, "id", K_ID },
	{ NS_ATOM03, "issued", K_PUBLISHED },
	{ NS_ATOM03, "created", K_PUBLISHED },
	{ NS_ATOM03, "modified", K_UPDATED },
	{ NS_ATOM03, "author", K_AUTHOR },
	{ NS_ATOM03, "name", K_NAME },
	{ NS_ATOM03, "email", K_EMAIL },
	{ NS_ATOM03, "url", K_URI },
	{ NS_ATOM03, "category", K_CATEGORY },
	{ NS_ATOM03, "logo", K_LOGO },
	{ NS_ATOM03, "icon", K_ICON },
	{ NS_ATOM03, "entry", K_ENTRY },
	{ NS_CONTENT, "encoded", K_CONTENT_ENCODED },
	{ NS_XHTML, "body", K_XHTML_BODY },
	{ NS_DC, "date", K_DC_DATE },
	{ NS_DC, "creator", K_DC_CREATOR },
	{ NS_DC, "author", K_DC_CREATOR },
	{ NS_DC, "subject", K_DC_SUBJECT },
	{ NS_DC, "language", K_LANGUAGE },
	{ NS_DC, "title", K_TITLE },
	{ NS_DC, "description", K_DESCRIPTION },
	{ NS_DCTERMS, "modified", K_UPDATED },
	{ NS_DCTERMS, "issued", K_PUBLISHED },
	{ NS_DCTERMS, "created", K_PUBLISHED },
	{ NS_ITUNES, "author", K_ITUNES_AUTHOR },
	{ NS_ITUNES, "summary", K_ITUNES_SUMMARY },
	{ NS_ITUNES, "subtitle", K_ITUNES_SUMMARY },
	{ NS_ITUNES, "duration", K_ITUNES_DURATION },
	{ NS_ITUNES, "image", K_ITUNES_IMAGE },
	{ NS_MEDIA, "content", K_MEDIA_CONTENT },
	{ NS_MEDIA, "thumbnail", K_MEDIA_THUMBNAIL },
	{ NS_MEDIA, "description", K_MEDIA_DESCRIPTION },
	{ NS_FEEDBURNER, "origLink", K_ORIGLINK },
	{ NS_ATOM10, "origLink", K_OTHER },
};

/* Where we are in the document. */
enum ctx {
	CTX_ROOT,	/* outside channel and items */
	CTX_FEED,	/* channel or Atom feed */
	CTX_ITEM,	/* item or entry */
	CTX_IMAGE,	/* channel image: its title and link are not ours */
	CTX_PERSON,	/* Atom author inside the feed or an entry */
	CTX_IGNORE,	/* textInput, Atom source, contributor... */
};

struct frame {
	enum ctx	 ctx;
	enum ctx	 outer;		/* ctx of the parent (for persons) */
	char		*base;		/* xml:base in force (owned or shared) */
	int		 base_owned;
	char		*lang;
};

/* Text being gathered for one element of interest. */
struct capture {
	int		 active;
	int		 depth;		/* depth of the element itself */
	enum key	 key;
	enum ctx	 ctx;
	int		 children;	/* saw child elements: markup */
	int		 xhtml;		/* Atom type="xhtml": skip the div */
	int		 skip_depth;	/* depth of the skipped xhtml div */
	enum feed_content_type type;
	char		*base;		/* borrowed from the frame */
	int		 permalink;	/* guid isPermaLink */
	int		 atom;		/* an Atom element: its type is exact */
	struct buf	 text;		/* character data as read */
	struct buf	 markup;	/* character data and child tags */
};

/* Filter state for the byte stream before libxml2. */
struct filter {
	int		 started;	/* seen the first non-blank byte */
	int		 enabled;	/* 0 for UTF-16/32 documents */
	int		 cdata;		/* inside <![CDATA[ ... ]]> */
	size_t		 cdata_open;	/* chars of "<![CDATA[" matched */
	size_t		 cdata_close;	/* chars of "]]>" matched */
	char		 carry[48];	/* an '&' reference cut by a chunk */
	size_t		 ncarry;
};

struct feed_xml {
	xmlParserCtxtPtr ctxt;
	struct feed	*feed;
	char		*url;
	char		*charset;
	feed_item_cb	 cb;
	void		*arg;
	struct filter	 filter;
	struct frame	 stack[FEED_MAX_DEPTH + 1];
	int		 depth;		/* frames in use */
	int		 root_seen;
	int		 not_feed;	/* the root is not a feed element */
	char		 root_name[64];
	struct feed_item *item;		/* the item being read */
	struct capture	 cap;
	char		*person_name;	/* Atom author being read */
	char		*person_email;
	char		*media_url;	/* media:content waiting for the end */
	char		*media_type;
	int64_t		 media_length;
	int		 feed_updated_rank;
	int		 stopped;	/* the callback asked to stop */
	int		 errors;
	char		 first_error[160];
	struct buf	 out;		/* filtered bytes for one push */
};

static enum ns
ns_of(const xmlChar *uri, const xmlChar *prefix)
{
	size_t i;

	if (uri == NULL) {
		if (prefix == NULL)
			return NS_NONE;
		for (i = 0; i < UTIL_ARRAY_LEN(namespaces); i++)
			if (namespaces[i].prefix != NULL &&
			    strcmp(namespaces[i].prefix,
			    (const char *)prefix) == 0)
				return namespaces[i].ns;
		return NS_OTHER;
	}
	for (i = 0; i < UTIL_ARRAY_LEN(namespaces); i++)
		if (strcmp(namespaces[i].uri, (const char *)uri) == 0)
			return namespaces[i].ns;
	/* Some RSS 2.0 feeds put their elements in odd default namespaces. */
	return NS_OTHER;
}

static enum key
key_of(enum ns ns, const char *name)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(keys); i++)
		if (keys[i].ns == ns && strcmp(keys[i].name, name) == 0)
			return keys[i].key;
	return K_OTHER;
}

/* Returns a copy of an attribute's value, or NULL. */
static char *
attr(const xmlChar **attrs, int n, const char *name, int any_ns)
{
	int i;

	for (i = 0; i < n; i++) {
		const xmlChar **a = attrs + i * 5;

		if (strcmp((const char *)a[0], name) != 0)
			continue;
		if (!any_ns && a[2] != NULL)
			continue;
		return xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
	}
	return NULL;
}

static char *
attr_ns(const xmlChar **attrs, int n, const char *uri, const char *name)
{
	int i;

	for (i = 0; i < n; i++) {
		const xmlChar **a = attrs + i * 5;

		if (a[2] != NULL && strcmp((const char *)a[2], uri) == 0 &&
		    strcmp((const char *)a[0], name) == 0)
			return xstrndup((const char *)a[3],
			    (size_t)(a[4] - a[3]));
	}
	return NULL;
}

static void
set_once(char **dst, char *val)
{
	if (*dst == NULL && val != NULL && *val != '\0')
		*dst = val;
	else
		free(val);
}

static void
set_always(char **dst, char *val)
{
	if (val != NULL && *val != '\0') {
		free(*dst);
		*dst = val;
	} else
		free(val);
}

static char *
clean_line(const char *s)
{
	return s ? str_clean(s, strlen(s), STR_FOLD_SPACE | STR_TRIM) : NULL;
}

static int64_t
parse_length(const char *s)
{
	char *end;
	long long v;

	if (s == NULL)
		return -1;
	v = strtoll(s, &end, 10);
	if (end == s || v < 0)
		return -1;
	return v;
}

/*
 * RSS authors come as "email (Name)", "Name <email>", a name or an email:
 * keep the name when there is one.
 */
static char *
person_from_rss(const char *s)
{
	const char *open, *close;
	char *r, *t;

	if (s == NULL)
		return NULL;
	t = clean_line(s);
	if ((open = strchr(t, '(')) != NULL &&
	    (close = strrchr(t, ')')) != NULL && close > open + 1 &&
	    memchr(t, '@', (size_t)(open - t)) != NULL) {
		char *inner = xstrndup(open + 1, (size_t)(close - open - 1));

		r = clean_line(inner);
		free(inner);
		goto done;
	}
	if ((open = strchr(t, '<')) != NULL && open > t &&
	    strchr(open, '@') != NULL) {
		char *name = xstrndup(t, (size_t)(open - t));

		r = clean_line(name);
		free(name);
		goto done;
	}
	return t;
done:
	if (r == NULL || *r == '\0') {
		free(r);
		return t;
	}
	free(t);
	return r;
}

/* ---- output of captured values ---------------------------------------- */

static void
item_add_author(struct feed_item *it, char *name)
{
	if (name != NULL)
		feed_list_add(&it->authors, &it->n_authors, name);
	free(name);
}

static void
feed_set_updated(struct feed_xml *x, int rank, const char *val)
{
	int64_t t = date_parse(val);

	if (t == DATE_NONE || rank <= x->feed_updated_rank)
		return;
	x->feed->updated = t;
	x->feed_updated_rank = rank;
}

/*
 * The value of a finished capture: its text, or its markup when it held
 * elements (escaped HTML and XHTML both end up as HTML).
 */
static char *
capture_value(struct capture *c, enum feed_content_type *type)
{
	int flags = STR_KEEP_NEWLINES | STR_TRIM;

	if (c->children || c->xhtml) {
		*type = FEED_CONTENT_HTML;
		return str_clean(buf_str(&c->markup), c->markup.len, flags);
	}
	*type = c->type;
	return str_clean(buf_str(&c->text), c->text.len, flags);
}

/*
 * A title: one line of text. Atom says whether it is text or HTML; an RSS
 * title is reduced as HTML only when it looks like HTML.
 */
static char *
capture_line(struct capture *c)
{
	enum feed_content_type type;
	char *v = capture_value(c, &type), *r;

	if (type == FEED_CONTENT_TEXT && c->atom)
		r = clean_line(v);
	else
		r = feed_text_from_html(v);
	free(v);
	return r;
}

static void
end_item_field(struct feed_xml *x, struct capture *c)
{
	struct feed_item *it = x->item;
	enum feed_content_type type;
	char *v;

	switch (c->key) {
	case K_TITLE:
		set_once(&it->title, capture_line(c));
		break;
	case K_LINK:
		set_once(&it->link, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	case K_ORIGLINK:
		set_always(&it->link, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	case K_GUID:
		v = clean_line(buf_str(&c->text));
		if (v != NULL && *v != '\0' && c->permalink &&
		    (str_has_prefix_ci(v, "http://") ||
		    str_has_prefix_ci(v, "https://")))
			set_once(&it->link, feed_resolve_url(c->base, v));
		set_once(&it->guid, v);
		break;
	case K_ID:
		set_once(&it->guid, clean_line(buf_str(&c->text)));
		break;
	case K_DESCRIPTION:
	case K_SUMMARY:
	case K_ITUNES_SUMMARY:
	case K_MEDIA_DESCRIPTION:
		if (it->summary != NULL)
			break;
		it->summary = capture_value(c, &type);
		it->summary_type = type;
		if (*it->summary == '\0') {
			free(it->summary);
			it->summary = NULL;
		}
		break;
	case K_CONTENT:
	case K_CONTENT_ENCODED:
	case K_XHTML_BODY:
		v = capture_value(c, &type);
		if (*v == '\0' || (it->content != NULL &&
		    c->key != K_CONTENT_ENCODED)) {
			free(v);
			break;
		}
		free(it->content);
		it->content = v;
		it->content_type = c->key == K_XHTML_BODY ?
		    FEED_CONTENT_HTML : type;
		break;
	case K_PUBDATE:
	case K_PUBLISHED:
		it->published = date_parse(buf_str(&c->text));
		break;
	case K_DC_DATE:
		if (it->published == DATE_NONE)
			it->published = date_parse(buf_str(&c->text));
		break;
	case K_UPDATED:
		it->updated = date_parse(buf_str(&c->text));
		break;
	case K_AUTHOR:
	case K_DC_CREATOR:
		item_add_author(it, person_from_rss(buf_str(&c->text)));
		break;
	case K_ITUNES_AUTHOR:
		if (it->n_authors == 0)
			item_add_author(it, person_from_rss(buf_str(&c->text)));
		break;
	case K_CATEGORY:
	case K_DC_SUBJECT:
		v = clean_line(buf_str(&c->text));
		feed_list_add(&it->categories, &it->n_categories, v);
		free(v);
		break;
	case K_COMMENTS:
		set_once(&it->comments, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	case K_ITUNES_DURATION:
		set_once(&it->duration, clean_line(buf_str(&c->text)));
		break;
	default:
		break;
	}
}

static void
end_feed_field(struct feed_xml *x, struct capture *c)
{
	struct feed *f = x->feed;
	enum feed_content_type type;
	char *v;

	switch (c->key) {
	case K_TITLE:
		set_once(&f->title, capture_line(c));
		break;
	case K_LINK:
		set_once(&f->link, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	case K_DESCRIPTION:
	case K_SUBTITLE:
	case K_ITUNES_SUMMARY:
		v = capture_value(c, &type);
		if (type == FEED_CONTENT_HTML) {
			char *t = feed_text_from_html(v);

			free(v);
			v = t;
		}
		set_once(&f->description, v);
		break;
	case K_LANGUAGE:
		set_once(&f->language, clean_line(buf_str(&c->text)));
		break;
	case K_LASTBUILDDATE:
	case K_UPDATED:
		feed_set_updated(x, 3, buf_str(&c->text));
		break;
	case K_PUBDATE:
		feed_set_updated(x, 2, buf_str(&c->text));
		break;
	case K_DC_DATE:
		feed_set_updated(x, 1, buf_str(&c->text));
		break;
	case K_MANAGING_EDITOR:
	case K_DC_CREATOR:
	case K_AUTHOR:
	case K_ITUNES_AUTHOR:
	case K_WEBMASTER:
		set_once(&f->author, person_from_rss(buf_str(&c->text)));
		break;
	case K_LOGO:
		set_always(&f->image, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	case K_ICON:
		set_once(&f->image, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	default:
		break;
	}
}

static void
end_capture(struct feed_xml *x)
{
	struct capture *c = &x->cap;

	c->active = 0;
	switch (c->ctx) {
	case CTX_ITEM:
		if (x->item != NULL)
			end_item_field(x, c);
		break;
	case CTX_FEED:
		end_feed_field(x, c);
		break;
	case CTX_IMAGE:
		if (c->key == K_URL)
			set_once(&x->feed->image, feed_resolve_url(c->base,
			    buf_str(&c->text)));
		break;
	case CTX_PERSON:
		if (c->key == K_NAME)
			set_once(&x->person_name, clean_line(buf_str(&c->text)));
		else if (c->key == K_EMAIL)
			set_once(&x->person_email,
			    clean_line(buf_str(&c->text)));
		break;
	default:
		break;
	}
	buf_reset(&c->text);
	buf_reset(&c->markup);
}

/* ---- SAX callbacks ----------------------------------------------------- */

static struct feed_xml *
state(void *ctx)
{
	xmlParserCtxtPtr ctxt = ctx;

	/*
	 * In recovery mode libxml2 drops every entity reference, even &amp;,
	 * after the first well-formedness error; errors are counted here
	 * instead, so the flag is kept up.
	 */
	ctxt->wellFormed = 1;
	return ctxt->_private;
}

static int
is_text_construct(enum key k)
{
	return k == K_TITLE || k == K_SUBTITLE || k == K_SUMMARY ||
	    k == K_CONTENT || k == K_DESCRIPTION;
}

/* Atom's type (and Atom 0.3's mode) of a text construct. */
static void
capture_type(struct feed_xml *x, struct capture *c, enum ns ns,
    const xmlChar **attrs, int n)
{
	char *type = attr(attrs, n, "type", 0);
	char *mode = attr(attrs, n, "mode", 0);

	c->type = FEED_CONTENT_HTML;
	if (ns == NS_ATOM10 || ns == NS_ATOM03) {
		c->type = FEED_CONTENT_TEXT;
		if (type != NULL) {
			if (strcmp(type, "html") == 0 ||
			    strcmp(type, "text/html") == 0)
				c->type = FEED_CONTENT_HTML;
			else if (strcmp(type, "xhtml") == 0 ||
			    strcmp(type, "application/xhtml+xml") == 0) {
				c->type = FEED_CONTENT_HTML;
				c->xhtml = strcmp(type, "xhtml") == 0;
			}
		}
		if (mode != NULL && strcmp(mode, "escaped") == 0)
			c->type = FEED_CONTENT_HTML;
		if (ns == NS_ATOM03 && type == NULL && c->key != K_TITLE)
			c->type = FEED_CONTENT_HTML;
	} else if (c->key == K_TITLE)
		c->type = FEED_CONTENT_TEXT;
	else if (c->key == K_ITUNES_SUMMARY || c->key == K_MEDIA_DESCRIPTION)
		c->type = FEED_CONTENT_TEXT;
	free(type);
	free(mode);
}

static void
begin_capture(struct feed_xml *x, enum key k, enum ctx ctx, enum ns ns,
    const xmlChar **attrs, int n)
{
	struct capture *c = &x->cap;
	char *v;

	c->active = 1;
	c->depth = x->depth;
	c->key = k;
	c->ctx = ctx;
	c->children = 0;
	c->xhtml = 0;
	c->skip_depth = -1;
	c->base = x->stack[x->depth].base;
	c->permalink = 1;
	c->type = FEED_CONTENT_TEXT;
	c->atom = ns == NS_ATOM10 || ns == NS_ATOM03;
	if (is_text_construct(k))
		capture_type(x, c, ns, attrs, n);
	if (k == K_CONTENT_ENCODED || k == K_XHTML_BODY)
		c->type = FEED_CONTENT_HTML;
	if (k == K_XHTML_BODY)
		c->xhtml = 1;
	if (k == K_GUID && (v = attr(attrs, n, "isPermaLink", 0)) != NULL) {
		c->permalink = str_casecmp_ascii(v, "false") != 0;
		free(v);
	}
	buf_reset(&c->text);
	buf_reset(&c->markup);
}

/* Serialises a child element of a captured element as HTML markup. */
static void
markup_start(struct capture *c, const xmlChar *name, const xmlChar **attrs,
    int n)
{
	int i;

	buf_putc(&c->markup, '<');
	buf_puts(&c->markup, (const char *)name);
	for (i = 0; i < n; i++) {
		const xmlChar **a = attrs + i * 5;
		const xmlChar *p;

		buf_putc(&c->markup, ' ');
		buf_puts(&c->markup, (const char *)a[0]);
		buf_puts(&c->markup, "=\"");
		for (p = a[3]; p < a[4]; p++) {
			if (*p == '"')
				buf_puts(&c->markup, "&quot;");
			else if (*p == '&')
				buf_puts(&c->markup, "&amp;");
			else if (*p == '<')
				buf_puts(&c->markup, "&lt;");
			else
				buf_putc(&c->markup, *p);
		}
		buf_putc(&c->markup, '"');
	}
	buf_putc(&c->markup, '>');
}

static void
markup_text(struct buf *b, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *esc = NULL;

		if (s[i] == '<')
			esc = "&lt;";
		else if (s[i] == '>')
			esc = "&gt;";
		else if (s[i] == '&')
			esc = "&amp;";
		if (esc == NULL)
			continue;
		buf_append(b, s + start, i - start);
		buf_puts(b, esc);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

static void
detect_format(struct feed_xml *x, enum ns ns, const char *name,
    const xmlChar **attrs, int n)
{
	struct feed *f = x->feed;
	char *version;

	x->root_seen = 1;
	snprintf(x->root_name, sizeof x->root_name, "%s", name);
	version = attr(attrs, n, "version", 0);
	if (strcmp(name, "rss") == 0 && (ns == NS_NONE || ns == NS_OTHER)) {
		f->format = FEED_FORMAT_RSS20;
		if (version != NULL) {
			if (strncmp(version, "0.91", 4) == 0)
				f->format = FEED_FORMAT_RSS091;
			else if (strncmp(version, "0.92", 4) == 0)
				f->format = FEED_FORMAT_RSS092;
			else if (strncmp(version, "0.93", 4) == 0)
				f->format = FEED_FORMAT_RSS093;
			else if (strncmp(version, "0.94", 4) == 0)
				f->format = FEED_FORMAT_RSS094;
			else if (strncmp(version, "0.90", 4) == 0)
				f->format = FEED_FORMAT_RSS090;
		}
	} else if (strcmp(name, "RDF") == 0) {
		f->format = FEED_FORMAT_RSS10;	/* 0.90 is told by its channel */
	} else if (strcmp(name, "feed") == 0) {
		if (ns == NS_ATOM03 || (version != NULL &&
		    strcmp(version, "0.3") == 0))
			f->format = FEED_FORMAT_ATOM03;
		else
			f->format = FEED_FORMAT_ATOM10;
	} else if (strcmp(name, "channel") == 0) {
		f->format = FEED_FORMAT_RSS091;
	} else
		x->not_feed = 1;
	free(version);
}

static void
end_person(struct feed_xml *x, enum ctx outer)
{
	char *who = x->person_name ? x->person_name : x->person_email;

	if (who != NULL) {
		if (outer == CTX_ITEM && x->item != NULL)
			feed_list_add(&x->item->authors, &x->item->n_authors,
			    who);
		else if (outer == CTX_FEED)
			set_once(&x->feed->author, xstrdup(who));
	}
	free(x->person_name);
	free(x->person_email);
	x->person_name = x->person_email = NULL;
}

/* Atom <link>: alternate, enclosure, or a link we do not use. */
static void
atom_link(struct feed_xml *x, enum ctx ctx, const xmlChar **attrs, int n)
{
	char *rel = attr(attrs, n, "rel", 0);
	char *href = attr(attrs, n, "href", 0);
	char *type = attr(attrs, n, "type", 0);
	char *len = attr(attrs, n, "length", 0);
	char *url;
	const char *base = x->stack[x->depth].base;

	url = feed_resolve_url(base, href);
	if (url == NULL)
		goto out;
	if (rel == NULL || strcmp(rel, "alternate") == 0 ||
	    strcmp(rel, "http://www.iana.org/assignments/relation/alternate")
	    == 0) {
		int html = type == NULL || strstr(type, "html") != NULL;

		if (ctx == CTX_ITEM && x->item != NULL) {
			if (html || x->item->link == NULL)
				set_once(&x->item->link, url), url = NULL;
		} else if (ctx == CTX_FEED) {
			if (html || x->feed->link == NULL)
				set_once(&x->feed->link, url), url = NULL;
		}
	} else if (strcmp(rel, "enclosure") == 0 && ctx == CTX_ITEM &&
	    x->item != NULL)
		feed_add_enclosure(x->item, url, type, parse_length(len));
out:
	free(url);
	free(rel);
	free(href);
	free(type);
	free(len);
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_ns, const xmlChar **nss, int nb_attrs,
    int nb_defaulted, const xmlChar **attrs)
{
	struct feed_xml *x = state(ctx);
	struct frame *parent, *fr;
	const char *name = (const char *)localname;
	enum ns ns = ns_of(uri, prefix);
	enum key k = key_of(ns, name);
	enum ctx c;
	char *v;

	if (x->stopped || x->not_feed)
		return;
	if (x->depth >= FEED_MAX_DEPTH) {
		x->depth++;
		return;
	}
	parent = &x->stack[x->depth];
	fr = &x->stack[++x->depth];
	*fr = *parent;
	fr->base_owned = 0;
	fr->outer = parent->ctx;
	if ((v = attr_ns(attrs, nb_attrs, "http://www.w3.org/XML/1998/namespace",
	    "base")) != NULL) {
		fr->base = feed_resolve_url(parent->base, v);
		fr->base_owned = fr->base != NULL;
		if (fr->base == NULL)
			fr->base = parent->base;
		free(v);
	}
	if (!x->root_seen) {
		detect_format(x, ns, name, attrs, nb_attrs);
		if (x->not_feed)
			return;
		if ((v = attr_ns(attrs, nb_attrs,
		    "http://www.w3.org/XML/1998/namespace", "lang")) != NULL)
			set_once(&x->feed->language, clean_line(v)), free(v);
		if (k != K_CHANNEL && strcmp(name, "RDF") != 0 &&
		    strcmp(name, "rss") != 0)
			fr->ctx = CTX_FEED;	/* Atom feed */
		else if (k == K_CHANNEL)
			fr->ctx = CTX_FEED;
		return;
	}

	/* Inside a captured element: keep its children as markup. */
	if (x->cap.active) {
		struct capture *cp = &x->cap;

		if (cp->xhtml && x->depth == cp->depth + 1 &&
		    cp->skip_depth < 0 && strcmp(name, "div") == 0 &&
		    cp->children == 0 && str_is_blank(buf_str(&cp->text))) {
			cp->skip_depth = x->depth;
			return;
		}
		cp->children = 1;
		markup_start(cp, localname, attrs, nb_attrs);
		return;
	}

	c = parent->ctx;
	switch (k) {
	case K_CHANNEL:
		fr->ctx = CTX_FEED;
		if (ns == NS_RSS090)
			x->feed->format = FEED_FORMAT_RSS090;
		return;
	case K_ITEM:
	case K_ENTRY:
		if (c != CTX_FEED && c != CTX_ROOT)
			break;
		fr->ctx = CTX_ITEM;
		feed_item_free(x->item);
		x->item = feed_item_new();
		free(x->media_url);
		free(x->media_type);
		x->media_url = x->media_type = NULL;
		x->media_length = -1;
		if ((v = attr_ns(attrs, nb_attrs,
		    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
		    "about")) != NULL) {
			set_once(&x->item->link, feed_resolve_url(fr->base, v));
			free(v);
		}
		return;
	case K_IMAGE:
		if (c == CTX_FEED && (ns == NS_NONE || ns == NS_RSS10 ||
		    ns == NS_RSS090)) {
			fr->ctx = CTX_IMAGE;
			return;
		}
		break;
	case K_TEXTINPUT:
	case K_SOURCE:
		fr->ctx = CTX_IGNORE;
		return;
	case K_AUTHOR:
		if ((ns == NS_ATOM10 || ns == NS_ATOM03) &&
		    (c == CTX_FEED || c == CTX_ITEM)) {
			fr->ctx = CTX_PERSON;
			free(x->person_name);
			free(x->person_email);
			x->person_name = x->person_email = NULL;
			return;
		}
		break;
	case K_OTHER:
		if ((ns == NS_ATOM10 || ns == NS_ATOM03) &&
		    strcmp(name, "contributor") == 0)
			fr->ctx = CTX_IGNORE;
		break;
	default:
		break;
	}
	if (c == CTX_IGNORE || c == CTX_ROOT)
		return;

	/* Elements whose data is in attributes. */
	if (k == K_LINK && (ns == NS_ATOM10 || ns == NS_ATOM03) &&
	    (c == CTX_FEED || c == CTX_ITEM)) {
		v = attr(attrs, nb_attrs, "href", 0);
		if (v != NULL) {
			free(v);
			atom_link(x, c, attrs, nb_attrs);
			return;
		}
	}
	if (c == CTX_ITEM && x->item != NULL) {
		struct feed_item *it = x->item;
		char *u, *t, *l;

		switch (k) {
		case K_ENCLOSURE:
			u = attr(attrs, nb_attrs, "url", 0);
			t = attr(attrs, nb_attrs, "type", 0);
			l = attr(attrs, nb_attrs, "length", 0);
			v = feed_resolve_url(fr->base, u);
			feed_add_enclosure(it, v, t, parse_length(l));
			free(v), free(u), free(t), free(l);
			return;
		case K_MEDIA_CONTENT:
			u = attr(attrs, nb_attrs, "url", 0);
			if (u != NULL && x->media_url == NULL) {
				x->media_url = feed_resolve_url(fr->base, u);
				x->media_type = attr(attrs, nb_attrs, "type",
				    0);
				l = attr(attrs, nb_attrs, "fileSize", 0);
				x->media_length = parse_length(l);
				free(l);
			}
			free(u);
			return;
		case K_MEDIA_THUMBNAIL:
		case K_ITUNES_IMAGE:
			u = attr(attrs, nb_attrs, k == K_ITUNES_IMAGE ?
			    "href" : "url", 0);
			set_once(&it->image, feed_resolve_url(fr->base, u));
			free(u);
			return;
		case K_CATEGORY:
			if (ns == NS_ATOM10 || ns == NS_ATOM03) {
				u = attr(attrs, nb_attrs, "term", 0);
				if (u != NULL) {
					v = clean_line(u);
					feed_list_add(&it->categories,
					    &it->n_categories, v);
					free(v);
					free(u);
					return;
				}
			}
			break;
		default:
			break;
		}
	}
	if (c == CTX_FEED) {
		if (k == K_ITUNES_IMAGE) {
			v = attr(attrs, nb_attrs, "href", 0);
			set_once(&x->feed->image, feed_resolve_url(fr->base, v));
			free(v);
			return;
		}
		if (k == K_CATEGORY)
			return;
	}
	if (k == K_OTHER)
		return;
	if (c == CTX_PERSON && k != K_NAME && k != K_EMAIL)
		return;
	if (c == CTX_IMAGE && k != K_URL)
		return;
	begin_capture(x, k, c, ns, attrs, nb_attrs);
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct feed_xml *x = state(ctx);
	struct frame *fr;
	struct feed_item *it;

	if (x->stopped || x->not_feed || x->depth == 0)
		return;
	if (x->depth > FEED_MAX_DEPTH) {
		x->depth--;
		return;
	}
	fr = &x->stack[x->depth];
	if (x->cap.active) {
		if (x->depth == x->cap.depth)
			end_capture(x);
		else if (x->depth == x->cap.skip_depth)
			x->cap.skip_depth = -2;
		else {
			buf_puts(&x->cap.markup, "</");
			buf_puts(&x->cap.markup, (const char *)localname);
			buf_putc(&x->cap.markup, '>');
		}
	} else if (fr->ctx == CTX_PERSON && fr->outer != CTX_PERSON)
		end_person(x, fr->outer);
	else if (fr->ctx == CTX_ITEM && fr->outer != CTX_ITEM &&
	    x->item != NULL) {
		it = x->item;
		x->item = NULL;
		if (it->n_enclosures == 0 && x->media_url != NULL)
			feed_add_enclosure(it, x->media_url, x->media_type,
			    x->media_length);
		feed_item_finish(it);
		if (x->cb != NULL) {
			if (x->cb(x->arg, x->feed, it) == -1) {
				x->stopped = 1;
				xmlStopParser(x->ctxt);
			}
		} else
			feed_add_item(x->feed, it);
	}
	if (fr->base_owned)
		free(fr->base);
	x->depth--;
}

static void
on_chars(void *ctx, const xmlChar *s, int n)
{
	struct feed_xml *x = state(ctx);
	size_t max;

	if (!x->cap.active || n <= 0)
		return;
	max = (x->cap.key == K_CONTENT || x->cap.key == K_CONTENT_ENCODED ||
	    x->cap.key == K_DESCRIPTION || x->cap.key == K_SUMMARY ||
	    x->cap.key == K_XHTML_BODY) ? FEED_MAX_BODY : FEED_MAX_FIELD;
	if (x->cap.text.len + (size_t)n > max)
		return;
	buf_append(&x->cap.text, s, (size_t)n);
	markup_text(&x->cap.markup, (const char *)s, (size_t)n);
}

/* Only entities declared inside the document itself, never external. */
static xmlEntityPtr
on_get_entity(void *ctx, const xmlChar *name)
{
	xmlEntityPtr e = xmlSAX2GetEntity(ctx, name);

	if (e != NULL && e->etype != XML_INTERNAL_GENERAL_ENTITY &&
	    e->etype != XML_INTERNAL_PREDEFINED_ENTITY)
		return NULL;
	return e;
}

static xmlParserInputPtr
on_resolve(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	return NULL;
}

static void
on_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct feed_xml *x;
	char *msg;

	if (ctxt == NULL || (x = ctxt->_private) == NULL || e == NULL)
		return;
	if (e->level == XML_ERR_WARNING)
		return;
	if (x->errors++ == 0 && e->message != NULL) {
		msg = clean_line(e->message);
		snprintf(x->first_error, sizeof x->first_error,
		    "line %d: %s", e->line, msg);
		free(msg);
	}
}

/* ---- the byte filter --------------------------------------------------- */

static int
is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Looks at an '&' reference at s (n bytes available). Returns its length
 * when complete and fills out with what to emit, 0 when more bytes are
 * needed, or -1 when it is a bare ampersand.
 */
static int
filter_ref(const char *s, size_t n, struct buf *out)
{
	static const char *xml_names[] = { "amp", "lt", "gt", "quot", "apos" };
	const htmlEntityDesc *h;
	char name[40];
	size_t i = 1, k;

	if (n < 2)
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (i < n && (s[i] == 'x' || s[i] == 'X'))
			i++;
		k = i;
		while (i < n && i < 16 && is_name_char((unsigned char)s[i]))
			i++;
		if (i == n && i < 16)
			return 0;
		if (i == k || i >= n || s[i] != ';')
			return -1;
		buf_append(out, s, i + 1);
		return (int)(i + 1);
	}
	while (i < n && i < sizeof name && is_name_char((unsigned char)s[i]))
		i++;
	if (i == n && i < sizeof name)
		return 0;
	if (i == 1 || i >= n || i >= sizeof name || s[i] != ';')
		return -1;
	memcpy(name, s + 1, i - 1);
	name[i - 1] = '\0';
	for (k = 0; k < UTIL_ARRAY_LEN(xml_names); k++)
		if (strcmp(name, xml_names[k]) == 0)
			goto keep;
	if ((h = htmlEntityLookup((const xmlChar *)name)) != NULL) {
		buf_printf(out, "&#%u;", h->value);
		return (int)(i + 1);
	}
keep:
	buf_append(out, s, i + 1);
	return (int)(i + 1);
}

/* Filters one chunk into x->out; keeps an unfinished reference back. */
static void
filter_chunk(struct feed_xml *x, const char *s, size_t n, int final)
{
	static const char open[] = "<![CDATA[";
	struct filter *f = &x->filter;
	struct buf joined;
	size_t i, start;
	int r;

	buf_reset(&x->out);
	if (!f->started) {
		const unsigned char *u = (const unsigned char *)s;

		if (n >= 2 && ((u[0] == 0xfe && u[1] == 0xff) ||
		    (u[0] == 0xff && u[1] == 0xfe) || u[0] == 0 || u[1] == 0)) {
			f->started = 1;
			f->enabled = 0;
		} else {
			size_t bom = 0;

			if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
				bom = 3;
			i = bom;
			while (i < n && (s[i] == ' ' || s[i] == '\t' ||
			    s[i] == '\r' || s[i] == '\n'))
				i++;
			if (i == n && !final)
				return;
			buf_append(&x->out, s, bom);
			s += i;
			n -= i;
			f->started = 1;
			f->enabled = 1;
		}
	}
	if (!f->enabled) {
		buf_append(&x->out, s, n);
		return;
	}
	buf_init(&joined, 0);
	if (f->ncarry > 0) {
		buf_append(&joined, f->carry, f->ncarry);
		buf_append(&joined, s, n);
		s = buf_str(&joined);
		n = joined.len;
		f->ncarry = 0;
	}
	for (i = start = 0; i < n; i++) {
		char ch = s[i];

		if (f->cdata) {
			if (ch == ']')
				f->cdata_close = f->cdata_close >= 2 ? 2 :
				    f->cdata_close + 1;
			else if (ch == '>' && f->cdata_close == 2)
				f->cdata = 0, f->cdata_close = 0;
			else
				f->cdata_close = 0;
			continue;
		}
		if (ch == open[f->cdata_open]) {
			if (++f->cdata_open == sizeof open - 1) {
				f->cdata = 1;
				f->cdata_open = 0;
			}
		} else
			f->cdata_open = ch == '<' ? 1 : 0;
		if (ch != '&')
			continue;
		buf_append(&x->out, s + start, i - start);
		r = filter_ref(s + i, n - i, &x->out);
		if (r == 0 && !final) {
			f->ncarry = n - i;
			memcpy(f->carry, s + i, f->ncarry);
			start = n;
			break;
		}
		if (r <= 0) {
			buf_puts(&x->out, "&amp;");
			r = 1;
		}
		i += (size_t)r - 1;
		start = i + 1;
	}
	if (start < n)
		buf_append(&x->out, s + start, n - start);
	buf_free(&joined);
}

/* ---- life cycle -------------------------------------------------------- */

struct feed_xml *
feed_xml_new(struct feed *feed, const char *url, const char *charset,
    feed_item_cb cb, void *arg)
{
	struct feed_xml *x = xcalloc(1, sizeof *x);

	x->feed = feed;
	x->url = url ? xstrdup(url) : NULL;
	x->charset = charset ? xstrdup(charset) : NULL;
	x->cb = cb;
	x->arg = arg;
	x->stack[0].ctx = CTX_ROOT;
	x->stack[0].base = x->url;
	x->media_length = -1;
	buf_init(&x->cap.text, FEED_MAX_BODY + 1);
	buf_init(&x->cap.markup, 2 * FEED_MAX_BODY);
	buf_init(&x->out, 0);
	return x;
}

static int
start_parser(struct feed_xml *x)
{
	static xmlSAXHandler sax;
	xmlCharEncodingHandlerPtr enc = NULL;
	int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING |
	    XML_PARSE_NOERROR;

	if (!sax.initialized) {
		xmlSAXVersion(&sax, 2);
		sax.startElementNs = on_start;
		sax.endElementNs = on_end;
		sax.characters = on_chars;
		sax.cdataBlock = on_chars;
		sax.ignorableWhitespace = on_chars;
		sax.getEntity = on_get_entity;
		sax.resolveEntity = on_resolve;
		sax.externalSubset = NULL;
		sax.reference = NULL;
		sax.comment = NULL;
		sax.processingInstruction = NULL;
		sax.startElement = NULL;
		sax.endElement = NULL;
		sax.serror = on_error;
		sax.error = NULL;
		sax.warning = NULL;
		sax.fatalError = NULL;
	}
	x->ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, x->url);
	if (x->ctxt == NULL)
		return -1;
	x->ctxt->_private = x;
	if (x->charset != NULL && x->filter.enabled &&
	    (enc = xmlFindCharEncodingHandler(x->charset)) != NULL) {
		xmlSwitchToEncoding(x->ctxt, enc);
		opts |= XML_PARSE_IGNORE_ENC;
	}
	xmlCtxtUseOptions(x->ctxt, opts);
	/* No external entity may be read, whatever the document asks. */
	x->ctxt->loadsubset = 0;
	x->ctxt->replaceEntities = 0;
	return 0;
}

static int
feed_xml_parse(struct feed_xml *x, int final)
{
	if (x->ctxt == NULL) {
		if (x->out.len == 0 && !final)
			return 0;
		if (start_parser(x) == -1)
			return -1;
	}
	xmlParseChunk(x->ctxt, x->out.len ? x->out.data : "", (int)x->out.len,
	    final);
	return x->stopped ? -1 : 0;
}

int
feed_xml_push(struct feed_xml *x, const char *s, size_t n)
{
	const size_t step = 1u << 20;

	if (x->stopped)
		return -1;
	/* xmlParseChunk takes an int length: feed large pushes in steps. */
	while (n > 0) {
		size_t k = n < step ? n : step;

		filter_chunk(x, s, k, 0);
		if (feed_xml_parse(x, 0) == -1)
			return -1;
		s += k;
		n -= k;
	}
	return 0;
}

int
feed_xml_finish(struct feed_xml *x, char *err, size_t errlen)
{
	filter_chunk(x, "", 0, 1);
	if (x->filter.ncarry > 0) {
		/* An '&' cut off by the end of the document. */
		buf_puts(&x->out, "&amp;");
		buf_append(&x->out, x->filter.carry + 1, x->filter.ncarry - 1);
		x->filter.ncarry = 0;
	}
	if (feed_xml_parse(x, 1) == -1 && !x->stopped) {
		util_errf(err, errlen, "could not start the XML parser");
		return -1;
	}
	if (x->not_feed) {
		util_errf(err, errlen, "not a feed: the document is <%s>%s",
		    x->root_name, str_casecmp_ascii(x->root_name, "html") == 0 ?
		    " (a web page)" : "");
		return -1;
	}
	if (!x->root_seen) {
		if (x->errors > 0)
			util_errf(err, errlen, "not XML: %s", x->first_error);
		else
			util_errf(err, errlen, "not a feed: no root element");
		return -1;
	}
	return 0;
}

void
feed_xml_free(struct feed_xml *x)
{
	if (x == NULL)
		return;
	while (x->depth > 0) {
		if (x->depth <= FEED_MAX_DEPTH && x->stack[x->depth].base_owned)
			free(x->stack[x->depth].base);
		x->depth--;
	}
	if (x->ctxt != NULL) {
		if (x->ctxt->myDoc != NULL)
			xmlFreeDoc(x->ctxt->myDoc);
		x->ctxt->myDoc = NULL;
		xmlFreeParserCtxt(x->ctxt);
	}
	feed_item_free(x->item);
	free(x->person_name);
	free(x->person_email);
	free(x->media_url);
	free(x->media_type);
	buf_free(&x->cap.text);
	buf_free(&x->cap.markup);
	buf_free(&x->out);
	free(x->url);
	free(x->charset);
	free(x);
}
