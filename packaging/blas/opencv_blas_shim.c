/* OpenCV's BLAS/LAPACK through numpy's OpenBLAS: packaging/build-deb.sh builds this into the
 * kiosk package under the name of OpenCV's own vendored OpenBLAS (libopenblas-r0-*.so, 37 MB,
 * a second copy of OpenBLAS beside numpy's).
 *
 * cv2 calls exactly these 4 CBLAS and 14 LAPACK functions (nm -D --undefined-only cv2.abi3.so,
 * checked by build-deb.sh at build time) with 32-bit integers; numpy's OpenBLAS has the same
 * functions with 64-bit integers and a "64_" suffix. Each wrapper widens the integer arguments
 * (and integer arrays: pivots, workspace) and narrows what comes back. Proof:
 * packaging/check_opencv_blas.py compares cv2's results with numpy's through this library.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>

typedef int64_t i64;
typedef size_t flen; /* gfortran's hidden length of a CHARACTER argument */

/* ---- CBLAS: enums stay int, dimensions become 64-bit ---- */
#define GEMM(T, name, alpha_t)                                                               \
  void cblas_##name##64_(int, int, int, i64, i64, i64, alpha_t, const T *, i64, const T *,   \
                          i64, alpha_t, T *, i64);                                           \
  void cblas_##name(int o, int ta, int tb, int m, int n, int k, alpha_t alpha, const T *a,   \
                    int lda, const T *b, int ldb, alpha_t beta, T *c, int ldc) {             \
    cblas_##name##64_(o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);             \
  }
GEMM(float, sgemm, float)
GEMM(double, dgemm, double)
GEMM(void, cgemm, const void *)
GEMM(void, zgemm, const void *)

/* ---- LAPACK (Fortran calling convention: everything by pointer) ---- */
static i64 *widen(const int *v, i64 n) {
  i64 *w = malloc(sizeof(i64) * (size_t)(n > 0 ? n : 1));
  if (w && v)
    for (i64 i = 0; i < n; i++) w[i] = v[i];
  return w;
}
static void narrow(int *v, const i64 *w, i64 n) {
  for (i64 i = 0; i < n; i++) v[i] = (int)w[i];
}
#define MIN(a, b) ((a) < (b) ? (a) : (b))

#define GESV(T, p)                                                                           \
  void p##gesv_64_(i64 *, i64 *, T *, i64 *, i64 *, T *, i64 *, i64 *);                       \
  void p##gesv_(int *n, int *nrhs, T *a, int *lda, int *ipiv, T *b, int *ldb, int *info) {    \
    i64 N = *n, R = *nrhs, LA = *lda, LB = *ldb, I = 0;                                       \
    i64 *piv = widen(NULL, N);                                                                \
    if (!piv) { *info = -1000; return; }                                                      \
    p##gesv_64_(&N, &R, a, &LA, piv, b, &LB, &I);                                             \
    narrow(ipiv, piv, N); free(piv); *info = (int)I;                                          \
  }
GESV(float, s)
GESV(double, d)

#define GETRF(T, p)                                                                          \
  void p##getrf_64_(i64 *, i64 *, T *, i64 *, i64 *, i64 *);                                  \
  void p##getrf_(int *m, int *n, T *a, int *lda, int *ipiv, int *info) {                      \
    i64 M = *m, N = *n, LA = *lda, I = 0, K = MIN(M, N);                                      \
    i64 *piv = widen(NULL, K);                                                                \
    if (!piv) { *info = -1000; return; }                                                      \
    p##getrf_64_(&M, &N, a, &LA, piv, &I);                                                    \
    narrow(ipiv, piv, K); free(piv); *info = (int)I;                                          \
  }
GETRF(float, s)
GETRF(double, d)

#define POSV(T, p)                                                                           \
  void p##posv_64_(const char *, i64 *, i64 *, T *, i64 *, T *, i64 *, i64 *, flen);          \
  void p##posv_(const char *uplo, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb,          \
                int *info) {                                                                  \
    i64 N = *n, R = *nrhs, LA = *lda, LB = *ldb, I = 0;                                       \
    p##posv_64_(uplo, &N, &R, a, &LA, b, &LB, &I, 1);                                         \
    *info = (int)I;                                                                           \
  }
POSV(float, s)
POSV(double, d)

#define POTRF(T, p)                                                                          \
  void p##potrf_64_(const char *, i64 *, T *, i64 *, i64 *, flen);                            \
  void p##potrf_(const char *uplo, int *n, T *a, int *lda, int *info) {                       \
    i64 N = *n, LA = *lda, I = 0;                                                             \
    p##potrf_64_(uplo, &N, a, &LA, &I, 1);                                                    \
    *info = (int)I;                                                                           \
  }
POTRF(float, s)
POTRF(double, d)

#define GEQRF(T, p)                                                                          \
  void p##geqrf_64_(i64 *, i64 *, T *, i64 *, T *, T *, i64 *, i64 *);                        \
  void p##geqrf_(int *m, int *n, T *a, int *lda, T *tau, T *work, int *lwork, int *info) {    \
    i64 M = *m, N = *n, LA = *lda, LW = *lwork, I = 0;                                        \
    p##geqrf_64_(&M, &N, a, &LA, tau, work, &LW, &I);                                         \
    *info = (int)I;                                                                           \
  }
GEQRF(float, s)
GEQRF(double, d)

#define GELS(T, p)                                                                           \
  void p##gels_64_(const char *, i64 *, i64 *, i64 *, T *, i64 *, T *, i64 *, T *, i64 *,     \
                   i64 *, flen);                                                              \
  void p##gels_(const char *trans, int *m, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb, \
                T *work, int *lwork, int *info) {                                             \
    i64 M = *m, N = *n, R = *nrhs, LA = *lda, LB = *ldb, LW = *lwork, I = 0;                  \
    p##gels_64_(trans, &M, &N, &R, a, &LA, b, &LB, work, &LW, &I, 1);                         \
    *info = (int)I;                                                                           \
  }
GELS(float, s)
GELS(double, d)

#define GESDD(T, p)                                                                          \
  void p##gesdd_64_(const char *, i64 *, i64 *, T *, i64 *, T *, T *, i64 *, T *, i64 *,      \
                    T *, i64 *, i64 *, i64 *, flen);                                          \
  void p##gesdd_(const char *jobz, int *m, int *n, T *a, int *lda, T *s, T *u, int *ldu,      \
                 T *vt, int *ldvt, T *work, int *lwork, int *iwork, int *info) {              \
    i64 M = *m, N = *n, LA = *lda, LU = *ldu, LV = *ldvt, LW = *lwork, I = 0;                 \
    i64 *iw = widen(NULL, 8 * MIN(M, N));                                                     \
    (void)iwork; /* workspace only: LAPACK returns nothing in it */                          \
    if (!iw) { *info = -1000; return; }                                                       \
    p##gesdd_64_(jobz, &M, &N, a, &LA, s, u, &LU, vt, &LV, work, &LW, iw, &I, 1);             \
    free(iw); *info = (int)I;                                                                 \
  }
GESDD(float, s)
GESDD(double, d)

void dgeev_64_(const char *, const char *, i64 *, double *, i64 *, double *, double *, double *,
               i64 *, double *, i64 *, double *, i64 *, i64 *, flen, flen);
void dgeev_(const char *jobvl, const char *jobvr, int *n, double *a, int *lda, double *wr,
            double *wi, double *vl, int *ldvl, double *vr, int *ldvr, double *work, int *lwork,
            int *info) {
  i64 N = *n, LA = *lda, LL = *ldvl, LR = *ldvr, LW = *lwork, I = 0;
  dgeev_64_(jobvl, jobvr, &N, a, &LA, wr, wi, vl, &LL, vr, &LR, work, &LW, &I, 1, 1);
  *info = (int)I;
}

/* packaging/check_opencv_blas.py looks for this to know the shim, not OpenBLAS, is loaded */
const char *simkiosk_opencv_blas_shim(void) { return "cv2 -> numpy OpenBLAS (ILP64)"; }
