#!/bin/bash
# tests/refresh.sh: `tidings -x reload` and friends against a real HTTP
# server on 127.0.0.1 (tests/httpd.py): conditional GET, gzip, redirects,
# HTTP errors, Retry-After, cut and oversized bodies, a web page instead of
# a feed, read state across re-fetches, kill -9 during a refresh, the
# writer lock, print-unread, the default list and OPML.
. "${top_srcdir:-.}/tests/lib.sh"
scratch

if ! command -v "$PYTHON" >/dev/null; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi

# sql DB QUERY: prints the rows of a query, one per line, "|" between fields.
sql() {
	"$PYTHON" - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
db.commit()
PY
}

mkdir -p "$tmp/www" "$tmp/home"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share"

# rss_feed N [EXTRA]: a feed with items 1..N; EXTRA is added to item 1's body.
rss_feed() {
	local i
	echo '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed A</title><link>http://example.com/</link>'
	for i in $(seq 1 "$1"); do
		echo "<item><title>Item $i</title><link>http://example.com/$i</link><guid>a-$i</guid><description>Body $i${2:+ $2}</description></item>"
	done
	echo '</channel></rss>'
}
rss_feed 3 >"$tmp/www/a.xml"

"$PYTHON" "$top_srcdir/tests/httpd.py" --log "$tmp/httpd.log" --max-seconds "$(slow 240)" "$tmp/www" >"$tmp/httpd.out" 2>"$tmp/httpd.err" &
httpd=$!
trap 'kill $httpd 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
	port=$(sed -n 's/^PORT //p' "$tmp/httpd.out")
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "1..0 # SKIP tests/httpd.py did not start: $(cat "$tmp/httpd.err")"
	exit 0
fi
base="http://127.0.0.1:$port"

# The validators: an ETag with quotes, a weak prefix and a space.
etag_q='etag=W%2F%22v1%20x%22'
cat >"$tmp/urls" <<EOF
# test feeds
$base/a.xml  news "~Feed A renamed"
$base/etag?$etag_q
$base/gzip
$base/status/404
$base/status/410
$base/status/500
$base/status/429?retry_after=3600
$base/redirect/301?to=/feed
$base/redirect/302?to=/gzip
$base/redirect-loop
$base/redirect-file
$base/cut
$base/html
$base/big?mb=40
"exec:touch $tmp/pwned"
filter:touch $tmp/pwned2:$base/feed
EOF
T="$TIDINGS -u $tmp/urls -c $tmp/cache.db"
db="$tmp/cache.db"

$T -x reload >"$tmp/out1" 2>"$tmp/err1"
rc=$?
check "a refresh with failing feeds exits 1" [ $rc -eq 1 ]
grep -q "^ok .*a.xml (3 new)" "$tmp/out1" && ok "a feed is fetched with its new articles" || not_ok "a feed is fetched with its new articles"
check "the etag feed is fetched" grep -q "^ok .*/etag" "$tmp/out1"
check "gzip is decoded" grep -q "^ok .*/gzip" "$tmp/out1"
check "404 is one clear error" grep -q "^failed .*/status/404: HTTP 404" "$tmp/out1"
check "410 is one clear error" grep -q "^failed .*/status/410: HTTP 410" "$tmp/out1"
check "500 is one clear error" grep -q "^failed .*/status/500: HTTP 500" "$tmp/out1"
check "429 fails" grep -q "^failed .*/status/429" "$tmp/out1"
check "a 301 is fetched" grep -q "^ok .*/redirect/301" "$tmp/out1"
check "a 301 is reported as a permanent move" grep -q "^moved .*/redirect/301.* moved permanently to $base/feed" "$tmp/out1"
check "a 302 is not reported as a move" sh -c "! grep -q '^moved .*/redirect/302' '$tmp/out1'"
check "a redirect loop stops with an error" grep -q "^failed .*/redirect-loop" "$tmp/out1"
check "a redirect to file:// is refused" grep -q "^failed .*/redirect-file" "$tmp/out1"
check "a cut body is an error" grep -q "^failed .*/cut" "$tmp/out1"
check "a web page is not a feed" grep -q "^failed .*/html: not a readable feed" "$tmp/out1"
check "an oversized body is cut at the limit" grep -q "^failed .*/big.*larger" "$tmp/out1"
check "an exec: line is reported with its line number" grep -q "urls:16:.*exec" "$tmp/err1"
check "a filter: line is reported" grep -q "urls:17:.*filter" "$tmp/err1"
check "exec: and filter: lines never run" [ ! -e "$tmp/pwned" ] && [ ! -e "$tmp/pwned2" ]
check "a summary line ends the report" grep -Eq "^14 feeds: [0-9]+ fetched, 0 unchanged, [0-9]+ failed, 0 skipped; [0-9]+ new articles" "$tmp/out1"
same "stored errors are kept with the feed" "$(sql "$db" "select last_error from feeds where url like '%/status/404'")" "HTTP 404 Not Found"
same "the redirect target is remembered" "$(sql "$db" "select redirect_url from feeds where url like '%/redirect/301%'")" "$base/feed"
same "the user agent is tidings/VERSION" \
	"$($PYTHON -c 'import json,sys; print(sorted({json.loads(l)["user_agent"].split(" ")[0] for l in open(sys.argv[1])}))' "$tmp/httpd.log")" \
	"['tidings/$("$TIDINGS" --version | cut -d' ' -f2)']"
same "gzip was asked for" "$($PYTHON -c 'import json,sys; print(any("gzip" in (json.loads(l)["accept_encoding"] or "") for l in open(sys.argv[1])))' "$tmp/httpd.log")" "True"

# Mark item 2 read, change item 1 and add item 4, fetch again.
sql "$db" "update items set unread = 0 where guid = 'a-2'" >/dev/null
sql "$db" "update items set unread = 0, flagged = 1 where guid = 'a-1'" >/dev/null
: >"$tmp/httpd.log"
sleep 1.1	# a new mtime gives a new ETag
rss_feed 4 "changed" >"$tmp/www/a.xml"
$T -x reload >"$tmp/out2" 2>"$tmp/err2"
check "the changed feed is fetched again with one new article" grep -q "^ok .*a.xml (1 new)" "$tmp/out2"
check "an unchanged feed is answered 304" grep -q "^unchanged .*/etag" "$tmp/out2"
check "the 429 feed is skipped while Retry-After holds" grep -q "^skipped .*/status/429.*wait until" "$tmp/out2"
same "no request is sent to it" "$(grep -c '/status/429' "$tmp/httpd.log")" "0"
same "the ETag is sent back byte for byte" \
	"$($PYTHON -c 'import json,sys; print([json.loads(l)["if_none_match"] for l in open(sys.argv[1]) if "/etag" in json.loads(l)["path"]])' "$tmp/httpd.log")" \
	"['W/\"v1 x\"']"
same "read state survives a changed item" "$(sql "$db" "select unread, flagged from items where guid = 'a-1'")" "0|1"
same "the changed item has its new body" "$(sql "$db" "select summary from items where guid = 'a-1'")" "Body 1 changed"
same "read state of an unchanged item kept" "$(sql "$db" "select unread from items where guid = 'a-2'")" "0"
same "the new item is unread" "$(sql "$db" "select unread from items where guid = 'a-4'")" "1"

: >"$tmp/httpd.log"
$T -x reload >"$tmp/out3" 2>&1
same "a third refresh of unchanged feeds sends only 304s for them" \
	"$($PYTHON -c 'import json,sys; print(sorted({json.loads(l)["status"] for l in open(sys.argv[1]) if json.loads(l)["path"] in ("/a.xml", "/etag?'"$etag_q"'")}))' "$tmp/httpd.log")" "[304]"

unread=$(sql "$db" "select count(*) from items where unread = 1")
same "print-unread counts the cache" "$($T -x print-unread)" "$unread unread articles"
same "--unread is the same" "$($T --unread)" "$unread unread articles"
# Only the feeds the interface lists: a feed gone from the urls file
# keeps its articles in the cache until cleanup, a hidden one is not listed.
printf '%s\n' "$base/a.xml" "$base/gzip \"!hidden\"" >"$tmp/urls-less"
unread_a=$(sql "$db" "select count(*) from items join feeds on feeds.id = items.feed_id where unread = 1 and url = '$base/a.xml'")
unread_gz=$(sql "$db" "select count(*) from items join feeds on feeds.id = items.feed_id where unread = 1 and url = '$base/gzip'")
check "the cache has unread articles of feeds outside that list" [ "$unread" -gt $((unread_a + unread_gz)) ] && [ "$unread_gz" -gt 0 ]
same "print-unread counts only the feeds listed now, not hidden ones" "$($TIDINGS -u "$tmp/urls-less" -c "$db" -x print-unread)" "$unread_a unread articles"
same "print-unread on no cache says 0" "$($TIDINGS -u "$tmp/urls" -c "$tmp/none.db" -x print-unread)" "0 unread articles"
check "an unknown -x command is a usage error" sh -c "$T -x frobnicate 2>/dev/null; [ \$? -eq 2 ]"

# The writer lock: a reload stuck on a stalling server holds the cache.
echo "$base/stall?seconds=$(slow 4)" >"$tmp/urls-stall"
$TIDINGS -u "$tmp/urls-stall" -c "$db" -x reload >/dev/null 2>&1 &
holder=$!
# Until the lock file names it (a second at most, unless slowed).
for _ in $(seq $((20 * TIDINGS_TEST_SLOW))); do
	grep -qx "$holder" "$db.lock" 2>/dev/null && break
	sleep 0.05
done
$T -x reload >"$tmp/out4" 2>"$tmp/err4"
rc=$?
check "a second writer exits non-zero" [ $rc -ne 0 ]
check "and names the process holding the cache" grep -q "in use by process $holder" "$tmp/err4"
same "print-unread works while the cache is held" "$($T -x print-unread)" "$unread unread articles"
kill $holder 2>/dev/null
wait $holder 2>/dev/null

# notify-program after -x reload brings new articles: one argv element.
cat >"$tmp/notify" <<EOF
#!/bin/sh
printf '%s\n' "\$#" "\$@" >"$tmp/notified.new" && mv "$tmp/notified.new" "$tmp/notified"
EOF
chmod +x "$tmp/notify"
printf 'notify-program "%s"\n' "$tmp/notify" >"$tmp/config-notify"
# wait_file FILE: up to 5 s (times TIDINGS_TEST_SLOW) for a program
# running on its own to write it.
wait_file() {
	for _ in $(seq $((50 * TIDINGS_TEST_SLOW))); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
sleep 1.1	# a new mtime gives a new ETag
rss_feed 6 "changed" >"$tmp/www/a.xml"
$TIDINGS -u "$tmp/urls-less" -c "$db" -C "$tmp/config-notify" -x reload >"$tmp/out-notify" 2>&1
check "a reload with new articles" grep -q "^ok .*a.xml (2 new)" "$tmp/out-notify"
want=$($TIDINGS -u "$tmp/urls-less" -c "$db" -x print-unread)
if wait_file "$tmp/notified"; then
	same "notify-program hears the count, one argument, not through a shell" \
	    "$(tr '\n' '|' <"$tmp/notified")" "1|tidings: 2 new articles, ${want% unread articles} unread|"
else
	not_ok "notify-program hears the count, one argument, not through a shell"
	sed 's/^/#   /' "$tmp/out-notify"
fi
rm -f "$tmp/notified"
$TIDINGS -u "$tmp/urls-less" -c "$db" -C "$tmp/config-notify" -x reload >"$tmp/out-notify2" 2>&1
check "a reload without new articles" grep -q "0 new articles" "$tmp/out-notify2"
sleep 1
check "does not run notify-program" [ ! -e "$tmp/notified" ]

# kill -9 in the middle of refreshes: the cache stays whole and read state stays.
mkdir -p "$tmp/www/many"
"$PYTHON" "$top_srcdir/bench/gen_feeds.py" "$tmp/www/many" 30 200 --paragraphs 2 >/dev/null
sed "s|^|$base/many/|" "$tmp/www/many/urls-template" >"$tmp/urls-many"
K="$TIDINGS -u $tmp/urls-many -c $tmp/kill.db"
$K -x reload >"$tmp/out-many" 2>&1
# 30 feeds of 200 articles: more bytes than the parser thread's queue holds.
same "every article of 30 feeds is stored (more than the parser's queue holds)" "$(sql "$tmp/kill.db" "select count(*), count(distinct feed_id) from items")" "6000|30"
same "each feed is reported once" "$(grep -c '^ok ' "$tmp/out-many")" "30"
same "the counters agree with the articles" "$(sql "$tmp/kill.db" "select sum(n_items), sum(n_unread) from feed_counts")" "6000|6000"
want_body=$($TIDINGS --dump-feed "$tmp/www/many/feed-0001.xml" | "$PYTHON" -c 'import json, sys; d = json.load(sys.stdin); print(d["items"][7]["content"])')
same "a stored body is what the parser reads" "$(sql "$tmp/kill.db" "select content from items where guid = 'urn:bench:1:7'")" "$want_body"
sql "$tmp/kill.db" "update items set unread = 0 where id % 3 = 0" >/dev/null
read_before=$(sql "$tmp/kill.db" "select count(*) from items where unread = 0")
bad=0
for i in 1 2 3 4 5 6; do
	touch "$tmp"/www/many/*.xml	# new validators: every feed is fetched again
	$K -x reload >/dev/null 2>&1 &
	pid=$!
	sleep "$(slow "0.$((i * 15))")"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ "$(sql "$tmp/kill.db" "pragma integrity_check")" = ok ] || bad=$((bad + 1))
done
same "integrity_check passes after kill -9 at 6 points of a refresh" "$bad" "0"
same "no read state is lost" "$(sql "$tmp/kill.db" "select count(*) from items where unread = 0")" "$read_before"
check "the cache opens again after kill -9" sh -c "$K -x print-unread >/dev/null"

# A document cut short with a clean close (the HTTP framing is whole):
# the feed fails with the reason, its whole articles are kept, and the next
# fetch is a full GET that completes it without losing read state.
{ rss_feed 3 | head -n 3; rss_feed 3 | sed -n 4p | cut -c1-40; } >"$tmp/www/cut.xml"
echo "$base/cut.xml" >"$tmp/urls-cut"
C="$TIDINGS -u $tmp/urls-cut -c $tmp/cut.db"
$C -x reload >"$tmp/out-cut1" 2>&1
rc=$?
check "a document cut short fails the refresh" [ $rc -eq 1 ]
check "with the reason, where it ends and what was kept" \
    grep -q "^failed .*/cut.xml: cut short: the document ends inside <[a-z]*>, after 2 whole articles" "$tmp/out-cut1"
same "the whole articles before the cut are stored" "$(sql "$tmp/cut.db" "select group_concat(guid) from (select guid from items order by guid)")" "a-1,a-2"
check "the reason is kept with the feed" sh -c "'$PYTHON' -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select last_error from feeds\").fetchone()[0])' '$tmp/cut.db' | grep -q '^cut short'"
same "and no validators, so the next fetch is whole" "$(sql "$tmp/cut.db" "select coalesce(etag, 'none') from feeds")" "none"
sql "$tmp/cut.db" "update items set unread = 0 where guid = 'a-1'" >/dev/null
rss_feed 3 >"$tmp/www/cut.xml"
$C -x reload >"$tmp/out-cut2" 2>&1
check "the whole document then reads" grep -q "^ok .*/cut.xml (1 new)" "$tmp/out-cut2"
same "it was asked for without If-None-Match" "$(grep '/cut.xml' "$tmp/httpd.log" | tail -1 | "$PYTHON" -c 'import json,sys; print(json.loads(sys.stdin.read())["if_none_match"])')" "None"
same "the article read before stays read" "$(sql "$tmp/cut.db" "select unread from items where guid = 'a-1'")" "0"
same "the feed's error is gone" "$(sql "$tmp/cut.db" "select coalesce(last_error, '') from feeds")" ""

# A first run with no urls file: the default list starts with the welcome feed.
rm -f "$XDG_CONFIG_HOME/tidings/urls"
TIDINGS_DATA="$top_srcdir/data" timeout "$(slow 120)" "$TIDINGS" -x reload >"$tmp/out5" 2>&1
check "the default list fetches the shipped welcome feed from disk" grep -q "^ok .*file://.*welcome.xml (4 new)" "$tmp/out5"
check "the default cache is under XDG_DATA_HOME" [ -f "$XDG_DATA_HOME/tidings/cache.db" ]
check "no urls file is written by a reload" [ ! -e "$XDG_CONFIG_HOME/tidings/urls" ]

# OPML: import into a new urls file, export, and entries that are commands.
cat >"$tmp/in.opml" <<EOF
<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
<outline text="News">
  <outline type="rss" text="A" xmlUrl="$base/a.xml"/>
  <outline type="rss" text="Gz" xmlUrl="$base/gzip"/>
</outline>
<outline type="rss" text="Evil" xmlUrl="exec:touch $tmp/pwned3"/>
<outline type="rss" text="A again" xmlUrl="$base/a.xml"/>
</body></opml>
EOF
$TIDINGS -u "$tmp/urls-opml" -c "$tmp/opml.db" -i "$tmp/in.opml" >"$tmp/out6" 2>&1
check "OPML import reports what it added" grep -qi "added 2" "$tmp/out6"
check "the folder became a tag" grep -q "^$base/a.xml.*News" "$tmp/urls-opml"
check "an OPML entry that is a command is not added" sh -c "! grep -q exec '$tmp/urls-opml'"
check "and never runs" [ ! -e "$tmp/pwned3" ]
$TIDINGS -u "$tmp/urls-opml" -c "$tmp/opml.db" -i "$tmp/in.opml" >"$tmp/out7" 2>&1
check "importing again adds nothing" grep -qi "added 0" "$tmp/out7"
$TIDINGS -u "$tmp/urls-opml" -c "$tmp/opml.db" -e >"$tmp/out.opml"
check "export is OPML listing both feeds" sh -c "grep -c xmlUrl '$tmp/out.opml' | grep -qx 2"

# Parsed feeds are stored in groups, but one waits at most a moment: feed A
# is in the cache while a slow feed still dribbles in.
# (A byte a second: 5 s, or as many times longer as the limits are.)
printf '%s\n' "$base/a.xml" "$base/slow?n=$(slow 5)" >"$tmp/urls-slow"
$TIDINGS -u "$tmp/urls-slow" -c "$tmp/slow.db" -x reload >/dev/null 2>&1 &
slow=$!
want=$(grep -c '<item>' "$tmp/www/a.xml")
for _ in $(seq $((20 * TIDINGS_TEST_SLOW))); do
	sleep 0.1
	[ -s "$tmp/slow.db" ] && [ "$(sql "$tmp/slow.db" \
	    "SELECT count(*) FROM items" 2>/dev/null)" = "$want" ] && break
done
same "a feed parsed during a slow transfer is stored before it ends" \
    "$(sql "$tmp/slow.db" "SELECT count(*) FROM items")" "$want"
check "the slow transfer was still going" kill -0 $slow
wait $slow

done_testing
