// The runtime functions (device queries, memory, copies, streams, errors, the bounds flag) and
// dt_supports. With nvcc they wrap the CUDA runtime API (linked statically); in the emulation
// build "device memory" is host memory (malloc aligned to 256 bytes), copies are memcpy, a
// stream is a token and everything has finished when a function returns. The native CPU library
// (DT_CPU) works on its caller's memory and has only dt_error_string, dt_supports and the bounds
// flag that its gather and scatter_add kernels set (its caller checks indices before a call, and
// it exports no dt_check_flag).
#include "common.cuh"

#include <stdio.h>
#include <stdlib.h>
#if DT_GPU
#include <mutex>
#else
#include <unistd.h>
#endif

#if !DT_CPU
// Byte counts travel as double: whole, non-negative and at most 2^53.
static bool dt_bytes(double bytes, size_t* out) {
  int64_t n;
  if (!dt_count(bytes, &n)) return false;
  *out = (size_t)n;
  return true;
}
#endif

static const char* dt_own_error_string(int32_t code) {
  switch (code) {
    case 0:
      return "no error";
    case DT_ERR_BAD_OP:
      return "op code unknown to this kernel family or not defined for the dtype";
    case DT_ERR_BAD_DTYPE:
      return "dtype code unknown or not supported by this function";
    case DT_ERR_BAD_LAYOUT:
      return "bad layout: ndim outside [1, 8], a negative size, an entry that is not an integer "
             "of magnitude at most 2^53, sizes that do not match the element count, or offsets "
             "that overflow 64 bits";
    case DT_ERR_NO_DEVICE:
      return "no CUDA device: no NVIDIA driver or no GPU is available";
    case DT_ERR_OUT_OF_BOUNDS:
      return "out of bounds: the layout reaches elements outside an operand's extent";
    case DT_ERR_OLD_DRIVER:
      return "the NVIDIA driver is older than the CUDA runtime these kernels were built with";
    default:
      return NULL;
  }
}

int32_t dt_supports(int32_t family, int32_t op, int32_t dtype, int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = 0;
  int32_t count;
  switch (family) {
    case 0:
      count = DT_UNARY_COUNT;
      break;
    case 1:
      count = DT_BINARY_COUNT;
      break;
    case 2:
      count = DT_REDUCE_COUNT;
      break;
    default:
      return DT_ERR_BAD_OP;
  }
  if (op < 0 || op >= count) return DT_ERR_BAD_OP;
  if (dtype < 0 || dtype > DT_DTYPE_float64) return DT_ERR_BAD_DTYPE;
  const bool has = family == 0   ? dt_unary_has(op, dtype)
                   : family == 1 ? dt_binary_has(op, dtype)
                                 : dt_reduce_has(op, dtype);
  *out = has ? 1 : 0;
  return 0;
}


// ---- scratch memory (common.cuh) ------------------------------------------------------------
#if DT_GPU
int32_t dt_scratch_alloc(void** out, size_t bytes, void* stream) {
  *out = NULL;
  return dt_status(cudaMallocAsync(out, bytes > 0 ? bytes : 1, (cudaStream_t)stream));
}
void dt_scratch_free(void* p, void* stream) {
  if (p != NULL) (void)dt_status(cudaFreeAsync(p, (cudaStream_t)stream));
}
#else
int32_t dt_scratch_alloc(void** out, size_t bytes, void*) {
  *out = malloc(bytes > 0 ? bytes : 1);
  return *out == NULL ? DT_CUDA_MEMORY_ALLOCATION : 0;
}
void dt_scratch_free(void* p, void*) { free(p); }
#endif

#if !DT_CPU
// ---- what the GPU and emulation libraries share ---------------------------------------------
// The launch log (common.cuh): DENOTENSOR_LAUNCH_LOG=1, read once.
bool dt_launch_logging() {
  static const int on = [] {
    const char* v = getenv("DENOTENSOR_LAUNCH_LOG");
    return v != NULL && v[0] == '1' && v[1] == 0 ? 1 : 0;
  }();
  return on != 0;
}

void dt_launch_note(const char* kernel, int64_t grid, int32_t block) {
  fprintf(stderr, "denotensor launch %s grid=%lld block=%d\n", kernel, (long long)grid, block);
}

// The architectures build.ts compiles for (-DDT_PTX_ARCH=75 -DDT_SASS_ARCHS=75,80,...); the
// emulation library gets the same flags and reports the same list.
#ifndef DT_PTX_ARCH
#define DT_PTX_ARCH 0
#endif
int32_t dt_kernel_archs(int32_t* out, int32_t cap, int32_t* count) {
  if (out == NULL || count == NULL || cap < 1) return DT_CUDA_INVALID_VALUE;
#ifdef DT_SASS_ARCHS
  static const int32_t sass[] = {DT_SASS_ARCHS};
  const int32_t n = (int32_t)(sizeof(sass) / sizeof(sass[0]));
#else
  static const int32_t* sass = NULL;
  const int32_t n = 0;
#endif
  out[0] = DT_PTX_ARCH;
  int32_t k = 1;
  for (int32_t i = 0; i < n && k < cap; ++i) out[k++] = sass[i];
  *count = k;
  return 0;
}
#endif

#if DT_GPU
// ==== CUDA ====================================================================================

int32_t dt_runtime_version(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  int v = 0;
  const cudaError_t e = cudaRuntimeGetVersion(&v);
  *out = v;
  return dt_status(e);
}

int32_t dt_driver_version(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  int v = 0;
  const cudaError_t e = cudaDriverGetVersion(&v);
  *out = v;
  return dt_status(e);
}

int32_t dt_is_emulation(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = 0;
  return 0;
}

int32_t dt_device_count(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  *out = e == cudaSuccess ? n : 0;
  if (e != cudaSuccess) cudaGetLastError();  // not sticky: clear it
  return dt_status(e);
}

int32_t dt_set_device(int32_t device) { return dt_status(cudaSetDevice(device)); }

int32_t dt_device_name(int32_t device, char* buf, int32_t len) {
  if (buf == NULL || len < 1) return DT_CUDA_INVALID_VALUE;
  cudaDeviceProp p;
  const cudaError_t e = cudaGetDeviceProperties(&p, device);
  if (e != cudaSuccess) {
    buf[0] = 0;
    return dt_status(e);
  }
  strncpy(buf, p.name, (size_t)len - 1);
  buf[len - 1] = 0;
  return 0;
}

int32_t dt_device_props(int32_t device, int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  const cudaDeviceAttr attrs[4] = {cudaDevAttrComputeCapabilityMajor,
                                   cudaDevAttrComputeCapabilityMinor,
                                   cudaDevAttrMultiProcessorCount, cudaDevAttrWarpSize};
  for (int i = 0; i < 4; ++i) {
    int v = 0;
    const cudaError_t e = cudaDeviceGetAttribute(&v, attrs[i], device);
    if (e != cudaSuccess) return dt_status(e);
    out[i] = v;
  }
  return 0;
}

int32_t dt_mem_info(double* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  size_t free_b = 0, total_b = 0;
  const cudaError_t e = cudaMemGetInfo(&free_b, &total_b);
  out[0] = (double)free_b;
  out[1] = (double)total_b;
  return dt_status(e);
}

int32_t dt_malloc(void** out, double bytes) {
  size_t n;
  if (out == NULL || !dt_bytes(bytes, &n)) return DT_CUDA_INVALID_VALUE;
  *out = NULL;
  return dt_status(cudaMalloc(out, n > 0 ? n : 1));
}

int32_t dt_free(void* ptr) { return dt_status(cudaFree(ptr)); }

static int32_t dt_copy_bytes(void* dst, const void* src, double bytes, cudaMemcpyKind kind,
                             void* stream, bool sync) {
  size_t n;
  if (!dt_bytes(bytes, &n)) return DT_CUDA_INVALID_VALUE;
  if (n == 0) return 0;
  cudaError_t e = cudaMemcpyAsync(dst, src, n, kind, (cudaStream_t)stream);
  if (e == cudaSuccess && sync) e = cudaStreamSynchronize((cudaStream_t)stream);
  return dt_status(e);
}

int32_t dt_memcpy_htod(void* dst, const void* src, double bytes, void* stream) {
  return dt_copy_bytes(dst, src, bytes, cudaMemcpyHostToDevice, stream, false);
}
int32_t dt_memcpy_dtoh(void* dst, const void* src, double bytes, void* stream) {
  return dt_copy_bytes(dst, src, bytes, cudaMemcpyDeviceToHost, stream, true);
}
int32_t dt_memcpy_dtod(void* dst, const void* src, double bytes, void* stream) {
  return dt_copy_bytes(dst, src, bytes, cudaMemcpyDeviceToDevice, stream, false);
}

int32_t dt_stream_create(void** out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  cudaStream_t s = NULL;
  const cudaError_t e = cudaStreamCreate(&s);
  *out = (void*)s;
  return dt_status(e);
}

int32_t dt_stream_destroy(void* stream) {
  if (stream == NULL) return 0;  // the default stream
  return dt_status(cudaStreamDestroy((cudaStream_t)stream));
}

int32_t dt_stream_sync(void* stream) {
  return dt_status(cudaStreamSynchronize((cudaStream_t)stream));
}

const char* dt_error_string(int32_t code) {
  const char* own = dt_own_error_string(code);
  return own != NULL ? own : cudaGetErrorString((cudaError_t)code);
}

// The bounds flag: three int64 of device memory per device, allocated (zeroed) on first use.
#define DT_MAX_DEVICES 64
static int64_t* dt_flags[DT_MAX_DEVICES];
static std::mutex dt_flags_lock;

int32_t dt_bounds_flag(int64_t** out) {
  int dev = 0;
  cudaError_t e = cudaGetDevice(&dev);
  if (e != cudaSuccess) return dt_status(e);
  if (dev < 0 || dev >= DT_MAX_DEVICES) return DT_CUDA_INVALID_DEVICE;
  std::lock_guard<std::mutex> guard(dt_flags_lock);
  if (dt_flags[dev] == NULL) {
    int64_t* p = NULL;
    e = cudaMalloc((void**)&p, 3 * sizeof(int64_t));
    if (e != cudaSuccess) return dt_status(e);
    e = cudaMemset(p, 0, 3 * sizeof(int64_t));
    if (e != cudaSuccess) {
      cudaFree(p);
      return dt_status(e);
    }
    dt_flags[dev] = p;
  }
  *out = dt_flags[dev];
  return 0;
}

int32_t dt_check_flag(void* stream, double* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  out[0] = out[1] = out[2] = 0;
  cudaError_t e = cudaStreamSynchronize((cudaStream_t)stream);
  if (e != cudaSuccess) return dt_status(e);
  int dev = 0;
  e = cudaGetDevice(&dev);
  if (e != cudaSuccess) return dt_status(e);
  if (dev < 0 || dev >= DT_MAX_DEVICES) return DT_CUDA_INVALID_DEVICE;
  int64_t* p;
  {
    std::lock_guard<std::mutex> guard(dt_flags_lock);
    p = dt_flags[dev];
  }
  if (p == NULL) return 0;  // no gather or scatter has run on this device
  int64_t h[3];
  e = cudaMemcpy(h, p, sizeof(h), cudaMemcpyDeviceToHost);
  if (e != cudaSuccess) return dt_status(e);
  if (h[0] != 0) {
    e = cudaMemsetAsync(p, 0, sizeof(h), (cudaStream_t)stream);
    if (e == cudaSuccess) e = cudaStreamSynchronize((cudaStream_t)stream);
    if (e != cudaSuccess) return dt_status(e);
  }
  out[0] = (double)h[0];
  out[1] = (double)h[1];
  out[2] = (double)h[2];
  return 0;
}


int32_t dt_download(void* dst, const void* src, double bytes, void* stream, double* flag) {
  size_t n;
  if (!dt_bytes(bytes, &n) || (n > 0 && (dst == NULL || src == NULL))) {
    return DT_CUDA_INVALID_VALUE;
  }
  const cudaStream_t s = (cudaStream_t)stream;
  int64_t* dev_flag = NULL;
  if (flag != NULL) {
    flag[0] = flag[1] = flag[2] = 0;
    int dev = 0;
    const cudaError_t e = cudaGetDevice(&dev);
    if (e != cudaSuccess) return dt_status(e);
    if (dev >= 0 && dev < DT_MAX_DEVICES) {
      std::lock_guard<std::mutex> guard(dt_flags_lock);
      dev_flag = dt_flags[dev];
    }
  }
  int64_t h[3] = {0, 0, 0};
  cudaError_t e = n > 0 ? cudaMemcpyAsync(dst, src, n, cudaMemcpyDeviceToHost, s) : cudaSuccess;
  // The flag is read and zeroed right behind the kernels queued before this call: a later
  // kernel's report stays for the next read.
  if (e == cudaSuccess && dev_flag != NULL) {
    e = cudaMemcpyAsync(h, dev_flag, sizeof(h), cudaMemcpyDeviceToHost, s);
    if (e == cudaSuccess) e = cudaMemsetAsync(dev_flag, 0, sizeof(h), s);
  }
  cudaEvent_t done = NULL;
  if (e == cudaSuccess) e = cudaEventCreateWithFlags(&done, cudaEventDisableTiming);
  if (e == cudaSuccess) e = cudaEventRecord(done, s);
  if (e == cudaSuccess) e = cudaEventSynchronize(done);
  if (done != NULL) cudaEventDestroy(done);
  if (e != cudaSuccess) return dt_status(e);
  if (flag != NULL) {
    flag[0] = (double)h[0];
    flag[1] = (double)h[1];
    flag[2] = (double)h[2];
  }
  return 0;
}

#else
// ==== host memory: the emulation library (and the CPU library's error strings and flag) ========

#if !DT_CPU
#define DT_EMU_NAME "denotensor CUDA emulation (host memory)"
#define DT_EMU_ALIGN 256

int32_t dt_runtime_version(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = 13000;
  return 0;
}

// Test stubs: DENOTENSOR_EMU_DRIVER_VERSION (e.g. 12080) makes the emulated driver that old (and
// dt_device_count then fails as the CUDA runtime does on an older driver);
// DENOTENSOR_EMU_COMPUTE_CAPABILITY (e.g. 7.0) is the emulated device's capability (default
// 0.0: none, the TypeScript side then skips the kernel image check); DENOTENSOR_EMU_MEMORY caps
// the bytes of live "device" allocations (out of memory beyond it).
static int64_t dt_emu_env_int(const char* name, int64_t fallback) {
  const char* v = getenv(name);
  if (v == NULL || v[0] == 0) return fallback;
  char* end = NULL;
  const long long x = strtoll(v, &end, 10);
  return end != NULL && *end == 0 ? (int64_t)x : fallback;
}

int32_t dt_driver_version(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = (int32_t)dt_emu_env_int("DENOTENSOR_EMU_DRIVER_VERSION", 0);
  return 0;
}

int32_t dt_is_emulation(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = 1;
  return 0;
}

int32_t dt_device_count(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  const int64_t driver = dt_emu_env_int("DENOTENSOR_EMU_DRIVER_VERSION", 0);
  if (driver > 0 && driver < 13000) {
    *out = 0;
    return DT_ERR_OLD_DRIVER;
  }
  *out = 1;
  return 0;
}

int32_t dt_set_device(int32_t device) { return device == 0 ? 0 : DT_CUDA_INVALID_DEVICE; }

int32_t dt_device_name(int32_t device, char* buf, int32_t len) {
  if (buf == NULL || len < 1) return DT_CUDA_INVALID_VALUE;
  if (device != 0) {
    buf[0] = 0;
    return DT_CUDA_INVALID_DEVICE;
  }
  strncpy(buf, DT_EMU_NAME, (size_t)len - 1);
  buf[len - 1] = 0;
  return 0;
}

// Compute capability 0.0 (or DENOTENSOR_EMU_COMPUTE_CAPABILITY), one "multiprocessor" per
// online CPU, warp size 1.
int32_t dt_device_props(int32_t device, int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  if (device != 0) return DT_CUDA_INVALID_DEVICE;
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  out[0] = 0;
  out[1] = 0;
  const char* cc = getenv("DENOTENSOR_EMU_COMPUTE_CAPABILITY");
  int major = 0, minor = 0;
  if (cc != NULL && sscanf(cc, "%d.%d", &major, &minor) == 2) {
    out[0] = major;
    out[1] = minor;
  }
  out[2] = cpus > 0 ? (int32_t)cpus : 1;
  out[3] = 1;
  return 0;
}

// Free (MemAvailable) and total (MemTotal) host memory from /proc/meminfo, else sysconf.
int32_t dt_mem_info(double* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  double avail = -1, total = -1;
  FILE* f = fopen("/proc/meminfo", "r");
  if (f != NULL) {
    char line[256];
    while (fgets(line, sizeof(line), f) != NULL) {
      unsigned long long kb = 0;
      if (sscanf(line, "MemTotal: %llu kB", &kb) == 1) total = (double)kb * 1024;
      else if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) avail = (double)kb * 1024;
    }
    fclose(f);
  }
  const double page = (double)sysconf(_SC_PAGESIZE);
  if (total < 0) total = (double)sysconf(_SC_PHYS_PAGES) * page;
  if (avail < 0) avail = (double)sysconf(_SC_AVPHYS_PAGES) * page;
  out[0] = avail;
  out[1] = total;
  return 0;
}

// Each allocation is preceded by a header of DT_EMU_ALIGN bytes that holds its size, so that
// DENOTENSOR_EMU_MEMORY can count live bytes.
static int64_t dt_emu_live = 0;

int32_t dt_malloc(void** out, double bytes) {
  size_t n;
  if (out == NULL || !dt_bytes(bytes, &n)) return DT_CUDA_INVALID_VALUE;
  *out = NULL;
  if (n == 0) n = 1;
  const int64_t cap = dt_emu_env_int("DENOTENSOR_EMU_MEMORY", -1);
  if (cap >= 0 && dt_emu_live + (int64_t)n > cap) return DT_CUDA_MEMORY_ALLOCATION;
  void* p = NULL;
  if (posix_memalign(&p, DT_EMU_ALIGN, n + DT_EMU_ALIGN) != 0) return DT_CUDA_MEMORY_ALLOCATION;
  *static_cast<size_t*>(p) = n;
  dt_emu_live += (int64_t)n;
  *out = static_cast<char*>(p) + DT_EMU_ALIGN;
  return 0;
}

int32_t dt_free(void* ptr) {
  if (ptr == NULL) return 0;
  void* p = static_cast<char*>(ptr) - DT_EMU_ALIGN;
  dt_emu_live -= (int64_t) * static_cast<size_t*>(p);
  free(p);
  return 0;
}

static int32_t dt_copy_bytes(void* dst, const void* src, double bytes) {
  size_t n;
  if (!dt_bytes(bytes, &n)) return DT_CUDA_INVALID_VALUE;
  if (n == 0) return 0;
  if (dst == NULL || src == NULL) return DT_CUDA_INVALID_VALUE;
  memmove(dst, src, n);
  return 0;
}

int32_t dt_memcpy_htod(void* dst, const void* src, double bytes, void*) {
  return dt_copy_bytes(dst, src, bytes);
}
int32_t dt_memcpy_dtoh(void* dst, const void* src, double bytes, void*) {
  return dt_copy_bytes(dst, src, bytes);
}
int32_t dt_memcpy_dtod(void* dst, const void* src, double bytes, void*) {
  return dt_copy_bytes(dst, src, bytes);
}

// A stream is a token (work runs when it is queued).
static char dt_emu_stream_token;

int32_t dt_stream_create(void** out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = &dt_emu_stream_token;
  return 0;
}
int32_t dt_stream_destroy(void*) { return 0; }
int32_t dt_stream_sync(void*) { return 0; }
#endif  // !DT_CPU

const char* dt_error_string(int32_t code) {
  const char* own = dt_own_error_string(code);
  if (own != NULL) return own;
  switch (code) {
    case DT_CUDA_INVALID_VALUE:
      return "invalid argument";
    case DT_CUDA_MEMORY_ALLOCATION:
      return "out of memory";
    case DT_CUDA_INVALID_DEVICE:
      return "invalid device ordinal";
    default:
      return "unrecognized error code";
  }
}

static int64_t dt_emu_flag[3];

int32_t dt_bounds_flag(int64_t** out) {
  *out = dt_emu_flag;
  return 0;
}

#if !DT_CPU
int32_t dt_check_flag(void*, double* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  out[0] = (double)dt_emu_flag[0];
  out[1] = (double)dt_emu_flag[1];
  out[2] = (double)dt_emu_flag[2];
  dt_emu_flag[0] = dt_emu_flag[1] = dt_emu_flag[2] = 0;
  return 0;
}
#endif  // !DT_CPU
#if !DT_CPU
int32_t dt_download(void* dst, const void* src, double bytes, void*, double* flag) {
  const int32_t st = dt_copy_bytes(dst, src, bytes);
  if (st != 0) return st;
  if (flag != NULL) {
    flag[0] = (double)dt_emu_flag[0];
    flag[1] = (double)dt_emu_flag[1];
    flag[2] = (double)dt_emu_flag[2];
    dt_emu_flag[0] = dt_emu_flag[1] = dt_emu_flag[2] = 0;
  }
  return 0;
}
#endif  // !DT_CPU
#endif
