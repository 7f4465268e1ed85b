/**
 * The CPU backend's native paths: our kernel library built for the CPU
 * (`libdenotensor_cpu*.so`: the kernels/ sources compiled by g++ with `-DDT_CPU=1`, vectorised,
 * threaded) and a system BLAS for matmul (`blas.ts`). Both are optional: they are opened on first
 * use, only when `Deno.permissions.querySync` says FFI is granted (never a prompt), and every
 * failure leaves the TypeScript kernels in charge with the reason kept for `tf.listDevices()`
 * and `tf.config.getCpuKernels()`.
 *
 * Which library: `DENOTENSOR_CPU_KERNELS` (a path, or `none` to use the TypeScript kernels),
 * else `build/` of a checkout or the user cache (`deno task build` /
 * `deno run -A jsr:@denotensor/core/build`). On x86-64 the baseline library reports the best
 * instruction-set level this CPU supports and its `_v3` (AVX2) or `_v4` (AVX-512) sibling is
 * opened instead when it was built. `DENOTENSOR_CPU_THREADS` sets the thread count (default: one
 * per CPU), `DENOTENSOR_CPU_NATIVE_MIN` the element count from which an op goes native
 * (default 1024: below it the TypeScript loops, whose dispatch is cheaper, are faster) and
 * `DENOTENSOR_CPU_PARALLEL_MIN` the work from which a native call uses several threads.
 *
 * The native kernels give the TypeScript kernels' results bit for bit where the numeric rules
 * define them (integers, casts, rounding, float + - * /, comparisons); float32 exp, log, tanh and
 * sigmoid are computed in float64 and agree within one ulp (almost always exactly); float sums
 * accumulate in float64 in a fixed blocked order (the TypeScript loops in sequential order).
 *
 * @module
 */
import type { ConvGeometry, View } from "../backend.ts";
import { type DType, DTYPE_CODE as CODE, type TypedArray } from "../../dtype.ts";
import { NativeLibraryError } from "../../errors.ts";
import { readEnv } from "../../env.ts";
import { exists, granted, openLibrary } from "../../../ffi/load.ts";
import {
  CONV_GEOMETRY_SIZE,
  convGeometry,
  DTYPE_SUFFIX as SUFFIX,
  type Suffix,
} from "../../../ffi/kernels.ts";
import { CPU_FAMILY_SYMBOLS, CPU_SYMBOLS } from "../../../ffi/cpu.ts";

/** The library opened with its functions that exist once (the families are bound per dtype). */
type BaseLibrary = Deno.DynamicLibrary<typeof CPU_SYMBOLS>;
import { collapse } from "./loops.ts";
import { blasReason, systemBlas } from "./blas.ts";

const MAX_DIMS = 8;
const LAYOUT_SIZE = 48;
const OFFSET = 2, SHAPE = 6, STRIDES = 14, I64 = 46;
const R_SIZE = 20, R_OFFSET = 2, R_SHAPE = 4, R_STRIDES = 12;
/** Op families of `dt_supports`. */
const FAMILY = { unary: 0, binary: 1, reduce: 2 } as const;
const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  bool: [0, 1],
  uint8: [0, 255],
  int32: [-2147483648, 2147483647],
};

/** What `tf.config.getCpuKernels()` reports. */
export interface CpuKernelsInfo {
  /** "native" when the native CPU library is in use, else "typescript". */
  kernels: "native" | "typescript";
  /** The library file in use. */
  library?: string;
  /** The instruction set it was compiled for ("x86-64", "x86-64-v3", "x86-64-v4", "native"). */
  isa?: string;
  /** Threads of its pool. */
  threads?: number;
  /** Tensors with fewer elements run on the TypeScript loops. */
  nativeMinElements?: number;
  /** Why the TypeScript kernels run everything, when they do. */
  reason?: string;
  /** "blas" when float matmul calls a system BLAS, else "typescript". */
  matmul: "blas" | "typescript";
  /** The BLAS library in use. */
  blas?: string;
  /** OpenBLAS's configuration and kernels (its "core": Haswell, SkylakeX, ...). */
  blasConfig?: string;
  /** Why matmul runs in TypeScript, when it does. */
  blasReason?: string;
}

const ISA_NAMES = ["native", "x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"];
/** Enough of the library to ask which instruction sets the CPU has. */
const PROBE_SYMBOLS = {
  dt_cpu_info: CPU_SYMBOLS.dt_cpu_info,
} as const satisfies Deno.ForeignLibraryInterface;

/** A non-negative integer from an environment variable, or undefined. */
export function envCount(name: string): number | undefined {
  const v = readEnv(name);
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new NativeLibraryError(`${name}=${JSON.stringify(v)} is not a non-negative integer`);
  }
  return n;
}

/** A view's backing typed array. */
function data(v: View): TypedArray {
  return (v.storage as unknown as { data: TypedArray }).data;
}

function contiguous(v: View): boolean {
  let s = 1;
  const { shape, strides } = v;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i];
  }
  return true;
}

/** A family's C function for one dtype, stream argument bound to null. */
// deno-lint-ignore no-explicit-any
type Kernel = (...args: any[]) => number;

/** The family functions of one dtype. */
interface DtypeKernels {
  unary: Kernel;
  binary: Kernel;
  where: Kernel;
  cast: Kernel;
  reduce: Kernel;
  argReduce: Kernel;
  cumsum: Kernel;
  scatterAdd: Kernel;
  im2col: Kernel;
  col2im: Kernel;
}

/** Each family's parameter names (the stream, last, is bound to null). */
const PARAMS: Record<keyof DtypeKernels, [string, string]> = {
  unary: ["dt_unary", "op, n, L, x, o"],
  binary: ["dt_binary", "op, n, L, a, b, s, side, o"],
  where: ["dt_where", "n, L, c, a, b, o"],
  cast: ["dt_cast", "to, n, L, x, o"],
  reduce: ["dt_reduce", "op, outer, inner, R, x, o"],
  argReduce: ["dt_arg_reduce", "op, to, outer, inner, R, x, o"],
  cumsum: ["dt_cumsum", "outer, inner, R, ex, rev, x, o"],
  scatterAdd: ["dt_scatter_add", "outer, n, inner, m, it, u, i, o"],
  im2col: ["dt_im2col", "G, x, o"],
  col2im: ["dt_col2im", "G, c, o"],
};

/**
 * Opens the family functions of one dtype. Deno binds every symbol of a table when it opens it
 * (~0.2 ms each), so each dtype's ten are bound on its first use. Each function names its
 * symbol literally, so that V8 sees one FFI target per call site and keeps the fast call path
 * (a computed `symbols[name]` costs more than the call itself).
 */
function openDtype(
  path: string,
  s: Suffix,
): { lib: Deno.DynamicLibrary<Deno.ForeignLibraryInterface>; fns: DtypeKernels } {
  const table: Record<string, Deno.ForeignFunction> = {};
  for (const [family, def] of Object.entries(CPU_FAMILY_SYMBOLS)) {
    table[`${family}_${s}`] = def as unknown as Deno.ForeignFunction;
  }
  const lib = Deno.dlopen(path, table);
  const fns = {} as Record<keyof DtypeKernels, Kernel>;
  for (const [name, [family, params]] of Object.entries(PARAMS)) {
    fns[name as keyof DtypeKernels] = new Function(
      "S",
      `"use strict"; return function (${params}) { return S.${family}_${s}(${params}, null); };`,
    )(lib.symbols) as Kernel;
  }
  return { lib, fns };
}

/** The opened native CPU library with the calls the CPU backend makes. */
export class NativeKernels {
  /** The library file. */
  readonly path: string;
  /** The instruction-set level it was compiled for (0 other architectures, 1, 3 or 4). */
  readonly isa: number;
  #threads: number;
  #lib: BaseLibrary;
  #sym: BaseLibrary["symbols"];
  #layout = new Int32Array(LAYOUT_SIZE);
  #rlayout = new Int32Array(R_SIZE);
  #word = new Int32Array(4);
  #conv = new Int32Array(CONV_GEOMETRY_SIZE);
  /** dt_supports answers: 0 unknown, 1 yes, 2 no; by (family * 64 + op) * 8 + dtype code. */
  #supported = new Uint8Array(3 * 64 * 8);

  /** Family functions by dtype code, bound on first use. */
  #fns: (DtypeKernels | undefined)[] = [];
  #libs: Deno.DynamicLibrary<Deno.ForeignLibraryInterface>[] = [];

  /** Wraps an opened library (opened with CPU_SYMBOLS; the families are bound per dtype). */
  constructor(lib: BaseLibrary, path: string) {
    this.#lib = lib;
    this.#sym = lib.symbols;
    this.path = path;
    const info = new Int32Array(4);
    this.#check(this.#sym.dt_cpu_info(info), "init");
    this.isa = info[0];
    this.#threads = info[2];
  }

  /** Its pool's thread count. */
  get threads(): number {
    return this.#threads;
  }

  /** Closes the library. */
  close(): void {
    for (const l of this.#libs) l.close();
    this.#lib.close();
  }

  /** The family functions of a dtype (which has a suffix). */
  #k(dtype: DType): DtypeKernels {
    const code = CODE[dtype];
    const f = this.#fns[code];
    if (f !== undefined) return f;
    const { lib, fns } = openDtype(this.path, SUFFIX[dtype] as Suffix);
    this.#libs.push(lib);
    return this.#fns[code] = fns;
  }

  /** Sets the pool's thread count (0: one per CPU). */
  setThreads(n: number): void {
    this.#check(this.#sym.dt_cpu_set_threads(n), "setThreads");
    const info = new Int32Array(4);
    this.#check(this.#sym.dt_cpu_info(info), "setThreads");
    this.#threads = info[2];
  }

  /** Sets the work from which a call uses several threads (negative: the default). */
  setParallelMin(work: number): void {
    this.#check(this.#sym.dt_cpu_set_parallel_min(work), "setParallelMin");
  }

  /** Kernel calls made so far (tests use it to see that the native path ran). */
  calls = 0;

  #check(status: number, op: string): void {
    this.calls++;
    if (status === 0) return;
    const p = this.#sym.dt_error_string(status);
    const text = p === null ? `error ${status}` : new Deno.UnsafePointerView(p).getCString();
    throw new NativeLibraryError(`native CPU kernel ${op} failed: status ${status} (${text})`);
  }

  #supports(family: number, op: number, dtype: DType): boolean {
    const code = CODE[dtype];
    const key = (family * 64 + op) * 8 + code;
    let s = this.#supported[key];
    if (s === 0) {
      this.#word[0] = 0;
      this.#check(this.#sym.dt_supports(family, op, code, this.#word), "supports");
      s = this.#supported[key] = this.#word[0] === 1 ? 1 : 2;
    }
    return s === 1;
  }

  /**
   * Fills the elementwise layout for `count` operands of one shape (`out` last; null: a scalar
   * operand); false when the merged axes are more than the kernels take.
   */
  #fill(
    count: number,
    v0: View | null,
    v1: View | null,
    v2: View | null,
    v3: View | null,
  ): boolean {
    const L = this.#layout;
    const out = (count === 2 ? v1 : count === 3 ? v2 : v3) as View;
    if (
      (v0 === null || contiguous(v0)) && (v1 === null || contiguous(v1)) &&
      (count < 3 || v2 === null || contiguous(v2)) && (count < 4 || contiguous(v3 as View))
    ) {
      L[0] = 1;
      L[1] = 1;
      L[SHAPE] = out.size;
      L[OFFSET] = v0 === null ? 0 : v0.offset;
      L[OFFSET + 1] = v1 === null ? 0 : v1.offset;
      L[OFFSET + 2] = v2 === null ? 0 : v2.offset;
      L[OFFSET + 3] = v3 === null ? 0 : v3.offset;
      L[STRIDES] = 1;
      L[STRIDES + 8] = 1;
      L[STRIDES + 16] = 1;
      L[STRIDES + 24] = 1;
      return true;
    }
    const views = [v0, v1, v2, v3].slice(0, count);
    const c = collapse(out.shape, views.map((v) => (v === null ? null : v.strides)));
    const nd = c.shape.length;
    if (nd > MAX_DIMS) return false;
    L[0] = nd;
    L[1] = 0;
    for (let d = 0; d < nd; d++) L[SHAPE + d] = c.shape[d];
    for (let k = 0; k < count; k++) {
      const v = views[k];
      L[OFFSET + k] = v === null ? 0 : v.offset;
      const st = c.strides[k];
      for (let d = 0; d < nd; d++) L[STRIDES + 8 * k + d] = st[d];
    }
    return true;
  }

  /** `out = op(x)`; false when the library has no kernel for it. */
  unary(op: number, x: View, out: View): boolean {
    const s = SUFFIX[x.dtype];
    if (s === undefined || !this.#supports(FAMILY.unary, op, x.dtype)) return false;
    if (!this.#fill(2, x, out, null, null)) return false;
    this.#check(
      this.#k(x.dtype).unary(op, out.size, this.#layout, data(x), data(out)),
      "unary",
    );
    return true;
  }

  /** `out = op(a, b)`, one side possibly a scalar of the dtype; false when not handled here. */
  binary(op: number, a: View | number | bigint, b: View | number | bigint, out: View): boolean {
    const av = typeof a === "object" ? a : null;
    const bv = typeof b === "object" ? b : null;
    const dtype = (av ?? bv as View).dtype;
    const s = SUFFIX[dtype];
    if (s === undefined || !this.#supports(FAMILY.binary, op, dtype)) return false;
    const scalar = av === null ? a as number | bigint : bv === null ? b as number | bigint : 0;
    // The scalar must be a value of the dtype, as the TypeScript loops would use it.
    if (typeof scalar === "bigint") {
      if (dtype !== "int64") return false;
    } else if (dtype === "int64") {
      if (av === null || bv === null) return false;
    } else if (dtype === "float32") {
      if (Math.fround(scalar) !== scalar && scalar === scalar) return false;
    } else if (dtype !== "float64") {
      const r = INT_RANGE[dtype] as [number, number];
      if (!Number.isInteger(scalar) || scalar < r[0] || scalar > r[1]) return false;
    }
    if (!this.#fill(3, av, bv, out, null)) return false;
    if (typeof scalar === "bigint") {
      this.#layout[I64] = Number(BigInt.asIntN(32, scalar));
      this.#layout[I64 + 1] = Number(BigInt.asIntN(32, scalar >> 32n));
    }
    this.#check(
      this.#k(dtype).binary(
        op,
        out.size,
        this.#layout,
        av === null ? null : data(av),
        bv === null ? null : data(bv),
        Number(scalar),
        av === null ? 1 : bv === null ? 2 : 0,
        data(out),
      ),
      "binary",
    );
    return true;
  }

  /** `out = cond ? a : b`. */
  where(cond: View, a: View, b: View, out: View): boolean {
    const s = SUFFIX[a.dtype];
    if (s === undefined || !this.#fill(4, cond, a, b, out)) return false;
    this.#check(
      this.#k(a.dtype).where(
        out.size,
        this.#layout,
        data(cond),
        data(a),
        data(b),
        data(out),
      ),
      "where",
    );
    return true;
  }

  /** `out = x` converted with the numeric rules. */
  cast(x: View, out: View): boolean {
    const s = SUFFIX[x.dtype];
    if (s === undefined || SUFFIX[out.dtype] === undefined) return false;
    if (!this.#fill(2, x, out, null, null)) return false;
    this.#check(
      this.#k(x.dtype).cast(
        CODE[out.dtype],
        out.size,
        this.#layout,
        data(x),
        data(out),
      ),
      "cast",
    );
    return true;
  }

  /** A strided copy of elements of the same dtype. */
  copy(x: View, out: View): boolean {
    if (SUFFIX[x.dtype] === undefined || !this.#fill(2, x, out, null, null)) return false;
    this.#check(
      this.#sym.dt_copy(
        (data(x) as Uint8Array).BYTES_PER_ELEMENT,
        out.size,
        this.#layout,
        data(x),
        data(out),
        null,
      ),
      "copy",
    );
    return true;
  }

  /** Fills the reduction layout; null when the merged axes are too many. */
  #fillReduce(x: View, reduced: number): { outer: number; inner: number } | null {
    const k = x.shape.length - reduced;
    if (contiguous(x)) {
      // The common case: kept axes first, reduced last, all in order: [outer, inner].
      let nOuter = 1, nInner = 1;
      for (let i = 0; i < k; i++) nOuter *= x.shape[i];
      for (let i = k; i < x.shape.length; i++) nInner *= x.shape[i];
      const R = this.#rlayout;
      R[0] = 2;
      R[1] = 1;
      R[R_OFFSET] = x.offset;
      R[R_SHAPE] = nOuter;
      R[R_SHAPE + 1] = nInner;
      R[R_STRIDES] = nInner;
      R[R_STRIDES + 1] = 1;
      return { outer: nOuter, inner: nInner };
    }
    const outer = collapse(x.shape.slice(0, k), [x.strides.slice(0, k)]);
    const inner = collapse(x.shape.slice(k), [x.strides.slice(k)]);
    const kept = k === 0 ? 0 : outer.shape.length;
    const ndim = kept + inner.shape.length;
    if (ndim > MAX_DIMS) return null;
    const R = this.#rlayout;
    R[0] = ndim;
    R[1] = inner.shape.length;
    R[R_OFFSET] = x.offset;
    let d = 0;
    let nOuter = 1, nInner = 1;
    for (let i = 0; i < kept; i++, d++) {
      R[R_SHAPE + d] = outer.shape[i];
      R[R_STRIDES + d] = outer.strides[0][i];
      nOuter *= outer.shape[i];
    }
    for (let i = 0; i < inner.shape.length; i++, d++) {
      R[R_SHAPE + d] = inner.shape[i];
      R[R_STRIDES + d] = inner.strides[0][i];
      nInner *= inner.shape[i];
    }
    if (k === 0) nOuter = 1;
    return { outer: nOuter, inner: nInner };
  }

  /** Folds the last `reduced` axes of x into out. */
  reduce(op: number, name: string, x: View, reduced: number, out: View): boolean {
    const s = SUFFIX[x.dtype];
    if (s === undefined || !this.#supports(FAMILY.reduce, op, x.dtype)) return false;
    // The kernel's output dtype: mean gives float32 for integers and bool, all/any bool.
    const want = name === "all" || name === "any"
      ? "bool"
      : name === "mean" && x.dtype !== "float64"
      ? "float32"
      : x.dtype;
    if (out.dtype !== want || out.offset !== 0 || !contiguous(out)) return false;
    const dims = this.#fillReduce(x, reduced);
    if (dims === null) return false;
    this.#check(
      this.#k(x.dtype).reduce(
        op,
        dims.outer,
        dims.inner,
        this.#rlayout,
        data(x),
        data(out),
      ),
      "reduce",
    );
    return true;
  }

  /** Index of the max (op 0) or min (op 1) along the last axis. */
  argReduce(op: number, x: View, out: View): boolean {
    const s = SUFFIX[x.dtype];
    if (s === undefined || out.offset !== 0 || !contiguous(out)) return false;
    const dims = this.#fillReduce(x, 1);
    if (dims === null) return false;
    this.#check(
      this.#k(x.dtype).argReduce(
        op,
        CODE[out.dtype],
        dims.outer,
        dims.inner,
        this.#rlayout,
        data(x),
        data(out),
      ),
      "argReduce",
    );
    return true;
  }

  /** Cumulative sum along the last axis. */
  cumsum(x: View, exclusive: boolean, reverse: boolean, out: View): boolean {
    const s = SUFFIX[x.dtype];
    if (s === undefined || x.dtype === "bool" || out.dtype !== x.dtype) return false;
    if (out.offset !== 0 || !contiguous(out)) return false;
    const dims = this.#fillReduce(x, 1);
    if (dims === null) return false;
    this.#check(
      this.#k(x.dtype).cumsum(
        dims.outer,
        dims.inner,
        this.#rlayout,
        exclusive ? 1 : 0,
        reverse ? 1 : 0,
        data(x),
        data(out),
      ),
      "cumsum",
    );
    return true;
  }

  /** `out[i, j, k] = x[i, idx[j], k]` for contiguous views; indices already checked. */
  gather(x: View, indices: View, out: View): boolean {
    if (SUFFIX[x.dtype] === undefined || !contiguous(x) || !contiguous(indices)) return false;
    if (!contiguous(out)) return false;
    const [outer, n, inner] = x.shape;
    const xd = data(x), id = data(indices), od = data(out);
    this.#check(
      this.#sym.dt_gather(
        (xd as Uint8Array).BYTES_PER_ELEMENT,
        outer,
        n,
        inner,
        indices.size,
        CODE[indices.dtype],
        x.offset === 0 ? xd : xd.subarray(x.offset),
        indices.offset === 0 ? id : id.subarray(indices.offset),
        out.offset === 0 ? od : od.subarray(out.offset),
        null,
      ),
      "gather",
    );
    return true;
  }

  /** `out[i, idx[j], k] += updates[i, j, k]` for contiguous views; indices already checked. */
  scatterAdd(updates: View, indices: View, out: View): boolean {
    const s = SUFFIX[out.dtype];
    if (s === undefined || !contiguous(updates) || !contiguous(indices)) return false;
    if (!contiguous(out) || out.offset !== 0) return false;
    const [outer, n, inner] = out.shape;
    const ud = data(updates), id = data(indices);
    this.#check(
      this.#k(out.dtype).scatterAdd(
        outer,
        n,
        inner,
        indices.size,
        CODE[indices.dtype],
        updates.offset === 0 ? ud : ud.subarray(updates.offset),
        indices.offset === 0 ? id : id.subarray(indices.offset),
        data(out),
      ),
      "scatterAdd",
    );
    return true;
  }

  /** im2col of a contiguous NHWC image into contiguous patches. */
  im2col(x: View, g: ConvGeometry, out: View): boolean {
    if (SUFFIX[x.dtype] === undefined || !contiguous(x) || !contiguous(out)) return false;
    const xd = data(x), od = data(out);
    this.#check(
      this.#k(x.dtype).im2col(
        convGeometry(this.#conv, x.shape, g),
        x.offset === 0 ? xd : xd.subarray(x.offset),
        out.offset === 0 ? od : od.subarray(out.offset),
      ),
      "im2col",
    );
    return true;
  }

  /** col2im (the adjoint of im2col) of contiguous patches into a contiguous NHWC image. */
  col2im(cols: View, g: ConvGeometry, out: View): boolean {
    if (SUFFIX[out.dtype] === undefined || !contiguous(cols) || !contiguous(out)) return false;
    const cd = data(cols), od = data(out);
    this.#check(
      this.#k(out.dtype).col2im(
        convGeometry(this.#conv, out.shape, g),
        cols.offset === 0 ? cd : cd.subarray(cols.offset),
        out.offset === 0 ? od : od.subarray(out.offset),
      ),
      "col2im",
    );
    return true;
  }

  /** Uniform random values from the Philox stream (bit for bit the TypeScript values). */
  uniform(key: readonly [number, number], call: number, a: number, b: number, out: View): boolean {
    if (SUFFIX[out.dtype] === undefined || out.dtype === "bool" || out.dtype === "uint8") {
      return false;
    }
    if (out.offset !== 0 || !contiguous(out)) return false;
    this.#check(
      this.#sym.dt_random(
        0,
        CODE[out.dtype],
        out.size,
        key[0] | 0,
        key[1] | 0,
        call | 0,
        a,
        b,
        data(out),
        null,
      ),
      "random",
    );
    return true;
  }
}

// ---- discovery -------------------------------------------------------------------------------

let kernels: NativeKernels | null | undefined;
let kernelsReason = "";
/** The element count from which ops use the native kernels (-1: not read yet). */
let nativeMin = -1;
const NATIVE_MIN_DEFAULT = 1024;

/** The element count from which ops use the native kernels (DENOTENSOR_CPU_NATIVE_MIN). */
export function nativeMinElements(): number {
  if (nativeMin < 0) {
    try {
      nativeMin = envCount("DENOTENSOR_CPU_NATIVE_MIN") ?? NATIVE_MIN_DEFAULT;
    } catch (e) {
      nativeMin = NATIVE_MIN_DEFAULT;
      kernelsReason = (e as Error).message;
    }
  }
  return nativeMin;
}

function openKernels(): NativeKernels {
  const env = (readEnv("DENOTENSOR_CPU_KERNELS") ?? "").trim();
  if (env.toLowerCase() === "none" || env === "0" || env.toLowerCase() === "off") {
    throw new NativeLibraryError("DENOTENSOR_CPU_KERNELS=none selects the TypeScript kernels");
  }
  const spec = {
    what: "the denotensor native CPU kernels",
    files: ["libdenotensor_cpu.so"],
    env: "DENOTENSOR_CPU_KERNELS",
    ours: true,
    hint: "build them with `deno task build` (or `deno run -A jsr:@denotensor/core/build`) " +
      "or set DENOTENSOR_CPU_KERNELS to the library's path",
  };
  // Opening a library binds every symbol (a trampoline each, ~10 ms for this table), so the
  // baseline library is first opened with its info function only: it reports the best
  // instruction-set level this CPU supports, and a sibling built for that level is opened
  // instead when it exists (runtime dispatch; never for an explicit DENOTENSOR_CPU_KERNELS).
  const probe = openLibrary(spec, PROBE_SYMBOLS);
  const info = new Int32Array(4);
  const status = probe.lib.symbols.dt_cpu_info(info);
  probe.lib.close();
  const path = probe.path;
  if (status === 0 && env === "" && info[0] === 1 && path.endsWith("/libdenotensor_cpu.so")) {
    const dir = path.slice(0, -"libdenotensor_cpu.so".length);
    for (const level of [4, 3]) {
      const candidate = `${dir}libdenotensor_cpu_v${level}.so`;
      if (info[1] < level || !exists(candidate)) continue;
      try {
        const k = new NativeKernels(Deno.dlopen(candidate, CPU_SYMBOLS), candidate);
        if (k.isa === level) return configure(k);
        k.close();
      } catch {
        // A stale or broken variant: the baseline library serves.
      }
    }
  }
  return configure(new NativeKernels(Deno.dlopen(path, CPU_SYMBOLS), path));
}

/** Applies DENOTENSOR_CPU_THREADS and DENOTENSOR_CPU_PARALLEL_MIN. */
function configure(k: NativeKernels): NativeKernels {
  const threads = envCount("DENOTENSOR_CPU_THREADS");
  if (threads !== undefined) k.setThreads(threads);
  const parallel = envCount("DENOTENSOR_CPU_PARALLEL_MIN");
  if (parallel !== undefined) k.setParallelMin(parallel);
  return k;
}

/**
 * The native CPU kernels, opened on first use; null when they cannot be used (no FFI permission,
 * not built, DENOTENSOR_CPU_KERNELS=none), with the reason kept for `getCpuKernels()`.
 */
export function nativeKernels(): NativeKernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  if (!granted({ name: "ffi" })) {
    kernelsReason = "no FFI permission (run with --allow-ffi --allow-read --allow-env to use " +
      "the native CPU kernels)";
    return null;
  }
  try {
    kernels = openKernels();
  } catch (e) {
    kernelsReason = e instanceof Error ? e.message : String(e);
  }
  return kernels;
}

let parked: NativeKernels | null | undefined;

/**
 * Switches the native CPU kernels off (`false`) or back on (`true`) for this process, for tests
 * and benchmarks that compare the two paths.
 */
export function setNativeKernels(enabled: boolean): void {
  if (!enabled && kernels !== null) {
    parked = kernels;
    kernels = null;
    kernelsReason = "switched off by setNativeKernels(false)";
  } else if (enabled && kernels === null && kernelsReason.includes("setNativeKernels")) {
    kernels = parked;
    parked = undefined;
  }
}

/** Sets the element count from which ops use the native kernels (tests: 0, native always). */
export function setNativeMinElements(n: number): void {
  nativeMin = n;
}

/** Why the native kernels are not in use ("" when they are). */
export function nativeKernelsReason(): string {
  return kernels ? "" : kernelsReason;
}

/** The instruction-set name of a level. */
export function isaName(level: number): string {
  return ISA_NAMES[level] ?? `level ${level}`;
}

/**
 * Which CPU kernels run ops in this process: the native library (file, instruction set,
 * threads) or the TypeScript loops (and why), and BLAS or TypeScript for float matmul. Opens the
 * libraries if no op has yet (which needs the FFI permission; without it the answer says so).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const info = tf.config.getCpuKernels();
 * console.log(info.kernels === "native" || info.kernels === "typescript"); // true
 * ```
 */
export function getCpuKernels(): CpuKernelsInfo {
  const k = nativeKernels();
  const b = systemBlas();
  const info: CpuKernelsInfo = {
    kernels: k ? "native" : "typescript",
    matmul: b ? "blas" : "typescript",
  };
  if (k) {
    info.library = k.path;
    info.isa = isaName(k.isa);
    info.threads = k.threads;
    info.nativeMinElements = nativeMinElements();
  } else info.reason = kernelsReason;
  if (b) {
    info.blas = b.path;
    if (b.config) info.blasConfig = b.config;
  } else info.blasReason = blasReason();
  return info;
}

/** One line for `tf.listDevices()`: the CPU kernels and the BLAS in use. */
export function describeCpu(): string {
  const i = getCpuKernels();
  const kernels = i.kernels === "native"
    ? `native kernels ${i.library?.split("/").pop()} (${i.isa}, ${i.threads} threads)`
    : `TypeScript kernels (${i.reason})`;
  const matmul = i.matmul === "blas"
    ? `BLAS ${i.blas?.split("/").pop()}${i.blasConfig ? ` [${i.blasConfig}]` : ""}`
    : `TypeScript matmul (${i.blasReason})`;
  return `${kernels}; ${matmul}`;
}
