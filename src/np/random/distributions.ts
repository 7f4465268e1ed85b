/**
 * NumPy's samplers of one value (distributions.c as NumPy 2 builds it, operation for operation,
 * no fused multiply-adds): gamma (Marsaglia-Tsang, and its rejection for shape < 1), beta
 * (Johnk's algorithm, or two gammas), poisson (multiplication, or Hoermann's PTRS for lam >= 10),
 * binomial (inversion, or BTPE). `log`, `exp`, `log1p` and `pow` are glibc's (libm.ts).
 *
 * @module
 */
import { exp, log, log1p, pow } from "./libm.ts";

/** The draws a sampler takes from its generator. */
export interface Draws {
  /** `next_double`. */
  double(): number;
  /** `random_standard_normal` (ziggurat). */
  normal(): number;
  /** `random_standard_exponential` (ziggurat). */
  exponential(): number;
}

/** `random_standard_gamma`. */
export function standardGamma(d: Draws, shape: number): number {
  if (shape === 1) return d.exponential();
  if (shape === 0) return 0;
  if (shape < 1) {
    for (;;) {
      const u = d.double(), v = d.exponential();
      if (u <= 1 - shape) {
        const x = pow(u, 1 / shape);
        if (x <= v) return x;
      } else {
        const y = -log((1 - u) / shape);
        const x = pow(1 - shape + shape * y, 1 / shape);
        if (x <= v + y) return x;
      }
    }
  }
  const b = shape - 1 / 3, c = 1 / Math.sqrt(9 * b);
  for (;;) {
    let x: number, v: number;
    do {
      x = d.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = d.double();
    if (u < 1 - 0.0331 * (x * x) * (x * x)) return b * v;
    if (log(u) < 0.5 * x * x + b * (1 - v + log(v))) return b * v;
  }
}

const BETA_TINY = 3e-103;

/** `random_beta` (a, b > 0). */
export function beta(d: Draws, a: number, b: number): number {
  if (a <= 1 && b <= 1) {
    if (a < BETA_TINY && b < BETA_TINY) return (a + b) * d.double() < a ? 1 : 0;
    for (;;) {
      const u = d.double(), v = d.double();
      const x = pow(u, 1 / a), y = pow(v, 1 / b);
      const xpy = x + y;
      if (xpy <= 1 && u + v > 0) {
        if (x > 0 && y > 0) return x / xpy;
        // X or Y underflowed: X / (X + Y) from the logarithms.
        const delta = log(u) / a - log(v) / b;
        if (delta > 0) return exp(-log1p(exp(-delta)));
        return exp(delta - log1p(exp(delta)));
      }
    }
  }
  const ga = standardGamma(d, a), gb = standardGamma(d, b);
  return ga / (ga + gb);
}

const LOGGAM_A = [
  8.333333333333333e-02,
  -2.777777777777778e-03,
  7.936507936507937e-04,
  -5.952380952380952e-04,
  8.417508417508418e-04,
  -1.917526917526918e-03,
  6.410256410256410e-03,
  -2.955065359477124e-02,
  1.796443723688307e-01,
  -1.39243221690590e+00,
];

/** `random_loggam`: log(gamma(x)) by SPECFUN's series. */
export function loggam(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.trunc(7 - x) : 0;
  let x0 = x + n;
  const r = 1 / x0, x2 = r * r;
  let gl0 = LOGGAM_A[9];
  for (let k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += LOGGAM_A[k];
  }
  let gl = gl0 / x0 + 0.9189385332046727 + (x0 - 0.5) * log(x0) - x0;
  if (x < 7) {
    for (let k = 1; k <= n; k++) {
      x0 -= 1;
      gl -= log(x0);
    }
  }
  return gl;
}

// The constants of the last parameters each sampler saw (NumPy caches binomial's likewise):
// pure functions of the parameters, so caching changes no value, only saves the logarithms.
let multLam = NaN, multEnlam = 0;
let ptrs = { lam: NaN, loglam: 0, a: 0, b: 0, logInvalpha: 0, vr: 0 };
let inversion = { n: NaN, p: NaN, q: 0, qn: 0, bound: 0 };

/** `random_poisson` (lam >= 0, not NaN, at most POISSON_LAM_MAX). */
export function poisson(d: Draws, lam: number): number {
  if (lam >= 10) return poissonPtrs(d, lam);
  if (lam === 0) return 0;
  if (lam !== multLam) multLam = lam, multEnlam = exp(-lam);
  const enlam = multEnlam;
  let x = 0, prod = 1;
  for (;;) {
    prod *= d.double();
    if (prod > enlam) x++;
    else return x;
  }
}

/** `random_poisson_ptrs`: Hoermann's transformed rejection. */
function poissonPtrs(d: Draws, lam: number): number {
  if (ptrs.lam !== lam) {
    const loglam = log(lam), slam = Math.sqrt(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    ptrs = { lam, loglam, a, b, logInvalpha: log(invalpha), vr };
  }
  const { loglam, a, b, logInvalpha, vr } = ptrs;
  for (;;) {
    const u = d.double() - 0.5, v = d.double();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (log(v) + logInvalpha - log(a / (us * us) + b) <= -lam + k * loglam - loggam(k + 1)) {
      return k;
    }
  }
}

/** `random_binomial_inversion` (n p <= 30). */
function binomialInversion(d: Draws, n: number, p: number): number {
  if (inversion.n !== n || inversion.p !== p) {
    const q = 1 - p, np = n * p;
    const bound = Math.trunc(Math.min(n, np + 10 * Math.sqrt(np * q + 1)));
    inversion = { n, p, q, qn: exp(n * log(q)), bound };
  }
  const { q, qn, bound } = inversion;
  let x = 0, px = qn, u = d.double();
  while (u > px) {
    x++;
    if (x > bound) {
      x = 0;
      px = qn;
      u = d.double();
    } else {
      u -= px;
      px = ((n - x + 1) * p * px) / (x * q);
    }
  }
  return x;
}

/** `random_binomial_btpe`: Kachitvichyanukul and Schmeiser's BTPE (n p > 30, p <= 0.5). */
function binomialBtpe(d: Draws, n: number, p: number): number {
  const r = Math.min(p, 1 - p), q = 1 - r, fm = n * r + r;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
  const xm = m + 0.5, xl = xm - p1, xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c), p3 = p2 + c / laml, p4 = p3 + c / lamr;
  for (;;) {
    const nrq = n * r * q;
    const u = d.double() * p4;
    let v = d.double();
    let y: number;
    if (u <= p1) return Math.floor(xm - p1 * v + u); // Step 60 (p <= 0.5 here)
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }
    // Step 50.
    const k = Math.abs(y - m);
    if (!(k > 20 && k < nrq / 2 - 1)) {
      const s = r / q, aa = s * (n + 1);
      let f = 1;
      if (m < y) { for (let i = m + 1; i <= y; i++) f *= aa / i - s; }
      else if (m > y) { for (let i = y + 1; i <= m; i++) f /= aa / i - s; }
      if (v > f) continue;
      return y;
    }
    // Step 52.
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = -k * k / (2 * nrq);
    const aLog = log(v);
    if (aLog < t - rho) return y;
    if (aLog > t + rho) continue;
    const x1 = y + 1, f1 = m + 1, z = n + 1 - m, w = n - y + 1;
    const x2 = x1 * x1, f2 = f1 * f1, z2 = z * z, w2 = w * w;
    const bound = xm * log(f1 / x1) + (n - m + 0.5) * log(z / w) +
      (y - m) * log(w * r / (x1 * q)) +
      (13680 - (462 - (132 - (99 - 140 / f2) / f2) / f2) / f2) / f1 / 166320 +
      (13680 - (462 - (132 - (99 - 140 / z2) / z2) / z2) / z2) / z / 166320 +
      (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x1 / 166320 +
      (13680 - (462 - (132 - (99 - 140 / w2) / w2) / w2) / w2) / w / 166320;
    if (aLog > bound) continue;
    return y;
  }
}

/** `random_binomial` (n >= 0 an integer below 2**53, 0 <= p <= 1). */
export function binomial(d: Draws, p: number, n: number): number {
  if (n === 0 || p === 0) return 0;
  if (p <= 0.5) {
    return p * n <= 30 ? binomialInversion(d, n, p) : binomialBtpe(d, n, p);
  }
  const q = 1 - p;
  return q * n <= 30 ? n - binomialInversion(d, n, q) : n - binomialBtpe(d, n, q);
}
