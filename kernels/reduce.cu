// Reductions: dt_reduce_<dtype> (sum, prod, max, min, mean, all, any over the trailing
// `reduced` axes of a strided x), dt_arg_reduce_<dtype> (argmax, argmin) and dt_cumsum_<dtype>.
//
// Each reduction is a fold functor R: init(), step(acc, x, j) for element j in order,
// combine(left, right) for two partial results (left covers the earlier elements) and
// fin(acc, count). Everything is deterministic, without atomics:
// - one thread per output row folds its elements in order (the CPU's order: the emulation build
//   always takes this path, so integer results and float64-accumulated sums are the CPU's);
// - on the GPU, long rows get a block each: thread t folds a share of the row (contiguous
//   chunks where the fold depends on the order, max/min of floats and their signed zeros;
//   interleaved otherwise), then an order-preserving tree in shared memory combines the shares.
// Floats accumulate in float64 for sum, prod and mean; int32/uint8 sums and products wrap in 32
// bits (then uint8 truncates), int64 in 64; integer means are exact (int64 or 128-bit sums).
#include <stdlib.h>

#include "common.cuh"

// ---- accumulators (DtWide, the accumulator of sum and prod, is in common.cuh) ----------------
// A 128-bit two's complement integer: the exact sum of int64 values for mean.
struct DtI128 {
  uint64_t lo;
  int64_t hi;
};
DT_HD DtI128 dt_wide_add(DtI128 a, DtI128 b) {
  DtI128 r;
  r.lo = a.lo + b.lo;
  r.hi = (int64_t)((uint64_t)a.hi + (uint64_t)b.hi + (r.lo < a.lo ? 1u : 0u));
  return r;
}
DT_HD double dt_wide_double(DtI128 a) {
  if ((a.hi == 0 && a.lo < (1ull << 63)) || (a.hi == -1 && a.lo >= (1ull << 63))) {
    return (double)(int64_t)a.lo;
  }
  return (double)a.hi * 18446744073709551616.0 + (double)a.lo;
}
DT_HD double dt_wide_add(double a, double b) { return a + b; }
DT_HD int64_t dt_wide_add(int64_t a, int64_t b) { return a + b; }
DT_HD double dt_wide_double(double a) { return a; }
DT_HD double dt_wide_double(int64_t a) { return (double)a; }

template <class T>
struct DtMean {  // accumulator and result of mean: exact int64 sums, float32 result
  typedef int64_t Acc;
  typedef float Out;
  DT_HD static Acc of(T x) { return (Acc)x; }
};
template <>
struct DtMean<int64_t> {
  typedef DtI128 Acc;
  typedef float Out;
  DT_HD static Acc of(int64_t x) {
    DtI128 r;
    r.lo = (uint64_t)x;
    r.hi = x < 0 ? -1 : 0;
    return r;
  }
};
template <>
struct DtMean<float> {
  typedef double Acc;
  typedef float Out;
  DT_HD static Acc of(float x) { return x; }
};
template <>
struct DtMean<double> {
  typedef double Acc;
  typedef double Out;
  DT_HD static Acc of(double x) { return x; }
};

template <class T>
DT_HD T dt_lowest();
template <class T>
DT_HD T dt_highest();
template <>
DT_HD uint8_t dt_lowest<uint8_t>() { return 0; }
template <>
DT_HD uint8_t dt_highest<uint8_t>() { return UINT8_MAX; }
template <>
DT_HD int32_t dt_lowest<int32_t>() { return INT32_MIN; }
template <>
DT_HD int32_t dt_highest<int32_t>() { return INT32_MAX; }
template <>
DT_HD int64_t dt_lowest<int64_t>() { return INT64_MIN; }
template <>
DT_HD int64_t dt_highest<int64_t>() { return INT64_MAX; }
template <>
DT_HD float dt_lowest<float>() { return -(float)INFINITY; }
template <>
DT_HD float dt_highest<float>() { return (float)INFINITY; }
template <>
DT_HD double dt_lowest<double>() { return -(double)INFINITY; }
template <>
DT_HD double dt_highest<double>() { return (double)INFINITY; }

// The CPU's max/min fold step: x replaces s when it is larger (smaller) or NaN.
template <class T>
DT_HD T dt_max_step(T s, T x) { return (x > s || dt_isnan(x)) ? x : s; }
template <class T>
DT_HD T dt_min_step(T s, T x) { return (x < s || dt_isnan(x)) ? x : s; }

template <class T>
struct DtIsFloat {
  static constexpr bool value = false;
};
template <>
struct DtIsFloat<float> {
  static constexpr bool value = true;
};
template <>
struct DtIsFloat<double> {
  static constexpr bool value = true;
};

// ---- folds -----------------------------------------------------------------------------------
template <class T>
struct RSum {
  typedef T In;
  typedef typename DtWide<T>::type Acc;
  typedef T Out;
  static constexpr bool kOrdered = false;
  DT_HD static Acc init() { return Acc(0); }
  DT_HD static Acc step(Acc s, T x, int64_t) { return s + (Acc)x; }
  DT_HD static Acc combine(Acc a, Acc b) { return a + b; }
  DT_HD static Out fin(Acc s, int64_t) { return (Out)s; }
};

template <class T>
struct RProd {
  typedef T In;
  typedef typename DtWide<T>::type Acc;
  typedef T Out;
  static constexpr bool kOrdered = false;
  DT_HD static Acc init() { return Acc(1); }
  DT_HD static Acc step(Acc s, T x, int64_t) { return s * (Acc)x; }
  DT_HD static Acc combine(Acc a, Acc b) { return a * b; }
  DT_HD static Out fin(Acc s, int64_t) { return (Out)s; }
};

template <class T>
struct RMax {
  typedef T In;
  typedef T Acc;
  typedef T Out;
  static constexpr bool kOrdered = DtIsFloat<T>::value;  // which signed zero wins
  DT_HD static Acc init() { return dt_lowest<T>(); }
  DT_HD static Acc step(Acc s, T x, int64_t) { return dt_max_step(s, x); }
  DT_HD static Acc combine(Acc a, Acc b) { return dt_max_step(a, b); }
  DT_HD static Out fin(Acc s, int64_t) { return s; }
};

template <class T>
struct RMin {
  typedef T In;
  typedef T Acc;
  typedef T Out;
  static constexpr bool kOrdered = DtIsFloat<T>::value;
  DT_HD static Acc init() { return dt_highest<T>(); }
  DT_HD static Acc step(Acc s, T x, int64_t) { return dt_min_step(s, x); }
  DT_HD static Acc combine(Acc a, Acc b) { return dt_min_step(a, b); }
  DT_HD static Out fin(Acc s, int64_t) { return s; }
};

template <class T>
struct RMean {
  typedef T In;
  typedef typename DtMean<T>::Acc Acc;
  typedef typename DtMean<T>::Out Out;
  static constexpr bool kOrdered = false;
  DT_HD static Acc init() { return DtMean<T>::of(T(0)); }
  DT_HD static Acc step(Acc s, T x, int64_t) { return dt_wide_add(s, DtMean<T>::of(x)); }
  DT_HD static Acc combine(Acc a, Acc b) { return dt_wide_add(a, b); }
  DT_HD static Out fin(Acc s, int64_t n) { return (Out)(dt_wide_double(s) / (double)n); }
};

template <class T>
struct RAll {
  typedef T In;
  typedef uint8_t Acc;
  typedef uint8_t Out;
  static constexpr bool kOrdered = false;
  DT_HD static Acc init() { return 1; }
  DT_HD static Acc step(Acc s, T x, int64_t) { return (Acc)(s & (x != T(0) ? 1 : 0)); }
  DT_HD static Acc combine(Acc a, Acc b) { return (Acc)(a & b); }
  DT_HD static Out fin(Acc s, int64_t) { return s; }
};

template <class T>
struct RAny {
  typedef T In;
  typedef uint8_t Acc;
  typedef uint8_t Out;
  static constexpr bool kOrdered = false;
  DT_HD static Acc init() { return 0; }
  DT_HD static Acc step(Acc s, T x, int64_t) { return (Acc)(s | (x != T(0) ? 1 : 0)); }
  DT_HD static Acc combine(Acc a, Acc b) { return (Acc)(a | b); }
  DT_HD static Out fin(Acc s, int64_t) { return s; }
};

// argmax / argmin: (value, index) with i < 0 for "no element yet". combine is a total order
// (NaN first, then the larger (smaller) value, then the smaller index), so any grouping gives
// the CPU's answer: the first NaN, else the first extremum.
template <class T>
struct DtArgAcc {
  T v;
  int64_t i;
};
template <class T, bool MAX, class OutT>
struct RArg {
  typedef T In;
  typedef DtArgAcc<T> Acc;
  typedef OutT Out;
  static constexpr bool kOrdered = false;
  DT_HD static Acc init() {
    Acc a;
    a.v = T(0);
    a.i = -1;
    return a;
  }
  DT_HD static Acc combine(Acc a, Acc b) {
    if (b.i < 0) return a;
    if (a.i < 0) return b;
    const bool an = dt_isnan(a.v), bn = dt_isnan(b.v);
    if (an || bn) {
      if (an && bn) return a.i <= b.i ? a : b;
      return an ? a : b;
    }
    if (MAX ? b.v > a.v : b.v < a.v) return b;
    if (MAX ? a.v > b.v : a.v < b.v) return a;
    return a.i <= b.i ? a : b;
  }
  DT_HD static Acc step(Acc s, T x, int64_t j) {
    Acc b;
    b.v = x;
    b.i = j;
    return combine(s, b);
  }
  DT_HD static Out fin(Acc s, int64_t) { return (Out)(s.i < 0 ? 0 : s.i); }
};

// ---- kernels ---------------------------------------------------------------------------------
template <class R>
DT_KERNEL void dt_reduce_rows(int64_t outer, int64_t inner, DT_PARAM(DtRLayout) L,
                              const typename R::In* x, typename R::Out* out) {
  DT_GRID_STRIDE(row, outer) {
    const int64_t base = dt_row_offset(L, row);
    typename R::Acc acc = R::init();
    if (L.reduced == 1) {
      const int64_t s = L.strides[L.ndim - 1];
      for (int64_t j = 0; j < inner; ++j) acc = R::step(acc, x[base + j * s], j);
    } else {
      for (int64_t j = 0; j < inner; ++j) acc = R::step(acc, x[base + dt_elem_offset(L, j)], j);
    }
    out[row] = R::fin(acc, inner);
  }
}

#if DT_GPU
template <class R>
__global__ void dt_reduce_block(int64_t outer, int64_t inner, DtRLayout L,
                                const typename R::In* x, typename R::Out* out) {
  __shared__ typename R::Acc sh[DT_BLOCK];
  const int t = threadIdx.x;
  int64_t j0 = t, j1 = inner, js = DT_BLOCK;
  if (R::kOrdered) {
    const int64_t chunk = (inner + DT_BLOCK - 1) / DT_BLOCK;
    j0 = t * chunk;
    j1 = j0 + chunk < inner ? j0 + chunk : inner;
    js = 1;
  }
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x) {
    const int64_t base = dt_row_offset(L, row);
    typename R::Acc acc = R::init();
    if (L.reduced == 1) {
      const int64_t s = L.strides[L.ndim - 1];
      for (int64_t j = j0; j < j1; j += js) acc = R::step(acc, x[base + j * s], j);
    } else {
      for (int64_t j = j0; j < j1; j += js) {
        acc = R::step(acc, x[base + dt_elem_offset(L, j)], j);
      }
    }
    sh[t] = acc;
    __syncthreads();
    for (int w = 1; w < DT_BLOCK; w <<= 1) {
      if ((t & (2 * w - 1)) == 0) sh[t] = R::combine(sh[t], sh[t + w]);
      __syncthreads();
    }
    if (t == 0) out[row] = R::fin(sh[0], inner);
    __syncthreads();
  }
}

// A block per row when rows are long (or few and not short); else a thread per row.
static bool dt_block_per_row(int64_t outer, int64_t inner) {
  return inner >= 1024 || (inner >= 64 && outer < 4096);
}
#endif

#if DT_CPU
// ---- the CPU build's reduction ----------------------------------------------------------------
// Rows are cut into chunks of DT_CPU_CHUNK elements and the (row, chunk) items are shared out
// over the thread pool. Within a chunk, folds that may regroup (sums, products, means, all, any,
// integer max/min, arg reductions: kOrdered false) keep DT_CPU_LANES interleaved accumulators
// (element j goes to lane j % DT_CPU_LANES; the lanes combine in order, then the chunk's tail
// follows in order), which the compiler vectorises; ordered folds (float max/min, where the
// order decides which signed zero wins) fold in order. Chunks combine in order. The grouping
// depends only on each element's index in its row, never on the strides or the thread count, so
// results are deterministic; integer results are exactly the sequential fold's, float sums differ
// from it by float64 rounding only (rows shorter than DT_CPU_LANES are the sequential fold).
#define DT_CPU_CHUNK 16384
#define DT_CPU_LANES 16

template <class R, class Ld>
DT_HD typename R::Acc dt_cpu_fold(Ld ld, int64_t j0, int64_t len) {
  typedef typename R::Acc Acc;
  int64_t j = 0;
  Acc a = R::init();
  if (!R::kOrdered && len >= DT_CPU_LANES) {
    Acc acc[DT_CPU_LANES];
    for (int l = 0; l < DT_CPU_LANES; ++l) acc[l] = R::init();
    for (; j + DT_CPU_LANES <= len; j += DT_CPU_LANES) {
      for (int l = 0; l < DT_CPU_LANES; ++l) {
        acc[l] = R::step(acc[l], ld(j0 + j + l), j0 + j + l);
      }
    }
    a = acc[0];
    for (int l = 1; l < DT_CPU_LANES; ++l) a = R::combine(a, acc[l]);
  }
  for (; j < len; ++j) a = R::step(a, ld(j0 + j), j0 + j);
  return a;
}

template <class R>
static int32_t dt_reduce_cpu(int64_t outer, int64_t inner, const DtRLayout& L,
                             const typename R::In* x, typename R::Out* out) {
  typedef typename R::Acc Acc;
  const int64_t chunks = inner <= DT_CPU_CHUNK ? 1 : (inner + DT_CPU_CHUNK - 1) / DT_CPU_CHUNK;
  Acc* partial = NULL;
  if (chunks > 1) {
    partial = static_cast<Acc*>(malloc(sizeof(Acc) * (size_t)(outer * chunks)));
    if (partial == NULL) return DT_CUDA_MEMORY_ALLOCATION;
  }
  const int64_t items = outer * chunks;
  const int64_t s = L.strides[L.ndim - 1];
  dt_cpu_launch(outer * inner, [&]() {
    DT_GRID_STRIDE(it, items) {
      const int64_t row = it / chunks, j0 = (it % chunks) * DT_CPU_CHUNK;
      const int64_t len = inner - j0 < DT_CPU_CHUNK ? inner - j0 : DT_CPU_CHUNK;
      const typename R::In* p = x + dt_row_offset(L, row);
      Acc a;
      if (L.reduced == 1 && s == 1) {
        a = dt_cpu_fold<R>([&](int64_t j) { return p[j]; }, j0, len);
      } else if (L.reduced == 1) {
        a = dt_cpu_fold<R>([&](int64_t j) { return p[j * s]; }, j0, len);
      } else {
        a = dt_cpu_fold<R>([&](int64_t j) { return p[dt_elem_offset(L, j)]; }, j0, len);
      }
      if (chunks == 1) {
        out[row] = R::fin(a, inner);
      } else {
        partial[it] = a;
      }
    }
  });
  if (chunks > 1) {
    for (int64_t row = 0; row < outer; ++row) {
      Acc a = partial[row * chunks];
      for (int64_t c = 1; c < chunks; ++c) a = R::combine(a, partial[row * chunks + c]);
      out[row] = R::fin(a, inner);
    }
    free(partial);
  }
  return 0;
}
#endif

template <class R>
static int32_t dt_reduce_run(double outer_count, double inner_count, const double* rlayout,
                             const void* x, void* out, void* stream) {
  DtRLayout L;
  int64_t outer, inner;
  const int32_t st =
      dt_read_rlayout(rlayout, outer_count, inner_count, false, &L, &outer, &inner);
  if (st != 0) return st;
  if (outer == 0) return 0;
  const typename R::In* xp = static_cast<const typename R::In*>(x);
  typename R::Out* o = static_cast<typename R::Out*>(out);
#if DT_GPU
  if (dt_block_per_row(outer, inner)) {
    const unsigned grid = (unsigned)(outer < DT_MAX_BLOCKS ? outer : DT_MAX_BLOCKS);
    dt_reduce_block<R><<<grid, DT_BLOCK, 0, (cudaStream_t)stream>>>(outer, inner, L, xp, o);
    return DT_LAUNCH_STATUS();
  }
#endif
#if DT_CPU
  (void)stream;
  return dt_reduce_cpu<R>(outer, inner, L, xp, o);
#else
  DT_LAUNCH(dt_reduce_rows<R>, outer, stream, outer, inner, L, xp, o);
  return DT_LAUNCH_STATUS();
#endif
}

// The fold of reduce op OP: one line per op below, naming its fold template.
// build/op_ids.h's DT_REDUCE_TABLE lists every (dtype, op) pair the TypeScript side sends here
// (bool sums and products are computed as int32 there) and generates the dispatch and
// dt_supports' answer; an op of the list without a line fails to compile, naming the op.
template <int OP>
struct DtReduce {
  static constexpr bool defined = false;
};
#define DT_REDUCE_FOLD(OP, FOLD)          \
  template <>                             \
  struct DtReduce<DT_REDUCE_##OP> {       \
    static constexpr bool defined = true; \
    template <class T>                    \
    using fold = FOLD<T>;                 \
  };

DT_REDUCE_FOLD(sum, RSum)
DT_REDUCE_FOLD(prod, RProd)
DT_REDUCE_FOLD(max, RMax)
DT_REDUCE_FOLD(min, RMin)
DT_REDUCE_FOLD(mean, RMean)
DT_REDUCE_FOLD(all, RAll)
DT_REDUCE_FOLD(any, RAny)

static int32_t dt_reduce_dispatch(int32_t dtype, int32_t op, double outer, double inner,
                                  const double* rlayout, const void* x, void* out,
                                  void* stream) {
  if (op < 0 || op >= DT_REDUCE_COUNT) return DT_ERR_BAD_OP;
  switch (DT_OP_KEY(dtype, op)) {
#define DT_REDUCE_CASE(S, OP)                                                                \
  case DT_OP_KEY(DT_CODE_##S, DT_REDUCE_##OP):                                               \
    static_assert(DtReduce<DT_REDUCE_##OP>::defined, "reduce op " #OP " has no fold line"); \
    return dt_reduce_run<DtReduce<DT_REDUCE_##OP>::fold<dt_ctype_##S> >(outer, inner, rlayout, \
                                                                         x, out, stream);
    DT_REDUCE_TABLE(DT_REDUCE_CASE)
#undef DT_REDUCE_CASE
    default:
      return DT_ERR_BAD_OP;
  }
}

bool dt_reduce_has(int32_t op, int32_t dtype) {
  if (op < 0 || op >= DT_REDUCE_COUNT) return false;
  switch (DT_OP_KEY(dtype, op)) {
#define DT_REDUCE_CASE(S, OP) case DT_OP_KEY(DT_CODE_##S, DT_REDUCE_##OP):
    DT_REDUCE_TABLE(DT_REDUCE_CASE)
#undef DT_REDUCE_CASE
    return true;
    default:
      return false;
  }
}

#define DT_REDUCE_EXPORT(S, CODE)                                                            \
  int32_t dt_reduce_##S(int32_t op, double outer, double inner, const double* rlayout,       \
                        const void* x, void* out, void* stream) {                            \
    return dt_reduce_dispatch(DT_CODE_##S, op, outer, inner, rlayout, x, out, stream);       \
  }
DT_FOR_EACH_DTYPE(DT_REDUCE_EXPORT)
#undef DT_REDUCE_EXPORT

// ---- argmax / argmin -------------------------------------------------------------------------
template <class T>
static int32_t dt_arg_reduce_dispatch(int32_t op, int32_t out_dtype, double outer,
                                      double inner, const double* rlayout, const void* x,
                                      void* out, void* stream) {
  if (op != DT_ARG_argmax && op != DT_ARG_argmin) return DT_ERR_BAD_OP;
  const bool max = op == DT_ARG_argmax;
  if (out_dtype == DT_DTYPE_int32) {
    return max ? dt_reduce_run<RArg<T, true, int32_t> >(outer, inner, rlayout, x, out, stream)
               : dt_reduce_run<RArg<T, false, int32_t> >(outer, inner, rlayout, x, out, stream);
  }
  if (out_dtype == DT_DTYPE_int64) {
    return max ? dt_reduce_run<RArg<T, true, int64_t> >(outer, inner, rlayout, x, out, stream)
               : dt_reduce_run<RArg<T, false, int64_t> >(outer, inner, rlayout, x, out, stream);
  }
  return DT_ERR_BAD_DTYPE;
}

#define DT_ARG_REDUCE_EXPORT(S, CODE)                                                          \
  int32_t dt_arg_reduce_##S(int32_t op, int32_t out_dtype, double outer, double inner,         \
                            const double* rlayout, const void* x, void* out, void* stream) {   \
    return dt_arg_reduce_dispatch<dt_ctype_##S>(op, out_dtype, outer, inner, rlayout, x, out,  \
                                                stream);                                       \
  }
DT_FOR_EACH_DTYPE(DT_ARG_REDUCE_EXPORT)
#undef DT_ARG_REDUCE_EXPORT

// ---- cumsum ----------------------------------------------------------------------------------
// One thread per row, in order: the partial sums are rounded (float32) or wrapped (integers) to
// the dtype at every step, as on the CPU, so the order is part of the result. x may alias out.
template <class T>
DT_KERNEL void dt_cumsum_rows(int64_t outer, int64_t inner, DT_PARAM(DtRLayout) L,
                              int exclusive, int reverse, const T* x, T* out) {
  DT_GRID_STRIDE(row, outer) {
    const int64_t base = dt_row_offset(L, row);
    T* o = out + row * inner;
    T acc = T(0);
    for (int64_t jj = 0; jj < inner; ++jj) {
      const int64_t j = reverse ? inner - 1 - jj : jj;
      const T v = x[base + dt_elem_offset(L, j)];
      if (exclusive) {
        o[j] = acc;
        acc = dt_add(acc, v);
      } else {
        acc = dt_add(acc, v);
        o[j] = acc;
      }
    }
  }
}

template <class T>
static int32_t dt_cumsum_run(double outer_count, double inner_count, const double* rlayout,
                             int32_t exclusive, int32_t reverse, const void* x, void* out,
                             void* stream) {
  DtRLayout L;
  int64_t outer, inner;
  const int32_t st =
      dt_read_rlayout(rlayout, outer_count, inner_count, true, &L, &outer, &inner);
  if (st != 0) return st;
  if (outer == 0 || inner == 0) return 0;
  DT_LAUNCH_WORK(dt_cumsum_rows<T>, outer, outer * inner, stream, outer, inner, L,
                 exclusive != 0, reverse != 0, static_cast<const T*>(x), static_cast<T*>(out));
  return DT_LAUNCH_STATUS();
}

// bool cumsum is computed as int32 by the TypeScript side.
#define DT_CUMSUM_RUN_b8(...) DT_ERR_BAD_DTYPE
#define DT_CUMSUM_RUN_u8(...) dt_cumsum_run<uint8_t>(__VA_ARGS__)
#define DT_CUMSUM_RUN_i32(...) dt_cumsum_run<int32_t>(__VA_ARGS__)
#define DT_CUMSUM_RUN_i64(...) dt_cumsum_run<int64_t>(__VA_ARGS__)
#define DT_CUMSUM_RUN_f32(...) dt_cumsum_run<float>(__VA_ARGS__)
#define DT_CUMSUM_RUN_f64(...) dt_cumsum_run<double>(__VA_ARGS__)

#define DT_CUMSUM_EXPORT(S, CODE)                                                              \
  int32_t dt_cumsum_##S(double outer, double inner, const double* rlayout,                    \
                        int32_t exclusive, int32_t reverse, const void* x, void* out,          \
                        void* stream) {                                                        \
    (void)outer, (void)inner, (void)rlayout, (void)exclusive, (void)reverse, (void)x,          \
        (void)out, (void)stream;                                                               \
    return DT_CUMSUM_RUN_##S(outer, inner, rlayout, exclusive, reverse, x, out, stream);       \
  }
DT_FOR_EACH_DTYPE(DT_CUMSUM_EXPORT)
#undef DT_CUMSUM_EXPORT
