/**
 * `np.einsum`: NumPy's subscripts (letters, `...`, implicit output) over NDArrays, computed as
 * diagonal views, sums and batched matrix products (the tensor matmul kernel for the float and
 * wide int dtypes), in the promoted dtype of the operands. Integer results wrap as NumPy's; bool
 * sums are "any"; float results differ from NumPy's in the last bits where the summation order
 * does.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray, type NpDType } from "../../ndarray.ts";
import { npShape } from "../broadcast.ts";
import { type ArrayLike, asNDArray } from "../convert.ts";
import { castData } from "../dtypes.ts";
import { kernelReduce } from "../kernels.ts";
import { batchedProduct, castTo, permuted, reshaped } from "../linalg.ts";
import { npPromote } from "../promote.ts";
import { sum } from "../reductions.ts";
import { multiply } from "../ufuncs.ts";

const OP = "np.einsum";

/** An operand during the evaluation: an array and the label of each of its axes. */
interface Term {
  a: NDArray;
  labels: string[];
}

function fail(message: string): never {
  throw new InvalidArgumentError(`${OP}: ${message}`);
}

/** The label of an axis covered by `...`, counted from the right (so operands broadcast). */
function dotsLabel(fromRight: number): string {
  return `...${fromRight}`;
}

/** One term of the subscripts as letters and "...". */
function tokens(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length;) {
    if (term.startsWith("...", i)) {
      if (out.includes("...")) {
        fail(
          `einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...')`,
        );
      }
      out.push("...");
      i += 3;
    } else if (/^[a-zA-Z]$/.test(term[i])) out.push(term[i++]);
    else {
      fail(
        `invalid subscript '${term[i]}' in einstein sum subscripts string, subscripts must be ` +
          `letters`,
      );
    }
  }
  return out;
}

/** The labels of the axes of operand `i` (rank `ndim`), with "..." expanded. */
function expand(toks: string[], ndim: number, i: number): string[] {
  const named = toks.filter((s) => s !== "...").length;
  const dots = toks.includes("...");
  if (named > ndim) {
    fail(`einstein sum subscripts string contains too many subscripts for operand ${i}`);
  }
  if (!dots && named < ndim) {
    fail(
      `operand ${i} has more dimensions than subscripts given in einstein sum, but no '...' ` +
        `ellipsis provided to broadcast the extra dimensions`,
    );
  }
  const e = ndim - named;
  return toks.flatMap((s) =>
    s === "..." ? Array.from({ length: e }, (_, k) => dotsLabel(e - 1 - k)) : [s]
  );
}

/** The view of `a` with axes p < q (of equal length) merged into axis p: their diagonal. */
function diagonal(a: NDArray, p: number, q: number): NDArray {
  return new NDArray(a.data, a.shape.filter((_, d) => d !== q), a.dtype, {
    strides: a.strides.map((s, d) => (d === p ? s + a.strides[q] : s)).filter((_, d) => d !== q),
    offset: a.offset,
  });
}

/** The dtypes whose sum kernel reduces in the dtype itself (integers wrap, as einsum's). */
const KERNEL_SUM: ReadonlySet<NpDType> = new Set<NpDType>([
  "uint8",
  "int32",
  "int64",
  "float32",
  "float64",
]);

/** Sums the axes of `x` whose labels `keep` rejects, in `x`'s dtype (integers wrap). */
function sumOut(x: Term, keep: (label: string) => boolean, keepdims = false): Term {
  const axes = x.labels.flatMap((l, d) => (keep(l) ? [] : [d]));
  if (axes.length === 0) return x;
  const dtype = x.a.dtype;
  const shape = keepdims
    ? x.a.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.a.shape.filter((_, i) => !axes.includes(i));
  let a = KERNEL_SUM.has(dtype) ? kernelReduce("sum", x.a, axes, dtype) : null;
  if (a === null) {
    // np.sum widens small integers (and bool) to 64 bits: the sum modulo 2^bits is the same.
    const s = sum(x.a, { axis: axes });
    a = new NDArray(castData(s.contiguousData(), s.dtype, dtype), s.shape, dtype);
  }
  return { a: reshaped(a, shape), labels: keepdims ? x.labels : x.labels.filter((l) => keep(l)) };
}

/** `x` with its axes in the order of `labels`, reshaped to `shape`. */
function arrange(x: Term, labels: readonly string[], shape: readonly number[]): NDArray {
  return reshaped(permuted(x.a, labels.map((l) => x.labels.indexOf(l))), shape);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Contracts two terms: shared labels still needed are batch axes, the other shared ones summed. */
function contract(a: Term, b: Term, needed: Set<string>, dtype: NpDType): Term {
  const inA = new Set(a.labels), inB = new Set(b.labels);
  const size = (x: Term, l: string): number => x.a.shape[x.labels.indexOf(l)];
  const batch = a.labels.filter((l) => inB.has(l) && needed.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !needed.has(l));
  // A summed label of length 1 on one side (broadcast) is summed on the other side first.
  for (const l of summed) {
    if (size(a, l) === 1 && size(b, l) !== 1) b = sumOut(b, (m) => m !== l, true);
    else if (size(b, l) === 1 && size(a, l) !== 1) a = sumOut(a, (m) => m !== l, true);
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
    return { a: multiply(ta, tb), labels };
  }
  const k = sizeOf(summed.map((l) => size(a, l)));
  const m = sizeOf(sizesA), n = sizeOf(sizesB);
  const ta = arrange(a, [...batch, ...freeA, ...summed], [...batchA, m, k]);
  const tb = arrange(b, [...batch, ...summed, ...freeB], [...batchB, k, n]);
  const out = batchedProduct(ta, tb, dtype, OP);
  const outBatch = out.shape.slice(0, -2);
  return { a: reshaped(out, [...outBatch, ...sizesA, ...sizesB]), labels };
}

/**
 * Einstein summation with NumPy's subscripts: `subscripts` names the axes of each operand with
 * letters (`"ij,jk->ik"`); labels missing from the output are summed, a label repeated in one
 * operand takes the diagonal, `...` stands for broadcast leading axes, and axes of length 1
 * broadcast. Without `->` the output holds the labels that appear once, in alphabetical order
 * (upper case first), after the `...` axes. The result dtype is the operands' promoted dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.einsum("ij,jk->ik", a, a).toString()); // [[ 7 10]\n [15 22]]
 * console.log(np.einsum("ii", a).toString()); // 5
 * console.log(np.einsum("ij->j", a).toString()); // [4 6]
 * console.log(np.einsum("...ij,...jk", np.ones([5, 2, 3]), np.ones([3, 4])).shape); // [ 5, 2, 4 ]
 * ```
 */
export function einsum(subscripts: string, ...operands: ArrayLike[]): NDArray {
  if (typeof subscripts !== "string") {
    fail(`the subscripts must be a string, got ${String(subscripts)}`);
  }
  const xs = operands.map((o) => asNDArray(o, OP, true));
  if (xs.length === 0) fail("at least one operand is required");
  const eq = subscripts.replace(/\s+/g, "");
  const parts = eq.split("->");
  if (parts.length > 2) {
    fail(`the subscripts ${JSON.stringify(subscripts)} have more than one '->'`);
  }
  const terms = parts[0].split(",");
  if (terms.length > xs.length) {
    fail(
      "fewer operands provided to einstein sum function than specified in the subscripts string",
    );
  }
  if (terms.length < xs.length) {
    fail("more operands provided to einstein sum function than specified in the subscripts string");
  }
  const dtype = xs.map((x) => x.dtype).reduce((p, d) => npPromote(p, d));
  const labels = terms.map((term, i) => expand(tokens(term), xs[i].ndim, i));
  // Lengths: equal, or 1 (broadcast); a label repeated within an operand must match exactly.
  const sizes = new Map<string, number>();
  labels.forEach((ls, i) => {
    ls.forEach((l, d) => {
      const n = xs[i].shape[d];
      const first = ls.indexOf(l);
      if (first !== d && xs[i].shape[first] !== n) {
        fail(
          `dimensions in operand ${i} for collapsing index '${l}' don't match ` +
            `(${xs[i].shape[first]} != ${n})`,
        );
      }
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, n);
      else if (n !== 1 && n !== seen) {
        fail(
          `operands could not be broadcast together: ${
            l.startsWith("...") ? "an axis of '...'" : `label '${l}'`
          } has length ${seen} in one operand and ${n} in operand ${i} (shape ${
            npShape(xs[i].shape)
          })`,
        );
      }
    });
  });
  const dots = Math.max(0, ...labels.map((ls) => ls.filter((l) => l.startsWith("...")).length));
  const dotLabels = Array.from({ length: dots }, (_, i) => dotsLabel(dots - 1 - i));
  let output: string[];
  if (parts.length === 2) {
    const toks = tokens(parts[1]);
    if (!toks.includes("...") && dots > 0) {
      fail(
        "output has more dimensions than subscripts given in einstein sum, but no '...' " +
          "ellipsis provided to broadcast the extra dimensions",
      );
    }
    output = toks.flatMap((s) => (s === "..." ? dotLabels : [s]));
    for (const l of output) {
      if (!sizes.has(l)) {
        fail(
          `einstein sum subscripts string included output subscript '${l}' which never ` +
            `appeared in an input`,
        );
      }
      if (output.indexOf(l) !== output.lastIndexOf(l)) {
        fail(`einstein sum subscripts string includes output subscript '${l}' multiple times`);
      }
    }
  } else {
    const count = new Map<string, number>();
    for (const ls of labels) for (const l of ls) count.set(l, (count.get(l) ?? 0) + 1);
    const once = [...count].filter(([l, c]) => c === 1 && !l.startsWith("...")).map(([l]) => l);
    output = [...dotLabels, ...once.sort()];
  }
  const inOutput = new Set(output);
  // Each operand: diagonals of repeated labels, then sums of the labels used nowhere else.
  const list: Term[] = xs.map((x, i) => {
    let term: Term = { a: castTo(x, dtype), labels: labels[i].slice() };
    for (let q = 0; q < term.labels.length; q++) {
      const p = term.labels.indexOf(term.labels[q]);
      if (p < q) {
        term = { a: diagonal(term.a, p, q), labels: term.labels.filter((_, d) => d !== q) };
        q--;
      }
    }
    const elsewhere = new Set(labels.flatMap((ls, j) => (j === i ? [] : ls)));
    return sumOut(term, (l) => inOutput.has(l) || elsewhere.has(l));
  });
  let acc = list[0];
  for (let i = 1; i < list.length; i++) {
    const needed = new Set([...output, ...list.slice(i + 1).flatMap((x) => x.labels)]);
    acc = contract(acc, list[i], needed, dtype);
  }
  acc = sumOut(acc, (l) => inOutput.has(l));
  return permuted(acc.a, output.map((l) => acc.labels.indexOf(l)));
}
