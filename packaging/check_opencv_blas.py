"""cv2's BLAS/LAPACK calls against numpy's: packaging/check_opencv_blas.py (with the venv's python)

In the kiosk package cv2's vendored OpenBLAS is replaced by packaging/blas/opencv_blas_shim.c,
which forwards to numpy's OpenBLAS. This runs every OpenCV function that reaches one of the 18
wrapped routines (matrices big enough that OpenCV leaves its own small-matrix code for LAPACK)
and compares the result with numpy's. Exit 0 when all agree; prints whether the shim is loaded.
Run with LD_DEBUG=bindings to see each routine bound (build-deb.sh does).
"""

from __future__ import annotations

import ctypes
import sys

import cv2
import numpy as np


def shim_loaded() -> bool:
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "libopenblas-r0" in line}
    return any(hasattr(ctypes.CDLL(p), "simkiosk_opencv_blas_shim") for p in paths)


def main() -> int:
    rng = np.random.default_rng(16)
    failures: list[str] = []

    def check(name: str, ok: bool) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
        if not ok:
            failures.append(name)

    n = 200
    for dt, tol in ((np.float32, 1e-3), (np.float64, 1e-9)):
        a = rng.standard_normal((n, n)).astype(dt)
        b = rng.standard_normal((n, n)).astype(dt)
        rhs = rng.standard_normal((n, 3)).astype(dt)
        spd = (a @ a.T + n * np.eye(n)).astype(dt)
        tall = rng.standard_normal((2 * n, n)).astype(dt)
        kind = np.dtype(dt).name
        check(f"gemm {kind}", np.allclose(cv2.gemm(a, b, 1.0, None, 0.0), a @ b, atol=tol * n))
        ref = np.linalg.solve(a.astype(np.float64), rhs.astype(np.float64))
        for flag, label in (
            (cv2.DECOMP_LU, "LU/getrf+gesv"),
            (cv2.DECOMP_SVD, "SVD/gesdd"),
            (cv2.DECOMP_QR, "QR/geqrf+gels"),
        ):
            ok, x = cv2.solve(a, rhs, flags=flag)
            check(f"solve {label} {kind}", bool(ok) and np.allclose(x, ref, atol=tol * 100))
        ok, x = cv2.solve(spd, rhs, flags=cv2.DECOMP_CHOLESKY)
        check(
            f"solve Cholesky/posv {kind}",
            bool(ok) and np.allclose(x, np.linalg.solve(spd, rhs), atol=tol),
        )
        check(
            f"determinant LU {kind}",
            np.isclose(
                cv2.determinant(spd / n), np.linalg.det((spd / n).astype(np.float64)), rtol=tol * 10
            ),
        )
        inv = cv2.invert(spd, flags=cv2.DECOMP_CHOLESKY)[1]  # potrf
        check(f"invert Cholesky/potrf {kind}", np.allclose(inv @ spd, np.eye(n), atol=tol * 10))
        w, _u, _vt = cv2.SVDecomp(tall)
        check(
            f"SVDecomp/gesdd {kind}",
            np.allclose(
                w.ravel(), np.linalg.svd(tall.astype(np.float64), compute_uv=False), atol=tol * 100
            ),
        )
        ok, x = cv2.solve(tall, rng.standard_normal((2 * n, 1)).astype(dt), flags=cv2.DECOMP_QR)
        check(f"least squares QR {kind}", bool(ok) and x.shape == (n, 1))
    # complex gemm (cgemm/zgemm) on two-channel matrices
    for dt, tol in ((np.float32, 1e-2), (np.float64, 1e-9)):
        a = rng.standard_normal((n, n, 2)).astype(dt)
        b = rng.standard_normal((n, n, 2)).astype(dt)
        ca, cb = a[..., 0] + 1j * a[..., 1], b[..., 0] + 1j * b[..., 1]
        got = cv2.gemm(a, b, 1.0, None, 0.0)
        check(
            f"gemm complex {np.dtype(dt).name}",
            np.allclose(got[..., 0] + 1j * got[..., 1], ca @ cb, atol=tol * n),
        )
    m = rng.standard_normal((60, 60))
    vals = cv2.eigenNonSymmetric(m)[0].ravel()
    ref_vals = np.linalg.eigvals(m)
    check(
        "eigenNonSymmetric/dgeev",
        np.allclose(np.sort(vals), np.sort(ref_vals[np.isclose(ref_vals.imag, 0)].real), atol=1e-6)
        if np.all(np.isclose(ref_vals.imag, 0))
        else vals.shape[0] == 60,
    )
    print(f"shim loaded: {shim_loaded()}")
    print(
        "cv2 BLAS/LAPACK: "
        + (
            "all agree with numpy"
            if not failures
            else f"{len(failures)} differ: {', '.join(failures)}"
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
