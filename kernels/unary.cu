// Unary family: out = op(x), dt_unary_<dtype>(op, n, layout, x, out, stream).
// Each op is one functor; DT_UNARY_TABLE has one line per op x dtype and generates the dispatch
// and dt_supports' answer. Float functions exist for float32 and float64 only: the TypeScript
// side casts integer and bool input to float32 first. Predicates (logicalNot, isNan, isFinite,
// isInf) write bool (uint8 0/1).
#include "common.cuh"

#define DT_UNARY_FUNCTOR(NAME, EXPR)             \
  struct NAME {                                  \
    template <class T>                           \
    DT_HD T operator()(T x) const { return EXPR; } \
  };
#define DT_PREDICATE_FUNCTOR(NAME, EXPR)                               \
  struct NAME {                                                        \
    template <class T>                                                 \
    DT_HD uint8_t operator()(T x) const { return (EXPR) ? 1 : 0; }     \
  };

DT_UNARY_FUNCTOR(UNeg, dt_neg(x))
DT_UNARY_FUNCTOR(UAbs, dt_abs(x))
DT_UNARY_FUNCTOR(USign, dt_sign(x))
DT_UNARY_FUNCTOR(UExp, dt_exp(x))
DT_UNARY_FUNCTOR(UExpm1, dt_expm1(x))
DT_UNARY_FUNCTOR(ULog, dt_log(x))
DT_UNARY_FUNCTOR(ULog1p, dt_log1p(x))
DT_UNARY_FUNCTOR(USqrt, dt_sqrt(x))
DT_UNARY_FUNCTOR(URsqrt, dt_rsqrt(x))
DT_UNARY_FUNCTOR(USquare, dt_mul(x, x))
DT_UNARY_FUNCTOR(UReciprocal, T(1) / x)
DT_UNARY_FUNCTOR(USin, dt_sin(x))
DT_UNARY_FUNCTOR(UCos, dt_cos(x))
DT_UNARY_FUNCTOR(UTan, dt_tan(x))
DT_UNARY_FUNCTOR(UAsin, dt_asin(x))
DT_UNARY_FUNCTOR(UAcos, dt_acos(x))
DT_UNARY_FUNCTOR(UAtan, dt_atan(x))
DT_UNARY_FUNCTOR(USinh, dt_sinh(x))
DT_UNARY_FUNCTOR(UCosh, dt_cosh(x))
DT_UNARY_FUNCTOR(UTanh, dt_tanh(x))
DT_UNARY_FUNCTOR(UAsinh, dt_asinh(x))
DT_UNARY_FUNCTOR(UAcosh, dt_acosh(x))
DT_UNARY_FUNCTOR(UAtanh, dt_atanh(x))
DT_UNARY_FUNCTOR(USigmoid, dt_sigmoid(x))
DT_UNARY_FUNCTOR(UErf, dt_erf(x))
DT_UNARY_FUNCTOR(UFloor, dt_floor(x))
DT_UNARY_FUNCTOR(UCeil, dt_ceil(x))
DT_UNARY_FUNCTOR(URound, dt_round(x))
DT_UNARY_FUNCTOR(URelu, dt_relu(x))
DT_PREDICATE_FUNCTOR(ULogicalNot, x == T(0))
DT_PREDICATE_FUNCTOR(UIsNan, dt_isnan(x))
DT_PREDICATE_FUNCTOR(UIsFinite, dt_isfinite(x))
DT_PREDICATE_FUNCTOR(UIsInf, dt_isinf(x))

// One line per op x dtype: X(dtype suffix, op name, functor).
#define DT_UNARY_FLOAT(X, S)                                                                  \
  X(S, neg, UNeg) X(S, abs, UAbs) X(S, sign, USign) X(S, exp, UExp) X(S, expm1, UExpm1)       \
  X(S, log, ULog) X(S, log1p, ULog1p) X(S, sqrt, USqrt) X(S, rsqrt, URsqrt)                   \
  X(S, square, USquare) X(S, reciprocal, UReciprocal) X(S, sin, USin) X(S, cos, UCos)         \
  X(S, tan, UTan) X(S, asin, UAsin) X(S, acos, UAcos) X(S, atan, UAtan) X(S, sinh, USinh)     \
  X(S, cosh, UCosh) X(S, tanh, UTanh) X(S, asinh, UAsinh) X(S, acosh, UAcosh)                 \
  X(S, atanh, UAtanh) X(S, sigmoid, USigmoid) X(S, erf, UErf) X(S, floor, UFloor)             \
  X(S, ceil, UCeil) X(S, round, URound) X(S, relu, URelu) X(S, logicalNot, ULogicalNot)       \
  X(S, isNan, UIsNan) X(S, isFinite, UIsFinite) X(S, isInf, UIsInf)
#define DT_UNARY_INT(X, S)                                                                    \
  X(S, neg, UNeg) X(S, abs, UAbs) X(S, sign, USign) X(S, square, USquare)                     \
  X(S, floor, UFloor) X(S, ceil, UCeil) X(S, round, URound) X(S, relu, URelu)                 \
  X(S, logicalNot, ULogicalNot) X(S, isNan, UIsNan) X(S, isFinite, UIsFinite)                 \
  X(S, isInf, UIsInf)
// bool: the identities of the TypeScript rules (abs, floor, ceil, round, relu) and the
// predicates; neg, sign and square are errors there.
#define DT_UNARY_BOOL(X, S)                                                                   \
  X(S, abs, UAbs) X(S, floor, UFloor) X(S, ceil, UCeil) X(S, round, URound)                   \
  X(S, relu, URelu) X(S, logicalNot, ULogicalNot) X(S, isNan, UIsNan)                         \
  X(S, isFinite, UIsFinite) X(S, isInf, UIsInf)
#define DT_UNARY_TABLE(X)                                                                     \
  DT_UNARY_BOOL(X, b8) DT_UNARY_INT(X, u8) DT_UNARY_INT(X, i32) DT_UNARY_INT(X, i64)          \
  DT_UNARY_FLOAT(X, f32) DT_UNARY_FLOAT(X, f64)

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
DT_KERNEL void dt_unary_strided(int64_t n, DtLayout L, const typename P::T* x,
                                typename P::O* out) {
  typename P::Op op;
  dt_strided_for<2>(n, L, [&](const int64_t* off) { out[off[1]] = op(x[off[0]]); });
}

template <class OP, class TIN>
static int32_t dt_unary_run(int32_t n, const int32_t* layout, const void* x, void* out,
                            void* stream) {
  typedef UnaryParams<OP, TIN> P;
  typedef typename P::T T;
  typedef typename P::O O;
  DtLayout L;
  bool contiguous = false;
  const int32_t st = dt_read_layout(layout, 2, n, &L, &contiguous);
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

#define DT_UNARY_KEY(CODE, OP) ((CODE) * 64 + (OP))

static int32_t dt_unary_dispatch(int32_t dtype, int32_t op, int32_t n, const int32_t* layout,
                                 const void* x, void* out, void* stream) {
  if (op < 0 || op >= DT_UNARY_COUNT) return DT_ERR_BAD_OP;
  switch (DT_UNARY_KEY(dtype, op)) {
#define DT_UNARY_CASE(S, OP, F)                  \
  case DT_UNARY_KEY(DT_CODE_##S, DT_UNARY_##OP): \
    return dt_unary_run<F, dt_ctype_##S>(n, layout, x, out, stream);
    DT_UNARY_TABLE(DT_UNARY_CASE)
#undef DT_UNARY_CASE
    default:
      return DT_ERR_BAD_OP;
  }
}

bool dt_unary_has(int32_t op, int32_t dtype) {
  if (op < 0 || op >= DT_UNARY_COUNT) return false;
  switch (DT_UNARY_KEY(dtype, op)) {
#define DT_UNARY_CASE(S, OP, F) case DT_UNARY_KEY(DT_CODE_##S, DT_UNARY_##OP):
    DT_UNARY_TABLE(DT_UNARY_CASE)
#undef DT_UNARY_CASE
    return true;
    default:
      return false;
  }
}

#define DT_UNARY_EXPORT(S, CODE)                                                             \
  int32_t dt_unary_##S(int32_t op, int32_t n, const int32_t* layout, const void* x, void* out, \
                       void* stream) {                                                       \
    return dt_unary_dispatch(DT_CODE_##S, op, n, layout, x, out, stream);                    \
  }
DT_FOR_EACH_DTYPE(DT_UNARY_EXPORT)
#undef DT_UNARY_EXPORT
