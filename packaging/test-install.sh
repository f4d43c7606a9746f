#!/bin/bash
# Install the server package into a throw-away Debian 12 root made with mmdebstrap, run the
# installed simkiosk-server there (init-db, enroll-token, serve on 127.0.0.1), provision a kiosk
# and send its heartbeat from this checkout against it, then remove (state kept) and purge
# (state gone). Usage: packaging/test-install.sh dist/simkiosk-server_*.deb
# Needs root (chroot) and mmdebstrap; the base root is cached in build/chroot/server.tar.
set -euo pipefail
deb=$(realpath "${1:?the simkiosk-server .deb}")
repo=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$repo/.venv/bin/python}
base=$repo/build/chroot/server.tar
if [ ! -f "$base" ]; then
  mkdir -p "$(dirname "$base")"
  mmdebstrap --variant=minbase --include=python3.11,adduser,ca-certificates bookworm "$base"
fi
root=$(mktemp -d "$repo/build/chroot/root.XXXXXX")
kiosk_home=$(mktemp -d)
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root" "$kiosk_home"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc" 2>/dev/null || mount --bind /proc "$root/proc"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
step() { echo "== $*"; }

step "install $(basename "$deb")"
in_root dpkg -i "/tmp/$(basename "$deb")"
in_root sh -c 'getent passwd simkiosk-server && stat -c "%U %a" /var/lib/simkiosk-server'
in_root sh -c '! test -e /opt/simkiosk-server/venv/lib/python3.11/site-packages/PySide6 &&
               ! test -e /opt/simkiosk-server/venv/lib/python3.11/site-packages/mediapipe'
in_root simkiosk-server init-db --json
token=$(in_root simkiosk-server enroll-token --kiosk-id kiosk-ci-01 --json |
        "$python" -c 'import json,sys; print(json.load(sys.stdin)["token"])')
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

step "serve on 127.0.0.1:$port (the installed command, as simkiosk-server)"
chroot "$root" env -i PATH=/usr/bin:/bin SIMKIOSK_SERVER_LISTEN_PORT="$port" \
  sh -c "set -a; . /etc/simkiosk/server.env; set +a; exec /usr/sbin/runuser -u simkiosk-server -- /opt/simkiosk-server/venv/bin/simkiosk-server serve --host 127.0.0.1 --port $port" &
serve_pid=$!
for _ in $(seq 1 200); do
  kill -0 "$serve_pid" 2>/dev/null || { echo "FAIL: serve exited" >&2; exit 1; }
  "$python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/health', timeout=1)" \
    2>/dev/null && break
  sleep 0.3
done

step "provision a kiosk and send its heartbeat (this checkout's simkiosk)"
export SIMKIOSK_HOME=$kiosk_home SIMKIOSK_KIOSK_ID=kiosk-ci-01
(cd "$repo" && "$python" -m kiosk.cli provision --server "http://127.0.0.1:$port" --token "$token")
if (cd "$repo" && "$python" -m kiosk.cli provision --server "http://127.0.0.1:$port" --token "$token"); then
  echo "FAIL: a used token was accepted" >&2; exit 1
fi
(cd "$repo" && "$python" -m kiosk.cli heartbeat --server "http://127.0.0.1:$port")
in_root simkiosk-server kiosks
in_root simkiosk-server kiosks --json | "$python" -c '
import json, sys
(k,) = json.load(sys.stdin)["kiosks"]
assert (k["kiosk_id"], k["state"]) == ("kiosk-ci-01", "ok"), k'
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""

step "remove keeps the keys and the database; purge deletes them"
in_root dpkg -r simkiosk-server
in_root test -f /var/lib/simkiosk-server/receipt_ed25519.pem
in_root test -f /var/lib/simkiosk-server/server.db
in_root test ! -e /opt/simkiosk-server
in_root dpkg -P simkiosk-server
in_root test ! -e /var/lib/simkiosk-server
echo "== server package: install, serve, provision, heartbeat, remove, purge: OK"
