/**
 * Internal: the `shuffle` stage, TensorFlow's buffer algorithm: fill a buffer with the first
 * `bufferSize` elements, then emit a uniformly chosen one and take the next upstream element in
 * its place; at the end, emit what is left in random order. A buffer of 1 keeps the order; a
 * buffer at least as large as the dataset gives every permutation with equal probability.
 *
 * The choices come from a Philox4x32-10 stream (`src/random.ts`): key (seed, a constant for
 * datasets), counter word 2 = the iteration number, so a seed gives the same orders every run and
 * on every device.
 *
 * @module
 */
import { nextStream, philox, uniform53 } from "../random.ts";
import { type Plan, staged } from "./pipeline.ts";
import { disposeAll, type Element } from "./structure.ts";

/** Key word 1 of seeded dataset streams ("DATA"), apart from the streams of random ops. */
const DATA_KEY = 0x44415441;

/** Uniform floats in [0, 1) from a Philox stream, four words (two floats) per block. */
class Draws {
  readonly #k0: number;
  readonly #k1: number;
  readonly #call: number;
  readonly #words = new Uint32Array(4);
  #block = 0;
  #at = 4;

  constructor(key: readonly [number, number], call: number) {
    [this.#k0, this.#k1] = key;
    this.#call = call >>> 0;
  }

  /** The next float in [0, 1) (53 bits). */
  next(): number {
    if (this.#at === 4) {
      const b = this.#block++;
      philox(
        b >>> 0,
        Math.floor(b / 4294967296),
        this.#call,
        0,
        this.#k0,
        this.#k1,
        this.#words,
        0,
      );
      this.#at = 0;
    }
    const u = uniform53(this.#words[this.#at], this.#words[this.#at + 1]);
    this.#at += 2;
    return u;
  }

  /** An index in [0, n). */
  index(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }
}

/** The plan of `up.shuffle(bufferSize, { seed, reshuffleEachIteration })`. */
export function shufflePlan(
  up: Plan,
  bufferSize: number,
  seed: number | undefined,
  reshuffleEachIteration: boolean,
): Plan {
  // Unseeded: a stream drawn now from the global seed (reproducible after tf.random.setSeed).
  const key: readonly [number, number] = seed === undefined
    ? nextStream(undefined, "Dataset.shuffle").key
    : [seed >>> 0, (DATA_KEY ^ Math.floor(seed / 4294967296)) >>> 0];
  let iterations = 0;
  const make = () => {
    const draws = new Draws(key, reshuffleEachIteration ? iterations++ : 0);
    const buffer: Element[] = [];
    // The slot of the element emitted last, which the next upstream element fills (-1: none).
    let hole = -1;
    const removeHole = (): void => {
      if (hole < 0) return;
      buffer[hole] = buffer[buffer.length - 1];
      buffer.pop();
      hole = -1;
    };
    return {
      push: (el: Element) => {
        if (hole >= 0) buffer[hole] = el;
        else buffer.push(el);
        hole = -1;
        if (buffer.length < bufferSize) return [];
        hole = draws.index(buffer.length);
        return [buffer[hole]];
      },
      end: () => {
        removeHole();
        return Array.from({ length: buffer.length }, () => {
          hole = draws.index(buffer.length);
          const el = buffer[hole];
          removeHole();
          return el;
        });
      },
      done: () => false,
      close: () => {
        removeHole();
        disposeAll(buffer);
        buffer.length = 0;
      },
    };
  };
  return staged(up, make, { op: "Dataset.shuffle", sync: true, cardinality: up.cardinality });
}
