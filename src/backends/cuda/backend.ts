/**
 * The CUDA backend: device memory from a caching allocator, one stream, our kernels through the
 * shared native driver (`../native_abi.ts`) and float matmul through cuBLAS. What the kernels
 * cannot run (float16, which has no kernels) runs on the CPU with copies (`../soft_placement.ts`:
 * counted, and a warning or an error under DENOTENSOR_SOFT_PLACEMENT). Over the emulation library
 * (`libdenotensor_cuda_emu.so`) the same code runs on host memory, which is how CI tests it
 * without a GPU. The stream and the cuBLAS handle are released when the process exits.
 *
 * @module
 */
import type { Backend, ConvGeometry, IndexCheck, PhiloxStream, Storage, View } from "../backend.ts";
import { BoundsChecks } from "./bounds.ts";
import { Backstop } from "./backstop.ts";
import { ARRAY_TYPES, type DType, DTYPE_INFO, ITEMSIZE, type TypedArray } from "../../dtype.ts";
import { CudaError, InvalidArgumentError, ResourceExhaustedError } from "../../errors.ts";
import { contiguousStrides, isContiguous } from "../../shape.ts";
import { memory } from "../../memory.ts";
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "../../ops/op_ids.ts";
import { type Block, CachingAllocator, CudaStorage } from "./allocator.ts";
import type { KernelLibrary, Suffix } from "../../../ffi/kernels.ts";
import {
  bindFamily,
  bindShared,
  NativeAbi,
  type SharedKernels,
  statusText,
} from "../native_abi.ts";
import { type SoftPlacement, SoftPlacer } from "../soft_placement.ts";
import { Gemm } from "./gemm.ts";
import type { CublasLibrary } from "../../../ffi/cublas.ts";

/** cudaErrorMemoryAllocation */
const OUT_OF_MEMORY = 2;
/**
 * CUDA errors after which the device is unusable: the sticky ones that corrupt the context
 * (illegal address, launch timeout, device assert, hardware stack error, illegal instruction,
 * misaligned address, invalid address space or PC, launch failure, unknown), and 209 (no kernel
 * image for this GPU), after which every kernel would fail the same way. A launch asking for too
 * many resources (701) or too large a cooperative launch (720) fails alone and is not sticky.
 */
const UNUSABLE = new Set([209, 700, 702, 710, 714, 715, 716, 717, 718, 719, 999]);
const NO_KERNEL = "no CUDA kernel for this dtype";

/** Options of the CUDA backend. */
export interface CudaBackendOptions {
  /** The opened kernel library (GPU or emulation). */
  lib: KernelLibrary;
  /** cuBLAS, for float32/float64 matmul (null: our matmul kernel). */
  cublas: CublasLibrary | null;
  /** Synchronise after every op (DENOTENSOR_SYNC=1). */
  sync: boolean;
  /** The CPU backend that runs what the device cannot. */
  cpu: Backend;
}

/** The CUDA backend. */
export class CudaBackend implements Backend {
  /** Always "cuda:0". */
  readonly device = "cuda:0";
  /** True over the emulation library. */
  readonly emulated: boolean;
  /** Ops run on the CPU for want of a kernel. */
  readonly soft: SoftPlacer;
  #lib: KernelLibrary;
  #gemm: Gemm | null = null;
  #stream: Deno.PointerValue = null;
  #sync: boolean;
  #sticky: CudaError | null = null;
  #allocator: CachingAllocator;
  #abi: NativeAbi;
  #shared: SharedKernels;
  #flag = new Float64Array(3);
  #bounds = new BoundsChecks();
  #ptrOut = new BigUint64Array(1);
  #mem = new Float64Array(2);
  #tf32 = false;
  #closed = false;
  #backstop: Backstop;

  /** Opens a stream and a cuBLAS handle on device 0. */
  constructor(options: CudaBackendOptions) {
    this.#lib = options.lib;
    this.#sync = options.sync;
    const sym = this.#lib.symbols;
    const flag = new Int32Array(1);
    this.#check(sym.dt_is_emulation(flag), "init");
    this.emulated = flag[0] === 1;
    this.#check(sym.dt_set_device(0), "init");
    if (!this.emulated) {
      this.#check(sym.dt_stream_create(this.#ptrOut), "init");
      this.#stream = Deno.UnsafePointer.create(this.#ptrOut[0]);
    }
    if (options.cublas !== null) this.#gemm = new Gemm(options.cublas, this.#stream);
    this.#allocator = new CachingAllocator(
      (bytes) => {
        const status = sym.dt_malloc(this.#ptrOut, bytes);
        if (status === OUT_OF_MEMORY) return null;
        this.#check(status, "alloc");
        return Deno.UnsafePointer.create(this.#ptrOut[0]);
      },
      (ptr) => void sym.dt_free(ptr),
    );
    // Storage that nobody disposed goes back when the garbage collector finds it.
    const mem = new Float64Array(2);
    const total = sym.dt_mem_info(mem) === 0 ? mem[1] : 0;
    this.#backstop = new Backstop(this.device, this.#allocator, total);
    const shared = this.#shared = bindShared(sym, this.#stream);
    const stream = this.#stream;
    this.#abi = new NativeAbi({
      shared,
      bindFamily: (suffix: Suffix) => bindFamily(sym, suffix, stream),
      base: (v) => this.#ptr(v),
      at: (v) => this.#at(v),
      fail: (status, op) => this.#fail(status, op),
    });
    this.soft = new SoftPlacer(this, options.cpu);
    // Deno runs "unload" when the process exits normally: give the stream and handle back.
    globalThis.addEventListener("unload", () => this.close());
  }

  /** Destroys the cuBLAS handle and the stream (at exit; the backend is unusable afterwards). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#lib.symbols.dt_stream_sync(this.#stream);
      this.#gemm?.close();
      if (this.#stream !== null) this.#lib.symbols.dt_stream_destroy(this.#stream);
    } finally {
      this.#stream = null;
      this.#sticky = new CudaError("The CUDA backend was closed", 0);
    }
  }

  /** The device's name, properties and CUDA versions, for listDevices. */
  describe(): {
    name: string;
    computeCapability: string;
    multiprocessors: number;
    runtime: number;
    driver: number;
  } {
    const sym = this.#lib.symbols;
    const buf = new Uint8Array(256);
    this.#check(sym.dt_device_name(0, buf, buf.length), "describe");
    const name = new TextDecoder().decode(buf.subarray(0, buf.indexOf(0)));
    const props = new Int32Array(4);
    this.#check(sym.dt_device_props(0, props), "describe");
    const v = new Int32Array(1);
    this.#check(sym.dt_runtime_version(v), "describe");
    const runtime = v[0];
    this.#check(sym.dt_driver_version(v), "describe");
    return {
      name,
      computeCapability: `${props[0]}.${props[1]}`,
      multiprocessors: props[2],
      runtime,
      driver: v[0],
    };
  }

  /** Allocator counters, device memory and soft placements, for tf.memory(). */
  stats(): Record<string, number> {
    const info = this.#mem;
    const ok = !this.#closed && this.#lib.symbols.dt_mem_info(info) === 0;
    return {
      ...this.#allocator.stats(),
      ...this.#backstop.stats(),
      deviceBytesFree: ok ? info[0] : NaN,
      deviceBytesTotal: ok ? info[1] : NaN,
      softPlacedOps: this.soft.ops,
      softPlacedBytes: this.soft.bytes,
    };
  }

  /** The kinds of ops that ran on the CPU for want of a kernel here. */
  softPlacements(): SoftPlacement[] {
    return this.soft.list();
  }

  /** Frees the cached device blocks. */
  emptyCache(): void {
    this.#allocator.emptyCache();
  }

  /** Uses TF32 tensor cores for float32 matmul (off by default). */
  setTf32(enabled: boolean): void {
    this.#live();
    this.#gemm?.setTf32(enabled);
    this.#tf32 = enabled;
  }

  /** Whether TF32 is on. */
  get tf32(): boolean {
    return this.#tf32;
  }

  /** The CUDA error a status stands for, naming `op`; sticky errors mark the device unusable. */
  #fail(status: number, op: string): never {
    const err = new CudaError(
      `${op}: CUDA error ${status} (${statusText(this.#shared, status)})`,
      status,
    );
    if (UNUSABLE.has(status)) this.#sticky = err;
    throw err;
  }

  #check(status: number, op: string): void {
    if (status !== 0) this.#fail(status, op);
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
  #after(): void {
    if (this.#sync) this.synchronize();
  }

  #ptr(v: View): Deno.PointerValue {
    const block = (v.storage as CudaStorage).block;
    if (block === null) throw new CudaError("The tensor's device memory was freed", 0);
    return block.ptr;
  }

  /** The device address of a view's first element. */
  #at(v: View): Deno.PointerValue {
    const bytes = v.offset * ITEMSIZE[v.dtype];
    const p = this.#ptr(v);
    return bytes === 0 ? p : Deno.UnsafePointer.offset(p as Deno.PointerObject, bytes);
  }

  alloc(dtype: DType, size: number): Storage {
    this.#live();
    const bytes = size * ITEMSIZE[dtype];
    this.#backstop.beforeAlloc(bytes);
    const block = this.#allocator.alloc(bytes);
    if (block === null) {
      const collecting = this.#backstop.collect();
      const s = this.#allocator.stats();
      const live = memory().devices[this.device]?.numTensors ?? 0;
      throw new ResourceExhaustedError(
        `Out of GPU memory allocating ${bytes} bytes (${size} elements of ${dtype}) with ` +
          `${s.bytesInUse} bytes in use by ${live} tensors not disposed and ${s.bytesCached} ` +
          `cached in partly used segments (fragmentation ${s.fragmentation.toFixed(2)}): free ` +
          "tensors with dispose(), using or tf.tidy()" +
          (collecting
            ? "; a garbage collection ran: the memory of tensors it found unreachable comes " +
              "back when the code next yields to the event loop (await)"
            : ""),
      );
    }
    const storage = new CudaStorage(this.device, dtype, size, block, bytes);
    this.#backstop.watch(storage);
    return storage;
  }

  free(storage: Storage): void {
    const s = storage as CudaStorage;
    const block = s.block;
    if (block === null) return;
    this.#backstop.unwatch(s);
    s.block = null;
    this.#allocator.release(block);
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
    const { dtype, shape, size } = x;
    const view = {
      storage: temp,
      dtype,
      shape,
      strides: contiguousStrides(shape),
      offset: 0,
      size,
    };
    this.copy(x, view);
    return { view, temp };
  }

  download(x: View): TypedArray {
    this.#live();
    const out = new ARRAY_TYPES[x.dtype](x.size);
    const { view, temp } = this.#contiguous(x);
    const flag = this.#flag;
    try {
      const sym = this.#lib.symbols;
      const p = out.length === 0 ? null : this.#at(view);
      this.#check(sym.dt_download(out, p, out.byteLength, this.#stream, flag), "download");
    } finally {
      if (temp !== null) this.free(temp);
    }
    this.#raiseFlag(flag);
    return out;
  }

  /**
   * Reads a view without blocking the JS thread: the copy, the bounds flag and the wait for them
   * run on a worker thread, in stream order.
   */
  async downloadAsync(x: View): Promise<TypedArray> {
    this.#live();
    const out = new ARRAY_TYPES[x.dtype](x.size);
    const { view, temp } = this.#contiguous(x);
    const storage = view.storage;
    const flag = new Float64Array(3);
    storage.refs++; // keeps the memory alive while the copy runs
    try {
      const p = out.length === 0 ? null : this.#at(view);
      const status = await this.#lib.symbols.dt_download_nonblocking(
        out,
        p,
        out.byteLength,
        this.#stream,
        flag,
      );
      this.#check(status, "data");
    } finally {
      storage.refs--;
      if (temp !== null) this.free(temp);
      else if (storage.refs === 0) this.free(storage);
    }
    this.#raiseFlag(flag);
    return out;
  }

  /** Turns a read bounds flag of gather/scatterAdd kernels into the error it stands for. */
  #raiseFlag(flag: Float64Array): void {
    if (flag[0] === 0) return this.#bounds.clear();
    throw new InvalidArgumentError(this.#bounds.message(flag[1], flag[2], this.#sync));
  }

  /** Waits for the stream, then reads and clears the bounds flag. */
  #checkFlag(): void {
    this.#check(this.#lib.symbols.dt_check_flag(this.#stream, this.#flag), "synchronize");
    this.#raiseFlag(this.#flag);
  }

  synchronize(): void {
    this.#live();
    this.#check(this.#lib.symbols.dt_stream_sync(this.#stream), "synchronize");
    this.#checkFlag();
  }

  // ---- kernels: the driver runs them, soft placement what it cannot ----------------------------

  /** Runs `native` on the device, or `host` on the CPU with copies when it has no kernel. */
  #run(
    op: string,
    inputs: (View | null)[],
    out: View,
    native: () => boolean,
    host: (cpu: Backend, hostInputs: (View | null)[], hostOut: View) => void,
  ): void {
    this.#live();
    if (native()) return this.#after();
    this.soft.run(op, NO_KERNEL, inputs, out, host);
  }

  fill(out: View, value: number | bigint): void {
    this.#run("fill", [], out, () => this.#abi.fill(out, value), (c, _, o) => c.fill(o, value));
  }

  range(out: View, start: number, delta: number): void {
    const abi = this.#abi;
    this.#run("range", [], out, () => abi.range(out, start, delta), (c, _, o) => {
      c.range(o, start, delta);
    });
  }

  unary(op: number, x: View, out: View): void {
    this.#run(UNARY_OPS[op], [x], out, () => this.#abi.unary(op, x, out), (c, [h], o) => {
      c.unary(op, h!, o);
    });
  }

  binary(op: number, a: View | number | bigint, b: View | number | bigint, out: View): void {
    const av = typeof a === "object" ? a : null, bv = typeof b === "object" ? b : null;
    this.#run(BINARY_OPS[op], [av, bv], out, () => this.#abi.binary(op, a, b, out), (c, h, o) => {
      c.binary(op, h[0] ?? (a as number | bigint), h[1] ?? (b as number | bigint), o);
    });
  }

  where(cond: View, a: View, b: View, out: View): void {
    const abi = this.#abi;
    this.#run("where", [cond, a, b], out, () => abi.where(cond, a, b, out), (c, h, o) => {
      c.where(h[0]!, h[1]!, h[2]!, o);
    });
  }

  cast(x: View, out: View): void {
    this.#run("cast", [x], out, () => this.#abi.cast(x, out), (c, [h], o) => c.cast(h!, o));
  }

  copy(x: View, out: View): void {
    this.#live();
    if (out.size === 0) return;
    this.#abi.copy(x, out);
    this.#after();
  }

  /**
   * Runs a reduction-shaped kernel; a view whose kept and reduced axes still number more than
   * the kernels take after merging is made contiguous first (two axes).
   */
  #folded(x: View, run: (v: View) => boolean): boolean {
    if (run(x)) return true;
    if (DTYPE_INFO[x.dtype].suffix === null || isContiguous(x.shape, x.strides)) return false;
    const { view, temp } = this.#contiguous(x);
    try {
      return run(view);
    } finally {
      if (temp !== null) this.free(temp);
    }
  }

  reduce(op: number, x: View, reduced: number, out: View): void {
    const native = () => this.#folded(x, (v) => this.#abi.reduce(op, v, reduced, out));
    this.#run(`reduce ${REDUCE_OPS[op]}`, [x], out, native, (c, [h], o) => {
      c.reduce(op, h!, reduced, o);
    });
  }

  argReduce(op: number, x: View, out: View): void {
    const native = () => this.#folded(x, (v) => this.#abi.argReduce(op, v, out));
    this.#run(op === 0 ? "argmax" : "argmin", [x], out, native, (c, [h], o) => {
      c.argReduce(op, h!, o);
    });
  }

  cumsum(x: View, exclusive: boolean, reverse: boolean, out: View): void {
    const native = () => this.#folded(x, (v) => this.#abi.cumsum(v, exclusive, reverse, out));
    this.#run("cumsum", [x], out, native, (c, [h], o) => c.cumsum(h!, exclusive, reverse, o));
  }

  matmul(a: View, b: View, out: View): void {
    const native = () =>
      this.#gemm?.run(a, this.#at(a), b, this.#at(b), this.#ptr(out)) ||
      this.#abi.matmul(a, b, out);
    this.#run("matmul", [a, b], out, native, (c, [x, y], o) => c.matmul(x!, y!, o));
  }

  /** A device-to-device copy of a contiguous view's bytes (cudaMemcpy; the bandwidth baseline). */
  memcpy(x: View, out: View): void {
    this.#live();
    const bytes = x.size * ITEMSIZE[x.dtype];
    const sym = this.#lib.symbols;
    this.#check(sym.dt_memcpy_dtod(this.#at(out), this.#at(x), bytes, this.#stream), "memcpy");
    this.#after();
  }

  gather(x: View, indices: View, out: View, check?: IndexCheck): void {
    const abi = this.#abi;
    const native = () => {
      if (!abi.gather(x, indices, out)) return false;
      this.#bounds.launched(check ?? { op: "gather", indices: indices.shape, axes: [x.shape[1]] });
      return true;
    };
    this.#run("gather", [x, indices], out, native, (c, h, o) => {
      c.gather(h[0]!, h[1]!, o);
    });
  }

  scatterAdd(updates: View, indices: View, out: View, check?: IndexCheck): void {
    const native = () => {
      if (!this.#abi.scatterAdd(updates, indices, out)) return false;
      const axes = [out.shape[1]];
      this.#bounds.launched(check ?? { op: "scatterAdd", indices: indices.shape, axes });
      return true;
    };
    this.#run("scatterAdd", [updates, indices, out], out, native, (c, h, o) => {
      c.copy(h[2]!, o);
      c.scatterAdd(h[0]!, h[1]!, o);
    });
  }

  im2col(x: View, g: ConvGeometry, out: View): void {
    this.#run("im2col", [x], out, () => this.#abi.im2col(x, g, out), (c, [h], o) => {
      c.im2col(h!, g, o);
    });
  }

  col2im(cols: View, g: ConvGeometry, out: View): void {
    this.#run("col2im", [cols], out, () => this.#abi.col2im(cols, g, out), (c, [h], o) => {
      c.col2im(h!, g, o);
    });
  }

  random(op: number, stream: PhiloxStream, a: number, b: number, out: View): void {
    const native = () => this.#abi.random(op, stream, a, b, out);
    this.#run("random", [], out, native, (c, _, o) => c.random(op, stream, a, b, o));
  }
}
