// NumPy's float summation order, for the `np` namespace (CPU library only; empty elsewhere).
//
// NumPy sums a contiguous run with its pairwise algorithm (numpy/_core/src/umath/
// loops_utils.h.src, @TYPE@_pairwise_sum): fewer than 8 elements left to right; up to 128 with
// eight accumulators r[0..7] over strides of 8, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
// then the tail; longer runs split at n/2 rounded down to a multiple of 8 and add the halves.
// float32 accumulates in float32. Each of the eight accumulators is its own lane, so the loop
// vectorises without reordering a single addition: the results are NumPy's to the bit.
//
// dt_np_sum_rows: out[r] = 0 + pairwise(x[r*n .. r*n+n)) for r < rows (NumPy's reduction adds
//   the run's sum to the identity 0); rows are shared over the pool, and a single long row is
//   split along the top of the pairwise tree, which changes no addition.
// dt_np_sum_cols: out[j] = ((0 + x[j]) + x[n+j]) + ... over `rows` rows of n (a reduction over
//   leading axes: NumPy adds row after row); the columns are shared over the pool.
#include "common.cuh"

#if DT_CPU
namespace {

template <class T>
T np_pairwise(const T* a, int64_t n) {
  if (n < 8) {
    T res = -0.0;
    for (int64_t i = 0; i < n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (int j = 0; j < 8; j++) r[j] = a[j];
    int64_t i = 8;
    const int64_t end = n - (n % 8);
    for (; i < end; i += 8) {
      for (int j = 0; j < 8; j++) r[j] += a[i + j];
    }
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[i];
    return res;
  }
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return np_pairwise(a, n2) + np_pairwise(a + n2, n - n2);
}

// The leaves of the top `depth` levels of the pairwise tree of [start, start + n): leaf k of
// them is summed by thread k % nthreads, then np_combine adds them in the tree's order.
void np_leaves(int64_t start, int64_t n, int depth, int64_t* starts, int64_t* lens, int* k) {
  if (depth == 0 || n <= 128) {
    starts[*k] = start;
    lens[*k] = n;
    (*k)++;
    return;
  }
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  np_leaves(start, n2, depth - 1, starts, lens, k);
  np_leaves(start + n2, n - n2, depth - 1, starts, lens, k);
}

template <class T>
T np_combine(const T* leaf, int64_t n, int depth, int* k) {
  if (depth == 0 || n <= 128) return leaf[(*k)++];
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  const T left = np_combine(leaf, n2, depth - 1, k);
  const T right = np_combine(leaf, n - n2, depth - 1, k);
  return left + right;
}

template <class T>
int32_t np_sum_rows(int64_t rows, int64_t n, const T* x, T* out) {
  if (rows == 1 && n >= (int64_t)1 << 16) {
    // Four levels: 16 leaves, enough to balance any pool of up to 16 threads.
    const int depth = 4;
    int64_t starts[16], lens[16];
    T leaf[16];
    int count = 0;
    np_leaves(0, n, depth, starts, lens, &count);
    dt_cpu_launch(n, [&]() {
      const DtCpuShare s = dt_cpu_share;
      for (int k = s.tid; k < count; k += s.nthreads) leaf[k] = np_pairwise(x + starts[k], lens[k]);
    });
    int k = 0;
    out[0] = T(0) + np_combine(leaf, n, depth, &k);
    return 0;
  }
  dt_cpu_launch(rows * n, [&]() {
    const int64_t b = dt_cpu_share_begin(rows), e = dt_cpu_share_end(rows);
    for (int64_t r = b; r < e; r++) out[r] = T(0) + np_pairwise(x + r * n, n);
  });
  return 0;
}

template <class T>
int32_t np_sum_cols(int64_t rows, int64_t n, const T* x, T* out) {
  dt_cpu_launch(rows * n, [&]() {
    const int64_t b = dt_cpu_share_begin(n), e = dt_cpu_share_end(n);
    for (int64_t j = b; j < e; j++) out[j] = T(0);
    for (int64_t r = 0; r < rows; r++) {
      const T* row = x + r * n;
      for (int64_t j = b; j < e; j++) out[j] += row[j];
    }
  });
  return 0;
}

}  // namespace

int32_t dt_np_sum_rows(int32_t dtype, double rows, double n, const void* x, double x_extent,
                       void* out, double out_extent) {
  const int32_t bad = dt_np_rows_check(rows, n, x, x_extent, out, rows, out_extent);
  if (bad != 0) return bad;
  if (dtype == DT_DTYPE_float32) {
    return np_sum_rows((int64_t)rows, (int64_t)n, (const float*)x, (float*)out);
  }
  if (dtype == DT_DTYPE_float64) {
    return np_sum_rows((int64_t)rows, (int64_t)n, (const double*)x, (double*)out);
  }
  return DT_ERR_BAD_DTYPE;
}

int32_t dt_np_sum_cols(int32_t dtype, double rows, double n, const void* x, double x_extent,
                       void* out, double out_extent) {
  const int32_t bad = dt_np_rows_check(rows, n, x, x_extent, out, n, out_extent);
  if (bad != 0) return bad;
  if (dtype == DT_DTYPE_float32) {
    return np_sum_cols((int64_t)rows, (int64_t)n, (const float*)x, (float*)out);
  }
  if (dtype == DT_DTYPE_float64) {
    return np_sum_cols((int64_t)rows, (int64_t)n, (const double*)x, (double*)out);
  }
  return DT_ERR_BAD_DTYPE;
}
#endif
