/**
 * NumPy's MT19937 (mt19937.c), the bit generator of the legacy `RandomState`: `seed` by
 * `mt19937_seed` for an integer and `init_by_array` for an array, as `_legacy_seeding` does.
 *
 * @module
 */
import type { BitGen } from "./bitgen.ts";

const N = 624, M = 397, MATRIX_A = 0x9908b0df, UPPER = 0x80000000, LOWER = 0x7fffffff;

/** The Mersenne Twister MT19937. */
export class MT19937 implements BitGen {
  private readonly key = new Uint32Array(N);
  private pos = N;
  /** High word of the last `next64`. */
  hi = 0;
  /** Low word of the last `next64`. */
  lo = 0;

  /** `mt19937_seed`: Knuth's initialisation from one 32-bit word. */
  seed(seed: number): void {
    const k = this.key;
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      k[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.pos = N;
  }

  /** `mt19937_init_by_array`. */
  initByArray(initKey: readonly number[]): void {
    const mt = this.key, len = initKey.length;
    this.seed(19650218);
    let i = 1, j = 0;
    for (let k = Math.max(N, len); k > 0; k--) {
      const p = (mt[i - 1] ^ (mt[i - 1] >>> 30)) >>> 0;
      mt[i] = (((mt[i] ^ Math.imul(p, 1664525)) >>> 0) + initKey[j] + j) >>> 0;
      i++, j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const p = (mt[i - 1] ^ (mt[i - 1] >>> 30)) >>> 0;
      mt[i] = (((mt[i] ^ Math.imul(p, 1566083941)) >>> 0) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  private generate(): void {
    const st = this.key;
    let i = 0, y: number;
    for (; i < N - M; i++) {
      y = (st[i] & UPPER) | (st[i + 1] & LOWER);
      st[i] = st[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      y = (st[i] & UPPER) | (st[i + 1] & LOWER);
      st[i] = st[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (st[N - 1] & UPPER) | (st[0] & LOWER);
    st[N - 1] = st[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }

  /** `mt19937_next32`: one tempered word. */
  next32(): number {
    if (this.pos === N) this.generate();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `mt19937_next64`: the first word high, the second low. */
  next64(): void {
    this.hi = this.next32();
    this.lo = this.next32();
  }

  /** `mt19937_next_double`: 53 bits from two words (27 + 26). */
  nextDouble(): number {
    const a = this.next32() >>> 5, b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}
