// The runtime functions (device queries, memory, copies, streams, errors, the bounds flag) and
// dt_supports. With nvcc they wrap the CUDA runtime API (linked statically); in the emulation
// build "device memory" is host memory (malloc aligned to 256 bytes), copies are memcpy, a
// stream is a token and everything has finished when a function returns. The native CPU library
// (DT_CPU) works on its caller's memory and has only dt_error_string, dt_supports and the bounds
// flag that its gather and scatter_add kernels set (its caller checks indices before a call, and
// it exports no dt_check_flag).
#include "common.cuh"

#if DT_GPU
#include <mutex>
#else
#include <stdio.h>
#include <stdlib.h>
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

int32_t dt_driver_version(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = 0;
  return 0;
}

int32_t dt_is_emulation(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  *out = 1;
  return 0;
}

int32_t dt_device_count(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
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

// Compute capability 0.0, one "multiprocessor" per online CPU, warp size 1.
int32_t dt_device_props(int32_t device, int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  if (device != 0) return DT_CUDA_INVALID_DEVICE;
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  out[0] = 0;
  out[1] = 0;
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

int32_t dt_malloc(void** out, double bytes) {
  size_t n;
  if (out == NULL || !dt_bytes(bytes, &n)) return DT_CUDA_INVALID_VALUE;
  *out = NULL;
  void* p = NULL;
  if (posix_memalign(&p, DT_EMU_ALIGN, n > 0 ? n : 1) != 0) return DT_CUDA_MEMORY_ALLOCATION;
  *out = p;
  return 0;
}

int32_t dt_free(void* ptr) {
  free(ptr);
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
#endif
