/*
 * fill_cache.c: fills a tidings cache with NFEEDS x NITEMS synthetic
 * articles through the store module, for the start-up benchmark (a
 * million articles is faster to store directly than to serve and parse).
 * usage: fill_cache CACHE URLS-OUT NFEEDS NITEMS [CJK-PERCENT]
 * Writes the feeds' URLs (http://127.0.0.1:9/bench-N.xml) to URLS-OUT.
 * With CJK-PERCENT, that share of the articles (every feed's same ones)
 * is Chinese and Japanese text without spaces, for bench/search: words of
 * one to four characters from a fixed lexicon, common ones more often,
 * from the same pseudo-random sequence every run.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "store.h"
#include "util.h"

/* Common Han characters, then kana: the lexicon's words are made of them. */
static const char cjk_pool[] =
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要"
    "下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事"
    "只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民"
    "样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情"
    "部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口"
    "使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处"
    "总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死"
    "常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象"
    "记边共风战干接它许八特觉望直服毛林题建南度统色请交爱让认算论百吃义科"
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも"
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ";

#define CJK_WORDS 6000

static char *cjk_words[CJK_WORDS];
static uint64_t rng = 88172645463325252ull;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The lexicon: CJK_WORDS words of 1 to 4 characters (3 bytes each). */
static void
cjk_lexicon(void)
{
	size_t nchars = (sizeof(cjk_pool) - 1) / 3, i, j, n;

	for (i = 0; i < CJK_WORDS; i++) {
		n = 1 + (size_t)(next_rand() % 100 < 15 ? 0 :
		    next_rand() % 100 < 70 ? 1 : 2 + next_rand() % 2);
		cjk_words[i] = xcalloc(n * 3 + 1, 1);
		for (j = 0; j < n; j++)
			memcpy(cjk_words[i] + j * 3, cjk_pool + 3 *
			    (next_rand() % nchars), 3);
	}
}

/* Appends about nchars characters of words to b (at most len bytes). */
static void
cjk_text(char *b, size_t len, size_t nchars)
{
	size_t at = strlen(b), n = 0, w;
	double u;

	while (n < nchars) {
		/* Common words more often: the lexicon's start, squared. */
		u = (double)(next_rand() % 1000000) / 1000000.0;
		w = (size_t)(u * u * u * CJK_WORDS);
		if (at + strlen(cjk_words[w]) + 4 >= len)
			break;
		memcpy(b + at, cjk_words[w], strlen(cjk_words[w]));
		at += strlen(cjk_words[w]);
		n += strlen(cjk_words[w]) / 3;
		if (next_rand() % 12 == 0) {
			memcpy(b + at, "\xe3\x80\x82", 3);	/* 。 */
			at += 3;
		}
	}
	b[at] = '\0';
}

int
main(int argc, char **argv)
{
	struct store *s;
	struct feed feed;
	struct feed_item it;
	char err[256], title[256], guid[64], link[128], body[2048];
	long nfeeds, nitems, f, i, cjk = 0;
	int64_t id, now = 1795000000;
	FILE *urls;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: fill_cache CACHE URLS-OUT NFEEDS "
		    "NITEMS [CJK-PERCENT]\n");
		return 2;
	}
	nfeeds = atol(argv[3]);
	nitems = atol(argv[4]);
	if (argc == 6)
		cjk = atol(argv[5]);
	cjk_lexicon();
	if ((s = store_open(argv[1], 0, err, sizeof err)) == NULL ||
	    (urls = fopen(argv[2], "w")) == NULL) {
		fprintf(stderr, "fill_cache: %s\n", s ? argv[2] : err);
		return 1;
	}
	for (f = 0; f < nfeeds; f++) {
		char *url = xasprintf("http://127.0.0.1:9/bench-%ld.xml", f);

		fprintf(urls, "%s\n", url);
		if (store_begin(s) == -1 || (id = store_feed_add(s, url)) < 0)
			goto fail;
		memset(&feed, 0, sizeof feed);
		snprintf(title, sizeof title, "Bench feed %ld", f);
		feed.title = title;
		feed.format = FEED_FORMAT_RSS20;
		feed.updated = DATE_NONE;
		if (store_feed_set_meta(s, id, &feed) == -1)
			goto fail;
		for (i = 0; i < nitems; i++) {
			memset(&it, 0, sizeof it);
			snprintf(title, sizeof title, "Article %ld of feed %ld: "
			    "the council approves a plan for the city", i, f);
			snprintf(guid, sizeof guid, "bench-%ld-%ld", f, i);
			snprintf(link, sizeof link,
			    "https://bench%ld.example.com/a/%ld", f, i);
			snprintf(body, sizeof body, "<p>Paragraph one of article "
			    "%ld. The council said on Tuesday that a new plan "
			    "would bring more trains.</p><p>Critics argued that "
			    "costs had been underestimated.</p>", i);
			if (i % 100 < cjk) {
				snprintf(title, sizeof title, "%ld: ", i);
				cjk_text(title, sizeof title, 16);
				snprintf(body, sizeof body, "<p>");
				cjk_text(body, sizeof body - 8, 200);
				memcpy(body + strlen(body), "</p>", 5);
			}
			it.title = title;
			it.guid = guid;
			it.link = link;
			it.content = body;
			it.content_type = FEED_CONTENT_HTML;
			it.published = now - (int64_t)(i * 600 + f);
			it.updated = DATE_NONE;
			if (store_item_put(s, id, &it) == -1)
				goto fail;
		}
		if (store_feed_set_fetch(s, id, 200, NULL, NULL, NULL, 0,
		    NULL) == -1 || store_commit(s) == -1)
			goto fail;
		free(url);
	}
	fclose(urls);
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "fill_cache: %s\n", store_error(s));
	return 1;
}
