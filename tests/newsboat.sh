#!/bin/sh
# tests/newsboat.sh: tidings --import-newsboat on a cache the real
# newsboat made (newsboat -x reload against feeds served on 127.0.0.1),
# with read and flagged state set in newsboat's cache as newsboat stores
# it; then tidings' own reload of the same feeds must neither duplicate
# the articles nor lose that state.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

if ! command -v newsboat >/dev/null 2>&1; then
	echo "1..0 # SKIP newsboat is not installed"
	exit 0
fi
if [ ! -x "$TIDINGS" ]; then
	echo "1..0 # SKIP no tidings binary at $TIDINGS"
	exit 0
fi

scratch
mkdir -p "$tmp/www" "$tmp/nb"
cp "$top_srcdir/tests/ui/news.xml" "$top_srcdir/tests/query/tech.xml" \
    "$top_srcdir/tests/query/atom.xml" "$tmp/www/"
"$PYTHON" "$top_srcdir/tests/httpd.py" --max-seconds "$(slow 120)" "$tmp/www" \
    >"$tmp/httpd.out" 2>"$tmp/httpd.err" &
httpd=$!
trap 'kill $httpd 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while [ $i -lt 100 ] && ! grep -q '^PORT' "$tmp/httpd.out"; do
	sleep 0.05
	i=$((i + 1))
done
port=$(sed -n 's/^PORT //p' "$tmp/httpd.out")
if [ -z "$port" ]; then
	echo "1..0 # SKIP tests/httpd.py did not start"
	exit 0
fi
base="http://127.0.0.1:$port"
cat > "$tmp/nb/urls" <<EOF
# my feeds
$base/news.xml news "~My News"
$base/tech.xml tech
$base/atom.xml
"query:Unread:unread = \\"yes\\""
exec:/bin/false
EOF
cat > "$tmp/nb/config" <<'EOF'
# newsboat's own config
reload-threads 2
show-read-feeds no
browser "lynx %u"
ignore-article "*" "title =~ \"never matches anything\""
EOF

newsboat -u "$tmp/nb/urls" -c "$tmp/nb/cache.db" -C "$tmp/nb/config" \
    -x reload >"$tmp/nb.out" 2>&1
n=$("$PYTHON" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM rss_item").fetchone()[0])' "$tmp/nb/cache.db" 2>&1)
if [ "$n" != 10 ]; then
	not_ok "newsboat made its cache (10 articles)"
	diag "$n"; sed 's/^/# /' "$tmp/nb.out"
	done_testing
	exit 1
fi
ok "newsboat made its cache (10 articles)"
# Read, flagged and deleted as newsboat keeps them.
"$PYTHON" - "$tmp/nb/cache.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE rss_item SET unread = 0 WHERE guid IN"
    " ('budget', 'urn:a2', 'kernel') OR guid LIKE 'https://atom.example/3%'")
db.execute("UPDATE rss_item SET flags = 's' WHERE guid IN ('light', 'compilers')")
db.execute("UPDATE rss_item SET flags = 'ab', unread = 0 WHERE guid = 'ad'")
db.execute("UPDATE rss_item SET deleted = 1 WHERE guid = 'spam'")
db.commit()
EOF

# state CACHE: "guid:unread:flagged" of every article, sorted.
state() {
	"$PYTHON" -c 'import sqlite3,sys; print(" ".join(sorted("%s:%d:%d" % r for r in sqlite3.connect(sys.argv[1]).execute("SELECT guid, unread, flagged FROM items"))))' "$1"
}
want="ad:0:1 budget:0:0 compilers:1:1 harbour:1:0 https://atom.example/3:0:0 kernel:0:0 light:1:1 urn:a1:1:0 urn:a2:0:0"

# --- a new tidings user ------------------------------------------------------
home=$tmp/home1
mkdir -p "$home"
HOME=$home XDG_CONFIG_HOME= XDG_DATA_HOME= "$TIDINGS" --import-newsboat \
    "$tmp/nb" >"$tmp/report" 2>"$tmp/err"
check "the import succeeds" [ $? -eq 0 ]
sed 's/^/#   /' "$tmp/report"
check "the urls file is copied as it is" \
    cmp -s "$tmp/nb/urls" "$home/.config/tidings/urls"
check "the report counts its feeds and query feeds" \
    grep -q "urls: 3 feeds and 1 query feed taken" "$tmp/report"
check "and names the line it cannot use" \
    grep -q "not taken: .*urls:6: exec: feeds are not supported" "$tmp/report"
check "the shared config commands are taken" \
    sh -c "grep -qx 'show-read-feeds no' '$home/.config/tidings/config' &&
    grep -qx 'browser \"lynx %u\"' '$home/.config/tidings/config' &&
    grep -q '^ignore-article' '$home/.config/tidings/config'"
check "a newsboat-only command is reported and kept as a comment" \
    sh -c "grep -q 'not taken: .*config:2: \"reload-threads\"' '$tmp/report' &&
    grep -qx '# not understood: reload-threads 2' '$home/.config/tidings/config'"
check "the written config is clean for tidings" \
    sh -c "HOME='$home' XDG_CONFIG_HOME= '$TIDINGS' --check-config >/dev/null"
check "the cache report counts what was taken and left" \
    grep -q "cache: 10 articles in .*: 0 already cached, 9 taken from newsboat's copy; 5 marked read, 3 flagged; not taken: 0 of feeds not in the urls file, 1 deleted in newsboat" "$tmp/report"
cache=$home/.local/share/tidings/cache.db
same "read and flagged state is newsboat's" "$(state "$cache")" "$want"
HOME=$home XDG_CONFIG_HOME= XDG_DATA_HOME= "$TIDINGS" -x reload \
    >"$tmp/reload" 2>&1
check "tidings' own reload of the same feeds finds nothing new" \
    grep -q "3 feeds: 3 fetched.*; 0 new articles" "$tmp/reload"
same "and keeps the state; what newsboat deleted stays away" \
    "$(state "$cache")" "$want"

# --- a tidings user who fetched the feeds first ----------------------------------
home=$tmp/home2
mkdir -p "$home/.config/tidings"
printf '%s\n' "$base/news.xml" "$base/atom.xml" "http://127.0.0.1:9/other.xml" \
    > "$home/.config/tidings/urls"
HOME=$home XDG_CONFIG_HOME= XDG_DATA_HOME= "$TIDINGS" -x reload >/dev/null 2>&1
HOME=$home XDG_CONFIG_HOME= XDG_DATA_HOME= "$TIDINGS" --import-newsboat \
    "$tmp/nb" >"$tmp/report" 2>"$tmp/err"
sed 's/^/#   /' "$tmp/report"
check "feeds missing from tidings' urls file are added" \
    grep -q "urls: 1 feed and 1 query feed added to .* (2 feeds were there already)" "$tmp/report"
check "the query feed is added as a line tidings reads back" \
    sh -c "HOME='$home' XDG_CONFIG_HOME= XDG_DATA_HOME= '$TIDINGS' -x reload 2>&1 | grep -q '4 feeds'"
check "the articles tidings had are matched by guid, the link's for Atom entries without an id" \
    grep -q "cache: 10 articles .*: 6 already cached, 3 taken" "$tmp/report"
same "and get newsboat's state" \
    "$(state "$home/.local/share/tidings/cache.db")" "$want"

# --- newsboat's own places -----------------------------------------------------
home=$tmp/home3
mkdir -p "$home/.newsboat"
cp "$tmp/nb/urls" "$tmp/nb/config" "$tmp/nb/cache.db" "$home/.newsboat/"
HOME=$home XDG_CONFIG_HOME= XDG_DATA_HOME= "$TIDINGS" --import-newsboat \
    >"$tmp/report" 2>&1
check "without DIR, ~/.newsboat is used" \
    grep -q "9 taken from newsboat's copy" "$tmp/report"
home=$tmp/home4
mkdir -p "$home/xc/newsboat" "$home/xd/newsboat"
cp "$tmp/nb/urls" "$tmp/nb/config" "$home/xc/newsboat/"
cp "$tmp/nb/cache.db" "$home/xd/newsboat/"
HOME=$home XDG_CONFIG_HOME=$home/xc XDG_DATA_HOME=$home/xd "$TIDINGS" \
    --import-newsboat >"$tmp/report" 2>&1
check "else \$XDG_CONFIG_HOME/newsboat and \$XDG_DATA_HOME/newsboat" \
    sh -c "grep -q \"9 taken from newsboat's copy\" '$tmp/report' &&
    [ -f '$home/xc/tidings/urls' ]"
HOME=$tmp/home5 "$TIDINGS" --import-newsboat "$tmp/nothing" >"$tmp/report" 2>&1
check "a directory without newsboat's files says so" \
    sh -c "grep -q 'urls: no file' '$tmp/report' &&
    grep -q 'cache: no file' '$tmp/report'"
check "--help tells of --import-newsboat" \
    sh -c "'$TIDINGS' --help | grep -q -- '--import-newsboat \[DIR\]'"

done_testing
