#!/bin/bash
# tests/tls.sh: feeds served over HTTPS on 127.0.0.1 with a self-signed
# and with an expired certificate, both made here with openssl. Each is
# refused with a clear error, leaving the cache as it was, until the
# config names that feed with insecure-tls; the opt-in covers that URL
# alone. Must never listen on anything but 127.0.0.1.
. "${top_srcdir:-.}/tests/lib.sh"
scratch

if ! command -v openssl >/dev/null || ! command -v "$PYTHON" >/dev/null; then
	echo "1..0 # SKIP needs openssl and python3"
	exit 0
fi
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/.config" XDG_DATA_HOME="$tmp/.local"
export no_proxy='*' NO_PROXY='*'

# A self-signed certificate for 127.0.0.1, valid now.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/self.key" \
    -out "$tmp/self.pem" -subj /CN=127.0.0.1 -days 30 \
    -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
# An expired one: valid for one day in 2020 (openssl ca sets the dates).
mkdir -p "$tmp/ca"
: >"$tmp/ca/index.txt"
echo 01 >"$tmp/ca/serial"
cat >"$tmp/ca/ca.cnf" <<EOF
[ca]
default_ca = d
[d]
database = $tmp/ca/index.txt
new_certs_dir = $tmp/ca
serial = $tmp/ca/serial
default_md = sha256
policy = p
copy_extensions = copy
[p]
commonName = supplied
EOF
openssl req -new -newkey rsa:2048 -nodes -keyout "$tmp/old.key" \
    -out "$tmp/old.csr" -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
openssl ca -batch -config "$tmp/ca/ca.cnf" -selfsign -keyfile "$tmp/old.key" \
    -in "$tmp/old.csr" -out "$tmp/old.pem" -startdate 20200101000000Z \
    -enddate 20200102000000Z >/dev/null 2>&1
if [ ! -s "$tmp/self.pem" ] || [ ! -s "$tmp/old.pem" ]; then
	echo "1..0 # SKIP openssl could not make the certificates"
	exit 0
fi

# serve CERT KEY: an HTTPS server of one small feed at every path; prints
# its port into $tmp/port.<name>.
serve() {
	"$PYTHON" - "$1" "$2" <<'PY' &
import http.server, ssl, sys, threading
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Secure'
        b'</title><item><title>one</title><guid>1</guid></item></channel>'
        b'</rss>')
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print("PORT", srv.server_address[1], flush=True)
threading.Timer(120, srv.shutdown).start()
srv.serve_forever()
PY
}

start() {
	local name=$1 i
	serve "$tmp/$name.pem" "$tmp/$name.key" >"$tmp/out.$name" 2>&1
	pids="$pids $!"
	for i in $(seq 50); do
		port=$(sed -n 's/^PORT //p' "$tmp/out.$name")
		[ -n "$port" ] && break
		sleep 0.1
	done
	echo "$port"
}
pids=
trap 'kill $pids 2>/dev/null; rm -rf "$tmp"' EXIT
p_self=$(start self)
p_old=$(start old)
if [ -z "$p_self" ] || [ -z "$p_old" ]; then
	echo "1..0 # SKIP the TLS test server did not start"
	exit 0
fi
self="https://127.0.0.1:$p_self/feed"
old="https://127.0.0.1:$p_old/feed"
printf '%s\n%s\n' "$self" "$old" >"$tmp/urls"
: >"$tmp/config"
T="$TIDINGS -u $tmp/urls -c $tmp/cache.db -C $tmp/config"

# sql QUERY: the rows of a query on the cache.
sql() {
	"$PYTHON" - "$tmp/cache.db" "$1" <<'PY'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

$T -x reload >"$tmp/out1" 2>&1
rc=$?
check "the second certificate has expired" \
    sh -c "! openssl x509 -checkend 0 -noout -in '$tmp/old.pem' >/dev/null"
check "a reload with bad certificates fails" [ $rc -ne 0 ]
check "the self-signed certificate is refused with a clear error" \
    grep -q "$self.*TLS certificate problem: self-signed certificate" "$tmp/out1"
check "the expired one is refused too" \
    grep -q "$old.*TLS certificate problem" "$tmp/out1"
check "the error says how to accept it" \
    grep -q "insecure-tls in the config accepts it for this feed" "$tmp/out1"
same "nothing from either reached the cache" \
    "$(sql "select count(*) from items")" "0"
sed -n '/TLS/p' "$tmp/out1" | head -2 | sed 's/^/# /'

# The opt-in names one feed: only that one is read.
printf 'insecure-tls "%s"\n' "$self" >"$tmp/config"
$T -x reload >"$tmp/out2" 2>&1
check "insecure-tls accepts the self-signed certificate for that feed" \
    grep -q "^ok .*$self" "$tmp/out2"
check "the other feed is still refused" \
    grep -q "$old.*TLS certificate problem" "$tmp/out2"
same "one article stored" "$(sql "select count(*) from items")" "1"

printf 'insecure-tls %s\ninsecure-tls %s\n' "$self" "$old" >"$tmp/config"
$T -x reload >"$tmp/out3" 2>&1
check "insecure-tls accepts an expired certificate too" \
    grep -q "^ok .*$old" "$tmp/out3"
same "both feeds stored" "$(sql "select count(*) from items")" "2"

# Another path on the same server is another feed: not covered.
other="https://127.0.0.1:$p_self/other"
printf '%s\n' "$other" >"$tmp/urls2"
$TIDINGS -u "$tmp/urls2" -c "$tmp/cache2.db" -C "$tmp/config" -x reload \
    >"$tmp/out4" 2>&1
check "the opt-in covers its URL, not its host" \
    grep -q "$other.*TLS certificate problem" "$tmp/out4"

printf 'insecure-tls http://127.0.0.1/\ninsecure-tls *\n' >"$tmp/config"
$TIDINGS -C "$tmp/config" --check-config >"$tmp/out5" 2>&1
check "insecure-tls takes only https:// feed URLs" \
    sh -c "[ \$(grep -c 'is not an https:// feed URL' '$tmp/out5') = 2 ]"

done_testing
