// Data movement: dt_copy (strided to strided, by element size), dt_fill_<dtype> (a value into a
// strided out) and dt_range_<dtype> (start + i * delta, computed in float64, into a contiguous
// out of a given extent).
#include "common.cuh"

// ---- copy ------------------------------------------------------------------------------------
template <class E>
DT_KERNEL void dt_copy_contig(int64_t n, const E* x, E* out) {
  DT_GRID_STRIDE(i, n) { out[i] = x[i]; }
}

template <class E>
DT_KERNEL void dt_copy_strided(int64_t n, DT_PARAM(DtLayout) L, const E* x, E* out) {
  dt_strided_for<2>(n, L, [&](const int64_t* off) { out[off[1]] = x[off[0]]; });
}

template <class E>
static int32_t dt_copy_run(double count, const double* layout, const void* x, void* out,
                           void* stream) {
  DtLayout L;
  int64_t n;
  bool contiguous = false;
  const int32_t st = dt_read_layout(layout, 2, 0, count, &L, &n, &contiguous);
  if (st != 0) return st;
  if (n == 0) return 0;
  const E* xp = static_cast<const E*>(x);
  E* o = static_cast<E*>(out);
  if (contiguous) {
#if DT_GPU
    const cudaError_t e = cudaMemcpyAsync(o + L.offset[1], xp + L.offset[0], (size_t)n * sizeof(E),
                                          cudaMemcpyDeviceToDevice, (cudaStream_t)stream);
    return dt_status(e);
#else
    DT_LAUNCH(dt_copy_contig<E>, n, stream, n, xp + L.offset[0], o + L.offset[1]);
#endif
  } else {
    DT_LAUNCH(dt_copy_strided<E>, n, stream, n, L, xp, o);
  }
  return DT_LAUNCH_STATUS();
}

int32_t dt_copy(int32_t itemsize, double n, const double* layout, const void* x, void* out,
                void* stream) {
  switch (itemsize) {
    case 1:
      return dt_copy_run<uint8_t>(n, layout, x, out, stream);
    case 2:
      return dt_copy_run<uint16_t>(n, layout, x, out, stream);
    case 4:
      return dt_copy_run<uint32_t>(n, layout, x, out, stream);
    case 8:
      return dt_copy_run<uint64_t>(n, layout, x, out, stream);
    default:
      return DT_ERR_BAD_DTYPE;
  }
}

// ---- fill ------------------------------------------------------------------------------------
template <class T>
DT_KERNEL void dt_fill_contig(int64_t n, T v, T* out) {
  DT_GRID_STRIDE(i, n) { out[i] = v; }
}

template <class T>
DT_KERNEL void dt_fill_strided(int64_t n, DT_PARAM(DtLayout) L, T v, T* out) {
  dt_strided_for<1>(n, L, [&](const int64_t* off) { out[off[0]] = v; });
}

// The fill value in the dtype: as a JavaScript typed array stores it (the CPU's fill); bool is
// value != 0; int64 comes from the layout's two words (false: not a valid int64).
template <class T>
static bool dt_fill_value(double v, const double*, T* out) {
  *out = dt_js_store<T>(v);
  return true;
}
template <>
bool dt_fill_value<int64_t>(double, const double* layout, int64_t* out) {
  return dt_layout_i64(layout, out);
}

template <class T, bool BOOL>
static int32_t dt_fill_run(double count, const double* layout, double value, void* out,
                           void* stream) {
  DtLayout L;
  int64_t n;
  bool contiguous = false;
  const int32_t st = dt_read_layout(layout, 1, 0, count, &L, &n, &contiguous);
  if (st != 0) return st;
  T v = T(value != 0);
  if (!BOOL && !dt_fill_value<T>(value, layout, &v)) return DT_ERR_BAD_LAYOUT;
  if (n == 0) return 0;
  T* o = static_cast<T*>(out);
  if (contiguous) {
    DT_LAUNCH(dt_fill_contig<T>, n, stream, n, v, o + L.offset[0]);
  } else {
    DT_LAUNCH(dt_fill_strided<T>, n, stream, n, L, v, o);
  }
  return DT_LAUNCH_STATUS();
}

#define DT_FILL_EXPORT(S, CODE)                                                              \
  int32_t dt_fill_##S(double n, const double* layout, double value, void* out, void* stream) { \
    return dt_fill_run<dt_ctype_##S, DT_CODE_##S == DT_DTYPE_bool>(n, layout, value, out,      \
                                                                    stream);                   \
  }
DT_FOR_EACH_DTYPE(DT_FILL_EXPORT)
#undef DT_FILL_EXPORT

// ---- range -----------------------------------------------------------------------------------
// out[i] = start + i * delta in float64 (no contraction), stored as the CPU's typed array does.
template <class T>
DT_KERNEL void dt_range_kernel(int64_t n, double start, double delta, T* out) {
  DT_GRID_STRIDE(i, n) { out[i] = dt_js_store<T>(dt_dadd(start, dt_dmul((double)i, delta))); }
}

template <class T>
static int32_t dt_range_run(double count, double start, double delta, double extent, void* out,
                            void* stream) {
  int64_t n, ext;
  if (!dt_count(count, &n) || !dt_int(extent, &ext)) return DT_ERR_BAD_LAYOUT;
  const int32_t st = dt_check_span(0, n, ext);
  if (st != 0 || n == 0) return st;
  DT_LAUNCH(dt_range_kernel<T>, n, stream, n, start, delta, static_cast<T*>(out));
  return DT_LAUNCH_STATUS();
}

#define DT_RANGE_EXPORT(S, CODE)                                                              \
  int32_t dt_range_##S(double n, double start, double delta, double extent, void* out,        \
                       void* stream) {                                                        \
    return dt_range_run<dt_ctype_##S>(n, start, delta, extent, out, stream);                  \
  }
DT_FOR_EACH_DTYPE(DT_RANGE_EXPORT)
#undef DT_RANGE_EXPORT
