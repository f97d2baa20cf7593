#!/bin/sh
# tests/query.sh: query feeds, the one-off filter (F), the killfile
# (ignore-article) and full-text search (/ from the feed list), through
# the real binary: -x reload, then the interface in tmux.
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
sock="tidings-query-$$"
T="tmux -L $sock -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC

cp "$top_srcdir/tests/ui/news.xml" "$top_srcdir/tests/query/tech.xml" "$tmp/"
cat > "$tmp/urls" <<EOF
file://$tmp/news.xml news "~Daily Tidings"
"query:Lighthouse:title =~ \\"lighthouse\\""
file://$tmp/tech.xml tech
"query:Tech unread:tags # \\"tech\\" and unread = \\"yes\\"" mine
"query:Broken:title ==" 
EOF
cat > "$tmp/config" <<'EOF'
ignore-article "*" "title =~ \"^sponsored\""
ignore-article "file://*tech.xml" "author = \"Spammer\""
ignore-article "file://*news.xml" "title =~ \"Kernel\""
EOF
TQ="$TIDINGS -u $tmp/urls -c $tmp/cache.db -C $tmp/config"

# --- the killfile -----------------------------------------------------------
$TQ -x reload > "$tmp/out" 2> "$tmp/err"
check "-x reload stores the feeds" grep -q "2 feeds: 2 fetched" "$tmp/out"
check "a bad query feed is reported with its line" \
    grep -q "urls:5: query feed: column 9" "$tmp/err"
titles=$($PYTHON -c 'import sqlite3,sys; print("|".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT title FROM items ORDER BY date DESC")))' "$tmp/cache.db")
case $titles in
*Sponsored*) not_ok "ignore-article \"*\" keeps an article out"; diag "$titles" ;;
*) ok "ignore-article \"*\" keeps an article out" ;;
esac
case $titles in
*"Free prizes"*) not_ok "a rule for a feed glob applies to that feed"; diag "$titles" ;;
*) ok "a rule for a feed glob applies to that feed" ;;
esac
case $titles in
*"Kernel 9.1"*"Compilers"*) ok "a rule for another feed does not" ;;
*) not_ok "a rule for another feed does not"; diag "$titles" ;;
esac
$TQ -x reload > "$tmp/out" 2>/dev/null
check "ignored articles stay out on the next reload" \
    grep -q "0 new articles" "$tmp/out"

# --- the interface ------------------------------------------------------------
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
	while [ $i -lt $((${2:-5} * 20 * TIDINGS_TEST_SLOW)) ]; do
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

start
expect "(1/1) Lighthouse" "a query feed is counted in the feed list" 10
check "query feeds sit where the urls file has them" \
    sh -c "$T capture-pane -p -t ui | grep -A1 'Daily Tidings' | grep -q Lighthouse"
expect "(2/2) Tech unread  mine" "a query over tags and unread, with its tags"
keys j Enter
expect "tidings - Lighthouse (1 unread, 1 total)" "Enter opens the query feed"
expect "Third story: the lighthouse keeper" "with the matching article"
if screen | grep -q Harbour; then not_ok "only the matches"; show_screen; else ok "only the matches"; fi
keys q
wait_for "Tech unread" >/dev/null
keys j j Enter
expect "Kernel 9.1 released" "the tech query lists the tech articles"
keys Enter
expect "Title: Kernel 9.1 released" "an article of a query feed opens"
keys q
keys q
expect "(1/1) Tech unread" "reading one updates the query feed's count"
# The killfile as the reader sees it: the feed's own list.
keys g j j Enter
expect "tidings - Tech Weekly" "the feed the killfile trimmed opens"
expect "Compilers get smarter" "its kept articles are listed"
if screen | grep -q "Sponsored\|Free prizes"; then
	not_ok "the ignored articles are not on screen"; show_screen
else ok "the ignored articles are not on screen"; fi
keys q
wait_for "Tech unread" >/dev/null

# --- F, the one-off filter ------------------------------------------------------
keys g Enter
expect "Harbour reopens" "a feed's list"
keys F
expect "Filter" "F asks for a filter expression"
keys 'author = "Ana Lima"' Enter
expect "1 matches the filter" "F filters the list"
check "the filter keeps only the match" \
    sh -c "! $T capture-pane -p -t ui | grep -q 'Third story'"
# A second F replaces the first (as in newsboat); stacked, nothing matches.
keys F 'title =~ "lighthouse|council"' Enter
expect "2 match the filter" "a second F replaces the first"
check "its list is of the second filter alone" \
    sh -c "$T capture-pane -p -t ui | grep -qF '(filter: title =~ \"lighthouse|council\") (' && ! $T capture-pane -p -t ui | grep -q 'Harbour reopens'"
keys q
expect "Harbour reopens" "q shows the whole list again"
check "the whole list, not the first filter's" \
    sh -c "$T capture-pane -p -t ui | grep -q 'Third story'"
keys F 'title =~ "(" ' Enter
expect "Filter: column" "a bad expression says where it is wrong"
keys F 'content =~ "quokka"' Enter
expect "Second story about the council" "a filter can look at the body"
keys F Enter
expect "Third story" "an empty F shows the whole list again"

# --- full-text search -------------------------------------------------------------
keys q
wait_for "Lighthouse" >/dev/null

# --- F in the feed list: the feeds whose attributes match ---------------------------
# absent TEXT NAME: the screen does not show TEXT.
absent() {
	if screen | grep -qF -- "$1"; then not_ok "$2"; show_screen; else ok "$2"; fi
}
keys F
expect "Filter feeds" "F in the feed list asks for a feed filter"
keys 'tags # "tech"' Enter
expect "1 feed matches the filter" "F keeps the feeds a filter matches"
expect "Tech Weekly" "the tagged feed stays"
absent "Daily Tidings" "the others go"
expect 'Feeds (filter: tags # "tech")' "the title bar names the filter"
keys F 'title =~ "^daily" or title =~ "^lighthouse"' Enter
expect "2 feeds match the filter" "a second F replaces the first, over title"
expect "Lighthouse" "a query feed is a feed to the filter"
absent "Tech Weekly" "and the first filter no longer holds"
keys F 'unread = "yes"' Enter
expect 'Filter: column 1: unknown attribute "unread" (a feed has' \
    "an article's attribute is refused in the feed list"
keys q
expect "Every feed" "q shows every feed again"
expect "Tech Weekly" "the filtered-out feeds come back"
check "and does not quit" [ ! -e "$tmp/exit" ]
keys F 'total_count > 2 and rssurl =~ "news"' Enter
expect "1 feed matches the filter" "counts and the feed's URL"
absent "Tech Weekly" "only the feed with more than 2 articles"
keys F Enter
expect "Every feed" "an empty F shows every feed again"
expect "Tech Weekly" "every feed is back"
keys / quasardrive Enter
expect "Kernel 9.1 released" "/ in the feed list finds a word of a body"
keys q
wait_for "Lighthouse" >/dev/null
keys / '"first ferry"' Enter
expect "Harbour reopens" "and a phrase"
keys q
wait_for "Lighthouse" >/dev/null
keys / nosuchwordanywhere Enter
expect "0 found" "a word nowhere finds nothing"
keys q
keys Q
i=0
while [ $i -lt $((100 * TIDINGS_TEST_SLOW)) ] && [ ! -f "$tmp/exit" ]; do sleep 0.05; i=$((i + 1)); done
check "tidings quits cleanly" grep -q "EXITED 0" "$tmp/exit"

# --- ignore-mode display: stored, not shown ---------------------------------------
cat > "$tmp/config2" <<'EOF'
ignore-mode display
ignore-article "file://*tech.xml" "title =~ \"compilers\""
EOF
TQ="$TIDINGS -u $tmp/urls -c $tmp/cache2.db -C $tmp/config2"
$TQ -x reload >/dev/null 2>&1
n=$($PYTHON -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM items WHERE title LIKE ?", ("Compilers%",)).fetchone()[0])' "$tmp/cache2.db")
same "ignore-mode display stores the article" "$n" 1
rm -f "$tmp/exit"
start
wait_for "Tech Weekly" 10 >/dev/null
keys j j Enter
expect "Kernel 9.1 released" "the feed's list opens"
if screen | grep -q "Compilers"; then
	not_ok "but does not show it"; show_screen
else
	ok "but does not show it"
fi
keys Q

# --- R reloads hidden feeds too: a query feed draws on them -----------------
cat > "$tmp/hidden.xml" <<'EOF'
<rss version="2.0"><channel><title>Hidden wire</title>
<item><title>Wire one</title><guid>w1</guid></item>
</channel></rss>
EOF
cat > "$tmp/urls3" <<EOF
file://$tmp/news.xml "~Daily Tidings"
file://$tmp/hidden.xml "!wire"
"query:From the wire:title =~ \\"^Wire\\""
EOF
TQ="$TIDINGS -u $tmp/urls3 -c $tmp/cache3.db -C $tmp/config3"
: > "$tmp/config3"
$TQ -x reload >/dev/null 2>&1
rm -f "$tmp/exit"
start
expect "(1/1) From the wire" "the query feed over a hidden feed is counted" 10
expect "Feeds (3 unread, 3 total)" \
    "the title counts no article twice (not the query feed's, not hidden ones)"
cat > "$tmp/hidden.xml" <<'EOF'
<rss version="2.0"><channel><title>Hidden wire</title>
<item><title>Wire one</title><guid>w1</guid></item>
<item><title>Wire two</title><guid>w2</guid></item>
</channel></rss>
EOF
keys R
expect "Reloaded 2 feeds" "R reloads the hidden feed with the listed one" 10
keys G Enter
expect "Wire two" "and the query feed shows what the hidden feed brought"
keys Q

# --- / finds Chinese and Japanese inside a sentence without spaces ----------
cat > "$tmp/cjk.xml" <<'EOF'
<rss version="2.0"><channel><title>CJK wire</title>
<item><title>東京都庁で会議</title><guid>c1</guid>
<description>新しい計画は来年から始まる。</description></item>
<item><title>Other news</title><guid>c2</guid></item>
</channel></rss>
EOF
echo "file://$tmp/cjk.xml" > "$tmp/urls4"
TQ="$TIDINGS -u $tmp/urls4 -c $tmp/cache4.db -C $tmp/config3"
$TQ -x reload >/dev/null 2>&1
rm -f "$tmp/exit"
start
wait_for "CJK wire" 10 >/dev/null
keys / 京都 Enter
expect "1 found" "/ finds a CJK word inside a title's run"
expect "東京都庁で会議" "the article with it"
keys q
wait_for "CJK wire" >/dev/null
keys / 来年 Enter
expect 'Search results for "来年" (1 unread, 1 total)' "and inside a body's sentence"
keys q
keys Q

done_testing
