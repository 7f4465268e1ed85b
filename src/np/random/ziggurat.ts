/**
 * NumPy's ziggurat normal sampler (`random_standard_normal` and `random_standard_normal_f` of
 * distributions.c) over its tables (ziggurat_tables.ts), and `next_float`.
 *
 * @module
 */
import type { BitGen } from "./bitgen.ts";
import {
  FI_DOUBLE,
  FI_FLOAT,
  KI_DOUBLE,
  KI_FLOAT,
  WI_DOUBLE,
  WI_FLOAT,
} from "./ziggurat_tables.ts";

const NOR_R = 3.6541528853610087963519472518;
const NOR_INV_R = 0.27366123732975827203338247596;
const NOR_R_F = Math.fround(NOR_R);
const NOR_INV_R_F = Math.fround(NOR_INV_R);
const KI = Float64Array.from(KI_DOUBLE), WI = Float64Array.from(WI_DOUBLE);
const FI = Float64Array.from(FI_DOUBLE);
const KIF = Float64Array.from(KI_FLOAT), WIF = Float64Array.from(WI_FLOAT);
const FIF = Float64Array.from(FI_FLOAT);
const f = Math.fround;

/** `next_float`: `(next_uint32 >> 8) * 2**-24`. */
export function nextFloat(g: BitGen): number {
  return (g.next32() >>> 8) * 5.9604644775390625e-8;
}

/** `random_standard_normal`: one float64 standard normal. */
export function standardNormal(g: BitGen): number {
  for (;;) {
    g.next64();
    const hi = g.hi, lo = g.lo;
    const idx = lo & 0xff;
    const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
    let x = rabs * WI[idx];
    if ((lo >>> 8) & 1) x = -x;
    if (rabs < KI[idx]) return x;
    if (idx === 0) {
      for (;;) {
        const xx = -NOR_INV_R * Math.log1p(-g.nextDouble());
        const yy = -Math.log1p(-g.nextDouble());
        if (yy + yy > xx * xx) return (lo >>> 17) & 1 ? -(NOR_R + xx) : NOR_R + xx;
      }
    }
    if ((FI[idx - 1] - FI[idx]) * g.nextDouble() + FI[idx] < Math.exp(-0.5 * x * x)) return x;
  }
}

/** `random_standard_normal_f`: one float32 standard normal (float32 arithmetic). */
export function standardNormalF(g: BitGen): number {
  for (;;) {
    const r = g.next32();
    const idx = r & 0xff;
    const rabs = (r >>> 9) & 0x7fffff;
    let x = f(rabs * WIF[idx]);
    if ((r >>> 8) & 1) x = -x;
    if (rabs < KIF[idx]) return x;
    if (idx === 0) {
      for (;;) {
        const xx = f(-NOR_INV_R_F * f(Math.log1p(-nextFloat(g))));
        const yy = f(-Math.log1p(-nextFloat(g)));
        if (f(yy + yy) > f(xx * xx)) {
          return (rabs >>> 8) & 1 ? -f(NOR_R_F + xx) : f(NOR_R_F + xx);
        }
      }
    }
    const u = nextFloat(g);
    if (f(f(f(FIF[idx - 1] - FIF[idx]) * u) + FIF[idx]) < f(Math.exp(f(f(-0.5 * x) * x)))) return x;
  }
}
