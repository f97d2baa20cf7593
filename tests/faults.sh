#!/bin/bash
# tests/faults.sh: kill -9 at 15 random points of `tidings -x reload`
# (30 feeds of 200 articles, every one changed each round, so every round
# rewrites the cache): after each, integrity_check passes, the cache
# opens again, and no read or flagged state is lost. (Mark-all-read,
# cleanup, a full disk and a read-only cache are in test_faults.)
. "${top_srcdir:-.}/tests/lib.sh"
scratch

if ! command -v "$PYTHON" >/dev/null; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/.config" XDG_DATA_HOME="$tmp/.local"
export no_proxy='*' NO_PROXY='*'
rounds=${TIDINGS_FAULT_ROUNDS:-15}

sql() {
	"$PYTHON" - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
db.commit()
PY
}

mkdir -p "$tmp/www/many"
"$PYTHON" "$top_srcdir/bench/gen_feeds.py" "$tmp/www/many" 30 200 \
    --paragraphs 2 >/dev/null
"$PYTHON" "$top_srcdir/tests/httpd.py" --max-seconds "$(slow 600)" "$tmp/www" \
    >"$tmp/httpd.out" 2>"$tmp/httpd.err" &
httpd=$!
trap 'kill $httpd 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
	port=$(sed -n 's/^PORT //p' "$tmp/httpd.out")
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "1..0 # SKIP tests/httpd.py did not start"
	exit 0
fi
sed "s|^|http://127.0.0.1:$port/many/|" "$tmp/www/many/urls-template" \
    >"$tmp/urls"
db="$tmp/cache.db"
K="$TIDINGS -u $tmp/urls -c $db"

t0=$(date +%s%N)
$K -x reload >/dev/null 2>&1
whole=$(( ($(date +%s%N) - t0) / 1000000 ))
sql "$db" "update items set unread = 0 where id % 3 = 0" >/dev/null
sql "$db" "update items set flagged = 1 where id % 7 = 0" >/dev/null
read_ids=$(sql "$db" "select count(*), total(id) from items where unread = 0")
flag_ids=$(sql "$db" "select count(*), total(id) from items where flagged")
diag "a whole reload takes $whole ms; $read_ids read, $flag_ids flagged"

bad=0 lost=0 reopen=0 killed=0
for i in $(seq "$rounds"); do
	touch "$tmp"/www/many/*.xml	# new validators: all fetched again
	# Newer copies of every feed: their items change, so each round
	# rewrites rows, not only the feeds' fetch times.
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 r$i</title>|" \
	    "$tmp"/www/many/*.xml 2>/dev/null
	$K -x reload >/dev/null 2>&1 &
	pid=$!
	ms=$(( RANDOM % (whole + whole / 4 + 1) ))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	[ "$(sql "$db" "pragma integrity_check")" = ok ] || bad=$((bad + 1))
	# Items of the first fetch keep their state (new ones are unread).
	r=$(sql "$db" "select count(*), total(id) from items where unread = 0")
	f=$(sql "$db" "select count(*), total(id) from items where flagged")
	[ "$r" = "$read_ids" ] && [ "$f" = "$flag_ids" ] || lost=$((lost + 1))
	$K -x print-unread >/dev/null 2>&1 && reopen=$((reopen + 1))
done
diag "$killed of $rounds reloads killed before their end"
same "integrity_check passes after kill -9 at $rounds random points of a reload" "$bad" "0"
same "no read or flagged state is lost" "$lost" "0"
same "the cache opens again every time" "$reopen" "$rounds"
$K -x reload >"$tmp/out" 2>&1
check "a reload after all that fails nowhere" grep -q "30 feeds: .* 0 failed" "$tmp/out"

done_testing
