/**
 * The TypeScript routines `np.linalg` runs when the system LAPACK cannot be used (no FFI
 * permission, no LAPACK in the BLAS library, `DENOTENSOR_BLAS=none`): the same interface and
 * conventions as LAPACK's (column-major float64, in place, `info` as LAPACK sets it). LU with
 * partial pivoting and Householder QR follow LAPACK's unblocked algorithms (`dgetf2`, `dgeqr2`
 * with `dlarfg`'s signs, `dorg2r`), so their factors have LAPACK's pivots and signs; Cholesky is
 * right-looking (the factor is unique); the symmetric eigensolver is cyclic Jacobi and the SVD
 * one-sided (Hestenes) Jacobi, both accurate to a few ulps of the matrix norm, with their own
 * (equally valid) signs of the vectors. Least squares goes through that SVD, as LAPACK's `dgelsd`
 * does.
 *
 * @module
 */
import type { Lapack } from "../../backends/cpu/lapack.ts";

const EPS = 2 ** -52;

function hasNaN(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== a[i]) return true;
  return false;
}

/** The 2-norm of `n` elements of `a` from `off` with step 1, without overflow or underflow. */
function norm2(a: Float64Array, off: number, n: number): number {
  let scale = 0, ssq = 1;
  for (let i = off; i < off + n; i++) {
    const v = Math.abs(a[i]);
    if (v === 0) continue;
    if (scale < v) {
      ssq = 1 + ssq * (scale / v) ** 2;
      scale = v;
    } else ssq += (v / scale) ** 2;
  }
  return scale * Math.sqrt(ssq);
}

/** Swaps rows `i` and `j` of the column-major `rows` x `cols` matrix `a`. */
function swapRows(a: Float64Array, rows: number, cols: number, i: number, j: number): void {
  for (let c = 0; c < cols; c++) {
    const t = a[i + c * rows];
    a[i + c * rows] = a[j + c * rows];
    a[j + c * rows] = t;
  }
}

function getrf(n: number, a: Float64Array, ipiv: Int32Array): number {
  let info = 0;
  for (let j = 0; j < n; j++) {
    const col = j * n;
    let p = j, best = Math.abs(a[j + col]);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(a[i + col]);
      if (v > best) [p, best] = [i, v];
    }
    ipiv[j] = p + 1;
    const pivot = a[p + col];
    if (pivot !== 0) {
      if (p !== j) swapRows(a, n, n, p, j);
      for (let i = j + 1; i < n; i++) a[i + col] /= pivot;
    } else if (info === 0) info = j + 1;
    for (let c = j + 1; c < n; c++) {
      const f = a[j + c * n];
      if (f === 0) continue;
      for (let i = j + 1; i < n; i++) a[i + c * n] -= a[i + col] * f;
    }
  }
  return info;
}

function gesv(n: number, nrhs: number, a: Float64Array, ipiv: Int32Array, b: Float64Array): number {
  if (hasNaN(a, n * n)) {
    b.fill(NaN, 0, n * nrhs);
    return 0;
  }
  const info = getrf(n, a, ipiv);
  if (info !== 0) return info;
  for (let j = 0; j < n; j++) if (ipiv[j] - 1 !== j) swapRows(b, n, nrhs, j, ipiv[j] - 1);
  for (let c = 0; c < nrhs; c++) {
    const x = c * n;
    for (let j = 0; j < n; j++) {
      const v = b[x + j];
      if (v !== 0) { for (let i = j + 1; i < n; i++) b[x + i] -= v * a[i + j * n]; }
    }
    for (let j = n - 1; j >= 0; j--) {
      const v = (b[x + j] /= a[j + j * n]);
      if (v !== 0) { for (let i = 0; i < j; i++) b[x + i] -= v * a[i + j * n]; }
    }
  }
  return 0;
}

/** Transposes the n x n matrix `a` in place. */
function transposeSquare(n: number, a: Float64Array): void {
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      const t = a[i + j * n];
      a[i + j * n] = a[j + i * n];
      a[j + i * n] = t;
    }
  }
}

function potrf(uplo: "L" | "U", n: number, a: Float64Array): number {
  // U = L^T of the lower triangle read from the upper one: transpose, factor, transpose back.
  if (uplo === "U") transposeSquare(n, a);
  let info = 0;
  for (let j = 0; j < n && info === 0; j++) {
    const col = j * n;
    let d = a[j + col];
    if (!(d > 0)) {
      info = j + 1;
      break;
    }
    d = Math.sqrt(d);
    a[j + col] = d;
    for (let i = j + 1; i < n; i++) a[i + col] /= d;
    // Right-looking update of the trailing lower triangle, a column at a time.
    for (let c = j + 1; c < n; c++) {
      const f = a[c + col], cc = c * n;
      if (f === 0) continue;
      for (let i = c; i < n; i++) a[i + cc] -= a[i + col] * f;
    }
  }
  if (uplo === "U") transposeSquare(n, a);
  return info;
}

function geqrf(m: number, n: number, a: Float64Array, tau: Float64Array): number {
  for (let j = 0; j < Math.min(m, n); j++) {
    const col = j * m;
    // dlarfg: H = I - tau v v^T with v = [1; x / (alpha - beta)] maps [alpha; x] to [beta; 0].
    const alpha = a[j + col];
    const xnorm = norm2(a, j + 1 + col, m - j - 1);
    if (xnorm === 0) {
      tau[j] = 0;
      continue;
    }
    // Fortran's SIGN(x, alpha) takes the sign bit of alpha (-0 counts as negative).
    const beta = (alpha < 0 || Object.is(alpha, -0) ? 1 : -1) * Math.hypot(alpha, xnorm);
    tau[j] = (beta - alpha) / beta;
    const scal = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) a[i + col] *= scal;
    a[j + col] = beta;
    const t = tau[j];
    for (let c = j + 1; c < n; c++) {
      const cc = c * m;
      let w = a[j + cc];
      for (let i = j + 1; i < m; i++) w += a[i + col] * a[i + cc];
      w *= t;
      a[j + cc] -= w;
      for (let i = j + 1; i < m; i++) a[i + cc] -= w * a[i + col];
    }
  }
  return 0;
}

function orgqr(m: number, cols: number, k: number, a: Float64Array, tau: Float64Array): number {
  for (let j = k; j < cols; j++) {
    a.fill(0, j * m, (j + 1) * m);
    if (j < m) a[j + j * m] = 1;
  }
  for (let i = k - 1; i >= 0; i--) {
    const col = i * m, t = tau[i];
    a[i + col] = 1;
    for (let c = i + 1; c < cols; c++) {
      const cc = c * m;
      let w = 0;
      for (let r = i; r < m; r++) w += a[r + col] * a[r + cc];
      w *= t;
      for (let r = i; r < m; r++) a[r + cc] -= w * a[r + col];
    }
    for (let r = i + 1; r < m; r++) a[r + col] *= -t;
    a[i + col] = 1 - t;
    for (let r = 0; r < i; r++) a[r + col] = 0;
  }
  return 0;
}

/** Sorts `w` ascending (descending with `desc`), permuting the columns of `v` (ld `rows`). */
function sortPairs(w: Float64Array, v: Float64Array | null, rows: number, desc: boolean): void {
  const n = w.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) =>
    desc ? w[j] - w[i] : w[i] - w[j]
  );
  const ws = w.slice();
  for (let i = 0; i < n; i++) w[i] = ws[order[i]];
  if (v !== null) {
    const vs = v.slice(0, rows * n);
    for (let i = 0; i < n; i++) {
      v.set(vs.subarray(order[i] * rows, (order[i] + 1) * rows), i * rows);
    }
  }
}

function syevd(vectors: boolean, uplo: "L" | "U", n: number, a: Float64Array, w: Float64Array) {
  // The full symmetric matrix from the `uplo` triangle.
  const A = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const lower = i >= j;
      A[i + j * n] = lower === (uplo === "L") ? a[i + j * n] : a[j + i * n];
    }
  }
  if (hasNaN(A, n * n)) {
    w.fill(NaN, 0, n);
    if (vectors) a.fill(NaN, 0, n * n);
    return 0;
  }
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i + i * n] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += A[i] * A[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let q = 1; q < n; q++) for (let p = 0; p < q; p++) off += A[p + q * n] ** 2;
    if (off <= (EPS * EPS / 4) * total || off === 0) break;
    for (let q = 1; q < n; q++) {
      for (let p = 0; p < q; p++) {
        const apq = A[p + q * n];
        if (apq === 0) continue;
        const app = A[p + p * n], aqq = A[q + q * n];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150
          ? 1 / (2 * theta)
          : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k + p * n], akq = A[k + q * n];
          A[k + p * n] = c * akp - s * akq;
          A[k + q * n] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p + k * n], aqk = A[q + k * n];
          A[p + k * n] = c * apk - s * aqk;
          A[q + k * n] = s * apk + c * aqk;
        }
        A[p + q * n] = A[q + p * n] = 0;
        A[p + p * n] = app - t * apq;
        A[q + q * n] = aqq + t * apq;
        for (let k = 0; k < n; k++) {
          const vkp = V[k + p * n], vkq = V[k + q * n];
          V[k + p * n] = c * vkp - s * vkq;
          V[k + q * n] = s * vkp + c * vkq;
        }
      }
    }
  }
  const ws = w.subarray(0, n);
  for (let i = 0; i < n; i++) ws[i] = A[i + i * n];
  sortPairs(ws, V, n, false);
  if (vectors) a.set(V.subarray(0, n * n));
  return 0;
}

/**
 * Fills columns `from`..`cols - 1` of the column-major `rows` x `cols` matrix `q` (whose first
 * `from` columns are orthonormal) with an orthonormal completion: each new column is the unit
 * vector with the largest part outside the columns so far, orthogonalised twice (Gram-Schmidt).
 */
function complete(q: Float64Array, rows: number, from: number, cols: number): void {
  const v = new Float64Array(rows);
  const residual = (e: number, upto: number): number => {
    v.fill(0);
    v[e] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < upto; c++) {
        let d = 0;
        for (let i = 0; i < rows; i++) d += q[i + c * rows] * v[i];
        for (let i = 0; i < rows; i++) v[i] -= d * q[i + c * rows];
      }
    }
    return norm2(v, 0, rows);
  };
  for (let next = from; next < cols; next++) {
    let best = 0, bestNorm = -1;
    for (let e = 0; e < rows; e++) {
      const r = residual(e, next);
      if (r > bestNorm) [best, bestNorm] = [e, r];
    }
    const nv = residual(best, next);
    for (let i = 0; i < rows; i++) q[i + next * rows] = v[i] / nv;
  }
}

/**
 * One-sided Jacobi SVD of the column-major `m` x `n` matrix `a` (m >= n): returns the singular
 * values (descending), U (m x n, orthonormal columns, completed where a value is 0) and V (n x n).
 */
function jacobiSvd(
  m: number,
  n: number,
  a: Float64Array,
): [Float64Array, Float64Array, Float64Array] {
  const U = a.slice(0, m * n);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i + i * n] = 1;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        const P = p * m, Q = q * m;
        for (let i = 0; i < m; i++) {
          const up = U[P + i], uq = U[Q + i];
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.abs(zeta) > 1e150
          ? 1 / (2 * zeta)
          : (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < m; i++) {
          const up = U[P + i], uq = U[Q + i];
          U[P + i] = c * up - s * uq;
          U[Q + i] = s * up + c * uq;
        }
        for (let i = 0; i < n; i++) {
          const vp = V[p * n + i], vq = V[q * n + i];
          V[p * n + i] = c * vp - s * vq;
          V[q * n + i] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) s[j] = norm2(U, j * m, m);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s[j] - s[i]);
  const Us = new Float64Array(m * n), Vs = new Float64Array(n * n), ss = new Float64Array(n);
  let nonzero = 0;
  order.forEach((src, dst) => {
    ss[dst] = s[src];
    if (s[src] > 0) {
      nonzero++;
      for (let i = 0; i < m; i++) Us[dst * m + i] = U[src * m + i] / s[src];
    }
    Vs.set(V.subarray(src * n, (src + 1) * n), dst * n);
  });
  complete(Us, m, nonzero, n);
  return [ss, Us, Vs];
}

function gesdd(
  job: "A" | "S" | "N",
  m: number,
  n: number,
  a: Float64Array,
  s: Float64Array,
  u: Float64Array,
  vt: Float64Array,
): number {
  if (hasNaN(a, m * n)) return -4; // LAPACK's dgesdd rejects NaN (its argument 4)
  const k = Math.min(m, n);
  // A = U S V^T; for m < n, work on A^T = V S U^T.
  const tall = m >= n;
  let work = a;
  if (!tall) {
    work = new Float64Array(m * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) work[j + i * n] = a[i + j * m];
  }
  const [sv, left, right] = tall ? jacobiSvd(m, n, work) : jacobiSvd(n, m, work);
  s.set(sv.subarray(0, k));
  if (job === "N") return 0;
  // Left vectors: `left` (m x k) when tall, else `right` (m x m).
  const ucols = job === "A" ? m : k;
  const uMat = tall ? left : right;
  u.fill(0, 0, m * ucols);
  u.set(uMat.subarray(0, m * k));
  if (ucols > k) complete(u, m, k, ucols);
  // Right vectors: vt = V^T with V = `right` (n x n) when tall, else `left` (n x m) completed.
  const vrows = job === "A" ? n : k;
  const V = new Float64Array(n * vrows);
  V.set((tall ? right : left).subarray(0, n * k));
  if (vrows > k) complete(V, n, k, vrows);
  for (let r = 0; r < vrows; r++) for (let c = 0; c < n; c++) vt[r + c * vrows] = V[c + r * n];
  return 0;
}

function gelsd(
  m: number,
  n: number,
  nrhs: number,
  a: Float64Array,
  b: Float64Array,
  s: Float64Array,
  rcond: number,
): [number, number] {
  const k = Math.min(m, n), ldb = Math.max(m, n);
  const u = new Float64Array(m * k), vt = new Float64Array(k * n);
  const orig = a.slice(0, m * n);
  const info = gesdd("S", m, n, a, s, u, vt);
  if (info !== 0) return [info, 0];
  const thresh = (rcond < 0 ? EPS : rcond) * (k > 0 ? s[0] : 0);
  let rank = 0;
  while (rank < k && s[rank] > thresh) rank++;
  const x = new Float64Array(n), c = new Float64Array(k), r = new Float64Array(m);
  for (let col = 0; col < nrhs; col++) {
    const B = col * ldb;
    for (let j = 0; j < rank; j++) {
      let d = 0;
      for (let i = 0; i < m; i++) d += u[i + j * m] * b[B + i];
      c[j] = d / s[j];
    }
    x.fill(0);
    for (let j = 0; j < rank; j++) for (let i = 0; i < n; i++) x[i] += vt[j + i * k] * c[j];
    // Rows n..m-1 carry the residual: its norm in row n (its sum of squares is LAPACK's).
    for (let i = 0; i < m; i++) {
      let d = b[B + i];
      for (let j = 0; j < n; j++) d -= orig[i + j * m] * x[j];
      r[i] = d;
    }
    for (let i = 0; i < n; i++) b[B + i] = x[i];
    if (m > n) {
      b.fill(0, B + n, B + m);
      b[B + n] = norm2(r, 0, m);
    }
  }
  return [0, rank];
}

/** The TypeScript LAPACK routines. */
export const TS_LAPACK: Lapack = {
  name: "typescript",
  getrf,
  gesv,
  potrf,
  geqrf,
  orgqr,
  syevd,
  gesdd,
  gelsd,
};
