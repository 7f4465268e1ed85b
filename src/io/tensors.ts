/**
 * `tf.io.saveTensors` / `tf.io.loadTensors`: a record of named tensors in a `.safetensors` file
 * or a `.npz` archive (the format comes from the extension). Synchronous; needs `--allow-write`
 * / `--allow-read`.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray } from "../ndarray.ts";
import { constant } from "../ops/creation.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { isTensorOrVariable, READ } from "../symbols.ts";
import {
  type FilePath,
  pathName,
  readFileBytes,
  readFileHead,
  setOwn,
  writeFileChunks,
} from "./files.ts";
import { decodeNpz, encodeNpz } from "./npz.ts";
import {
  decodeSafetensors,
  decodeSafetensorsHeader,
  encodeSafetensors,
  MAX_HEADER_BYTES,
} from "./safetensors.ts";

export type { FilePath } from "./files.ts";

/** The checkpoint formats. */
export type TensorFileFormat = "safetensors" | "npz";

/** Options of `saveTensors`. */
export interface SaveTensorsOptions {
  /** The safetensors `__metadata__` string map (not stored in `.npz` files). */
  metadata?: Readonly<Record<string, string>>;
  /** Deflate the members of a `.npz` archive (default false). */
  compressed?: boolean;
}

/** Arrays and metadata read from a tensor file. */
export interface ArrayFile {
  /** The format, from the extension. */
  format: TensorFileFormat;
  /** The arrays by name. */
  arrays: Record<string, NDArray>;
  /** The safetensors metadata (empty for `.npz`). */
  metadata: Record<string, string>;
}

/** The format of a path, from its extension; an error naming the path otherwise. */
export function formatOf(path: FilePath, op: string): TensorFileFormat {
  const name = pathName(path).toLowerCase();
  if (name.endsWith(".safetensors")) return "safetensors";
  if (name.endsWith(".npz")) return "npz";
  throw new InvalidArgumentError(
    `${op}: cannot tell the format of '${pathName(path)}' from its extension: use .safetensors ` +
      `or .npz`,
  );
}

/** Writes NDArrays to a tensor file in the format of its extension. */
export function writeArrayFile(
  path: FilePath,
  arrays: Readonly<Record<string, NDArray>>,
  op: string,
  options?: SaveTensorsOptions,
): void {
  const format = formatOf(path, op);
  if (format === "npz" && options?.metadata !== undefined) {
    throw new InvalidArgumentError(
      `${op}: metadata is stored only in .safetensors files, not in '${pathName(path)}'`,
    );
  }
  const chunks = format === "safetensors"
    ? encodeSafetensors(arrays, options?.metadata, op)
    : encodeNpz(arrays, op, { compress: options?.compressed ?? false });
  writeFileChunks(path, chunks, op);
}

/** Options of `loadTensors`. */
export interface LoadTensorsOptions {
  /**
   * For `.npz` archives: the most bytes all members may inflate to (default 2^32, 4 GiB),
   * checked against the archive's directory before anything is inflated.
   */
  maxBytes?: number;
}

const SAVE_KEYS = keysOf<SaveTensorsOptions>({ metadata: true, compressed: true });
const LOAD_KEYS = keysOf<LoadTensorsOptions>({ maxBytes: true });

/** Reads a tensor file in the format of its extension, validating everything first. */
export function readArrayFile(
  path: FilePath,
  op: string,
  options?: LoadTensorsOptions,
): ArrayFile {
  const format = formatOf(path, op);
  const bytes = readFileBytes(path, op);
  const name = pathName(path);
  if (format === "safetensors") {
    return { format, ...decodeSafetensors(bytes, name, op, false) };
  }
  const arrays = decodeNpz(bytes, name, op, { copy: false, maxBytes: options?.maxBytes });
  return { format, arrays, metadata: {} };
}

/** Host arrays of a record of tensors, variables, NDArrays or nested arrays. */
export function hostArrays(
  tensors: Readonly<Record<string, TensorLike>>,
  op: string,
): Record<string, NDArray> {
  if (tensors === null || typeof tensors !== "object" || Array.isArray(tensors)) {
    throw new InvalidArgumentError(
      `${op}: expected a record of tensors by name, got ${String(tensors)}`,
    );
  }
  const out: Record<string, NDArray> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (name === "") throw new InvalidArgumentError(`${op}: a tensor name is empty`);
    let a: NDArray;
    if (t instanceof NDArray) a = t;
    else if (isTensorOrVariable(t)) a = t[READ](op).numpy();
    else {
      const c = constant(t);
      a = c.numpy();
      c.dispose();
    }
    setOwn(out, name, a);
  }
  return out;
}

/**
 * Saves named tensors (tensors, variables, NDArrays or nested arrays) to `path`: a
 * `.safetensors` file (with optional `metadata`) or a `.npz` archive, by extension. Needs
 * `--allow-write`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const dir = Deno.makeTempDirSync();
 * tf.io.saveTensors(`${dir}/t.safetensors`, { w: tf.ones([2, 2]), step: tf.constant(3n) }, {
 *   metadata: { note: "example" },
 * });
 * const back = tf.io.loadTensors(`${dir}/t.safetensors`);
 * console.log(back.w.shape, back.step.dtype); // [ 2, 2 ] int64
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function saveTensors(
  path: FilePath,
  tensors: Readonly<Record<string, TensorLike>>,
  options?: SaveTensorsOptions,
): void {
  const op = "tf.io.saveTensors";
  checkOptions(options, SAVE_KEYS, `${op} options`);
  writeArrayFile(path, hostArrays(tensors, op), op, options);
}

/**
 * Loads the named tensors of a `.safetensors` file or `.npz` archive (by extension) onto the
 * current device. Every header field is checked against the file before any data is read; a
 * malformed file is an InvalidArgumentError naming the file and the problem. BF16 becomes
 * float32; NumPy dtypes without a tensor dtype convert as `tf.constant` converts NDArrays
 * (int8/int16/uint16 to int32, uint32/uint64 to int64). An `.npz` archive may inflate to at most
 * `options.maxBytes` (4 GiB by default). Needs `--allow-read`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * import * as np from "@denotensor/core/numpy";
 * const dir = Deno.makeTempDirSync();
 * np.savez(`${dir}/a.npz`, { x: np.arange(4) });
 * console.log(tf.io.loadTensors(`${dir}/a.npz`).x.toString()); // tf.Tensor([0 1 2 3], shape=(4,), dtype=int64)
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function loadTensors(
  path: FilePath,
  options?: LoadTensorsOptions,
): Record<string, Tensor> {
  checkOptions(options, LOAD_KEYS, "tf.io.loadTensors options");
  const { arrays } = readArrayFile(path, "tf.io.loadTensors", options);
  const out: Record<string, Tensor> = {};
  for (const [name, a] of Object.entries(arrays)) setOwn(out, name, constant(a));
  return out;
}

/**
 * The `__metadata__` map of a `.safetensors` file, reading only its header (an empty map when it
 * has none). Needs `--allow-read`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const dir = Deno.makeTempDirSync();
 * tf.io.saveTensors(`${dir}/m.safetensors`, { a: [1] }, { metadata: { epoch: "3" } });
 * console.log(tf.io.loadMetadata(`${dir}/m.safetensors`)); // { epoch: "3" }
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function loadMetadata(path: FilePath): Record<string, string> {
  const op = "tf.io.loadMetadata";
  if (formatOf(path, op) !== "safetensors") {
    throw new InvalidArgumentError(`${op}: '${pathName(path)}' is not a .safetensors file`);
  }
  const head = readFileHead(path, 8, op);
  const n = head.length === 8 ? new DataView(head.buffer).getBigUint64(0, true) : 0n;
  // Only the header is read (the length is checked against the limit before reading it).
  const bytes = n <= BigInt(MAX_HEADER_BYTES) ? readFileHead(path, 8 + Number(n), op) : head;
  return decodeSafetensorsHeader(bytes, pathName(path), op).metadata;
}
