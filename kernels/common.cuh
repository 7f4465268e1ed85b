// Shared by every kernel source: the macros that let one .cu file build both as CUDA (nvcc) and
// as the host-memory emulation library (g++ -x c++), the dtype typedefs, the layout readers and
// the extent check (every size of the interface a validated int64, every operand's reach checked
// before a launch), the strided layout helpers with their 32-bit index path, dtype-overloaded
// math helpers that follow API.md's numeric rules (and the CPU backend,
// src/backends/cpu/scalar.ts) bit for bit where those define a result, the bounds flag and the
// key of the generated op tables.
//
// Three builds of the same sources: nvcc (DT_GPU), g++ for the emulation library (host loops,
// single-threaded) and g++ -DDT_CPU=1 for the native CPU library (libdenotensor_cpu*.so: the
// host loops split over a thread pool above a size threshold, vectorised by the compiler, float32
// exp/log/tanh/sigmoid computed in float64 by branch-free code that vectorises).
//
// The macros (see DESIGN.md "Native code and FFI"):
//   DT_HD                       __host__ __device__ __forceinline__, or inline for the host
//   DT_DEV                      __device__ __forceinline__ (helpers that read the thread index),
//                               or inline for the host
//   DT_KERNEL                   __global__, or static
//   DT_GRID_STRIDE(i, n)        a grid-stride loop over [0, n); on the host a plain loop (CPU
//                               build: over this thread's contiguous share of [0, n))
//   DT_LAUNCH(kernel, n, stream, ...)  kernel<<<blocks for n, DT_BLOCK, 0, stream>>>(...), or a
//                               direct call (CPU build: on every pool thread when n is large);
//                               nothing is launched for n <= 0. `kernel` must not contain a
//                               comma: launchers alias their parameters first.
//   DT_LAUNCH_WORK(kernel, n, work, stream, ...)  as DT_LAUNCH for kernels whose n items cost
//                               `work` element operations in all (rows of a reduction): the CPU
//                               build splits the n items when `work` is large
//   DT_LAUNCH_STATUS()          the launch status (cudaGetLastError), or 0
//   DT_VEC_LOADS                1 where the contiguous kernels load DtVec groups (GPU, emulation),
//                               0 in the CPU build (plain loops vectorise better there)
//   DT_PARAM(T)                 a kernel's layout struct parameter: T on the GPU, const T& on
//                               the host
//   dt_strided_for<K>(n, L, f)  f(off) for the K operand offsets of every index of a strided
//                               layout, in the grid-stride pattern (CPU build: row by row)
//
// The layout helpers of every family: on the host, before anything is launched,
//   dt_int, dt_ints, dt_count   a double entry as an int64 (an integer of magnitude <= 2^53)
//   dt_read_layout, dt_read_rlayout  read and validate a layout, then check every operand's reach
//   dt_check_reach, dt_check_span    the extent check (DT_ERR_OUT_OF_BOUNDS), overflow-checked;
// in the kernels,
//   dt_unravel(i, idx32, ...)   a row-major index's coordinates, by 32-bit division when the host
//                               set the layout's idx32 flag (else 64-bit)
#ifndef DT_COMMON_CUH
#define DT_COMMON_CUH

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dt_api.h"
#include "op_ids.h"

#if defined(__CUDACC__)
#include <cuda_runtime.h>
#define DT_GPU 1
#else
#define DT_GPU 0
#endif
#ifndef DT_CPU
#define DT_CPU 0
#endif
#if DT_GPU && DT_CPU
#error "DT_CPU is a host build: compile it with g++, not nvcc"
#endif

#if DT_CPU
// ---- the CPU build's thread pool (kernels/cpu.cu) -------------------------------------------
// dt_cpu_run(work, task, ctx) calls task(ctx) once on each pool thread, the caller included,
// with dt_cpu_share set to (thread index, thread count), and returns when every call has
// returned. Below the parallel threshold (dt_cpu_set_parallel_min; element operations of work),
// inside a task, or with one thread, it calls task(ctx) once on the caller with the share (0, 1).
struct DtCpuShare {
  int32_t tid;
  int32_t nthreads;
};
extern __thread DtCpuShare dt_cpu_share;
typedef void (*DtCpuTask)(void* ctx);
void dt_cpu_run(int64_t work, DtCpuTask task, void* ctx);
template <class F>
static void dt_cpu_thunk(void* ctx) {
  (*static_cast<F*>(ctx))();
}
template <class F>
static inline void dt_cpu_launch(int64_t work, F f) {
  dt_cpu_run(work, &dt_cpu_thunk<F>, &f);
}
// The calling thread's share [begin, end) of [0, n): boundaries on multiples of 16 items.
static inline int64_t dt_cpu_share_begin(int64_t n) {
  const DtCpuShare s = dt_cpu_share;
  if (s.nthreads <= 1 || s.tid == 0) return 0;
  const int64_t b = (n * s.tid / s.nthreads) & ~(int64_t)15;
  return b < n ? b : n;
}
static inline int64_t dt_cpu_share_end(int64_t n) {
  const DtCpuShare s = dt_cpu_share;
  if (s.nthreads <= 1 || s.tid == s.nthreads - 1) return n;
  const int64_t e = (n * (s.tid + 1) / s.nthreads) & ~(int64_t)15;
  return e < n ? e : n;
}
#endif

#if DT_GPU
#define DT_UNROLL _Pragma("unroll")
#define DT_NO_UNROLL _Pragma("unroll 1")
#else
#define DT_UNROLL
#define DT_NO_UNROLL
#endif

#define DT_BLOCK 256
#define DT_MAX_BLOCKS 65535

// How a kernel takes a layout struct (DtLayout, DtRLayout, DtConv): on the GPU a
// __grid_constant__ kernel parameter (read in place from parameter memory, even where a loop
// indexes its arrays, instead of being copied to local memory per thread), by const reference on
// the host, where a launch is a call and copying a DtLayout (360 bytes) would cost a tiny
// strided op a third of its time.
#if DT_GPU
#define DT_PARAM(T) __grid_constant__ const T
#else
#define DT_PARAM(T) const T&
#endif

#if DT_GPU
#define DT_HD __host__ __device__ __forceinline__
#define DT_KERNEL __global__
#define DT_GRID_STRIDE(i, n)                                                             \
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (int64_t)(n);   \
       i += (int64_t)blockDim.x * gridDim.x)
#define DT_LAUNCH(kernel, n, stream, ...)                                                \
  do {                                                                                   \
    if ((int64_t)(n) > 0) {                                                              \
      DT_NOTE_LAUNCH(kernel, dt_blocks((int64_t)(n)));                                   \
      kernel<<<dt_blocks((int64_t)(n)), DT_BLOCK, 0, (cudaStream_t)(stream)>>>(__VA_ARGS__); \
    }                                                                                    \
  } while (0)
#define DT_LAUNCH_BLOCKS(kernel, grid, stream, ...)                                      \
  do {                                                                                   \
    if ((int64_t)(grid) > 0) {                                                           \
      DT_NOTE_LAUNCH(kernel, grid);                                                      \
      kernel<<<(unsigned)(grid), DT_BLOCK, 0, (cudaStream_t)(stream)>>>(__VA_ARGS__);    \
    }                                                                                    \
  } while (0)
#define DT_LAUNCH_STATUS() dt_status(cudaGetLastError())
#define DT_DEV __device__ __forceinline__
#define DT_LAUNCH_WORK(kernel, n, work, stream, ...) DT_LAUNCH(kernel, n, stream, __VA_ARGS__)
#define DT_VEC_LOADS 1
#elif DT_CPU
// The native CPU library: a launch runs the kernel on every thread of a small pool (the caller is
// thread 0) when the work is large enough, and DT_GRID_STRIDE walks the thread's contiguous share
// of [0, n) (a multiple of 16 items, so each share vectorises and owns whole cache lines).
#define DT_HD inline __attribute__((always_inline))
#define DT_DEV inline __attribute__((always_inline))
#define DT_KERNEL static
#define DT_GRID_STRIDE(i, n)                                                             \
  for (int64_t i = dt_cpu_share_begin((int64_t)(n)), i##_stop = dt_cpu_share_end((int64_t)(n)); \
       i < i##_stop; ++i)
#define DT_LAUNCH(kernel, n, stream, ...) DT_LAUNCH_WORK(kernel, n, n, stream, __VA_ARGS__)
#define DT_LAUNCH_WORK(kernel, n, work, stream, ...)                                     \
  do {                                                                                   \
    (void)(stream);                                                                      \
    if ((int64_t)(n) > 0) dt_cpu_launch((int64_t)(work), [&]() { kernel(__VA_ARGS__); }); \
  } while (0)
#define DT_LAUNCH_STATUS() 0
#define DT_VEC_LOADS 0
#else
#define DT_HD inline __attribute__((always_inline))
#define DT_DEV inline __attribute__((always_inline))
#define DT_KERNEL static
#define DT_GRID_STRIDE(i, n) for (int64_t i = 0; i < (int64_t)(n); ++i)
#define DT_LAUNCH(kernel, n, stream, ...)                                                \
  do {                                                                                   \
    (void)(stream);                                                                      \
    if ((int64_t)(n) > 0) {                                                              \
      DT_NOTE_LAUNCH(kernel, dt_blocks((int64_t)(n)));                                   \
      kernel(__VA_ARGS__);                                                               \
    }                                                                                    \
  } while (0)
#define DT_LAUNCH_WORK(kernel, n, work, stream, ...) DT_LAUNCH(kernel, n, stream, __VA_ARGS__)
#define DT_LAUNCH_STATUS() 0
#define DT_VEC_LOADS 1
#endif

// cudaError_t values the emulation build returns (the same numbers as the CUDA runtime's).
#define DT_CUDA_SUCCESS 0
#define DT_CUDA_INVALID_VALUE 1
#define DT_CUDA_MEMORY_ALLOCATION 2
#define DT_CUDA_INVALID_DEVICE 101

#if DT_CPU
// The checks of the `np` row kernels (np_sum.cu, np_extremum.cu): rows, n and the extents are
// exact non-negative integers up to 2^53; x holds rows * n elements within x_extent, out
// `out_len` within out_extent; neither pointer is null.
static inline bool dt_np_count(double v) {
  return v >= 0 && v <= 9007199254740992.0 && v == (double)(int64_t)v;
}
static inline int32_t dt_np_rows_check(double rows, double n, const void* x, double x_extent,
                                       const void* out, double out_len, double out_extent) {
  if (!dt_np_count(rows) || !dt_np_count(n) || !dt_np_count(x_extent) ||
      !dt_np_count(out_extent)) {
    return DT_ERR_BAD_LAYOUT;
  }
  if (x == NULL || out == NULL) return DT_CUDA_INVALID_VALUE;
  if (rows * n > x_extent || out_len > out_extent) return DT_ERR_OUT_OF_BOUNDS;
  return 0;
}
#endif

// ---- dtypes ---------------------------------------------------------------------------------
// The suffix of a family function, its dtype code (from build/op_ids.h) and its element type.
#define DT_CODE_b8 DT_DTYPE_bool
#define DT_CODE_u8 DT_DTYPE_uint8
#define DT_CODE_i32 DT_DTYPE_int32
#define DT_CODE_i64 DT_DTYPE_int64
#define DT_CODE_f32 DT_DTYPE_float32
#define DT_CODE_f64 DT_DTYPE_float64
typedef uint8_t dt_ctype_b8;  // bool: 0 or 1
typedef uint8_t dt_ctype_u8;
typedef int32_t dt_ctype_i32;
typedef int64_t dt_ctype_i64;
typedef float dt_ctype_f32;
typedef double dt_ctype_f64;

// dt_api.h's suffix list and build/op_ids.h's dtype codes must agree.
#define DT_CHECK_CODE(S, CODE) static_assert(CODE == DT_CODE_##S, "dtype code of " #S);
DT_FOR_EACH_DTYPE(DT_CHECK_CODE)
#undef DT_CHECK_CODE

// ---- launch helpers (host) ------------------------------------------------------------------
static inline unsigned dt_blocks(int64_t n) {
  int64_t b = (n + DT_BLOCK - 1) / DT_BLOCK;
  return (unsigned)(b < 1 ? 1 : b > DT_MAX_BLOCKS ? DT_MAX_BLOCKS : b);
}

// ---- scratch memory ---------------------------------------------------------------------------
// A call's intermediate buffers (the partials of a two-pass reduction or scan, a sort's keys):
// stream-ordered on the GPU (cudaMallocAsync / cudaFreeAsync: the memory goes back once the
// kernels queued before the free have run, without a synchronisation), host memory in the host
// builds. dt_scratch_alloc returns a status (out of memory: DT_CUDA_MEMORY_ALLOCATION).
int32_t dt_scratch_alloc(void** out, size_t bytes, void* stream);
void dt_scratch_free(void* p, void* stream);

// ---- the launch log -------------------------------------------------------------------------
// With DENOTENSOR_LAUNCH_LOG=1 in the environment, the GPU and emulation libraries print one
// line per kernel launch to stderr: "denotensor launch <kernel> grid=<blocks> block=<threads>"
// (the emulation library prints the grid the GPU library launches for the same call). Tests read
// it to check a kernel's parallelism without a GPU. runtime.cu defines the two functions.
#if DT_CPU
#define DT_NOTE_LAUNCH(kernel, grid) \
  do {                               \
  } while (0)
#else
bool dt_launch_logging();
void dt_launch_note(const char* kernel, int64_t grid, int32_t block);
#define DT_NOTE_LAUNCH(kernel, grid)                                               \
  do {                                                                             \
    if (dt_launch_logging()) dt_launch_note(#kernel, (int64_t)(grid), DT_BLOCK);   \
  } while (0)
#endif

// ---- block-cooperative kernels ----------------------------------------------------------------
// A kernel launched with DT_LAUNCH_BLOCKS(kernel, grid, stream, ...) runs as `grid` blocks of
// DT_BLOCK threads. It finds its block with dt_block_index() / dt_grid_blocks() and cooperates
// only through the helpers below, whose thread-level steps are lambdas of the thread index: on
// the GPU each thread runs its own step (shared memory and barriers in between); on the host a
// launch is a loop over the blocks and each helper a loop over the DT_BLOCK threads, in the same
// grouping, so the emulation library computes what the GPU computes, bit for bit, and exercises
// the same grid. Every thread of a block must call a helper (no divergent calls); after a helper
// returns, code that must run once per block tests dt_block_leader().
//   dt_block_fold(share, combine)   share(t) of every thread combined by an order-preserving tree
//                                   (combine(left, right)); every thread gets the result
//   dt_block_scan(value, combine, init, apply)  apply(t, exclusive prefix of thread t, total) for
//                                   every thread: a Hillis-Steele scan of value(t) over the block
//   dt_warp_rows(f)                 f(w) for each of the block's DT_WARPS warps (w = warp index)
//   dt_warp_fold(share, combine)    inside dt_warp_rows: share(lane) of a warp's 32 lanes
//                                   combined by an order-preserving tree; every lane gets it
#define DT_WARP 32
#define DT_WARPS (DT_BLOCK / DT_WARP)
#if DT_GPU
#define DT_BLOCK_KERNEL __global__ __launch_bounds__(DT_BLOCK)
__device__ __forceinline__ int64_t dt_block_index() { return (int64_t)blockIdx.x; }
__device__ __forceinline__ int64_t dt_grid_blocks() { return (int64_t)gridDim.x; }
__device__ __forceinline__ bool dt_block_leader() { return threadIdx.x == 0; }

template <class Acc, class Share, class Combine>
__device__ Acc dt_block_fold(Share share, Combine combine) {
  __shared__ Acc sh[DT_BLOCK];
  const int t = threadIdx.x;
  sh[t] = share(t);
  __syncthreads();
  for (int w = 1; w < DT_BLOCK; w <<= 1) {
    if ((t & (2 * w - 1)) == 0) sh[t] = combine(sh[t], sh[t + w]);
    __syncthreads();
  }
  const Acc r = sh[0];
  __syncthreads();  // the next call may reuse sh
  return r;
}

template <class Acc, class Value, class Combine, class Apply>
__device__ void dt_block_scan(Value value, Combine combine, Acc init, Apply apply) {
  __shared__ Acc sh[2][DT_BLOCK];
  const int t = threadIdx.x;
  int cur = 0;
  sh[0][t] = value(t);
  __syncthreads();
  for (int w = 1; w < DT_BLOCK; w <<= 1) {
    sh[cur ^ 1][t] = t >= w ? combine(sh[cur][t - w], sh[cur][t]) : sh[cur][t];
    cur ^= 1;
    __syncthreads();
  }
  const Acc before = t == 0 ? init : combine(init, sh[cur][t - 1]);
  const Acc total = sh[cur][DT_BLOCK - 1];
  __syncthreads();  // the next call may reuse sh
  apply(t, before, total);
}

template <class F>
__device__ __forceinline__ void dt_warp_rows(F f) {
  f((int)(threadIdx.x / DT_WARP));
}

template <class Acc, class Share, class Combine>
__device__ Acc dt_warp_fold(Share share, Combine combine) {
  __shared__ Acc sh[DT_BLOCK];
  const int t = threadIdx.x, lane = t % DT_WARP, base = t - lane;
  sh[t] = share(lane);
  __syncwarp();
  for (int w = 1; w < DT_WARP; w <<= 1) {
    if ((lane & (2 * w - 1)) == 0) sh[t] = combine(sh[t], sh[t + w]);
    __syncwarp();
  }
  const Acc r = sh[base];
  __syncwarp();
  return r;
}
#else
#define DT_BLOCK_KERNEL static
struct DtHostBlock {
  int64_t index;
  int64_t count;
};
inline thread_local DtHostBlock dt_host_block = {0, 1};
inline int64_t dt_block_index() { return dt_host_block.index; }
inline int64_t dt_grid_blocks() { return dt_host_block.count; }
inline bool dt_block_leader() { return true; }
#define DT_LAUNCH_BLOCKS(kernel, grid, stream, ...)                                      \
  do {                                                                                   \
    (void)(stream);                                                                      \
    const int64_t dt_grid_ = (int64_t)(grid);                                            \
    if (dt_grid_ > 0) DT_NOTE_LAUNCH(kernel, dt_grid_);                                  \
    for (int64_t dt_b_ = 0; dt_b_ < dt_grid_; ++dt_b_) {                                 \
      dt_host_block.index = dt_b_;                                                       \
      dt_host_block.count = dt_grid_;                                                    \
      kernel(__VA_ARGS__);                                                               \
    }                                                                                    \
    dt_host_block.index = 0;                                                             \
    dt_host_block.count = 1;                                                             \
  } while (0)

template <class Acc, class Share, class Combine>
Acc dt_block_fold(Share share, Combine combine) {
  Acc sh[DT_BLOCK];
  for (int t = 0; t < DT_BLOCK; ++t) sh[t] = share(t);
  for (int w = 1; w < DT_BLOCK; w <<= 1) {
    for (int t = 0; t < DT_BLOCK; t += 2 * w) sh[t] = combine(sh[t], sh[t + w]);
  }
  return sh[0];
}

template <class Acc, class Value, class Combine, class Apply>
void dt_block_scan(Value value, Combine combine, Acc init, Apply apply) {
  Acc sh[2][DT_BLOCK];
  int cur = 0;
  for (int t = 0; t < DT_BLOCK; ++t) sh[0][t] = value(t);
  for (int w = 1; w < DT_BLOCK; w <<= 1) {
    for (int t = 0; t < DT_BLOCK; ++t) {
      sh[cur ^ 1][t] = t >= w ? combine(sh[cur][t - w], sh[cur][t]) : sh[cur][t];
    }
    cur ^= 1;
  }
  const Acc total = sh[cur][DT_BLOCK - 1];
  for (int t = 0; t < DT_BLOCK; ++t) {
    apply(t, t == 0 ? init : combine(init, sh[cur][t - 1]), total);
  }
}

template <class F>
inline void dt_warp_rows(F f) {
  for (int w = 0; w < DT_WARPS; ++w) f(w);
}

template <class Acc, class Share, class Combine>
Acc dt_warp_fold(Share share, Combine combine) {
  Acc sh[DT_WARP];
  for (int l = 0; l < DT_WARP; ++l) sh[l] = share(l);
  for (int w = 1; w < DT_WARP; w <<= 1) {
    for (int l = 0; l < DT_WARP; l += 2 * w) sh[l] = combine(sh[l], sh[l + w]);
  }
  return sh[0];
}
#endif

#if DT_GPU
// A CUDA status as ours: no driver or no device is DT_ERR_NO_DEVICE, a driver older than the
// runtime DT_ERR_OLD_DRIVER. A failed call leaves its error as the runtime's "last error", which
// the next launch's cudaGetLastError would report as its own (a recovered out-of-memory made the
// next op fail): reading it here clears it (a sticky error stays, as it must).
static inline int32_t dt_status(cudaError_t e) {
  if (e == cudaSuccess) return 0;
  (void)cudaGetLastError();
  if (e == cudaErrorInsufficientDriver) {
    // The runtime says "insufficient driver" both for an old driver and for none at all
    // (cudaDriverGetVersion then gives 0).
    int v = 0;
    return cudaDriverGetVersion(&v) == cudaSuccess && v > 0 ? DT_ERR_OLD_DRIVER : DT_ERR_NO_DEVICE;
  }
  if (e == cudaErrorNoDevice || e == cudaErrorStubLibrary) return DT_ERR_NO_DEVICE;
  return (int32_t)e;
}
#endif

static inline bool dt_aligned(const void* p, size_t bytes) {
  return ((uintptr_t)p % bytes) == 0;
}

// ---- layout entries, extents (host) ---------------------------------------------------------
// Every size of the interface travels as a double holding an integer of magnitude at most 2^53
// (dt_api.h); host functions read them into int64 with these before anything runs, and compute
// every derived size and offset bound with overflow checks (__builtin_*_overflow: host code,
// nvcc's host compiler is gcc), so that no value wraps silently.
#define DT_EXACT_MAX 9007199254740992.0  // 2^53

// *out = v as an int64; false when v is not an integer of magnitude <= 2^53 (NaN included).
// Branch-free (callers validate whole arrays and test once): the value is selected before the
// conversion (converting a value beyond int64 would be undefined), and v is an integer iff it
// converts back (NaN never compares equal).
static inline bool dt_int(double v, int64_t* out) {
  const int64_t i = (int64_t)(v >= -DT_EXACT_MAX && v <= DT_EXACT_MAX ? v : 0.0);
  *out = i;
  return (double)i == v;
}
// dst[0..count) = src[0..count) by dt_int; false if any entry is not such an integer.
static inline bool dt_ints(const double* src, int64_t count, int64_t* dst) {
  bool ok = true;
  for (int64_t i = 0; i < count; ++i) ok &= dt_int(src[i], &dst[i]);
  return ok;
}
// An element count: an integer in [0, 2^53].
static inline bool dt_count(double v, int64_t* out) { return dt_int(v, out) && *out >= 0; }

// *out = the product of `count` sizes (each >= 0); false when it overflows int64, unless a size
// is 0 (then the product is 0 whatever the others are).
static inline bool dt_product(const int64_t* sizes, int count, int64_t* out) {
  int64_t p = 1;
  bool overflow = false;
  for (int i = 0; i < count; ++i) {
    if (sizes[i] == 0) {
      *out = 0;
      return true;
    }
    overflow |= __builtin_mul_overflow(p, sizes[i], &p);
  }
  *out = p;
  return !overflow;
}

// a * b and a + b for work estimates (DT_LAUNCH_WORK): saturated, never wrapped.
static inline int64_t dt_work_mul(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}
static inline int64_t dt_work_add(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

// The extent check of every family (dt_api.h, "Extents"). An operand of `nd` axes of sizes
// `shape` and element strides `strides`, from element `offset` of its pointer, reaches the
// elements offset + sum_d c_d * strides[d] for 0 <= c_d < shape[d]: the least (the negative
// strides' terms at their largest coordinates) and the greatest (the positive strides') must lie
// in [0, extent). An operand without elements reaches nothing. A reach that overflows int64 is
// DT_ERR_BAD_LAYOUT whatever the extent (kernels accumulate offsets in int64, and every partial
// sum of an index's offset lies between the two bounds); a negative extent skips the comparison.
static inline int32_t dt_check_reach(int64_t offset, int nd, const int64_t* shape,
                                     const int64_t* strides, int64_t extent) {
  int64_t lo = offset, hi = offset;
  bool overflow = false;
  for (int d = 0; d < nd; ++d) {
    if (shape[d] == 0) return 0;
    int64_t span;
    overflow |= __builtin_mul_overflow(shape[d] - 1, strides[d], &span);
    if (span < 0) overflow |= __builtin_add_overflow(lo, span, &lo);
    else overflow |= __builtin_add_overflow(hi, span, &hi);
  }
  if (overflow) return DT_ERR_BAD_LAYOUT;
  if (extent >= 0 && (lo < 0 || hi >= extent)) return DT_ERR_OUT_OF_BOUNDS;
  return 0;
}
// The same for `count` contiguous elements from `offset`.
static inline int32_t dt_check_span(int64_t offset, int64_t count, int64_t extent) {
  const int64_t one = 1;
  return dt_check_reach(offset, 1, &count, &one, extent);
}

// ---- layouts --------------------------------------------------------------------------------
// The 32-bit index path: strided kernels split a row-major index into coordinates by division
// by each size, which is several times cheaper in 32 bits on a GPU. The host sets a layout's
// idx32 when every index the kernels split, and so every size, fits in 32 bits (the element
// count is at most UINT32_MAX; for reductions the outer and inner counts, for convolutions the
// work items); dt_unravel then branches on it (one uniform branch, no second instantiation of
// the kernels). Offsets are always accumulated in int64.
#define DT_IDX32_MAX ((int64_t)UINT32_MAX)

// f(d, c) for each axis d of [from, to), innermost first, with c the coordinate of row-major
// index i (i < the product of those sizes) along it; one division per axis (the remainder from
// the quotient: a GPU has no division instruction, each one is an instruction sequence). The
// 64-bit path, for more than 2^32 elements, is a loop the GPU build does not unroll: its long
// 64-bit divisions would otherwise be copied into every kernel several times over (nvcc's build
// time; the 32-bit path is unrolled as before).
template <class F>
DT_HD void dt_unravel(int64_t i, bool idx32, const int64_t* shape, int from, int to, F f) {
  if (idx32) {
    uint32_t q = (uint32_t)i;
    for (int d = to - 1; d >= from; --d) {
      const uint32_t s = (uint32_t)shape[d];
      const uint32_t next = q / s;
      f(d, (int64_t)(q - next * s));
      q = next;
    }
  } else {
    uint64_t q = (uint64_t)i;
    DT_NO_UNROLL
    for (int d = to - 1; d >= from; --d) {
      const uint64_t s = (uint64_t)shape[d];
      const uint64_t next = q / s;
      f(d, (int64_t)(q - next * s));
      q = next;
    }
  }
}

// The elementwise layout (DT_LAYOUT_* in dt_api.h) in kernel-parameter form: read from the
// double array by the host function and passed to the kernel by value.
struct DtLayout {
  int32_t ndim;
  int32_t idx32;  // 1: the element count is at most UINT32_MAX (the 32-bit index path)
  int64_t shape[DT_MAX_DIMS];
  int64_t strides[4][DT_MAX_DIMS];
  int64_t offset[4];
};

// The strided part of dt_read_layout (out of line: the contiguous part stays small enough to
// inline): the sizes, whose product must be n, and each operand's strides, read and checked
// against its extent.
static inline __attribute__((noinline)) int32_t dt_read_strides(const double* layout, int nops,
                                                                unsigned skip, int64_t n,
                                                                const int64_t* ext, DtLayout* L) {
  const int nd = L->ndim;
  bool ok = dt_ints(layout + DT_LAYOUT_SHAPE, nd, L->shape);
  for (int d = 0; d < nd; ++d) ok &= L->shape[d] >= 0;
  int64_t size;
  if (!ok || !dt_product(L->shape, nd, &size) || size != n) return DT_ERR_BAD_LAYOUT;
  for (int k = 0; k < nops; ++k) {
    if (skip >> k & 1) continue;
    if (!dt_ints(layout + DT_LAYOUT_STRIDES + DT_MAX_DIMS * k, nd, L->strides[k])) {
      return DT_ERR_BAD_LAYOUT;
    }
    const int32_t st = dt_check_reach(L->offset[k], nd, L->shape, L->strides[k], ext[k]);
    if (st != 0) return st;
  }
  for (int k = 0; k < nops; ++k) {
    if (skip >> k & 1) {
      for (int d = 0; d < nd; ++d) L->strides[k][d] = L->strides[nops - 1][d];
    }
  }
  return 0;
}

// Reads and checks `layout` for `nops` operands and the element count `count` (*n gets it as an
// int64, *contiguous the flag), then checks every operand's reach against its extent. Operands
// in `skip` (bit k: operand k; a binary's scalar side) have no data: their entries are not read,
// their offset is 0 and their strides are the last operand's (never dereferenced; so they do not
// spoil the CPU build's unit-stride walk). A contiguous layout reads only ndim, flags, shape[0],
// the offsets and the extents, and fills only ndim (1), shape[0] and the offsets: this runs on
// every call, and tiny tensors pay for it.
static inline int32_t dt_read_layout(const double* layout, int nops, unsigned skip, double count,
                                     DtLayout* L, int64_t* n, bool* contiguous) {
  if (layout == NULL) return DT_ERR_BAD_LAYOUT;
  int64_t head[2], ext[4];
  bool ok = dt_count(count, n) & dt_ints(layout, 2, head);  // ndim, flags
  for (int k = 0; k < nops; ++k) {
    if (skip >> k & 1) {
      L->offset[k] = 0;
      ext[k] = -1;
      continue;
    }
    ok &= dt_int(layout[DT_LAYOUT_OFFSET + k], &L->offset[k]) &
          dt_int(layout[DT_LAYOUT_EXTENT + k], &ext[k]);
  }
  if (!ok || head[0] < 1 || head[0] > DT_MAX_DIMS) return DT_ERR_BAD_LAYOUT;
  const int nd = (int)head[0];
  L->idx32 = *n <= DT_IDX32_MAX;
  *contiguous = (head[1] & DT_FLAG_CONTIGUOUS) != 0;
  if (*contiguous) {
    if (!dt_int(layout[DT_LAYOUT_SHAPE], &L->shape[0]) || L->shape[0] != *n) {
      return DT_ERR_BAD_LAYOUT;
    }
    L->ndim = 1;
    for (int k = 0; k < nops; ++k) {
      const int32_t st = dt_check_span(L->offset[k], *n, ext[k]);
      if (st != 0) return st;
    }
    return 0;
  }
  L->ndim = nd;
  return dt_read_strides(layout, nops, skip, *n, ext, L);
}

// The int64 scalar of a layout: its low 32 bits (0 .. 2^32 - 1) and its high 32 bits (signed)
// as two entries; false when they are not such integers.
static inline bool dt_layout_i64(const double* layout, int64_t* out) {
  int64_t w[2];
  if (!dt_ints(layout + DT_LAYOUT_I64, 2, w) || w[0] < 0 || w[0] > (int64_t)UINT32_MAX ||
      w[1] < INT32_MIN || w[1] > INT32_MAX) {
    return false;
  }
  *out = (int64_t)((uint64_t)w[0] | ((uint64_t)w[1] << 32));
  return true;
}

// The element offsets of the first K operands at row-major index i, layout by value.
template <int K>
DT_HD void dt_strided_offsets(const DtLayout& L, int64_t i, int64_t (&off)[K]) {
  for (int k = 0; k < K; ++k) off[k] = L.offset[k];
  dt_unravel(i, L.idx32, L.shape, 0, L.ndim, [&](int d, int64_t c) {
    for (int k = 0; k < K; ++k) off[k] += c * L.strides[k][d];
  });
}

// f(off) for every row-major index i in [0, n) of a strided layout, off[k] being operand k's
// element offset, in the grid-stride pattern. The CPU build walks its share row by row (one
// index decomposition per share, then additions), with a unit-stride inner loop when every
// operand is contiguous along the last axis, so that the compiler vectorises it.
#if DT_CPU
template <int K, class F>
DT_DEV void dt_strided_for(int64_t n, const DtLayout& L, F f) {
  int64_t i = dt_cpu_share_begin(n);
  const int64_t end = dt_cpu_share_end(n);
  if (i >= end) return;
  const int nd = L.ndim;
  const int64_t m = L.shape[nd - 1];
  int64_t idx[DT_MAX_DIMS];
  int64_t base[K], s[K];
  bool unit = true;
  for (int k = 0; k < K; ++k) {
    base[k] = L.offset[k];
    s[k] = L.strides[k][nd - 1];
    unit = unit && s[k] == 1;
  }
  dt_unravel(i, L.idx32, L.shape, 0, nd, [&](int d, int64_t c) {
    idx[d] = c;
    for (int k = 0; k < K; ++k) base[k] += c * L.strides[k][d];
  });
  for (;;) {
    const int64_t j0 = idx[nd - 1];
    const int64_t len = m - j0 < end - i ? m - j0 : end - i;
    if (unit) {
      for (int64_t j = 0; j < len; ++j) {
        int64_t off[K];
        for (int k = 0; k < K; ++k) off[k] = base[k] + j;
        f(off);
      }
    } else {
      for (int64_t j = 0; j < len; ++j) {
        int64_t off[K];
        for (int k = 0; k < K; ++k) off[k] = base[k] + j * s[k];
        f(off);
      }
    }
    i += len;
    if (i >= end) return;
    // The next row's start: base stays the offset of a valid index (no overshoot past an axis).
    for (int k = 0; k < K; ++k) base[k] -= j0 * s[k];
    idx[nd - 1] = 0;
    for (int d = nd - 2; d >= 0; --d) {
      if (++idx[d] < L.shape[d]) {
        for (int k = 0; k < K; ++k) base[k] += L.strides[k][d];
        break;
      }
      idx[d] = 0;
      for (int k = 0; k < K; ++k) base[k] -= L.strides[k][d] * (L.shape[d] - 1);
    }
  }
}
#else
template <int K, class F>
DT_DEV void dt_strided_for(int64_t n, const DtLayout& L, F f) {
  DT_GRID_STRIDE(i, n) {
    int64_t off[K];
    dt_strided_offsets<K>(L, i, off);
    f(off);
  }
}
#endif

// The reduction layout (DT_RLAYOUT_*): kept axes first, then `reduced` trailing axes.
struct DtRLayout {
  int32_t ndim;
  int32_t reduced;
  int32_t idx32;  // 1: outer and inner are at most UINT32_MAX (the 32-bit index path)
  int64_t offset;
  int64_t shape[DT_MAX_DIMS];
  int64_t strides[DT_MAX_DIMS];
};

// Reads and checks `rlayout` and the counts: outer must be the product of the kept axes, inner
// of the reduced (*outer_n, *inner_n get them as int64), then checks x's reach and out's extent
// (out has `outer` elements, or outer * inner with `out_rows`: cumsum).
static inline int32_t dt_read_rlayout(const double* rlayout, double outer, double inner,
                                      bool out_rows, DtRLayout* L, int64_t* outer_n,
                                      int64_t* inner_n) {
  if (rlayout == NULL) return DT_ERR_BAD_LAYOUT;
  int64_t head[DT_RLAYOUT_SHAPE];  // ndim, reduced, offset, extent, out extent
  if (!(dt_count(outer, outer_n) & dt_count(inner, inner_n) &
        dt_ints(rlayout, DT_RLAYOUT_SHAPE, head))) {
    return DT_ERR_BAD_LAYOUT;
  }
  const int64_t nd = head[DT_RLAYOUT_NDIM], red = head[DT_RLAYOUT_REDUCED];
  if (nd < 1 || nd > DT_MAX_DIMS || red < 0 || red > nd) return DT_ERR_BAD_LAYOUT;
  L->ndim = (int32_t)nd;
  L->reduced = (int32_t)red;
  L->offset = head[DT_RLAYOUT_OFFSET];
  L->idx32 = *outer_n <= DT_IDX32_MAX && *inner_n <= DT_IDX32_MAX;
  if (!(dt_ints(rlayout + DT_RLAYOUT_SHAPE, nd, L->shape) &
        dt_ints(rlayout + DT_RLAYOUT_STRIDES, nd, L->strides))) {
    return DT_ERR_BAD_LAYOUT;
  }
  for (int d = 0; d < nd; ++d) {
    if (L->shape[d] < 0) return DT_ERR_BAD_LAYOUT;
  }
  int64_t o, in, rows;
  const int kept = (int)(nd - red);
  if (!dt_product(L->shape, kept, &o) || !dt_product(L->shape + kept, (int)red, &in) ||
      o != *outer_n || in != *inner_n) {
    return DT_ERR_BAD_LAYOUT;
  }
  if (!out_rows) rows = o;
  else if (!dt_product(L->shape, (int)nd, &rows)) return DT_ERR_BAD_LAYOUT;
  int32_t st = dt_check_reach(L->offset, (int)nd, L->shape, L->strides, head[DT_RLAYOUT_EXTENT]);
  if (st == 0) st = dt_check_span(0, rows, head[DT_RLAYOUT_OUT_EXTENT]);
  return st;
}

// The offset of row-major index i over axes [from, to) of a reduction layout.
DT_HD int64_t dt_axes_offset(const DtRLayout& L, int from, int to, int64_t i) {
  int64_t off = 0;
  dt_unravel(i, L.idx32, L.shape, from, to, [&](int d, int64_t c) { off += c * L.strides[d]; });
  return off;
}

// Where output row `row` starts, and the offset of its element j.
DT_HD int64_t dt_row_offset(const DtRLayout& L, int64_t row) {
  return L.offset + dt_axes_offset(L, 0, L.ndim - L.reduced, row);
}
DT_HD int64_t dt_elem_offset(const DtRLayout& L, int64_t j) {
  if (L.reduced == 1) return j * L.strides[L.ndim - 1];
  return dt_axes_offset(L, L.ndim - L.reduced, L.ndim, j);
}

// A vector of N elements for the contiguous fast paths (the host checks the alignment).
template <class T, int N>
struct alignas(sizeof(T) * N) DtVec {
  T v[N];
};
#define DT_VEC 4

// The accumulator of sums and products (reductions, col2im): floats in float64, integers in
// unsigned arithmetic of their width or wider (wrapping; uint8 and bool truncate at the end).
template <class T>
struct DtWide;
template <>
struct DtWide<float> {
  typedef double type;
};
template <>
struct DtWide<double> {
  typedef double type;
};
template <>
struct DtWide<uint8_t> {
  typedef uint32_t type;
};
template <>
struct DtWide<int32_t> {
  typedef uint32_t type;
};
template <>
struct DtWide<int64_t> {
  typedef uint64_t type;
};

// ---- arithmetic without contraction ----------------------------------------------------------
// nvcc contracts a * b + c into an FMA by default; where the CPU (JavaScript) result must be
// reproduced bit for bit, products and sums go through these.
DT_HD double dt_dmul(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dmul_rn(a, b);
#else
  return a * b;
#endif
}
DT_HD double dt_dadd(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dadd_rn(a, b);
#else
  return a + b;
#endif
}
DT_HD double dt_dsub(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dsub_rn(a, b);
#else
  return a - b;
#endif
}

// ---- dtype-overloaded helpers -----------------------------------------------------------------
// Integers wrap (two's complement, computed unsigned: no undefined behaviour).
DT_HD uint8_t dt_add(uint8_t a, uint8_t b) { return (uint8_t)(a + b); }
DT_HD int32_t dt_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
DT_HD int64_t dt_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
DT_HD float dt_add(float a, float b) { return a + b; }
DT_HD double dt_add(double a, double b) { return a + b; }

DT_HD uint8_t dt_sub(uint8_t a, uint8_t b) { return (uint8_t)(a - b); }
DT_HD int32_t dt_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
DT_HD int64_t dt_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
DT_HD float dt_sub(float a, float b) { return a - b; }
DT_HD double dt_sub(double a, double b) { return a - b; }

DT_HD uint8_t dt_mul(uint8_t a, uint8_t b) { return (uint8_t)((uint32_t)a * (uint32_t)b); }
DT_HD int32_t dt_mul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
DT_HD int64_t dt_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
DT_HD float dt_mul(float a, float b) { return a * b; }
DT_HD double dt_mul(double a, double b) { return a * b; }

DT_HD uint8_t dt_neg(uint8_t x) { return (uint8_t)(0u - x); }
DT_HD int32_t dt_neg(int32_t x) { return (int32_t)(0u - (uint32_t)x); }
DT_HD int64_t dt_neg(int64_t x) { return (int64_t)(0ull - (uint64_t)x); }
DT_HD float dt_neg(float x) { return -x; }
DT_HD double dt_neg(double x) { return -x; }

DT_HD uint8_t dt_abs(uint8_t x) { return x; }
DT_HD int32_t dt_abs(int32_t x) { return x < 0 ? dt_neg(x) : x; }
DT_HD int64_t dt_abs(int64_t x) { return x < 0 ? dt_neg(x) : x; }
DT_HD float dt_abs(float x) { return fabsf(x); }
DT_HD double dt_abs(double x) { return fabs(x); }

// sign: -1, 0 or 1; floats keep NaN, and both zeros give +0 (NumPy).
DT_HD uint8_t dt_sign(uint8_t x) { return x > 0 ? 1 : 0; }
DT_HD int32_t dt_sign(int32_t x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
DT_HD int64_t dt_sign(int64_t x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
DT_HD float dt_sign(float x) { return x > 0 ? 1.0f : x < 0 ? -1.0f : x == 0 ? 0.0f : x; }
DT_HD double dt_sign(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x; }

// Predicates; integers are never NaN or infinite.
DT_HD bool dt_isnan(uint8_t) { return false; }
DT_HD bool dt_isnan(int32_t) { return false; }
DT_HD bool dt_isnan(int64_t) { return false; }
DT_HD bool dt_isnan(float x) { return x != x; }
DT_HD bool dt_isnan(double x) { return x != x; }
DT_HD bool dt_isinf(uint8_t) { return false; }
DT_HD bool dt_isinf(int32_t) { return false; }
DT_HD bool dt_isinf(int64_t) { return false; }
DT_HD bool dt_isinf(float x) { return x == (float)INFINITY || x == -(float)INFINITY; }
DT_HD bool dt_isinf(double x) { return x == (double)INFINITY || x == -(double)INFINITY; }
template <class T>
DT_HD bool dt_isfinite(T x) { return !dt_isnan(x) && !dt_isinf(x); }
DT_HD bool dt_signbit(float x) { return copysignf(1.0f, x) < 0; }
DT_HD bool dt_signbit(double x) { return copysign(1.0, x) < 0; }

// relu: x > 0 ? x : 0, NaN propagates; -0 gives +0.
DT_HD uint8_t dt_relu(uint8_t x) { return x; }
DT_HD int32_t dt_relu(int32_t x) { return x > 0 ? x : 0; }
DT_HD int64_t dt_relu(int64_t x) { return x > 0 ? x : 0; }
DT_HD float dt_relu(float x) { return (x > 0 || x != x) ? x : 0.0f; }
DT_HD double dt_relu(double x) { return (x > 0 || x != x) ? x : 0.0; }

// The float functions of the unary ops are the C library's, float32's for float32 and double's
// for float64, named in unary.cu's functor lines (DT_UNARY_LIBM). The CPU build has its own
// vectorisable float32 exp, log, tanh and sigmoid (cpu_math.cuh): unary.cu names these macros.
#if DT_CPU
#include "cpu_math.cuh"
#define DT_EXPF dt_cpu_expf
#define DT_LOGF dt_cpu_logf
#define DT_TANHF dt_cpu_tanhf
#else
#define DT_EXPF expf
#define DT_LOGF logf
#define DT_TANHF tanhf
#endif
// 1 / sqrt(x) correctly rounded twice, in float64 as the CPU computes it (not the approximate
// rsqrt instruction).
DT_HD float dt_rsqrt(float x) { return (float)(1.0 / sqrt((double)x)); }
DT_HD double dt_rsqrt(double x) { return 1.0 / sqrt(x); }
// float32 sigmoid: e^x / (1 + e^x) below 0, so that the tail below -88 does not flush to 0
// (the CPU computes 1 / (1 + e^-x) in float64, where e^100 does not overflow).
DT_HD float dt_sigmoid(float x) {
#if DT_CPU
  return dt_cpu_sigmoidf(x);  // in float64, as the TypeScript path
#else
  if (x < 0) {
    const float e = expf(x);
    return e / (1.0f + e);
  }
  return 1.0f / (1.0f + expf(-x));
#endif
}
DT_HD double dt_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }
DT_HD float dt_pow(float a, float b) { return powf(a, b); }  // C's pow: pow(1, y) = 1
DT_HD double dt_pow(double a, double b) { return pow(a, b); }
DT_HD float dt_atan2(float a, float b) { return atan2f(a, b); }
DT_HD double dt_atan2(double a, double b) { return atan2(a, b); }

// Integer power by squaring, wrapping; a negative exponent gives 1 / a truncated (1, -1 or 0).
template <class T, class U>
DT_HD T dt_ipow_impl(T a, T e) {
  if (e < 0) return a == 1 ? T(1) : a == T(-1) ? ((e % 2 == 0) ? T(1) : T(-1)) : T(0);
  U r = 1, base = (U)a;
  for (;;) {
    if (e & 1) r *= base;
    e /= 2;
    if (e == 0) break;
    base *= base;
  }
  return (T)r;
}
DT_HD uint8_t dt_pow(uint8_t a, uint8_t e) {
  uint32_t r = 1, base = a;
  for (uint32_t k = e; k > 0; k >>= 1) {
    if (k & 1) r *= base;
    base *= base;
  }
  return (uint8_t)r;
}
DT_HD int32_t dt_pow(int32_t a, int32_t e) { return dt_ipow_impl<int32_t, uint32_t>(a, e); }
DT_HD int64_t dt_pow(int64_t a, int64_t e) { return dt_ipow_impl<int64_t, uint64_t>(a, e); }

// Floored division and modulo. Floats follow NumPy's npy_divmod (exact; IEEE for a zero
// divisor), computed in float64 for float32 too, as the CPU does; integers: x / 0 = 0, x % 0 = 0,
// the remainder has the divisor's sign, MIN / -1 wraps.
DT_HD double dt_floordiv_f64(double a, double b) {
  if (b == 0) return a / b;
  const double mod = fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;
  if (div == 0) return copysign(0.0, a / b);
  const double fl = floor(div);
  return div - fl > 0.5 ? fl + 1 : fl;
}
DT_HD double dt_mod_f64(double a, double b) {
  if (b == 0) return (double)NAN;
  const double mod = fmod(a, b);
  if (mod == 0) return b < 0 ? -0.0 : 0.0;
  return ((b < 0) != (mod < 0)) ? mod + b : mod;
}
DT_HD float dt_floordiv(float a, float b) { return (float)dt_floordiv_f64(a, b); }
DT_HD double dt_floordiv(double a, double b) { return dt_floordiv_f64(a, b); }
DT_HD float dt_mod(float a, float b) { return (float)dt_mod_f64(a, b); }
DT_HD double dt_mod(double a, double b) { return dt_mod_f64(a, b); }
DT_HD uint8_t dt_floordiv(uint8_t a, uint8_t b) { return b == 0 ? 0 : (uint8_t)(a / b); }
DT_HD uint8_t dt_mod(uint8_t a, uint8_t b) { return b == 0 ? 0 : (uint8_t)(a % b); }
template <class T>
DT_HD T dt_floordiv_int(T a, T b) {
  if (b == 0) return 0;
  if (b == -1) return dt_neg(a);
  T q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
template <class T>
DT_HD T dt_mod_int(T a, T b) {
  if (b == 0 || b == -1) return 0;
  const T r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? (T)(r + b) : r;
}
DT_HD int32_t dt_floordiv(int32_t a, int32_t b) { return dt_floordiv_int(a, b); }
DT_HD int64_t dt_floordiv(int64_t a, int64_t b) { return dt_floordiv_int(a, b); }
DT_HD int32_t dt_mod(int32_t a, int32_t b) { return dt_mod_int(a, b); }
DT_HD int64_t dt_mod(int64_t a, int64_t b) { return dt_mod_int(a, b); }

// maximum / minimum: NaN propagates; equal operands (-0 and +0) give the second, as NumPy's do.
template <class T>
DT_HD T dt_maximum_float(T a, T b) {
  if (a != a) return a;
  if (b != b) return b;
  return a > b ? a : b;
}
template <class T>
DT_HD T dt_minimum_float(T a, T b) {
  if (a != a) return a;
  if (b != b) return b;
  return a < b ? a : b;
}
DT_HD float dt_maximum(float a, float b) { return dt_maximum_float(a, b); }
DT_HD double dt_maximum(double a, double b) { return dt_maximum_float(a, b); }
DT_HD float dt_minimum(float a, float b) { return dt_minimum_float(a, b); }
DT_HD double dt_minimum(double a, double b) { return dt_minimum_float(a, b); }
DT_HD uint8_t dt_maximum(uint8_t a, uint8_t b) { return a > b ? a : b; }
DT_HD int32_t dt_maximum(int32_t a, int32_t b) { return a > b ? a : b; }
DT_HD int64_t dt_maximum(int64_t a, int64_t b) { return a > b ? a : b; }
DT_HD uint8_t dt_minimum(uint8_t a, uint8_t b) { return a < b ? a : b; }
DT_HD int32_t dt_minimum(int32_t a, int32_t b) { return a < b ? a : b; }
DT_HD int64_t dt_minimum(int64_t a, int64_t b) { return a < b ? a : b; }

// (a - b)^2: integers wrap; float32 in float64 then rounded once, as the CPU computes it.
template <class T>
DT_HD T dt_sqdiff(T a, T b) {
  const T d = dt_sub(a, b);
  return dt_mul(d, d);
}
DT_HD float dt_sqdiff(float a, float b) {
  const double d = (double)a - (double)b;
  return (float)(d * d);
}
DT_HD double dt_sqdiff(double a, double b) {
  const double d = a - b;
  return d * d;
}

// ---- conversions -------------------------------------------------------------------------------
// Float to int truncates toward zero and saturates; NaN gives 0 (API.md). Everything else is
// C's conversion: int to int wraps (modulo 2^n), int to float rounds to nearest.
DT_HD int32_t dt_sat_i32(double x) {
  if (x != x) return 0;
  if (x >= 2147483647.0) return INT32_MAX;
  if (x <= -2147483648.0) return INT32_MIN;
  return (int32_t)x;
}
DT_HD int64_t dt_sat_i64(double x) {
  if (x != x) return 0;
  if (x >= 9223372036854775807.0) return INT64_MAX;  // 2^63
  if (x <= -9223372036854775808.0) return INT64_MIN;
  return (int64_t)x;
}
DT_HD uint8_t dt_sat_u8(double x) {
  if (x != x) return 0;
  if (x >= 255.0) return 255;
  if (x <= 0.0) return 0;
  return (uint8_t)x;
}
template <class To, class From>
DT_HD To dt_convert(From x) {
  return (To)x;
}
template <>
DT_HD int32_t dt_convert<int32_t, float>(float x) { return dt_sat_i32(x); }
template <>
DT_HD int32_t dt_convert<int32_t, double>(double x) { return dt_sat_i32(x); }
template <>
DT_HD int64_t dt_convert<int64_t, float>(float x) { return dt_sat_i64(x); }
template <>
DT_HD int64_t dt_convert<int64_t, double>(double x) { return dt_sat_i64(x); }
template <>
DT_HD uint8_t dt_convert<uint8_t, float>(float x) { return dt_sat_u8(x); }
template <>
DT_HD uint8_t dt_convert<uint8_t, double>(double x) { return dt_sat_u8(x); }

// A float64 stored into a JavaScript typed array of the dtype (fill and range on the CPU):
// Int32Array and Uint8Array take the truncated value modulo 2^32 / 2^8 (NaN and infinities give
// 0); BigInt64Array gets an integer (truncated, saturated here); floats round.
DT_HD uint32_t dt_js_uint32(double v) {
  if (!(v - v == 0)) return 0;  // NaN or infinite
  double m = fmod(trunc(v), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (uint32_t)m;
}
template <class T>
DT_HD T dt_js_store(double v);
template <>
DT_HD uint8_t dt_js_store<uint8_t>(double v) { return (uint8_t)dt_js_uint32(v); }
template <>
DT_HD int32_t dt_js_store<int32_t>(double v) { return (int32_t)dt_js_uint32(v); }
template <>
DT_HD int64_t dt_js_store<int64_t>(double v) { return dt_sat_i64(v); }
template <>
DT_HD float dt_js_store<float>(double v) { return (float)v; }
template <>
DT_HD double dt_js_store<double>(double v) { return v; }

// ---- the bounds flag ------------------------------------------------------------------------
// Three int64 in device memory (runtime.cu owns them, one set per device): set (0 or 1), the
// first offending index value, the valid range's length. Kernels get the pointer as a parameter
// (the sources are separate translation units without relocatable device code, so there is no
// shared __device__ variable).
int32_t dt_bounds_flag(int64_t** out);  // the current device's flag; allocated on first use

DT_HD void dt_flag_set(int64_t* flag, int64_t value, int64_t range) {
#ifdef __CUDA_ARCH__
  unsigned long long* f = reinterpret_cast<unsigned long long*>(flag);
  if (atomicCAS(f, 0ull, 1ull) == 0ull) {
    flag[1] = value;
    flag[2] = range;
    __threadfence();
  }
#elif DT_CPU
  int64_t zero = 0;  // pool threads may race here: the first to set the flag writes the values
  if (__atomic_compare_exchange_n(flag, &zero, (int64_t)1, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_RELAXED)) {
    flag[1] = value;
    flag[2] = range;
  }
#else
  if (flag[0] == 0) {
    flag[0] = 1;
    flag[1] = value;
    flag[2] = range;
  }
#endif
}

// An index of dtype code 1 (uint8), 2 (int32) or 3 (int64).
template <class I>
DT_HD int64_t dt_index(const I* idx, int64_t j) {
  return (int64_t)idx[j];
}

// ---- op tables (dispatch and dt_supports) -----------------------------------------------------
// The unary, binary and reduce sources generate both their dispatch switch and their dt_supports
// answer from build/op_ids.h's DT_<FAMILY>_TABLE(X), keyed by (dtype code, op code).
#define DT_OP_KEY(CODE, OP) ((CODE) * 64 + (OP))
static_assert(DT_UNARY_COUNT <= 64 && DT_BINARY_COUNT <= 64 && DT_REDUCE_COUNT <= 64,
              "DT_OP_KEY needs op codes below 64");
bool dt_unary_has(int32_t op, int32_t dtype);
bool dt_binary_has(int32_t op, int32_t dtype);
bool dt_reduce_has(int32_t op, int32_t dtype);

#endif
