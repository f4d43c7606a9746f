"""The card side of vsmartcard's virtual reader (vpcd): a card object behind vpcd's socket.

vpcd (Debian's `vsmartcard-vpcd`, a pcscd driver) listens on a TCP port; a virtual card
connects to it and then answers what the reader sends: a 2-byte big-endian length and a
payload. A 1-byte payload is a control message (0 power off, 1 power on, 2 reset, 4 ATR
request; only the ATR request is answered), anything longer an APDU to answer. Closing the
socket is the card leaving the reader. Used by the tests and the demo to put the card-side
ePassport on a real PC/SC reader.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from hardware.chip_reader import Card
from kiosk.errors import DeviceError

_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0, 1, 2, 4


def _quick_ack(sock: socket.socket) -> None:
    """vpcd writes the length and the APDU in two small writes; with Nagle on its side, the
    second waits for our ACK of the first, which Linux delays by 40 ms unless asked not to
    (TCP_QUICKACK lasts only until the next receive, hence before every one)."""
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        _quick_ack(sock)
        part = sock.recv(n - len(buf))
        if not part:
            return None
        buf += part
    return buf


class VirtualCard:
    """Connects card to vpcd at host:port and serves it from a thread until remove()."""

    def __init__(
        self,
        card: Card,
        *,
        host: str = "127.0.0.1",
        port: int = 35963,
        remove_after: int | None = None,
    ) -> None:
        """remove_after=N: leave the reader (close the socket) instead of answering APDU N+1,
        as a passport lifted off the reader mid-read."""
        self.card = card
        self.remove_after = remove_after
        self.host, self.port = host, port
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.apdus = 0

    def insert(self, timeout: float = 10.0) -> None:
        """Connect (retrying while vpcd starts) and serve in the background."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._sock = socket.create_connection((self.host, self.port), timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._sock.settimeout(None)
        # Each APDU is one small write answered at once: without TCP_NODELAY, Nagle's algorithm
        # and the peer's delayed ACK add ~40 ms to every exchange.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="vpicc", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        sock = self._sock
        assert sock is not None
        try:
            while not self._stop.is_set():
                head = _recv_exact(sock, 2)
                if head is None:
                    return
                (length,) = struct.unpack(">H", head)
                payload = _recv_exact(sock, length)
                if payload is None:
                    return
                if length == 1:
                    if payload[0] == _GET_ATR:
                        self._send(self.card.atr)
                    elif payload[0] in (_POWER_ON, _RESET, _POWER_OFF):
                        self.card.reset()
                    continue
                if self.remove_after is not None and self.apdus >= self.remove_after:
                    sock.close()
                    return
                self.apdus += 1
                self._send(self.card.transmit(payload))
        except OSError:
            return  # removed: the socket was closed under us

    def _send(self, data: bytes) -> None:
        assert self._sock is not None
        self._sock.sendall(struct.pack(">H", len(data)) + data)

    def remove(self) -> None:
        """Take the card off the reader."""
        self._stop.set()
        if self._sock is not None:
            with contextlib.suppress(OSError):  # already closed by the other side
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
            self._sock = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
PCSCD_PID_FILE = Path("/run/pcscd/pcscd.pid")


class PcscdUnavailable(DeviceError, RuntimeError):
    """pcscd with the vpcd driver cannot run here; the message says why."""


def free_port_pair() -> int:
    """A port p with p and p+1 free on localhost (vpcd opens a second slot on p+1)."""
    for _ in range(50):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
        if port >= 65535:
            continue
        with socket.socket() as b:
            try:
                b.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise OSError("no free port pair on localhost")


def _other_pcscd_running() -> bool:
    try:
        pid = int(PCSCD_PID_FILE.read_text().strip())
    except (OSError, ValueError):
        return False
    return Path(f"/proc/{pid}").exists()


def start_pcscd_with_vpcd(
    conf_dir: Path, port: int, readers: Callable[[], list[str]] | None = None, timeout: float = 15.0
) -> tuple[subprocess.Popen, str]:
    """Start pcscd in the foreground with only a vpcd reader on port (and port+1); returns
    (process, reader name) once the reader is listed. pcscd serves the system socket
    (/run/pcscd), so another running pcscd is refused with PcscdUnavailable."""
    from hardware.chip_reader import list_pcsc_readers

    pcscd = shutil.which("pcscd") or (
        "/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None
    )
    if pcscd is None or not VPCD_DRIVER.exists():
        raise PcscdUnavailable(
            "pcscd or vsmartcard-vpcd is not installed (make system-deps installs them)"
        )
    if _other_pcscd_running():
        raise PcscdUnavailable("another pcscd is running; its socket is the one clients use")
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "vpcd").write_text(
        f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:{port:#x}\n'
        f"LIBPATH {VPCD_DRIVER}\nCHANNELID {port:#x}\n"
    )
    log_path = conf_dir / "pcscd.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [pcscd, "--foreground", "--config", str(conf_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LANG": "C"},
        )
    list_readers = readers or list_pcsc_readers
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            names = [n for n in list_readers() if n.startswith("Virtual PCD")]
        except Exception:  # the service is not up yet
            names = []
        if names:
            return proc, names[0]
        time.sleep(0.2)
    stop_pcscd(proc)
    raise PcscdUnavailable(
        f"pcscd did not list the vpcd reader (exit {proc.poll()}): {log_path.read_text()[-300:]!r}"
    )


def stop_pcscd(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
