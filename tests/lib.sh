# tests/lib.sh: TAP helpers for the shell integration tests.
# Source it; call ok/not_ok/skip/check; end with done_testing.
# Every script runs the real binary named by $TIDINGS.

: "${TIDINGS:=$(pwd)/src/tidings}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TIDINGS_CORPUS:=$top_srcdir/../shared/corpus}"
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

done_testing() {
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
	local i=0 max=$((${2:-5} * 20))
	while [ $i -lt $max ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: polls the pane until TEXT is no longer there.
wait_gone() {
	local i=0 max=$((${2:-5} * 20))
	while [ $i -lt $max ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_file FILE [SECONDS]: polls until FILE exists.
wait_file() {
	local i=0 max=$((${2:-5} * 20))
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
