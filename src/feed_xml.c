/*
 * feed_xml.c: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 on libxml2's SAX2 push
 * parser, so a feed is read as its bytes arrive and no document tree is
 * ever built.
 *
 * Before libxml2 sees the bytes, a small filter makes real-world breakage
 * readable: it chooses the encoding (BOM, then the caller's HTTP charset,
 * then the XML declaration; UTF-8, ASCII, Latin-1, windows-1252 and
 * unknown labels are all read as UTF-8 with each byte that is not UTF-8
 * taken as windows-1252; other charsets are decoded to UTF-8 by iconv, a
 * bad byte costing one U+FFFD), drops leading white space and control
 * characters, turns HTML entities (&nbsp;, &eacute;...) into character
 * references, a bare '&' into "&amp;" and a '<' that opens no tag into
 * "&lt;". libxml2 only ever sees UTF-8 (UTF-16 and UTF-32 are decoded
 * too, and EBCDIC by the code page its declaration names) and runs in recovery mode with no
 * network, no DTD loading and no external entities. The namespace of the
 * root element counts as the format's own.
 *
 * Must never fetch anything, expand an external entity, or hold more of
 * the document than the element being read.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
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
	K_PUBLISHED,		/* Atom published, issued */
	K_CREATED,		/* when there is no publication date */
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
	K_ITUNES_CATEGORY,
	K_ITUNES_LINK,		/* old iTunes: <itunes:link rel="image"> */
	K_MEDIA_TITLE,
	K_MEDIA_CONTENT,
	K_MEDIA_THUMBNAIL,
	K_MEDIA_DESCRIPTION,
	K_ORIGLINK,
	K_ITEM,
	K_ENTRY,
	K_CHANNEL,
	K_SOURCE,		/* Atom source: not the entry's fields */
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
	{ NS_NONE, "fullitem", K_CONTENT_ENCODED },
	{ NS_NONE, "body", K_XHTML_BODY },	/* xhtml:body, prefix lost */
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
	{ NS_ATOM10, "tagline", K_SUBTITLE },
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
	{ NS_ATOM10, "item", K_ENTRY },
	{ NS_ATOM10, "source", K_SOURCE },
	{ NS_ATOM10, "issued", K_PUBLISHED },
	{ NS_ATOM10, "modified", K_UPDATED },
	{ NS_ATOM03, "title", K_TITLE },
	{ NS_ATOM03, "link", K_LINK },
	{ NS_ATOM03, "tagline", K_SUBTITLE },
	{ NS_ATOM03, "subtitle", K_SUBTITLE },
	{ NS_ATOM03, "summary", K_SUMMARY },
	{ NS_ATOM03, "content", K_CONTENT },
	{ NS_ATOM03, "id", K_ID },
	{ NS_ATOM03, "issued", K_PUBLISHED },
	{ NS_ATOM03, "created", K_CREATED },
	{ NS_ATOM03, "published", K_PUBLISHED },
	{ NS_ATOM03, "modified", K_UPDATED },
	{ NS_ATOM03, "updated", K_UPDATED },
	{ NS_ATOM03, "author", K_AUTHOR },
	{ NS_ATOM03, "name", K_NAME },
	{ NS_ATOM03, "email", K_EMAIL },
	{ NS_ATOM03, "url", K_URI },
	{ NS_ATOM03, "category", K_CATEGORY },
	{ NS_ATOM03, "logo", K_LOGO },
	{ NS_ATOM03, "icon", K_ICON },
	{ NS_ATOM03, "entry", K_ENTRY },
	{ NS_ATOM03, "item", K_ENTRY },
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
	{ NS_DCTERMS, "created", K_CREATED },
	{ NS_ITUNES, "author", K_ITUNES_AUTHOR },
	{ NS_ITUNES, "summary", K_ITUNES_SUMMARY },
	{ NS_ITUNES, "subtitle", K_ITUNES_SUMMARY },
	{ NS_ITUNES, "duration", K_ITUNES_DURATION },
	{ NS_ITUNES, "image", K_ITUNES_IMAGE },
	{ NS_ITUNES, "category", K_ITUNES_CATEGORY },
	{ NS_ITUNES, "link", K_ITUNES_LINK },
	{ NS_MEDIA, "content", K_MEDIA_CONTENT },
	{ NS_MEDIA, "thumbnail", K_MEDIA_THUMBNAIL },
	{ NS_MEDIA, "description", K_MEDIA_DESCRIPTION },
	{ NS_MEDIA, "title", K_MEDIA_TITLE },
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
	char		*base;		/* xml:base in force (owned or not) */
	int		 base_owned;
	const xmlChar	*uri;		/* the element's namespace */
	const xmlChar	*name;		/* its local name (libxml2's dict) */
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
	int		 base64;	/* Atom base64-encoded content */
	enum feed_content_type type;
	char		*base;		/* borrowed from the frame */
	int		 permalink;	/* guid isPermaLink */
	int		 atom;		/* an Atom element: its type is exact */
	struct buf	 text;		/* character data as read */
	struct buf	 markup;	/* character data and child tags */
};

enum filter_stage {
	FILTER_HEAD,	/* holding the first bytes: encoding not known */
	FILTER_TEXT,	/* UTF-8 (decoded when need be): repairs on */
	FILTER_RAW,	/* EBCDIC: bytes go to libxml2 as they are */
};

/* Where the filter is in the markup, as far as a '<' is concerned. */
enum lex {
	LEX_TEXT,	/* character data */
	LEX_TAG,	/* inside a start or end tag */
	LEX_VALUE,	/* inside a quoted attribute value */
	LEX_COMMENT,	/* <!-- ... --> */
	LEX_PI,		/* <? ... ?> */
	LEX_DECL,	/* <!DOCTYPE ...> and the declarations inside */
};

/* Filter state for the byte stream before libxml2. */
struct filter {
	enum filter_stage stage;
	struct buf	 head;		/* bytes held in FILTER_HEAD */
	int		 lead;		/* no markup seen yet */
	int		 repair;	/* non-UTF-8 bytes read as cp1252 */
	iconv_t		 cd;		/* a legacy charset to UTF-8 */
	int		 have_cd;
	char		 icarry[16];	/* a character cut by a chunk */
	size_t		 nicarry;
	int		 entities;	/* the document declares entities */
	size_t		 entity_open;	/* chars of "<!ENTITY" matched */
	enum lex	 lex;
	char		 quote;		/* the quote of LEX_VALUE */
	size_t		 lex_n;		/* chars seen in LEX_DECL */
	int		 dashes;	/* '-' just seen (comments) */
	int		 brackets;	/* '[' depth in LEX_DECL */
	int		 cdata;		/* inside <![CDATA[ ... ]]> */
	size_t		 cdata_open;	/* chars of "<![CDATA[" matched */
	size_t		 cdata_close;	/* chars of "]]>" matched */
	char		 carry[48];	/* a reference or char cut short */
	size_t		 ncarry;
};

/*
 * The meaning of an element name seen before. libxml2 hands names and
 * namespaces out of its dictionary, which lives as long as the parser: the
 * same name comes back as the same pointer.
 */
#define NAME_MEMO	64

struct name_memo {
	const xmlChar	*name;
	const xmlChar	*uri;
	const xmlChar	*prefix;
	enum ns		 ns;
	enum key	 key;
};

struct feed_xml {
	xmlParserCtxtPtr ctxt;
	struct name_memo memo[NAME_MEMO];
	struct feed	*feed;
	char		*url;
	char		*charset;	/* the caller's (HTTP) charset */
	feed_item_cb	 cb;
	void		*arg;
	struct filter	 filter;
	struct frame	 stack[FEED_MAX_DEPTH + 1];
	int		 depth;		/* frames in use */
	int		 root_seen;
	int		 not_feed;	/* the root is not a feed element */
	int		 too_deep;	/* nested past FEED_MAX_DEPTH */
	int		 web_page;	/* the document starts like HTML */
	char		 root_name[64];
	char		*core_uri;	/* the root's namespace (or NULL) */
	int		 core_set;	/* core_uri reads as core_ns */
	enum ns		 core_ns;
	struct feed_item *item;		/* the item being read */
	struct capture	 cap;
	int		 title_rank;	/* best source the item's title had */
	int		 summary_rank;	/* best source of its summary */
	int		 published_rank;
	int		 updated_rank;
	char		*about;		/* the item's rdf:about */
	char		*guid_link;	/* its permalink guid */
	char		*itunes_author;	/* used when it names no other */
	char		*person_name;	/* Atom author being read */
	char		*person_email;
	char		*media_url;	/* media:content waiting for the end */
	char		*media_type;
	int64_t		 media_length;
	int		 feed_updated_rank;
	int		 feed_desc_rank;
	int		 feed_author_rank;
	int		 stopped;	/* the callback asked to stop */
	int		 errors;
	char		 first_error[160];
	char		 warning[160];	/* read, but something is off */
	size_t		 n_ended;	/* items read whole */
	struct buf	 out;		/* filtered bytes for one push */
};

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define XML_NS	 "http://www.w3.org/XML/1998/namespace"
#define RDF_NS	 "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/*
 * The namespace an element is in. Namespace names are compared without
 * case (feeds spell iTunes' several ways), and the namespace of the root
 * element counts as the format's own, so an <rss> or <feed> in a namespace
 * nobody registered still reads.
 */
static enum ns
ns_of(struct feed_xml *x, const xmlChar *uri, const xmlChar *prefix)
{
	size_t i;

	if (x->core_set && ((uri == NULL && x->core_uri == NULL) ||
	    (uri != NULL && x->core_uri != NULL &&
	    str_casecmp_ascii((const char *)uri, x->core_uri) == 0)))
		return x->core_ns;
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
		if (str_casecmp_ascii(namespaces[i].uri,
		    (const char *)uri) == 0)
			return namespaces[i].ns;
	/* Some RSS 2.0 feeds put their elements in odd default namespaces. */
	return NS_OTHER;
}

/*
 * Core RSS names are matched without case (<pubdate>, <TiTlE>), and RSS
 * 1.0 documents may use RSS 2.0's names in their own namespace.
 */
static enum key
key_of(enum ns ns, const char *name)
{
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(keys); i++)
		if (keys[i].ns == ns && (ns == NS_NONE ?
		    str_casecmp_ascii(keys[i].name, name) :
		    strcmp(keys[i].name, name)) == 0)
			return keys[i].key;
	if (ns == NS_RSS10 || ns == NS_RSS090)
		return key_of(NS_NONE, name);
	return K_OTHER;
}

/* ns_of() and key_of() of an element, remembered by its name's pointers. */
static void
classify(struct feed_xml *x, const xmlChar *uri, const xmlChar *prefix,
    const xmlChar *name, enum ns *ns, enum key *key)
{
	struct name_memo *m;
	uintptr_t h;

	h = ((uintptr_t)name >> 3) ^ ((uintptr_t)uri >> 5) ^
	    ((uintptr_t)prefix >> 7);
	m = &x->memo[(h ^ (h >> 6)) % NAME_MEMO];
	if (m->name == name && m->uri == uri && m->prefix == prefix) {
		*ns = m->ns;
		*key = m->key;
		return;
	}
	*ns = ns_of(x, uri, prefix);
	*key = key_of(*ns, (const char *)name);
	m->name = name;
	m->uri = uri;
	m->prefix = prefix;
	m->ns = *ns;
	m->key = *key;
}

/*
 * Copies an attribute's value. libxml2 leaves an ampersand in attribute
 * values written as "&#38;" (so an entity it did not expand can be told
 * apart); here it becomes '&' again.
 */
static char *
attr_value(const xmlChar *start, const xmlChar *end)
{
	const char *s = (const char *)start;
	size_t n = (size_t)(end - start), i, k = 0;
	char *r = xmalloc(n + 1);

	for (i = 0; i < n; i++) {
		r[k++] = s[i];
		if (s[i] == '&' && n - i >= 5 && memcmp(s + i, "&#38;", 5) == 0)
			i += 4;
	}
	r[k] = '\0';
	return r;
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
		return attr_value(a[3], a[4]);
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
			return attr_value(a[3], a[4]);
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

/*
 * Keeps val when it comes from a better source than the value already
 * there (a higher rank); the first of equal sources wins.
 */
static void
set_ranked(char **dst, int *have, int rank, char *val)
{
	if (val == NULL || *val == '\0' || rank <= *have) {
		free(val);
		return;
	}
	free(*dst);
	*dst = val;
	*have = rank;
}

static char *
clean_line(const char *s)
{
	return s ? str_clean(s, strlen(s), STR_FOLD_SPACE | STR_TRIM) : NULL;
}

/* Cuts a UTF-8 sequence left unfinished at the end of s (by truncation). */
static void
cut_utf8(char *s, size_t size)
{
	size_t n, i, need;
	unsigned char c;

	if (s == NULL || size == 0)
		return;
	n = strnlen(s, size - 1);
	s[n] = '\0';
	for (i = n; i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80; i--)
		;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

/* A language tag; "en_US" is written "en-US". */
static char *
clean_lang(const char *s)
{
	char *r = clean_line(s), *p;

	for (p = r; p != NULL && *p != '\0'; p++)
		if (*p == '_')
			*p = '-';
	return r;
}

static int
is_web_url(const char *s)
{
	return s != NULL && (str_has_prefix_ci(s, "http://") ||
	    str_has_prefix_ci(s, "https://"));
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

/* Drops the quotes around a name: "\"Jane Doe\"" is Jane Doe. */
static char *
unquote(char *s)
{
	size_t n = strlen(s);
	char *r;

	if (n < 2 || !((s[0] == '"' && s[n - 1] == '"') ||
	    (s[0] == '\'' && s[n - 1] == '\'')))
		return s;
	r = xstrndup(s + 1, n - 2);
	free(s);
	return str_clean_inplace(r, STR_FOLD_SPACE | STR_TRIM);
}

/*
 * RSS authors come as "email (Name)", "Name (email)", "Name <email>",
 * "<email>", a name or an email: keep the name when there is one.
 */
static char *
person_from_rss(const char *s)
{
	const char *open, *close;
	char *t, *inner, *outer, *r = NULL;

	if (s == NULL)
		return NULL;
	t = clean_line(s);
	if ((open = strchr(t, '(')) != NULL &&
	    (close = strrchr(t, ')')) != NULL && close > open) {
		inner = xstrndup(open + 1, (size_t)(close - open - 1));
		outer = xstrndup(t, (size_t)(open - t));
		if (strchr(outer, '@') != NULL)
			r = clean_line(inner);
		else if (strchr(inner, '@') != NULL)
			r = clean_line(outer);
		free(inner);
		free(outer);
	} else if ((open = strchr(t, '<')) != NULL &&
	    (close = strchr(open, '>')) != NULL &&
	    memchr(open, '@', (size_t)(close - open)) != NULL) {
		outer = xstrndup(t, (size_t)(open - t));
		r = clean_line(outer);
		free(outer);
		if (*r == '\0') {
			free(r);
			inner = xstrndup(open + 1, (size_t)(close - open - 1));
			r = clean_line(inner);
			free(inner);
		}
	}
	if (r == NULL || *r == '\0') {
		free(r);
		return unquote(t);
	}
	free(t);
	return unquote(r);
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

static int
base64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Is s (n bytes) UTF-8 text with no control characters but white space? */
static int
is_text(const char *s, size_t n)
{
	uint32_t cp;
	size_t k;

	while (n > 0) {
		if ((k = str_utf8_decode(s, n, &cp)) == 0)
			return 0;
		if (str_is_unsafe(cp) && cp != '\t' && cp != '\n' && cp != '\r')
			return 0;
		s += k;
		n -= k;
	}
	return 1;
}

/* Decodes base64 text (white space allowed) up to '=' or a stray byte. */
static void
base64_decode(const char *s, struct buf *out)
{
	unsigned long acc = 0;
	int bits = 0, v;

	for (; *s != '\0' && *s != '='; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			continue;
		if ((v = base64_value((unsigned char)*s)) < 0)
			break;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_putc(out, (int)((acc >> bits) & 0xff));
		}
	}
}

/*
 * The value of a finished capture: its text, or its markup when it held
 * elements (escaped HTML and XHTML both end up as HTML).
 */
static char *
capture_value(struct capture *c, enum feed_content_type *type)
{
	int flags = STR_KEEP_NEWLINES | STR_TRIM;
	struct buf b;
	char *r;

	if (c->children || c->xhtml) {
		*type = FEED_CONTENT_HTML;
		return str_clean(buf_str(&c->markup), c->markup.len, flags);
	}
	*type = c->type;
	if (!c->base64)
		return str_clean(buf_str(&c->text), c->text.len, flags);
	/* Text that does not decode to text was not base64 after all. */
	buf_init(&b, FEED_MAX_BODY);
	base64_decode(buf_str(&c->text), &b);
	if (b.len > 0 && is_text(buf_str(&b), b.len))
		r = str_clean(buf_str(&b), b.len, flags);
	else
		r = str_clean(buf_str(&c->text), c->text.len, flags);
	buf_free(&b);
	return r;
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

	if (type == FEED_CONTENT_TEXT && c->atom && !c->base64)
		r = clean_line(v);
	else
		r = feed_text_from_html(v);
	free(v);
	return r;
}

static void
item_set_summary(struct feed_xml *x, struct capture *c, int rank)
{
	struct feed_item *it = x->item;
	enum feed_content_type type;
	char *v = capture_value(c, &type);

	if (*v == '\0' || rank <= x->summary_rank) {
		free(v);
		return;
	}
	free(it->summary);
	it->summary = v;
	it->summary_type = type;
	x->summary_rank = rank;
}

/*
 * Keeps a date from a source at least as good as the last one kept: the
 * later of equal sources wins (feeds repeat an element to correct it).
 */
static void
item_set_date(int64_t *dst, int *have, int rank, const char *s)
{
	int64_t t = date_parse(s);

	if (t != DATE_NONE && rank >= *have) {
		*dst = t;
		*have = rank;
	}
}

static void
end_item_field(struct feed_xml *x, struct capture *c)
{
	struct feed_item *it = x->item;
	enum feed_content_type type;
	char *v;

	switch (c->key) {
	case K_TITLE:
		set_ranked(&it->title, &x->title_rank, 2, capture_line(c));
		break;
	case K_MEDIA_TITLE:
		set_ranked(&it->title, &x->title_rank, 1, capture_line(c));
		break;
	case K_LINK:
		set_once(&it->link, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	case K_ORIGLINK:
		/* FeedBurner's original link beats its tracking redirect. */
		set_always(&it->link, feed_resolve_url(c->base,
		    buf_str(&c->text)));
		break;
	case K_GUID:
		v = clean_line(buf_str(&c->text));
		if (c->permalink && is_web_url(v))
			set_once(&x->guid_link, feed_resolve_url(c->base, v));
		set_once(&it->guid, v);
		break;
	case K_ID:
		set_once(&it->guid, clean_line(buf_str(&c->text)));
		break;
	case K_DESCRIPTION:
	case K_SUMMARY:
		item_set_summary(x, c, 3);
		break;
	case K_ITUNES_SUMMARY:
		item_set_summary(x, c, 2);
		break;
	case K_MEDIA_DESCRIPTION:
		item_set_summary(x, c, 1);
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
		item_set_date(&it->published, &x->published_rank, 2,
		    buf_str(&c->text));
		break;
	case K_DC_DATE:
	case K_CREATED:
		item_set_date(&it->published, &x->published_rank, 1,
		    buf_str(&c->text));
		break;
	case K_UPDATED:
		item_set_date(&it->updated, &x->updated_rank, 1,
		    buf_str(&c->text));
		break;
	case K_AUTHOR:
	case K_DC_CREATOR:
		item_add_author(it, person_from_rss(buf_str(&c->text)));
		break;
	case K_ITUNES_AUTHOR:
		set_once(&x->itunes_author, person_from_rss(buf_str(&c->text)));
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
		set_ranked(&f->description, &x->feed_desc_rank,
		    c->key == K_ITUNES_SUMMARY ? 1 : 2, v);
		break;
	case K_LANGUAGE:
		set_once(&f->language, clean_lang(buf_str(&c->text)));
		break;
	case K_LASTBUILDDATE:
	case K_UPDATED:
		feed_set_updated(x, 3, buf_str(&c->text));
		break;
	case K_PUBDATE:
		feed_set_updated(x, 2, buf_str(&c->text));
		break;
	case K_DC_DATE:
	case K_PUBLISHED:
	case K_CREATED:
		feed_set_updated(x, 1, buf_str(&c->text));
		break;
	case K_MANAGING_EDITOR:
	case K_DC_CREATOR:
	case K_AUTHOR:
		set_ranked(&f->author, &x->feed_author_rank, 3,
		    person_from_rss(buf_str(&c->text)));
		break;
	case K_ITUNES_AUTHOR:
		set_ranked(&f->author, &x->feed_author_rank, 2,
		    person_from_rss(buf_str(&c->text)));
		break;
	case K_WEBMASTER:
		set_ranked(&f->author, &x->feed_author_rank, 1,
		    person_from_rss(buf_str(&c->text)));
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
			set_once(&x->person_name,
			    clean_line(buf_str(&c->text)));
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

/* An XML MIME type: its content is inline markup, not base64. */
static int
is_xml_type(const char *t)
{
	size_t n = strlen(t);

	return (n >= 4 && str_casecmp_ascii(t + n - 4, "/xml") == 0) ||
	    (n >= 4 && str_casecmp_ascii(t + n - 4, "+xml") == 0);
}

/* Atom's type (and Atom 0.3's mode) of a text construct. */
static void
capture_type(struct capture *c, enum ns ns, const xmlChar **attrs, int n)
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
			} else if (ns == NS_ATOM10 &&
			    strchr(type, '/') != NULL &&
			    !str_has_prefix_ci(type, "text/") &&
			    !is_xml_type(type))
				c->base64 = 1;	/* RFC 4287 4.1.3.3 */
		}
		if (mode != NULL && strcmp(mode, "escaped") == 0)
			c->type = FEED_CONTENT_HTML;
		else if (mode != NULL && strcmp(mode, "base64") == 0)
			c->base64 = 1;
		if (ns == NS_ATOM03 && type == NULL && c->key != K_TITLE)
			c->type = FEED_CONTENT_HTML;
	} else if (c->key == K_TITLE)
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
	c->base64 = 0;
	c->skip_depth = -1;
	c->base = x->stack[x->depth].base;
	c->permalink = 1;
	c->type = FEED_CONTENT_TEXT;
	c->atom = ns == NS_ATOM10 || ns == NS_ATOM03;
	if (is_text_construct(k))
		capture_type(c, ns, attrs, n);
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

/* HTML elements that have no end tag: <br></br> would be two breaks. */
static int
is_void_element(const xmlChar *name)
{
	static const char *names[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input",
		"link", "meta", "param", "source", "track", "wbr",
	};
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(names); i++)
		if (strcmp((const char *)name, names[i]) == 0)
			return 1;
	return 0;
}

static void
markup_attr_value(struct buf *b, const xmlChar *p, const xmlChar *end)
{
	buf_puts(b, "=\"");
	for (; end != NULL ? p < end : *p != '\0'; p++) {
		if (*p == '&' && (end == NULL || end - p >= 5) &&
		    strncmp((const char *)p, "&#38;", 5) == 0) {
			buf_puts(b, "&amp;");
			p += 4;
		} else if (*p == '"')
			buf_puts(b, "&quot;");
		else if (*p == '&')
			buf_puts(b, "&amp;");
		else if (*p == '<')
			buf_puts(b, "&lt;");
		else
			buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

static int
same_ns(const xmlChar *a, const xmlChar *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp((const char *)a, (const char *)b) == 0;
}

/*
 * Serialises a child element of a captured element as HTML markup. An
 * element in another namespace than its parent (SVG, MathML) says so with
 * xmlns, and prefixed attributes (xlink:href) declare their prefix, so the
 * fragment stands on its own.
 */
static void
markup_start(struct feed_xml *x, const xmlChar *name, const xmlChar *uri,
    const xmlChar **attrs, int n)
{
	struct buf *b = &x->cap.markup;
	const xmlChar *parent = x->stack[x->depth - 1].uri;
	const char *base = x->stack[x->depth].base;
	int i, j;

	buf_putc(b, '<');
	buf_puts(b, (const char *)name);
	if (uri != NULL && !same_ns(uri, parent) &&
	    strcmp((const char *)uri, XHTML_NS) != 0) {
		buf_puts(b, " xmlns");
		markup_attr_value(b, uri, NULL);
	}
	for (i = 0; i < n; i++) {
		const xmlChar **a = attrs + i * 5;
		char *v, *u;

		buf_putc(b, ' ');
		if (a[1] != NULL) {
			buf_puts(b, (const char *)a[1]);
			buf_putc(b, ':');
		}
		buf_puts(b, (const char *)a[0]);
		/* Links in XHTML are relative to the xml:base in force. */
		if (a[1] == NULL && base != NULL &&
		    (strcmp((const char *)a[0], "href") == 0 ||
		    strcmp((const char *)a[0], "src") == 0)) {
			v = attr_value(a[3], a[4]);
			if ((u = feed_resolve_url(base, v)) != NULL)
				markup_attr_value(b, (const xmlChar *)u, NULL);
			else
				markup_attr_value(b, a[3], a[4]);
			free(u);
			free(v);
			continue;
		}
		markup_attr_value(b, a[3], a[4]);
	}
	for (i = 0; i < n; i++) {
		const xmlChar **a = attrs + i * 5;

		if (a[1] == NULL || a[2] == NULL ||
		    strcmp((const char *)a[1], "xml") == 0)
			continue;
		for (j = 0; j < i; j++)
			if (attrs[j * 5 + 1] != NULL && strcmp((const char *)
			    attrs[j * 5 + 1], (const char *)a[1]) == 0)
				break;
		if (j < i)
			continue;
		buf_puts(b, " xmlns:");
		buf_puts(b, (const char *)a[1]);
		markup_attr_value(b, a[2], NULL);
	}
	buf_puts(b, is_void_element(name) ? " />" : ">");
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

/* Does the root declare namespace uri, under any prefix? */
static int
declares(const xmlChar **nss, int nb_ns, const char *uri)
{
	int i;

	for (i = 0; i < nb_ns; i++)
		if (nss[2 * i + 1] != NULL && str_casecmp_ascii(
		    (const char *)nss[2 * i + 1], uri) == 0)
			return 1;
	return 0;
}

/* Makes elements in uri (NULL: no namespace) read as namespace ns. */
static void
set_core(struct feed_xml *x, const xmlChar *uri, enum ns ns)
{
	free(x->core_uri);
	x->core_uri = uri != NULL ? xstrdup((const char *)uri) : NULL;
	x->core_set = 1;
	x->core_ns = ns;
	/* What ns_of() said before may no longer hold. */
	memset(x->memo, 0, sizeof x->memo);
}

static void
detect_format(struct feed_xml *x, const xmlChar *uri, const char *name,
    const xmlChar **attrs, int n, const xmlChar **nss, int nb_ns)
{
	struct feed *f = x->feed;
	enum ns ns = ns_of(x, uri, NULL);
	char *version, *v;
	int i;

	x->root_seen = 1;
	/* It is shown in an error: clean, and cut on a character. */
	v = clean_line(name);
	snprintf(x->root_name, sizeof x->root_name, "%s", v ? v : "");
	cut_utf8(x->root_name, sizeof x->root_name);
	free(v);
	version = attr(attrs, n, "version", 0);
	if (strcmp(name, "rss") == 0) {
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
		if (ns != NS_NONE)
			set_core(x, uri, NS_NONE);
	} else if (strcmp(name, "RDF") == 0) {
		f->format = FEED_FORMAT_RSS10;
		if (!declares(nss, nb_ns, "http://purl.org/rss/1.0/")) {
			if (declares(nss, nb_ns,
			    "http://my.netscape.com/rdf/simple/0.9/"))
				f->format = FEED_FORMAT_RSS090;
			else
				for (i = 0; i < nb_ns; i++)
					if (nss[2 * i] == NULL &&
					    nss[2 * i + 1] != NULL)
						set_core(x, nss[2 * i + 1],
						    NS_RSS10);
		}
	} else if (strcmp(name, "feed") == 0) {
		if (ns == NS_ATOM03 || (version != NULL &&
		    strcmp(version, "0.3") == 0))
			f->format = FEED_FORMAT_ATOM03;
		else
			f->format = FEED_FORMAT_ATOM10;
		if (ns != NS_ATOM10 && ns != NS_ATOM03)
			set_core(x, uri, f->format == FEED_FORMAT_ATOM03 ?
			    NS_ATOM03 : NS_ATOM10);
	} else if (strcmp(name, "channel") == 0) {
		f->format = FEED_FORMAT_RSS091;
		if (ns != NS_NONE)
			set_core(x, uri, NS_NONE);
	} else if (strcmp(name, "Channel") == 0 && uri != NULL &&
	    strcmp((const char *)uri, "http://purl.org/net/rss1.1#") == 0) {
		f->format = FEED_FORMAT_RSS10;	/* RSS 1.1, RSS 1.0's heir */
		set_core(x, uri, NS_NONE);
	} else if (strcmp(name, "entry") == 0 && (ns == NS_ATOM10 ||
	    ns == NS_ATOM03)) {
		/* An Atom entry document: a feed of one. */
		f->format = ns == NS_ATOM03 ? FEED_FORMAT_ATOM03 :
		    FEED_FORMAT_ATOM10;
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
			set_ranked(&x->feed->author, &x->feed_author_rank, 3,
			    xstrdup(who));
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
item_begin(struct feed_xml *x, const char *base, const xmlChar **attrs,
    int n)
{
	feed_item_free(x->item);
	x->item = feed_item_new();
	free(x->media_url);
	free(x->media_type);
	free(x->about);
	free(x->guid_link);
	free(x->itunes_author);
	x->media_url = x->media_type = x->about = NULL;
	x->guid_link = x->itunes_author = NULL;
	x->media_length = -1;
	x->title_rank = x->summary_rank = 0;
	x->published_rank = x->updated_rank = 0;
	x->about = attr_ns(attrs, n, RDF_NS, "about");
	if (x->about != NULL) {
		char *v = feed_resolve_url(base, x->about);

		free(x->about);
		x->about = v;
	}
}

/* Fills what the item lacks from the fallbacks seen, and hands it on. */
static void
item_end(struct feed_xml *x)
{
	struct feed_item *it = x->item;

	x->item = NULL;
	if (it->n_enclosures == 0 && x->media_url != NULL)
		feed_add_enclosure(it, x->media_url, x->media_type,
		    x->media_length);
	if (it->n_authors == 0 && x->itunes_author != NULL)
		feed_list_add(&it->authors, &it->n_authors, x->itunes_author);
	if (it->link == NULL && x->guid_link != NULL)
		it->link = xstrdup(x->guid_link);
	/* RSS 1.0: rdf:about names the item. */
	if (it->guid == NULL && x->about != NULL)
		it->guid = xstrdup(x->about);
	if (it->link == NULL && is_web_url(x->about))
		it->link = xstrdup(x->about);
	feed_item_finish(it);
	x->n_ended++;
	if (x->cb != NULL) {
		if (x->cb(x->arg, x->feed, it) == -1) {
			x->stopped = 1;
			xmlStopParser(x->ctxt);
		}
	} else
		feed_add_item(x->feed, it);
}

/*
 * The image URL of media:thumbnail (url), itunes:image (href, or url by
 * mistake) or <itunes:link rel="image" href>, or NULL.
 */
static char *
image_attr(enum key k, const char *base, const xmlChar **attrs, int n)
{
	char *u = NULL, *r;

	if (k == K_ITUNES_LINK) {
		if ((u = attr(attrs, n, "rel", 0)) == NULL ||
		    strcmp(u, "image") != 0) {
			free(u);
			return NULL;
		}
		free(u);
		u = NULL;
	}
	if (k != K_MEDIA_THUMBNAIL)
		u = attr(attrs, n, "href", 0);
	if (u == NULL)
		u = attr(attrs, n, "url", 0);
	r = feed_resolve_url(base, u);
	free(u);
	return r;
}

/* Elements of an item whose data is in attributes; 1 when handled. */
static int
item_attributes(struct feed_xml *x, enum key k, enum ns ns, const char *base,
    const xmlChar **attrs, int n)
{
	struct feed_item *it = x->item;
	char *u, *t, *l, *v;

	switch (k) {
	case K_ENCLOSURE:
		u = attr(attrs, n, "url", 0);
		t = attr(attrs, n, "type", 0);
		l = attr(attrs, n, "length", 0);
		v = feed_resolve_url(base, u);
		feed_add_enclosure(it, v, t, parse_length(l));
		free(v), free(u), free(t), free(l);
		return 1;
	case K_MEDIA_CONTENT:
		u = attr(attrs, n, "url", 0);
		if (u != NULL && x->media_url == NULL) {
			x->media_url = feed_resolve_url(base, u);
			x->media_type = attr(attrs, n, "type", 0);
			l = attr(attrs, n, "fileSize", 0);
			x->media_length = parse_length(l);
			free(l);
		}
		free(u);
		return 1;
	case K_MEDIA_THUMBNAIL:
	case K_ITUNES_IMAGE:
	case K_ITUNES_LINK:
		set_once(&it->image, image_attr(k, base, attrs, n));
		return 1;
	case K_ITUNES_CATEGORY:
		u = attr(attrs, n, "text", 0);
		v = clean_line(u);
		feed_list_add(&it->categories, &it->n_categories, v);
		free(v), free(u);
		return 1;
	case K_CATEGORY:
		if (ns != NS_ATOM10 && ns != NS_ATOM03)
			return 0;
		/* The label is for display; the term when there is none. */
		u = attr(attrs, n, "label", 0);
		if (u == NULL || str_is_blank(u)) {
			free(u);
			u = attr(attrs, n, "term", 0);
		}
		if (u == NULL)
			return 0;
		v = clean_line(u);
		feed_list_add(&it->categories, &it->n_categories, v);
		free(v), free(u);
		return 1;
	default:
		return 0;
	}
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_ns, const xmlChar **nss, int nb_attrs,
    int nb_defaulted, const xmlChar **attrs)
{
	struct feed_xml *x = state(ctx);
	struct frame *parent, *fr;
	const char *name = (const char *)localname;
	enum ns ns;
	enum key k;
	enum ctx c;
	char *v;

	if (x->stopped || x->not_feed || x->too_deep)
		return;
	if (x->depth >= FEED_MAX_DEPTH) {
		x->too_deep = 1;
		xmlStopParser(x->ctxt);
		return;
	}
	parent = &x->stack[x->depth];
	fr = &x->stack[++x->depth];
	*fr = *parent;
	fr->base_owned = 0;
	fr->outer = parent->ctx;
	fr->uri = uri;
	fr->name = localname;
	if ((v = attr_ns(attrs, nb_attrs, XML_NS, "base")) != NULL) {
		fr->base = feed_resolve_url(parent->base, v);
		fr->base_owned = fr->base != NULL;
		if (fr->base == NULL)
			fr->base = parent->base;
		free(v);
	}
	if (!x->root_seen) {
		detect_format(x, uri, name, attrs, nb_attrs, nss, nb_ns);
		if (x->not_feed)
			return;
		if ((v = attr_ns(attrs, nb_attrs, XML_NS, "lang")) != NULL)
			set_once(&x->feed->language, clean_lang(v)), free(v);
		k = key_of(ns_of(x, uri, prefix), name);
		if (k == K_CHANNEL || strcmp(name, "feed") == 0 ||
		    strcmp(name, "Channel") == 0)
			fr->ctx = CTX_FEED;
		else if (k == K_ENTRY) {
			fr->ctx = CTX_ITEM;
			item_begin(x, fr->base, attrs, nb_attrs);
		}
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
		/*
		 * The first child makes the value markup: the text read so
		 * far becomes its start, and from here on both are kept.
		 */
		if (!cp->children && !cp->xhtml)
			markup_text(&cp->markup, buf_str(&cp->text),
			    cp->text.len);
		cp->children = 1;
		markup_start(x, localname, uri, attrs, nb_attrs);
		return;
	}

	classify(x, uri, prefix, localname, &ns, &k);
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
		item_begin(x, fr->base, attrs, nb_attrs);
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
	if (c == CTX_ITEM && x->item != NULL &&
	    item_attributes(x, k, ns, fr->base, attrs, nb_attrs))
		return;
	if (c == CTX_FEED) {
		if (k == K_ITUNES_IMAGE || k == K_ITUNES_LINK) {
			set_once(&x->feed->image, image_attr(k, fr->base,
			    attrs, nb_attrs));
			return;
		}
		if (k == K_CATEGORY || k == K_ITUNES_CATEGORY)
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

	if (x->stopped || x->not_feed || x->too_deep || x->depth == 0)
		return;
	fr = &x->stack[x->depth];
	if (x->cap.active) {
		if (x->depth == x->cap.depth)
			end_capture(x);
		else if (x->depth == x->cap.skip_depth)
			x->cap.skip_depth = -2;
		else if (!is_void_element(localname)) {
			buf_puts(&x->cap.markup, "</");
			buf_puts(&x->cap.markup, (const char *)localname);
			buf_putc(&x->cap.markup, '>');
		}
	} else if (fr->ctx == CTX_PERSON && fr->outer != CTX_PERSON)
		end_person(x, fr->outer);
	else if (fr->ctx == CTX_ITEM && fr->outer != CTX_ITEM &&
	    x->item != NULL)
		item_end(x);
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
	/* The markup is kept only once it can be needed (see on_start). */
	if (x->cap.children || x->cap.xhtml)
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
		cut_utf8(x->first_error, sizeof x->first_error);
		free(msg);
	}
}

/* ---- the byte filter --------------------------------------------------- */

/*
 * Labels read as UTF-8, with each byte that is not UTF-8 read as
 * windows-1252: real feeds labelled with these are as often one as the
 * other, and windows-1252 is a superset of Latin-1 and ASCII.
 */
static const char *utf8_labels[] = {
	"utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968",
	"iso-8859-1", "iso8859-1", "iso_8859-1", "iso-latin-1", "latin1",
	"latin-1", "l1", "cp819", "ibm819", "windows-1252", "cp1252",
	"x-cp1252",
};

/*
 * Labels read as the charset that real documents so labelled use (the
 * superset browsers decode them with), and Python's names, which feeds
 * use, for charsets iconv spells otherwise.
 */
static const struct {
	const char	*label;
	const char	*iconv;
} charset_aliases[] = {
	{ "gb2312", "GB18030" },
	{ "gbk", "GB18030" },
	{ "x-gbk", "GB18030" },
	{ "big5", "BIG5-HKSCS" },
	{ "shift_jis", "CP932" },
	{ "shift-jis", "CP932" },
	{ "sjis", "CP932" },
	{ "x-sjis", "CP932" },
	{ "euc-kr", "CP949" },
	{ "ks_c_5601-1987", "CP949" },
	{ "iso-8859-9", "CP1254" },
	{ "latin5", "CP1254" },
	{ "tis-620", "CP874" },
	{ "iso-8859-11", "CP874" },
	{ "maclatin2", "MAC-CENTRALEUROPE" },
	{ "maciceland", "MAC-IS" },
	{ "macroman", "MACINTOSH" },
	{ "maccyrillic", "MAC-CYRILLIC" },
	{ "cp_is", "CP861" },
};

/*
 * Opens a decoder from the charset called name (lower case) to UTF-8,
 * trying the spellings iconv knows: windows_1251 as windows-1251,
 * csibm861 (an IANA alias) as ibm861, maccentraleurope as
 * mac-centraleurope.
 */
static iconv_t
open_charset(const char *name)
{
	char alt[56];
	iconv_t cd;
	size_t i;

	if ((cd = iconv_open("UTF-8", name)) != (iconv_t)-1)
		return cd;
	snprintf(alt, sizeof alt, "%s", name);
	for (i = 0; alt[i] != '\0'; i++)
		if (alt[i] == '_')
			alt[i] = '-';
	if ((cd = iconv_open("UTF-8", alt)) != (iconv_t)-1)
		return cd;
	if (strncmp(name, "cs", 2) == 0 &&
	    (cd = iconv_open("UTF-8", name + 2)) != (iconv_t)-1)
		return cd;
	if (strncmp(name, "mac", 3) == 0 && name[3] != '-') {
		snprintf(alt, sizeof alt, "mac-%s", name + 3);
		return iconv_open("UTF-8", alt);
	}
	return (iconv_t)-1;
}

/*
 * Chooses how the bytes are decoded: label is the HTTP charset, else the
 * XML declaration's. A document we read so far as ASCII cannot be UTF-16,
 * and one naming a charset nobody knows is most likely UTF-8: both are
 * read like UTF-8. Other charsets are decoded here through iconv, so a
 * byte that does not belong costs one U+FFFD, not the rest of the feed.
 */
static void
filter_choose(struct feed_xml *x, const char *label)
{
	struct filter *f = &x->filter;
	char name[48];
	size_t i, n = 0;

	f->repair = 1;
	if (label == NULL)
		return;
	for (i = 0; label[i] != '\0' && n + 1 < sizeof name; i++) {
		unsigned char ch = (unsigned char)label[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_' || ch == '.' || ch == ':')
			name[n++] = (char)ch;
	}
	name[n] = '\0';
	if (n == 0 || str_has_prefix_ci(name, "utf-") ||
	    str_has_prefix_ci(name, "ucs") ||
	    str_has_prefix_ci(name, "unicode"))
		return;
	for (i = 0; i < UTIL_ARRAY_LEN(utf8_labels); i++)
		if (strcmp(name, utf8_labels[i]) == 0)
			return;
	for (i = 0; i < UTIL_ARRAY_LEN(charset_aliases); i++)
		if (strcmp(name, charset_aliases[i].label) == 0) {
			snprintf(name, sizeof name, "%s",
			    charset_aliases[i].iconv);
			break;
		}
	if ((f->cd = open_charset(name)) == (iconv_t)-1)
		return;
	f->have_cd = 1;
}

/*
 * Decodes n bytes of the document's charset into UTF-8 in out: a byte
 * that does not belong becomes U+FFFD; a character cut by the end of the
 * chunk waits for the next.
 */
static void
filter_iconv(struct filter *f, const char *s, size_t n, int final,
    struct buf *out)
{
	struct buf joined;
	char tmp[4096], *in, *o;
	size_t inleft, oleft;

	buf_init(&joined, 0);
	buf_append(&joined, f->icarry, f->nicarry);
	buf_append(&joined, s, n);
	f->nicarry = 0;
	in = joined.data;
	inleft = joined.len;
	while (inleft > 0) {
		o = tmp;
		oleft = sizeof tmp;
		if (iconv(f->cd, &in, &inleft, &o, &oleft) != (size_t)-1 ||
		    errno == E2BIG) {
			buf_append(out, tmp, sizeof tmp - oleft);
			continue;
		}
		buf_append(out, tmp, sizeof tmp - oleft);
		if (errno == EINVAL && !final &&
		    inleft <= sizeof f->icarry) {
			memcpy(f->icarry, in, inleft);
			f->nicarry = inleft;
			break;
		}
		buf_puts(out, "\xef\xbf\xbd");
		in++;
		inleft--;
	}
	if (final) {
		o = tmp;
		oleft = sizeof tmp;
		(void)iconv(f->cd, NULL, NULL, &o, &oleft);
		buf_append(out, tmp, sizeof tmp - oleft);
	}
	buf_free(&joined);
}

/* Bytes of an XML declaration read at most for its encoding. */
#define FEED_DECL_MAX	1024

/* The encoding named by an XML declaration at s, copied into out. */
static void
declared_encoding(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i, end, k = 0;
	char q;

	out[0] = '\0';
	for (end = 0; end + 1 < n && !(s[end] == '?' && s[end + 1] == '>');
	    end++)
		;
	for (i = 0; i + 8 <= end; i++)
		if (memcmp(s + i, "encoding", 8) == 0)
			break;
	if (i + 8 > end)
		return;
	for (i += 8; i < end && (s[i] == ' ' || s[i] == '\t' ||
	    s[i] == '\r' || s[i] == '\n' || s[i] == '='); i++)
		;
	if (i >= end || (s[i] != '"' && s[i] != '\''))
		return;
	q = s[i++];
	while (i < end && s[i] != q && k + 1 < outlen)
		out[k++] = s[i++];
	out[k] = '\0';
}

static int
is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Does s (n bytes) start like an HTML page that XML cannot read? */
static int
starts_like_html(const char *s, size_t n)
{
	return (n >= 14 && str_ncasecmp_ascii(s, "<!doctype html", 14) == 0) ||
	    (n >= 5 && str_ncasecmp_ascii(s, "<html", 5) == 0);
}

/*
 * UTF-16 or UTF-32, told by a BOM (whose length goes in *bom) or by the
 * zero bytes around the first '<'; NULL for anything else.
 */
static const char *
wide_charset(const unsigned char *u, size_t n, size_t *bom)
{
	*bom = 0;
	if (n >= 4 && memcmp(u, "\0\0\xfe\xff", 4) == 0)
		return *bom = 4, "UTF-32BE";
	if (n >= 4 && memcmp(u, "\xff\xfe\0\0", 4) == 0)
		return *bom = 4, "UTF-32LE";
	if (n >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return *bom = 2, "UTF-16BE";
	if (n >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return *bom = 2, "UTF-16LE";
	if (n < 4 || memchr(u, 0, 4) == NULL)
		return NULL;
	if (u[0] == 0 && u[1] == 0 && u[2] == 0)
		return "UTF-32BE";
	if (u[1] == 0 && u[2] == 0 && u[3] == 0)
		return "UTF-32LE";
	if (u[0] == 0)
		return "UTF-16BE";
	if (u[1] == 0)
		return "UTF-16LE";
	return NULL;
}

/*
 * EBCDIC ("<?xm" in code page 37): the declaration's characters are the
 * same in every EBCDIC code page, so the head is read as IBM037 to find
 * the label, and the document is decoded like any other charset, with
 * the page it names (IBM037 when it names none iconv knows). Returns 0
 * while the declaration is still incomplete.
 */
static int
ebcdic_decide(struct feed_xml *x, int enough)
{
	struct filter *f = &x->filter;
	const char *u = buf_str(&f->head);
	size_t n = f->head.len, k, inleft, outleft;
	char decl[512], label[48] = "", *in, *out;
	iconv_t cd;

	for (k = 0; k + 1 < n && k + 1 < sizeof decl; k++)
		if (u[k] == '\x6f' && u[k + 1] == '\x6e')	/* "?>" */
			break;
	if (k + 1 >= n && !enough)
		return 0;
	if ((cd = iconv_open("UTF-8", "IBM037")) != (iconv_t)-1) {
		in = (char *)(uintptr_t)u;
		inleft = k + 2 < n ? k + 2 : n;
		out = decl;
		outleft = sizeof decl - 1;
		(void)iconv(cd, &in, &inleft, &out, &outleft);
		*out = '\0';
		iconv_close(cd);
		declared_encoding(decl, strlen(decl), label, sizeof label);
	}
	f->stage = FILTER_TEXT;
	filter_choose(x, label[0] != '\0' ? label : "ibm037");
	if (!f->have_cd)
		filter_choose(x, "ibm037");
	if (!f->have_cd)
		f->stage = FILTER_RAW;	/* no iconv: libxml2 reads it */
	return 1;
}

/*
 * Decides, once enough of the head is held, how the document is read.
 * Returns 0 while more bytes are needed, else 1 with the offset where
 * the document starts (after a UTF-8 BOM and leading white space).
 */
static int
filter_decide(struct feed_xml *x, int final, size_t *start)
{
	struct filter *f = &x->filter;
	const unsigned char *u = (const unsigned char *)buf_str(&f->head);
	size_t n = f->head.len, i = 0, k;
	char label[48] = "";
	const char *wide;
	int bom = 0, enough = final || n >= 4096;

	if (n < 4 && !enough)
		return 0;
	/* UTF-16 and UTF-32 are decoded here, whatever their label says. */
	if ((wide = wide_charset(u, n, &k)) != NULL) {
		f->stage = FILTER_TEXT;
		f->repair = 1;
		if ((f->cd = iconv_open("UTF-8", wide)) != (iconv_t)-1) {
			f->have_cd = 1;
			*start = k;
			return 1;
		}
		f->stage = FILTER_RAW;
	}
	if (f->stage != FILTER_RAW && n >= 4 &&
	    memcmp(u, "\x4c\x6f\xa7\x94", 4) == 0) {
		if (!ebcdic_decide(x, enough))
			return 0;
		*start = 0;
		return 1;
	}
	if (f->stage == FILTER_RAW) {
		*start = 0;
		return 1;
	}
	if (n >= 3 && memcmp(u, "\xef\xbb\xbf", 3) == 0)
		i = 3, bom = 1;
	while (i < n && is_blank_byte(u[i]))
		i++;
	if (n - i < 5 && !enough)
		return 0;
	if (n - i >= 5 && memcmp(u + i, "<?xml", 5) == 0) {
		/*
		 * The declaration is read from a window of fixed size, so
		 * that how the bytes arrived never changes the label: one
		 * with no "?>" in its first FEED_DECL_MAX bytes is read up
		 * to there, once they are all here.
		 */
		size_t lim = n - i < FEED_DECL_MAX ? n - i : FEED_DECL_MAX;

		for (k = i; k + 1 < i + lim; k++)
			if (u[k] == '?' && u[k + 1] == '>')
				break;
		if (k + 1 >= i + lim && lim < FEED_DECL_MAX && !final)
			return 0;
		declared_encoding((const char *)u + i, lim, label,
		    sizeof label);
	}
	f->stage = FILTER_TEXT;
	x->web_page = starts_like_html((const char *)u + i, n - i);
	/* A BOM outranks every label; HTTP's charset outranks the XML's. */
	filter_choose(x, bom ? NULL : x->charset != NULL ? x->charset :
	    label[0] != '\0' ? label : NULL);
	*start = i;
	return 1;
}

static int
is_ref_char(unsigned char c, int hex)
{
	if (c >= '0' && c <= '9')
		return 1;
	return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

static int
is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * C1 controls in text are windows-1252 characters that went through the
 * wrong decoder: U+0092 was meant as U+2019 (browsers read &#146; so too).
 */
static uint32_t
c1_as_cp1252(uint32_t v)
{
	unsigned char b = (unsigned char)v;

	if (v >= 0x80 && v < 0xa0)
		(void)str_utf8_decode((const char *)&b, 1, &v);
	return v;
}

/*
 * Writes a character reference XML accepts: 128-159 are read as
 * windows-1252, controls are dropped and what is not a character becomes
 * U+FFFD.
 */
static void
filter_char_ref(struct buf *out, uint32_t v)
{
	v = c1_as_cp1252(v);
	if (v == '\t' || v == '\n' || v == '\r' || (v >= 0x20 &&
	    v < 0xd800) || (v >= 0xe000 && v < 0xfffe) || (v >= 0x10000 &&
	    v <= 0x10ffff))
		buf_printf(out, "&#x%X;", (unsigned)v);
	else if (v >= 0x20)
		buf_puts(out, "&#xFFFD;");
}

/*
 * Looks at an '&' reference at s (n bytes available). Returns its length
 * when complete and fills out with what to emit, 0 when more bytes are
 * needed, or -1 when it is a bare ampersand.
 */
static int
filter_ref(struct filter *f, const char *s, size_t n, struct buf *out)
{
	static const char *xml_names[] = { "amp", "lt", "gt", "quot", "apos" };
	const htmlEntityDesc *h;
	char name[40];
	size_t i = 1, k;
	uint32_t v = 0;
	int hex = 0;

	if (n < 2)
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (i < n && (s[i] == 'x' || s[i] == 'X'))
			i++, hex = 1;
		for (k = i; i < n && i < 24 && is_ref_char((unsigned char)s[i],
		    hex); i++) {
			unsigned char ch = (unsigned char)s[i];
			uint32_t d = ch <= '9' ? (uint32_t)(ch - '0') :
			    (uint32_t)((ch | 0x20) - 'a' + 10);

			v = v > 0x10ffff ? 0x110000 : v * (hex ? 16 : 10) + d;
		}
		if (i == n && i < 24)
			return 0;
		if (i == k || i >= n || s[i] != ';')
			return -1;
		filter_char_ref(out, v);
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
		filter_char_ref(out, h->value);
		return (int)(i + 1);
	}
	/* An entity the document declares, or one nobody knows: as text. */
	if (f->entities)
		goto keep;
	buf_puts(out, "&amp;");
	buf_append(out, s + 1, i);
	return (int)(i + 1);
keep:
	buf_append(out, s, i + 1);
	return (int)(i + 1);
}

/* Is s (n bytes, not valid) the start of a UTF-8 sequence cut short? */
static int
utf8_cut(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t need, i;

	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4;
	else
		return 0;
	if (n >= need)
		return 0;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 0;
	return 1;
}

/* Can c follow '<' in markup: a name, an end tag, "<!" or "<?"? */
static int
starts_markup(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':' || c == '/' || c == '!' || c == '?' || c >= 0x80;
}

/* Advances a match of the len characters of pat by ch; 1 when complete. */
static int
filter_match(size_t *m, const char *pat, size_t len, char ch)
{
	if (ch == pat[*m]) {
		if (++*m == len) {
			*m = 0;
			return 1;
		}
	} else
		*m = ch == pat[0] ? 1 : 0;
	return 0;
}

/*
 * Follows tags, quoted attribute values, comments, processing
 * instructions and declarations, so a '<' in an attribute value can be
 * told from one that opens a tag. ch is the current character and next
 * the one after it ('\0' when not known; a '<' is never last).
 */
static void
filter_lex(struct filter *f, unsigned char ch, char next)
{
	switch (f->lex) {
	case LEX_TEXT:
		if (ch != '<')
			break;
		f->lex = next == '?' ? LEX_PI : next == '!' ? LEX_DECL :
		    LEX_TAG;
		f->lex_n = 0;
		f->dashes = f->brackets = 0;
		break;
	case LEX_TAG:
		if (ch == '"' || ch == '\'') {
			f->lex = LEX_VALUE;
			f->quote = (char)ch;
		} else if (ch == '>')
			f->lex = LEX_TEXT;
		break;
	case LEX_VALUE:
		if (ch == (unsigned char)f->quote)
			f->lex = LEX_TAG;
		break;
	case LEX_COMMENT:	/* filter_text() reads comments itself */
		break;
	case LEX_PI:
		if (ch == '>' && f->dashes)
			f->lex = LEX_TEXT;
		f->dashes = ch == '?';
		break;
	case LEX_DECL:
		/* "<!" then "--" is a comment; "[CDATA[" is seen elsewhere. */
		f->lex_n++;
		if (f->lex_n <= 3 && ch == '-' && (f->lex_n == 2 ||
		    (f->lex_n == 3 && f->dashes))) {
			f->dashes = 1;
			if (f->lex_n == 3) {
				f->lex = LEX_COMMENT;
				f->dashes = 0;
			}
		} else if (ch == '[')
			f->brackets++;
		else if (ch == ']' && f->brackets > 0)
			f->brackets--;
		else if (ch == '>' && f->brackets == 0)
			f->lex = LEX_TEXT;
		break;
	}
}

/*
 * Bytes the filter passes on untouched, by state: in character data (T),
 * in a tag (G), in an attribute value quoted with " (D) or ' (S), and in
 * a CDATA section (C). Bytes from 0x80 up are UTF-8, checked apart.
 */
enum { PLAIN_T = 1, PLAIN_G = 2, PLAIN_D = 4, PLAIN_S = 8, PLAIN_C = 16 };

static const unsigned char filter_plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 31, 31, 0, 0, 31, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	31, 31, 25, 31, 31, 31, 16, 21, 31, 31, 31, 31, 31, 31, 31, 31,
	31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 16, 31, 0, 31,
	31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
	31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 15, 31, 31,
	31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
	31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
};

/*
 * Skips, from s[i], the bytes filter_text() would pass on without a
 * change of state: most of a document. Returns where it stopped. Only in
 * the common states (text, tag, value, CDATA) with no pattern half matched.
 */
static size_t
filter_skip(struct filter *f, const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t from = i, k;
	unsigned mask;
	uint32_t cp;

	if (f->cdata)
		mask = PLAIN_C;
	else if (f->cdata_open != 0 || f->entity_open != 0)
		return i;
	else if (f->lex == LEX_TEXT)
		mask = PLAIN_T;
	else if (f->lex == LEX_TAG)
		mask = PLAIN_G;
	else if (f->lex == LEX_VALUE)
		mask = f->quote == '"' ? PLAIN_D : PLAIN_S;
	else
		return i;
	while (i < n) {
		if (filter_plain[u[i]] & mask) {
			i++;
			continue;
		}
		if (u[i] < 0x80)
			break;
		if (!f->repair) {
			i++;
			continue;
		}
		/* As filter_text(): UTF-8 from U+00A0 on, but no noncharacter. */
		k = str_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || cp < 0xa0 || cp == 0xfffe || cp == 0xffff)
			break;
		i += k;
	}
	/* Any byte but ']' and '>' ends a "]]>" begun in a CDATA section. */
	if (f->cdata && i > from)
		f->cdata_close = 0;
	return i;
}

static void
filter_carry(struct filter *f, const char *s, size_t n)
{
	f->ncarry = n < sizeof f->carry ? n : sizeof f->carry;
	memcpy(f->carry, s, f->ncarry);
}

/*
 * Filters the bytes of an ASCII-compatible document into x->out: control
 * characters dropped, bytes that are not UTF-8 read as windows-1252 (when
 * repairing), references fixed outside CDATA sections. A reference or a
 * character cut by the end of the chunk waits in the carry.
 */
static void
filter_text(struct feed_xml *x, const char *s, size_t n, int final)
{
	static const char cdata_open[] = "<![CDATA[";
	static const char entity_decl[] = "<!ENTITY";
	struct filter *f = &x->filter;
	struct buf joined;
	char enc[4];
	size_t i, start, k;
	uint32_t cp;
	int r;

	buf_init(&joined, 0);
	if (f->ncarry > 0) {
		buf_append(&joined, f->carry, f->ncarry);
		buf_append(&joined, s, n);
		s = buf_str(&joined);
		n = joined.len;
		f->ncarry = 0;
	}
	for (i = start = 0; i < n; i++) {
		unsigned char ch;

		if (!f->lead && f->lex != LEX_COMMENT &&
		    (i = filter_skip(f, s, n, i)) == n)
			break;
		ch = (unsigned char)s[i];
		/* White space before the first markup (decoded UTF-16). */
		if (f->lead) {
			if (is_blank_byte(ch) || ch == 0) {
				buf_append(&x->out, s + start, i - start);
				start = i + 1;
				continue;
			}
			f->lead = 0;
		}
		/*
		 * A comment's text goes (it holds nothing we read): libxml2's
		 * push parser cannot always find its way out of a malformed
		 * one, such as "--->", when the bytes come in pieces.
		 */
		if (f->lex == LEX_COMMENT) {
			buf_append(&x->out, s + start, i - start);
			start = i + 1;
			if (ch == '>' && f->dashes >= 2) {
				buf_puts(&x->out, "-->");
				f->lex = LEX_TEXT;
			}
			f->dashes = ch == '-' ? f->dashes + 1 : 0;
			continue;
		}
		if (ch >= 0x80) {
			f->cdata_open = f->cdata_close = f->entity_open = 0;
			if (!f->repair)
				continue;
			k = str_utf8_decode(s + i, n - i, &cp);
			if (k > 0 && cp >= 0xa0 && cp != 0xfffe &&
			    cp != 0xffff) {
				i += k - 1;
				continue;
			}
			buf_append(&x->out, s + start, i - start);
			if (k == 0 && !final && utf8_cut(s + i, n - i)) {
				filter_carry(f, s + i, n - i);
				start = n;
				break;
			}
			if (k > 0)
				cp = cp < 0xa0 ? c1_as_cp1252(cp) : 0xfffd;
			buf_append(&x->out, enc, str_utf8_encode(cp, enc));
			start = i + (k > 0 ? k : 1);
			i = start - 1;
			continue;
		}
		if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
			buf_append(&x->out, s + start, i - start);
			start = i + 1;
			continue;
		}
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
		if (ch == '<' && f->lex != LEX_COMMENT && f->lex != LEX_PI) {
			if (i + 1 == n && !final) {
				buf_append(&x->out, s + start, i - start);
				filter_carry(f, s + i, 1);
				start = n;
				break;
			}
			/*
			 * "a < b", or a '<' in an attribute value: text. A
			 * stray '<' makes libxml2 give up on the document.
			 */
			if (i + 1 == n || f->lex == LEX_VALUE ||
			    !starts_markup((unsigned char)s[i + 1])) {
				buf_append(&x->out, s + start, i - start);
				buf_puts(&x->out, "&lt;");
				start = i + 1;
				f->cdata_open = f->entity_open = 0;
				continue;
			}
		}
		/*
		 * A '>' that closes no tag is written &gt;: libxml2's push
		 * parser takes the first '>' it holds for the end of a tag it
		 * waits for, and reads "]]>" in text differently depending on
		 * where the chunks break.
		 */
		if (ch == '>' && (f->lex == LEX_VALUE || f->lex == LEX_TEXT)) {
			buf_append(&x->out, s + start, i - start);
			buf_puts(&x->out, "&gt;");
			start = i + 1;
			continue;
		}
		filter_lex(f, ch, i + 1 < n ? s[i + 1] : '\0');
		if (filter_match(&f->cdata_open, cdata_open,
		    sizeof cdata_open - 1, (char)ch)) {
			f->cdata = 1;
			f->lex = LEX_TEXT;
		}
		if (filter_match(&f->entity_open, entity_decl,
		    sizeof entity_decl - 1, (char)ch))
			f->entities = 1;
		if (ch != '&')
			continue;
		buf_append(&x->out, s + start, i - start);
		r = filter_ref(f, s + i, n - i, &x->out);
		if (r == 0 && !final && n - i <= sizeof f->carry) {
			filter_carry(f, s + i, n - i);
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

/* Decodes a legacy charset, if the document has one, then filters. */
static void
filter_decoded(struct feed_xml *x, const char *s, size_t n, int final)
{
	struct buf utf8;

	if (!x->filter.have_cd) {
		filter_text(x, s, n, final);
		return;
	}
	buf_init(&utf8, 0);
	filter_iconv(&x->filter, s, n, final, &utf8);
	filter_text(x, buf_str(&utf8), utf8.len, final);
	buf_free(&utf8);
}

/* Filters one chunk into x->out. */
static void
filter_chunk(struct feed_xml *x, const char *s, size_t n, int final)
{
	struct filter *f = &x->filter;
	struct buf head;
	size_t start;

	buf_reset(&x->out);
	if (f->stage == FILTER_HEAD) {
		buf_append(&f->head, s, n);
		if (!filter_decide(x, final, &start))
			return;
		head = f->head;
		buf_init(&f->head, 0);
		if (f->stage == FILTER_RAW)
			buf_append(&x->out, head.data, head.len);
		else
			filter_decoded(x, buf_str(&head) + start,
			    head.len - start, final);
		buf_free(&head);
		return;
	}
	if (f->stage == FILTER_RAW)
		buf_append(&x->out, s, n);
	else
		filter_decoded(x, s, n, final);
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
	buf_init(&x->filter.head, 0);
	x->filter.lead = 1;
	buf_init(&x->cap.text, FEED_MAX_BODY + 1);
	buf_init(&x->cap.markup, 2 * FEED_MAX_BODY);
	buf_init(&x->out, 0);
	return x;
}

static int
start_parser(struct feed_xml *x)
{
	static xmlSAXHandler sax;
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
	/* The filter chose the encoding: the declaration has no say. */
	if (x->filter.stage == FILTER_TEXT)
		opts |= XML_PARSE_IGNORE_ENC;
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

/* Why the document was not read, in err; 0 when it was. */
static int
finish_error(struct feed_xml *x, char *err, size_t errlen)
{
	if (x->too_deep)
		util_errf(err, errlen, "not read: elements nested deeper than "
		    "%d", FEED_MAX_DEPTH);
	else if (x->not_feed)
		util_errf(err, errlen, "not a feed: the document is <%s>%s",
		    x->root_name, str_casecmp_ascii(x->root_name, "html") == 0 ?
		    " (a web page)" : "");
	else if (!x->root_seen && x->web_page)
		util_errf(err, errlen,
		    "not a feed: the document is a web page");
	else if (!x->root_seen && x->errors > 0)
		util_errf(err, errlen, "not XML: %s", x->first_error);
	else if (!x->root_seen)
		util_errf(err, errlen, "not a feed: no root element");
	else
		return 0;
	return -1;
}

int
feed_xml_finish(struct feed_xml *x, char *err, size_t errlen)
{
	int errors = x->errors;

	filter_chunk(x, "", 0, 1);
	if (feed_xml_parse(x, 1) == -1 && !x->stopped) {
		util_errf(err, errlen, "could not start the XML parser");
		return -1;
	}
	if (finish_error(x, err, errlen) == -1) {
		cut_utf8(err, errlen);
		return -1;
	}
	/*
	 * A document well formed up to its end, where elements are still
	 * open, was cut short (a server or proxy that ended the body early
	 * with a clean close). Its whole items are kept; the caller says the
	 * feed was cut. With earlier errors, open elements may only be a
	 * mismatched tag that recovery left open: no warning then.
	 */
	if (!x->stopped && errors == 0 && x->depth > 0 &&
	    x->depth <= FEED_MAX_DEPTH && x->stack[x->depth].name != NULL) {
		char *name = clean_line((const char *)x->stack[x->depth].name);

		snprintf(x->warning, sizeof x->warning, "cut short: the "
		    "document ends inside <%s>, after %zu whole article%s",
		    name, x->n_ended, x->n_ended == 1 ? "" : "s");
		cut_utf8(x->warning, sizeof x->warning);
		free(name);
	}
	return 0;
}

const char *
feed_xml_warning(const struct feed_xml *x)
{
	return x->warning[0] != '\0' ? x->warning : NULL;
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
	if (x->filter.have_cd)
		iconv_close(x->filter.cd);
	feed_item_free(x->item);
	free(x->core_uri);
	free(x->about);
	free(x->guid_link);
	free(x->itunes_author);
	free(x->person_name);
	free(x->person_email);
	free(x->media_url);
	free(x->media_type);
	buf_free(&x->filter.head);
	buf_free(&x->cap.text);
	buf_free(&x->cap.markup);
	buf_free(&x->out);
	free(x->url);
	free(x->charset);
	free(x);
}
