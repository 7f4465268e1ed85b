// Indexing: dt_gather (by element size) and dt_scatter_add_<dtype>. Indices (uint8, int32 or
// int64) are checked inside the kernels: an out-of-range index sets the bounds flag (the first
// offending value and the range's length, read by dt_check_flag) and is not used to access
// memory: gather writes zero bytes, scatter_add skips the update. The sizes come in `dims`
// (DT_INDEX_*), every operand contiguous from its pointer and checked against its extent.
#include "common.cuh"

// The sizes of a gather or scatter_add, read and checked into D, and the element counts of src,
// idx and out (*src_count, *out_count; gather: src [outer, n, inner], out [outer, m, inner];
// scatter_add: src [outer, m, inner], out [outer, n, inner]) checked against their extents when
// the call has work: [outer, m, inner] is not empty.
struct DtIndexDims {
  int64_t outer, n, inner, m;
};
static int32_t dt_read_index(const double* dims, bool gather, DtIndexDims* D, int64_t* out_count,
                             int64_t* src_count) {
  int64_t v[DT_INDEX_SIZE];
  if (dims == NULL || !dt_ints(dims, DT_INDEX_SIZE, v)) return DT_ERR_BAD_LAYOUT;
  D->outer = v[DT_INDEX_OUTER];
  D->n = v[DT_INDEX_N];
  D->inner = v[DT_INDEX_INNER];
  D->m = v[DT_INDEX_M];
  if (D->outer < 0 || D->n < 0 || D->inner < 0 || D->m < 0) return DT_ERR_BAD_LAYOUT;
  const int64_t big[3] = {D->outer, D->n, D->inner}, small[3] = {D->outer, D->m, D->inner};
  int64_t nbig, nsmall;
  if (!dt_product(big, 3, &nbig) || !dt_product(small, 3, &nsmall)) return DT_ERR_BAD_LAYOUT;
  *src_count = gather ? nbig : nsmall;
  *out_count = gather ? nsmall : nbig;
  if (nsmall == 0) return 0;  // no output rows (gather) or no updates (scatter_add): no access
  int32_t st = dt_check_span(0, *src_count, v[DT_INDEX_SRC_EXTENT]);
  if (st == 0) st = dt_check_span(0, D->m, v[DT_INDEX_IDX_EXTENT]);
  if (st == 0) st = dt_check_span(0, *out_count, v[DT_INDEX_OUT_EXTENT]);
  return st;
}

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
                                typename P::E* out, int64_t* flag) {
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
                                     typename P::E* out, int64_t* flag) {
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
static int32_t dt_gather_run(int64_t total, const DtIndexDims& D, const void* x, const void* idx,
                             void* out, void* stream) {
  int64_t* flag = NULL;
  const int32_t st = dt_bounds_flag(&flag);
  if (st != 0) return st;
  typedef IndexParams<E, I> P;
#if DT_CPU
  const int64_t rows = total / D.inner;
  DT_LAUNCH_WORK(dt_gather_rows_kernel<P>, rows, total, stream, rows, D.n, D.inner, D.m,
                 static_cast<const E*>(x), static_cast<const I*>(idx), static_cast<E*>(out),
                 flag);
#else
  DT_LAUNCH(dt_gather_kernel<P>, total, stream, total, D.n, D.inner, D.m,
            static_cast<const E*>(x), static_cast<const I*>(idx), static_cast<E*>(out), flag);
#endif
  return DT_LAUNCH_STATUS();
}

template <class E>
static int32_t dt_gather_idx(int32_t idx_dtype, int64_t total, const DtIndexDims& D,
                             const void* x, const void* idx, void* out, void* stream) {
  switch (idx_dtype) {
    case DT_DTYPE_uint8:
      return dt_gather_run<E, uint8_t>(total, D, x, idx, out, stream);
    case DT_DTYPE_int32:
      return dt_gather_run<E, int32_t>(total, D, x, idx, out, stream);
    case DT_DTYPE_int64:
      return dt_gather_run<E, int64_t>(total, D, x, idx, out, stream);
    default:
      return DT_ERR_BAD_DTYPE;
  }
}

static bool dt_index_dtype(int32_t idx_dtype) {
  return idx_dtype == DT_DTYPE_uint8 || idx_dtype == DT_DTYPE_int32 ||
         idx_dtype == DT_DTYPE_int64;
}

int32_t dt_gather(int32_t itemsize, int32_t idx_dtype, const double* dims, const void* x,
                  const void* idx, void* out, void* stream) {
  if (itemsize != 1 && itemsize != 2 && itemsize != 4 && itemsize != 8) return DT_ERR_BAD_DTYPE;
  if (!dt_index_dtype(idx_dtype)) return DT_ERR_BAD_DTYPE;
  DtIndexDims D;
  int64_t total, src;
  const int32_t st = dt_read_index(dims, true, &D, &total, &src);
  if (st != 0 || total == 0) return st;  // no output: nothing is touched
  switch (itemsize) {
    case 1:
      return dt_gather_idx<uint8_t>(idx_dtype, total, D, x, idx, out, stream);
    case 2:
      return dt_gather_idx<uint16_t>(idx_dtype, total, D, x, idx, out, stream);
    case 4:
      return dt_gather_idx<uint32_t>(idx_dtype, total, D, x, idx, out, stream);
    default:
      return dt_gather_idx<uint64_t>(idx_dtype, total, D, x, idx, out, stream);
  }
}

// ---- scatter_add -----------------------------------------------------------------------------
// out[i, idx[j], k] += updates[i, j, k]: one thread per (i, k) adds j = 0, 1, ... in order, so
// repeated indices add up deterministically (floats round at each addition, integers wrap).
template <class P>
DT_KERNEL void dt_scatter_add_kernel(int64_t total, int64_t n, int64_t inner, int64_t m,
                                     const typename P::E* updates, const typename P::I* idx,
                                     typename P::E* out, int64_t* flag) {
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
static int32_t dt_scatter_add_run(const DtIndexDims& D, const void* updates, const void* idx,
                                  void* out, void* stream) {
  int64_t* flag = NULL;
  const int32_t st = dt_bounds_flag(&flag);
  if (st != 0) return st;
  const int64_t total = D.outer * D.inner;
  typedef IndexParams<T, I> P;
  DT_LAUNCH_WORK(dt_scatter_add_kernel<P>, total, dt_work_mul(total, D.m), stream, total, D.n,
                 D.inner, D.m, static_cast<const T*>(updates), static_cast<const I*>(idx),
                 static_cast<T*>(out), flag);
  return DT_LAUNCH_STATUS();
}

template <class T>
static int32_t dt_scatter_add_dispatch(int32_t idx_dtype, const double* dims, const void* updates,
                                       const void* idx, void* out, void* stream) {
  if (!dt_index_dtype(idx_dtype)) return DT_ERR_BAD_DTYPE;
  DtIndexDims D;
  int64_t total, src;
  const int32_t st = dt_read_index(dims, false, &D, &total, &src);
  if (st != 0 || src == 0) return st;  // no updates: nothing is touched
  switch (idx_dtype) {
    case DT_DTYPE_uint8:
      return dt_scatter_add_run<T, uint8_t>(D, updates, idx, out, stream);
    case DT_DTYPE_int32:
      return dt_scatter_add_run<T, int32_t>(D, updates, idx, out, stream);
    default:
      return dt_scatter_add_run<T, int64_t>(D, updates, idx, out, stream);
  }
}

// bool adds as uint8 (modulo 256), as the CPU's Uint8Array does.
#define DT_SCATTER_EXPORT(S, CODE)                                                             \
  int32_t dt_scatter_add_##S(int32_t idx_dtype, const double* dims, const void* src,           \
                             const void* idx, void* out, void* stream) {                       \
    return dt_scatter_add_dispatch<dt_ctype_##S>(idx_dtype, dims, src, idx, out, stream);      \
  }
DT_FOR_EACH_DTYPE(DT_SCATTER_EXPORT)
#undef DT_SCATTER_EXPORT
