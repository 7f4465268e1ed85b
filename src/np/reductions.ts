/**
 * NumPy's reductions and statistics in the `np` namespace, with `axis`/`keepdims`/`dtype` and
 * NumPy 2's accumulation rules: sums, products, means, variances and the nan variants are NumPy's
 * bit for bit (the same pairwise sums in the same order), extrema, arg-extrema and logical
 * reductions run on the tensor kernels where the dtype has them.
 *
 * @module
 */
export {
  all,
  amax,
  amin,
  any,
  argmax,
  type ArgmaxOptions,
  argmin,
  count_nonzero,
  max,
  mean,
  min,
  prod,
  ptp,
  type ReduceOptions,
  sum,
  type SumOptions,
} from "./reduce.ts";
export {
  average,
  type AverageOptions,
  median,
  type MedianOptions,
  percentile,
  quantile,
  type QuantileOptions,
  std,
  var,
  type VarOptions,
} from "./statistics.ts";
export {
  nanargmax,
  nanargmin,
  nanmax,
  nanmean,
  nanmedian,
  nanmin,
  nanpercentile,
  nanprod,
  nanquantile,
  nanstd,
  nansum,
  nanvar,
} from "./nan_reductions.ts";
export { cumprod, cumsum, type CumulativeOptions, nancumprod, nancumsum } from "./cumulative.ts";
