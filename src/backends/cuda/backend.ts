/**
 * The CUDA backend: device memory from a caching allocator, one stream, our kernels through FFI
 * (`ffi/kernels.ts`) and float matmul through cuBLAS. An op without a kernel for its dtype
 * (float16, or one `dt_supports` denies) runs on the CPU with copies (soft placement), counted in
 * `tf.memory()`. Over the emulation library (`libdenotensor_cuda_emu.so`) the same code runs on
 * host memory, which is how CI tests it without a GPU.
 *
 * @module
 */
import type { Backend, ConvGeometry, PhiloxStream, Storage, View } from "../backend.ts";
import { ARRAY_TYPES, type DType, DTYPE_CODE, ITEMSIZE, type TypedArray } from "../../dtype.ts";
import { CudaError, InvalidArgumentError, ResourceExhaustedError } from "../../errors.ts";
import { contiguousStrides, isContiguous } from "../../shape.ts";
import { memory } from "../../memory.ts";
import { CpuBackend, CpuStorage } from "../cpu/backend.ts";
import { collapse } from "../cpu/loops.ts";
import { type Block, CachingAllocator } from "./allocator.ts";
import {
  CONV_GEOMETRY_SIZE,
  convGeometry,
  DTYPE_SUFFIX as SUFFIX,
  type KernelLibrary,
} from "../../../ffi/kernels.ts";
import {
  CUBLAS_DEFAULT_MATH,
  CUBLAS_OP_N,
  CUBLAS_OP_T,
  CUBLAS_TF32_TENSOR_OP_MATH,
  type CublasLibrary,
} from "../../../ffi/cublas.ts";

const MAX_DIMS = 8;
const LAYOUT_SIZE = 48;
const OFFSET = 2, SHAPE = 6, STRIDES = 14, I64 = 46;
const R_SIZE = 20, R_OFFSET = 2, R_SHAPE = 4, R_STRIDES = 12;
/** cudaErrorMemoryAllocation */
const OUT_OF_MEMORY = 2;
/** CUDA errors after which the context is unusable (sticky). */
const STICKY = new Set([700, 701, 702, 710, 714, 715, 716, 717, 718, 719, 720, 999]);
/** Op families of `dt_supports`. */
const FAMILY = { unary: 0, binary: 1, reduce: 2 } as const;

/** Device memory of a CUDA tensor. */
export class CudaStorage implements Storage {
  /** The device. */
  readonly device: string;
  /** Element dtype. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Number of live tensors that use it. */
  refs = 0;
  /** The device block (null once freed). */
  block: Block | null;
  /** Wraps a block. */
  constructor(device: string, dtype: DType, size: number, block: Block) {
    this.device = device;
    this.dtype = dtype;
    this.size = size;
    this.block = block;
  }
}

/** Options of the CUDA backend. */
export interface CudaBackendOptions {
  /** The opened kernel library (GPU or emulation). */
  lib: KernelLibrary;
  /** cuBLAS, for float32/float64 matmul (null: our matmul kernel). */
  cublas: CublasLibrary | null;
  /** Synchronise after every op (DENOTENSOR_SYNC=1). */
  sync: boolean;
}

/** The CUDA backend. */
export class CudaBackend implements Backend {
  /** Always "cuda:0". */
  readonly device = "cuda:0";
  /** True over the emulation library. */
  readonly emulated: boolean;
  /** Ops run on the CPU for want of a kernel, and the bytes they copied. */
  readonly softPlacement = { ops: 0, bytes: 0 };
  #lib: KernelLibrary;
  #cublas: CublasLibrary | null;
  #handle: Deno.PointerValue = null;
  #stream: Deno.PointerValue = null;
  #sync: boolean;
  #sticky: CudaError | null = null;
  #allocator: CachingAllocator;
  #cpu = new CpuBackend();
  #layout = new Int32Array(LAYOUT_SIZE);
  #rlayout = new Int32Array(R_SIZE);
  #mlayout = new Int32Array(8);
  #conv = new Int32Array(CONV_GEOMETRY_SIZE);
  #word = new Int32Array(4);
  #ptrOut = new BigUint64Array(1);
  #supported = new Map<number, boolean>();
  #tf32 = false;
  #registry: FinalizationRegistry<Block>;

  /** Opens a stream and a cuBLAS handle on device 0. */
  constructor(options: CudaBackendOptions) {
    this.#lib = options.lib;
    this.#cublas = options.cublas;
    this.#sync = options.sync;
    const flag = new Int32Array(1);
    this.#check(this.#lib.symbols.dt_is_emulation(flag), "init");
    this.emulated = flag[0] === 1;
    this.#check(this.#lib.symbols.dt_set_device(0), "init");
    if (!this.emulated) {
      this.#check(this.#lib.symbols.dt_stream_create(this.#ptrOut), "init");
      this.#stream = Deno.UnsafePointer.create(this.#ptrOut[0]);
    }
    if (this.#cublas !== null) {
      const h = new BigUint64Array(1);
      this.#checkBlas(this.#cublas.symbols.cublasCreate_v2(h), "init");
      this.#handle = Deno.UnsafePointer.create(h[0]);
      this.#checkBlas(this.#cublas.symbols.cublasSetStream_v2(this.#handle, this.#stream), "init");
      this.#checkBlas(
        this.#cublas.symbols.cublasSetMathMode(this.#handle, CUBLAS_DEFAULT_MATH),
        "init",
      );
    }
    const sym = this.#lib.symbols;
    this.#allocator = new CachingAllocator(
      (bytes) => {
        const status = sym.dt_malloc(this.#ptrOut, bytes);
        if (status === OUT_OF_MEMORY) return null;
        this.#check(status, "alloc");
        return Deno.UnsafePointer.create(this.#ptrOut[0]);
      },
      (ptr) => void sym.dt_free(ptr),
    );
    // A backstop only: storage that nobody disposed goes back when the garbage collector finds it.
    this.#registry = new FinalizationRegistry((block) => this.#allocator.release(block));
  }

  /** The device's name and properties, for listDevices. */
  describe(): { name: string; computeCapability: string; multiprocessors: number } {
    const buf = new Uint8Array(256);
    this.#check(this.#lib.symbols.dt_device_name(0, buf, buf.length), "describe");
    const name = new TextDecoder().decode(buf.subarray(0, buf.indexOf(0)));
    const props = new Int32Array(4);
    this.#check(this.#lib.symbols.dt_device_props(0, props), "describe");
    return {
      name,
      computeCapability: `${props[0]}.${props[1]}`,
      multiprocessors: props[2],
    };
  }

  /** Allocator counters and soft placements, for tf.memory(). */
  stats(): Record<string, number> {
    return {
      ...this.#allocator.stats(),
      softPlacedOps: this.softPlacement.ops,
      softPlacedBytes: this.softPlacement.bytes,
    };
  }

  /** Counts an op that ran on the CPU with copies (soft placement). */
  countSoftPlacement(bytes: number): void {
    this.softPlacement.ops++;
    this.softPlacement.bytes += bytes;
  }

  /** Frees the cached device blocks. */
  emptyCache(): void {
    this.#allocator.emptyCache();
  }

  /** Uses TF32 tensor cores for float32 matmul (off by default). */
  setTf32(enabled: boolean): void {
    this.#tf32 = enabled;
    if (this.#cublas !== null) {
      this.#checkBlas(
        this.#cublas.symbols.cublasSetMathMode(
          this.#handle,
          enabled ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH,
        ),
        "setTf32Enabled",
      );
    }
  }

  /** Whether TF32 is on. */
  get tf32(): boolean {
    return this.#tf32;
  }

  #message(code: number): string {
    const p = this.#lib.symbols.dt_error_string(code);
    return p === null ? `error ${code}` : new Deno.UnsafePointerView(p).getCString();
  }

  /** Throws a CudaError naming `op` for a non-zero status; marks sticky errors. */
  #check(status: number, op: string): void {
    if (status === 0) return;
    const err = new CudaError(
      `${op}: CUDA error ${status} (${this.#message(status)})`,
      status,
    );
    if (STICKY.has(status)) this.#sticky = err;
    throw err;
  }

  #checkBlas(status: number, op: string): void {
    if (status !== 0) {
      throw new CudaError(`${op}: cuBLAS error ${status}`, status);
    }
  }

  #live(): void {
    if (this.#sticky !== null) {
      throw new CudaError(
        `The CUDA device is unusable after an earlier error: ${this.#sticky.message}`,
        this.#sticky.code,
      );
    }
  }

  /** After a kernel: with DENOTENSOR_SYNC=1, wait and surface errors now. */
  #after(status: number, op: string): void {
    this.#check(status, op);
    if (this.#sync) this.synchronize();
  }

  #ptr(v: View): Deno.PointerValue {
    const block = (v.storage as CudaStorage).block;
    if (block === null) throw new CudaError("The tensor's device memory was freed", 0);
    return block.ptr;
  }

  /** The device address of a view's first element. */
  #at(v: View): Deno.PointerValue {
    return offsetPtr(this.#ptr(v), v.offset * ITEMSIZE[v.dtype]);
  }

  #supports(family: number, op: number, dtype: DType): boolean {
    const s = SUFFIX[dtype];
    if (s === undefined) return false;
    const key = (family * 64 + op) * 8 + DTYPE_CODE[dtype];
    let ok = this.#supported.get(key);
    if (ok === undefined) {
      this.#word[0] = 0;
      this.#check(
        this.#lib.symbols.dt_supports(family, op, DTYPE_CODE[dtype], this.#word),
        "supports",
      );
      ok = this.#word[0] === 1;
      this.#supported.set(key, ok);
    }
    return ok;
  }

  alloc(dtype: DType, size: number): Storage {
    this.#live();
    const bytes = size * ITEMSIZE[dtype];
    const block = this.#allocator.alloc(bytes);
    if (block === null) {
      const s = this.#allocator.stats();
      const live = memory().devices[this.device]?.numTensors ?? 0;
      throw new ResourceExhaustedError(
        `Out of GPU memory allocating ${bytes} bytes (${size} elements of ${dtype}) with ` +
          `${s.bytesInUse} bytes in use by ${live} live tensors: free tensors with dispose(), ` +
          `using or tf.tidy()`,
      );
    }
    const storage = new CudaStorage(this.device, dtype, size, block);
    this.#registry.register(storage, block, storage);
    return storage;
  }

  free(storage: Storage): void {
    const s = storage as CudaStorage;
    if (s.block === null) return;
    this.#registry.unregister(s);
    this.#allocator.release(s.block);
    s.block = null;
  }

  upload(data: TypedArray, dtype: DType): Storage {
    const s = this.alloc(dtype, data.length) as CudaStorage;
    if (data.length > 0) {
      this.#check(
        this.#lib.symbols.dt_memcpy_htod(
          (s.block as Block).ptr,
          data,
          data.byteLength,
          this.#stream,
        ),
        "upload",
      );
    }
    return s;
  }

  /** A contiguous device copy of a view (itself when it already is one). */
  #contiguous(x: View): { view: View; temp: Storage | null } {
    if (isContiguous(x.shape, x.strides)) return { view: x, temp: null };
    const temp = this.alloc(x.dtype, x.size);
    const view = { ...viewOf(x), storage: temp, offset: 0, strides: contiguousStrides(x.shape) };
    this.copy(x, view);
    return { view, temp };
  }

  download(x: View): TypedArray {
    this.#live();
    const out = new ARRAY_TYPES[x.dtype](x.size);
    if (x.size === 0) return out;
    const { view, temp } = this.#contiguous(x);
    const src = this.#at(view);
    this.#check(
      this.#lib.symbols.dt_memcpy_dtoh(out, src, out.byteLength, this.#stream),
      "download",
    );
    if (temp !== null) this.free(temp);
    this.#checkFlag();
    return out;
  }

  async downloadAsync(x: View): Promise<TypedArray> {
    this.#live();
    const out = new ARRAY_TYPES[x.dtype](x.size);
    if (x.size === 0) return out;
    const { view, temp } = this.#contiguous(x);
    const storage = view.storage;
    storage.refs++; // keeps the memory alive while the copy runs
    try {
      const src = this.#at(view);
      const status = await this.#lib.symbols.dt_memcpy_dtoh_nonblocking(
        out,
        src,
        out.byteLength,
        this.#stream,
      );
      this.#check(status, "data");
    } finally {
      storage.refs--;
      if (temp !== null) this.free(temp);
      else if (storage.refs === 0) this.free(storage);
    }
    this.#checkFlag();
    return out;
  }

  /** Turns the bounds flag of gather/scatterAdd kernels into the error it stands for. */
  #checkFlag(): void {
    const out = this.#word;
    this.#check(this.#lib.symbols.dt_check_flag(this.#stream, out), "synchronize");
    if (out[0] !== 0) {
      throw new InvalidArgumentError(
        `gather: index ${out[1]} is out of range [0, ${out[2]}) (found by the GPU kernel of an ` +
          `earlier gather or scatterAdd; run with DENOTENSOR_SYNC=1 to fail at that op)`,
      );
    }
  }

  synchronize(): void {
    this.#live();
    this.#check(this.#lib.symbols.dt_stream_sync(this.#stream), "synchronize");
    this.#checkFlag();
  }

  /**
   * Fills the elementwise layout for views of one `shape` (null for a scalar operand); false when
   * the merged axes are more than a kernel takes.
   */
  #fillLayout(views: (View | null)[], shape: readonly number[], i64?: bigint): boolean {
    const L = this.#layout;
    L.fill(0);
    const contiguousAll = views.every((v) => v === null || isContiguous(v.shape, v.strides));
    if (contiguousAll) {
      L[0] = 1;
      L[1] = 1;
      L[SHAPE] = shape.reduce((a, b) => a * b, 1);
      views.forEach((v, k) => {
        if (v !== null) {
          L[OFFSET + k] = v.offset;
          L[STRIDES + 8 * k] = 1;
        }
      });
    } else {
      const c = collapse(shape, views.map((v) => (v === null ? null : v.strides)));
      if (c.shape.length > MAX_DIMS) return false;
      L[0] = c.shape.length;
      c.shape.forEach((d, i) => (L[SHAPE + i] = d));
      views.forEach((v, k) => {
        if (v === null) return;
        L[OFFSET + k] = v.offset;
        c.strides[k].forEach((s, i) => (L[STRIDES + 8 * k + i] = s));
      });
    }
    if (i64 !== undefined) {
      L[I64] = Number(BigInt.asIntN(32, i64));
      L[I64 + 1] = Number(BigInt.asIntN(32, i64 >> 32n));
    }
    return true;
  }

  /** Soft placement: runs `run` on the CPU over host copies, then uploads the result. */
  #onCpu(
    inputs: (View | null)[],
    out: View,
    run: (cpu: CpuBackend, xs: (View | null)[], o: View) => void,
  ): void {
    const host = inputs.map((v) => (v === null ? null : hostView(v, this.download(v))));
    const hostOut = hostView(out, new ARRAY_TYPES[out.dtype](out.size));
    if (out.storage.dtype === out.dtype && !isContiguous(out.shape, out.strides)) {
      // Strided outputs (copy, fill) start from their current contents.
      ((hostOut.storage as CpuStorage).data as Float64Array).set(
        this.download(out) as Float64Array,
      );
    }
    run(this.#cpu, host, hostOut);
    const data = (hostOut.storage as CpuStorage).data;
    this.countSoftPlacement(data.byteLength);
    const up = this.upload(data, out.dtype);
    this.copy(
      { ...viewOf(out), storage: up, offset: 0, strides: contiguousStrides(out.shape) },
      out,
    );
    this.free(up);
  }

  fill(out: View, value: number | bigint): void {
    const s = SUFFIX[out.dtype];
    if (
      s === undefined ||
      !this.#fillLayout([out], out.shape, typeof value === "bigint" ? value : undefined)
    ) {
      return this.#onCpu([], out, (cpu, _, o) => cpu.fill(o, value));
    }
    this.#after(
      this.#lib.symbols[`dt_fill_${s}`](
        out.size,
        this.#layout,
        Number(value),
        this.#ptr(out),
        this.#stream,
      ),
      "fill",
    );
  }

  range(out: View, start: number, delta: number): void {
    const s = SUFFIX[out.dtype];
    if (s === undefined || !isContiguous(out.shape, out.strides) || out.offset !== 0) {
      return this.#onCpu([], out, (cpu, _, o) => cpu.range(o, start, delta));
    }
    this.#after(
      this.#lib.symbols[`dt_range_${s}`](out.size, start, delta, this.#ptr(out), this.#stream),
      "range",
    );
  }

  unary(op: number, x: View, out: View): void {
    const s = SUFFIX[x.dtype];
    if (
      s === undefined || !this.#supports(FAMILY.unary, op, x.dtype) ||
      !this.#fillLayout([x, out], out.shape)
    ) {
      return this.#onCpu([x], out, (cpu, [h], o) => cpu.unary(op, h as View, o));
    }
    this.#after(
      this.#lib.symbols[`dt_unary_${s}`](
        op,
        out.size,
        this.#layout,
        this.#ptr(x),
        this.#ptr(out),
        this.#stream,
      ),
      "unary",
    );
  }

  binary(op: number, a: View | number | bigint, b: View | number | bigint, out: View): void {
    const av = typeof a === "object" ? a : null;
    const bv = typeof b === "object" ? b : null;
    const dtype = (av ?? bv as View).dtype;
    const scalar = av === null ? a as number | bigint : bv === null ? b as number | bigint : 0;
    const s = SUFFIX[dtype];
    if (
      s === undefined || !this.#supports(FAMILY.binary, op, dtype) ||
      !this.#fillLayout([av, bv, out], out.shape, typeof scalar === "bigint" ? scalar : undefined)
    ) {
      return this.#onCpu(
        [av, bv],
        out,
        (cpu, [x, y], o) =>
          cpu.binary(op, x ?? (a as number | bigint), y ?? (b as number | bigint), o),
      );
    }
    this.#after(
      this.#lib.symbols[`dt_binary_${s}`](
        op,
        out.size,
        this.#layout,
        av === null ? null : this.#ptr(av),
        bv === null ? null : this.#ptr(bv),
        Number(scalar),
        av === null ? 1 : bv === null ? 2 : 0,
        this.#ptr(out),
        this.#stream,
      ),
      "binary",
    );
  }

  where(cond: View, a: View, b: View, out: View): void {
    const s = SUFFIX[a.dtype];
    if (s === undefined || !this.#fillLayout([cond, a, b, out], out.shape)) {
      return this.#onCpu(
        [cond, a, b],
        out,
        (cpu, [c, x, y], o) => cpu.where(c as View, x as View, y as View, o),
      );
    }
    this.#after(
      this.#lib.symbols[`dt_where_${s}`](
        out.size,
        this.#layout,
        this.#ptr(cond),
        this.#ptr(a),
        this.#ptr(b),
        this.#ptr(out),
        this.#stream,
      ),
      "where",
    );
  }

  cast(x: View, out: View): void {
    const s = SUFFIX[x.dtype];
    if (
      s === undefined || SUFFIX[out.dtype] === undefined || !this.#fillLayout([x, out], out.shape)
    ) {
      return this.#onCpu([x], out, (cpu, [h], o) => cpu.cast(h as View, o));
    }
    this.#after(
      this.#lib.symbols[`dt_cast_${s}`](
        DTYPE_CODE[out.dtype],
        out.size,
        this.#layout,
        this.#ptr(x),
        this.#ptr(out),
        this.#stream,
      ),
      "cast",
    );
  }

  copy(x: View, out: View): void {
    if (out.size === 0) return;
    if (!this.#fillLayout([x, out], out.shape)) {
      return this.#onCpu([x], out, (cpu, [h], o) => cpu.copy(h as View, o));
    }
    this.#after(
      this.#lib.symbols.dt_copy(
        ITEMSIZE[x.dtype],
        out.size,
        this.#layout,
        this.#ptr(x),
        this.#ptr(out),
        this.#stream,
      ),
      "copy",
    );
  }

  /** Fills the reduction layout; false when the merged axes are too many. */
  #fillReduceLayout(x: View, reduced: number): { outer: number; inner: number } | null {
    const k = x.shape.length - reduced;
    const outer = collapse(x.shape.slice(0, k), [x.strides.slice(0, k)]);
    const inner = collapse(x.shape.slice(k), [x.strides.slice(k)]);
    const kept = k === 0 ? 0 : outer.shape.length;
    const ndim = kept + inner.shape.length;
    if (ndim > MAX_DIMS) return null;
    const R = this.#rlayout;
    R.fill(0);
    R[0] = ndim;
    R[1] = inner.shape.length;
    R[R_OFFSET] = x.offset;
    const shape = [...(k === 0 ? [] : outer.shape), ...inner.shape];
    const strides = [...(k === 0 ? [] : outer.strides[0]), ...inner.strides[0]];
    shape.forEach((d, i) => (R[R_SHAPE + i] = d));
    strides.forEach((s, i) => (R[R_STRIDES + i] = s));
    const nOuter = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
    const nInner = x.shape.slice(k).reduce((a, b) => a * b, 1);
    return { outer: nOuter, inner: nInner };
  }

  reduce(op: number, x: View, reduced: number, out: View): void {
    const s = SUFFIX[x.dtype];
    const dims = s === undefined || !this.#supports(FAMILY.reduce, op, x.dtype)
      ? null
      : this.#fillReduceLayout(x, reduced);
    if (s === undefined || dims === null) {
      return this.#onCpu([x], out, (cpu, [h], o) => cpu.reduce(op, h as View, reduced, o));
    }
    this.#after(
      this.#lib.symbols[`dt_reduce_${s}`](
        op,
        dims.outer,
        dims.inner,
        this.#rlayout,
        this.#ptr(x),
        this.#ptr(out),
        this.#stream,
      ),
      "reduce",
    );
  }

  argReduce(op: number, x: View, out: View): void {
    const s = SUFFIX[x.dtype];
    const dims = s === undefined ? null : this.#fillReduceLayout(x, 1);
    if (s === undefined || dims === null) {
      return this.#onCpu([x], out, (cpu, [h], o) => cpu.argReduce(op, h as View, o));
    }
    this.#after(
      this.#lib.symbols[`dt_arg_reduce_${s}`](
        op,
        DTYPE_CODE[out.dtype],
        dims.outer,
        dims.inner,
        this.#rlayout,
        this.#ptr(x),
        this.#ptr(out),
        this.#stream,
      ),
      "argmax",
    );
  }

  cumsum(x: View, exclusive: boolean, reverse: boolean, out: View): void {
    const s = SUFFIX[x.dtype];
    const dims = s === undefined ? null : this.#fillReduceLayout(x, 1);
    if (s === undefined || dims === null) {
      return this.#onCpu([x], out, (cpu, [h], o) => cpu.cumsum(h as View, exclusive, reverse, o));
    }
    this.#after(
      this.#lib.symbols[`dt_cumsum_${s}`](
        dims.outer,
        dims.inner,
        this.#rlayout,
        exclusive ? 1 : 0,
        reverse ? 1 : 0,
        this.#ptr(x),
        this.#ptr(out),
        this.#stream,
      ),
      "cumsum",
    );
  }

  matmul(a: View, b: View, out: View): void {
    const s = SUFFIX[a.dtype];
    if (s === undefined) {
      return this.#onCpu([a, b], out, (cpu, [x, y], o) => cpu.matmul(x as View, y as View, o));
    }
    if (this.#cublas !== null && (a.dtype === "float32" || a.dtype === "float64")) {
      if (this.#gemm(a, b, out)) return;
    }
    const M = this.#mlayout;
    M[0] = a.offset;
    M[1] = a.strides[0];
    M[2] = a.strides[1];
    M[3] = a.strides[2];
    M[4] = b.offset;
    M[5] = b.strides[0];
    M[6] = b.strides[1];
    M[7] = b.strides[2];
    const [batch, m, k] = a.shape;
    this.#after(
      this.#lib.symbols[`dt_matmul_${s}`](
        batch,
        m,
        b.shape[2],
        k,
        M,
        this.#ptr(a),
        this.#ptr(b),
        this.#ptr(out),
        this.#stream,
      ),
      "matmul",
    );
  }

  /**
   * Row-major C = A·B through column-major cuBLAS: C^T = B^T·A^T, each operand described by its
   * strides (a transpose is a flag, not a copy). False when a stride pattern needs a copy.
   */
  #gemm(a: View, b: View, out: View): boolean {
    const cublas = this.#cublas as CublasLibrary;
    const [batch, m, k] = a.shape;
    const n = b.shape[2];
    const x = operand(n, k, b.strides[2], b.strides[1]); // B^T, n x k
    const y = operand(k, m, a.strides[2], a.strides[1]); // A^T, k x m
    if (x === null || y === null) return false;
    const ptrA = this.#at(a);
    const ptrB = this.#at(b);
    const f32 = a.dtype === "float32";
    const one = f32 ? new Float32Array([1]) : new Float64Array([1]);
    const zero = f32 ? new Float32Array([0]) : new Float64Array([0]);
    const gemm = f32
      ? cublas.symbols.cublasSgemmStridedBatched
      : cublas.symbols.cublasDgemmStridedBatched;
    this.#checkBlas(
      gemm(
        this.#handle,
        x.trans,
        y.trans,
        n,
        m,
        k,
        one,
        ptrB,
        x.ld,
        BigInt(b.strides[0]),
        ptrA,
        y.ld,
        BigInt(a.strides[0]),
        zero,
        this.#ptr(out),
        n,
        BigInt(m * n),
        batch,
      ),
      "matmul",
    );
    if (this.#sync) this.synchronize();
    return true;
  }

  /** A device-to-device copy of a contiguous view's bytes (cudaMemcpy; the bandwidth baseline). */
  memcpy(x: View, out: View): void {
    const size = ITEMSIZE[x.dtype];
    this.#after(
      this.#lib.symbols.dt_memcpy_dtod(
        offsetPtr(this.#ptr(out), out.offset * size),
        offsetPtr(this.#ptr(x), x.offset * size),
        x.size * size,
        this.#stream,
      ),
      "memcpy",
    );
  }

  gather(x: View, indices: View, out: View): void {
    const [outer, n, inner] = x.shape;
    const idxCode = DTYPE_CODE[indices.dtype];
    this.#after(
      this.#lib.symbols.dt_gather(
        ITEMSIZE[x.dtype],
        outer,
        n,
        inner,
        indices.size,
        idxCode,
        this.#at(x),
        this.#at(indices),
        this.#at(out),
        this.#stream,
      ),
      "gather",
    );
  }

  scatterAdd(updates: View, indices: View, out: View): void {
    const s = SUFFIX[out.dtype];
    if (s === undefined) {
      return this.#onCpu([updates, indices, out], out, (cpu, [u, i, o0], o) => {
        cpu.copy(o0 as View, o);
        cpu.scatterAdd(u as View, i as View, o);
      });
    }
    const [outer, n, inner] = out.shape;
    this.#after(
      this.#lib.symbols[`dt_scatter_add_${s}`](
        outer,
        n,
        inner,
        indices.size,
        DTYPE_CODE[indices.dtype],
        this.#at(updates),
        this.#at(indices),
        this.#at(out),
        this.#stream,
      ),
      "scatterAdd",
    );
  }

  im2col(x: View, g: ConvGeometry, out: View): void {
    const s = SUFFIX[x.dtype];
    if (s === undefined) {
      return this.#onCpu([x], out, (cpu, [h], o) => cpu.im2col(h as View, g, o));
    }
    this.#after(
      this.#lib.symbols[`dt_im2col_${s}`](
        convGeometry(this.#conv, x.shape, g),
        this.#at(x),
        this.#at(out),
        this.#stream,
      ),
      "im2col",
    );
  }

  col2im(cols: View, g: ConvGeometry, out: View): void {
    const s = SUFFIX[out.dtype];
    if (s === undefined) {
      return this.#onCpu([cols], out, (cpu, [c], o) => cpu.col2im(c as View, g, o));
    }
    this.#after(
      this.#lib.symbols[`dt_col2im_${s}`](
        convGeometry(this.#conv, out.shape, g),
        this.#at(cols),
        this.#at(out),
        this.#stream,
      ),
      "col2im",
    );
  }

  random(op: number, stream: PhiloxStream, a: number, b: number, out: View): void {
    if (out.dtype === "float16") {
      return this.#onCpu([], out, (cpu, _, o) => cpu.random(op, stream, a, b, o));
    }
    this.#after(
      this.#lib.symbols.dt_random(
        op,
        DTYPE_CODE[out.dtype],
        out.size,
        stream.key[0] | 0,
        stream.key[1] | 0,
        stream.call | 0,
        a,
        b,
        this.#at(out),
        this.#stream,
      ),
      "random",
    );
  }
}

/** How a strided matrix reads as a column-major cuBLAS operand: op and leading dimension. */
function operand(
  rows: number,
  cols: number,
  rs: number,
  cs: number,
): { trans: number; ld: number } | null {
  if (rs === 1 && (cols === 1 || cs >= Math.max(rows, 1))) {
    return { trans: CUBLAS_OP_N, ld: cols === 1 ? Math.max(rows, 1) : cs };
  }
  if (cs === 1 && (rows === 1 || rs >= Math.max(cols, 1))) {
    return { trans: CUBLAS_OP_T, ld: rows === 1 ? Math.max(cols, 1) : rs };
  }
  if (cols === 1 && rs >= 1) return { trans: CUBLAS_OP_T, ld: rs };
  return null;
}

function offsetPtr(p: Deno.PointerValue, bytes: number): Deno.PointerValue {
  return bytes === 0 ? p : Deno.UnsafePointer.offset(p as Deno.PointerObject, bytes);
}

function viewOf(v: View): View {
  return {
    storage: v.storage,
    dtype: v.dtype,
    shape: v.shape,
    strides: v.strides,
    offset: v.offset,
    size: v.size,
  };
}

/** A contiguous CPU view over host data with the shape of `v`. */
function hostView(v: View, data: TypedArray): View {
  return {
    storage: new CpuStorage(v.dtype, data),
    dtype: v.dtype,
    shape: v.shape,
    strides: contiguousStrides(v.shape),
    offset: 0,
    size: v.size,
  };
}
