// Reductions: dt_reduce_<dtype> (sum, prod, max, min, mean, all, any over the trailing
// `reduced` axes of a strided x), dt_arg_reduce_<dtype> (argmax, argmin) and dt_cumsum_<dtype>.
//
// Each reduction is a fold functor R: init(), step(acc, x, j) for element j in order,
// combine(left, right) for two partial results (left covers the earlier elements) and
// fin(acc, count). Everything is deterministic, without atomics: how a row's elements are
// grouped depends only on (outer, inner), never on the device or the run.
//
// The GPU and emulation libraries choose among four paths with one host function,
// dt_reduce_path (the emulation library runs each block's threads as a loop, in the GPU's
// grouping, so it computes what the GPU computes, bit for bit, and launches the same grids):
// - thread per row (rows shorter than 64): each thread folds its row in order (the CPU's order);
// - warp per row (4096 rows or more, of 64 to 1023 elements): 8 rows per block, lane l folds a
//   share of its warp's row, then an order-preserving tree combines the 32 shares;
// - block per row (rows of 1024 or more, or of 64 or more when there are fewer than 4096):
//   thread t folds a share of the row, then an order-preserving tree combines the 256 shares;
// - two passes (fewer than 1024 rows of 8192 or more, dt_split): each row is cut into parts of
//   at least 4096 elements (as many as make about 1024 blocks, at most 1024 parts); pass 1 folds
//   each (row, part) in a block as above into a partial accumulator in scratch memory, pass 2
//   (a block per row) combines a row's partials in order.
// A share is a contiguous chunk where the fold depends on the order (max/min of floats: which
// signed zero wins), every 32nd / 256th element otherwise (coalesced loads). Floats accumulate in
// float64 for sum, prod and mean; int32/uint8 sums and products wrap in 32 bits (then uint8
// truncates), int64 in 64; integer means are exact (int64 or 128-bit sums). So integer results,
// max/min, all/any and the arg reductions are exactly the CPU's; float sums, products and means
// may differ from the CPU's by float64 rounding (a different grouping), the same on every run.
// The native CPU library (DT_CPU) has its own split over its thread pool: dt_reduce_cpu.
//
// cumsum keeps partial sums in the dtype (floats rounded, integers wrapped at every step). The
// GPU and emulation libraries scan rows shorter than 4096 with a thread per row, in order (the
// CPU's result); longer rows with blocks (dt_cumsum_path): each row is cut into parts as above
// (one part when there are enough rows), phase 1 folds each part's total into scratch memory,
// phase 2 (a thread per row) turns a row's part totals into exclusive prefixes, phase 3 scans
// each part in a block: thread t takes a contiguous sub-chunk, a block scan of the sub-chunk
// totals gives each thread its starting sum, then the thread walks its sub-chunk. Integers give
// the CPU's result exactly; float cumsums are deterministic but, grouped differently, may differ
// from the CPU's sequential rounding in the last bits. The CPU library scans a row per thread.
#include <stdlib.h>

#include "common.cuh"
#include "cpu_extremum.cuh"

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

// The CPU's max/min fold step: x replaces s when it is larger (smaller), equal or NaN, so among
// equal values (-0 and +0) the last wins, as in NumPy; a NaN, once there, stays.
template <class T>
DT_HD T dt_max_step(T s, T x) { return (x >= s || dt_isnan(x)) ? x : s; }
template <class T>
DT_HD T dt_min_step(T s, T x) { return (x <= s || dt_isnan(x)) ? x : s; }

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

// ---- kernels (GPU and emulation) -------------------------------------------------------------
#if !DT_CPU
// The thread of a warp that writes the warp's result: lane 0 on the GPU; on the host a warp is
// one call of dt_warp_rows' function.
DT_DEV bool dt_warp_leader() {
#if DT_GPU
  return threadIdx.x % DT_WARP == 0;
#else
  return true;
#endif
}

// Share t of N (N threads fold elements [j0, j1) of the row at x + base): the contiguous chunk t
// when the fold depends on the order, else every Nth element from j0 + t; element j in order.
template <class R, int N>
DT_HD typename R::Acc dt_fold_share(const DtRLayout& L, const typename R::In* x, int64_t base,
                                    int64_t j0, int64_t j1, int t) {
  typename R::Acc acc = R::init();
  int64_t a = j0 + t, b = j1;
  if (R::kOrdered) {
    const int64_t chunk = (j1 - j0 + N - 1) / N;
    a = j0 + t * chunk;
    b = a + chunk < j1 ? a + chunk : j1;
  }
  const int64_t step = R::kOrdered ? 1 : N;
  if (L.reduced == 1) {
    const int64_t s = L.strides[L.ndim - 1];
    for (int64_t j = a; j < b; j += step) acc = R::step(acc, x[base + j * s], j);
  } else {
    for (int64_t j = a; j < b; j += step) acc = R::step(acc, x[base + dt_elem_offset(L, j)], j);
  }
  return acc;
}

template <class R>
struct DtCombine {  // R::combine as a function object for the block helpers
  DT_HD typename R::Acc operator()(typename R::Acc a, typename R::Acc b) const {
    return R::combine(a, b);
  }
};

// A thread per row, in order.
template <class R>
DT_KERNEL void dt_reduce_rows(int64_t outer, int64_t inner, DT_PARAM(DtRLayout) L,
                              const typename R::In* x, typename R::Out* out) {
  DT_GRID_STRIDE(row, outer) {
    out[row] = R::fin(dt_fold_share<R, 1>(L, x, dt_row_offset(L, row), 0, inner, 0), inner);
  }
}

// A warp per row: block b takes rows 8b .. 8b + 7, then 8(b + grid) .., warp w the (8k + w)th.
template <class R>
DT_BLOCK_KERNEL void dt_reduce_warp(int64_t outer, int64_t inner, DT_PARAM(DtRLayout) L,
                                    const typename R::In* x, typename R::Out* out) {
  typedef typename R::Acc Acc;
  const int64_t stride = dt_grid_blocks() * DT_WARPS;
  for (int64_t r0 = dt_block_index() * DT_WARPS; r0 < outer; r0 += stride) {
    dt_warp_rows([&](int w) {
      const int64_t row = r0 + w;
      if (row < outer) {  // else the whole warp skips the fold
        const int64_t base = dt_row_offset(L, row);
        const Acc acc = dt_warp_fold<Acc>(
            [&](int lane) { return dt_fold_share<R, DT_WARP>(L, x, base, 0, inner, lane); },
            DtCombine<R>());
        if (dt_warp_leader()) out[row] = R::fin(acc, inner);
      }
    });
  }
}

// A block per row (then row + grid, ..).
template <class R>
DT_BLOCK_KERNEL void dt_reduce_block(int64_t outer, int64_t inner, DT_PARAM(DtRLayout) L,
                                     const typename R::In* x, typename R::Out* out) {
  typedef typename R::Acc Acc;
  for (int64_t row = dt_block_index(); row < outer; row += dt_grid_blocks()) {
    const int64_t base = dt_row_offset(L, row);
    const Acc acc = dt_block_fold<Acc>(
        [&](int t) { return dt_fold_share<R, DT_BLOCK>(L, x, base, 0, inner, t); },
        DtCombine<R>());
    if (dt_block_leader()) out[row] = R::fin(acc, inner);
  }
}

// Two passes, pass 1: block b folds part b % parts (elements [part * len, + len) of the row) of
// row b / parts into partial[b].
template <class R>
DT_BLOCK_KERNEL void dt_reduce_parts(int64_t outer, int64_t inner, int64_t parts, int64_t len,
                                     DT_PARAM(DtRLayout) L, const typename R::In* x,
                                     typename R::Acc* partial) {
  typedef typename R::Acc Acc;
  for (int64_t b = dt_block_index(); b < outer * parts; b += dt_grid_blocks()) {
    const int64_t row = b / parts, j0 = (b % parts) * len;
    const int64_t j1 = inner - j0 < len ? inner : j0 + len;
    const int64_t base = dt_row_offset(L, row);
    const Acc acc = dt_block_fold<Acc>(
        [&](int t) { return dt_fold_share<R, DT_BLOCK>(L, x, base, j0, j1, t); },
        DtCombine<R>());
    if (dt_block_leader()) partial[b] = acc;
  }
}

// Pass 2: a block per row combines the row's `parts` partials in order (thread t a contiguous
// range of them, then the tree).
template <class R>
DT_BLOCK_KERNEL void dt_reduce_join(int64_t outer, int64_t inner, int64_t parts,
                                    const typename R::Acc* partial, typename R::Out* out) {
  typedef typename R::Acc Acc;
  const int64_t chunk = (parts + DT_BLOCK - 1) / DT_BLOCK;
  for (int64_t row = dt_block_index(); row < outer; row += dt_grid_blocks()) {
    const Acc* p = partial + row * parts;
    const Acc acc = dt_block_fold<Acc>(
        [&](int t) {
          const int64_t k0 = t * chunk, k1 = k0 + chunk < parts ? k0 + chunk : parts;
          Acc a = R::init();
          for (int64_t k = k0; k < k1; ++k) a = R::combine(a, p[k]);
          return a;
        },
        DtCombine<R>());
    if (dt_block_leader()) out[row] = R::fin(acc, inner);
  }
}

// ---- choosing a path (host; the GPU and the emulation libraries alike) ------------------------
#define DT_SPLIT_BLOCKS 1024              // the blocks a split aims for (outer * parts)
#define DT_SPLIT_MIN_PART (DT_BLOCK * 16)  // elements of a part, at least (but a row's last)
#define DT_SPLIT_MAX_PARTS 1024            // parts of a row, at most

// How rows of `inner` elements are cut into parts: `parts` parts of `len` elements (a multiple
// of DT_BLOCK; a row's last part may be shorter). One part (len = inner) when the rows make
// enough blocks (outer >= DT_SPLIT_BLOCKS) or are shorter than two parts; else
// min(ceil(DT_SPLIT_BLOCKS / outer), inner / DT_SPLIT_MIN_PART, DT_SPLIT_MAX_PARTS) parts, then
// len rounded up to a multiple of DT_BLOCK (which may leave fewer parts, never fewer than two).
// outer * parts < 2 * DT_SPLIT_BLOCKS when parts > 1.
struct DtSplit {
  int64_t parts;
  int64_t len;
};
static DtSplit dt_split(int64_t outer, int64_t inner) {
  DtSplit s = {1, inner};
  if (outer <= 0 || inner <= 0) return s;
  int64_t p = (DT_SPLIT_BLOCKS + outer - 1) / outer;
  if (p > inner / DT_SPLIT_MIN_PART) p = inner / DT_SPLIT_MIN_PART;
  if (p > DT_SPLIT_MAX_PARTS) p = DT_SPLIT_MAX_PARTS;
  if (p < 2) return s;
  s.len = ((inner + p - 1) / p + DT_BLOCK - 1) / DT_BLOCK * DT_BLOCK;
  s.parts = (inner + s.len - 1) / s.len;
  return s;
}

// A grid of `blocks` blocks, at most DT_MAX_BLOCKS (the kernels loop over the rest).
static inline int64_t dt_grid(int64_t blocks) {
  return blocks < DT_MAX_BLOCKS ? blocks : DT_MAX_BLOCKS;
}

enum DtReducePath { DT_PATH_THREAD, DT_PATH_WARP, DT_PATH_BLOCK, DT_PATH_SPLIT };

// The reduction's path (see the top of the file); *split gets the parts of the two-pass path.
static DtReducePath dt_reduce_path(int64_t outer, int64_t inner, DtSplit* split) {
  *split = dt_split(outer, inner);
  if (split->parts > 1) return DT_PATH_SPLIT;
  if (inner >= 1024 || (inner >= 64 && outer < 4096)) return DT_PATH_BLOCK;
  if (inner >= 64) return DT_PATH_WARP;
  return DT_PATH_THREAD;
}

template <class R>
static int32_t dt_reduce_launch(int64_t outer, int64_t inner, const DtRLayout& L,
                                const typename R::In* x, typename R::Out* out, void* stream) {
  typedef typename R::Acc Acc;
  DtSplit sp;
  switch (dt_reduce_path(outer, inner, &sp)) {
    case DT_PATH_SPLIT: {
      const int64_t blocks = outer * sp.parts;
      void* scratch = NULL;
      int32_t st = dt_scratch_alloc(&scratch, sizeof(Acc) * (size_t)blocks, stream);
      if (st != 0) return st;
      Acc* partial = static_cast<Acc*>(scratch);
      DT_LAUNCH_BLOCKS(dt_reduce_parts<R>, dt_grid(blocks), stream, outer, inner, sp.parts,
                       sp.len, L, x, partial);
      DT_LAUNCH_BLOCKS(dt_reduce_join<R>, dt_grid(outer), stream, outer, inner, sp.parts,
                       partial, out);
      st = DT_LAUNCH_STATUS();
      dt_scratch_free(scratch, stream);
      return st;
    }
    case DT_PATH_BLOCK:
      DT_LAUNCH_BLOCKS(dt_reduce_block<R>, dt_grid(outer), stream, outer, inner, L, x, out);
      break;
    case DT_PATH_WARP:
      DT_LAUNCH_BLOCKS(dt_reduce_warp<R>, dt_grid((outer + DT_WARPS - 1) / DT_WARPS), stream,
                       outer, inner, L, x, out);
      break;
    default:
      DT_LAUNCH(dt_reduce_rows<R>, outer, stream, outer, inner, L, x, out);
      break;
  }
  return DT_LAUNCH_STATUS();
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

// Column reductions (one reduced axis of stride s != 1 while the last kept axis has stride 1:
// a sum over axis 0 of a matrix) read a row's elements s apart, one cache line per element. Here
// DT_CPU_COLS adjacent rows are folded together instead: each step reads DT_CPU_COLS neighbours
// in one line and advances every row's fold by one element. Each row keeps dt_cpu_fold's exact
// grouping (its lanes, chunks and combine order), so the results are the row-by-row path's.
// 1024 columns: rows read 4 KB at a time (prefetch-friendly); the accumulators, 16 lanes x 1024
// (128 KB of doubles, 256 KB of 128-bit means), live on the stack of the pool thread (8 MB).
#define DT_CPU_COLS 1024

// The ordered float folds (max/min of float32/float64: a NaN replaces the accumulator, and of
// equal values the later one wins) of a contiguous run, vectorised: the SIMD extremum skipping
// NaNs (kernels/cpu_extremum.cuh), then the run's last NaN if it has one, else the extremum with
// the sign of the run's last zero when it is zero: exactly the sequential fold's result.
template <class R>
struct DtOrderedRun {
  static bool fold(const typename R::In*, int64_t, typename R::Acc*) { return false; }
};
template <class T, bool MAX>
static T dt_ordered_run(const T* p, int64_t len) {
  bool nan;
  const T m = dt_simd::block_extremum<T, MAX>(p, len, &nan);
  if (!nan && m != 0) return m;
  for (int64_t i = len - 1; i >= 0; --i) {
    if (nan ? p[i] != p[i] : p[i] == 0) return p[i];
  }
  return m;
}
#define DT_ORDERED_RUN(RED, T, MAX)                                               \
  template <>                                                                     \
  struct DtOrderedRun<RED<T>> {                                                   \
    static bool fold(const T* p, int64_t len, T* a) {                             \
      if (len <= 0) return false;                                                 \
      *a = dt_ordered_run<T, MAX>(p, len);                                        \
      return true;                                                                \
    }                                                                             \
  };
DT_ORDERED_RUN(RMax, float, true)
DT_ORDERED_RUN(RMax, double, true)
DT_ORDERED_RUN(RMin, float, false)
DT_ORDERED_RUN(RMin, double, false)

template <class R>
static void dt_fold_cols(const typename R::In* p, int64_t s, int64_t nb, int64_t j0, int64_t len,
                         typename R::Acc* a) {
  typedef typename R::Acc Acc;
  int64_t j = 0;
  for (int64_t b = 0; b < nb; ++b) a[b] = R::init();
  if (!R::kOrdered && len >= DT_CPU_LANES) {
    Acc acc[DT_CPU_LANES][DT_CPU_COLS];
    for (int l = 0; l < DT_CPU_LANES; ++l) {
      for (int64_t b = 0; b < nb; ++b) acc[l][b] = R::init();
    }
    for (; j + DT_CPU_LANES <= len; j += DT_CPU_LANES) {
      for (int l = 0; l < DT_CPU_LANES; ++l) {
        const typename R::In* q = p + (j0 + j + l) * s;
        for (int64_t b = 0; b < nb; ++b) acc[l][b] = R::step(acc[l][b], q[b], j0 + j + l);
      }
    }
    for (int64_t b = 0; b < nb; ++b) {
      a[b] = acc[0][b];
      for (int l = 1; l < DT_CPU_LANES; ++l) a[b] = R::combine(a[b], acc[l][b]);
    }
  }
  for (; j < len; ++j) {
    const typename R::In* q = p + (j0 + j) * s;
    for (int64_t b = 0; b < nb; ++b) a[b] = R::step(a[b], q[b], j0 + j);
  }
}

template <class R>
static void dt_reduce_cpu_cols(int64_t outer, int64_t inner, const DtRLayout& L,
                               const typename R::In* x, typename R::Out* out) {
  typedef typename R::Acc Acc;
  const int64_t s = L.strides[L.ndim - 1], k = L.shape[L.ndim - 2];
  const int64_t per = (k + DT_CPU_COLS - 1) / DT_CPU_COLS, items = outer / k * per;
  dt_cpu_launch(outer * inner, [&]() {
    DT_GRID_STRIDE(it, items) {
      const int64_t row = it / per * k + (it % per) * DT_CPU_COLS;
      const int64_t nb = k - row % k < DT_CPU_COLS ? k - row % k : DT_CPU_COLS;
      const typename R::In* p = x + dt_row_offset(L, row);
      Acc total[DT_CPU_COLS], part[DT_CPU_COLS];
      for (int64_t j0 = 0; j0 < inner; j0 += DT_CPU_CHUNK) {
        const int64_t len = inner - j0 < DT_CPU_CHUNK ? inner - j0 : DT_CPU_CHUNK;
        dt_fold_cols<R>(p, s, nb, j0, len, j0 == 0 ? total : part);
        if (j0 > 0) {
          for (int64_t b = 0; b < nb; ++b) total[b] = R::combine(total[b], part[b]);
        }
      }
      for (int64_t b = 0; b < nb; ++b) out[row + b] = R::fin(total[b], inner);
    }
  });
}

template <class R>
static int32_t dt_reduce_cpu(int64_t outer, int64_t inner, const DtRLayout& L,
                             const typename R::In* x, typename R::Out* out) {
  typedef typename R::Acc Acc;
  if (L.reduced == 1 && L.ndim >= 2 && L.strides[L.ndim - 1] != 1 && inner > 1 &&
      L.strides[L.ndim - 2] == 1 && L.shape[L.ndim - 2] >= 8) {
    dt_reduce_cpu_cols<R>(outer, inner, L, x, out);
    return 0;
  }
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
        if (!DtOrderedRun<R>::fold(p + j0, len, &a)) {
          a = dt_cpu_fold<R>([&](int64_t j) { return p[j]; }, j0, len);
        }
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
#if DT_CPU
  (void)stream;
  return dt_reduce_cpu<R>(outer, inner, L, xp, o);
#else
  return dt_reduce_launch<R>(outer, inner, L, xp, o, stream);
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
// Positions jj of a row count in scan order: element j = jj, or inner - 1 - jj when reversed.
// x may alias out element for element (in place): every kernel writes out[j] only after it has
// read x[j], and no other thread reads x[j] afterwards (phase 1 only reads; in phase 3 each thread
// reads and writes only its own sub-chunk).
DT_HD int64_t dt_scan_elem(int64_t inner, bool reverse, int64_t jj) {
  return reverse ? inner - 1 - jj : jj;
}

// A thread per row, in order: the CPU's result.
template <class T>
DT_KERNEL void dt_cumsum_rows(int64_t outer, int64_t inner, DT_PARAM(DtRLayout) L,
                              int exclusive, int reverse, const T* x, T* out) {
  DT_GRID_STRIDE(row, outer) {
    const int64_t base = dt_row_offset(L, row);
    T* o = out + row * inner;
    T acc = T(0);
    for (int64_t jj = 0; jj < inner; ++jj) {
      const int64_t j = dt_scan_elem(inner, reverse, jj);
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

#if !DT_CPU
template <class T>
struct DtAdd {  // dt_add as a function object for the block helpers
  DT_HD T operator()(T a, T b) const { return dt_add(a, b); }
};

// Phase 1: block b sums part b % parts (positions [part * len, + len)) of row b / parts into
// total[b], thread t every 256th position from part * len + t.
template <class T>
DT_BLOCK_KERNEL void dt_cumsum_totals(int64_t outer, int64_t inner, int64_t parts, int64_t len,
                                      DT_PARAM(DtRLayout) L, int reverse, const T* x, T* total) {
  for (int64_t b = dt_block_index(); b < outer * parts; b += dt_grid_blocks()) {
    const int64_t row = b / parts, j0 = (b % parts) * len;
    const int64_t j1 = inner - j0 < len ? inner : j0 + len;
    const int64_t base = dt_row_offset(L, row);
    const T sum = dt_block_fold<T>(
        [&](int t) {
          T a = T(0);
          for (int64_t jj = j0 + t; jj < j1; jj += DT_BLOCK) {
            a = dt_add(a, x[base + dt_elem_offset(L, dt_scan_elem(inner, reverse, jj))]);
          }
          return a;
        },
        DtAdd<T>());
    if (dt_block_leader()) total[b] = sum;
  }
}

// Phase 2: a thread per row turns its part totals into exclusive prefixes, in order.
template <class T>
DT_KERNEL void dt_cumsum_carry(int64_t outer, int64_t parts, T* total) {
  DT_GRID_STRIDE(row, outer) {
    T* p = total + row * parts;
    T acc = T(0);
    for (int64_t k = 0; k < parts; ++k) {
      const T v = p[k];
      p[k] = acc;
      acc = dt_add(acc, v);
    }
  }
}

// Phase 3: block b scans part b % parts of row b / parts from carry[b] (0 for a row's only
// part: carry is then NULL). Thread t sums its contiguous sub-chunk, the block scan of those
// sums gives it its starting sum, then it walks the sub-chunk again writing out.
template <class T>
DT_BLOCK_KERNEL void dt_cumsum_scan(int64_t outer, int64_t inner, int64_t parts, int64_t len,
                                    DT_PARAM(DtRLayout) L, int exclusive, int reverse,
                                    const T* x, const T* carry, T* out) {
  for (int64_t b = dt_block_index(); b < outer * parts; b += dt_grid_blocks()) {
    const int64_t row = b / parts, j0 = (b % parts) * len;
    const int64_t j1 = inner - j0 < len ? inner : j0 + len;
    const int64_t sub = (j1 - j0 + DT_BLOCK - 1) / DT_BLOCK;
    const int64_t base = dt_row_offset(L, row);
    T* o = out + row * inner;
    auto first = [&](int t) { return j0 + t * sub < j1 ? j0 + t * sub : j1; };
    auto last = [&](int t) { return j0 + (t + 1) * sub < j1 ? j0 + (t + 1) * sub : j1; };
    dt_block_scan<T>(
        [&](int t) {
          T a = T(0);
          for (int64_t jj = first(t); jj < last(t); ++jj) {
            a = dt_add(a, x[base + dt_elem_offset(L, dt_scan_elem(inner, reverse, jj))]);
          }
          return a;
        },
        DtAdd<T>(), carry != NULL ? carry[b] : T(0),
        [&](int t, T acc, T) {
          for (int64_t jj = first(t); jj < last(t); ++jj) {
            const int64_t j = dt_scan_elem(inner, reverse, jj);
            const T v = x[base + dt_elem_offset(L, j)];
            if (exclusive) {
              o[j] = acc;
              acc = dt_add(acc, v);
            } else {
              acc = dt_add(acc, v);
              o[j] = acc;
            }
          }
        });
  }
}

#define DT_SCAN_MIN_INNER 4096  // rows this long or longer are scanned by blocks

// The cumsum's path (host; the GPU and the emulation libraries alike): false for a thread per
// row; true for the block scan, *split getting the parts (one when the rows make enough blocks).
static bool dt_cumsum_path(int64_t outer, int64_t inner, DtSplit* split) {
  *split = dt_split(outer, inner);
  return inner >= DT_SCAN_MIN_INNER;
}

template <class T>
static int32_t dt_cumsum_launch(int64_t outer, int64_t inner, const DtRLayout& L, int exclusive,
                                int reverse, const T* x, T* out, void* stream) {
  DtSplit sp;
  if (!dt_cumsum_path(outer, inner, &sp)) {
    DT_LAUNCH(dt_cumsum_rows<T>, outer, stream, outer, inner, L, exclusive, reverse, x, out);
    return DT_LAUNCH_STATUS();
  }
  const int64_t blocks = outer * sp.parts;
  void* scratch = NULL;
  if (sp.parts > 1) {
    const int32_t st = dt_scratch_alloc(&scratch, sizeof(T) * (size_t)blocks, stream);
    if (st != 0) return st;
    T* total = static_cast<T*>(scratch);
    DT_LAUNCH_BLOCKS(dt_cumsum_totals<T>, dt_grid(blocks), stream, outer, inner, sp.parts,
                     sp.len, L, reverse, x, total);
    DT_LAUNCH(dt_cumsum_carry<T>, outer, stream, outer, sp.parts, total);
  }
  const T* carry = static_cast<const T*>(scratch);
  DT_LAUNCH_BLOCKS(dt_cumsum_scan<T>, dt_grid(blocks), stream, outer, inner, sp.parts, sp.len, L,
                   exclusive, reverse, x, carry, out);
  const int32_t st = DT_LAUNCH_STATUS();
  dt_scratch_free(scratch, stream);
  return st;
}
#endif

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
  const T* xp = static_cast<const T*>(x);
  T* o = static_cast<T*>(out);
#if DT_CPU
  DT_LAUNCH_WORK(dt_cumsum_rows<T>, outer, outer * inner, stream, outer, inner, L,
                 exclusive != 0, reverse != 0, xp, o);
  return DT_LAUNCH_STATUS();
#else
  return dt_cumsum_launch<T>(outer, inner, L, exclusive != 0, reverse != 0, xp, o, stream);
#endif
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
