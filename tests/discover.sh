#!/bin/sh
# tests/discover.sh: finding feeds from an address, against pages served
# on 127.0.0.1 by tests/httpd.py: tidings --add with a feed's address, a
# page advertising one feed, several (a broken one left out), none (the
# common paths of the site tried instead), the choice by --pick, by a
# prompt on a terminal (tmux) and from the interface's a key; and the
# urls file keeping the user's comments and order.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

if [ ! -x "$TIDINGS" ]; then
	echo "1..0 # SKIP no tidings binary at $TIDINGS"
	exit 0
fi

scratch
httpd_pid=
sock="tidings-discover-$$"
T="tmux -L $sock -f /dev/null"
trap '$T kill-server 2>/dev/null; [ -n "$httpd_pid" ] && kill $httpd_pid 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC
www="$tmp/www"
mkdir -p "$www/one" "$www/several" "$www/none"

rss() {
	cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>$1</title><link>http://127.0.0.1/</link>
<description>d</description><item><title>Item of $1</title>
<guid>$1-1</guid><description>x</description></item></channel></rss>
EOF
}
rss "One's posts" > "$www/one/posts.xml"
cat > "$www/one/index.html" <<'EOF'
<!DOCTYPE html><html><head><title>One</title><base href="/one/">
<link rel="alternate" type="application/rss+xml" href="posts.xml">
<link rel="stylesheet" href="style.css"></head>
<body><p>A page with one feed.</p></body></html>
EOF
rss "Several: posts" > "$www/several/rss.xml"
cat > "$www/several/atom.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Several in Atom</title>
<id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>e</title><id>urn:e</id><updated>2024-01-01T00:00:00Z</updated>
</entry></feed>
EOF
cat > "$www/several/feed.json" <<'EOF'
{"version": "https://jsonfeed.org/version/1.1", "title": "Several in JSON",
 "items": [{"id": "1", "content_text": "x"}]}
EOF
cat > "$www/several/index.html" <<'EOF'
<!DOCTYPE html><html><head><title>Several</title>
<link rel="alternate" type="application/rss+xml" title="Several: posts" href="/several/rss.xml">
<link rel="alternate" type="application/rss+xml" title="Broken" href="/several/missing.xml">
<link rel="alternate" type="application/atom+xml" title="Several: comments" href="/several/atom.xml">
<link rel="alternate" type="application/feed+json" href="/several/feed.json">
</head><body><p>A page with several feeds.</p></body></html>
EOF
cat > "$www/none/index.html" <<'EOF'
<!DOCTYPE html><html><head><title>None</title></head>
<body><p>A page that advertises no feed.</p></body></html>
EOF
rss "Root RSS" > "$www/rss.xml"
cp "$www/several/feed.json" "$www/feed.json"

"$PYTHON" "$top_srcdir/tests/httpd.py" --log "$tmp/http.log" \
    --max-seconds "$(slow 240)" "$www" > "$tmp/port" &
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

# The user's own file: comments, a blank line, an order to keep, no
# final newline.
printf '# my feeds\nhttps://a.example/feed.xml news "~A"\n\n# later\nhttps://b.example/rss' \
    > "$tmp/urls"
cp "$tmp/urls" "$tmp/urls.orig"
add() {
	"$TIDINGS" -u "$tmp/urls" -c "$tmp/cache.db" --add "$@" \
	    > "$tmp/out" 2> "$tmp/err" < /dev/null
}

# --- a feed's own address ---------------------------------------------------
add "$base/one/posts.xml"
same "a feed's address is added" "$?" 0
check "and says so" grep -q "^Added $base/one/posts.xml (One's posts) to" \
    "$tmp/out"

# --- a page with one feed ------------------------------------------------------
add "$base/one/index.html"
check "a page's one feed is found (relative, under <base>)" \
    grep -q "^  1) One's posts (RSS 2.0)" "$tmp/out"
check "and is already there" grep -q "is already in" "$tmp/out"

# --- a page with several -------------------------------------------------------
add "$base/several/index.html"
same "several feeds and no terminal: exit 1" "$?" 1
check "they are listed with their titles and formats" sh -c "
	grep -q '^  1) Several: posts (RSS 2.0)' '$tmp/out' &&
	grep -q '^  2) Several: comments (Atom 1.0)' '$tmp/out' &&
	grep -q '^  3) Several in JSON (JSON Feed 1.1)' '$tmp/out' &&
	grep -q '^     $base/several/atom.xml' '$tmp/out'"
check "the advertised feed that is broken is left out" sh -c \
    "! grep -q 'Broken\|missing' '$tmp/out'"
check "--pick is asked for" grep -q "choose one with --pick N" "$tmp/err"
add "$base/several/index.html" --pick 3
same "--pick 3 adds the third" "$?" 0
check "and says so" grep -q "^Added $base/several/feed.json" "$tmp/out"
add "$base/several/index.html" --pick 9
same "--pick past the end is an error" "$?" 1

# --- a page with none: the common paths ------------------------------------------
add "$base/none/index.html" --pick 2
same "no advertised feed: the common paths are tried" "$?" 0
check "the site's feeds are listed in the paths' order" sh -c "
	grep -q 'advertises no feed; its site has 3 feeds' '$tmp/out' &&
	grep -q '^  1) httpd.py test feed (RSS 2.0)' '$tmp/out' &&
	grep -q '^     $base/feed\$' '$tmp/out' &&
	grep -q '^  2) Root RSS (RSS 2.0)' '$tmp/out' &&
	grep -q '^  3) Several in JSON (JSON Feed 1.1)' '$tmp/out'"
check "and /atom.xml and /index.xml were asked for" sh -c "
	grep -q '\"path\": \"/atom.xml\", \"status\": 404' '$tmp/http.log' &&
	grep -q '\"path\": \"/index.xml\", \"status\": 404' '$tmp/http.log'"

# --- failures --------------------------------------------------------------------
add "$base/nothing/here"
same "a missing page: exit 1" "$?" 1
check "with the reason" grep -q "nothing/here: HTTP 404 Not Found" \
    "$tmp/err"
add "127.0.0.1:$port/one/posts.xml"
check "an address without a scheme is taken as https" \
    grep -q "^tidings: 127.0.0.1:$port/one/posts.xml: TLS" "$tmp/err"
add "exec:touch $tmp/pwned"
same "a command is never an address" "$?" 1
check "and is refused" grep -q "not an http or https address" "$tmp/err"
check "and never run" test ! -e "$tmp/pwned"

# --- the file keeps everything ---------------------------------------------------
{
	cat "$tmp/urls.orig"
	printf '\n%s\n' "$base/one/posts.xml"
	printf '%s\n' "$base/several/feed.json" "$base/rss.xml"
} > "$tmp/urls.want"
if cmp -s "$tmp/urls" "$tmp/urls.want"; then
	ok "the urls file keeps comments, blank lines and order, new lines at the end"
else
	not_ok "the urls file keeps comments, blank lines and order, new lines at the end"
	diff "$tmp/urls.want" "$tmp/urls" | sed 's/^/# /'
fi
check "no temporary file is left beside it" sh -c \
    "! ls '$tmp' | grep -q 'urls.tidings-'"

if ! command -v tmux >/dev/null 2>&1; then
	skip "a prompt on a terminal (no tmux)"
	done_testing
	exit $?
fi

# --- a prompt on a terminal -------------------------------------------------------
$T new-session -d -s keep -x 20 -y 5 "sleep 3600"
screen() { $T capture-pane -p -t t; }
wait_for() {
	local i=0 max=$((${2:-5} * 20 * TIDINGS_TEST_SLOW))
	while [ $i -lt $max ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
show_screen() { screen | sed 's/^/#   | /'; }
printf '# tty\n' > "$tmp/urls-tty"
$T new-session -d -s t -x 100 -y 20 "'$TIDINGS' -u '$tmp/urls-tty' \
    -c '$tmp/cache.db' --add '$base/several/index.html'; echo EXITED \$?; sleep 60"
if wait_for "Add which feed? [1-3, Enter for 1, q to cancel]"; then
	ok "on a terminal, the choice is asked for"; else
	not_ok "on a terminal, the choice is asked for"; show_screen; fi
$T send-keys -t t "2" Enter
if wait_for "EXITED 0"; then ok "the answer adds a feed"; else
	not_ok "the answer adds a feed"; show_screen; fi
same "the second feed is in the file" "$(cat "$tmp/urls-tty")" \
    "# tty
$base/several/atom.xml"

# --- the interface's a key --------------------------------------------------------
printf '# ui\n%s/one/posts.xml\n' "$base" > "$tmp/urls-ui"
: > "$tmp/config-ui"
$T kill-session -t t
$T new-session -d -s t -x 100 -y 24 "'$TIDINGS' -u '$tmp/urls-ui' \
    -c '$tmp/cache-ui.db' -C '$tmp/config-ui'; echo EXITED \$?; sleep 60"
wait_for "posts.xml" >/dev/null
$T send-keys -t t a
if wait_for "Add a feed (its address or a web page's):"; then
	ok "a asks for an address"; else
	not_ok "a asks for an address"; show_screen; fi
$T send-keys -t t "$base/several/index.html" Enter
if wait_for "Feeds the page advertises"; then
	ok "the feeds of the page are listed to choose from"; else
	not_ok "the feeds of the page are listed to choose from"; show_screen; fi
if wait_for " 2) Several: comments (Atom 1.0) $base/several/atom.xml"; then
	ok "with their titles"; else
	not_ok "with their titles"; show_screen; fi
$T send-keys -t t j Enter
if wait_for "Several in Atom" 10; then
	ok "it joins the feed list and is fetched"; else
	not_ok "it joins the feed list and is fetched"; show_screen; fi
$T send-keys -t t a "$base/nothing/" Enter
if wait_for "No feed found: HTTP 404 Not Found"; then
	ok "a failure says why in the status line"; else
	not_ok "a failure says why in the status line"; show_screen; fi
$T send-keys -t t Q
wait_for "EXITED 0" >/dev/null
same "the interface appended one line, keeping the file" \
    "$(cat "$tmp/urls-ui")" "# ui
$base/one/posts.xml
$base/several/atom.xml"

done_testing
