/**
 * The TypeScript matrix product: batched, any strides on the inputs, row-major output. Float
 * inputs accumulate in float64 and round once on the store; int32 wraps; int64 uses BigInt.
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
  const row = new Float64Array(n);
  for (let p = 0; p < batch; p++) {
    const [A, ao] = rowMajor(ad, a.offset + p * a.strides[0], m, k, a.strides[1], a.strides[2]);
    const [B, bo] = rowMajor(bd, b.offset + p * b.strides[0], k, n, b.strides[1], b.strides[2]);
    const oo = out.offset + p * m * n;
    if (big) {
      bigProduct(A as BigInt64Array, ao, B as BigInt64Array, bo, od as BigInt64Array, oo, m, k, n);
      continue;
    }
    const Af = A as Float64Array, Bf = B as Float64Array, O = od as Float64Array;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      const arow = ao + i * k;
      for (let q = 0; q < k; q++) {
        const av = Af[arow + q];
        const brow = bo + q * n;
        if (int32) {
          for (let j = 0; j < n; j++) row[j] = (row[j] + Math.imul(av, Bf[brow + j])) | 0;
        } else for (let j = 0; j < n; j++) row[j] += av * Bf[brow + j];
      }
      O.set(row, oo + i * n);
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
