/**
 * The pieces of `choice`, `shuffle` and `permutation` both generators share: NumPy's checks of
 * `p` (Kahan sum, tolerance), its cdf + `searchsorted(side="right")` draws, the
 * without-replacement loop with `p` (draw, drop repeats, zero the found, redraw), Fisher-Yates
 * along an axis by `random_interval`, and `take` along an axis.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray, type NpTypedArray } from "../../ndarray.ts";
import { type ArrayLike as NpArrayLike, toArray } from "../convert.ts";
import type { BitGen } from "./bitgen.ts";
import { randomInterval } from "./bounded.ts";
import { count } from "./common.ts";

/** `axis` of an array of `ndim` axes, negative counting from the end (NumPy's AxisError). */
export function normalizeAxis(axis: unknown, ndim: number, op: string): number {
  if (typeof axis !== "number" || !Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new InvalidArgumentError(
      `${op}: axis ${String(axis)} is out of bounds for array of dimension ${ndim}`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** A view of `a` with `axis` moved to the front (`np.swapaxes(a, 0, axis)`). */
export function axisFirst(a: NDArray, axis: number): NDArray {
  if (axis === 0) return a;
  const shape = a.shape.slice(), strides = a.strides.slice();
  [shape[0], shape[axis]] = [shape[axis], shape[0]];
  [strides[0], strides[axis]] = [strides[axis], strides[0]];
  return new NDArray(a.data, shape, a.dtype, { strides, offset: a.offset });
}

/**
 * The data of `a` as 32-, 16- or 8-bit words (bit patterns: no BigInt, no NaN canonicalised)
 * and the words per element.
 */
function words(a: NDArray): [Uint32Array | Uint16Array | Uint8Array, number] {
  const d = a.data, size = d.BYTES_PER_ELEMENT;
  if (size >= 4) return [new Uint32Array(d.buffer, d.byteOffset, d.length * size / 4), size / 4];
  if (size === 2) return [new Uint16Array(d.buffer, d.byteOffset, d.length), 1];
  return [new Uint8Array(d.buffer, d.byteOffset, d.length), 1];
}

/** Swaps entries along axis 0 of an NDArray (any strides). */
function rowSwapper(a: NDArray): (i: number, j: number) => void {
  const [w, per] = words(a);
  const rel: number[] = [0];
  for (let ax = a.shape.length - 1; ax >= 1; ax--) {
    const base = rel.slice();
    rel.length = 0;
    for (let k = 0; k < a.shape[ax]; k++) for (const r of base) rel.push(r + k * a.strides[ax]);
  }
  const s0 = a.strides[0], off = a.offset;
  return (i, j) => {
    const pi = off + i * s0, pj = off + j * s0;
    for (const r of rel) {
      for (let q = 0; q < per; q++) {
        const x = (pi + r) * per + q, y = (pj + r) * per + q;
        const t = w[x];
        w[x] = w[y];
        w[y] = t;
      }
    }
  };
}

/**
 * NumPy's shuffle of `x` in place along `axis` (an NDArray) or of a JS array: Fisher-Yates from
 * the end, `j = random_interval(i)` for i = n-1 down to 1. An empty array draws nothing.
 */
export function shuffleInPlace(g: BitGen, x: unknown, axis: unknown, op: string): void {
  if (Array.isArray(x)) {
    if (axis !== undefined && axis !== 0) {
      throw new InvalidArgumentError(`${op}: axis is only supported for NDArrays, got ${axis}`);
    }
    for (let i = x.length - 1; i >= 1; i--) {
      const j = randomInterval(g, i);
      [x[i], x[j]] = [x[j], x[i]];
    }
    return;
  }
  if (!(x instanceof NDArray) || x.ndim === 0) {
    throw new InvalidArgumentError(
      `${op}: x must be an NDArray of at least 1 dimension or a JS array, got ${String(x)}`,
    );
  }
  const v = axisFirst(x, normalizeAxis(axis ?? 0, x.ndim, op));
  if (v.size === 0) return;
  if (v.ndim === 1) {
    const [w, per] = words(v);
    const s = v.strides[0] * per, o = v.offset * per;
    for (let i = v.shape[0] - 1; i >= 1; i--) {
      const j = randomInterval(g, i);
      const a = o + i * s, b = o + j * s;
      let t = w[a];
      w[a] = w[b];
      w[b] = t;
      if (per === 2) {
        t = w[a + 1];
        w[a + 1] = w[b + 1];
        w[b + 1] = t;
      }
    }
    return;
  }
  const swap = rowSwapper(v);
  for (let i = v.shape[0] - 1; i >= 1; i--) {
    const j = randomInterval(g, i);
    if (i !== j) swap(i, j);
  }
}

/** `np.arange(n)` as int64. */
export function arange64(n: number): NDArray {
  const d = new BigInt64Array(n);
  const w = new Uint32Array(d.buffer);
  for (let i = 0; i < n; i++) {
    w[2 * i] = i % 4294967296;
    w[2 * i + 1] = Math.floor(i / 4294967296);
  }
  return new NDArray(d, [n], "int64");
}

/** Non-negative integer indices (below 2**53) as an int64 NDArray of `shape`. */
export function indexArray(idx: ArrayLike<number>, shape: readonly number[]): NDArray {
  const d = new BigInt64Array(idx.length);
  const w = new Uint32Array(d.buffer);
  for (let i = 0; i < idx.length; i++) {
    w[2 * i] = idx[i] % 4294967296;
    w[2 * i + 1] = Math.floor(idx[i] / 4294967296);
  }
  return new NDArray(d, shape, "int64");
}

/** The indices (below 2**53) of an int64 NDArray as numbers. */
export function indicesOf(a: NDArray): Float64Array {
  const d = a.contiguousData() as BigInt64Array;
  const w = new Uint32Array(d.buffer, d.byteOffset, 2 * d.length);
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = w[2 * i + 1] * 4294967296 + w[2 * i];
  return out;
}

/**
 * `a.take(idx, axis)`: the entries of `a` along `axis` at `idx` (shape `idxShape`), as a new
 * C-ordered array of shape `a.shape[:axis] + idxShape + a.shape[axis+1:]`.
 */
export function takeAlong(
  a: NDArray,
  idx: ArrayLike<number>,
  idxShape: readonly number[],
  axis: number,
): NDArray {
  const src = a.contiguousData();
  const outer = count(a.shape.slice(0, axis)), len = a.shape[axis];
  const inner = count(a.shape.slice(axis + 1));
  const Ctor = src.constructor as new (n: number) => NpTypedArray;
  const out = new Ctor(outer * idx.length * inner);
  for (let o = 0, p = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++, p += inner) {
      const s = (o * len + idx[j]) * inner;
      if (inner === 1) (out as Float64Array)[p] = (src as Float64Array)[s];
      else (out as Float64Array).set((src as Float64Array).subarray(s, s + inner), p);
    }
  }
  const shape = [...a.shape.slice(0, axis), ...idxShape, ...a.shape.slice(axis + 1)];
  return new NDArray(out, shape, a.dtype);
}

/**
 * NumPy's checks of `choice`'s `p` against a population of `pop`: 1-d, as many entries, no NaN
 * (by its Kahan sum), none negative, summing to 1 within sqrt(eps) (of float32 for float32 `p`).
 * Returns p as float64.
 */
export function checkP(p: NpArrayLike, pop: number, op: string): Float64Array {
  const raw = toArray(p, undefined, op);
  const atol = Math.sqrt(
    raw.dtype === "float32" ? 2 ** -23 : raw.dtype === "float16" ? 2 ** -10 : 2 ** -52,
  );
  const arr = toArray(raw, "float64", op);
  if (arr.ndim !== 1) {
    throw new InvalidArgumentError(`${op}: p must be 1-dimensional, got ${arr.ndim}-d`);
  }
  if (arr.size !== pop) {
    throw new InvalidArgumentError(
      `${op}: a and p must have same size, got ${pop} and ${arr.size}`,
    );
  }
  const d = Float64Array.from(arr.contiguousData() as Float64Array);
  let sum = d.length > 0 ? d[0] : 0, c = 0; // kahan_sum
  for (let i = 1; i < d.length; i++) {
    const y = d[i] - c, t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
  if (Number.isNaN(sum)) throw new InvalidArgumentError(`${op}: probabilities contain NaN`);
  const neg = d.find((v) => v < 0);
  if (neg !== undefined) {
    throw new InvalidArgumentError(`${op}: probabilities are not non-negative, got ${neg}`);
  }
  if (Math.abs(sum - 1) > atol) {
    throw new InvalidArgumentError(`${op}: probabilities do not sum to 1, got sum ${sum}`);
  }
  return d;
}

/** `cdf = p.cumsum(); cdf /= cdf[-1]`. */
function cdfOf(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = acc += p[i];
  const last = cdf[p.length - 1];
  for (let i = 0; i < p.length; i++) cdf[i] /= last;
  return cdf;
}

/** `cdf.searchsorted(u, side="right")` for each u. */
function searchRight(cdf: Float64Array, u: Float64Array): Float64Array {
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) {
    let lo = 0, hi = cdf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > u[i]) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo;
  }
  return out;
}

/** Weighted draws with replacement: indices for `n` uniforms from `random`. */
export function weighted(p: Float64Array, u: Float64Array): Float64Array {
  return searchRight(cdfOf(p), u);
}

/**
 * Weighted draws without replacement, as NumPy loops: draw the missing count, keep the first
 * occurrence of each new index, zero the found entries of p, again until `size` are found.
 */
export function weightedUnique(
  p: Float64Array,
  size: number,
  random: (n: number) => Float64Array,
  op: string,
): Float64Array {
  let nonzero = 0;
  for (const v of p) if (v > 0) nonzero++;
  if (nonzero < size) {
    throw new InvalidArgumentError(
      `${op}: fewer non-zero entries in p (${nonzero}) than size (${size})`,
    );
  }
  const q = Float64Array.from(p);
  const found = new Float64Array(size);
  let n = 0;
  while (n < size) {
    const x = random(size - n);
    for (let i = 0; i < n; i++) q[found[i]] = 0;
    const drawn = searchRight(cdfOf(q), x);
    const seen = new Set<number>();
    for (const v of drawn) {
      if (seen.has(v)) continue;
      seen.add(v);
      found[n++] = v;
    }
  }
  return found;
}
