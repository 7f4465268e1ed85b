// Data movement: dt_copy (strided to strided, by element size; the CPU build copies transposes
// tile by tile), dt_fill_<dtype> (a value into a strided out) and dt_range_<dtype> (start + i *
// delta, computed in float64, into a contiguous out of a given extent).
#include "common.cuh"

#if DT_CPU
#include <utility>  // std::index_sequence
#endif

// ---- copy ------------------------------------------------------------------------------------
template <class E>
DT_KERNEL void dt_copy_contig(int64_t n, const E* x, E* out) {
  DT_GRID_STRIDE(i, n) { out[i] = x[i]; }
}

template <class E>
DT_KERNEL void dt_copy_strided(int64_t n, DT_PARAM(DtLayout) L, const E* x, E* out) {
  dt_strided_for<2>(n, L, [&](const int64_t* off) { out[off[1]] = x[off[0]]; });
}

#if DT_CPU
// ---- the cache-blocked copy (CPU build) ------------------------------------------------------
// A transpose (any permutation of axes) walked row by row reads or writes the innermost axis j
// with a long stride: each element on another cache line and, with long rows, on another page.
// When one operand has such a stride along j and a short one along another axis a,
// dt_copy_tiled walks tiles of TA x TJ elements over (a, j) instead, so that the lines and pages a
// tile touches are reused while they are cached; the tiles (of every index of the other axes)
// are shared over the pool. Where both operands are contiguous inside a tile, one along a and
// the other along j (a plain transpose), blocks of W x W elements move as W 16-byte vectors
// transposed in registers (W = 16 / itemsize); anything else moves element by element. Bytes
// only: every result is the row-by-row walk's.
namespace {

inline int64_t dt_abs64(int64_t v) { return v < 0 ? -v : v; }

// W x W blocks of E in 16-byte vectors: GCC's vector extension (SSE2 or NEON code); other
// compilers move every element of a tile one by one.
#if defined(__GNUC__) && !defined(__clang__)
#define DT_COPY_BLOCKS 1
template <class E>
struct DtBlock {
  static constexpr int W = 16 / (int)sizeof(E);
  typedef E V __attribute__((vector_size(16)));

  // Lanes 0 .. W/2 - 1 (hi: W/2 .. W - 1) of a and b, interleaved: a0 b0 a1 b1 ...
  template <size_t... I>
  static inline V zip(V a, V b, bool hi, std::index_sequence<I...>) {
    if (hi) return __builtin_shuffle(a, b, V{(E)(I / 2 + W / 2 + (I % 2) * W)...});
    return __builtin_shuffle(a, b, V{(E)(I / 2 + (I % 2) * W)...});
  }

  // dst row c, element r = src row r, element c, for r, c < W; rows sstride (dstride) apart.
  static inline void transpose(const E* src, int64_t sstride, E* dst, int64_t dstride) {
    V r[W], t[W];
    for (int i = 0; i < W; ++i) memcpy(&r[i], src + i * sstride, 16);
    // log2(W) rounds of interleaving row i with row i + W/2 transpose the block.
    for (int round = W; round > 1; round /= 2) {
      for (int i = 0; i < W / 2; ++i) {
        t[2 * i] = zip(r[i], r[i + W / 2], false, std::make_index_sequence<W>());
        t[2 * i + 1] = zip(r[i], r[i + W / 2], true, std::make_index_sequence<W>());
      }
      for (int i = 0; i < W; ++i) r[i] = t[i];
    }
    for (int i = 0; i < W; ++i) memcpy(dst + i * dstride, &r[i], 16);
  }
};
#else
#define DT_COPY_BLOCKS 0
#endif

// One tile's geometry: out[ob + a * oa + j * oj] = x[xb + a * xa + j * xj].
struct DtTile {
  int64_t xb, ob, xa, xj, oa, oj;
};

// Rows a in [a0, a1) of elements j in [j0, j1) of a tile.
template <class E>
void dt_copy_tile(const E* x, E* out, const DtTile& s, int64_t a0, int64_t a1, int64_t j0,
                  int64_t j1) {
#if DT_COPY_BLOCKS
  const int W = DtBlock<E>::W;
  // Blocks: x contiguous along a and out along j (x's block rows are j, out's a), or the reverse.
  const bool xrows = s.xa == 1 && s.oj == 1, orows = s.xj == 1 && s.oa == 1;
  if (xrows || orows) {
    const int64_t ae = a0 + (a1 - a0) / W * W, je = j0 + (j1 - j0) / W * W;
    for (int64_t a = a0; a < ae; a += W) {
      for (int64_t j = j0; j < je; j += W) {
        const E* src = x + (s.xb + a * s.xa + j * s.xj);
        E* dst = out + (s.ob + a * s.oa + j * s.oj);
        if (xrows) DtBlock<E>::transpose(src, s.xj, dst, s.oa);
        else DtBlock<E>::transpose(src, s.xa, dst, s.oj);
      }
    }
    // The edges: the elements from je of the rows before ae, every element of the others.
    for (int64_t a = a0; a < a1; ++a) {
      for (int64_t j = a < ae ? je : j0; j < j1; ++j) {
        out[s.ob + a * s.oa + j * s.oj] = x[s.xb + a * s.xa + j * s.xj];
      }
    }
    return;
  }
#endif
  for (int64_t a = a0; a < a1; ++a) {
    const int64_t xr = s.xb + a * s.xa, orow = s.ob + a * s.oa;
    for (int64_t j = j0; j < j1; ++j) out[orow + j * s.oj] = x[xr + j * s.xj];
  }
}

// True when it copied the (validated) layout; false leaves it to the row-by-row kernel.
template <class E>
bool dt_copy_tiled(int64_t n, const DtLayout& L, const E* x, E* out) {
  const int nd = L.ndim, j = nd - 1;
  if (nd < 2) return false;
  const int64_t isz = (int64_t)sizeof(E);
  // k: the operand with the longer stride along j; each of its steps must cross a cache line.
  const int k = dt_abs64(L.strides[0][j]) >= dt_abs64(L.strides[1][j]) ? 0 : 1;
  const int64_t* sk = L.strides[k];
  if (dt_abs64(sk[j]) * isz < 64) return false;
  // a: the other axis along which k's stride is shortest, at most 16 bytes.
  int a = -1;
  for (int d = 0; d < j; ++d) {
    if (L.shape[d] > 1 && (a < 0 || dt_abs64(sk[d]) < dt_abs64(sk[a]))) a = d;
  }
  if (a < 0 || dt_abs64(sk[a]) * isz > 16) return false;
  const int64_t na = L.shape[a], nj = L.shape[j];
  // The other axes (their index r picks the tiles' base offsets).
  int64_t rshape[DT_MAX_DIMS], rx[DT_MAX_DIMS], ro[DT_MAX_DIMS];
  int nr = 0;
  for (int d = 0; d < j; ++d) {
    if (d == a) continue;
    rshape[nr] = L.shape[d];
    rx[nr] = L.strides[0][d];
    ro[nr] = L.strides[1][d];
    ++nr;
  }
  // Tiles of TA x TJ elements. Inside a tile the walk goes W along a at a time, each time over
  // every j: k's TJ lines (32 KiB) are reused by the next W while still cached, and a pass
  // touches TJ pages (within the L2 TLB). A stride whose bytes are a multiple of a large power
  // of two g puts those lines in few cache sets (4 KiB: 1 of L1's 64, 16 of a 512 KiB L2's
  // 1024), so TJ shrinks to 64 KiB / g lines then (16 at 4 KiB). Measured on one thread on
  // transposes of 500 .. 3000 squared float32: 3 to 12 times faster than the row-by-row walk.
  const int64_t bytes = dt_abs64(sk[j]) * isz, g = bytes & -bytes;
  const int64_t TA = 128, TJ = g >= 4096 ? 16 : g >= 128 ? 65536 / g : 512;
  const int64_t ta = (na + TA - 1) / TA, tj = (nj + TJ - 1) / TJ, per = ta * tj;
  const int64_t units = n / (na * nj) * per;
  const DtTile geom = {0, 0, L.strides[0][a], L.strides[0][j], L.strides[1][a], L.strides[1][j]};
  dt_cpu_launch(n, [&]() {
    // This thread's tiles: an even share of [0, units).
    const DtCpuShare sh = dt_cpu_share;
    const int64_t b = units * sh.tid / sh.nthreads, e = units * (sh.tid + 1) / sh.nthreads;
    DtTile s = geom;
    int64_t cur = -1;
    for (int64_t u = b; u < e; ++u) {
      const int64_t r = u / per, t = u - r * per;
      if (r != cur) {  // the base offsets: index r of the other axes
        cur = r;
        s.xb = L.offset[0];
        s.ob = L.offset[1];
        int64_t q = r;
        for (int d = nr - 1; d >= 0; --d) {
          const int64_t c = q % rshape[d];
          q /= rshape[d];
          s.xb += c * rx[d];
          s.ob += c * ro[d];
        }
      }
      const int64_t a0 = t / tj * TA, j0 = t % tj * TJ;
      dt_copy_tile<E>(x, out, s, a0, a0 + TA < na ? a0 + TA : na, j0, j0 + TJ < nj ? j0 + TJ : nj);
    }
  });
  return true;
}

}  // namespace
#endif

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
#if DT_CPU
    if (dt_copy_tiled<E>(n, L, xp, o)) return 0;
#endif
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
