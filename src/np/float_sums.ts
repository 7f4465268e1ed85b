/**
 * NumPy's float sums and products: the pairwise summation of `@TYPE@_pairwise_sum` in float64 and
 * float32 (float16 accumulates in float32 within each run, as NumPy's `HALF_add`), the sequential
 * products, and `floatReduce`, which runs them over NumPy's iteration (./nditer.ts), on the native
 * CPU library's NumPy-order kernels where it can.
 *
 * @module
 */
import { nativeKernels, nativeMinElements } from "../backends/cpu/native.ts";
import { bigintToFloat32 } from "../dtype.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { alloc, isBig } from "./dtypes.ts";
import {
  halves16,
  isWholeC,
  type Load,
  type Loops,
  reducedShape,
  reduceWith,
  toCOrder,
  walk,
} from "./nditer.ts";

/** NumPy's pairwise summation (`@TYPE@_pairwise_sum`) in float64. */
export function pairwise64(a: Float64Array, s: number, n: number, st: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res += a[s + i * st];
    return res;
  }
  if (n <= 128) {
    let r0 = a[s], r1 = a[s + st], r2 = a[s + 2 * st], r3 = a[s + 3 * st];
    let r4 = a[s + 4 * st], r5 = a[s + 5 * st], r6 = a[s + 6 * st], r7 = a[s + 7 * st];
    const m = n - (n % 8);
    let i = 8;
    if (st === 1) {
      for (; i < m; i += 8) {
        const q = s + i;
        r0 += a[q], r1 += a[q + 1], r2 += a[q + 2], r3 += a[q + 3];
        r4 += a[q + 4], r5 += a[q + 5], r6 += a[q + 6], r7 += a[q + 7];
      }
    } else {
      for (; i < m; i += 8) {
        const q = s + i * st;
        r0 += a[q], r1 += a[q + st], r2 += a[q + 2 * st], r3 += a[q + 3 * st];
        r4 += a[q + 4 * st], r5 += a[q + 5 * st], r6 += a[q + 6 * st], r7 += a[q + 7 * st];
      }
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[s + i * st];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise64(a, s, n2, st) + pairwise64(a, s + n2 * st, n - n2, st);
}

const f = Math.fround;

/** NumPy's pairwise summation in float32 (also float16's, which accumulates in float32). */
export function pairwise32(a: Float32Array, s: number, n: number, st: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res = f(res + a[s + i * st]);
    return res;
  }
  if (n <= 128) {
    let r0 = a[s], r1 = a[s + st], r2 = a[s + 2 * st], r3 = a[s + 3 * st];
    let r4 = a[s + 4 * st], r5 = a[s + 5 * st], r6 = a[s + 6 * st], r7 = a[s + 7 * st];
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) {
      const q = s + i * st;
      r0 = f(r0 + a[q]), r1 = f(r1 + a[q + st]), r2 = f(r2 + a[q + 2 * st]);
      r3 = f(r3 + a[q + 3 * st]), r4 = f(r4 + a[q + 4 * st]), r5 = f(r5 + a[q + 5 * st]);
      r6 = f(r6 + a[q + 6 * st]), r7 = f(r7 + a[q + 7 * st]);
    }
    let res = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) res = f(res + a[s + i * st]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwise32(a, s, n2, st) + pairwise32(a, s + n2 * st, n - n2, st));
}

/**
 * NumPy's pairwise summation of float16 data (`HALF_pairwise_sum`: float32 accumulation), read
 * as bit patterns through the value table (V8 reads Float16Array elements slowly).
 */
export function pairwise16(
  a: Uint16Array,
  t: Float32Array,
  s: number,
  n: number,
  st: number,
): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res = f(res + t[a[s + i * st]]);
    return res;
  }
  if (n <= 128) {
    let r0 = t[a[s]], r1 = t[a[s + st]], r2 = t[a[s + 2 * st]], r3 = t[a[s + 3 * st]];
    let r4 = t[a[s + 4 * st]], r5 = t[a[s + 5 * st]], r6 = t[a[s + 6 * st]];
    let r7 = t[a[s + 7 * st]];
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) {
      const q = s + i * st;
      r0 = f(r0 + t[a[q]]), r1 = f(r1 + t[a[q + st]]), r2 = f(r2 + t[a[q + 2 * st]]);
      r3 = f(r3 + t[a[q + 3 * st]]), r4 = f(r4 + t[a[q + 4 * st]]);
      r5 = f(r5 + t[a[q + 5 * st]]), r6 = f(r6 + t[a[q + 6 * st]]);
      r7 = f(r7 + t[a[q + 7 * st]]);
    }
    let res = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) res = f(res + t[a[s + i * st]]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwise16(a, t, s, n2, st) + pairwise16(a, t, s + n2 * st, n - n2, st));
}

/** The bit patterns of float16 data. */
function bits16(src: NpTypedArray): Uint16Array {
  return new Uint16Array(src.buffer, src.byteOffset, src.length);
}

/** Float16 addition (`HALF_add`): float32 sums of runs, each rounded to float16 at its end. */
const SUM16: Loops = {
  fold(src, p, n, st, out, o) {
    const d = out as Float16Array;
    d[o] = f(d[o] + pairwise16(bits16(src), halves16(), p, n, st));
  },
  each(src, p, n, st, out, o, os) {
    const u = bits16(src), t = halves16(), d = out as Float16Array;
    for (let j = 0; j < n; j++) d[o + j * os] = d[o + j * os] + t[u[p + j * st]];
  },
};

/** Float64 addition (`DOUBLE_add`): pairwise runs, elementwise runs. */
const SUM64: Loops = {
  fold(src, p, n, st, out, o) {
    (out as Float64Array)[o] += pairwise64(src as Float64Array, p, n, st);
  },
  each(src, p, n, st, out, o, os) {
    const s = src as Float64Array, d = out as Float64Array;
    for (let j = 0; j < n; j++) d[o + j * os] += s[p + j * st];
  },
};

/** Float32 addition, or float16's (float32 accumulation, rounded to the output's dtype). */
const SUM32: Loops = {
  fold(src, p, n, st, out, o) {
    const d = out as Float32Array;
    d[o] = f(d[o] + pairwise32(src as Float32Array, p, n, st));
  },
  each(src, p, n, st, out, o, os) {
    const s = src as Float32Array, d = out as Float32Array;
    for (let j = 0; j < n; j++) d[o + j * os] = d[o + j * os] + s[p + j * st];
  },
};

/** Float64 multiplication: sequential. */
const PROD64: Loops = {
  fold(src, p, n, st, out, o) {
    const s = src as Float64Array, d = out as Float64Array;
    let acc = d[o];
    for (let i = 0; i < n; i++) acc *= s[p + i * st];
    d[o] = acc;
  },
  each(src, p, n, st, out, o, os) {
    const s = src as Float64Array, d = out as Float64Array;
    for (let j = 0; j < n; j++) d[o + j * os] *= s[p + j * st];
  },
};

/** Float32 multiplication, or float16's (a float32 product per run, rounded at its end). */
const PROD32: Loops = {
  fold(src, p, n, st, out, o) {
    const s = src as Float32Array, d = out as Float32Array;
    let acc = d[o];
    for (let i = 0; i < n; i++) acc = f(acc * s[p + i * st]);
    d[o] = acc;
  },
  each(src, p, n, st, out, o, os) {
    const s = src as Float32Array, d = out as Float32Array;
    for (let j = 0; j < n; j++) d[o + j * os] = d[o + j * os] * s[p + j * st];
  },
};

/** The float32 scratch that float16 data is read into (exactly). */
export const AS_F32: Load = { make: (n) => new Float32Array(n) };

/** A buffer load casting to the float accumulation dtype `acc` (astype's rounding). */
export function castLoad(from: NpDType, acc: NpDType): Load {
  const big = isBig(from);
  if (acc === "float64") {
    return big ? { make: (n) => new Float64Array(n), convert: Number } : {
      make: (n) => new Float64Array(n),
    };
  }
  if (acc === "float32") {
    return big
      ? { make: (n) => new Float32Array(n), convert: (v) => bigintToFloat32(v as bigint) }
      : { make: (n) => new Float32Array(n) };
  }
  return { make: (n) => new Float32Array(n), convert: (v) => Math.f16round(Number(v)) };
}

/**
 * The float sum (`op` "sum") or product ("prod") of `axes` of `x` in the float dtype `acc`, as
 * NumPy's `add.reduce(x, dtype=acc)`: its order, its buffering when `x` is cast, float16
 * accumulating in float32 within each inner-loop run.
 */
export function floatReduce(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  acc: NpDType,
  op: "sum" | "prod",
): NDArray {
  const cast = x.dtype !== acc;
  if (op === "sum") {
    const fast = nativeSum(x, axes, keepdims, acc);
    if (fast !== null) return fast;
  }
  if (op === "sum" && !cast && acc === "float16") {
    return reduceWith(x, axes, keepdims, acc, 0, SUM16, false);
  }
  const load = cast ? castLoad(x.dtype, acc) : acc === "float16" ? AS_F32 : undefined;
  const loops = acc === "float64"
    ? (op === "sum" ? SUM64 : PROD64)
    : (op === "sum" ? SUM32 : PROD32);
  return reduceWith(x, axes, keepdims, acc, op === "sum" ? 0 : 1, loops, cast, load);
}

/** Elements cast at a time into the reused scratch of a cast native sum. */
const CAST_BLOCK = 2 ** 16;
let castScratch = new Float64Array(CAST_BLOCK);
let castScratch32 = new Float32Array(CAST_BLOCK);

/**
 * `len` elements of `src` from `at` cast to `acc` (float32 or float64) in reused memory (valid
 * until the next call): a typed-array copy, which rounds as NumPy's cast does; float16 through
 * its table.
 */
function castInto(src: NpTypedArray, at: number, len: number, acc: NpDType): Float64Array {
  if (castScratch.length < len) castScratch = new Float64Array(len);
  if (castScratch32.length < len) castScratch32 = new Float32Array(len);
  const dst = acc === "float64" ? castScratch : castScratch32 as unknown as Float64Array;
  if (src instanceof Float16Array) {
    const t = halves16(), u = new Uint16Array(src.buffer, src.byteOffset, src.length);
    for (let j = 0; j < len; j++) dst[j] = t[u[at + j]];
  } else dst.set((src as Float64Array).subarray(at, at + len));
  return dst.subarray(0, len);
}

/**
 * A float32/float64 sum (into `acc`) on the native CPU library's NumPy-order kernels
 * (kernels/np_sum.cu), where NumPy's iteration is one of their two shapes over contiguous data:
 * runs of rows summed pairwise each (`0 + pairwise(run)`), or rows added one after another,
 * column by column. A cast input is cast whole first (on the tensor kernel), and where NumPy
 * sums it in buffer-sized runs the run sums are added in order, as NumPy adds them. Null when
 * the library is absent, the array small, or the iteration another.
 */
function nativeSum(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  acc: NpDType,
): NDArray | null {
  // Empty data has no buffer to pass (the C side refuses a null pointer): the loops handle it.
  if ((acc !== "float64" && acc !== "float32") || x.size === 0 || x.size < nativeMinElements()) {
    return null;
  }
  const k = nativeKernels();
  if (k === null) return null;
  const cast = x.dtype !== acc;
  if (cast && (isBig(x.dtype) || !isWholeC(x))) return null;
  const w = walk(x.shape, x.strides, axes, cast);
  const [d0, d1] = w.dims;
  if ((w.buffered && !cast) || d0.si !== 1 || w.dims.length > 2) return null;
  let kind: "rows" | "cols", rows: number, n: number;
  if (d1 === undefined) {
    if (d0.so !== 0) return null;
    kind = "rows", rows = 1, n = d0.n;
  } else if (d1.si !== d0.n) return null;
  else if (d0.so === 0 && d1.so === 1) kind = "rows", rows = d1.n, n = d0.n;
  else if (d0.so === 1 && d1.so === 0) kind = "cols", rows = d1.n, n = d0.n;
  else return null;
  const data = x.data as Float64Array, at = x.offset;
  if (cast && kind === "cols") return null;
  const out = alloc(acc, w.outSize) as Float64Array;
  // NumPy's runs along a row: whole rows, or (a cast, buffered) `run`-element pieces of them.
  const run = w.reduceMode ? w.core : Math.min(w.transfer, n);
  if (!cast) {
    if (kind === "cols" || run >= n) {
      k.npSum(kind, acc, rows, n, data.subarray(at, at + rows * n), out);
    } else return null;
  } else if (run >= n) {
    // Whole rows: cast a block of rows at a time.
    const block = Math.max(1, Math.floor(CAST_BLOCK / n));
    for (let r0 = 0; r0 < rows; r0 += block) {
      const m = Math.min(block, rows - r0);
      k.npSum("rows", acc, m, n, castInto(data, at + r0 * n, m * n, acc), out.subarray(r0, r0 + m));
    }
  } else {
    // Runs summed pairwise each (cast a block of them at a time), added in order per row.
    const f = acc === "float32" ? Math.fround : (v: number) => v;
    const per = Math.max(1, Math.floor(CAST_BLOCK / run));
    const sums = alloc(acc, per) as Float64Array;
    for (let i = 0; i < rows; i++) {
      let total = 0;
      for (let j0 = 0; j0 < n; j0 += per * run) {
        const len = Math.min(per * run, n - j0);
        const buf = castInto(data, at + i * n + j0, len, acc);
        const whole = Math.floor(len / run), rest = len - whole * run;
        if (whole > 0) k.npSum("rows", acc, whole, run, buf, sums.subarray(0, whole));
        for (let j = 0; j < whole; j++) total = f(total + sums[j]);
        if (rest > 0) {
          k.npSum("rows", acc, 1, rest, buf.subarray(whole * run), sums.subarray(0, 1));
          total = f(total + sums[0]);
        }
      }
      out[i] = total;
    }
  }
  return new NDArray(
    toCOrder(out, w, x.shape, axes),
    reducedShape(x.shape, axes, keepdims),
    acc,
  );
}
