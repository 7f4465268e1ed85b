// Indexing: dt_gather (by element size) and dt_scatter_add_<dtype>. Indices (uint8, int32 or
// int64) are checked inside the kernels: an out-of-range index sets the bounds flag (the first
// offending value and the range's length, read by dt_check_flag) and is not used to access
// memory: gather writes zero bytes, scatter_add skips the update. The sizes come in `dims`
// (DT_INDEX_*), every operand contiguous from its pointer and checked against its extent.
//
// The GPU and emulation builds split an element's index into coordinates by 32-bit division when
// every size and offset of the call fits in 32 bits (decided on the host, as the idx32 flag of
// the elementwise layouts), and scatter_add with many indices sorts them first (a stable merge
// sort) so that it runs in parallel over the indices; both builds make the same choices and
// launch the same grids. The native CPU build (DT_CPU) keeps its row loops.
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


// The coordinates (i, j, k) of row-major index e of [outer, m, inner], computed in U: uint32_t
// on the 32-bit index path (e < 2^32; a GPU divides 32-bit integers several times faster than
// 64-bit ones, which it emulates in software), else uint64_t. Two divisions (the remainders from
// the quotients).
template <class U>
DT_HD void dt_index_split(int64_t e, int64_t m, int64_t inner, U* i, U* j, U* k) {
  const U q = (U)e / (U)inner;
  *k = (U)e - q * (U)inner;
  *i = q / (U)m;
  *j = q - *i * (U)m;
}

// The 32-bit index path of a call: its element count `total` and the element count of each
// operand it offsets into are at most UINT32_MAX, so that every coordinate and every offset
// computed from in-range indices fits in 32 bits.
static inline bool dt_index_idx32(int64_t total, int64_t a_count, int64_t b_count) {
  return total <= DT_IDX32_MAX && a_count <= DT_IDX32_MAX && b_count <= DT_IDX32_MAX;
}

// ---- gather ----------------------------------------------------------------------------------
// out[i, j, k] = x[i, idx[j], k] for x [outer, n, inner] and out [outer, m, inner], contiguous.
// One element per thread; coordinates and x's offset in U (see dt_index_split).
template <class P, class U>
DT_DEV void dt_gather_elems(int64_t total, int64_t n, int64_t inner, int64_t m,
                            const typename P::E* x, const typename P::I* idx, typename P::E* out,
                            int64_t* flag) {
  typedef typename P::E E;
  DT_GRID_STRIDE(e, total) {
    U i, j, k;
    dt_index_split<U>(e, m, inner, &i, &j, &k);
    const int64_t v = dt_index(idx, (int64_t)j);
    if (v < 0 || v >= n) {
      dt_flag_set(flag, v, n);
      out[e] = E(0);
    } else {
      out[e] = x[(i * (U)n + (U)v) * (U)inner + k];
    }
  }
}

// idx32: the 32-bit index path (dt_index_idx32 of the element count, x's and out's counts); one
// uniform branch, the loop of each path inside it.
template <class P>
DT_KERNEL void dt_gather_kernel(bool idx32, int64_t total, int64_t n, int64_t inner, int64_t m,
                                const typename P::E* x, const typename P::I* idx,
                                typename P::E* out, int64_t* flag) {
  if (idx32) dt_gather_elems<P, uint32_t>(total, n, inner, m, x, idx, out, flag);
  else dt_gather_elems<P, uint64_t>(total, n, inner, m, x, idx, out, flag);
}

#if DT_CPU
// The CPU build copies whole rows: one index check and one division per row of `inner`
// elements (the element-per-thread kernel above divides twice per element).
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
static int32_t dt_gather_run(int64_t total, int64_t src, const DtIndexDims& D, const void* x,
                             const void* idx, void* out, void* stream) {
  int64_t* flag = NULL;
  const int32_t st = dt_bounds_flag(&flag);
  if (st != 0) return st;
  typedef IndexParams<E, I> P;
#if DT_CPU
  (void)src;
  const int64_t rows = total / D.inner;
  DT_LAUNCH_WORK(dt_gather_rows_kernel<P>, rows, total, stream, rows, D.n, D.inner, D.m,
                 static_cast<const E*>(x), static_cast<const I*>(idx), static_cast<E*>(out),
                 flag);
#else
  const bool idx32 = dt_index_idx32(total, src, total);
  DT_LAUNCH(dt_gather_kernel<P>, total, stream, idx32, total, D.n, D.inner, D.m,
            static_cast<const E*>(x), static_cast<const I*>(idx), static_cast<E*>(out), flag);
#endif
  return DT_LAUNCH_STATUS();
}

template <class E>
static int32_t dt_gather_idx(int32_t idx_dtype, int64_t total, int64_t src, const DtIndexDims& D,
                             const void* x, const void* idx, void* out, void* stream) {
  switch (idx_dtype) {
    case DT_DTYPE_uint8:
      return dt_gather_run<E, uint8_t>(total, src, D, x, idx, out, stream);
    case DT_DTYPE_int32:
      return dt_gather_run<E, int32_t>(total, src, D, x, idx, out, stream);
    case DT_DTYPE_int64:
      return dt_gather_run<E, int64_t>(total, src, D, x, idx, out, stream);
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
      return dt_gather_idx<uint8_t>(idx_dtype, total, src, D, x, idx, out, stream);
    case 2:
      return dt_gather_idx<uint16_t>(idx_dtype, total, src, D, x, idx, out, stream);
    case 4:
      return dt_gather_idx<uint32_t>(idx_dtype, total, src, D, x, idx, out, stream);
    default:
      return dt_gather_idx<uint64_t>(idx_dtype, total, src, D, x, idx, out, stream);
  }
}

// ---- scatter_add -----------------------------------------------------------------------------
// out[i, idx[j], k] += updates[i, j, k], repeated indices adding up deterministically: every
// element of out gets its updates added one by one in the order of j (floats round at each
// addition, integers wrap), the order of the CPU backend, so that every build computes the same
// bits. Two ways:
//   - serial: one thread per lane (i, k) adds j = 0, 1, ... in order. Parallel over the
//     outer * inner lanes only: a 1-D scatter_add (the gradient of a 1-D gather) is one thread.
//   - sorted (GPU and emulation builds, dt_scatter_sorts): the positions j are sorted by index
//     value, once for all i, by a stable merge sort with no atomics (ceil(log2 m) passes, each a
//     grid-stride kernel over the m positions); then one item per (i, p, k) for the sorted
//     positions p, where the item at the start of a run of equal index values folds that run's
//     updates, in position order, into out[i, value, k]: the serial way's additions, in its
//     order, parallel over the distinct index values as well as over the lanes.
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

#if !DT_CPU
// The sorted way pays (GPU and emulation builds; the native CPU build stays serial): with at
// least DT_SCATTER_SORT_MIN_M indices (fewer cost the serial way's threads less time than the
// sort's launches), unless there are DT_SCATTER_SORT_MAX_LANES lanes or more (about twice the
// threads a large GPU runs at once: the serial way is then parallel enough, and the sort would
// only add its passes).
#define DT_SCATTER_SORT_MIN_M 64
#define DT_SCATTER_SORT_MAX_LANES ((int64_t)1 << 19)
static inline bool dt_scatter_sorts(const DtIndexDims& D) {
  return D.m >= DT_SCATTER_SORT_MIN_M && D.outer * D.inner < DT_SCATTER_SORT_MAX_LANES;
}

// One pass of the merge sort: the sorted runs of length `run` (a power of two; the last one
// shorter) of (keys kin, positions pin), merged pairwise into sorted runs of 2 * run in
// (kout, pout). Element e goes to its rank in its own run plus the number of keys of the
// sibling run that sort before it: those less than its key when e is in the left run (lower
// bound), those less or equal when in the right run (upper bound). Equal keys so keep their
// order (left before right: the sort is stable, positions ascend within a key) and every output
// slot is written once. The first pass (run 1) reads the indices themselves as the keys (K the
// index type) with pin NULL (the position of e is e); later ones the int64 keys of the previous.
template <class K>
DT_KERNEL void dt_scatter_merge_kernel(int64_t m, int64_t run, const K* kin, const int64_t* pin,
                                       int64_t* kout, int64_t* pout) {
  DT_GRID_STRIDE(e, m) {
    const int64_t key = dt_index(kin, e);
    const int64_t base = e & ~(2 * run - 1);  // the left run's start
    const int64_t mid = base + run;           // the right run's start (e's run if e >= mid)
    const bool left = e < mid;
    // The sibling run [lo, hi): the right run (possibly empty at the end) or the left one.
    int64_t lo = left ? (mid < m ? mid : m) : base;
    int64_t hi = left ? (mid + run < m ? mid + run : m) : mid;
    const int64_t first = lo;
    while (lo < hi) {
      const int64_t h = lo + ((hi - lo) >> 1);
      const int64_t kh = dt_index(kin, h);
      if (kh < key || (!left && kh == key)) lo = h + 1;
      else hi = h;
    }
    const int64_t dst = e - (left ? 0 : run) + (lo - first);
    kout[dst] = key;
    pout[dst] = pin == NULL ? e : pin[e];
  }
}

// The fold's loop over a run, unrolled four times on the GPU.
#if DT_GPU
#define DT_FOLD_UNROLL _Pragma("unroll 4")
#else
#define DT_FOLD_UNROLL
#endif

// The fold of the sorted way over the items e = (i, p, k) of [outer, m, inner], coordinates and
// offsets in U (the 32-bit index path or not): the item whose sorted position p starts a run of
// equal keys (p == 0 or key[p - 1] != key[p]) adds updates[i, pos[q], k] for the run's q in
// order into out[i, key[p], k] (no other item touches that element); an out-of-range key sets
// the bounds flag and its run is skipped, as the serial way skips each of its indices.
template <class T, class U>
DT_DEV void dt_scatter_fold_elems(int64_t total, int64_t n, int64_t inner, int64_t m,
                                  const T* updates, const int64_t* key, const int64_t* pos, T* out,
                                  int64_t* flag) {
  DT_GRID_STRIDE(e, total) {
    U i, p, k;
    dt_index_split<U>(e, m, inner, &i, &p, &k);
    const int64_t v = key[p];
    if (p > 0 && key[p - 1] == v) continue;  // inside a run: its first item folds it
    if (v < 0 || v >= n) {
      dt_flag_set(flag, v, n);
      continue;
    }
    // The run's end first, then the additions in a counted loop: unrolled, it loads a few
    // positions and updates ahead of the chain of additions that waits for them, instead of
    // two dependent memory round trips per update.
    U end = p + 1;
    while (end < (U)m && key[end] == v) ++end;
    T* o = out + ((i * (U)n + (U)v) * (U)inner + k);
    const T* u = updates + (i * (U)m * (U)inner + k);
    T acc = *o;
    DT_FOLD_UNROLL
    for (U q = p; q < end; ++q) acc = dt_add(acc, u[(U)pos[q] * (U)inner]);
    *o = acc;
  }
}

template <class T>
DT_KERNEL void dt_scatter_fold_kernel(bool idx32, int64_t total, int64_t n, int64_t inner,
                                      int64_t m, const T* updates, const int64_t* key,
                                      const int64_t* pos, T* out, int64_t* flag) {
  if (idx32) dt_scatter_fold_elems<T, uint32_t>(total, n, inner, m, updates, key, pos, out, flag);
  else dt_scatter_fold_elems<T, uint64_t>(total, n, inner, m, updates, key, pos, out, flag);
}

// The sorted way. Scratch: two sets of m int64 keys and m int64 positions that the passes
// ping-pong between (32 * m bytes, one allocation; m <= 2^53, so no overflow), freed in stream
// order after the fold. *done is false when the scratch could not be allocated (the caller then
// takes the serial way: the same result, slower).
template <class T, class I>
static int32_t dt_scatter_add_sorted(const DtIndexDims& D, int64_t total, int64_t out_count,
                                     const T* updates, const I* idx, T* out, int64_t* flag,
                                     void* stream, bool* done) {
  const int64_t m = D.m;
  void* scratch = NULL;
  *done = false;
  if (dt_scratch_alloc(&scratch, (size_t)m * 4 * sizeof(int64_t), stream) != 0) return 0;
  *done = true;
  int64_t* const buf = static_cast<int64_t*>(scratch);
  int64_t* const keys[2] = {buf, buf + m};
  int64_t* const pos[2] = {buf + 2 * m, buf + 3 * m};
  const int64_t* const no_pos = NULL;
  DT_LAUNCH(dt_scatter_merge_kernel<I>, m, stream, m, (int64_t)1, idx, no_pos, keys[0], pos[0]);
  int32_t st = DT_LAUNCH_STATUS();
  int cur = 0;
  for (int64_t run = 2; st == 0 && run < m; run *= 2) {
    DT_LAUNCH(dt_scatter_merge_kernel<int64_t>, m, stream, m, run, keys[cur], pos[cur],
              keys[cur ^ 1], pos[cur ^ 1]);
    st = DT_LAUNCH_STATUS();
    cur ^= 1;
  }
  if (st == 0) {
    const bool idx32 = dt_index_idx32(total, total, out_count);
    DT_LAUNCH(dt_scatter_fold_kernel<T>, total, stream, idx32, total, D.n, D.inner, m, updates,
              keys[cur], pos[cur], out, flag);
    st = DT_LAUNCH_STATUS();
  }
  dt_scratch_free(scratch, stream);
  return st;
}
#endif

// total: the updates' element count (outer * m * inner), out_count: out's.
template <class T, class I>
static int32_t dt_scatter_add_run(const DtIndexDims& D, int64_t total, int64_t out_count,
                                  const void* updates, const void* idx, void* out,
                                  void* stream) {
  int64_t* flag = NULL;
  const int32_t st = dt_bounds_flag(&flag);
  if (st != 0) return st;
#if !DT_CPU
  if (dt_scatter_sorts(D)) {
    bool done;
    const int32_t s = dt_scatter_add_sorted<T, I>(
        D, total, out_count, static_cast<const T*>(updates), static_cast<const I*>(idx),
        static_cast<T*>(out), flag, stream, &done);
    if (done) return s;
  }
#else
  (void)total;
  (void)out_count;
#endif
  const int64_t lanes = D.outer * D.inner;
  typedef IndexParams<T, I> P;
  DT_LAUNCH_WORK(dt_scatter_add_kernel<P>, lanes, dt_work_mul(lanes, D.m), stream, lanes, D.n,
                 D.inner, D.m, static_cast<const T*>(updates), static_cast<const I*>(idx),
                 static_cast<T*>(out), flag);
  return DT_LAUNCH_STATUS();
}

template <class T>
static int32_t dt_scatter_add_dispatch(int32_t idx_dtype, const double* dims, const void* updates,
                                       const void* idx, void* out, void* stream) {
  if (!dt_index_dtype(idx_dtype)) return DT_ERR_BAD_DTYPE;
  DtIndexDims D;
  int64_t out_count, count;
  const int32_t st = dt_read_index(dims, false, &D, &out_count, &count);
  if (st != 0 || count == 0) return st;  // no updates: nothing is touched
  switch (idx_dtype) {
    case DT_DTYPE_uint8:
      return dt_scatter_add_run<T, uint8_t>(D, count, out_count, updates, idx, out, stream);
    case DT_DTYPE_int32:
      return dt_scatter_add_run<T, int32_t>(D, count, out_count, updates, idx, out, stream);
    default:
      return dt_scatter_add_run<T, int64_t>(D, count, out_count, updates, idx, out, stream);
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
