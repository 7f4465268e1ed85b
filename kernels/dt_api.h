// The C interface of libdenotensor_cuda.so (nvcc: kernels on the GPU), of
// libdenotensor_cuda_emu.so (g++: the same sources, kernels run as host loops over host memory)
// and of libdenotensor_cpu*.so (g++ -DDT_CPU=1: the same sources on host memory, threaded).
// ffi/kernels.ts declares exactly these symbols for Deno.dlopen; src/backends/native_abi.ts is the
// one TypeScript driver that packs their arguments.
//
// Conventions
// - Every function returns an int32 status: 0 on success, else a cudaError_t value, or one of
//   the DT_ERR_* codes below. dt_error_string(code) describes any of them.
// - Op codes are indices in the TypeScript op tables (src/ops/unary.ts, binary.ts, reduce.ts,
//   ...); build.ts writes them to build/op_ids.h as DT_UNARY_<name>, DT_BINARY_<name>, ...,
//   together with the lists DT_UNARY_TABLE(X), DT_BINARY_TABLE(X) and DT_REDUCE_TABLE(X): one
//   X(suffix, op) per op and kernel dtype that the TypeScript side sends to the family. The
//   kernel sources generate their dispatch and dt_supports from those lists.
// - dtype codes are indices in DTYPES (src/dtype.ts):
//   0 bool (uint8 0/1), 1 uint8, 2 int32, 3 int64, 4 float16, 5 float32, 6 float64.
//   Kernel families have one function per dtype, named by suffix (DT_FOR_EACH_DTYPE).
// - Sizes are 64-bit. Element counts travel as double parameters, and shapes, strides, offsets
//   and extents in one double array per call (a "layout": DT_LAYOUT_*, DT_RLAYOUT_*,
//   DT_MLAYOUT_*, DT_CONV_*, DT_INDEX_*), read as int64: every entry must be an integer of
//   magnitude at most 2^53, else DT_ERR_BAD_LAYOUT. Byte counts are doubles too.
// - Strides and offsets are in elements; strides may be negative or zero. Layouts hold at most
//   DT_MAX_DIMS axes: the caller merges axes first and splits a view that still has more.
// - Extents: each operand's entry in the layout says how many elements, counted from the pointer
//   passed, the call may touch (the caller's allocation size; a negative extent skips the check).
//   Before anything runs, every element the offsets, shape and strides can reach is checked to
//   lie in [0, extent): a bad layout returns DT_ERR_OUT_OF_BOUNDS and touches no memory.
// - Index arithmetic is 64-bit; the host picks a 32-bit path for the index decomposition of
//   strided kernels when the element count allows (as PyTorch's canUse32BitIndexMath).
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

// The double array `layout` of the elementwise families (unary, binary, where, cast, copy,
// fill): ndim, flags, an element offset and an extent per operand, the shape, the strides per
// operand, and an int64 scalar. Operands are numbered inputs first, output last: unary (x, out),
// binary (a, b, out), where (cond, a, b, out), cast and copy (x, out), fill (out). With
// DT_FLAG_CONTIGUOUS every operand is contiguous from its offset: shape[0] is the element count
// and the strides are unused.
#define DT_LAYOUT_NDIM 0
#define DT_LAYOUT_FLAGS 1
#define DT_LAYOUT_OFFSET 2    // 4 entries: operand k's offset at DT_LAYOUT_OFFSET + k
#define DT_LAYOUT_EXTENT 6    // 4 entries: operand k's extent at DT_LAYOUT_EXTENT + k
#define DT_LAYOUT_SHAPE 10    // DT_MAX_DIMS entries
#define DT_LAYOUT_STRIDES 18  // 4 x DT_MAX_DIMS entries: operand k at DT_LAYOUT_STRIDES + 8 * k
#define DT_LAYOUT_I64 50      // 2 entries: an int64 scalar as its low 32 bits (0 .. 2^32 - 1)
                              // and its high 32 bits (signed), for binary and fill on int64
#define DT_LAYOUT_SIZE 52
#define DT_FLAG_CONTIGUOUS 1

// The double array `rlayout` of the reductions (reduce, arg_reduce, cumsum): x viewed with the
// kept axes first and the `reduced` trailing axes folded; out is contiguous from its pointer
// (reduce, arg_reduce: `outer` elements; cumsum: outer * inner).
#define DT_RLAYOUT_NDIM 0
#define DT_RLAYOUT_REDUCED 1
#define DT_RLAYOUT_OFFSET 2      // x's offset
#define DT_RLAYOUT_EXTENT 3      // x's extent
#define DT_RLAYOUT_OUT_EXTENT 4  // out's extent
#define DT_RLAYOUT_SHAPE 5       // DT_MAX_DIMS entries
#define DT_RLAYOUT_STRIDES 13    // DT_MAX_DIMS entries
#define DT_RLAYOUT_SIZE 21

// The double array `mlayout` of dt_matmul_<s>: out[b] = a[b] @ b[b] for a [batch, m, k] and
// b [batch, k, n] strided (batch strides may be 0), out [batch, m, n] contiguous from its pointer.
#define DT_MLAYOUT_BATCH 0
#define DT_MLAYOUT_M 1
#define DT_MLAYOUT_N 2
#define DT_MLAYOUT_K 3
#define DT_MLAYOUT_A_OFFSET 4
#define DT_MLAYOUT_A_BATCH 5  // a's strides: batch, row, column
#define DT_MLAYOUT_A_ROW 6
#define DT_MLAYOUT_A_COL 7
#define DT_MLAYOUT_B_OFFSET 8
#define DT_MLAYOUT_B_BATCH 9
#define DT_MLAYOUT_B_ROW 10
#define DT_MLAYOUT_B_COL 11
#define DT_MLAYOUT_A_EXTENT 12
#define DT_MLAYOUT_B_EXTENT 13
#define DT_MLAYOUT_OUT_EXTENT 14
#define DT_MLAYOUT_SIZE 15

// The double array `geom` of dt_im2col_<s> and dt_col2im_<s>. Patch row (b, oy, ox) of cols
// [n * oh * ow, kh * kw * c] holds the taps (ky, kx, ch) in row-major order; tap (ky, kx) reads
// pixel (iy, ix) = (oy * sh - top + ky * dh, ox * sw - left + kx * dw) of image b of the NHWC
// image [n, h, w, c], or 0 where that is outside [0, h) x [0, w) (the padding; bottom and right
// follow from oh and ow). n, h, w, c, oh, ow, top, left >= 0; kh, kw, sh, sw, dh, dw >= 1. Both
// the image and the patches are contiguous from their pointers.
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
#define DT_CONV_IN_EXTENT 14   // the input's extent (im2col: the image; col2im: the patches)
#define DT_CONV_OUT_EXTENT 15  // the output's extent
#define DT_CONV_SIZE 16

// The double array `dims` of dt_gather and dt_scatter_add_<s>, all operands contiguous from
// their pointers: gather reads src [outer, n, inner] and writes out [outer, m, inner];
// scatter_add reads src (the updates) [outer, m, inner] and adds into out [outer, n, inner];
// idx holds m indices.
#define DT_INDEX_OUTER 0
#define DT_INDEX_N 1
#define DT_INDEX_INNER 2
#define DT_INDEX_M 3
#define DT_INDEX_SRC_EXTENT 4
#define DT_INDEX_IDX_EXTENT 5
#define DT_INDEX_OUT_EXTENT 6
#define DT_INDEX_SIZE 7

// Status codes of our own (cudaError_t values are below 1000).
#define DT_ERR_BAD_OP 1001         // op code unknown to this family, or not defined for the dtype
#define DT_ERR_BAD_DTYPE 1002      // dtype code unknown or not supported by this function
#define DT_ERR_BAD_LAYOUT 1003     // ndim outside [1, DT_MAX_DIMS], a negative size, an entry
                                   // that is not an integer of magnitude <= 2^53, sizes that do
                                   // not match the element count, a reach or a conv tap position
                                   // that overflows int64, bad int64 scalar words, or a
                                   // scalar_side outside 0..2
#define DT_ERR_NO_DEVICE 1004      // no CUDA device (the GPU build without a driver or device)
#define DT_ERR_OUT_OF_BOUNDS 1005  // the layout reaches outside an operand's extent
#define DT_ERR_OLD_DRIVER 1006     // the NVIDIA driver is older than the CUDA runtime the library
                                   // was built with (cudaErrorInsufficientDriver)

// ---- Runtime --------------------------------------------------------------------------------
DT_EXPORT int32_t dt_runtime_version(int32_t* out);      // cudaRuntimeGetVersion (emu: 13000)
DT_EXPORT int32_t dt_driver_version(int32_t* out);       // cudaDriverGetVersion (emu: 0)
// The compute capabilities (major * 10 + minor) the library has kernels for: out[0] = the PTX
// that the driver can compile for any later GPU (0: none), out[1..] = the SASS images (a GPU of
// the same major and an equal or higher minor runs one); *count = entries written (<= cap).
// The emulation library reports the GPU library's list.
DT_EXPORT int32_t dt_kernel_archs(int32_t* out, int32_t cap, int32_t* count);
DT_EXPORT int32_t dt_is_emulation(int32_t* out);         // 1 for the emulation library
DT_EXPORT int32_t dt_device_count(int32_t* out);         // emu: 1
DT_EXPORT int32_t dt_set_device(int32_t device);
// Writes the device name (NUL-terminated, truncated to len) into buf.
DT_EXPORT int32_t dt_device_name(int32_t device, char* buf, int32_t len);
// out[0..3] = compute capability major, minor, multiprocessor count, warp size.
DT_EXPORT int32_t dt_device_props(int32_t device, int32_t* out);
// out[0] = free bytes, out[1] = total bytes of the current device (emu: host memory).
DT_EXPORT int32_t dt_mem_info(double* out);
// *out = a new device allocation of `bytes` (cudaMalloc; emu: aligned host memory).
DT_EXPORT int32_t dt_malloc(void** out, double bytes);
DT_EXPORT int32_t dt_free(void* ptr);
DT_EXPORT int32_t dt_memcpy_htod(void* dst, const void* src, double bytes, void* stream);
// Synchronous: returns when the bytes are in host memory.
DT_EXPORT int32_t dt_memcpy_dtoh(void* dst, const void* src, double bytes, void* stream);
DT_EXPORT int32_t dt_memcpy_dtod(void* dst, const void* src, double bytes, void* stream);
// A tensor's download: copies `bytes` to dst, then (flag not NULL) reads and clears the bounds
// flag into flag[0..2] as dt_check_flag does, both in `stream` order, and waits for exactly
// these copies (an event, not the whole stream; no copy on the legacy default stream).
DT_EXPORT int32_t dt_download(void* dst, const void* src, double bytes, void* stream,
                              double* flag);
DT_EXPORT int32_t dt_stream_create(void** out);
DT_EXPORT int32_t dt_stream_destroy(void* stream);
DT_EXPORT int32_t dt_stream_sync(void* stream);
// A static description of a status code (ours or CUDA's).
DT_EXPORT const char* dt_error_string(int32_t code);
// Synchronises `stream`, then out[0] = the bounds flag (0 none, 1 an index was out of range),
// out[1] = the first offending index value, out[2] = the valid range's length; clears the flag.
DT_EXPORT int32_t dt_check_flag(void* stream, double* out);

// ---- Kernel families: one exported function per family and dtype -----------------------------
// The dtype suffixes: b8 (bool as uint8 0/1), u8, i32, i64, f32, f64. float16 has no kernels:
// the TypeScript side runs float16 ops on the CPU (soft placement).
#define DT_FOR_EACH_DTYPE(X) X(b8, 0) X(u8, 1) X(i32, 2) X(i64, 3) X(f32, 5) X(f64, 6)

#define DT_DECLARE_FAMILIES(S, CODE)                                                          \
  /* out = op(x). out has the dtype of x, except for the predicates (logicalNot, isNan,      \
     isFinite, isInf), whose out is bool. n = number of elements. */                          \
  DT_EXPORT int32_t dt_unary_##S(int32_t op, double n, const double* layout, const void* x,   \
                                 void* out, void* stream);                                    \
  /* out = op(a, b); out has the dtype, or bool for comparisons and logical ops. scalar_side  \
     1: a is `scalar` (a ignored), 2: b is; int64 scalars come from layout[DT_LAYOUT_I64]. */ \
  DT_EXPORT int32_t dt_binary_##S(int32_t op, double n, const double* layout, const void* a,  \
                                  const void* b, double scalar, int32_t scalar_side,           \
                                  void* out, void* stream);                                    \
  /* out = cond ? a : b; cond is bool. */                                                     \
  DT_EXPORT int32_t dt_where_##S(double n, const double* layout, const void* cond,            \
                                 const void* a, const void* b, void* out, void* stream);      \
  /* out (dtype code `to`) = x converted with the numeric rules: float to int truncates toward \
     zero and saturates, NaN gives 0; int to int wraps; to bool is != 0. */                   \
  DT_EXPORT int32_t dt_cast_##S(int32_t to, double n, const double* layout, const void* x,    \
                                void* out, void* stream);                                     \
  /* Every element of the strided out = value (int64: layout[DT_LAYOUT_I64]). */              \
  DT_EXPORT int32_t dt_fill_##S(double n, const double* layout, double value, void* out,      \
                                void* stream);                                                \
  /* out[i] = start + i * delta computed in float64, for the n elements of a contiguous out   \
     whose extent is `extent`. */                                                             \
  DT_EXPORT int32_t dt_range_##S(double n, double start, double delta, double extent,         \
                                 void* out, void* stream);                                    \
  /* Reduction (see DT_RLAYOUT_*): out has `outer` elements, each folds `inner`. Each output  \
     folds its elements in a fixed order (deterministic, no float atomics). Result dtype: sum, \
     prod, max, min: the input's; mean: float32 for integer and bool input, else the input's; \
     all, any: bool. Floats accumulate in float64 (sum, prod, mean); int32 sums and products  \
     wrap. */                                                                                 \
  DT_EXPORT int32_t dt_reduce_##S(int32_t op, double outer, double inner,                     \
                                  const double* rlayout, const void* x, void* out,            \
                                  void* stream);                                              \
  /* Index of the max (op 0) or min (op 1) along the last axis; out int32 (out_dtype 2) or    \
     int64 (3); the first on ties; NaN wins. */                                               \
  DT_EXPORT int32_t dt_arg_reduce_##S(int32_t op, int32_t out_dtype, double outer,            \
                                      double inner, const double* rlayout, const void* x,     \
                                      void* out, void* stream);                               \
  /* Cumulative sum along the last axis into contiguous out [outer, inner]; partial sums are  \
     rounded or wrapped to the dtype at every step. */                                        \
  DT_EXPORT int32_t dt_cumsum_##S(double outer, double inner, const double* rlayout,          \
                                  int32_t exclusive, int32_t reverse, const void* x,          \
                                  void* out, void* stream);                                   \
  /* out[i, idx[j], k] += src[i, j, k] (DT_INDEX_*), deterministically (one thread per (i, k), \
     j in order). Out-of-range indices set the bounds flag and are skipped. */                \
  DT_EXPORT int32_t dt_scatter_add_##S(int32_t idx_dtype, const double* dims,                 \
                                       const void* src, const void* idx, void* out,           \
                                       void* stream);                                         \
  /* Batched matrix product (DT_MLAYOUT_*). Floats accumulate in float64; integers wrap. */   \
  DT_EXPORT int32_t dt_matmul_##S(const double* mlayout, const void* a, const void* b,        \
                                  void* out, void* stream);                                   \
  /* im2col: the patches of the NHWC image x as the matrix out (DT_CONV_*); taps in the       \
     padding are 0. */                                                                        \
  DT_EXPORT int32_t dt_im2col_##S(const double* geom, const void* x, void* out,               \
                                  void* stream);                                              \
  /* col2im, the adjoint of im2col: each element (b, iy, ix, ch) of out [n, h, w, c] is the  \
     sum of the entries of cols [n * oh * ow, kh * kw * c] that im2col reads from it, added   \
     in the order of the patch rows (deterministic, no atomics); floats accumulate in float64 \
     and round once, integers wrap (bool as uint8). */                                        \
  DT_EXPORT int32_t dt_col2im_##S(const double* geom, const void* cols, void* out,            \
                                  void* stream);

DT_FOR_EACH_DTYPE(DT_DECLARE_FAMILIES)

// Strided copy of elements of `itemsize` bytes (1, 2, 4 or 8), strided in and out.
DT_EXPORT int32_t dt_copy(int32_t itemsize, double n, const double* layout, const void* x,
                          void* out, void* stream);
// out[i, j, k] = src[i, idx[j], k] for elements of `itemsize` bytes and indices of idx_dtype
// (1 uint8, 2 int32, 3 int64), DT_INDEX_*. Out-of-range indices set the bounds flag and write
// zero bytes.
DT_EXPORT int32_t dt_gather(int32_t itemsize, int32_t idx_dtype, const double* dims,
                            const void* src, const void* idx, void* out, void* stream);
// Philox4x32-10 with key (key0, key1) as uint32 bits: block i has counter (i mod 2^32,
// i div 2^32, call, 0) and gives 4 words; the words of the stream are block 0's four, then
// block 1's, ... op 0 uniform in [a, b): float32 takes one word per value, (w >> 8) * 2^-24;
// float64 and the integer dtypes (2 int32, 3 int64) take two words (w0, w1) per value,
// u = ((w0 >> 5) * 2^26 + (w1 >> 6)) * 2^-53, integers store floor(a + u * (b - a)). op 1 normal
// with mean a and stddev b: word pairs (w0, w1) give u1 = ((w0 >> 8) + 1) * 2^-24,
// u2 = (w1 >> 8) * 2^-24, r = sqrt(-2 ln u1), values 2i and 2i+1 = a + b * r * cos(2 pi u2),
// a + b * r * sin(2 pi u2), in float64. n values go to a contiguous out of `extent` elements.
// The words, uniform values and float32 normals are the bits src/random.ts (the CPU) gives;
// float64 normals may differ in the last bit, where the C library's log/sin/cos and V8's do.
DT_EXPORT int32_t dt_random(int32_t op, int32_t dtype, double n, int32_t key0, int32_t key1,
                            int32_t call, double a, double b, double extent, void* out,
                            void* stream);

// Which op codes of a family have a kernel for a dtype (1 in *out): the TypeScript side checks
// that every (op, dtype) its tables promise is there. family: 0 unary, 1 binary, 2 reduce.
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
DT_EXPORT int32_t dt_cpu_set_parallel_min(double work);
// NumPy's float summation order for the `np` namespace (kernels/np_sum.cu), float32 (dtype 5)
// or float64 (6) on contiguous x: dt_np_sum_rows gives out[r] = 0 + pairwise(row r) over `rows`
// rows of n elements; dt_np_sum_cols gives out[j] = sum over the rows in order of x[r * n + j].
// x must hold rows * n elements within x_extent, out its results within out_extent.
DT_EXPORT int32_t dt_np_sum_rows(int32_t dtype, double rows, double n, const void* x,
                                 double x_extent, void* out, double out_extent);
DT_EXPORT int32_t dt_np_sum_cols(int32_t dtype, double rows, double n, const void* x,
                                 double x_extent, void* out, double out_extent);
// NumPy's max/min and argmax/argmin of float32/float64 rows (kernels/np_extremum.cu), rows × n
// contiguous, n > 0: dt_np_extremum_rows gives out[r] = maximum.reduce of row r (minimum.reduce
// when max is 0): its first NaN, else the extremum with the sign of the row's last zero when it
// is zero; dt_np_argextremum_rows the int64 index of the row's first NaN, else of its first
// extremum. The extents as for dt_np_sum_rows.
DT_EXPORT int32_t dt_np_extremum_rows(int32_t dtype, int32_t max, double rows, double n,
                                      const void* x, double x_extent, void* out,
                                      double out_extent);
DT_EXPORT int32_t dt_np_argextremum_rows(int32_t dtype, int32_t max, double rows, double n,
                                         const void* x, double x_extent, int64_t* out,
                                         double out_extent);
// NumPy's stable sort order for the `np` namespace (kernels/np_sort.cu), float32 (dtype 5),
// float64 (6), int32 (2) or int64 (3): each of `rows` contiguous rows of n elements of x sorted
// ascending into the same row of out, stably, NaNs last in their original order, -0.0 equal to
// +0.0, every element moved bit for bit. x and out hold rows * n elements within their extents
// and must not overlap (else status 1, invalid argument); scratch memory is malloc'd (status 2,
// out of memory, when that fails). Long rows are shared over the pool.
DT_EXPORT int32_t dt_np_sort_rows(int32_t dtype, double rows, double n, const void* x,
                                  double x_extent, void* out, double out_extent);

#endif
