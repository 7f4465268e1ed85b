/**
 * The symbol table of a system CBLAS (OpenBLAS's `libopenblas.so.0`, or any `libblas.so.3` with
 * the CBLAS interface) for CPU matmul. Matrices are host typed arrays (`"buffer"`); the
 * dimensions and leading dimensions are C ints (LP64 BLAS), so the TypeScript side uses BLAS only
 * below 2^31 elements per operand. `OPENBLAS_SYMBOLS` are OpenBLAS's own queries, opened
 * separately because other BLAS libraries lack them.
 *
 * @module
 */

/** CblasRowMajor */
export const CBLAS_ROW_MAJOR = 101;
/** CblasNoTrans */
export const CBLAS_NO_TRANS = 111;
/** CblasTrans */
export const CBLAS_TRANS = 112;

/** The CBLAS functions the CPU backend calls. */
export const BLAS_SYMBOLS = {
  /**
   * void cblas_sgemm(CBLAS_LAYOUT layout, CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB,
   *                  int m, int n, int k, float alpha, const float* a, int lda,
   *                  const float* b, int ldb, float beta, float* c, int ldc)
   */
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
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
  },
  /**
   * void cblas_dgemm(CBLAS_LAYOUT layout, CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB,
   *                  int m, int n, int k, double alpha, const double* a, int lda,
   *                  const double* b, int ldb, double beta, double* c, int ldc)
   */
  cblas_dgemm: {
    parameters: [
      "i32",
      "i32",
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
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** OpenBLAS's configuration queries (absent from other BLAS libraries). */
export const OPENBLAS_SYMBOLS = {
  /** char* openblas_get_config(void): build options, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ..." */
  openblas_get_config: { parameters: [], result: "pointer" },
  /** char* openblas_get_corename(void): the kernels in use, e.g. "Haswell" */
  openblas_get_corename: { parameters: [], result: "pointer" },
  /** int openblas_get_num_threads(void) */
  openblas_get_num_threads: { parameters: [], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** An opened CBLAS. */
export type BlasLibrary = Deno.DynamicLibrary<typeof BLAS_SYMBOLS>;
