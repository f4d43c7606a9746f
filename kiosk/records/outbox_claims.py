"""Who holds an outbox claim: this process's owner id (host, pid, start ticks, token) and
whether another owner is still alive; the default lease of a claim."""

from __future__ import annotations

import os
import secrets
import socket

DEFAULT_LEASE_S = 600.0  # how long a claim holds when its owner cannot be checked

_HOST = socket.gethostname()
_owner_cache: tuple[int, str] | None = None


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc), which tells a live process
    from a later one that reused its pid; None where /proc is not there."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: count from the last ')'
    fields = stat[stat.rindex(b")") + 2 :].split()
    return fields[19].decode()


def owner_id() -> str:
    """This process's claim owner id: ``host:pid:start ticks:random token``."""
    global _owner_cache
    pid = os.getpid()
    if _owner_cache is None or _owner_cache[0] != pid:  # a forked child is another owner
        _owner_cache = (pid, f"{_HOST}:{pid}:{_start_ticks(pid) or '-'}:{secrets.token_hex(4)}")
    return _owner_cache[1]


def owner_alive(owner: str | None) -> bool | None:
    """True/False when it can be told (an owner on this machine), None when it cannot."""
    if not owner:
        return False  # claimed by a version that did not record owners: only a crash left it
    try:
        host, pid_text, ticks, _token = owner.rsplit(":", 3)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != _HOST:
        return None
    if owner == owner_id():
        return True
    now_ticks = _start_ticks(pid)
    if now_ticks is not None:
        return now_ticks == ticks
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
