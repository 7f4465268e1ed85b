// Decoding of the NumPy fixtures written by tests/gen_np_fixtures.py and tests/npy_interop.py.
import * as np from "../numpy.ts";

/** An encoded array: dtype, shape, hex of the C-order little-endian bytes. */
export interface EncodedArray {
  d: np.NpDType;
  s: number[];
  h: string;
}

const CTORS: Record<np.NpDType, { new (b: ArrayBuffer): np.NDArray["data"] }> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float16: Float16Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** Bytes from hex. */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** An NDArray from its encoding. */
export function decodeArray(e: EncodedArray): np.NDArray {
  const bytes = fromHex(e.h);
  return new np.NDArray(new CTORS[e.d](bytes.buffer as ArrayBuffer), e.s, e.d);
}

/** The C-order little-endian bytes of an NDArray, as hex. */
export function arrayHex(a: np.NDArray): string {
  const d = a.contiguousData();
  return toHex(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
}

/** The hash sequence of gen_np_fixtures.py's `gen`, cast as it casts. */
export function generated(spec: (number | string)[], shape?: number[]): np.NDArray {
  const [n, dtype, scale, cast] = spec as [number, np.NpDType, number?, np.NpDType?];
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = (i * 2654435761 + 12345) % 2 ** 32;
    v[i] = h / 2 ** 31 - 1;
  }
  let a = np.astype(new np.NDArray(v, [n], "float64"), dtype);
  if (scale !== undefined) {
    a = np.astype(np.multiply(a, scale), cast ?? dtype);
  }
  return shape ? np.reshape(a, shape) : a;
}

/** A fixture's JS scalar. */
export function decodeScalar(
  w: { n?: number | string; big?: string; b?: boolean },
): number | bigint | boolean {
  if (w.b !== undefined) return w.b;
  if (w.big !== undefined) return BigInt(w.big);
  const n = w.n;
  if (n === "nan") return NaN;
  if (n === "inf") return Infinity;
  if (n === "-inf") return -Infinity;
  return n as number;
}

/** Decodes any fixture argument: an array, a generated array, a scalar, or a list of arrays. */
export function decodeArg(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(decodeArg);
  const o = x as Record<string, unknown>;
  if ("h" in o) return decodeArray(o as unknown as EncodedArray);
  if ("gen" in o) return generated(o.gen as (number | string)[], o.shape as number[] | undefined);
  return decodeScalar(o as { n?: number });
}
