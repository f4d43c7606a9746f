"""``make screenshots``: every screen state x language at 1280x800 and 1080x1920, rendered by the
real kiosk window under its own Xvfb server, saved as PNG files (default ``screenshots/``).

The states are the ones the fit test walks (tests/ui/test_fit.py: the attract screen, frozen too,
each step, an unreadable scan, a failed face attempt, the clerk's review with a long field list,
the idle warning, the cancel question, the error banner, every receipt and ending), driven by
clicks and keys on the scripted services double; the walk saves each state it checks. So a
screenshot run is also a fit check, on the xcb platform this time.

    python tools/screenshots.py [--out screenshots] [--sizes 1280x800,1080x1920] [--display N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_display(start: int = 90) -> int:
    """The first X display number without a lock file or socket."""
    for n in range(start, start + 100):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise SystemExit("screenshots: no free X display number between 90 and 189")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "screenshots"))
    p.add_argument("--sizes", default="1280x800,1080x1920")
    p.add_argument("--display", type=int, default=None, help="X display number (default: free)")
    args = p.parse_args(argv)
    if shutil.which("Xvfb") is None:
        raise SystemExit("screenshots: Xvfb is not installed (make system-deps installs it)")
    out = Path(args.out).resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    display = args.display if args.display is not None else free_display()
    # One screen big enough for the landscape and the portrait window.
    xvfb = subprocess.Popen(
        ["Xvfb", f":{display}", "-screen", "0", "1920x1920x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{display}").exists():
            if xvfb.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"screenshots: Xvfb :{display} did not start")
            time.sleep(0.05)
        sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
        env = {
            **os.environ,
            "DISPLAY": f":{display}",
            "QT_QPA_PLATFORM": "xcb",
            "SIMKIOSK_SCREENSHOTS": str(out),
        }
        code = subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                str(ROOT / "tests/ui/test_fit.py"),
                "-k",
                " or ".join(sizes),
            ],
            cwd=ROOT,
            env=env,
        )
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    shots = sorted(out.rglob("*.png"))
    print(f"screenshots: {len(shots)} PNG files in {out}")
    return code


if __name__ == "__main__":
    sys.exit(main())
