#!/bin/sh
# tests/newsboat_keys.sh: newsboat's list keys and settings through the
# real binary in tmux: article-sort-order and feed-sort-order, sort and
# rev-sort (= and -), next-feed and prev-feed (] and [),
# next-unread-feed and prev-unread-feed (^N and ^P), delete-article (D).
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
if [ ! -x "$TIDINGS" ]; then
	echo "1..0 # SKIP no tidings binary at $TIDINGS"
	exit 0
fi

scratch
sock="tidings-nbkeys-$$"
T="tmux -L $sock -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC

# feed NAME TITLE ITEM...: ITEM is "guid|title|author|day of March 2024".
feed() {
	f=$1 t=$2
	shift 2
	{
		printf '<?xml version="1.0"?>\n<rss version="2.0"><channel>'
		printf '<title>%s</title><link>http://example.com/%s</link>\n' \
		    "$t" "$f"
		for it in "$@"; do
			IFS='|' read -r g ti au d <<EOF
$it
EOF
			printf '<item><guid>%s</guid><title>%s</title>' "$g" "$ti"
			printf '<author>x@example.com (%s)</author>' "$au"
			printf '<link>http://example.com/%s/%s</link>' "$f" "$g"
			printf '<pubDate>%s Mar 2024 10:00:00 GMT</pubDate>' "$d"
			printf '<description>About %s.</description></item>\n' "$ti"
		done
		printf '</channel></rss>\n'
	} > "$tmp/$f.xml"
}
feed one "Zebra news" "g2|Bravo tide|Mia|05" "g3|alpha storm|Zoe|04" \
    "g1|Charlie quay|Ada|03"
feed two "Apple notes" "k1|Delta pier|Bob|06"
feed three "Mango times" "m1|Echo bay|Cy|02" "m2|Foxtrot reef|Di|01"
cat > "$tmp/urls" <<EOF
file://$tmp/one.xml
file://$tmp/two.xml
file://$tmp/three.xml
"query:Everything:title =~ \\".\\""
EOF
cat > "$tmp/config" <<'EOF'
article-sort-order title
EOF
TQ="$TIDINGS -u $tmp/urls -c $tmp/cache.db -C $tmp/config"
$TQ -x reload > "$tmp/out" 2>&1
check "-x reload stores the feeds" grep -q "3 feeds: 3 fetched" "$tmp/out"

$T new-session -d -s keep -x 20 -y 5 "sleep 3600"
start() {
	$T kill-session -t ui 2>/dev/null
	$T new-session -d -s ui -x 100 -y 24 \
	    "cd '$tmp' && TZ=UTC LC_ALL=C.UTF-8 $TQ 2>'$tmp/stderr'; \
	    echo EXITED \$? > '$tmp/exit'; sleep 60"
}
screen() { $T capture-pane -p -t ui; }
keys() { $T send-keys -t ui "$@"; }
wait_for() {
	i=0
	while [ $i -lt $((${2:-5} * 20)) ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
show_screen() { screen | sed 's/^/#   | /'; }
expect() {
	if wait_for "$1" "${3:-5}"; then ok "$2"; else not_ok "$2"; show_screen; fi
}
# order NAME TEXT...: the texts are on the screen, each below the last.
order() {
	name=$1
	shift
	last=0 bad=
	for s in "$@"; do
		n=$(screen | grep -nF -- "$s" | head -1 | cut -d: -f1)
		if [ -z "$n" ] || [ "$n" -le "$last" ]; then bad=$s; break; fi
		last=$n
	done
	if [ -z "$bad" ]; then ok "$name"; else
		not_ok "$name"; diag "out of order: $bad"; show_screen
	fi
}

# --- article-sort-order, sort and rev-sort -----------------------------------
start
expect "Zebra news" "the feed list shows"
keys Enter
expect "Bravo tide" "a feed's list opens"
order "article-sort-order title sorts by title, ignoring case" \
    "alpha storm" "Bravo tide" "Charlie quay"
keys -- -
expect "Reverse sort by (d)ate" "- asks for the field to sort the other way by"
keys t
expect "Articles sorted by title-desc" "- t sorts by title, descending"
order "... Z to A" "Charlie quay" "Bravo tide" "alpha storm"
keys =
expect "Sort by (d)ate/(t)itle/(f)lags/(a)uthor/(l)ink/(g)uid?" \
    "= asks for the field"
keys d
expect "Articles sorted by date-desc" "= d sorts by date, newest first"
order "... newest first" "Bravo tide" "alpha storm" "Charlie quay"
keys = a
expect "Articles sorted by author-asc" "= a sorts by author"
order "... A to Z" "Charlie quay" "Bravo tide" "alpha storm"
keys = g
expect "Articles sorted by guid-asc" "= g sorts by guid"
order "... g1 g2 g3" "Charlie quay" "Bravo tide" "alpha storm"
keys -- - d
expect "Articles sorted by date-asc" "- d: oldest first"
order "... oldest first" "Charlie quay" "alpha storm" "Bravo tide"
keys = Escape
sleep 0.2
keys = x
sleep 0.2
check "a key that names no field changes nothing" \
    sh -c "$T capture-pane -p -t ui | grep -q 'sorted by date-asc' || \
    ! $T capture-pane -p -t ui | grep -q 'sorted by'"
order "... and the order stays" "Charlie quay" "alpha storm" "Bravo tide"
keys q
wait_for "Everything" >/dev/null
keys G Enter
expect "Foxtrot reef" "the query feed's list opens"
order "the run-time order applies to a query feed" "Foxtrot reef" \
    "Echo bay" "Charlie quay" "alpha storm" "Bravo tide" "Delta pier"
keys q
keys /
expect "Search" "/ asks for words"
keys "about" Enter
expect "Search results" "a search across every feed"
order "... in the same order" "Foxtrot reef" "Echo bay" "Charlie quay" \
    "alpha storm" "Bravo tide" "Delta pier"
keys q Q
wait_for EXITED 5 >/dev/null 2>&1 || true

# --- feed-sort-order --------------------------------------------------------------
cat > "$tmp/config" <<'EOF'
feed-sort-order title-asc
EOF
start
expect "Zebra news" "the feed list shows"
order "feed-sort-order title-asc sorts the feed list" "Apple notes" \
    "Everything" "Mango times" "Zebra news"
keys =
expect "Sort by (f)irsttag/(t)itle/(a)rticlecount" \
    "= in the feed list asks for a feed field"
keys a
expect "Feeds sorted by articlecount-desc" "= a: by article count"
order "... most articles first" "Everything" "Zebra news" "Mango times" \
    "Apple notes"
keys = n
expect "Feeds sorted by none" "= n: the urls file's order"
order "... the urls file's order" "Zebra news" "Apple notes" "Mango times" \
    "Everything"
check "the selection stays on its feed" \
    sh -c "$T capture-pane -p -t ui | grep -q 'Apple notes' && ! $T capture-pane -p -t ui -e | grep -q 'never'"

# --- next-feed, prev-feed, next-unread-feed, prev-unread-feed ----------------------
keys g Enter
expect "Bravo tide" "the first feed's list"
keys ]
expect "Delta pier" "] opens the next feed's list"
keys ]
expect "Echo bay" "] again: the one after"
keys ]
expect "Foxtrot reef" "] opens a query feed as well"
keys ]
expect "This is the last feed" "] on the last feed says so"
keys [ [
expect "Delta pier" "[ goes back"
keys Enter
expect "Title: Delta pier" "an article of it"
keys C-n
expect "Echo bay" "^N in the article view: the next feed with unread articles"
# The second feed is now read: ^P skips it.
keys C-p
expect "Bravo tide" "^P skips a feed with nothing unread"
keys q Q
wait_for EXITED 5 >/dev/null 2>&1 || true
done_testing
