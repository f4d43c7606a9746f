#!/bin/bash
# Cold boot to the attract screen, measured: the kiosk package installed in a small Debian 12
# virtual machine (mmdebstrap: the kernel, systemd, cage and the package's Depends), booted
# headless under KVM (virtio disk, virtio GPU, no network), the kiosk unit started by systemd as
# on a real kiosk. Reports, from the VM's serial console:
#   - kernel start -> the kiosk unit's READY=1 (systemd's monotonic clock starts with the kernel;
#     the unit is Type=notify and the kiosk sends READY=1 once the attract screen's loop runs),
#     and kernel start -> the kiosk's log line "attract screen shown";
#   - that the unit stays up: still active, not restarted and its watchdog fed 75 s after
#     READY=1 (2.5 watchdog periods; a kiosk whose READY=1 or pings systemd drops is
#     restarted within that);
#   - then a frozen interface (the kiosk process stopped): how soon systemd's watchdog ends and
#     restarts the unit; then a kiosk killed under a living cage (restarted too); and the crash
#     files the next starts make of both kiosks' stacks;
#   - `systemd-analyze` (kernel, initrd, userspace) and the kiosk unit's journal;
# then one line "boot-time RESULT [KVM|EMULATED ...]: ..." and the VM's display (QEMU monitor
# screendump) in OUT.png.
# No server runs in the VM: the kiosk shows its attract screen frozen ("temporarily
# unavailable") as any kiosk before provisioning; the path to the attract screen is the same.
#
# KVM first (BOOT_ACCEL=kvm, the default); a KVM that runs no guest (nested KVM: no login
# prompt in BOOT_KVM_GRACE=120 s) is reported as such. BOOT_ACCEL=tcg boots in QEMU's emulator
# (-cpu max): its figures are EMULATED, many times slower than hardware, and say so.
#
# With the server package as a third argument, the image is brought into service as an operator
# does it before the one reboot (docs/fleet.md): the server package installed beside (the VM has
# no network), a one-time token, kiosk.toml's id and server_url set, one `simkiosk provision`;
# then the report also says whether the attract screen is open for customers (not frozen) and
# what the server's fleet list says of the kiosk.
#
# Usage: packaging/boot-time.sh dist/simkiosk_*.deb [OUT.png [dist/simkiosk-server_*.deb]]
#   (root; /dev/kvm; qemu-system-x86;
#   ~5 minutes and ~3 GB of disk the first time, the image is kept in build/vm/ and rebuilt
#   when the package changes). `make boot-time`; not part of `make test`.
set -euo pipefail
deb=$(realpath "${1:?the simkiosk .deb}")
out=$(realpath -m "${2:-screenshots/boot-attract.png}")
server_deb=${3:+$(realpath "$3")}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/build/vm
# BOOT_ACCEL=tcg: QEMU's emulator instead of KVM (where nested KVM does not run the guest: then
# the figures are emulated, several times slower than hardware, and say so)
accel=${BOOT_ACCEL:-kvm}
if [ "$accel" = kvm ]; then
  [ -w /dev/kvm ] || { echo "boot-time: /dev/kvm is not usable here (BOOT_ACCEL=tcg)" >&2; exit 2; }
  # -cpu host without the ARCH_CAPABILITIES MSR (0x10a): hosts that do not let QEMU set it
  # (nested KVM) abort QEMU on it
  accel_args=(-enable-kvm -cpu host,-arch-capabilities)
  timeout_s=${BOOT_TIMEOUT:-240}
else
  # -cpu max: the emulator's AVX/AVX2 (OpenCV and MediaPipe use them); emulated, so the whole
  # boot is many times slower than on hardware: a long wait
  accel_args=(-accel tcg -cpu max)
  timeout_s=${BOOT_TIMEOUT:-1500}
fi
# KVM that runs no guest: no login prompt in this long (a KVM boot reaches it in seconds)
kvm_grace_s=${BOOT_KVM_GRACE:-120}
command -v qemu-system-x86_64 >/dev/null || {
  echo "boot-time: qemu-system-x86_64 is missing (apt install qemu-system-x86)" >&2; exit 2; }
mkdir -p "$work" "$(dirname "$out")"
image_version=12  # raise when the image's recipe below changes: the image is rebuilt
stamp=$(cat "$deb" ${server_deb:+"$server_deb"} | sha256sum | cut -c1-12)-$image_version
img=$work/kiosk-$stamp.img

if [ ! -f "$img" ]; then
  if grep -q " $work/root/" /proc/mounts; then  # never rm -rf through a mount
    echo "boot-time: something is mounted under $work/root: unmount it first" >&2; exit 1
  fi
  rm -rf "$work"/kiosk-*.img "$work/root" "$work/boot"
  deps=$(sed -n 's/^Depends: //p' "$repo/packaging/debian/simkiosk/control.in" | tr -d ' ')
  # the VM's own settings for the kiosk unit: simulated devices (a real kiosk has a camera and
  # a scanner; the virtual camera shows its own subject, not the packaged camera_source "0"),
  # a diagnostics PIN (`simkiosk run` refuses to start without one), the software renderer (no
  # GPU acceleration in the VM), and a start timeout long enough for an emulated
  # (BOOT_ACCEL=tcg) boot: the kiosk's own 120 s is meant for hardware
  cat > "$work/vm.conf" <<'CONF'
[Service]
TimeoutStartSec=1200
Environment=SIMKIOSK_KIOSK_DIAGNOSTICS_PIN=8264 SIMKIOSK_DEVICES_CAMERA=virtual
Environment=SIMKIOSK_DEVICES_CAMERA_SOURCE=
Environment=SIMKIOSK_DEVICES_SCANNER=folder SIMKIOSK_DEVICES_SCANNER_SOURCE=/var/lib/simkiosk/scans
Environment=WLR_RENDERER=pixman
CONF
  # once the kiosk is up (or has failed), and 75 s later: the figures on the serial console
  cat > "$work/boot-report.sh" <<'REPORT'
#!/bin/sh
hold=75  # 2.5 of the unit's WatchdogSec=30
log=/var/lib/simkiosk/logs/simkiosk.log
for _ in $(seq 1300); do
  state=$(systemctl is-active simkiosk.service)
  [ "$state" = active ] || [ "$state" = failed ] && break
  sleep 1
done
state=$(systemctl is-active simkiosk.service)
# systemd-analyze needs the boot finished (this unit is Type=simple so as not to hold it back)
timeout 300 systemctl is-system-running --wait >/dev/null 2>&1 || true
{
  echo "BOOT-REPORT state=$state"
  # the kiosk's log line "attract screen shown" (wall clock, ms) in seconds since kernel start
  python3.11 - "$log" <<'PY'
import datetime, sys, time
boot = time.time() - float(open("/proc/uptime").read().split()[0])
for line in open(sys.argv[1], errors="replace"):
    if "attract screen shown" in line:
        t = datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
        t = t.replace(tzinfo=datetime.timezone.utc).timestamp()
        if t > boot:
            print(f"BOOT-REPORT attract_us={int((t - boot) * 1e6)}")
            break
PY
  echo "BOOT-REPORT ready_us=$(systemctl show -P ActiveEnterTimestampMonotonic simkiosk.service)"
  echo "BOOT-REPORT start_us=$(systemctl show -P ExecMainStartTimestampMonotonic simkiosk.service)"
  systemd-analyze 2>&1 | sed 's/^/BOOT-REPORT analyze: /'
  systemd-analyze critical-chain simkiosk.service 2>&1 | sed 's/^/BOOT-REPORT chain: /'
} > /dev/ttyS0 2>&1
# still up, never restarted, the watchdog pinged lately: READY=1 and the pings reach systemd
sleep "$hold"
{
  echo "BOOT-REPORT held_s=$hold"
  echo "BOOT-REPORT held_state=$(systemctl is-active simkiosk.service)"
  echo "BOOT-REPORT restarts=$(systemctl show -P NRestarts simkiosk.service)"
  echo "BOOT-REPORT watchdog_us=$(systemctl show -P WatchdogTimestampMonotonic simkiosk.service)"
  echo "BOOT-REPORT now_us=$(awk '{printf "%d", $1 * 1e6}' /proc/uptime)"
} > /dev/ttyS0 2>&1
# The kiosk process of the unit (cage's child)
kiosk_pid() {
  python3.11 -c 'import pathlib
for pid in pathlib.Path("/sys/fs/cgroup/system.slice/simkiosk.service/cgroup.procs").read_text().split():
    argv = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    if any(a.endswith(b"/simkiosk") for a in argv) and b"run" in argv and b"/usr/bin/cage" not in argv:
        print(pid)'
}
uptime_s() { awk '{print $1}' /proc/uptime; }
# back up after $1 restarts in all: active, and the kiosk's attract screen shown again
back_after() {
  for _ in $(seq 600); do
    [ "$(systemctl show -P NRestarts simkiosk.service)" = "$1" ] \
      && [ "$(systemctl is-active simkiosk.service)" = active ] && break
    sleep 0.5
  done
}
# 1. A frozen interface: the kiosk process stopped (no more pings). systemd's own watchdog must
# notice, end the unit with SIGABRT (the kiosk takes it once it runs again, with the kernel's
# SIGHUP as cage, the tty's session leader, dies: its stacks are the evidence) and restart it.
kiosk=$(kiosk_pid)
frozen=$(uptime_s)
kill -STOP "$kiosk"
for _ in $(seq 120); do
  [ "$(systemctl show -P ActiveState simkiosk.service)" = active ] || break
  sleep 0.5
done
noticed=$(uptime_s)
back_after 1
back=$(uptime_s)
state1=$(systemctl is-active simkiosk.service)
# 2. The kiosk dies under a living cage (a fault in a native library: SIGABRT to the kiosk
# alone). cage then exits 0: the unit must restart it all the same.
sleep 10
crashed=$(uptime_s)
kill -ABRT "$(kiosk_pid)"
back_after 2
back2=$(uptime_s)
sleep 5
{
  echo "BOOT-REPORT freeze_noticed_s=$(python3.11 -c "print(round($noticed - $frozen, 1))")"
  echo "BOOT-REPORT freeze_back_s=$(python3.11 -c "print(round($back - $frozen, 1))")"
  echo "BOOT-REPORT freeze_state=$state1"
  echo "BOOT-REPORT crash_back_s=$(python3.11 -c "print(round($back2 - $crashed, 1))")"
  echo "BOOT-REPORT crash_state=$(systemctl is-active simkiosk.service)"
  echo "BOOT-REPORT crash_restarts=$(systemctl show -P NRestarts simkiosk.service)"
  # both kiosks' stacks: crash files once the next start has collected them
  echo "BOOT-REPORT crash_files=$(ls /var/lib/simkiosk/crashes | grep -c -- '-fatal.txt$')"
  ls /var/lib/simkiosk/crashes | sed 's/^/BOOT-REPORT crashes: /'
  for f in /var/lib/simkiosk/crashes/crash-*-fatal.txt; do
    [ -f "$f" ] && grep -m 6 -e 'Fatal Python error' -e 'File ' "$f" | sed 's/^/BOOT-REPORT crash: /'
  done
  grep -a -e 'crashed before' /var/lib/simkiosk/logs/simkiosk.log | tail -2 \
    | sed 's/^/BOOT-REPORT kiosk log: /'
  # the last start's attract screen: frozen (no server, not provisioned) or open for customers
  echo "BOOT-REPORT frozen=$(awk '/kiosk .* started/ {n = 0} /attract screen: kiosk frozen/ {n++}
    END {print n ? "yes" : "no"}' /var/lib/simkiosk/logs/simkiosk.log)"
  if command -v simkiosk-server >/dev/null; then
    simkiosk-server kiosks 2>&1 | sed 's/^/BOOT-REPORT fleet: /'
  fi
  journalctl -b -o short-monotonic -u simkiosk.service --no-pager 2>&1 | grep -v '\[DEBUG\]' \
    | grep -v -e 'cursor' -e '(EE)' -e 'output test' | tail -30 | sed 's/^/BOOT-REPORT journal: /'
  echo "BOOT-REPORT done"
} > /dev/ttyS0 2>&1
REPORT
  # the folder scanner refuses an empty folder ("holds no document images": the kiosk exits
  # before READY=1): one rendered demo identity card, as packaging/cage-screenshot.sh does
  cat > "$work/scan-doc.sh" <<'DOC'
#!/bin/sh
exec setpriv --reuid=simkiosk --regid=simkiosk --clear-groups env HOME=/var/lib/simkiosk \
  /opt/simkiosk/venv/bin/python -c 'import sys
from pathlib import Path
from kiosk.demo.media import ensure_demo_documents
ensure_demo_documents(Path(sys.argv[1]), 1)' /var/lib/simkiosk/scans
DOC
  cat > "$work/boot-report.service" <<'UNIT'
[Unit]
Description=Report the kiosk's boot time on the serial console (VM measurement only)
# not After=simkiosk.service: its start job waits through the unit's automatic restarts, so a
# kiosk that never gets ready would hold the report back; the script polls instead. Type=simple:
# a oneshot would hold the boot "not yet finished" for systemd-analyze.
[Service]
Type=simple
ExecStart=/usr/local/sbin/boot-report
[Install]
WantedBy=multi-user.target
UNIT
  provision_hooks=(--customize-hook='chroot "$1" env SIMKIOSK_AS_ROOT= simkiosk keys init >/dev/null')
  if [ -n "$server_deb" ]; then
    deps="$deps,$(sed -n 's/^Depends: //p' "$repo/packaging/debian/simkiosk-server/control.in" | tr -d ' ')"
    # the operator's steps before the one reboot, with the server on the same machine
    cat > "$work/provision.sh" <<'PROVISION'
#!/bin/sh
set -eu
port=$1
sed -i "s/^SIMKIOSK_SERVER_LISTEN_PORT=.*/SIMKIOSK_SERVER_LISTEN_PORT=$port/" /etc/simkiosk/server.env
simkiosk-server init-db >/dev/null
token=$(simkiosk-server enroll-token --kiosk-id kiosk-vm-01 --json |
        python3.11 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
sed -i -e 's/^id = .*/id = "kiosk-vm-01"/' \
       -e "s|^server_url = .*|server_url = \"http://127.0.0.1:$port\"|" \
       -e 's/^diagnostics_pin = .*/diagnostics_pin = "8264"/' /etc/simkiosk/kiosk.toml
(set -a; . /etc/simkiosk/server.env; set +a
 exec runuser -u simkiosk-server -- /opt/simkiosk-server/venv/bin/simkiosk-server serve \
   --host 127.0.0.1 --port "$port") > /tmp/serve.log 2>&1 &
serve=$!
for _ in $(seq 200); do
  python3.11 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/health', timeout=1)" \
    2>/dev/null && break
  sleep 0.3
done
simkiosk provision --server "http://127.0.0.1:$port" --token "$token"
kill "$serve"; wait "$serve" 2>/dev/null || true
PROVISION
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    provision_hooks=(
      --customize-hook="copy-in $server_deb /tmp"
      --customize-hook='chroot "$1" dpkg -i /tmp/'"$(basename "$server_deb")"
      --customize-hook="upload $work/provision.sh /tmp/provision.sh"
      --customize-hook='chroot "$1" sh /tmp/provision.sh '"$port"' && rm "$1/tmp/provision.sh" "$1/tmp/'"$(basename "$server_deb")"'"'
    )
  fi
  mkdir -p "$work/boot"
  mmdebstrap --variant=minbase \
    --include="systemd,systemd-sysv,udev,dbus,libpam-systemd,linux-image-amd64,initramfs-tools,libgl1-mesa-dri,$deps" \
    --customize-hook="copy-in $deb /tmp" \
    --customize-hook='chroot "$1" dpkg -i /tmp/'"$(basename "$deb")" \
    --customize-hook='mkdir -p "$1/etc/systemd/system/simkiosk.service.d"' \
    --customize-hook="copy-in $work/vm.conf /etc/systemd/system/simkiosk.service.d" \
    --customize-hook="copy-in $work/boot-report.service /etc/systemd/system" \
    --customize-hook="upload $work/boot-report.sh /usr/local/sbin/boot-report" \
    --customize-hook='chmod 755 "$1/usr/local/sbin/boot-report"' \
    --customize-hook='chroot "$1" systemctl enable boot-report.service' \
    --customize-hook='chroot "$1" systemctl set-default graphical.target' \
    --customize-hook='echo kiosk-vm > "$1/etc/hostname"' \
    "${provision_hooks[@]}" \
    --customize-hook='chroot "$1" install -d -o simkiosk -g simkiosk -m 0700 /var/lib/simkiosk/scans' \
    --customize-hook="upload $work/scan-doc.sh /tmp/scan-doc.sh" \
    --customize-hook='chroot "$1" sh /tmp/scan-doc.sh && rm "$1/tmp/scan-doc.sh"' \
    --customize-hook="sync-out /boot $work/boot" \
    bookworm "$work/root"
  # mmdebstrap leaves a mount behind when a hook's process still held it ("target is busy")
  for m in sys proc dev/pts dev; do
    for _ in 1 2 3 4 5; do
      mountpoint -q "$work/root/$m" || break
      umount "$work/root/$m" 2>/dev/null || sleep 1
    done
    # still busy (seen with sys while another build ran): detached now, gone when released
    if mountpoint -q "$work/root/$m"; then umount -l "$work/root/$m"; fi
  done
  if grep -q " $work/root/" /proc/mounts; then
    echo "boot-time: still mounted under $work/root" >&2; exit 1
  fi
  rm -f "$work/root/tmp/$(basename "$deb")"
  size_mb=$(( $(du -sm "$work/root" | cut -f1) + 600 ))
  mkfs.ext4 -q -F -L kiosk -d "$work/root" "$img" "${size_mb}M"
  rm -rf "$work/root"
fi

kernel=$(ls "$work"/boot/vmlinuz-* | tail -1)
initrd=$(ls "$work"/boot/initrd.img-* | tail -1)
console=$work/console.log
mon=$work/monitor.sock
rm -f "$console" "$mon"
# the disk without the host's page cache (cache=none): each boot reads it as a cold machine
start=$(date +%s.%N)
qemu-system-x86_64 "${accel_args[@]}" -smp 2 -m 2048 -nodefaults -no-user-config \
  -kernel "$kernel" -initrd "$initrd" -append "root=/dev/vda rw console=ttyS0 quiet" \
  -drive "file=$img,format=raw,if=virtio,cache=none" -snapshot \
  -device virtio-gpu-pci,xres=1280,yres=800 -display none -nic none \
  -serial "file:$console" -monitor "unix:$mon,server,nowait" &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
for i in $(seq $((timeout_s * 10))); do
  if [ "$accel" = kvm ] && [ "$i" = $((kvm_grace_s * 10)) ] \
      && ! grep -aq -e "login:" -e "BOOT-REPORT" "$console" 2>/dev/null; then
    # seen on a nested-KVM host (no vmx/svm flag in the host's /proc/cpuinfo): QEMU starts,
    # the BIOS and the kernel's real-mode setup run, then the kernel's decompressor crawls and
    # Linux never prints a line
    echo "boot-time: KVM accepted the VM but it did not boot in ${kvm_grace_s} s (console:" \
      "$(tr -dc '[:print:]' < "$console" | tail -c 80)); KVM cannot run this guest here:" \
      "BOOT_ACCEL=tcg measures an emulated boot instead" >&2
    exit 3
  fi
  grep -aq "BOOT-REPORT done" "$console" 2>/dev/null && break
  kill -0 $qemu 2>/dev/null || break
  sleep 0.1
done
grep -aq "BOOT-REPORT done" "$console" || {
  tail -40 "$console" >&2
  kill -0 $qemu 2>/dev/null && echo "boot-time: no report from the VM in $timeout_s s" >&2 \
    || echo "boot-time: QEMU stopped before the VM reported" >&2
  exit 1; }
sleep "${SHOT_DELAY:-3}"  # the attract screen painted
python3 - "$mon" "$work/screen.ppm" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(f"screendump {sys.argv[2]}\n".encode()); time.sleep(1.5)
s.sendall(b"quit\n"); time.sleep(0.5)
PY
wait $qemu 2>/dev/null || true
trap - EXIT
grep -a "BOOT-REPORT" "$console" | sed 's/^BOOT-REPORT //'
verdict=0
report() { grep -a -o "BOOT-REPORT $1=[0-9a-z.]*" "$console" | cut -d= -f2; }
python3 - "$accel" "$(report ready_us)" "$(report start_us)" "$(report attract_us)" \
  "$(report state)" "$(report held_state)" "$(report restarts)" "$(report watchdog_us)" \
  "$(report now_us)" "$(report freeze_noticed_s)" "$(report freeze_back_s)" \
  "$(report freeze_state)" "$(report crash_back_s)" "$(report crash_state)" \
  "$(report crash_restarts)" "$(report crash_files)" "$(report frozen)" \
  "${server_deb:+provisioned}" <<'PY' || verdict=$?
import sys

(accel, ready_us, start_us, attract_us, state, held, restarts, watchdog_us, now_us,
 noticed_s, back_s, freeze_state, crash_back_s, crash_state, crash_restarts,
 crash_files, frozen, provisioned) = sys.argv[1:19]
label = (
    "KVM"
    if accel == "kvm"
    else "EMULATED (QEMU TCG, many times slower than hardware: not the kiosk's boot time)"
)
if state != "active" or not ready_us or ready_us == "0":
    sys.exit(f"boot-time: the kiosk unit is {state or 'unknown'}: systemd saw no READY=1")
started, ready = int(start_us or 0) / 1e6, int(ready_us) / 1e6
attract = f", 'attract screen shown' at {int(attract_us) / 1e6:.1f} s" if attract_us else ""
print(f"boot-time RESULT [{label}]: kernel start -> kiosk unit READY=1 {ready:.1f} s{attract}; "
      f"the kiosk process (cage) started at {started:.1f} s, its own start took "
      f"{ready - started:.1f} s")
ping_age = (int(now_us or 0) - int(watchdog_us or 0)) / 1e6
if held != "active" or restarts != "0" or not watchdog_us or ping_age > 30:
    sys.exit(f"boot-time: the kiosk did not stay up: unit {held}, {restarts} restarts, last "
             f"watchdog ping {ping_age:.0f} s before the check")
print(f"boot-time: 75 s after READY=1 the unit is active, not restarted, last watchdog ping "
      f"{ping_age:.1f} s before")
if freeze_state != "active":
    sys.exit(f"boot-time: a frozen kiosk was not restarted (unit {freeze_state})")
print(f"boot-time: kiosk frozen: the watchdog ended the unit after {noticed_s} s, back up "
      f"(READY=1) after {back_s} s")
if crash_state != "active" or crash_restarts != "2":
    sys.exit(f"boot-time: a kiosk that died under cage was not restarted (unit {crash_state}, "
             f"{crash_restarts} restarts)")
print(f"boot-time: kiosk killed by SIGABRT under cage: back up after {crash_back_s} s")
if crash_files != "2":
    sys.exit(f"boot-time: {crash_files} of the 2 ended kiosks left their stacks as crash files")
print("boot-time: both ended kiosks left their stacks as crash files")
if provisioned:
    if frozen != "no":
        sys.exit("boot-time: the provisioned kiosk's attract screen is frozen (see its journal)")
    print("boot-time: provisioned before the reboot: the attract screen is open for customers")
PY
if [ -f "$work/screen.ppm" ]; then
  # QEMU's screendump is a binary PPM (P6, 8 bits): to PNG with the standard library only
  python3 - "$work/screen.ppm" "$out" <<'PY'
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
magic, width, height, maxval, pixels = data.split(maxsplit=4)
assert magic == b"P6" and maxval == b"255", "not an 8-bit P6 PPM"
w, h = int(width), int(height)
rows = b"".join(b"\0" + pixels[y * w * 3 : (y + 1) * w * 3] for y in range(h))


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
open(sys.argv[2], "wb").write(png + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
  echo "boot-time: the VM's screen: $out"
fi
exit $verdict
