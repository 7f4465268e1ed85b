/**
 * `np.linalg.lstsq`, `pinv` and `matrix_rank`: the SVD-based routines, as NumPy writes them
 * (`lstsq` is LAPACK's `dgelsd`; `pinv` and `matrix_rank` cut the singular values of `svd`
 * against NumPy's default tolerances).
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import { type ArrayLike, asNDArray } from "../convert.ts";
import { alloc } from "../dtypes.ts";
import { matmul, permuted, reshaped } from "../linalg.ts";
import { svd, svdvals } from "./decompositions.ts";
import {
  assert2d,
  lapack,
  linalgType,
  matrices,
  readColMajor,
  stackOf,
  writeRowMajor,
  zerosOf,
} from "./stack.ts";

const EPS64 = 2 ** -52, EPS32 = 2 ** -23;

function optionalNumber(v: unknown, name: string, op: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number") {
    throw new InvalidArgumentError(`${op}: ${name} must be a number or null, got ${String(v)}`);
  }
  return v;
}

/** Options of `np.linalg.lstsq`. */
export interface LstsqOptions {
  /**
   * Singular values at most `rcond` times the largest count as zero; default (null) machine
   * epsilon times max(M, N).
   */
  rcond?: number | null;
}

/** The result of `np.linalg.lstsq`. */
export interface LstsqResult {
  /** `(N,)` or `(N, K)`: the least-squares solution. */
  x: NDArray;
  /** `(K,)` (or `(1,)` for a vector `b`): squared residual norms; empty unless rank is N < M. */
  residuals: NDArray;
  /** The rank of `a` (a 0-d int32 array). */
  rank: NDArray;
  /** `(min(M, N),)`: the singular values of `a`, descending. */
  s: NDArray;
}

const LSTSQ_KEYS = keysOf<LstsqOptions>({ rcond: true });

/**
 * The least-squares solution of `a @ x = b` (minimum norm when `a` is rank-deficient) for a
 * matrix `a` `(M, N)` and `b` `(M,)` or `(M, K)`: `{ x, residuals, rank, s }`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const { x, rank } = np.linalg.lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 3]);
 * console.log(np.allclose(x, [1, 1]), rank.toString()); // true 2
 * ```
 */
export function lstsq(a: ArrayLike, b: ArrayLike, options?: LstsqOptions): LstsqResult {
  const op = "np.linalg.lstsq";
  const o = checkOptions(options, LSTSQ_KEYS, `${op} options`) ?? {};
  const A = asNDArray(a, op, true);
  let B = asNDArray(b, op, true);
  const vector = B.ndim === 1;
  if (vector) B = reshaped(B, [B.shape[0], 1]);
  assert2d(A, op);
  assert2d(B, op);
  const [m, n] = A.shape, [m2, nrhs] = B.shape;
  if (m !== m2) throw new InvalidArgumentError(`${op}: incompatible dimensions`);
  const dtype = linalgType([A, B], op);
  const rcond = optionalNumber(o.rcond, "rcond", op) ?? EPS64 * Math.max(m, n);
  const k = Math.min(m, n), ld = Math.max(m, n, 1);
  const cols = Math.max(nrhs, 1);
  const Ab = new Float64Array(Math.max(1, m * n)), Bb = new Float64Array(ld * cols);
  const W = new Float64Array(Math.max(1, k));
  const sa = stackOf(A), sb = stackOf(B);
  readColMajor(sa, 0, Ab);
  const Bm = new Float64Array(m * nrhs);
  readColMajor(sb, 0, Bm);
  for (let c = 0; c < nrhs; c++) Bb.set(Bm.subarray(c * m, (c + 1) * m), c * ld);
  let rank = 0;
  if (k > 0) {
    const [info, r] = lapack().gelsd(m, n, cols, Ab, Bb, W, rcond);
    if (info !== 0) {
      throw new InvalidArgumentError(`${op}: SVD did not converge in Linear Least Squares`);
    }
    rank = r;
  }
  const x = zerosOf(dtype, vector ? [n] : [n, nrhs]);
  if (k > 0) writeRowMajor(Bb, ld, n, nrhs, x.data, 0);
  const withResiduals = rank === n && m > n;
  const residuals = zerosOf(dtype, [withResiduals ? (vector ? 1 : nrhs) : 0]);
  if (withResiduals) {
    for (let c = 0; c < nrhs; c++) {
      let acc = 0;
      for (let i = n; i < m; i++) acc += Bb[c * ld + i] ** 2;
      (residuals.data as Float64Array)[c] = acc;
    }
  }
  const s = zerosOf(dtype, [k]);
  (s.data as Float64Array).set(W.subarray(0, k));
  return { x, residuals, rank: new NDArray(Int32Array.of(rank), [], "int32"), s };
}

/** Options of `np.linalg.pinv`. */
export interface PinvOptions {
  /** Singular values at most `rcond` times the largest count as zero (default 1e-15). */
  rcond?: number | null;
  /** `a` is symmetric: use the eigendecomposition (default false). */
  hermitian?: boolean;
  /**
   * The relative cutoff (the array API's name for `rcond`); null gives max(M, N) times the
   * dtype's machine epsilon. Setting both `rcond` and `rtol` is an error.
   */
  rtol?: number | null;
}

const PINV_KEYS = keysOf<PinvOptions>({ rcond: true, hermitian: true, rtol: true });

/** `x` with its last two axes swapped (a view). */
function swapLast(x: NDArray): NDArray {
  const perm = x.shape.map((_, i) => i);
  [perm[x.ndim - 2], perm[x.ndim - 1]] = [perm[x.ndim - 1], perm[x.ndim - 2]];
  return permuted(x, perm);
}

/**
 * The Moore-Penrose pseudo-inverse of a matrix (or of each matrix of a stack) from its SVD,
 * dropping singular values at most `rcond` (or `rtol`) times the largest.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.pinv([[1, 0], [0, 2], [0, 0]]).toString()); // [[1.  0.  0. ]\n [0.  0.5 0. ]]
 * ```
 */
export function pinv(a: ArrayLike, options?: PinvOptions): NDArray {
  const op = "np.linalg.pinv";
  const o = checkOptions(options, PINV_KEYS, `${op} options`) ?? {};
  const x = matrices(a, op, false);
  const [m, n] = x.shape.slice(-2);
  let rcond = optionalNumber(o.rcond, "rcond", op);
  if (rcond === undefined) {
    if (!("rtol" in o) || o.rtol === undefined) rcond = 1e-15;
    else if (o.rtol === null) rcond = Math.max(m, n) * (x.dtype === "float32" ? EPS32 : EPS64);
    else rcond = optionalNumber(o.rtol, "rtol", op)!;
  } else if (o.rtol !== undefined) {
    throw new InvalidArgumentError(`${op}: \`rtol\` and \`rcond\` can't be both set`);
  }
  if (m === 0 || n === 0) {
    const shape = [...x.shape.slice(0, -2), n, m];
    return new NDArray(alloc(x.dtype, 0), shape, x.dtype);
  }
  const { U, S, Vh } = svd(x, { full_matrices: false, hermitian: o.hermitian ?? false });
  const k = S.shape[S.ndim - 1], count = S.size / k;
  const sd = S.data as Float64Array;
  // U^T scaled row by row by 1/s (0 for the dropped values), in the result dtype.
  const ut = swapLast(U).copy();
  const ud = ut.data as Float64Array, f32 = S.dtype === "float32";
  for (let t = 0; t < count; t++) {
    let max = 0;
    for (let i = 0; i < k; i++) max = Math.max(max, sd[t * k + i]);
    const cutoff = rcond * max; // NumPy: a float64 array times float32 values
    for (let i = 0; i < k; i++) {
      const v = sd[t * k + i];
      const inv = v > cutoff ? (f32 ? Math.fround(1 / v) : 1 / v) : 0;
      const row = t * k * m + i * m;
      for (let j = 0; j < m; j++) ud[row + j] *= inv;
    }
  }
  return matmul(swapLast(Vh), ut);
}

/** Options of `np.linalg.matrix_rank`. */
export interface MatrixRankOptions {
  /** Singular values at most `tol` count as zero (default: see `rtol`). */
  tol?: number | null;
  /** `a` is symmetric: use its eigenvalues (default false). */
  hermitian?: boolean;
  /** Relative cutoff: `rtol` times the largest singular value (default max(M, N) * eps). */
  rtol?: number | null;
}

const RANK_KEYS = keysOf<MatrixRankOptions>({ tol: true, hermitian: true, rtol: true });

/**
 * The rank of a matrix (or of each matrix of a stack): the number of singular values above the
 * tolerance, as an int64 array. For a vector or scalar: 1 unless it is all zero.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.matrix_rank([[1, 2], [2, 4]]).toString()); // 1
 * ```
 */
export function matrix_rank(a: ArrayLike, options?: MatrixRankOptions): NDArray {
  const op = "np.linalg.matrix_rank";
  const o = checkOptions(options, RANK_KEYS, `${op} options`) ?? {};
  const tol = optionalNumber(o.tol, "tol", op), rtolIn = optionalNumber(o.rtol, "rtol", op);
  if (tol !== undefined && rtolIn !== undefined) {
    throw new InvalidArgumentError(`${op}: \`tol\` and \`rtol\` can't be both set`);
  }
  const x = asNDArray(a, op, true);
  if (x.ndim < 2) {
    const d = x.contiguousData() as Float64Array;
    let any = 0;
    for (let i = 0; i < d.length; i++) if (d[i] !== 0 && (d[i] as unknown) !== 0n) any = 1;
    return new NDArray(BigInt64Array.of(BigInt(any)), [], "int64");
  }
  const S = o.hermitian ? svd(x, { compute_uv: false, hermitian: true }) : svdvals(x);
  const [m, n] = x.shape.slice(-2);
  const k = S.shape[S.ndim - 1];
  const sd = S.data as Float64Array;
  const eps = S.dtype === "float32" ? EPS32 : EPS64;
  const rtol = rtolIn ?? Math.max(m, n) * eps;
  const out = new BigInt64Array(x.shape.slice(0, -2).reduce((p, d) => p * d, 1));
  for (let t = 0; t < out.length; t++) {
    let max = 0;
    for (let i = 0; i < k; i++) max = Math.max(max, sd[t * k + i]);
    // NumPy: the default rtol is a float32 scalar for float32 values; a given one is float64.
    const cut = tol ??
      (S.dtype === "float32" && rtolIn === undefined ? Math.fround(max * rtol) : max * rtol);
    let r = 0;
    for (let i = 0; i < k; i++) if (sd[t * k + i] > cut) r++;
    out[t] = BigInt(r);
  }
  return new NDArray(out, x.shape.slice(0, -2), "int64");
}
