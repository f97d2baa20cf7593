/*
 * feed_xml.h: the streaming RSS/RDF/Atom parser behind feed_parser
 * (internal to the feed module).
 */
#ifndef TIDINGS_FEED_XML_H
#define TIDINGS_FEED_XML_H

#include "feed.h"

struct feed_xml;

/* Fills feed (borrowed) as the document streams in. */
struct feed_xml *feed_xml_new(struct feed *feed, const char *url,
	    const char *charset, feed_item_cb cb, void *arg);
int	 feed_xml_push(struct feed_xml *, const char *, size_t);
int	 feed_xml_finish(struct feed_xml *, char *err, size_t errlen);
const char *feed_xml_warning(const struct feed_xml *);
void	 feed_xml_free(struct feed_xml *);

#endif
