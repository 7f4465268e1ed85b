// The np exports of src/np/reductions: OPTIONS holds a call per function or method that takes an
// options object (passing `o` in its place), NO_OPTIONS the names of the others. Read by
// tests/options_walk_test.ts.
import * as np from "../../numpy.ts";
import type { Call } from "./call.ts";

const a = np.array([[1, 2], [3, 4]]);

/** Calls that pass the options argument `o` in its place. */
export const OPTIONS: Record<string, Call> = {
  "np.sum": (o) => np.sum(a, o),
  "np.prod": (o) => np.prod(a, o),
  "np.mean": (o) => np.mean(a, o),
  "np.max": (o) => np.max(a, o),
  "np.min": (o) => np.min(a, o),
  "np.amax": (o) => np.amax(a, o),
  "np.amin": (o) => np.amin(a, o),
  "np.ptp": (o) => np.ptp(a, o),
  "np.argmax": (o) => np.argmax(a, o),
  "np.argmin": (o) => np.argmin(a, o),
  "np.all": (o) => np.all(a, o),
  "np.any": (o) => np.any(a, o),
  "np.count_nonzero": (o) => np.count_nonzero(a, o),
  "np.var": (o) => np.var(a, o),
  "np.std": (o) => np.std(a, o),
  "np.median": (o) => np.median(a, o),
  "np.percentile": (o) => np.percentile(a, 50, o),
  "np.quantile": (o) => np.quantile(a, 0.5, o),
  "np.average": (o) => np.average(a, o),
  "np.nansum": (o) => np.nansum(a, o),
  "np.nanprod": (o) => np.nanprod(a, o),
  "np.nanmean": (o) => np.nanmean(a, o),
  "np.nanvar": (o) => np.nanvar(a, o),
  "np.nanstd": (o) => np.nanstd(a, o),
  "np.nanmin": (o) => np.nanmin(a, o),
  "np.nanmax": (o) => np.nanmax(a, o),
  "np.nanargmin": (o) => np.nanargmin(a, o),
  "np.nanargmax": (o) => np.nanargmax(a, o),
  "np.nanmedian": (o) => np.nanmedian(a, o),
  "np.nanpercentile": (o) => np.nanpercentile(a, 50, o),
  "np.nanquantile": (o) => np.nanquantile(a, 0.5, o),
  "np.cumsum": (o) => np.cumsum(a, o),
  "np.cumprod": (o) => np.cumprod(a, o),
  "np.nancumsum": (o) => np.nancumsum(a, o),
  "np.nancumprod": (o) => np.nancumprod(a, o),
  "np.NDArray#sum": (o) => a.sum(o),
  "np.NDArray#prod": (o) => a.prod(o),
  "np.NDArray#mean": (o) => a.mean(o),
  "np.NDArray#var": (o) => a.var(o),
  "np.NDArray#std": (o) => a.std(o),
  "np.NDArray#max": (o) => a.max(o),
  "np.NDArray#min": (o) => a.min(o),
  "np.NDArray#argmax": (o) => a.argmax(o),
  "np.NDArray#argmin": (o) => a.argmin(o),
  "np.NDArray#all": (o) => a.all(o),
  "np.NDArray#any": (o) => a.any(o),
  "np.NDArray#cumsum": (o) => a.cumsum(o),
  "np.NDArray#cumprod": (o) => a.cumprod(o),
};

/** Exports without an options argument. */
export const NO_OPTIONS: readonly string[] = [];
