/**
 * The one TypeScript driver of our native C interface (kernels/dt_api.h), shared by the native CPU
 * kernels (`cpu/native.ts`: typed arrays on the host) and the CUDA backend (`cuda/backend.ts`:
 * device pointers). It packs the 64-bit layouts (one reused Float64Array per layout kind: exact
 * integers, read as int64 by C), merges axes, splits views that keep more than DT_MAX_DIMS axes
 * into several calls, passes every operand's extent so that C checks the layout against the
 * memory before it touches it, caches `dt_supports`, and turns statuses into errors. A family
 * method returns false when the library cannot run the op (a dtype without kernels, an op the
 * library lacks, a scalar the dtype cannot hold, ...): the caller then runs it elsewhere.
 *
 * @module
 */
import type { ConvGeometry, PhiloxStream, View } from "./backend.ts";
import { type DType, DTYPE_INFO } from "../dtype.ts";
import { collapse, isContiguous } from "../shape.ts";
import * as abi from "../../ffi/abi.ts";
import { FAMILY_SYMBOLS, SHARED_SYMBOLS, type Suffix } from "../../ffi/kernels.ts";

/** A native function with its stream argument bound. */
// deno-lint-ignore no-explicit-any
export type Kernel = (...args: any[]) => number;

/** The family functions of one dtype suffix (`dt_unary_<s>`, ...), stream bound. */
export interface FamilyKernels {
  /** dt_unary_<s> */
  unary: Kernel;
  /** dt_binary_<s> */
  binary: Kernel;
  /** dt_where_<s> */
  where: Kernel;
  /** dt_cast_<s> */
  cast: Kernel;
  /** dt_fill_<s> */
  fill: Kernel;
  /** dt_range_<s> */
  range: Kernel;
  /** dt_reduce_<s> */
  reduce: Kernel;
  /** dt_arg_reduce_<s> */
  argReduce: Kernel;
  /** dt_cumsum_<s> */
  cumsum: Kernel;
  /** dt_scatter_add_<s> */
  scatterAdd: Kernel;
  /** dt_matmul_<s> */
  matmul: Kernel;
  /** dt_im2col_<s> */
  im2col: Kernel;
  /** dt_col2im_<s> */
  col2im: Kernel;
}

/** The C name of each family function. */
const FAMILY_NAMES = {
  unary: "dt_unary",
  binary: "dt_binary",
  where: "dt_where",
  cast: "dt_cast",
  fill: "dt_fill",
  range: "dt_range",
  reduce: "dt_reduce",
  argReduce: "dt_arg_reduce",
  cumsum: "dt_cumsum",
  scatterAdd: "dt_scatter_add",
  matmul: "dt_matmul",
  im2col: "dt_im2col",
  col2im: "dt_col2im",
} as const satisfies Record<keyof FamilyKernels, keyof typeof FAMILY_SYMBOLS>;

/** The functions every library exports once, stream bound where they take one. */
export interface SharedKernels {
  /** dt_copy */
  copy: Kernel;
  /** dt_gather */
  gather: Kernel;
  /** dt_random */
  random: Kernel;
  /** dt_supports (no stream) */
  supports: Kernel;
  /** dt_error_string (no stream) */
  errorString: (code: number) => Deno.PointerValue;
}

const SHARED_NAMES = {
  copy: "dt_copy",
  gather: "dt_gather",
  random: "dt_random",
} as const satisfies Record<string, keyof typeof SHARED_SYMBOLS>;

/**
 * A wrapper per C function that names its symbol literally and passes `stream` last, so that V8
 * sees one FFI target per call site and keeps the fast call path (a computed `symbols[name]`
 * costs more than the call itself).
 */
function bind(symbols: unknown, name: string, params: number, stream: unknown): Kernel {
  const args = Array.from({ length: params }, (_, i) => `p${i}`).join(", ");
  return new Function(
    "S",
    "stream",
    `"use strict"; return function (${args}) { return S.${name}(${args}, stream); };`,
  )(symbols, stream) as Kernel;
}

/** The family functions of `suffix` from an opened library's symbols, with `stream` bound. */
export function bindFamily(symbols: unknown, suffix: Suffix, stream: unknown): FamilyKernels {
  const out = {} as Record<keyof FamilyKernels, Kernel>;
  for (const [key, name] of Object.entries(FAMILY_NAMES)) {
    const params = FAMILY_SYMBOLS[name].parameters.length - 1;
    out[key as keyof FamilyKernels] = bind(symbols, `${name}_${suffix}`, params, stream);
  }
  return out;
}

/** The shared functions from an opened library's symbols, with `stream` bound. */
export function bindShared(symbols: unknown, stream: unknown): SharedKernels {
  const s = symbols as {
    dt_supports: Kernel;
    dt_error_string: (code: number) => Deno.PointerValue;
  };
  const out = {} as Record<keyof typeof SHARED_NAMES, Kernel>;
  for (const [key, name] of Object.entries(SHARED_NAMES)) {
    out[key as keyof typeof SHARED_NAMES] = bind(
      symbols,
      name,
      SHARED_SYMBOLS[name].parameters.length - 1,
      stream,
    );
  }
  return { ...out, supports: s.dt_supports, errorString: s.dt_error_string };
}

/** The dtype code of each kernel suffix (the family cache's slot). */
const SUFFIX_CODE = Object.fromEntries(
  Object.values(DTYPE_INFO).filter((i) => i.suffix !== null).map((i) => [i.suffix, i.code]),
) as Record<Suffix, number>;

/** What the driver needs of a library and of the memory its kernels read. */
export interface NativeTarget {
  /** The shared functions. */
  readonly shared: SharedKernels;
  /** Binds the family functions of a dtype suffix (called once per suffix, on first use). */
  bindFamily(suffix: Suffix): FamilyKernels;
  /** A view's storage as the kernels take it (element 0): a typed array or a device pointer. */
  base(v: View): unknown;
  /** A view's first element: its storage moved by its offset. */
  at(v: View): unknown;
  /** Throws the error that a non-zero status of the native op `op` stands for. */
  fail(status: number, op: string): never;
}

/** The op families of `dt_supports`. */
export const SUPPORTS_FAMILY = { unary: 0, binary: 1, reduce: 2 } as const;

/** The message of a status, from the library's dt_error_string. */
export function statusText(shared: SharedKernels, status: number): string {
  const p = shared.errorString(status);
  return p === null ? `error ${status}` : new Deno.UnsafePointerView(p).getCString();
}

/** Elements the call may touch from a view's storage base (its storage's size). */
function extent(v: View): number {
  return v.storage.size;
}

/** Elements from a view's first element to the end of its storage. */
function extentAt(v: View): number {
  return v.storage.size - v.offset;
}

/** True when a view's elements are contiguous in row-major order from its offset. */
function dense(v: View): boolean {
  return isContiguous(v.shape, v.strides);
}

/** The driver of one library. */
export class NativeAbi {
  #t: NativeTarget;
  #L = new Float64Array(abi.DT_LAYOUT_SIZE);
  #R = new Float64Array(abi.DT_RLAYOUT_SIZE);
  #M = new Float64Array(abi.DT_MLAYOUT_SIZE);
  #G = new Float64Array(abi.DT_CONV_SIZE);
  #I = new Float64Array(abi.DT_INDEX_SIZE);
  #word = new Int32Array(1);
  /** dt_supports answers: 0 unknown, 1 yes, 2 no; by (family * 256 + op) * 8 + dtype code. */
  #supported = new Uint8Array(3 * 256 * 8);
  /** The family functions bound so far, by dtype code. */
  #families: (FamilyKernels | undefined)[] = [];
  /** The collapsed axes of the last layout that needed several calls. */
  #split: { shape: number[]; strides: number[][] } | null = null;

  /** A driver of the library that `target` describes. */
  constructor(target: NativeTarget) {
    this.#t = target;
  }

  /** Native calls made so far (tests use it to see that a native path ran). */
  calls = 0;

  /** The family functions of a dtype suffix, bound on first use. */
  #family(suffix: Suffix): FamilyKernels {
    const code = SUFFIX_CODE[suffix];
    return this.#families[code] ??= this.#t.bindFamily(suffix);
  }

  #check(status: number, op: string): void {
    this.calls++;
    if (status !== 0) this.#t.fail(status, op);
  }

  /** Whether the library has a kernel for op `op` of a `dt_supports` family on `dtype`. */
  supports(family: number, op: number, dtype: DType): boolean {
    const code = DTYPE_INFO[dtype].code;
    const key = (family * 256 + op) * 8 + code;
    let s = this.#supported[key];
    if (s === 0) {
      this.#word[0] = 0;
      this.#check(this.#t.shared.supports(family, op, code, this.#word), "supports");
      s = this.#supported[key] = this.#word[0] === 1 ? 1 : 2;
    }
    return s === 1;
  }

  // ---- elementwise layouts -------------------------------------------------------------------

  /**
   * Fills the elementwise layout for `count` operands of out's shape, out last (null: a scalar
   * operand); false when the merged axes are more than DT_MAX_DIMS (then `#calls` runs it).
   */
  #fill(
    count: number,
    v0: View | null,
    v1: View | null,
    v2: View | null,
    v3: View | null,
  ): boolean {
    const L = this.#L;
    const out = (count === 1 ? v0 : count === 2 ? v1 : count === 3 ? v2 : v3) as View;
    if (
      (v0 === null || dense(v0)) && (count < 2 || v1 === null || dense(v1)) &&
      (count < 3 || v2 === null || dense(v2)) && (count < 4 || dense(v3 as View))
    ) {
      L[abi.DT_LAYOUT_NDIM] = 1;
      L[abi.DT_LAYOUT_FLAGS] = abi.DT_FLAG_CONTIGUOUS;
      L[abi.DT_LAYOUT_SHAPE] = out.size;
      L[abi.DT_LAYOUT_OFFSET] = v0 === null ? 0 : v0.offset;
      L[abi.DT_LAYOUT_EXTENT] = v0 === null ? -1 : extent(v0);
      if (count > 1) {
        L[abi.DT_LAYOUT_OFFSET + 1] = v1 === null ? 0 : v1.offset;
        L[abi.DT_LAYOUT_EXTENT + 1] = v1 === null ? -1 : extent(v1);
      }
      if (count > 2) {
        L[abi.DT_LAYOUT_OFFSET + 2] = v2 === null ? 0 : v2.offset;
        L[abi.DT_LAYOUT_EXTENT + 2] = v2 === null ? -1 : extent(v2);
      }
      if (count > 3) {
        L[abi.DT_LAYOUT_OFFSET + 3] = (v3 as View).offset;
        L[abi.DT_LAYOUT_EXTENT + 3] = extent(v3 as View);
      }
      return true;
    }
    const views = [v0, v1, v2, v3].slice(0, count);
    const c = collapse(out.shape, views.map((v) => (v === null ? null : v.strides)));
    const nd = c.shape.length;
    for (let k = 0; k < count; k++) {
      const v = views[k];
      L[abi.DT_LAYOUT_OFFSET + k] = v === null ? 0 : v.offset;
      L[abi.DT_LAYOUT_EXTENT + k] = v === null ? -1 : extent(v);
    }
    if (nd > abi.DT_MAX_DIMS) {
      this.#split = c;
      return false;
    }
    this.#axes(count, c.shape, c.strides, 0);
    return true;
  }

  /** Writes axes [from, from + DT_MAX_DIMS) (or all) of collapsed axes into the layout. */
  #axes(count: number, shape: number[], strides: number[][], from: number): number {
    const L = this.#L;
    const nd = shape.length - from;
    L[abi.DT_LAYOUT_NDIM] = nd;
    L[abi.DT_LAYOUT_FLAGS] = 0;
    let n = 1;
    for (let d = 0; d < nd; d++) {
      L[abi.DT_LAYOUT_SHAPE + d] = shape[from + d];
      n *= shape[from + d];
    }
    for (let k = 0; k < count; k++) {
      const st = strides[k];
      for (let d = 0; d < nd; d++) {
        L[abi.DT_LAYOUT_STRIDES + abi.DT_MAX_DIMS * k + d] = st[from + d];
      }
    }
    return n;
  }

  /**
   * Runs a view with more than DT_MAX_DIMS merged axes as one call per index of its leading
   * axes, each over the trailing DT_MAX_DIMS axes from the operands' offsets at that index.
   */
  #calls(count: number, views: (View | null)[], call: (n: number) => number, op: string): void {
    const c = this.#split as { shape: number[]; strides: number[][] };
    this.#split = null;
    const lead = c.shape.length - abi.DT_MAX_DIMS;
    const L = this.#L;
    const n = this.#axes(count, c.shape, c.strides, lead);
    const idx = new Array<number>(lead).fill(0);
    const base = views.map((v) => (v === null ? 0 : v.offset));
    for (;;) {
      for (let k = 0; k < count; k++) {
        let off = base[k];
        for (let d = 0; d < lead; d++) off += idx[d] * c.strides[k][d];
        L[abi.DT_LAYOUT_OFFSET + k] = off;
      }
      this.#check(call(n), op);
      let d = lead - 1;
      while (d >= 0 && ++idx[d] === c.shape[d]) idx[d--] = 0;
      if (d < 0) return;
    }
  }

  /** Sets the int64 scalar of the elementwise layout (low word unsigned, high word signed). */
  #i64(v: bigint): void {
    this.#L[abi.DT_LAYOUT_I64] = Number(BigInt.asUintN(32, v));
    this.#L[abi.DT_LAYOUT_I64 + 1] = Number(BigInt.asIntN(32, v >> 32n));
  }

  // ---- elementwise families ------------------------------------------------------------------

  /** `out = op(x)`. */
  unary(op: number, x: View, out: View): boolean {
    const s = DTYPE_INFO[x.dtype].suffix;
    if (s === null || !this.supports(SUPPORTS_FAMILY.unary, op, x.dtype)) return false;
    const f = this.#family(s).unary;
    const px = this.#t.base(x), po = this.#t.base(out);
    if (this.#fill(2, x, out, null, null)) {
      this.#check(f(op, out.size, this.#L, px, po), "unary");
    } else this.#calls(2, [x, out], (n) => f(op, n, this.#L, px, po), "unary");
    return true;
  }

  /** `out = op(a, b)`, one side possibly a scalar value of the dtype. */
  binary(op: number, a: View | number | bigint, b: View | number | bigint, out: View): boolean {
    const av = typeof a === "object" ? a : null;
    const bv = typeof b === "object" ? b : null;
    const dtype = (av ?? bv as View).dtype;
    const info = DTYPE_INFO[dtype];
    if (info.suffix === null || !this.supports(SUPPORTS_FAMILY.binary, op, dtype)) return false;
    const scalar = av === null ? a as number | bigint : bv === null ? b as number | bigint : 0;
    // The scalar must be a value of the dtype, as the TypeScript loops would use it.
    if (typeof scalar === "bigint") {
      if (dtype !== "int64") return false;
    } else if (dtype === "int64") {
      if (av === null || bv === null) return false;
    } else if (dtype === "float32") {
      if (Math.fround(scalar) !== scalar && scalar === scalar) return false;
    } else if (info.range !== null) {
      if (!Number.isInteger(scalar) || scalar < info.range[0] || scalar > info.range[1]) {
        return false;
      }
    }
    const f = this.#family(info.suffix).binary;
    const pa = av === null ? null : this.#t.base(av);
    const pb = bv === null ? null : this.#t.base(bv);
    const po = this.#t.base(out);
    const side = av === null ? 1 : bv === null ? 2 : 0;
    const value = Number(scalar);
    const single = this.#fill(3, av, bv, out, null);
    if (typeof scalar === "bigint") this.#i64(scalar);
    if (single) {
      this.#check(f(op, out.size, this.#L, pa, pb, value, side, po), "binary");
    } else {
      this.#calls(3, [av, bv, out], (n) => f(op, n, this.#L, pa, pb, value, side, po), "binary");
    }
    return true;
  }

  /** `out = cond ? a : b`. */
  where(cond: View, a: View, b: View, out: View): boolean {
    const s = DTYPE_INFO[a.dtype].suffix;
    if (s === null) return false;
    const f = this.#family(s).where;
    const t = this.#t;
    const pc = t.base(cond), pa = t.base(a), pb = t.base(b), po = t.base(out);
    if (this.#fill(4, cond, a, b, out)) {
      this.#check(f(out.size, this.#L, pc, pa, pb, po), "where");
    } else this.#calls(4, [cond, a, b, out], (n) => f(n, this.#L, pc, pa, pb, po), "where");
    return true;
  }

  /** `out = x` converted to out's dtype with the numeric rules. */
  cast(x: View, out: View): boolean {
    const s = DTYPE_INFO[x.dtype].suffix;
    if (s === null || DTYPE_INFO[out.dtype].suffix === null) return false;
    const f = this.#family(s).cast;
    const to = DTYPE_INFO[out.dtype].code;
    const px = this.#t.base(x), po = this.#t.base(out);
    if (this.#fill(2, x, out, null, null)) {
      this.#check(f(to, out.size, this.#L, px, po), "cast");
    } else this.#calls(2, [x, out], (n) => f(to, n, this.#L, px, po), "cast");
    return true;
  }

  /** A strided copy between views of one dtype (any dtype: the kernel moves element bytes). */
  copy(x: View, out: View): boolean {
    const f = this.#t.shared.copy;
    const size = DTYPE_INFO[x.dtype].itemsize;
    const px = this.#t.base(x), po = this.#t.base(out);
    if (this.#fill(2, x, out, null, null)) {
      this.#check(f(size, out.size, this.#L, px, po), "copy");
    } else this.#calls(2, [x, out], (n) => f(size, n, this.#L, px, po), "copy");
    return true;
  }

  /** Every element of the strided `out` = value. */
  fill(out: View, value: number | bigint): boolean {
    const s = DTYPE_INFO[out.dtype].suffix;
    if (s === null) return false;
    const f = this.#family(s).fill;
    const po = this.#t.base(out);
    const v = Number(value);
    const single = this.#fill(1, out, null, null, null);
    if (typeof value === "bigint") this.#i64(value);
    if (single) this.#check(f(out.size, this.#L, v, po), "fill");
    else this.#calls(1, [out], (n) => f(n, this.#L, v, po), "fill");
    return true;
  }

  /** `out[i] = start + i * delta` (float64) for a contiguous out. */
  range(out: View, start: number, delta: number): boolean {
    const s = DTYPE_INFO[out.dtype].suffix;
    if (s === null || !dense(out)) return false;
    const f = this.#family(s).range;
    this.#check(f(out.size, start, delta, extentAt(out), this.#t.at(out)), "range");
    return true;
  }

  // ---- reductions ----------------------------------------------------------------------------

  /**
   * Fills the reduction layout of x with its last `reduced` axes folded and a contiguous out;
   * null when the merged axes are more than DT_MAX_DIMS.
   */
  #fillReduce(x: View, reduced: number, out: View): { outer: number; inner: number } | null {
    const R = this.#R;
    const k = x.shape.length - reduced;
    let nOuter = 1, nInner = 1;
    for (let i = 0; i < k; i++) nOuter *= x.shape[i];
    for (let i = k; i < x.shape.length; i++) nInner *= x.shape[i];
    R[abi.DT_RLAYOUT_OFFSET] = x.offset;
    R[abi.DT_RLAYOUT_EXTENT] = extent(x);
    R[abi.DT_RLAYOUT_OUT_EXTENT] = extentAt(out);
    if (dense(x)) {
      // The common case: kept axes first, reduced last, all in order: [outer, inner].
      R[abi.DT_RLAYOUT_NDIM] = 2;
      R[abi.DT_RLAYOUT_REDUCED] = 1;
      R[abi.DT_RLAYOUT_SHAPE] = nOuter;
      R[abi.DT_RLAYOUT_SHAPE + 1] = nInner;
      R[abi.DT_RLAYOUT_STRIDES] = nInner;
      R[abi.DT_RLAYOUT_STRIDES + 1] = 1;
      return { outer: nOuter, inner: nInner };
    }
    const outer = collapse(x.shape.slice(0, k), [x.strides.slice(0, k)]);
    const inner = collapse(x.shape.slice(k), [x.strides.slice(k)]);
    const kept = k === 0 ? 0 : outer.shape.length;
    if (kept + inner.shape.length > abi.DT_MAX_DIMS) return null;
    R[abi.DT_RLAYOUT_NDIM] = kept + inner.shape.length;
    R[abi.DT_RLAYOUT_REDUCED] = inner.shape.length;
    let d = 0;
    for (let i = 0; i < kept; i++, d++) {
      R[abi.DT_RLAYOUT_SHAPE + d] = outer.shape[i];
      R[abi.DT_RLAYOUT_STRIDES + d] = outer.strides[0][i];
    }
    for (let i = 0; i < inner.shape.length; i++, d++) {
      R[abi.DT_RLAYOUT_SHAPE + d] = inner.shape[i];
      R[abi.DT_RLAYOUT_STRIDES + d] = inner.strides[0][i];
    }
    return { outer: nOuter, inner: nInner };
  }

  /** Folds the last `reduced` axes of x into the contiguous out. */
  reduce(op: number, x: View, reduced: number, out: View): boolean {
    const s = DTYPE_INFO[x.dtype].suffix;
    if (s === null || !this.supports(SUPPORTS_FAMILY.reduce, op, x.dtype) || !dense(out)) {
      return false;
    }
    const dims = this.#fillReduce(x, reduced, out);
    if (dims === null) return false;
    const f = this.#family(s).reduce;
    this.#check(
      f(op, dims.outer, dims.inner, this.#R, this.#t.base(x), this.#t.at(out)),
      "reduce",
    );
    return true;
  }

  /** Index of the max (op 0) or min (op 1) along the last axis, into an int32 or int64 out. */
  argReduce(op: number, x: View, out: View): boolean {
    const s = DTYPE_INFO[x.dtype].suffix;
    if (s === null || !dense(out)) return false;
    const dims = this.#fillReduce(x, 1, out);
    if (dims === null) return false;
    const f = this.#family(s).argReduce;
    const to = DTYPE_INFO[out.dtype].code;
    this.#check(
      f(op, to, dims.outer, dims.inner, this.#R, this.#t.base(x), this.#t.at(out)),
      "argReduce",
    );
    return true;
  }

  /** Cumulative sum along the last axis into a contiguous out of x's dtype (not bool). */
  cumsum(x: View, exclusive: boolean, reverse: boolean, out: View): boolean {
    const s = DTYPE_INFO[x.dtype].suffix;
    if (s === null || x.dtype === "bool" || out.dtype !== x.dtype || !dense(out)) return false;
    const dims = this.#fillReduce(x, 1, out);
    if (dims === null) return false;
    const f = this.#family(s).cumsum;
    const t = this.#t;
    this.#check(
      f(dims.outer, dims.inner, this.#R, exclusive ? 1 : 0, reverse ? 1 : 0, t.base(x), t.at(out)),
      "cumsum",
    );
    return true;
  }

  // ---- matmul, indexing, convolution, random ---------------------------------------------------

  /** `out[b] = a[b] @ b[b]` for strided rank-3 a, b (batch strides may be 0), contiguous out. */
  matmul(a: View, b: View, out: View): boolean {
    const s = DTYPE_INFO[a.dtype].suffix;
    if (s === null || a.dtype === "bool" || !dense(out)) return false;
    const M = this.#M;
    M[abi.DT_MLAYOUT_BATCH] = a.shape[0];
    M[abi.DT_MLAYOUT_M] = a.shape[1];
    M[abi.DT_MLAYOUT_N] = b.shape[2];
    M[abi.DT_MLAYOUT_K] = a.shape[2];
    M[abi.DT_MLAYOUT_A_OFFSET] = a.offset;
    M[abi.DT_MLAYOUT_A_BATCH] = a.strides[0];
    M[abi.DT_MLAYOUT_A_ROW] = a.strides[1];
    M[abi.DT_MLAYOUT_A_COL] = a.strides[2];
    M[abi.DT_MLAYOUT_B_OFFSET] = b.offset;
    M[abi.DT_MLAYOUT_B_BATCH] = b.strides[0];
    M[abi.DT_MLAYOUT_B_ROW] = b.strides[1];
    M[abi.DT_MLAYOUT_B_COL] = b.strides[2];
    M[abi.DT_MLAYOUT_A_EXTENT] = extent(a);
    M[abi.DT_MLAYOUT_B_EXTENT] = extent(b);
    M[abi.DT_MLAYOUT_OUT_EXTENT] = extentAt(out);
    const t = this.#t;
    this.#check(this.#family(s).matmul(M, t.base(a), t.base(b), t.at(out)), "matmul");
    return true;
  }

  #index(outer: number, n: number, inner: number, m: number, src: View, idx: View, out: View) {
    const I = this.#I;
    I[abi.DT_INDEX_OUTER] = outer;
    I[abi.DT_INDEX_N] = n;
    I[abi.DT_INDEX_INNER] = inner;
    I[abi.DT_INDEX_M] = m;
    I[abi.DT_INDEX_SRC_EXTENT] = extentAt(src);
    I[abi.DT_INDEX_IDX_EXTENT] = extentAt(idx);
    I[abi.DT_INDEX_OUT_EXTENT] = extentAt(out);
    return I;
  }

  /** `out[i, j, k] = x[i, idx[j], k]` for contiguous views (out-of-range indices: the flag). */
  gather(x: View, indices: View, out: View): boolean {
    if (!dense(x) || !dense(indices) || !dense(out)) return false;
    const [outer, n, inner] = x.shape;
    const t = this.#t;
    const dims = this.#index(outer, n, inner, indices.size, x, indices, out);
    this.#check(
      t.shared.gather(
        DTYPE_INFO[x.dtype].itemsize,
        DTYPE_INFO[indices.dtype].code,
        dims,
        t.at(x),
        t.at(indices),
        t.at(out),
      ),
      "gather",
    );
    return true;
  }

  /** `out[i, idx[j], k] += updates[i, j, k]` for contiguous views. */
  scatterAdd(updates: View, indices: View, out: View): boolean {
    const s = DTYPE_INFO[out.dtype].suffix;
    if (s === null || !dense(updates) || !dense(indices) || !dense(out)) return false;
    const [outer, n, inner] = out.shape;
    const t = this.#t;
    const dims = this.#index(outer, n, inner, indices.size, updates, indices, out);
    this.#check(
      this.#family(s).scatterAdd(
        DTYPE_INFO[indices.dtype].code,
        dims,
        t.at(updates),
        t.at(indices),
        t.at(out),
      ),
      "scatterAdd",
    );
    return true;
  }

  /** The geometry array of im2col/col2im for the NHWC `image` shape. */
  #geometry(image: readonly number[], g: ConvGeometry, input: View, out: View): Float64Array {
    const G = this.#G;
    G[abi.DT_CONV_N] = image[0];
    G[abi.DT_CONV_H] = g.h;
    G[abi.DT_CONV_W] = g.w;
    G[abi.DT_CONV_C] = image[3];
    G[abi.DT_CONV_KH] = g.kh;
    G[abi.DT_CONV_KW] = g.kw;
    G[abi.DT_CONV_SH] = g.sh;
    G[abi.DT_CONV_SW] = g.sw;
    G[abi.DT_CONV_DH] = g.dh;
    G[abi.DT_CONV_DW] = g.dw;
    G[abi.DT_CONV_TOP] = g.top;
    G[abi.DT_CONV_LEFT] = g.left;
    G[abi.DT_CONV_OH] = g.oh;
    G[abi.DT_CONV_OW] = g.ow;
    G[abi.DT_CONV_IN_EXTENT] = extentAt(input);
    G[abi.DT_CONV_OUT_EXTENT] = extentAt(out);
    return G;
  }

  /** im2col of a contiguous NHWC image into contiguous patches. */
  im2col(x: View, g: ConvGeometry, out: View): boolean {
    const s = DTYPE_INFO[x.dtype].suffix;
    if (s === null || !dense(x) || !dense(out)) return false;
    const t = this.#t;
    this.#check(
      this.#family(s).im2col(this.#geometry(x.shape, g, x, out), t.at(x), t.at(out)),
      "im2col",
    );
    return true;
  }

  /** col2im (the adjoint of im2col) of contiguous patches into a contiguous NHWC image. */
  col2im(cols: View, g: ConvGeometry, out: View): boolean {
    const s = DTYPE_INFO[out.dtype].suffix;
    if (s === null || !dense(cols) || !dense(out)) return false;
    const t = this.#t;
    this.#check(
      this.#family(s).col2im(this.#geometry(out.shape, g, cols, out), t.at(cols), t.at(out)),
      "col2im",
    );
    return true;
  }

  /**
   * Values of the Philox stream into a contiguous out: uniform (op 0) for float32, float64,
   * int32 and int64; normal (op 1) for float32 and float64.
   */
  random(op: number, stream: PhiloxStream, a: number, b: number, out: View): boolean {
    const d = out.dtype;
    const ok = op === 0
      ? d === "float32" || d === "float64" || d === "int32" || d === "int64"
      : d === "float32" || d === "float64";
    if (!ok || !dense(out)) return false;
    this.#check(
      this.#t.shared.random(
        op,
        DTYPE_INFO[d].code,
        out.size,
        stream.key[0] | 0,
        stream.key[1] | 0,
        stream.call | 0,
        a,
        b,
        extentAt(out),
        this.#t.at(out),
      ),
      "random",
    );
    return true;
  }
}
