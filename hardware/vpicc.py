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
import socket
import struct
import threading
import time

from hardware.chip_reader import Card

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

    def __init__(self, card: Card, *, host: str = "127.0.0.1", port: int = 35963,
                 remove_after: int | None = None) -> None:
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
