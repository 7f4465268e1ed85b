/**
 * Memory bookkeeping: live tensor and byte counts per device, `tf.tidy` scopes and `tf.keep`.
 * A tensor costs two counter updates and, inside a tidy scope, one push; nothing is registered
 * with the garbage collector.
 *
 * @module
 */
import type { Storage } from "./backends/backend.ts";
import { ITEMSIZE } from "./dtype.ts";
import { InvalidArgumentError } from "./errors.ts";

/** What `tf.memory()` reports for one device (a GPU adds its allocator's counters). */
export interface DeviceMemory {
  /** Tensors created and not yet disposed. */
  numTensors: number;
  /** Bytes of the storages those tensors use (views share theirs). */
  numBytes: number;
  /** Device-specific counters (allocator bytes in use and cached, soft placements). */
  [counter: string]: number;
}

const extras = new Map<string, () => Record<string, number>>();

/** Registers a device's extra counters for tf.memory(). */
export function registerDeviceStats(device: string, stats: () => Record<string, number>): void {
  extras.set(device, stats);
}

/** What `tf.memory()` reports. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed, on every device. */
  numTensors: number;
  /** Bytes of their storages, on every device. */
  numBytes: number;
  /** The same counts per device. */
  devices: Record<string, DeviceMemory>;
}

/** Anything tidy can free: a tensor. */
export interface Disposable {
  /** Frees it (idempotent). */
  dispose(): void;
  /** True once kept with `tf.keep`: no tidy scope frees it. */
  kept: boolean;
}

const stats: Record<string, DeviceMemory> = { cpu: { numTensors: 0, numBytes: 0 } };

/** The tensors made in the innermost tidy scope, or null outside of tidy. */
export let scope: Disposable[] | null = null;

function statsOf(device: string): DeviceMemory {
  return stats[device] ??= { numTensors: 0, numBytes: 0 };
}

/** Counts a new tensor over `storage` and adds it to the current tidy scope if `scoped`. */
export function trackTensor(t: Disposable, storage: Storage, scoped: boolean): void {
  const s = statsOf(storage.device);
  s.numTensors++;
  if (storage.refs++ === 0) s.numBytes += storage.size * ITEMSIZE[storage.dtype];
  if (scoped && scope !== null) scope.push(t);
}

/** Uncounts a disposed tensor; returns true when its storage has no tensor left. */
/**
 * Takes the `tensors` (never disposed) of a storage of `bytes` that the garbage collector
 * released out of `device`'s counts.
 */
export function untrackCollected(device: string, tensors: number, bytes: number): void {
  const s = statsOf(device);
  s.numTensors -= tensors;
  s.numBytes -= bytes;
}

export function untrackTensor(storage: Storage): boolean {
  const s = statsOf(storage.device);
  s.numTensors--;
  if (--storage.refs !== 0) return false;
  s.numBytes -= storage.size * ITEMSIZE[storage.dtype];
  return true;
}

/**
 * Live tensors and bytes, in total and per device. On the CPU, a tensor that was never disposed
 * counts until it is: the garbage collector frees its memory without telling anyone.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const before = tf.memory().numTensors;
 * tf.tidy(() => tf.ones([2, 2]).add(1));
 * console.log(tf.memory().numTensors - before); // 0
 * ```
 */
export function memory(): MemoryInfo {
  const devices: Record<string, DeviceMemory> = {};
  let numTensors = 0;
  let numBytes = 0;
  for (const [name, s] of Object.entries(stats)) {
    devices[name] = { ...s, ...extras.get(name)?.() };
    numTensors += s.numTensors;
    numBytes += s.numBytes;
  }
  return { numTensors, numBytes, devices };
}

function collect(value: unknown, into: Set<unknown>, seen: Set<unknown>): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if ("dispose" in value && "kept" in value) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) { for (const v of value) collect(v, into, seen); }
  else if (value instanceof Map) { for (const v of value.values()) collect(v, into, seen); }
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, into, seen);
  }
}

/**
 * Runs `fn` and then disposes every tensor it created, except the ones it returns (found in
 * arrays, plain objects and Maps of the result) and the ones passed to `tf.keep`. Returned
 * tensors move to the enclosing scope. Throws if `fn` returns a Promise.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const y = tf.tidy(() => tf.ones([3]).mul(2).add(1)); // the ones and the product are freed
 * console.log(y.toString()); // tf.Tensor([3. 3. 3.], shape=(3,), dtype=float32)
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") {
    throw new InvalidArgumentError(`tf.tidy: expected a function, got ${typeof fn}`);
  }
  const outer = scope;
  const mine: Disposable[] = [];
  scope = mine;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    scope = outer;
    for (const t of mine) if (!t.kept) t.dispose();
    throw error;
  }
  scope = outer;
  if (result instanceof Promise) {
    for (const t of mine) if (!t.kept) t.dispose();
    throw new InvalidArgumentError(
      "tf.tidy: fn returned a Promise: tidy scopes are synchronous, await outside of them",
    );
  }
  const keepers = new Set<unknown>();
  collect(result, keepers, new Set());
  for (const t of mine) {
    if (keepers.has(t)) outer?.push(t);
    else if (!t.kept) t.dispose();
  }
  return result;
}

/**
 * Marks a tensor so that no tidy scope disposes it, and returns it.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * let kept: tf.Tensor | undefined;
 * tf.tidy(() => { kept = tf.keep(tf.ones([2])); });
 * console.log(kept?.sum().item()); // 2
 * ```
 */
export function keep<T extends Disposable>(t: T): T {
  t.kept = true;
  return t;
}
