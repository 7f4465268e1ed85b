/**
 * The symbol tables of LAPACK and the level-1/2 BLAS routines the `np` namespace calls, as found
 * in the system OpenBLAS (Debian's libopenblas.so.0 exports Fortran LAPACK, no LAPACKE): every
 * Fortran argument by pointer, column-major matrices, a character argument followed by its
 * hidden length. All optional: a library without them leaves the TypeScript routines in charge.
 *
 * @module
 */

/** The Fortran LAPACK symbols (every argument a pointer; character arguments add a length). */
export const LAPACK_SYMBOLS = {
  /** void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* ipiv, int* info) */
  dgetrf_: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
    optional: true,
  },
  /**
   * void dgesv_(const int* n, const int* nrhs, double* a, const int* lda, int* ipiv, double* b,
   *             const int* ldb, int* info)
   */
  dgesv_: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
    optional: true,
  },
  /**
   * void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info,
   *              size_t uplo_len)
   */
  dpotrf_: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "usize"],
    result: "void",
    optional: true,
  },
  /**
   * void dgeqrf_(const int* m, const int* n, double* a, const int* lda, double* tau,
   *              double* work, const int* lwork, int* info)
   */
  dgeqrf_: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "void",
    optional: true,
  },
  /**
   * void dorgqr_(const int* m, const int* n, const int* k, double* a, const int* lda,
   *              const double* tau, double* work, const int* lwork, int* info)
   */
  dorgqr_: {
    parameters: [
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "void",
    optional: true,
  },
  /**
   * void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda,
   *              double* w, double* work, const int* lwork, int* iwork, const int* liwork,
   *              int* info, size_t jobz_len, size_t uplo_len)
   */
  dsyevd_: {
    parameters: [
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "usize",
      "usize",
    ],
    result: "void",
    optional: true,
  },
  /**
   * void dgesdd_(const char* jobz, const int* m, const int* n, double* a, const int* lda,
   *              double* s, double* u, const int* ldu, double* vt, const int* ldvt,
   *              double* work, const int* lwork, int* iwork, int* info, size_t jobz_len)
   */
  dgesdd_: {
    parameters: [
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "usize",
    ],
    result: "void",
    optional: true,
  },
  /**
   * void dgelsd_(const int* m, const int* n, const int* nrhs, double* a, const int* lda,
   *              double* b, const int* ldb, double* s, const double* rcond, int* rank,
   *              double* work, const int* lwork, int* iwork, int* info)
   */
  dgelsd_: {
    parameters: [
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "void",
    optional: true,
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** The CBLAS vector products (CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112). */
export const VECTOR_BLAS_SYMBOLS = {
  /** double cblas_ddot(int n, const double* x, int incx, const double* y, int incy) */
  cblas_ddot: {
    parameters: ["i32", "buffer", "i32", "buffer", "i32"],
    result: "f64",
    optional: true,
  },
  /** float cblas_sdot(int n, const float* x, int incx, const float* y, int incy) */
  cblas_sdot: {
    parameters: ["i32", "buffer", "i32", "buffer", "i32"],
    result: "f32",
    optional: true,
  },
  /**
   * void cblas_dgemv(CBLAS_LAYOUT layout, CBLAS_TRANSPOSE trans, int m, int n, double alpha,
   *                  const double* a, int lda, const double* x, int incx, double beta,
   *                  double* y, int incy)
   */
  cblas_dgemv: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "f64",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f64",
      "buffer",
      "i32",
    ],
    result: "void",
    optional: true,
  },
  /**
   * void cblas_sgemv(CBLAS_LAYOUT layout, CBLAS_TRANSPOSE trans, int m, int n, float alpha,
   *                  const float* a, int lda, const float* x, int incx, float beta,
   *                  float* y, int incy)
   */
  cblas_sgemv: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
    optional: true,
  },
} as const satisfies Deno.ForeignLibraryInterface;
