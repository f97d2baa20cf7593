# tests/lib.sh: TAP helpers for the shell integration tests.
# Source it; call ok/not_ok/skip/check; end with done_testing.
# Every script runs the real binary named by $TIDINGS.

: "${TIDINGS:=$(pwd)/src/tidings}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TIDINGS_CORPUS:=$top_srcdir/../shared/corpus}"

# TIDINGS_WRAPPER, when set, is a command put before the binary:
# `make check-valgrind` sets it to tests/valgrind.sh --exec. $TIDINGS is
# then a two-line script that runs the binary through it, so every way a
# script starts tidings (directly, from a $T string, in tmux, in the
# background, from python) goes through the wrapper; $TIDINGS_BIN stays the
# binary itself. Each script's valgrind logs go to a folder of its own,
# which done_testing reads.
TIDINGS_BIN=$TIDINGS
under_valgrind=0
if [ -n "${TIDINGS_WRAPPER:-}" ]; then
	case $TIDINGS_WRAPPER in *valgrind*) under_valgrind=1 ;; esac
	[ "${TIDINGS_VALGRIND:-0}" = 0 ] || under_valgrind=1
	TIDINGS_VG_LOGS=${TIDINGS_VG_LOGS:-$(pwd)/valgrind-logs}/$(basename "$0")
	rm -rf "$TIDINGS_VG_LOGS"
	mkdir -p "$TIDINGS_VG_LOGS" || exit 99
	printf '#!/bin/sh\nexec %s '"'%s'"' "$@"\n' "$TIDINGS_WRAPPER" \
	    "$TIDINGS_BIN" >"$TIDINGS_VG_LOGS/tidings"
	chmod +x "$TIDINGS_VG_LOGS/tidings"
	TIDINGS=$TIDINGS_VG_LOGS/tidings
	export TIDINGS TIDINGS_BIN TIDINGS_VG_LOGS
fi
# TIDINGS_TEST_SLOW: a whole factor on every time limit the scripts wait
# for (10 under `make check-valgrind`); slow N prints N times it.
TIDINGS_TEST_SLOW=${TIDINGS_TEST_SLOW:-1}
case $TIDINGS_TEST_SLOW in
''|*[!0-9]*|0) TIDINGS_TEST_SLOW=1 ;;
esac
slow() {
	awk -v n="$1" -v f="$TIDINGS_TEST_SLOW" 'BEGIN { print n * f }'
}
# Debian's python3 first: a pyenv shim on PATH costs a second per call.
if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $*"
}

# check NAME COMMAND...: one TAP line from a command's exit status.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# same NAME GOT WANT: compares two strings, shows both on failure.
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   got:  %s\n#   want: %s\n' "$2" "$3"
	fi
}

diag() {
	printf '# %s\n' "$*"
}

# Under valgrind: one TAP line for the logs of every tidings the script
# ran, and a failing one, with the log, for each process that had an
# error. Waits a little for processes still running (a pane quitting).
valgrind_logs() {
	local log pid i n=0 bad=0 running=0
	for log in "$TIDINGS_VG_LOGS"/*.log; do
		[ -e "$log" ] || continue
		n=$((n + 1))
		pid=${log%.log}
		pid=${pid##*.}
		i=0
		while [ -d "/proc/$pid" ] && [ $i -lt $((TIDINGS_TEST_SLOW * 60)) ]
		do
			sleep 0.05
			i=$((i + 1))
		done
		[ -d "/proc/$pid" ] && running=$((running + 1))
		if grep -q '== VALGRIND-ERROR-BEGIN$' "$log"; then
			bad=$((bad + 1))
			not_ok "valgrind: errors in tidings pid $pid"
			sed 's/^/# /' "$log" | head -n 300
		fi
	done
	if [ $running -gt 0 ]; then
		diag "valgrind: $running still running, their leaks not checked"
	fi
	[ $bad -gt 0 ] || ok "valgrind: $n runs of tidings, no error"
}

done_testing() {
	[ $under_valgrind = 0 ] || valgrind_logs
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# A scratch directory removed at exit.
scratch() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/tidings-test.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
}

# jq-less JSON access through python3: pyjson FILE EXPR (EXPR uses d).
pyjson() {
	"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print("null" if v is None else v)' "$1" "$2"
}

# --- tmux sessions (tests that drive the interface) -------------------------
# tmux_setup: a private tmux server ($T), killed at exit with the scratch
# directory; needs scratch first. Skips the whole script without tmux.
tmux_setup() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "1..0 # SKIP tmux is not installed"
		exit 0
	fi
	sock="tidings-$(basename "$0" .sh)-$$"
	T="tmux -L $sock -f /dev/null"
	trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
	# One idle session keeps the server up between the tests' sessions.
	$T new-session -d -s keep -x 20 -y 5 "sleep 3600"
}

# start COLS ROWS ARGS...: tidings in a fresh session "ui", run in $tmp
# with $UI_ENV added to its environment; its exit status goes to
# $tmp/exit, its standard error to $tmp/stderr.
start() {
	local cols=$1 rows=$2
	shift 2
	rm -f "$tmp/exit"
	$T kill-session -t ui 2>/dev/null
	$T new-session -d -s ui -x "$cols" -y "$rows" \
	    "cd '$tmp' && TZ=UTC LC_ALL=C.UTF-8 ${UI_ENV:-} '$TIDINGS' $* \
	    2>'$tmp/stderr'; echo EXITED \$? > '$tmp/exit'; sleep 60"
}

screen() {
	$T capture-pane -p -t ui
}

keys() {
	$T send-keys -t ui "$@"
}

# wait_for TEXT [SECONDS]: polls the pane until TEXT shows.
wait_for() {
	local i=0 max=$((${2:-5} * 20 * TIDINGS_TEST_SLOW))
	while [ $i -lt $max ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: polls the pane until TEXT is no longer there.
wait_gone() {
	local i=0 max=$((${2:-5} * 20 * TIDINGS_TEST_SLOW))
	while [ $i -lt $max ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_file FILE [SECONDS]: polls until FILE exists.
wait_file() {
	local i=0 max=$((${2:-5} * 20 * TIDINGS_TEST_SLOW))
	while [ $i -lt $max ] && [ ! -e "$1" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -e "$1" ]
}

# quit: Q, and waits for the process to end; standard error is kept in
# $tmp/allerr.
quit() {
	keys Q
	wait_file "$tmp/exit"
	local rc=$?
	cat "$tmp/stderr" >> "$tmp/allerr" 2>/dev/null
	return $rc
}

show_screen() {
	screen | sed 's/^/#   | /'
}

# expect TEXT NAME [SECONDS]: one TAP line, the screen shown on failure.
expect() {
	if wait_for "$1" "${3:-5}"; then ok "$2"; else not_ok "$2"; show_screen; fi
}
