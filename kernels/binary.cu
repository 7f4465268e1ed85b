// Binary family: out = op(a, b), dt_binary_<dtype>(op, n, layout, a, b, scalar, scalar_side,
// out, stream). Either side may be a scalar passed by value (scalar_side 1: a, 2: b; int64
// scalars come from layout[DT_LAYOUT_I64]); broadcasting is stride 0 in the layout. Comparisons
// and logical ops write bool (uint8 0/1). bool add is or and mul is and (the TypeScript rules);
// logical ops take bool operands only (the TypeScript side casts to bool first).
#include "common.cuh"

#define DT_BINARY_FUNCTOR(NAME, EXPR)                     \
  struct NAME {                                           \
    template <class T>                                    \
    DT_HD T operator()(T a, T b) const { return EXPR; }   \
  };
#define DT_COMPARE_FUNCTOR(NAME, EXPR)                                     \
  struct NAME {                                                            \
    template <class T>                                                     \
    DT_HD uint8_t operator()(T a, T b) const { return (EXPR) ? 1 : 0; }    \
  };

DT_BINARY_FUNCTOR(BAdd, dt_add(a, b))
DT_BINARY_FUNCTOR(BSub, dt_sub(a, b))
DT_BINARY_FUNCTOR(BMul, dt_mul(a, b))
DT_BINARY_FUNCTOR(BDiv, a / b)
DT_BINARY_FUNCTOR(BFloorDiv, dt_floordiv(a, b))
DT_BINARY_FUNCTOR(BMod, dt_mod(a, b))
DT_BINARY_FUNCTOR(BPow, dt_pow(a, b))
DT_BINARY_FUNCTOR(BMaximum, dt_maximum(a, b))
DT_BINARY_FUNCTOR(BMinimum, dt_minimum(a, b))
DT_BINARY_FUNCTOR(BSquaredDifference, dt_sqdiff(a, b))
DT_BINARY_FUNCTOR(BAtan2, dt_atan2(a, b))
DT_BINARY_FUNCTOR(BAnd, T(a & b))
DT_BINARY_FUNCTOR(BOr, T(a | b))
DT_BINARY_FUNCTOR(BXor, T(a ^ b))
DT_COMPARE_FUNCTOR(BEqual, a == b)
DT_COMPARE_FUNCTOR(BNotEqual, a != b)
DT_COMPARE_FUNCTOR(BLess, a < b)
DT_COMPARE_FUNCTOR(BLessEqual, a <= b)
DT_COMPARE_FUNCTOR(BGreater, a > b)
DT_COMPARE_FUNCTOR(BGreaterEqual, a >= b)

// One line per op x dtype: X(dtype suffix, op name, functor).
#define DT_BINARY_COMPARE(X, S)                                                               \
  X(S, equal, BEqual) X(S, notEqual, BNotEqual) X(S, less, BLess)                             \
  X(S, lessEqual, BLessEqual) X(S, greater, BGreater) X(S, greaterEqual, BGreaterEqual)
#define DT_BINARY_INT(X, S)                                                                   \
  X(S, add, BAdd) X(S, sub, BSub) X(S, mul, BMul) X(S, floorDiv, BFloorDiv) X(S, mod, BMod)   \
  X(S, pow, BPow) X(S, maximum, BMaximum) X(S, minimum, BMinimum)                             \
  X(S, squaredDifference, BSquaredDifference) DT_BINARY_COMPARE(X, S)
#define DT_BINARY_FLOAT(X, S) DT_BINARY_INT(X, S) X(S, div, BDiv) X(S, atan2, BAtan2)
#define DT_BINARY_BOOL(X, S)                                                                  \
  X(S, add, BOr) X(S, mul, BAnd) X(S, maximum, BMaximum) X(S, minimum, BMinimum)              \
  DT_BINARY_COMPARE(X, S) X(S, logicalAnd, BAnd) X(S, logicalOr, BOr)                         \
  X(S, logicalXor, BXor)
#define DT_BINARY_TABLE(X)                                                                    \
  DT_BINARY_BOOL(X, b8) DT_BINARY_INT(X, u8) DT_BINARY_INT(X, i32) DT_BINARY_INT(X, i64)      \
  DT_BINARY_FLOAT(X, f32) DT_BINARY_FLOAT(X, f64)

template <class OP, class TIN>
struct BinaryParams {
  typedef OP Op;
  typedef TIN T;
  typedef decltype(OP()(TIN(), TIN())) O;
};

// Contiguous operands (a scalar side reads `s`); vectorised when the tensors are aligned.
template <class P>
DT_KERNEL void dt_binary_contig(int64_t n, const typename P::T* a, const typename P::T* b,
                                typename P::T s, int side, typename P::O* out, int vec) {
  typedef typename P::T T;
  typedef typename P::O O;
  typedef DtVec<T, DT_VEC> VT;
  typedef DtVec<O, DT_VEC> VO;
  typename P::Op op;
  if (vec) {
    const int64_t nv = n / DT_VEC;
    VT sv;
    DT_UNROLL
    for (int j = 0; j < DT_VEC; ++j) sv.v[j] = s;
    DT_GRID_STRIDE(i, nv) {
      const VT va = side == 1 ? sv : reinterpret_cast<const VT*>(a)[i];
      const VT vb = side == 2 ? sv : reinterpret_cast<const VT*>(b)[i];
      VO r;
      DT_UNROLL
      for (int j = 0; j < DT_VEC; ++j) r.v[j] = op(va.v[j], vb.v[j]);
      reinterpret_cast<VO*>(out)[i] = r;
    }
    DT_GRID_STRIDE(i, n - nv * DT_VEC) {
      const int64_t k = nv * DT_VEC + i;
      out[k] = op(side == 1 ? s : a[k], side == 2 ? s : b[k]);
    }
  } else {
    DT_GRID_STRIDE(i, n) { out[i] = op(side == 1 ? s : a[i], side == 2 ? s : b[i]); }
  }
}

template <class P>
DT_KERNEL void dt_binary_strided(int64_t n, DtLayout L, const typename P::T* a,
                                 const typename P::T* b, typename P::T s, int side,
                                 typename P::O* out) {
  typename P::Op op;
  dt_strided_for<3>(n, L, [&](const int64_t* off) {
    out[off[2]] = op(side == 1 ? s : a[off[0]], side == 2 ? s : b[off[1]]);
  });
}

// The scalar operand in the dtype (int64 from the layout's two words).
template <class T>
static T dt_scalar_value(double v, const int32_t*) {
  return dt_convert<T>(v);
}
template <>
int64_t dt_scalar_value<int64_t>(double, const int32_t* layout) {
  return dt_layout_i64(layout);
}

template <class OP, class TIN, bool BOOL>
static int32_t dt_binary_run(int32_t n, const int32_t* layout, const void* a, const void* b,
                             double scalar, int32_t side, void* out, void* stream) {
  typedef BinaryParams<OP, TIN> P;
  typedef typename P::T T;
  typedef typename P::O O;
  if (side < 0 || side > 2) return DT_ERR_BAD_LAYOUT;
  DtLayout L;
  bool contiguous = false;
  const int32_t st = dt_read_layout(layout, 3, n, &L, &contiguous);
  if (st != 0) return st;
  if (n == 0) return 0;
  const T s = side == 0 ? T(0) : BOOL ? T(scalar != 0) : dt_scalar_value<T>(scalar, layout);
  if (contiguous) {
    const T* ap = side == 1 ? NULL : static_cast<const T*>(a) + L.offset[0];
    const T* bp = side == 2 ? NULL : static_cast<const T*>(b) + L.offset[1];
    O* o = static_cast<O*>(out) + L.offset[2];
    const int vec = DT_VEC_LOADS && (side == 1 || dt_aligned(ap, sizeof(T) * DT_VEC)) &&
                    (side == 2 || dt_aligned(bp, sizeof(T) * DT_VEC)) &&
                    dt_aligned(o, sizeof(O) * DT_VEC);
    DT_LAUNCH(dt_binary_contig<P>, vec ? n / DT_VEC + 1 : n, stream, n, ap, bp, s, side, o, vec);
  } else {
    DT_LAUNCH(dt_binary_strided<P>, n, stream, n, L, static_cast<const T*>(a),
              static_cast<const T*>(b), s, side, static_cast<O*>(out));
  }
  return DT_LAUNCH_STATUS();
}

#define DT_BINARY_KEY(CODE, OP) ((CODE) * 64 + (OP))

static int32_t dt_binary_dispatch(int32_t dtype, int32_t op, int32_t n, const int32_t* layout,
                                  const void* a, const void* b, double scalar, int32_t side,
                                  void* out, void* stream) {
  if (op < 0 || op >= DT_BINARY_COUNT) return DT_ERR_BAD_OP;
  switch (DT_BINARY_KEY(dtype, op)) {
#define DT_BINARY_CASE(S, OP, F)                                                     \
  case DT_BINARY_KEY(DT_CODE_##S, DT_BINARY_##OP):                                   \
    return dt_binary_run<F, dt_ctype_##S, DT_CODE_##S == DT_DTYPE_bool>(             \
        n, layout, a, b, scalar, side, out, stream);
    DT_BINARY_TABLE(DT_BINARY_CASE)
#undef DT_BINARY_CASE
    default:
      return DT_ERR_BAD_OP;
  }
}

bool dt_binary_has(int32_t op, int32_t dtype) {
  if (op < 0 || op >= DT_BINARY_COUNT) return false;
  switch (DT_BINARY_KEY(dtype, op)) {
#define DT_BINARY_CASE(S, OP, F) case DT_BINARY_KEY(DT_CODE_##S, DT_BINARY_##OP):
    DT_BINARY_TABLE(DT_BINARY_CASE)
#undef DT_BINARY_CASE
    return true;
    default:
      return false;
  }
}

#define DT_BINARY_EXPORT(S, CODE)                                                            \
  int32_t dt_binary_##S(int32_t op, int32_t n, const int32_t* layout, const void* a,         \
                        const void* b, double scalar, int32_t scalar_side, void* out,        \
                        void* stream) {                                                      \
    return dt_binary_dispatch(DT_CODE_##S, op, n, layout, a, b, scalar, scalar_side, out,    \
                              stream);                                                       \
  }
DT_FOR_EACH_DTYPE(DT_BINARY_EXPORT)
#undef DT_BINARY_EXPORT
