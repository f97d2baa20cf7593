#!/bin/sh
# tests/dump_feed.sh: `tidings --dump-feed` from files and standard input,
# its JSON shape, and one clear line on stderr for unreadable input.
. "${top_srcdir:-.}/tests/lib.sh"
scratch

if ! command -v "$PYTHON" >/dev/null; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi

cat >"$tmp/rss.xml" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Dump &amp; test</title>
<link>https://example.com/</link>
<item><title>One</title><link>https://example.com/1</link>
<guid>g1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
<enclosure url="https://example.com/a.mp3" type="audio/mpeg" length="42"/>
<category>c1</category></item>
</channel></rss>
XML

"$TIDINGS" --dump-feed "$tmp/rss.xml" >"$tmp/out.json" 2>"$tmp/err"
check "dump of a file exits 0" [ $? -eq 0 ]
check "output is valid JSON" "$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out.json"
same "format" "$(pyjson "$tmp/out.json" 'd["format"]')" "rss2.0"
same "feed title decoded" "$(pyjson "$tmp/out.json" 'd["title"]')" "Dump & test"
same "item date in UTC" "$(pyjson "$tmp/out.json" 'd["items"][0]["published"]')" "2003-06-10T04:00:00Z"
same "enclosure length" "$(pyjson "$tmp/out.json" 'd["items"][0]["enclosures"][0]["length"]')" "42"
same "absent values are null" "$(pyjson "$tmp/out.json" 'd["language"]')" "null"
same "every documented key is present" \
	"$(pyjson "$tmp/out.json" 'sorted(set(["format","title","link","description","language","updated","author","items"]) - set(d))')" "[]"
same "every documented item key is present" \
	"$(pyjson "$tmp/out.json" 'sorted(set(["title","link","guid","published","updated","author","summary","content","content_type","enclosures","categories"]) - set(d["items"][0]))')" "[]"

"$TIDINGS" --dump-feed - <"$tmp/rss.xml" >"$tmp/stdin.json"
check "standard input gives the same JSON" cmp -s "$tmp/out.json" "$tmp/stdin.json"

printf '<html><body>not a feed</body></html>' >"$tmp/page.html"
"$TIDINGS" --dump-feed "$tmp/page.html" >"$tmp/o" 2>"$tmp/err"
rc=$?
check "an HTML page exits non-zero" [ $rc -ne 0 ]
same "with one line on stderr" "$(wc -l <"$tmp/err" | tr -d ' ')" "1"
check "that says it is not a feed" grep -q "not a feed" "$tmp/err"

"$TIDINGS" --dump-feed "$tmp/missing.xml" >"$tmp/o" 2>"$tmp/err"
check "a missing file exits non-zero" [ $? -ne 0 ]
check "naming the file" grep -q "missing.xml" "$tmp/err"

: >"$tmp/empty.xml"
"$TIDINGS" --dump-feed "$tmp/empty.xml" >"$tmp/o" 2>"$tmp/err"
check "an empty file exits non-zero" [ $? -ne 0 ]

printf '\033]0;pwned\007<rss version="2.0"><channel><title>x\033[2J\302\233y</title></channel></rss>' >"$tmp/esc.xml"
"$TIDINGS" --dump-feed "$tmp/esc.xml" >"$tmp/o" 2>"$tmp/err"
check "no ESC byte reaches the output" sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/o' '$tmp/err'"
check "no CSI (U+009B) reaches the output" sh -c "! grep -q \"\$(printf '\\302\\233')\" '$tmp/o'"

# Several sources: one object each, in order, with "feed" or "error".
"$TIDINGS" --dump-feed "$tmp/rss.xml" "$tmp/missing.xml" "$tmp/page.html" \
    "$tmp/rss.xml" >"$tmp/multi.json" 2>"$tmp/err"
check "several sources, one failing: exit 1" [ $? -eq 1 ]
check "nothing on stderr: failures are in the output" [ ! -s "$tmp/err" ]
same "one object per source, in order, with feed or error" "$("$PYTHON" -c '
import json, sys
text, dec, pos, out = open(sys.argv[1]).read(), json.JSONDecoder(), 0, []
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos == len(text):
        break
    o, pos = dec.raw_decode(text, pos)
    out.append("%s:%s" % (o["source"].rsplit("/", 1)[1],
                          "feed" if "feed" in o else "error"))
print(" ".join(out))' "$tmp/multi.json")" \
    "rss.xml:feed missing.xml:error page.html:error rss.xml:feed"
same "a feed inside is the same as the one-file dump" "$("$PYTHON" -c '
import json, sys
o, _ = json.JSONDecoder().raw_decode(open(sys.argv[1]).read())
print(o["feed"] == json.load(open(sys.argv[2])))' "$tmp/multi.json" "$tmp/out.json")" "True"
"$TIDINGS" --dump-feed "$tmp/rss.xml" "$tmp/rss.xml" >/dev/null 2>&1
check "several sources, all read: exit 0" [ $? -eq 0 ]

# A document cut short is read up to its last whole item, and says so.
printf '<rss version="2.0"><channel><title>T</title><item><title>one</title></item><item><title>tw' >"$tmp/cut.xml"
"$TIDINGS" --dump-feed "$tmp/cut.xml" >"$tmp/o" 2>"$tmp/err"
check "a document cut short still dumps: exit 0" [ $? -eq 0 ]
same "its whole item is there" "$("$PYTHON" -c 'import json,sys; print([i["title"] for i in json.load(open(sys.argv[1]))["items"]])' "$tmp/o")" "['one']"
check "and one line on stderr says it was cut" grep -q "cut.xml: cut short: the document ends inside <title>, after 1 whole article$" "$tmp/err"
same "several sources: a \"warning\" beside its feed" "$("$TIDINGS" --dump-feed "$tmp/cut.xml" "$tmp/rss.xml" 2>/dev/null | "$PYTHON" -c '
import json, sys
d = json.JSONDecoder(); s = sys.stdin.read(); i = 0; out = []
while i < len(s):
    while i < len(s) and s[i].isspace(): i += 1
    if i == len(s): break
    o, i = d.raw_decode(s, i); out.append(o.get("warning", "-")[:9])
print(out)')" "['cut short', '-']"

done_testing
