"""Start a command the way the kiosk unit does (``Type=notify``) and report when it says READY=1:
``packaging/wait_ready.py [--timeout S] [--then CMD] -- COMMAND...``

It binds a notification socket, runs COMMAND with ``$NOTIFY_SOCKET`` pointing at it (cage passes
it on to the kiosk, its child), prints the seconds from start to READY=1 (the kiosk sends it once
the attract screen's event loop runs, kiosk/ui/app.py), runs ``--then`` (e.g. a screenshot) while
the kiosk is up, then stops the command. Exit 0 when READY came, 1 when it did not in time or the
command died first. Used by packaging/check-kiosk-venv.sh and packaging/cage-screenshot.sh.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--then", default="", help="a shell command to run once READY=1 came")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        p.error("no command")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(0.5)
        env = dict(os.environ, NOTIFY_SOCKET=path)
        started = time.monotonic()
        proc = subprocess.Popen(command, env=env, start_new_session=True)
        ready_after = None
        try:
            while time.monotonic() - started < args.timeout:
                try:
                    message = sock.recv(4096).decode(errors="replace")
                except TimeoutError:
                    if proc.poll() is not None:
                        print(
                            f"wait_ready: {shlex.join(command)} exited with {proc.returncode} "
                            "before READY=1",
                            file=sys.stderr,
                        )
                        return 1
                    continue
                if "READY=1" in message.split("\n"):
                    ready_after = time.monotonic() - started
                    break
            if ready_after is None:
                print(f"wait_ready: no READY=1 within {args.timeout:.0f} s", file=sys.stderr)
                return 1
            print(f"wait_ready: READY=1 after {ready_after:.2f} s", flush=True)
            if args.then:
                done = subprocess.run(args.then, shell=True, env=env, check=False)
                if done.returncode != 0:
                    print(f"wait_ready: --then exited with {done.returncode}", file=sys.stderr)
                    return 1
            return 0
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            sock.close()


if __name__ == "__main__":
    sys.exit(main())
