#!/usr/bin/env python3
"""httpd.py: a small HTTP/1.1 test server for tidings that misbehaves on
purpose.

Standard library only (python3 >= 3.7). It must never listen on anything but
127.0.0.1 and never outlive --max-seconds.

Usage:
    python3 tests/httpd.py [--log FILE] [--max-seconds N] [--tls] [DIR]

Binds 127.0.0.1 on a free port and prints "PORT <n>" as the first line of
stdout (flushed), then serves until killed or until --max-seconds (default
300) have passed, when it exits by itself. With --tls it speaks HTTPS with
a freshly made self-signed certificate (needs the openssl program; prints
"NOTLS <reason>" instead of "PORT" and exits 3 when it cannot).

Files under DIR are served at their paths (GET and HEAD), with a
Content-Type from the extension, an ETag and Last-Modified derived from
size and mtime, and 304 answers to a matching If-None-Match (or, without
one, an If-Modified-Since equal to Last-Modified).

Special paths (query parameters in brackets):
  /feed                 a small RSS 2.0 feed (application/rss+xml; utf-8)
  /delay?ms=N           the same feed after N milliseconds (default 100)
  /status/<code>        that status; [retry_after=V] sends "Retry-After: V"
                        verbatim; [location=U] sends a Location; [size=N]
                        makes the body N bytes
  /etag                 ETag [etag=, default "v1-abc"] and Last-Modified
                        [lm=, default Sat, 01 Jan 2022 00:00:00 GMT];
                        304 when If-None-Match equals the ETag exactly (or,
                        without If-None-Match, If-Modified-Since equals lm);
                        parameters are percent-decoded to raw bytes
  /gzip                 the feed, gzip-encoded if Accept-Encoding has gzip
  /redirect/<code>      that 3xx status to [to=, default /feed]
  /redirect-loop        302 to itself, forever
  /redirect-file        301 to file:///etc/passwd
  /cut                  Content-Length: 1000, sends 100 bytes, closes
  /stall                headers and 10 bytes of 1000, then silence for
                        [seconds=, default 60] or until the client leaves
  /slow                 one byte a second, [n=, default 60] bytes
  /big                  [mb=N]: N MiB with Content-Length; without mb an
                        endless body with no length, closed by the client
  /gzip-bomb            gzip of [mb=, default 100] MiB of zeros, sent as
                        Content-Encoding: gzip whatever the client accepts
  /headers-flood        [n=, default 200] headers of 4 KiB each
  /huge-length          Content-Length: 10000000000, then 16 bytes, closes
  /html                 an HTML page (text/html) instead of a feed
  /ct                   the feed with Content-Type: [type=] verbatim

Every request is logged as one JSON object per line to --log, written when
its status line is sent (so before the client can see the answer; a request
that fails before that is logged at its end, with status 0):
  {"t": unix time, "method", "path" (with query), "status", "conn" (the
   connection's number), "inflight" (requests being answered, this one
   included; a request stops counting when its answer starts), "conns" (connections open), "if_none_match",
   "if_modified_since", "user_agent", "accept_encoding", "accept"}
Header values are the raw bytes read as latin-1 (null when absent); JSON
escapes anything outside ASCII, so \\u00XX is byte XX.
"""

import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import mimetypes
import os
import posixpath
import select
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>httpd.py test feed</title>
<link>http://127.0.0.1/</link>
<description>A feed served by the tidings test server.</description>
<item><title>First</title><link>http://127.0.0.1/1</link>
<guid>tag:httpd.py,2024:1</guid>
<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate>
<description>The first item.</description></item>
<item><title>Second \xc3\xa9t\xc3\xa9</title><link>http://127.0.0.1/2</link>
<guid>tag:httpd.py,2024:2</guid>
<pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>
<description>The second item.</description></item>
</channel></rss>
"""

HTML = b"""<!DOCTYPE html>
<html><head><title>Not a feed</title>
<link rel="alternate" type="application/rss+xml" href="/feed">
</head><body><h1>A web page</h1><p>This is HTML, not a feed.</p></body>
</html>
"""

CONTENT_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".opml": "text/x-opml",
}

LOCK = threading.Lock()
STATE = {"inflight": 0, "conns": 0, "next_conn": 0}
LOG = None
ROOT = None
BOMBS = {}


def raw(s):
    """Percent-decodes s to bytes, then reads them as latin-1 (a header)."""
    return urllib.parse.unquote_to_bytes(s).decode("latin-1")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "httpd.py"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def version_string(self):
        return self.server_version

    def setup(self):
        super().setup()
        with LOCK:
            STATE["conns"] += 1
            STATE["next_conn"] += 1
            self.conn_id = STATE["next_conn"]

    def finish(self):
        try:
            super().finish()
        finally:
            with LOCK:
                STATE["conns"] -= 1

    # -- helpers -------------------------------------------------------

    def log_request_line(self, status):
        if LOG is None or self.logged:
            return
        self.logged = True
        h = self.headers
        rec = {
            "t": time.time(),
            "method": self.command,
            "path": self.path,
            "status": status,
            "conn": self.conn_id,
            "inflight": self.inflight_seen,
            "conns": self.conns_seen,
            "if_none_match": h.get("If-None-Match"),
            "if_modified_since": h.get("If-Modified-Since"),
            "user_agent": h.get("User-Agent"),
            "accept_encoding": h.get("Accept-Encoding"),
            "accept": h.get("Accept"),
        }
        line = json.dumps(rec) + "\n"
        with LOCK:
            LOG.write(line)
            LOG.flush()

    def start(self, status, headers=(), length=None, close=False):
        self.status_sent = status
        # No longer in flight once the answer starts: the client may
        # finish it and send its next request before this thread returns,
        # and that must not look like one request too many at once.
        self.leave_inflight()
        # Logged before the client can see the answer, so a test that
        # reads the log after a response always finds its line.
        self.log_request_line(status)
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()

    def reply(self, status, body=b"", ctype="text/plain; charset=utf-8",
              headers=()):
        hs = list(headers)
        if status not in (204, 304) and ctype:
            hs.append(("Content-Type", ctype))
        if status in (204, 304) or 100 <= status < 200:
            self.start(status, hs)
            return
        self.start(status, hs, length=len(body))
        if self.command != "HEAD":
            self.wfile.write(body)

    def client_gone(self, timeout):
        """Waits up to timeout seconds; True if the client hung up."""
        try:
            r, _, _ = select.select([self.connection], [], [], timeout)
            if r:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True
        return False

    def send_slowly(self, chunks, pause):
        for c in chunks:
            self.wfile.write(c)
            self.wfile.flush()
            if self.client_gone(pause):
                return

    # -- dispatch ------------------------------------------------------

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.status_sent = 0
        self.logged = False
        with LOCK:
            STATE["inflight"] += 1
            self.counted = True
            self.inflight_seen = STATE["inflight"]
            self.conns_seen = STATE["conns"]
        try:
            try:
                self.route()
            except ValueError:
                if self.status_sent:
                    raise
                self.reply(400, b"bad parameter\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True
        finally:
            self.leave_inflight()
            self.log_request_line(self.status_sent)

    def leave_inflight(self):
        with LOCK:
            if self.counted:
                STATE["inflight"] -= 1
                self.counted = False

    def route(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
        p = u.path
        if p == "/feed":
            self.reply(200, FEED, "application/rss+xml; charset=utf-8")
        elif p == "/delay":
            time.sleep(int(q.get("ms", "100")) / 1000.0)
            self.reply(200, FEED, "application/rss+xml; charset=utf-8")
        elif p.startswith("/status/"):
            self.do_status(int(p[len("/status/"):] or "500"), q)
        elif p == "/etag":
            self.do_etag(q)
        elif p == "/gzip":
            ae = self.headers.get("Accept-Encoding") or ""
            if "gzip" in [x.split(";")[0].strip() for x in ae.split(",")]:
                self.reply(200, gzip.compress(FEED), "application/rss+xml",
                           [("Content-Encoding", "gzip"),
                            ("Vary", "Accept-Encoding")])
            else:
                self.reply(200, FEED, "application/rss+xml")
        elif p.startswith("/redirect/"):
            code = int(p[len("/redirect/"):] or "302")
            self.reply(code, b"moved\n",
                       headers=[("Location", raw(q.get("to", "/feed")))])
        elif p == "/redirect-loop":
            n = int(q.get("n", "0"))
            self.reply(302, b"again\n",
                       headers=[("Location", "/redirect-loop?n=%d" % (n + 1))])
        elif p == "/redirect-file":
            self.reply(301, b"", headers=[("Location", "file:///etc/passwd")])
        elif p == "/cut":
            self.start(200, [("Content-Type", "application/rss+xml")],
                       length=1000, close=True)
            self.wfile.write(FEED[:100])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        elif p == "/stall":
            self.start(200, [("Content-Type", "application/rss+xml")],
                       length=1000, close=True)
            self.wfile.write(FEED[:10])
            self.wfile.flush()
            self.client_gone(float(q.get("seconds", "60")))
        elif p == "/slow":
            n = int(q.get("n", "60"))
            body = (FEED * (n // len(FEED) + 1))[:n]
            self.start(200, [("Content-Type", "application/rss+xml")],
                       length=n, close=True)
            self.send_slowly([body[i:i + 1] for i in range(n)], 1.0)
        elif p == "/big":
            self.do_big(q)
        elif p == "/gzip-bomb":
            self.do_bomb(int(q.get("mb", "100")))
        elif p == "/headers-flood":
            n = int(q.get("n", "200"))
            hs = [("X-Flood-%d" % i, "a" * 4096) for i in range(n)]
            self.reply(200, FEED, "application/rss+xml", hs)
        elif p == "/huge-length":
            self.start(200, [("Content-Type", "application/rss+xml")],
                       length=10000000000, close=True)
            self.wfile.write(FEED[:16])
            self.wfile.flush()
            self.client_gone(5)
        elif p == "/html":
            self.reply(200, HTML, "text/html; charset=utf-8")
        elif p == "/ct":
            self.reply(200, FEED, raw(q.get("type", "")))
        else:
            self.do_file(p)

    def do_status(self, code, q):
        hs = []
        if "retry_after" in q:
            hs.append(("Retry-After", raw(q["retry_after"])))
        if "location" in q:
            hs.append(("Location", raw(q["location"])))
        body = ("status %d\n" % code).encode()
        if "size" in q:
            body = (body * (int(q["size"]) // len(body) + 1))[:int(q["size"])]
        self.reply(code, body, headers=hs)

    def do_etag(self, q):
        etag = raw(q.get("etag", '"v1-abc"'))
        lm = raw(q.get("lm", "Sat, 01 Jan 2022 00:00:00 GMT"))
        hs = [("ETag", etag), ("Last-Modified", lm)]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm is not None and inm == etag) or \
                (inm is None and ims is not None and ims == lm):
            self.reply(304, headers=hs)
        else:
            self.reply(200, FEED, "application/rss+xml; charset=utf-8", hs)

    def do_big(self, q):
        chunk = (b"<!-- filler -->" * 4096)[:65536]
        if "mb" in q:
            total = int(q["mb"]) << 20
            self.start(200, [("Content-Type", "application/xml")],
                       length=total)
            while total > 0:
                n = min(total, len(chunk))
                self.wfile.write(chunk[:n])
                total -= n
        else:
            self.start(200, [("Content-Type", "application/xml")],
                       close=True)
            deadline = time.time() + 120
            while time.time() < deadline:
                self.wfile.write(chunk)

    def do_bomb(self, mb):
        with LOCK:
            body = BOMBS.get(mb)
            if body is None:
                c = zlib.compressobj(9, zlib.DEFLATED, 31)
                zeros = bytes(1 << 20)
                parts = [c.compress(zeros) for _ in range(mb)]
                parts.append(c.flush())
                body = BOMBS[mb] = b"".join(parts)
        self.reply(200, body, "application/rss+xml",
                   [("Content-Encoding", "gzip")])

    def do_file(self, path):
        rel = posixpath.normpath(urllib.parse.unquote(path)).lstrip("/")
        if ROOT is None or rel.startswith("..") or rel in ("", "."):
            self.reply(404, b"not found\n")
            return
        full = os.path.join(ROOT, *rel.split("/"))
        if not os.path.isfile(full):
            self.reply(404, b"not found\n")
            return
        st = os.stat(full)
        etag = '"%x-%x"' % (st.st_size, int(st.st_mtime * 1000))
        lm = email.utils.formatdate(st.st_mtime, usegmt=True)
        ext = os.path.splitext(full)[1].lower()
        ctype = CONTENT_TYPES.get(ext) or mimetypes.guess_type(full)[0] \
            or "application/octet-stream"
        hs = [("ETag", etag), ("Last-Modified", lm)]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm is not None and inm == etag) or \
                (inm is None and ims is not None and ims == lm):
            self.reply(304, headers=hs)
            return
        with open(full, "rb") as f:
            body = f.read()
        self.reply(200, body, ctype, hs)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # a client that hangs up or refuses our certificate is normal


def make_tls_context():
    d = tempfile.mkdtemp(prefix="httpd-tls-")
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                        "-subj", "/CN=tidings-test"],
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        return ctx
    finally:
        for f in (cert, key):
            if os.path.exists(f):
                os.unlink(f)
        os.rmdir(d)


def main():
    global LOG, ROOT
    ap = argparse.ArgumentParser(description="tidings test HTTP server")
    ap.add_argument("--log", help="append JSON lines here")
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--tls", action="store_true")
    ap.add_argument("dir", nargs="?")
    a = ap.parse_args()
    ROOT = os.path.abspath(a.dir) if a.dir else None
    if a.log:
        LOG = open(a.log, "a", encoding="utf-8")

    # Never outlive the test that started us.
    t = threading.Timer(a.max_seconds, lambda: os._exit(0))
    t.daemon = True
    t.start()

    srv = Server(("127.0.0.1", 0), Handler)
    if a.tls:
        try:
            ctx = make_tls_context()
        except (OSError, subprocess.SubprocessError, ssl.SSLError) as e:
            print("NOTLS %s" % e, flush=True)
            sys.exit(3)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True,
                                     do_handshake_on_connect=False)
    print("PORT %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
