/**
 * NumPy's `SeedSequence` (numpy/random/bit_generator.pyx): the entropy is split into 32-bit
 * words, hashed into a pool of 4 words, and `generateState` draws uint32 words from the pool.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";

/** A seed NumPy accepts: a non-negative integer (any size) or a sequence of them. */
export type Seed = number | bigint | readonly (number | bigint)[];

const INIT_A = 0x43b0d7e5, MULT_A = 0x931e8875, INIT_B = 0x8b51f9dd, MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd, MIX_MULT_R = 0x4973f715, XSHIFT = 16, POOL_SIZE = 4;

/** `_int_to_uint32_array`: little-endian 32-bit words of a non-negative integer ([0] for 0). */
function intWords(v: number | bigint, op: string): number[] {
  if (typeof v === "number" && !Number.isSafeInteger(v)) {
    throw new InvalidArgumentError(`${op}: seed must be an integer, got ${String(v)}`);
  }
  if (typeof v !== "number" && typeof v !== "bigint") {
    throw new InvalidArgumentError(`${op}: seed must be an integer, got ${typeof v} ${String(v)}`);
  }
  let n = BigInt(v);
  if (n < 0n) {
    throw new InvalidArgumentError(`${op}: seed must be a non-negative integer, got ${String(v)}`);
  }
  if (n === 0n) return [0];
  const out: number[] = [];
  while (n > 0n) {
    out.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return out;
}

/** `_coerce_to_uint32_array` of an entropy value. */
export function seedWords(seed: Seed, op: string): number[] {
  if (Array.isArray(seed)) return seed.flatMap((v) => intWords(v, op));
  return intWords(seed as number | bigint, op);
}

/** Fresh 128 bits of OS entropy, as NumPy uses when no seed is given. */
export function osEntropy(): number[] {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)));
}

/** NumPy's SeedSequence with the default pool size 4 and no spawn key. */
export class SeedSequence {
  /** The mixed entropy pool (4 uint32 words). */
  readonly pool: Uint32Array;

  /** Mixes the entropy words (`seedWords(seed)`) into the pool as `mix_entropy` does. */
  constructor(words: readonly number[]) {
    const pool = new Uint32Array(POOL_SIZE);
    let hashConst = INIT_A;
    const hashmix = (value: number): number => {
      value = (value ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_A) >>> 0;
      value = Math.imul(value, hashConst) >>> 0;
      return (value ^ (value >>> XSHIFT)) >>> 0;
    };
    const mix = (x: number, y: number): number => {
      let r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
      r = (r ^ (r >>> XSHIFT)) >>> 0;
      return r;
    };
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < words.length ? words[i] : 0);
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
      }
    }
    for (let src = POOL_SIZE; src < words.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(words[src]));
    }
    this.pool = pool;
  }

  /** `generate_state(n, uint32)`: n words cycled out of the pool and hashed. */
  generateState32(n: number): Uint32Array {
    let hashConst = INIT_B;
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let v = (this.pool[i % POOL_SIZE] ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
    }
    return out;
  }

  /** `generate_state(n, uint64)`: 2n uint32 words read as little-endian uint64 pairs. */
  generateState64(n: number): bigint[] {
    const w = this.generateState32(2 * n);
    return Array.from({ length: n }, (_, i) => (BigInt(w[2 * i + 1]) << 32n) | BigInt(w[2 * i]));
  }
}
