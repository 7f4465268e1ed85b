// Binary family: out = op(a, b), dt_binary_<dtype>(op, n, layout, a, b, scalar, scalar_side,
// out, stream). Either side may be a scalar passed by value (scalar_side 1: a, 2: b; int64
// scalars come from layout[DT_LAYOUT_I64]); broadcasting is stride 0 in the layout. Comparisons
// and logical ops write bool (uint8 0/1). bool add is or and mul is and (the TypeScript rules);
// logical ops take bool operands only (the TypeScript side casts to bool first).
// Each op is one functor line below, DtBinary<DT_BINARY_op>, plus a bool line where its bool
// version differs; build/op_ids.h's DT_BINARY_TABLE lists every (dtype, op) pair the TypeScript
// side sends here and generates the dispatch and dt_supports' answer (an op of the list without
// a functor line fails to compile, naming the op).
#include "common.cuh"

// The functor of binary op OP: specialised once per op by the lines below.
template <int OP>
struct DtBinary {
  static constexpr bool defined = false;
};
// The functor of op OP on bool: the general one, unless a bool line below says otherwise.
template <int OP>
struct DtBinaryBool {
  typedef DtBinary<OP> type;
};

// An op with the operands' dtype as its result.
#define DT_BINARY_FUNCTOR(OP, EXPR)                       \
  template <>                                             \
  struct DtBinary<DT_BINARY_##OP> {                       \
    static constexpr bool defined = true;                 \
    template <class T>                                    \
    DT_HD T operator()(T a, T b) const { return EXPR; }   \
  };
// A comparison: bool out.
#define DT_BINARY_COMPARE(OP, EXPR)                                        \
  template <>                                                              \
  struct DtBinary<DT_BINARY_##OP> {                                        \
    static constexpr bool defined = true;                                  \
    template <class T>                                                     \
    DT_HD uint8_t operator()(T a, T b) const { return (EXPR) ? 1 : 0; }    \
  };
// The bool version of an op, where it is not the general one.
#define DT_BINARY_BOOL(OP, EXPR)                                                 \
  template <>                                                                    \
  struct DtBinaryBool<DT_BINARY_##OP> {                                          \
    struct type {                                                                \
      DT_HD uint8_t operator()(uint8_t a, uint8_t b) const { return EXPR; }     \
    };                                                                           \
  };

DT_BINARY_FUNCTOR(add, dt_add(a, b))
DT_BINARY_BOOL(add, (uint8_t)(a | b))
DT_BINARY_FUNCTOR(sub, dt_sub(a, b))
DT_BINARY_FUNCTOR(mul, dt_mul(a, b))
DT_BINARY_BOOL(mul, (uint8_t)(a & b))
DT_BINARY_FUNCTOR(div, a / b)
DT_BINARY_FUNCTOR(floorDiv, dt_floordiv(a, b))
DT_BINARY_FUNCTOR(mod, dt_mod(a, b))
DT_BINARY_FUNCTOR(pow, dt_pow(a, b))
DT_BINARY_FUNCTOR(maximum, dt_maximum(a, b))
DT_BINARY_FUNCTOR(minimum, dt_minimum(a, b))
DT_BINARY_FUNCTOR(squaredDifference, dt_sqdiff(a, b))
DT_BINARY_FUNCTOR(atan2, dt_atan2(a, b))
DT_BINARY_COMPARE(equal, a == b)
DT_BINARY_COMPARE(notEqual, a != b)
DT_BINARY_COMPARE(less, a < b)
DT_BINARY_COMPARE(lessEqual, a <= b)
DT_BINARY_COMPARE(greater, a > b)
DT_BINARY_COMPARE(greaterEqual, a >= b)
DT_BINARY_FUNCTOR(logicalAnd, T(a & b))
DT_BINARY_FUNCTOR(logicalOr, T(a | b))
DT_BINARY_FUNCTOR(logicalXor, T(a ^ b))

// The functor of op OP on dtype code CODE.
template <int CODE, int OP>
struct DtBinaryFor {
  typedef DtBinary<OP> type;
};
template <int OP>
struct DtBinaryFor<DT_DTYPE_bool, OP> {
  typedef typename DtBinaryBool<OP>::type type;
};

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
DT_KERNEL void dt_binary_strided(int64_t n, DT_PARAM(DtLayout) L, const typename P::T* a,
                                 const typename P::T* b, typename P::T s, int side,
                                 typename P::O* out) {
  typename P::Op op;
  dt_strided_for<3>(n, L, [&](const int64_t* off) {
    out[off[2]] = op(side == 1 ? s : a[off[0]], side == 2 ? s : b[off[1]]);
  });
}

// The scalar operand in the dtype: the value converted, true/false for bool, and for int64 the
// layout's two words (false: they are not a valid int64, DT_ERR_BAD_LAYOUT).
template <class T, bool BOOL>
static bool dt_scalar_value(double v, const double*, T* out) {
  *out = BOOL ? T(v != 0) : dt_convert<T>(v);
  return true;
}
template <>
bool dt_scalar_value<int64_t, false>(double, const double* layout, int64_t* out) {
  return dt_layout_i64(layout, out);
}

template <class OP, class TIN, bool BOOL>
static int32_t dt_binary_run(double count, const double* layout, const void* a, const void* b,
                             double scalar, int32_t side, void* out, void* stream) {
  typedef BinaryParams<OP, TIN> P;
  typedef typename P::T T;
  typedef typename P::O O;
  if (side < 0 || side > 2) return DT_ERR_BAD_LAYOUT;
  DtLayout L;
  int64_t n;
  bool contiguous = false;
  // The scalar side has no operand: its entries are neither read nor checked.
  const unsigned skip = side == 0 ? 0u : 1u << (side - 1);
  const int32_t st = dt_read_layout(layout, 3, skip, count, &L, &n, &contiguous);
  if (st != 0) return st;
  T s = T(0);
  if (side != 0 && !dt_scalar_value<T, BOOL>(scalar, layout, &s)) return DT_ERR_BAD_LAYOUT;
  if (n == 0) return 0;
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

static int32_t dt_binary_dispatch(int32_t dtype, int32_t op, double n, const double* layout,
                                  const void* a, const void* b, double scalar, int32_t side,
                                  void* out, void* stream) {
  if (op < 0 || op >= DT_BINARY_COUNT) return DT_ERR_BAD_OP;
  switch (DT_OP_KEY(dtype, op)) {
#define DT_BINARY_CASE(S, OP)                                                                   \
  case DT_OP_KEY(DT_CODE_##S, DT_BINARY_##OP):                                                  \
    static_assert(DtBinary<DT_BINARY_##OP>::defined, "binary op " #OP " has no functor line"); \
    return dt_binary_run<DtBinaryFor<DT_CODE_##S, DT_BINARY_##OP>::type, dt_ctype_##S,         \
                         DT_CODE_##S == DT_DTYPE_bool>(n, layout, a, b, scalar, side, out,      \
                                                       stream);
    DT_BINARY_TABLE(DT_BINARY_CASE)
#undef DT_BINARY_CASE
    default:
      return DT_ERR_BAD_OP;
  }
}

bool dt_binary_has(int32_t op, int32_t dtype) {
  if (op < 0 || op >= DT_BINARY_COUNT) return false;
  switch (DT_OP_KEY(dtype, op)) {
#define DT_BINARY_CASE(S, OP) case DT_OP_KEY(DT_CODE_##S, DT_BINARY_##OP):
    DT_BINARY_TABLE(DT_BINARY_CASE)
#undef DT_BINARY_CASE
    return true;
    default:
      return false;
  }
}

#define DT_BINARY_EXPORT(S, CODE)                                                            \
  int32_t dt_binary_##S(int32_t op, double n, const double* layout, const void* a,           \
                        const void* b, double scalar, int32_t scalar_side, void* out,        \
                        void* stream) {                                                      \
    return dt_binary_dispatch(DT_CODE_##S, op, n, layout, a, b, scalar, scalar_side, out,    \
                              stream);                                                       \
  }
DT_FOR_EACH_DTYPE(DT_BINARY_EXPORT)
#undef DT_BINARY_EXPORT
