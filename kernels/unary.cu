// Unary family: out = op(x), dt_unary_<dtype>(op, n, layout, x, out, stream).
// Each op is one functor line below, DtUnary<DT_UNARY_op>; build/op_ids.h's DT_UNARY_TABLE lists
// every (dtype, op) pair the TypeScript side sends here and generates the dispatch and
// dt_supports' answer (an op of the list without a functor line fails to compile, naming the
// op). Float functions exist for float32 and float64 only: the TypeScript side casts integer and
// bool input to float32 first. Predicates (logicalNot, isNan, isFinite, isInf) write bool
// (uint8 0/1).
#include "common.cuh"

// The functor of unary op OP: specialised once per op by the lines below.
template <int OP>
struct DtUnary {
  static constexpr bool defined = false;
};

// An op computed by one expression of x for every dtype T it is listed for.
#define DT_UNARY_FUNCTOR(OP, EXPR)                  \
  template <>                                       \
  struct DtUnary<DT_UNARY_##OP> {                   \
    static constexpr bool defined = true;           \
    template <class T>                              \
    DT_HD T operator()(T x) const { return EXPR; }  \
  };
// A float function: F32 for float32, F64 for float64 (C library names, or cpu_math.cuh's).
#define DT_UNARY_LIBM(OP, F32, F64)                            \
  template <>                                                  \
  struct DtUnary<DT_UNARY_##OP> {                              \
    static constexpr bool defined = true;                      \
    DT_HD float operator()(float x) const { return F32(x); }   \
    DT_HD double operator()(double x) const { return F64(x); } \
  };
// A predicate: bool out.
#define DT_UNARY_PREDICATE(OP, EXPR)                                   \
  template <>                                                          \
  struct DtUnary<DT_UNARY_##OP> {                                      \
    static constexpr bool defined = true;                              \
    template <class T>                                                 \
    DT_HD uint8_t operator()(T x) const { return (EXPR) ? 1 : 0; }     \
  };

DT_UNARY_FUNCTOR(neg, dt_neg(x))
DT_UNARY_FUNCTOR(abs, dt_abs(x))
DT_UNARY_FUNCTOR(sign, dt_sign(x))
DT_UNARY_LIBM(exp, DT_EXPF, exp)
DT_UNARY_LIBM(expm1, expm1f, expm1)
DT_UNARY_LIBM(cbrt, cbrtf, cbrt)
DT_UNARY_LIBM(log, DT_LOGF, log)
DT_UNARY_LIBM(log1p, log1pf, log1p)
DT_UNARY_LIBM(sqrt, sqrtf, sqrt)
DT_UNARY_FUNCTOR(rsqrt, dt_rsqrt(x))
DT_UNARY_FUNCTOR(square, dt_mul(x, x))
DT_UNARY_FUNCTOR(reciprocal, T(1) / x)
DT_UNARY_LIBM(sin, sinf, sin)
DT_UNARY_LIBM(cos, cosf, cos)
DT_UNARY_LIBM(tan, tanf, tan)
DT_UNARY_LIBM(asin, asinf, asin)
DT_UNARY_LIBM(acos, acosf, acos)
DT_UNARY_LIBM(atan, atanf, atan)
DT_UNARY_LIBM(sinh, sinhf, sinh)
DT_UNARY_LIBM(cosh, coshf, cosh)
DT_UNARY_LIBM(tanh, DT_TANHF, tanh)
DT_UNARY_LIBM(asinh, asinhf, asinh)
DT_UNARY_LIBM(acosh, acoshf, acosh)
DT_UNARY_LIBM(atanh, atanhf, atanh)
DT_UNARY_FUNCTOR(sigmoid, dt_sigmoid(x))
DT_UNARY_LIBM(erf, erff, erf)
DT_UNARY_LIBM(floor, floorf, floor)
DT_UNARY_LIBM(ceil, ceilf, ceil)
DT_UNARY_LIBM(round, rintf, rint)  // the default rounding mode: half to even
DT_UNARY_FUNCTOR(relu, dt_relu(x))
DT_UNARY_PREDICATE(logicalNot, x == T(0))
DT_UNARY_PREDICATE(isNan, dt_isnan(x))
DT_UNARY_PREDICATE(isFinite, dt_isfinite(x))
DT_UNARY_PREDICATE(isInf, dt_isinf(x))

template <class OP, class TIN>
struct UnaryParams {
  typedef OP Op;
  typedef TIN T;
  typedef decltype(OP()(TIN())) O;
};

// Contiguous x and out; vectorised loads when both are aligned to DT_VEC elements.
template <class P>
DT_KERNEL void dt_unary_contig(int64_t n, const typename P::T* x, typename P::O* out, int vec) {
  typedef typename P::T T;
  typedef typename P::O O;
  typename P::Op op;
  if (vec) {
    const int64_t nv = n / DT_VEC;
    DT_GRID_STRIDE(i, nv) {
      const DtVec<T, DT_VEC> a = reinterpret_cast<const DtVec<T, DT_VEC>*>(x)[i];
      DtVec<O, DT_VEC> r;
DT_UNROLL
      for (int j = 0; j < DT_VEC; ++j) r.v[j] = op(a.v[j]);
      reinterpret_cast<DtVec<O, DT_VEC>*>(out)[i] = r;
    }
    DT_GRID_STRIDE(i, n - nv * DT_VEC) {
      const int64_t k = nv * DT_VEC + i;
      out[k] = op(x[k]);
    }
  } else {
    DT_GRID_STRIDE(i, n) { out[i] = op(x[i]); }
  }
}

template <class P>
DT_KERNEL void dt_unary_strided(int64_t n, DT_PARAM(DtLayout) L, const typename P::T* x,
                                typename P::O* out) {
  typename P::Op op;
  dt_strided_for<2>(n, L, [&](const int64_t* off) { out[off[1]] = op(x[off[0]]); });
}

template <class OP, class TIN>
static int32_t dt_unary_run(double count, const double* layout, const void* x, void* out,
                            void* stream) {
  typedef UnaryParams<OP, TIN> P;
  typedef typename P::T T;
  typedef typename P::O O;
  DtLayout L;
  int64_t n;
  bool contiguous = false;
  const int32_t st = dt_read_layout(layout, 2, 0, count, &L, &n, &contiguous);
  if (st != 0) return st;
  if (n == 0) return 0;
  if (contiguous) {
    const T* xp = static_cast<const T*>(x) + L.offset[0];
    O* o = static_cast<O*>(out) + L.offset[1];
    const int vec =
        DT_VEC_LOADS && dt_aligned(xp, sizeof(T) * DT_VEC) && dt_aligned(o, sizeof(O) * DT_VEC);
    DT_LAUNCH(dt_unary_contig<P>, vec ? n / DT_VEC + 1 : n, stream, n, xp, o, vec);
  } else {
    DT_LAUNCH(dt_unary_strided<P>, n, stream, n, L, static_cast<const T*>(x),
              static_cast<O*>(out));
  }
  return DT_LAUNCH_STATUS();
}

static int32_t dt_unary_dispatch(int32_t dtype, int32_t op, double n, const double* layout,
                                 const void* x, void* out, void* stream) {
  if (op < 0 || op >= DT_UNARY_COUNT) return DT_ERR_BAD_OP;
  switch (DT_OP_KEY(dtype, op)) {
#define DT_UNARY_CASE(S, OP)                                                                 \
  case DT_OP_KEY(DT_CODE_##S, DT_UNARY_##OP):                                                \
    static_assert(DtUnary<DT_UNARY_##OP>::defined, "unary op " #OP " has no functor line"); \
    return dt_unary_run<DtUnary<DT_UNARY_##OP>, dt_ctype_##S>(n, layout, x, out, stream);
    DT_UNARY_TABLE(DT_UNARY_CASE)
#undef DT_UNARY_CASE
    default:
      return DT_ERR_BAD_OP;
  }
}

bool dt_unary_has(int32_t op, int32_t dtype) {
  if (op < 0 || op >= DT_UNARY_COUNT) return false;
  switch (DT_OP_KEY(dtype, op)) {
#define DT_UNARY_CASE(S, OP) case DT_OP_KEY(DT_CODE_##S, DT_UNARY_##OP):
    DT_UNARY_TABLE(DT_UNARY_CASE)
#undef DT_UNARY_CASE
    return true;
    default:
      return false;
  }
}

#define DT_UNARY_EXPORT(S, CODE)                                                            \
  int32_t dt_unary_##S(int32_t op, double n, const double* layout, const void* x, void* out, \
                       void* stream) {                                                      \
    return dt_unary_dispatch(DT_CODE_##S, op, n, layout, x, out, stream);                   \
  }
DT_FOR_EACH_DTYPE(DT_UNARY_EXPORT)
#undef DT_UNARY_EXPORT
