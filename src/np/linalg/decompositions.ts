/**
 * `np.linalg.cholesky`, `qr`, `eigh`, `eigvalsh`, `svd` and `svdvals` on stacks of matrices, as
 * NumPy computes them (LAPACK's `dpotrf`, `dgeqrf` + `dorgqr`, `dsyevd`, `dgesdd`, in float64;
 * float32 input gives float32 results). The signs of eigenvectors, singular vectors and QR
 * factors are LAPACK's own choice (NumPy documents them as arbitrary): the system LAPACK gives
 * NumPy's; the TypeScript fallback gives LAPACK's signs for QR and valid but possibly different
 * signs for eigen- and singular vectors.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import type { NDArray } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import type { ArrayLike } from "../convert.ts";
import {
  eyes,
  lapack,
  linalgType,
  matrices,
  readColMajor,
  stackOf,
  writeRowMajor,
  zerosOf,
} from "./stack.ts";

/** Options of `np.linalg.cholesky`. */
export interface CholeskyOptions {
  /** Return the upper triangular factor `U` (`a = U^T U`) instead of the lower `L` (default). */
  upper?: boolean;
}

const CHOLESKY_KEYS = keysOf<CholeskyOptions>({ upper: true });

function flag(v: unknown, name: string, op: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") {
    throw new InvalidArgumentError(`${op}: ${name} must be a boolean, got ${String(v)}`);
  }
  return v;
}

/**
 * The Cholesky factor of a symmetric positive-definite matrix (or of each matrix of a stack):
 * lower triangular `L` with `a = L @ L.T` (only `a`'s lower triangle is read), or with
 * `{ upper: true }` upper triangular `U` with `a = U.T @ U`. A matrix that is not positive
 * definite is an error.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.cholesky([[4, 2], [2, 5]]).toString()); // [[2. 0.]\n [1. 2.]]
 * ```
 */
export function cholesky(a: ArrayLike, options?: CholeskyOptions): NDArray {
  const op = "np.linalg.cholesky";
  const o = checkOptions(options, CHOLESKY_KEYS, `${op} options`) ?? {};
  const uplo = flag(o.upper, "upper", op, false) ? "U" : "L";
  const x = matrices(a, op, true);
  const dtype = linalgType([x], op);
  const s = stackOf(x);
  const n = s.rows;
  const out = zerosOf(dtype, x.shape);
  const L = lapack();
  const A = new Float64Array(n * n);
  for (let t = 0; t < s.count && n > 0; t++) {
    readColMajor(s, t, A);
    if (L.potrf(uplo, n, A) !== 0) {
      throw new InvalidArgumentError(`${op}: matrix is not positive definite`);
    }
    writeRowMajor(A, n, n, n, out.data, t * n * n, uplo);
  }
  return out;
}

/** The modes of `np.linalg.qr`. */
export type QrMode = "reduced" | "complete" | "r" | "raw";

/** Options of `np.linalg.qr`. */
export interface QrOptions {
  /**
   * "reduced" (default): Q `(..., M, K)` and R `(..., K, N)` with K = min(M, N); "complete":
   * Q `(..., M, M)` and R `(..., M, N)`; "r": R alone; "raw": LAPACK's Householder form.
   */
  mode?: QrMode;
}

/** The factors of `np.linalg.qr`: `a = Q @ R`, Q with orthonormal columns, R upper triangular. */
export interface QRResult {
  /** The orthonormal factor. */
  Q: NDArray;
  /** The upper triangular factor. */
  R: NDArray;
}

/** The "raw" result of `np.linalg.qr`: LAPACK's `dgeqrf` output. */
export interface QRRawResult {
  /** `(..., N, M)`: R in its upper triangle (transposed), the Householder vectors below. */
  h: NDArray;
  /** `(..., K)`: the scaling factors of the reflectors. */
  tau: NDArray;
}

const QR_KEYS = keysOf<QrOptions>({ mode: true });
const QR_MODES: readonly QrMode[] = ["reduced", "complete", "r", "raw"];

/**
 * The QR factorisation of a matrix (or of each matrix of a stack) by Householder reflections:
 * `{ Q, R }` with `a = Q @ R` ("reduced" or "complete" mode), R alone (mode "r"), or LAPACK's
 * `{ h, tau }` (mode "raw"). The signs are LAPACK's (R's diagonal may be negative).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const { Q, R } = np.linalg.qr([[3, 1], [4, 2]]);
 * console.log(R.toString()); // [[-5.  -2.2]\n [ 0.   0.4]]
 * console.log(np.allclose(np.matmul(Q, R), [[3, 1], [4, 2]])); // true
 * ```
 */
export function qr(a: ArrayLike, options: { mode: "r" }): NDArray;
export function qr(a: ArrayLike, options: { mode: "raw" }): QRRawResult;
export function qr(a: ArrayLike, options?: { mode?: "reduced" | "complete" }): QRResult;
export function qr(a: ArrayLike, options?: QrOptions): NDArray | QRResult | QRRawResult;
export function qr(a: ArrayLike, options?: QrOptions): NDArray | QRResult | QRRawResult {
  const op = "np.linalg.qr";
  const o = checkOptions(options, QR_KEYS, `${op} options`) ?? {};
  const mode = o.mode ?? "reduced";
  if (!QR_MODES.includes(mode)) {
    throw new InvalidArgumentError(
      `${op}: unrecognized mode ${JSON.stringify(mode)}: expected one of ${QR_MODES.join(", ")}`,
    );
  }
  const x = matrices(a, op, false);
  const dtype = linalgType([x], op);
  const s = stackOf(x);
  const { rows: m, cols: n, batch } = s;
  const k = Math.min(m, n);
  const qc = mode === "complete" && m > n ? m : k; // columns of Q, rows of R
  const L = lapack();
  const A = new Float64Array(m * n), tau = new Float64Array(k);
  const Qbuf = new Float64Array(m * qc);
  const R = zerosOf(dtype, [...batch, mode === "raw" ? n : qc, mode === "raw" ? m : n]);
  const Q = mode === "reduced" || mode === "complete" ? eyes(dtype, batch, m, qc) : null;
  const T = mode === "raw" ? zerosOf(dtype, [...batch, k]) : null;
  for (let t = 0; t < s.count && k > 0; t++) {
    readColMajor(s, t, A);
    L.geqrf(m, n, A, tau);
    if (mode === "raw") {
      // h = the column-major buffer read row-major: (n, m).
      const h = R.data as Float64Array;
      h.set(A, t * m * n);
      (T!.data as Float64Array).set(tau, t * k);
      continue;
    }
    writeRowMajor(A, m, qc, n, R.data, t * qc * n, "U");
    if (Q === null) continue;
    Qbuf.fill(0);
    Qbuf.set(A.subarray(0, m * Math.min(n, qc)));
    L.orgqr(m, qc, k, Qbuf, tau);
    writeRowMajor(Qbuf, m, m, qc, Q.data, t * m * qc);
  }
  if (mode === "r") return R;
  if (mode === "raw") return { h: R, tau: T! };
  return { Q: Q!, R };
}

/** Options of `np.linalg.eigh` and `np.linalg.eigvalsh`. */
export interface EighOptions {
  /** The triangle of `a` that is read: "L" (lower, default) or "U" (upper). */
  UPLO?: "L" | "U" | "l" | "u";
}

/** The result of `np.linalg.eigh`. */
export interface EighResult {
  /** `(..., M)`: the eigenvalues in ascending order. */
  eigenvalues: NDArray;
  /** `(..., M, M)`: the normalised eigenvectors, column `i` for eigenvalue `i`. */
  eigenvectors: NDArray;
}

const EIGH_KEYS = keysOf<EighOptions>({ UPLO: true });

function eighs(
  a: ArrayLike,
  options: EighOptions | undefined,
  vectors: boolean,
  op: string,
): [NDArray, NDArray | null] {
  const o = checkOptions(options, EIGH_KEYS, `${op} options`) ?? {};
  const uplo = typeof o.UPLO === "string" ? o.UPLO.toUpperCase() : o.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") {
    throw new InvalidArgumentError(
      `${op}: UPLO argument must be 'L' or 'U', got ${JSON.stringify(o.UPLO)}`,
    );
  }
  const x = matrices(a, op, true);
  const dtype = linalgType([x], op);
  const s = stackOf(x);
  const n = s.rows;
  const w = zerosOf(dtype, [...s.batch, n]);
  const v = vectors ? zerosOf(dtype, x.shape) : null;
  const L = lapack();
  const A = new Float64Array(n * n), W = new Float64Array(n);
  for (let t = 0; t < s.count && n > 0; t++) {
    readColMajor(s, t, A);
    if (L.syevd(vectors, uplo, n, A, W) !== 0) {
      throw new InvalidArgumentError(`${op}: eigenvalues did not converge`);
    }
    (w.data as Float64Array).set(W, t * n);
    if (v !== null) writeRowMajor(A, n, n, n, v.data, t * n * n);
  }
  return [w, v];
}

/**
 * The eigenvalues (ascending) and eigenvectors (columns) of a real symmetric matrix, or of each
 * matrix of a stack, reading only the triangle `UPLO` names (default "L"). Each eigenvector's
 * sign is LAPACK's choice.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const { eigenvalues } = np.linalg.eigh([[2, 1], [1, 2]]);
 * console.log(eigenvalues.toString()); // [1. 3.]
 * ```
 */
export function eigh(a: ArrayLike, options?: EighOptions): EighResult {
  const [eigenvalues, eigenvectors] = eighs(a, options, true, "np.linalg.eigh");
  return { eigenvalues, eigenvectors: eigenvectors! };
}

/**
 * The eigenvalues (ascending) of a real symmetric matrix, or of each matrix of a stack, reading
 * only the triangle `UPLO` names (default "L").
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.eigvalsh([[2, 1], [1, 2]]).toString()); // [1. 3.]
 * ```
 */
export function eigvalsh(a: ArrayLike, options?: EighOptions): NDArray {
  return eighs(a, options, false, "np.linalg.eigvalsh")[0];
}

/** Options of `np.linalg.svd`. */
export interface SvdOptions {
  /** U `(..., M, M)` and Vh `(..., N, N)` (default true), else `(..., M, K)` and `(..., K, N)`. */
  full_matrices?: boolean;
  /** Compute U and Vh (default true); false returns the singular values alone. */
  compute_uv?: boolean;
  /** `a` is symmetric: use the eigendecomposition (default false). */
  hermitian?: boolean;
}

/** The factors of `np.linalg.svd`: `a = U @ (S[..., None] * Vh)`. */
export interface SVDResult {
  /** The left singular vectors (columns). */
  U: NDArray;
  /** The singular values, descending. */
  S: NDArray;
  /** The right singular vectors (rows). */
  Vh: NDArray;
}

const SVD_KEYS = keysOf<SvdOptions>({ full_matrices: true, compute_uv: true, hermitian: true });

/** The singular values (and vectors, for `job` "A" or "S") of each matrix of `x`. */
function svds(x: NDArray, job: "A" | "S" | "N", op: string): [NDArray, NDArray, NDArray] {
  const dtype = linalgType([x], op);
  const s = stackOf(x);
  const { rows: m, cols: n, batch } = s;
  const k = Math.min(m, n);
  const uc = job === "A" ? m : job === "S" ? k : 0, vr = job === "A" ? n : job === "S" ? k : 0;
  const S = zerosOf(dtype, [...batch, k]);
  const U = eyes(dtype, batch, job === "N" ? 0 : m, uc);
  const Vh = eyes(dtype, batch, vr, job === "N" ? 0 : n);
  const L = lapack();
  const A = new Float64Array(m * n), W = new Float64Array(k);
  const Ub = new Float64Array(Math.max(1, m * uc)), Vb = new Float64Array(Math.max(1, vr * n));
  for (let t = 0; t < s.count && k > 0; t++) {
    readColMajor(s, t, A);
    if (L.gesdd(job, m, n, A, W, Ub, Vb) !== 0) {
      throw new InvalidArgumentError(`${op}: SVD did not converge`);
    }
    (S.data as Float64Array).set(W, t * k);
    if (job === "N") continue;
    writeRowMajor(Ub, m, m, uc, U.data, t * m * uc);
    writeRowMajor(Vb, vr, vr, n, Vh.data, t * vr * n);
  }
  return [U, S, Vh];
}

/** Stable ascending order of `|w|` reversed (NumPy's `argsort(abs(w))[::-1]`), per row of `k`. */
function descendingAbs(w: Float64Array, t: number, k: number): number[] {
  const idx = Array.from({ length: k }, (_, i) => i);
  idx.sort((i, j) => Math.abs(w[t * k + i]) - Math.abs(w[t * k + j]));
  return idx.reverse();
}

/** NumPy's hermitian SVD: the eigendecomposition, sorted by |eigenvalue| descending. */
function hermitianSvd(a: ArrayLike, uv: boolean, op: string): SVDResult | NDArray {
  const [w, v] = eighs(a, undefined, uv, op);
  const k = w.shape[w.ndim - 1], count = w.size / Math.max(k, 1);
  const wd = w.data as Float64Array;
  const S = zerosOf(w.dtype as "float32" | "float64", w.shape);
  const sd = S.data as Float64Array;
  const U = uv ? zerosOf(w.dtype as "float32" | "float64", v!.shape) : null;
  const Vh = uv ? zerosOf(w.dtype as "float32" | "float64", v!.shape) : null;
  for (let t = 0; t < count; t++) {
    const order = descendingAbs(wd, t, k);
    order.forEach((src, dst) => {
      const val = wd[t * k + src];
      sd[t * k + dst] = Math.abs(val);
      if (U === null) return;
      const sgn = val < 0 || Object.is(val, -0) ? -1 : 1;
      const vd = v!.data as Float64Array, ud = U.data as Float64Array;
      const hd = Vh!.data as Float64Array;
      for (let i = 0; i < k; i++) {
        const e = vd[t * k * k + i * k + src];
        ud[t * k * k + i * k + dst] = e;
        hd[t * k * k + dst * k + i] = e * sgn;
      }
    });
  }
  return uv ? { U: U!, S, Vh: Vh! } : S;
}

/**
 * The singular value decomposition of a matrix (or of each matrix of a stack): `{ U, S, Vh }`
 * with `a = U @ (S[..., None] * Vh)`, S descending; with `{ compute_uv: false }` the singular
 * values alone. `full_matrices: false` gives the reduced factors. The signs of the singular
 * vectors are LAPACK's choice.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const { S } = np.linalg.svd([[3, 0], [0, -4]]);
 * console.log(S.toString()); // [4. 3.]
 * console.log(np.linalg.svd([[3, 0], [0, -4]], { compute_uv: false }).toString()); // [4. 3.]
 * ```
 */
export function svd(a: ArrayLike, options: SvdOptions & { compute_uv: false }): NDArray;
export function svd(a: ArrayLike, options?: SvdOptions & { compute_uv?: true }): SVDResult;
export function svd(a: ArrayLike, options?: SvdOptions): SVDResult | NDArray;
export function svd(a: ArrayLike, options?: SvdOptions): SVDResult | NDArray {
  const op = "np.linalg.svd";
  const o = checkOptions(options, SVD_KEYS, `${op} options`) ?? {};
  const full = flag(o.full_matrices, "full_matrices", op, true);
  const uv = flag(o.compute_uv, "compute_uv", op, true);
  if (flag(o.hermitian, "hermitian", op, false)) return hermitianSvd(a, uv, op);
  const x = matrices(a, op, false);
  const [U, S, Vh] = svds(x, uv ? (full ? "A" : "S") : "N", op);
  return uv ? { U, S, Vh } : S;
}

/**
 * The singular values of a matrix (or of each matrix of a stack), descending: `svd` with
 * `compute_uv: false`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.svdvals([[0, 2], [1, 0]]).toString()); // [2. 1.]
 * ```
 */
export function svdvals(a: ArrayLike): NDArray {
  return singularValues(a, "np.linalg.svdvals");
}

/** The singular values of a stack of matrices, naming `op` in errors. */
export function singularValues(a: ArrayLike, op: string): NDArray {
  return svds(matrices(a, op, false), "N", op)[1];
}
