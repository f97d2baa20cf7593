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
