/**
 * NumPy's indexing, searching, sorting, set and histogram functions in the `np` namespace.
 *
 * @module
 */
export {
  argpartition,
  argsort,
  partition,
  type PartitionOptions,
  searchsorted,
  type SearchsortedOptions,
  sort,
  type SortKind,
  type SortOptions,
} from "./sorting.ts";
export {
  argwhere,
  flatnonzero,
  nonzero,
  put_along_axis,
  take,
  take_along_axis,
  type TakeAlongAxisOptions,
  type TakeOptions,
} from "./indexing.ts";
export {
  intersect1d,
  type Intersect1dOptions,
  isin,
  type IsinOptions,
  setdiff1d,
  type SetOpOptions,
  setxor1d,
  union1d,
  unique,
  type UniqueExtras,
  type UniqueOptions,
} from "./sets.ts";
export {
  bincount,
  type BincountOptions,
  digitize,
  type DigitizeOptions,
  histogram,
  type HistogramOptions,
} from "./histograms.ts";
