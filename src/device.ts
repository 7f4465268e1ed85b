/**
 * Placement: which backend runs an op. The current device is the innermost `tf.device` scope, else
 * the default chosen by `DENOTENSOR_DEVICE` (`cpu`, `cuda`, `auto`; read only when the permission
 * to read it is already granted). Backends are created on first use, never at import.
 *
 * @module
 */
import type { Backend } from "./backends/backend.ts";
import { CpuBackend } from "./backends/cpu/backend.ts";
import { InvalidArgumentError } from "./errors.ts";
import { readEnv } from "./env.ts";

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
}

let cpu: CpuBackend | null = null;
let defaultBackend: Backend | null = null;
const stack: Backend[] = [];

/** The CPU backend (created on first use). */
export function cpuBackend(): Backend {
  return cpu ??= new CpuBackend();
}

function cudaUnavailable(): string {
  return "the CUDA backend is not part of this build yet: ops run on the CPU";
}

/** Resolves a device name (`cpu`, `CPU:0`, `cuda`, `cuda:0`, `GPU:0`) to its backend. */
export function backendFor(name: string): Backend {
  const n = String(name).toLowerCase();
  if (n === "cpu" || n === "cpu:0" || n === "/cpu:0" || n === "/device:cpu:0") return cpuBackend();
  if (/^(\/(device:)?)?(cuda|gpu)(:0)?$/.test(n)) {
    throw new InvalidArgumentError(
      `Device ${JSON.stringify(name)} is not available: ${cudaUnavailable()}`,
    );
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
  const want = (readEnv("DENOTENSOR_DEVICE") ?? "auto").toLowerCase();
  if (want === "auto" || want === "") return cpuBackend();
  return backendFor(want);
}

/**
 * Runs `fn` with ops placed on the named device and returns its result. Throws if `fn` returns a
 * Promise: placement is synchronous, like `tf.tidy`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = tf.device("cpu", () => tf.ones([2]).add(1));
 * console.log(y.device); // "cpu"
 * ```
 */
export function device<T>(name: string, fn: () => T): T {
  const backend = backendFor(name);
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
 * The devices this process knows, with the reason when one cannot be used.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.listDevices()[0].name); // "cpu"
 * ```
 */
export function listDevices(): DeviceInfo[] {
  return [
    { name: "cpu", deviceType: "CPU", available: true },
    { name: "cuda:0", deviceType: "GPU", available: false, reason: cudaUnavailable() },
  ];
}
