// Convolution: dt_im2col_<dtype> (the patches of an NHWC image as a matrix, for conv2d's GEMM)
// and dt_col2im_<dtype> (its adjoint, written as a gather-sum: one work item per image element
// adds every patch entry that read it, in a fixed order: deterministic, no atomics). The
// geometry travels in an int32 array (DT_CONV_* in dt_api.h), by value to the kernels.
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
  int32_t n, h, w, c, kh, kw, sh, sw, dh, dw, top, left, oh, ow;
};

// Reads and checks `geom`; *image and *cols get the element counts of the image and patches.
static inline int32_t dt_read_conv(const int32_t* geom, DtConv* g, int64_t* image,
                                   int64_t* cols) {
  if (geom == NULL) return DT_ERR_BAD_LAYOUT;
  g->n = geom[DT_CONV_N];
  g->h = geom[DT_CONV_H];
  g->w = geom[DT_CONV_W];
  g->c = geom[DT_CONV_C];
  g->kh = geom[DT_CONV_KH];
  g->kw = geom[DT_CONV_KW];
  g->sh = geom[DT_CONV_SH];
  g->sw = geom[DT_CONV_SW];
  g->dh = geom[DT_CONV_DH];
  g->dw = geom[DT_CONV_DW];
  g->top = geom[DT_CONV_TOP];
  g->left = geom[DT_CONV_LEFT];
  g->oh = geom[DT_CONV_OH];
  g->ow = geom[DT_CONV_OW];
  if (g->n < 0 || g->h < 0 || g->w < 0 || g->c < 0 || g->oh < 0 || g->ow < 0 || g->top < 0 ||
      g->left < 0 || g->kh < 1 || g->kw < 1 || g->sh < 1 || g->sw < 1 || g->dh < 1 ||
      g->dw < 1) {
    return DT_ERR_BAD_LAYOUT;
  }
  // Each factor is below 2^31, so no partial product overflows int64 before it is checked.
  const int64_t lim = INT32_MAX;
  int64_t size = (int64_t)g->n * g->h;
  if (size > lim || (size *= g->w) > lim || (size *= g->c) > lim) return DT_ERR_BAD_LAYOUT;
  *image = size;
  size = (int64_t)g->n * g->oh;
  if (size > lim || (size *= g->ow) > lim || (size *= g->kh) > lim || (size *= g->kw) > lim ||
      (size *= g->c) > lim) {
    return DT_ERR_BAD_LAYOUT;
  }
  *cols = size;
  return 0;
}

// The image row or column that tap k of output position o reads (may be outside the image).
DT_HD int64_t dt_conv_src(int64_t o, int32_t stride, int32_t pad, int64_t k, int32_t dilation) {
  return o * stride - pad + k * dilation;
}

// ---- im2col ----------------------------------------------------------------------------------
// One item per patch element e = ((((b * oh + oy) * ow + ox) * kh + ky) * kw + kx) * c + ch.
template <class T>
DT_KERNEL void dt_im2col_kernel(int64_t total, DtConv g, const T* x, T* out) {
  DT_GRID_STRIDE(e, total) {
    uint32_t q = (uint32_t)e;  // total < 2^31
    const uint32_t ch = q % (uint32_t)g.c;
    q /= (uint32_t)g.c;
    const uint32_t kx = q % (uint32_t)g.kw;
    q /= (uint32_t)g.kw;
    const uint32_t ky = q % (uint32_t)g.kh;
    q /= (uint32_t)g.kh;
    const uint32_t ox = q % (uint32_t)g.ow;
    q /= (uint32_t)g.ow;
    const uint32_t oy = q % (uint32_t)g.oh;
    const uint32_t b = q / (uint32_t)g.oh;
    const int64_t iy = dt_conv_src(oy, g.sh, g.top, ky, g.dh);
    const int64_t ix = dt_conv_src(ox, g.sw, g.left, kx, g.dw);
    out[e] = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w
                 ? x[(((int64_t)b * g.h + iy) * g.w + ix) * g.c + ch]
                 : T(0);
  }
}

#if DT_CPU
// One item per patch row (b, oy, ox): kh * kw copies of `c` channels, or zeros.
template <class T>
DT_KERNEL void dt_im2col_rows(int64_t rows, DtConv g, const T* x, T* out) {
  const int64_t c = g.c;
  DT_GRID_STRIDE(r, rows) {
    const int64_t ox = r % g.ow;
    const int64_t oy = r / g.ow % g.oh;
    const int64_t b = r / ((int64_t)g.ow * g.oh);
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
static int32_t dt_im2col_run(const int32_t* geom, const void* x, void* out, void* stream) {
  DtConv g;
  int64_t image, total;
  const int32_t st = dt_read_conv(geom, &g, &image, &total);
  if (st != 0 || total == 0) return st;
  const T* xp = static_cast<const T*>(x);
  T* o = static_cast<T*>(out);
#if DT_CPU
  const int64_t rows = (int64_t)g.n * g.oh * g.ow;
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
DT_DEV void dt_conv_taps(int64_t i, int32_t pad, int32_t stride, int32_t dilation, int32_t taps,
                         int32_t count, F f) {
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
DT_KERNEL void dt_col2im_kernel(int64_t total, DtConv g, const T* cols, T* out) {
  typedef typename DtWide<T>::type Acc;
  DT_GRID_STRIDE(e, total) {
    uint32_t q = (uint32_t)e;  // total < 2^31
    const uint32_t ch = q % (uint32_t)g.c;
    q /= (uint32_t)g.c;
    const uint32_t ix = q % (uint32_t)g.w;
    q /= (uint32_t)g.w;
    const uint32_t iy = q % (uint32_t)g.h;
    const uint32_t b = q / (uint32_t)g.h;
    Acc acc = Acc(0);
    dt_conv_taps(iy, g.top, g.sh, g.dh, g.kh, g.oh, [&](int64_t oy, int64_t ky) {
      const int64_t row = ((int64_t)b * g.oh + oy) * g.ow;
      dt_conv_taps(ix, g.left, g.sw, g.dw, g.kw, g.ow, [&](int64_t ox, int64_t kx) {
        acc += (Acc)cols[(((row + ox) * g.kh + ky) * g.kw + kx) * g.c + ch];
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
DT_KERNEL void dt_col2im_rows(int64_t rows, DtConv g, const T* cols, T* out) {
  typedef typename DtWide<T>::type Acc;
  const int64_t c = g.c, wc = (int64_t)g.w * c;
  const int64_t k = (int64_t)g.kh * g.kw * c;  // a patch row
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
static int32_t dt_col2im_run(const int32_t* geom, const void* cols, void* out, void* stream) {
  DtConv g;
  int64_t total, patches;
  const int32_t st = dt_read_conv(geom, &g, &total, &patches);
  if (st != 0 || total == 0) return st;
  const T* cp = static_cast<const T*>(cols);
  T* o = static_cast<T*>(out);
#if DT_CPU
  // Rows of up to 2^22 accumulators (32 MiB each); wider images take the element kernel.
  if ((int64_t)g.w * g.c <= ((int64_t)1 << 22)) {
    const int64_t rows = (int64_t)g.n * g.h;
    DT_LAUNCH_WORK(dt_col2im_rows<T>, rows, total + patches, stream, rows, g, cp, o);
    return DT_LAUNCH_STATUS();
  }
#endif
  DT_LAUNCH_WORK(dt_col2im_kernel<T>, total, total + patches, stream, total, g, cp, o);
  return DT_LAUNCH_STATUS();
}

#define DT_CONV_EXPORT(S, CODE)                                                                \
  int32_t dt_im2col_##S(const int32_t* geom, const void* x, void* out, void* stream) {         \
    return dt_im2col_run<dt_ctype_##S>(geom, x, out, stream);                                  \
  }                                                                                            \
  int32_t dt_col2im_##S(const int32_t* geom, const void* cols, void* out, void* stream) {      \
    return dt_col2im_run<dt_ctype_##S>(geom, cols, out, stream);                               \
  }
DT_FOR_EACH_DTYPE(DT_CONV_EXPORT)
#undef DT_CONV_EXPORT
