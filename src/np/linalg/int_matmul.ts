/**
 * Exact integer (and bool) matrix products on the float64 matmul kernel (BLAS when present).
 * NumPy's integer matmul is a plain loop that wraps in the dtype; the same result comes from
 * float64 products of 16-bit limbs: each limb product is below 2^32, so a sum of fewer than
 * 2^19 of them is exact in float64, and the wrapped result is a combination of those sums modulo
 * 2^bits. Bool and 8/16-bit integers need one float64 product, 32-bit integers three (the limb
 * pairs whose weight is below 2^32), 64-bit integers ten. Used for products large enough that
 * BLAS beats the loops.
 *
 * @module
 */
import { NDArray, type NpDType } from "../../ndarray.ts";
import { alloc } from "../dtypes.ts";
import { kernelMatmul } from "../kernels.ts";

/** Multiply-adds per product from which the limb products beat the integer loops. */
const INT_GEMM_MIN = 32768;

/** Limbs per element, by dtype (bool and 8/16-bit: the value itself). */
const LIMBS: Partial<Record<NpDType, number>> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  int64: 4,
  uint64: 4,
};

/** The 16-bit limbs (least significant first) of a rank-3 integer array, as float64 arrays. */
function limbsOf(x: NDArray, count: number): NDArray[] {
  const data = x.contiguousData();
  const n = data.length;
  const planes = Array.from({ length: count }, () => new Float64Array(n));
  if (count === 1) {
    planes[0].set(data as Float64Array);
  } else if (count === 2) {
    const d = data as Int32Array;
    for (let i = 0; i < n; i++) {
      const v = d[i] >>> 0;
      planes[0][i] = v & 0xffff;
      planes[1][i] = v >>> 16;
    }
  } else {
    const w = new Uint32Array(data.buffer, data.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const lo = w[2 * i], hi = w[2 * i + 1];
      planes[0][i] = lo & 0xffff;
      planes[1][i] = lo >>> 16;
      planes[2][i] = hi & 0xffff;
      planes[3][i] = hi >>> 16;
    }
  }
  return planes.map((p) => new NDArray(p, x.shape, "float64"));
}

/**
 * The product of integer (or bool) arrays `x` `[1 or count, n, k]` and `y` `[1 or count, k, m]`
 * of `dtype` as NumPy computes it (wrapping), or null when the limb method does not apply (too
 * small to pay off, or k too long for exact float64 sums).
 */
export function intProduct(x: NDArray, y: NDArray, count: number, dtype: NpDType): NDArray | null {
  const limbs = LIMBS[dtype];
  const [, n, k] = x.shape, m = y.shape[2];
  if (limbs === undefined || n * k * m < INT_GEMM_MIN || k >= 2 ** 19) return null;
  const xs = limbsOf(x, limbs), ys = limbsOf(y, limbs);
  const size = count * n * m;
  // S[d] = sum of the limb products of weight 2^(16 d), d < limbs (higher weights wrap away).
  const S = Array.from({ length: limbs }, () => new Float64Array(size));
  for (let i = 0; i < limbs; i++) {
    for (let j = 0; i + j < limbs; j++) {
      const p = kernelMatmul(xs[i], ys[j], count, "float64");
      if (p === null) return null;
      const pd = p.data as Float64Array, s = S[i + j];
      for (let t = 0; t < size; t++) s[t] += pd[t];
    }
  }
  const out = alloc(dtype, size);
  if (limbs === 1) {
    const o = out as Float64Array, s = S[0];
    if (dtype === "bool") { for (let t = 0; t < size; t++) o[t] = s[t] > 0 ? 1 : 0; }
    else for (let t = 0; t < size; t++) o[t] = s[t]; // the typed array wraps exact integers
  } else if (limbs === 2) {
    const o = out as Float64Array, [s0, s1] = S;
    for (let t = 0; t < size; t++) o[t] = s0[t] + (s1[t] % 65536) * 65536;
  } else {
    const w = new Uint32Array(out.buffer, out.byteOffset, 2 * size), [s0, s1, s2, s3] = S;
    for (let t = 0; t < size; t++) {
      const v = s0[t] + (s1[t] % 65536) * 65536;
      const lo = v % 4294967296;
      const carry = (v - lo) / 4294967296;
      const hi = carry + Math.floor(s1[t] / 65536) + s2[t] + (s3[t] % 65536) * 65536;
      w[2 * t] = lo;
      w[2 * t + 1] = hi % 4294967296;
    }
  }
  return new NDArray(out, [count, n, m], dtype);
}
