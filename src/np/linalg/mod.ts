/**
 * `np.linalg`: NumPy's linear algebra on float32 and float64 matrices and stacks of matrices
 * (other dtypes but float16 compute in float64, as NumPy). The factorisations call the system
 * LAPACK (OpenBLAS's, opened with FFI) when it can be used, else TypeScript routines;
 * `lapackInfo()` says which, and why.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[4, 1], [2, 3]]);
 * console.log(np.linalg.det(a).toString()); // 10.000000000000002
 * console.log(np.linalg.solve(a, [1, 2]).toString()); // [0.1 0.6]
 * ```
 *
 * @module
 */
export { type LapackInfo, lapackInfo } from "../../backends/cpu/lapack.ts";
export {
  cholesky,
  type CholeskyOptions,
  eigh,
  type EighOptions,
  type EighResult,
  eigvalsh,
  qr,
  type QrMode,
  type QrOptions,
  type QRRawResult,
  type QRResult,
  svd,
  type SvdOptions,
  type SVDResult,
  svdvals,
} from "./decompositions.ts";
export {
  lstsq,
  type LstsqOptions,
  type LstsqResult,
  matrix_rank,
  type MatrixRankOptions,
  pinv,
  type PinvOptions,
} from "./least_squares.ts";
export { multi_dot } from "./multi_dot.ts";
export { norm, type NormOptions, type NormOrd } from "./norm.ts";
export { det, inv, matrix_power, slogdet, type SlogdetResult, solve } from "./solve.ts";
