#!/bin/bash
# Build one Debian package: packaging/build-deb.sh kiosk|server OUTDIR
#
# The package carries its own Python environment: a venv under /opt/<package>/venv made with
# Debian's python3 (3.11 on Debian 12) and filled from wheels built here, so nothing is fetched
# at install time. The kiosk gets the `kiosk` extra (Qt, MediaPipe, dlib, no web stack), the
# server the `server` extra (no Qt, MediaPipe or dlib). Debian's own libraries are declared as
# dependencies in packaging/debian/<package>/control.in.
set -euo pipefail

what=${1:?kiosk or server}
out=$(realpath -m "${2:-dist}")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
case $what in
  kiosk) pkg=simkiosk; extra=kiosk; keep_script=simkiosk; drop_script=simkiosk-server ;;
  server) pkg=simkiosk-server; extra=server; keep_script=simkiosk-server; drop_script=simkiosk ;;
  *) echo "build-deb.sh: kiosk or server, not $what" >&2; exit 2 ;;
esac
python=${DEB_PYTHON:-/usr/bin/python3}
"$python" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' || {
  echo "build-deb.sh: $python must be Python 3.11 (Debian 12's python3)" >&2; exit 2; }
version=$("$python" -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$repo/pyproject.toml")
build=$repo/build/deb/$pkg
stage=$build/root
wheels=$build/wheels
venv=/opt/$pkg/venv
rm -rf "$stage"
mkdir -p "$stage" "$wheels" "$out"

# 1. wheels of the project and every dependency (from the configured index, at package time)
"$python" -m venv "$build/builder"
"$build/builder/bin/pip" install -q --upgrade pip wheel
if [ -z "${DEB_REUSE_WHEELS:-}" ] || [ -z "$(ls -A "$wheels")" ]; then
  "$build/builder/bin/pip" wheel -q --wheel-dir "$wheels" "$repo[$extra]"
else  # DEB_REUSE_WHEELS=1: the wheels of the last build, only the project's own rebuilt
  rm -f "$wheels"/simkiosk-*.whl
  "$build/builder/bin/pip" wheel -q --no-deps --wheel-dir "$wheels" "$repo"
fi

# 2. the venv at its final path inside the staging root, installed from those wheels only
"$python" -m venv --without-pip "$stage$venv"
"$build/builder/bin/pip" --python "$stage$venv/bin/python" install -q --no-index \
  --no-compile --find-links "$wheels" "simkiosk[$extra]==$version"
rm -f "$stage$venv/bin/$drop_script"
if [ "$what" = kiosk ]; then
  # MediaPipe's wheel requires jax, scipy and sentencepiece for its model-making and LLM tools;
  # the face mesh never imports them (checked by importing the kiosk's engines without them):
  # some 500 MB the kiosk does not carry.
  "$build/builder/bin/pip" --python "$stage$venv/bin/python" uninstall -q -y \
    jax jaxlib scipy ml_dtypes opt_einsum sentencepiece
  # dlib's 68-point landmark model (100 MB): the kiosk aligns faces with the 5-point one
  # (kiosk/biometrics/faces.py SHAPE_MODEL)
  rm -f "$stage$venv"/lib/python3.11/site-packages/face_recognition_models/models/shape_predictor_68_face_landmarks.dat
  # matplotlib (and what only it needs): mediapipe imports pyplot at `import mediapipe` for
  # plot_landmarks alone, which the kiosk never calls; that import is moved into the function.
  site=$stage$venv/lib/python3.11/site-packages
  "$build/builder/bin/pip" --python "$stage$venv/bin/python" uninstall -q -y \
    matplotlib contourpy cycler fonttools kiwisolver pyparsing python-dateutil six tzdata
  "$build/builder/bin/python" "$here/patch_mediapipe.py" "$site/mediapipe"
  # OpenCV's headless main-modules build of the same version instead of the GUI contrib one
  # MediaPipe names: the same cv2 less highgui's windows (and their Qt 5 libraries) and the
  # contrib modules; the kiosk calls only main-module functions (core, imgproc, imgcodecs,
  # videoio, calib3d) and never opens a cv2 window. 66 MB less.
  ocv=$("$stage$venv/bin/python" -c 'from importlib.metadata import version as v; print(v("opencv-contrib-python"))' 2>/dev/null || true)
  if [ -n "$ocv" ]; then
    "$build/builder/bin/pip" wheel -q --no-deps --wheel-dir "$wheels" "opencv-python-headless==$ocv"
    "$build/builder/bin/pip" --python "$stage$venv/bin/python" uninstall -q -y opencv-contrib-python
    "$build/builder/bin/pip" --python "$stage$venv/bin/python" install -q --no-index --no-deps \
      --no-compile --find-links "$wheels" "opencv-python-headless==$ocv"
  fi
  # Qt, vendored libraries, OpenCV's second OpenBLAS, ICU's data of other languages, unused
  # models, tests/ and debug symbols (see the script); then cv2's linear algebra through the
  # shim, checked against numpy's, and what Qt takes from ICU the same as before
  icu_before=$("$stage$venv/bin/python" -B "$here/check_qt_icu.py")
  "$python" "$here/prune_kiosk_venv.py" "$stage$venv"
  "$stage$venv/bin/python" -B "$here/check_opencv_blas.py" | tail -2
  icu_after=$("$stage$venv/bin/python" -B "$here/check_qt_icu.py")
  if [ "$icu_before" != "$icu_after" ]; then
    diff <(echo "$icu_before") <(echo "$icu_after") >&2 || true
    echo "build-deb.sh: Qt's collation, time zones or encodings changed with ICU's data" >&2
    exit 1
  fi
  echo "check_qt_icu: collation, time-zone names and encodings unchanged (kk, ru, en)"
fi
# Debian's interpreter by its versioned name: python3.11 is what the package depends on
ln -sfn /usr/bin/python3.11 "$stage$venv/bin/python3"
sed -i "s|$stage||g" "$stage$venv/pyvenv.cfg"
# scripts were written with the staging path: point them at the installed one
grep -rlI --null "$stage" "$stage$venv/bin" | xargs -0 -r sed -i "s|$stage||g"
# byte-compiled here (as the installed paths), so nothing is written under /opt at run time
"$stage$venv/bin/python" -m compileall -q -j 0 -s "$stage" -p / "$stage$venv/lib" >/dev/null || true
find "$stage$venv" -name 'direct_url.json' -delete
# the catalogues as built: pip writes each .qm a moment before its .ts, and the kiosk rebuilds a
# .qm older than its source (kiosk/ui/i18n.py), which it cannot do under /opt (seen running the
# staged venv under cage: "cannot build simkiosk_kk.qm")
find "$stage$venv" -path '*/translations/*.qm' -exec touch {} +

# 3. files of the package: command, configuration, units, maintainer scripts
mkdir -p "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/etc/simkiosk" "$stage/DEBIAN"
src=$here/debian/$pkg
install -m 0755 "$src/wrapper" "$stage/usr/bin/$keep_script"
cp -a "$src/etc/." "$stage/etc/"
units=$pkg.service
[ "$what" = kiosk ] && units="$units simkiosk-update.service simkiosk-update.path \
  simkiosk-update-check.service simkiosk-update-check.timer simkiosk-start-failed.service"
for unit in $units; do install -m 0644 "$here/systemd/$unit" "$stage/lib/systemd/system/"; done
if [ "$what" = kiosk ]; then  # the updater the units above run
  install -D -m 0755 "$src/simkiosk-update" "$stage/usr/lib/simkiosk/simkiosk-update"
fi
for script in postinst prerm postrm; do
  [ -f "$src/$script" ] && install -m 0755 "$src/$script" "$stage/DEBIAN/$script"
done
(cd "$stage" && find etc -type f | sed 's|^|/|' | sort) > "$stage/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$src/control.in" > "$stage/DEBIAN/control"

deb=$out/${pkg}_${version}_amd64.deb
dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >/dev/null
# dpkg's Installed-Size is KiB; apt shows it in decimal MB (1 MB = 1,000,000 bytes)
mb=$((size * 1024 / 1000000))
echo "$deb: $(du -h "$deb" | cut -f1) (installed $mb MB as apt shows it, $((size / 1024)) MiB)"
if [ "$what" = kiosk ]; then
  # the goal of issue 16: a kiosk package under 400 MB installed, in apt's decimal MB
  # (DEB_SIZE_LIMIT_MB=0: no check)
  limit=${DEB_SIZE_LIMIT_MB:-400}
  (cd "$stage$venv/lib/python3.11/site-packages" && du -sm -- * | sort -rn | head -12) \
    | sed 's/^/  site-packages (MiB): /'
  if [ "$limit" -gt 0 ] && [ $((size * 1024)) -ge $((limit * 1000000)) ]; then
    echo "build-deb.sh: the kiosk package is $mb MB installed (as apt shows it), over" \
      "${limit} MB: see what grew above (packaging/prune_kiosk_venv.py)" >&2
    exit 1
  fi
fi
