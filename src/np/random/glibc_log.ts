/**
 * glibc's `log` (sysdeps/ieee754/dbl-64/e_log.c, the x86-64 FMA build NumPy calls on current
 * CPUs), emulated to the bit: the legacy polar method feeds `log` into every pair of normals, and
 * glibc's log is not always correctly rounded (nor is V8's `Math.log` the same function), so a
 * bit-exact `randn` needs glibc's very rounding. Tables: glibc_log_tables.ts.
 *
 * @module
 */
import { A, B, LN2, TAB } from "./glibc_log_tables.ts";

const F = new Float64Array(1);
const W = new Uint32Array(F.buffer);
const I = new Int32Array(F.buffer);

/**
 * fma(a, b, c) with one rounding: the exact product (Dekker's split), the sum with its error
 * (Knuth's two-sum), the two error terms added rounding to odd, then one last rounding.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || a === 0 || b === 0) return p + c;
  const ca = 134217729 * a, ah = ca - (ca - a), al = a - ah;
  const cb = 134217729 * b, bh = cb - (cb - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = p + c, bb = s - p, t = (p - (s - bb)) + (c - bb);
  let u = t + e;
  const ub = u - t, v = (t - (u - ub)) + (e - ub);
  if (v !== 0 && u !== 0) {
    F[0] = u;
    if ((W[0] & 1) === 0) {
      // Round to odd: one unit toward v.
      if ((u > 0) === (v > 0)) W[0] += 1;
      else if (W[0] !== 0) W[0] -= 1;
      else W[0] = 0xffffffff, W[1] -= 1;
      u = F[0];
    }
  } else if (v !== 0) {
    u = v;
  }
  return s + u;
}

const LN2HI = LN2[0], LN2LO = LN2[1];
const LO = 1 - 2 ** -4, HI = 1 + 0x109 * 2 ** -12;

/** glibc's log for a finite x > 0 (normal, or subnormal with `subnormal` set). */
export function glibcLog(x: number, subnormal = false): number {
  if (x >= LO && x < HI) {
    if (x === 1) return 0;
    const r = x - 1, r2 = r * r, r3 = r * r2;
    // GCC contracts every a * b + c of the C source into an fma (-mfma, fp-contract=fast).
    const inner = fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7])));
    const mid = fma(r3, inner, fma(r2, B[6], fma(r, B[5], B[4])));
    const poly = fma(r3, mid, fma(r2, B[3], fma(r, B[2], B[1])));
    let w = r * 134217728;
    const rhi = r + w - w, rlo = r - rhi;
    w = rhi * rhi * B[0];
    const hi = r + w;
    let lo = r - hi + w;
    lo = fma(B[0] * rlo, rhi + r, lo);
    return fma(r3, poly, lo) + hi;
  }
  F[0] = subnormal ? x * 2 ** 52 : x;
  if (subnormal) I[1] -= 52 << 20; // ix -= 52 << 52, as glibc normalises
  const top = I[1]; // high word
  const tmp = top - 0x3fe60000; // (ix - OFF) >> 32
  const i = (tmp >>> (20 - 7)) & 127;
  const k = tmp >> 20;
  I[1] = top - (k << 20);
  const z = F[0];
  const invc = TAB[2 * i], logc = TAB[2 * i + 1];
  const r = fma(z, invc, -1);
  const kd = k;
  const w = fma(kd, LN2HI, logc);
  const hi = w + r;
  const lo = fma(kd, LN2LO, w - hi + r);
  const r2 = r * r;
  const p = fma(r2, fma(r, A[4], A[3]), fma(r, A[2], A[1]));
  const y = fma(r * r2, p, fma(r2, A[0], lo)) + hi;
  return y;
}
