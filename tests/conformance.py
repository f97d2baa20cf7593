#!/usr/bin/env python3
"""conformance.py: scores `tidings --dump-feed` against expectations that
other feed parsers ship with their test data (the shared corpus, see
../shared/corpus/README.md), and prints one TAP line per corpus.

    conformance.py [-v] [--only NAME] [--tidings BIN] [--corpus DIR]

TIDINGS (the binary) and TIDINGS_CORPUS (the corpus folder) come from the
environment unless given as options; -v or TIDINGS_CONFORMANCE_VERBOSE=1
prints every mismatch as a TAP comment (file, field, want, got).

Corpora and what is compared:
  gofeed      testdata/translator/{rss,atom,json}: feed title, link,
              updated (or published), first author; per item title, link,
              guid, published, updated, authors, enclosures (url, type,
              length), categories. Only fields the expected file states.
  rss-parser  test/input vs test/output: per item title, link, isoDate.
  feedparser  expectations.jsonl "simple" checks whose path maps onto the
              tidings model (see FEEDPARSER_MAP).

A corpus fails when its rate falls below its floor. Floors are constants
below; raise them as the parser improves, never lower them to make a run
pass. Where an expectation is a convention tidings deliberately does not
follow, it is listed in DIFFERENCES with the reason and counted apart.

Uses the Python standard library only. Must never modify the corpus or
write anywhere but stdout.
"""
import argparse
import concurrent.futures
import datetime
import html
import html.parser
import json
import os
import re
import subprocess
import sys

# The TAP line fails below these rates. Raise them as the parser improves;
# never lower one to make a run pass. (Reached when set: gofeed 98.2%, the
# two misses being JSON Feed's feed-level date; rss-parser 100%;
# feedparser 100%.)
FLOORS = {
    "gofeed": 0.97,
    "rss-parser": 0.99,
    "feedparser": 0.99,
}

# What the issue asks for; printed beside the rate.
GOALS = {
    "gofeed": 0.95,
    "rss-parser": 0.98,
    "feedparser": 0.90,
}

# Conventions of the other parsers that tidings deliberately does not
# follow: (corpus, file pattern, field pattern, test or None, reason). A
# mismatch matching an entry (and its test(want, got, context), when it has
# one) is counted as "differs by design" and left out of the rate.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")

DIFFERENCES = [
    ("gofeed", r"", r"items\[\d+\]\.(published|updated)$",
     lambda w, g, c: g is None and w in (c["item"].get("published"),
                                         c["item"].get("updated")),
     "gofeed copies an item's only date into both published and updated; "
     "tidings keeps the one the feed gave"),
    ("gofeed", r"_links_-_", r"link$", None,
     "several <link> elements: gofeed keeps the last, tidings the first"),
    ("gofeed", r"item_fallbacks_-_rss_channel_item_extensions",
     r"categories$", None,
     "gofeed adds itunes:keywords to the categories; tidings does not "
     "(they are search keywords, often dozens)"),
    ("rss-parser", r"", r"\.link$",
     lambda w, g, c: "/~r/" in (w or "") and g is not None,
     "tidings prefers feedburner:origLink (the article itself) to "
     "FeedBurner's tracking redirect in <link>"),
    ("feedparser", r"wellformed/sanitize/", r".", lambda w, g, c: g is not None,
     "feedparser sanitises HTML (drops scripts, styles, unknown "
     "attributes); tidings keeps bodies as the feed sent them and "
     "sanitises when it renders"),
    ("feedparser", r"wellformed/base/", r"(content|summary|description|"
     r"title|tagline|info|copyright)", lambda w, g, c: g is not None,
     "feedparser rewrites relative URIs inside HTML against xml:base; "
     "tidings keeps bodies verbatim"),
    ("feedparser", r"/relative_uri|/rel_uri", r"(content|summary|description)",
     lambda w, g, c: g is not None,
     "feedparser rewrites relative URIs inside HTML against xml:base; "
     "tidings keeps bodies verbatim"),
    ("feedparser", r"", r".",
     lambda w, g, c: isinstance(w, str) and isinstance(g, str) and
     INVISIBLE.search(w) is not None and fold(INVISIBLE.sub("", w)) ==
     fold(g),
     "tidings removes invisible formatting characters (bidi marks, "
     "zero-width joiners) that can hide or reorder text"),
    ("feedparser", r"atom10/entry_category_term", r"tags\.0\.term", None,
     "tidings keeps an Atom category's label (meant for display) over its "
     "term"),
    ("feedparser", r"rss_version_missing", r"^version$", None,
     "an <rss> root with no version attribute is read as RSS 2.0"),
    ("feedparser", r"wellformed/cdf/", r".", None,
     "CDF (Microsoft's 1997 Channel Definition Format) is not a feed "
     "format tidings reads"),
    ("feedparser", r"entry_content_div_escaped_markup", r".", None,
     "type=\"html\" content holding an XHTML <div> (a Typepad bug) is "
     "kept as the markup it is"),
    ("feedparser", r"namespace/rss2\.0(mathml|svg|xlink)", r"description",
     None,
     "feedparser re-serialises escaped SVG and MathML with namespace "
     "declarations; tidings keeps escaped HTML as the feed sent it"),
    ("feedparser", r"item_description_not_a_doctype", r".", None,
     "feedparser escapes a '<!' that is not markup; tidings keeps the "
     "body as the feed sent it"),
    ("feedparser", r"x80_mac(greek|turkish)", r".", None,
     "iconv has no MacGreek or MacTurkish; such a document is read as "
     "windows-1252"),
]

# Checks that cannot be run through `--dump-feed FILE`.
FEEDPARSER_UNRUNNABLE = [
    (r"http_.*docuri",
     "needs the document's URL (feedparser fetched these over HTTP)"),
]
# feedparser's test server: a value holding it needs the document's URL.
FEEDPARSER_SERVER = "127.0.0.1:8097"

VERBOSE_ENV = "TIDINGS_CONFORMANCE_VERBOSE"


# ---- running tidings ------------------------------------------------------

class Runner:
    """Runs `tidings --dump-feed` on the files and keeps the results."""

    def __init__(self, binary, jobs):
        self.binary = binary
        self.jobs = jobs
        self.cache = {}

    def _run(self, path):
        try:
            p = subprocess.run([self.binary, "--dump-feed", path],
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
        except subprocess.TimeoutExpired:
            return {"error": "timed out"}
        if p.returncode != 0:
            err = p.stderr.decode("utf-8", "replace").strip()
            return {"error": "exit %d: %s" % (p.returncode, err[:200])}
        try:
            return {"model": json.loads(p.stdout.decode("utf-8"))}
        except (ValueError, UnicodeDecodeError) as e:
            return {"error": "bad JSON from --dump-feed: %s" % e}

    def _run_batch(self, paths):
        """One process for many files (--dump-feed with several sources
        prints one {"source", "feed" | "error"} object each); a batch that
        does not answer for every file is run again file by file."""
        if len(paths) == 1:
            return [self._run(paths[0])]
        try:
            p = subprocess.run([self.binary, "--dump-feed"] + paths,
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=300)
            text = p.stdout.decode("utf-8")
        except (subprocess.TimeoutExpired, UnicodeDecodeError):
            return [self._run(path) for path in paths]
        results, dec, pos = {}, json.JSONDecoder(), 0
        try:
            while True:
                while pos < len(text) and text[pos].isspace():
                    pos += 1
                if pos == len(text):
                    break
                obj, pos = dec.raw_decode(text, pos)
                if "error" in obj:
                    results[obj["source"]] = {
                        "error": "exit 1: tidings: %s: %s"
                                 % (obj["source"], obj["error"])}
                else:
                    results[obj["source"]] = {"model": obj["feed"]}
        except (ValueError, KeyError, TypeError):
            results = {}
        if p.returncode not in (0, 1) or len(results) != len(paths) or \
                any(path not in results for path in paths):
            return [self._run(path) for path in paths]
        return [results[path] for path in paths]

    def prefetch(self, paths):
        todo = [p for p in dict.fromkeys(paths) if p not in self.cache]
        size = max(1, min(100, len(todo) // (self.jobs * 4) or 1))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        with concurrent.futures.ThreadPoolExecutor(self.jobs) as ex:
            for chunk, res in zip(chunks, ex.map(self._run_batch, chunks)):
                for path, r in zip(chunk, res):
                    self.cache[path] = r

    def get(self, path):
        if path not in self.cache:
            self.cache[path] = self._run(path)
        return self.cache[path]


# ---- scoring ---------------------------------------------------------------

class Score:
    def __init__(self, name, verbose):
        self.name = name
        self.verbose = verbose
        self.compared = 0
        self.matched = 0
        self.by_design = 0
        self.unmapped = 0
        self.failed_files = set()
        self.mismatches = []
        self.designed = []

    def check(self, file, field, want, got, same=None, ctx=None):
        ok = (want == got) if same is None else same
        reason = None if ok else by_design(self.name, file, field, want,
                                           got, ctx)
        if reason:
            self.by_design += 1
            self.designed.append((file, field, want, got, reason))
            return ok
        self.compared += 1
        if ok:
            self.matched += 1
        else:
            self.mismatches.append((file, field, want, got))
        return ok

    def rate(self):
        return self.matched / self.compared if self.compared else 1.0


def fold(s):
    """Whitespace folded and trimmed, as tidings stores one-line text."""
    if s is None:
        return None
    return " ".join(str(s).split())


class _TextExtractor(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.append(" " if tag in ("p", "br", "div", "li") else "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(s):
    """The plain text of an HTML fragment (tags dropped, entities read)."""
    if s is None:
        return None
    p = _TextExtractor()
    try:
        p.feed(s)
        p.close()
    except Exception:
        return fold(html.unescape(s))
    return fold("".join(p.parts))


_FRACTION = re.compile(r"(\d\d:\d\d:\d\d)\.\d+")


def iso_seconds(s):
    """UTC "YYYY-MM-DDTHH:MM:SSZ" of an ISO 8601 date, or None."""
    if not s:
        return None
    t = _FRACTION.sub(r"\1", str(s).strip())
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    try:
        d = datetime.datetime.fromisoformat(t)
    except ValueError:
        return None
    if d.tzinfo is not None:
        d = d.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def tuple_seconds(v):
    """feedparser's time tuple (UTC) as "YYYY-MM-DDTHH:MM:SSZ"."""
    try:
        return "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(v[:6])
    except (TypeError, ValueError):
        return None


def load_json(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")	# rss-parser's encoding.json
    return json.loads(text)


def empty_model():
    return {"title": None, "link": None, "updated": None, "author": None,
            "description": None, "language": None, "image": None,
            "format": None, "items": []}


def model_of(runner, score, path, rel):
    res = runner.get(path)
    if "model" in res:
        return res["model"]
    score.failed_files.add(rel)
    if score.verbose:
        print("# %s: %s" % (rel, res["error"]))
    return empty_model()


def item_at(model, i):
    items = model.get("items") or []
    return items[i] if i < len(items) else {}


# ---- gofeed translator -----------------------------------------------------

def gofeed_names(people):
    out = []
    for p in people or []:
        if isinstance(p, dict):
            n = p.get("name") or p.get("email")
            if n:
                out.append(n)
    return out


def gofeed_inputs(root):
    base = os.path.join(root, "gofeed", "testdata", "translator")
    pairs = []
    for sub in ("rss", "atom", "json"):
        d = os.path.join(base, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if sub == "json":
                if not name.endswith(".json") or name.endswith(
                        "_expected.json"):
                    continue
                want = path[:-5] + "_expected.json"
            else:
                if not name.endswith(".xml"):
                    continue
                want = path[:-4] + ".json"
            if os.path.exists(want):
                pairs.append((path, want))
    return base, pairs


def score_gofeed(root, runner, verbose):
    base, pairs = gofeed_inputs(root)
    if not pairs:
        return None
    sc = Score("gofeed", verbose)
    runner.prefetch([p for p, _ in pairs])
    for path, want_path in pairs:
        rel = os.path.relpath(path, root)
        want = load_json(want_path)
        got = model_of(runner, sc, path, rel)
        if "title" in want:
            sc.check(rel, "feed.title", fold(want["title"]),
                     fold(got.get("title")))
        if "link" in want:
            sc.check(rel, "feed.link", want["link"], got.get("link"))
        wd = want.get("updatedParsed") or want.get("publishedParsed")
        if wd:
            sc.check(rel, "feed.updated", iso_seconds(wd),
                     got.get("updated"))
        names = gofeed_names(want.get("authors") or
                             ([want["author"]] if "author" in want else []))
        if names:
            sc.check(rel, "feed.author", names[0], got.get("author"))
        for i, wit in enumerate(want.get("items") or []):
            git = item_at(got, i)
            f = "items[%d]." % i
            for k in ("title", "link", "guid"):
                if k in wit:
                    w, g = wit[k], git.get(k)
                    if k == "title":
                        w, g = fold(w), fold(g)
                    sc.check(rel, f + k, w, g)
            for k in ("published", "updated"):
                if wit.get(k + "Parsed"):
                    sc.check(rel, f + k, iso_seconds(wit[k + "Parsed"]),
                             git.get(k), ctx={"item": git})
            people = wit.get("authors") or (
                [wit["author"]] if "author" in wit else [])
            if people:
                sc.check(rel, f + "authors", gofeed_names(people),
                         git.get("authors") or [])
            genc = git.get("enclosures") or []
            for j, we in enumerate(wit.get("enclosures") or []):
                ge = genc[j] if j < len(genc) else {}
                for wk, gk in (("url", "url"), ("type", "type"),
                               ("length", "length")):
                    if wk in we:
                        g = ge.get(gk)
                        sc.check(rel, f + "enclosures[%d].%s" % (j, wk),
                                 str(we[wk]),
                                 None if g is None else str(g))
            if "categories" in wit:
                sc.check(rel, f + "categories", list(wit["categories"]),
                         git.get("categories") or [])
    return sc


# ---- rss-parser ------------------------------------------------------------

def score_rss_parser(root, runner, verbose):
    ind = os.path.join(root, "rss-parser", "test", "input")
    outd = os.path.join(root, "rss-parser", "test", "output")
    if not os.path.isdir(ind) or not os.path.isdir(outd):
        return None
    pairs = []
    for name in sorted(os.listdir(ind)):
        want = os.path.join(outd, os.path.splitext(name)[0] + ".json")
        if os.path.exists(want):
            pairs.append((os.path.join(ind, name), want))
    sc = Score("rss-parser", verbose)
    runner.prefetch([p for p, _ in pairs])
    for path, want_path in pairs:
        rel = os.path.relpath(path, root)
        want = load_json(want_path).get("feed", {})
        got = model_of(runner, sc, path, rel)
        for i, wit in enumerate(want.get("items") or []):
            git = item_at(got, i)
            f = "items[%d]." % i
            if "title" in wit:
                w, g = wit["title"], git.get("title")
                sc.check(rel, f + "title", w, g,
                         same_text(w, g) or same_replaced(w, g))
            if "link" in wit:
                # rss-parser keeps the white space around a link.
                sc.check(rel, f + "link", wit["link"].strip(),
                         git.get("link"))
            if "isoDate" in wit:
                # rss-parser's date is the publication date, else the
                # update date (Atom entries with only <updated>).
                sc.check(rel, f + "isoDate", iso_seconds(wit["isoDate"]),
                         git.get("published") or git.get("updated"))
    return sc


# ---- feedparser ------------------------------------------------------------

FEEDPARSER_VERSIONS = {
    "rss090": "rss0.90", "rss091n": "rss0.91", "rss091u": "rss0.91",
    "rss092": "rss0.92", "rss093": "rss0.93", "rss094": "rss0.94",
    "rss10": "rss1.0", "rss20": "rss2.0", "atom03": "atom0.3",
    "atom10": "atom1.0",
}

_PERSON = re.compile(r"^(.*\S)\s+\(([^()]*@[^()]*)\)$")


def fp_person(v):
    """feedparser writes "Name (email)"; tidings keeps the name."""
    if not isinstance(v, str):
        return v
    m = _PERSON.match(v.strip())
    return m.group(1) if m else v.strip()


def same_text(want, got):
    """A one-line field: equal when folded, or when want is HTML whose
    text is got (tidings' titles are plain text)."""
    if want is None:
        return got is None
    if got is None:
        return html_text(want) == ""
    return fold(want) == fold(got) or html_text(want) == fold(got)


def same_replaced(want, got):
    """rss-parser decodes bytes that are not UTF-8 as U+FFFD, where
    tidings reads windows-1252: each U+FFFD stands for one character."""
    if want is None or got is None or "\ufffd" not in want:
        return False
    pat = ".".join(re.escape(p) for p in fold(want).split("\ufffd"))
    return re.fullmatch(pat, fold(got)) is not None


class _Canon(html.parser.HTMLParser):
    """HTML as a list of tokens: tags with sorted attributes, text with
    character references read, so quoting, attribute order, "<br/>" and
    "&#X61;" do not count."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_starttag(self, tag, attrs):
        self.out.append(("<", tag, tuple(sorted((k, v or "")
                                                for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.out.append(("</", tag))

    def handle_data(self, data):
        if self.out and self.out[-1][0] == "text":
            self.out[-1] = ("text", self.out[-1][1] + data)
        else:
            self.out.append(("text", data))

    def handle_comment(self, data):
        self.out.append(("!--", data))


def html_canon(s):
    p = _Canon()
    try:
        p.feed(s.strip())
        p.close()
    except Exception:
        return s.strip()
    return p.out


def same_body(want, got):
    """A body (text or HTML): equal, or the same HTML."""
    if got is None or want is None:
        return want == got
    return want.strip() == got.strip() or html_canon(want) == html_canon(got)


def same_date(want, got):
    return tuple_seconds(want) == got


def fp_date(ours_first, ours_second):
    """A date read from an element: tidings may keep it as published or
    updated (dc:date is a publication date to tidings, an update date to
    feedparser), so the field named first is tried, then the other."""
    def get(obj):
        return obj.get(ours_first) or obj.get(ours_second)
    return get


def fp_summary(it):
    # feedparser fills summary from the content when there is none.
    return it.get("summary") or it.get("content")


# (path pattern over "feed.title", "entries.0.title"...) -> how to read
# the value from the tidings model and how to compare.
FEEDPARSER_MAP = [
    (r"version", lambda m, it: m.get("format"),
     lambda w, g: FEEDPARSER_VERSIONS.get(w, w) == g),
    (r"feed\.(title|title_detail\.value)", lambda m, it: m.get("title"),
     same_text),
    (r"feed\.link", lambda m, it: m.get("link"), None),
    (r"feed\.(subtitle|tagline|description)(_detail\.value)?",
     lambda m, it: m.get("description"), same_text),
    (r"feed\.language", lambda m, it: m.get("language"), None),
    (r"feed\.(author|author_detail\.name)",
     lambda m, it: m.get("author"),
     lambda w, g: w == g or fp_person(w) == g),
    (r"feed\.(updated|published|created)_parsed",
     lambda m, it: m.get("updated"), same_date),
    (r"feed\.(image\.href|image\.url|logo|icon)",
     lambda m, it: m.get("image"), None),
    (r"entries\.N\.(title|title_detail\.value)",
     lambda m, it: it.get("title"), same_text),
    (r"entries\.N\.link", lambda m, it: it.get("link"), None),
    (r"entries\.N\.(id|guid)", lambda m, it: it.get("guid"), None),
    (r"entries\.N\.(author|author_detail\.name)",
     lambda m, it: it.get("author"), lambda w, g: w == g or
     fp_person(w) == g),
    (r"entries\.N\.(summary|description)(_detail\.value)?",
     lambda m, it: fp_summary(it), same_body),
    (r"entries\.N\.content\.0\.value", lambda m, it: it.get("content"),
     same_body),
    (r"entries\.N\.(published|created|issued)_parsed",
     lambda m, it: fp_date("published", "updated")(it), same_date),
    (r"entries\.N\.(updated|modified)_parsed",
     lambda m, it: fp_date("updated", "published")(it), same_date),
    (r"entries\.N\.enclosures\.(\d+)\.(href|url|type|length)",
     None, None),
    (r"entries\.N\.enclosures\.(\d+)", None, None),
    (r"entries\.N\.tags\.(\d+)\.term", None, None),
    (r"entries\.N\.category", lambda m, it: (it.get("categories") or
                                             [None])[0], None),
    (r"entries\.N\.comments", lambda m, it: it.get("comments"), None),
    (r"entries\.N\.(image\.href|media_thumbnail\.0\.url)",
     lambda m, it: it.get("image"), None),
    (r"entries\.N\.itunes_duration", lambda m, it: it.get("duration"),
     None),
]


def fp_enclosure(it, j):
    encs = it.get("enclosures") or []
    return encs[j] if j < len(encs) else {}


def fp_lookup(path, model):
    """Returns (found, value, compare) for a feedparser path, or
    (False, ...) when the path has no place in the tidings model."""
    idx = None
    parts = []
    for p in path:
        if isinstance(p, int) and idx is None and parts == ["entries"]:
            idx = p
            parts.append("N")
        else:
            parts.append(str(p))
    key = ".".join(parts)
    it = item_at(model, idx) if idx is not None else {}
    for pat, get, cmp in FEEDPARSER_MAP:
        m = re.fullmatch(pat, key)
        if not m:
            continue
        if pat.startswith(r"entries\.N\.enclosures"):
            e = fp_enclosure(it, int(m.group(1)))
            if m.lastindex == 1:
                g = {"href": e.get("url"), "type": e.get("type"),
                     "length": None if e.get("length") is None
                     else str(e.get("length"))}
                return True, g, lambda w, gg: all(
                    gg.get(k) == (str(v) if v is not None else None)
                    for k, v in w.items() if k in gg)
            k = {"href": "url", "url": "url"}.get(m.group(2), m.group(2))
            g = e.get(k)
            return True, (None if g is None else str(g)), \
                lambda w, gg: str(w) == gg
        if pat.startswith(r"entries\.N\.tags"):
            cats = it.get("categories") or []
            j = int(m.group(1))
            return True, (cats[j] if j < len(cats) else None), None
        return True, get(model, it), cmp
    return False, None, None


def fp_headers_ok(headers):
    """--dump-feed cannot pass HTTP headers: only a Content-type with no
    charset leaves the reading unchanged."""
    if not headers:
        return True
    for k, v in headers.items():
        if k.lower() != "content-type" or "charset" in v.lower():
            return False
    return True


def by_design(corpus, rel, field, want, got, ctx=None):
    for c, fpat, kpat, test, reason in DIFFERENCES:
        if c != corpus or not re.search(fpat, rel) or \
                not re.search(kpat, field):
            continue
        if test is None or test(want, got, ctx or {}):
            return reason
    return None


def score_feedparser(root, runner, verbose):
    base = os.path.join(root, "feedparser")
    exp = os.path.join(base, "expectations.jsonl")
    if not os.path.exists(exp):
        return None
    checks = []
    with open(exp, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                checks.append(json.loads(line))
    sc = Score("feedparser", verbose)
    todo = []
    for c in checks:
        s = c.get("simple")
        if not s or not fp_headers_ok(c.get("headers")):
            sc.unmapped += 1
            continue
        if any(re.search(p, c["file"]) for p, _ in FEEDPARSER_UNRUNNABLE) \
                or FEEDPARSER_SERVER in json.dumps(s["value"]):
            sc.unmapped += 1
            continue
        todo.append(c)
    runner.prefetch([os.path.join(base, c["file"]) for c in todo])
    for c in todo:
        s = c["simple"]
        path = os.path.join(base, c["file"])
        rel = os.path.relpath(path, root)
        res = runner.get(path)
        model = res.get("model") or empty_model()
        found, got, cmp = fp_lookup(s["path"], model)
        if not found:
            sc.unmapped += 1
            continue
        field = ".".join(str(p) for p in s["path"])
        want = s["value"]
        same = cmp(want, got) if cmp else want == got
        if "model" not in res:
            sc.failed_files.add(rel)
            if verbose:
                print("# %s: %s" % (rel, res["error"]))
        sc.check(rel, field, want, got, same)
    return sc


# ---- main ------------------------------------------------------------------

CORPORA = [
    ("gofeed", "gofeed translator fields", score_gofeed),
    ("rss-parser", "rss-parser item titles, links, dates", score_rss_parser),
    ("feedparser", "feedparser mapped checks", score_feedparser),
]


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 160 else s[:157] + "..."


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every mismatch")
    ap.add_argument("--only", help="score one corpus: " +
                    ", ".join(c[0] for c in CORPORA))
    ap.add_argument("--tidings", default=os.environ.get("TIDINGS"))
    ap.add_argument("--corpus", default=os.environ.get("TIDINGS_CORPUS"))
    ap.add_argument("-j", "--jobs", type=int, default=4)
    args = ap.parse_args()
    verbose = args.verbose or os.environ.get(VERBOSE_ENV, "") not in (
        "", "0")
    corpora = [c for c in CORPORA if args.only in (None, c[0])]
    if not corpora:
        ap.error("unknown corpus %r" % args.only)
    if not args.corpus or not os.path.isdir(args.corpus):
        print("1..0 # SKIP corpus not found (%s)" % (args.corpus or
                                                     "TIDINGS_CORPUS unset"))
        return 0
    if not args.tidings or not os.access(args.tidings, os.X_OK):
        print("Bail out! tidings binary not found: %s" % args.tidings)
        return 1
    runner = Runner(args.tidings, max(1, args.jobs))
    print("1..%d" % len(corpora))
    status = 0
    for n, (name, what, fn) in enumerate(corpora, 1):
        sc = fn(args.corpus, runner, verbose)
        if sc is None:
            print("ok %d # SKIP %s: %s not found in the corpus" %
                  (n, what, name))
            continue
        if verbose:
            for file, field, want, got, why in sc.designed:
                print("# by design: %s: %s: want %s got %s (%s)" %
                      (file, field, short(want), short(got), why[:50]))
            for file, field, want, got in sc.mismatches:
                print("# %s: %s: want %s got %s" %
                      (file, field, short(want), short(got)))
        rate = sc.rate()
        ok = rate >= FLOORS[name]
        if not ok:
            status = 1
        extra = ""
        if sc.by_design or sc.unmapped:
            extra = "; %d differ by design, %d unmapped" % (
                sc.by_design, sc.unmapped)
        if sc.failed_files:
            extra += "; %d files not read" % len(sc.failed_files)
        print("%sok %d - %s: %d/%d (%.1f%%), floor %.0f%%, goal %.0f%%%s"
              % ("" if ok else "not ", n, what, sc.matched, sc.compared,
                 100 * rate, 100 * FLOORS[name], 100 * GOALS[name], extra))
        sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
