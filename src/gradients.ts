/**
 * The gradient of every recorded op, keyed by the name the op records under. An op records
 * `(name, inputs, output, attrs)` through the engine; a tape looks the name up here when it
 * records, holds the tensors the gradient declares it reads (`save`), and calls `backward` when
 * it back-propagates. The kernel families record as `unary`, `binary` and `reduce` with the op's
 * name in their attributes: their gradients are the rows of `ops/op_ids.ts`, run by the generic
 * code here (a binary gradient is summed back to each operand's shape). Gradients are written
 * with public ops, so an outer tape records them: nested tapes give higher orders.
 *
 * This module sits above the ops (its gradients call them) and below the tape; `GradientAttrs`
 * names every recorded op, so a missing or misspelt one is a type error.
 *
 * @module
 */
import type { ConvGeometry } from "./backends/backend.ts";
import { tidy } from "./memory.ts";
import { sameShape } from "./shape.ts";
import type { Tensor } from "./tensor.ts";
import { col2im, im2col } from "./ops/conv.ts";
import { embed, type Region, region } from "./ops/embed.ts";
import { gather, type Index, scatterAdd } from "./ops/indexing.ts";
import { inv, solve } from "./ops/linalg.ts";
import {
  BINARY,
  type BinaryName,
  type BinaryRow,
  REDUCE,
  type ReduceName,
  type ReduceRow,
  UNARY,
  type UnaryName,
  type UnaryRow,
} from "./ops/op_ids.ts";

/** The attributes each recorded op hands its gradient: data (shapes, axes, flags, geometry). */
export interface GradientAttrs {
  /** A unary op of `ops/op_ids.ts`. */
  unary: { readonly op: UnaryName };
  /** A binary op; `a` and `b` hold a JS scalar operand's value (null for a tensor). */
  binary: {
    readonly op: BinaryName;
    readonly a: number | bigint | null;
    readonly b: number | bigint | null;
  };
  /** A reduction over sorted distinct `axes`. */
  reduce: { readonly op: ReduceName; readonly axes: readonly number[] };
  cast: undefined;
  where: undefined;
  reshape: undefined;
  expandDims: undefined;
  squeeze: undefined;
  broadcastTo: undefined;
  transpose: { readonly perm: readonly number[] };
  reverse: { readonly axes: readonly number[] };
  slice: { readonly begin: readonly number[]; readonly size: readonly number[] };
  unstack: { readonly axis: number; readonly index: number };
  at: { readonly indices: readonly Index[] };
  diagonal: { readonly p: number; readonly q: number };
  embed: { readonly region: Region };
  pad: undefined;
  concat: { readonly axis: number };
  gather: { readonly axis: number };
  scatterAdd: { readonly axis: number };
  cumsum: { readonly axis: number; readonly exclusive: boolean; readonly reverse: boolean };
  matmul: { readonly transposeA: boolean; readonly transposeB: boolean };
  conv2d: { readonly geometry: ConvGeometry };
  im2col: { readonly geometry: ConvGeometry };
  col2im: { readonly geometry: ConvGeometry };
  maxPool2d: undefined;
  "linalg.inv": undefined;
  "linalg.det": undefined;
  "linalg.solve": { readonly adjoint: boolean };
  /** A Variable's `value()`: a read, through which gradients flow. */
  value: undefined;
  /** `tf.customGradient`: the user's gradient function. */
  customGradient: { readonly gradFunc: (dy: Tensor) => Tensor | (Tensor | null)[] };
}

/** What a gradient reads of its op: inputs by position, and `"y"` for the output. */
export type Save = readonly (number | "y")[];

/** An op as its gradient sees it when the tape back-propagates. */
export interface Recorded<A> {
  /** The saved inputs by position (only those the gradient's `save` lists are defined). */
  readonly x: readonly Tensor[];
  /** The output (defined when the gradient's `save` lists `"y"`). */
  readonly y: Tensor;
  /** The op's attributes. */
  readonly attrs: A;
  /**
   * Whether each input needs a gradient: it is differentiable and an active tape tracked it when
   * the op ran. A gradient may skip the others (null).
   */
  readonly needs: readonly boolean[];
  /** The shape of each input (empty for a JS scalar operand). */
  readonly shapes: readonly (readonly number[])[];
}

/** The gradient of a recorded op. */
export interface Gradient<A> {
  /**
   * The tensors the backward reads, which the tape holds (default none): fixed, or from the
   * attributes and which inputs need a gradient.
   */
  readonly save?: Save | ((attrs: A, needs: readonly boolean[]) => Save);
  /** The inputs that get a gradient (default all); the others are only read (a condition). */
  readonly diff?: readonly number[];
  /** The gradient of each input (null for none) from the gradient `dy` of the output. */
  backward(dy: Tensor, op: Recorded<A>): readonly (Tensor | null)[];
}

/**
 * Sums a broadcast gradient back to `shape`: over the leading axes it added and the axes where
 * `shape` has length 1.
 */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < g.rank; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) axes.push(d);
  }
  return g.sum(axes).reshape(shape);
}

const NONE: Save = [];
const X: Save = [0];
const Y: Save = ["y"];
const XY: Save = [0, "y"];
const AB: Save = [0, 1];
const ABY: Save = [0, 1, "y"];

const UNARY_SAVE: Record<"x" | "y" | "xy" | "", Save> = { x: X, y: Y, xy: XY, "": NONE };
const BINARY_SAVE: Record<"ab" | "aby" | "", Save> = { ab: AB, aby: ABY, "": NONE };

/** The row's gradient (the engine records only ops that have one). */
function gradOf<R extends UnaryRow | BinaryRow | ReduceRow>(
  row: R,
  op: string,
): Exclude<R, { grad: null }> {
  if (row.grad === null) throw new Error(`gradients: ${op} has no gradient`);
  return row as Exclude<R, { grad: null }>;
}

const identity: Gradient<undefined> = { backward: (dy) => [dy] };

/** The reshape back to the input's shape (expandDims, squeeze, reshape). */
const reshapeBack: Gradient<undefined> = { backward: (dy, op) => [dy.reshape(op.shapes[0])] };

/** The transpose of the last two axes. */
function matrixTranspose(x: Tensor): Tensor {
  const perm = x.shape.map((_, d) => d);
  perm.push(...perm.splice(-2).reverse());
  return x.transpose(perm);
}

/**
 * The input gradient of conv2d: col2im of `dy @ filtersᵀ`. Recorded ops, so differentiable; the
 * patch-sized product is freed at once (the filter gradient's patches then reuse its memory).
 */
function backpropInput(
  dy: Tensor,
  filters: Tensor,
  shape: readonly number[],
  g: ConvGeometry,
): Tensor {
  const [kh, kw, c, o] = filters.shape;
  return tidy(() => {
    const cols = dy.reshape([-1, o]).matmul(filters.reshape([kh * kw * c, o]), {
      transposeB: true,
    });
    return col2im(cols, shape, g);
  });
}

/** The filter gradient of conv2d: `patchesᵀ @ dy`. Recorded ops, so differentiable. */
function backpropFilter(
  x: Tensor,
  dy: Tensor,
  shape: readonly number[],
  g: ConvGeometry,
): Tensor {
  const o = shape[3];
  return tidy(() => im2col(x, g).matmul(dy.reshape([-1, o]), { transposeA: true }).reshape(shape));
}

/** The gradient of every recorded op. */
export const GRADIENTS: { readonly [K in keyof GradientAttrs]: Gradient<GradientAttrs[K]> } = {
  unary: {
    save: ({ op }) => UNARY_SAVE[gradOf(UNARY[op], op).save],
    backward: (dy, { x, y, attrs }) => [gradOf(UNARY[attrs.op], attrs.op).grad(dy, x[0], y)],
  },
  binary: {
    save: ({ op }) => BINARY_SAVE[gradOf(BINARY[op], op).save],
    backward: (dy, { x, y, attrs: { op, a, b }, shapes }) => {
      const [da, db] = gradOf(BINARY[op], op).grad(dy, a ?? x[0], b ?? x[1], y);
      return [
        a === null && da ? sumTo(da, shapes[0]) : null,
        b === null && db ? sumTo(db, shapes[1]) : null,
      ];
    },
  },
  reduce: {
    save: ({ op }) => (gradOf(REDUCE[op], op).save === "xy" ? XY : NONE),
    backward: (dy, { x, y, attrs: { op, axes }, shapes: [shape] }) => {
      // dy and y with the reduced axes kept (length 1), so that they broadcast against x.
      const kept = shape.map((n, d) => (axes.includes(d) ? 1 : n));
      return [gradOf(REDUCE[op], op).grad(dy.reshape(kept), x[0], y?.reshape(kept), axes, shape)];
    },
  },
  // The tape casts the gradient back to the input's dtype.
  cast: identity,
  where: {
    save: X,
    diff: [1, 2],
    backward: (dy, { x: [cond], shapes }) => [
      null,
      sumTo(cond.where(dy, 0), shapes[1]),
      sumTo(cond.where(0, dy), shapes[2]),
    ],
  },
  reshape: reshapeBack,
  expandDims: reshapeBack,
  squeeze: reshapeBack,
  broadcastTo: { backward: (dy, { shapes: [shape] }) => [sumTo(dy, shape)] },
  transpose: {
    backward: (dy, { attrs: { perm } }) => {
      const inverse = perm.slice();
      perm.forEach((d, i) => inverse[d] = i);
      return [dy.transpose(inverse)];
    },
  },
  reverse: { backward: (dy, { attrs: { axes } }) => [dy.reverse(axes)] },
  slice: {
    backward: (dy, { attrs: { begin, size }, shapes: [shape] }) => [
      embed(dy, shape, { op: "slice", begin, size }),
    ],
  },
  unstack: {
    backward: (dy, { attrs: { axis, index }, shapes: [shape] }) => [
      embed(dy, shape, { op: "unstack", axis, index }),
    ],
  },
  at: {
    backward: (dy, { attrs: { indices }, shapes: [shape] }) => [
      embed(dy, shape, { op: "at", indices }),
    ],
  },
  diagonal: {
    backward: (dy, { attrs: { p, q }, shapes: [shape] }) => [
      embed(dy, shape, { op: "diagonal", p, q }),
    ],
  },
  embed: { backward: (dy, { attrs }) => [region(dy, attrs.region)] },
  pad: identity,
  concat: {
    backward: (dy, { attrs: { axis }, shapes }) => dy.split(shapes.map((s) => s[axis]), axis),
  },
  gather: {
    save: [1],
    diff: [0],
    backward: (dy, { x: [, indices], attrs: { axis }, shapes: [shape] }) => [
      scatterAdd(dy, indices, axis, shape),
      null,
    ],
  },
  scatterAdd: {
    save: [1],
    diff: [0],
    backward: (dy, { x: [, indices], attrs: { axis } }) => [gather(dy, indices, axis), null],
  },
  cumsum: {
    backward: (dy, { attrs: { axis, exclusive, reverse } }) => [
      dy.cumsum(axis, { exclusive, reverse: !reverse }),
    ],
  },
  matmul: {
    // Each side's gradient needs only the other operand.
    save: (_, needs) => needs[0] && needs[1] ? AB : needs[0] ? [1] : needs[1] ? X : NONE,
    backward: (dy, { x: [a, b], attrs: { transposeA: ta, transposeB: tb }, needs, shapes }) => {
      let da: Tensor | null = null, db: Tensor | null = null;
      if (needs[0]) {
        da = !ta && !tb
          ? dy.matmul(b, { transposeB: true })
          : !ta && tb
          ? dy.matmul(b)
          : ta && !tb
          ? b.matmul(dy, { transposeB: true })
          : b.matmul(dy, { transposeA: true, transposeB: true });
      }
      if (needs[1]) {
        db = !ta && !tb
          ? a.matmul(dy, { transposeA: true })
          : !ta && tb
          ? dy.matmul(a, { transposeA: true })
          : ta && !tb
          ? a.matmul(dy)
          : dy.matmul(a, { transposeA: true, transposeB: true });
      }
      return [da && sumTo(da, shapes[0]), db && sumTo(db, shapes[1])];
    },
  },
  conv2d: {
    save: AB,
    backward: (dy, { x: [x, f], attrs: { geometry }, needs, shapes }) => [
      needs[0] ? backpropInput(dy, f, shapes[0], geometry) : null,
      needs[1] ? backpropFilter(x, dy, shapes[1], geometry) : null,
    ],
  },
  im2col: {
    backward: (dy, { attrs: { geometry }, shapes: [shape] }) => [col2im(dy, shape, geometry)],
  },
  col2im: { backward: (dy, { attrs: { geometry } }) => [im2col(dy, geometry)] },
  maxPool2d: {
    // Input 1 is the flat input index of each window's maximum.
    save: [1],
    diff: [0],
    backward: (dy, { x: [, flat], shapes: [shape] }) => [
      scatterAdd(dy.reshape([-1]), flat, 0, [shape.reduce((a, b) => a * b, 1)]).reshape(shape),
      null,
    ],
  },
  // d(A^-1) = -A^-1 dA A^-1, so dA = -Yᵀ dY Yᵀ.
  "linalg.inv": {
    save: Y,
    backward: (dy, { y }) => [
      y.matmul(dy, { transposeA: true }).matmul(y, { transposeB: true }).neg(),
    ],
  },
  // d det(A) = det(A) tr(A^-1 dA), so dA = dy det(A) A^-T (singular A fails, as in TF).
  "linalg.det": {
    save: XY,
    backward: (dy, { x: [a], y }) => [
      dy.mul(y).expandDims(-1).expandDims(-1).mul(matrixTranspose(inv(a))),
    ],
  },
  // X = A^-1 B: dB = A^-T dX, dA = -dB Xᵀ (with adjoint: dB = A^-1 dX, dA = -X dBᵀ).
  "linalg.solve": {
    save: XY,
    backward: (dy, { x: [a], y, attrs: { adjoint }, shapes }) => {
      const db = solve(a, dy, !adjoint);
      const da = adjoint
        ? y.matmul(db, { transposeB: true }).neg()
        : db.matmul(y, { transposeB: true }).neg();
      return [sumTo(da, shapes[0]), sumTo(db, shapes[1])];
    },
  },
  value: identity,
  customGradient: {
    backward: (dy, { attrs: { gradFunc } }) => {
      const g = gradFunc(dy);
      return Array.isArray(g) ? g : [g];
    },
  },
};
