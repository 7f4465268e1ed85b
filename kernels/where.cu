// where: out = cond ? a : b, dt_where_<dtype>(n, layout, cond, a, b, out, stream). cond is bool
// (uint8; any non-zero byte is true); a, b and out have the dtype. The selection moves bits, so
// the kernels are keyed by the element size.
#include "common.cuh"

template <class T>
DT_KERNEL void dt_where_contig(int64_t n, const uint8_t* c, const T* a, const T* b, T* out) {
  DT_GRID_STRIDE(i, n) { out[i] = c[i] ? a[i] : b[i]; }
}

template <class T>
DT_KERNEL void dt_where_strided(int64_t n, DT_PARAM(DtLayout) L, const uint8_t* c, const T* a,
                                const T* b, T* out) {
  dt_strided_for<4>(n, L, [&](const int64_t* off) {
    out[off[3]] = c[off[0]] ? a[off[1]] : b[off[2]];
  });
}

template <class T>
static int32_t dt_where_run(double count, const double* layout, const void* cond, const void* a,
                            const void* b, void* out, void* stream) {
  DtLayout L;
  int64_t n;
  bool contiguous = false;
  const int32_t st = dt_read_layout(layout, 4, 0, count, &L, &n, &contiguous);
  if (st != 0) return st;
  if (n == 0) return 0;
  const uint8_t* c = static_cast<const uint8_t*>(cond);
  const T* ap = static_cast<const T*>(a);
  const T* bp = static_cast<const T*>(b);
  T* o = static_cast<T*>(out);
  if (contiguous) {
    DT_LAUNCH(dt_where_contig<T>, n, stream, n, c + L.offset[0], ap + L.offset[1],
              bp + L.offset[2], o + L.offset[3]);
  } else {
    DT_LAUNCH(dt_where_strided<T>, n, stream, n, L, c, ap, bp, o);
  }
  return DT_LAUNCH_STATUS();
}

// One line per dtype: the element type that carries its bits.
#define DT_WHERE_BITS_b8 uint8_t
#define DT_WHERE_BITS_u8 uint8_t
#define DT_WHERE_BITS_i32 uint32_t
#define DT_WHERE_BITS_i64 uint64_t
#define DT_WHERE_BITS_f32 uint32_t
#define DT_WHERE_BITS_f64 uint64_t

#define DT_WHERE_EXPORT(S, CODE)                                                               \
  int32_t dt_where_##S(double n, const double* layout, const void* cond, const void* a,        \
                       const void* b, void* out, void* stream) {                               \
    static_assert(sizeof(DT_WHERE_BITS_##S) == sizeof(dt_ctype_##S), "element size");          \
    return dt_where_run<DT_WHERE_BITS_##S>(n, layout, cond, a, b, out, stream);                \
  }
DT_FOR_EACH_DTYPE(DT_WHERE_EXPORT)
#undef DT_WHERE_EXPORT
