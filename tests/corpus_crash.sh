#!/bin/sh
# tests/corpus_crash.sh: runs `tidings --dump-feed` over every file of the
# shared corpus's feed folders and fails when one dies of a signal, exits
# with a status other than 0 (read) or 1 (refused), refuses without saying
# why on stderr, or makes a sanitizer speak. One TAP line per folder.
# Reads $TIDINGS and $TIDINGS_CORPUS; skips visibly without the corpus.
# Must never write into the corpus.
# Under make check-valgrind every run is under valgrind too (tests/lib.sh),
# and one more TAP line reads their logs.
. "${top_srcdir:-.}/tests/lib.sh"
: "${TIDINGS_CRASH_JOBS:=2}"

folders="feedparser/tests feedvalidator/testcases gofeed/testdata
rss-parser/test/input newsboat/test/data rome"

if [ ! -d "$TIDINGS_CORPUS" ]; then
	echo "1..0 # SKIP corpus not found ($TIDINGS_CORPUS)"
	exit 0
fi
if [ ! -x "$TIDINGS_BIN" ]; then
	echo "Bail out! no tidings binary at $TIDINGS_BIN"
	exit 1
fi

# Under a sanitizer build, any report ends the run with its own status
# (not 0 or 1) and is caught below by its text as well. Leak checking
# doubles the time of thousands of runs and is the unit tests' job: off
# unless the caller's ASAN_OPTIONS turns it on.
ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:+$ASAN_OPTIONS:}"
ASAN_OPTIONS="${ASAN_OPTIONS}exitcode=86:halt_on_error=1:abort_on_error=0"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}"
UBSAN_OPTIONS="${UBSAN_OPTIONS}exitcode=87:halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS UBSAN_OPTIONS TIDINGS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tidings-crash.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Runs the binary once on all its arguments (one result object per file),
# and again file by file when that fails; prints one "FAIL" line per bad
# file, followed by the start of what it said.
run_batch='
err=$(mktemp "${TMPDIR:-/tmp}/tidings-crash-err.XXXXXX") || exit 1
out=$(mktemp "${TMPDIR:-/tmp}/tidings-crash-out.XXXXXX") || exit 1
# check FILE...: one process for all; one object per file is expected.
check() {
	"$TIDINGS" --dump-feed "$@" >"$out" 2>"$err"
	rc=$?
	why=
	case $rc in
	0|1) ;;
	*) why="exit status $rc" ;;
	esac
	if [ -s "$err" ] &&
	    grep -q -e "runtime error:" -e "Sanitizer" "$err"; then
		why="${why:-exit $rc} and a sanitizer report"
	fi
	if [ -z "$why" ] && [ $# -gt 1 ] &&
	    [ "$(grep -c "^{\"source\":" "$out")" -ne $# ]; then
		why="not one result per file"
	fi
	if [ -z "$why" ] && [ $# -eq 1 ] && [ $rc -eq 1 ] && [ ! -s "$err" ]; then
		why="exit 1 with nothing on stderr"
	fi
	[ -z "$why" ]
}
# A batch that fails is run again file by file to name the culprit.
if ! check "$@"; then
	for f in "$@"; do
		if ! check "$f"; then
			printf "FAIL %s: %s\n" "$f" "$why"
			head -n 12 "$err" | sed "s/^/    /"
		fi
	done
fi
rm -f "$err" "$out"
'

for d in $folders; do
	if [ ! -d "$TIDINGS_CORPUS/$d" ]; then
		skip "$d not found in the corpus"
		continue
	fi
	find "$TIDINGS_CORPUS/$d" -type f -print0 >"$tmp/list"
	count=$(tr -dc '\0' <"$tmp/list" | wc -c | tr -d ' ')
	xargs -0 -n 100 -P "$TIDINGS_CRASH_JOBS" sh -c "$run_batch" sh \
	    <"$tmp/list" >"$tmp/out" 2>&1
	bad=$(grep -c '^FAIL ' "$tmp/out")
	if [ "$bad" -eq 0 ]; then
		ok "$d: $count files, none crashed"
	else
		not_ok "$d: $bad of $count files failed"
		sed 's/^/# /' "$tmp/out" | head -n 200
	fi
done
done_testing
