/**
 * Internal: views and block copies for the `np` shape and manipulation functions. A view is a new
 * NDArray over the same data with other shape, strides and offset; a copy moves element bytes,
 * never values (so every dtype and every NaN payload survives): contiguous runs with typed-array
 * `set`, anything else on the CPU backend's copy kernel (native, by element size) or, without the
 * native library, a loop over the elements' bits as integers (in tiles for a transpose).
 *
 * @module
 */
import type { View } from "../backends/backend.ts";
import { nativeKernels, nativeMinElements } from "../backends/cpu/native.ts";
import { cpuBackend } from "../device.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { collapse, contiguousStrides } from "../shape.ts";
import { alloc, castData } from "./dtypes.ts";
import { hasKernels, kernelCast, viewOf } from "./kernels.ts";
import { npPromote } from "./promote.ts";

/** A view of `x`'s data with the given geometry. */
export function view(
  x: NDArray,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): NDArray {
  return new NDArray(x.data, shape, x.dtype, { strides, offset });
}

/** `x[..., start:stop:step, ...]` along `axis` (bounds already clipped; empty when none). */
export function sliceAxis(
  x: NDArray,
  axis: number,
  start: number,
  stop: number,
  step = 1,
): NDArray {
  const len = Math.max(0, Math.ceil((stop - start) / step));
  const shape = x.shape.slice();
  const strides = x.strides.slice();
  shape[axis] = len;
  strides[axis] = x.strides[axis] * step;
  const offset = len > 0 ? x.offset + start * x.strides[axis] : x.offset;
  return view(x, shape, strides, offset);
}

/** True when `x`'s elements lie in row-major order without gaps (from its offset). */
export function isRowMajor(x: NDArray): boolean {
  const rm = contiguousStrides(x.shape);
  return x.shape.every((d, i) => d === 1 || x.strides[i] === rm[i]);
}

/** The bytes-moving dtype of an element size (the native copy moves `itemsize` bytes). */
const BY_SIZE: Record<number, NpDType> = { 1: "uint8", 2: "float16", 4: "int32", 8: "int64" };

/** The same memory seen as another dtype of the same element size. */
function reinterpret(x: NDArray, dtype: NpDType): NDArray {
  if (x.dtype === dtype) return x;
  const d = x.data;
  const data = dtype === "uint8"
    ? new Uint8Array(d.buffer, d.byteOffset, d.length)
    : dtype === "float16"
    ? new Float16Array(d.buffer, d.byteOffset, d.length)
    : dtype === "int32"
    ? new Int32Array(d.buffer, d.byteOffset, d.length)
    : new BigInt64Array(d.buffer, d.byteOffset, d.length);
  return new NDArray(data, x.shape, dtype, { strides: x.strides, offset: x.offset });
}

/** The raw words of a typed array: 8-byte elements are two Int32 words each. */
export function words(d: NpTypedArray): Uint8Array | Uint16Array | Int32Array {
  const size = d.BYTES_PER_ELEMENT;
  if (size === 1) return new Uint8Array(d.buffer, d.byteOffset, d.length);
  if (size === 2) return new Uint16Array(d.buffer, d.byteOffset, d.length);
  return new Int32Array(d.buffer, d.byteOffset, d.length * (size / 4));
}

/**
 * Copies the elements of `src` into the view `dst` (same shape and dtype; any strides). The two
 * may share a buffer when the regions they touch do not overlap.
 */
export function copyInto(src: NDArray, dst: NDArray): void {
  const n = dst.size;
  if (n === 0) return;
  const c = collapse(dst.shape, [src.strides, dst.strides]);
  const nd = c.shape.length;
  const [ss, ds] = c.strides;
  const inner = c.shape[nd - 1];
  const S = src.data as Float64Array, D = dst.data as Float64Array;
  if (nd === 1 && ss[0] === 1 && ds[0] === 1) {
    D.set(S.subarray(src.offset, src.offset + n), dst.offset);
    return;
  }
  if (ss[nd - 1] === 0 && ds[nd - 1] === 1 && inner >= 32) {
    // A broadcast source: rows of one element each, filled.
    fillRows(src, dst, c.shape, ss, ds);
    return;
  }
  const native = n >= nativeMinElements() && nativeKernels() !== null;
  if (ss[nd - 1] === 1 && ds[nd - 1] === 1 && (!native || n <= 4 * inner)) {
    // Rows of `inner` contiguous elements: one block move each (with the native kernel only for
    // a few rows: it moves many rows in one call, on the pool's threads when they are many).
    const idx = new Array<number>(nd - 1).fill(0);
    let p = src.offset, q = dst.offset;
    for (let r = n / inner; r > 0; r--) {
      D.set(S.subarray(p, p + inner), q);
      for (let d = nd - 2; d >= 0; d--) {
        p += ss[d], q += ds[d];
        if (++idx[d] < c.shape[d]) break;
        idx[d] = 0;
        p -= ss[d] * c.shape[d], q -= ds[d] * c.shape[d];
      }
    }
    return;
  }
  if (native) {
    const as = BY_SIZE[src.data.BYTES_PER_ELEMENT];
    const sv = viewOf(reinterpret(src, as)) as View;
    const dv = viewOf(reinterpret(dst, as)) as View;
    cpuBackend().copy(sv, dv);
    return;
  }
  copyWords(src, dst, c.shape, ss, ds);
}

/**
 * `copyInto` of a source whose innermost stride is 0 into contiguous destination rows: a
 * typed-array `fill` per row (a NaN, whose payload `fill` may not keep, by its words).
 */
function fillRows(
  src: NDArray,
  dst: NDArray,
  shape: readonly number[],
  ss: readonly number[],
  ds: readonly number[],
): void {
  const S = src.data as Float64Array, D = dst.data as Float64Array;
  const nd = shape.length, inner = shape[nd - 1];
  const w = S.BYTES_PER_ELEMENT === 8 ? 2 : 1;
  const idx = new Array<number>(nd - 1).fill(0);
  let p = src.offset, q = dst.offset;
  for (let r = dst.size / inner; r > 0; r--) {
    const v = S[p];
    if (v === v) D.fill(v, q, q + inner);
    else {
      const SW = words(S), DW = words(D);
      for (let i = 0; i < inner; i++) {
        for (let t = 0; t < w; t++) DW[(q + i) * w + t] = SW[p * w + t];
      }
    }
    for (let d = nd - 2; d >= 0; d--) {
      p += ss[d], q += ds[d];
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
      p -= ss[d] * shape[d], q -= ds[d] * shape[d];
    }
  }
}

/** The TypeScript path of `copyInto`: element bits as integer words, odometer over the axes. */
function copyWords(
  src: NDArray,
  dst: NDArray,
  shape: readonly number[],
  ss: readonly number[],
  ds: readonly number[],
): void {
  const S = words(src.data), D = words(dst.data);
  const w = src.data.BYTES_PER_ELEMENT === 8 ? 2 : 1;
  const nd = shape.length, inner = shape[nd - 1];
  const a = tileAxis(shape, ss, src.data.BYTES_PER_ELEMENT);
  if (a >= 0) {
    copyTiles(S, D, w, shape, ss, ds, src.offset * w, dst.offset * w, a);
    return;
  }
  const si = ss[nd - 1] * w, di = ds[nd - 1] * w;
  const idx = new Array<number>(nd - 1).fill(0);
  let p = src.offset * w, q = dst.offset * w;
  for (let r = dst.size / inner; r > 0; r--) {
    if (w === 1) {
      for (let i = 0, a = p, b = q; i < inner; i++, a += si, b += di) D[b] = S[a];
    } else {
      for (let i = 0, a = p, b = q; i < inner; i++, a += si, b += di) {
        D[b] = S[a];
        D[b + 1] = S[a + 1];
      }
    }
    for (let d = nd - 2; d >= 0; d--) {
      p += ss[d] * w, q += ds[d] * w;
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
      p -= ss[d] * shape[d] * w, q -= ds[d] * shape[d] * w;
    }
  }
}

/**
 * The axis to tile with the innermost one when the source reads the innermost axis with a long
 * stride (each element on another cache line: a transpose) and another axis with a short one
 * (at most 16 bytes); -1 when there is none.
 */
function tileAxis(shape: readonly number[], ss: readonly number[], size: number): number {
  const nd = shape.length;
  if (nd < 2 || Math.abs(ss[nd - 1]) * size < 64) return -1;
  let a = -1;
  for (let d = 0; d < nd - 1; d++) {
    if (shape[d] > 1 && (a < 0 || Math.abs(ss[d]) < Math.abs(ss[a]))) a = d;
  }
  return a >= 0 && Math.abs(ss[a]) * size <= 16 ? a : -1;
}

/**
 * `copyWords` in tiles of 128 x 128 elements over axis `a` and the innermost axis, for every index
 * of the other axes, so that the source lines a tile reads stay cached until all of their
 * elements have moved (twice as fast as the row walk on a 2000 x 2000 transpose). `p` and `q`
 * are the first words of source and destination; `w` the words per element.
 */
function copyTiles(
  S: Uint8Array | Uint16Array | Int32Array,
  D: Uint8Array | Uint16Array | Int32Array,
  w: number,
  shape: readonly number[],
  ss: readonly number[],
  ds: readonly number[],
  p: number,
  q: number,
  a: number,
): void {
  const T = 128, nd = shape.length, j = nd - 1;
  const na = shape[a], nj = shape[j];
  const xa = ss[a] * w, xj = ss[j] * w, oa = ds[a] * w, oj = ds[j] * w;
  const rest = shape.map((_, d) => d).filter((d) => d !== a && d !== j);
  const idx = new Array<number>(rest.length).fill(0);
  for (let r = shape.reduce((m, d) => m * d, 1) / (na * nj); r > 0; r--) {
    for (let a0 = 0; a0 < na; a0 += T) {
      const a1 = Math.min(a0 + T, na);
      for (let j0 = 0; j0 < nj; j0 += T) {
        const len = Math.min(j0 + T, nj) - j0;
        for (let i = a0; i < a1; i++) {
          let x = p + i * xa + j0 * xj, o = q + i * oa + j0 * oj;
          if (w === 1) {
            for (let t = 0; t < len; t++, x += xj, o += oj) D[o] = S[x];
          } else {
            for (let t = 0; t < len; t++, x += xj, o += oj) {
              D[o] = S[x];
              D[o + 1] = S[x + 1];
            }
          }
        }
      }
    }
    // The next index of the other axes.
    for (let t = rest.length - 1; t >= 0; t--) {
      const d = rest[t];
      p += ss[d] * w, q += ds[d] * w;
      if (++idx[t] < shape[d]) break;
      idx[t] = 0;
      p -= ss[d] * shape[d] * w, q -= ds[d] * shape[d] * w;
    }
  }
}

/**
 * Writes the one element of `value` (same dtype) into every element of the view `dst`: typed-array
 * `fill` on contiguous runs; a NaN (whose payload `fill` may not keep) is copied instead.
 */
export function fillView(dst: NDArray, value: NDArray): void {
  const n = dst.size;
  if (n === 0) return;
  const v = (value.data as Float64Array)[value.offset];
  const c = collapse(dst.shape, [dst.strides]);
  const nd = c.shape.length, inner = c.shape[nd - 1], st = c.strides[0];
  if (v !== v || st[nd - 1] !== 1) {
    copyInto(view(value, dst.shape, dst.shape.map(() => 0), value.offset), dst);
    return;
  }
  const D = dst.data as Float64Array;
  const idx = new Array<number>(nd - 1).fill(0);
  let q = dst.offset;
  for (let r = n / inner; r > 0; r--) {
    D.fill(v, q, q + inner);
    for (let d = nd - 2; d >= 0; d--) {
      q += st[d];
      if (++idx[d] < c.shape[d]) break;
      idx[d] = 0;
      q -= st[d] * c.shape[d];
    }
  }
}

/** True when the one element of `value` is all zero bits (what a new array already holds). */
export function isZeroBits(value: NDArray): boolean {
  const d = value.data, size = d.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(d.buffer, d.byteOffset + value.offset * size, size);
  return bytes.every((b) => b === 0);
}

/** A new row-major array holding `x`'s elements (always a copy), with shape `shape`. */
export function copyOf(x: NDArray, shape: readonly number[] = x.shape): NDArray {
  const out = new NDArray(alloc(x.dtype, x.size), shape, x.dtype);
  copyInto(x, new NDArray(out.data, x.shape, x.dtype));
  return out;
}

/** `x` itself when row-major from offset 0 over all of its data, else a row-major copy. */
export function rowMajor(x: NDArray): NDArray {
  return x.offset === 0 && x.data.length === x.size && isRowMajor(x) ? x : copyOf(x);
}

/**
 * `x` cast to `dtype` with NumPy's `astype` rules, as a row-major array (`x` itself when it has
 * that dtype): safe casts (every value kept) on the tensor cast kernel where both dtypes have
 * kernels, the others with NumPy's `astype` loops.
 */
export function castTo(x: NDArray, dtype: NpDType): NDArray {
  if (x.dtype === dtype) return x;
  if (hasKernels(x.dtype) && hasKernels(dtype) && npPromote(x.dtype, dtype) === dtype) {
    const k = kernelCast(x, dtype);
    if (k !== null) return k;
  }
  return new NDArray(castData(rowMajor(x).data, x.dtype, dtype), x.shape, dtype);
}

/** NumPy's `normalize_axis_index`: `axis` in [-ndim, ndim) made non-negative. */
export function normalizeAxis(axis: unknown, ndim: number, op: string): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new InvalidArgumentError(`${op}: axis must be an integer, got ${describe(axis)}`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new InvalidArgumentError(
      `${op}: axis ${axis} is out of bounds for array of dimension ${ndim}`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** NumPy's `normalize_axis_tuple`: an axis or list of axes, in the order given, no repeats. */
export function normalizeAxes(axis: unknown, ndim: number, op: string, what = "axis"): number[] {
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(
      `${op}: ${what} must be an integer or an array of integers, got ${describe(axis)}`,
    );
  }
  const out = list.map((a) => normalizeAxis(a, ndim, op));
  if (new Set(out).size !== out.length) {
    throw new InvalidArgumentError(
      `${op}: repeated axis in ${what} argument: [${list.join(", ")}]`,
    );
  }
  return out;
}

/** An integer argument, or NumPy's TypeError as an InvalidArgumentError. */
export function integer(v: unknown, what: string, op: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be an integer, got ${describe(v)}`);
  }
  return v;
}

/** A value for a message: `3`, `"a"`, `[1, 2]`, `null`. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (v instanceof NDArray) return `an array of shape [${v.shape.join(", ")}]`;
  if (typeof v === "object" && v !== null) return `a ${v.constructor?.name ?? "object"}`;
  return String(v);
}
