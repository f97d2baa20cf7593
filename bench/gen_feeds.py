#!/usr/bin/env python3
"""Generate synthetic RSS 2.0 and Atom 1.0 feeds for tidings' benchmarks.

usage: gen_feeds.py DIR NFEEDS NITEMS [--seed N] [--paragraphs N]

Writes DIR/feed-NNNN.xml (even numbers RSS 2.0, odd numbers Atom 1.0), each
with NITEMS items carrying HTML bodies, entities, CDATA, authors, categories
and enclosures, plus DIR/urls-template listing the file names. Output is
deterministic for a given seed, so runs are comparable.
"""
import os
import random
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

WORDS = ("the council said on tuesday that a new plan for the city "
         "would bring more trains buses and bicycle lanes to the centre "
         "while critics argued that costs had been badly underestimated "
         "résumé naïve café “quoted” — dash 東京 データ").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def body(rng, paragraphs):
    parts = []
    for i in range(paragraphs):
        p = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(3))
        if i == 1:
            p += ' See <a href="https://example.com/ref/%d">the report</a>.' % rng.randint(1, 9999)
        if i == 2:
            parts.append("<blockquote><p>“%s”</p></blockquote>" % sentence(rng, 12))
        parts.append("<p>%s &amp; more</p>" % p)
    return "\n".join(parts)


def rss(rng, idx, nitems, paragraphs, now):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           "<channel><title>Bench feed %d</title>" % idx,
           "<link>https://bench%d.example.com/</link>" % idx,
           "<description>Synthetic feed %d</description>" % idx]
    for i in range(nitems):
        t = now - timedelta(minutes=17 * i + idx)
        out.append("<item><title>%s</title>" % escape(sentence(rng, 8)))
        out.append("<link>https://bench%d.example.com/a/%d</link>" % (idx, i))
        out.append('<guid isPermaLink="false">bench-%d-%d</guid>' % (idx, i))
        out.append("<pubDate>%s</pubDate>" % format_datetime(t))
        out.append("<dc:creator>Reporter %d</dc:creator>" % (i % 7))
        out.append("<category>Section %d</category>" % (i % 5))
        out.append("<description>%s</description>" % escape(sentence(rng, 25)))
        out.append("<content:encoded><![CDATA[%s]]></content:encoded>" % body(rng, paragraphs))
        if i % 10 == 0:
            out.append('<enclosure url="https://bench%d.example.com/e/%d.mp3" '
                       'type="audio/mpeg" length="%d"/>' % (idx, i, 1000 + i))
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)


def atom(rng, idx, nitems, paragraphs, now):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           "<title>Bench feed %d</title>" % idx,
           '<link href="https://bench%d.example.com/"/>' % idx,
           "<id>urn:bench:%d</id><updated>%s</updated>" % (idx, now.isoformat())]
    for i in range(nitems):
        t = now - timedelta(minutes=17 * i + idx)
        out.append("<entry><title>%s</title>" % escape(sentence(rng, 8)))
        out.append('<link href="https://bench%d.example.com/a/%d"/>' % (idx, i))
        out.append("<id>urn:bench:%d:%d</id>" % (idx, i))
        out.append("<published>%s</published><updated>%s</updated>" %
                   (t.isoformat(), t.isoformat()))
        out.append("<author><name>Reporter %d</name></author>" % (i % 7))
        out.append('<category term="Section %d"/>' % (i % 5))
        out.append("<summary>%s</summary>" % escape(sentence(rng, 25)))
        out.append('<content type="html">%s</content>' % escape(body(rng, paragraphs)))
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    seed, paragraphs = 1, 4
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if "--paragraphs" in args:
        i = args.index("--paragraphs")
        paragraphs = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 3:
        sys.exit(__doc__)
    outdir, nfeeds, nitems = args[0], int(args[1]), int(args[2])
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    names = []
    for idx in range(nfeeds):
        make = rss if idx % 2 == 0 else atom
        name = "feed-%04d.xml" % idx
        with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
            f.write(make(rng, idx, nitems, paragraphs, now))
        names.append(name)
    with open(os.path.join(outdir, "urls-template"), "w") as f:
        f.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
