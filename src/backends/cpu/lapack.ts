/**
 * LAPACK through the system BLAS library: Debian's OpenBLAS (`libopenblas.so.0`, the file
 * `blas.ts` finds) exports the Fortran LAPACK symbols (`dgetrf_`, `dgesdd_`, ...), with no
 * LAPACKE. They are called with `Deno.dlopen`, every argument by pointer, on column-major float64
 * matrices, as NumPy's `umath_linalg` calls them (NumPy computes float32 linear algebra in
 * float64 too). Each symbol is optional: a BLAS without LAPACK (the reference `libblas.so.3`)
 * leaves `np.linalg` on its TypeScript routines (`src/np/linalg/fallback.ts`), as do a missing
 * FFI permission, `DENOTENSOR_BLAS=none` and `setLapack(false)`.
 *
 * Integers are LP64 (C `int`); a character argument is a one-byte buffer followed, as gfortran
 * passes it, by its hidden length (`size_t`) at the end of the argument list.
 *
 * The same library's CBLAS vector products (`cblas_ddot`, `cblas_dgemv` and the float32 ones)
 * serve the `np` products of vectors: a matrix product with one side a vector is memory-bound,
 * where `gemm`'s packing costs several times the work.
 *
 * @module
 */
import { blasPath, blasReason } from "./blas.ts";
import { LAPACK_SYMBOLS, VECTOR_BLAS_SYMBOLS } from "../../../ffi/lapack.ts";

/** The LAPACK routines `np.linalg` calls: column-major float64, in place, returning `info`. */
export interface Lapack {
  /** "lapack" for the system library, "typescript" for the fallback routines. */
  readonly name: "lapack" | "typescript";
  /** LU with partial pivoting of the n x n matrix `a` (dgetrf); `ipiv` 1-based. */
  getrf(n: number, a: Float64Array, ipiv: Int32Array): number;
  /** Solves `a x = b` for n x n `a` and n x nrhs `b` (dgesv); `b` becomes `x`. */
  gesv(n: number, nrhs: number, a: Float64Array, ipiv: Int32Array, b: Float64Array): number;
  /** Cholesky factor of `a` in its `uplo` triangle (dpotrf); the other triangle is left as is. */
  potrf(uplo: "L" | "U", n: number, a: Float64Array): number;
  /** Householder QR of the m x n `a` (dgeqrf): R above the diagonal, reflectors below. */
  geqrf(m: number, n: number, a: Float64Array, tau: Float64Array): number;
  /** The first `cols` columns of Q from `k` reflectors of geqrf in the m x cols `a` (dorgqr). */
  orgqr(m: number, cols: number, k: number, a: Float64Array, tau: Float64Array): number;
  /**
   * Eigenvalues (ascending, into `w`) and, with `vectors`, eigenvectors (the columns of `a`) of
   * the symmetric n x n `a` read from its `uplo` triangle (dsyevd).
   */
  syevd(vectors: boolean, uplo: "L" | "U", n: number, a: Float64Array, w: Float64Array): number;
  /**
   * Singular values (descending, into `s`) of the m x n `a` and, for job "A" (all) or "S" (the
   * first min(m, n)), the left vectors `u` (m x ucols, ld m) and right vectors `vt` (vrows x n,
   * ld vrows) (dgesdd); `a` is destroyed.
   */
  gesdd(
    job: "A" | "S" | "N",
    m: number,
    n: number,
    a: Float64Array,
    s: Float64Array,
    u: Float64Array,
    vt: Float64Array,
  ): number;
  /**
   * Minimum-norm least squares of the m x n `a` and the ldb x nrhs `b` (ldb = max(m, n)) by SVD
   * (dgelsd): `b`'s first n rows become x, `s` the singular values; singular values at most
   * `rcond` times the largest count as zero. Returns [info, rank].
   */
  gelsd(
    m: number,
    n: number,
    nrhs: number,
    a: Float64Array,
    b: Float64Array,
    s: Float64Array,
    rcond: number,
  ): [number, number];
}

/** Float32 or float64 data for the vector products. */
export type FloatData = Float32Array | Float64Array;

/** The CBLAS vector products, on float32 or float64 data (by the arrays' type). */
export interface VectorBlas {
  /** The sum of `x[xo + i * incx] * y[yo + i * incy]` for i < n (strides positive). */
  dot(
    n: number,
    x: FloatData,
    xo: number,
    incx: number,
    y: FloatData,
    yo: number,
    incy: number,
  ): number;
  /**
   * `out[oo + i] = sum_j A[i, j] * x[xo + j * incx]` for the `rows` x `cols` matrix A stored
   * row-major at `a[ao]` with leading dimension `lda` (`A[i, j] = a[ao + i * lda + j]`), or with
   * `trans` its transpose stored so (`A[i, j] = a[ao + j * lda + i]`).
   */
  gemv(
    trans: boolean,
    rows: number,
    cols: number,
    a: FloatData,
    ao: number,
    lda: number,
    x: FloatData,
    xo: number,
    incx: number,
    out: FloatData,
    oo: number,
  ): void;
}

type VectorLibrary = Deno.DynamicLibrary<typeof VECTOR_BLAS_SYMBOLS>;

const at = (d: FloatData, o: number): FloatData => (o === 0 ? d : d.subarray(o));

let vectorBlas: VectorBlas | null | undefined;

/** The CBLAS vector products of the BLAS library in use, or null (then np uses the kernels). */
export function systemVectorBlas(): VectorBlas | null {
  if (!enabled) return null;
  if (vectorBlas !== undefined) return vectorBlas;
  vectorBlas = null;
  const path = blasPath();
  if (path === null) return null;
  try {
    const lib: VectorLibrary = Deno.dlopen(path, VECTOR_BLAS_SYMBOLS);
    const s = lib.symbols;
    const { cblas_ddot, cblas_sdot, cblas_dgemv, cblas_sgemv } = s;
    if (!cblas_ddot || !cblas_sdot || !cblas_dgemv || !cblas_sgemv) {
      lib.close();
      return null;
    }
    vectorBlas = {
      dot: (n, x, xo, incx, y, yo, incy) =>
        (x instanceof Float32Array ? cblas_sdot : cblas_ddot)(n, at(x, xo), incx, at(y, yo), incy),
      gemv: (trans, rows, cols, a, ao, lda, x, xo, incx, out, oo) => {
        const t = trans ? 112 : 111;
        const [m, n] = trans ? [cols, rows] : [rows, cols];
        const f = a instanceof Float32Array ? cblas_sgemv : cblas_dgemv;
        f(101, t, m, n, 1, at(a, ao), lda, at(x, xo), incx, 0, at(out, oo), 1);
      },
    };
  } catch {
    vectorBlas = null;
  }
  return vectorBlas;
}

type LapackLibrary = Deno.DynamicLibrary<typeof LAPACK_SYMBOLS>;
/** The symbols, all present. */
type Symbols = { [K in keyof typeof LAPACK_SYMBOLS]: NonNullable<LapackLibrary["symbols"][K]> };

/** A C int passed by pointer. */
function int(v: number): Int32Array {
  return Int32Array.of(v);
}

/** A Fortran CHARACTER*1 argument. */
function char(c: string): Uint8Array {
  return Uint8Array.of(c.charCodeAt(0));
}

/** The routines of an opened library that has every LAPACK symbol `np.linalg` calls. */
class NativeLapack implements Lapack {
  readonly name = "lapack";
  #s: Symbols;
  #work = new Float64Array(1);
  #iwork = new Int32Array(1);

  constructor(symbols: Symbols) {
    this.#s = symbols;
  }

  /** A workspace of at least `n` doubles (reused across calls). */
  #workOf(n: number): Float64Array {
    if (this.#work.length < n) this.#work = new Float64Array(Math.max(n, 2 * this.#work.length));
    return this.#work;
  }

  /** An integer workspace of at least `n` ints (reused across calls). */
  #iworkOf(n: number): Int32Array {
    if (this.#iwork.length < n) this.#iwork = new Int32Array(Math.max(n, 2 * this.#iwork.length));
    return this.#iwork;
  }

  getrf(n: number, a: Float64Array, ipiv: Int32Array): number {
    const info = int(0);
    this.#s.dgetrf_(int(n), int(n), a, int(Math.max(1, n)), ipiv, info);
    return info[0];
  }

  gesv(n: number, nrhs: number, a: Float64Array, ipiv: Int32Array, b: Float64Array): number {
    const info = int(0), ld = int(Math.max(1, n));
    this.#s.dgesv_(int(n), int(nrhs), a, ld, ipiv, b, ld, info);
    return info[0];
  }

  potrf(uplo: "L" | "U", n: number, a: Float64Array): number {
    const info = int(0);
    this.#s.dpotrf_(char(uplo), int(n), a, int(Math.max(1, n)), info, 1n);
    return info[0];
  }

  geqrf(m: number, n: number, a: Float64Array, tau: Float64Array): number {
    const info = int(0), M = int(m), N = int(n), lda = int(Math.max(1, m));
    const query = new Float64Array(1);
    this.#s.dgeqrf_(M, N, a, lda, tau, query, int(-1), info);
    if (info[0] !== 0) return info[0];
    const lwork = Math.max(1, query[0]);
    this.#s.dgeqrf_(M, N, a, lda, tau, this.#workOf(lwork), int(lwork), info);
    return info[0];
  }

  orgqr(m: number, cols: number, k: number, a: Float64Array, tau: Float64Array): number {
    const info = int(0), M = int(m), N = int(cols), K = int(k), lda = int(Math.max(1, m));
    const query = new Float64Array(1);
    this.#s.dorgqr_(M, N, K, a, lda, tau, query, int(-1), info);
    if (info[0] !== 0) return info[0];
    const lwork = Math.max(1, query[0]);
    this.#s.dorgqr_(M, N, K, a, lda, tau, this.#workOf(lwork), int(lwork), info);
    return info[0];
  }

  syevd(vectors: boolean, uplo: "L" | "U", n: number, a: Float64Array, w: Float64Array): number {
    const info = int(0), job = char(vectors ? "V" : "N"), up = char(uplo), N = int(n);
    const lda = int(Math.max(1, n));
    const query = new Float64Array(1), iquery = new Int32Array(1);
    this.#s.dsyevd_(job, up, N, a, lda, w, query, int(-1), iquery, int(-1), info, 1n, 1n);
    if (info[0] !== 0) return info[0];
    const lwork = Math.max(1, query[0]), liwork = Math.max(1, iquery[0]);
    const work = this.#workOf(lwork), iwork = this.#iworkOf(liwork);
    this.#s.dsyevd_(job, up, N, a, lda, w, work, int(lwork), iwork, int(liwork), info, 1n, 1n);
    return info[0];
  }

  gesdd(
    job: "A" | "S" | "N",
    m: number,
    n: number,
    a: Float64Array,
    s: Float64Array,
    u: Float64Array,
    vt: Float64Array,
  ): number {
    const k = Math.min(m, n);
    const info = int(0), jobz = char(job), M = int(m), N = int(n), lda = int(Math.max(1, m));
    const ldu = int(job === "N" ? 1 : Math.max(1, m));
    const ldvt = int(job === "A" ? Math.max(1, n) : job === "S" ? Math.max(1, k) : 1);
    const iwork = this.#iworkOf(8 * Math.max(1, k));
    const query = new Float64Array(1);
    this.#s.dgesdd_(jobz, M, N, a, lda, s, u, ldu, vt, ldvt, query, int(-1), iwork, info, 1n);
    if (info[0] !== 0) return info[0];
    const lwork = Math.max(1, query[0]);
    const work = this.#workOf(lwork);
    this.#s.dgesdd_(jobz, M, N, a, lda, s, u, ldu, vt, ldvt, work, int(lwork), iwork, info, 1n);
    return info[0];
  }

  gelsd(
    m: number,
    n: number,
    nrhs: number,
    a: Float64Array,
    b: Float64Array,
    s: Float64Array,
    rcond: number,
  ): [number, number] {
    const info = int(0), rank = int(0), M = int(m), N = int(n), R = int(nrhs);
    const lda = int(Math.max(1, m)), ldb = int(Math.max(1, m, n)), rc = Float64Array.of(rcond);
    const query = new Float64Array(1), iquery = new Int32Array(1);
    this.#s.dgelsd_(M, N, R, a, lda, b, ldb, s, rc, rank, query, int(-1), iquery, info);
    if (info[0] !== 0) return [info[0], 0];
    const lwork = Math.max(1, query[0]), liwork = Math.max(1, iquery[0]);
    const work = this.#workOf(lwork), iwork = this.#iworkOf(liwork);
    this.#s.dgelsd_(M, N, R, a, lda, b, ldb, s, rc, rank, work, int(lwork), iwork, info);
    return [info[0], rank[0]];
  }
}

let lapack: NativeLapack | null | undefined;
let lapackFile = "";
let lapackWhy = "";
let enabled = true;

/**
 * The system LAPACK (in the BLAS library that float matmul uses), opened on first use; null when
 * `np.linalg` runs its TypeScript routines (see `lapackInfo().reason`).
 */
export function systemLapack(): Lapack | null {
  if (!enabled) return null;
  if (lapack !== undefined) return lapack;
  lapack = null;
  const path = blasPath();
  if (path === null) {
    lapackWhy = `no BLAS library: ${blasReason()}`;
    return null;
  }
  try {
    const lib: LapackLibrary = Deno.dlopen(path, LAPACK_SYMBOLS);
    const missing = Object.keys(LAPACK_SYMBOLS).filter((k) =>
      lib.symbols[k as keyof typeof LAPACK_SYMBOLS] === null
    );
    if (missing.length > 0) {
      lib.close();
      lapackWhy = `${path} has no LAPACK (missing ${missing.join(", ")})`;
      return null;
    }
    lapack = new NativeLapack(lib.symbols as Symbols);
    lapackFile = path;
  } catch (e) {
    lapackWhy = `cannot open ${path} for LAPACK: ${(e as Error).message}`;
  }
  return lapack;
}

/** Where `np.linalg` computes. */
export interface LapackInfo {
  /** "lapack" when the system LAPACK is called, "typescript" for the fallback routines. */
  lapack: "lapack" | "typescript";
  /** The library file, when LAPACK is used. */
  library?: string;
  /** Why the TypeScript routines run, when they do. */
  reason?: string;
}

/**
 * Whether `np.linalg` calls the system LAPACK (and which file) or runs its TypeScript routines
 * (and why).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const info = np.linalg.lapackInfo();
 * console.log(info.lapack === "lapack" || info.reason !== undefined); // true
 * ```
 */
export function lapackInfo(): LapackInfo {
  if (systemLapack() !== null) return { lapack: "lapack", library: lapackFile };
  return { lapack: "typescript", reason: enabled ? lapackWhy : "switched off by setLapack(false)" };
}

/** Switches the system LAPACK off (`false`) or back on (`true`) for this process (tests). */
export function setLapack(on: boolean): void {
  enabled = on;
}
