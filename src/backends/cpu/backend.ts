/**
 * The CPU backend: tensors live in plain typed arrays that the garbage collector owns. Elementwise
 * ops and reductions run loops compiled per op (`loops.ts`) from the scalar functions of
 * `scalar.ts`; matmul runs a cache-blocked kernel (`matmul.ts`). When FFI is granted, tensors of
 * `nativeMinElements()` elements or more go to the native CPU kernels instead (`native.ts`:
 * vectorised, threaded, the same results), and float32/float64 matmul to a system BLAS
 * (`blas.ts`); without them everything runs here, with the same results.
 *
 * @module
 */
import type { Backend, ConvGeometry, PhiloxStream, Storage, View } from "../backend.ts";
import {
  ARRAY_TYPES,
  bigintToFloat32,
  type DType,
  DTYPE_CODE,
  type TypedArray,
} from "../../dtype.ts";
import { ResourceExhaustedError } from "../../errors.ts";
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "../../ops/op_ids.ts";
import { boxMuller, philoxWords, uniform24, uniform53 } from "../../random.ts";
import { BINARY_SCALAR, REDUCE_SCALAR, UNARY_SCALAR } from "./scalar.ts";
import { compileLoop, compileReduce, type Loop, type ReduceLoop } from "./loops.ts";
import { matmulKernel } from "./matmul.ts";
import { collapse, contiguousStrides } from "../../shape.ts";
import { nativeKernels, nativeMinElements } from "./native.ts";
import { blasMinWork, blasReadable, systemBlas } from "./blas.ts";

/**
 * Host memory of a CPU tensor. `data` may be a view into a larger ArrayBuffer (tiny arrays are
 * carved out of shared slabs): code that reinterprets it must use `data.byteOffset` and
 * `data.byteLength` with `data.buffer`, never the whole buffer.
 */
export class CpuStorage implements Storage {
  /** Always "cpu". */
  readonly device = "cpu";
  /** Element dtype. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Number of live tensors that use it. */
  refs = 0;
  /** The elements. */
  readonly data: TypedArray;
  /** Wraps a typed array (not copied). */
  constructor(dtype: DType, data: TypedArray) {
    this.dtype = dtype;
    this.size = data.length;
    this.data = data;
  }
}

/** How a dtype computes on the CPU: 0 float, 1 int32/uint8, 2 bool, 3 int64. */
type Kind = 0 | 1 | 2 | 3;
const KIND: Record<DType, Kind> = {
  float16: 0,
  float32: 0,
  float64: 0,
  int32: 1,
  uint8: 1,
  bool: 2,
  int64: 3,
};
/**
 * Loops are compiled per dtype (DTYPE_CODE), not per kind: a loop that has seen one typed-array
 * class stays monomorphic, which is what lets the engine optimise its element accesses.
 */
const CODE = DTYPE_CODE;

function data(v: View): TypedArray {
  return (v.storage as CpuStorage).data;
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

const NONE: readonly number[] = [];

/** True when a view reads one element everywhere (all strides 0, or a single element). */
function repeatsOne(v: View): boolean {
  const st = v.strides;
  for (let i = 0; i < st.length; i++) if (st[i] !== 0 && v.shape[i] !== 1) return false;
  return true;
}

/**
 * Buffers of at least this many elements are pooled. Every size is: a typed array costs ~0.3 µs
 * to allocate even for one element (more for the garbage collector later), a pooled one ~30 ns.
 */
const POOL_MIN = 1;
/**
 * Arrays of at most this many bytes are views into shared slabs of SLAB_BYTES: creating a view is
 * ~20 ns where a new typed array costs ~300 ns (the whole cost of a 2 x 2 op). A live tiny
 * tensor keeps at most its slab alive.
 */
const SLAB_MAX = 64;
const SLAB_BYTES = 8192;

/** Operands of at least this many elements read across their rows are made dense first. */
const DENSE_MIN = 65536;

/** At most this many bytes wait in the pool. */
const POOL_BYTES = 256 * 2 ** 20;
/** At most this many buffers of one dtype and size wait in the pool. */
const POOL_PER_SIZE = 32;

/** A typed array of `dtype` over `size` elements of `buf` at byte `offset` (one site per type). */
function slabView(dtype: DType, buf: ArrayBuffer, offset: number, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(buf, offset, size);
    case "float64":
      return new Float64Array(buf, offset, size);
    case "int32":
      return new Int32Array(buf, offset, size);
    case "int64":
      return new BigInt64Array(buf, offset, size) as unknown as TypedArray;
    case "float16":
      return new Float16Array(buf, offset, size);
    default:
      return new Uint8Array(buf, offset, size);
  }
}

/** The conversion of one element from a kind to a dtype, as a JS expression of `$`. */
function conversion(from: DType, to: DType): string {
  if (to === "bool") return from === "int64" ? "($ !== 0n ? 1 : 0)" : "($ !== 0 ? 1 : 0)";
  if (from === "int64") {
    if (to === "int64") return "$";
    if (to === "int32") return "Number(BigInt.asIntN(32, $))";
    if (to === "uint8") return "Number(BigInt.asUintN(8, $))";
    if (to === "float32") return "bigintToFloat32($)";
    return "Number($)";
  }
  const float = from === "float16" || from === "float32" || from === "float64";
  if (to === "int64") {
    return float
      ? "($ !== $ ? 0n : $ >= 9223372036854775807 ? 9223372036854775807n : " +
        "$ <= -9223372036854775808 ? -9223372036854775808n : BigInt(Math.trunc($)))"
      : "BigInt($)";
  }
  if (float && to === "int32") {
    return "($ !== $ ? 0 : $ >= 2147483647 ? 2147483647 : $ <= -2147483648 ? -2147483648 : Math.trunc($))";
  }
  if (float && to === "uint8") return "($ !== $ ? 0 : $ >= 255 ? 255 : $ <= 0 ? 0 : Math.trunc($))";
  return "$";
}

/** Options of the CPU backend. */
export interface CpuBackendOptions {
  /**
   * Use the native CPU kernels and BLAS when they are available (the default); false keeps
   * every op in TypeScript (a reference for tests and benchmarks).
   */
  native?: boolean;
}

/** The CPU backend. */
export class CpuBackend implements Backend {
  /** Always "cpu". */
  readonly device = "cpu";
  #useNative: boolean;
  #unary: (Loop | undefined)[] = new Array(UNARY_OPS.length * 14).fill(undefined);
  #binary: (Loop | undefined)[] = new Array(BINARY_OPS.length * 42).fill(undefined);
  #reduce: (ReduceLoop | undefined)[] = new Array(REDUCE_OPS.length * 7).fill(undefined);
  #misc = new Map<string, Loop>();
  #pool: Map<number, TypedArray[]>[] = Array.from({ length: 7 }, () => new Map());
  #pooledBytes = 0;
  #slab = new ArrayBuffer(SLAB_BYTES);
  #slabUsed = 0;

  /** A CPU backend; see CpuBackendOptions. */
  constructor(options: CpuBackendOptions = {}) {
    this.#useNative = options.native ?? true;
  }

  alloc(dtype: DType, size: number): Storage {
    if (size >= POOL_MIN) {
      const list = this.#pool[CODE[dtype]].get(size);
      if (list !== undefined && list.length > 0) {
        const array = list.pop() as TypedArray;
        this.#pooledBytes -= array.byteLength;
        return new CpuStorage(dtype, array);
      }
    }
    const bytes = size * ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
    if (bytes <= SLAB_MAX && bytes > 0) {
      const need = (bytes + 7) & ~7; // 8-byte aligned for BigInt64Array and Float64Array
      if (this.#slabUsed + need > SLAB_BYTES) {
        this.#slab = new ArrayBuffer(SLAB_BYTES);
        this.#slabUsed = 0;
      }
      const view = slabView(dtype, this.#slab, this.#slabUsed, size);
      this.#slabUsed += need;
      return new CpuStorage(dtype, view);
    }
    let array: TypedArray;
    try {
      array = new ARRAY_TYPES[dtype](size);
    } catch (cause) {
      throw new ResourceExhaustedError(
        `Out of host memory allocating ${size} elements of ${dtype} (${
          size * ARRAY_TYPES[dtype].BYTES_PER_ELEMENT
        } bytes)`,
        { cause },
      );
    }
    return new CpuStorage(dtype, array);
  }

  /**
   * Keeps the array of a freed storage for the next allocation of the same dtype and size: a
   * loop under tf.tidy then reuses its buffers instead of allocating (and zeroing) new ones.
   * Storage is freed only when its last tensor is disposed, and nothing outside the library
   * ever holds a tensor's array (data access copies), so reuse is safe.
   */
  free(storage: Storage): void {
    const { data, size, dtype } = storage as CpuStorage;
    if (size < POOL_MIN || this.#pooledBytes + data.byteLength > POOL_BYTES) return;
    const pool = this.#pool[CODE[dtype]];
    let list = pool.get(size);
    if (list === undefined) pool.set(size, list = []);
    if (list.length >= POOL_PER_SIZE) return;
    list.push(data);
    this.#pooledBytes += data.byteLength;
  }

  /** Drops every pooled buffer (for the garbage collector). */
  emptyPool(): void {
    for (const p of this.#pool) p.clear();
    this.#pooledBytes = 0;
  }

  upload(src: TypedArray, dtype: DType): Storage {
    if (src.byteLength > SLAB_MAX) return new CpuStorage(dtype, src.slice());
    const s = this.alloc(dtype, src.length) as CpuStorage;
    (s.data as Float64Array).set(src as Float64Array);
    return s;
  }

  download(x: View): TypedArray {
    const d = data(x);
    if (contiguous(x)) return d.slice(x.offset, x.offset + x.size);
    const out = this.alloc(x.dtype, x.size);
    const view = { ...x, storage: out, offset: 0, strides: contiguousStrides(x.shape) };
    this.copy(x, view);
    return (out as CpuStorage).data;
  }

  downloadAsync(x: View): Promise<TypedArray> {
    return Promise.resolve(this.download(x));
  }

  fill(out: View, value: number | bigint): void {
    if (contiguous(out)) {
      (data(out) as { fill(v: number | bigint, s: number, e: number): void }).fill(
        value,
        out.offset,
        out.offset + out.size,
      );
      return;
    }
    const loop = this.#cached("fill", () => compileLoop("fill", "sv", "$1 = $0;", false, {}));
    const { shape, strides } = collapse(out.shape, [out.strides]);
    loop(
      value,
      0,
      NONE,
      data(out),
      out.offset,
      strides[0],
      null,
      0,
      NONE,
      null,
      0,
      NONE,
      shape,
      out.size,
    );
  }

  range(out: View, start: number, delta: number): void {
    const d = data(out);
    if (d instanceof BigInt64Array) {
      for (let i = 0; i < out.size; i++) d[out.offset + i] = BigInt(start + i * delta);
    } else for (let i = 0; i < out.size; i++) d[out.offset + i] = start + i * delta;
  }

  unary(op: number, x: View, out: View): void {
    if (out.size < DENSE_MIN) return this.#unary1(op, x, out);
    const dx = this.#dense(x, out);
    if (dx === null) return this.#unary1(op, x, out);
    try {
      this.#unary1(op, dx, out);
    } finally {
      this.free(dx.storage);
    }
  }

  #unary1(op: number, x: View, out: View): void {
    if (this.#useNative && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.unary(op, x, out)) return;
    }
    const kind = KIND[x.dtype];
    const cont = contiguous(x);
    const slot = (op * 7 + CODE[x.dtype]) * 2 + (cont ? 0 : 1);
    let loop = this.#unary[slot];
    if (loop === undefined) {
      const s = UNARY_SCALAR[UNARY_OPS[op]];
      const f = kind === 0 ? s.f : kind === 1 ? s.i ?? s.f : kind === 2 ? s.l ?? s.i ?? s.f : s.b;
      loop = compileLoop(`unary ${UNARY_OPS[op]} ${x.dtype}`, "vv", "$1 = f($0);", cont, {
        f,
      });
      this.#unary[slot] = loop;
    }
    this.#run(loop, cont, [x, out], out.shape, out.size);
  }

  binary(op: number, a: View | number | bigint, b: View | number | bigint, out: View): void {
    if (out.size < DENSE_MIN) return this.#binary1(op, a, b, out);
    const da = typeof a === "object" ? this.#dense(a, out) : null;
    const db = typeof b === "object" ? this.#dense(b, out) : null;
    try {
      this.#binary1(op, da ?? a, db ?? b, out);
    } finally {
      if (da !== null) this.free(da.storage);
      if (db !== null) this.free(db.storage);
    }
  }

  #binary1(op: number, a: View | number | bigint, b: View | number | bigint, out: View): void {
    // A tensor broadcast from one element is a scalar: read it and take the scalar loop.
    if (typeof a === "object" && typeof b === "object") {
      if (a.size > 1 && repeatsOne(b)) return this.#binary2(op, a, data(b)[b.offset], out);
      if (b.size > 1 && repeatsOne(a)) return this.#binary2(op, data(a)[a.offset], b, out);
    }
    this.#binary2(op, a, b, out);
  }

  /**
   * A C-contiguous copy of operand `v` when an elementwise kernel would read it across its rows
   * (a transpose or another permutation of a large array: the innermost axis strided, every
   * element read once, one cache line each) and the native library is there: the tiled copy
   * kernel (kernels/copy.cu) then the contiguous loop beat one strided pass about 3× at 2000².
   * Null for everything else (broadcast operands included: they read each element many times).
   * The callers ask only for outputs of DENSE_MIN elements or more.
   */
  #dense(v: View, out: View): View | null {
    if (!this.#useNative || v.size !== out.size || contiguous(v)) return null;
    let inner = 1;
    for (let i = v.shape.length - 1; i >= 0; i--) {
      if (v.shape[i] !== 1) {
        inner = Math.abs(v.strides[i]);
        break;
      }
    }
    if (inner <= 1 || v.strides.some((s, i) => s === 0 && v.shape[i] !== 1)) return null;
    return nativeKernels() === null ? null : this.#denseCopy(v);
  }

  #binary2(op: number, a: View | number | bigint, b: View | number | bigint, out: View): void {
    if (this.#useNative && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.binary(op, a, b, out)) return;
    }
    const av = typeof a === "object", bv = typeof b === "object";
    const dt = av ? a.dtype : (b as View).dtype;
    const kind = KIND[dt];
    const cont = (!av || contiguous(a)) && (!bv || contiguous(b));
    const layout = av && bv ? 0 : av ? 1 : 2;
    const slot = ((op * 7 + CODE[dt]) * 3 + layout) * 2 + (cont ? 0 : 1);
    let loop = this.#binary[slot];
    if (loop === undefined) {
      const s = BINARY_SCALAR[BINARY_OPS[op]];
      const f = kind === 0 ? s.f : kind === 1 ? s.i ?? s.f : kind === 2 ? s.l ?? s.i ?? s.f : s.b;
      const kinds = layout === 0 ? "vvv" : layout === 1 ? "vsv" : "svv";
      loop = compileLoop(
        `binary ${BINARY_OPS[op]} ${dt} ${kinds}`,
        kinds,
        "$2 = f($0, $1);",
        cont,
        { f },
      );
      this.#binary[slot] = loop;
    }
    if (cont) {
      loop(
        av ? data(a) : a,
        av ? a.offset : 0,
        NONE,
        bv ? data(b) : b,
        bv ? b.offset : 0,
        NONE,
        data(out),
        out.offset,
        NONE,
        null,
        0,
        NONE,
        NONE,
        out.size,
      );
      return;
    }
    const { shape, strides } = collapse(out.shape, [
      av ? a.strides : null,
      bv ? b.strides : null,
      out.strides,
    ]);
    loop(
      av ? data(a) : a,
      av ? a.offset : 0,
      strides[0],
      bv ? data(b) : b,
      bv ? b.offset : 0,
      strides[1],
      data(out),
      out.offset,
      strides[2],
      null,
      0,
      NONE,
      shape,
      out.size,
    );
  }

  where(cond: View, a: View, b: View, out: View): void {
    if (this.#useNative && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.where(cond, a, b, out)) return;
    }
    const cont = contiguous(cond) && contiguous(a) && contiguous(b);
    const loop = this.#cached(
      `where ${cont}`,
      () => compileLoop("where", "vvvv", "$3 = $0 ? $1 : $2;", cont, {}),
    );
    this.#run(loop, cont, [cond, a, b, out], out.shape, out.size);
  }

  cast(x: View, out: View): void {
    if (this.#useNative && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.cast(x, out)) return;
    }
    const cont = contiguous(x);
    const loop = this.#cached(`cast ${x.dtype} ${out.dtype} ${cont}`, () =>
      compileLoop(
        `cast ${x.dtype} ${out.dtype}`,
        "vv",
        `$1 = ${conversion(x.dtype, out.dtype).replaceAll("$", "$0")};`,
        cont,
        { bigintToFloat32 },
      ));
    this.#run(loop, cont, [x, out], out.shape, out.size);
  }

  copy(x: View, out: View): void {
    const cont = contiguous(x) && contiguous(out);
    if (cont) {
      const d = data(out) as Float64Array;
      d.set(data(x).subarray(x.offset, x.offset + x.size) as Float64Array, out.offset);
      return;
    }
    if (this.#useNative && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.copy(x, out)) return;
    }
    const loop = this.#cached("copy", () => compileLoop("copy", "vv", "$1 = $0;", false, {}));
    this.#run(loop, false, [x, out], out.shape, out.size);
  }

  reduce(op: number, x: View, reduced: number, out: View): void {
    if (this.#useNative && x.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.reduce(op, x, reduced, out)) return;
    }
    const kind = KIND[x.dtype];
    const slot = op * 7 + CODE[x.dtype];
    let loop = this.#reduce[slot];
    if (loop === undefined) {
      const name = REDUCE_OPS[op];
      const s = REDUCE_SCALAR[name];
      const big = kind === 3;
      const step = big ? s.b : kind === 0 ? s.f : s.i ?? s.f;
      const acc = big && out.dtype !== "int64" ? "Number(acc)" : "acc";
      const fin = s.fin ? `fin(${acc}, nInner)` : acc;
      loop = compileReduce(`reduce ${name} ${x.dtype}`, fin, {
        step,
        fin: s.fin,
        init: big ? s.binit : s.init,
      });
      this.#reduce[slot] = loop;
    }
    const k = x.shape.length - reduced;
    const outer = collapse(x.shape.slice(0, k), [x.strides.slice(0, k)]);
    const inner = collapse(x.shape.slice(k), [x.strides.slice(k)]);
    loop(
      data(x),
      x.offset,
      outer.shape,
      outer.strides[0],
      inner.shape,
      inner.strides[0],
      data(out),
      out.size,
      x.size / Math.max(out.size, 1),
    );
  }

  argReduce(op: number, x: View, out: View): void {
    if (this.#useNative && x.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.argReduce(op, x, out)) return;
    }
    const d = data(x);
    const o = data(out);
    const n = x.shape[x.shape.length - 1];
    const t = x.strides[x.strides.length - 1];
    const outerShape = x.shape.slice(0, -1);
    const outerStrides = x.strides.slice(0, -1);
    const max = op === 0;
    let k = 0;
    forEachOffset(outerShape, outerStrides, x.offset, (p) => {
      let best = 0;
      let bv = d[p];
      if (!(bv !== bv)) {
        for (let j = 1, q = p + t; j < n; j++, q += t) {
          const v = d[q];
          if (v !== v) {
            best = j;
            break;
          }
          if (max ? v > bv : v < bv) {
            bv = v;
            best = j;
          }
        }
      }
      if (o instanceof BigInt64Array) o[k++] = BigInt(best);
      else o[k++] = best;
    });
  }

  cumsum(x: View, exclusive: boolean, reverse: boolean, out: View): void {
    if (this.#useNative && x.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.cumsum(x, exclusive, reverse, out)) return;
    }
    const d = data(x) as Float64Array;
    const o = data(out) as Float64Array;
    const n = x.shape[x.shape.length - 1];
    const t = x.strides[x.strides.length - 1];
    const big = o instanceof BigInt64Array;
    // Partial sums are rounded (or wrapped) to the output dtype at every step, as NumPy does:
    // writing to `acc`, a one-element array of that dtype, and reading back does it.
    const acc = new (o.constructor as Float64ArrayConstructor)(1);
    let k = 0;
    forEachOffset(x.shape.slice(0, -1), x.strides.slice(0, -1), x.offset, (p) => {
      const base = k++ * n;
      acc[0] = big ? 0n as unknown as number : 0;
      for (let jj = 0; jj < n; jj++) {
        const j = reverse ? n - 1 - jj : jj;
        if (exclusive) o[base + j] = acc[0];
        acc[0] += d[p + j * t];
        if (!exclusive) o[base + j] = acc[0];
      }
    });
  }

  matmul(a: View, b: View, out: View): void {
    // A matrix that BLAS cannot read (a broadcast view with stride 0, a strided slice: the
    // gradient of reduceSum fed into matmul's backward) is made dense first: one O(n²) copy
    // instead of the strided TypeScript kernel's O(n³) cliff.
    const da = this.#blasReadable(a), db = this.#blasReadable(b);
    try {
      if (
        this.#useNative && (a.dtype === "float32" || a.dtype === "float64") &&
        a.shape[1] * a.shape[2] * b.shape[2] >= blasMinWork()
      ) {
        const blas = systemBlas();
        if (blas !== null && blas.matmul(da, data(da), db, data(db), out, data(out))) return;
      }
      matmulKernel(da, data(da), db, data(db), out, data(out));
    } finally {
      if (da !== a) this.free(da.storage);
      if (db !== b) this.free(db.storage);
    }
  }

  /** `v` itself when BLAS can read its matrices, else a dense copy (from the pool). */
  #blasReadable(v: View): View {
    const [, rows, cols] = v.shape;
    const [batch, rs, cs] = v.strides;
    if ((blasReadable(rows, cols, rs, cs) && batch >= 0) || v.size === 0) return v;
    return this.#denseCopy(v);
  }

  /** A C-contiguous copy of `v` in a pooled buffer (free its storage after use). */
  #denseCopy(v: View): View {
    const storage = this.alloc(v.dtype, v.size);
    const dense = { ...v, storage, offset: 0, strides: contiguousStrides(v.shape) };
    this.copy(v, dense);
    return dense;
  }

  gather(x: View, indices: View, out: View): void {
    if (this.#useNative && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.gather(x, indices, out)) return;
    }
    const [outer, n, inner] = x.shape;
    const m = indices.size;
    const d = data(x);
    const o = data(out) as Float64Array;
    const idx = this.download(indices);
    for (let i = 0; i < outer; i++) {
      for (let j = 0; j < m; j++) {
        const src = x.offset + (i * n + Number(idx[j])) * inner;
        o.set(d.subarray(src, src + inner) as Float64Array, (i * m + j) * inner);
      }
    }
  }

  scatterAdd(updates: View, indices: View, out: View): void {
    if (this.#useNative && updates.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.scatterAdd(updates, indices, out)) return;
    }
    const [outer, n, inner] = out.shape;
    const m = indices.size;
    const u = this.download(updates) as Float64Array;
    const o = data(out) as Float64Array;
    const idx = this.download(indices);
    for (let i = 0; i < outer; i++) {
      for (let j = 0; j < m; j++) {
        const dst = (i * n + Number(idx[j])) * inner;
        const src = (i * m + j) * inner;
        for (let k = 0; k < inner; k++) o[dst + k] += u[src + k];
      }
    }
  }

  im2col(x: View, g: ConvGeometry, out: View): void {
    if (this.#useNative && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.im2col(x, g, out)) return;
    }
    const [n, h, w, c] = x.shape;
    const d = data(x) as Float64Array;
    const o = data(out) as Float64Array;
    const zero = (o instanceof BigInt64Array ? 0n : 0) as number;
    const run = g.kw * c;
    let p = out.offset;
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < g.oh; oy++) {
        for (let ox = 0; ox < g.ow; ox++) {
          for (let ky = 0; ky < g.kh; ky++) {
            const iy = oy * g.sh - g.top + ky * g.dh;
            if (iy < 0 || iy >= h) {
              o.fill(zero, p, p += run);
              continue;
            }
            const row = x.offset + (b * h + iy) * w * c;
            for (let kx = 0; kx < g.kw; kx++, p += c) {
              const ix = ox * g.sw - g.left + kx * g.dw;
              if (ix < 0 || ix >= w) o.fill(zero, p, p + c);
              else if (c < 16) {
                for (let j = 0, q = row + ix * c; j < c; j++) o[p + j] = d[q + j];
              } else o.set(d.subarray(row + ix * c, row + ix * c + c), p);
            }
          }
        }
      }
    }
  }

  col2im(cols: View, g: ConvGeometry, out: View): void {
    if (this.#useNative && cols.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.col2im(cols, g, out)) return;
    }
    const [n, h, w, c] = out.shape;
    const u = data(cols) as Float64Array;
    const o = data(out) as Float64Array;
    const row = g.kh * g.kw * c; // one patch row
    // The offsets of the patch entries that read a pixel, in the order of the patch rows (the
    // native kernels' order: taps from the last to the first).
    const taps = new Float64Array(g.kh * g.kw);
    // Floats add in float64 and round once at the store; int32, uint8 and bool wrap in 32 bits,
    // then the store truncates; int64 adds BigInts and the store wraps them.
    const kind = o instanceof BigInt64Array ? 2 : KIND[out.dtype] === 0 ? 0 : 1;
    let p = out.offset;
    for (let b = 0; b < n; b++) {
      for (let iy = 0; iy < h; iy++) {
        for (let ix = 0; ix < w; ix++) {
          let count = 0;
          for (let ky = g.kh - 1; ky >= 0; ky--) {
            const ty = iy + g.top - ky * g.dh;
            if (ty < 0 || ty % g.sh !== 0) continue;
            const oy = ty / g.sh;
            if (oy >= g.oh) break;
            for (let kx = g.kw - 1; kx >= 0; kx--) {
              const tx = ix + g.left - kx * g.dw;
              if (tx < 0 || tx % g.sw !== 0) continue;
              const ox = tx / g.sw;
              if (ox >= g.ow) break;
              taps[count++] = cols.offset + ((b * g.oh + oy) * g.ow + ox) * row +
                (ky * g.kw + kx) * c;
            }
          }
          for (let ch = 0; ch < c; ch++, p++) {
            if (kind === 2) {
              let acc = 0n;
              for (let t = 0; t < count; t++) acc += u[taps[t] + ch] as unknown as bigint;
              o[p] = acc as unknown as number;
            } else {
              let acc = 0;
              for (let t = 0; t < count; t++) {
                acc = kind === 0 ? acc + u[taps[t] + ch] : (acc + u[taps[t] + ch]) | 0;
              }
              o[p] = acc;
            }
          }
        }
      }
    }
  }

  random(op: number, stream: PhiloxStream, a: number, b: number, out: View): void {
    // Uniform values are the same bits natively; normals stay here (the C library's log, cos
    // and sin may differ from V8's in the last float64 bit).
    if (this.#useNative && op === 0 && out.size >= nativeMinElements()) {
      const k = nativeKernels();
      if (k !== null && k.abi.random(0, stream, a, b, out)) return;
    }
    const o = data(out);
    const n = out.size;
    if (op === 0) {
      // float32 and float16 take 24 bits a value; float64 and integers take 53 bits (two words).
      const wide = out.dtype !== "float32" && out.dtype !== "float16";
      const int = out.dtype !== "float64" && wide;
      const words = philoxWords(stream, wide ? 2 * n : n);
      for (let i = 0; i < n; i++) {
        const u = wide ? uniform53(words[2 * i], words[2 * i + 1]) : uniform24(words[i]);
        const v = a + u * (b - a);
        if (o instanceof BigInt64Array) o[i] = BigInt(Math.floor(v));
        else o[i] = int ? Math.floor(v) : v;
      }
      return;
    }
    const words = philoxWords(stream, n + (n & 1));
    const z = new Float64Array(2);
    const f = o as Float64Array;
    for (let i = 0; i < n; i += 2) {
      boxMuller(words[i], words[i + 1], z, 0);
      f[i] = a + b * z[0];
      if (i + 1 < n) f[i + 1] = a + b * z[1];
    }
  }

  synchronize(): void {}

  #cached(key: string, make: () => Loop): Loop {
    let loop = this.#misc.get(key);
    if (loop === undefined) {
      loop = make();
      this.#misc.set(key, loop);
    }
    return loop;
  }

  #run(loop: Loop, cont: boolean, views: View[], shape: readonly number[], n: number): void {
    if (n === 0) return;
    const v3 = views[3];
    if (cont) {
      loop(
        data(views[0]),
        views[0].offset,
        NONE,
        data(views[1]),
        views[1].offset,
        NONE,
        views.length > 2 ? data(views[2]) : null,
        views.length > 2 ? views[2].offset : 0,
        NONE,
        v3 ? data(v3) : null,
        v3 ? v3.offset : 0,
        NONE,
        NONE,
        n,
      );
      return;
    }
    const { shape: s, strides } = collapse(shape, views.map((v) => v.strides));
    loop(
      data(views[0]),
      views[0].offset,
      strides[0],
      data(views[1]),
      views[1].offset,
      strides[1],
      views.length > 2 ? data(views[2]) : null,
      views.length > 2 ? views[2].offset : 0,
      strides[2] ?? NONE,
      v3 ? data(v3) : null,
      v3 ? v3.offset : 0,
      strides[3] ?? NONE,
      s,
      n,
    );
  }
}

/** Calls `fn` with the storage offset of every index of a strided shape, in row-major order. */
function forEachOffset(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  fn: (p: number) => void,
): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (n === 0) return;
  const idx = new Float64Array(shape.length);
  let p = offset;
  for (let k = 0; k < n; k++) {
    fn(p);
    for (let d = shape.length - 1; d >= 0; d--) {
      p += strides[d];
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
      p -= strides[d] * shape[d];
    }
  }
}
