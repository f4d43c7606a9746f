#!/bin/bash
# Install the kiosk package into a throw-away Debian 12 root (mmdebstrap, with the package's
# Depends), then run the installed `simkiosk diagnose --json` there as the kiosk user (devices
# are missing in a chroot: the checks must run and say so, exit 0 or 1, never crash), create the
# device key, and check that remove keeps /var/lib/simkiosk and purge deletes it. Given the
# server package too, it is installed beside and the installed `simkiosk demo --headless` runs one
# enrollment against it (the kiosk package does not carry the server's stack).
# Usage: packaging/test-install-kiosk.sh dist/simkiosk_*.deb [dist/simkiosk-server_*.deb]
#   (root; minutes; ~1 GB of disk)
set -euo pipefail
deb=$(realpath "${1:?the simkiosk .deb}")
server_deb=${2:+$(realpath "$2")}
repo=$(cd "$(dirname "$0")/.." && pwd)
base=$repo/build/chroot/kiosk.tar
if [ ! -f "$base" ]; then
  deps=$(sed -n 's/^Depends: //p' "$repo/packaging/debian/simkiosk/control.in" | tr -d ' ')
  mkdir -p "$(dirname "$base")"
  mmdebstrap --variant=minbase --include="$deps,ca-certificates" bookworm "$base"
fi
root=$(mktemp -d "$repo/build/chroot/kroot.XXXXXX")
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc" 2>/dev/null || mount --bind /proc "$root/proc"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

echo "== install $(basename "$deb")"
in_root dpkg -i "/tmp/$(basename "$deb")"
in_root du -sm /opt/simkiosk
in_root dpkg-query -W -f='Installed-Size: ${Installed-Size} KiB\n' simkiosk
in_root sh -c '! test -e /opt/simkiosk/venv/lib/python3.11/site-packages/fastapi &&
               ! test -e /opt/simkiosk/venv/lib/python3.11/site-packages/sqlalchemy'
echo "== simkiosk diagnose (installed, as the simkiosk user)"
set +e
in_root env QT_QPA_PLATFORM=offscreen SIMKIOSK_RECORDS_RETRIES=0 simkiosk diagnose --json \
  > "$root/tmp/diagnose.json"
code=$?
set -e
echo "diagnose exit $code"
[ "$code" = 0 ] || [ "$code" = 1 ] || { echo "FAIL: diagnose crashed" >&2; exit 1; }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d)[:600])' \
  "$root/tmp/diagnose.json"
in_root simkiosk keys init
in_root stat -c '%U %a %n' /var/lib/simkiosk/keys/device_ed25519.pem

if [ -n "$server_deb" ]; then
  echo "== simkiosk demo --headless without the server package: a plain reason"
  out=$(in_root env SIMKIOSK_HOME=/tmp/demo0 simkiosk demo --headless --sessions 1 2>&1) && {
    echo "FAIL: the demo ran without a server" >&2; exit 1; }
  echo "$out" | tail -1
  echo "$out" | grep -q "install the simkiosk-server package" || { echo "FAIL: no reason" >&2; exit 1; }
  echo "== install $(basename "$server_deb") beside; one headless enrollment"
  cp "$server_deb" "$root/tmp/"
  in_root dpkg -i "/tmp/$(basename "$server_deb")"
  in_root install -d -o simkiosk -g simkiosk -m 0700 /tmp/demo
  in_root env SIMKIOSK_HOME=/tmp/demo SIMKIOSK_DEVICES_CAMERA=virtual \
    SIMKIOSK_DEVICES_SCANNER=demo SIMKIOSK_DEVICES_CAMERA_SOURCE= \
    SIMKIOSK_DEVICES_SCANNER_SOURCE= simkiosk demo --headless --sessions 1 --json \
    > "$root/tmp/demo.json" 2>"$root/tmp/demo.err" || { tail -20 "$root/tmp/demo.err"; exit 1; }
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["sessions"][0]
print("demo:", s["outcome"], s["wall_seconds"], "s")
sys.exit(0 if s["outcome"] == "activated" else 1)' "$root/tmp/demo.json"
  in_root dpkg -P simkiosk-server
fi

echo "== remove keeps the device key; purge deletes it"
in_root dpkg -r simkiosk
in_root test -f /var/lib/simkiosk/keys/device_ed25519.pem
in_root dpkg -P simkiosk
in_root test ! -e /var/lib/simkiosk
echo "== kiosk package: install, diagnose, keys, remove, purge: OK"
