/*
 * xml_dl.c: libxml2, loaded with dlopen() the first time tidings parses
 * something (a feed, an article's HTML, an OPML file).
 *
 * libxml2 brings ICU and the C++ runtime with it, and mapping them cost
 * more CPU than everything else tidings does before its first screen,
 * which needs no XML at all. So the tidings binary is not linked with
 * libxml2: this file defines, under libxml2's own names, every function
 * libtidings.a calls (and the xmlFree variable it reads), each a
 * forwarder that loads the library on first use. The headers are included,
 * so the compiler checks every forwarder against libxml2's prototype.
 *
 * Linked into src/tidings only, never into libtidings.a: the unit tests
 * and the fuzzers link libxml2 itself. A libxml2 function that gains a
 * caller in libtidings.a needs a line here, or src/tidings fails to link.
 * Must never be called from a signal handler; loads at most once.
 */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlwriter.h>

#include "util.h"

/* Every function forwarded, with its return type, parameters, arguments. */
#define XML_DL_FUNCS(F, V) \
	F(htmlDocPtr, htmlCtxtReadMemory, (htmlParserCtxtPtr c, \
	    const char *b, int n, const char *u, const char *e, int o), \
	    (c, b, n, u, e, o)) \
	F(const htmlEntityDesc *, htmlEntityLookup, (const xmlChar *n), (n)) \
	V(htmlFreeParserCtxt, (htmlParserCtxtPtr c), (c)) \
	F(htmlParserCtxtPtr, htmlNewParserCtxt, (void), ()) \
	F(htmlDocPtr, htmlReadMemory, (const char *b, int n, const char *u, \
	    const char *e, int o), (b, n, u, e, o)) \
	F(const xmlChar *, xmlBufferContent, (const xmlBuffer *b), (b)) \
	F(xmlBufferPtr, xmlBufferCreate, (void), ()) \
	V(xmlBufferFree, (xmlBufferPtr b), (b)) \
	F(int, xmlBufferLength, (const xmlBuffer *b), (b)) \
	F(xmlChar *, xmlBuildURI, (const xmlChar *u, const xmlChar *b), \
	    (u, b)) \
	F(int, xmlCharEncCloseFunc, (xmlCharEncodingHandler *h), (h)) \
	F(xmlParserCtxtPtr, xmlCreatePushParserCtxt, (xmlSAXHandlerPtr s, \
	    void *d, const char *c, int n, const char *f), (s, d, c, n, f)) \
	F(xmlErrorPtr, xmlCtxtGetLastError, (void *c), (c)) \
	F(xmlDocPtr, xmlCtxtReadMemory, (xmlParserCtxtPtr c, const char *b, \
	    int n, const char *u, const char *e, int o), (c, b, n, u, e, o)) \
	F(int, xmlCtxtUseOptions, (xmlParserCtxtPtr c, int o), (c, o)) \
	F(xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *d), (d)) \
	F(xmlCharEncodingHandlerPtr, xmlFindCharEncodingHandler, \
	    (const char *n), (n)) \
	V(xmlFreeDoc, (xmlDocPtr d), (d)) \
	V(xmlFreeNode, (xmlNodePtr n), (n)) \
	V(xmlFreeParserCtxt, (xmlParserCtxtPtr c), (c)) \
	V(xmlFreeTextWriter, (xmlTextWriterPtr w), (w)) \
	F(long, xmlGetLineNo, (const xmlNode *n), (n)) \
	F(xmlChar *, xmlGetProp, (const xmlNode *n, const xmlChar *a), \
	    (n, a)) \
	F(xmlAttrPtr, xmlHasProp, (const xmlNode *n, const xmlChar *a), \
	    (n, a)) \
	F(xmlNodePtr, xmlNewDocNode, (xmlDocPtr d, xmlNsPtr ns, \
	    const xmlChar *n, const xmlChar *c), (d, ns, n, c)) \
	F(xmlParserCtxtPtr, xmlNewParserCtxt, (void), ()) \
	F(xmlTextWriterPtr, xmlNewTextWriterMemory, (xmlBufferPtr b, int c), \
	    (b, c)) \
	F(xmlChar *, xmlNodeGetContent, (const xmlNode *n), (n)) \
	F(xmlChar *, xmlNodeListGetString, (xmlDocPtr d, const xmlNode *l, \
	    int i), (d, l, i)) \
	V(xmlNodeSetName, (xmlNodePtr n, const xmlChar *a), (n, a)) \
	F(int, xmlParseChunk, (xmlParserCtxtPtr c, const char *b, int n, \
	    int t), (c, b, n, t)) \
	V(xmlSAX2Characters, (void *c, const xmlChar *s, int n), (c, s, n)) \
	F(xmlEntityPtr, xmlSAX2GetEntity, (void *c, const xmlChar *n), \
	    (c, n)) \
	F(int, xmlSAXVersion, (xmlSAXHandler *h, int v), (h, v)) \
	F(xmlAttrPtr, xmlSetProp, (xmlNodePtr n, const xmlChar *a, \
	    const xmlChar *v), (n, a, v)) \
	V(xmlStopParser, (xmlParserCtxtPtr c), (c)) \
	F(int, xmlTextWriterEndDocument, (xmlTextWriterPtr w), (w)) \
	F(int, xmlTextWriterEndElement, (xmlTextWriterPtr w), (w)) \
	F(int, xmlTextWriterSetIndent, (xmlTextWriterPtr w, int i), (w, i)) \
	F(int, xmlTextWriterSetIndentString, (xmlTextWriterPtr w, \
	    const xmlChar *s), (w, s)) \
	F(int, xmlTextWriterStartDocument, (xmlTextWriterPtr w, \
	    const char *v, const char *e, const char *s), (w, v, e, s)) \
	F(int, xmlTextWriterStartElement, (xmlTextWriterPtr w, \
	    const xmlChar *n), (w, n)) \
	F(int, xmlTextWriterWriteAttribute, (xmlTextWriterPtr w, \
	    const xmlChar *n, const xmlChar *c), (w, n, c)) \
	F(int, xmlTextWriterWriteElement, (xmlTextWriterPtr w, \
	    const xmlChar *n, const xmlChar *c), (w, n, c)) \
	V(xmlUnlinkNode, (xmlNodePtr n), (n)) \
	F(int, xmlUnsetProp, (xmlNodePtr n, const xmlChar *a), (n, a))

#define XML_DL_ENUM_F(ret, name, params, args) XS_##name,
#define XML_DL_ENUM_V(name, params, args) XS_##name,
enum xml_dl_sym {
	XML_DL_FUNCS(XML_DL_ENUM_F, XML_DL_ENUM_V)
	XS_xmlInitParser,
	XS_xmlCleanupParser,
	XS_xmlSetGenericErrorFunc,
	XS_xmlSetStructuredErrorFunc,
	XS_xmlThrDefSetGenericErrorFunc,
	XS_xmlThrDefSetStructuredErrorFunc,
	XS_xmlFree,		/* a variable: libxml2's free function */
	XS__COUNT
};

#define XML_DL_NAME_F(ret, name, params, args) #name,
#define XML_DL_NAME_V(name, params, args) #name,
static const char *const xml_dl_names[XS__COUNT] = {
	XML_DL_FUNCS(XML_DL_NAME_F, XML_DL_NAME_V)
	"xmlInitParser",
	"xmlCleanupParser",
	"xmlSetGenericErrorFunc",
	"xmlSetStructuredErrorFunc",
	"xmlThrDefSetGenericErrorFunc",
	"xmlThrDefSetStructuredErrorFunc",
	"xmlFree",
};

static void *xml_dl_table[XS__COUNT];
static volatile int xml_dl_loaded;
static pthread_once_t xml_dl_once = PTHREAD_ONCE_INIT;

/*
 * The error handlers set before the library is loaded (feed_init() does
 * it at start), applied when it loads: as the defaults of every thread,
 * and for the thread that loads it.
 */
static struct {
	int	 set;
	void	*ctx;
	xmlGenericErrorFunc fn;
} xml_dl_generic;
static struct {
	int	 set;
	void	*ctx;
	xmlStructuredErrorFunc fn;
} xml_dl_structured;

/* Loads libxml2 and every symbol, or ends tidings through util_fatal(). */
static void
xml_dl_load_once(void)
{
	void *lib;
	size_t i;

	if ((lib = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL)) == NULL)
		util_fatal("cannot load libxml2.so.2 (%s): install the Debian "
		    "package libxml2", dlerror());
	for (i = 0; i < XS__COUNT; i++)
		if ((xml_dl_table[i] = dlsym(lib, xml_dl_names[i])) == NULL)
			util_fatal("libxml2.so.2 lacks %s: it is older than "
			    "2.9", xml_dl_names[i]);
	((void (*)(void))xml_dl_table[XS_xmlInitParser])();
	if (xml_dl_generic.set) {
		((void (*)(void *, xmlGenericErrorFunc))xml_dl_table[
		    XS_xmlThrDefSetGenericErrorFunc])(xml_dl_generic.ctx,
		    xml_dl_generic.fn);
		((void (*)(void *, xmlGenericErrorFunc))xml_dl_table[
		    XS_xmlSetGenericErrorFunc])(xml_dl_generic.ctx,
		    xml_dl_generic.fn);
	}
	if (xml_dl_structured.set) {
		((void (*)(void *, xmlStructuredErrorFunc))xml_dl_table[
		    XS_xmlThrDefSetStructuredErrorFunc])(xml_dl_structured.ctx,
		    xml_dl_structured.fn);
		((void (*)(void *, xmlStructuredErrorFunc))xml_dl_table[
		    XS_xmlSetStructuredErrorFunc])(xml_dl_structured.ctx,
		    xml_dl_structured.fn);
	}
	xml_dl_loaded = 1;
}

/* Parsing runs on a thread of its own too: the load happens once. */
static void
xml_dl_load(void)
{
	pthread_once(&xml_dl_once, xml_dl_load_once);
}

static void *
xml_dl_sym(enum xml_dl_sym s)
{
	xml_dl_load();
	return xml_dl_table[s];
}

/*
 * feed_init() quiets libxml2 at start, before anything is parsed: kept
 * until the library loads, so that the start does not load it.
 */
void
xmlSetGenericErrorFunc(void *ctx, xmlGenericErrorFunc fn)
{
	if (xml_dl_loaded) {
		((void (*)(void *, xmlGenericErrorFunc))xml_dl_table[
		    XS_xmlSetGenericErrorFunc])(ctx, fn);
		return;
	}
	xml_dl_generic.set = 1;
	xml_dl_generic.ctx = ctx;
	xml_dl_generic.fn = fn;
}

void
xmlThrDefSetGenericErrorFunc(void *ctx, xmlGenericErrorFunc fn)
{
	if (xml_dl_loaded) {
		((void (*)(void *, xmlGenericErrorFunc))xml_dl_table[
		    XS_xmlThrDefSetGenericErrorFunc])(ctx, fn);
		return;
	}
	xml_dl_generic.set = 1;
	xml_dl_generic.ctx = ctx;
	xml_dl_generic.fn = fn;
}

void
xmlSetStructuredErrorFunc(void *ctx, xmlStructuredErrorFunc fn)
{
	if (xml_dl_loaded) {
		((void (*)(void *, xmlStructuredErrorFunc))xml_dl_table[
		    XS_xmlSetStructuredErrorFunc])(ctx, fn);
		return;
	}
	xml_dl_structured.set = 1;
	xml_dl_structured.ctx = ctx;
	xml_dl_structured.fn = fn;
}

void
xmlThrDefSetStructuredErrorFunc(void *ctx, xmlStructuredErrorFunc fn)
{
	if (xml_dl_loaded) {
		((void (*)(void *, xmlStructuredErrorFunc))xml_dl_table[
		    XS_xmlThrDefSetStructuredErrorFunc])(ctx, fn);
		return;
	}
	xml_dl_structured.set = 1;
	xml_dl_structured.ctx = ctx;
	xml_dl_structured.fn = fn;
}

/* POSIX lets a dlsym() result be converted to a function pointer. */
#define XML_DL_DEF_F(ret, name, params, args) \
	ret name params \
	{ \
		return ((ret (*)params)xml_dl_sym(XS_##name)) args; \
	}
#define XML_DL_DEF_V(name, params, args) \
	void name params \
	{ \
		((void (*)params)xml_dl_sym(XS_##name)) args; \
	}
XML_DL_FUNCS(XML_DL_DEF_F, XML_DL_DEF_V)

/* main() calls it at start: the library initialises itself on loading. */
void
xmlInitParser(void)
{
}

/* Frees libxml2's global state, if it was ever loaded. */
void
xmlCleanupParser(void)
{
	if (xml_dl_loaded)
		((void (*)(void))xml_dl_table[XS_xmlCleanupParser])();
}

/* Memory libxml2 handed out goes back through libxml2's own xmlFree. */
static void
xml_dl_free(void *p)
{
	if (p != NULL)
		(*(xmlFreeFunc *)xml_dl_sym(XS_xmlFree))(p);
}

#undef xmlFree
xmlFreeFunc xmlFree = xml_dl_free;
