#!/bin/bash
# The kiosk full screen under cage (the Debian Wayland kiosk compositor) with wlroots' headless
# backend, screenshotted with grim once it shows the attract screen; prints the time from start to
# READY=1 (what the kiosk unit waits for).
#
# Usage: packaging/cage-screenshot.sh KIOSK_PYTHON OUT.png [RUNS]
#   KIOSK_PYTHON: the kiosk's interpreter, e.g. the built package's staged venv
#   (build/deb/simkiosk/root/opt/simkiosk/venv/bin/python) or .venv/bin/python with PYTHONPATH.
#   RUNS (default 2): the first start is cold (as root the page cache is dropped before it), the
#   later ones warm; each is timed.
# Needs cage, grim and xwayland (Debian 12's cage refuses to start without /usr/bin/Xwayland),
# no GPU (WLR_RENDERER=pixman). cage refuses to run as root: as root, the kiosk runs as `nobody`.
# `simkiosk run` as the kiosk unit starts it, on simulated devices (the virtual camera, a folder
# scanner) and a local reference server run by $SERVER_PYTHON (default: the checkout's .venv,
# which has the server's stack).
set -euo pipefail
kiosk_python=${1:?the kiosk python}
out=$(realpath -m "${2:?the PNG to write}")
runs=${3:-2}
repo=$(cd "$(dirname "$0")/.." && pwd)
server_python=${SERVER_PYTHON:-$repo/.venv/bin/python}
for tool in cage grim Xwayland; do
  command -v "$tool" >/dev/null || { echo "cage-screenshot: $tool is missing (apt install cage grim xwayland)" >&2; exit 2; }
done
work=$(mktemp -d /tmp/simkiosk-cage.XXXXXX)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
chmod 755 "$work"  # the kiosk user reaches its folders in it
home=$work/home; runtime=$work/run
mkdir -p "$home/scans" "$runtime"
chmod 700 "$runtime"
as_kiosk=()
if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$home" "$runtime"
  as_kiosk=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
kiosk_env=(env SIMKIOSK_HOME="$home" HOME="$home" XDG_RUNTIME_DIR="$runtime")

# the device key, then the local reference server registering it (run as the caller)
"${as_kiosk[@]}" "${kiosk_env[@]}" "$kiosk_python" -m kiosk keys init >/dev/null
# one rendered identity card for the folder scanner (the demo's documents)
"${as_kiosk[@]}" "${kiosk_env[@]}" "$kiosk_python" -c 'import sys; from pathlib import Path
from kiosk.demo.media import ensure_demo_documents
ensure_demo_documents(Path(sys.argv[1]), 1)' "$home/scans"
port=$("$server_python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PYTHONPATH=$repo "$server_python" -c '
import sys, signal, threading
from pathlib import Path
from kiosk.demo.server import LocalServer
server = LocalServer(Path(sys.argv[1]), folder=Path(sys.argv[2]), port=int(sys.argv[3]))
server.start()
print("server up", flush=True)
signal.signal(signal.SIGTERM, lambda *_: (server.stop(), sys.exit(0)))
threading.Event().wait()
' "$home" "$work/server" "$port" > "$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 600); do grep -q 'server up' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
grep -q 'server up' "$work/server.out" || { cat "$work/server.out" >&2; exit 1; }

for run in $(seq "$runs"); do
  if [ "$run" = 1 ] && [ "$(id -u)" = 0 ]; then
    # a cold start: nothing of the kiosk in the page cache (as after a boot), where allowed
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "cage-screenshot: page cache not dropped"
  fi
  shot=$out
  [ "$run" = "$runs" ] || shot=$work/run$run.png
  # the screenshot after READY=1: the attract screen is the first frame the loop paints
  "${as_kiosk[@]}" "${kiosk_env[@]}" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
    WLR_RENDERER=pixman QT_QPA_PLATFORM=wayland SIMKIOSK_KIOSK_FULLSCREEN=${KIOSK_FULLSCREEN:-true} \
    SIMKIOSK_RECORDS_SERVER_URL="http://127.0.0.1:$port" SIMKIOSK_KIOSK_DIAGNOSTICS_PIN=8264 \
    SIMKIOSK_DEVICES_CAMERA=virtual SIMKIOSK_DEVICES_SCANNER=folder \
    SIMKIOSK_DEVICES_SCANNER_SOURCE="$home/scans" \
    /usr/bin/python3 "$repo/packaging/wait_ready.py" --timeout 180 \
    --then "sleep ${SHOT_DELAY:-2}; WAYLAND_DISPLAY=wayland-0 grim $home/shot.png" \
    -- cage -d -- "$kiosk_python" -m kiosk run \
    > "$work/kiosk.out" 2>&1 || { tail -20 "$work/kiosk.out" >&2; exit 1; }
  echo "cage-screenshot: run $run: $(grep -a -o 'READY=1 after [0-9.]* s' "$work/kiosk.out")"
  cp "$home/shot.png" "$shot"; cp "$work/kiosk.out" "${out%.png}.log"
done
echo "cage-screenshot: $out"
