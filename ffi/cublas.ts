/**
 * The cuBLAS symbols the CUDA backend uses. Its 64-bit stride parameters take BigInt.
 *
 * @module
 */

/** The parameters of cublas[SD]gemmStridedBatched (alpha and beta are host pointers). */
const GEMM_STRIDED_BATCHED = [
  "pointer", // handle
  "i32", // transa
  "i32", // transb
  "i32", // m
  "i32", // n
  "i32", // k
  "buffer", // alpha
  "pointer", // A
  "i32", // lda
  "i64", // strideA
  "pointer", // B
  "i32", // ldb
  "i64", // strideB
  "buffer", // beta
  "pointer", // C
  "i32", // ldc
  "i64", // strideC
  "i32", // batchCount
] as const;

/** cuBLAS's symbol table (the `_v2` API). */
export const CUBLAS_SYMBOLS = {
  /** cublasStatus_t cublasCreate_v2(cublasHandle_t* handle) */
  cublasCreate_v2: { parameters: ["buffer"], result: "i32" },
  /** cublasStatus_t cublasDestroy_v2(cublasHandle_t handle) */
  cublasDestroy_v2: { parameters: ["pointer"], result: "i32" },
  /** cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t stream) */
  cublasSetStream_v2: { parameters: ["pointer", "pointer"], result: "i32" },
  /** cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode) */
  cublasSetMathMode: { parameters: ["pointer", "i32"], result: "i32" },
  /**
   * cublasStatus_t cublasSgemmStridedBatched(handle, transa, transb, int m, int n, int k,
   *   const float* alpha, const float* A, int lda, long long strideA, const float* B, int ldb,
   *   long long strideB, const float* beta, float* C, int ldc, long long strideC, int batch)
   */
  cublasSgemmStridedBatched: { parameters: GEMM_STRIDED_BATCHED, result: "i32" },
  /** As cublasSgemmStridedBatched, with double. */
  cublasDgemmStridedBatched: { parameters: GEMM_STRIDED_BATCHED, result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The opened cuBLAS library. */
export type CublasLibrary = Deno.DynamicLibrary<typeof CUBLAS_SYMBOLS>;

/** cublasOperation_t */
export const CUBLAS_OP_N = 0;
/** cublasOperation_t */
export const CUBLAS_OP_T = 1;
/** cublasMath_t: no TF32. */
export const CUBLAS_DEFAULT_MATH = 0;
/** cublasMath_t: TF32 tensor cores for float32. */
export const CUBLAS_TF32_TENSOR_OP_MATH = 3;
