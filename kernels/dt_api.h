// The C interface of libdenotensor_cuda.so (nvcc: kernels on the GPU) and of
// libdenotensor_cuda_emu.so (g++: the same sources, kernels run as host loops over host memory).
// ffi/kernels.ts declares exactly these symbols for Deno.dlopen.
//
// Conventions
// - Every function returns an int32 status: 0 on success, else a cudaError_t value, or one of
//   the DT_ERR_* codes below. dt_error_string(code) describes any of them.
// - Op codes are indices in the TypeScript op id lists (src/ops/op_ids.ts); build.ts writes them
//   to build/op_ids.h as DT_UNARY_<name>, DT_BINARY_<name>, DT_REDUCE_<name>, ...
// - dtype codes are indices in DTYPES (src/dtype.ts):
//   0 bool (uint8 0/1), 1 uint8, 2 int32, 3 int64, 4 float16, 5 float32, 6 float64.
//   Kernel families have one function per dtype, named by suffix (DT_FOR_EACH_DTYPE).
// - Device pointers travel as `void*`; sizes in bytes as double (exact below 2^53); element
//   counts as int32 (the TypeScript side rejects tensors of 2^31 elements or more).
// - Shapes, strides and offsets travel in one int32 "layout" array (see DT_LAYOUT_*), read by the
//   host function and passed to the kernel by value. Strides are in elements and may be
//   negative or zero. Layouts hold at most DT_MAX_DIMS axes; the caller merges axes first.
// - Kernels run on `stream` (a cudaStream_t, or NULL for the default stream); nothing here
//   synchronises except dt_stream_sync, dt_memcpy_dtoh and dt_check_flag.
// - Index bounds are checked inside the gather/scatter kernels: an out-of-range index sets a
//   device flag (and the offending value) instead of reading or writing; dt_check_flag returns
//   and clears it. The TypeScript side calls it at the next synchronisation.
#ifndef DT_API_H
#define DT_API_H
#include <stdint.h>

#ifdef __cplusplus
#define DT_EXTERN extern "C"
#else
#define DT_EXTERN
#endif
#define DT_EXPORT DT_EXTERN __attribute__((visibility("default")))

#define DT_MAX_DIMS 8

// Layout of the int32 array `layout` of the elementwise families (unary, binary, where, cast,
// copy, fill): ndim, flags, an element offset per operand, the shape, the strides per operand.
// Operands are numbered inputs first, output last: unary (x, out), binary (a, b, out), where
// (cond, a, b, out), cast and copy (x, out), fill (out).
#define DT_LAYOUT_NDIM 0
#define DT_LAYOUT_FLAGS 1    // bit 0: every operand is contiguous (strides unused)
#define DT_LAYOUT_OFFSET 2   // 4 entries: operand k's offset at DT_LAYOUT_OFFSET + k
#define DT_LAYOUT_SHAPE 6    // DT_MAX_DIMS entries
#define DT_LAYOUT_STRIDES 14 // 4 x DT_MAX_DIMS entries: operand k at DT_LAYOUT_STRIDES + 8 * k
#define DT_LAYOUT_I64 46     // 2 entries: an int64 scalar as low, high 32-bit words
#define DT_LAYOUT_SIZE 48
#define DT_FLAG_CONTIGUOUS 1

// Status codes of our own (cudaError_t values are below 1000).
#define DT_ERR_BAD_OP 1001        // op code unknown to this family, or not defined for the dtype
#define DT_ERR_BAD_DTYPE 1002     // dtype code unknown or not supported by this function
#define DT_ERR_BAD_LAYOUT 1003    // ndim outside [1, DT_MAX_DIMS] or negative sizes
#define DT_ERR_NO_DEVICE 1004     // no CUDA device (the GPU build without a driver or device)

// ---- Runtime --------------------------------------------------------------------------------
DT_EXPORT int32_t dt_runtime_version(int32_t* out);      // cudaRuntimeGetVersion (emu: 13000)
DT_EXPORT int32_t dt_driver_version(int32_t* out);       // cudaDriverGetVersion (emu: 0)
DT_EXPORT int32_t dt_is_emulation(int32_t* out);         // 1 for the emulation library
DT_EXPORT int32_t dt_device_count(int32_t* out);         // emu: 1
DT_EXPORT int32_t dt_set_device(int32_t device);
// Writes the device name (NUL-terminated, truncated to len) into buf.
DT_EXPORT int32_t dt_device_name(int32_t device, char* buf, int32_t len);
// out[0..3] = compute capability major, minor, multiprocessor count, warp size.
DT_EXPORT int32_t dt_device_props(int32_t device, int32_t* out);
// out[0] = free bytes, out[1] = total bytes.
DT_EXPORT int32_t dt_mem_info(double* out);
// *out = a new device allocation of `bytes` (cudaMalloc; emu: aligned host memory).
DT_EXPORT int32_t dt_malloc(void** out, double bytes);
DT_EXPORT int32_t dt_free(void* ptr);
DT_EXPORT int32_t dt_memcpy_htod(void* dst, const void* src, double bytes, void* stream);
// Synchronous: returns when the bytes are in host memory.
DT_EXPORT int32_t dt_memcpy_dtoh(void* dst, const void* src, double bytes, void* stream);
DT_EXPORT int32_t dt_memcpy_dtoh_async(void* dst, const void* src, double bytes, void* stream);
DT_EXPORT int32_t dt_memcpy_dtod(void* dst, const void* src, double bytes, void* stream);
DT_EXPORT int32_t dt_stream_create(void** out);
DT_EXPORT int32_t dt_stream_destroy(void* stream);
DT_EXPORT int32_t dt_stream_sync(void* stream);
// 1 in *out when the work queued on `stream` so far has finished (cudaStreamQuery).
DT_EXPORT int32_t dt_stream_done(void* stream, int32_t* out);
// The sticky or last error of the runtime (cudaGetLastError), 0 when none.
DT_EXPORT int32_t dt_last_error(void);
// A static description of a status code (ours or CUDA's).
DT_EXPORT const char* dt_error_string(int32_t code);
// Synchronises `stream`, then out[0] = the bounds flag (0 none, 1 an index was out of range),
// out[1] = the first offending index value (clamped to int32), out[2] = the valid range's
// length; clears the flag.
DT_EXPORT int32_t dt_check_flag(void* stream, int32_t* out);

// ---- Kernel families: one exported function per family and dtype -----------------------------
// The dtype suffixes: b8 (bool as uint8 0/1), u8, i32, i64, f32, f64. float16 has no kernels:
// the TypeScript side runs float16 ops on the CPU (soft placement).
#define DT_FOR_EACH_DTYPE(X) X(b8, 0) X(u8, 1) X(i32, 2) X(i64, 3) X(f32, 5) X(f64, 6)

#define DT_DECLARE_FAMILIES(S, CODE)                                                          \
  /* out = op(x). out has the dtype of x, except for the predicates (logicalNot, isNan,      \
     isFinite, isInf), whose out is bool. n = number of elements. */                          \
  DT_EXPORT int32_t dt_unary_##S(int32_t op, int32_t n, const int32_t* layout, const void* x, \
                                 void* out, void* stream);                                    \
  /* out = op(a, b); out has the dtype, or bool for comparisons and logical ops. scalar_side  \
     1: a is `scalar` (a ignored), 2: b is; int64 scalars come from layout[DT_LAYOUT_I64]. */ \
  DT_EXPORT int32_t dt_binary_##S(int32_t op, int32_t n, const int32_t* layout, const void* a, \
                                  const void* b, double scalar, int32_t scalar_side,           \
                                  void* out, void* stream);                                    \
  /* out = cond ? a : b; cond is bool. */                                                     \
  DT_EXPORT int32_t dt_where_##S(int32_t n, const int32_t* layout, const void* cond,          \
                                 const void* a, const void* b, void* out, void* stream);      \
  /* out (dtype code `to`) = x converted with the numeric rules: float to int truncates toward \
     zero and saturates, NaN gives 0; int to int wraps; to bool is != 0. */                   \
  DT_EXPORT int32_t dt_cast_##S(int32_t to, int32_t n, const int32_t* layout, const void* x,  \
                                void* out, void* stream);                                     \
  /* Every element of the strided out = value (int64: layout[DT_LAYOUT_I64]). */              \
  DT_EXPORT int32_t dt_fill_##S(int32_t n, const int32_t* layout, double value, void* out,    \
                                void* stream);                                                \
  /* out[i] = start + i * delta computed in float64, contiguous out. */                       \
  DT_EXPORT int32_t dt_range_##S(int32_t n, double start, double delta, void* out,            \
                                 void* stream);                                               \
  /* Reduction (see DT_RLAYOUT_*): out has `outer` elements, each folds `inner`. */           \
  DT_EXPORT int32_t dt_reduce_##S(int32_t op, int32_t outer, int32_t inner,                   \
                                  const int32_t* rlayout, const void* x, void* out,           \
                                  void* stream);                                              \
  /* Index of the max (op 0) or min (op 1) along the last axis; out int32 (out_dtype 2) or    \
     int64 (3); the first on ties; NaN wins. */                                               \
  DT_EXPORT int32_t dt_arg_reduce_##S(int32_t op, int32_t out_dtype, int32_t outer,           \
                                      int32_t inner, const int32_t* rlayout, const void* x,   \
                                      void* out, void* stream);                               \
  /* Cumulative sum along the last axis into contiguous out; partial sums are rounded or      \
     wrapped to the dtype at every step. */                                                   \
  DT_EXPORT int32_t dt_cumsum_##S(int32_t outer, int32_t inner, const int32_t* rlayout,       \
                                  int32_t exclusive, int32_t reverse, const void* x,          \
                                  void* out, void* stream);                                   \
  /* out[i, idx[j], k] += updates[i, j, k] for contiguous updates [outer, m, inner] and out   \
     [outer, n, inner], deterministically (one thread per (i, k), j in order). Out-of-range   \
     indices set the bounds flag and are skipped. */                                          \
  DT_EXPORT int32_t dt_scatter_add_##S(int32_t outer, int32_t n, int32_t inner, int32_t m,    \
                                       int32_t idx_dtype, const void* updates,                \
                                       const void* idx, void* out, void* stream);             \
  /* out[b] = a[b] @ b[b]: a [batch, m, k], b [batch, k, n] with strides in mlayout =         \
     [a_offset, a_batch, a_row, a_col, b_offset, b_batch, b_row, b_col]; out contiguous.      \
     Floats accumulate in float64; integers wrap. */                                          \
  DT_EXPORT int32_t dt_matmul_##S(int32_t batch, int32_t m, int32_t n, int32_t k,             \
                                  const int32_t* mlayout, const void* a, const void* b,       \
                                  void* out, void* stream);                                   \
  /* im2col: the patches of the contiguous NHWC image x [n, h, w, c] as the contiguous out    \
     [n * oh * ow, kh * kw * c] (geometry: DT_CONV_*); taps in the padding are 0. */          \
  DT_EXPORT int32_t dt_im2col_##S(const int32_t* geom, const void* x, void* out,              \
                                  void* stream);                                              \
  /* col2im, the adjoint of im2col: each element (b, iy, ix, ch) of out [n, h, w, c] is the  \
     sum of the entries of cols [n * oh * ow, kh * kw * c] that im2col reads from it, added   \
     in the order of the patch rows (deterministic, no atomics); floats accumulate in float64 \
     and round once, integers wrap (bool as uint8). */                                        \
  DT_EXPORT int32_t dt_col2im_##S(const int32_t* geom, const void* cols, void* out,           \
                                  void* stream);

// Reductions' `rlayout`: x viewed with the kept axes first and the `reduced` trailing axes
// folded: [ndim, reduced, x_offset, 0, shape[8] at 4, strides[8] at 12]. Each output folds its
// elements in a fixed order (deterministic, no float atomics). Result dtype: sum, prod, max,
// min: the input's; mean: float32 for integer and bool input, else the input's; all, any: bool.
// Floats accumulate in float64 (sum, prod, mean); int32 sums and products wrap.
#define DT_RLAYOUT_NDIM 0
#define DT_RLAYOUT_REDUCED 1
#define DT_RLAYOUT_OFFSET 2
#define DT_RLAYOUT_SHAPE 4
#define DT_RLAYOUT_STRIDES 12
#define DT_RLAYOUT_SIZE 20

// The geometry `geom` of dt_im2col_<s> and dt_col2im_<s>: DT_CONV_SIZE int32 entries. Patch row
// (b, oy, ox) of cols holds the taps (ky, kx, ch) in row-major order; tap (ky, kx) reads pixel
// (iy, ix) = (oy * sh - top + ky * dh, ox * sw - left + kx * dw) of image b, or 0 where that is
// outside [0, h) x [0, w) (the padding; bottom and right follow from oh and ow). n, h, w, c, oh,
// ow, top, left >= 0; kh, kw, sh, sw, dh, dw >= 1; the image and the patches have fewer than 2^31
// elements (else DT_ERR_BAD_LAYOUT).
#define DT_CONV_N 0
#define DT_CONV_H 1
#define DT_CONV_W 2
#define DT_CONV_C 3
#define DT_CONV_KH 4
#define DT_CONV_KW 5
#define DT_CONV_SH 6     // strides
#define DT_CONV_SW 7
#define DT_CONV_DH 8     // dilations
#define DT_CONV_DW 9
#define DT_CONV_TOP 10   // padding before the first row and column
#define DT_CONV_LEFT 11
#define DT_CONV_OH 12    // output positions
#define DT_CONV_OW 13
#define DT_CONV_SIZE 14

DT_FOR_EACH_DTYPE(DT_DECLARE_FAMILIES)

// Strided copy of elements of `itemsize` bytes (1, 2, 4 or 8), strided in and out.
DT_EXPORT int32_t dt_copy(int32_t itemsize, int32_t n, const int32_t* layout, const void* x,
                          void* out, void* stream);
// Contiguous x [outer, n, inner] of `itemsize`-byte elements, indices [m] of idx_dtype
// (1 uint8, 2 int32, 3 int64), out [outer, m, inner]: out[i, j, k] = x[i, idx[j], k].
// Out-of-range indices set the bounds flag and write zero bytes.
DT_EXPORT int32_t dt_gather(int32_t itemsize, int32_t outer, int32_t n, int32_t inner,
                            int32_t m, int32_t idx_dtype, const void* x, const void* idx,
                            void* out, void* stream);
// Philox4x32-10 with key (key0, key1) as uint32 bits: block i has counter (i, 0, call, 0) and
// gives 4 words; the words of the stream are block 0's four, then block 1's, ... op 0 uniform in
// [a, b): float32 takes one word per value, (w >> 8) * 2^-24; float64 and the integer dtypes
// (2 int32, 3 int64) take two words (w0, w1) per value, u = ((w0 >> 5) * 2^26 + (w1 >> 6)) *
// 2^-53, integers store floor(a + u * (b - a)). op 1 normal with mean a and stddev b: word pairs
// (w0, w1) give u1 = ((w0 >> 8) + 1) * 2^-24, u2 = (w1 >> 8) * 2^-24, r = sqrt(-2 ln u1),
// values 2i and 2i+1 = a + b * r * cos(2 pi u2), a + b * r * sin(2 pi u2), in float64.
// The words, uniform values and float32 normals are the bits src/random.ts (the CPU) gives;
// float64 normals may differ in the last bit, where the C library's log/sin/cos and V8's do.
DT_EXPORT int32_t dt_random(int32_t op, int32_t dtype, int32_t n, int32_t key0, int32_t key1,
                            int32_t call, double a, double b, void* out, void* stream);

// Which op codes of a family have a kernel for a dtype (1 in *out): lets the TypeScript side
// fall back to the CPU for the others and lets a test check coverage. family: 0 unary,
// 1 binary, 2 reduce.
DT_EXPORT int32_t dt_supports(int32_t family, int32_t op, int32_t dtype, int32_t* out);

// ---- The native CPU library (libdenotensor_cpu*.so) -----------------------------------------
// The same sources built by g++ -DDT_CPU=1 for the CPU: the families above, dt_copy, dt_gather,
// dt_random, dt_supports and dt_error_string work on host memory (pass NULL as the stream), with
// the work of a call shared out over a thread pool when it is large. Only that library exports
// these three:
// out[0] = the x86-64 level the library was compiled for (1 baseline, 3 x86-64-v3 (AVX2),
// 4 x86-64-v4 (AVX-512); 0 other architectures), out[1] = the best level this CPU and OS
// support, out[2] = the pool's thread count, out[3] = the parallel threshold (below).
DT_EXPORT int32_t dt_cpu_info(int32_t* out);
// Sets the thread count (0: one per CPU this process may run on); not from inside a kernel.
DT_EXPORT int32_t dt_cpu_set_threads(int32_t n);
// Calls doing fewer than `work` element operations run on the calling thread alone (< 0: the
// default, 131072).
DT_EXPORT int32_t dt_cpu_set_parallel_min(int32_t work);

#endif
