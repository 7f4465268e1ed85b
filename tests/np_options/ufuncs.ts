// The np exports of src/np/ufuncs: OPTIONS holds a call per function or method that takes an
// options object (passing `o` in its place), NO_OPTIONS the names of the others. Read by
// tests/options_walk_test.ts.
import * as np from "../../numpy.ts";
import type { Call } from "./call.ts";

/** Calls that pass the options argument `o` in its place. */
export const OPTIONS: Record<string, Call> = {
  "np.round": (o) => np.round([1.5], o),
  "np.around": (o) => np.around([1.5], o),
  "np.nan_to_num": (o) => np.nan_to_num([NaN], o),
};

/** Exports without an options argument. */
export const NO_OPTIONS: readonly string[] = [
  ...["add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "mod"],
  ...["remainder", "fmod", "divmod", "power", "float_power", "negative", "positive", "abs"],
  ...["absolute", "fabs", "sign", "reciprocal", "exp", "exp2", "expm1", "log", "log2", "log10"],
  ...["log1p", "logaddexp", "logaddexp2", "sqrt", "cbrt", "square", "sin", "cos", "tan"],
  ...["arcsin", "arccos", "arctan", "arctan2", "hypot", "sinh", "cosh", "tanh", "arcsinh"],
  ...["arccosh", "arctanh", "deg2rad", "rad2deg", "degrees", "radians", "rint", "floor"],
  ...["ceil", "trunc", "fix", "equal", "not_equal", "less", "less_equal", "greater"],
  ...["greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "maximum"],
  ...["minimum", "fmax", "fmin", "isnan", "isinf", "isfinite", "signbit", "copysign"],
  ...["nextafter", "bitwise_and", "bitwise_or", "bitwise_xor", "invert", "bitwise_not"],
  ...["left_shift", "right_shift", "clip", "where"],
].map((name) => `np.${name}`);
