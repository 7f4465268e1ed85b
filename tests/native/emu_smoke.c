// Smoke test of the kernel libraries' C interface (kernels/dt_api.h) on small inputs with known
// answers. It opens the library given as its argument with dlopen (every symbol of dt_api.h must
// be there) and moves data with dt_malloc / dt_memcpy_*, so the same program checks the
// emulation library anywhere and the GPU library on a machine with a GPU. Without a device (the
// GPU library on a machine without a driver) it checks what works without one, the statuses
// decided on the host before any launch included (bad layouts, extents), and exits 0.
// Given the native CPU library (libdenotensor_cpu*.so: it exports dt_cpu_info, and no runtime
// functions), it checks the same kernels on host memory (malloc and memcpy) twice: on the
// calling thread, then with every call shared out over two pool threads.
//
//   cc -std=gnu11 -O1 -Wall -I kernels -I build tests/native/emu_smoke.c -ldl -lm -o /tmp/emu_smoke
//   /tmp/emu_smoke build/libdenotensor_cuda_emu.so
//   /tmp/emu_smoke build/libdenotensor_cpu.so
//
// The tests of offsets beyond 2^32 use a real buffer of 4 GiB + 64 bytes (dt_malloc, or mmap for
// the CPU library) of which they write and read a few pages: host memory is committed page by
// page, so it takes no time (valgrind too). DT_SMOKE_SMALL=1 skips them (a machine or a GPU that
// cannot map 4 GiB).
//
// The expected random values come from src/random.ts (the CPU), bit for bit.
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dt_api.h"
#include "op_ids.h"

// ---- the symbols ----------------------------------------------------------------------------
#define DT_FAMILY_SYMS(X, S)                                                                  \
  X(dt_unary_##S) X(dt_binary_##S) X(dt_where_##S) X(dt_cast_##S) X(dt_fill_##S)             \
  X(dt_range_##S) X(dt_reduce_##S) X(dt_arg_reduce_##S) X(dt_cumsum_##S)                      \
  X(dt_scatter_add_##S) X(dt_matmul_##S) X(dt_im2col_##S) X(dt_col2im_##S)
// The kernels: every library.
#define KERNEL_SYMS(X)                                                                        \
  X(dt_error_string) X(dt_copy) X(dt_gather) X(dt_random) X(dt_supports)                      \
  DT_FAMILY_SYMS(X, b8) DT_FAMILY_SYMS(X, u8) DT_FAMILY_SYMS(X, i32) DT_FAMILY_SYMS(X, i64)   \
  DT_FAMILY_SYMS(X, f32) DT_FAMILY_SYMS(X, f64)
// The runtime: the CUDA libraries (the CPU library need not have them).
#define RUNTIME_SYMS(X)                                                                       \
  X(dt_runtime_version) X(dt_driver_version) X(dt_is_emulation) X(dt_device_count)            \
  X(dt_set_device) X(dt_device_name) X(dt_device_props) X(dt_mem_info) X(dt_malloc)           \
  X(dt_free) X(dt_memcpy_htod) X(dt_memcpy_dtoh) X(dt_memcpy_dtod) X(dt_stream_create)        \
  X(dt_stream_destroy) X(dt_stream_sync) X(dt_check_flag) X(dt_download) X(dt_kernel_archs)
// The CPU library's own.
#define CPU_SYMS(X) X(dt_cpu_info) X(dt_cpu_set_threads) X(dt_cpu_set_parallel_min)

#define DECLARE(name) static __typeof__(&name) P_##name;
KERNEL_SYMS(DECLARE)
RUNTIME_SYMS(DECLARE)
CPU_SYMS(DECLARE)
#define F(name) P_##name

// 1: the native CPU library (host memory, no runtime).
static int cpu_lib = 0;

static int failures = 0;
static int checks = 0;

#define FAIL(...)                                  \
  do {                                             \
    failures++;                                    \
    fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__);                  \
    fprintf(stderr, "\n");                         \
  } while (0)
#define CHECK(cond, ...)      \
  do {                        \
    checks++;                 \
    if (!(cond)) FAIL(__VA_ARGS__); \
  } while (0)
#define STATUS(call, expected)                                                            \
  do {                                                                                    \
    int32_t st_ = (call);                                                                 \
    checks++;                                                                             \
    if (st_ != (expected)) FAIL("%s returned %d (%s), expected %d", #call, st_,           \
                                F(dt_error_string)(st_), (int)(expected));                \
  } while (0)
#define OK(call) STATUS(call, 0)

// ---- device buffers ---------------------------------------------------------------------------
// Device memory of the CUDA libraries; host memory (aligned as dt_malloc's) for the CPU library.
static void* allocs[4096];
static int nallocs = 0;

static void* dev(size_t bytes) {
  void* p = NULL;
  if (cpu_lib) {
    checks++;
    if (posix_memalign(&p, 256, bytes > 0 ? bytes : 1) != 0) FAIL("cannot allocate %zu", bytes);
  } else {
    OK(F(dt_malloc)(&p, (double)bytes));
  }
  if (nallocs < 4096) allocs[nallocs++] = p;
  return p;
}
static void to_dev(void* d, const void* host, size_t bytes) {
  if (cpu_lib) memcpy(d, host, bytes);
  else OK(F(dt_memcpy_htod)(d, host, (double)bytes, NULL));
}
static void* up(const void* host, size_t bytes) {
  void* p = dev(bytes);
  to_dev(p, host, bytes);
  return p;
}
static void down(void* host, const void* d, size_t bytes) {
  if (cpu_lib) memcpy(host, d, bytes);
  else OK(F(dt_memcpy_dtoh)(host, d, (double)bytes, NULL));
}
static void free_all(void) {
  for (int i = 0; i < nallocs; i++) {
    if (cpu_lib) free(allocs[i]);
    else OK(F(dt_free)(allocs[i]));
  }
  nallocs = 0;
}

// The bounds flag (dt_check_flag): 0 with the three values, or -1 where the library has no
// dt_check_flag (a CPU library without the runtime functions): the caller skips its checks.
static int check_flag(double* flag) {
  flag[0] = flag[1] = flag[2] = -1;
  if (F(dt_check_flag) == NULL) return -1;
  OK(F(dt_check_flag)(NULL, flag));
  return 0;
}
#define FLAG_IS(f0, f1, f2)                                                             \
  do {                                                                                 \
    double fl_[3];                                                                     \
    if (check_flag(fl_) == 0) {                                                        \
      CHECK(fl_[0] == (f0) && fl_[1] == (f1) && fl_[2] == (f2),                        \
            "flag %g %g %g, expected %g %g %g", fl_[0], fl_[1], fl_[2], (double)(f0),  \
            (double)(f1), (double)(f2));                                               \
    }                                                                                  \
  } while (0)

// ---- comparisons ----------------------------------------------------------------------------
static int same_f32(float a, float b) {
  if (a != a && b != b) return 1;
  uint32_t x, y;
  memcpy(&x, &a, 4);
  memcpy(&y, &b, 4);
  return x == y;
}
static int same_f64(double a, double b) {
  if (a != a && b != b) return 1;
  uint64_t x, y;
  memcpy(&x, &a, 8);
  memcpy(&y, &b, 8);
  return x == y;
}
// Exact, signed zeros distinguished, any NaN equals any NaN.
static void chk_f32(const char* what, const float* got, const float* exp, int n) {
  for (int i = 0; i < n; i++) {
    checks++;
    if (!same_f32(got[i], exp[i])) FAIL("%s[%d] = %.9g, expected %.9g", what, i, got[i], exp[i]);
  }
}
static void chk_f64(const char* what, const double* got, const double* exp, int n) {
  for (int i = 0; i < n; i++) {
    checks++;
    if (!same_f64(got[i], exp[i])) {
      FAIL("%s[%d] = %.17g, expected %.17g", what, i, got[i], exp[i]);
    }
  }
}
static void chk_close(const char* what, const double* got, const double* exp, int n, double tol) {
  for (int i = 0; i < n; i++) {
    checks++;
    const double d = fabs(got[i] - exp[i]);
    if (got[i] != got[i] && exp[i] != exp[i]) continue;
    if (!(d <= tol * fmax(1.0, fabs(exp[i])))) {
      FAIL("%s[%d] = %.17g, expected %.17g", what, i, got[i], exp[i]);
    }
  }
}
static void chk_i32(const char* what, const int32_t* got, const int32_t* exp, int n) {
  for (int i = 0; i < n; i++) {
    checks++;
    if (got[i] != exp[i]) FAIL("%s[%d] = %d, expected %d", what, i, got[i], exp[i]);
  }
}
static void chk_i64(const char* what, const int64_t* got, const int64_t* exp, int n) {
  for (int i = 0; i < n; i++) {
    checks++;
    if (got[i] != exp[i]) {
      FAIL("%s[%d] = %lld, expected %lld", what, i, (long long)got[i], (long long)exp[i]);
    }
  }
}
static void chk_u8(const char* what, const uint8_t* got, const uint8_t* exp, int n) {
  for (int i = 0; i < n; i++) {
    checks++;
    if (got[i] != exp[i]) FAIL("%s[%d] = %u, expected %u", what, i, got[i], exp[i]);
  }
}

// ---- layouts --------------------------------------------------------------------------------
typedef struct {
  double v[DT_LAYOUT_SIZE];
} Lay;

// A strided layout of `ndim` axes; set each operand with lay_op (extents unchecked: -1).
static Lay lay(int ndim, const int32_t* shape) {
  Lay L;
  memset(&L, 0, sizeof(L));
  L.v[DT_LAYOUT_NDIM] = ndim;
  for (int d = 0; d < ndim; d++) L.v[DT_LAYOUT_SHAPE + d] = shape[d];
  for (int k = 0; k < 4; k++) L.v[DT_LAYOUT_EXTENT + k] = -1;
  return L;
}
static void lay_op(Lay* L, int k, double offset, const int32_t* strides) {
  L->v[DT_LAYOUT_OFFSET + k] = offset;
  for (int d = 0; d < L->v[DT_LAYOUT_NDIM]; d++) L->v[DT_LAYOUT_STRIDES + 8 * k + d] = strides[d];
}
// Operand k's extent.
static void lay_ext(Lay* L, int k, double extent) { L->v[DT_LAYOUT_EXTENT + k] = extent; }
// A contiguous layout of n elements for nops operands, each with extent n (exact).
static Lay flat(int32_t n, int nops) {
  Lay L = lay(1, &n);
  L.v[DT_LAYOUT_FLAGS] = DT_FLAG_CONTIGUOUS;
  const int32_t one = 1;
  for (int k = 0; k < nops; k++) {
    lay_op(&L, k, 0, &one);
    lay_ext(&L, k, n);
  }
  return L;
}
// The int64 scalar: low 32 bits unsigned, high 32 bits signed.
static void lay_i64(Lay* L, int64_t v) {
  const uint64_t u = (uint64_t)v;
  L->v[DT_LAYOUT_I64] = (double)(uint32_t)u;
  L->v[DT_LAYOUT_I64 + 1] = (double)(int32_t)(uint32_t)(u >> 32);
}

typedef struct {
  double v[DT_RLAYOUT_SIZE];
} RLay;

// A reduction layout (extents unchecked: -1; set them with DT_RLAYOUT_EXTENT / OUT_EXTENT).
static RLay rlay(int ndim, int reduced, double offset, const int32_t* shape,
                 const int32_t* strides) {
  RLay R;
  memset(&R, 0, sizeof(R));
  R.v[DT_RLAYOUT_NDIM] = ndim;
  R.v[DT_RLAYOUT_REDUCED] = reduced;
  R.v[DT_RLAYOUT_OFFSET] = offset;
  R.v[DT_RLAYOUT_EXTENT] = -1;
  R.v[DT_RLAYOUT_OUT_EXTENT] = -1;
  for (int d = 0; d < ndim; d++) {
    R.v[DT_RLAYOUT_SHAPE + d] = shape[d];
    R.v[DT_RLAYOUT_STRIDES + d] = strides[d];
  }
  return R;
}

// The matmul layout (DT_MLAYOUT_*) in M: the sizes, then l = a's offset and strides (batch, row,
// column) and b's; extents unchecked (-1). Returns M.
static double* mlay(double* M, double batch, double m, double n, double k, const int32_t* l) {
  const double v[DT_MLAYOUT_SIZE] = {batch, m,    n,    k,    l[0], l[1], l[2], l[3],
                                     l[4],  l[5], l[6], l[7], -1,   -1,   -1};
  memcpy(M, v, sizeof(v));
  return M;
}

// The index dims (DT_INDEX_*), extents unchecked (-1).
static void idims(double* D, double outer, double n, double inner, double m) {
  const double v[DT_INDEX_SIZE] = {outer, n, inner, m, -1, -1, -1};
  memcpy(D, v, sizeof(v));
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

// Runs a unary kernel on host arrays (out keeps its untouched elements).
typedef int32_t (*UnaryFn)(int32_t, double, const double*, const void*, void*, void*);
static int32_t unary(UnaryFn fn, int op, int n, const Lay* L, const void* x, size_t xb, void* out,
                     size_t ob) {
  void* dx = up(x, xb);
  void* dout = up(out, ob);
  const int32_t st = fn(op, n, L->v, dx, dout, NULL);
  down(out, dout, ob);
  return st;
}
typedef int32_t (*BinaryFn)(int32_t, double, const double*, const void*, const void*, double,
                            int32_t, void*, void*);
static int32_t binary(BinaryFn fn, int op, int n, const Lay* L, const void* a, const void* b,
                      size_t ib, double scalar, int side, void* out, size_t ob) {
  void* da = side == 1 ? NULL : up(a, ib);
  void* db = side == 2 ? NULL : up(b, ib);
  void* dout = up(out, ob);
  const int32_t st = fn(op, n, L->v, da, db, scalar, side, dout, NULL);
  down(out, dout, ob);
  return st;
}

static const float NANF = NAN;
static const float INFF = INFINITY;

// ---- runtime ----------------------------------------------------------------------------------
static int test_runtime(void) {
  int32_t v = -1;
  OK(F(dt_runtime_version)(&v));
  CHECK(v >= 12000, "runtime version %d", v);
  OK(F(dt_driver_version)(&v));
  int32_t emu = -1;
  OK(F(dt_is_emulation)(&emu));
  CHECK(emu == 0 || emu == 1, "dt_is_emulation %d", emu);
  int32_t count = -1;
  const int32_t st = F(dt_device_count)(&count);
  if (!emu && st == DT_ERR_NO_DEVICE) {
    CHECK(count == 0, "device count without a device: %d", count);
    return 0;  // the GPU library on a machine without a GPU
  }
  OK(st);
  CHECK(count >= 1, "device count %d", count);
  OK(F(dt_set_device)(0));
  STATUS(F(dt_set_device)(count), 101);  // cudaErrorInvalidDevice
  char name[128];
  OK(F(dt_device_name)(0, name, sizeof(name)));
  CHECK(strlen(name) > 0, "empty device name");
  if (emu) {
    CHECK(strcmp(name, "denotensor CUDA emulation (host memory)") == 0, "name %s", name);
    CHECK(v == 0, "emulation driver version %d", v);
    OK(F(dt_runtime_version)(&v));
    CHECK(v == 13000, "emulation runtime version %d", v);
  }
  char small[5];
  OK(F(dt_device_name)(0, small, sizeof(small)));
  CHECK(strlen(small) == 4, "truncated name '%s'", small);
  int32_t props[4] = {-1, -1, -1, -1};
  OK(F(dt_device_props)(0, props));
  CHECK(props[2] >= 1 && props[3] >= 1, "props %d %d %d %d", props[0], props[1], props[2],
        props[3]);
  if (emu) CHECK(props[3] == 1, "emulation warp size %d", props[3]);
  int32_t archs[16], narchs = 0;
  OK(F(dt_kernel_archs)(archs, 16, &narchs));
  CHECK(narchs >= 2 && archs[0] >= 75 && archs[1] == archs[0], "kernel archs: %d entries, %d %d",
        narchs, archs[0], archs[1]);
  STATUS(F(dt_kernel_archs)(archs, 0, &narchs), 1);
  double mem[2] = {-1, -1};
  OK(F(dt_mem_info)(mem));
  CHECK(mem[1] > 0 && mem[0] >= 0 && mem[0] <= mem[1], "mem info %g / %g", mem[0], mem[1]);

  // Memory and copies.
  void* p = NULL;
  OK(F(dt_malloc)(&p, 1000));
  CHECK(p != NULL && ((uintptr_t)p % 256) == 0, "allocation %p not aligned to 256", p);
  STATUS(F(dt_malloc)(&p, -1), 1);
  STATUS(F(dt_malloc)(&p, 0.5), 1);
  void* q = NULL;
  OK(F(dt_malloc)(&q, 0));
  CHECK(q != NULL, "zero-byte allocation gave NULL");
  OK(F(dt_free)(q));
  OK(F(dt_free)(NULL));
  uint8_t h[1000], g[1000];
  for (int i = 0; i < 1000; i++) h[i] = (uint8_t)(i * 7);
  void* stream = NULL;
  OK(F(dt_stream_create)(&stream));
  CHECK(stream != NULL, "stream is NULL");
  OK(F(dt_memcpy_htod)(p, h, 1000, stream));
  void* p2 = NULL;
  OK(F(dt_malloc)(&p2, 1000));
  OK(F(dt_memcpy_dtod)(p2, p, 1000, stream));
  memset(g, 0, sizeof(g));
  OK(F(dt_memcpy_dtoh)(g, p2, 500, stream));
  OK(F(dt_stream_sync)(stream));
  OK(F(dt_memcpy_dtoh)(g + 500, (uint8_t*)p2 + 500, 500, stream));
  CHECK(memcmp(g, h, 1000) == 0, "copies differ");
  OK(F(dt_memcpy_htod)(p, h, 0, stream));
  double dflag[3] = {-1, -1, -1};
  memset(g, 0, sizeof(g));
  OK(F(dt_download)(g, p2, 1000, stream, dflag));
  CHECK(memcmp(g, h, 1000) == 0 && dflag[0] == 0, "dt_download: data or flag %g", dflag[0]);
  OK(F(dt_download)(g, p2, 0, stream, NULL));
  STATUS(F(dt_download)(g, p2, -1, stream, dflag), 1);
  OK(F(dt_stream_destroy)(stream));
  OK(F(dt_free)(p));
  OK(F(dt_free)(p2));
  CHECK(F(dt_error_string)(2) != NULL, "error string of cudaErrorMemoryAllocation");
  double flag[3] = {-1, -1, -1};
  OK(F(dt_check_flag)(NULL, flag));
  CHECK(flag[0] == 0 && flag[1] == 0 && flag[2] == 0, "flag set at start");
  return 1;
}

// Every library describes its own status codes.
static void test_error_strings(void) {
  const char* s = F(dt_error_string)(DT_ERR_BAD_OP);
  CHECK(s != NULL && strstr(s, "op") != NULL, "error string of DT_ERR_BAD_OP: %s", s);
  s = F(dt_error_string)(DT_ERR_BAD_LAYOUT);
  CHECK(s != NULL && strstr(s, "2^53") != NULL, "error string of DT_ERR_BAD_LAYOUT: %s", s);
  s = F(dt_error_string)(DT_ERR_OUT_OF_BOUNDS);
  CHECK(s != NULL && strstr(s, "extent") != NULL, "error string of DT_ERR_OUT_OF_BOUNDS: %s", s);
  CHECK(F(dt_error_string)(DT_ERR_NO_DEVICE) != NULL, "error string of DT_ERR_NO_DEVICE");
  s = F(dt_error_string)(0);
  CHECK(s != NULL && strcmp(s, "no error") == 0, "error string of 0: %s", s);
}

// ---- dt_supports ------------------------------------------------------------------------------
// Spot checks, then every (family, op, dtype): the kernel runs (status 0) exactly when
// dt_supports says 1, and says DT_ERR_BAD_OP otherwise.
static void test_supports(void) {
  int32_t s = -1;
  OK(F(dt_supports)(0, DT_UNARY_sqrt, DT_DTYPE_float32, &s));
  CHECK(s == 1, "unary sqrt float32");
  OK(F(dt_supports)(0, DT_UNARY_sqrt, DT_DTYPE_int32, &s));
  CHECK(s == 0, "unary sqrt int32");
  OK(F(dt_supports)(0, DT_UNARY_neg, DT_DTYPE_bool, &s));
  CHECK(s == 0, "unary neg bool");
  OK(F(dt_supports)(0, DT_UNARY_neg, DT_DTYPE_float16, &s));
  CHECK(s == 0, "unary neg float16");
  OK(F(dt_supports)(1, DT_BINARY_add, DT_DTYPE_bool, &s));
  CHECK(s == 1, "binary add bool");
  OK(F(dt_supports)(1, DT_BINARY_sub, DT_DTYPE_bool, &s));
  CHECK(s == 0, "binary sub bool");
  OK(F(dt_supports)(1, DT_BINARY_div, DT_DTYPE_int32, &s));
  CHECK(s == 0, "binary div int32");
  OK(F(dt_supports)(1, DT_BINARY_logicalAnd, DT_DTYPE_float32, &s));
  CHECK(s == 0, "binary logicalAnd float32");
  OK(F(dt_supports)(2, DT_REDUCE_sum, DT_DTYPE_bool, &s));
  CHECK(s == 0, "reduce sum bool");
  OK(F(dt_supports)(2, DT_REDUCE_mean, DT_DTYPE_bool, &s));
  CHECK(s == 1, "reduce mean bool");
  STATUS(F(dt_supports)(3, 0, DT_DTYPE_float32, &s), DT_ERR_BAD_OP);
  STATUS(F(dt_supports)(0, DT_UNARY_COUNT, DT_DTYPE_float32, &s), DT_ERR_BAD_OP);
  STATUS(F(dt_supports)(0, -1, DT_DTYPE_float32, &s), DT_ERR_BAD_OP);
  STATUS(F(dt_supports)(0, 0, 7, &s), DT_ERR_BAD_DTYPE);

  UnaryFn un[7] = {F(dt_unary_b8), F(dt_unary_u8), F(dt_unary_i32), F(dt_unary_i64), NULL,
                   F(dt_unary_f32), F(dt_unary_f64)};
  BinaryFn bin[7] = {F(dt_binary_b8), F(dt_binary_u8), F(dt_binary_i32), F(dt_binary_i64), NULL,
                     F(dt_binary_f32), F(dt_binary_f64)};
  typedef int32_t (*ReduceFn)(int32_t, double, double, const double*, const void*, void*,
                              void*);
  ReduceFn red[7] = {F(dt_reduce_b8), F(dt_reduce_u8), F(dt_reduce_i32), F(dt_reduce_i64), NULL,
                     F(dt_reduce_f32), F(dt_reduce_f64)};
  uint8_t zeros[64] = {0};
  void* x = up(zeros, 64);
  void* y = dev(64);
  const Lay L1 = flat(4, 2), L3 = flat(4, 3);
  const int32_t shape[1] = {4}, stride[1] = {1};
  const RLay R = rlay(1, 1, 0, shape, stride);
  int total[3] = {0, 0, 0};
  for (int family = 0; family < 3; family++) {
    const int count = family == 0   ? DT_UNARY_COUNT
                      : family == 1 ? DT_BINARY_COUNT
                                    : DT_REDUCE_COUNT;
    for (int op = 0; op < count; op++) {
      for (int dt = 0; dt < 7; dt++) {
        OK(F(dt_supports)(family, op, dt, &s));
        if (dt == DT_DTYPE_float16) {
          CHECK(s == 0, "float16 has no kernels");
          continue;
        }
        int32_t st;
        if (family == 0) st = un[dt](op, 4, L1.v, x, y, NULL);
        else if (family == 1) st = bin[dt](op, 4, L3.v, x, x, 0, 0, y, NULL);
        else st = red[dt](op, 1, 4, R.v, x, y, NULL);
        total[family] += s;
        checks++;
        if (st != (s ? 0 : DT_ERR_BAD_OP)) {
          FAIL("family %d op %d dtype %d: status %d but dt_supports %d", family, op, dt, st, s);
        }
      }
    }
  }
  printf("dt_supports: unary %d, binary %d, reduce %d (op, dtype) pairs\n", total[0], total[1],
         total[2]);
}

// ---- unary ------------------------------------------------------------------------------------
static void test_unary(void) {
  {  // float32, contiguous: exact results
    const float x[] = {-2.5f, -0.0f, 0.5f, 1.5f, 2.5f, NANF, INFF, -INFF, 4.0f, -1.0f};
    const int n = N(x);
    const Lay L = flat(n, 2);
    float out[10];
    uint8_t b[10];
#define U32(OP, ...)                                                                     \
  do {                                                                                   \
    const float e_[] = {__VA_ARGS__};                                                    \
    OK(unary(F(dt_unary_f32), DT_UNARY_##OP, n, &L, x, sizeof(x), out, sizeof(out)));    \
    chk_f32("f32 " #OP, out, e_, n);                                                     \
  } while (0)
    U32(neg, 2.5f, 0.0f, -0.5f, -1.5f, -2.5f, NANF, -INFF, INFF, -4.0f, 1.0f);
    U32(abs, 2.5f, 0.0f, 0.5f, 1.5f, 2.5f, NANF, INFF, INFF, 4.0f, 1.0f);
    U32(sign, -1, 0.0f, 1, 1, 1, NANF, 1, -1, 1, -1);  // sign(-0) = +0, as NumPy
    U32(floor, -3, -0.0f, 0, 1, 2, NANF, INFF, -INFF, 4, -1);
    U32(ceil, -2, -0.0f, 1, 2, 3, NANF, INFF, -INFF, 4, -1);
    U32(round, -2, -0.0f, 0, 2, 2, NANF, INFF, -INFF, 4, -1);
    U32(relu, 0, 0, 0.5f, 1.5f, 2.5f, NANF, INFF, 0, 4, 0);
    U32(square, 6.25f, 0, 0.25f, 2.25f, 6.25f, NANF, INFF, INFF, 16, 1);
    U32(reciprocal, -0.4f, -INFF, 2, 1.0f / 1.5f, 0.4f, NANF, 0, -0.0f, 0.25f, -1);
    U32(sqrt, NANF, -0.0f, sqrtf(0.5f), sqrtf(1.5f), sqrtf(2.5f), NANF, INFF, NANF, 2, NANF);
    U32(rsqrt, NANF, -INFF, (float)(1 / sqrt(0.5)), (float)(1 / sqrt(1.5)),
        (float)(1 / sqrt(2.5)), NANF, 0, NANF, 0.5f, NANF);
#undef U32
    const uint8_t nan_[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    const uint8_t fin_[] = {1, 1, 1, 1, 1, 0, 0, 0, 1, 1};
    const uint8_t inf_[] = {0, 0, 0, 0, 0, 0, 1, 1, 0, 0};
    const uint8_t not_[] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    OK(unary(F(dt_unary_f32), DT_UNARY_isNan, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("f32 isNan", b, nan_, n);
    OK(unary(F(dt_unary_f32), DT_UNARY_isFinite, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("f32 isFinite", b, fin_, n);
    OK(unary(F(dt_unary_f32), DT_UNARY_isInf, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("f32 isInf", b, inf_, n);
    OK(unary(F(dt_unary_f32), DT_UNARY_logicalNot, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("f32 logicalNot", b, not_, n);
  }
  {  // float32 and float64 functions: close to the C library
    const double xs[] = {-0.75, -0.25, 0.0, 0.3, 0.9};
    float xf[5], of[5];
    double od[5], got[5], want[5];
    for (int i = 0; i < 5; i++) xf[i] = (float)xs[i];
    const Lay L = flat(5, 2);
    struct {
      int op;
      double (*f)(double);
    } fns[] = {{DT_UNARY_exp, exp},     {DT_UNARY_expm1, expm1}, {DT_UNARY_sin, sin},
               {DT_UNARY_cos, cos},     {DT_UNARY_tan, tan},     {DT_UNARY_asin, asin},
               {DT_UNARY_acos, acos},   {DT_UNARY_atan, atan},   {DT_UNARY_sinh, sinh},
               {DT_UNARY_cosh, cosh},   {DT_UNARY_tanh, tanh},   {DT_UNARY_asinh, asinh},
               {DT_UNARY_atanh, atanh}, {DT_UNARY_erf, erf},     {DT_UNARY_log1p, log1p}};
    for (int k = 0; k < N(fns); k++) {
      OK(unary(F(dt_unary_f32), fns[k].op, 5, &L, xf, sizeof(xf), of, sizeof(of)));
      OK(unary(F(dt_unary_f64), fns[k].op, 5, &L, xs, sizeof(xs), od, sizeof(od)));
      for (int i = 0; i < 5; i++) {
        got[i] = of[i];
        want[i] = fns[k].f((double)xf[i]);
      }
      chk_close("f32 function", got, want, 5, 1e-6);
      for (int i = 0; i < 5; i++) want[i] = fns[k].f(xs[i]);
      chk_close("f64 function", od, want, 5, 1e-15);
    }
    const double pos[] = {0.5, 1.0, 2.0, 10.0, 1e-3};
    const struct {
      int op;
      double (*f)(double);
    } pfns[] = {{DT_UNARY_log, log}, {DT_UNARY_sqrt, sqrt}, {DT_UNARY_acosh, acosh}};
    for (int k = 0; k < N(pfns); k++) {
      OK(unary(F(dt_unary_f64), pfns[k].op, 5, &L, pos, sizeof(pos), od, sizeof(od)));
      for (int i = 0; i < 5; i++) want[i] = pfns[k].f(pos[i]);
      chk_close("f64 positive function", od, want, 5, 1e-15);
    }
    const double sx[] = {0.0, 1.0, -1.0, 40.0, -800.0};
    const double se[] = {0.5, 1 / (1 + exp(-1.0)), 1 / (1 + exp(1.0)), 1 / (1 + exp(-40.0)), 0.0};
    OK(unary(F(dt_unary_f64), DT_UNARY_sigmoid, 5, &L, sx, sizeof(sx), od, sizeof(od)));
    chk_f64("f64 sigmoid", od, se, 5);
    const double rx[] = {0.5, 1.5, 2.5, -2.5, -0.5};
    const double re[] = {0.0, 2.0, 2.0, -2.0, -0.0};
    OK(unary(F(dt_unary_f64), DT_UNARY_round, 5, &L, rx, sizeof(rx), od, sizeof(od)));
    chk_f64("f64 round half to even", od, re, 5);
  }
  {  // int32: wrapping
    const int32_t x[] = {INT32_MIN, -7, 0, 5, 46341, 65536, INT32_MAX};
    const int n = N(x);
    const Lay L = flat(n, 2);
    int32_t out[7];
    uint8_t b[7];
    const int32_t neg[] = {INT32_MIN, 7, 0, -5, -46341, -65536, -INT32_MAX};
    const int32_t abs_[] = {INT32_MIN, 7, 0, 5, 46341, 65536, INT32_MAX};
    const int32_t sign[] = {-1, -1, 0, 1, 1, 1, 1};
    const int32_t sq[] = {0, 49, 0, 25, -2147479015, 0, 1};
    const int32_t relu[] = {0, 0, 0, 5, 46341, 65536, INT32_MAX};
    OK(unary(F(dt_unary_i32), DT_UNARY_neg, n, &L, x, sizeof(x), out, sizeof(out)));
    chk_i32("i32 neg", out, neg, n);
    OK(unary(F(dt_unary_i32), DT_UNARY_abs, n, &L, x, sizeof(x), out, sizeof(out)));
    chk_i32("i32 abs", out, abs_, n);
    OK(unary(F(dt_unary_i32), DT_UNARY_sign, n, &L, x, sizeof(x), out, sizeof(out)));
    chk_i32("i32 sign", out, sign, n);
    OK(unary(F(dt_unary_i32), DT_UNARY_square, n, &L, x, sizeof(x), out, sizeof(out)));
    chk_i32("i32 square", out, sq, n);
    OK(unary(F(dt_unary_i32), DT_UNARY_relu, n, &L, x, sizeof(x), out, sizeof(out)));
    chk_i32("i32 relu", out, relu, n);
    // floor, ceil and round of integers are the identity: the TypeScript side never sends them.
    STATUS(unary(F(dt_unary_i32), DT_UNARY_round, n, &L, x, sizeof(x), out, sizeof(out)),
           DT_ERR_BAD_OP);
    const uint8_t f_[] = {1, 1, 1, 1, 1, 1, 1}, z_[] = {0, 0, 0, 0, 0, 0, 0},
                  not_[] = {0, 0, 1, 0, 0, 0, 0};
    OK(unary(F(dt_unary_i32), DT_UNARY_isFinite, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("i32 isFinite", b, f_, n);
    OK(unary(F(dt_unary_i32), DT_UNARY_isNan, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("i32 isNan", b, z_, n);
    OK(unary(F(dt_unary_i32), DT_UNARY_isInf, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("i32 isInf", b, z_, n);
    OK(unary(F(dt_unary_i32), DT_UNARY_logicalNot, n, &L, x, sizeof(x), b, sizeof(b)));
    chk_u8("i32 logicalNot", b, not_, n);
    STATUS(unary(F(dt_unary_i32), DT_UNARY_sqrt, n, &L, x, sizeof(x), out, sizeof(out)),
           DT_ERR_BAD_OP);
  }
  {  // int64, uint8, bool
    const int64_t x[] = {INT64_MIN, -3, 0, 4294967296LL, INT64_MAX};
    int64_t out[5];
    const Lay L = flat(5, 2);
    const int64_t neg[] = {INT64_MIN, 3, 0, -4294967296LL, -INT64_MAX};
    const int64_t sq[] = {0, 9, 0, 0, 1};
    const int64_t abs_[] = {INT64_MIN, 3, 0, 4294967296LL, INT64_MAX};
    const int64_t sign[] = {-1, -1, 0, 1, 1};
    OK(unary(F(dt_unary_i64), DT_UNARY_neg, 5, &L, x, sizeof(x), out, sizeof(out)));
    chk_i64("i64 neg", out, neg, 5);
    OK(unary(F(dt_unary_i64), DT_UNARY_square, 5, &L, x, sizeof(x), out, sizeof(out)));
    chk_i64("i64 square", out, sq, 5);
    OK(unary(F(dt_unary_i64), DT_UNARY_abs, 5, &L, x, sizeof(x), out, sizeof(out)));
    chk_i64("i64 abs", out, abs_, 5);
    OK(unary(F(dt_unary_i64), DT_UNARY_sign, 5, &L, x, sizeof(x), out, sizeof(out)));
    chk_i64("i64 sign", out, sign, 5);
    const uint8_t u[] = {0, 1, 16, 200, 255};
    uint8_t uo[5];
    const uint8_t uneg[] = {0, 255, 240, 56, 1}, usq[] = {0, 1, 0, 64, 1};
    const uint8_t usign[] = {0, 1, 1, 1, 1};
    OK(unary(F(dt_unary_u8), DT_UNARY_neg, 5, &L, u, sizeof(u), uo, sizeof(uo)));
    chk_u8("u8 neg", uo, uneg, 5);
    OK(unary(F(dt_unary_u8), DT_UNARY_square, 5, &L, u, sizeof(u), uo, sizeof(uo)));
    chk_u8("u8 square", uo, usq, 5);
    OK(unary(F(dt_unary_u8), DT_UNARY_sign, 5, &L, u, sizeof(u), uo, sizeof(uo)));
    chk_u8("u8 sign", uo, usign, 5);
    const uint8_t bx[] = {0, 1, 1, 0, 1}, bnot[] = {1, 0, 0, 1, 0}, bfin[] = {1, 1, 1, 1, 1};
    OK(unary(F(dt_unary_b8), DT_UNARY_logicalNot, 5, &L, bx, sizeof(bx), uo, sizeof(uo)));
    chk_u8("b8 logicalNot", uo, bnot, 5);
    STATUS(unary(F(dt_unary_b8), DT_UNARY_abs, 5, &L, bx, sizeof(bx), uo, sizeof(uo)),
           DT_ERR_BAD_OP);  // the identity: never sent
    OK(unary(F(dt_unary_b8), DT_UNARY_isFinite, 5, &L, bx, sizeof(bx), uo, sizeof(uo)));
    chk_u8("b8 isFinite", uo, bfin, 5);
    STATUS(unary(F(dt_unary_b8), DT_UNARY_neg, 5, &L, bx, sizeof(bx), uo, sizeof(uo)),
           DT_ERR_BAD_OP);
  }
  {  // strided: x [2, 3] read transposed and reversed, out [3, 2] written with stride 2
    const double x[6] = {1, 2, 3, 4, 5, 6};  // [[1, 2, 3], [4, 5, 6]]
    const int32_t shape[2] = {3, 2};
    Lay L = lay(2, shape);
    const int32_t xs[2] = {-1, 3}, os[2] = {4, 2};  // x^T with rows reversed: x[2 - i, j]
    lay_op(&L, 0, 2, xs);
    lay_op(&L, 1, 1, os);
    double out[12];
    for (int i = 0; i < 12; i++) out[i] = -1;
    OK(unary(F(dt_unary_f64), DT_UNARY_neg, 6, &L, x, sizeof(x), out, sizeof(out)));
    // out[1 + 4 i + 2 j] = -x[(2 - i) + 3 j]
    double want[12];
    for (int i = 0; i < 12; i++) want[i] = -1;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 2; j++) want[1 + 4 * i + 2 * j] = -x[(2 - i) + 3 * j];
    chk_f64("f64 strided neg", out, want, 12);
    // Broadcast: stride 0 reads one element for a whole axis.
    const int32_t bs[2] = {0, 1}, cs[2] = {2, 1};
    L = lay(2, shape);
    lay_op(&L, 0, 0, bs);
    lay_op(&L, 1, 0, cs);
    OK(unary(F(dt_unary_f64), DT_UNARY_square, 6, &L, x, sizeof(x), out, sizeof(out)));
    const double sq[6] = {1, 4, 1, 4, 1, 4};
    chk_f64("f64 broadcast square", out, sq, 6);
  }
  {  // contiguous with a vector body and a tail, aligned and not (offsets)
    int32_t x[32], out[32], want[32];
    for (int i = 0; i < 32; i++) x[i] = i - 11;
    const int offs[4][2] = {{0, 0}, {4, 4}, {1, 0}, {3, 2}};  // vectorised, then not
    for (int t = 0; t < 4; t++) {
      const int n = 23, xo = offs[t][0], oo = offs[t][1];
      Lay L = flat(n, 2);
      L.v[DT_LAYOUT_OFFSET] = xo;
      L.v[DT_LAYOUT_OFFSET + 1] = oo;
      lay_ext(&L, 0, 32);
      lay_ext(&L, 1, 32);
      for (int i = 0; i < 32; i++) out[i] = want[i] = 99;
      for (int i = 0; i < n; i++) want[oo + i] = -x[xo + i];
      OK(unary(F(dt_unary_i32), DT_UNARY_neg, n, &L, x, sizeof(x), out, sizeof(out)));
      chk_i32("i32 offsets", out, want, 32);
    }
  }
  {  // layout errors
    float x[4] = {0}, out[4];
    Lay L = flat(4, 2);
    L.v[DT_LAYOUT_NDIM] = 0;
    STATUS(unary(F(dt_unary_f32), DT_UNARY_neg, 4, &L, x, sizeof(x), out, sizeof(out)),
           DT_ERR_BAD_LAYOUT);
    L.v[DT_LAYOUT_NDIM] = 9;
    STATUS(unary(F(dt_unary_f32), DT_UNARY_neg, 4, &L, x, sizeof(x), out, sizeof(out)),
           DT_ERR_BAD_LAYOUT);
    L = flat(4, 2);
    STATUS(unary(F(dt_unary_f32), DT_UNARY_neg, 3, &L, x, sizeof(x), out, sizeof(out)),
           DT_ERR_BAD_LAYOUT);
    L.v[DT_LAYOUT_SHAPE] = -4;
    STATUS(unary(F(dt_unary_f32), DT_UNARY_neg, 4, &L, x, sizeof(x), out, sizeof(out)),
           DT_ERR_BAD_LAYOUT);
    L = flat(4, 2);
    STATUS(unary(F(dt_unary_f32), DT_UNARY_COUNT, 4, &L, x, sizeof(x), out, sizeof(out)),
           DT_ERR_BAD_OP);
    L = flat(0, 2);
    OK(unary(F(dt_unary_f32), DT_UNARY_neg, 0, &L, x, sizeof(x), out, sizeof(out)));
  }
}

// ---- binary -----------------------------------------------------------------------------------
static void test_binary(void) {
  {  // float32 division, modulo, pow, extremes
    const float a[] = {7, -7, 7.5f, 1, -1, 0, 4, 4, -0.0f, NANF, 5, 1};
    const float b[] = {-2, 2, 2, 0, 0, 0, 2, -2, 3, 1, INFF, NANF};
    const int n = N(a);
    const Lay L = flat(n, 3);
    float out[12];
    uint8_t c[12];
#define B32(OP, ...)                                                                              \
  do {                                                                                            \
    const float e_[] = {__VA_ARGS__};                                                             \
    OK(binary(F(dt_binary_f32), DT_BINARY_##OP, n, &L, a, b, sizeof(a), 0, 0, out, sizeof(out))); \
    chk_f32("f32 " #OP, out, e_, n);                                                              \
  } while (0)
    B32(add, 5, -5, 9.5f, 1, -1, 0, 6, 2, 3, NANF, INFF, NANF);
    B32(sub, 9, -9, 5.5f, 1, -1, 0, 2, 6, -3, NANF, -INFF, NANF);
    B32(mul, -14, -14, 15, 0, -0.0f, 0, 8, -8, -0.0f, NANF, INFF, NANF);
    B32(div, -3.5f, -3.5f, 3.75f, INFF, -INFF, NANF, 2, -2, -0.0f, NANF, 0, NANF);
    B32(floorDiv, -4, -4, 3, INFF, -INFF, NANF, 2, -2, -0.0f, NANF, 0, NANF);
    B32(mod, -1, 1, 1.5f, NANF, NANF, NANF, 0, -0.0f, 0, NANF, 5, NANF);
    B32(maximum, 7, 2, 7.5f, 1, 0, 0, 4, 4, 3, NANF, INFF, NANF);
    B32(minimum, -2, -7, 2, 0, -1, 0, 2, -2, -0.0f, NANF, 5, NANF);
    B32(squaredDifference, 81, 81, 30.25f, 1, 1, 0, 4, 36, 9, NANF, INFF, NANF);
#undef B32
    const uint8_t lt[] = {0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0};
    const uint8_t ne[] = {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
    OK(binary(F(dt_binary_f32), DT_BINARY_less, n, &L, a, b, sizeof(a), 0, 0, c, sizeof(c)));
    chk_u8("f32 less", c, lt, n);
    OK(binary(F(dt_binary_f32), DT_BINARY_notEqual, n, &L, a, b, sizeof(a), 0, 0, c, sizeof(c)));
    chk_u8("f32 notEqual", c, ne, n);
    // Signed zeros in maximum / minimum (equal operands give the second, as NumPy), and the
    // -1 ** inf rule of pow.
    const float za[] = {-0.0f, 0.0f, -1, -1}, zb[] = {0.0f, -0.0f, INFF, -INFF};
    const Lay L4 = flat(4, 3);
    const float zmax[] = {0.0f, -0.0f, INFF, -1}, zmin[] = {0.0f, -0.0f, -1, -INFF};
    OK(binary(F(dt_binary_f32), DT_BINARY_maximum, 4, &L4, za, zb, sizeof(za), 0, 0, out, 16));
    chk_f32("f32 maximum zeros", out, zmax, 4);
    OK(binary(F(dt_binary_f32), DT_BINARY_minimum, 4, &L4, za, zb, sizeof(za), 0, 0, out, 16));
    chk_f32("f32 minimum zeros", out, zmin, 4);
    const float pa[] = {0, 0, -1, -1, 2, 4, 1, -0.0f, 7.5f};
    const float pb[] = {0, -0.0f, INFF, -INFF, 10, -2, NANF, 3, 2};
    const float pe[] = {1, 1, 1, 1, 1024, 0.0625f, 1, -0.0f, 56.25f};
    const Lay L9 = flat(9, 3);
    OK(binary(F(dt_binary_f32), DT_BINARY_pow, 9, &L9, pa, pb, sizeof(pa), 0, 0, out,
              sizeof(out)));
    chk_f32("f32 pow", out, pe, 9);
    double at[4];
    const double ad[] = {1, -1, 0, 2}, bd[] = {1, 1, -1, 0};
    OK(binary(F(dt_binary_f64), DT_BINARY_atan2, 4, &L4, ad, bd, sizeof(ad), 0, 0, at, sizeof(at)));
    const double ate[] = {atan2(1, 1), atan2(-1, 1), atan2(0, -1), atan2(2, 0)};
    chk_f64("f64 atan2", at, ate, 4);
  }
  {  // float64 floorDiv / mod: NumPy's results
    const double a[] = {-7.5, 1e308, 0.3, -1, 5};
    const double b[] = {2, 1e-308, 0.1, INFINITY, -INFINITY};
    const Lay L = flat(5, 3);
    double out[5];
    const double fd[] = {-4, INFINITY, 2, -1, -1};
    const double md[] = {0.5, fmod(1e308, 1e-308), fmod(0.3, 0.1), INFINITY, -INFINITY};
    OK(binary(F(dt_binary_f64), DT_BINARY_floorDiv, 5, &L, a, b, sizeof(a), 0, 0, out,
              sizeof(out)));
    chk_f64("f64 floorDiv", out, fd, 5);
    OK(binary(F(dt_binary_f64), DT_BINARY_mod, 5, &L, a, b, sizeof(a), 0, 0, out, sizeof(out)));
    chk_f64("f64 mod", out, md, 5);
  }
  {  // int32: wrapping, floored division, pow
    const int32_t a[] = {INT32_MAX, -7, 7, 5, INT32_MIN, INT32_MIN, 2, 2, -1, 1, 3, 0};
    const int32_t b[] = {1, 2, -2, 0, -1, 1, 31, -1, -3, -5, 4, 0};
    const int n = N(a);
    const Lay L = flat(n, 3);
    int32_t out[12];
#define BI(OP, ...)                                                                               \
  do {                                                                                            \
    const int32_t e_[] = {__VA_ARGS__};                                                           \
    OK(binary(F(dt_binary_i32), DT_BINARY_##OP, n, &L, a, b, sizeof(a), 0, 0, out, sizeof(out))); \
    chk_i32("i32 " #OP, out, e_, n);                                                              \
  } while (0)
    BI(add, INT32_MIN, -5, 5, 5, INT32_MAX, INT32_MIN + 1, 33, 1, -4, -4, 7, 0);
    BI(sub, INT32_MAX - 1, -9, 9, 5, INT32_MIN + 1, INT32_MAX, -29, 3, 2, 6, -1, 0);
    BI(mul, INT32_MAX, -14, -14, 0, INT32_MIN, INT32_MIN, 62, -2, 3, -5, 12, 0);
    BI(floorDiv, INT32_MAX, -4, -4, 0, INT32_MIN, INT32_MIN, 0, -2, 0, -1, 0, 0);
    BI(mod, 0, 1, -1, 0, 0, 0, 2, 0, -1, -4, 3, 0);
    BI(pow, INT32_MAX, 49, 0, 1, 0, INT32_MIN, INT32_MIN, 0, -1, 1, 81, 1);
    BI(maximum, INT32_MAX, 2, 7, 5, -1, 1, 31, 2, -1, 1, 4, 0);
    BI(squaredDifference, 4, 81, 81, 25, 1, 1, 841, 9, 4, 36, 1, 0);
#undef BI
  }
  {  // int64 with an int64 scalar from the layout, on both sides
    const int64_t a[] = {INT64_MAX, -7, 3, 0};
    const int n = 4;
    Lay L = flat(n, 3);
    lay_i64(&L, 1099511627776LL + 1);  // 2^40 + 1
    int64_t out[4];
    const int64_t add[] = {INT64_MIN + 1099511627776LL, 1099511627770LL, 1099511627780LL,
                           1099511627777LL};
    OK(binary(F(dt_binary_i64), DT_BINARY_add, n, &L, a, NULL, sizeof(a), 0, 2, out, sizeof(out)));
    chk_i64("i64 add scalar", out, add, n);
    lay_i64(&L, -2);
    const int64_t fd[] = {-1, 0, -1, 0};  // -2 // x
    OK(binary(F(dt_binary_i64), DT_BINARY_floorDiv, n, &L, NULL, a, sizeof(a), 0, 1, out,
              sizeof(out)));
    chk_i64("i64 scalar floorDiv", out, fd, n);
    const int64_t pa[] = {3, INT64_MIN, -2, 7}, pb[] = {40, -1, 63, 0};
    const int64_t pw[] = {(int64_t)12157665459056928801ULL, 0, INT64_MIN, 1};
    const int64_t fdm[] = {0, INT64_MIN, -1, 0};
    L = flat(n, 3);
    OK(binary(F(dt_binary_i64), DT_BINARY_pow, n, &L, pa, pb, sizeof(pa), 0, 0, out, sizeof(out)));
    chk_i64("i64 pow", out, pw, n);
    OK(binary(F(dt_binary_i64), DT_BINARY_floorDiv, n, &L, pa, pb, sizeof(pa), 0, 0, out,
              sizeof(out)));
    chk_i64("i64 floorDiv", out, fdm, n);
  }
  {  // uint8 and bool
    const uint8_t a[] = {200, 3, 16, 7, 3, 2}, b[] = {100, 5, 16, 0, 5, 9};
    const Lay L = flat(6, 3);
    uint8_t out[6];
    const uint8_t add[] = {44, 8, 32, 7, 8, 11}, sub[] = {100, 254, 0, 7, 254, 249},
                  mul[] = {32, 15, 0, 0, 15, 18}, fd[] = {2, 0, 1, 0, 0, 0},
                  pw[] = {0, 243, 0, 1, 243, 0};
    OK(binary(F(dt_binary_u8), DT_BINARY_add, 6, &L, a, b, 6, 0, 0, out, 6));
    chk_u8("u8 add", out, add, 6);
    OK(binary(F(dt_binary_u8), DT_BINARY_sub, 6, &L, a, b, 6, 0, 0, out, 6));
    chk_u8("u8 sub", out, sub, 6);
    OK(binary(F(dt_binary_u8), DT_BINARY_mul, 6, &L, a, b, 6, 0, 0, out, 6));
    chk_u8("u8 mul", out, mul, 6);
    OK(binary(F(dt_binary_u8), DT_BINARY_floorDiv, 6, &L, a, b, 6, 0, 0, out, 6));
    chk_u8("u8 floorDiv", out, fd, 6);
    OK(binary(F(dt_binary_u8), DT_BINARY_pow, 6, &L, a, b, 6, 0, 0, out, 6));
    chk_u8("u8 pow", out, pw, 6);
    const uint8_t p[] = {0, 0, 1, 1}, q[] = {0, 1, 0, 1};
    const Lay L4 = flat(4, 3);
    const uint8_t or_[] = {0, 1, 1, 1}, and_[] = {0, 0, 0, 1}, xor_[] = {0, 1, 1, 0},
                  ge[] = {1, 0, 1, 1};
    OK(binary(F(dt_binary_b8), DT_BINARY_add, 4, &L4, p, q, 4, 0, 0, out, 4));
    chk_u8("b8 add", out, or_, 4);
    OK(binary(F(dt_binary_b8), DT_BINARY_mul, 4, &L4, p, q, 4, 0, 0, out, 4));
    chk_u8("b8 mul", out, and_, 4);
    OK(binary(F(dt_binary_b8), DT_BINARY_logicalAnd, 4, &L4, p, q, 4, 0, 0, out, 4));
    chk_u8("b8 logicalAnd", out, and_, 4);
    OK(binary(F(dt_binary_b8), DT_BINARY_logicalOr, 4, &L4, p, q, 4, 0, 0, out, 4));
    chk_u8("b8 logicalOr", out, or_, 4);
    OK(binary(F(dt_binary_b8), DT_BINARY_logicalXor, 4, &L4, p, q, 4, 0, 0, out, 4));
    chk_u8("b8 logicalXor", out, xor_, 4);
    OK(binary(F(dt_binary_b8), DT_BINARY_greaterEqual, 4, &L4, p, q, 4, 0, 0, out, 4));
    chk_u8("b8 greaterEqual", out, ge, 4);
    OK(binary(F(dt_binary_b8), DT_BINARY_maximum, 4, &L4, p, q, 4, 0, 0, out, 4));
    chk_u8("b8 maximum", out, or_, 4);
    OK(binary(F(dt_binary_b8), DT_BINARY_logicalXor, 4, &L4, p, NULL, 4, 5.0, 2, out, 4));
    const uint8_t nx[] = {1, 1, 0, 0};
    chk_u8("b8 xor scalar true", out, nx, 4);
    STATUS(binary(F(dt_binary_b8), DT_BINARY_sub, 4, &L4, p, q, 4, 0, 0, out, 4), DT_ERR_BAD_OP);
  }
  {  // scalars on both sides; broadcasting and scalars on strided layouts
    const float x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};  // odd length: vector body and tail
    const Lay L = flat(9, 3);
    float out[9];
    const float s1[] = {9, 8, 7, 6, 5, 4, 3, 2, 1}, s2[] = {-9, -8, -7, -6, -5, -4, -3, -2, -1};
    OK(binary(F(dt_binary_f32), DT_BINARY_sub, 9, &L, NULL, x, sizeof(x), 10, 1, out, sizeof(out)));
    chk_f32("f32 scalar - x", out, s1, 9);
    OK(binary(F(dt_binary_f32), DT_BINARY_sub, 9, &L, x, NULL, sizeof(x), 10, 2, out, sizeof(out)));
    chk_f32("f32 x - scalar", out, s2, 9);
    // a [2, 3] + b [3] broadcast along axis 0.
    const int32_t shape[2] = {2, 3}, as[2] = {3, 1}, bs[2] = {0, 1}, os[2] = {3, 1};
    Lay S = lay(2, shape);
    lay_op(&S, 0, 0, as);
    lay_op(&S, 1, 6, bs);  // b starts at element 6 of its buffer
    lay_op(&S, 2, 0, os);
    const float bx[] = {0, 0, 0, 0, 0, 0, 100, 200, 300};
    const float bc[] = {101, 202, 303, 104, 205, 306};
    float o6[6];
    void* da = up(x, sizeof(x));
    void* db = up(bx, sizeof(bx));
    void* dout = dev(sizeof(o6));
    OK(F(dt_binary_f32)(DT_BINARY_add, 6, S.v, da, db, 0, 0, dout, NULL));
    down(o6, dout, sizeof(o6));
    chk_f32("f32 broadcast add", o6, bc, 6);
    // Scalar on the left of a transposed view: out [3, 2] = 2 ** tx^T for tx [2, 3].
    const int32_t tshape[2] = {3, 2}, ts[2] = {1, 3}, cs[2] = {2, 1};
    Lay T = lay(2, tshape);
    lay_op(&T, 1, 0, ts);
    lay_op(&T, 2, 0, cs);
    const float tx[] = {1, 2, 3, 4, 5, 6};
    float t6[6], want[6];
    void* dt = up(tx, sizeof(tx));
    OK(F(dt_binary_f32)(DT_BINARY_pow, 6, T.v, NULL, dt, 2, 1, dout, NULL));
    down(t6, dout, sizeof(t6));
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 2; j++) want[2 * i + j] = (float)(1 << (int)tx[i + 3 * j]);
    chk_f32("f32 scalar pow transposed", t6, want, 6);
    STATUS(F(dt_binary_f32)(DT_BINARY_add, 6, T.v, NULL, dt, 2, 3, dout, NULL),
           DT_ERR_BAD_LAYOUT);
  }
}

// ---- where ------------------------------------------------------------------------------------
static void test_where(void) {
  const uint8_t c[] = {1, 0, 1};
  const double a[] = {1, 2, 3, 4, 5, 6}, b[] = {-1, -2};
  const int32_t shape[2] = {2, 3}, cs[2] = {0, 1}, as[2] = {3, 1}, bs[2] = {1, 0}, os[2] = {3, 1};
  Lay L = lay(2, shape);
  lay_op(&L, 0, 0, cs);
  lay_op(&L, 1, 0, as);
  lay_op(&L, 2, 0, bs);
  lay_op(&L, 3, 0, os);
  void* dc = up(c, sizeof(c));
  void* da = up(a, sizeof(a));
  void* db = up(b, sizeof(b));
  double out[6];
  void* dout = dev(sizeof(out));
  OK(F(dt_where_f64)(6, L.v, dc, da, db, dout, NULL));
  down(out, dout, sizeof(out));
  const double e[] = {1, -1, 3, 4, -2, 6};
  chk_f64("where f64 broadcast", out, e, 6);
  const int64_t ia[] = {INT64_MAX, 2, 3}, ib[] = {INT64_MIN, -2, -3};
  int64_t io[3];
  const Lay F3 = flat(3, 4);
  void* dia = up(ia, sizeof(ia));
  void* dib = up(ib, sizeof(ib));
  void* dio = dev(sizeof(io));
  OK(F(dt_where_i64)(3, F3.v, dc, dia, dib, dio, NULL));
  down(io, dio, sizeof(io));
  const int64_t ie[] = {INT64_MAX, -2, 3};
  chk_i64("where i64", io, ie, 3);
  // The other dtypes move bits of their size.
  const float fa[] = {NAN, 1, -0.0f}, fb[] = {0, 0, 0};
  float fo[3];
  void* dfa = up(fa, sizeof(fa));
  void* dfb = up(fb, sizeof(fb));
  void* dfo = dev(sizeof(fo));
  OK(F(dt_where_f32)(3, F3.v, dc, dfa, dfb, dfo, NULL));
  down(fo, dfo, sizeof(fo));
  const float fe[] = {NAN, 0, -0.0f};
  chk_f32("where f32", fo, fe, 3);
  const int32_t xa[] = {1, 2, 3}, xb[] = {4, 5, 6};
  int32_t xo[3];
  void* dxa = up(xa, 12);
  void* dxb = up(xb, 12);
  void* dxo = dev(12);
  OK(F(dt_where_i32)(3, F3.v, dc, dxa, dxb, dxo, NULL));
  down(xo, dxo, 12);
  const int32_t xe[] = {1, 5, 3};
  chk_i32("where i32", xo, xe, 3);
  const uint8_t ua[] = {10, 20, 30}, ub[] = {1, 2, 3}, ue[] = {10, 2, 30}, be[] = {10, 2, 30};
  uint8_t uo[3];
  void* dua = up(ua, 3);
  void* dub = up(ub, 3);
  void* duo = dev(3);
  OK(F(dt_where_u8)(3, F3.v, dc, dua, dub, duo, NULL));
  down(uo, duo, 3);
  chk_u8("where u8", uo, ue, 3);
  OK(F(dt_where_b8)(3, F3.v, dc, dua, dub, duo, NULL));
  down(uo, duo, 3);
  chk_u8("where b8", uo, be, 3);
}

// ---- casts ------------------------------------------------------------------------------------
// One source array per dtype; the expected values of every target.
static void test_cast(void) {
  typedef int32_t (*CastFn)(int32_t, double, const double*, const void*, void*, void*);
  CastFn fns[7] = {F(dt_cast_b8), F(dt_cast_u8), F(dt_cast_i32), F(dt_cast_i64), NULL,
                   F(dt_cast_f32), F(dt_cast_f64)};
  const size_t size[7] = {1, 1, 4, 8, 2, 4, 8};
  enum { K = 8 };
  // Sources.
  const uint8_t sb[K] = {0, 1, 1, 0, 1, 0, 0, 1};
  const uint8_t su[K] = {0, 1, 200, 255, 7, 128, 3, 100};
  const int32_t si[K] = {-1, 256, 65537, INT32_MIN, 0, INT32_MAX, 16777217, -300};
  const int64_t sl[K] = {1099511627781LL, -1, 9007199254740993LL, 300, 0,
                         18014399583223809LL /* 2^54 + 2^30 + 1 */, INT64_MIN, -129};
  const float sf[K] = {NAN, 1e10f, -1e10f, 3.7f, -3.7f, 255.9f, -0.5f, 300};
  const double sd[K] = {NAN, 1e300, -1e300, 2.5, -2.5, 0, 9.3e18, -9.3e18};
  const void* src[7] = {sb, su, si, sl, NULL, sf, sd};
  // Expected: exp[from][to] as arrays of the target type.
  static uint8_t eb[7][K];
  static uint8_t eu[7][K];
  static int32_t ei[7][K];
  static int64_t el[7][K];
  static float ef[7][K];
  static double ed[7][K];
  for (int i = 0; i < K; i++) {
    // from bool and uint8: values as they are
    eb[0][i] = sb[i], eu[0][i] = sb[i], ei[0][i] = sb[i], el[0][i] = sb[i], ef[0][i] = sb[i],
    ed[0][i] = sb[i];
    eb[1][i] = su[i] != 0, eu[1][i] = su[i], ei[1][i] = su[i], el[1][i] = su[i],
    ef[1][i] = su[i], ed[1][i] = su[i];
    // from int32: wrap to uint8, widen, round to float32
    eb[2][i] = si[i] != 0, eu[2][i] = (uint8_t)si[i], ei[2][i] = si[i], el[2][i] = si[i],
    ef[2][i] = (float)si[i], ed[2][i] = si[i];
  }
  const uint8_t lu[K] = {5, 255, 1, 44, 0, 1, 0, 127};
  const int32_t li[K] = {5, -1, 1, 300, 0, 1073741825, 0, -129};
  const float lf[K] = {1099511627776.0f, -1, 9007199254740992.0f, 300, 0,
                       18014400656965632.0f /* rounded once, up */, -9223372036854775808.0f,
                       -129};
  const double ld[K] = {1099511627781.0, -1, 9007199254740992.0, 300, 0, 18014399583223808.0,
                        -9223372036854775808.0, -129};
  const uint8_t fu[K] = {0, 255, 0, 3, 0, 255, 0, 255};
  const int32_t fi[K] = {0, INT32_MAX, INT32_MIN, 3, -3, 255, 0, 300};
  const int64_t fl[K] = {0, 10000000000LL, -10000000000LL, 3, -3, 255, 0, 300};
  const uint8_t du[K] = {0, 255, 0, 2, 0, 0, 255, 0};
  const int32_t di[K] = {0, INT32_MAX, INT32_MIN, 2, -2, 0, INT32_MAX, INT32_MIN};
  const int64_t dl[K] = {0, INT64_MAX, INT64_MIN, 2, -2, 0, INT64_MAX, INT64_MIN};
  const float df[K] = {NAN, INFINITY, -INFINITY, 2.5f, -2.5f, 0, (float)9.3e18, (float)-9.3e18};
  for (int i = 0; i < K; i++) {
    eb[3][i] = sl[i] != 0, eu[3][i] = lu[i], ei[3][i] = li[i], el[3][i] = sl[i], ef[3][i] = lf[i],
    ed[3][i] = ld[i];
    eb[5][i] = 1, eu[5][i] = fu[i], ei[5][i] = fi[i], el[5][i] = fl[i], ef[5][i] = sf[i],
    ed[5][i] = sf[i];
    eb[6][i] = sd[i] != 0 || sd[i] != sd[i], eu[6][i] = du[i], ei[6][i] = di[i], el[6][i] = dl[i],
    ef[6][i] = df[i], ed[6][i] = sd[i];
  }
  const Lay L = flat(K, 2);
  int pairs = 0;
  for (int from = 0; from < 7; from++) {
    if (from == DT_DTYPE_float16) continue;
    void* dx = up(src[from], size[from] * K);
    for (int to = 0; to < 7; to++) {
      if (to == DT_DTYPE_float16) {
        STATUS(fns[from](to, K, L.v, dx, dx, NULL), DT_ERR_BAD_DTYPE);
        continue;
      }
      uint8_t raw[8 * K];
      void* dout = dev(sizeof(raw));
      OK(fns[from](to, K, L.v, dx, dout, NULL));
      down(raw, dout, size[to] * K);
      char what[64];
      snprintf(what, sizeof(what), "cast %d -> %d", from, to);
      switch (to) {
        case 0: chk_u8(what, raw, eb[from], K); break;
        case 1: chk_u8(what, raw, eu[from], K); break;
        case 2: chk_i32(what, (int32_t*)raw, ei[from], K); break;
        case 3: chk_i64(what, (int64_t*)raw, el[from], K); break;
        case 5: chk_f32(what, (float*)raw, ef[from], K); break;
        case 6: chk_f64(what, (double*)raw, ed[from], K); break;
      }
      pairs++;
    }
  }
  CHECK(pairs == 36, "cast pairs %d", pairs);
  // Strided: every other float64 of a reversed array to int32.
  const double x[] = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5};
  const int32_t shape[1] = {3}, xs[1] = {-2}, os[1] = {1};
  Lay S = lay(1, shape);
  lay_op(&S, 0, 5, xs);
  lay_op(&S, 1, 0, os);
  int32_t out[3];
  void* dx = up(x, sizeof(x));
  void* dout = dev(sizeof(out));
  OK(F(dt_cast_f64)(DT_DTYPE_int32, 3, S.v, dx, dout, NULL));
  down(out, dout, sizeof(out));
  const int32_t e[] = {5, 3, 1};
  chk_i32("cast strided", out, e, 3);
}

// ---- copy, fill, range -----------------------------------------------------------------------
static void test_copy_fill_range(void) {
  {  // copy with negative strides: out = x[::-1, ::-1] for x [2, 3], each element size
    const int32_t shape[2] = {2, 3}, xs[2] = {-3, -1}, os[2] = {3, 1};
    Lay L = lay(2, shape);
    lay_op(&L, 0, 5, xs);
    lay_op(&L, 1, 0, os);
    const int sizes[4] = {1, 2, 4, 8};
    for (int s = 0; s < 4; s++) {
      const int is = sizes[s];
      uint8_t x[48], out[48], want[48];
      for (int i = 0; i < 48; i++) x[i] = (uint8_t)(i + 1);
      for (int i = 0; i < 6; i++) memcpy(want + i * is, x + (5 - i) * is, is);
      void* dx = up(x, 6 * is);
      void* dout = dev(6 * is);
      OK(F(dt_copy)(is, 6, L.v, dx, dout, NULL));
      down(out, dout, 6 * is);
      CHECK(memcmp(out, want, 6 * is) == 0, "copy reversed, itemsize %d", is);
    }
    // Contiguous with offsets.
    const float x[] = {1, 2, 3, 4, 5};
    float out[5] = {0, 0, 0, 0, 0};
    Lay C = flat(3, 2);
    C.v[DT_LAYOUT_OFFSET] = 2;
    C.v[DT_LAYOUT_OFFSET + 1] = 1;
    lay_ext(&C, 0, 5);
    lay_ext(&C, 1, 5);
    void* dx = up(x, sizeof(x));
    void* dout = up(out, sizeof(out));
    OK(F(dt_copy)(4, 3, C.v, dx, dout, NULL));
    down(out, dout, sizeof(out));
    const float e[] = {0, 3, 4, 5, 0};
    chk_f32("copy contiguous offsets", out, e, 5);
    STATUS(F(dt_copy)(3, 3, C.v, dx, dout, NULL), DT_ERR_BAD_DTYPE);
  }
  {  // fill
    float f[6] = {0, 0, 0, 0, 0, 0};
    const int32_t shape[1] = {3}, st[1] = {2};
    Lay L = lay(1, shape);
    lay_op(&L, 0, 1, st);
    void* d = up(f, sizeof(f));
    OK(F(dt_fill_f32)(3, L.v, 2.5, d, NULL));
    down(f, d, sizeof(f));
    const float e[] = {0, 2.5f, 0, 2.5f, 0, 2.5f};
    chk_f32("fill f32 strided", f, e, 6);
    int64_t l[3];
    Lay C = flat(3, 1);
    lay_i64(&C, -1099511627779LL);
    void* dl = dev(sizeof(l));
    OK(F(dt_fill_i64)(3, C.v, 0, dl, NULL));
    down(l, dl, sizeof(l));
    const int64_t le[] = {-1099511627779LL, -1099511627779LL, -1099511627779LL};
    chk_i64("fill i64", l, le, 3);
    uint8_t b[3];
    void* db = dev(3);
    OK(F(dt_fill_b8)(3, C.v, 2, db, NULL));
    down(b, db, 3);
    const uint8_t be[] = {1, 1, 1};
    chk_u8("fill b8", b, be, 3);
    OK(F(dt_fill_u8)(3, C.v, 200, db, NULL));
    down(b, db, 3);
    const uint8_t ue[] = {200, 200, 200};
    chk_u8("fill u8", b, ue, 3);
    int32_t i[3];
    void* di = dev(sizeof(i));
    OK(F(dt_fill_i32)(3, C.v, -7, di, NULL));
    down(i, di, sizeof(i));
    const int32_t ie[] = {-7, -7, -7};
    chk_i32("fill i32", i, ie, 3);
    double g[3];
    void* dg = dev(sizeof(g));
    OK(F(dt_fill_f64)(3, C.v, 0.1, dg, NULL));
    down(g, dg, sizeof(g));
    const double ge[] = {0.1, 0.1, 0.1};
    chk_f64("fill f64", g, ge, 3);
    C.v[DT_LAYOUT_NDIM] = 0;
    STATUS(F(dt_fill_f64)(3, C.v, 0.1, dg, NULL), DT_ERR_BAD_LAYOUT);
  }
  {  // range: start + i * delta in float64
    float f[4];
    void* d = dev(sizeof(f));
    OK(F(dt_range_f32)(4, 1, 0.25, 4, d, NULL));
    down(f, d, sizeof(f));
    const float fe[] = {1, 1.25f, 1.5f, 1.75f};
    chk_f32("range f32", f, fe, 4);
    double g[4];
    void* dg = dev(sizeof(g));
    OK(F(dt_range_f64)(4, 0.1, 0.1, 4, dg, NULL));
    down(g, dg, sizeof(g));
    const double ge[] = {0.1, 0.1 + 1 * 0.1, 0.1 + 2 * 0.1, 0.1 + 3 * 0.1};
    chk_f64("range f64", g, ge, 4);
    int64_t l[4];
    void* dl = dev(sizeof(l));
    OK(F(dt_range_i64)(4, -3, 2, 4, dl, NULL));
    down(l, dl, sizeof(l));
    const int64_t le[] = {-3, -1, 1, 3};
    chk_i64("range i64", l, le, 4);
    int32_t i[4];
    void* di = dev(sizeof(i));
    OK(F(dt_range_i32)(4, 10, -3, -1, di, NULL));
    down(i, di, sizeof(i));
    const int32_t ie[] = {10, 7, 4, 1};
    chk_i32("range i32", i, ie, 4);
    uint8_t u[4];
    void* du = dev(4);
    OK(F(dt_range_u8)(4, 0, 1, -1, du, NULL));
    down(u, du, 4);
    const uint8_t ue[] = {0, 1, 2, 3};
    chk_u8("range u8", u, ue, 4);
    OK(F(dt_range_b8)(2, 0, 1, -1, du, NULL));
    down(u, du, 2);
    chk_u8("range b8", u, ue, 2);
    STATUS(F(dt_range_f32)(-1, 0, 1, -1, d, NULL), DT_ERR_BAD_LAYOUT);
    OK(F(dt_range_f32)(0, 0, 1, -1, d, NULL));
  }
}

// ---- reductions -------------------------------------------------------------------------------
typedef int32_t (*ReduceFn)(int32_t, double, double, const double*, const void*, void*, void*);
static int32_t reduce(ReduceFn fn, int op, int outer, int inner, const RLay* R, const void* x,
                      size_t xb, void* out, size_t ob) {
  void* dx = up(x, xb);
  void* dout = dev(ob);
  const int32_t st = fn(op, outer, inner, R->v, dx, dout, NULL);
  down(out, dout, ob);
  return st;
}

static void test_reduce(void) {
  // x [2, 3, 4] (contiguous), reduced over the middle axis: view [2, 4 | 3] with strides
  // [12, 1 | 4]: out [2, 4].
  const int32_t shape[3] = {2, 4, 3}, strides[3] = {12, 1, 4};
  const RLay R = rlay(3, 1, 0, shape, strides);
  {
    float x[24];
    for (int i = 0; i < 24; i++) x[i] = (float)(i % 5) - 1.5f;  // a few repeats
    x[5] = NAN;  // row (0, 1) has a NaN
    float out[8], want[8];
    double dsum[8], dprod[8];
    for (int o = 0; o < 8; o++) {
      const int i = o / 4, k = o % 4;
      dsum[o] = 0, dprod[o] = 1;
      for (int j = 0; j < 3; j++) {
        const float v = x[i * 12 + j * 4 + k];
        dsum[o] += v, dprod[o] *= v;
      }
    }
    for (int o = 0; o < 8; o++) want[o] = (float)dsum[o];
    OK(reduce(F(dt_reduce_f32), DT_REDUCE_sum, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    chk_f32("reduce sum f32", out, want, 8);
    for (int o = 0; o < 8; o++) want[o] = (float)dprod[o];
    OK(reduce(F(dt_reduce_f32), DT_REDUCE_prod, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    chk_f32("reduce prod f32", out, want, 8);
    for (int o = 0; o < 8; o++) want[o] = (float)(dsum[o] / 3);
    OK(reduce(F(dt_reduce_f32), DT_REDUCE_mean, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    chk_f32("reduce mean f32", out, want, 8);
    OK(reduce(F(dt_reduce_f32), DT_REDUCE_max, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    for (int o = 0; o < 8; o++) {
      float m = -INFINITY;
      for (int j = 0; j < 3; j++) {
        const float v = x[(o / 4) * 12 + j * 4 + o % 4];
        m = (v > m || v != v) ? v : m;
      }
      want[o] = m;
    }
    chk_f32("reduce max f32", out, want, 8);
    CHECK(out[1] != out[1], "max of a row with NaN is NaN");
    OK(reduce(F(dt_reduce_f32), DT_REDUCE_min, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    for (int o = 0; o < 8; o++) {
      float m = INFINITY;
      for (int j = 0; j < 3; j++) {
        const float v = x[(o / 4) * 12 + j * 4 + o % 4];
        m = (v < m || v != v) ? v : m;
      }
      want[o] = m;
    }
    chk_f32("reduce min f32", out, want, 8);
    uint8_t b[8];
    OK(reduce(F(dt_reduce_f32), DT_REDUCE_any, 8, 3, &R, x, sizeof(x), b, sizeof(b)));
    const uint8_t any[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    chk_u8("reduce any f32", b, any, 8);
    OK(reduce(F(dt_reduce_f32), DT_REDUCE_all, 8, 3, &R, x, sizeof(x), b, sizeof(b)));
    chk_u8("reduce all f32", b, any, 8);
  }
  {  // signed zeros: the last of equal extremes wins, as in NumPy and the CPU's fold
    const double z[4] = {-0.0, 0.0, 0.0, -0.0};
    const int32_t sh[2] = {2, 2}, st[2] = {2, 1};
    const RLay Z = rlay(2, 1, 0, sh, st);
    double out[2];
    const double e[2] = {0.0, -0.0};
    OK(reduce(F(dt_reduce_f64), DT_REDUCE_max, 2, 2, &Z, z, sizeof(z), out, sizeof(out)));
    chk_f64("reduce max zeros", out, e, 2);
    OK(reduce(F(dt_reduce_f64), DT_REDUCE_min, 2, 2, &Z, z, sizeof(z), out, sizeof(out)));
    chk_f64("reduce min zeros", out, e, 2);
  }
  {  // int32: wrapping sum and product; exact mean as float32
    int32_t x[24];
    for (int i = 0; i < 24; i++) x[i] = (i % 3 == 0) ? 65536 : (i % 3 == 1 ? INT32_MAX : -i);
    int32_t out[8], ws[8], wp[8], wmx[8], wmn[8];
    float mean[8], wmean[8];
    for (int o = 0; o < 8; o++) {
      uint32_t s = 0, p = 1;
      int64_t exact = 0;
      int32_t mx = INT32_MIN, mn = INT32_MAX;
      for (int j = 0; j < 3; j++) {
        const int32_t v = x[(o / 4) * 12 + j * 4 + o % 4];
        s += (uint32_t)v, p *= (uint32_t)v, exact += v;
        mx = v > mx ? v : mx, mn = v < mn ? v : mn;
      }
      ws[o] = (int32_t)s, wp[o] = (int32_t)p, wmx[o] = mx, wmn[o] = mn;
      wmean[o] = (float)((double)exact / 3);
    }
    OK(reduce(F(dt_reduce_i32), DT_REDUCE_sum, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    chk_i32("reduce sum i32", out, ws, 8);
    OK(reduce(F(dt_reduce_i32), DT_REDUCE_prod, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    chk_i32("reduce prod i32", out, wp, 8);
    OK(reduce(F(dt_reduce_i32), DT_REDUCE_max, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    chk_i32("reduce max i32", out, wmx, 8);
    OK(reduce(F(dt_reduce_i32), DT_REDUCE_min, 8, 3, &R, x, sizeof(x), out, sizeof(out)));
    chk_i32("reduce min i32", out, wmn, 8);
    OK(reduce(F(dt_reduce_i32), DT_REDUCE_mean, 8, 3, &R, x, sizeof(x), mean, sizeof(mean)));
    chk_f32("reduce mean i32", mean, wmean, 8);
  }
  {  // int64: wrapping sum; a mean whose sum needs more than 64 bits
    const int64_t x[4] = {INT64_MAX, INT64_MAX, INT64_MIN, -1};
    const int32_t sh[2] = {2, 2}, st[2] = {2, 1};
    const RLay Z = rlay(2, 1, 0, sh, st);
    int64_t s[2];
    const int64_t se[2] = {-2, INT64_MAX};
    OK(reduce(F(dt_reduce_i64), DT_REDUCE_sum, 2, 2, &Z, x, sizeof(x), s, sizeof(s)));
    chk_i64("reduce sum i64", s, se, 2);
    float m[2];
    const float me[2] = {9.223372036854775807e18f, -4.611686018427387904e18f};
    OK(reduce(F(dt_reduce_i64), DT_REDUCE_mean, 2, 2, &Z, x, sizeof(x), m, sizeof(m)));
    chk_f32("reduce mean i64", m, me, 2);
  }
  {  // uint8 and bool; a reduction over two axes (0 and 2 of [2, 3, 4]: view [3 | 2, 4])
    uint8_t x[24];
    for (int i = 0; i < 24; i++) x[i] = (uint8_t)(40 * i);
    const int32_t sh[3] = {3, 2, 4}, st[3] = {4, 12, 1};
    const RLay T = rlay(3, 2, 0, sh, st);
    uint8_t out[3], want[3];
    for (int j = 0; j < 3; j++) {
      unsigned s = 0;
      for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++) s += x[i * 12 + j * 4 + k];
      want[j] = (uint8_t)s;
    }
    OK(reduce(F(dt_reduce_u8), DT_REDUCE_sum, 3, 8, &T, x, sizeof(x), out, sizeof(out)));
    chk_u8("reduce sum u8 two axes", out, want, 3);
    uint8_t b[24];
    for (int i = 0; i < 24; i++) b[i] = (i % 7) == 0;
    uint8_t all[3], any[3], mx[3];
    float mean[3];
    const uint8_t ea[3] = {0, 0, 0}, eany[3] = {1, 1, 1};
    OK(reduce(F(dt_reduce_b8), DT_REDUCE_all, 3, 8, &T, b, sizeof(b), all, sizeof(all)));
    chk_u8("reduce all b8", all, ea, 3);
    OK(reduce(F(dt_reduce_b8), DT_REDUCE_any, 3, 8, &T, b, sizeof(b), any, sizeof(any)));
    chk_u8("reduce any b8", any, eany, 3);
    OK(reduce(F(dt_reduce_b8), DT_REDUCE_max, 3, 8, &T, b, sizeof(b), mx, sizeof(mx)));
    chk_u8("reduce max b8", mx, eany, 3);
    OK(reduce(F(dt_reduce_b8), DT_REDUCE_mean, 3, 8, &T, b, sizeof(b), mean, sizeof(mean)));
    float em[3];
    for (int j = 0; j < 3; j++) {
      int c = 0;
      for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++) c += b[i * 12 + j * 4 + k];
      em[j] = (float)(c / 8.0);
    }
    chk_f32("reduce mean b8", mean, em, 3);
    STATUS(reduce(F(dt_reduce_b8), DT_REDUCE_sum, 3, 8, &T, b, sizeof(b), mx, sizeof(mx)),
           DT_ERR_BAD_OP);
    STATUS(reduce(F(dt_reduce_u8), DT_REDUCE_sum, 3, 7, &T, b, sizeof(b), mx, sizeof(mx)),
           DT_ERR_BAD_LAYOUT);
    STATUS(reduce(F(dt_reduce_u8), -1, 3, 8, &T, b, sizeof(b), mx, sizeof(mx)), DT_ERR_BAD_OP);
  }
  {  // a long row (the GPU's block-per-row path): sum of 0..4999 and the f64 sum
    static double x[5000];
    static int64_t l[5000];
    for (int i = 0; i < 5000; i++) x[i] = i * 0.5, l[i] = (int64_t)i * 1000000007LL;
    const int32_t sh[1] = {5000}, st[1] = {1};
    const RLay Z = rlay(1, 1, 0, sh, st);
    double s;
    OK(reduce(F(dt_reduce_f64), DT_REDUCE_sum, 1, 5000, &Z, x, sizeof(x), &s, sizeof(s)));
    const double se = 0.5 * 4999 * 5000 / 2;
    chk_f64("reduce sum long f64", &s, &se, 1);
    int64_t ls;
    OK(reduce(F(dt_reduce_i64), DT_REDUCE_sum, 1, 5000, &Z, l, sizeof(l), &ls, sizeof(ls)));
    const int64_t lse = (int64_t)4999 * 5000 / 2 * 1000000007LL;
    chk_i64("reduce sum long i64", &ls, &lse, 1);
    double mx;
    x[1234] = -0.0;
    OK(reduce(F(dt_reduce_f64), DT_REDUCE_max, 1, 5000, &Z, x, sizeof(x), &mx, sizeof(mx)));
    const double mxe = 4999 * 0.5;
    chk_f64("reduce max long f64", &mx, &mxe, 1);
  }
}

// ---- argmax / argmin ------------------------------------------------------------------------
static void test_arg_reduce(void) {
  const float x[] = {1, 3, 3, 2, /**/ 1, NAN, 5, NAN, /**/ NAN, 9, 9, 9, /**/ 2, 1, 1, 4};
  const int32_t sh[2] = {4, 4}, st[2] = {4, 1};
  const RLay R = rlay(2, 1, 0, sh, st);
  void* dx = up(x, sizeof(x));
  int32_t out[4];
  int64_t out64[4];
  void* dout = dev(sizeof(out64));
  OK(F(dt_arg_reduce_f32)(DT_ARG_argmax, DT_DTYPE_int32, 4, 4, R.v, dx, dout, NULL));
  down(out, dout, sizeof(out));
  const int32_t amax[] = {1, 1, 0, 3};
  chk_i32("argmax f32 ties and NaN", out, amax, 4);
  OK(F(dt_arg_reduce_f32)(DT_ARG_argmin, DT_DTYPE_int64, 4, 4, R.v, dx, dout, NULL));
  down(out64, dout, sizeof(out64));
  const int64_t amin[] = {0, 1, 0, 1};
  chk_i64("argmin f32 int64 out", out64, amin, 4);
  // Along the first axis of the same [4, 4] (a transposed view).
  const int32_t tst[2] = {1, 4};
  const RLay T = rlay(2, 1, 0, sh, tst);
  OK(F(dt_arg_reduce_f32)(DT_ARG_argmax, DT_DTYPE_int32, 4, 4, T.v, dx, dout, NULL));
  down(out, dout, sizeof(out));
  const int32_t tmax[] = {2, 1, 2, 1};
  chk_i32("argmax f32 axis 0", out, tmax, 4);
  // Every dtype; a long row.
  static int64_t l[3000];
  for (int i = 0; i < 3000; i++) l[i] = (i * 7919) % 3001 - 1500;
  const int32_t lsh[1] = {3000}, lst[1] = {1};
  const RLay Lr = rlay(1, 1, 0, lsh, lst);
  int best = 0, worst = 0;
  for (int i = 1; i < 3000; i++) {
    if (l[i] > l[best]) best = i;
    if (l[i] < l[worst]) worst = i;
  }
  void* dl = up(l, sizeof(l));
  OK(F(dt_arg_reduce_i64)(DT_ARG_argmax, DT_DTYPE_int32, 1, 3000, Lr.v, dl, dout, NULL));
  down(out, dout, 4);
  chk_i32("argmax i64 long", out, &best, 1);
  OK(F(dt_arg_reduce_i64)(DT_ARG_argmin, DT_DTYPE_int32, 1, 3000, Lr.v, dl, dout, NULL));
  down(out, dout, 4);
  chk_i32("argmin i64 long", out, &worst, 1);
  const int32_t ix[] = {5, -2, 7, 7};
  const uint8_t ux[] = {5, 200, 7, 200}, bx[] = {0, 1, 0, 1};
  const double fx[] = {-1, -0.0, 0.0, -5};
  const int32_t sh1[1] = {4}, st1[1] = {1};
  const RLay R1 = rlay(1, 1, 0, sh1, st1);
  int32_t r;
  void* d;
  d = up(ix, sizeof(ix));
  OK(F(dt_arg_reduce_i32)(DT_ARG_argmax, DT_DTYPE_int32, 1, 4, R1.v, d, dout, NULL));
  down(&r, dout, 4);
  CHECK(r == 2, "argmax i32 = %d", r);
  d = up(ux, sizeof(ux));
  OK(F(dt_arg_reduce_u8)(DT_ARG_argmax, DT_DTYPE_int32, 1, 4, R1.v, d, dout, NULL));
  down(&r, dout, 4);
  CHECK(r == 1, "argmax u8 = %d", r);
  d = up(bx, sizeof(bx));
  OK(F(dt_arg_reduce_b8)(DT_ARG_argmin, DT_DTYPE_int32, 1, 4, R1.v, d, dout, NULL));
  down(&r, dout, 4);
  CHECK(r == 0, "argmin b8 = %d", r);
  d = up(fx, sizeof(fx));
  OK(F(dt_arg_reduce_f64)(DT_ARG_argmax, DT_DTYPE_int32, 1, 4, R1.v, d, dout, NULL));
  down(&r, dout, 4);
  CHECK(r == 1, "argmax f64 signed zeros = %d", r);
  STATUS(F(dt_arg_reduce_f64)(2, DT_DTYPE_int32, 1, 4, R1.v, d, dout, NULL), DT_ERR_BAD_OP);
  STATUS(F(dt_arg_reduce_f64)(DT_ARG_argmax, DT_DTYPE_float32, 1, 4, R1.v, d, dout, NULL),
         DT_ERR_BAD_DTYPE);
}

// ---- cumsum -----------------------------------------------------------------------------------
static void test_cumsum(void) {
  const int32_t x[] = {1, 2, 3, 4, INT32_MAX, 1, 1, 1};
  const int32_t sh[2] = {2, 4}, st[2] = {4, 1};
  const RLay R = rlay(2, 1, 0, sh, st);
  void* dx = up(x, sizeof(x));
  int32_t out[8];
  void* dout = dev(sizeof(out));
  const int32_t inc[] = {1, 3, 6, 10, INT32_MAX, INT32_MIN, INT32_MIN + 1, INT32_MIN + 2};
  const int32_t exc[] = {0, 1, 3, 6, 0, INT32_MAX, INT32_MIN, INT32_MIN + 1};
  const int32_t rinc[] = {10, 9, 7, 4, INT32_MIN + 2, 3, 2, 1};
  const int32_t rexc[] = {9, 7, 4, 0, 3, 2, 1, 0};
  OK(F(dt_cumsum_i32)(2, 4, R.v, 0, 0, dx, dout, NULL));
  down(out, dout, sizeof(out));
  chk_i32("cumsum i32", out, inc, 8);
  OK(F(dt_cumsum_i32)(2, 4, R.v, 1, 0, dx, dout, NULL));
  down(out, dout, sizeof(out));
  chk_i32("cumsum i32 exclusive", out, exc, 8);
  OK(F(dt_cumsum_i32)(2, 4, R.v, 0, 1, dx, dout, NULL));
  down(out, dout, sizeof(out));
  chk_i32("cumsum i32 reverse", out, rinc, 8);
  OK(F(dt_cumsum_i32)(2, 4, R.v, 1, 1, dx, dout, NULL));
  down(out, dout, sizeof(out));
  chk_i32("cumsum i32 exclusive reverse", out, rexc, 8);
  // float32 rounds every partial sum: 2^24 + 1 + 1 stays 2^24.
  const float f[] = {16777216.0f, 1, 1};
  const int32_t fsh[1] = {3}, fst[1] = {1};
  const RLay F1 = rlay(1, 1, 0, fsh, fst);
  float fo[3];
  void* df = up(f, sizeof(f));
  void* dfo = dev(sizeof(fo));
  OK(F(dt_cumsum_f32)(1, 3, F1.v, 0, 0, df, dfo, NULL));
  down(fo, dfo, sizeof(fo));
  const float fe[] = {16777216.0f, 16777216.0f, 16777216.0f};
  chk_f32("cumsum f32 rounding", fo, fe, 3);
  // Along the first axis of x [2, 4] (view [4 | 2], strides [1 | 4]) into out [4, 2].
  const int32_t tsh[2] = {4, 2}, tst[2] = {1, 4};
  const RLay T = rlay(2, 1, 0, tsh, tst);
  const double d[] = {1, 2, 3, 4, 10, 20, 30, 40};
  double dd[8];
  void* ddx = up(d, sizeof(d));
  void* ddo = dev(sizeof(dd));
  OK(F(dt_cumsum_f64)(4, 2, T.v, 0, 0, ddx, ddo, NULL));
  down(dd, ddo, sizeof(dd));
  const double de[] = {1, 11, 2, 22, 3, 33, 4, 44};
  chk_f64("cumsum f64 axis 0", dd, de, 8);
  const int64_t l[] = {INT64_MAX, 1};
  const int32_t lsh[1] = {2}, lst[1] = {1};
  const RLay L1 = rlay(1, 1, 0, lsh, lst);
  int64_t lo[2];
  void* dl = up(l, sizeof(l));
  void* dlo = dev(sizeof(lo));
  OK(F(dt_cumsum_i64)(1, 2, L1.v, 0, 0, dl, dlo, NULL));
  down(lo, dlo, sizeof(lo));
  const int64_t le[] = {INT64_MAX, INT64_MIN};
  chk_i64("cumsum i64 wraps", lo, le, 2);
  const uint8_t u[] = {200, 100};
  uint8_t uo[2];
  void* du = up(u, 2);
  void* duo = dev(2);
  OK(F(dt_cumsum_u8)(1, 2, L1.v, 0, 0, du, duo, NULL));
  down(uo, duo, 2);
  const uint8_t ue[] = {200, 44};
  chk_u8("cumsum u8 wraps", uo, ue, 2);
  STATUS(F(dt_cumsum_b8)(1, 2, L1.v, 0, 0, du, duo, NULL), DT_ERR_BAD_DTYPE);
}

// ---- gather / scatter_add ------------------------------------------------------------------
static void test_indexing(void) {
  double D[DT_INDEX_SIZE];
  {  // float32 x [2, 3, 2], indices [2, 0, 5 (out of range), 1]
    const float x[12] = {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121};
    const int32_t idx[4] = {2, 0, 5, 1};
    float out[16];
    void* dx = up(x, sizeof(x));
    void* di = up(idx, sizeof(idx));
    void* dout = dev(sizeof(out));
    idims(D, 2, 3, 2, 4);
    D[DT_INDEX_SRC_EXTENT] = 12, D[DT_INDEX_IDX_EXTENT] = 4, D[DT_INDEX_OUT_EXTENT] = 16;
    OK(F(dt_gather)(4, DT_DTYPE_int32, D, dx, di, dout, NULL));
    down(out, dout, sizeof(out));
    const float e[16] = {20, 21, 0, 1, 0, 0, 10, 11, 120, 121, 100, 101, 0, 0, 110, 111};
    chk_f32("gather f32", out, e, 16);
    FLAG_IS(1, 5, 3);
    FLAG_IS(0, 0, 0);  // cleared
  }
  {  // int64 indices, 8-byte elements; uint8 indices, 1-byte elements; 2-byte elements
    const int64_t x[4] = {10, 20, 30, 40};
    const int64_t idx[3] = {3, 3, 0};
    int64_t out[3];
    void* dx = up(x, sizeof(x));
    void* di = up(idx, sizeof(idx));
    void* dout = dev(sizeof(out));
    idims(D, 1, 4, 1, 3);
    OK(F(dt_gather)(8, DT_DTYPE_int64, D, dx, di, dout, NULL));
    down(out, dout, sizeof(out));
    const int64_t e[3] = {40, 40, 10};
    chk_i64("gather i64", out, e, 3);
    const uint8_t bx[3] = {7, 8, 9}, bi[2] = {2, 1};
    uint8_t bo[2];
    void* dbx = up(bx, 3);
    void* dbi = up(bi, 2);
    void* dbo = dev(2);
    idims(D, 1, 3, 1, 2);
    OK(F(dt_gather)(1, DT_DTYPE_uint8, D, dbx, dbi, dbo, NULL));
    down(bo, dbo, 2);
    const uint8_t be[2] = {9, 8};
    chk_u8("gather u8 indices", bo, be, 2);
    const uint16_t hx[2] = {0x3c00, 0x4000};
    uint16_t ho[2];
    void* dhx = up(hx, 4);
    void* dho = dev(4);
    idims(D, 1, 2, 1, 2);
    OK(F(dt_gather)(2, DT_DTYPE_uint8, D, dhx, dbi, dho, NULL));  // indices 2, 1
    down(ho, dho, 4);
    CHECK(ho[0] == 0 && ho[1] == 0x4000, "gather 2-byte %x %x", ho[0], ho[1]);
    FLAG_IS(1, 2, 2);
    STATUS(F(dt_gather)(4, DT_DTYPE_float32, D, dhx, dbi, dho, NULL), DT_ERR_BAD_DTYPE);
    STATUS(F(dt_gather)(3, DT_DTYPE_uint8, D, dhx, dbi, dho, NULL), DT_ERR_BAD_DTYPE);
    idims(D, -1, 2, 1, 2);
    STATUS(F(dt_gather)(4, DT_DTYPE_uint8, D, dhx, dbi, dho, NULL), DT_ERR_BAD_LAYOUT);
    idims(D, 1, 2, 1.5, 2);
    STATUS(F(dt_gather)(4, DT_DTYPE_uint8, D, dhx, dbi, dho, NULL), DT_ERR_BAD_LAYOUT);
    STATUS(F(dt_gather)(4, DT_DTYPE_uint8, NULL, dhx, dbi, dho, NULL), DT_ERR_BAD_LAYOUT);
  }
  {  // scatter_add with repeated indices: out [2, 3, 2] += updates [2, 4, 2]
    const float base[12] = {0};
    float u[16];
    for (int i = 0; i < 16; i++) u[i] = (float)(i + 1);
    const int32_t idx[4] = {0, 2, 0, 0};
    float out[12];
    void* dout = up(base, sizeof(base));
    void* du = up(u, sizeof(u));
    void* di = up(idx, sizeof(idx));
    idims(D, 2, 3, 2, 4);
    D[DT_INDEX_SRC_EXTENT] = 16, D[DT_INDEX_IDX_EXTENT] = 4, D[DT_INDEX_OUT_EXTENT] = 12;
    OK(F(dt_scatter_add_f32)(DT_DTYPE_int32, D, du, di, dout, NULL));
    down(out, dout, sizeof(out));
    const float e[12] = {1 + 5 + 7, 2 + 6 + 8, 0, 0, 3, 4, 9 + 13 + 15, 10 + 14 + 16, 0, 0, 11, 12};
    chk_f32("scatter_add f32", out, e, 12);
    // int64 indices with one out of range (-1): skipped, flag set.
    const int64_t lidx[3] = {1, -1, 1};
    const int32_t iu[3] = {INT32_MAX, 5, 1};
    int32_t iout[2] = {0, 0};
    void* dio = up(iout, sizeof(iout));
    void* diu = up(iu, sizeof(iu));
    void* dli = up(lidx, sizeof(lidx));
    idims(D, 1, 2, 1, 3);
    OK(F(dt_scatter_add_i32)(DT_DTYPE_int64, D, diu, dli, dio, NULL));
    down(iout, dio, sizeof(iout));
    const int32_t ie[2] = {0, INT32_MIN};
    chk_i32("scatter_add i32 wraps", iout, ie, 2);
    FLAG_IS(1, -1, 2);
    // The other dtypes.
    const double du_[2] = {0.5, 0.25};
    double dob[2] = {1, 1};
    const uint8_t ui[2] = {1, 1};
    void* dd = up(dob, sizeof(dob));
    void* ddu = up(du_, sizeof(du_));
    void* dui = up(ui, 2);
    idims(D, 1, 2, 1, 2);
    OK(F(dt_scatter_add_f64)(DT_DTYPE_uint8, D, ddu, dui, dd, NULL));
    down(dob, dd, sizeof(dob));
    const double de[2] = {1, 1.75};
    chk_f64("scatter_add f64", dob, de, 2);
    const int64_t lu[2] = {INT64_MAX, 1};
    int64_t lo[2] = {0, 0};
    void* dlo = up(lo, sizeof(lo));
    void* dlu = up(lu, sizeof(lu));
    OK(F(dt_scatter_add_i64)(DT_DTYPE_uint8, D, dlu, dui, dlo, NULL));
    down(lo, dlo, sizeof(lo));
    const int64_t lexp[2] = {0, INT64_MIN};
    chk_i64("scatter_add i64", lo, lexp, 2);
    const uint8_t bu[2] = {200, 100};
    uint8_t bo[2] = {0, 0};
    void* dbo = up(bo, 2);
    void* dbu = up(bu, 2);
    OK(F(dt_scatter_add_u8)(DT_DTYPE_uint8, D, dbu, dui, dbo, NULL));
    down(bo, dbo, 2);
    const uint8_t bexp[2] = {0, 44};
    chk_u8("scatter_add u8", bo, bexp, 2);
    const uint8_t tu[2] = {1, 0};
    uint8_t to[2] = {0, 0};
    void* dto = up(to, 2);
    void* dtu = up(tu, 2);
    OK(F(dt_scatter_add_b8)(DT_DTYPE_uint8, D, dtu, dui, dto, NULL));
    down(to, dto, 2);
    const uint8_t texp[2] = {0, 1};
    chk_u8("scatter_add b8", to, texp, 2);
    STATUS(F(dt_scatter_add_b8)(DT_DTYPE_float32, D, dtu, dui, dto, NULL), DT_ERR_BAD_DTYPE);
    idims(D, 1, -2, 1, 2);
    STATUS(F(dt_scatter_add_b8)(DT_DTYPE_uint8, D, dtu, dui, dto, NULL), DT_ERR_BAD_LAYOUT);
    FLAG_IS(0, 0, 0);  // no bad index since
  }
}

// ---- im2col / col2im ----------------------------------------------------------------------------
// A geometry (DT_CONV_* order), extents unchecked (-1).
static void geom(double* g, double n, double h, double w, double c, double kh, double kw,
                 double sh, double sw, double dh, double dw, double top, double left, double oh,
                 double ow) {
  const double v[DT_CONV_SIZE] = {n, h, w, c, kh, kw, sh, sw, dh, dw, top, left, oh, ow, -1, -1};
  memcpy(g, v, sizeof(v));
}
typedef int32_t (*ConvFn)(const double*, const void*, void*, void*);
// Runs dt_im2col_<s> or dt_col2im_<s> (elements of esz bytes) on host arrays, the extents being
// the arrays' sizes.
static int32_t conv(ConvFn fn, size_t esz, double* g, const void* in, size_t ib, void* out,
                    size_t ob) {
  void* din = up(in, ib);
  void* dout = dev(ob);
  g[DT_CONV_IN_EXTENT] = (double)(ib / esz);
  g[DT_CONV_OUT_EXTENT] = (double)(ob / esz);
  const int32_t st = fn(g, din, dout, NULL);
  if (st == 0) down(out, dout, ob);
  return st;
}

static void test_conv(void) {
  double g[DT_CONV_SIZE];
  {  // 2x2 taps over a 3x3 image padded at the bottom and right (SAME), float32
    const float x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    geom(g, 1, 3, 3, 1, 2, 2, 1, 1, 1, 1, 0, 0, 3, 3);
    float cols[36];
    OK(conv((ConvFn)F(dt_im2col_f32), 4, g, x, sizeof(x), cols, sizeof(cols)));
    const float e[36] = {1, 2, 4, 5, 2, 3, 5, 6, 3, 0, 6, 0, 4, 5, 7, 8, 5, 6, 8, 9, 6, 0, 9, 0,
                         7, 8, 0, 0, 8, 9, 0, 0, 9, 0, 0, 0};
    chk_f32("im2col f32 SAME", cols, e, 36);
    // col2im of the patches: each pixel times the number of taps that read it.
    float back[9];
    OK(conv((ConvFn)F(dt_col2im_f32), 4, g, cols, sizeof(cols), back, sizeof(back)));
    const float eb[9] = {1, 4, 6, 8, 20, 24, 14, 32, 36};
    chk_f32("col2im f32 SAME", back, eb, 9);
  }
  {  // one row, stride 2, dilation 2, one column of padding on the left: x [1, 1, 5, 1]
    const float x[5] = {1, 2, 3, 4, 5};
    geom(g, 1, 1, 5, 1, 1, 2, 1, 2, 1, 2, 0, 1, 1, 3);
    float cols[6];
    OK(conv((ConvFn)F(dt_im2col_f32), 4, g, x, sizeof(x), cols, sizeof(cols)));
    const float e[6] = {0, 2, 2, 4, 4, 0};  // taps at -1, 1 | 1, 3 | 3, 5
    chk_f32("im2col f32 strides dilations", cols, e, 6);
    const float y[6] = {1, 2, 3, 4, 5, 6};
    float back[5];
    OK(conv((ConvFn)F(dt_col2im_f32), 4, g, y, sizeof(y), back, sizeof(back)));
    const float eb[5] = {0, 2 + 3, 0, 4 + 5, 0};
    chk_f32("col2im f32 strides dilations", back, eb, 5);
  }
  {  // the same along the height, two channels, float64: x [1, 5, 1, 2]
    const double x[10] = {1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5};
    geom(g, 1, 5, 1, 2, 2, 1, 2, 1, 2, 1, 1, 0, 3, 1);
    double cols[12];
    OK(conv((ConvFn)F(dt_im2col_f64), 8, g, x, sizeof(x), cols, sizeof(cols)));
    const double e[12] = {0, 0, 2, 2.5, 2, 2.5, 4, 4.5, 4, 4.5, 0, 0};  // rows -1, 1 | 1, 3 | 3, 5
    chk_f64("im2col f64 strides dilations", cols, e, 12);
    double back[10];
    OK(conv((ConvFn)F(dt_col2im_f64), 8, g, cols, sizeof(cols), back, sizeof(back)));
    const double eb[10] = {0, 0, 4, 5, 0, 0, 8, 9, 0, 0};
    chk_f64("col2im f64 strides dilations", back, eb, 10);
  }
  {  // integers: col2im wraps (int32, int64, uint8; bool adds as uint8); x [1, 1, 2, 1]
    geom(g, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 0, 1, 1, 2);  // taps -1, 0 | 0, 1
    const int32_t xi[2] = {7, 8};
    int32_t ci[4];
    OK(conv((ConvFn)F(dt_im2col_i32), 4, g, xi, sizeof(xi), ci, sizeof(ci)));
    const int32_t ei[4] = {0, 7, 7, 8};
    chk_i32("im2col i32", ci, ei, 4);
    const int32_t yi[4] = {100, INT32_MAX, 1, 5};
    int32_t bi[2];
    OK(conv((ConvFn)F(dt_col2im_i32), 4, g, yi, sizeof(yi), bi, sizeof(bi)));
    const int32_t ebi[2] = {INT32_MIN, 5};
    chk_i32("col2im i32 wraps", bi, ebi, 2);
    const int64_t yl[4] = {0, INT64_MAX, 2, -3};
    int64_t bl[2];
    OK(conv((ConvFn)F(dt_col2im_i64), 8, g, yl, sizeof(yl), bl, sizeof(bl)));
    const int64_t ebl[2] = {INT64_MIN + 1, -3};
    chk_i64("col2im i64 wraps", bl, ebl, 2);
    const int64_t xl[2] = {-1, INT64_MAX};
    int64_t cl[4];
    OK(conv((ConvFn)F(dt_im2col_i64), 8, g, xl, sizeof(xl), cl, sizeof(cl)));
    const int64_t ecl[4] = {0, -1, -1, INT64_MAX};
    chk_i64("im2col i64", cl, ecl, 4);
    const uint8_t yu[4] = {1, 200, 100, 3};
    uint8_t bu[2], cu[4];
    OK(conv((ConvFn)F(dt_col2im_u8), 1, g, yu, sizeof(yu), bu, sizeof(bu)));
    const uint8_t ebu[2] = {44, 3};
    chk_u8("col2im u8 wraps", bu, ebu, 2);
    OK(conv((ConvFn)F(dt_im2col_u8), 1, g, yu, 2, cu, sizeof(cu)));
    const uint8_t ecu[4] = {0, 1, 1, 200};
    chk_u8("im2col u8", cu, ecu, 4);
    const uint8_t yb[4] = {1, 1, 1, 0};
    uint8_t bb[2], cb[4];
    OK(conv((ConvFn)F(dt_col2im_b8), 1, g, yb, sizeof(yb), bb, sizeof(bb)));
    const uint8_t ebb[2] = {2, 0};
    chk_u8("col2im b8", bb, ebb, 2);
    OK(conv((ConvFn)F(dt_im2col_b8), 1, g, yb + 1, 2, cb, sizeof(cb)));
    const uint8_t ecb[4] = {0, 1, 1, 1};
    chk_u8("im2col b8", cb, ecb, 4);
  }
  {  // batches, channels, every feature at once: against a reference loop, and the adjoint
    // identity <im2col(x), y> = <x, col2im(y)> (small integers: every sum is exact).
    enum { B = 2, H = 5, W = 6, C = 3, KH = 3, KW = 2, OH = 3, OW = 4 };
    enum { NX = B * H * W * C, NC = B * OH * OW * KH * KW * C };
    geom(g, B, H, W, C, KH, KW, 2, 1, 1, 2, 1, 2, OH, OW);  // rows 2oy-1+ky, cols ox-2+2kx
    static double x[NX], y[NC], cols[NC], back[NX], want[NC];
    static float xf[NX], yf[NC], colsf[NC], backf[NX];
    uint32_t s = 12345;
    for (int i = 0; i < NX; i++) {
      s = s * 1664525u + 1013904223u;
      x[i] = (double)((int)(s >> 28) - 8);
      xf[i] = (float)x[i];
    }
    for (int i = 0; i < NC; i++) {
      s = s * 1664525u + 1013904223u;
      y[i] = (double)((int)(s >> 28) - 8);
      yf[i] = (float)y[i];
    }
    int e = 0;
    for (int b = 0; b < B; b++)
      for (int oy = 0; oy < OH; oy++)
        for (int ox = 0; ox < OW; ox++)
          for (int ky = 0; ky < KH; ky++)
            for (int kx = 0; kx < KW; kx++)
              for (int ch = 0; ch < C; ch++, e++) {
                const int iy = 2 * oy - 1 + ky, ix = ox - 2 + 2 * kx;
                want[e] = iy >= 0 && iy < H && ix >= 0 && ix < W
                              ? x[((b * H + iy) * W + ix) * C + ch]
                              : 0;
              }
    OK(conv((ConvFn)F(dt_im2col_f64), 8, g, x, sizeof(x), cols, sizeof(cols)));
    chk_f64("im2col f64 reference", cols, want, NC);
    OK(conv((ConvFn)F(dt_col2im_f64), 8, g, y, sizeof(y), back, sizeof(back)));
    OK(conv((ConvFn)F(dt_im2col_f32), 4, g, xf, sizeof(xf), colsf, sizeof(colsf)));
    OK(conv((ConvFn)F(dt_col2im_f32), 4, g, yf, sizeof(yf), backf, sizeof(backf)));
    double lhs = 0, rhs = 0, lhsf = 0, rhsf = 0;
    for (int i = 0; i < NC; i++) lhs += cols[i] * y[i], lhsf += (double)colsf[i] * yf[i];
    for (int i = 0; i < NX; i++) rhs += x[i] * back[i], rhsf += (double)xf[i] * backf[i];
    CHECK(lhs == rhs && lhs != 0, "adjoint f64: <im2col(x), y> = %g, <x, col2im(y)> = %g", lhs,
          rhs);
    CHECK(lhsf == lhs && rhsf == rhs, "adjoint f32: %g, %g (f64: %g)", lhsf, rhsf, lhs);
  }
  {  // empty and bad geometries
    float z[4] = {0};
    void* dz = up(z, sizeof(z));
    geom(g, 0, 3, 3, 1, 2, 2, 1, 1, 1, 1, 0, 0, 3, 3);
    OK(F(dt_im2col_f32)(g, dz, dz, NULL));
    OK(F(dt_col2im_f32)(g, dz, dz, NULL));
    STATUS(F(dt_im2col_f32)(NULL, dz, dz, NULL), DT_ERR_BAD_LAYOUT);
    geom(g, 1, 3, 3, 1, 0, 2, 1, 1, 1, 1, 0, 0, 3, 3);  // kh 0
    STATUS(F(dt_im2col_f32)(g, dz, dz, NULL), DT_ERR_BAD_LAYOUT);
    geom(g, 1, 3, 3, 1, 2, 2, 1, 1, 1, 1, -1, 0, 3, 3);  // negative padding
    STATUS(F(dt_col2im_i32)(g, dz, dz, NULL), DT_ERR_BAD_LAYOUT);
    geom(g, 1, 3, 3, 1, 2, 2, 0, 1, 1, 1, 0, 0, 3, 3);  // stride 0
    STATUS(F(dt_col2im_f64)(g, dz, dz, NULL), DT_ERR_BAD_LAYOUT);
    geom(g, 1, 3, 3, 1, 2, 2, 1, 1, 1, 1, 0.5, 0, 3, 3);  // not an integer
    STATUS(F(dt_im2col_f32)(g, dz, dz, NULL), DT_ERR_BAD_LAYOUT);
    // 2^31 patch entries: no longer a limit, but far beyond these 4 elements' extents.
    geom(g, 4, 1024, 1024, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1024, 1024);
    g[DT_CONV_IN_EXTENT] = g[DT_CONV_OUT_EXTENT] = 4;
    STATUS(F(dt_im2col_u8)(g, dz, dz, NULL), DT_ERR_OUT_OF_BOUNDS);
    // Element counts beyond int64: 2^52 * 2^52 patch entries.
    geom(g, 4503599627370496.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 4503599627370496.0, 1);
    STATUS(F(dt_im2col_u8)(g, dz, dz, NULL), DT_ERR_BAD_LAYOUT);
    // Tap positions beyond int64: (oh - 1) * sh.
    geom(g, 1, 1, 1, 1, 1, 1, 4503599627370496.0, 1, 1, 1, 0, 0, 4096, 1);
    STATUS(F(dt_im2col_u8)(g, dz, dz, NULL), DT_ERR_BAD_LAYOUT);
  }
}

// ---- matmul -----------------------------------------------------------------------------------
static void test_matmul(void) {
  double ML[DT_MLAYOUT_SIZE];
  // a: [2, 2, 3] stored transposed ([2, 3, 2] in memory: a_row 1, a_col 2, a_batch 6);
  // b: [3, 2] shared by both batches (b_batch 0), stored row-major with offset 1.
  double am[12], bm[7], out[8], want[8];
  for (int i = 0; i < 12; i++) am[i] = i - 5.5;
  for (int i = 0; i < 7; i++) bm[i] = i * 0.25 + 1;
  const int32_t ml[8] = {0, 6, 1, 2, 1, 0, 2, 1};
  for (int bb = 0; bb < 2; bb++)
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        double s = 0;
        for (int q = 0; q < 3; q++) s += am[bb * 6 + i * 1 + q * 2] * bm[1 + q * 2 + j];
        want[(bb * 2 + i) * 2 + j] = s;
      }
  void* da = up(am, sizeof(am));
  void* db = up(bm, sizeof(bm));
  void* dout = dev(sizeof(out));
  mlay(ML, 2, 2, 2, 3, ml);
  ML[DT_MLAYOUT_A_EXTENT] = 12, ML[DT_MLAYOUT_B_EXTENT] = 7, ML[DT_MLAYOUT_OUT_EXTENT] = 8;
  OK(F(dt_matmul_f64)(ML, da, db, dout, NULL));
  down(out, dout, sizeof(out));
  chk_f64("matmul f64 transposed, batch stride 0", out, want, 8);
  // float32: accumulated in float64 and rounded once.
  float af[3] = {16777216.0f, 1, 1}, bf[3] = {1, 1, 1}, of;
  const int32_t fl[8] = {0, 0, 3, 1, 0, 0, 1, 1};
  void* dfa = up(af, sizeof(af));
  void* dfb = up(bf, sizeof(bf));
  void* dfo = dev(4);
  OK(F(dt_matmul_f32)(mlay(ML, 1, 1, 1, 3, fl), dfa, dfb, dfo, NULL));
  down(&of, dfo, 4);
  const float ofe = 16777218.0f;
  chk_f32("matmul f32 float64 accumulation", &of, &ofe, 1);
  // Integers wrap.
  const int32_t ai[2] = {65536, 3}, bi[2] = {65536, 4};
  int32_t oi;
  const int32_t il[8] = {0, 0, 2, 1, 0, 0, 1, 1};
  void* dai = up(ai, 8);
  void* dbi = up(bi, 8);
  void* doi = dev(4);
  OK(F(dt_matmul_i32)(mlay(ML, 1, 1, 1, 2, il), dai, dbi, doi, NULL));
  down(&oi, doi, 4);
  CHECK(oi == 12, "matmul i32 = %d", oi);
  const int64_t al[2] = {INT64_MAX, 2}, bl[2] = {2, 1};
  int64_t ol;
  void* dal = up(al, 16);
  void* dbl = up(bl, 16);
  void* dol = dev(8);
  OK(F(dt_matmul_i64)(mlay(ML, 1, 1, 1, 2, il), dal, dbl, dol, NULL));
  down(&ol, dol, 8);
  CHECK(ol == 0, "matmul i64 = %lld", (long long)ol);
  const uint8_t au[2] = {16, 3}, bu[2] = {16, 5};
  uint8_t ou;
  void* dau = up(au, 2);
  void* dbu = up(bu, 2);
  void* dou = dev(1);
  OK(F(dt_matmul_u8)(mlay(ML, 1, 1, 1, 2, il), dau, dbu, dou, NULL));
  down(&ou, dou, 1);
  CHECK(ou == 15, "matmul u8 = %u", ou);
  // A larger product (several GPU tiles, k not a multiple of the tile).
  enum { M = 37, K = 19, NN = 21 };
  static float A[M * K], B[K * NN], O[M * NN], W[M * NN];
  for (int i = 0; i < M * K; i++) A[i] = (float)((i * 37) % 11) - 5;
  for (int i = 0; i < K * NN; i++) B[i] = (float)((i * 13) % 7) * 0.5f;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < NN; j++) {
      double s = 0;
      for (int q = 0; q < K; q++) s += (double)A[i * K + q] * B[q * NN + j];
      W[i * NN + j] = (float)s;
    }
  const int32_t gl[8] = {0, 0, K, 1, 0, 0, NN, 1};
  void* dA = up(A, sizeof(A));
  void* dB = up(B, sizeof(B));
  void* dO = dev(sizeof(O));
  OK(F(dt_matmul_f32)(mlay(ML, 1, M, NN, K, gl), dA, dB, dO, NULL));
  down(O, dO, sizeof(O));
  chk_f32("matmul f32 37x19x21", O, W, M * NN);
  STATUS(F(dt_matmul_b8)(mlay(ML, 1, 1, 1, 2, il), dau, dbu, dou, NULL), DT_ERR_BAD_DTYPE);
  STATUS(F(dt_matmul_f32)(mlay(ML, 1, -1, 1, 2, il), dau, dbu, dou, NULL), DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_matmul_f32)(mlay(ML, 1, 1, 1, NAN, il), dau, dbu, dou, NULL), DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_matmul_f32)(NULL, dau, dbu, dou, NULL), DT_ERR_BAD_LAYOUT);
  OK(F(dt_matmul_f32)(mlay(ML, 1, 0, 1, 2, il), NULL, NULL, NULL, NULL));  // no elements
}

// ---- random -----------------------------------------------------------------------------------
// From src/random.ts (deno run: philoxWords, uniform24/uniform53, boxMuller), bit for bit.
// uni_f32: float32 op 0 key (1234, 42) call 0 a 0 b 1 n 7
static const uint32_t EXP_UNI_F32[7] = {0x3e132e2cu, 0x3e3b6e3cu, 0x3f74e277u, 0x3ea33172u,
                                        0x3f4c7da8u, 0x3ee81366u, 0x3ebdc7dau};
// uni_f32_c3: float32 op 0 key (3735928559, 7) call 3 a -2 b 3 n 9
static const uint32_t EXP_UNI_F32_C3[9] = {0x3fbd7efcu, 0x3f7f4d74u, 0xbf3428b1u,
                                           0x3f8e7602u, 0xbfa8c026u, 0x402c59c4u,
                                           0x3f5ba3ddu, 0xbe7238c8u, 0xbea1643au};
// uni_f64: float64 op 0 key (1234, 42) call 1 a 0 b 1 n 5
static const uint64_t EXP_UNI_F64[5] = {0x3fea170b01b0e5b4ull, 0x3f8e77d3995f7080ull,
                                        0x3fe9db1ca15905abull, 0x3fe52fbfb1246ab9ull,
                                        0x3fd16627e6ca841aull};
// uni_i32: int32 op 0 key (99, 0) call 2 a -5 b 5 n 7
static const int32_t EXP_UNI_I32[7] = {-5, 4, -5, -5, -2, 0, 1};
// uni_i64: int64 op 0 key (99, 0) call 2 a -1000 b 1000 n 5
static const int64_t EXP_UNI_I64[5] = {-878ll, 849ll, -945ll, -821ll, -212ll};
// nrm_f32: float32 op 1 key (1234, 42) call 0 a 1 b 2 n 7
static const uint32_t EXP_NRM_F32[7] = {0x4026f939u, 0x409310c2u, 0x3f402489u, 0x3fc5461eu,
                                        0xbe91056au, 0x3fb1a8d8u, 0x3ff826d4u};
// nrm_f64: float64 op 1 key (5, 6) call 4 a 0 b 1 n 6
static const uint64_t EXP_NRM_F64[6] = {0x3fd6c91d124df92bull, 0x3fe5a41131263633ull,
                                        0x3fc9eb508571e137ull, 0x3fd459d7e1db1f5aull,
                                        0xbfaacadaf9ec2d62ull, 0x3fdf31d2aa8ef3a5ull};

static void test_random(void) {
  uint8_t raw[128];
  void* d = dev(sizeof(raw));
  char what[64];
#define RAND(OP, DT, K0, K1, CALL, A, B, NV, EXP, SIZE)                          \
  do {                                                                           \
    memset(raw, 0xAB, sizeof(raw));                                              \
    to_dev(d, raw, sizeof(raw));                                                 \
    OK(F(dt_random)(OP, DT, NV, (int32_t)(K0), K1, CALL, A, B, NV, d, NULL));    \
    down(raw, d, sizeof(raw));                                                   \
    snprintf(what, sizeof(what), "random %s", #EXP);                             \
    checks++;                                                                    \
    if (memcmp(raw, EXP, (SIZE) * (NV)) != 0) FAIL("%s differs from the CPU", what); \
    checks++;                                                                    \
    if (raw[(SIZE) * (NV)] != 0xAB) FAIL("%s wrote past its end", what);         \
  } while (0)
  RAND(DT_RANDOM_uniform, DT_DTYPE_float32, 1234, 42, 0, 0, 1, 7, EXP_UNI_F32, 4);
  RAND(DT_RANDOM_uniform, DT_DTYPE_float32, 3735928559u, 7, 3, -2, 3, 9, EXP_UNI_F32_C3, 4);
  RAND(DT_RANDOM_uniform, DT_DTYPE_float64, 1234, 42, 1, 0, 1, 5, EXP_UNI_F64, 8);
  RAND(DT_RANDOM_uniform, DT_DTYPE_int32, 99, 0, 2, -5, 5, 7, EXP_UNI_I32, 4);
  RAND(DT_RANDOM_uniform, DT_DTYPE_int64, 99, 0, 2, -1000, 1000, 5, EXP_UNI_I64, 8);
  RAND(DT_RANDOM_normal, DT_DTYPE_float32, 1234, 42, 0, 1, 2, 7, EXP_NRM_F32, 4);
#undef RAND
  // float64 normal goes through log, cos and sin, whose last bit may differ between C libraries
  // (and the JavaScript engine): within 2 ulp.
  OK(F(dt_random)(DT_RANDOM_normal, DT_DTYPE_float64, 6, 5, 6, 4, 0, 1, -1, d, NULL));
  down(raw, d, 6 * 8);
  for (int i = 0; i < 6; i++) {
    int64_t g, e;
    memcpy(&g, raw + 8 * i, 8);
    memcpy(&e, &EXP_NRM_F64[i], 8);
    const int64_t diff = g > e ? g - e : e - g;  // same signs: the bit patterns are ordered
    checks++;
    if (diff > 2) FAIL("random normal float64 [%d] differs by %lld ulp", i, (long long)diff);
  }
  STATUS(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_uint8, 4, 1, 2, 0, 0, 1, -1, d, NULL),
         DT_ERR_BAD_DTYPE);
  STATUS(F(dt_random)(DT_RANDOM_normal, DT_DTYPE_int32, 4, 1, 2, 0, 0, 1, -1, d, NULL),
         DT_ERR_BAD_DTYPE);
  STATUS(F(dt_random)(2, DT_DTYPE_float32, 4, 1, 2, 0, 0, 1, -1, d, NULL), DT_ERR_BAD_OP);
  STATUS(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_float32, -1, 1, 2, 0, 0, 1, -1, d, NULL),
         DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_float32, 2.5, 1, 2, 0, 0, 1, -1, d, NULL),
         DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_float32, 4, 1, 2, 0, 0, 1, NAN, d, NULL),
         DT_ERR_BAD_LAYOUT);
  OK(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_float32, 0, 1, 2, 0, 0, 1, -1, d, NULL));
  // The extent: n values into fewer elements touch nothing.
  memset(raw, 0xAB, sizeof(raw));
  to_dev(d, raw, sizeof(raw));
  STATUS(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_float32, 9, 1, 2, 0, 0, 1, 8, d, NULL),
         DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_random)(DT_RANDOM_normal, DT_DTYPE_float64, 3, 1, 2, 0, 0, 1, 2, d, NULL),
         DT_ERR_OUT_OF_BOUNDS);
  OK(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_float32, 0, 1, 2, 0, 0, 1, 0, d, NULL));
  down(raw, d, sizeof(raw));
  checks++;
  for (int i = 0; i < (int)sizeof(raw); i++) {
    if (raw[i] != 0xAB) {
      FAIL("random out of bounds wrote byte %d", i);
      break;
    }
  }
}

// ---- layout validation and extents -------------------------------------------------------------
static const float SENT[8] = {-7, -7, -7, -7, -7, -7, -7, -7};
// out (8 floats) still holds the sentinel: a refused call touched nothing.
static void untouched(const char* what, const void* dout) {
  float o[8];
  down(o, dout, sizeof(o));
  chk_f32(what, o, SENT, 8);
}

static void test_bounds(void) {
  const float x[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  void* dx = up(x, sizeof(x));
  void* dout = up(SENT, sizeof(SENT));
  const double TWO53 = 9007199254740992.0;
  {  // entries that are not integers of magnitude <= 2^53: DT_ERR_BAD_LAYOUT
    const double bad[] = {0.5, -2.25, NAN, INFINITY, -INFINITY, TWO53 + 2, -(TWO53 + 2), 1e300};
    const int entries[] = {DT_LAYOUT_NDIM,       DT_LAYOUT_FLAGS,      DT_LAYOUT_OFFSET,
                           DT_LAYOUT_OFFSET + 1, DT_LAYOUT_EXTENT,     DT_LAYOUT_EXTENT + 1,
                           DT_LAYOUT_SHAPE};
    const Lay L = flat(8, 2);
    for (int i = 0; i < N(bad); i++) {
      for (int e = 0; e < N(entries); e++) {
        Lay B = L;
        B.v[entries[e]] = bad[i];
        const int32_t st = F(dt_unary_f32)(DT_UNARY_neg, 8, B.v, dx, dout, NULL);
        checks++;
        if (st != DT_ERR_BAD_LAYOUT) FAIL("entry %d = %g: status %d", entries[e], bad[i], st);
      }
      // The element count itself.
      STATUS(F(dt_unary_f32)(DT_UNARY_neg, bad[i], L.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
      // A strided layout's shape and strides.
      const int32_t shape[2] = {2, 4}, st2[2] = {4, 1};
      Lay S = lay(2, shape);
      lay_op(&S, 0, 0, st2);
      lay_op(&S, 1, 0, st2);
      S.v[DT_LAYOUT_STRIDES + 8 + 1] = bad[i];
      STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, S.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
      lay_op(&S, 1, 0, st2);
      S.v[DT_LAYOUT_SHAPE + 1] = bad[i];
      STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, S.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    }
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, -8, L.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, NULL, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    // 2^53 itself is an entry: offsets of +-2^53 with unchecked extents and no elements.
    Lay Z = flat(0, 2);
    Z.v[DT_LAYOUT_OFFSET] = TWO53, Z.v[DT_LAYOUT_OFFSET + 1] = -TWO53;
    lay_ext(&Z, 0, -1), lay_ext(&Z, 1, -TWO53);
    OK(F(dt_unary_f32)(DT_UNARY_neg, 0, Z.v, NULL, NULL, NULL));
    // Strides whose reach overflows int64 (2^53 * 2^52): bad whatever the extent.
    const int32_t bshape[2] = {2, 1 << 30};
    Lay O = lay(2, bshape);
    const int32_t os[2] = {0, 1};
    lay_op(&O, 0, 0, os);
    lay_op(&O, 1, 0, os);
    lay_ext(&O, 0, 8), lay_ext(&O, 1, 8);
    O.v[DT_LAYOUT_STRIDES + 0] = TWO53;
    O.v[DT_LAYOUT_STRIDES + 1] = TWO53;
    O.v[DT_LAYOUT_SHAPE] = 4503599627370496.0;  // 2^52, n = 2^82: not a count either
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, TWO53, O.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    O.v[DT_LAYOUT_SHAPE] = 2;
    O.v[DT_LAYOUT_SHAPE + 1] = 2;
    O.v[DT_LAYOUT_STRIDES + 0] = -TWO53;  // offsets down to -2^54: fine in int64 ...
    O.v[DT_LAYOUT_STRIDES + 1] = -TWO53;
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 4, O.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // ... and the same from offset -2^53 with 1024 x 1024 steps of -2^53: beyond int64.
    O.v[DT_LAYOUT_SHAPE] = 1024, O.v[DT_LAYOUT_SHAPE + 1] = 1024;
    O.v[DT_LAYOUT_OFFSET] = -TWO53;
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 1048576, O.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    // The reduction, range layouts (matmul, conv and gather: their own tests).
    const int32_t rsh[1] = {8}, rst[1] = {1};
    RLay R = rlay(1, 1, 0, rsh, rst);
    R.v[DT_RLAYOUT_OFFSET] = 0.5;
    STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 1, 8, R.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    R = rlay(1, 1, 0, rsh, rst);
    R.v[DT_RLAYOUT_OUT_EXTENT] = NAN;
    STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 1, 8, R.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    R = rlay(1, 1, 0, rsh, rst);
    STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 1, 8.5, R.v, dx, dout, NULL), DT_ERR_BAD_LAYOUT);
    STATUS(F(dt_range_f32)(8, 0, 1, 0.5, dout, NULL), DT_ERR_BAD_LAYOUT);
    STATUS(F(dt_range_f32)(TWO53 + 2, 0, 1, -1, dout, NULL), DT_ERR_BAD_LAYOUT);
    untouched("bad layouts touch nothing", dout);
  }
  {  // elementwise: every element the layout reaches must lie in [0, extent)
    Lay L = flat(8, 2);
    OK(F(dt_copy)(4, 8, L.v, dx, dout, NULL));  // extents 8: exact
    to_dev(dout, SENT, sizeof(SENT));
    lay_ext(&L, 0, 7);
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, L.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    L = flat(8, 2);
    lay_ext(&L, 1, 7);
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, L.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    L = flat(7, 2);
    L.v[DT_LAYOUT_OFFSET] = 1;
    lay_ext(&L, 0, 8);
    OK(F(dt_unary_f32)(DT_UNARY_neg, 0, flat(0, 2).v, dx, dout, NULL));
    lay_ext(&L, 0, 7);  // x[1 .. 7] of 7 elements
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 7, L.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    L.v[DT_LAYOUT_OFFSET] = -1;  // below the pointer
    lay_ext(&L, 0, 8);
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 7, L.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // Strided: [2, 4] with row stride 5 reaches element 8 (extent 8: out of bounds; 9: fine).
    const int32_t shape[2] = {2, 4}, xs[2] = {5, 1}, os[2] = {4, 1};
    Lay S = lay(2, shape);
    lay_op(&S, 0, 0, xs);
    lay_op(&S, 1, 0, os);
    lay_ext(&S, 0, 8), lay_ext(&S, 1, 8);
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, S.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    STATUS(F(dt_cast_f32)(DT_DTYPE_float32, 8, S.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    STATUS(F(dt_copy)(4, 8, S.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // A negative-stride view: x[7 - i] from offset 7 reaches [0, 7]; from offset 6 it reaches -1.
    const int32_t one[1] = {8}, rev[1] = {-1}, fwd[1] = {1};
    Lay V = lay(1, one);
    lay_op(&V, 0, 6, rev);
    lay_op(&V, 1, 0, fwd);
    lay_ext(&V, 0, 8), lay_ext(&V, 1, 8);
    STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, V.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    lay_ext(&V, 0, -1);  // unchecked: not refused (not run: it would read x[-1])
    V.v[DT_LAYOUT_OFFSET] = 7;
    lay_ext(&V, 0, 8);
    untouched("refused elementwise calls touch nothing", dout);
    float o[8];
    OK(F(dt_unary_f32)(DT_UNARY_neg, 8, V.v, dx, dout, NULL));
    down(o, dout, sizeof(o));
    const float rexp[8] = {-8, -7, -6, -5, -4, -3, -2, -1};
    chk_f32("negative stride, least reach 0", o, rexp, 8);
    // 2-D: rows from the last, [2, 4] with strides [-4, 1] from offset 4: reaches [0, 7].
    const int32_t rs2[2] = {-4, 1};
    Lay W = lay(2, shape);
    lay_op(&W, 0, 4, rs2);
    lay_op(&W, 1, 0, os);
    lay_ext(&W, 0, 8), lay_ext(&W, 1, 8);
    OK(F(dt_copy)(4, 8, W.v, dx, dout, NULL));
    down(o, dout, sizeof(o));
    const float wexp[8] = {5, 6, 7, 8, 1, 2, 3, 4};
    chk_f32("negative row stride", o, wexp, 8);
    to_dev(dout, SENT, sizeof(SENT));
    W.v[DT_LAYOUT_OFFSET] = 3;  // reaches -1
    STATUS(F(dt_copy)(4, 8, W.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // binary: each tensor operand is checked; a scalar side's entries are not even read.
    Lay B = flat(8, 3);
    lay_ext(&B, 1, 7);
    STATUS(F(dt_binary_f32)(DT_BINARY_add, 8, B.v, dx, dx, 0, 0, dout, NULL),
           DT_ERR_OUT_OF_BOUNDS);
    B.v[DT_LAYOUT_OFFSET + 1] = NAN;
    lay_ext(&B, 1, 0.5);
    OK(F(dt_binary_f32)(DT_BINARY_add, 8, B.v, dx, NULL, 1, 2, dout, NULL));
    down(o, dout, sizeof(o));
    const float bexp[8] = {2, 3, 4, 5, 6, 7, 8, 9};
    chk_f32("binary with an unread scalar side", o, bexp, 8);
    to_dev(dout, SENT, sizeof(SENT));
    lay_ext(&B, 0, 7);
    STATUS(F(dt_binary_f32)(DT_BINARY_add, 8, B.v, dx, NULL, 1, 2, dout, NULL),
           DT_ERR_OUT_OF_BOUNDS);
    // Strided binary with a scalar side: the side's strides are not read either.
    const int32_t ts[2] = {1, 2};  // b = x viewed as [2, 4] transposed from [4, 2]
    Lay BS = lay(2, shape);
    lay_op(&BS, 1, 0, ts);
    lay_op(&BS, 2, 0, os);
    BS.v[DT_LAYOUT_STRIDES] = NAN;
    lay_ext(&BS, 1, 8), lay_ext(&BS, 2, 8);
    OK(F(dt_binary_f32)(DT_BINARY_sub, 8, BS.v, NULL, dx, 10, 1, dout, NULL));
    down(o, dout, sizeof(o));
    const float bsexp[8] = {9, 7, 5, 3, 8, 6, 4, 2};  // 10 - x[i + 2 j]
    chk_f32("strided binary, scalar a", o, bsexp, 8);
    to_dev(dout, SENT, sizeof(SENT));
    // where: the condition's extent.
    const uint8_t c[8] = {1, 0, 1, 0, 1, 0, 1, 0};
    void* dc = up(c, 8);
    Lay Wh = flat(8, 4);
    lay_ext(&Wh, 0, 7);
    STATUS(F(dt_where_f32)(8, Wh.v, dc, dx, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // fill: out [4] with stride 2 from offset 1 reaches 7.
    const int32_t f4[1] = {4}, f2[1] = {2};
    Lay Fl = lay(1, f4);
    lay_op(&Fl, 0, 1, f2);
    lay_ext(&Fl, 0, 7);
    STATUS(F(dt_fill_f32)(4, Fl.v, 3, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    untouched("refused elementwise calls touch nothing", dout);
    lay_ext(&Fl, 0, 8);
    OK(F(dt_fill_f32)(4, Fl.v, 3, dout, NULL));
    down(o, dout, sizeof(o));
    const float fexp[8] = {-7, 3, -7, 3, -7, 3, -7, 3};
    chk_f32("fill reaching the last element", o, fexp, 8);
    to_dev(dout, SENT, sizeof(SENT));
    // range: n elements into a smaller extent.
    STATUS(F(dt_range_f32)(8, 0, 1, 7, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // 0 elements touch nothing: no check beyond validity, even with an offset past the extent
    // or NULL pointers.
    Lay E = flat(0, 2);
    E.v[DT_LAYOUT_OFFSET] = 100, E.v[DT_LAYOUT_OFFSET + 1] = -5;
    lay_ext(&E, 0, 5), lay_ext(&E, 1, 5);
    OK(F(dt_unary_f32)(DT_UNARY_neg, 0, E.v, NULL, NULL, NULL));
    lay_ext(&E, 0, -1), lay_ext(&E, 1, -1);
    OK(F(dt_copy)(8, 0, E.v, NULL, NULL, NULL));
    OK(F(dt_range_f32)(0, 0, 1, 0, NULL, NULL));
    const int32_t zs[2] = {3, 0}, zst[2] = {100, -100};
    Lay ZS = lay(2, zs);
    lay_op(&ZS, 0, 50, zst), lay_op(&ZS, 1, 50, zst);
    lay_ext(&ZS, 0, 1), lay_ext(&ZS, 1, 1);
    OK(F(dt_unary_f32)(DT_UNARY_neg, 0, ZS.v, NULL, NULL, NULL));
    untouched("refused elementwise calls touch nothing", dout);
  }
  {  // reductions: x's reach and out's extent
    const int32_t sh[2] = {2, 4}, st[2] = {4, 1};
    RLay R = rlay(2, 1, 0, sh, st);
    R.v[DT_RLAYOUT_EXTENT] = 8, R.v[DT_RLAYOUT_OUT_EXTENT] = 2;
    float o[2];
    OK(F(dt_reduce_f32)(DT_REDUCE_sum, 2, 4, R.v, dx, dout, NULL));
    down(o, dout, sizeof(o));
    CHECK(o[0] == 10 && o[1] == 26, "reduce sum with exact extents: %g %g", o[0], o[1]);
    to_dev(dout, SENT, sizeof(SENT));
    R.v[DT_RLAYOUT_EXTENT] = 7;
    STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 2, 4, R.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    STATUS(F(dt_arg_reduce_f32)(DT_ARG_argmax, DT_DTYPE_int32, 2, 4, R.v, dx, dout, NULL),
           DT_ERR_OUT_OF_BOUNDS);
    R.v[DT_RLAYOUT_EXTENT] = 8, R.v[DT_RLAYOUT_OUT_EXTENT] = 1;
    STATUS(F(dt_reduce_f32)(DT_REDUCE_max, 2, 4, R.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // cumsum's out has outer * inner elements.
    R.v[DT_RLAYOUT_OUT_EXTENT] = 7;
    STATUS(F(dt_cumsum_f32)(2, 4, R.v, 0, 0, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // Reversed rows: strides [-4, -1] from offset 7 reach [0, 7]; from 6, -1.
    const int32_t rst[2] = {-4, -1};
    RLay V = rlay(2, 1, 6, sh, rst);
    V.v[DT_RLAYOUT_EXTENT] = 8;
    STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 2, 4, V.v, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    untouched("refused reductions touch nothing", dout);
    V.v[DT_RLAYOUT_OFFSET] = 7;
    V.v[DT_RLAYOUT_OUT_EXTENT] = 8;
    float cs[8];
    OK(F(dt_cumsum_f32)(2, 4, V.v, 0, 0, dx, dout, NULL));
    down(cs, dout, sizeof(cs));
    const float cexp[8] = {8, 15, 21, 26, 4, 7, 9, 10};
    chk_f32("cumsum of a reversed view", cs, cexp, 8);
    to_dev(dout, SENT, sizeof(SENT));
    // An empty row set touches nothing; rows of 0 elements write out only.
    const int32_t e0[2] = {0, 4};
    RLay Z = rlay(2, 1, 100, e0, st);
    Z.v[DT_RLAYOUT_EXTENT] = 1, Z.v[DT_RLAYOUT_OUT_EXTENT] = 0;
    OK(F(dt_reduce_f32)(DT_REDUCE_sum, 0, 4, Z.v, NULL, NULL, NULL));
    const int32_t e1[2] = {2, 0};
    RLay Z1 = rlay(2, 1, 100, e1, st);
    Z1.v[DT_RLAYOUT_EXTENT] = 0, Z1.v[DT_RLAYOUT_OUT_EXTENT] = 1;
    STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 2, 0, Z1.v, NULL, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    Z1.v[DT_RLAYOUT_OUT_EXTENT] = 2;
    OK(F(dt_reduce_f32)(DT_REDUCE_sum, 2, 0, Z1.v, NULL, dout, NULL));
    down(o, dout, sizeof(o));
    CHECK(o[0] == 0 && o[1] == 0, "sums of empty rows: %g %g", o[0], o[1]);
    to_dev(dout, SENT, sizeof(SENT));
  }
  {  // matmul: a over [batch, m, k], b over [batch, k, n], out contiguous
    double ML[DT_MLAYOUT_SIZE];
    const int32_t l[8] = {0, 0, 4, 1, 0, 0, 2, 1};  // a [2, 4], b [4, 2] row-major
    mlay(ML, 1, 2, 2, 4, l);
    ML[DT_MLAYOUT_A_EXTENT] = 8, ML[DT_MLAYOUT_B_EXTENT] = 8, ML[DT_MLAYOUT_OUT_EXTENT] = 4;
    float o[4];
    OK(F(dt_matmul_f32)(ML, dx, dx, dout, NULL));
    down(o, dout, sizeof(o));
    const float mexp[4] = {50, 60, 114, 140};
    chk_f32("matmul with exact extents", o, mexp, 4);
    to_dev(dout, SENT, sizeof(SENT));
    ML[DT_MLAYOUT_A_EXTENT] = 7;
    STATUS(F(dt_matmul_f32)(ML, dx, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    ML[DT_MLAYOUT_A_EXTENT] = 8, ML[DT_MLAYOUT_B_EXTENT] = 7;
    STATUS(F(dt_matmul_f32)(ML, dx, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    ML[DT_MLAYOUT_B_EXTENT] = 8, ML[DT_MLAYOUT_OUT_EXTENT] = 3;
    STATUS(F(dt_matmul_f32)(ML, dx, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // a transposed and read backwards: a[i, q] = x[7 - i - 2 q] reaches [0, 7] from offset 7;
    // from offset 6 its least element is -1.
    const int32_t t[8] = {6, 0, -1, -2, 0, 0, 2, 1};
    mlay(ML, 1, 2, 2, 4, t);
    ML[DT_MLAYOUT_A_EXTENT] = 8, ML[DT_MLAYOUT_B_EXTENT] = 8, ML[DT_MLAYOUT_OUT_EXTENT] = 4;
    STATUS(F(dt_matmul_f32)(ML, dx, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    // The batch axis: 3 batches of b with batch stride 1 reach element 2 + 7.
    const int32_t bb[8] = {0, 0, 4, 1, 0, 1, 2, 1};
    mlay(ML, 3, 1, 2, 4, bb);
    ML[DT_MLAYOUT_A_EXTENT] = 8, ML[DT_MLAYOUT_B_EXTENT] = 9, ML[DT_MLAYOUT_OUT_EXTENT] = 8;
    STATUS(F(dt_matmul_f32)(ML, dx, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    untouched("refused matmuls touch nothing", dout);
  }
  {  // conv: the image and the patches
    double g[DT_CONV_SIZE];
    geom(g, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 2, 2);  // 1x1 taps: patches = image
    g[DT_CONV_IN_EXTENT] = 8, g[DT_CONV_OUT_EXTENT] = 8;
    OK(F(dt_im2col_f32)(g, dx, dout, NULL));
    float o[8];
    down(o, dout, sizeof(o));
    chk_f32("im2col with exact extents", o, x, 8);
    to_dev(dout, SENT, sizeof(SENT));
    g[DT_CONV_IN_EXTENT] = 7;
    STATUS(F(dt_im2col_f32)(g, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    STATUS(F(dt_col2im_f32)(g, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    g[DT_CONV_IN_EXTENT] = 8, g[DT_CONV_OUT_EXTENT] = 7;
    STATUS(F(dt_im2col_f32)(g, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    STATUS(F(dt_col2im_f32)(g, dx, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    untouched("refused convolutions touch nothing", dout);
  }
  {  // gather and scatter_add: src, idx and out
    double D[DT_INDEX_SIZE];
    const int32_t idx[2] = {1, 0};
    void* di = up(idx, sizeof(idx));
    idims(D, 2, 2, 2, 2);  // src [2, 2, 2], out [2, 2, 2]
    D[DT_INDEX_SRC_EXTENT] = 8, D[DT_INDEX_IDX_EXTENT] = 2, D[DT_INDEX_OUT_EXTENT] = 8;
    OK(F(dt_gather)(4, DT_DTYPE_int32, D, dx, di, dout, NULL));
    float o[8];
    down(o, dout, sizeof(o));
    const float gexp[8] = {3, 4, 1, 2, 7, 8, 5, 6};
    chk_f32("gather with exact extents", o, gexp, 8);
    to_dev(dout, SENT, sizeof(SENT));
    const int which[3] = {DT_INDEX_SRC_EXTENT, DT_INDEX_IDX_EXTENT, DT_INDEX_OUT_EXTENT};
    for (int w = 0; w < 3; w++) {
      idims(D, 2, 2, 2, 2);
      D[DT_INDEX_SRC_EXTENT] = 8, D[DT_INDEX_IDX_EXTENT] = 2, D[DT_INDEX_OUT_EXTENT] = 8;
      D[which[w]] -= 1;
      STATUS(F(dt_gather)(4, DT_DTYPE_int32, D, dx, di, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
      STATUS(F(dt_scatter_add_f32)(DT_DTYPE_int32, D, dx, di, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    }
    // gather: out [1, 3, 2] from src [1, 2, 2]; scatter_add: src [1, 3, 2] into out [1, 2, 2].
    idims(D, 1, 2, 2, 3);
    D[DT_INDEX_SRC_EXTENT] = 4, D[DT_INDEX_IDX_EXTENT] = 3, D[DT_INDEX_OUT_EXTENT] = 6;
    const int32_t idx3[3] = {1, 1, 0};
    void* di3 = up(idx3, sizeof(idx3));
    STATUS(F(dt_scatter_add_f32)(DT_DTYPE_int32, D, dx, di3, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    D[DT_INDEX_SRC_EXTENT] = 6, D[DT_INDEX_OUT_EXTENT] = 4;
    STATUS(F(dt_gather)(4, DT_DTYPE_int32, D, dx, di3, dout, NULL), DT_ERR_OUT_OF_BOUNDS);
    untouched("refused gathers and scatters touch nothing", dout);
    OK(F(dt_scatter_add_f32)(DT_DTYPE_int32, D, dx, di3, dout, NULL));
    down(o, dout, sizeof(o));
    const float sexp[8] = {-7 + 5, -7 + 6, -7 + 1 + 3, -7 + 2 + 4, -7, -7, -7, -7};
    chk_f32("scatter_add with exact extents", o, sexp, 8);
    to_dev(dout, SENT, sizeof(SENT));
    // No elements: nothing touched, nothing checked beyond validity.
    idims(D, 0, 2, 2, 2);
    D[DT_INDEX_SRC_EXTENT] = 0, D[DT_INDEX_IDX_EXTENT] = 0, D[DT_INDEX_OUT_EXTENT] = 0;
    OK(F(dt_gather)(4, DT_DTYPE_int32, D, NULL, NULL, NULL, NULL));
    OK(F(dt_scatter_add_f32)(DT_DTYPE_int32, D, NULL, NULL, NULL, NULL));
    FLAG_IS(0, 0, 0);
  }
  {  // the int64 scalar of DT_LAYOUT_I64: low 32 bits unsigned, high 32 bits signed
    const int64_t a[3] = {0, -1, INT64_MAX};
    void* da = up(a, sizeof(a));
    void* dl = dev(sizeof(a));
    int64_t o[3];
    Lay L = flat(3, 3);
    lay_i64(&L, 1099511627779LL);  // 2^40 + 3
    CHECK(L.v[DT_LAYOUT_I64] == 3 && L.v[DT_LAYOUT_I64 + 1] == 256, "words %g %g",
          L.v[DT_LAYOUT_I64], L.v[DT_LAYOUT_I64 + 1]);
    OK(F(dt_binary_i64)(DT_BINARY_add, 3, L.v, da, NULL, 0, 2, dl, NULL));
    down(o, dl, sizeof(o));
    const int64_t e1[3] = {1099511627779LL, 1099511627778LL, INT64_MIN + 1099511627778LL};
    chk_i64("i64 + (2^40 + 3)", o, e1, 3);
    lay_i64(&L, -1099511627783LL);  // -(2^40 + 7): low word 2^32 - 7, high word -257
    CHECK(L.v[DT_LAYOUT_I64] == 4294967289.0 && L.v[DT_LAYOUT_I64 + 1] == -257, "words %g %g",
          L.v[DT_LAYOUT_I64], L.v[DT_LAYOUT_I64 + 1]);
    OK(F(dt_binary_i64)(DT_BINARY_sub, 3, L.v, NULL, da, 0, 1, dl, NULL));
    down(o, dl, sizeof(o));
    const int64_t e2[3] = {-1099511627783LL, -1099511627782LL, INT64_MAX - 1099511627776LL - 5};
    chk_i64("-(2^40 + 7) - i64", o, e2, 3);
    Lay Fl = flat(3, 1);
    lay_i64(&Fl, INT64_MIN);
    OK(F(dt_fill_i64)(3, Fl.v, 0, dl, NULL));
    down(o, dl, sizeof(o));
    const int64_t e3[3] = {INT64_MIN, INT64_MIN, INT64_MIN};
    chk_i64("fill INT64_MIN", o, e3, 3);
    lay_i64(&Fl, -5);
    OK(F(dt_fill_i64)(3, Fl.v, 0, dl, NULL));
    down(o, dl, sizeof(o));
    const int64_t e4[3] = {-5, -5, -5};
    chk_i64("fill -5", o, e4, 3);
    // Words outside their ranges, or not integers.
    const double words[][2] = {{4294967296.0, 0}, {-1, 0}, {0, 2147483648.0}, {0, -2147483649.0},
                               {0.5, 0}, {0, NAN}};
    for (int i = 0; i < N(words); i++) {
      Fl.v[DT_LAYOUT_I64] = words[i][0], Fl.v[DT_LAYOUT_I64 + 1] = words[i][1];
      STATUS(F(dt_fill_i64)(3, Fl.v, 0, dl, NULL), DT_ERR_BAD_LAYOUT);
      L.v[DT_LAYOUT_I64] = words[i][0], L.v[DT_LAYOUT_I64 + 1] = words[i][1];
      STATUS(F(dt_binary_i64)(DT_BINARY_add, 3, L.v, da, NULL, 0, 2, dl, NULL),
             DT_ERR_BAD_LAYOUT);
    }
    // Other dtypes and a binary without a scalar side never read the words.
    OK(F(dt_fill_i32)(3, Fl.v, 7, dl, NULL));
    OK(F(dt_binary_i64)(DT_BINARY_add, 3, L.v, da, da, 0, 0, dl, NULL));
  }
  {  // a larger strided walk (the CPU pool's shares cut rows): out = x^T reversed along one axis
    enum { A = 5, B = 7, C = 9, NX = A * B * C };
    static double xs[NX], os[NX], want[NX];
    for (int i = 0; i < NX; i++) xs[i] = i * 0.5 - 3;
    // out [C, A, B] = x[a, B - 1 - b, c]: strides in x [1, B * C, -C] from offset (B - 1) * C.
    const int32_t shape[3] = {C, A, B}, xst[3] = {1, B * C, -C}, ost[3] = {A * B, B, 1};
    Lay L = lay(3, shape);
    lay_op(&L, 0, (B - 1) * C, xst);
    lay_op(&L, 1, 0, ost);
    lay_ext(&L, 0, NX), lay_ext(&L, 1, NX);
    for (int c = 0; c < C; c++)
      for (int a = 0; a < A; a++)
        for (int b = 0; b < B; b++) want[(c * A + a) * B + b] = -xs[(a * B + (B - 1 - b)) * C + c];
    void* dxs = up(xs, sizeof(xs));
    void* dos = dev(sizeof(os));
    OK(F(dt_unary_f64)(DT_UNARY_neg, NX, L.v, dxs, dos, NULL));
    down(os, dos, sizeof(os));
    chk_f64("strided neg [9, 5, 7]", os, want, NX);
    lay_ext(&L, 0, NX - 1);
    STATUS(F(dt_unary_f64)(DT_UNARY_neg, NX, L.v, dxs, dos, NULL), DT_ERR_OUT_OF_BOUNDS);
  }
}

// ---- refusals: statuses decided on the host, before any launch ------------------------------
// Every call here is refused by the host function (or has no elements) and touches no memory:
// the pointers are NULL. The GPU library returns the same statuses without a device.
static void test_refusals(void) {
  const int32_t s2[2] = {2, 4}, t2[2] = {4, 1};
  Lay C = flat(8, 4);
  Lay S = lay(2, s2);
  for (int k = 0; k < 4; k++) lay_op(&S, k, 0, t2), lay_ext(&S, k, 8);
  Lay B = C;
  B.v[DT_LAYOUT_OFFSET + 1] = 0.5;
  STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, B.v, NULL, NULL, NULL), DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_unary_f32)(DT_UNARY_neg, 7, C.v, NULL, NULL, NULL), DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_unary_f32)(DT_UNARY_COUNT, 8, C.v, NULL, NULL, NULL), DT_ERR_BAD_OP);
  STATUS(F(dt_unary_b8)(DT_UNARY_neg, 8, C.v, NULL, NULL, NULL), DT_ERR_BAD_OP);
  OK(F(dt_unary_f32)(DT_UNARY_neg, 0, flat(0, 2).v, NULL, NULL, NULL));
  Lay O = C;
  lay_ext(&O, 1, 7);
  Lay OS = S;
  lay_ext(&OS, 1, 7);
  STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, O.v, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_unary_f32)(DT_UNARY_neg, 8, OS.v, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_binary_f64)(DT_BINARY_add, 8, O.v, NULL, NULL, 0, 0, NULL, NULL),
         DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_binary_f64)(DT_BINARY_add, 8, OS.v, NULL, NULL, 1, 1, NULL, NULL),
         DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_binary_f64)(DT_BINARY_add, 8, C.v, NULL, NULL, 0, 3, NULL, NULL),
         DT_ERR_BAD_LAYOUT);
  Lay W = C;
  W.v[DT_LAYOUT_I64] = 4294967296.0;
  STATUS(F(dt_binary_i64)(DT_BINARY_add, 8, W.v, NULL, NULL, 0, 2, NULL, NULL),
         DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_fill_i64)(8, W.v, 0, NULL, NULL), DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_where_u8)(8, O.v, NULL, NULL, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_cast_i32)(DT_DTYPE_float16, 8, C.v, NULL, NULL, NULL), DT_ERR_BAD_DTYPE);
  STATUS(F(dt_cast_i32)(DT_DTYPE_float64, 8, OS.v, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_copy)(3, 8, C.v, NULL, NULL, NULL), DT_ERR_BAD_DTYPE);
  STATUS(F(dt_copy)(8, 8, O.v, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  Lay F1 = flat(8, 1);
  lay_ext(&F1, 0, 7);
  STATUS(F(dt_fill_f32)(8, F1.v, 1, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_range_f64)(8, 0, 1, 7, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_range_f64)(2.5, 0, 1, 7, NULL, NULL), DT_ERR_BAD_LAYOUT);
  OK(F(dt_range_f64)(0, 0, 1, 0, NULL, NULL));
  RLay R = rlay(2, 1, 0, s2, t2);
  R.v[DT_RLAYOUT_EXTENT] = 7;
  STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 2, 4, R.v, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_arg_reduce_f32)(DT_ARG_argmin, DT_DTYPE_int64, 2, 4, R.v, NULL, NULL, NULL),
         DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_reduce_f32)(DT_REDUCE_sum, 2, 5, R.v, NULL, NULL, NULL), DT_ERR_BAD_LAYOUT);
  STATUS(F(dt_reduce_b8)(DT_REDUCE_sum, 2, 4, R.v, NULL, NULL, NULL), DT_ERR_BAD_OP);
  R.v[DT_RLAYOUT_EXTENT] = 8, R.v[DT_RLAYOUT_OUT_EXTENT] = 7;
  STATUS(F(dt_cumsum_f32)(2, 4, R.v, 0, 0, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_cumsum_b8)(2, 4, R.v, 0, 0, NULL, NULL, NULL), DT_ERR_BAD_DTYPE);
  double ML[DT_MLAYOUT_SIZE];
  const int32_t l[8] = {0, 0, 4, 1, 0, 0, 2, 1};
  mlay(ML, 1, 2, 2, 4, l);
  ML[DT_MLAYOUT_A_EXTENT] = 7;
  STATUS(F(dt_matmul_f32)(ML, NULL, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_matmul_b8)(ML, NULL, NULL, NULL, NULL), DT_ERR_BAD_DTYPE);
  ML[DT_MLAYOUT_K] = NAN;
  STATUS(F(dt_matmul_f32)(ML, NULL, NULL, NULL, NULL), DT_ERR_BAD_LAYOUT);
  OK(F(dt_matmul_f32)(mlay(ML, 0, 2, 2, 4, l), NULL, NULL, NULL, NULL));
  double g[DT_CONV_SIZE];
  geom(g, 1, 3, 3, 1, 2, 2, 1, 1, 1, 1, 0, 0, 3, 3);
  g[DT_CONV_IN_EXTENT] = 8;
  STATUS(F(dt_im2col_f32)(g, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  g[DT_CONV_IN_EXTENT] = 36, g[DT_CONV_OUT_EXTENT] = 8;
  STATUS(F(dt_col2im_f32)(g, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  geom(g, 4503599627370496.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 4503599627370496.0, 1);
  STATUS(F(dt_col2im_u8)(g, NULL, NULL, NULL), DT_ERR_BAD_LAYOUT);
  geom(g, 0, 3, 3, 1, 2, 2, 1, 1, 1, 1, 0, 0, 3, 3);
  OK(F(dt_im2col_f32)(g, NULL, NULL, NULL));
  double D[DT_INDEX_SIZE];
  idims(D, 2, 3, 2, 4);
  D[DT_INDEX_SRC_EXTENT] = 11;
  STATUS(F(dt_gather)(4, DT_DTYPE_int32, D, NULL, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_gather)(5, DT_DTYPE_int32, D, NULL, NULL, NULL, NULL), DT_ERR_BAD_DTYPE);
  STATUS(F(dt_gather)(4, DT_DTYPE_float64, D, NULL, NULL, NULL, NULL), DT_ERR_BAD_DTYPE);
  idims(D, 2, 3, 2, 4);
  D[DT_INDEX_OUT_EXTENT] = 11;
  STATUS(F(dt_scatter_add_f32)(DT_DTYPE_int64, D, NULL, NULL, NULL, NULL), DT_ERR_OUT_OF_BOUNDS);
  idims(D, 2, 3, 0, 4);
  OK(F(dt_gather)(4, DT_DTYPE_int32, D, NULL, NULL, NULL, NULL));
  OK(F(dt_scatter_add_f32)(DT_DTYPE_int32, D, NULL, NULL, NULL, NULL));
  STATUS(F(dt_random)(DT_RANDOM_uniform, DT_DTYPE_float32, 8, 1, 2, 0, 0, 1, 7, NULL, NULL),
         DT_ERR_OUT_OF_BOUNDS);
  STATUS(F(dt_random)(DT_RANDOM_normal, DT_DTYPE_int64, 8, 1, 2, 0, 0, 1, 8, NULL, NULL),
         DT_ERR_BAD_DTYPE);
  OK(F(dt_random)(DT_RANDOM_normal, DT_DTYPE_float64, 0, 1, 2, 0, 0, 1, 0, NULL, NULL));
}

// ---- offsets beyond 2^32 -----------------------------------------------------------------------
// A real buffer of 2^32 + 64 bytes (device memory, or an anonymous mapping for the CPU library):
// only the pages written are committed.
#define BIG_BYTES ((size_t)4294967296ULL + 64)
static void* big_alloc(void) {
  if (!cpu_lib) return dev(BIG_BYTES);
  void* p = mmap(NULL, BIG_BYTES, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  checks++;
  if (p == MAP_FAILED) {
    FAIL("cannot map %zu bytes", BIG_BYTES);
    return NULL;
  }
  return p;
}
static void big_free(void* p) {
  if (cpu_lib) munmap(p, BIG_BYTES);  // dev() buffers go with free_all
}

static void test_big_offsets(void) {
  uint8_t* big = (uint8_t*)big_alloc();
  if (big == NULL) return;
  const double G = 4294967296.0;  // 2^32
  const size_t g = (size_t)4294967296ULL;
  uint8_t pat[16], o[16];
  for (int i = 0; i < 16; i++) pat[i] = (uint8_t)(3 * i + 1);
  to_dev(big + g + 8, pat, 16);   // elements 2^32 + 8 .. 2^32 + 23
  to_dev(big + 8, pat, 16);       // elements 8 .. 23
  to_dev(big + g / 2 + 8, pat, 16);  // elements 2^31 + 8 ..
  const uint8_t zero = 0;
  to_dev(big + 3, &zero, 1);
  void* small = dev(64);
  {  // contiguous: x at 2^32 + 8, out at 2^32 + 40, extents 2^32 + 64
    Lay L = flat(16, 2);
    L.v[DT_LAYOUT_OFFSET] = G + 8, L.v[DT_LAYOUT_OFFSET + 1] = G + 40;
    lay_ext(&L, 0, G + 64), lay_ext(&L, 1, G + 64);
    OK(F(dt_unary_u8)(DT_UNARY_neg, 16, L.v, big, big, NULL));
    down(o, big + g + 40, 16);
    uint8_t want[16];
    for (int i = 0; i < 16; i++) want[i] = (uint8_t)(0 - pat[i]);
    chk_u8("neg u8 beyond 2^32", o, want, 16);
    L.v[DT_LAYOUT_OFFSET + 1] = G + 49;  // reaches 2^32 + 64
    STATUS(F(dt_unary_u8)(DT_UNARY_neg, 16, L.v, big, big, NULL), DT_ERR_OUT_OF_BOUNDS);
  }
  {  // strided, 12 elements (the 32-bit index path) at offsets up to 2^32 + 11: rows 2^31 apart
    const int32_t shape[2] = {3, 4}, xs[2] = {1 << 30, 1}, os[2] = {4, 1};
    Lay L = lay(2, shape);
    lay_op(&L, 0, 8, xs);
    L.v[DT_LAYOUT_STRIDES] = G / 2;
    lay_op(&L, 1, 0, os);
    lay_ext(&L, 0, G + 64), lay_ext(&L, 1, 64);
    OK(F(dt_copy)(1, 12, L.v, big, small, NULL));
    down(o, small, 12);
    uint8_t want[12];
    for (int r = 0; r < 3; r++)
      for (int j = 0; j < 4; j++) want[r * 4 + j] = pat[j];
    chk_u8("strided copy, rows 2^31 apart", o, want, 12);
    lay_ext(&L, 0, G + 11);
    STATUS(F(dt_copy)(1, 12, L.v, big, small, NULL), DT_ERR_OUT_OF_BOUNDS);
    // The same rows summed: a reduction over x [3 | 4] with strides [2^31 | 1].
    const int32_t rsh[2] = {3, 4}, rst[2] = {1, 1};
    RLay R = rlay(2, 1, 8, rsh, rst);
    R.v[DT_RLAYOUT_STRIDES] = G / 2;
    R.v[DT_RLAYOUT_EXTENT] = G + 64, R.v[DT_RLAYOUT_OUT_EXTENT] = 3;
    int32_t sums[3];
    void* ds = dev(sizeof(sums));
    OK(F(dt_reduce_u8)(DT_REDUCE_sum, 3, 4, R.v, big, ds, NULL));
    uint8_t s8[3];
    down(s8, ds, 3);
    const uint8_t se = (uint8_t)(pat[0] + pat[1] + pat[2] + pat[3]);
    CHECK(s8[0] == se && s8[1] == se && s8[2] == se, "row sums %u %u %u", s8[0], s8[1], s8[2]);
    (void)sums;
    // matmul with a at 2^32 + 8: [1, 2] @ [2, 1] from the same buffer.
    double ML[DT_MLAYOUT_SIZE];
    const int32_t l[8] = {0, 0, 2, 1, 8, 0, 1, 1};
    mlay(ML, 1, 1, 1, 2, l);
    ML[DT_MLAYOUT_A_OFFSET] = G + 8;
    ML[DT_MLAYOUT_A_EXTENT] = G + 64, ML[DT_MLAYOUT_B_EXTENT] = G + 64;
    ML[DT_MLAYOUT_OUT_EXTENT] = 1;
    OK(F(dt_matmul_u8)(ML, big, big, small, NULL));
    down(o, small, 1);
    const uint8_t me = (uint8_t)(pat[0] * pat[0] + pat[1] * pat[1]);
    CHECK(o[0] == me, "matmul beyond 2^32: %u, expected %u", o[0], me);
  }
  {  // gather and scatter_add over n = 2^32 + 64 rows of one byte: int64 indices beyond 2^32
    double D[DT_INDEX_SIZE];
    const int64_t idx[4] = {4294967296LL + 8, 3, 4294967296LL + 23, 4294967296LL + 64};
    void* di = up(idx, sizeof(idx));
    idims(D, 1, G + 64, 1, 4);
    D[DT_INDEX_SRC_EXTENT] = G + 64, D[DT_INDEX_IDX_EXTENT] = 4, D[DT_INDEX_OUT_EXTENT] = 4;
    OK(F(dt_gather)(1, DT_DTYPE_int64, D, big, di, small, NULL));
    down(o, small, 4);
    const uint8_t ge[4] = {pat[0], 0, pat[15], 0};  // big[3] = 0; the last index is out of range
    chk_u8("gather beyond 2^32", o, ge, 4);
    FLAG_IS(1, G + 64, G + 64);
    D[DT_INDEX_SRC_EXTENT] = G + 63;
    STATUS(F(dt_gather)(1, DT_DTYPE_int64, D, big, di, small, NULL), DT_ERR_OUT_OF_BOUNDS);
    // scatter_add: src [1, 2, 1] into out [1, 2^32 + 64, 1] at 2^32 + 10 twice.
    const int64_t sidx[2] = {4294967296LL + 10, 4294967296LL + 10};
    void* dsi = up(sidx, sizeof(sidx));
    const uint8_t src[2] = {100, 50};
    void* dsrc = up(src, 2);
    idims(D, 1, G + 64, 1, 2);
    D[DT_INDEX_SRC_EXTENT] = 2, D[DT_INDEX_IDX_EXTENT] = 2, D[DT_INDEX_OUT_EXTENT] = G + 64;
    OK(F(dt_scatter_add_u8)(DT_DTYPE_int64, D, dsrc, dsi, big, NULL));
    down(o, big + g + 10, 1);
    CHECK(o[0] == (uint8_t)(pat[2] + 150), "scatter_add beyond 2^32: %u", o[0]);
    D[DT_INDEX_OUT_EXTENT] = G;
    STATUS(F(dt_scatter_add_u8)(DT_DTYPE_int64, D, dsrc, dsi, big, NULL), DT_ERR_OUT_OF_BOUNDS);
    FLAG_IS(0, 0, 0);
  }
  big_free(big);
}

// ---- the native CPU library's own functions -------------------------------------------------
static void test_cpu_lib(void) {
  int32_t info[4] = {-1, -1, -1, -1};
  OK(F(dt_cpu_info)(info));
  CHECK(info[0] >= 0 && info[0] <= 4 && info[1] >= 0 && info[2] >= 1 && info[3] == 131072,
        "dt_cpu_info %d %d %d %d", info[0], info[1], info[2], info[3]);
  OK(F(dt_cpu_set_parallel_min)(4096.0));
  OK(F(dt_cpu_info)(info));
  CHECK(info[3] == 4096, "parallel threshold %d", info[3]);
  OK(F(dt_cpu_set_parallel_min)(1e300));  // beyond int64: never parallel; reported clamped
  OK(F(dt_cpu_info)(info));
  CHECK(info[3] == INT32_MAX, "parallel threshold %d", info[3]);
  OK(F(dt_cpu_set_parallel_min)(-1));
  OK(F(dt_cpu_info)(info));
  CHECK(info[3] == 131072, "default parallel threshold %d", info[3]);
  OK(F(dt_cpu_set_threads)(2));
  OK(F(dt_cpu_info)(info));
  CHECK(info[2] == 2, "threads %d", info[2]);
  OK(F(dt_cpu_set_threads)(0));
}

// Runs the kernel tests with the CPU library's pool forced on (every call split over threads)
// after a run on the calling thread alone.
static void test_kernels(void) {
  test_supports();
  test_unary();
  test_binary();
  test_where();
  test_cast();
  test_copy_fill_range();
  test_reduce();
  test_arg_reduce();
  test_cumsum();
  test_indexing();
  test_conv();
  test_matmul();
  test_random();
  test_bounds();
  test_refusals();
  if (getenv("DT_SMOKE_SMALL") == NULL) test_big_offsets();
  free_all();
}

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "build/libdenotensor_cuda_emu.so";
  void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    fprintf(stderr, "cannot open %s: %s\n", path, dlerror());
    return 2;
  }
  // The CPU library is the one with dt_cpu_info; it need not have the runtime functions.
  cpu_lib = dlsym(lib, "dt_cpu_info") != NULL;
  int missing = 0;
#define LOAD(name)                                              \
  P_##name = (__typeof__(P_##name))dlsym(lib, #name);           \
  if (P_##name == NULL) {                                       \
    fprintf(stderr, "missing symbol %s\n", #name);              \
    missing++;                                                  \
  }
#define LOAD_OPTIONAL(name) P_##name = (__typeof__(P_##name))dlsym(lib, #name);
  KERNEL_SYMS(LOAD)
  if (cpu_lib) {
    CPU_SYMS(LOAD)
    RUNTIME_SYMS(LOAD_OPTIONAL)
  } else {
    RUNTIME_SYMS(LOAD)
  }
#undef LOAD
#undef LOAD_OPTIONAL
  if (missing) return 3;
  test_error_strings();
  if (cpu_lib) {
    test_cpu_lib();
    test_kernels();
    // Again with every call shared out over two pool threads.
    OK(F(dt_cpu_set_threads)(2));
    OK(F(dt_cpu_set_parallel_min)(0));
    test_kernels();
    OK(F(dt_cpu_set_parallel_min)(-1));
    OK(F(dt_cpu_set_threads)(0));
    free_all();
    printf("%s (native CPU library): %d checks, %d failures\n", path, checks, failures);
    return failures ? 1 : 0;
  }
  if (!test_runtime()) {
    int32_t s = -1;
    OK(F(dt_supports)(0, DT_UNARY_sqrt, DT_DTYPE_float32, &s));
    CHECK(s == 1, "dt_supports without a device");
    test_refusals();  // decided on the host: the same statuses without a device
    printf("%s: no CUDA device: checked the runtime and the host-side refusals without one "
           "(%d checks, %d failures)\n",
           path, checks, failures);
    return failures ? 1 : 0;
  }
  test_kernels();
  free_all();
  printf("%s: %d checks, %d failures\n", path, checks, failures);
  return failures ? 1 : 0;
}
