"""A serial (RS-232 / USB-serial) MRZ reader, the swipe or full-page readers used at counters.

They decode the MRZ themselves and send its lines as text. Most frame one document as
``STX line CR line CR [line CR] ETX``; some send bare lines. :class:`MrzFrameParser` accepts
both, with CR, LF or CRLF line ends (bare lines separated from the next document by a pause of
:data:`IDLE_RESET_S`), and drops whatever is not an MRZ (noise on the line, a
partial frame after a power cycle, a reader's banner): a frame counts only when its lines have
an MRZ shape (3x30, 2x36 or 2x44 characters of ``A-Z0-9<``). Check digits are NOT judged here;
that is the documents engine's job, which reports a failing MRZ as read-but-invalid.
"""

from __future__ import annotations

import re
import time
from collections import deque
from typing import TYPE_CHECKING

from hardware.base import DeviceError, DeviceHealth
from hardware.scanner import Scan

if TYPE_CHECKING:
    import serial  # pyserial is imported when the port opens

STX, ETX = 0x02, 0x03
_SHAPES = {(3, 30), (2, 36), (2, 44)}
_MRZ_LINE = re.compile(r"^[A-Z0-9<]+$")
# Bare lines of one document arrive together; a pause this long ends a partial document.
IDLE_RESET_S = 0.5
# Longest text kept while waiting for the end of a frame: a few MRZs' worth. Beyond that the
# buffer is garbage (a reader stuck sending noise) and is dropped.
MAX_PENDING = 1024


def mrz_shaped(lines: list[str]) -> bool:
    return (
        (len(lines), len(lines[0]) if lines else 0) in _SHAPES
        and len({len(x) for x in lines}) == 1
        and all(_MRZ_LINE.match(x) for x in lines)
    )


def _split_lines(text: str) -> list[str]:
    return [ln.strip() for ln in re.split(r"\r\n|\r|\n", text) if ln.strip()]


class MrzFrameParser:
    """Feed it bytes as they arrive; it returns complete MRZs (lists of lines) in order."""

    def __init__(self) -> None:
        self._frame: bytearray | None = None  # inside STX ... ETX
        self._bare = bytearray()  # text outside frames (readers that send bare lines)
        self._bare_lines: deque[str] = deque(maxlen=3)
        self.dropped = 0  # frames or lines discarded as not an MRZ

    def feed(self, data: bytes) -> list[list[str]]:
        out: list[list[str]] = []
        for b in data:
            if b == STX:
                if self._frame is not None:  # a new frame before the old one ended
                    self.dropped += 1
                self._frame = bytearray()
                self._bare.clear()
                self._bare_lines.clear()
            elif b == ETX:
                if self._frame is not None:
                    lines = _split_lines(self._frame.decode("ascii", errors="replace"))
                    if mrz_shaped(lines):
                        out.append(lines)
                    else:
                        self.dropped += 1
                self._frame = None
            elif self._frame is not None:
                self._frame.append(b)
                if len(self._frame) > MAX_PENDING:
                    self._frame, self.dropped = None, self.dropped + 1
            elif b in (0x0D, 0x0A):
                if self._bare:
                    found = self._bare_line(self._bare.decode("ascii", errors="replace").strip())
                    if found:
                        out.append(found)
                    self._bare.clear()
            else:
                self._bare.append(b)
                if len(self._bare) > MAX_PENDING:
                    self._bare.clear()
        return out

    def idle(self) -> None:
        """The line went quiet: bare lines before the pause belong to no later document."""
        if self._bare_lines or self._bare:
            self.dropped += 1
        self._bare_lines.clear()
        self._bare.clear()

    def _bare_line(self, line: str) -> list[str] | None:
        if not line:
            return None
        if not _MRZ_LINE.match(line):
            self._bare_lines.clear()
            self.dropped += 1
            return None
        self._bare_lines.append(line)
        for n in (2, 3):  # the last n lines may complete a TD3/TD2 (2) or a TD1 (3)
            tail = list(self._bare_lines)[-n:]
            if len(tail) == n and mrz_shaped(tail):
                self._bare_lines.clear()
                return tail
        return None


class SerialMrzReader:
    """Implements hardware.scanner.DocumentScanner; its scans carry ``mrz_lines``, no images."""

    def __init__(self, port: str, baudrate: int = 9600) -> None:
        if not port:
            raise DeviceError("serial MRZ reader needs a port (e.g. /dev/ttyUSB0)")
        self._port = port
        self._baudrate = baudrate
        self._serial: serial.Serial | None = None
        self._parser = MrzFrameParser()
        self._ready: deque[list[str]] = deque()
        self._last_error = ""

    @property
    def device_id(self) -> str:
        return f"serial:{self._port}"

    def open(self) -> None:
        import serial

        try:
            self._serial = serial.Serial(self._port, self._baudrate, timeout=0.1)
            self._serial.reset_input_buffer()  # a document swiped before we were ready is stale
        except (serial.SerialException, OSError, ValueError) as exc:
            self._serial = None
            self._last_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DeviceError(f"{self.device_id}: cannot open: {self._last_error}") from None
        self._parser = MrzFrameParser()
        self._ready.clear()
        self._last_error = ""

    def close(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            finally:
                self._serial = None

    def scan(self, timeout_s: float = 30.0) -> Scan:
        """The next MRZ the reader sends; DeviceError when none arrives within ``timeout_s``."""
        import serial

        if self._serial is None:
            raise DeviceError(f"{self.device_id}: reader is not open")
        deadline = time.monotonic() + timeout_s
        last_data = time.monotonic()
        while not self._ready:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeviceError(f"{self.device_id}: no document read within {timeout_s:g} s")
            self._serial.timeout = min(0.1, remaining)
            try:
                data = self._serial.read(self._serial.in_waiting or 1)
            except (serial.SerialException, OSError) as exc:
                self._last_error = str(exc).splitlines()[0] if str(exc) else "read failed"
                raise DeviceError(f"{self.device_id}: {self._last_error}") from None
            if data:
                last_data = time.monotonic()
                self._ready.extend(self._parser.feed(data))
            elif time.monotonic() - last_data > IDLE_RESET_S:
                self._parser.idle()
                last_data = time.monotonic()
        return Scan([], mrz_lines=self._ready.popleft(), source=self.device_id)

    def listen(self, timeout_s: float) -> dict[str, object]:
        """The technician's test: wait up to ``timeout_s`` for one line (or frame) of anything.
        Returns how many bytes came, after how long the first line ended (None: none did) and
        whether it was MRZ-shaped. The text itself is dropped: it is someone's document."""
        import serial

        if self._serial is None:
            raise DeviceError(f"{self.device_id}: reader is not open")
        t0 = time.monotonic()
        got = bytearray()
        parser = MrzFrameParser()
        after: float | None = None  # when the first line ended
        mrz = False
        last_data = t0
        try:
            while True:
                now = time.monotonic()
                # After the first line, the rest of a bare-line document follows at once.
                if mrz or (after is not None and now - last_data > IDLE_RESET_S):
                    break
                if after is None and now - t0 >= timeout_s:
                    break
                self._serial.timeout = 0.1
                data = self._serial.read(self._serial.in_waiting or 1)
                if not data:
                    continue
                last_data = time.monotonic()
                got.extend(data)
                mrz = mrz or bool(parser.feed(data))
                if after is None and (mrz or any(b in data for b in (0x0D, 0x0A, ETX))):
                    after = round(last_data - t0, 2)
        except (serial.SerialException, OSError) as exc:
            self._last_error = str(exc).splitlines()[0] if str(exc) else "read failed"
            raise DeviceError(f"{self.device_id}: {self._last_error}") from None
        finally:
            got[:] = bytes(len(got))
        return {"bytes": len(got), "line_after_s": after, "mrz": mrz}

    def health(self) -> DeviceHealth:
        ok = self._serial is not None and not self._last_error
        detail = self._last_error or ("ready" if self._serial is not None else "not open")
        return DeviceHealth(
            self.device_id,
            ok,
            detail,
            {
                "port": self._port,
                "baudrate": self._baudrate,
                "dropped_frames": self._parser.dropped,
            },
        )
