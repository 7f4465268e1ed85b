// The SIMD extremum of a float run for the CPU build (kernels/np_extremum.cu and the ordered
// float max/min of kernels/reduce.cu): max/min lanes that skip NaNs, with a second mask that
// records whether a NaN was seen. Empty elsewhere.
#pragma once
#include "common.cuh"

#if DT_CPU
#if defined(__AVX__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dt_simd {

// SIMD lanes of float/double: load, max, min, NaN mask, or, any; one line per ISA and type.
#define DT_NP_LANES_OF(NAME, T, VT, WIDTH, PFX, P)                            \
  struct NAME {                                                              \
    typedef VT V;                                                            \
    static const int W = WIDTH;                                              \
    static V load(const T* p) { return PFX##_loadu_##P(p); }                 \
    static V set1(T v) { return PFX##_set1_##P(v); }                         \
    static V max(V a, V b) { return PFX##_max_##P(a, b); }                   \
    static V min(V a, V b) { return PFX##_min_##P(a, b); }                   \
    static V nan(V a) { return DT_NP_UNORD(PFX, P, a); }                     \
    static V or_(V a, V b) { return PFX##_or_##P(a, b); }                    \
    static bool any(V a) { return PFX##_movemask_##P(a) != 0; }              \
    static void store(T* p, V a) { PFX##_storeu_##P(p, a); }                 \
  };
#if defined(__AVX__)
#define DT_NP_UNORD(PFX, P, a) PFX##_cmp_##P(a, a, _CMP_UNORD_Q)
DT_NP_LANES_OF(LanesF, float, __m256, 8, _mm256, ps)
DT_NP_LANES_OF(LanesD, double, __m256d, 4, _mm256, pd)
#define DT_NP_LANES 1
#elif defined(__SSE2__)
#define DT_NP_UNORD(PFX, P, a) PFX##_cmpunord_##P(a, a)
DT_NP_LANES_OF(LanesF, float, __m128, 4, _mm, ps)
DT_NP_LANES_OF(LanesD, double, __m128d, 2, _mm, pd)
#define DT_NP_LANES 1
#endif


#if DT_NP_LANES
template <class T>
struct LanesOf;
template <>
struct LanesOf<float> : LanesF {};
template <>
struct LanesOf<double> : LanesD {};
#endif

// The extremum of x[0, n) ignoring NaNs (±inf's opposite when n is 0 or all are NaN), and
// whether a NaN was seen.
template <class T, bool MAX>
inline T block_extremum(const T* x, int64_t n, bool* nan) {
  const T init = MAX ? -INFINITY : INFINITY;
  T m = init;
  bool seen = false;
  int64_t i = 0;
#if DT_NP_LANES
  typedef LanesOf<T> L;
  if (n >= 4 * L::W) {
    typename L::V a0 = L::set1(init), a1 = a0, a2 = a0, a3 = a0;
    typename L::V n0 = L::set1(0), n1 = n0;
    for (; i + 4 * L::W <= n; i += 4 * L::W) {
      const typename L::V v0 = L::load(x + i), v1 = L::load(x + i + L::W);
      const typename L::V v2 = L::load(x + i + 2 * L::W), v3 = L::load(x + i + 3 * L::W);
      // max(v, acc) returns acc when v is NaN: NaNs never enter the accumulators.
      a0 = MAX ? L::max(v0, a0) : L::min(v0, a0);
      a1 = MAX ? L::max(v1, a1) : L::min(v1, a1);
      a2 = MAX ? L::max(v2, a2) : L::min(v2, a2);
      a3 = MAX ? L::max(v3, a3) : L::min(v3, a3);
      n0 = L::or_(n0, L::or_(L::nan(v0), L::nan(v1)));
      n1 = L::or_(n1, L::or_(L::nan(v2), L::nan(v3)));
    }
    a0 = MAX ? L::max(L::max(a0, a1), L::max(a2, a3)) : L::min(L::min(a0, a1), L::min(a2, a3));
    seen = L::any(L::or_(n0, n1));
    T lanes[L::W];
    L::store(lanes, a0);
    for (int j = 0; j < L::W; j++) m = (MAX ? lanes[j] > m : lanes[j] < m) ? lanes[j] : m;
  }
#endif
  for (; i < n; i++) {
    const T v = x[i];
    m = (MAX ? v > m : v < m) ? v : m;
    seen |= v != v;
  }
  *nan = seen;
  return m;
}

}  // namespace dt_simd
#endif
