/**
 * The libm functions NumPy's distributions call, as glibc computes them on x86-64 with FMA (the
 * `__*_fma` variants its ifuncs pick on current CPUs, read instruction by instruction): `log`
 * (glibc_log.ts), `log1p` (fdlibm's, as glibc reorders and fuses it), `exp` and `pow` (Szabolcs
 * Nagy's table-driven routines, over glibc's own tables in glibc_exp_tables.ts), `log1pf`. V8's
 * `Math.log1p`, `Math.exp` and `Math.pow` (which squares for y = 2) differ from glibc's in the
 * last bit now and then, and a sampler's value or a rejection test would then differ from
 * NumPy's.
 *
 * @module
 */
import { fma, glibcLog } from "./glibc_log.ts";
import { libmKernel } from "./libm_kernel.ts";
import {
  EXP_CONSTS,
  EXP_SBITS_HI,
  EXP_SBITS_LO,
  EXP_TAIL,
  POW_CONSTS,
  POW_TAB,
} from "./glibc_exp_tables.ts";

const K = libmKernel();
const F = new Float64Array(1);
const I = new Int32Array(F.buffer);
const U = new Uint32Array(F.buffer);

/** glibc's `log` for every input (subnormals scaled as glibc does, 0, inf, NaN). */
export function log(x: number): number {
  if (x >= 2.2250738585072014e-308 && x < Infinity) return K.log(x);
  if (x > 0 && x < Infinity) return glibcLog(x, true);
  if (x === 0) return -Infinity;
  return x === Infinity ? Infinity : NaN;
}

const LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
const LP1 = 6.666666666666735130e-01, LP2 = 3.999999999940941908e-01;
const LP3 = 2.857142874366239149e-01, LP4 = 2.222219843214978396e-01;
const LP5 = 1.818357216161805012e-01, LP6 = 1.531383769920937332e-01;
const LP7 = 1.479819860511658591e-01;

/** glibc's `log1p` (s_log1p.c as `__log1p_fma`: the polynomial in Estrin form, fused). */
export function log1p(x: number): number {
  F[0] = x;
  const hx = I[1], ax = hx & 0x7fffffff;
  let k = 1, f = 0, c = 0, hu = 0;
  if (hx < 0x3fda827a) {
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN;
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : fma(-(x * x), 0.5, x);
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) k = 0, f = x, hu = 1;
  } else if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      F[0] = u;
      hu = I[1];
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u;
    } else {
      u = x;
      hu = hx;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    F[0] = u;
    if (hu < 0x6a09e) I[1] = hu | 0x3ff00000;
    else {
      k += 1;
      I[1] = hu | 0x3fe00000;
      hu = (0x00100000 - hu) >> 2;
    }
    f = F[0] - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    if (f === 0) return k === 0 ? 0 : fma(k, LN2_HI, fma(k, LN2_LO, c));
    const r = fma(-f, 0.66666666666666666, 1) * hfsq;
    return k === 0 ? f - r : fma(k, LN2_HI, -((r - fma(k, LN2_LO, c)) - f));
  }
  const s = f / (2 + f), z = s * s;
  const z2 = z * z, z4 = z2 * z2, z6 = z4 * z2;
  const r2 = fma(z, LP3, LP2), r3 = fma(z, LP5, LP4), r4 = fma(z, LP7, LP6);
  const r = fma(z6, r4, fma(z4, r3, fma(z, LP1, z2 * r2)));
  const t = s * (hfsq + r);
  if (k === 0) return f - (hfsq - t);
  return fma(k, LN2_HI, -((hfsq - (t + fma(k, LN2_LO, c))) - f));
}

const [INV_LN2_N, NEG_LN2_HI_N, NEG_LN2_LO_N, C2, C3, C4, C5, SHIFT] = EXP_CONSTS;

/** asdouble of a 64-bit pattern given as two words. */
function fromBits(hi: number, lo: number): number {
  U[0] = lo >>> 0;
  U[1] = hi >>> 0;
  return F[0];
}

/** glibc's `exp` (e_exp.c as `__exp_fma`). */
export function exp(x: number): number {
  F[0] = x;
  let abstop = (U[1] >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >= 0x3f || abstop < 0x3c9) {
    if (abstop < 0x3c9) return 1 + x;
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0;
      if (abstop >= 0x7ff) return 1 + x;
      return x < 0 ? 0 : Infinity;
    }
    abstop = 0;
  }
  if (abstop !== 0) return K.exp(x);
  const kdShift = fma(x, INV_LN2_N, SHIFT);
  F[0] = kdShift;
  const ki = U[0]; // the low 32 bits of asuint64(kd): k (two's complement)
  const kd = kdShift - SHIFT;
  const r = fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x));
  const idx = ki & 0x7f;
  const tail = EXP_TAIL[idx];
  // sbits = T[2 idx + 1] + (ki << 45): only the high word changes.
  const sHi = EXP_SBITS_HI[idx] + (ki << 13), sLo = EXP_SBITS_LO[idx];
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(r, C5, C4), fma(fma(r, C3, C2), r2, tail + r));
  if (abstop === 0) return specialcase(tmp, sHi, sLo, ki);
  const scale = fromBits(sHi, sLo);
  return fma(scale, tmp, scale);
}

/** e_exp.c's `specialcase`: results near overflow or in the subnormal range. */
function specialcase(tmp: number, sHi: number, sLo: number, ki: number): number {
  if ((ki & 0x80000000) === 0) {
    const scale = fromBits(sHi - (1009 << 20), sLo);
    return 2 ** 1009 * fma(scale, tmp, scale);
  }
  const scale = fromBits(sHi + (1022 << 20), sLo);
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1) {
    let lo = scale - y + st;
    const hi = 1 + y;
    lo = 1 - hi + y + lo;
    y = (hi + lo) - 1;
    if (y === 0) y = 0;
  }
  return 2 ** -1022 * y;
}

const f = Math.fround;
const FLN2_HI = f(6.9313812256e-01), FLN2_LO = f(9.0580006145e-06);
const FLP = [
  6.6666668653e-01,
  4.0000000596e-01,
  2.8571429849e-01,
  2.2222198546e-01,
  1.8183572590e-01,
  1.5313838422e-01,
  1.4798198640e-01,
].map(f);
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/** glibc's `log1pf` (fdlibm's s_log1pf.c in float arithmetic). */
export function log1pf(x: number): number {
  x = f(x);
  F32[0] = x;
  const hx = I32[0], ax = hx & 0x7fffffff;
  let k = 1, fv = 0, c = 0, hu = 0;
  if (hx < 0x3ed413d7) {
    if (ax >= 0x3f800000) return x === -1 ? -Infinity : NaN;
    if (ax < 0x31000000) return ax < 0x24800000 ? x : f(x - f(f(x * x) * 0.5));
    if (hx > 0 || hx <= (0xbe95f61f | 0)) k = 0, fv = x, hu = 1;
  } else if (hx >= 0x7f800000) return f(x + x);
  if (k !== 0) {
    let u: number;
    if (hx < 0x5a000000) {
      u = f(1 + x);
      F32[0] = u;
      hu = I32[0];
      k = (hu >> 23) - 127;
      c = f((k > 0 ? f(1 - f(u - x)) : f(x - f(u - 1))) / u);
    } else {
      u = x;
      hu = hx;
      k = (hu >> 23) - 127;
      c = 0;
    }
    hu &= 0x007fffff;
    if (hu < 0x3504f7) I32[0] = hu | 0x3f800000;
    else {
      k += 1;
      I32[0] = hu | 0x3f000000;
      hu = (0x00800000 - hu) >> 2;
    }
    fv = f(F32[0] - 1);
  }
  const hfsq = f(f(0.5 * fv) * fv), kf = f(k);
  if (hu === 0) {
    if (fv === 0) return k === 0 ? 0 : f(f(kf * FLN2_HI) + f(c + f(kf * FLN2_LO)));
    const r = f(hfsq * f(1 - f(f(0.6666666666666666) * fv)));
    if (k === 0) return f(fv - r);
    return f(f(kf * FLN2_HI) - f(f(r - f(f(kf * FLN2_LO) + c)) - fv));
  }
  const s = f(fv / f(2 + fv)), z = f(s * s);
  let r = FLP[6];
  for (let i = 5; i >= 0; i--) r = f(f(r * z) + FLP[i]);
  r = f(r * z);
  const t = f(s * f(hfsq + r));
  if (k === 0) return f(fv - f(hfsq - t));
  return f(f(kf * FLN2_HI) - f(f(hfsq - f(t + f(f(kf * FLN2_LO) + c))) - fv));
}

/** `expf` as glibc's (computed in double, rounded once): float of glibc's `exp`. */
export function expf(x: number): number {
  return f(exp(x));
}

const [LN2HI_P, LN2LO_P, A0, A1, A2, A3, A4, A5, A6] = POW_CONSTS;
const ABS_ONE_HI = 0x3ff00000;

/** `checkint` of e_pow.c on y's words: 0 not an integer, 1 odd, 2 even. */
function checkint(hi: number, lo: number): number {
  const iy = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  const e = Number((iy >> 52n) & 0x7ffn);
  if (e < 0x3ff) return 0;
  if (e > 0x3ff + 52) return 2;
  const s = BigInt(0x3ff + 52 - e);
  if ((iy & ((1n << s) - 1n)) !== 0n) return 0;
  return (iy & (1n << s)) !== 0n ? 1 : 2;
}

/** glibc's `pow` (e_pow.c as `__pow_fma`). */
export function pow(x: number, y: number): number {
  F[0] = x;
  let xHi = U[1], xLo = U[0];
  F[0] = y;
  const yHi = U[1], yLo = U[0];
  let topx = xHi >>> 20;
  const topy = yHi >>> 20;
  let signBias = 0;
  const yOut = (((topy & 0x7ff) - 0x3be) >>> 0) >= 0x43e - 0x3be; // |y| < 2^-65 or >= 2^63
  if (((topx - 1) >>> 0) >= 0x7ff - 1 || yOut) {
    const yZeroInfNan = (yHi & 0x7fffffff) === 0 && yLo === 0 || (yHi & 0x7ff00000) === 0x7ff00000;
    if (yZeroInfNan) {
      if (y === 0) return 1;
      if (x === 1) return 1;
      if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
      if (Math.abs(x) === 1) return 1;
      if ((Math.abs(x) < 1) === (y > 0)) return 0;
      return y * y;
    }
    const xZeroInfNan = (xHi & 0x7fffffff) === 0 && xLo === 0 || (xHi & 0x7ff00000) === 0x7ff00000;
    if (xZeroInfNan) {
      let x2 = x * x;
      if (xHi >>> 31 && checkint(yHi, yLo) === 1) x2 = -x2;
      return yHi >>> 31 ? 1 / x2 : x2;
    }
    if (xHi >>> 31) {
      const yint = checkint(yHi, yLo);
      if (yint === 0) return NaN;
      if (yint === 1) signBias = 0x800 << 7;
      xHi &= 0x7fffffff;
      topx &= 0x7ff;
    }
    if (yOut) {
      if (xHi === ABS_ONE_HI && xLo === 0) return 1;
      const above = xHi > ABS_ONE_HI || (xHi === ABS_ONE_HI && xLo !== 0);
      if ((topy & 0x7ff) < 0x3be) return above ? 1 + y : 1 - y;
      return above === (topy < 0x800) ? Infinity : 0;
    }
    if (topx === 0) {
      // Subnormal x: scaled by 2^52, the exponent made negative.
      U[1] = xHi, U[0] = xLo;
      F[0] = F[0] * 2 ** 52;
      xHi = (U[1] & 0x7fffffff) - (52 << 20), xLo = U[0];
    }
  }
  U[1] = xHi, U[0] = xLo;
  const fast = K.pow(F[0], y, signBias);
  if (fast === fast) return fast;
  // log_inline: x = 2^k z, log(x) = k ln2 + log(c) + log1p(z/c - 1) in hi + lo.
  const tmpHi = (xHi - 0x3fe69555) | 0; // (ix - OFF) >> 32, OFF's low word being 0
  const i = (tmpHi >>> (52 - 7 - 32)) & 127;
  const k = tmpHi >> 20;
  U[1] = xHi - (k << 20), U[0] = xLo;
  const z = F[0];
  const invc = POW_TAB[3 * i], logc = POW_TAB[3 * i + 1], logctail = POW_TAB[3 * i + 2];
  const r = fma(z, invc, -1);
  const t1 = fma(k, LN2HI_P, logc);
  const t2 = r + t1;
  const lo1 = fma(k, LN2LO_P, logctail);
  const lo2 = t1 - t2 + r;
  const ar = r * A0, ar2 = r * ar, ar3 = r * ar2;
  const lo3 = fma(ar, r, -ar2);
  const hi = t2 + ar2;
  const lo4 = t2 - hi + ar2;
  const q = fma(ar2, fma(ar2, fma(r, A6, A5), fma(r, A4, A3)), fma(r, A2, A1));
  const lo = fma(ar3, q, lo1 + lo2 + lo3 + lo4);
  const ly = hi + lo;
  const ltail = hi - ly + lo;
  // y * log(x) in ehi + elo, then exp_inline.
  const ehi = y * ly;
  const elo = fma(y, ltail, fma(ly, y, -ehi));
  return expInline(ehi, elo, signBias);
}

/** e_pow.c's `exp_inline`: exp(x + xtail), negated for an odd power of a negative x. */
function expInline(x: number, xtail: number, signBias: number): number {
  F[0] = x;
  let abstop = (U[1] >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >= 0x3f || abstop < 0x3c9) {
    if (abstop < 0x3c9) {
      const one = 1 + x;
      return signBias ? -one : one;
    }
    if (abstop >= 0x409) {
      const v = x < 0 ? 0 : Infinity;
      return signBias ? -v : v;
    }
    abstop = 0;
  }
  const kdShift = fma(x, INV_LN2_N, SHIFT);
  F[0] = kdShift;
  const ki = U[0];
  const kd = kdShift - SHIFT;
  let r = fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x));
  r = xtail + r;
  const idx = ki & 0x7f;
  const tail = EXP_TAIL[idx];
  const sHi = EXP_SBITS_HI[idx] + ((ki + signBias) << 13), sLo = EXP_SBITS_LO[idx];
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(r, C5, C4), fma(fma(r, C3, C2), r2, tail + r));
  if (abstop === 0) return powSpecialcase(tmp, sHi, sLo, ki);
  const scale = fromBits(sHi, sLo);
  return fma(scale, tmp, scale);
}

/** e_pow.c's `specialcase`: as exp's, with the sign carried in the scale. */
function powSpecialcase(tmp: number, sHi: number, sLo: number, ki: number): number {
  if ((ki & 0x80000000) === 0) {
    const scale = fromBits(sHi - (1009 << 20), sLo);
    return 2 ** 1009 * fma(scale, tmp, scale);
  }
  const scale = fromBits(sHi + (1022 << 20), sLo);
  const st = scale * tmp;
  let y = scale + st;
  if (Math.abs(y) < 1) {
    const one = y < 0 ? -1 : 1;
    let lo = scale - y + st;
    const hi = one + y;
    lo = one - hi + y + lo;
    y = (hi + lo) - one;
    if (y === 0) y = (sHi + (1022 << 20)) & 0x80000000 ? -0 : 0;
  }
  return 2 ** -1022 * y;
}
