/**
 * NumPy's reduction iterator, reproduced: the order in which NumPy 2 visits the elements of a
 * reduction and the runs its inner loop gets. Float results depend on it (pairwise summation runs
 * over whatever the iterator hands the inner loop), so `walk` follows NumPy's `nditer` step for
 * step: the axes sorted by the input's strides (`npyiter_find_best_axis_ordering`), coalesced,
 * and NumPy's buffering setup (`npyiter_find_buffering_setup`: where a cast or a non-contiguous
 * input is copied into 8192-element buffers, and which runs those buffers split into).
 * `reduceInto` runs an op's folds over exactly those runs; `reduceWith` wraps it into a reduction
 * with NumPy's result layout.
 *
 * @module
 */
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { alloc } from "./dtypes.ts";

/** The shape of a reduction's result. */
export function reducedShape(
  shape: readonly number[],
  axes: readonly number[],
  keepdims: boolean,
): number[] {
  return keepdims
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_, i) => !axes.includes(i));
}

/** True when `x` is its whole `data` in C order (so `data` can be read as it is). */
export function isWholeC(x: NDArray): boolean {
  if (x.offset !== 0 || x.data.length !== x.size) return false;
  let s = 1;
  for (let i = x.ndim - 1; i >= 0; i--) {
    if (x.shape[i] !== 1 && x.strides[i] !== s) return false;
    s *= x.shape[i];
  }
  return true;
}

/** NumPy's buffer size (`np.getbufsize()`), in elements. */
const BUFSIZE = 8192;

/**
 * NumPy's iteration order of operands of `shape` with these strides (`npyiter_find_best_axis_
 * ordering`): the axes outermost first, sorted by stride with a stable insertion sort from the
 * innermost; an axis of length 1 (or stride 0) compares with none, and where operands disagree
 * C order wins.
 */
export function npOrder(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): number[] {
  const nd = shape.length;
  const perm: number[] = [];
  for (let a = nd - 1; a >= 0; a--) perm.push(a);
  const st = strides.map((s) => shape.map((d, a) => (d === 1 ? 0 : Math.abs(s[a]))));
  for (let i0 = 1; i0 < nd; i0++) {
    const j0 = perm[i0];
    let at = i0;
    for (let i1 = i0 - 1; i1 >= 0; i1--) {
      const j1 = perm[i1];
      let ambiguous = true, swap = false;
      for (const s of st) {
        if (s[j0] === 0 || s[j1] === 0) continue;
        if (s[j1] <= s[j0]) swap = false;
        else if (ambiguous) swap = true;
        ambiguous = false;
      }
      if (ambiguous) continue;
      if (!swap) break;
      at = i1;
    }
    if (at !== i0) {
      perm.splice(i0, 1);
      perm.splice(at, 0, j0);
    }
  }
  return perm.toReversed();
}

/** One axis of NumPy's iterator after ordering and coalescing: length, input and output strides. */
interface Dim {
  n: number;
  si: number;
  so: number;
}

/**
 * How NumPy's iterator walks a reduction: its axes (innermost first), where its buffered
 * transfers split them, and where the output lies (NumPy allocates it in iteration order).
 */
export interface Walk {
  /** The iterator's axes, innermost first (at least one). */
  readonly dims: readonly Dim[];
  /** The outer axis of a transfer (NumPy's `outerdim`). */
  readonly outer: number;
  /** The elements of the axes below `outer` (NumPy's core). */
  readonly core: number;
  /** Elements per transfer (NumPy's buffer size for this iteration). */
  readonly transfer: number;
  /** NumPy's reduce mode: the inner loop runs one core per step of the outer axis. */
  readonly reduceMode: boolean;
  /** True when the input goes through a buffer: a cast, or not one stride across a run. */
  readonly buffered: boolean;
  /** The output stride of each input axis in NumPy's layout (0 for reduced axes). */
  readonly npOut: readonly number[];
  /** The elements of the output. */
  readonly outSize: number;
}

/**
 * NumPy 2's iterator for reducing `axes` of an input of `shape` and `strides` (in elements), the
 * input cast to the accumulation dtype when `cast`: the axis order (a stable insertion sort by the
 * input's strides), coalescing, and the buffering setup (`npyiter_find_buffering_setup`).
 */
export function walk(
  shape: readonly number[],
  strides: readonly number[],
  axes: readonly number[],
  cast: boolean,
): Walk {
  const nd = shape.length;
  const red = shape.map((_, a) => axes.includes(a));
  const perm = npOrder(shape, [strides]).toReversed();
  // The output is allocated in iteration order; axes that are one run for both operands merge.
  const npOut = new Array<number>(nd).fill(0);
  const dims: Dim[] = [];
  let outSize = 1;
  for (const a of perm) {
    if (shape[a] === 1) continue;
    const so = red[a] ? 0 : outSize;
    if (!red[a]) {
      npOut[a] = outSize;
      outSize *= shape[a];
    }
    const last = dims[dims.length - 1];
    if (last !== undefined && last.si * last.n === strides[a] && last.so * last.n === so) {
      last.n *= shape[a];
    } else dims.push({ n: shape[a], si: strides[a], so });
  }
  if (dims.length === 0) dims.push({ n: 1, si: 0, so: 0 });
  // The buffering setup: grow the core while it pays (NumPy's cost model), stopping at the first
  // axis where the output's stride flips between 0 and not 0 (the reduce-outer axis).
  const hasReduce = dims.some((d) => d.so === 0 && d.n > 1);
  let cost = cast ? 2 : 1;
  let singleOut = 1, singleIn = 1, outerReduce = 0;
  let size = dims[0].n, best = 0, bestCost = cost, bestSize = size, bestCore = 1;
  for (let i = 1; i < dims.length; i++) {
    if (outerReduce !== 0 || (size >= BUFSIZE && cost > 1)) break;
    const p = dims[i - 1], c = dims[i];
    if (singleOut === i) {
      if (p.so * p.n === c.so) singleOut++;
      else cost++;
    }
    if (hasReduce && (p.so === 0) !== (c.so === 0)) outerReduce = i;
    if (singleIn === i) {
      if (p.si * p.n === c.si) singleIn++;
      else if (!cast) cost++;
    }
    const core = size;
    size *= c.n;
    const bufsize = size > BUFSIZE && cost > 1 ? BUFSIZE : size;
    if (cost * bestSize <= bestCost * bufsize) {
      bestCost = cost, bestCore = core, bestSize = size, best = i;
    }
  }
  const reduceMode = outerReduce !== 0 && best === outerReduce;
  const inReduce = reduceMode && singleIn === best && !cast;
  const buffered = cast || singleIn + (inReduce ? 1 : 0) <= best;
  const transfer = buffered && BUFSIZE < bestSize
    ? bestCore * Math.floor(BUFSIZE / bestCore)
    : bestSize;
  return {
    dims,
    outer: best,
    core: bestCore,
    transfer,
    reduceMode,
    buffered,
    npOut,
    outSize: shape.reduce((n, d, a) => (red[a] ? n : n * d), 1),
  };
}

/** An op's inner loops: what NumPy's ufunc loop does with one run of the iterator. */
export interface Loops {
  /** Folds the `n` elements `src[p]`, `src[p + st]`, ... into `out[o]` (a reduce run). */
  fold(src: NpTypedArray, p: number, n: number, st: number, out: NpTypedArray, o: number): void;
  /** Folds `src[p + j * st]` into `out[o + j * os]` for `j < n` (an elementwise run). */
  each(
    src: NpTypedArray,
    p: number,
    n: number,
    st: number,
    out: NpTypedArray,
    o: number,
    os: number,
  ): void;
}

/** How a buffer is filled: the scratch array's type and the conversion of one element. */
export interface Load {
  /** A new scratch array of `n` elements. */
  make(n: number): NpTypedArray;
  /** An element of the input as stored in the scratch (a cast), or undefined for a plain copy. */
  convert?: (v: number | bigint) => number;
}

/**
 * Runs `loops` over the runs NumPy's iterator `w` makes of `x`, into `out` (NumPy's layout,
 * `w.outSize` elements, holding the initial values). With `load`, every run goes through a
 * scratch buffer filled by it (a cast, or another representation such as float16 read as
 * float32); otherwise only the runs NumPy buffers are copied.
 */
export function reduceInto(
  x: NDArray,
  w: Walk,
  out: NpTypedArray,
  loops: Loops,
  load?: Load,
): void {
  if (x.size === 0) return;
  const { dims, outer: D } = w;
  const copy = load !== undefined || w.buffered;
  const piece = w.reduceMode ? w.core : Math.min(w.transfer, w.core * dims[D].n);
  const scratch = copy ? (load ?? sameLoad(x.data)).make(piece) : x.data;
  const convert = load?.convert;
  const src = x.data;
  const run = (p: number, o: number, part: readonly Dim[], t0: number, len: number): void => {
    const os = part[0].so;
    let s = src, q = p + t0 * part[0].si, qs = part[0].si;
    if (copy) {
      gather(src, p, part, t0, len, scratch, convert);
      s = scratch, q = 0, qs = 1;
    }
    if (os === 0) loops.fold(s, q, len, qs, out, o);
    else loops.each(s, q, len, qs, out, o + t0 * os, os);
  };
  const hi = dims.slice(D + 1);
  const count = hi.reduce((n, d) => n * d.n, 1);
  const idx = new Array<number>(hi.length).fill(0);
  const span = dims.slice(0, D + 1), core = dims.slice(0, D), od = dims[D];
  let p = x.offset, o = 0;
  for (let k = 0; k < count; k++) {
    if (w.reduceMode) {
      for (let j = 0; j < od.n; j++) run(p + j * od.si, o + j * od.so, core, 0, w.core);
    } else {
      const n = w.core * od.n;
      for (let t = 0; t < n; t += w.transfer) run(p, o, span, t, Math.min(w.transfer, n - t));
    }
    for (let d = 0; d < hi.length; d++) {
      p += hi[d].si, o += hi[d].so;
      if (++idx[d] < hi[d].n) break;
      idx[d] = 0;
      p -= hi[d].si * hi[d].n, o -= hi[d].so * hi[d].n;
    }
  }
}

function sameLoad(data: NpTypedArray): Load {
  const C = data.constructor as new (n: number) => NpTypedArray;
  return { make: (n) => new C(n) };
}

let halfTable: Float32Array | null = null;

/** Every float16 bit pattern's value (V8 reads Float16Array elements slowly). */
export function halves16(): Float32Array {
  if (halfTable === null) {
    const bits = new Uint16Array(65536).map((_, i) => i);
    halfTable = new Float32Array(new Float16Array(bits.buffer));
  }
  return halfTable;
}

/** Copies elements `t0 .. t0 + len` of the axes `part` (innermost first) from `p` on. */
function gather(
  src: NpTypedArray,
  p: number,
  part: readonly Dim[],
  t0: number,
  len: number,
  dst: NpTypedArray,
  convert: ((v: number | bigint) => number) | undefined,
): void {
  const m = part.length;
  const idx = new Array<number>(m);
  let q = p, r = t0;
  for (let d = 0; d < m; d++) {
    idx[d] = r % part[d].n;
    r = Math.floor(r / part[d].n);
    q += idx[d] * part[d].si;
  }
  const half = convert === undefined && src instanceof Float16Array;
  const s0 = part[0].si, n0 = part[0].n;
  if (convert === undefined && (m === 1 || n0 - idx[0] >= len)) {
    // One run.
    if (half) {
      const t = halves16(), u = new Uint16Array(src.buffer, src.byteOffset, src.length);
      const o = dst as Float32Array;
      for (let j = 0; j < len; j++) o[j] = t[u[q + j * s0]];
    } else if (s0 === 1) (dst as Float64Array).set((src as Float64Array).subarray(q, q + len));
    else {
      const s = src as Float64Array, o = dst as Float64Array;
      for (let j = 0; j < len; j++) o[j] = s[q + j * s0];
    }
    return;
  }
  const table = half ? halves16() : null;
  const u16 = half ? new Uint16Array(src.buffer, src.byteOffset, src.length) : null;
  const s = src as unknown as (number | bigint)[], o = dst as unknown as (number | bigint)[];
  let i0 = idx[0];
  for (let j = 0; j < len; j++) {
    o[j] = table !== null ? table[u16![q]] : convert === undefined ? s[q] : convert(s[q]);
    q += s0;
    if (++i0 < n0) continue;
    i0 = 0;
    q -= s0 * n0;
    for (let d = 1; d < m; d++) {
      q += part[d].si;
      if (++idx[d] < part[d].n) break;
      idx[d] = 0;
      q -= part[d].si * part[d].n;
    }
  }
}

/** The output of a walk in NumPy's layout, reordered into C order (itself when it already is). */
export function toCOrder<T extends NpTypedArray>(
  out: T,
  w: Walk,
  shape: readonly number[],
  axes: readonly number[],
): T {
  const kept = shape.map((_, a) => a).filter((a) => !axes.includes(a) && shape[a] > 1);
  let s = 1, same = true;
  for (let i = kept.length - 1; i >= 0; i--) {
    if (w.npOut[kept[i]] !== s) same = false;
    s *= shape[kept[i]];
  }
  if (same) return out;
  const res = new (out.constructor as new (n: number) => T)(out.length);
  const r = res as unknown as unknown[], src = out as unknown as unknown[];
  const idx = new Array<number>(kept.length).fill(0);
  let q = 0;
  for (let k = 0; k < res.length; k++) {
    r[k] = src[q];
    for (let d = kept.length - 1; d >= 0; d--) {
      const a = kept[d];
      q += w.npOut[a];
      if (++idx[d] < shape[a]) break;
      idx[d] = 0;
      q -= w.npOut[a] * shape[a];
    }
  }
  return res;
}

/**
 * Reduces `axes` of `x` with `loops` in NumPy's order into a new array of `dtype` (C order, the
 * shape with keepdims applied), starting from `init`. `cast` marks an input that NumPy casts
 * (buffers) to the accumulation dtype; `load` fills the scratch buffers.
 */
export function reduceWith(
  x: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  dtype: NpDType,
  init: number | bigint,
  loops: Loops,
  cast: boolean,
  load?: Load,
): NDArray {
  const w = walk(x.shape, x.strides, axes, cast);
  const out = alloc(dtype, w.outSize);
  if (init !== 0 && init !== 0n) out.fill(init as never);
  reduceInto(x, w, out, loops, load);
  return new NDArray(toCOrder(out, w, x.shape, axes), reducedShape(x.shape, axes, keepdims), dtype);
}
