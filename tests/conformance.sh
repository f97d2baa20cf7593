#!/bin/sh
# tests/conformance.sh: scores `tidings --dump-feed` against the results
# other feed parsers expect from the shared corpus (gofeed, rss-parser,
# feedparser): one TAP line per corpus, failing below its floor. The work
# is done by tests/conformance.py; this finds python3, the binary ($TIDINGS)
# and the corpus ($TIDINGS_CORPUS), and skips visibly without them.
# Pass -v (or set TIDINGS_CONFORMANCE_VERBOSE=1) to list every mismatch.
# Under make check-valgrind every run is under valgrind too (tests/lib.sh),
# two at a time, and one more TAP line reads their logs.

. "${top_srcdir:-.}/tests/lib.sh"

# Debian's python3 first: a pyenv shim on PATH costs a second per call.
if [ -x /usr/bin/python3 ]; then
	PYTHON=/usr/bin/python3
elif command -v python3 >/dev/null 2>&1; then
	PYTHON=python3
else
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
if [ ! -d "$TIDINGS_CORPUS" ]; then
	echo "1..0 # SKIP corpus not found ($TIDINGS_CORPUS)"
	exit 0
fi
if [ ! -x "$TIDINGS_BIN" ]; then
	echo "Bail out! no tidings binary at $TIDINGS_BIN"
	exit 1
fi
export TIDINGS TIDINGS_CORPUS
if [ "$under_valgrind" = 0 ]; then
	exec "$PYTHON" "$top_srcdir/tests/conformance.py" "$@"
fi

# Under valgrind: conformance.py's lines without its plan, then lib.sh's.
"$PYTHON" "$top_srcdir/tests/conformance.py" -j 2 "$@" \
    >"$TIDINGS_VG_LOGS/conformance.out"
rc=$?
sed '/^1\.\.[0-9]/d' "$TIDINGS_VG_LOGS/conformance.out"
tap_n=$(grep -c '^ok\|^not ok' "$TIDINGS_VG_LOGS/conformance.out")
tap_failed=$(grep -c '^not ok' "$TIDINGS_VG_LOGS/conformance.out")
[ $rc -eq 0 ] || [ "$tap_failed" -gt 0 ] ||
    not_ok "conformance.py exited with status $rc"
done_testing
