// float32 exp, log, tanh and sigmoid for the native CPU library (DT_CPU): computed in float64
// by branch-free code (selects, no calls) that the compiler vectorises, then rounded once to
// float32. The float64 approximations are accurate to about 1e-14 relative, so the float32
// result is the correctly rounded one except when the exact value lies within ~1e-14 of a
// rounding boundary (then it is the other neighbour): always within 1 ulp, and equal to the
// TypeScript CPU path (Math.exp etc. in float64, rounded) almost everywhere. No FMA is used
// (the library is built with -ffp-contract=off), so every instruction set gives the same bits.
// The GPU and emulation builds keep the C library's float functions.
#ifndef DT_CPU_MATH_CUH
#define DT_CPU_MATH_CUH

#include <stdint.h>

#define DT_CM inline __attribute__((always_inline))

DT_CM uint64_t dt_cm_bits(double x) { return __builtin_bit_cast(uint64_t, x); }
DT_CM double dt_cm_double(uint64_t b) { return __builtin_bit_cast(double, b); }

// e^r - 1 for |r| <= ln(2)/2: Taylor to degree 11 (truncation below 2e-14 of the result),
// evaluated by Estrin's scheme (a shorter dependency chain than Horner's: about 15% faster).
DT_CM double dt_cm_expm1_poly(double r) {
  const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const double p01 = 1.0 + r * 0.5;
  const double p23 = 1.0 / 6.0 + r * (1.0 / 24.0);
  const double p45 = 1.0 / 120.0 + r * (1.0 / 720.0);
  const double p67 = 1.0 / 5040.0 + r * (1.0 / 40320.0);
  const double p89 = 1.0 / 362880.0 + r * (1.0 / 3628800.0);
  const double q0 = p01 + r2 * p23;
  const double q1 = p45 + r2 * p67;
  const double q2 = p89 + r2 * (1.0 / 39916800.0);
  return r * ((q0 + r4 * q1) + r8 * q2);
}

// y = n ln2 + r with n integral and |r| <= ln(2)/2, for |y| <= 300: *scale = 2^n exactly.
DT_CM double dt_cm_reduce(double y, double* scale) {
  const double kMagic = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  const double kLn2Hi = 6.93147180369123816490e-01;  // fdlibm's split of ln 2 (32 + 53 bits)
  const double kLn2Lo = 1.90821492927058770002e-10;
  const double t = y * 1.44269504088896338700e+00 + kMagic;
  const double n = t - kMagic;
  // t's low bits hold n (two's complement): shifting n + 1023 into the exponent gives 2^n.
  *scale = dt_cm_double((dt_cm_bits(t) + 1023u) << 52);
  return (y - n * kLn2Hi) - n * kLn2Lo;
}

// e^y in float64 for a float32 argument; clamped to [-150, 150], where float32 has already
// overflowed or underflowed (NaN passes through the clamps and is restored by the caller).
DT_CM double dt_cm_exp_wide(double y) {
  y = y < -150.0 ? -150.0 : y;
  y = y > 150.0 ? 150.0 : y;
  double s;
  const double r = dt_cm_reduce(y, &s);
  return s + s * dt_cm_expm1_poly(r);
}

DT_CM float dt_cpu_expf(float x) {
  const float r = (float)dt_cm_exp_wide((double)x);
  return x != x ? x : r;
}

// 1 / (1 + e^-x), as the TypeScript path computes it in float64.
DT_CM float dt_cpu_sigmoidf(float x) {
  const float r = (float)(1.0 / (1.0 + dt_cm_exp_wide(-(double)x)));
  return x != x ? x : r;
}

// tanh x = sign(x) * m / (m + 2) with m = e^(2|x|) - 1 (no cancellation near 0). |x| is clamped
// to 10, where tanh already rounds to 1.
DT_CM float dt_cpu_tanhf(float x) {
  const double xd = (double)x;
  double a = __builtin_fabs(xd);
  a = a > 10.0 ? 10.0 : a;
  double s;
  const double r = dt_cm_reduce(a + a, &s);
  const double m = s * dt_cm_expm1_poly(r) + (s - 1.0);
  const double t = __builtin_copysign(m / (m + 2.0), xd);
  return x != x ? x : (float)t;
}

// log x = k ln2 + log(m) with m in [sqrt(1/2), sqrt(2)) and log(m) = 2 atanh(u), u = (m-1)/(m+1),
// |u| <= 0.1716, by its series to u^19. Every positive float32 is a normal float64.
DT_CM float dt_cpu_logf(float x) {
  const double xd = (double)x;
  const uint64_t b = dt_cm_bits(xd);
  // the exponent field as a double, without a 64-bit integer conversion
  const double e = dt_cm_double((b >> 52) | 0x4330000000000000ull) - 4503599627370496.0;
  double m = dt_cm_double((b & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
  const bool big = m > 1.41421356237309504880;
  m = big ? m * 0.5 : m;
  const double k = (big ? e + 1.0 : e) - 1023.0;
  const double u = (m - 1.0) / (m + 1.0);
  const double z = u * u;
  const double z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;  // 2 (1 + z/3 + ... + z^9/19), Estrin
  const double p01 = 2.0 + z * (2.0 / 3.0);
  const double p23 = 2.0 / 5.0 + z * (2.0 / 7.0);
  const double p45 = 2.0 / 9.0 + z * (2.0 / 11.0);
  const double p67 = 2.0 / 13.0 + z * (2.0 / 15.0);
  const double p89 = 2.0 / 17.0 + z * (2.0 / 19.0);
  const double p = ((p01 + z2 * p23) + z4 * (p45 + z2 * p67)) + z8 * p89;
  const double lg = k * 6.93147180369123816490e-01 + (u * p + k * 1.90821492927058770002e-10);
  float r = (float)lg;
  r = x == 0.0f ? -(float)INFINITY : r;
  r = x < 0.0f ? (float)NAN : r;
  r = x == (float)INFINITY ? x : r;
  return x != x ? x : r;
}

#undef DT_CM
#endif
