/**
 * Hostile files, made at test time from valid ones (no committed binaries): every truncation,
 * header bytes overwritten with structural characters, length and offset fields set to huge or
 * negative values, deep nesting, and the hand-made attacks of the zip and safetensors formats.
 * tests/hostile_test.ts feeds each one to every loader.
 */
import * as np from "../numpy.ts";
import * as tf from "../mod.ts";

/** One hostile file: its name (with the format's extension) and bytes. */
export interface Hostile {
  name: string;
  bytes: Uint8Array;
  /** A fragment the error message must contain, when the attack has a specific answer. */
  expect?: RegExp;
}

const enc = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u64le(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return b;
}

/** A valid .npy of float32 [3, 4] (header 128 bytes). */
export function validNpy(): Uint8Array {
  return np.saveBytes(np.reshape(np.arange(12, undefined, undefined, "float32"), [3, 4]));
}

/** A valid .npz holding two arrays, stored or deflated. */
export function validNpz(compress: boolean): Uint8Array {
  return np.savezBytes({ a: np.arange(6), b: np.ones([2, 2], "int32") }, {
    compressed: compress,
  });
}

/** A valid .safetensors holding two tensors. */
export function validSafetensors(dir: string): Uint8Array {
  const path = `${dir}/valid.safetensors`;
  tf.io.saveTensors(path, { a: tf.range(6), b: tf.ones([2, 2], "int32") });
  return Deno.readFileSync(path);
}

/** An .npy with a hand-written header dict (padded as NumPy pads it). */
export function npyWithHeader(dict: string, data = new Uint8Array(0)): Uint8Array {
  let header = dict;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += " ".repeat(pad % 64) + "\n";
  const h = enc.encode(header);
  const pre = new Uint8Array([0x93, ...enc.encode("NUMPY"), 1, 0, h.length & 255, h.length >> 8]);
  return concat(pre, h, data);
}

/** A .safetensors with a hand-written JSON header. */
export function safetensorsWith(json: string, data = new Uint8Array(0)): Uint8Array {
  const h = enc.encode(json);
  return concat(u64le(BigInt(h.length)), h, data);
}

/** Every prefix of `bytes` at the cut points (all of the first `dense` bytes, then a spread). */
function truncations(name: string, bytes: Uint8Array, dense: number): Hostile[] {
  const cuts = new Set<number>();
  for (let i = 0; i < Math.min(dense, bytes.length); i++) cuts.add(i);
  for (let i = dense; i < bytes.length; i += Math.max(1, Math.floor(bytes.length / 64))) {
    cuts.add(i);
  }
  cuts.add(bytes.length - 1);
  return [...cuts].map((n) => ({ name: `${name} cut at ${n}`, bytes: bytes.slice(0, n) }));
}

/** `bytes` with the byte at each position of [from, to) set to each of `values`. */
function overwrites(
  name: string,
  bytes: Uint8Array,
  from: number,
  to: number,
  values: readonly number[],
): Hostile[] {
  const out: Hostile[] = [];
  for (let i = from; i < Math.min(to, bytes.length); i++) {
    for (const v of values) {
      if (bytes[i] === v) continue;
      const b = bytes.slice();
      b[i] = v;
      out.push({ name: `${name} byte ${i} = 0x${v.toString(16)}`, bytes: b });
    }
  }
  return out;
}

// Structural characters of the formats, and extremes.
const STRUCTURAL = [0x00, 0xff, 0x7f, 0x28, 0x5b, 0x7b, 0x27, 0x22, 0x2c, 0x3a, 0x2d, 0x39, 0x4c];

/** Hostile .npy files. */
export function hostileNpy(): Hostile[] {
  const v = validNpy();
  const deep = 100_000;
  return [
    ...truncations("npy", v, 140),
    ...overwrites("npy", v, 0, 128, STRUCTURAL),
    {
      name: "npy shape nested 100000 deep",
      bytes: npyWithHeader(
        `{'descr': '<f4', 'fortran_order': False, 'shape': ${"(".repeat(deep)}${
          ")".repeat(deep)
        }, }`,
      ),
    },
    {
      name: "npy header dict nested 100000 deep",
      bytes: npyWithHeader(`${"{".repeat(deep)}${"}".repeat(deep)}`),
    },
    {
      name: "npy shape of 65 axes",
      bytes: npyWithHeader(
        `{'descr': '<f4', 'fortran_order': False, 'shape': (${"1, ".repeat(65)}), }`,
      ),
      expect: /65 axes|more than 64|too many/i,
    },
    {
      name: "npy shape past 2^53 bytes",
      bytes: npyWithHeader(
        `{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }`,
      ),
      expect: /too many elements|2\^53|overflow/i,
    },
    {
      name: "npy negative dimension",
      bytes: npyWithHeader(`{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 4), }`),
      expect: /-1/,
    },
    {
      name: "npy huge integer literal",
      bytes: npyWithHeader(
        `{'descr': '<f4', 'fortran_order': False, 'shape': (${"9".repeat(400)},), }`,
      ),
    },
    {
      name: "npy header length past the file",
      bytes: concat(v.slice(0, 8), new Uint8Array([0xff, 0xff]), v.slice(10, 40)),
    },
    {
      name: "npy version 3 with a 4 GiB header length",
      bytes: concat(
        new Uint8Array([0x93, ...enc.encode("NUMPY"), 3, 0, 0xff, 0xff, 0xff, 0xff]),
        v.slice(10, 60),
      ),
    },
    {
      name: "npy object dtype",
      bytes: npyWithHeader(`{'descr': '|O', 'fortran_order': False, 'shape': (2,), }`),
      expect: /'\|O'|object/,
    },
    {
      name: "npy structured dtype",
      bytes: npyWithHeader(`{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }`),
    },
  ];
}

/** Hostile .npz archives. */
export function hostileNpz(): Hostile[] {
  const out: Hostile[] = [];
  for (const compress of [false, true]) {
    const v = validNpz(compress);
    const name = compress ? "npz deflated" : "npz stored";
    out.push(...truncations(name, v, 64));
    // The local header of the first member, and the central directory and end record.
    out.push(...overwrites(name, v, 0, 40, [0x00, 0xff, 0x7f]));
    out.push(...overwrites(name, v, Math.max(0, v.length - 160), v.length, [0x00, 0xff, 0x7f]));
  }
  return out;
}

/** Hostile .safetensors files. */
export function hostileSafetensors(dir: string): Hostile[] {
  const v = validSafetensors(dir);
  const headerLength = Number(new DataView(v.buffer, v.byteOffset).getBigUint64(0, true));
  const four = new Uint8Array(16);
  return [
    ...truncations("safetensors", v, 8 + headerLength + 4),
    ...overwrites("safetensors", v, 0, 8 + headerLength, STRUCTURAL),
    {
      name: "safetensors header length 2^63",
      bytes: concat(u64le(2n ** 63n), v.slice(8)),
      expect: /header/i,
    },
    {
      name: "safetensors header nested 100000 deep",
      bytes: safetensorsWith(`{"a": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`),
    },
    {
      name: "safetensors offsets past the data",
      bytes: safetensorsWith(
        `{"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 1600]}}`,
        four,
      ),
      expect: /1600|offset/,
    },
    {
      name: "safetensors offsets that overlap",
      bytes: safetensorsWith(
        `{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, ` +
          `"b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}`,
        four,
      ),
      expect: /overlap|offset/i,
    },
    {
      name: "safetensors negative shape",
      bytes: safetensorsWith(
        `{"a": {"dtype": "F32", "shape": [-4], "data_offsets": [0, 16]}}`,
        four,
      ),
      expect: /-4/,
    },
    {
      name: "safetensors shape that does not match its bytes",
      bytes: safetensorsWith(
        `{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 16]}}`,
        four,
      ),
    },
    {
      name: "safetensors unknown dtype",
      bytes: safetensorsWith(
        `{"a": {"dtype": "F128", "shape": [1], "data_offsets": [0, 16]}}`,
        four,
      ),
      expect: /F128/,
    },
    {
      name: "safetensors duplicate key",
      bytes: safetensorsWith(
        `{"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}, ` +
          `"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}`,
        four,
      ),
      expect: /duplicate|"a"/i,
    },
    {
      name: "safetensors __proto__ key with a non-object",
      bytes: safetensorsWith(`{"__proto__": 5}`, four),
    },
    {
      name: "safetensors header that is an array",
      bytes: safetensorsWith(`[1, 2, 3]`, four),
    },
  ];
}
