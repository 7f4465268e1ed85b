/**
 * NumPy's creation, shape and manipulation functions, comparisons and dtype facts in the `np`
 * namespace.
 *
 * @module
 */
export {
  arange,
  array,
  asarray,
  astype,
  empty,
  empty_like,
  eye,
  type EyeOptions,
  full,
  full_like,
  geomspace,
  type GeomspaceOptions,
  identity,
  linspace,
  type LinspaceOptions,
  logspace,
  type LogspaceOptions,
  ones,
  ones_like,
  zeros,
  zeros_like,
} from "./creation.ts";
export {
  atleast_1d,
  atleast_2d,
  atleast_3d,
  broadcast_arrays,
  broadcast_shapes,
  broadcast_to,
  expand_dims,
  moveaxis,
  ravel,
  reshape,
  squeeze,
  type SqueezeOptions,
  swapaxes,
  transpose,
} from "./shape.ts";
export {
  array_split,
  column_stack,
  concatenate,
  type ConcatenateOptions,
  dstack,
  hstack,
  type IndicesOrSections,
  split,
  type SplitOptions,
  stack,
  type StackDtypeOptions,
  type StackOptions,
  vstack,
} from "./joining.ts";
export {
  flip,
  fliplr,
  type FlipOptions,
  flipud,
  repeat,
  type RepeatOptions,
  roll,
  type RollOptions,
  rot90,
  type Rot90Options,
  tile,
} from "./rearrange.ts";
export { pad, type PadMode, type PadOptions, type PadWidth } from "./pad.ts";
export { diff, type DiffOptions } from "./diff.ts";
export {
  fromfunction,
  type FromfunctionOptions,
  indices,
  type IndicesOptions,
  meshgrid,
  type MeshgridOptions,
} from "./grids.ts";
export {
  diag,
  diagonal,
  type DiagonalOptions,
  type DiagOptions,
  trace,
  type TraceOptions,
  tril,
  triu,
} from "./matrices.ts";
export {
  allclose,
  type AllcloseOptions,
  array_equal,
  array_equiv,
  arrayEqual,
  type ArrayEqualOptions,
  isclose,
} from "./compare.ts";
export {
  can_cast,
  type CanCastOptions,
  type Casting,
  type DTypeLike,
  e,
  euler_gamma,
  type FInfo,
  finfo,
  type IInfo,
  iinfo,
  inf,
  nan,
  newaxis,
  pi,
  promote_types,
  result_type,
  result_type as resultType,
} from "./info.ts";
