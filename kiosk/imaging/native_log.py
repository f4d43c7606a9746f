"""MediaPipe's and TensorFlow Lite's native log lines, kept off the console.

Lines such as "Feedback manager requires a model with a single signature inference…", "Using
NORM_RECT without IMAGE_DIMENSIONS…" and "INFO: Created TensorFlow Lite XNNPACK delegate for
CPU." say nothing a customer or a technician can act on. Importing this module sets the
variables glog and TensorFlow read when they load (so it must be imported before mediapipe is);
MediaPipe 0.10.21 logs through absl's C++ logging, which no variable reaches before
absl::InitializeLog(), and TFLite's XNNPACK line is printed straight to stderr, so whoever
builds or first runs a MediaPipe graph also holds :data:`QUIET` around it: file descriptor 2
goes to a temporary file meanwhile, and every line that is not that chatter (errors, and the
kiosk's own lines) is passed on to the real stderr afterwards.

Here, in the bottom layer ``kiosk.imaging``, beside the one MediaPipe wrapper (kiosk.imaging.mesh)
that the kiosk, the technician's camera view and the virtual subject (hardware.face_warp) use.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import IO

__all__ = ["QUIET", "NativeQuiet", "quiet_python_logging"]

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
NATIVE_NOISE = re.compile(
    rb"^(?:[IW]\d{4} \d\d:\d\d:[\d.]+\s+\d+ [\w.]+:\d+\] .*"
    rb"|INFO: Created TensorFlow Lite .*"
    rb"|WARNING: All log messages before absl::InitializeLog\(\) is called .*)$"
)


class NativeQuiet:
    """Process-wide: while held by anyone, file descriptor 2 goes to a temporary file; when the
    last holder lets go, every line that is not native MediaPipe/TFLite info or warning chatter
    (errors stay, and so do the kiosk's own lines) is passed on to the real stderr. Counted, so
    that two face meshes starting at once nest correctly."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._saved: int | None = None
        self._sink: IO[bytes] | None = None

    def acquire(self) -> None:
        with self._lock:
            self._holders += 1
            if self._holders > 1:
                return
            try:
                sys.stderr.flush()
                saved = os.dup(2)
            except (OSError, ValueError):  # no usable stderr (a service without one)
                return
            self._sink = tempfile.TemporaryFile()  # noqa: SIM115 - held across calls
            os.dup2(self._sink.fileno(), 2)
            self._saved = saved

    def release(self) -> None:
        with self._lock:
            self._holders = max(self._holders - 1, 0)
            if self._holders or self._saved is None or self._sink is None:
                return
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.flush()
            os.dup2(self._saved, 2)
            os.close(self._saved)
            sink, self._saved, self._sink = self._sink, None, None
            sink.seek(0)
            kept = [
                ln
                for ln in sink.read().splitlines(keepends=True)
                if not NATIVE_NOISE.match(ln.rstrip(b"\r\n"))
            ]
            sink.close()
            if kept:
                os.write(2, b"".join(kept))

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


QUIET = NativeQuiet()


def quiet_python_logging() -> None:
    """absl's Python logging (mediapipe's Python side) to errors only."""
    with contextlib.suppress(ImportError):
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.ERROR)
