/*
 * json.h: a small JSON (RFC 8259) reader that builds a read-only tree, and
 * helpers that write JSON text into a struct buf.
 *
 * The reader is meant for hostile documents of a few MB held in memory:
 * it enforces a nesting depth, a value count and a string length, and
 * always yields valid UTF-8 strings without NUL bytes. It must never
 * recurse deeper than JSON_MAX_DEPTH, read past the length it is given, or
 * depend on the locale. The tree is built whole (no streaming): callers
 * bound the document's size first (feed.c uses FEED_MAX_JSON).
 */
#ifndef TIDINGS_JSON_H
#define TIDINGS_JSON_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define JSON_MAX_DEPTH	64		/* arrays and objects nested */
#define JSON_MAX_NODES	1000000		/* values in one document */
#define JSON_MAX_STRING	(8u << 20)	/* bytes in a string; = FEED_MAX_BODY */

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* One value of a parsed document; opaque, read through the accessors. */
struct json;

/*
 * Parses len bytes of s (a UTF-8 BOM and surrounding white space allowed).
 * Returns the root value, which the caller frees with json_free(), or NULL
 * with a one-line message in err such as
 * "JSON: expected ',' or '}' at byte 1234" (bytes counted from 0).
 * In strings, \u0000 and raw NULs are dropped, lone surrogates become
 * U+FFFD, and bytes that are not UTF-8 are read as windows-1252 (like
 * str_clean()).
 */
struct json *json_parse(const char *s, size_t len, char *err, size_t errlen);
void	 json_free(struct json *);

/*
 * Accessors. All accept NULL (an absent value reads as null, empty and
 * zero), so lookups chain: json_str(json_get(item, "title")).
 */
enum json_type json_type(const struct json *);
/* 1 only for the value true. */
int	 json_bool(const struct json *);
/* The number's value; 0 when not a number. */
double	 json_num(const struct json *);
/*
 * Stores the number in *out and returns 0 when it was written as an
 * integer (no fraction or exponent) that fits in 64 bits; -1 otherwise.
 */
int	 json_int(const struct json *, int64_t *out);
/* The string's NUL-terminated UTF-8 bytes; NULL when not a string. */
const char *json_str(const struct json *);
size_t	 json_str_len(const struct json *);
/* Number of elements of an array or members of an object; else 0. */
size_t	 json_len(const struct json *);
/* The i-th element or member value; NULL when out of range. */
const struct json *json_at(const struct json *, size_t i);
/* The i-th member's key of an object; NULL otherwise. */
const char *json_key_at(const struct json *, size_t i);
/* The value of the first member named key; NULL when absent. */
const struct json *json_get(const struct json *obj, const char *key);

/*
 * Writers. Each appends to b; a full buffer sets b->overflow. Output is
 * always valid UTF-8: invalid input bytes are read as windows-1252.
 */
/* A quoted string; escapes '"', '\\', all C0/C1 controls, DEL, U+2028/9. */
void	 json_put_string(struct buf *b, const char *s);
/* The same for n bytes that may contain NULs (written as \u0000). */
void	 json_put_stringn(struct buf *b, const char *s, size_t n);
void	 json_put_null(struct buf *b);
void	 json_put_bool(struct buf *b, int v);
void	 json_put_int(struct buf *b, int64_t v);
/* Shortest form that reads back the same; null when not finite. */
void	 json_put_num(struct buf *b, double v);
/* A whole tree, compactly (no white space). */
void	 json_write(struct buf *b, const struct json *);

#endif
