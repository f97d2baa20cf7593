#!/bin/sh
# tests/conformance.sh: scores `tidings --dump-feed` against the results
# other feed parsers expect from the shared corpus (gofeed, rss-parser,
# feedparser): one TAP line per corpus, failing below its floor. The work
# is done by tests/conformance.py; this finds python3, the binary ($TIDINGS)
# and the corpus ($TIDINGS_CORPUS), and skips visibly without them.
# Pass -v (or set TIDINGS_CONFORMANCE_VERBOSE=1) to list every mismatch.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TIDINGS:=$(pwd)/src/tidings}"
: "${TIDINGS_CORPUS:=$top_srcdir/../shared/corpus}"

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
if [ ! -x "$TIDINGS" ]; then
	echo "Bail out! no tidings binary at $TIDINGS"
	exit 1
fi
export TIDINGS TIDINGS_CORPUS
exec "$PYTHON" "$top_srcdir/tests/conformance.py" "$@"
