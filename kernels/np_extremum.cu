// NumPy's max/min and argmax/argmin of float rows, for the `np` namespace (CPU library only;
// empty elsewhere).
//
// dt_np_extremum_rows: out[r] = maximum.reduce (minimum.reduce when max is 0) of row r of x
//   (rows × n, contiguous) with NumPy's rules: a row holding a NaN gives its first NaN; otherwise
//   the extremum, and a zero result takes the sign of the row's last zero (of equal values the
//   last wins, as the TypeScript loops of src/np/reduce.ts do).
// dt_np_argextremum_rows: out[r] (int64) = the index of the first NaN of row r, else of the first
//   element equal to its extremum (-0 equals 0).
//
// Both take one pass: a row is read in blocks, each block's extremum found with SIMD max/min
// (which skip NaNs) while a second mask gathers "is NaN"; only the block that decides is read
// again. A single long row is cut into chunks that the pool's threads take in turn; the chunks'
// answers combine in row order, so the result never depends on the thread count.
#include "common.cuh"
#include "cpu_extremum.cuh"

#if DT_CPU
namespace {
using dt_simd::block_extremum;

// Elements per block: small enough to stay in L1 for the second look, large enough that the
// per-block bookkeeping costs nothing.
const int64_t BLOCK = 2048;

// The index of the first NaN of x[0, n) (n when none).
template <class T>
int64_t first_nan(const T* x, int64_t n) {
  int64_t i = 0;
  while (i < n && x[i] == x[i]) i++;
  return i;
}

// maximum.reduce / minimum.reduce of x[0, n), n > 0, before the sign of a zero result: the
// first NaN, else the extremum.
template <class T, bool MAX>
T run_extremum(const T* x, int64_t n) {
  T m = MAX ? -INFINITY : INFINITY;
  for (int64_t b = 0; b < n; b += BLOCK) {
    const int64_t len = n - b < BLOCK ? n - b : BLOCK;
    bool nan;
    const T bm = block_extremum<T, MAX>(x + b, len, &nan);
    if (nan) return x[b + first_nan(x + b, len)];
    m = (MAX ? bm > m : bm < m) ? bm : m;
  }
  return m;
}

// A zero result takes the sign of the row's last zero.
template <class T>
T last_zero(const T* x, int64_t n) {
  for (int64_t i = n - 1; i >= 0; i--) {
    if (x[i] == 0) return x[i];
  }
  return 0;
}

// The answer of one piece of a row for argmax/argmin: the index of its first NaN (nan true), or
// of the first element equal to its extremum `m`.
template <class T>
struct Arg {
  bool nan;
  T m;
  int64_t at;
};

template <class T, bool MAX>
Arg<T> run_arg(const T* x, int64_t n) {
  T best = 0;
  int64_t best_block = -1;
  for (int64_t b = 0; b < n; b += BLOCK) {
    const int64_t len = n - b < BLOCK ? n - b : BLOCK;
    bool nan;
    const T bm = block_extremum<T, MAX>(x + b, len, &nan);
    if (nan) return Arg<T>{true, 0, b + first_nan(x + b, len)};
    // Strictly better only: of equal extrema the earlier block holds the first one.
    if (best_block < 0 || (MAX ? bm > best : bm < best)) best = bm, best_block = b;
  }
  int64_t at = best_block;
  while (x[at] != best) at++;
  return Arg<T>{false, best, at};
}

// Chunks of one long row: at least 2^16 elements each, at most 64, taken by the pool's threads.
const int64_t CHUNK_MIN = (int64_t)1 << 16;
const int CHUNKS_MAX = 64;

int chunks_of(int64_t n) {
  const int64_t c = n / CHUNK_MIN;
  return c < 1 ? 1 : c > CHUNKS_MAX ? CHUNKS_MAX : (int)c;
}

template <class T, bool MAX>
void extremum_rows(int64_t rows, int64_t n, const T* x, T* out) {
  if (rows == 1 && chunks_of(n) > 1) {
    const int count = chunks_of(n);
    T part[CHUNKS_MAX];
    dt_cpu_launch(n, [&]() {
      const DtCpuShare s = dt_cpu_share;
      for (int k = s.tid; k < count; k += s.nthreads) {
        const int64_t b = n * k / count, e = n * (k + 1) / count;
        part[k] = run_extremum<T, MAX>(x + b, e - b);
      }
    });
    T m = part[0];
    for (int k = 1; k < count && m == m; k++) {
      m = part[k] != part[k] || (MAX ? part[k] > m : part[k] < m) ? part[k] : m;
    }
    out[0] = m == 0 ? last_zero(x, n) : m;
    return;
  }
  dt_cpu_launch(rows * n, [&]() {
    const int64_t b = dt_cpu_share_begin(rows), e = dt_cpu_share_end(rows);
    for (int64_t r = b; r < e; r++) {
      const T m = run_extremum<T, MAX>(x + r * n, n);
      out[r] = m == 0 ? last_zero(x + r * n, n) : m;
    }
  });
}

template <class T, bool MAX>
void argextremum_rows(int64_t rows, int64_t n, const T* x, int64_t* out) {
  if (rows == 1 && chunks_of(n) > 1) {
    const int count = chunks_of(n);
    Arg<T> part[CHUNKS_MAX];
    dt_cpu_launch(n, [&]() {
      const DtCpuShare s = dt_cpu_share;
      for (int k = s.tid; k < count; k += s.nthreads) {
        const int64_t b = n * k / count, e = n * (k + 1) / count;
        part[k] = run_arg<T, MAX>(x + b, e - b);
        part[k].at += b;
      }
    });
    // The first chunk with a NaN holds the first NaN; else the first strictly best chunk.
    Arg<T> best = part[0];
    for (int k = 1; k < count && !best.nan; k++) {
      if (part[k].nan || (MAX ? part[k].m > best.m : part[k].m < best.m)) best = part[k];
    }
    out[0] = best.at;
    return;
  }
  dt_cpu_launch(rows * n, [&]() {
    const int64_t b = dt_cpu_share_begin(rows), e = dt_cpu_share_end(rows);
    for (int64_t r = b; r < e; r++) out[r] = run_arg<T, MAX>(x + r * n, n).at;
  });
}

template <class T>
int32_t extremum_typed(int32_t max, int64_t rows, int64_t n, const void* x, void* out) {
  if (max) {
    extremum_rows<T, true>(rows, n, (const T*)x, (T*)out);
  } else {
    extremum_rows<T, false>(rows, n, (const T*)x, (T*)out);
  }
  return 0;
}

template <class T>
int32_t argextremum_typed(int32_t max, int64_t rows, int64_t n, const void* x, int64_t* out) {
  if (max) {
    argextremum_rows<T, true>(rows, n, (const T*)x, out);
  } else {
    argextremum_rows<T, false>(rows, n, (const T*)x, out);
  }
  return 0;
}

}  // namespace

int32_t dt_np_extremum_rows(int32_t dtype, int32_t max, double rows, double n, const void* x,
                            double x_extent, void* out, double out_extent) {
  const int32_t bad = dt_np_rows_check(rows, n, x, x_extent, out, rows, out_extent);
  if (bad != 0) return bad;
  // A reduction over no elements has no identity: the caller raises NumPy's error.
  if (n == 0 && rows > 0) return DT_ERR_BAD_LAYOUT;
  if (dtype == DT_DTYPE_float32) return extremum_typed<float>(max, rows, n, x, out);
  if (dtype == DT_DTYPE_float64) return extremum_typed<double>(max, rows, n, x, out);
  return DT_ERR_BAD_DTYPE;
}

int32_t dt_np_argextremum_rows(int32_t dtype, int32_t max, double rows, double n, const void* x,
                               double x_extent, int64_t* out, double out_extent) {
  const int32_t bad = dt_np_rows_check(rows, n, x, x_extent, out, rows, out_extent);
  if (bad != 0) return bad;
  if (n == 0 && rows > 0) return DT_ERR_BAD_LAYOUT;
  if (dtype == DT_DTYPE_float32) return argextremum_typed<float>(max, rows, n, x, out);
  if (dtype == DT_DTYPE_float64) return argextremum_typed<double>(max, rows, n, x, out);
  return DT_ERR_BAD_DTYPE;
}
#endif
