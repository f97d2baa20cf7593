#!/bin/sh
# tests/newsboat_keys.sh: newsboat's list orders and feed-to-feed keys
# through the real binary in tmux, checked on the screen:
# article-sort-order and feed-sort-order read at start (and a bad value
# reported), sort and rev-sort (= and -), next-feed and prev-feed (] and
# [), next-unread-feed and prev-unread-feed (^N and ^P).
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

if [ ! -x "$TIDINGS" ]; then
	echo "1..0 # SKIP no tidings binary at $TIDINGS"
	exit 0
fi

scratch
tmux_setup
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
# Titles, authors and guids each sort differently from the dates.
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
TQ="-u '$tmp/urls' -c '$tmp/cache.db' -C '$tmp/config'"
: > "$tmp/config"
"$TIDINGS" -u "$tmp/urls" -c "$tmp/cache.db" -C "$tmp/config" -x reload \
    > "$tmp/out" 2>&1
check "-x reload stores the feeds" grep -q "3 feeds: 3 fetched" "$tmp/out"

# order NAME TEXT...: the texts are on the screen, each below the last.
order() {
	local name=$1 s n last=0 bad=
	shift
	for s in "$@"; do
		n=$(screen | grep -nF -- "$s" | head -1 | cut -d: -f1)
		if [ -z "$n" ] || [ "$n" -le "$last" ]; then bad=$s; break; fi
		last=$n
	done
	if [ -z "$bad" ]; then ok "$name"; else
		not_ok "$name"; diag "out of order or missing: $bad"
		show_screen
	fi
}
# shows_not TEXT GONE: TEXT shows, and GONE is not (or no longer) there.
shows_not() {
	wait_for "$1" && wait_gone "$2" || { show_screen; return 1; }
}
# absent NAME TEXT: TEXT is not on the screen.
absent() {
	if screen | grep -qF -- "$2"; then not_ok "$1"; show_screen
	else ok "$1"; fi
}

# --- article-sort-order, sort and rev-sort ----------------------------------
echo "article-sort-order title" > "$tmp/config"
start 100 24 "$TQ"
expect "Zebra news" "the feed list shows"
keys Enter
expect "Bravo tide" "a feed's list opens"
order "article-sort-order title, read at start, sorts by title, any case" \
    "alpha storm" "Bravo tide" "Charlie quay"
keys -- -
expect "Reverse sort by (d)ate/(t)itle/(f)lags/(a)uthor/(l)ink/(g)uid?" \
    "- asks for the field to sort the other way by"
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
order "... A to Z (Ada, Mia, Zoe)" "Charlie quay" "Bravo tide" "alpha storm"
keys = g
expect "Articles sorted by guid-asc" "= g sorts by guid"
order "... g1 g2 g3" "Charlie quay" "Bravo tide" "alpha storm"
keys -- - d
expect "Articles sorted by date-asc" "- d: oldest first"
order "... oldest first" "Charlie quay" "alpha storm" "Bravo tide"
keys = Escape
check "Escape closes the question" wait_gone "Sort by (d)ate"
keys = x
check "so does a key that names no field" wait_gone "Sort by (d)ate"
absent "... sorting nothing" "sorted by"
order "... and the order stays" "Charlie quay" "alpha storm" "Bravo tide"
keys q
wait_for "Everything" >/dev/null
keys G Enter
expect "Foxtrot reef" "the query feed's list opens"
order "the order chosen applies to a query feed" "Foxtrot reef" \
    "Echo bay" "Charlie quay" "alpha storm" "Bravo tide" "Delta pier"
keys q /
expect "Search" "/ asks for words"
keys "about" Enter
expect "Search results" "a search across every feed"
order "... and to a search's results" "Foxtrot reef" "Echo bay" \
    "Charlie quay" "alpha storm" "Bravo tide" "Delta pier"
quit

# --- feed-sort-order, and a bad value -----------------------------------------
printf 'feed-sort-order title-asc\narticle-sort-order newest\n' \
    > "$tmp/config"
start 100 24 "$TQ"
expect "Zebra news" "the feed list shows"
expect "config:2: article-sort-order: expected date, title, flags" \
    "a bad article-sort-order is named with its file and line"
order "feed-sort-order title-asc, read at start, sorts the feed list" \
    "Apple notes" "Everything" "Mango times" "Zebra news"
keys =
expect "Sort by (f)irsttag/(t)itle/(a)rticlecount/(u)nreadarticlecount/(l)astupdated/(n)one?" \
    "= in the feed list asks for a feed field"
keys a
expect "Feeds sorted by articlecount-desc" "= a: by article count"
order "... most articles first" "Everything" "Zebra news" "Mango times" \
    "Apple notes"
keys Enter
expect "Delta pier" "the selection stayed on its feed (Apple notes)"
keys q = t
expect "Feeds sorted by title-desc" "= t: by title, descending"
order "... Z to A" "Zebra news" "Mango times" "Everything" "Apple notes"
keys -- - t
expect "Feeds sorted by title-asc" "- t: by title, ascending"

# --- next-feed and prev-feed --------------------------------------------------
# Title order: Apple notes, Everything, Mango times, Zebra news.
keys g j j Enter
expect "Echo bay" "Mango times' list"
keys ]
# Everything, next in the urls file, lists Bravo tide as well.
check "] follows the feed list's order: Zebra news" \
    shows_not "Bravo tide" "Echo bay"
keys ]
expect "This is the last feed" "] on the last feed says so"
keys [ [ [
check "[ [ [ goes back over the query feed to Apple notes" \
    shows_not "Delta pier" "Foxtrot reef"
keys ]
expect "Foxtrot reef" "] opens a query feed as well"
keys [ [
expect "This is the first feed" "[ on the first feed says so"
keys Enter
expect "Title: Delta pier" "an article of Apple notes"
keys ]
expect "Foxtrot reef" "] in the article view opens the next feed's list"
quit

# --- next-unread-feed and prev-unread-feed ------------------------------------
# And newsboat's sort key, given back as tidings-config(5) says.
echo "bind-key g sort articlelist" > "$tmp/config"
start 100 24 "$TQ"
expect "Zebra news" "the feed list shows"
keys j A
expect "Apple notes" "Apple notes marked read"
keys g Enter
expect "Bravo tide" "Zebra news' list"
keys C-n
expect "Echo bay" "^N skips Apple notes, read, for Mango times"
absent "... and does not show Apple notes" "Delta pier"
keys q g j j Enter
expect "Foxtrot reef" "Mango times' list"
keys C-p
expect "Bravo tide" "^P skips Apple notes the other way"
keys Enter
expect "Title: Bravo tide" "an article of Zebra news"
keys C-n
expect "Echo bay" "^N in the article view: the next feed with unread"
keys g
expect "Sort by (d)ate" "bind-key g sort articlelist: g sorts an article list"
keys t
expect "Articles sorted by title-asc" "... by the field picked"
quit
done_testing
