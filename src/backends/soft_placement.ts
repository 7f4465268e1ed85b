/**
 * Soft placement: an op that a device backend cannot run there (float16, which has no device
 * kernels, and the host-run ops: linear algebra, sorting, seeded shuffles) runs on the CPU over
 * host copies of its inputs, and its result goes back to the device. On a GPU that is one to two
 * orders of magnitude slower than a kernel, so it is never silent: every such op is counted in
 * `tf.memory()` (`softPlacedOps`, `softPlacedBytes`) and listed by
 * `tf.config.getSoftPlacements()`, and `DENOTENSOR_SOFT_PLACEMENT=warn` prints one warning per
 * op, dtype and reason while `DENOTENSOR_SOFT_PLACEMENT=error` refuses to run it.
 *
 * @module
 */
import type { Backend, Storage, View } from "./backend.ts";
import type { DType, TypedArray } from "../dtype.ts";
import { InvalidArgumentError, UnimplementedError } from "../errors.ts";
import { readEnv } from "../env.ts";
import { contiguousStrides, isContiguous } from "../shape.ts";

/** What a soft placement does: run silently (counted), warn once, or throw. */
export type SoftPlacementPolicy = "allow" | "warn" | "error";

/** One kind of op that ran on the CPU for a device, as `tf.config.getSoftPlacements()` lists. */
export interface SoftPlacement {
  /** The device that lacked the kernel. */
  device: string;
  /** The op (family op name, or the host-run op). */
  op: string;
  /** The dtype it ran in. */
  dtype: DType;
  /** Why it ran on the CPU. */
  reason: string;
  /** How many times it did. */
  count: number;
  /** Bytes copied between the device and the host for it. */
  bytes: number;
}

let policy: SoftPlacementPolicy | null = null;

/** The policy of `DENOTENSOR_SOFT_PLACEMENT` (allow when unset or not readable). */
export function softPlacementPolicy(): SoftPlacementPolicy {
  if (policy !== null) return policy;
  const v = (readEnv("DENOTENSOR_SOFT_PLACEMENT") ?? "").trim().toLowerCase();
  if (v === "" || v === "allow") return policy = "allow";
  if (v === "warn" || v === "error") return policy = v;
  throw new InvalidArgumentError(
    `DENOTENSOR_SOFT_PLACEMENT=${JSON.stringify(v)} is not one of allow, warn, error`,
  );
}

/** Sets the soft placement policy for this process (tests; the env variable sets it for users). */
export function setSoftPlacementPolicy(p: SoftPlacementPolicy): void {
  policy = p;
}

/** What soft placement needs of a device backend: moving data between it and the host. */
export interface DeviceSide {
  /** The device name ("cuda:0"). */
  readonly device: string;
  /** A contiguous host copy of a device view. */
  download(x: View): TypedArray;
  /** New device storage holding a host array. */
  upload(data: TypedArray, dtype: DType): Storage;
  /** A strided device copy. */
  copy(x: View, out: View): void;
  /** Gives device storage back. */
  free(storage: Storage): void;
}

/** A contiguous host view over `data` with the shape of `v`. */
function hostView(v: View, storage: Storage): View {
  return {
    storage,
    dtype: v.dtype,
    shape: v.shape,
    strides: contiguousStrides(v.shape),
    offset: 0,
    size: v.size,
  };
}

/** The soft placements of one device backend: the generic CPU fallback and its bookkeeping. */
export class SoftPlacer {
  /** Ops run on the CPU so far. */
  ops = 0;
  /** Bytes they copied. */
  bytes = 0;
  #device: DeviceSide;
  #cpu: Backend;
  #seen = new Map<string, SoftPlacement>();

  /** The fallback of `device` onto the CPU backend `cpu`. */
  constructor(device: DeviceSide, cpu: Backend) {
    this.#device = device;
    this.#cpu = cpu;
  }

  /**
   * Checks the policy before an op of `dtype` runs on the CPU for want of a device kernel: throws
   * under `error`, warns once per (op, dtype, reason) under `warn`.
   */
  allow(op: string, dtype: DType, reason: string): void {
    const p = softPlacementPolicy();
    if (p === "allow") return;
    const what = `${op} (${dtype}) runs on the CPU instead of ${this.#device.device}: ${reason}`;
    if (p === "error") {
      throw new UnimplementedError(
        `${what}; DENOTENSOR_SOFT_PLACEMENT=error forbids such fallbacks`,
      );
    }
    if (!this.#seen.has(`${op} ${dtype} ${reason}`)) {
      console.warn(`denotensor: ${what} (DENOTENSOR_SOFT_PLACEMENT=warn)`);
    }
  }

  /** Counts an op that ran on the CPU, with the bytes it copied. */
  count(op: string, dtype: DType, reason: string, bytes: number): void {
    this.ops++;
    this.bytes += bytes;
    const key = `${op} ${dtype} ${reason}`;
    const s = this.#seen.get(key);
    if (s !== undefined) {
      s.count++;
      s.bytes += bytes;
    } else {
      this.#seen.set(key, { device: this.#device.device, op, dtype, reason, count: 1, bytes });
    }
  }

  /**
   * Runs `run` on the CPU over host copies of `inputs` (null: a scalar operand), then writes its
   * host result into the device view `out`.
   */
  run(
    op: string,
    reason: string,
    inputs: readonly (View | null)[],
    out: View,
    run: (cpu: Backend, hostInputs: (View | null)[], hostOut: View) => void,
  ): void {
    this.allow(op, out.dtype, reason);
    const dev = this.#device, cpu = this.#cpu;
    let bytes = 0;
    const host = inputs.map((v) => {
      if (v === null) return null;
      const data = dev.download(v);
      bytes += data.byteLength;
      return hostView(v, cpu.upload(data, v.dtype));
    });
    const hostOut = hostView(out, cpu.alloc(out.dtype, out.size));
    if (out.storage.dtype === out.dtype && !isContiguous(out.shape, out.strides)) {
      // Strided outputs (copy, fill) start from their current contents.
      cpu.copy(hostView(out, cpu.upload(dev.download(out), out.dtype)), hostOut);
    }
    run(cpu, host, hostOut);
    const result = cpu.download(hostOut);
    bytes += result.byteLength;
    const up = dev.upload(result, out.dtype);
    dev.copy(hostView(out, up), out);
    dev.free(up);
    this.count(op, out.dtype, reason, bytes);
  }

  /** Every kind of soft placement so far. */
  list(): SoftPlacement[] {
    return [...this.#seen.values()].map((s) => ({ ...s }));
  }
}
