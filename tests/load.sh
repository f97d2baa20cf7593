#!/bin/bash
# tests/load.sh: 300 feeds (TIDINGS_LOAD_FEEDS=2000 for the full load run,
# about two minutes), one in ten slow (2 s),
# one in twenty failing (HTTP 500), one in twenty refused (no server),
# served by eight servers on 127.0.0.1 to 127.0.0.8, refreshed together in
# the interface (tmux). While it runs, keys must be answered at once (the
# help screen opens and closes); peak memory stays bounded; the number of
# open file descriptors stays bounded during the refresh and is the same
# after a second refresh (R) as after the first, but for the sockets of
# libcurl's connection cache (at most 16, as many as timing left, and its
# wake-up pair). Figures are printed as
# TAP comments. With 2,000 feeds: each refresh about 60 s, peak RSS 23
# MiB, 26 descriptors after each, every key answered within 0.9 s.
# Under valgrind (make check-valgrind) the peak memory and the second per
# key are skipped, saying why: valgrind's own memory and its slowness are
# what they would measure.
. "${top_srcdir:-.}/tests/lib.sh"
scratch

if ! command -v tmux >/dev/null || ! command -v "$PYTHON" >/dev/null; then
	echo "1..0 # SKIP needs tmux and python3"
	exit 0
fi
if [ ! -d /proc/self/fd ]; then
	echo "1..0 # SKIP needs /proc"
	exit 0
fi
n=${TIDINGS_LOAD_FEEDS:-300}
# Under AddressSanitizer, freed memory waits in a 256 MiB quarantine and
# every heap byte has shadow: the bound checked is the program's own plus
# a small quarantine's worth.
limit_mib=150
if grep -qa __asan_init "$TIDINGS" 2>/dev/null; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
	export ASAN_OPTIONS
	limit_mib=200
fi
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/.config" XDG_DATA_HOME="$tmp/.local"
export no_proxy='*' NO_PROXY='*' LC_ALL=C.UTF-8 TZ=UTC

# Eight servers: /f/N a feed of 10 items, /slow/N the same after 2 s,
# /fail/N a 500.
"$PYTHON" - <<'PY' >"$tmp/srv.out" 2>"$tmp/srv.err" &
import http.server, threading, time
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def do_GET(self):
        kind, _, num = self.path.strip("/").partition("/")
        if kind == "fail":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "slow":
            time.sleep(2)
        items = "".join(
            "<item><title>Feed %s item %d</title><guid>%s-%d</guid>"
            "<description>&lt;p&gt;Body %d of feed %s.&lt;/p&gt;"
            "</description></item>" % (num, i, num, i, i, num)
            for i in range(10))
        body = ('<?xml version="1.0"?><rss version="2.0"><channel>'
                '<title>Feed %s</title>%s</channel></rss>'
                % (num, items)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
servers = []
for k in range(1, 9):
    s = http.server.ThreadingHTTPServer(("127.0.0.%d" % k, 0), H)
    s.daemon_threads = True
    servers.append(s)
    threading.Thread(target=s.serve_forever, daemon=True).start()
print("PORTS", " ".join(str(s.server_address[1]) for s in servers),
      flush=True)
time.sleep(600)
PY
srv=$!
sock="tidings-load-$$"
T="tmux -L $sock -f /dev/null"
trap '$T kill-server 2>/dev/null; kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
	ports=$(sed -n 's/^PORTS //p' "$tmp/srv.out")
	[ -n "$ports" ] && break
	sleep 0.1
done
if [ -z "$ports" ]; then
	echo "1..0 # SKIP the test servers did not start: $(cat "$tmp/srv.err")"
	exit 0
fi
read -r -a port <<<"$ports"

# The list: feed i on server i % 8.
for i in $(seq 0 $((n - 1))); do
	k=$((i % 8))
	h="http://127.0.0.$((k + 1)):${port[$k]}"
	if [ $((i % 20)) -eq 7 ]; then
		echo "$h/fail/$i"
	elif [ $((i % 20)) -eq 13 ]; then
		echo "http://127.0.0.$((k + 1)):1/refused/$i"
	elif [ $((i % 10)) -eq 3 ]; then
		echo "$h/slow/$i"
	else
		echo "$h/f/$i"
	fi
done >"$tmp/urls"
: >"$tmp/config"

$T new-session -d -s ui -x 100 -y 30 \
    "cd '$tmp' && '$TIDINGS' -u urls -c cache.db -C config 2>stderr; sleep 60"
screen() { $T capture-pane -p -t ui; }
wait_for() {
	local i=0 max=$((${2:-5} * 20 * TIDINGS_TEST_SLOW))
	while [ $i -lt $max ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
pid=
# Under a wrapper (valgrind) the binary's name is not the first word.
pat="^$TIDINGS_BIN -u urls -c cache.db"
[ -z "${TIDINGS_WRAPPER:-}" ] || pat=" $TIDINGS_BIN -u urls -c cache.db"
for _ in $(seq $((100 * TIDINGS_TEST_SLOW))); do
	pid=$(pgrep -n -f "$pat" || true)
	[ -n "$pid" ] && break
	sleep 0.1
done
if [ -z "$pid" ]; then
	not_ok "the tidings process is found"
	done_testing
	exit 1
fi
fds() { ls /proc/"$pid"/fd 2>/dev/null | wc -l; }
# Sockets open between refreshes are libcurl's: up to 16 kept connections
# (NET_MAX_TOTAL_CONNECTIONS), as many as timing left, and its wake-up
# pair. Every other descriptor must be the same after each refresh.
sockets() { ls -l /proc/"$pid"/fd 2>/dev/null | grep -c 'socket:\['; }
rss() { awk '/^VmHWM:/ { print $2 }' /proc/"$pid"/status; }

# refresh: waits for the refresh under way to end, sampling open files
# and asking for the help screen while it runs.
refresh() {
	t0=$(date +%s)
	max_fds=0 answered=0 asked=0 slowest=0
	idle=0
	while :; do
		f=$(fds)
		[ "${f:-0}" -gt "$max_fds" ] && max_fds=$f
		screen | grep -q "Reloaded" && break
		[ $(( $(date +%s) - t0 )) -gt $((400 * TIDINGS_TEST_SLOW)) ] &&
		    break
		# Ended while the help screen hid its message: no progress
		# line for two looks a second apart.
		if ! screen | grep -q "Reloading"; then
			idle=$((idle + 1))
			[ $idle -ge 3 ] && break
			sleep 1
			continue
		fi
		idle=0
		if screen | grep -q "Reloading"; then
			asked=$((asked + 1))
			a=$(date +%s%N)
			$T send-keys -t ui '?'
			if wait_for "the keys (q goes back)" 2; then
				ms=$(( ($(date +%s%N) - a) / 1000000 ))
				[ "$ms" -gt "$slowest" ] && slowest=$ms
				answered=$((answered + 1))
			fi
			$T send-keys -t ui q
			wait_for "Feeds (" 2
			sleep 0.5
		else
			sleep 0.2
		fi
	done
	secs=$(( $(date +%s) - t0 ))
	status=$(screen | grep -o "Reloaded.*" | head -1)
	ended=0
	screen | grep -q "Reloading" || ended=1
	failed=$("$PYTHON" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from feeds where last_error is not null").fetchone()[0])' "$tmp/cache.db" 2>/dev/null)
}

# The first run fetches every feed by itself.
wait_for "Reloading" 30
refresh
sleep 1
first_fds=$(fds)
first_socks=$(sockets)
diag "first refresh of $n feeds: ${secs} s, $status"
diag "fds at most $max_fds during, $first_fds after"
diag "keys during it: $answered of $asked answered, slowest in $slowest ms"
check "the first refresh of $n feeds ends (in ${secs} s)" [ $ended = 1 ]
same "the failing and refused feeds have their error kept" "$failed" \
    "$((n / 10))"
check "open files stay bounded during the refresh (at most $max_fds)" \
    [ "$max_fds" -lt $((first_fds + 64)) ]
check "the interface answered every key during the refresh ($answered of $asked)" \
    sh -c "[ $asked -gt 0 ] && [ $answered -eq $asked ]"
if [ "$under_valgrind" = 1 ]; then
	skip "each within a second (slowest $slowest ms): not under valgrind," \
	    "which makes every step many times slower"
else
	check "each within a second (slowest $slowest ms)" [ "$slowest" -lt 1000 ]
fi

# Again, with R: nothing may be left open after it.
$T send-keys -t ui R
wait_for "Reloading" 10
refresh
sleep 1
second_fds=$(fds)
second_socks=$(sockets)
peak=$(rss)
diag "second refresh: ${secs} s, $status; fds at most $max_fds, $second_fds after"
diag "peak RSS over both: $((peak / 1024)) MiB"
check "the second refresh ends too (in ${secs} s)" [ $ended = 1 ]
same_fds=0
[ $((second_fds - second_socks)) -le $((first_fds - first_socks)) ] &&
    [ "$second_socks" -le 18 ] && same_fds=1
check "no file descriptor leaks ($first_fds after the first, $second_fds after the second; $first_socks and $second_socks of them sockets)" \
    [ $same_fds = 1 ]
if [ "$under_valgrind" = 1 ]; then
	skip "peak memory stays under $limit_mib MiB: not under valgrind," \
	    "whose own memory is in the process ($((peak / 1024)) MiB)"
else
	check "peak memory stays under $limit_mib MiB ($((peak / 1024)) MiB)" \
	    [ "${peak:-999999}" -lt $((limit_mib * 1024)) ]
fi
$T send-keys -t ui Q
done_testing
