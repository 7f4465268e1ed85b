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
import type { View } from "../backend.ts";
import { DTYPE_INFO, type TypedArray } from "../../dtype.ts";
import { NativeLibraryError } from "../../errors.ts";
import { readEnv } from "../../env.ts";
import { exists, granted, openLibrary } from "../../../ffi/load.ts";
import { FAMILY_SYMBOLS, familySymbols, hostSymbols, type Suffix } from "../../../ffi/kernels.ts";
import { CPU_SYMBOLS } from "../../../ffi/cpu.ts";
import {
  bindFamily,
  bindShared,
  type FamilyKernels,
  NativeAbi,
  type SharedKernels,
  statusText,
} from "../native_abi.ts";
import { blasReason, systemBlas } from "./blas.ts";

/** The library opened with its functions that exist once (the families are bound per dtype). */
type BaseLibrary = Deno.DynamicLibrary<typeof CPU_SYMBOLS>;

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

/** The family functions on host memory (typed arrays), per dtype suffix. */
const HOST_FAMILY_SYMBOLS = hostSymbols(FAMILY_SYMBOLS);

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

/**
 * A kernel library on host memory, driven by `NativeAbi`: the native CPU library, or (in tests)
 * the emulation library, whose kernels run on host memory too. Deno binds every symbol of a
 * table when it opens it (~0.2 ms each), so each dtype's family functions are bound on first use.
 */
export class HostKernels {
  /** The library file. */
  readonly path: string;
  /** The driver: every kernel family, with layouts and extents packed for this library. */
  readonly abi: NativeAbi;
  /** Kernel calls made so far (tests use it to see that the native path ran). */
  get calls(): number {
    return this.abi.calls;
  }
  #shared: SharedKernels;
  #libs: Deno.DynamicLibrary<Deno.ForeignLibraryInterface>[] = [];

  /** Drives the library at `path`, whose shared functions `symbols` come from. */
  constructor(path: string, symbols: unknown, what: string) {
    this.path = path;
    const shared = this.#shared = bindShared(symbols, null);
    const libs = this.#libs;
    this.abi = new NativeAbi({
      shared,
      bindFamily(suffix: Suffix): FamilyKernels {
        const lib = Deno.dlopen(path, familySymbols(suffix, HOST_FAMILY_SYMBOLS));
        libs.push(lib);
        return bindFamily(lib.symbols, suffix, null);
      },
      base: data,
      at: (v) => (v.offset === 0 ? data(v) : data(v).subarray(v.offset)),
      fail(status: number, op: string): never {
        throw new NativeLibraryError(
          `${what} ${op} failed: status ${status} (${statusText(shared, status)})`,
        );
      },
    });
  }

  /** The library's description of a status code (dt_error_string). */
  describe(status: number): string {
    return statusText(this.#shared, status);
  }

  /** Closes the per-dtype tables. */
  close(): void {
    for (const l of this.#libs) l.close();
    this.#libs = [];
  }
}

/** The opened native CPU library with the calls the CPU backend makes. */
export class NativeKernels extends HostKernels {
  /** The instruction-set level it was compiled for (0 other architectures, 1, 3 or 4). */
  readonly isa: number;
  #threads: number;
  #lib: BaseLibrary;

  /** Wraps an opened library (opened with CPU_SYMBOLS; the families are bound per dtype). */
  constructor(lib: BaseLibrary, path: string) {
    super(path, lib.symbols, "native CPU kernel");
    this.#lib = lib;
    const info = new Int32Array(4);
    this.#status(lib.symbols.dt_cpu_info(info), "init");
    this.isa = info[0];
    this.#threads = info[2];
  }

  /** Its pool's thread count. */
  get threads(): number {
    return this.#threads;
  }

  /** Closes the library. */
  override close(): void {
    super.close();
    this.#lib.close();
  }

  /** Sets the pool's thread count (0: one per CPU). */
  setThreads(n: number): void {
    this.#status(this.#lib.symbols.dt_cpu_set_threads(n), "setThreads");
    const info = new Int32Array(4);
    this.#status(this.#lib.symbols.dt_cpu_info(info), "setThreads");
    this.#threads = info[2];
  }

  /** Sets the work from which a call uses several threads (negative: the default). */
  setParallelMin(work: number): void {
    this.#status(this.#lib.symbols.dt_cpu_set_parallel_min(work), "setParallelMin");
  }

  /**
   * NumPy's float summation order (kernels/np_sum.cu) over contiguous float32/float64 data:
   * "rows" gives out[r] = 0 + NumPy's pairwise sum of row r of `x` (rows × n), "cols" the sum of
   * the rows in order, column by column; `out` holds rows or n results.
   */
  npSum(
    kind: "rows" | "cols",
    dtype: "float32" | "float64",
    rows: number,
    n: number,
    x: Float32Array | Float64Array,
    out: Float32Array | Float64Array,
  ): void {
    const code = DTYPE_INFO[dtype].code;
    const f = kind === "rows" ? this.#lib.symbols.dt_np_sum_rows : this.#lib.symbols.dt_np_sum_cols;
    this.#status(f(code, rows, n, x, x.length, out, out.length), `npSum ${kind}`);
  }

  /**
   * NumPy's max/min (`arg` false) or argmax/argmin (`arg` true, int64 indices) of each row of
   * contiguous float32/float64 `x` (rows × n, n > 0) into `out` (kernels/np_extremum.cu): NaN
   * propagates (argmax: the first NaN), and a zero max/min takes the sign of the row's last zero.
   */
  npExtremum(
    arg: boolean,
    max: boolean,
    dtype: "float32" | "float64",
    rows: number,
    n: number,
    x: Float32Array | Float64Array,
    out: Float32Array | Float64Array | BigInt64Array,
  ): void {
    const code = DTYPE_INFO[dtype].code;
    const s = this.#lib.symbols;
    const f = arg ? s.dt_np_argextremum_rows : s.dt_np_extremum_rows;
    const status = f(code, max ? 1 : 0, rows, n, x, x.length, out, out.length);
    this.#status(status, `npExtremum ${arg ? "arg" : ""}${max ? "max" : "min"}`);
  }

  /**
   * NumPy's stable sort order (kernels/np_sort.cu): each of `rows` contiguous rows of `n`
   * elements of `x` sorted ascending into the same row of `out` (memory apart from `x`), NaNs
   * last in their original order, -0 and 0 kept in theirs, every element moved bit for bit.
   */
  npSort(
    dtype: "float32" | "float64" | "int32" | "int64",
    rows: number,
    n: number,
    x: Float32Array | Float64Array | Int32Array | BigInt64Array,
    out: Float32Array | Float64Array | Int32Array | BigInt64Array,
  ): void {
    const f = this.#lib.symbols.dt_np_sort_rows;
    this.#status(f(DTYPE_INFO[dtype].code, rows, n, x, x.length, out, out.length), "npSort");
  }

  #status(status: number, op: string): void {
    if (status !== 0) {
      throw new NativeLibraryError(
        `native CPU library ${op} failed: status ${status} (${this.describe(status)})`,
      );
    }
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
