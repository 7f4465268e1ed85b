// dt_random: uniform (op 0) and normal (op 1) values from Philox4x32-10, bit for bit the CPU's
// src/random.ts: block i of the stream is counter (i mod 2^32, i div 2^32, call, 0) under key
// (key0, key1) and gives 4 words. Each thread computes one block and the values it feeds:
// - uniform float32: one word per value, (w >> 8) * 2^-24;
// - uniform float64, int32, int64: two words per value, ((w0 >> 5) * 2^26 + (w1 >> 6)) * 2^-53;
//   integers store floor(a + u * (b - a));
// - normal float32/float64: Box-Muller on word pairs, values 2i, 2i + 1 from words 2i, 2i + 1.
// Everything is float64 without contraction, rounded once to the dtype.
#include "common.cuh"

#define DT_PHILOX_M0 0xD2511F53u
#define DT_PHILOX_M1 0xCD9E8D57u
#define DT_PHILOX_W0 0x9E3779B9u
#define DT_PHILOX_W1 0xBB67AE85u

DT_HD void dt_philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1,
                     uint32_t (&w)[4]) {
  for (int r = 0; r < 10; ++r) {
    const uint64_t p0 = (uint64_t)DT_PHILOX_M0 * c0;
    const uint64_t p1 = (uint64_t)DT_PHILOX_M1 * c2;
    const uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    const uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += DT_PHILOX_W0;
    k1 += DT_PHILOX_W1;
  }
  w[0] = c0;
  w[1] = c1;
  w[2] = c2;
  w[3] = c3;
}

DT_HD double dt_uniform24(uint32_t w) { return (double)(w >> 8) * (1.0 / 16777216.0); }
DT_HD double dt_uniform53(uint32_t hi, uint32_t lo) {
  return ((double)(hi >> 5) * 67108864.0 + (double)(lo >> 6)) * (1.0 / 9007199254740992.0);
}
// a + u * (b - a), as the CPU evaluates it.
DT_HD double dt_lerp(double a, double b, double u) { return dt_dadd(a, dt_dmul(u, dt_dsub(b, a))); }

template <class T>
DT_HD T dt_uniform_store(double v) {
  return dt_convert<T>(floor(v));  // the integer dtypes
}
template <>
DT_HD float dt_uniform_store<float>(double v) { return (float)v; }
template <>
DT_HD double dt_uniform_store<double>(double v) { return v; }

#define DT_RANDOM_NARROW 0  // float32 uniform: a word per value
#define DT_RANDOM_WIDE 1    // float64 and integer uniform: two words per value
#define DT_RANDOM_NORMAL 2

template <class TT, int M>
struct RandomParams {
  typedef TT T;
  static constexpr int MODE = M;
};

template <class P>
DT_KERNEL void dt_random_kernel(int64_t blocks, int64_t n, uint32_t k0, uint32_t k1,
                                uint32_t call, double a, double b, typename P::T* out) {
  typedef typename P::T T;
  const int MODE = P::MODE;
  DT_GRID_STRIDE(blk, blocks) {
    uint32_t w[4];
    dt_philox((uint32_t)blk, (uint32_t)(blk >> 32), call, 0, k0, k1, w);
    if (MODE == DT_RANDOM_NARROW) {
      for (int j = 0; j < 4; ++j) {
        const int64_t i = blk * 4 + j;
        if (i < n) out[i] = dt_uniform_store<T>(dt_lerp(a, b, dt_uniform24(w[j])));
      }
    } else if (MODE == DT_RANDOM_WIDE) {
      for (int h = 0; h < 2; ++h) {
        const int64_t i = blk * 2 + h;
        const double u = dt_uniform53(w[2 * h], w[2 * h + 1]);
        if (i < n) out[i] = dt_uniform_store<T>(dt_lerp(a, b, u));
      }
    } else {
      for (int h = 0; h < 2; ++h) {
        const int64_t i = blk * 4 + 2 * h;
        if (i >= n) break;
        const double u1 = (double)((w[2 * h] >> 8) + 1) * (1.0 / 16777216.0);
        const double u2 = (double)(w[2 * h + 1] >> 8) * (1.0 / 16777216.0);
        const double r = sqrt(dt_dmul(-2.0, log(u1)));
        const double theta = dt_dmul(2.0 * 3.141592653589793, u2);
        out[i] = (T)dt_dadd(a, dt_dmul(b, dt_dmul(r, cos(theta))));
        if (i + 1 < n) out[i + 1] = (T)dt_dadd(a, dt_dmul(b, dt_dmul(r, sin(theta))));
      }
    }
  }
}

template <class T, int MODE>
static int32_t dt_random_run(int64_t n, uint32_t k0, uint32_t k1, uint32_t call, double a,
                             double b, void* out, void* stream) {
  if (n == 0) return 0;
  // Values per block: 4 (narrow, normal) or 2 (wide).
  const int64_t per = MODE == DT_RANDOM_WIDE ? 2 : 4;
  const int64_t blocks = (n + per - 1) / per;
  typedef RandomParams<T, MODE> P;
  DT_LAUNCH(dt_random_kernel<P>, blocks, stream, blocks, n, k0, k1, call, a, b,
            static_cast<T*>(out));
  return DT_LAUNCH_STATUS();
}

int32_t dt_random(int32_t op, int32_t dtype, double count, int32_t key0, int32_t key1,
                  int32_t call, double a, double b, double extent, void* out, void* stream) {
  if (op != DT_RANDOM_uniform && op != DT_RANDOM_normal) return DT_ERR_BAD_OP;
  int64_t n, ext;
  if (!dt_count(count, &n) || !dt_int(extent, &ext)) return DT_ERR_BAD_LAYOUT;
  const uint32_t k0 = (uint32_t)key0, k1 = (uint32_t)key1, c = (uint32_t)call;
  int32_t (*run)(int64_t, uint32_t, uint32_t, uint32_t, double, double, void*, void*) = NULL;
  if (op == DT_RANDOM_uniform) {
    switch (dtype) {
      case DT_DTYPE_float32:
        run = dt_random_run<float, DT_RANDOM_NARROW>;
        break;
      case DT_DTYPE_float64:
        run = dt_random_run<double, DT_RANDOM_WIDE>;
        break;
      case DT_DTYPE_int32:
        run = dt_random_run<int32_t, DT_RANDOM_WIDE>;
        break;
      case DT_DTYPE_int64:
        run = dt_random_run<int64_t, DT_RANDOM_WIDE>;
        break;
      default:
        return DT_ERR_BAD_DTYPE;
    }
  } else {
    switch (dtype) {
      case DT_DTYPE_float32:
        run = dt_random_run<float, DT_RANDOM_NORMAL>;
        break;
      case DT_DTYPE_float64:
        run = dt_random_run<double, DT_RANDOM_NORMAL>;
        break;
      default:
        return DT_ERR_BAD_DTYPE;
    }
  }
  const int32_t st = dt_check_span(0, n, ext);
  if (st != 0) return st;
  return run(n, k0, k1, c, a, b, out, stream);
}
