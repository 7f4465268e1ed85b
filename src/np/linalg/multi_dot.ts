/**
 * `np.linalg.multi_dot`: a chain of `dot` products in the cheapest order (NumPy's dynamic
 * programming over the chain's shapes).
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import type { NDArray } from "../../ndarray.ts";
import { type ArrayLike, asNDArray } from "../convert.ts";
import { dot, reshaped } from "../linalg.ts";
import { assert2d } from "./stack.ts";

/** NumPy's `_multi_dot_matrix_chain_order`: the split point of each sub-chain. */
function chainOrder(arrays: readonly NDArray[]): number[][] {
  const n = arrays.length;
  const p = [...arrays.map((a) => a.shape[0]), arrays[n - 1].shape[1]];
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const s = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let l = 1; l < n; l++) {
    for (let i = 0; i < n - l; i++) {
      const j = i + l;
      m[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const q = m[i][k] + m[k + 1][j] + p[i] * p[k + 1] * p[j + 1];
        if (q < m[i][j]) {
          m[i][j] = q;
          s[i][j] = k;
        }
      }
    }
  }
  return s;
}

function chain(arrays: readonly NDArray[], order: number[][], i: number, j: number): NDArray {
  if (i === j) return arrays[i];
  return dot(chain(arrays, order, i, order[i][j]), chain(arrays, order, order[i][j] + 1, j));
}

/**
 * The product of two or more arrays by `dot`, multiplied in the order that needs the fewest
 * scalar multiplications. The first array may be 1-D (a row vector) and the last 1-D (a column
 * vector); the others must be 2-D.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.ones([10, 100]), b = np.ones([100, 5]), c = np.ones([5, 50]);
 * console.log(np.linalg.multi_dot([a, b, c]).shape); // [ 10, 50 ]
 * ```
 */
export function multi_dot(arrays: readonly ArrayLike[]): NDArray {
  const op = "np.linalg.multi_dot";
  if (!Array.isArray(arrays) || arrays.length < 2) {
    throw new InvalidArgumentError(`${op}: expecting at least two arrays`);
  }
  const xs = arrays.map((a) => asNDArray(a, op, true));
  if (xs.length === 2) return dot(xs[0], xs[1]);
  const first = xs[0].ndim, last = xs[xs.length - 1].ndim;
  if (first === 1) xs[0] = reshaped(xs[0], [1, xs[0].size]);
  if (last === 1) xs[xs.length - 1] = reshaped(xs[xs.length - 1], [xs[xs.length - 1].size, 1]);
  for (const x of xs) assert2d(x, op);
  let result: NDArray;
  if (xs.length === 3) {
    const [a, b, c] = xs;
    const cost1 = a.shape[0] * c.shape[0] * (a.shape[1] + c.shape[1]);
    const cost2 = a.shape[1] * c.shape[1] * (a.shape[0] + c.shape[0]);
    result = cost1 < cost2 ? dot(dot(a, b), c) : dot(a, dot(b, c));
  } else result = chain(xs, chainOrder(xs), 0, xs.length - 1);
  if (first === 1 && last === 1) return reshaped(result, []);
  if (first === 1 || last === 1) return reshaped(result, [result.size]);
  return result;
}
