/**
 * The TypeScript matrix product (the fallback when no BLAS is found): batched, any strides on the
 * inputs, row-major output. Float inputs accumulate in float64, each output summing its products
 * in order, and round once on the store; int32 wraps; int64 uses BigInt. The float kernel is
 * register-tiled (4 x 4 outputs in locals) and blocked along k so that a panel of B stays in
 * cache: about 5 GFLOP/s on one core, at every size.
 *
 * @module
 */
import type { View } from "../backend.ts";
import type { TypedArray } from "../../dtype.ts";

/**
 * A row-major `[rows, cols]` copy of a strided matrix, or the data itself with its offset when it
 * already is one.
 */
function rowMajor(
  d: TypedArray,
  off: number,
  rows: number,
  cols: number,
  rs: number,
  cs: number,
): [TypedArray, number] {
  if (cs === 1 && (rs === cols || rows === 1)) return [d, off];
  const out = new (d.constructor as Float64ArrayConstructor)(rows * cols) as TypedArray;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = d[off + i * rs + j * cs];
  }
  return [out, 0];
}

/** `out[b] = a[b] @ b[b]` for rank-3 views; `out` is contiguous. */
export function matmulKernel(
  a: View,
  ad: TypedArray,
  b: View,
  bd: TypedArray,
  out: View,
  od: TypedArray,
): void {
  const [batch, m, k] = a.shape;
  const n = b.shape[2];
  const big = od instanceof BigInt64Array;
  const int32 = out.dtype === "int32";
  if (!big && m * n * k <= SMALL) {
    smallProduct(a, ad as Float64Array, b, bd as Float64Array, out, od as Float64Array, int32);
    return;
  }
  const row = new Float64Array(n);
  let acc: Float64Array | undefined;
  for (let p = 0; p < batch; p++) {
    const [A, ao] = rowMajor(ad, a.offset + p * a.strides[0], m, k, a.strides[1], a.strides[2]);
    const [B, bo] = rowMajor(bd, b.offset + p * b.strides[0], k, n, b.strides[1], b.strides[2]);
    const oo = out.offset + p * m * n;
    if (big) {
      bigProduct(A as BigInt64Array, ao, B as BigInt64Array, bo, od as BigInt64Array, oo, m, k, n);
      continue;
    }
    const Af = A as Float64Array, Bf = B as Float64Array, O = od as Float64Array;
    if (!int32) {
      floatProduct(Af, ao, Bf, bo, O, oo, m, k, n, acc ??= new Float64Array(4 * n));
      continue;
    }
    for (let i = 0; i < m; i++) {
      row.fill(0);
      const arow = ao + i * k;
      for (let q = 0; q < k; q++) {
        const av = Af[arow + q];
        const brow = bo + q * n;
        for (let j = 0; j < n; j++) row[j] = (row[j] + Math.imul(av, Bf[brow + j])) | 0;
      }
      O.set(row, oo + i * n);
    }
  }
}

/** Products of at most this many multiply-adds per matrix take the direct loop. */
const SMALL = 4096;

/**
 * Small products straight from the strided inputs, without temporaries (allocating a typed
 * array costs more than a 2 x 2 product): each output sums its products in order of q, as the
 * blocked kernel does.
 */
function smallProduct(
  a: View,
  A: Float64Array,
  b: View,
  B: Float64Array,
  out: View,
  O: Float64Array,
  int32: boolean,
): void {
  const [batch, m, k] = a.shape;
  const n = b.shape[2];
  const [abs, ars, acs] = a.strides;
  const [bbs, brs, bcs] = b.strides;
  let o = out.offset;
  for (let p = 0; p < batch; p++) {
    const ap = a.offset + p * abs, bp = b.offset + p * bbs;
    for (let i = 0; i < m; i++) {
      const ai = ap + i * ars;
      for (let j = 0; j < n; j++) {
        const bj = bp + j * bcs;
        let s = 0;
        if (int32) {
          for (let q = 0; q < k; q++) s = (s + Math.imul(A[ai + q * acs], B[bj + q * brs])) | 0;
        } else for (let q = 0; q < k; q++) s += A[ai + q * acs] * B[bj + q * brs];
        O[o++] = s;
      }
    }
  }
}

/** Rows of B per k-block: a block of B (KB x n) is read once per 4 rows of A. */
const KB = 256;

/**
 * `O = A @ B` for row-major float matrices: 4 x 4 blocks of outputs accumulate in locals over a
 * k-block, then in `acc` (float64, 4 rows) across k-blocks, so every output sums its products in
 * the order q = 0, 1, ..., k - 1, exactly as a plain loop would.
 */
function floatProduct(
  A: Float64Array,
  ao: number,
  B: Float64Array,
  bo: number,
  O: Float64Array,
  oo: number,
  m: number,
  k: number,
  n: number,
  acc: Float64Array,
): void {
  const n4 = n - (n % 4);
  for (let i0 = 0; i0 < m; i0 += 4) {
    const rows = Math.min(4, m - i0);
    acc.fill(0, 0, 4 * n);
    const a0 = ao + i0 * k;
    const a1 = a0 + (rows > 1 ? k : 0), a2 = a0 + (rows > 2 ? 2 * k : 0);
    const a3 = a0 + (rows > 3 ? 3 * k : 0);
    for (let q0 = 0; q0 < k; q0 += KB) {
      const q1 = Math.min(k, q0 + KB);
      for (let j = 0; j < n4; j += 4) {
        let c00 = acc[j], c01 = acc[j + 1], c02 = acc[j + 2], c03 = acc[j + 3];
        let c10 = acc[n + j], c11 = acc[n + j + 1], c12 = acc[n + j + 2], c13 = acc[n + j + 3];
        let c20 = acc[2 * n + j], c21 = acc[2 * n + j + 1];
        let c22 = acc[2 * n + j + 2], c23 = acc[2 * n + j + 3];
        let c30 = acc[3 * n + j], c31 = acc[3 * n + j + 1];
        let c32 = acc[3 * n + j + 2], c33 = acc[3 * n + j + 3];
        for (let q = q0, bq = bo + q0 * n + j; q < q1; q++, bq += n) {
          const x0 = A[a0 + q], x1 = A[a1 + q], x2 = A[a2 + q], x3 = A[a3 + q];
          const y0 = B[bq], y1 = B[bq + 1], y2 = B[bq + 2], y3 = B[bq + 3];
          c00 += x0 * y0;
          c01 += x0 * y1;
          c02 += x0 * y2;
          c03 += x0 * y3;
          c10 += x1 * y0;
          c11 += x1 * y1;
          c12 += x1 * y2;
          c13 += x1 * y3;
          c20 += x2 * y0;
          c21 += x2 * y1;
          c22 += x2 * y2;
          c23 += x2 * y3;
          c30 += x3 * y0;
          c31 += x3 * y1;
          c32 += x3 * y2;
          c33 += x3 * y3;
        }
        acc[j] = c00, acc[j + 1] = c01, acc[j + 2] = c02, acc[j + 3] = c03;
        acc[n + j] = c10, acc[n + j + 1] = c11, acc[n + j + 2] = c12, acc[n + j + 3] = c13;
        acc[2 * n + j] = c20, acc[2 * n + j + 1] = c21;
        acc[2 * n + j + 2] = c22, acc[2 * n + j + 3] = c23;
        acc[3 * n + j] = c30, acc[3 * n + j + 1] = c31;
        acc[3 * n + j + 2] = c32, acc[3 * n + j + 3] = c33;
      }
      for (let r = 0; r < rows; r++) {
        const ar = a0 + r * k, cr = r * n;
        for (let j = n4; j < n; j++) {
          let c = acc[cr + j];
          for (let q = q0; q < q1; q++) c += A[ar + q] * B[bo + q * n + j];
          acc[cr + j] = c;
        }
      }
    }
    for (let r = 0; r < rows; r++) {
      O.set(acc.subarray(r * n, r * n + n), oo + (i0 + r) * n);
    }
  }
}

function bigProduct(
  A: BigInt64Array,
  ao: number,
  B: BigInt64Array,
  bo: number,
  O: BigInt64Array,
  oo: number,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0n;
      for (let q = 0; q < k; q++) s += A[ao + i * k + q] * B[bo + q * n + j];
      O[oo + i * n + j] = s;
    }
  }
}
