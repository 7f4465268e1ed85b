// Batched matrix product: dt_matmul_<dtype>(mlayout, a, b, out, stream) with a [batch, m, k] and
// b [batch, k, n] strided (DT_MLAYOUT_*: the sizes, offsets, strides and extents; batch strides
// may be 0) and out [batch, m, n] contiguous.
// Every output sums its k products in order: floats in float64 without contraction and rounded
// once (the CPU's result, bit for bit), integers wrap (int32/uint8 in 32 bits, int64 in 64).
// The GPU uses 16 x 16 shared-memory tiles; the emulation build plain loops. bool has no matmul
// (the TypeScript side rejects it): DT_ERR_BAD_DTYPE.
#include "common.cuh"

struct DtMLayout {
  int64_t batch, m, n, k;
  int64_t a_off, a_batch, a_row, a_col, b_off, b_batch, b_row, b_col;
};

// Reads and checks `mlayout` (*count gets out's element count), then checks the reach of a over
// [batch, m, k], of b over [batch, k, n] and of out against their extents.
static int32_t dt_read_mlayout(const double* mlayout, DtMLayout* L, int64_t* count) {
  int64_t v[DT_MLAYOUT_SIZE];
  if (mlayout == NULL || !dt_ints(mlayout, DT_MLAYOUT_SIZE, v)) return DT_ERR_BAD_LAYOUT;
  *L = {v[DT_MLAYOUT_BATCH],   v[DT_MLAYOUT_M],       v[DT_MLAYOUT_N],     v[DT_MLAYOUT_K],
        v[DT_MLAYOUT_A_OFFSET], v[DT_MLAYOUT_A_BATCH], v[DT_MLAYOUT_A_ROW], v[DT_MLAYOUT_A_COL],
        v[DT_MLAYOUT_B_OFFSET], v[DT_MLAYOUT_B_BATCH], v[DT_MLAYOUT_B_ROW], v[DT_MLAYOUT_B_COL]};
  if (L->batch < 0 || L->m < 0 || L->n < 0 || L->k < 0) return DT_ERR_BAD_LAYOUT;
  const int64_t out_shape[3] = {L->batch, L->m, L->n};
  if (!dt_product(out_shape, 3, count)) return DT_ERR_BAD_LAYOUT;
  if (*count == 0) return 0;  // nothing is touched
  const int64_t a_shape[3] = {L->batch, L->m, L->k};
  const int64_t a_strides[3] = {L->a_batch, L->a_row, L->a_col};
  const int64_t b_shape[3] = {L->batch, L->k, L->n};
  const int64_t b_strides[3] = {L->b_batch, L->b_row, L->b_col};
  int32_t st = dt_check_reach(L->a_off, 3, a_shape, a_strides, v[DT_MLAYOUT_A_EXTENT]);
  if (st == 0) st = dt_check_reach(L->b_off, 3, b_shape, b_strides, v[DT_MLAYOUT_B_EXTENT]);
  if (st == 0) st = dt_check_span(0, *count, v[DT_MLAYOUT_OUT_EXTENT]);
  return st;
}

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
__global__ void dt_matmul_tiled(DtMLayout L, const T* a, const T* b, T* out) {
  typedef DtMatAcc<T> M;
  __shared__ T As[DT_TILE][DT_TILE + 1];
  __shared__ T Bs[DT_TILE][DT_TILE + 1];
  const int tx = threadIdx.x % DT_TILE, ty = threadIdx.x / DT_TILE;
  const int64_t batch = L.batch, m = L.m, n = L.n, k = L.k;
  const int64_t tiles_n = (n + DT_TILE - 1) / DT_TILE, tiles_m = (m + DT_TILE - 1) / DT_TILE;
  const int64_t total = tiles_n * tiles_m * batch;
  for (int64_t t = blockIdx.x; t < total; t += gridDim.x) {
    const int64_t bn = t % tiles_n, bm = (t / tiles_n) % tiles_m, bb = t / (tiles_n * tiles_m);
    const int64_t row = bm * DT_TILE + ty, col = bn * DT_TILE + tx;
    const T* A = a + L.a_off + bb * L.a_batch;
    const T* B = b + L.b_off + bb * L.b_batch;
    typename M::Acc acc = 0;
    for (int64_t q0 = 0; q0 < k; q0 += DT_TILE) {
      const int64_t qa = q0 + tx, qb = q0 + ty;
      As[ty][tx] = (row < m && qa < k) ? A[row * L.a_row + qa * L.a_col] : T(0);
      Bs[ty][tx] = (qb < k && col < n) ? B[qb * L.b_row + col * L.b_col] : T(0);
      __syncthreads();
      const int qn = k - q0 < DT_TILE ? (int)(k - q0) : DT_TILE;
      for (int qq = 0; qq < qn; ++qq) acc = M::mad(acc, As[ty][qq], Bs[qq][tx]);
      __syncthreads();
    }
    if (row < m && col < n) out[(bb * m + row) * n + col] = M::fin(acc);
  }
}
#else
template <class T>
static void dt_matmul_host(const DtMLayout& L, const T* a, const T* b, T* out) {
  typedef DtMatAcc<T> M;
  const int64_t batch = L.batch, m = L.m, n = L.n, k = L.k;
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
static int32_t dt_matmul_run(const double* mlayout, const void* a, const void* b, void* out,
                             void* stream) {
  DtMLayout L;
  int64_t count;
  const int32_t st = dt_read_mlayout(mlayout, &L, &count);
  if (st != 0 || count == 0) return st;
  const T* ap = static_cast<const T*>(a);
  const T* bp = static_cast<const T*>(b);
  T* o = static_cast<T*>(out);
#if DT_GPU
  const int64_t tiles = ((L.n + DT_TILE - 1) / DT_TILE) * ((L.m + DT_TILE - 1) / DT_TILE) * L.batch;
  const unsigned grid = (unsigned)(tiles < DT_MAX_BLOCKS ? tiles : DT_MAX_BLOCKS);
  dt_matmul_tiled<T><<<grid, DT_TILE * DT_TILE, 0, (cudaStream_t)stream>>>(L, ap, bp, o);
  return DT_LAUNCH_STATUS();
#else
  (void)stream;
  dt_matmul_host<T>(L, ap, bp, o);
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
  int32_t dt_matmul_##S(const double* mlayout, const void* a, const void* b, void* out,         \
                        void* stream) {                                                        \
    (void)mlayout, (void)a, (void)b, (void)out, (void)stream;                                  \
    return DT_MATMUL_RUN_##S(mlayout, a, b, out, stream);                                      \
  }
DT_FOR_EACH_DTYPE(DT_MATMUL_EXPORT)
#undef DT_MATMUL_EXPORT
