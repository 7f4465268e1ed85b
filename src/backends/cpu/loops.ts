/**
 * Loop templates of the CPU backend. A JS engine optimises a loop for the functions it calls, so
 * one shared loop over many ops' scalar functions runs an order of magnitude slower than a loop
 * written for one op. Each template here is therefore instantiated once per op, dtype kind and
 * layout, with the op's scalar function (from `scalar.ts`) bound as a parameter, and cached.
 * Every loop takes the same arguments: for each operand its data, offset and strides (a scalar
 * operand passes its value as data), then the collapsed shape and the element count.
 *
 * @module
 */

/** A compiled elementwise loop. */
export type Loop = (
  d0: unknown,
  o0: number,
  s0: readonly number[],
  d1: unknown,
  o1: number,
  s1: readonly number[],
  d2: unknown,
  o2: number,
  s2: readonly number[],
  d3: unknown,
  o3: number,
  s3: readonly number[],
  shape: readonly number[],
  n: number,
) => void;

const PARAMS = "d0, o0, s0, d1, o1, s1, d2, o2, s2, d3, o3, s3, shape, n";

/**
 * Builds an elementwise loop. `kinds` has one letter per operand, `v` for a strided view and `s`
 * for a scalar; the last operand is the output. `expr` is the statement for one element, with
 * `$0`, `$1`, ... standing for the operands' element references.
 */
export function compileLoop(
  tag: string,
  kinds: string,
  expr: string,
  contiguous: boolean,
  env: Record<string, unknown>,
): Loop {
  const views = [...kinds].map((k, i) => (k === "v" ? i : -1)).filter((i) => i >= 0);
  const ref = (i: number, p: string): string => (kinds[i] === "v" ? `d${i}[${p}${i}]` : `d${i}`);
  const stmt = (p: string): string => expr.replace(/\$(\d)/g, (_, k: string) => ref(Number(k), p));
  let body: string;
  if (contiguous) {
    body = `for (let i = 0; i < n; i++) {\n${
      views.map((i) => `const q${i} = o${i} + i;`).join(" ")
    }\n${stmt("q")}\n}`;
  } else {
    const each = (f: (i: number) => string): string => views.map(f).join(" ");
    body = `const nd = shape.length, m = shape[nd - 1], outer = n / m;
${each((i) => `const t${i} = s${i}[nd - 1];`)}
const idx = new Float64Array(nd);
${each((i) => `let p${i} = o${i};`)}
for (let k = 0; k < outer; k++) {
  for (let j = 0, ${views.map((i) => `q${i} = p${i}`).join(", ")}; j < m; j++${
      views.map((i) => `, q${i} += t${i}`).join("")
    }) {
    ${stmt("q")}
  }
  for (let d = nd - 2; d >= 0; d--) {
    ${each((i) => `p${i} += s${i}[d];`)}
    if (++idx[d] < shape[d]) break;
    idx[d] = 0;
    ${each((i) => `p${i} -= s${i}[d] * shape[d];`)}
  }
}`;
  }
  const names = Object.keys(env);
  const make = new Function(
    ...names,
    `// ${tag}\n"use strict";\nreturn function (${PARAMS}) {\n${body}\n};`,
  );
  return make(...names.map((k) => env[k])) as Loop;
}

/** A compiled reduction loop over the last axes of a strided view. */
export type ReduceLoop = (
  x: unknown,
  xo: number,
  outerShape: readonly number[],
  outerStrides: readonly number[],
  innerShape: readonly number[],
  innerStrides: readonly number[],
  out: unknown,
  nOuter: number,
  nInner: number,
) => void;

/**
 * Builds a reduction: for each output element, `acc = init`, then `acc = step(acc, x)` over the
 * reduced elements, then `out = <fin>` where `fin` is an expression of `acc` and `nInner`.
 */
export function compileReduce(
  tag: string,
  fin: string,
  env: Record<string, unknown>,
): ReduceLoop {
  const body = `const od = outerShape.length, id = innerShape.length;
const m = innerShape[id - 1], t = innerStrides[id - 1], rows = nInner / m;
const oidx = new Float64Array(od), iidx = new Float64Array(id);
let p = xo;
for (let k = 0; k < nOuter; k++) {
  let acc = init, r = p;
  for (let row = 0; row < rows; row++) {
    for (let j = 0, q = r; j < m; j++, q += t) acc = step(acc, x[q]);
    for (let d = id - 2; d >= 0; d--) {
      r += innerStrides[d];
      if (++iidx[d] < innerShape[d]) break;
      iidx[d] = 0;
      r -= innerStrides[d] * innerShape[d];
    }
  }
  out[k] = ${fin};
  for (let d = od - 1; d >= 0; d--) {
    p += outerStrides[d];
    if (++oidx[d] < outerShape[d]) break;
    oidx[d] = 0;
    p -= outerStrides[d] * outerShape[d];
  }
}`;
  const names = Object.keys(env);
  const make = new Function(
    ...names,
    `// ${tag}\n"use strict";\nreturn function (x, xo, outerShape, outerStrides, innerShape, innerStrides, out, nOuter, nInner) {\n${body}\n};`,
  );
  return make(...names.map((k) => env[k])) as ReduceLoop;
}
