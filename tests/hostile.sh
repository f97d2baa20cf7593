#!/bin/bash
# tests/hostile.sh: hostile servers and hostile lists through the real
# binary (`tidings -x reload`, -i), each case one check:
#  - brotli and zstd bombs (the gzip bomb, endless and slow bodies, header
#    floods, redirect loops and the 10 GB Content-Length are in test_net);
#  - redirects to schemes a feed must never reach (file, gopher, ftp,
#    dict, ldap, smb, scp, telnet, tftp, data, javascript);
#  - error messages and reload output free of the server's escapes;
#  - urls-file lines and OPML entries that try to become commands.
# Servers listen on 127.0.0.1 only. Peak memory is measured with
# /usr/bin/time when present, except under valgrind (make check-valgrind),
# where it would be valgrind's: that check is skipped, saying so.
. "${top_srcdir:-.}/tests/lib.sh"
scratch

if ! command -v "$PYTHON" >/dev/null; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/.config" XDG_DATA_HOME="$tmp/.local"
export no_proxy='*' NO_PROXY='*'
mkdir -p "$tmp/www"

# Bombs: 512 MiB of zeros, compressed to a few kilobytes.
have_br=0 have_zstd=0
if command -v brotli >/dev/null; then
	head -c 536870912 /dev/zero | brotli -q 1 -c >"$tmp/www/bomb.br" &&
	    have_br=1
fi
if command -v zstd >/dev/null; then
	head -c 536870912 /dev/zero | zstd -q -1 -c >"$tmp/www/bomb.zst" &&
	    have_zstd=1
fi

# A server that sends each file with the Content-Encoding its extension
# names, whatever the client asked for; /redirect?to=U answers 302 to U
# verbatim; /evil answers 500 with escapes in the reason phrase and the
# headers; /page is HTML with escapes in its content type.
"$PYTHON" - "$tmp/www" "$(slow 180)" >"$tmp/srv.out" 2>"$tmp/srv.err" <<'PY' &
import http.server, os, sys, threading, urllib.parse
ROOT = sys.argv[1]
ENC = {".br": "br", ".zst": "zstd"}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", q["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if u.path == "/evil":
            self.send_response(500, "Oops\x1b]0;PWNED\x07\x1b[2J\x9b1m")
            self.send_header("X-Evil", "\x1b[31m")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if u.path == "/page":
            body = b"<html><body>\x1b[2Jhi</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html\x1b[2J\x9b1m")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = os.path.join(ROOT, os.path.basename(u.path))
        ext = os.path.splitext(path)[1]
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Encoding", ENC.get(ext, "identity"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print("PORT", srv.server_address[1], flush=True)
threading.Timer(float(sys.argv[2]), srv.shutdown).start()
srv.serve_forever()
PY
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
	port=$(sed -n 's/^PORT //p' "$tmp/srv.out")
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "1..0 # SKIP the test server did not start: $(cat "$tmp/srv.err")"
	exit 0
fi
base="http://127.0.0.1:$port"

# reload URLS-FILE OUT: -x reload on its own cache; peak RSS (KiB) in
# $tmp/rss when /usr/bin/time is there.
reload() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$tmp/rss" timeout "$(slow 120)" \
		    "$TIDINGS" -u "$1" -c "$1.db" -x reload >"$2" 2>&1
	else
		timeout "$(slow 120)" "$TIDINGS" -u "$1" -c "$1.db" -x reload \
		    >"$2" 2>&1
	fi
}

# --- decompression bombs -----------------------------------------------------
for kind in br zst; do
	name=brotli
	[ $kind = zst ] && name=zstd
	if [ $kind = br ] && [ $have_br = 0 ] ||
	    [ $kind = zst ] && [ $have_zstd = 0 ]; then
		skip "$name bomb: no $name program to make it"
		skip "$name bomb: memory"
		continue
	fi
	echo "$base/bomb.$kind" >"$tmp/urls-$kind"
	reload "$tmp/urls-$kind" "$tmp/out-$kind"
	check "$name bomb ($(stat -c %s "$tmp/www/bomb.$kind") bytes for 512 MiB) stops at the body limit" \
	    grep -q "failed.*bomb.$kind.*body larger than 32 MiB" "$tmp/out-$kind"
	if [ "$under_valgrind" = 1 ]; then
		skip "$name bomb: memory, not under valgrind (its own memory" \
		    "is in the process)"
	elif [ -s "$tmp/rss" ]; then
		rss=$(tail -1 "$tmp/rss")
		check "$name bomb: peak memory $((rss / 1024)) MiB stays under 200 MiB" \
		    [ "$rss" -lt 204800 ]
	else
		skip "$name bomb: memory (no /usr/bin/time)"
	fi
done

# --- redirects to other schemes ----------------------------------------------
: >"$tmp/urls-redir"
for to in file:///etc/passwd gopher://127.0.0.1:$port/1 \
    ftp://127.0.0.1:$port/x dict://127.0.0.1:$port/d:x \
    ldap://127.0.0.1:$port/o=x smb://127.0.0.1:$port/x \
    scp://127.0.0.1:$port/x telnet://127.0.0.1:$port \
    tftp://127.0.0.1:$port/x "data:text/xml,<rss/>" "javascript:alert(1)"; do
	q=$("$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$to")
	echo "$base/redirect?to=$q" >>"$tmp/urls-redir"
done
reload "$tmp/urls-redir" "$tmp/out-redir"
n=$(grep -c "failed.*redirect" "$tmp/out-redir")
same "a redirect to each of 11 other schemes fails" "$n" "11"
same "and says so" "$(grep -c "refused redirect to a" "$tmp/out-redir")" "11"
check "no feed was read from any of them" grep -q "0 fetched" "$tmp/out-redir"
sed -n '/refused/p' "$tmp/out-redir" | head -2 | sed 's/^/# /'

# --- the server's escapes never reach the output ---------------------------
printf '%s\n%s\n' "$base/evil" "$base/page" >"$tmp/urls-esc"
reload "$tmp/urls-esc" "$tmp/out-esc"
check "errors from a hostile server are reported" \
    grep -q "failed.*$base/evil" "$tmp/out-esc"
bad=$("$PYTHON" -c '
import sys
s = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
print(sum(1 for c in s if (ord(c) < 32 and c not in "\n") or 0x7f <= ord(c) < 0xa0 or c in "\u202e\u200b"))' "$tmp/out-esc")
same "the reload output holds no control character from the server" "$bad" "0"
grep failed "$tmp/out-esc" | sed 's/^/# /'

# --- urls lines and OPML entries that try to become commands -----------------
cd "$tmp" || exit 1
cat >"$tmp/urls-cmd" <<EOF
exec:touch $tmp/P1
"exec:touch $tmp/P2"
filter:touch $tmp/P3:$base/bomb.br
|touch $tmp/P4
\`touch $tmp/P5\`
\$(touch $tmp/P6)
$base/x;touch $tmp/P7
$base/a.xml "\`touch $tmp/P8\`" "~\$(touch $tmp/P9)"
query:x:title =~ "\$(touch $tmp/P10)"
EOF
timeout "$(slow 60)" "$TIDINGS" -u "$tmp/urls-cmd" -c "$tmp/cmd.db" -x reload \
    >"$tmp/out-cmd" 2>&1
n=0
for i in $(seq 10); do [ -e "$tmp/P$i" ] && n=$((n + 1)); done
same "no urls line ran a command" "$n" "0"
check "exec: and |command lines are reported, not run" \
    sh -c "[ \$(grep -c 'not supported' '$tmp/out-cmd') -ge 3 ]"
cat >"$tmp/cmd.opml" <<EOF
<?xml version="1.0"?>
<opml version="2.0"><body>
<outline type="rss" text="a" xmlUrl="exec:touch $tmp/Q1"/>
<outline type="rss" text="b" xmlUrl="|touch $tmp/Q2"/>
<outline type="rss" text="c" xmlUrl="filter:touch $tmp/Q3:$base/x"/>
<outline type="rss" text="d" xmlUrl="\$(touch $tmp/Q4)"/>
<outline type="rss" text="\`touch $tmp/Q5\`" xmlUrl="$base/t.xml"/>
<outline type="query" text="q" xmlUrl="query:x:title =~ &quot;\$(touch $tmp/Q6)&quot;"/>
<outline type="rss" text="f" xmlUrl="file:///etc/passwd"/>
<outline type="rss" text="g" xmlUrl="http://127.0.0.1:$port/ok&#10;exec:touch $tmp/Q7"/>
</body></opml>
EOF
"$TIDINGS" -u "$tmp/urls-opml" -c "$tmp/opml.db" -i "$tmp/cmd.opml" \
    >"$tmp/out-opml" 2>&1
timeout "$(slow 60)" "$TIDINGS" -u "$tmp/urls-opml" -c "$tmp/opml.db" -x reload \
    >>"$tmp/out-opml" 2>&1
n=0
for i in $(seq 7); do [ -e "$tmp/Q$i" ] && n=$((n + 1)); done
same "no OPML entry ran a command, on import or reload" "$n" "0"
check "only the plain http feed entered the urls file" \
    sh -c "! grep -q 'exec:\|filter:\|query:\||touch\|file:\|\\\$(' '$tmp/urls-opml'"

done_testing
