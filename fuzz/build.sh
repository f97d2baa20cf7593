#!/bin/sh
# fuzz/build.sh: builds every libFuzzer target in fuzz/ with clang,
# -fsanitize=fuzzer,address,undefined, straight from the sources in src/
# (not through the autotools build).
#
#	fuzz/build.sh [OUTDIR]		(default fuzz/out)
#
# Targets land in OUTDIR/bin/fuzz_<name>; objects in OUTDIR/obj. config.h
# comes from $TIDINGS_CONFIG_DIR, else the source tree when configure ran
# there, else a minimal one written to OUTDIR/include. Environment:
# CC (default clang), FUZZ_CFLAGS (extra flags), FUZZ_TARGETS (names to
# build, default all). Must never write outside OUTDIR.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${1:-$here/out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
CC=${CC:-clang}

# Sources each target links, besides util, buf and str. A new parser
# gets a line here and a fuzz/fuzz_<name>.c; run.sh then picks it up by
# name.
sources_for() {
	case $1 in
	date)	echo date ;;
	json)	echo json ;;
	urls)	echo filter urls ;;
	opml)	echo filter urls opml ;;
	html)	echo html ;;
	filter)	echo filter ;;
	conf)	echo filter conf ;;
	# cli_feed_json() lives in cli.c, which needs the rest of the tree:
	# the whole library goes into an archive (see below).
	feed)	echo ALL ;;
	*)	echo "fuzz/build.sh: no source list for target '$1'" >&2
		return 1 ;;
	esac
}

# Libraries beyond libc each target needs.
libs_for() {
	case $1 in
	html|opml) pkg-config --libs libxml-2.0 ;;
	feed)	pkg-config --libs libxml-2.0 sqlite3 libcurl ncursesw
		echo -lm ;;
	*)	echo -lm ;;
	esac
}

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz/build.sh: $CC not found (apt-get install clang" \
	    "libclang-rt-dev)" >&2
	exit 1
fi

if [ -n "${TIDINGS_CONFIG_DIR:-}" ]; then
	confdir=$TIDINGS_CONFIG_DIR
elif [ -f "$top/config.h" ]; then
	confdir=$top
else
	confdir=$out/include
	mkdir -p "$confdir"
	cat >"$confdir/config.h" <<'EOF'
/* config.h for the fuzz build when configure has not run. */
#define PACKAGE "tidings"
#define PACKAGE_NAME "tidings"
#define PACKAGE_VERSION "fuzz"
#define VERSION "fuzz"
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#ifndef _DEFAULT_SOURCE
# define _DEFAULT_SOURCE 1
#endif
EOF
fi

pkgcflags=$(pkg-config --cflags libxml-2.0 sqlite3 libcurl ncursesw)
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wshadow \
-Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter \
-I$confdir -I$top/src -I$here $pkgcflags \
-DTIDINGS_DATADIR=\"/nonexistent\" ${FUZZ_CFLAGS:-}"

mkdir -p "$out/obj" "$out/bin"

# True when object $2 is missing or older than source $1 or any header.
stale() {
	[ -f "$2" ] || return 0
	[ "$1" -nt "$2" ] && return 0
	for h in "$top"/src/*.h "$here"/*.h "$confdir/config.h"; do
		[ "$h" -nt "$2" ] && return 0
	done
	return 1
}

# Compiles $1 into $2 with -fsanitize=$3 (fuzzer or fuzzer-no-link).
compile() {
	stale "$1" "$2" || return 0
	echo "  CC      ${1#"$top"/}"
	# shellcheck disable=SC2086
	$CC $cflags $san -fsanitize=$3 -c "$1" -o "$2"
}

# Every src/*.c but main.c into OUTDIR/obj/libtidings.a. A file that does
# not compile (someone's half-done module) is left out with a warning;
# the link then fails only if a target needs it.
build_archive() {
	local_objs=
	for src in "$top"/src/*.c; do
		s=$(basename "$src" .c)
		[ "$s" = main ] && continue
		if compile "$src" "$out/obj/$s.o" fuzzer-no-link; then
			local_objs="$local_objs $out/obj/$s.o"
		else
			echo "fuzz/build.sh: warning: src/$s.c left out" >&2
			rm -f "$out/obj/$s.o"
		fi
	done
	rm -f "$out/obj/libtidings.a"
	# shellcheck disable=SC2086
	ar rcs "$out/obj/libtidings.a" $local_objs
}

targets=${FUZZ_TARGETS:-$(ls "$here"/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}
status=0
for t in $targets; do
	srcs=$(sources_for "$t") || { status=1; continue; }
	objs=
	if [ "$srcs" = ALL ]; then
		[ -n "${archive_done:-}" ] || build_archive
		archive_done=1
		objs=$out/obj/libtidings.a
		srcs=
	fi
	for s in ${srcs:+util buf str $srcs}; do
		case " $objs " in *" $out/obj/$s.o "*) continue ;; esac
		compile "$top/src/$s.c" "$out/obj/$s.o" fuzzer-no-link ||
		    { status=1; continue 2; }
		objs="$objs $out/obj/$s.o"
	done
	compile "$here/fuzz_$t.c" "$out/obj/fuzz_$t.o" fuzzer ||
	    { status=1; continue; }
	echo "  LINK    fuzz_$t"
	# shellcheck disable=SC2086
	$CC $san -fsanitize=fuzzer -o "$out/bin/fuzz_$t" \
	    "$out/obj/fuzz_$t.o" $objs $(libs_for "$t") || status=1
done
exit $status
