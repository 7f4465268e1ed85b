/**
 * Tensor contractions: `tensordot` and `einsum`, written as transposes, reshapes, diagonal views,
 * sums and matmul, so they run on every device and their gradients come from those ops.
 *
 * @module
 */
import { promoteTypes } from "../dtype.ts";
import { input, record, recording, view } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { broadcastShapes, normalizeAxis, sizeOf } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { mul } from "./binary.ts";
import { matmul } from "./matmul.ts";
import { reshape, transpose } from "./movement.ts";
import { reduceSum } from "./reduce.ts";

/** The axes of `tensordot`: a count N, or the axes of `a` and of `b` to contract, pairwise. */
export type TensordotAxes =
  | number
  | readonly [number | readonly number[], number | readonly number[]];

function checkAxes(list: number | readonly number[], rank: number, which: string): number[] {
  const axes = typeof list === "number" ? [list] : list;
  if (!Array.isArray(axes)) {
    throw new InvalidArgumentError(
      `tensordot: the axes of ${which} must be a number or an array, got ${String(list)}`,
    );
  }
  const out = axes.map((a) => normalizeAxis(a, rank, "tensordot"));
  if (new Set(out).size !== out.length) {
    throw new InvalidArgumentError(
      `tensordot: the axes ${JSON.stringify(axes)} of ${which} repeat an axis`,
    );
  }
  return out;
}

/**
 * Sums the products of `a` and `b` over the listed axes (TensorFlow's `tensordot`): `axes` is a
 * count N (the last N axes of `a` with the first N of `b`) or a pair `[axesA, axesB]`. The
 * result has the remaining axes of `a`, then those of `b`. Dtypes are promoted as by matmul.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const a = tf.ones([2, 3, 4]), b = tf.ones([4, 3, 5]);
 * console.log(tf.tensordot(a, b, [[1, 2], [1, 0]]).shape); // [2, 5]
 * console.log(tf.tensordot([1, 2], [3, 4], 1).toString()); // tf.Tensor(11.0, shape=(), dtype=float32)
 * console.log(tf.tensordot([1, 2], [3, 4], 0).toString()); // tf.Tensor(\n[[3. 4.]\n [6. 8.]], shape=(2, 2), dtype=float32)
 * ```
 */
export function tensordot(a: TensorLike, b: TensorLike, axes: TensordotAxes): Tensor {
  const x = input(a, "tensordot");
  const y = input(b, "tensordot");
  if (promoteTypes(x.dtype, y.dtype) === "bool") {
    throw new InvalidArgumentError("tensordot: not supported for dtype bool");
  }
  let ax: number[], bx: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > x.rank || axes > y.rank) {
      throw new InvalidArgumentError(
        `tensordot: axes ${axes} must be an integer in [0, ${Math.min(x.rank, y.rank)}] for ` +
          `shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}`,
      );
    }
    ax = Array.from({ length: axes }, (_, i) => x.rank - axes + i);
    bx = Array.from({ length: axes }, (_, i) => i);
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) {
      throw new InvalidArgumentError(
        `tensordot: axes must be a number or a pair [axesA, axesB], got ${JSON.stringify(axes)}`,
      );
    }
    ax = checkAxes(axes[0], x.rank, "a");
    bx = checkAxes(axes[1], y.rank, "b");
  }
  if (ax.length !== bx.length || ax.some((d, i) => x.shape[d] !== y.shape[bx[i]])) {
    throw new InvalidArgumentError(
      `tensordot: axes ${JSON.stringify(ax)} of ${formatShape(x.shape)} and ` +
        `${JSON.stringify(bx)} of ${formatShape(y.shape)} do not have the same lengths`,
    );
  }
  const freeA = x.shape.map((_, d) => d).filter((d) => !ax.includes(d));
  const freeB = y.shape.map((_, d) => d).filter((d) => !bx.includes(d));
  const k = sizeOf(ax.map((d) => x.shape[d]));
  const ma = reshape(transpose(x, [...freeA, ...ax]), [sizeOf(freeA.map((d) => x.shape[d])), k]);
  const mb = reshape(transpose(y, [...bx, ...freeB]), [k, sizeOf(freeB.map((d) => y.shape[d]))]);
  return reshape(matmul(ma, mb), [
    ...freeA.map((d) => x.shape[d]),
    ...freeB.map((d) => y.shape[d]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// einsum.

/** An operand during an einsum: a tensor and the label of each of its axes. */
interface Term {
  t: Tensor;
  labels: string[];
}

/** The label of an axis covered by `...`, counted from the right (so operands broadcast). */
function ellipsisLabel(fromRight: number): string {
  return `...${fromRight}`;
}

/** Splits one subscript term into letters and `...`; throws on anything else. */
function tokens(term: string, equation: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length;) {
    if (term.startsWith("...", i)) {
      out.push("...");
      i += 3;
    } else if (/[a-zA-Z]/.test(term[i])) out.push(term[i++]);
    else {
      throw new InvalidArgumentError(
        `einsum: invalid subscript ${JSON.stringify(term[i])} in ${JSON.stringify(equation)}: ` +
          `use letters and "..."`,
      );
    }
  }
  if (out.filter((s) => s === "...").length > 1) {
    throw new InvalidArgumentError(
      `einsum: ${JSON.stringify(term)} in ${JSON.stringify(equation)} has more than one "..."`,
    );
  }
  return out;
}

/** The labels of the axes of an operand of `rank`, with `...` expanded. */
function expand(toks: string[], rank: number, which: string, equation: string): string[] {
  const named = toks.filter((s) => s !== "...").length;
  const hasDots = toks.includes("...");
  if (hasDots ? rank < named : rank !== named) {
    throw new InvalidArgumentError(
      `einsum: ${which} has rank ${rank} but its subscripts ${JSON.stringify(toks.join(""))} ` +
        `in ${JSON.stringify(equation)} name ${named} axes${hasDots ? " or more" : ""}`,
    );
  }
  const e = rank - named;
  return toks.flatMap((s) =>
    s === "..." ? Array.from({ length: e }, (_, i) => ellipsisLabel(e - 1 - i)) : [s]
  );
}

/** Internal: a diagonal view: axes p < q of equal length become one (axis p). Recorded. */
export function diagonal(t: Tensor, p: number, q: number): Tensor {
  const shape = t.shape.filter((_, d) => d !== q);
  const strides = t.strides.map((s, d) => (d === p ? s + t.strides[q] : s)).filter((_, d) =>
    d !== q
  );
  const out = view(t, shape, strides, t.offset);
  if (recording()) record("diagonal", [t], out, { p, q });
  return out;
}

/** Sums the axes of `x` whose labels are not in `keep`. */
function sumOut(x: Term, keep: (label: string) => boolean): Term {
  const axes = x.labels.flatMap((l, d) => (keep(l) ? [] : [d]));
  if (axes.length === 0) return x;
  return { t: reduceSum(x.t, axes), labels: x.labels.filter((l) => keep(l)) };
}

/** `x` with its axes in the order of `labels`, reshaped to `shape`. */
function arrange(x: Term, labels: readonly string[], shape: readonly number[]): Tensor {
  return reshape(transpose(x.t, labels.map((l) => x.labels.indexOf(l))), shape);
}

/** Contracts two terms: shared labels that are still needed are batch axes, the rest summed. */
function contract(a: Term, b: Term, needed: Set<string>): Term {
  const inA = new Set(a.labels), inB = new Set(b.labels);
  const size = (x: Term, l: string): number => x.t.shape[x.labels.indexOf(l)];
  const batch = a.labels.filter((l) => inB.has(l) && needed.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !needed.has(l));
  // A summed label of length 1 on one side (NumPy broadcasting) is summed on the other side first.
  for (const l of summed) {
    if (size(a, l) === 1 && size(b, l) !== 1) {
      b = { t: reduceSum(b.t, b.labels.indexOf(l), true), labels: b.labels };
    } else if (size(b, l) === 1 && size(a, l) !== 1) {
      a = { t: reduceSum(a.t, a.labels.indexOf(l), true), labels: a.labels };
    }
  }
  const freeA = a.labels.filter((l) => !inB.has(l));
  const freeB = b.labels.filter((l) => !inA.has(l));
  const batchA = batch.map((l) => size(a, l)), batchB = batch.map((l) => size(b, l));
  const sizesA = freeA.map((l) => size(a, l)), sizesB = freeB.map((l) => size(b, l));
  const labels = [...batch, ...freeA, ...freeB];
  if (summed.length === 0) {
    // No sum: a broadcast product (outer products, elementwise products).
    const ta = arrange(a, [...batch, ...freeA], [...batchA, ...sizesA, ...sizesB.map(() => 1)]);
    const tb = arrange(b, [...batch, ...freeB], [...batchB, ...sizesA.map(() => 1), ...sizesB]);
    return { t: mul(ta, tb), labels };
  }
  const k = sizeOf(summed.map((l) => size(a, l)));
  const m = sizeOf(sizesA), n = sizeOf(sizesB);
  const ta = arrange(a, [...batch, ...freeA, ...summed], [...batchA, m, k]);
  const tb = arrange(b, [...batch, ...summed, ...freeB], [...batchB, k, n]);
  const out = broadcastShapes(batchA, batchB, "einsum");
  return { t: reshape(matmul(ta, tb), [...out, ...sizesA, ...sizesB]), labels };
}

/**
 * Einstein summation (TensorFlow's and NumPy's `einsum`): `equation` names the axes of each
 * operand with letters (`"ij,jk->ik"`); labels missing from the output are summed, a label
 * repeated in one operand takes the diagonal, and `...` stands for broadcast leading axes. Without
 * `->` the output holds the labels that appear once, in alphabetical order, after `...`. Axes
 * of length 1 broadcast, as in NumPy. Works by transposes, sums and matmul, so the result and its
 * gradient run on every device. Dtypes are promoted as by matmul (bool is not supported).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const a = tf.constant([[1, 2], [3, 4]]);
 * console.log(tf.einsum("ij,jk->ik", a, a).toString()); // tf.Tensor(\n[[ 7. 10.]\n [15. 22.]], shape=(2, 2), dtype=float32)
 * console.log(tf.einsum("ii", a).toString()); // tf.Tensor(5.0, shape=(), dtype=float32)
 * console.log(tf.einsum("ij->j", a).toString()); // tf.Tensor([4. 6.], shape=(2,), dtype=float32)
 * console.log(tf.einsum("...ij,...jk", tf.ones([5, 2, 3]), tf.ones([3, 4])).shape); // [5, 2, 4]
 * ```
 */
export function einsum(equation: string, ...operands: TensorLike[]): Tensor {
  if (typeof equation !== "string") {
    throw new InvalidArgumentError(`einsum: equation must be a string, got ${String(equation)}`);
  }
  const xs = operands.map((o) => input(o, "einsum"));
  if (xs.some((x) => x.dtype === "bool")) {
    throw new InvalidArgumentError("einsum: not supported for dtype bool");
  }
  const eq = equation.replace(/\s+/g, "");
  const parts = eq.split("->");
  if (parts.length > 2) {
    throw new InvalidArgumentError(`einsum: ${JSON.stringify(equation)} has more than one "->"`);
  }
  const terms = parts[0].split(",");
  if (xs.length === 0 || terms.length !== xs.length) {
    throw new InvalidArgumentError(
      `einsum: ${JSON.stringify(equation)} has ${terms.length} input term(s) but ` +
        `${xs.length} operand(s) were given`,
    );
  }
  const labels = terms.map((term, i) =>
    expand(tokens(term, equation), xs[i].rank, `operand ${i}`, equation)
  );
  // Lengths: equal, or 1 (broadcast); a repeated label within an operand must match exactly.
  const sizes = new Map<string, number>();
  labels.forEach((ls, i) => {
    ls.forEach((l, d) => {
      const n = xs[i].shape[d];
      const first = ls.indexOf(l);
      if (first !== d && xs[i].shape[first] !== n) {
        throw new InvalidArgumentError(
          `einsum: label ${JSON.stringify(l)} repeats in operand ${i} with lengths ` +
            `${xs[i].shape[first]} and ${n} (shape ${formatShape(xs[i].shape)})`,
        );
      }
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, n);
      else if (n !== 1 && n !== seen) {
        throw new InvalidArgumentError(
          `einsum: label ${JSON.stringify(l.startsWith("...") ? "..." : l)} has length ${seen} ` +
            `in one operand and ${n} in operand ${i} (shape ${formatShape(xs[i].shape)})`,
        );
      }
    });
  });
  const dots = Math.max(0, ...labels.map((ls) => ls.filter((l) => l.startsWith("...")).length));
  const dotLabels = Array.from({ length: dots }, (_, i) => ellipsisLabel(dots - 1 - i));
  let output: string[];
  if (parts.length === 2) {
    const toks = tokens(parts[1], equation);
    if (!toks.includes("...") && dots > 0) {
      throw new InvalidArgumentError(
        `einsum: the output of ${JSON.stringify(equation)} needs "..." for the axes that "..." ` +
          `covers in the inputs`,
      );
    }
    output = toks.flatMap((s) => (s === "..." ? dotLabels : [s]));
    for (const l of output) {
      if (!sizes.has(l)) {
        throw new InvalidArgumentError(
          `einsum: output label ${JSON.stringify(l)} of ${JSON.stringify(equation)} is in no ` +
            `input`,
        );
      }
      if (output.indexOf(l) !== output.lastIndexOf(l)) {
        throw new InvalidArgumentError(
          `einsum: output label ${JSON.stringify(l)} repeats in ${JSON.stringify(equation)}`,
        );
      }
    }
  } else {
    const count = new Map<string, number>();
    for (const ls of labels) for (const l of ls) count.set(l, (count.get(l) ?? 0) + 1);
    const once = [...count].filter(([l, c]) => c === 1 && !l.startsWith("...")).map(([l]) => l);
    output = [...dotLabels, ...once.sort()];
  }
  const inOutput = new Set(output);
  // Each operand: diagonals of repeated labels, then sums of labels used nowhere else.
  const list: Term[] = xs.map((t, i) => {
    let term: Term = { t, labels: labels[i].slice() };
    for (let q = 0; q < term.labels.length; q++) {
      const p = term.labels.indexOf(term.labels[q]);
      if (p < q) {
        term = { t: diagonal(term.t, p, q), labels: term.labels.filter((_, d) => d !== q) };
        q--;
      }
    }
    const elsewhere = new Set(labels.flatMap((ls, j) => (j === i ? [] : ls)));
    return sumOut(term, (l) => inOutput.has(l) || elsewhere.has(l));
  });
  let acc = list[0];
  for (let i = 1; i < list.length; i++) {
    const needed = new Set([...output, ...list.slice(i + 1).flatMap((x) => x.labels)]);
    acc = contract(acc, list[i], needed);
  }
  acc = sumOut(acc, (l) => inOutput.has(l));
  return transpose(acc.t, output.map((l) => acc.labels.indexOf(l)));
}
