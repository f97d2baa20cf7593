#!/usr/bin/env bash
# fuzz/run.sh: runs every fuzz target for a bounded time and reports, per
# target, the executions, the coverage (cov: and ft: from libFuzzer's last
# stats line) and the crashes.
#
#	fuzz/run.sh [SECONDS]		(default 30 per target)
#
# Seeds: fuzz/seeds/<target>/ plus the shared corpus ($TIDINGS_CORPUS,
# default ../shared/corpus; skipped when absent) and the project's own
# fixtures. What a run learns is kept in OUT/corpus/<target>/ for the next
# run; crashing inputs go to OUT/crashes/<target>-crash-* (also leak-,
# timeout-, oom-) and each run's log to OUT/logs/<target>.log.
# Exits non-zero when any target crashed or could not run.
#
# Environment: FUZZ_OUT (default fuzz/out), FUZZ_TARGETS (names, default
# all), FUZZ_JOBS (targets run at once, default 1), FUZZ_NO_BUILD=1 (use
# the binaries already in OUT/bin), FUZZ_KEEP_GOING=1 (libFuzzer's fork
# mode: keep fuzzing after a crash, keeping every crashing input),
# FUZZ_ARGS (more libFuzzer flags).
# Must never write outside OUT, nor copy the shared corpus into the tree.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${FUZZ_OUT:-$here/out}
secs=${1:-30}
jobs=${FUZZ_JOBS:-1}
corpus=${TIDINGS_CORPUS:-$top/../shared/corpus}
targets=${FUZZ_TARGETS:-$(ls "$here"/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}

case $secs in
''|*[!0-9]*) echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac

# A target that does not build is reported "not built" below; the others
# still run.
if [ "${FUZZ_NO_BUILD:-}" != 1 ]; then
	FUZZ_TARGETS=$targets "$here/build.sh" "$out" ||
	    echo "fuzz/run.sh: some targets did not build" >&2
fi
mkdir -p "$out/crashes" "$out/logs" "$out/extra"

# Largest input tried, per target: a feed or page is cut at this size.
max_len() {
	case $1 in
	date)	echo 256 ;;
	urls)	echo 8192 ;;
	json|html) echo 16384 ;;
	opml)	echo 32768 ;;
	conf)	echo 16384 ;;
	filter)	echo 4096 ;;
	*)	echo 65536 ;;	# feed
	esac
}

# Seed directories besides fuzz/seeds/<target>; missing ones are skipped.
seed_dirs() {
	case $1 in
	feed)	echo "$corpus/feedparser/tests" "$corpus/gofeed/testdata" \
		    "$corpus/rss-parser/test/input" "$top/data" \
		    "$top/tests/ui" ;;
	json)	echo "$corpus/gofeed/testdata/parser/json" \
		    "$corpus/gofeed/testdata/translator/json" \
		    "$corpus/feedparser/tests/json" \
		    "$corpus/rss-parser/test/output" "$top/tests/ui" ;;
	html)	echo "$corpus/readability/test-pages" ;;
	opml|urls) echo "$corpus/newsboat/test/data" ;;
	date)	date_seeds ;;
	esac
}

# The date strings of feedparser's dates.jsonl, one file each.
date_seeds() {
	local dir=$out/extra/date i=0 line
	[ -f "$corpus/feedparser/dates.jsonl" ] || return 0
	if [ ! -d "$dir" ]; then
		mkdir -p "$dir"
		sed -n 's/.*"input": "\(.*\)", "expected".*/\1/p' \
		    "$corpus/feedparser/dates.jsonl" |
		while IFS= read -r line; do
			i=$((i + 1))
			printf '%s' "$line" >"$dir/$i"
		done
	fi
	echo "$dir"
}

# Number of crash, leak, timeout and oom inputs kept for target $1.
artifacts() {
	ls "$out/crashes" | grep -c "^$1-\(crash\|leak\|timeout\|oom\)-"
}

# Runs one target; prints its summary line; returns non-zero on a crash.
run_one() {
	local t=$1 bin=$out/bin/fuzz_$1 log=$out/logs/$1.log dirs d
	local before after crashes rc execs cov ft stats forked
	if [ ! -x "$bin" ]; then
		printf '%-6s not built\n' "$t"
		return 1
	fi
	mkdir -p "$out/corpus/$t"
	dirs=("$out/corpus/$t" "$here/seeds/$t")
	for d in $(seed_dirs "$t"); do
		[ -d "$d" ] && dirs+=("$d")
	done
	before=$(artifacts "$t")
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -max_len="$(max_len "$t")" \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$out/crashes/$t-" \
	    $([ -f "$here/dict/$t.dict" ] && echo "-dict=$here/dict/$t.dict") \
	    $([ "${FUZZ_KEEP_GOING:-}" = 1 ] && echo "-fork=1" \
	    "-ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1") \
	    ${FUZZ_ARGS:-} "${dirs[@]}" >"$log" 2>&1
	rc=$?
	after=$(artifacts "$t")
	crashes=$((after - before))
	stats=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
	# Fork mode counts what it ignored: "oom/timeout/crash: 0/0/3".
	forked=$(printf '%s' "$stats" | sed -n 's|.*oom/timeout/crash: '\
'\([0-9]*\)/\([0-9]*\)/\([0-9]*\).*|\1 + \2 + \3|p')
	[ -n "$forked" ] && [ $((forked)) -gt "$crashes" ] &&
	    crashes=$((forked))
	[ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    tail -1)
	[ -z "$execs" ] && execs=$(printf '%s' "$stats" |
	    sed -n 's/^#\([0-9]*\).*/\1/p')
	cov=$(printf '%s' "$stats" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s' "$stats" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	printf '%-6s %12s execs  cov %6s  ft %7s  crashes %s%s\n' "$t" \
	    "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes" \
	    "$([ "$crashes" -gt 0 ] && echo "  (see ${log#"$top"/})")"
	[ "$crashes" -eq 0 ]
}

[ -d "$corpus" ] || echo "fuzz/run.sh: no corpus at $corpus;" \
    "seeds from fuzz/seeds only" >&2
echo "fuzz/run.sh: ${secs}s per target, $jobs at a time"
status=0
running=0
for t in $targets; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n || status=1
		running=$((running - 1))
	fi
	run_one "$t" &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n || status=1
	running=$((running - 1))
done
[ "$status" -ne 0 ] && echo "fuzz/run.sh: crashes kept in" \
    "${out#"$top"/}/crashes" >&2
exit $status
