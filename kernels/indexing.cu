// Indexing: dt_gather (by element size) and dt_scatter_add_<dtype>. Indices (uint8, int32 or
// int64) are checked inside the kernels: an out-of-range index sets the bounds flag (the first
// offending value and the range's length, read by dt_check_flag) and is not used to access
// memory: gather writes zero bytes, scatter_add skips the update.
#include "common.cuh"

template <class TE, class TI>
struct IndexParams {
  typedef TE E;
  typedef TI I;
};

// ---- gather ----------------------------------------------------------------------------------
// out[i, j, k] = x[i, idx[j], k] for x [outer, n, inner] and out [outer, m, inner], contiguous.
template <class P>
DT_KERNEL void dt_gather_kernel(int64_t total, int64_t n, int64_t inner, int64_t m,
                                const typename P::E* x, const typename P::I* idx,
                                typename P::E* out, int32_t* flag) {
  typedef typename P::E E;
  DT_GRID_STRIDE(e, total) {
    const int64_t k = e % inner;
    const int64_t r = e / inner;
    const int64_t j = r % m;
    const int64_t i = r / m;
    const int64_t v = dt_index(idx, j);
    if (v < 0 || v >= n) {
      dt_flag_set(flag, v, n);
      out[e] = E(0);
    } else {
      out[e] = x[(i * n + v) * inner + k];
    }
  }
}

#if DT_CPU
// The CPU build copies whole rows: one index check and one division per row of `inner`
// elements (the element-per-thread kernel above divides three times per element).
template <class P>
DT_KERNEL void dt_gather_rows_kernel(int64_t rows, int64_t n, int64_t inner, int64_t m,
                                     const typename P::E* x, const typename P::I* idx,
                                     typename P::E* out, int32_t* flag) {
  typedef typename P::E E;
  DT_GRID_STRIDE(r, rows) {
    const int64_t j = r % m;
    const int64_t i = r / m;
    const int64_t v = dt_index(idx, j);
    E* dst = out + r * inner;
    if (v < 0 || v >= n) {
      dt_flag_set(flag, v, n);
      for (int64_t k = 0; k < inner; ++k) dst[k] = E(0);
    } else {
      const E* src = x + (i * n + v) * inner;
      for (int64_t k = 0; k < inner; ++k) dst[k] = src[k];
    }
  }
}
#endif

template <class E, class I>
static int32_t dt_gather_run(int64_t total, int32_t n, int32_t inner, int32_t m, const void* x,
                             const void* idx, void* out, void* stream) {
  int32_t* flag = NULL;
  const int32_t st = dt_bounds_flag(&flag);
  if (st != 0) return st;
  typedef IndexParams<E, I> P;
#if DT_CPU
  const int64_t rows = total / inner;
  DT_LAUNCH_WORK(dt_gather_rows_kernel<P>, rows, total, stream, rows, (int64_t)n,
                 (int64_t)inner, (int64_t)m, static_cast<const E*>(x),
                 static_cast<const I*>(idx), static_cast<E*>(out), flag);
#else
  DT_LAUNCH(dt_gather_kernel<P>, total, stream, total, (int64_t)n, (int64_t)inner,
            (int64_t)m, static_cast<const E*>(x), static_cast<const I*>(idx),
            static_cast<E*>(out), flag);
#endif
  return DT_LAUNCH_STATUS();
}

template <class E>
static int32_t dt_gather_idx(int32_t idx_dtype, int64_t total, int32_t n, int32_t inner,
                             int32_t m, const void* x, const void* idx, void* out,
                             void* stream) {
  switch (idx_dtype) {
    case DT_DTYPE_uint8:
      return dt_gather_run<E, uint8_t>(total, n, inner, m, x, idx, out, stream);
    case DT_DTYPE_int32:
      return dt_gather_run<E, int32_t>(total, n, inner, m, x, idx, out, stream);
    case DT_DTYPE_int64:
      return dt_gather_run<E, int64_t>(total, n, inner, m, x, idx, out, stream);
    default:
      return DT_ERR_BAD_DTYPE;
  }
}

int32_t dt_gather(int32_t itemsize, int32_t outer, int32_t n, int32_t inner, int32_t m,
                  int32_t idx_dtype, const void* x, const void* idx, void* out, void* stream) {
  if (outer < 0 || n < 0 || inner < 0 || m < 0) return DT_ERR_BAD_LAYOUT;
  if (idx_dtype != DT_DTYPE_uint8 && idx_dtype != DT_DTYPE_int32 && idx_dtype != DT_DTYPE_int64) {
    return DT_ERR_BAD_DTYPE;
  }
  const int64_t total = (int64_t)outer * m * inner;
  if (total == 0) return 0;
  switch (itemsize) {
    case 1:
      return dt_gather_idx<uint8_t>(idx_dtype, total, n, inner, m, x, idx, out, stream);
    case 2:
      return dt_gather_idx<uint16_t>(idx_dtype, total, n, inner, m, x, idx, out, stream);
    case 4:
      return dt_gather_idx<uint32_t>(idx_dtype, total, n, inner, m, x, idx, out, stream);
    case 8:
      return dt_gather_idx<uint64_t>(idx_dtype, total, n, inner, m, x, idx, out, stream);
    default:
      return DT_ERR_BAD_DTYPE;
  }
}

// ---- scatter_add -----------------------------------------------------------------------------
// out[i, idx[j], k] += updates[i, j, k]: one thread per (i, k) adds j = 0, 1, ... in order, so
// repeated indices add up deterministically (floats round at each addition, integers wrap).
template <class P>
DT_KERNEL void dt_scatter_add_kernel(int64_t total, int64_t n, int64_t inner, int64_t m,
                                     const typename P::E* updates, const typename P::I* idx,
                                     typename P::E* out, int32_t* flag) {
  typedef typename P::E T;
  DT_GRID_STRIDE(e, total) {
    const int64_t k = e % inner;
    const int64_t i = e / inner;
    const T* u = updates + i * m * inner + k;
    T* o = out + i * n * inner + k;
    for (int64_t j = 0; j < m; ++j) {
      const int64_t v = dt_index(idx, j);
      if (v < 0 || v >= n) {
        dt_flag_set(flag, v, n);
        continue;
      }
      o[v * inner] = dt_add(o[v * inner], u[j * inner]);
    }
  }
}

template <class T, class I>
static int32_t dt_scatter_add_run(int32_t outer, int32_t n, int32_t inner, int32_t m,
                                  const void* updates, const void* idx, void* out,
                                  void* stream) {
  int32_t* flag = NULL;
  const int32_t st = dt_bounds_flag(&flag);
  if (st != 0) return st;
  const int64_t total = (int64_t)outer * inner;
  typedef IndexParams<T, I> P;
  DT_LAUNCH_WORK(dt_scatter_add_kernel<P>, total, total * m, stream, total, (int64_t)n,
                 (int64_t)inner, (int64_t)m, static_cast<const T*>(updates),
                 static_cast<const I*>(idx), static_cast<T*>(out), flag);
  return DT_LAUNCH_STATUS();
}

template <class T>
static int32_t dt_scatter_add_dispatch(int32_t outer, int32_t n, int32_t inner, int32_t m,
                                       int32_t idx_dtype, const void* updates, const void* idx,
                                       void* out, void* stream) {
  if (outer < 0 || n < 0 || inner < 0 || m < 0) return DT_ERR_BAD_LAYOUT;
  if ((int64_t)outer * inner == 0 || m == 0) {
    return idx_dtype == DT_DTYPE_uint8 || idx_dtype == DT_DTYPE_int32 ||
                   idx_dtype == DT_DTYPE_int64
               ? 0
               : DT_ERR_BAD_DTYPE;
  }
  switch (idx_dtype) {
    case DT_DTYPE_uint8:
      return dt_scatter_add_run<T, uint8_t>(outer, n, inner, m, updates, idx, out, stream);
    case DT_DTYPE_int32:
      return dt_scatter_add_run<T, int32_t>(outer, n, inner, m, updates, idx, out, stream);
    case DT_DTYPE_int64:
      return dt_scatter_add_run<T, int64_t>(outer, n, inner, m, updates, idx, out, stream);
    default:
      return DT_ERR_BAD_DTYPE;
  }
}

// bool adds as uint8 (modulo 256), as the CPU's Uint8Array does.
#define DT_SCATTER_EXPORT(S, CODE)                                                             \
  int32_t dt_scatter_add_##S(int32_t outer, int32_t n, int32_t inner, int32_t m,               \
                             int32_t idx_dtype, const void* updates, const void* idx,          \
                             void* out, void* stream) {                                        \
    return dt_scatter_add_dispatch<dt_ctype_##S>(outer, n, inner, m, idx_dtype, updates, idx,  \
                                                 out, stream);                                 \
  }
DT_FOR_EACH_DTYPE(DT_SCATTER_EXPORT)
#undef DT_SCATTER_EXPORT
