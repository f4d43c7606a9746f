#!/bin/bash
# systemd-analyze verify and security on the packaged units, offline: each unit is checked in a
# throw-away root holding the host's systemd units plus the package's files (so ExecStart's
# paths exist as installed). Prints the exposure score of each unit; exits non-zero when verify
# reports anything. Usage: packaging/verify-units.sh [build/deb]
set -euo pipefail
debs=$(realpath "${1:-$(dirname "$0")/../build/deb}")
status=0
for pkg in simkiosk-server simkiosk; do
  stage=$debs/$pkg/root
  [ -d "$stage" ] || { echo "$pkg: not built ($stage)"; continue; }
  root=$(mktemp -d)
  mkdir -p "$root/usr/lib" "$root/usr/bin"
  cp -a /usr/lib/systemd "$root/usr/lib/" && ln -s usr/lib "$root/lib" && ln -s usr/bin "$root/bin"
  cp -a /etc/systemd "$root/etc/" 2>/dev/null || { mkdir -p "$root/etc"; cp -a /etc/systemd "$root/etc/"; }
  cp -a "$stage/etc/." "$root/etc/"
  cp -a "$stage/opt" "$root/"
  cp "$stage"/lib/systemd/system/* "$root/usr/lib/systemd/system/"
  [ -d "$stage/usr/lib/simkiosk" ] && cp -a "$stage/usr/lib/simkiosk" "$root/usr/lib/"
  # what the units run from other packages (Depends), as on the host
  for tool in /usr/bin/cage /usr/bin/sh; do [ -x "$tool" ] && cp "$tool" "$root/usr/bin/"; done
  units=$(cd "$stage/lib/systemd/system" && ls)
  # shellcheck disable=SC2086
  out=$(systemd-analyze verify --root="$root" $units 2>&1) || status=1
  if [ -n "$out" ]; then echo "$out"; status=1; else echo "$pkg:" $units": systemd-analyze verify: clean"; fi
  systemd-analyze security --offline=yes --root="$root" "$root/usr/lib/systemd/system/$pkg.service" \
    2>/dev/null | grep "Overall exposure" || status=1
  rm -rf "$root"
done
exit $status
