/**
 * `np.save`, `np.load`, `np.savez`, `np.savezCompressed` and their in-memory twins: `.npy` and
 * `.npz` files that real NumPy reads and writes. File functions are synchronous and need
 * `--allow-read` / `--allow-write`.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { type NDArray, NP_ARRAY_TYPES } from "../ndarray.ts";
import {
  type FilePath,
  joinChunks,
  openForRead,
  pathName,
  readAt,
  writeFileChunks,
} from "../io/files.ts";
import {
  checkNpyData,
  decodeNpy,
  encodeNpy,
  isNpy,
  npyArray,
  npyHeaderLength,
  type NpyReadOptions,
  type NpyWriteOptions,
  parseNpyHeader,
} from "../io/npy.ts";
import { decodeNpz, encodeNpz } from "../io/npz.ts";
import { isZip } from "../io/zip.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { checkOptions, keysOf } from "../options.ts";

export type { FilePath } from "../io/files.ts";
export type { NpyReadOptions, NpyWriteOptions } from "../io/npy.ts";

/** Arrays for `savez`: by key (member `<key>.npy`), or a list (members `arr_0.npy`, ...). */
export type NpzArrays = Readonly<Record<string, ArrayLike>> | readonly ArrayLike[];

/** Options of `loadBytes`. */
export interface LoadBytesOptions extends NpyReadOptions {
  /** The name that error messages give the bytes (default "<bytes>"). */
  name?: string;
}

/** Options of `savezBytes`. */
export interface SavezBytesOptions {
  /** Deflate the members, as `savezCompressed` (default false: stored, as `savez`). */
  compressed?: boolean;
}

const READ_KEYS = keysOf<NpyReadOptions>({ maxHeaderSize: true, maxBytes: true });
const LOAD_BYTES_KEYS = keysOf<LoadBytesOptions>({
  maxHeaderSize: true,
  maxBytes: true,
  name: true,
});
const WRITE_KEYS = keysOf<NpyWriteOptions>({ fortranOrder: true });
const SAVEZ_BYTES_KEYS = keysOf<SavezBytesOptions>({ compressed: true });

function decode(
  bytes: Uint8Array,
  name: string,
  op: string,
  options: NpyReadOptions | undefined,
  copy: boolean,
): NDArray | Record<string, NDArray> {
  if (isNpy(bytes)) return decodeNpy(bytes, `'${name}'`, op, { ...options, copy });
  if (isZip(bytes)) return decodeNpz(bytes, name, op, { ...options, copy });
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1] <= 5) {
    throw new InvalidArgumentError(
      `${op}: '${name}' holds a Python pickle, which is never loaded: save plain arrays with ` +
        `np.save or np.savez`,
    );
  }
  const head = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, "0"));
  throw new InvalidArgumentError(
    `${op}: '${name}' is neither a .npy file nor a .npz archive: it ${
      bytes.length === 0 ? "is empty" : `starts with bytes ${head.join(" ")}`
    }`,
  );
}

/**
 * Reads a `.npy` file as an NDArray, or a `.npz` archive as a record of NDArrays by key (the
 * format comes from the file's first bytes, as in NumPy). Both byte orders, C and Fortran order
 * (kept as strides), versions 1.0 to 3.0. Object arrays and pickles are refused. Needs
 * `--allow-read`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const dir = Deno.makeTempDirSync();
 * np.save(`${dir}/a.npy`, np.array([[1, 2], [3, 4]], "int16"));
 * console.log(np.load(`${dir}/a.npy`).toString()); // [[1 2]\n [3 4]]
 * np.savez(`${dir}/b.npz`, { x: np.arange(3) });
 * console.log(np.load(`${dir}/b.npz`).x.toString()); // [0 1 2]
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function load(path: `${string}.npz`, options?: NpyReadOptions): Record<string, NDArray>;
/** Reads a `.npy` file as an NDArray (see the first overload). */
export function load(path: `${string}.npy`, options?: NpyReadOptions): NDArray;
/** Reads a `.npy` or `.npz` file (see the first overload). */
export function load(
  path: FilePath,
  options?: NpyReadOptions,
): NDArray | Record<string, NDArray>;
export function load(
  path: FilePath,
  options?: NpyReadOptions,
): NDArray | Record<string, NDArray> {
  const op = "np.load", name = pathName(path), where = `'${name}'`;
  checkOptions(options, READ_KEYS, `${op} options`);
  using f = openForRead(path, op);
  const head = new Uint8Array(Math.min(f.size, 12));
  readAt(f, head, 0, path, op);
  if (head.length === 12 && isNpy(head)) {
    // A .npy file: the header first, then the data read straight into the array's memory.
    const header = new Uint8Array(Math.min(f.size, npyHeaderLength(head, where, op, options)));
    readAt(f, header, 0, path, op);
    const h = parseNpyHeader(header, where, op, options);
    checkNpyData(h, f.size - h.start, where, op);
    const data = new NP_ARRAY_TYPES[h.dtype](h.nbytes / NP_ARRAY_TYPES[h.dtype].BYTES_PER_ELEMENT);
    const bytes = new Uint8Array(data.buffer);
    if (readAt(f, bytes, h.start, path, op) < h.nbytes) checkNpyData(h, 0, where, op);
    return npyArray(h, bytes, false);
  }
  const bytes = new Uint8Array(f.size);
  readAt(f, bytes, 0, path, op);
  return decode(bytes, name, op, options, false);
}

/**
 * Reads `.npy` or `.npz` bytes (no file system). The result never shares memory with `bytes`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const bytes = np.saveBytes(np.array([1.5, 2.5], "float32"));
 * console.log(np.loadBytes(bytes).toString()); // [1.5 2.5]
 * ```
 */
export function loadBytes(
  bytes: Uint8Array,
  options?: LoadBytesOptions,
): NDArray | Record<string, NDArray> {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(`np.loadBytes: expected a Uint8Array, got ${String(bytes)}`);
  }
  checkOptions(options, LOAD_BYTES_KEYS, "np.loadBytes options");
  return decode(bytes, options?.name ?? "<bytes>", "np.loadBytes", options, true);
}

function withExtension(path: FilePath, ext: string): FilePath {
  return typeof path === "string" && !path.endsWith(ext) ? path + ext : path;
}

/**
 * Writes an array as a `.npy` file (version 1.0, little-endian, C order unless `fortranOrder`),
 * byte for byte what `np.save` writes. As NumPy, `.npy` is appended to a string path that lacks
 * it. Needs `--allow-write`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const dir = Deno.makeTempDirSync();
 * np.save(`${dir}/m`, np.eye(2), { fortranOrder: true });
 * console.log(np.load(`${dir}/m.npy`).strides); // [ 1, 2 ]
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function save(path: FilePath, arr: ArrayLike, options?: NpyWriteOptions): void {
  checkOptions(options, WRITE_KEYS, "np.save options");
  const a = asNDArray(arr, "np.save", true);
  writeFileChunks(withExtension(path, ".npy"), encodeNpy(a, options), "np.save");
}

/**
 * An array as `.npy` bytes (no file system).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const bytes = np.saveBytes(np.array([1, 2, 3], "uint8"));
 * console.log(bytes.length, new TextDecoder().decode(bytes.subarray(1, 6))); // 131 NUMPY
 * ```
 */
export function saveBytes(arr: ArrayLike, options?: NpyWriteOptions): Uint8Array {
  checkOptions(options, WRITE_KEYS, "np.saveBytes options");
  return joinChunks(encodeNpy(asNDArray(arr, "np.saveBytes", true), options));
}

function npzArrays(arrays: NpzArrays, op: string): Record<string, NDArray> {
  if (arrays === null || typeof arrays !== "object" || ArrayBuffer.isView(arrays)) {
    throw new InvalidArgumentError(
      `${op}: expected a record of arrays by name, or a list of arrays, got ${String(arrays)}`,
    );
  }
  const entries: [string, ArrayLike][] = Array.isArray(arrays)
    ? arrays.map((a, i) => [`arr_${i}`, a])
    : Object.entries(arrays as Record<string, ArrayLike>);
  return Object.fromEntries(entries.map(([k, v]) => [k, asNDArray(v, op, true)]));
}

/**
 * Writes arrays into an uncompressed `.npz` archive, one `<key>.npy` member each (a list is
 * named `arr_0`, `arr_1`, ...). ZIP64 records are written when sizes need them. `.npz` is
 * appended to a string path that lacks it. Needs `--allow-write`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const dir = Deno.makeTempDirSync();
 * np.savez(`${dir}/data.npz`, { x: [1, 2], y: np.eye(2, 2, { dtype: "bool" }) });
 * console.log(Object.keys(np.load(`${dir}/data.npz`))); // [ "x", "y" ]
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function savez(path: FilePath, arrays: NpzArrays): void {
  const chunks = encodeNpz(npzArrays(arrays, "np.savez"), "np.savez");
  writeFileChunks(withExtension(path, ".npz"), chunks, "np.savez");
}

/**
 * As `savez`, with every member deflated (`np.savez_compressed`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const dir = Deno.makeTempDirSync();
 * np.savezCompressed(`${dir}/z.npz`, [np.zeros(1000)]);
 * console.log(Deno.statSync(`${dir}/z.npz`).size < 1000, np.load(`${dir}/z.npz`).arr_0.shape); // true [ 1000 ]
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function savezCompressed(path: FilePath, arrays: NpzArrays): void {
  const op = "np.savezCompressed";
  const chunks = encodeNpz(npzArrays(arrays, op), op, { compress: true });
  writeFileChunks(withExtension(path, ".npz"), chunks, op);
}

/**
 * Arrays as `.npz` bytes (no file system), stored or, with `compressed`, deflated.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const bytes = np.savezBytes({ a: [1, 2] }, { compressed: true });
 * const back = np.loadBytes(bytes) as Record<string, np.NDArray>;
 * console.log(back.a.toString()); // [1. 2.]
 * ```
 */
export function savezBytes(arrays: NpzArrays, options?: SavezBytesOptions): Uint8Array {
  const op = "np.savezBytes";
  checkOptions(options, SAVEZ_BYTES_KEYS, `${op} options`);
  return joinChunks(encodeNpz(npzArrays(arrays, op), op, { compress: options?.compressed }));
}
