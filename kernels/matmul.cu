// Batched matrix product: dt_matmul_<dtype>(batch, m, n, k, mlayout, a, b, out, stream) with
// a [batch, m, k] and b [batch, k, n] strided (mlayout = [a_offset, a_batch, a_row, a_col,
// b_offset, b_batch, b_row, b_col]; batch strides may be 0) and out [batch, m, n] contiguous.
// Every output sums its k products in order: floats in float64 without contraction and rounded
// once (the CPU's result, bit for bit), integers wrap (int32/uint8 in 32 bits, int64 in 64).
// The GPU uses 16 x 16 shared-memory tiles; the emulation build plain loops. bool has no matmul
// (the TypeScript side rejects it): DT_ERR_BAD_DTYPE.
#include "common.cuh"

struct DtMLayout {
  int64_t a_off, a_batch, a_row, a_col, b_off, b_batch, b_row, b_col;
};

template <class T>
struct DtMatAcc;
template <>
struct DtMatAcc<float> {
  typedef double Acc;
  DT_HD static Acc mad(Acc s, float a, float b) { return dt_dadd(s, dt_dmul(a, b)); }
  DT_HD static float fin(Acc s) { return (float)s; }
};
template <>
struct DtMatAcc<double> {
  typedef double Acc;
  DT_HD static Acc mad(Acc s, double a, double b) { return dt_dadd(s, dt_dmul(a, b)); }
  DT_HD static double fin(Acc s) { return s; }
};
template <>
struct DtMatAcc<int32_t> {
  typedef uint32_t Acc;
  DT_HD static Acc mad(Acc s, int32_t a, int32_t b) { return s + (uint32_t)a * (uint32_t)b; }
  DT_HD static int32_t fin(Acc s) { return (int32_t)s; }
};
template <>
struct DtMatAcc<uint8_t> {
  typedef uint32_t Acc;
  DT_HD static Acc mad(Acc s, uint8_t a, uint8_t b) { return s + (uint32_t)a * (uint32_t)b; }
  DT_HD static uint8_t fin(Acc s) { return (uint8_t)s; }
};
template <>
struct DtMatAcc<int64_t> {
  typedef uint64_t Acc;
  DT_HD static Acc mad(Acc s, int64_t a, int64_t b) { return s + (uint64_t)a * (uint64_t)b; }
  DT_HD static int64_t fin(Acc s) { return (int64_t)s; }
};

#define DT_TILE 16

#if DT_GPU
template <class T>
__global__ void dt_matmul_tiled(int64_t batch, int32_t m, int32_t n, int32_t k, DtMLayout L,
                                const T* a, const T* b, T* out) {
  typedef DtMatAcc<T> M;
  __shared__ T As[DT_TILE][DT_TILE + 1];
  __shared__ T Bs[DT_TILE][DT_TILE + 1];
  const int tx = threadIdx.x % DT_TILE, ty = threadIdx.x / DT_TILE;
  const int64_t tiles_n = (n + DT_TILE - 1) / DT_TILE, tiles_m = (m + DT_TILE - 1) / DT_TILE;
  const int64_t total = tiles_n * tiles_m * batch;
  for (int64_t t = blockIdx.x; t < total; t += gridDim.x) {
    const int64_t bn = t % tiles_n, bm = (t / tiles_n) % tiles_m, bb = t / (tiles_n * tiles_m);
    const int64_t row = bm * DT_TILE + ty, col = bn * DT_TILE + tx;
    const T* A = a + L.a_off + bb * L.a_batch;
    const T* B = b + L.b_off + bb * L.b_batch;
    typename M::Acc acc = 0;
    for (int32_t q0 = 0; q0 < k; q0 += DT_TILE) {
      const int32_t qa = q0 + tx, qb = q0 + ty;
      As[ty][tx] = (row < m && qa < k) ? A[row * L.a_row + qa * L.a_col] : T(0);
      Bs[ty][tx] = (qb < k && col < n) ? B[qb * L.b_row + col * L.b_col] : T(0);
      __syncthreads();
      const int qn = k - q0 < DT_TILE ? k - q0 : DT_TILE;
      for (int qq = 0; qq < qn; ++qq) acc = M::mad(acc, As[ty][qq], Bs[qq][tx]);
      __syncthreads();
    }
    if (row < m && col < n) out[(bb * m + row) * n + col] = M::fin(acc);
  }
}
#else
template <class T>
static void dt_matmul_host(int64_t batch, int32_t m, int32_t n, int32_t k, DtMLayout L,
                           const T* a, const T* b, T* out) {
  typedef DtMatAcc<T> M;
  for (int64_t bb = 0; bb < batch; ++bb) {
    const T* A = a + L.a_off + bb * L.a_batch;
    const T* B = b + L.b_off + bb * L.b_batch;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        typename M::Acc acc = 0;
        for (int64_t q = 0; q < k; ++q) {
          acc = M::mad(acc, A[i * L.a_row + q * L.a_col], B[q * L.b_row + j * L.b_col]);
        }
        out[(bb * m + i) * n + j] = M::fin(acc);
      }
    }
  }
}
#endif

template <class T>
static int32_t dt_matmul_run(int32_t batch, int32_t m, int32_t n, int32_t k,
                             const int32_t* mlayout, const void* a, const void* b, void* out,
                             void* stream) {
  if (mlayout == NULL || batch < 0 || m < 0 || n < 0 || k < 0) return DT_ERR_BAD_LAYOUT;
  const DtMLayout L = {mlayout[0], mlayout[1], mlayout[2], mlayout[3],
                       mlayout[4], mlayout[5], mlayout[6], mlayout[7]};
  if ((int64_t)batch * m * n == 0) return 0;
  const T* ap = static_cast<const T*>(a);
  const T* bp = static_cast<const T*>(b);
  T* o = static_cast<T*>(out);
#if DT_GPU
  const int64_t tiles = (int64_t)((n + DT_TILE - 1) / DT_TILE) * ((m + DT_TILE - 1) / DT_TILE) *
                        batch;
  const unsigned grid = (unsigned)(tiles < DT_MAX_BLOCKS ? tiles : DT_MAX_BLOCKS);
  dt_matmul_tiled<T><<<grid, DT_TILE * DT_TILE, 0, (cudaStream_t)stream>>>(batch, m, n, k, L, ap,
                                                                           bp, o);
  return DT_LAUNCH_STATUS();
#else
  (void)stream;
  dt_matmul_host<T>(batch, m, n, k, L, ap, bp, o);
  return 0;
#endif
}

#define DT_MATMUL_RUN_b8(...) DT_ERR_BAD_DTYPE
#define DT_MATMUL_RUN_u8(...) dt_matmul_run<uint8_t>(__VA_ARGS__)
#define DT_MATMUL_RUN_i32(...) dt_matmul_run<int32_t>(__VA_ARGS__)
#define DT_MATMUL_RUN_i64(...) dt_matmul_run<int64_t>(__VA_ARGS__)
#define DT_MATMUL_RUN_f32(...) dt_matmul_run<float>(__VA_ARGS__)
#define DT_MATMUL_RUN_f64(...) dt_matmul_run<double>(__VA_ARGS__)

#define DT_MATMUL_EXPORT(S, CODE)                                                              \
  int32_t dt_matmul_##S(int32_t batch, int32_t m, int32_t n, int32_t k, const int32_t* mlayout, \
                        const void* a, const void* b, void* out, void* stream) {               \
    (void)batch, (void)m, (void)n, (void)k, (void)mlayout, (void)a, (void)b, (void)out,        \
        (void)stream;                                                                          \
    return DT_MATMUL_RUN_##S(batch, m, n, k, mlayout, a, b, out, stream);                      \
  }
DT_FOR_EACH_DTYPE(DT_MATMUL_EXPORT)
#undef DT_MATMUL_EXPORT
