// Casts: dt_cast_<from>(to, n, layout, x, out, stream) converts every element with the numeric
// rules (API.md; the CPU's `conversion`): float to int truncates toward zero and saturates, NaN
// gives 0; int to int wraps; int64 to float32 rounds once; to bool is != 0 (NaN is true).
// float16 (code 4) has no kernels: DT_ERR_BAD_DTYPE.
#include "common.cuh"

template <class To>
struct CTo {
  template <class From>
  DT_HD To operator()(From x) const { return dt_convert<To>(x); }
};
struct CBool {
  template <class From>
  DT_HD uint8_t operator()(From x) const { return x != From(0) ? 1 : 0; }
};

template <class F, class From>
struct CastParams {
  typedef F Op;
  typedef From T;
  typedef decltype(F()(From())) O;
};

template <class P>
DT_KERNEL void dt_cast_contig(int64_t n, const typename P::T* x, typename P::O* out) {
  typename P::Op op;
  DT_GRID_STRIDE(i, n) { out[i] = op(x[i]); }
}

template <class P>
DT_KERNEL void dt_cast_strided(int64_t n, DT_PARAM(DtLayout) L, const typename P::T* x,
                               typename P::O* out) {
  typename P::Op op;
  dt_strided_for<2>(n, L, [&](const int64_t* off) { out[off[1]] = op(x[off[0]]); });
}

template <class F, class From>
static int32_t dt_cast_run(double count, const double* layout, const void* x, void* out,
                           void* stream) {
  typedef CastParams<F, From> P;
  typedef typename P::O O;
  DtLayout L;
  int64_t n;
  bool contiguous = false;
  const int32_t st = dt_read_layout(layout, 2, 0, count, &L, &n, &contiguous);
  if (st != 0) return st;
  if (n == 0) return 0;
  const From* xp = static_cast<const From*>(x);
  O* o = static_cast<O*>(out);
  if (contiguous) {
    DT_LAUNCH(dt_cast_contig<P>, n, stream, n, xp + L.offset[0], o + L.offset[1]);
  } else {
    DT_LAUNCH(dt_cast_strided<P>, n, stream, n, L, xp, o);
  }
  return DT_LAUNCH_STATUS();
}

// The conversion functor to each target dtype.
#define DT_CAST_TO_b8 CBool
#define DT_CAST_TO_u8 CTo<uint8_t>
#define DT_CAST_TO_i32 CTo<int32_t>
#define DT_CAST_TO_i64 CTo<int64_t>
#define DT_CAST_TO_f32 CTo<float>
#define DT_CAST_TO_f64 CTo<double>

// One case per (from, to) pair: the targets of one source dtype.
#define DT_CAST_CASE(TO, TO_CODE) \
  case DT_CODE_##TO:              \
    return dt_cast_run<DT_CAST_TO_##TO, From>(n, layout, x, out, stream);

template <class From>
static int32_t dt_cast_dispatch(int32_t to, double n, const double* layout, const void* x,
                                void* out, void* stream) {
  switch (to) {
    DT_FOR_EACH_DTYPE(DT_CAST_CASE)
    default:
      return DT_ERR_BAD_DTYPE;
  }
}

#define DT_CAST_EXPORT(S, CODE)                                                                \
  int32_t dt_cast_##S(int32_t to, double n, const double* layout, const void* x, void* out,    \
                      void* stream) {                                                          \
    return dt_cast_dispatch<dt_ctype_##S>(to, n, layout, x, out, stream);                      \
  }
DT_FOR_EACH_DTYPE(DT_CAST_EXPORT)
#undef DT_CAST_EXPORT
