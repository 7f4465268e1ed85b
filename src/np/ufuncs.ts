/**
 * NumPy's ufuncs in the `np` namespace: elementwise functions with broadcasting, NEP 50
 * promotion and NumPy 2's loops and result dtypes (`ufunc_table.ts` holds them all), plus the
 * elementwise helpers NumPy keeps beside them (`where`, `clip`, `round`, `fix`, `nan_to_num`).
 *
 * Every ufunc (and `clip`, `round`, `around`) takes NumPy's `out` as its last argument,
 * `np.add(a, b, { out: c })` (`UfuncOptions`): the result is written into the array `c` (of the
 * broadcast shape, any strides, a dtype the result casts to under "same_kind"), which is
 * returned. It is for loops that would otherwise allocate a new array per call: a new buffer is
 * zeroed first, which at large sizes costs more than the arithmetic; with `out` of the result's
 * dtype, whole and C-contiguous, the kernel writes straight into it.
 *
 * @module
 */
export { add, divide, multiply, subtract, where } from "./elementwise.ts";
export {
  abs,
  absolute,
  divmod,
  fabs,
  float_power,
  floor_divide,
  fmod,
  mod,
  negative,
  positive,
  power,
  reciprocal,
  remainder,
  sign,
  true_divide,
} from "./ufunc_arith.ts";
export {
  cbrt,
  exp,
  exp2,
  expm1,
  log,
  log10,
  log1p,
  log2,
  logaddexp,
  logaddexp2,
  sqrt,
  square,
} from "./ufunc_exp.ts";
export {
  arccos,
  arccosh,
  arcsin,
  arcsinh,
  arctan,
  arctan2,
  arctanh,
  cos,
  cosh,
  deg2rad,
  degrees,
  hypot,
  rad2deg,
  radians,
  sin,
  sinh,
  tan,
  tanh,
} from "./ufunc_trig.ts";
export {
  around,
  ceil,
  clip,
  fix,
  floor,
  nan_to_num,
  type NanToNumOptions,
  rint,
  round,
  type RoundOptions,
  trunc,
} from "./ufunc_round.ts";
export type { UfuncOptions } from "./ufunc_apply.ts";
export {
  copysign,
  equal,
  fmax,
  fmin,
  greater,
  greater_equal,
  isfinite,
  isinf,
  isnan,
  less,
  less_equal,
  logical_and,
  logical_not,
  logical_or,
  logical_xor,
  maximum,
  minimum,
  nextafter,
  not_equal,
  signbit,
} from "./ufunc_logic.ts";
export {
  bitwise_and,
  bitwise_not,
  bitwise_or,
  bitwise_xor,
  invert,
  left_shift,
  right_shift,
} from "./ufunc_bits.ts";
