#!/bin/sh
# tests/valgrind.sh: runs a program under valgrind's memcheck with the
# project's options; `make check-valgrind` uses it for the whole suite.
#
#   valgrind.sh PROGRAM [ARG...]         (the unit tests' LOG_COMPILER)
#   valgrind.sh --exec PROGRAM [ARG...]  (tests/lib.sh's $TIDINGS)
#
# An error is an invalid read or write, a use of uninitialised memory, a
# bad free, an overlap, or a block definitely lost at exit; suppressions
# are in tests/valgrind.supp. Each process writes its own log (forked
# children included) in $TIDINGS_VG_LOGS (default ./valgrind-logs),
# a unit test's in a folder of its own there.
#
# Without --exec it waits for the program, then prints every error of any
# of its processes to stderr and exits non-zero if there was one. With
# --exec it becomes valgrind, so the pid a script sees (to kill or to look
# at in /proc) is the program's own; tests/lib.sh reads the logs at the
# end of the script. Extra options come from $VALGRIND_OPTS, which
# valgrind reads itself (--track-origins=yes says where an uninitialised
# value came from, at twice the time).
#
# Must never hide an error: an exit status of 0 from here means the logs
# hold none.

here=$(cd "$(dirname "$0")" && pwd)
become=0
if [ "$1" = --exec ]; then
	become=1
	shift
fi
if [ $# -eq 0 ]; then
	echo "usage: valgrind.sh [--exec] PROGRAM [ARG...]" >&2
	exit 2
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind not found" >&2
	exit 2
fi
# For time bounds to skip themselves (tests/tap.h, tests/lib.sh).
TIDINGS_VALGRIND=1
export TIDINGS_VALGRIND
logs=${TIDINGS_VG_LOGS:-$(pwd)/valgrind-logs}
name=$(basename "$1")
# A unit test's logs go to a folder of its own, emptied first.
[ $become = 1 ] || logs="$logs/$name"
[ $become = 1 ] || rm -rf "$logs"
mkdir -p "$logs" || exit 2

# 97: a status no test expects from the program itself.
set -- valgrind -q --tool=memcheck --error-exitcode=97 \
    --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --num-callers=30 \
    --suppressions="$here/valgrind.supp" --gen-suppressions=all \
    --error-markers=VALGRIND-ERROR-BEGIN,VALGRIND-ERROR-END \
    --log-file="$logs/$name.%p.log" "$@"
if [ $become = 1 ]; then
	exec "$@"
fi

"$@"
rc=$?
bad=0
for log in "$logs"/*.log; do
	if grep -q '== VALGRIND-ERROR-BEGIN$' "$log"; then
		bad=$((bad + 1))
		echo "valgrind: errors in $log:" >&2
		cat "$log" >&2
	fi
done
if [ $bad -gt 0 ]; then
	echo "valgrind: $bad process(es) of $name had errors" >&2
	[ $rc -eq 0 ] && rc=97
fi
exit $rc
