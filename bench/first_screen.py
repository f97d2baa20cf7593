#!/usr/bin/env python3
"""bench/first_screen.py: seconds from starting CMD in a tmux pane until
PATTERN shows in that pane.

    first_screen.py SOCKET PATTERN CMD

The tmux server on SOCKET (tmux -L) must have a session with one pane.
This talks to it as one control-mode client (tmux -C), so neither starting
the command nor polling the pane forks a process per step: the pane is blanked
first, the clock starts when respawn-pane is sent, and capture-pane is
asked again every millisecond until PATTERN is on the screen. Prints the seconds on standard
output; exits 1 after 60 seconds without it.
"""
import os
import subprocess
import sys
import time


class Control:
    def __init__(self, sock):
        self.p = subprocess.Popen(["tmux", "-L", sock, "-C", "attach"],
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, bufsize=0)
        self.buf = b""
        # attach answers first with a block of its own.
        while not self._line().startswith(b"%end"):
            pass

    def _line(self):
        while b"\n" not in self.buf:
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("tmux control client ended")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def command(self, cmd):
        """Sends one command; returns the lines of its answer."""
        self.p.stdin.write(cmd.encode() + b"\n")
        out, inside = [], False
        while True:
            line = self._line()
            if line.startswith(b"%begin"):
                inside, out = True, []
            elif inside and (line.startswith(b"%end") or
                             line.startswith(b"%error")):
                return out
            elif inside:
                out.append(line)
            # Anything else is a notification (%output ...): not ours.

    def close(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass
        self.p.wait()


def quote(s):
    """A tmux command argument: double quotes, with \\ " $ escaped."""
    for c in '\\"$':
        s = s.replace(c, "\\" + c)
    return '"' + s + '"'


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: first_screen.py SOCKET PATTERN CMD")
    sock, pattern, cmd = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
    c = Control(sock)
    # A blank pane first, so that the last run's screen cannot match.
    c.command("respawn-pane -k " + quote("printf '\\033[H\\033[2J'; "
                                         "exec sleep 1000000"))
    while any(pattern in line for line in c.command("capture-pane -p")):
        time.sleep(0.001)
    c.command("clear-history")
    start = time.monotonic()
    c.command("respawn-pane -k " + quote(cmd))
    while True:
        screen = c.command("capture-pane -p")
        now = time.monotonic()
        if any(pattern in line for line in screen):
            break
        if now - start > 60:
            print("\n".join(l.decode("utf-8", "replace") for l in screen),
                  file=sys.stderr)
            c.close()
            sys.exit(1)
        time.sleep(0.001)
    c.close()
    print("%.4f" % (now - start))


if __name__ == "__main__":
    main()
