// Convolution: dt_im2col_<dtype> (the patches of an NHWC image as a matrix, for conv2d's GEMM)
// and dt_col2im_<dtype> (its adjoint, written as a gather-sum: one work item per image element
// adds every patch entry that read it, in a fixed order: deterministic, no atomics). The
// geometry travels in a double array (DT_CONV_* in dt_api.h), read into int64 and checked (the
// element counts and the extreme tap positions with overflow checks, the image and the patches
// against their extents), then by value to the kernels.
//
// The GPU and the emulation library run one work item per output element; the CPU build works
// on rows (im2col: one item per patch row, copies of `c` channels; col2im: one item per image
// row, summed in a row of float64 accumulators), its items shared out over the pool by
// DT_LAUNCH_WORK.
#include "common.cuh"

#if DT_CPU
#include <vector>
#endif

struct DtConv {
  int64_t n, h, w, c, kh, kw, sh, sw, dh, dw, top, left, oh, ow;
  int32_t idx32;  // 1: the kernel's work items (and so every size) fit in 32 bits
};

// The image row or column that tap k of output position o reads (may be outside the image).
DT_HD int64_t dt_conv_src(int64_t o, int64_t stride, int64_t pad, int64_t k, int64_t dilation) {
  return o * stride - pad + k * dilation;
}

// Reads and checks `geom` for im2col (the image in, the patches out) or col2im (the reverse):
// *image and *cols get the element counts of the image and the patches, each checked against
// its extent.
static inline int32_t dt_read_conv(const double* geom, bool im2col, DtConv* g, int64_t* image,
                                   int64_t* cols) {
  int64_t v[DT_CONV_SIZE];
  if (geom == NULL || !dt_ints(geom, DT_CONV_SIZE, v)) return DT_ERR_BAD_LAYOUT;
  *g = {v[DT_CONV_N],   v[DT_CONV_H],    v[DT_CONV_W],  v[DT_CONV_C],  v[DT_CONV_KH],
        v[DT_CONV_KW],  v[DT_CONV_SH],   v[DT_CONV_SW], v[DT_CONV_DH], v[DT_CONV_DW],
        v[DT_CONV_TOP], v[DT_CONV_LEFT], v[DT_CONV_OH], v[DT_CONV_OW], 0};
  if (g->n < 0 || g->h < 0 || g->w < 0 || g->c < 0 || g->oh < 0 || g->ow < 0 || g->top < 0 ||
      g->left < 0 || g->kh < 1 || g->kw < 1 || g->sh < 1 || g->sw < 1 || g->dh < 1 ||
      g->dw < 1) {
    return DT_ERR_BAD_LAYOUT;
  }
  const int64_t image_shape[4] = {g->n, g->h, g->w, g->c};
  const int64_t cols_shape[6] = {g->n, g->oh, g->ow, g->kh, g->kw, g->c};
  if (!dt_product(image_shape, 4, image) || !dt_product(cols_shape, 6, cols)) {
    return DT_ERR_BAD_LAYOUT;
  }
  // The last tap positions, (o - 1) * stride + (k - 1) * dilation, must not overflow (the
  // kernels compute tap positions up to them; the first is -pad).
  int64_t ry, rx, ty, tx;
  if (__builtin_mul_overflow(g->oh > 0 ? g->oh - 1 : 0, g->sh, &ry) ||
      __builtin_mul_overflow(g->kh - 1, g->dh, &ty) || __builtin_add_overflow(ry, ty, &ry) ||
      __builtin_mul_overflow(g->ow > 0 ? g->ow - 1 : 0, g->sw, &rx) ||
      __builtin_mul_overflow(g->kw - 1, g->dw, &tx) || __builtin_add_overflow(rx, tx, &rx)) {
    return DT_ERR_BAD_LAYOUT;
  }
  const int64_t in = im2col ? *image : *cols, out = im2col ? *cols : *image;
  g->idx32 = out <= DT_IDX32_MAX;  // one work item per output element
  if (out == 0) return 0;  // nothing is touched
  int32_t st = dt_check_span(0, in, v[DT_CONV_IN_EXTENT]);
  if (st == 0) st = dt_check_span(0, out, v[DT_CONV_OUT_EXTENT]);
  return st;
}

// ---- im2col ----------------------------------------------------------------------------------
// One item per patch element e = ((((b * oh + oy) * ow + ox) * kh + ky) * kw + kx) * c + ch.
template <class T>
DT_KERNEL void dt_im2col_kernel(int64_t total, DT_PARAM(DtConv) g, const T* x, T* out) {
  const int64_t sizes[6] = {g.n, g.oh, g.ow, g.kh, g.kw, g.c};
  DT_GRID_STRIDE(e, total) {
    int64_t q[6];  // b, oy, ox, ky, kx, ch
    dt_unravel(e, g.idx32, sizes, 0, 6, [&](int d, int64_t c) { q[d] = c; });
    const int64_t iy = dt_conv_src(q[1], g.sh, g.top, q[3], g.dh);
    const int64_t ix = dt_conv_src(q[2], g.sw, g.left, q[4], g.dw);
    const bool inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
    out[e] = inside ? x[((q[0] * g.h + iy) * g.w + ix) * g.c + q[5]] : T(0);
  }
}

#if DT_CPU
// One item per patch row (b, oy, ox): kh * kw copies of `c` channels, or zeros.
template <class T>
DT_KERNEL void dt_im2col_rows(int64_t rows, DT_PARAM(DtConv) g, const T* x, T* out) {
  const int64_t c = g.c;
  DT_GRID_STRIDE(r, rows) {
    const int64_t ox = r % g.ow;
    const int64_t oy = r / g.ow % g.oh;
    const int64_t b = r / (g.ow * g.oh);
    T* dst = out + r * g.kh * g.kw * c;
    for (int64_t ky = 0; ky < g.kh; ++ky) {
      const int64_t iy = dt_conv_src(oy, g.sh, g.top, ky, g.dh);
      if (iy < 0 || iy >= g.h) {
        for (int64_t k = 0; k < g.kw * c; ++k) dst[k] = T(0);
        dst += g.kw * c;
        continue;
      }
      const T* row = x + (b * g.h + iy) * g.w * c;
      for (int64_t kx = 0; kx < g.kw; ++kx, dst += c) {
        const int64_t ix = dt_conv_src(ox, g.sw, g.left, kx, g.dw);
        if (ix >= 0 && ix < g.w) {
          memcpy(dst, row + ix * c, (size_t)c * sizeof(T));
        } else {
          for (int64_t k = 0; k < c; ++k) dst[k] = T(0);
        }
      }
    }
  }
}
#endif

template <class T>
static int32_t dt_im2col_run(const double* geom, const void* x, void* out, void* stream) {
  DtConv g;
  int64_t image, total;
  const int32_t st = dt_read_conv(geom, true, &g, &image, &total);
  if (st != 0 || total == 0) return st;
  const T* xp = static_cast<const T*>(x);
  T* o = static_cast<T*>(out);
#if DT_CPU
  const int64_t rows = g.n * g.oh * g.ow;
  DT_LAUNCH_WORK(dt_im2col_rows<T>, rows, total, stream, rows, g, xp, o);
#else
  DT_LAUNCH(dt_im2col_kernel<T>, total, stream, total, g, xp, o);
#endif
  return DT_LAUNCH_STATUS();
}

// ---- col2im ----------------------------------------------------------------------------------
// Every implementation (GPU, emulation, CPU build, the TypeScript fallback) adds the entries of
// an element in the order of the patch rows (oy, ox), i.e. taps (ky, kx) from the last to the
// first, so that all of them give the same bits.
//
// The output positions o in [0, count) whose tap k reads image row (or column) i: o * stride =
// i + pad - k * dilation. f(o, k) for each, o ascending (k descending).
template <class F>
DT_DEV void dt_conv_taps(int64_t i, int64_t pad, int64_t stride, int64_t dilation, int64_t taps,
                         int64_t count, F f) {
  for (int64_t k = taps - 1; k >= 0; --k) {
    const int64_t t = i + pad - k * dilation;
    if (t < 0) continue;  // t grows as k falls
    if (stride == 1) {
      if (t >= count) break;
      f(t, k);
    } else if (t % stride == 0) {
      if (t / stride >= count) break;
      f(t / stride, k);
    }
  }
}

// One item per image element e = ((b * h + iy) * w + ix) * c + ch.
template <class T>
DT_KERNEL void dt_col2im_kernel(int64_t total, DT_PARAM(DtConv) g, const T* cols, T* out) {
  typedef typename DtWide<T>::type Acc;
  const int64_t sizes[4] = {g.n, g.h, g.w, g.c};
  DT_GRID_STRIDE(e, total) {
    int64_t q[4];  // b, iy, ix, ch
    dt_unravel(e, g.idx32, sizes, 0, 4, [&](int d, int64_t c) { q[d] = c; });
    Acc acc = Acc(0);
    dt_conv_taps(q[1], g.top, g.sh, g.dh, g.kh, g.oh, [&](int64_t oy, int64_t ky) {
      const int64_t row = (q[0] * g.oh + oy) * g.ow;
      dt_conv_taps(q[2], g.left, g.sw, g.dw, g.kw, g.ow, [&](int64_t ox, int64_t kx) {
        acc += (Acc)cols[(((row + ox) * g.kh + ky) * g.kw + kx) * g.c + q[3]];
      });
    });
    out[e] = (T)acc;
  }
}

#if DT_CPU
// One item per image row (b, iy), summed in a row of accumulators: for each patch row (oy, ox)
// that reads it, in order, the kw * c contiguous entries of tap row ky are added to the pixels
// they read (streaming reads; the same order per element as above).
template <class T>
DT_KERNEL void dt_col2im_rows(int64_t rows, DT_PARAM(DtConv) g, const T* cols, T* out) {
  typedef typename DtWide<T>::type Acc;
  const int64_t c = g.c, wc = g.w * c;
  const int64_t k = g.kh * g.kw * c;  // a patch row
  std::vector<Acc> buf;
  DT_GRID_STRIDE(r, rows) {
    if (buf.empty()) buf.resize((size_t)wc);
    Acc* acc = buf.data();
    for (int64_t j = 0; j < wc; ++j) acc[j] = Acc(0);
    const int64_t iy = r % g.h;
    const int64_t b = r / g.h;
    dt_conv_taps(iy, g.top, g.sh, g.dh, g.kh, g.oh, [&](int64_t oy, int64_t ky) {
      const T* src = cols + (b * g.oh + oy) * g.ow * k + ky * g.kw * c;
      for (int64_t ox = 0; ox < g.ow; ++ox, src += k) {
        if (g.dw == 1) {  // the taps inside the image are one run of pixels
          const int64_t ix0 = dt_conv_src(ox, g.sw, g.left, 0, 1);
          const int64_t lo = ix0 < 0 ? -ix0 : 0;
          const int64_t hi = g.w - ix0 < g.kw ? g.w - ix0 : g.kw;
          if (hi <= lo) continue;
          Acc* a = acc + (ix0 + lo) * c;
          const T* s = src + lo * c;
          for (int64_t j = 0; j < (hi - lo) * c; ++j) a[j] += (Acc)s[j];
          continue;
        }
        for (int64_t kx = 0; kx < g.kw; ++kx) {
          const int64_t ix = dt_conv_src(ox, g.sw, g.left, kx, g.dw);
          if (ix < 0) continue;
          if (ix >= g.w) break;
          Acc* a = acc + ix * c;
          const T* s = src + kx * c;
          for (int64_t j = 0; j < c; ++j) a[j] += (Acc)s[j];
        }
      }
    });
    T* dst = out + r * wc;
    for (int64_t j = 0; j < wc; ++j) dst[j] = (T)acc[j];
  }
}
#endif

template <class T>
static int32_t dt_col2im_run(const double* geom, const void* cols, void* out, void* stream) {
  DtConv g;
  int64_t total, patches;
  const int32_t st = dt_read_conv(geom, false, &g, &total, &patches);
  if (st != 0 || total == 0) return st;
  const T* cp = static_cast<const T*>(cols);
  T* o = static_cast<T*>(out);
#if DT_CPU
  // Rows of up to 2^22 accumulators (32 MiB each); wider images take the element kernel.
  if (g.w * g.c <= ((int64_t)1 << 22)) {
    const int64_t rows = g.n * g.h;
    DT_LAUNCH_WORK(dt_col2im_rows<T>, rows, dt_work_add(total, patches), stream, rows, g, cp, o);
    return DT_LAUNCH_STATUS();
  }
#endif
  DT_LAUNCH_WORK(dt_col2im_kernel<T>, total, dt_work_add(total, patches), stream, total, g, cp,
                 o);
  return DT_LAUNCH_STATUS();
}

#define DT_CONV_EXPORT(S, CODE)                                                                \
  int32_t dt_im2col_##S(const double* geom, const void* x, void* out, void* stream) {          \
    return dt_im2col_run<dt_ctype_##S>(geom, x, out, stream);                                  \
  }                                                                                            \
  int32_t dt_col2im_##S(const double* geom, const void* cols, void* out, void* stream) {       \
    return dt_col2im_run<dt_ctype_##S>(geom, cols, out, stream);                               \
  }
DT_FOR_EACH_DTYPE(DT_CONV_EXPORT)
#undef DT_CONV_EXPORT
