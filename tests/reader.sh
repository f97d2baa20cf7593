#!/bin/sh
# tests/reader.sh: reader mode through the real interface in tmux, against
# pages served on 127.0.0.1 by tests/httpd.py: x extracts the article of a
# summary-only item (and leaves the page's navigation, comments, share bar
# and hidden text out), x again shows the feed's text, a 404 and a page
# that is not HTML leave the feed's text with a reason in the status line,
# the interface answers keys while a slow page loads, the article reads
# offline from the cache afterwards, and reader-mode in the config
# extracts on open and during -x reload.
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
sock="tidings-reader-$$"
T="tmux -L $sock -f /dev/null"
httpd_pid=
trap '$T kill-server 2>/dev/null; [ -n "$httpd_pid" ] && kill $httpd_pid 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC
mkdir "$tmp/www"
cp "$top_srcdir/tests/reader/story.html" "$tmp/www/"

"$PYTHON" "$top_srcdir/tests/httpd.py" --log "$tmp/http.log" \
    --max-seconds "$(slow 240)" "$tmp/www" > "$tmp/port" &
httpd_pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^PORT ' "$tmp/port" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
port=$(sed -n 's/^PORT //p' "$tmp/port")
if [ -z "$port" ]; then
	echo "1..0 # SKIP tests/httpd.py did not start"
	exit 0
fi
base="http://127.0.0.1:$port"

# A summary-only feed: one good page, one gone, one slow non-page.
cat > "$tmp/www/feed.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Coast Courier</title>
<link>$base/</link><description>Headlines only.</description>
<item><title>Lighthouse keepers return</title><link>$base/story.html</link>
<guid>story</guid><pubDate>Wed, 06 Mar 2024 08:15:00 GMT</pubDate>
<description>Keepers are back at Skerry Point.</description></item>
<item><title>A page that is gone</title><link>$base/gone.html</link>
<guid>gone</guid><pubDate>Tue, 05 Mar 2024 08:15:00 GMT</pubDate>
<description>This page will be gone.</description></item>
<item><title>A slow page that is not a page</title>
<link>$base/delay?ms=2500</link>
<guid>slow</guid><pubDate>Mon, 04 Mar 2024 08:15:00 GMT</pubDate>
<description>This one takes its time.</description></item>
</channel></rss>
EOF
printf '%s/feed.xml "~Coast Courier"\n' "$base" > "$tmp/urls"
: > "$tmp/config"

$T new-session -d -s keep -x 20 -y 5 "sleep 3600"

# start CONFIG CACHE: tidings in a fresh tmux session "ui", 100x30.
start() {
	$T kill-session -t ui 2>/dev/null
	rm -f "$tmp/exit"
	$T new-session -d -s ui -x 100 -y 30 \
	    "cd '$tmp' && TZ=UTC LC_ALL=C.UTF-8 '$TIDINGS' -u urls -C '$1' \
	    -c '$2' 2>'$tmp/stderr'; echo EXITED \$? > '$tmp/exit'; sleep 60"
}
screen() { $T capture-pane -p -t ui; }
keys() { $T send-keys -t ui "$@"; }
show_screen() { screen | sed 's/^/#   | /'; }
wait_for() {
	local i=0 max=$((${2:-5} * 20 * TIDINGS_TEST_SLOW))
	while [ $i -lt $max ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# expect NAME TEXT [SECONDS]: one TAP line, the screen on failure.
expect() {
	if wait_for "$2" "${3:-5}"; then ok "$1"; else
		not_ok "$1"; show_screen; fi
}
quit() {
	keys Q
	local i=0
	while [ $i -lt $((100 * TIDINGS_TEST_SLOW)) ] && [ ! -f "$tmp/exit" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	cat "$tmp/stderr" >> "$tmp/allerr" 2>/dev/null
	[ -f "$tmp/exit" ]
}
# pipe_article FILE: the article's text as the interface has it.
pipe_article() {
	rm -f "$1"
	keys '|'
	wait_for "Pipe the article to:" >/dev/null
	keys "cat > '$1'" Enter
	wait_for "Press Enter" >/dev/null
	keys Enter
	wait_for "Piped the article" >/dev/null
}

check "the feed is fetched" sh -c "'$TIDINGS' -u '$tmp/urls' \
    -C '$tmp/config' -c '$tmp/cache.db' -x reload >/dev/null"

# --- x: the article from the page, and back ------------------------------
start config cache.db
expect "the feed list shows" "Coast Courier"
keys Enter
expect "the article list shows" "Lighthouse keepers return"
keys Enter
expect "the article shows the feed's summary" \
    "Keepers are back at Skerry Point."
keys x
expect "x extracts the article from its page" \
    "Reader: extracted from The Coast Courier"
s=$(screen)
for want in "the lantern room to counting the seabirds" "Author: Maria Keel" \
    "Reader mode: the article from 127.0.0.1:$port"; do
	case $s in
	*"$want"*) ok "the extracted article shows: $want" ;;
	*) not_ok "the extracted article shows: $want"; show_screen ;;
	esac
done
case $s in
*"Keepers are back at Skerry Point."*)
	not_ok "the feed's summary is replaced"; show_screen ;;
*) ok "the feed's summary is replaced" ;;
esac
pipe_article "$tmp/extracted.txt"
tr '\n' ' ' < "$tmp/extracted.txt" | tr -s ' ' > "$tmp/flat.txt"
check "the whole article is there, its last paragraph too" \
    grep -q "tickets can be booked at the visitor page" "$tmp/flat.txt"
check "the quote and the caption are kept" sh -c "grep -q 'We are not here \
to replace the machine' '$tmp/flat.txt' && grep -q 'seen from the \
harbour road' '$tmp/flat.txt'"
check "links are made absolute against the page" \
    grep -q "$base/skerry/visits" "$tmp/extracted.txt"
for junk in NAVLINKNEWS COOKIENOTICE SHAREONFACEBOOK RELATEDHEADING \
    COMMENTFIRST SIDEBARHEADING NEWSLETTERBOX FOOTERCOPYRIGHT \
    HIDDENSTYLETEXT HIDDENATTRTEXT TRACKERSCRIPT; do
	if grep -q "$junk" "$tmp/extracted.txt"; then
		not_ok "boilerplate left out: $junk"
	else
		ok "boilerplate left out: $junk"
	fi
done
check "the page was fetched with tidings' User-Agent" sh -c \
    "grep '\"/story.html\"' '$tmp/http.log' | grep -q '\"user_agent\": \"tidings/'"
keys x
expect "x again shows the feed's text" "Keepers are back at Skerry Point."
expect "and the header says which text is shown" \
    "Reader: the feed's text (x: the extracted article)"
keys x
expect "x once more shows the article, from the cache" \
    "the lantern room to counting the seabirds"
n=$(grep -c '"/story.html"' "$tmp/http.log")
same "the cached article is not fetched again" "$n" 1
keys x
wait_for "Keepers are back at Skerry Point." >/dev/null

# --- failures leave the feed's text with a reason ----------------------------
keys q
wait_for "A page that is gone" >/dev/null
keys j Enter
expect "the second article opens" "This page will be gone."
keys x
expect "a 404 gives a reason in the status line" \
    "Reader mode: 127.0.0.1:$port: HTTP 404 Not Found"
expect "and the feed's text stays" "This page will be gone."
expect "and the header says the page gave no article" \
    "Reader: no article: HTTP 404 Not Found"
keys q
wait_for "A slow page that is not a page" >/dev/null
keys j Enter
expect "the third article opens" "This one takes its time."
t0=$(date +%s%N)
keys x
expect "a page being fetched shows in the header" \
    "Reader: fetching the article's page..." 2
keys '?'
if wait_for "tidings - Help" 2; then
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	if [ "$under_valgrind" = 1 ]; then
		skip "keys work while the page loads (help in $ms ms): the" \
		    "2 s bound is not checked under valgrind"
	elif [ "$ms" -lt 2000 ]; then
		ok "keys work while the page loads (help in $ms ms)"
	else
		not_ok "keys work while the page loads (help in $ms ms)"
	fi
else
	not_ok "keys work while the page loads"; show_screen
fi
keys q
expect "a page that is not HTML gives its reason" \
    "Reader: no article: not a web page (application/rss+xml)" 8
expect "and the feed's text stays" "This one takes its time."
check "tidings quits" quit

# --- reader-mode open: extracted when opened ---------------------------------
printf 'reader-mode "*" open\n' > "$tmp/config-open"
check "a second cache is filled" sh -c "'$TIDINGS' -u '$tmp/urls' \
    -C '$tmp/config' -c '$tmp/cache-open.db' -x reload >/dev/null"
start config-open cache-open.db
wait_for "Coast Courier" >/dev/null
keys Enter
wait_for "Lighthouse keepers return" >/dev/null
keys Enter
expect "reader-mode open extracts the article when it is opened" \
    "Reader: extracted from The Coast Courier"
expect "and shows it" "the lantern room to counting the seabirds"
check "tidings quits" quit

# --- reader-mode open in the split layout: the preview fetches nothing ----
printf 'layout split\nreader-mode "*" open\n' > "$tmp/config-split"
check "a third cache is filled" sh -c "'$TIDINGS' -u '$tmp/urls' \
    -C '$tmp/config' -c '$tmp/cache-split.db' -x reload >/dev/null"
pages() { grep -c -e '"/story.html"' -e '"/gone.html"' -e '"/delay' "$tmp/http.log"; }
before=$(pages)
start config-split cache-split.db
wait_for "Coast Courier" >/dev/null
keys Enter
wait_for "Keepers are back at Skerry Point" >/dev/null
keys j
wait_for "This page will be gone" >/dev/null
keys j
wait_for "This one takes its time" >/dev/null
keys k k
wait_for "Keepers are back at Skerry Point" >/dev/null
sleep 0.5
check "moving over articles in the split layout fetches no page" \
    [ "$(pages)" -eq "$before" ]
keys Enter
expect "Enter extracts the article shown" \
    "Reader: extracted from The Coast Courier"
check "and fetches that page alone" [ "$(pages)" -eq $((before + 1)) ]
check "tidings quits" quit

# --- reader-mode refresh in the interface: extracted by its reload ---------
printf 'reader-mode "*" refresh\n' > "$tmp/config-uirefresh"
before=$(grep -c '"/story.html"' "$tmp/http.log")
start config-uirefresh cache-uirefresh.db
expect "a new feed is reloaded when the interface starts" "Reloaded 1 feed:" 10
i=0
while [ $i -lt $((100 * TIDINGS_TEST_SLOW)) ] && [ "$(grep -c '"/story.html"' "$tmp/http.log")" -le "$before" ]; do
	sleep 0.05
	i=$((i + 1))
done
check "the reload fetches its articles' pages before any is opened" \
    [ "$(grep -c '"/story.html"' "$tmp/http.log")" -eq $((before + 1)) ]
sleep 0.3
keys Enter
wait_for "Lighthouse keepers return" >/dev/null
keys Enter
expect "the article opens already extracted" \
    "Reader: extracted from The Coast Courier"
check "and is not fetched again" \
    [ "$(grep -c '"/story.html"' "$tmp/http.log")" -eq $((before + 1)) ]
check "tidings quits" quit

# --- reader-mode refresh: extracted by -x reload ---------------------------
printf '%s/feed.xml longreads\n' "$base" > "$tmp/urls-tag"
printf 'reader-mode tag:longreads refresh\n' > "$tmp/config-refresh"
"$TIDINGS" -u "$tmp/urls-tag" -C "$tmp/config-refresh" \
    -c "$tmp/cache-refresh.db" -x reload > "$tmp/reload.out" 2>&1
check "-x reload extracts the articles of a reader-mode refresh feed" \
    grep -q "^article   $base/story.html ([0-9]* characters)" \
    "$tmp/reload.out"
check "and reports the pages that gave none" \
    grep -q "^no-text   $base/gone.html: HTTP 404 Not Found" \
    "$tmp/reload.out"
check "and counts them" grep -q \
    "^reader mode: 1 article extracted, 2 failed" "$tmp/reload.out"
"$TIDINGS" -u "$tmp/urls-tag" -C "$tmp/config-refresh" \
    -c "$tmp/cache-refresh.db" -x reload > "$tmp/reload2.out" 2>&1
check "a second reload does not fetch the pages again" sh -c \
    "! grep -q '^article\|^no-text\|^reader mode' '$tmp/reload2.out'"
sed 's/^/# /' "$tmp/reload.out"

# --- offline: the cache has the article ---------------------------------
kill $httpd_pid 2>/dev/null
wait $httpd_pid 2>/dev/null
httpd_pid=
start config-refresh cache-refresh.db
wait_for "Coast Courier" >/dev/null
keys Enter
wait_for "Lighthouse keepers return" >/dev/null
keys Enter
expect "offline, the article extracted during the reload shows" \
    "the lantern room to counting the seabirds"
check "tidings quits" quit
start config cache.db
wait_for "Coast Courier" >/dev/null
keys Enter
wait_for "Lighthouse keepers return" >/dev/null
keys Enter
expect "offline, the feed's text shows as last chosen" \
    "Keepers are back at Skerry Point."
keys x
expect "offline, x shows the article from the cache" \
    "the lantern room to counting the seabirds"
keys X
expect "offline, X fails with a reason in the status line" \
    "Reader mode: 127.0.0.1:$port: " 10
expect "and the cached article stays" "the lantern room to counting the seabirds"
check "tidings quits" quit
if [ -s "$tmp/allerr" ]; then
	not_ok "nothing on stderr in any session"
	sed 's/^/#   /' "$tmp/allerr" | head -40
else
	ok "nothing on stderr in any session"
fi

done_testing
