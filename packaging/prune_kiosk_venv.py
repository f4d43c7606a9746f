"""Prune the kiosk package's venv to what the kiosk loads: packaging/prune_kiosk_venv.py VENV

Run by build-deb.sh (with Debian's python3, before byte-compiling) on the staged venv. Each rule
removes something the kiosk provably does not load; the proof is packaging/check-kiosk-venv.sh,
which runs the pruned venv's `simkiosk diagnose`, a headless enrollment against a server and the
Qt window (offscreen and under cage). Sizes before and after: packaging/README.md.

(build-deb.sh itself uninstalls the Python packages the kiosk never imports and swaps OpenCV
for its headless build.)

- PySide6: only QtCore, QtGui, QtWidgets and QtSvg are imported (import-linter keeps Qt in
  kiosk/ui); Qt's QML, Quick, Designer, WebEngine glue, network, tools, headers, type stubs and
  Qt's own translations (the kiosk has its own catalogues) go. The Qt libraries kept are the
  dynamic-link closure of the kept modules and plugins (readelf NEEDED), not a hand list.
- Plugins kept: the platforms the kiosk runs on (wayland under cage, xcb, offscreen, minimal),
  their wayland/xcb integrations, image formats and the SVG icon engine, evdev input, compose.
- Vendored libraries (``*.libs`` of auditwheel) no remaining binary links to: e.g. OpenCV's
  Qt 5 xcb platform libraries, needed only by its highgui plugin (cv2/qt, in case the
  GUI build of OpenCV is installed), which the kiosk never
  opens (no cv2.imshow); cv2/data's Haar cascades (unused: faces come from MediaPipe and dlib).
- MediaPipe's models for hands, pose, objectron, holistic and selfie segmentation (the kiosk runs
  face detection and the face mesh; hardware/diagnostics.py lists the models it checks).
- OpenCV's vendored OpenBLAS (37 MB, with its own libgfortran): a second OpenBLAS beside
  numpy's. cv2 calls 4 CBLAS and 14 LAPACK routines; packaging/blas/opencv_blas_shim.c, built
  here under the vendored library's name, forwards them to numpy's OpenBLAS (64-bit integers).
  The build fails if cv2 needs a routine the shim lacks; packaging/check_opencv_blas.py compares
  every wrapped routine's result through cv2 with numpy's.
- ICU's data (libicudata, 31 MB) beyond the kiosk's languages: QtCore calls ICU only for
  collation (ucol), time-zone names (ucal) and legacy text encodings (ucnv). The locale
  resources of every language but Kazakh, Russian, English and the root go (ICU falls back to
  the root's for any other); converters, time zones and the rest stay. Rebuilt with
  icupkg (icu-devtools) as a library of the same name; packaging/check_qt_icu.py compares
  what Qt gives for the kept languages before and after.
- Pillow's AVIF codec; numpy's distutils and f2py (build tools).
- C headers and type stubs (*.pyi).
- tests/ folders of third-party packages, and debug symbols (strip --strip-unneeded).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

QT_MODULES_KEPT = {"QtCore", "QtGui", "QtWidgets", "QtSvg"}
PLUGINS_KEPT = {
    "platforms": {
        "libqwayland.so",
        "libqwayland-generic.so",
        "libqwayland-egl.so",
        "libqxcb.so",
        "libqoffscreen.so",
        "libqminimal.so",
    },
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
    "xcbglintegrations": None,
    "iconengines": None,
    "imageformats": {"libqsvg.so", "libqjpeg.so", "libqgif.so", "libqico.so", "libqwebp.so"},
    # evdev input; not TUIO (touch events over the network, which pulls in QtNetwork)
    "generic": {
        "libqevdevkeyboardplugin.so",
        "libqevdevmouseplugin.so",
        "libqevdevtabletplugin.so",
        "libqevdevtouchplugin.so",
    },
    "platforminputcontexts": {"libcomposeplatforminputcontextplugin.so"},
}
PYSIDE_TOOLS_KEPT = {"lrelease"}  # kiosk/ui/i18n.py rebuilds a stale .qm with it
MEDIAPIPE_UNUSED = [
    "hand_landmark",
    "palm_detection",
    "pose_landmark",
    "pose_detection",
    "selfie_segmentation",
    "objectron",
    "holistic_landmark",
]
OWN_PACKAGES = {"kiosk", "hardware", "server"}


def rm(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return [
        line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line
    ]


def _unused_pyside_entry(entry: Path) -> bool:
    name = entry.name
    if entry.suffix == ".pyi" or name.startswith("libpyside6qml"):  # stubs; QtQml's helper
        return True
    if name.endswith(".abi3.so"):  # a Qt module's binding
        return name.split(".")[0] not in QT_MODULES_KEPT
    if entry.is_dir():
        return name.endswith(".app")
    # designer, assistant, linguist, qmlls, lupdate, …
    return (
        is_elf(entry)
        and not name.endswith(".so")
        and ".so." not in name
        and name not in PYSIDE_TOOLS_KEPT
    )


def prune_pyside(sp: Path) -> None:
    ps = sp / "PySide6"
    qt = ps / "Qt"
    for name in ("qml", "translations", "metatypes", "libexec", "resources"):
        rm(qt / name)
    for name in ("include", "typesystems", "glue", "scripts", "doc"):
        rm(ps / name)
    for entry in list(ps.iterdir()):
        if _unused_pyside_entry(entry):
            rm(entry)
    for kind in list((qt / "plugins").iterdir()):
        if kind.name not in PLUGINS_KEPT:
            rm(kind)
        elif PLUGINS_KEPT[kind.name] is not None:
            for plugin in kind.iterdir():
                if plugin.name not in PLUGINS_KEPT[kind.name]:
                    rm(plugin)


def prune_unlinked_libraries(sp: Path) -> None:
    """Drop Qt's and the vendored (*.libs) libraries nothing kept links to."""
    lib_dirs = [sp / "PySide6" / "Qt" / "lib", *sorted(sp.glob("*.libs"))]
    libs = {p.name: p for d in lib_dirs if d.is_dir() for p in d.iterdir()}
    roots = [
        p
        for p in sp.rglob("*")
        if p.is_file() and not p.is_symlink() and is_elf(p) and p.parent not in lib_dirs
    ]
    keep: set[str] = set()
    todo = [n for r in roots for n in needed(r)]
    while todo:
        name = todo.pop()
        if name in keep or name not in libs:
            continue
        keep.add(name)
        todo.extend(needed(libs[name].resolve()))
    for name, path in libs.items():
        # a symlink is kept with its target's name (libQt6Core.so.6 -> …6.8.0)
        if name not in keep and path.resolve().name not in keep:
            rm(path)


def prune_others(sp: Path) -> None:
    rm(sp / "cv2" / "data")
    rm(sp / "cv2" / "qt")
    for model in MEDIAPIPE_UNUSED:
        for f in (sp / "mediapipe" / "modules" / model).glob("*.tflite"):
            rm(f)
    # Pillow's AVIF codec (5 MB; its plugin falls back to "not supported" without it)
    for avif in (sp / "PIL").glob("_avif*.so"):
        rm(avif)
    # numpy's build-time tools, never imported by `import numpy`
    rm(sp / "numpy" / "distutils")
    rm(sp / "numpy" / "f2py")
    # C headers and type stubs: for building and type-checking against, never loaded
    rm(sp / "numpy" / "core" / "include")
    rm(sp / "shiboken6" / "include")
    for stub in sp.rglob("*.pyi"):
        rm(stub)
    for tests in sorted(sp.glob("*/**/tests"), reverse=True):
        if tests.is_dir() and tests.relative_to(sp).parts[0] not in OWN_PACKAGES:
            rm(tests)


def dynamic_symbols(path: Path, *, undefined: bool) -> set[str]:
    flag = "--undefined-only" if undefined else "--defined-only"
    out = subprocess.run(
        ["nm", "-D", flag, str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def replace_opencv_openblas(sp: Path) -> None:
    """cv2's vendored OpenBLAS -> the shim over numpy's (see the module docstring)."""
    cv2_so = next((sp / "cv2").glob("cv2*.so"), None)
    numpy_blas = sorted((sp / "numpy.libs").glob("libopenblas64_*.so"))
    if cv2_so is None or not numpy_blas:
        return
    name = next((n for n in needed(cv2_so) if n.startswith("libopenblas")), None)
    if name is None:  # this OpenCV build has no BLAS of its own
        return
    old = sp / "opencv_python_headless.libs" / name
    wanted = dynamic_symbols(cv2_so, undefined=True) & dynamic_symbols(old, undefined=False)
    new = old.with_suffix(".shim")
    source = Path(__file__).resolve().parent / "blas" / "opencv_blas_shim.c"
    subprocess.run(
        [
            "gcc",
            "-O2",
            "-Wall",
            "-Werror",
            "-shared",
            "-fPIC",
            "-o",
            str(new),
            f"-Wl,-soname,{name}",
            str(source),
            f"-L{numpy_blas[0].parent}",
            f"-l:{numpy_blas[0].name}",
            "-Wl,-rpath,$ORIGIN/../numpy.libs",
            "-Wl,-z,defs",
        ],
        check=True,
    )
    missing = wanted - dynamic_symbols(new, undefined=False)
    if missing:  # a new OpenCV calls more of LAPACK: extend the shim
        new.unlink()
        raise SystemExit(
            f"prune_kiosk_venv: {cv2_so.name} needs BLAS/LAPACK routines the shim "
            f"lacks: {', '.join(sorted(missing))} (packaging/blas/)"
        )
    new.replace(old)


ICU_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")  # af.res, coll/de_AT.res, de_.res
ICU_LOCALES_KEPT = re.compile(
    r"^(root|en|en_US|en_US_POSIX|en_001|en_150|ru|ru_RU|ru_KZ|kk|kk_KZ|kk_Cyrl|kk_Cyrl_KZ)\.res$"
)


def icu_items_unused(items: list[str]) -> list[str]:
    """ICU data items (``coll/de.res``) of the languages the kiosk does not speak."""

    def unused(item: str) -> bool:
        name = item.rsplit("/", 1)[-1]
        return (
            bool(ICU_LOCALE.match(name))
            and name not in ("pool.res", "res_index.res")
            and not ICU_LOCALES_KEPT.match(name)
        )

    return [item for item in items if unused(item)]


def prune_icu_data(sp: Path) -> None:
    lib = next((sp / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"), None)
    if lib is None or lib.is_symlink():
        return
    if not (shutil.which("icupkg") and shutil.which("gcc")):
        print(
            "prune_kiosk_venv: ICU data kept whole (needs icupkg from icu-devtools, and gcc)",
            file=sys.stderr,
        )
        return
    syms = subprocess.run(
        ["nm", "-D", "--defined-only", "-S", str(lib)], capture_output=True, text=True, check=True
    ).stdout.split()
    symbol = next(s for s in syms if re.fullmatch(r"icudt\d+_dat", s))  # icudt73_dat
    name = symbol.removesuffix("_dat") + "l"  # the package's own name: icudt73l (little-endian)
    with tempfile.TemporaryDirectory() as tmp:
        dat, small = Path(tmp) / f"{name}.dat", Path(tmp) / "out" / f"{name}.dat"
        small.parent.mkdir()
        # the library is that one symbol: the whole of .rodata
        subprocess.run(
            ["objcopy", "-O", "binary", "--only-section=.rodata", str(lib), str(dat)], check=True
        )
        items = subprocess.run(
            ["icupkg", "-l", str(dat)], capture_output=True, text=True, check=True
        ).stdout.split()
        drop = Path(tmp) / "drop.txt"
        drop.write_text("\n".join(icu_items_unused(items)) + "\n")
        subprocess.run(
            ["icupkg", "-r", str(drop), str(dat), str(small)], check=True, stdout=subprocess.DEVNULL
        )
        asm = Path(tmp) / "icudata.S"
        asm.write_text(f"""\t.section .rodata
\t.globl {symbol}
\t.type {symbol}, @object
\t.balign 16
{symbol}:
\t.incbin "{small}"
\t.size {symbol}, . - {symbol}
\t.section .note.GNU-stack,"",@progbits
""")
        new = Path(tmp) / lib.name
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}", "-o", str(new), str(asm)],
            check=True,
        )
        shutil.copyfile(new, lib)


def strip_binaries(sp: Path) -> None:
    for p in sp.rglob("*"):
        if p.is_file() and not p.is_symlink() and is_elf(p):
            subprocess.run(
                ["strip", "--strip-unneeded", str(p)], check=False, stderr=subprocess.DEVNULL
            )


def size_mb(path: Path) -> int:
    return int(
        subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True).stdout.split()[0]
    )


def main() -> int:
    venv = Path(sys.argv[1])
    sp = next((venv / "lib").glob("python3*/site-packages"))
    before = size_mb(venv)
    prune_pyside(sp)
    prune_others(sp)
    replace_opencv_openblas(sp)
    prune_icu_data(sp)
    prune_unlinked_libraries(sp)
    strip_binaries(sp)
    print(f"prune_kiosk_venv: {venv}: {before} MB -> {size_mb(venv)} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
