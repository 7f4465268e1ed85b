/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"), the counter-based
 * generator that every device uses, so the same seed gives the same bits on the CPU and the GPU.
 * Also the seed bookkeeping of TensorFlow's eager mode: a global seed (`random.setSeed`) and
 * per-op seeds, where repeated calls with the same seeds give new numbers until the global seed
 * is set again.
 *
 * @module
 */
import type { PhiloxStream } from "./backends/backend.ts";
import { InvalidArgumentError } from "./errors.ts";

const M0 = 0xD2511F53;
const M1 = 0xCD9E8D57;
const W0 = 0x9E3779B9;
const W1 = 0xBB67AE85;

/** High 32 bits of the 64-bit product of two uint32. */
function mulhi(a: number, b: number): number {
  const aHi = a >>> 16, aLo = a & 0xffff;
  const bHi = b >>> 16, bLo = b & 0xffff;
  const lo = aLo * bLo;
  const mid1 = aHi * bLo;
  const mid2 = aLo * bHi;
  const carry = ((lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (aHi * bHi + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

/**
 * Ten Philox rounds of counter (c0, c1, c2, c3) under key (k0, k1); writes four uint32 to `out`
 * at `at`.
 */
export function philox(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  at: number,
): void {
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, c0), lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2), lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[at] = c0;
  out[at + 1] = c1;
  out[at + 2] = c2;
  out[at + 3] = c3;
}

/**
 * `count` uint32 words of a stream: block `i` is the counter (i, i / 2^32, call, 0), so element j
 * is the same wherever it is computed.
 */
export function philoxWords(stream: PhiloxStream, count: number): Uint32Array {
  const blocks = Math.ceil(count / 4);
  const out = new Uint32Array(blocks * 4);
  const [k0, k1] = stream.key;
  for (let i = 0; i < blocks; i++) {
    philox(i >>> 0, Math.floor(i / 4294967296), stream.call >>> 0, 0, k0, k1, out, i * 4);
  }
  return out;
}

/** A float in [0, 1) from the top 24 bits of a word (exact in float32). */
export function uniform24(word: number): number {
  return (word >>> 8) * 2 ** -24;
}

/** A float in [0, 1) from two words (53 bits, exact in float64). */
export function uniform53(hi: number, lo: number): number {
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) * 2 ** -53;
}

/**
 * Box–Muller: two standard normals from two words, computed in float64. The first uniform is
 * taken in (0, 1] so that its log is finite.
 */
export function boxMuller(w0: number, w1: number, out: Float64Array, at: number): void {
  const u1 = ((w0 >>> 8) + 1) * 2 ** -24;
  const u2 = (w1 >>> 8) * 2 ** -24;
  const r = Math.sqrt(-2 * Math.log(u1));
  out[at] = r * Math.cos(2 * Math.PI * u2);
  out[at + 1] = r * Math.sin(2 * Math.PI * u2);
}

let globalSeed: number | null = null;
let opCounter = 0;
const calls = new Map<string, number>();

function checkSeed(seed: number, what: string): number {
  if (!Number.isInteger(seed)) {
    throw new InvalidArgumentError(`${what}: seed must be an integer, got ${String(seed)}`);
  }
  return seed;
}

/**
 * Sets the global random seed: from here on, unseeded random ops give a reproducible sequence,
 * and ops with their own seed restart their sequence, as `tf.random.set_seed` does.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * tf.random.setSeed(42);
 * const a = tf.random.uniform([2]);
 * tf.random.setSeed(42);
 * console.log(tf.equal(a, tf.random.uniform([2])).numpy().tolist()); // [true, true]
 * ```
 */
export function setSeed(seed: number): void {
  globalSeed = checkSeed(seed, "random.setSeed");
  opCounter = 0;
  calls.clear();
}

/**
 * The Philox stream of the next random op: the key is (global seed, op seed) and the call
 * number counts the calls made with that key since the global seed was set.
 */
export function nextStream(opSeed: number | undefined, op: string): PhiloxStream {
  if (opSeed !== undefined) checkSeed(opSeed, op);
  if (globalSeed === null) {
    globalSeed = opSeed === undefined ? Math.floor(Math.random() * 2 ** 31) : 87654321;
  }
  const seed = opSeed ?? opCounter++;
  const key = `${globalSeed}:${seed}`;
  const call = calls.get(key) ?? 0;
  calls.set(key, call + 1);
  return { key: [globalSeed >>> 0, seed >>> 0], call };
}
