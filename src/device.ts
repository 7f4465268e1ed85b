/**
 * Placement: which backend runs an op. The current device is the innermost `tf.device` scope, else
 * the default chosen by `DENOTENSOR_DEVICE` (`auto`, `cpu`, `cuda`, `cuda-emu`; read only when
 * the permission to read it is already granted). `auto` is CUDA when our kernel library, cuBLAS,
 * a driver and a device are all there, else the CPU. Backends are created on first use, never at
 * import; why CUDA is absent is kept for `tf.listDevices()`.
 *
 * @module
 */
import type { Backend } from "./backends/backend.ts";
import { CpuBackend } from "./backends/cpu/backend.ts";
import { CudaBackend } from "./backends/cuda/backend.ts";
import { InvalidArgumentError, NativeLibraryError } from "./errors.ts";
import { envReadable, readEnv } from "./env.ts";
import { granted, openLibrary } from "../ffi/load.ts";
import { KERNEL_SYMBOLS } from "../ffi/kernels.ts";
import { CUBLAS_SYMBOLS } from "../ffi/cublas.ts";
import { registerDeviceStats } from "./memory.ts";
import type { SoftPlacement } from "./backends/soft_placement.ts";
import { describeCpu } from "./backends/cpu/native.ts";
import { DT_ERR_OLD_DRIVER } from "../ffi/abi.ts";
import { cudaVersion, kernelImageProblem, oldDriverMessage } from "./backends/cuda/compat.ts";

/** A device that ops can run on, as `tf.listDevices()` reports it. */
export interface DeviceInfo {
  /** Canonical name: "cpu" or "cuda:0". */
  name: string;
  /** "CPU" or "GPU", as TensorFlow names device types. */
  deviceType: "CPU" | "GPU";
  /** Whether ops can run on it in this process. */
  available: boolean;
  /** Why it is not available, when it is not. */
  reason?: string;
  /**
   * The GPU's name and compute capability, or that it is the emulation library; for the CPU,
   * which kernels run ops (native library or TypeScript) and which BLAS runs matmul.
   */
  description?: string;
  /** Something about the choice of device, e.g. that DENOTENSOR_DEVICE could not be read. */
  note?: string;
}

let cpu: CpuBackend | null = null;
let defaultBackend: Backend | null = null;
const stack: Backend[] = [];
let cuda: CudaBackend | null = null;
let cudaReason: string | null = null;
let tf32 = false;

/** The CPU backend (created on first use). */
export function cpuBackend(): Backend {
  return cpu ??= new CpuBackend();
}

/** Said once when DENOTENSOR_DEVICE cannot be read (no --allow-env), else null. */
let deviceEnvNote: string | null | undefined;

function wantedDevice(): string {
  if (deviceEnvNote === undefined) {
    deviceEnvNote = null;
    // Only where native code may run (--allow-ffi): without it the CPU runs everything anyway.
    if (!envReadable("DENOTENSOR_DEVICE") && granted({ name: "ffi" })) {
      deviceEnvNote = "DENOTENSOR_DEVICE is not readable without --allow-env (or " +
        "--allow-env=DENOTENSOR_DEVICE): the device is chosen automatically";
      console.warn(`denotensor: ${deviceEnvNote}`);
    }
  }
  return (readEnv("DENOTENSOR_DEVICE") ?? "auto").trim().toLowerCase() || "auto";
}

function cudaMajor(lib: Deno.DynamicLibrary<typeof KERNEL_SYMBOLS>): number {
  const v = new Int32Array(1);
  lib.symbols.dt_runtime_version(v);
  return Math.floor(v[0] / 1000);
}

/**
 * Why device 0 of the kernel library cannot be used (no driver, a driver older than the runtime,
 * no device, no kernel image for its compute capability), or null.
 */
function deviceProblem(
  lib: Deno.DynamicLibrary<typeof KERNEL_SYMBOLS>,
  emulated: boolean,
): string | null {
  const sym = lib.symbols;
  const word = new Int32Array(1);
  const status = sym.dt_device_count(word);
  if (status === DT_ERR_OLD_DRIVER) {
    const runtime = new Int32Array(1);
    sym.dt_driver_version(word);
    sym.dt_runtime_version(runtime);
    return oldDriverMessage(word[0], runtime[0]);
  }
  if (status !== 0 || word[0] === 0) {
    const p = sym.dt_error_string(status);
    const text = status === 0
      ? "no CUDA device"
      : p === null
      ? `error ${status}`
      : new Deno.UnsafePointerView(p).getCString();
    return `${text} (is the NVIDIA driver installed?)`;
  }
  const props = new Int32Array(4);
  if (sym.dt_device_props(0, props) !== 0) return "its properties could not be read";
  // The emulation library's device has no capability (0.0) unless a test stubs one.
  if (emulated && props[0] === 0) return null;
  const list = new Int32Array(16);
  if (sym.dt_kernel_archs(list, list.length, word) !== 0) return "its kernel list is unreadable";
  const archs = { ptx: list[0], sass: Array.from(list.subarray(1, word[0])) };
  const name = new Uint8Array(256);
  sym.dt_device_name(0, name, name.length);
  const gpu = new TextDecoder().decode(name.subarray(0, Math.max(0, name.indexOf(0))));
  return kernelImageProblem(gpu || "GPU 0", props[0], props[1], archs);
}

/** Opens our kernel library (and cuBLAS for the GPU one) and creates the CUDA backend. */
function loadCuda(emulated: boolean): CudaBackend {
  const hint = "build it with `deno task build` (or `deno run -A jsr:@denotensor/core/build`) " +
    "or set DENOTENSOR_CUDA_KERNELS to its path";
  const { lib } = openLibrary({
    what: emulated ? "the denotensor CUDA emulation library" : "the denotensor CUDA kernels",
    files: [emulated ? "libdenotensor_cuda_emu.so" : "libdenotensor_cuda.so"],
    env: emulated ? "DENOTENSOR_CUDA_EMU" : "DENOTENSOR_CUDA_KERNELS",
    ours: true,
    hint,
  }, KERNEL_SYMBOLS);
  const problem = deviceProblem(lib, emulated);
  if (problem !== null) {
    lib.close();
    throw new NativeLibraryError(`No usable CUDA device: ${problem}`);
  }
  let cublas = null;
  if (!emulated) {
    const major = cudaMajor(lib);
    cublas = openLibrary({
      what: `cuBLAS for CUDA ${major}`,
      files: [`libcublas.so.${major}`, "libcublas.so"],
      env: "DENOTENSOR_CUBLAS",
      cuda: "cublas",
      hint: "install the CUDA toolkit or NVIDIA's cuBLAS wheel, or set DENOTENSOR_CUBLAS",
    }, CUBLAS_SYMBOLS).lib;
  }
  const backend = new CudaBackend({
    lib,
    cublas,
    sync: readEnv("DENOTENSOR_SYNC") === "1",
    cpu: cpuBackend(),
  });
  if (tf32) backend.setTf32(true);
  registerDeviceStats(backend.device, () => backend.stats());
  return backend;
}

/** The CUDA backend, or null with the reason kept (tried once per process). */
function tryCuda(): CudaBackend | null {
  if (cuda !== null || cudaReason !== null) return cuda;
  try {
    cuda = loadCuda(wantedDevice() === "cuda-emu");
  } catch (e) {
    cudaReason = e instanceof Error ? e.message : String(e);
  }
  return cuda;
}

/** The CUDA backend; throws with the reason when there is none. */
function requireCuda(name: string): CudaBackend {
  const b = tryCuda();
  if (b === null) {
    throw new InvalidArgumentError(
      `Device ${JSON.stringify(name)} is not available: ${cudaReason}`,
    );
  }
  return b;
}

let softDevicePlacement = true;
let softPlacedDevice = false;

/**
 * Turns TensorFlow's soft device placement on or off (on by default): with it, `tf.device("GPU:0",
 * fn)` on a machine without a usable GPU runs `fn` on the CPU (saying so once on stderr); without
 * it, that is an error. `DENOTENSOR_DEVICE=cuda` that cannot be honoured is an error either way.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * tf.config.setSoftDevicePlacement(false);
 * console.log(tf.config.getSoftDevicePlacement()); // false
 * tf.config.setSoftDevicePlacement(true);
 * ```
 */
export function setSoftDevicePlacement(enabled: boolean): void {
  if (typeof enabled !== "boolean") {
    throw new InvalidArgumentError(
      `setSoftDevicePlacement: expected a boolean, got ${typeof enabled} ${String(enabled)}`,
    );
  }
  softDevicePlacement = enabled;
}

/**
 * Whether soft device placement is on (see `setSoftDevicePlacement`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.config.getSoftDevicePlacement()); // true
 * ```
 */
export function getSoftDevicePlacement(): boolean {
  return softDevicePlacement;
}

/** The GPU, or the CPU under soft device placement when there is none and none was demanded. */
function gpuOrSoft(name: string): Backend {
  const gpu = tryCuda();
  if (gpu !== null) return gpu;
  const want = wantedDevice();
  if (!softDevicePlacement || want === "cuda" || want === "cuda-emu") return requireCuda(name);
  if (!softPlacedDevice) {
    softPlacedDevice = true;
    console.error(
      `denotensor: tf.device(${JSON.stringify(name)}) runs on the CPU: no usable GPU ` +
        `(${cudaReason?.split("\n")[0]}); tf.config.setSoftDevicePlacement(false) makes this ` +
        "an error",
    );
  }
  return cpuBackend();
}

/**
 * Resolves a device name (`cpu`, `CPU:0`, `cuda`, `cuda:0`, `GPU:0`) to its backend; with `soft`
 * (tf.device scopes), a GPU name without a GPU gives the CPU under soft device placement.
 */
export function backendFor(name: string, soft = false): Backend {
  // Storage names the CPU as "cpu": every op asks, so that answer skips the parsing below.
  if (name === "cpu") return cpuBackend();
  const n = String(name).toLowerCase().replace(/^\/(device:)?/, "");
  if (n === "cpu" || n === "cpu:0") return cpuBackend();
  if (n === "cuda" || n === "cuda:0" || n === "gpu" || n === "gpu:0") {
    return soft ? gpuOrSoft(name) : requireCuda(name);
  }
  throw new InvalidArgumentError(
    `Unknown device ${JSON.stringify(name)}: expected "cpu", "cuda", "cuda:0", "CPU:0" or "GPU:0"`,
  );
}

/** The backend that runs ops now. */
export function currentBackend(): Backend {
  const n = stack.length;
  if (n !== 0) return stack[n - 1];
  return defaultBackend ??= chooseDefault();
}

function chooseDefault(): Backend {
  const want = wantedDevice();
  if (want === "cpu") return cpuBackend();
  if (want === "cuda" || want === "cuda-emu") return requireCuda(want);
  if (want !== "auto") {
    throw new InvalidArgumentError(
      `DENOTENSOR_DEVICE=${JSON.stringify(want)} is not one of auto, cpu, cuda, cuda-emu`,
    );
  }
  return tryCuda() ?? cpuBackend();
}

/**
 * Runs `fn` with ops placed on the named device and returns its result. Throws if `fn` returns a
 * Promise: placement is synchronous, like `tf.tidy`. A GPU name on a machine without a usable GPU
 * runs on the CPU, as TensorFlow's soft device placement does (`tf.config.setSoftDevicePlacement`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = tf.device("cpu", () => tf.ones([2]).add(1));
 * console.log(y.device); // "cpu"
 * ```
 */
export function device<T>(name: string, fn: () => T): T {
  const backend = backendFor(name, true);
  stack.push(backend);
  let result: T;
  try {
    result = fn();
  } finally {
    stack.pop();
  }
  if (result instanceof Promise) {
    throw new InvalidArgumentError(
      "tf.device: fn returned a Promise: placement scopes are synchronous, await outside of them",
    );
  }
  return result;
}

/**
 * The devices this process knows, with the reason when CUDA cannot be used.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.listDevices()[0].name); // "cpu"
 * ```
 */
export function listDevices(): DeviceInfo[] {
  const gpu = tryCuda();
  const info: DeviceInfo = { name: "cuda:0", deviceType: "GPU", available: gpu !== null };
  if (gpu === null) info.reason = cudaReason ?? "unknown";
  else {
    const d = gpu.describe();
    info.description = gpu.emulated
      ? `${d.name} (emulation: kernels run as host loops)`
      : `${d.name}, compute capability ${d.computeCapability}, ${d.multiprocessors} SMs, ` +
        `CUDA runtime ${cudaVersion(d.runtime)}, driver ${cudaVersion(d.driver)}`;
  }
  const cpuInfo: DeviceInfo = {
    name: "cpu",
    deviceType: "CPU",
    available: true,
    description: describeCpu(),
  };
  wantedDevice();
  if (deviceEnvNote) cpuInfo.note = info.note = deviceEnvNote;
  return [cpuInfo, info];
}

/**
 * The ops that ran on the CPU although a GPU was current (soft placement: float16, which has no
 * GPU kernels, and the host-run ops: linear algebra, sorting, truncated normals), with how often
 * and the bytes they copied. `DENOTENSOR_SOFT_PLACEMENT=warn` prints each kind once as it
 * happens; `=error` refuses to run them.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(Array.isArray(tf.config.getSoftPlacements())); // true
 * ```
 */
export function getSoftPlacements(): SoftPlacement[] {
  return cuda?.softPlacements() ?? [];
}

/** The loaded CUDA backend, if any (for configuration calls). */
export function loadedCuda(): CudaBackend | null {
  return cuda;
}

/**
 * Uses TF32 tensor cores for float32 matmul on the GPU (off by default: float32 is exact).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * tf.config.setTf32Enabled(false);
 * ```
 */
export function setTf32Enabled(enabled: boolean): void {
  tf32 = enabled;
  cuda?.setTf32(enabled);
}

/** Whether TF32 is enabled for float32 matmul on the GPU. */
export function getTf32Enabled(): boolean {
  return tf32;
}

/**
 * Gives the GPU memory that the caching allocator keeps for reuse back to the device, and drops
 * the host buffers that the CPU backend keeps for reuse (disposed tensors' arrays).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * tf.emptyCache();
 * ```
 */
export function emptyCache(): void {
  cuda?.emptyCache();
  cpu?.emptyPool();
}
