#!/bin/sh
# tests/newuser.sh: what a newsboat user trying tidings for the first time
# tripped over, each pinned through the real binary: an empty config, no
# terminal, long preformatted lines, the split layout's preview and read
# state, the tag in the title bar, long URLs, plurals, the hint bar on a
# narrow terminal, and a browser command written for a shell.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

if [ ! -x "$TIDINGS" ]; then
	echo "1..0 # SKIP no tidings binary at $TIDINGS"
	exit 0
fi

scratch
export LC_ALL=C.UTF-8 TZ=UTC

# A feed with a long <pre> line, long URLs and articles to preview.
long_url="https://code.example/a/very/long/path/that/goes/on/and/on/and/on/to/reach/past/eighty/columns/of/the/terminal/end-of-url.html"
cat > "$tmp/code.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Code Feed</title>
<link>https://code.example/</link>
<item><title>A patch with long lines</title><guid>patch</guid>
<link>https://code.example/patch</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Before the code.</p>
<pre>short line
if (first_condition_is_true &amp;&amp; second_condition_holds) { call_a_function_with_a_long_name(argument_one, argument_two); } /* END-OF-PRE */
last line</pre>
<p>See <a href="$long_url">the long link</a>.</p>]]></description>
</item>
<item><title>Second article to preview</title><guid>second</guid>
<link>https://code.example/second</link>
<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Short text of the second.</p>]]></description>
</item>
<item><title>Third article to preview</title><guid>third</guid>
<link>https://code.example/third</link>
<pubDate>Sun, 03 Mar 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Short text of the third.</p>]]></description>
</item>
</channel></rss>
XML
cp "$top_srcdir/tests/ui/news.xml" "$tmp/news.xml"
printf 'file://%s/code.xml code "~Code Feed"\nfile://%s/news.xml news\n' \
    "$tmp" "$tmp" > "$tmp/urls"

# --- no terminal, an empty config ----------------------------------------
mkdir "$tmp/notty"
: > "$tmp/empty.conf"
"$TIDINGS" -u "$tmp/urls" -c "$tmp/notty/sub/cache.db" -C "$tmp/empty.conf" \
    < /dev/null > "$tmp/notty/out" 2> "$tmp/notty/err"
same "without a terminal the interface exits with status 1" "$?" 1
same "... saying so in one line" "$(wc -l < "$tmp/notty/err")" 1
check "... that names the terminal" grep -q "needs a terminal" \
    "$tmp/notty/err"
check "... before it creates anything" \
    sh -c "[ ! -e '$tmp/notty/sub' ] && [ -z \"\$(ls '$tmp/notty' | grep -v '^out\$\\|^err\$')\" ]"
"$TIDINGS" -u "$tmp/urls" -c "$tmp/notty/cache.db" -C "$tmp/empty.conf" \
    -x reload \
    < /dev/null > "$tmp/notty/out" 2>&1
same "-x reload works without a terminal" "$?" 0
check "... and fills the cache" test -s "$tmp/notty/cache.db"
same "-C /dev/null passes --check-config" \
    "$("$TIDINGS" -C /dev/null --check-config 2>&1)" "/dev/null: ok"


# --- counts in messages: one article, not "1 articles" -------------------------
cat > "$tmp/one.xml" <<'XML'
<rss version="2.0"><channel><title>One</title>
<item><title>The only one</title><guid>one</guid></item></channel></rss>
XML
printf 'file://%s/one.xml\n' "$tmp" > "$tmp/urls-one"
TO="$TIDINGS -u $tmp/urls-one -c $tmp/one.db -C $tmp/empty.conf"
same "-x reload says 1 feed and 1 new article" \
    "$($TO -x reload 2>/dev/null | tail -1)" \
    "1 feed: 1 fetched, 0 unchanged, 0 failed, 0 skipped; 1 new article"
same "-x print-unread says 1 unread article" "$($TO -x print-unread)" \
    "1 unread article"
same "... and 0 unread articles for none" \
    "$($TIDINGS -c "$tmp/none.db" -u "$tmp/urls-one" -x print-unread)" \
    "0 unread articles"

# --- the interface ---------------------------------------------------------------
tmux_setup
cp "$tmp/notty/cache.db" "$tmp/ui.db"
TU="-u urls -c ui.db -C empty.conf"

# --- the hint bar on a narrow terminal drops whole hints ------------------------
start 30 10 $TU
wait_for "Code Feed" >/dev/null
same "at 30 columns the hint bar holds the hints that fit whole" \
    "$(screen | sed -n 9p | sed 's/ *$//')" "Enter:Open q:Quit"
$T resize-window -t ui -x 16 -y 10
wait_for "Enter:Open" >/dev/null
sleep 0.2
same "at 16 columns, one" "$(screen | sed -n 9p | sed 's/ *$//')" "Enter:Open"
keys Enter
wait_for "A patch" >/dev/null
same "the article list's bar too" "$(screen | sed -n 9p | sed 's/ *$//')" \
    "Enter:Open"
check "quit after the narrow terminal" quit

# --- the title bar names the tag t picked ---------------------------------------
start 80 24 $TU
wait_for "Code Feed" >/dev/null
keys t
wait_for "(every feed)" >/dev/null
keys j Enter
expect 'Feeds tagged "code" (3 unread, 3 total)' \
    "after t the title bar names the tag, with its feeds' counts"
keys C-t
expect 'Feeds (6 unread, 6 total)' "^T: every feed again, and the title says so"
check "quit after the tag test" quit

# --- the URL list: long URLs keep their ends, the selected one wraps whole ------
cat > "$tmp/browser" <<SH
#!/bin/sh
printf '%s' "\$1" > "$tmp/browser.argv1"
SH
chmod +x "$tmp/browser"
UI_ENV="BROWSER='$tmp/browser'"
start 60 16 $TU
UI_ENV=
wait_for "Code Feed" >/dev/null
keys Enter
wait_for "A patch" >/dev/null
keys Enter
wait_for "Title: A patch" >/dev/null
keys u
wait_for "Article: https://code.example/patch" >/dev/null
row=$(screen | grep -F '[1] ')
case $row in
*"[1] https://code.example/"*"…"*"end-of-url.html"*)
	ok "a long URL not selected shows its start and its end" ;;
*)	not_ok "a long URL not selected shows its start and its end"
	show_screen ;;
esac
check "... within the width" [ "$(printf '%s' "$row" | wc -m)" -le 60 ]
keys j
wait_for "     end-of-url.html" >/dev/null
whole=$(screen | sed -n '/\[1\] /,/end-of-url/p' | sed 's/^ *//; s/^\[1\] //' |
    tr -d '\n')
same "the selected URL wraps over rows, whole" "$whole" "$long_url"
rm -f "$tmp/browser.argv1"
keys Enter
wait_file "$tmp/browser.argv1"
same "Enter opens the whole URL" "$(cat "$tmp/browser.argv1" 2>/dev/null)" \
    "$long_url"
check "quit after the URL list" quit

# --- long <pre> lines: wrapped after a mark on screen, whole in s and | ---------
pre_line='if (first_condition_is_true && second_condition_holds) { call_a_function_with_a_long_name(argument_one, argument_two); } /* END-OF-PRE */'
start 60 20 $TU
wait_for "Code Feed" >/dev/null
keys Enter
wait_for "A patch" >/dev/null
keys g Enter
wait_for "Title: A patch" >/dev/null
expect "END-OF-PRE" "the end of a long pre line shows on screen"
same "it goes on in rows that start with ↪" \
    "$(screen | grep -c '^ ↪')" 2
same "joined, the rows hold every character of the line" \
    "$(screen | sed -n '/^ if (first/,/END-OF-PRE/p' | sed 's/^ ↪//' |
    tr -d ' \n')" "$(printf '%s' "$pre_line" | tr -d ' ')"
same "nothing is drawn past 60 columns" "$(screen | "$PYTHON" -c '
import sys
print(max(len(l.rstrip("\n")) for l in sys.stdin))')" 60
keys s
wait_for "Save to:" >/dev/null
keys C-u "$tmp/saved.txt" Enter
wait_for "Saved to" >/dev/null
check "s saves the pre line whole" grep -qxF "$pre_line" "$tmp/saved.txt"
check "... with no ↪ in the file" sh -c "! grep -q '↪' '$tmp/saved.txt'"
check "... and the link list's long URL whole" \
    grep -qxF "[1] $long_url" "$tmp/saved.txt"
keys '|'
wait_for "Pipe the article to:" >/dev/null
keys "cat > '$tmp/piped.txt'" Enter
wait_for "Press Enter" >/dev/null
keys Enter
wait_for "Piped the article" >/dev/null
check "| pipes the pre line whole" grep -qxF "$pre_line" "$tmp/piped.txt"
check "quit after the pre test" quit

# --- the split layout's preview marks what is read -------------------------------
printf 'layout split\npreview-read-delay 1\n' > "$tmp/split.conf"
cp "$tmp/notty/cache.db" "$tmp/split.db"
start 100 16 -u urls -c split.db -C split.conf
wait_for "Code Feed" >/dev/null
keys Enter
wait_for "Title: A patch with long lines" >/dev/null
check "the previewed article is unread at first" \
    sh -c "$T capture-pane -p -t ui | grep -q '^N  Mar 05  A patch'"
expect "Code Feed (2 unread, 3 total)" \
    "resting on it for preview-read-delay marks it read" 3
check "... its row too" \
    sh -c "$T capture-pane -p -t ui | grep -q '^   Mar 05  A patch'"
keys j j
wait_for "Title: Third article" >/dev/null
expect "Code Feed (1 unread, 3 total)" "the next one rested on, too" 3
check "an article passed over quickly stays unread" \
    sh -c "$T capture-pane -p -t ui | grep -q '^N  Mar 04  Second'"
keys N
expect "Marked unread" "N marks the previewed article unread"
sleep 1.5
check "... and it stays unread while it is shown" \
    sh -c "$T capture-pane -p -t ui | grep -q '^N  Mar 03  Third'"
check "quit after the preview delay" quit

printf 'layout split\npreview-read-delay no\n' > "$tmp/split-no.conf"
cp "$tmp/notty/cache.db" "$tmp/split-no.db"
start 100 16 -u urls -c split-no.db -C split-no.conf
wait_for "Code Feed" >/dev/null
keys Enter
wait_for "Title: A patch with long lines" >/dev/null
keys j
wait_for "Title: Second article" >/dev/null
sleep 1.5
check "preview-read-delay no: resting marks nothing" \
    sh -c "$T capture-pane -p -t ui | grep -q '^N  Mar 04  Second'"
# wait_row RE: polls the pane until a line matches the regular expression.
wait_row() {
	local i=0
	while [ $i -lt $((100 * TIDINGS_TEST_SLOW)) ]; do
		screen | grep -q -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
keys Tab
if wait_row '^   Mar 04  Second'; then
	ok "Tab into the preview marks the article read at once"
else
	not_ok "Tab into the preview marks the article read at once"
	show_screen
fi
# Tab twice: the feed list, then the article list again.
keys Tab Tab j
wait_for "Title: Third article" >/dev/null
# A click in the preview pane gives it the focus.
$T send-keys -t ui -H 1b 5b 4d 20 5a 25 1b 5b 4d 23 5a 25
if wait_row '^   Mar 03  Third'; then
	ok "a click into the preview does too"
else
	not_ok "a click into the preview does too"; show_screen
fi
check "quit after the preview focus" quit

printf 'mark-as-read-on-hover yes\n' > "$tmp/hover.conf"
cp "$tmp/notty/cache.db" "$tmp/hover.db"
start 80 16 -u urls -c hover.db -C hover.conf
wait_for "Code Feed" >/dev/null
keys Enter
expect "Code Feed (2 unread, 3 total)" \
    "mark-as-read-on-hover yes: the selected article is read at once"
keys j
expect "Code Feed (1 unread, 3 total)" "... and the next one selected"
check "quit after mark-as-read-on-hover" quit

# --- a browser command written for a shell ----------------------------------------
printf 'browser "%s %%u | tee log"\n' "$tmp/browser" > "$tmp/shell.conf"
out=$("$TIDINGS" -C "$tmp/shell.conf" --check-config)
same "--check-config fails on a browser written for a shell" "$?" 1
case $out in
"$tmp/shell.conf:1: browser \"$tmp/browser %u | tee log\": \"|\" is shell syntax; tidings runs the browser as a program with arguments, not through a shell"*)
	ok "... saying where and why" ;;
*)	not_ok "... saying where and why"; diag "$out" ;;
esac
"$TIDINGS" -C "$tmp/shell.conf" -u "$tmp/urls-one" -c "$tmp/one.db" \
    -x reload > /dev/null 2> "$tmp/shell.err"
check "the config loader warns too, with file and line" \
    grep -q "^tidings: $tmp/shell.conf:1: browser .*not through a shell" \
    "$tmp/shell.err"
rm -f "$tmp/browser.argv1" "$tmp/log"
start 100 16 $TU -C shell.conf
wait_for "Code Feed" >/dev/null
keys Enter
wait_for "A patch" >/dev/null
keys g Enter
wait_for "Title: A patch" >/dev/null
keys o
expect 'Cannot open the link: browser in the config: "|" is shell syntax' \
    "o says in the status line why the browser cannot run"
check "... and runs nothing" \
    sh -c "[ ! -e '$tmp/browser.argv1' ] && [ ! -e '$tmp/log' ]"
check "quit after the shell browser" quit
# The interface's loader said it on standard error too: expected there.
grep -v 'shell.conf:1: browser ".*not through a shell' "$tmp/allerr" \
    > "$tmp/allerr.new"
mv "$tmp/allerr.new" "$tmp/allerr"

printf 'browser "/nonexistent/browser %%u"\n' > "$tmp/missing.conf"
start 120 16 $TU -C missing.conf
wait_for "Code Feed" >/dev/null
keys Enter
wait_for "A patch" >/dev/null
keys o
expect "Cannot open the link: cannot run /nonexistent/browser: No such file or directory (browser in the config)" \
    "a browser that cannot run: the status line says why"
check "quit after the missing browser" quit

# Quotes group words, as in a shell, so newsboat's '%u' works as it is.
printf "browser \"'%s' --flag '%%u'\"\n" "$tmp/browser" > "$tmp/quoted.conf"
same "quotes in browser are fine for --check-config" \
    "$("$TIDINGS" -C "$tmp/quoted.conf" --check-config)" \
    "$tmp/quoted.conf: ok"
rm -f "$tmp/browser.argv1"
start 100 16 $TU -C quoted.conf
wait_for "Code Feed" >/dev/null
keys Enter
wait_for "A patch" >/dev/null
keys o
wait_file "$tmp/browser.argv1"
same "browser \"'prog' --flag '%u'\" runs prog with the URL, quotes gone" \
    "$(cat "$tmp/browser.argv1" 2>/dev/null)" "--flag"
check "quit after the quoted browser" quit

if [ -s "$tmp/allerr" ]; then
	not_ok "nothing was written to standard error"
	sed 's/^/#   /' "$tmp/allerr" | head -20
else
	ok "nothing was written to standard error"
fi
done_testing
