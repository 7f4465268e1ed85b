// Every differentiable op against central finite differences in float64, on small random shapes
// (broadcasting and rank 0 included), plus hand-computed cases where finite differences cannot
// decide (ties, zeros, float32 casts) and a check that the gradient tables cover every float op.
// Where each unary, binary and reduce op of the op tables is checked (its domain), and which float
// ops have no gradient on purpose, is part of the op's fixture row in tests/gen_op_fixtures.py
// (the "domain" section of tests/fixtures/ops.json).
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import { unary } from "../src/ops/unary.ts";
import { binary } from "../src/ops/binary.ts";
import { reduce } from "../src/ops/reduce.ts";
import {
  BINARY,
  BINARY_OPS,
  type BinaryName,
  REDUCE,
  REDUCE_OPS,
  type ReduceName,
  UNARY,
  UNARY_OPS,
  type UnaryName,
} from "../src/ops/op_ids.ts";
import { assertClose, makeRandom } from "./helpers.ts";
import {
  type BinaryDomain as BinaryDomainEntry,
  type Domain,
  DOMAINS,
  type GradEntry,
  reduceFixtureName,
} from "./op_fixtures.ts";

// ---------------------------------------------------------------------------------------------
// Helpers: a seeded generator, random float64 tensors, and the finite-difference checker.

const random = makeRandom(20240607);

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A float64 tensor of `shape` with elements uniform in [lo, hi). */
function uniform(shape: readonly number[], lo = -2, hi = 2): tf.Tensor {
  const data = new Float64Array(sizeOf(shape)).map(() => lo + (hi - lo) * random());
  return tf.constant(data, "float64", shape);
}

/** A float64 tensor whose elements have magnitude in [lo, hi) and a random sign. */
function away(shape: readonly number[], lo: number, hi: number): tf.Tensor {
  const data = new Float64Array(sizeOf(shape)).map(() =>
    (random() < 0.5 ? -1 : 1) * (lo + (hi - lo) * random())
  );
  return tf.constant(data, "float64", shape);
}

type Fn = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

const asList = (y: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(y) ? y : [y]);

/**
 * Checks the tape's gradient of `sum(f(xs) * w)` (w random, fixed) with respect to every input
 * against central differences that perturb every element of every input. The numeric side only
 * reads f's forward values (no tape involved).
 */
function checkGrad(label: string, f: Fn, xs: tf.Tensor[], eps = 1e-6, tol = 1e-6): void {
  for (const x of xs) assert.equal(x.dtype, "float64", `${label}: inputs must be float64`);
  const weights = asList(f(...xs)).map((y) => {
    assert.equal(y.dtype, "float64", `${label}: output dtype`);
    return new Float64Array(y.size).map(() => (random() < 0.5 ? -1 : 1) * (0.5 + random()));
  });
  const loss = (inputs: tf.Tensor[]): number => {
    let total = 0;
    asList(f(...inputs)).forEach((y, i) => {
      const d = y.dataSync() as Float64Array;
      for (let j = 0; j < d.length; j++) total += d[j] * weights[i][j];
    });
    return total;
  };
  // Analytic: one output seeds with outputGradients, several are combined into one loss.
  const tape = new tf.GradientTape();
  tape.watch(xs);
  const ys = asList(f(...xs));
  const grads = ys.length === 1
    ? tape.gradient(ys[0], xs, { outputGradients: tf.constant(weights[0], "float64", ys[0].shape) })
    : tape.gradient(
      ys.map((y, i) => tf.reduceSum(tf.mul(y, tf.constant(weights[i], "float64", y.shape)))),
      xs,
    );
  xs.forEach((x, k) => {
    const g = grads[k];
    assert.ok(g !== null, `${label}: no gradient for input ${k}`);
    assert.equal(g.dtype, "float64", `${label}: gradient dtype of input ${k}`);
    assert.deepEqual(g.shape, x.shape, `${label}: gradient shape of input ${k}`);
    const analytic = g.dataSync() as Float64Array;
    const base = x.dataSync() as Float64Array;
    const numeric = new Float64Array(x.size);
    for (let j = 0; j < x.size; j++) {
      const at = (delta: number): number => {
        const d = base.slice();
        d[j] += delta;
        return loss(xs.map((v, i) => (i === k ? tf.constant(d, "float64", x.shape) : v)));
      };
      numeric[j] = (at(eps) - at(-eps)) / (2 * eps);
    }
    try {
      assertClose(analytic, numeric, tol, tol);
    } catch (e) {
      throw new Error(
        `${label}, input ${k} of shape (${x.shape}): ${(e as Error).message}\n` +
          `  analytic ${Array.from(analytic)}\n  numeric  ${Array.from(numeric)}`,
      );
    }
  });
}

/** The tape's gradients of `sum(f(xs) * w)`, zeros for unconnected inputs. */
function firstGrads(
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  xs: tf.Tensor[],
  w: tf.Tensor,
): tf.Tensor[] {
  const tape = new tf.GradientTape();
  tape.watch(xs);
  return tape.gradient(f(...xs), xs, {
    outputGradients: w,
    unconnectedGradients: "zero",
  }) as tf.Tensor[];
}

/**
 * Second order: the gradient of `sum_i <g_i, u_i>` (g the tape's first gradients, u random),
 * that is the Hessian times u, taken through nested tapes, against central differences of the
 * first gradients. Checks that every gradient is itself recorded and differentiable.
 */
function checkGrad2(
  label: string,
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  xs: tf.Tensor[],
  eps = 1e-5,
  tol = 1e-6,
): void {
  const y0 = f(...xs);
  const w = tf.constant(
    new Float64Array(y0.size).map(() => 0.5 + random()),
    "float64",
    y0.shape,
  );
  const us = xs.map((x) => new Float64Array(x.size).map(() => 0.5 + random()));
  const outer = new tf.GradientTape();
  outer.watch(xs);
  const gs = firstGrads(f, xs, w);
  const dot = gs
    .map((g, i) => tf.reduceSum(g.mul(tf.constant(us[i], "float64", g.shape))))
    .reduce((a, b) => a.add(b));
  const hs = outer.gradient(dot, xs, { unconnectedGradients: "zero" }) as tf.Tensor[];
  const phi = (inputs: tf.Tensor[]): number => {
    let total = 0;
    firstGrads(f, inputs, w).forEach((g, i) => {
      const d = g.dataSync() as Float64Array;
      for (let j = 0; j < d.length; j++) total += d[j] * us[i][j];
    });
    return total;
  };
  xs.forEach((x, k) => {
    const base = x.dataSync() as Float64Array;
    const numeric = new Float64Array(x.size);
    for (let j = 0; j < x.size; j++) {
      const at = (delta: number): number => {
        const d = base.slice();
        d[j] += delta;
        return phi(xs.map((v, i) => (i === k ? tf.constant(d, "float64", x.shape) : v)));
      };
      numeric[j] = (at(eps) - at(-eps)) / (2 * eps);
    }
    const analytic = hs[k].dataSync() as Float64Array;
    try {
      assertClose(analytic, numeric, tol, tol);
    } catch (e) {
      throw new Error(
        `second order of ${label}, input ${k}: ${(e as Error).message}\n` +
          `  analytic ${Array.from(analytic)}\n  numeric  ${Array.from(numeric)}`,
      );
    }
  });
}

/** The gradient of `f(x)` (seeded with ones) as a flat array, from a fresh tape. */
function gradOf(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number[] {
  const tape = new tf.GradientTape();
  tape.watch(x);
  const g = tape.gradient(f(x), x);
  assert.ok(g !== null, "no gradient");
  assert.equal(g.dtype, x.dtype);
  assert.deepEqual(g.shape, x.shape);
  return Array.from(g.dataSync() as Float64Array, (v) => v + 0); // -0 reads as 0
}

// ---------------------------------------------------------------------------------------------
// The tables: every op with a float result has a gradient, unless listed here.

/** The unary ops whose fixture row says they have no gradient ("none"). */
const UNARY_NO_GRAD = UNARY_OPS.filter((n) => DOMAINS.unary[n] === "none");
/** The binary ops whose fixture row says they have no gradient ("none"). */
const BINARY_NO_GRAD = BINARY_OPS.filter((n) => DOMAINS.binary[n] === "none");

/**
 * Ops with a float result that TensorFlow deliberately gives no gradient: they are piecewise
 * constant (sign, floor, ceil, round, floorDiv), so their derivative is zero almost everywhere
 * and undefined at the steps. Their fixture rows say so with the gradient entry "none".
 */
const NOT_DIFFERENTIABLE = new Set<string>([...UNARY_NO_GRAD, ...BINARY_NO_GRAD]);

const FLOATS = ["float16", "float32", "float64"];

Deno.test("every op with a float result has a gradient, unless listed as not differentiable", () => {
  const missing: string[] = [];
  const listedWithGrad: string[] = [];
  const seen = new Set<string>();
  const consider = (name: string, floatResult: boolean, hasGrad: boolean): void => {
    seen.add(name);
    if (!floatResult) {
      assert.ok(!hasGrad, `${name} has a non-float result but a gradient`);
      return;
    }
    if (NOT_DIFFERENTIABLE.has(name)) {
      if (hasGrad) listedWithGrad.push(name);
    } else if (!hasGrad) missing.push(name);
  };
  for (const name of UNARY_OPS) {
    // "float" ops give a float; "same" ops give a float for a float input; "bool" never does.
    const row = UNARY[name];
    consider(name, row.result !== "bool", row.grad !== null);
  }
  for (const name of BINARY_OPS) {
    const row = BINARY[name];
    consider(name, row.result === "same" || row.result === "float", row.grad !== null);
  }
  for (const name of REDUCE_OPS) {
    const row = REDUCE[name];
    const floatResult = FLOATS.some((d) => FLOATS.includes(row.result(d as tf.DType)));
    consider(`reduce ${name}`, floatResult, row.grad !== null);
  }
  assert.deepEqual(missing, [], `float ops without a gradient: ${missing.join(", ")}`);
  assert.deepEqual(listedWithGrad, [], "listed as not differentiable but given a gradient");
  for (const name of NOT_DIFFERENTIABLE) assert.ok(seen.has(name), `${name} is in no table`);
  // The walk really covers the tables (guards against an empty or renamed table).
  assert.ok(seen.has("exp") && seen.has("atan2") && seen.has("reduce prod"));
  assert.ok(NOT_DIFFERENTIABLE.has("floor") && NOT_DIFFERENTIABLE.has("floorDiv"));
  // Every gradient entry of the fixtures names an op of the tables, and gives a domain only to an
  // op with a gradient (a stale or misspelled row fails here).
  const hasGrad = new Map<string, boolean>([
    ...UNARY_OPS.map((n) => [`unary ${n}`, UNARY[n].grad !== null] as const),
    ...BINARY_OPS.map((n) => [`binary ${n}`, BINARY[n].grad !== null] as const),
    ...REDUCE_OPS.map((n) => [`reduce ${reduceFixtureName(n)}`, REDUCE[n].grad !== null] as const),
  ]);
  const stale: string[] = [];
  for (const [family, entries] of Object.entries(DOMAINS)) {
    for (const [name, entry] of Object.entries(entries as object)) {
      const grad = hasGrad.get(`${family} ${name}`);
      if (grad === undefined) stale.push(`${family} ${name}: not an op of src/ops/op_ids.ts`);
      else if (entry !== "none" && !grad) stale.push(`${family} ${name}: a domain but no gradient`);
    }
  }
  assert.deepEqual(stale, [], `gradient entries of tests/gen_op_fixtures.py: ${stale.join("; ")}`);
});

Deno.test("the not-differentiable ops record nothing: their gradient is unconnected", () => {
  const x = tf.constant([0.3, 1.7, -2.2], "float64");
  assert.ok(UNARY_NO_GRAD.length >= 4 && BINARY_NO_GRAD.length >= 1);
  for (const name of UNARY_NO_GRAD) {
    const tape = new tf.GradientTape();
    tape.watch(x);
    assert.equal(tape.gradient(unary(name, x), x), null, name);
  }
  for (const name of BINARY_NO_GRAD) {
    for (
      const f of [(t: tf.Tensor) => binary(name, t, 0.7), (t: tf.Tensor) => binary(name, 0.7, t)]
    ) {
      const tape = new tf.GradientTape();
      tape.watch(x);
      assert.equal(tape.gradient(f(x), x), null, name);
    }
  }
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = tf.floorDiv(x, 0.7);
  assert.equal(tape.gradient(y, x), null);
  const z = tape.gradient(y, x, { unconnectedGradients: "zero" });
  assert.deepEqual(z?.tolist(), [0, 0, 0]);
  tape.release();
});

// ---------------------------------------------------------------------------------------------
// Unary ops.

type Gen = (shape: readonly number[]) => tf.Tensor;
const U = (lo: number, hi: number): Gen => (shape) => uniform(shape, lo, hi);
const AWAY = (lo: number, hi: number): Gen => (shape) => away(shape, lo, hi);

/** The points of a fixture row's domain. */
const genOf = (d: Domain): Gen => (d.away ? AWAY(d.lo, d.hi) : U(d.lo, d.hi));

/** A fixture row's domain; fails naming the op when the row has none. */
function domainOf<D>(family: string, name: string, entry: GradEntry<D> | undefined): D {
  if (entry === undefined || entry === "none") {
    throw new Error(
      `no test domain for the differentiable ${family} op ${name}: give its row in ` +
        "tests/gen_op_fixtures.py a grad domain and regenerate tests/fixtures/ops.json",
    );
  }
  return entry;
}

/** Where a unary op is checked: inside its domain, away from kinks and poles (its fixture row). */
function unaryDomain(name: UnaryName): Gen {
  return genOf(domainOf("unary", name, DOMAINS.unary[name]));
}

Deno.test("unary gradients match finite differences (every unary op with a gradient)", () => {
  const names = UNARY_OPS.filter((n) => UNARY[n].grad !== null);
  assert.ok(names.length >= 20);
  for (const name of names) {
    const gen = unaryDomain(name);
    for (const shape of [[], [3], [2, 3]]) {
      checkGrad(`${name} ${JSON.stringify(shape)}`, (x) => unary(name, x), [gen(shape)]);
    }
  }
  // The public functions are the table's ops.
  checkGrad("tf.exp", (x) => tf.exp(x), [uniform([4])]);
  checkGrad("tf.acosh", (x) => tf.acosh(x), [uniform([4], 1.1, 4)]);
  checkGrad("tf.nn.relu", (x) => tf.nn.relu(x), [away([2, 3], 0.1, 2)]);
  checkGrad("tf.nn.sigmoid", (x) => tf.nn.sigmoid(x), [uniform([2, 3], -4, 4)]);
  checkGrad("tf.sigmoid", (x) => tf.sigmoid(x), [uniform([5], -4, 4)]);
});

Deno.test("abs and relu at hand-checked points", () => {
  assert.deepEqual(gradOf((x) => tf.abs(x), tf.constant([-2, 3], "float64")), [-1, 1]);
  assert.deepEqual(gradOf((x) => tf.nn.relu(x), tf.constant([-2, 3, -0.5], "float64")), [0, 1, 0]);
  // Through a method on a watched tensor, and of a composite.
  assert.deepEqual(
    gradOf((x) => x.square().mul(3).sum(), tf.constant([1, -2], "float64")),
    [6, -12],
  );
});

// ---------------------------------------------------------------------------------------------
// Binary ops.

interface BinaryDomain {
  a: Gen;
  b: Gen;
  /** A JS scalar for the left side (scalar-tensor form). */
  sa: number;
  /** A JS scalar for the right side (tensor-scalar form). */
  sb: number;
}

/** Where a binary op is checked (its fixture row). */
function binaryDomain(name: BinaryName): BinaryDomain {
  const d = domainOf<BinaryDomainEntry>("binary", name, DOMAINS.binary[name]);
  return { a: genOf(d.a), b: genOf(d.b), sa: d.sa, sb: d.sb };
}

const SHAPE_PAIRS: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[3, 1], [1, 4]],
  [[2, 3, 4], [4]],
  [[4], [2, 3, 4]],
  [[], [2, 3]],
  [[2, 3], []],
  [[], []],
];

Deno.test("binary gradients match finite differences (tensor-tensor with broadcasting)", () => {
  const names = BINARY_OPS.filter((n) => BINARY[n].grad !== null);
  assert.ok(names.length >= 10);
  for (const name of names) {
    const dom = binaryDomain(name);
    for (const [sa, sb] of SHAPE_PAIRS) {
      checkGrad(
        `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`,
        (a, b) => binary(name, a, b),
        [
          dom.a(sa),
          dom.b(sb),
        ],
      );
    }
  }
});

Deno.test("binary gradients match finite differences (tensor-scalar and scalar-tensor)", () => {
  const names = BINARY_OPS.filter((n) => BINARY[n].grad !== null);
  for (const name of names) {
    const dom = binaryDomain(name);
    for (const shape of [[2, 3], []]) {
      checkGrad(`${name} tensor-scalar ${JSON.stringify(shape)}`, (a) => binary(name, a, dom.sb), [
        dom.a(shape),
      ]);
      checkGrad(`${name} scalar-tensor ${JSON.stringify(shape)}`, (b) => binary(name, dom.sa, b), [
        dom.b(shape),
      ]);
    }
  }
  // The public names and methods.
  const a = uniform([2, 3]), b = away([3], 0.5, 2);
  checkGrad("tf.divide", (x, y) => tf.divide(x, y), [a, b]);
  checkGrad("x.pow(3)", (x) => x.pow(3), [uniform([4], -2, 2)]);
  checkGrad("tf.pow(2, x)", (x) => tf.pow(2, x), [uniform([4], -2, 2)]);
  checkGrad("tf.squaredDifference", (x, y) => tf.squaredDifference(x, y), [a, uniform([2, 1])]);
});

Deno.test("binary gradients at hand-checked points: ties, pow at 0, mixed dtypes", () => {
  // maximum / minimum ties: TensorFlow gives the whole gradient to the first operand.
  const a = tf.constant([1, 2, 3], "float64"), b = tf.constant([2, 2, 1], "float64");
  for (
    const [op, da, db] of [
      [tf.maximum, [0, 1, 1], [1, 0, 0]],
      [tf.minimum, [1, 1, 0], [0, 0, 1]],
    ] as const
  ) {
    const tape = new tf.GradientTape();
    tape.watch([a, b]);
    const [ga, gb] = tape.gradient(op(a, b), [a, b]);
    assert.deepEqual(ga?.tolist(), da);
    assert.deepEqual(gb?.tolist(), db);
  }
  // pow at a base of 0: d/da 0^2 = 0, and d/db of a^b uses log only where a > 0 (no NaN).
  const x = tf.constant([0, 2], "float64"), e = tf.constant([2, 3], "float64");
  const tape = new tf.GradientTape();
  tape.watch([x, e]);
  const [gx, ge] = tape.gradient(tf.pow(x, e), [x, e]);
  assert.deepEqual(gx?.tolist(), [0, 12]);
  assertClose(ge?.dataSync() as Float64Array, [0, 8 * Math.log(2)], 1e-15);
  // Mixed float32 and float64 operands: each gradient comes back in its operand's dtype.
  const f32 = tf.constant([1.5, -2], "float32"), f64 = tf.constant([[3], [0.25]], "float64");
  const t2 = new tf.GradientTape();
  t2.watch([f32, f64]);
  const y = tf.mul(f32, f64);
  assert.equal(y.dtype, "float64");
  const [g32, g64] = t2.gradient(y, [f32, f64]);
  assert.equal(g32?.dtype, "float32");
  assert.equal(g64?.dtype, "float64");
  assert.deepEqual(g32?.tolist(), [3.25, 3.25]);
  assert.deepEqual(g64?.tolist(), [[-0.5], [-0.5]]);
});

// ---------------------------------------------------------------------------------------------
// Reductions.

const AXES: (tf.Axis)[] = [undefined, null, 0, 1, -1, 2, [0, 2], [-1, 0], [0, 1, 2], []];

/** Where a reduction is checked (the fixture row of its public name: "sum" is reduceSum). */
function reduceDomain(name: ReduceName): Gen {
  const fixtureName = reduceFixtureName(name);
  return genOf(domainOf("reduce", fixtureName, DOMAINS.reduce[fixtureName]));
}

Deno.test("reduction gradients match finite differences (every reduction with a gradient)", () => {
  const names = REDUCE_OPS.filter((n) => REDUCE[n].grad !== null);
  assert.ok(names.length >= 5);
  for (const name of names) {
    const gen = reduceDomain(name);
    const x = gen([2, 3, 4]);
    for (const axis of AXES) {
      for (const keepdims of [false, true]) {
        checkGrad(
          `reduce ${name} axis=${JSON.stringify(axis)} keepdims=${keepdims}`,
          (t) => reduce(name, t, axis, keepdims),
          [x],
        );
      }
    }
    for (const axis of [undefined, []]) {
      checkGrad(`reduce ${name} of a scalar`, (t) => reduce(name, t, axis, false), [gen([])]);
    }
  }
  const x = uniform([3, 2]);
  checkGrad("tf.reduceSum", (t) => tf.reduceSum(t, 0), [x]);
  checkGrad("tf.reduceMean", (t) => tf.reduceMean(t, -1, true), [x]);
  checkGrad("tf.reduceMax", (t) => tf.reduceMax(t, 1), [x]);
  checkGrad("tf.reduceMin", (t) => tf.reduceMin(t), [x]);
  checkGrad("tf.reduceProd", (t) => tf.reduceProd(t, [0, 1], true), [x]);
  checkGrad("x.sum()", (t) => t.sum(), [x]);
  checkGrad("x.mean(0)", (t) => t.mean(0), [x]);
});

Deno.test("reduceMax / reduceMin split the gradient evenly between ties (as TensorFlow)", () => {
  const x = tf.constant([[1, 3, 3], [2, 2, 2]], "float64");
  assert.deepEqual(gradOf((t) => tf.reduceMax(t, 1), x), [0, 0.5, 0.5, 1 / 3, 1 / 3, 1 / 3]);
  assert.deepEqual(gradOf((t) => tf.reduceMax(t), x), [0, 0.5, 0.5, 0, 0, 0]);
  assert.deepEqual(gradOf((t) => tf.reduceMin(t, 0, true), x), [1, 0, 0, 0, 1, 1]);
  const y = tf.constant([[5, 1, 1], [1, 5, 5]], "float64");
  assert.deepEqual(gradOf((t) => tf.reduceMin(t), y), [0, 1 / 3, 1 / 3, 1 / 3, 0, 0]);
  // Weighted by the output gradient.
  const tape = new tf.GradientTape();
  tape.watch(x);
  const g = tape.gradient(tf.reduceMax(x, 1), x, {
    outputGradients: tf.constant([4, 6], "float64"),
  });
  assert.deepEqual(g?.tolist(), [[0, 2, 2], [2, 2, 2]]);
});

Deno.test("reduceProd gradient with no, one and two zeros in a group", () => {
  const x = tf.constant([[2, 3, 4], [0, 3, 4], [0, 0, 4], [-1, 0, 5]], "float64");
  // d/dx_i prod = product of the others.
  assert.deepEqual(gradOf((t) => tf.reduceProd(t, 1), x), [
    12,
    8,
    6,
    12,
    0,
    0,
    0,
    0,
    0,
    0,
    -5,
    0,
  ]);
  checkGrad("prod with zeros, axis 1", (t) => tf.reduceProd(t, 1), [x]);
  checkGrad("prod with zeros, axis 0", (t) => tf.reduceProd(t, 0, true), [x]);
  assert.deepEqual(gradOf((t) => tf.reduceProd(t), tf.constant([0, 2, 3], "float64")), [6, 0, 0]);
  assert.deepEqual(gradOf((t) => tf.reduceProd(t), tf.constant([0, 2, 0], "float64")), [0, 0, 0]);
});

Deno.test("reduceLogSumExp, reduceStd, reduceVariance gradients match finite differences", () => {
  const x = uniform([2, 3, 4]);
  for (const axis of AXES) {
    if (Array.isArray(axis) && axis.length === 0) continue; // std of one element has no gradient
    for (const keepdims of [false, true]) {
      const tag = `axis=${JSON.stringify(axis)} keepdims=${keepdims}`;
      checkGrad(`reduceLogSumExp ${tag}`, (t) => tf.reduceLogSumExp(t, axis, keepdims), [x]);
      checkGrad(`reduceVariance ${tag}`, (t) => tf.reduceVariance(t, axis, keepdims), [x]);
      checkGrad(`reduceStd ${tag}`, (t) => tf.reduceStd(t, axis, keepdims), [x]);
    }
  }
  checkGrad("reduceLogSumExp of large values", (t) => tf.reduceLogSumExp(t, -1), [
    uniform([2, 3], 500, 502),
  ]);
  checkGrad("reduceLogSumExp of a scalar", (t) => tf.reduceLogSumExp(t), [uniform([])]);
  checkGrad("reduceLogSumExp axis []", (t) => tf.reduceLogSumExp(t, []), [uniform([3])]);
  checkGrad("reduceVariance axis []", (t) => tf.reduceVariance(t, []), [uniform([3])]);
});

Deno.test("cumsum gradients match finite differences (each axis, exclusive, reverse)", () => {
  const x = uniform([2, 3, 4]);
  for (const axis of [0, 1, 2, -1, -3]) {
    for (const exclusive of [false, true]) {
      for (const reverse of [false, true]) {
        checkGrad(
          `cumsum axis=${axis} exclusive=${exclusive} reverse=${reverse}`,
          (t) => tf.cumsum(t, axis, { exclusive, reverse }),
          [x],
        );
      }
    }
  }
  checkGrad("cumsum rank 1", (t) => tf.cumsum(t), [uniform([5])]);
  // By hand: d/dx_j sum_i cumsum(x)_i = number of outputs that include x_j.
  assert.deepEqual(gradOf((t) => tf.cumsum(t), tf.constant([1, 2, 3], "float64")), [3, 2, 1]);
  assert.deepEqual(
    gradOf((t) => tf.cumsum(t, 0, { exclusive: true }), tf.constant([1, 2, 3], "float64")),
    [2, 1, 0],
  );
  assert.deepEqual(
    gradOf((t) => tf.cumsum(t, 0, { reverse: true }), tf.constant([1, 2, 3], "float64")),
    [1, 2, 3],
  );
});

// ---------------------------------------------------------------------------------------------
// matmul.

Deno.test("matmul gradients match finite differences (batched, broadcast, all transposes)", () => {
  // [a shape, b shape] as (..., m, k) and (..., k, n) before any transpose.
  const cases: [number[], number[]][] = [
    [[3, 4], [4, 2]],
    [[2, 3, 4], [2, 4, 5]],
    [[2, 1, 3, 4], [3, 4, 2]],
    [[3, 4], [2, 4, 2]],
    [[1, 2], [2, 1]],
  ];
  const swap = (s: number[]): number[] => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
  for (const [sa, sb] of cases) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = uniform(transposeA ? swap(sa) : sa);
        const b = uniform(transposeB ? swap(sb) : sb);
        checkGrad(
          `matmul ${JSON.stringify(a.shape)} ${
            JSON.stringify(b.shape)
          } ${transposeA} ${transposeB}`,
          (x, y) => tf.matmul(x, y, { transposeA, transposeB }),
          [a, b],
        );
      }
    }
  }
  // By hand: d/dA sum(A B) = ones B^T, d/dB = A^T ones.
  const A = tf.constant([[1, 2], [3, 4]], "float64"), B = tf.constant([[5, 6], [7, 8]], "float64");
  const tape = new tf.GradientTape();
  tape.watch([A, B]);
  const [gA, gB] = tape.gradient(A.matmul(B), [A, B]);
  assert.deepEqual(gA?.tolist(), [[11, 15], [11, 15]]);
  assert.deepEqual(gB?.tolist(), [[4, 4], [6, 6]]);
});

// ---------------------------------------------------------------------------------------------
// Shape ops and indexing.

Deno.test("shape-op gradients match finite differences", () => {
  const x = uniform([2, 3, 4]);
  checkGrad("reshape", (t) => tf.reshape(t, [4, -1]), [x]);
  checkGrad("reshape to scalar", (t) => tf.reshape(t, []), [uniform([1, 1])]);
  checkGrad("reshape of a transposed view", (t) => tf.reshape(tf.transpose(t), [-1]), [x]);
  checkGrad("transpose (reversed)", (t) => tf.transpose(t), [x]);
  checkGrad("transpose [1, 2, 0]", (t) => tf.transpose(t, [1, 2, 0]), [x]);
  checkGrad("transpose [2, 0, 1]", (t) => tf.transpose(t, [2, 0, 1]), [x]);
  checkGrad("transpose [-1, 0, 1]", (t) => tf.transpose(t, [-1, 0, 1]), [x]);
  checkGrad("expandDims 0", (t) => tf.expandDims(t, 0), [x]);
  checkGrad("expandDims -1", (t) => tf.expandDims(t, -1), [x]);
  checkGrad("expandDims of a scalar", (t) => tf.expandDims(t, 0), [uniform([])]);
  const y = uniform([1, 3, 1, 2]);
  checkGrad("squeeze all", (t) => tf.squeeze(t), [y]);
  checkGrad("squeeze [2]", (t) => tf.squeeze(t, [2]), [y]);
  checkGrad("squeeze -4", (t) => tf.squeeze(t, -4), [y]);
  checkGrad("broadcastTo (3,1)->(2,3,4)", (t) => tf.broadcastTo(t, [2, 3, 4]), [uniform([3, 1])]);
  checkGrad("broadcastTo ()->(2,2)", (t) => tf.broadcastTo(t, [2, 2]), [uniform([])]);
  checkGrad("broadcastTo (4,)->(3,4)", (t) => tf.broadcastTo(t, [3, 4]), [uniform([4])]);
  checkGrad("slice", (t) => tf.slice(t, [1, 0, 1], [1, 2, -1]), [x]);
  checkGrad(
    "slice of a slice",
    (t) => tf.slice(tf.slice(t, [0, 1, 0], [2, 2, 3]), [1, 1, 1], [1, 1, 2]),
    [
      x,
    ],
  );
  const [p, q, r] = [uniform([2, 1, 4]), uniform([2, 3, 4]), uniform([2, 2, 4])];
  checkGrad("concat axis 1", (a, b, c) => tf.concat([a, b, c], 1), [p, q, r]);
  checkGrad("concat axis -1", (a, b) => tf.concat([a, b], -1), [uniform([2, 3]), uniform([2, 1])]);
  checkGrad("concat with itself", (a) => tf.concat([a, a], 0), [uniform([2, 2])]);
  for (const axis of [0, 1, 2, -1]) {
    checkGrad(`stack axis ${axis}`, (a, b) => tf.stack([a, b], axis), [
      uniform([2, 3]),
      uniform([2, 3]),
    ]);
  }
  checkGrad("stack of scalars", (a, b) => tf.stack([a, b]), [uniform([]), uniform([])]);
  for (const axis of [0, 1, -1]) {
    checkGrad(`unstack axis ${axis}`, (t) => tf.unstack(t, axis), [x]);
    checkGrad(`unstack axis ${axis}, one part used`, (t) => tf.unstack(t, axis)[1], [x]);
  }
  checkGrad("split 3 equal parts", (t) => tf.split(t, 3, 1), [x]);
  checkGrad("split sizes [1, -1, 2]", (t) => tf.split(t, [1, -1, 2], -1), [x]);
  checkGrad("split, one part used", (t) => tf.split(t, [1, 2], 1)[1], [x]);
});

Deno.test("gather gradients: repeated indices add up", () => {
  const x = uniform([4, 3]);
  const rep = tf.constant([2, 0, 2, 2], "int32");
  checkGrad("gather axis 0 repeated", (t) => tf.gather(t, rep, 0), [x]);
  checkGrad("gather axis 1", (t) => tf.gather(t, tf.constant([2, 2, 1], "int32"), 1), [x]);
  checkGrad("gather 2-D indices", (t) => tf.gather(t, tf.constant([[0, 3], [3, 3]], "int32"), 0), [
    x,
  ]);
  checkGrad("gather from rank 3 axis -1", (t) => tf.gather(t, tf.constant([1, 1], "int32"), -1), [
    uniform([2, 2, 3]),
  ]);
  checkGrad("x.gather", (t) => t.gather(tf.constant([1, 1, 0], "int32")), [uniform([3])]);
  // By hand: each index counts once per occurrence.
  assert.deepEqual(gradOf((t) => tf.gather(t, rep), tf.constant([1, 2, 3, 4], "float64")), [
    1,
    0,
    3,
    0,
  ]);
});

Deno.test("t.at(...) gradients: steps, negative steps, new axes, ellipsis", () => {
  const x = uniform([3, 4, 5]);
  const indices: tf.Index[][] = [
    [1],
    [-1],
    [0, "1:3"],
    ["::2"],
    ["::-1"],
    ["1, ::-2, 1:4"],
    ["..., ::-2"],
    ["..., 1"],
    [null, 1, "...", null],
    ["None, 0:2, newaxis, ::3"],
    ["-2:, 3:0:-1"],
    [2, -1, -2],
    ["1:1"],
  ];
  for (const idx of indices) {
    checkGrad(`at(${idx.map((i) => JSON.stringify(i)).join(", ")})`, (t) => t.at(...idx), [x]);
  }
  checkGrad("at of at", (t) => t.at("::-1").at(":, ::2"), [x]);
  // By hand: the selected elements get the gradient, the others 0.
  assert.deepEqual(gradOf((t) => t.at("::-2"), tf.constant([1, 2, 3, 4, 5], "float64")), [
    1,
    0,
    1,
    0,
    1,
  ]);
});

// ---------------------------------------------------------------------------------------------
// where, cast, clipByValue, nn.

Deno.test("where gradients go to the picked side only (with broadcasting)", () => {
  const cond = tf.constant([[true], [false], [true]]);
  checkGrad("where (3,1) (1,4) ()", (a, b) => tf.where(cond, a, b), [uniform([1, 4]), uniform([])]);
  checkGrad("where (3,1) (3,4) (4,)", (a, b) => tf.where(cond, a, b), [
    uniform([3, 4]),
    uniform([4]),
  ]);
  checkGrad("where x scalar", (b) => tf.where(cond, 0.5, b), [uniform([3, 2])]);
  checkGrad("where y scalar", (a) => tf.where(cond, a, -1), [uniform([3, 2])]);
  const a = tf.constant([1, 2, 3], "float64"), b = tf.constant([4, 5, 6], "float64");
  const tape = new tf.GradientTape();
  tape.watch([a, b]);
  const [ga, gb] = tape.gradient(tf.where([true, false, true], a, b), [a, b]);
  assert.deepEqual(ga?.tolist(), [1, 0, 1]);
  assert.deepEqual(gb?.tolist(), [0, 1, 0]);
});

Deno.test("cast gradients come back in the input's dtype (float32 <-> float64)", () => {
  // float64 -> float32 -> float64 round trip in the middle of a computation.
  const x = tf.constant([1.5, -2], "float64");
  let tape = new tf.GradientTape();
  tape.watch(x);
  let g = tape.gradient(tf.cast(x, "float32").mul(3), x);
  assert.equal(g?.dtype, "float64");
  assert.deepEqual(g?.tolist(), [3, 3]);
  // float32 -> float64: the gradient of square is 2x, cast back to float32.
  const y = tf.constant([1.5, -2.25], "float32");
  tape = new tf.GradientTape();
  tape.watch(y);
  g = tape.gradient(tf.cast(y, "float64").square(), y);
  assert.equal(g?.dtype, "float32");
  assert.deepEqual(g?.tolist(), [3, -4.5]);
  // Casting to the same dtype is an identity; casting to an integer stops the gradient.
  checkGrad("cast float64->float64", (t) => tf.cast(t, "float64"), [uniform([3])]);
  tape = new tf.GradientTape();
  tape.watch(x);
  assert.equal(tape.gradient(tf.cast(tf.cast(x, "int32"), "float64"), x), null);
});

Deno.test("clipByValue gradient is 1 inside the bounds and 0 outside", () => {
  const x = tf.constant([-2, -0.3, 0.4, 1.5], "float64");
  assert.deepEqual(gradOf((t) => tf.clipByValue(t, -0.5, 0.7), x), [0, 1, 1, 0]);
  // At a bound the gradient passes (as TensorFlow: only values strictly outside get 0).
  assert.deepEqual(
    gradOf((t) => tf.clipByValue(t, -0.5, 0.7), tf.constant([-0.5, 0.7], "float64")),
    [1, 1],
  );
  checkGrad("clipByValue", (t) => tf.clipByValue(t, -0.5, 0.7), [uniform([3, 4])]);
  checkGrad("clipByValue with tensor bounds", (t, lo, hi) => tf.clipByValue(t, lo, hi), [
    uniform([3, 4]),
    uniform([4], -1.5, -0.5),
    uniform([3, 1], 0.5, 1.5),
  ]);
});

Deno.test("nn.softmax, nn.logSoftmax and the cross-entropies match finite differences", () => {
  const logits = uniform([3, 4], -3, 3);
  checkGrad("softmax", (t) => tf.nn.softmax(t), [logits]);
  checkGrad("softmax axis 0", (t) => tf.nn.softmax(t, 0), [logits]);
  checkGrad("softmax rank 1", (t) => tf.nn.softmax(t), [uniform([5])]);
  checkGrad("logSoftmax", (t) => tf.nn.logSoftmax(t), [logits]);
  checkGrad("logSoftmax axis 0", (t) => tf.nn.logSoftmax(t, 0), [logits]);
  checkGrad("logSoftmax of large values", (t) => tf.nn.logSoftmax(t), [uniform([2, 3], 700, 705)]);
  const probs = tf.nn.softmax(uniform([3, 4]));
  checkGrad(
    "softmaxCrossEntropyWithLogits (labels and logits)",
    (labels, l) => tf.nn.softmaxCrossEntropyWithLogits({ labels, logits: l }),
    [probs, logits],
  );
  const sparse = tf.constant([3, 0, 1], "int32");
  checkGrad(
    "sparseSoftmaxCrossEntropyWithLogits",
    (l) => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: sparse, logits: l }),
    [logits],
  );
  // By hand: d/dlogits = softmax(logits) - onehot(labels).
  const l = tf.constant([[0, 0]], "float64");
  const tape = new tf.GradientTape();
  tape.watch(l);
  const loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits({
    labels: tf.constant([1], "int32"),
    logits: l,
  });
  assert.deepEqual(tape.gradient(loss, l)?.tolist(), [[0.5, -0.5]]);
});

Deno.test("a composite model gradient matches finite differences", () => {
  const w = uniform([3, 2]), b = uniform([2]), x = uniform([4, 3]);
  checkGrad(
    "dense + tanh + logSoftmax + mean",
    (W, B) => tf.reduceMean(tf.nn.logSoftmax(tf.tanh(tf.matmul(x, W).add(B))).mul(-1)),
    [w, b],
  );
});

// ---------------------------------------------------------------------------------------------
// Second order: every gradient is made of recorded ops, so nested tapes differentiate it.

Deno.test("second order (Hessian-vector products) match finite differences of the gradients", () => {
  for (const name of UNARY_OPS) {
    if (UNARY[name].grad === null) continue;
    checkGrad2(name, (x) => unary(name, x), [unaryDomain(name)([2, 2])]);
  }
  for (const name of BINARY_OPS) {
    if (BINARY[name].grad === null) continue;
    const dom = binaryDomain(name);
    checkGrad2(name, (a, b) => binary(name, a, b), [dom.a([3, 1]), dom.b([1, 2])]);
    checkGrad2(`${name} tensor-scalar`, (a) => binary(name, a, dom.sb), [dom.a([3])]);
    checkGrad2(`${name} scalar-tensor`, (b) => binary(name, dom.sa, b), [dom.b([3])]);
  }
  const x = uniform([2, 3, 4]);
  const sq = (t: tf.Tensor): tf.Tensor => t.mul(t);
  const cases: [string, (...xs: tf.Tensor[]) => tf.Tensor, tf.Tensor[]][] = [
    ["reduceSum of squares", (t) => tf.reduceSum(sq(t), [0, 2]), [x]],
    ["reduceMean of squares", (t) => tf.reduceMean(sq(t), -1, true), [x]],
    ["reduceMax", (t) => tf.reduceMax(sq(t), 1), [x]],
    ["reduceMin", (t) => tf.reduceMin(sq(t)), [x]],
    ["reduceProd", (t) => tf.reduceProd(t, [0, 2]), [away([2, 3, 4], 0.5, 1.5)]],
    // One zero per row: the gradient of the gradient must not be NaN (no 0/0).
    ["reduceProd with a zero", (t) => tf.reduceProd(t, 1), [
      tf.constant([[0, 2, 3], [1.5, 0, -2], [1, 2, 3]], "float64"),
    ]],
    ["reduceLogSumExp", (t) => tf.reduceLogSumExp(t, 1), [x]],
    ["reduceStd", (t) => tf.reduceStd(t, [0, 2]), [x]],
    ["reduceVariance", (t) => tf.reduceVariance(t), [x]],
    ["cumsum", (t) => sq(tf.cumsum(t, 1, { reverse: true, exclusive: true })), [x]],
    ["matmul", (a, b) => tf.matmul(a, b, { transposeB: true }), [
      uniform([2, 3, 4]),
      uniform([5, 4]),
    ]],
    ["matmul transposeA", (a) => tf.matmul(a, a, { transposeA: true }), [uniform([3, 2])]],
    ["transpose", (t) => sq(tf.transpose(t, [2, 0, 1])), [x]],
    ["reshape", (t) => sq(tf.reshape(t, [4, 6])), [x]],
    ["expandDims + squeeze", (t) => sq(tf.squeeze(tf.expandDims(t, 1))), [x]],
    ["broadcastTo", (t) => sq(tf.broadcastTo(t, [2, 3, 4])), [uniform([3, 1])]],
    ["slice", (t) => sq(tf.slice(t, [0, 1, 1], [2, 2, -1])), [x]],
    ["at", (t) => sq(t.at("::-1, None, 1:, ::2")), [x]],
    ["gather", (t) => sq(tf.gather(t, tf.constant([2, 0, 2], "int32"), 1)), [x]],
    ["concat", (a, b) => sq(tf.concat([a, b], 1)), [uniform([2, 3]), uniform([2, 2])]],
    ["stack", (a, b) => sq(tf.stack([a, b], 1)), [uniform([2, 3]), uniform([2, 3])]],
    ["unstack", (t) => sq(tf.unstack(t, 1)[1]), [x]],
    ["split", (t) => sq(tf.split(t, [1, 3], 2)[1]), [x]],
    ["where", (a, b) => tf.where([true, false, true], sq(a), sq(b)), [
      uniform([3]),
      uniform([2, 3]),
    ]],
    ["clipByValue", (t) => tf.clipByValue(sq(t), 0.5, 2), [uniform([5])]],
    ["softmax", (t) => tf.nn.softmax(t), [uniform([2, 4])]],
    ["logSoftmax", (t) => tf.nn.logSoftmax(t, 0), [uniform([3, 4])]],
    [
      "softmaxCrossEntropyWithLogits",
      (labels, logits) => tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }),
      [
        tf.nn.softmax(uniform([2, 3])),
        uniform([2, 3]),
      ],
    ],
    [
      "sparseSoftmaxCrossEntropyWithLogits",
      (logits) =>
        tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.constant([2, 0], "int32"), logits }),
      [
        uniform([2, 3]),
      ],
    ],
  ];
  for (const [label, f, xs] of cases) checkGrad2(label, f, xs);
});

// ---------------------------------------------------------------------------------------------
// Issue 7 ops: shape and indexing ops, contractions, norm, linalg, sorting, activations, dropout.

/** A float64 batch of well-conditioned square matrices (random plus 3·I). */
function wellConditioned(shape: readonly number[]): tf.Tensor {
  const n = shape[shape.length - 1];
  return uniform(shape, -1, 1).add(tf.eye(n, n, "float64").mul(3));
}

Deno.test("tile, pad, reverse gradients match finite differences", () => {
  const x = uniform([2, 3]);
  checkGrad("tile [2, 2]", (t) => tf.tile(t, [2, 2]), [x]);
  checkGrad("tile [1, 3]", (t) => tf.tile(t, [1, 3]), [x]);
  checkGrad("tile rank 0", (t) => tf.tile(t, []), [uniform([])]);
  checkGrad("tile of a transposed view", (t) => tf.tile(tf.transpose(t), [3, 1]), [x]);
  const y = uniform([3, 4]);
  checkGrad("pad CONSTANT", (t) => tf.pad(t, [[1, 2], [0, 1]]), [y]);
  checkGrad("pad CONSTANT 1.5", (t) => tf.pad(t, [[0, 1], [2, 0]], "CONSTANT", 1.5), [y]);
  checkGrad("pad REFLECT", (t) => tf.pad(t, [[2, 1], [3, 3]], "REFLECT"), [y]);
  checkGrad("pad SYMMETRIC", (t) => tf.pad(t, [[3, 0], [1, 4]], "SYMMETRIC"), [y]);
  checkGrad("pad no padding", (t) => tf.pad(t, [[0, 0], [0, 0]], "REFLECT"), [y]);
  const z = uniform([2, 3, 4]);
  for (const axis of [[0], [1, 2], [-1], [0, 1, 2], []]) {
    checkGrad(`reverse ${JSON.stringify(axis)}`, (t) => tf.reverse(t, axis), [z]);
  }
  checkGrad("x.reverse().tile()", (t) => t.reverse(0).tile([2, 1]), [x]);
  // By hand: REFLECT of [a, b, c] by 1 each side is [b, a, b, c, b]: b is used 3 times.
  assert.deepEqual(
    gradOf((t) => tf.pad(t, [[1, 1]], "REFLECT"), tf.constant([1, 2, 3], "float64")),
    [1, 3, 1],
  );
});

Deno.test("gatherNd, scatterNd, booleanMask gradients: repeated indices add up", () => {
  const x = uniform([3, 4, 2]);
  const rep = tf.constant([[1, 2], [0, 3], [1, 2]], "int32");
  checkGrad("gatherNd K=2 repeated", (t) => tf.gatherNd(t, rep), [x]);
  checkGrad("gatherNd K=1", (t) => tf.gatherNd(t, tf.constant([[2], [2], [0]], "int32")), [x]);
  checkGrad("gatherNd K=3", (t) => tf.gatherNd(t, tf.constant([[2, 3, 1]], "int32")), [x]);
  checkGrad("gatherNd K=0", (t) => tf.gatherNd(t, tf.zeros([2, 0], "int32")), [x]);
  checkGrad("scatterNd repeated", (u) => tf.scatterNd(rep, u, [3, 4, 2]), [uniform([3, 2])]);
  checkGrad("scatterNd K=1", (u) => tf.scatterNd(tf.constant([[1], [1]], "int32"), u, [3, 2]), [
    uniform([2, 2]),
  ]);
  const mask = tf.constant([[true, false, true, true], [false, false, true, false], [
    true,
    true,
    false,
    false,
  ]]);
  checkGrad("booleanMask 2-D mask", (t) => tf.booleanMask(t, mask), [x]);
  checkGrad("booleanMask axis 1", (t) => tf.booleanMask(t, [true, false, false, true], 1), [x]);
  assert.deepEqual(
    gradOf(
      (u) => tf.scatterNd(tf.constant([[0], [0]], "int32"), u, [2]).mul([3, 5]),
      tf.constant([1, 2], "float64"),
    ),
    [3, 3],
  );
});

Deno.test("tensordot and einsum gradients match finite differences", () => {
  checkGrad("tensordot 1", (a, b) => tf.tensordot(a, b, 1), [uniform([2, 3]), uniform([3, 4])]);
  checkGrad("tensordot pairs", (a, b) => tf.tensordot(a, b, [[0, 2], [2, 1]]), [
    uniform([2, 3, 4]),
    uniform([3, 4, 2]),
  ]);
  checkGrad("tensordot 0 (outer)", (a, b) => tf.tensordot(a, b, 0), [uniform([2]), uniform([3])]);
  const cases: [string, number[][]][] = [
    ["ij,jk->ik", [[2, 3], [3, 4]]],
    ["bij,bjk->bik", [[2, 2, 3], [2, 3, 2]]],
    ["ij->ji", [[2, 3]]],
    ["ii", [[3, 3]]],
    ["ii->i", [[3, 3]]],
    ["iij->j", [[2, 2, 3]]],
    ["i,j->ij", [[2], [3]]],
    ["ij->", [[2, 3]]],
    ["bi,bi->b", [[3, 2], [3, 2]]],
    ["...ij,...jk", [[2, 1, 2, 3], [3, 3, 2]]],
    ["ij,jk,kl->il", [[2, 3], [3, 2], [2, 2]]],
    ["i,ij,j->", [[2], [2, 3], [3]]],
    ["ij,ij->ij", [[1, 3], [2, 3]]],
    ["i,i", [[1], [3]]],
  ];
  for (const [eq, shapes] of cases) {
    checkGrad(`einsum ${eq}`, (...xs) => tf.einsum(eq, ...xs), shapes.map((s) => uniform(s)));
  }
});

Deno.test("norm gradients match finite differences (vector and matrix orders)", () => {
  const x = away([3, 4], 0.2, 2);
  const vec: [tf.NormOrder, number | number[] | null][] = [
    ["euclidean", null],
    [2, 1],
    [1, 0],
    [Infinity, -1],
    [3, 1],
    [1.5, null],
    ["euclidean", [0]],
  ];
  for (const [ord, axis] of vec) {
    checkGrad(`norm ${ord} axis ${JSON.stringify(axis)}`, (t) => tf.norm(t, ord, axis), [x]);
    checkGrad(`norm ${ord} keepdims`, (t) => tf.norm(t, ord, axis, true), [x]);
  }
  for (const ord of ["fro", "euclidean", 1, Infinity, 2] as tf.NormOrder[]) {
    checkGrad(`matrix norm ${ord}`, (t) => tf.norm(t, ord, [0, 1]), [x]);
    checkGrad(`batched matrix norm ${ord}`, (t) => tf.norm(t, ord, [2, 0], true), [
      uniform([3, 2, 4]),
    ]);
  }
});

Deno.test("linalg.inv, det, solve gradients match finite differences", () => {
  checkGrad("inv", (a) => tf.linalg.inv(a), [wellConditioned([3, 3])]);
  checkGrad("inv batched", (a) => tf.linalg.inv(a), [wellConditioned([2, 3, 3])]);
  checkGrad("det", (a) => tf.linalg.det(a), [wellConditioned([3, 3])]);
  checkGrad("det batched", (a) => tf.linalg.det(a), [wellConditioned([2, 2, 2])]);
  checkGrad("det 1x1", (a) => tf.linalg.det(a), [wellConditioned([1, 1])]);
  checkGrad("solve", (a, b) => tf.linalg.solve(a, b), [wellConditioned([3, 3]), uniform([3, 2])]);
  checkGrad("solve adjoint", (a, b) => tf.linalg.solve(a, b, true), [
    wellConditioned([3, 3]),
    uniform([3, 2]),
  ]);
  checkGrad("solve broadcast batch", (a, b) => tf.linalg.solve(a, b), [
    wellConditioned([2, 1, 3, 3]),
    uniform([2, 3, 1]),
  ]);
  checkGrad("linalg.matmul(inv(a), a)", (a) => tf.linalg.matmul(tf.linalg.inv(a), a.square()), [
    wellConditioned([2, 2]),
  ]);
});

Deno.test("sort, topk and shuffle gradients go back to where each value came from", () => {
  const x = uniform([3, 5]);
  checkGrad("sort", (t) => tf.sort(t), [x]);
  checkGrad("sort axis 0 descending", (t) => tf.sort(t, 0, "DESCENDING"), [x]);
  checkGrad("topk values", (t) => tf.topk(t, 2).values, [x]);
  checkGrad("t.sort()", (t) => t.sort(-1, "DESCENDING"), [uniform([2, 2, 3])]);
  checkGrad("random.shuffle", (t) => {
    tf.random.setSeed(4);
    return tf.random.shuffle(t, { seed: 1 });
  }, [uniform([4, 2])]);
  // By hand: sort([3, 1, 2]) = [1, 2, 3]; weights [1, 10, 100] go back to [100, 1, 10].
  const t = tf.constant([3, 1, 2], "float64");
  const tape = new tf.GradientTape();
  tape.watch(t);
  const g = tape.gradient(tf.sort(t), t, { outputGradients: tf.constant([1, 10, 100], "float64") });
  assert.deepEqual(g?.tolist(), [100, 1, 10]);
  // Indices are integers: argsort and topk indices carry no gradient.
  const tape2 = new tf.GradientTape();
  tape2.watch(t);
  assert.equal(tape2.gradient(tf.cast(tf.argsort(t), "float64"), t), null);
});

Deno.test("nn activations, l2Loss and dropout gradients match finite differences", () => {
  const acts: [string, (x: tf.Tensor) => tf.Tensor, Gen][] = [
    [
      "relu6",
      tf.nn.relu6,
      (s) => tf.where(tf.less(uniform(s, 0, 1), 0.5), away(s, 0.2, 1), uniform(s, 1, 5.8)),
    ],
    ["elu", tf.nn.elu, AWAY(0.1, 3)],
    ["selu", tf.nn.selu, AWAY(0.1, 3)],
    ["gelu", (x) => tf.nn.gelu(x), U(-3, 3)],
    ["gelu approximate", (x) => tf.nn.gelu(x, true), U(-3, 3)],
    ["silu", (x) => tf.nn.silu(x), U(-3, 3)],
    ["silu beta 1.5", (x) => tf.nn.silu(x, 1.5), U(-3, 3)],
    ["softplus", tf.nn.softplus, U(-5, 5)],
    ["softsign", tf.nn.softsign, U(-3, 3)],
    ["leakyRelu", (x) => tf.nn.leakyRelu(x), AWAY(0.1, 3)],
    ["leakyRelu 0.01", (x) => tf.nn.leakyRelu(x, 0.01), AWAY(0.1, 3)],
    ["l2Loss", tf.nn.l2Loss, U(-2, 2)],
  ];
  for (const [name, f, gen] of acts) {
    for (const shape of [[], [2, 3]]) {
      checkGrad(`${name} ${JSON.stringify(shape)}`, f, [gen(shape)]);
    }
  }
  // At the kinks, TensorFlow's values: relu6' is 0 at 0 and 6, elu' and selu' take the negative
  // side at 0, leakyRelu' is alpha at 0, softplus' is 1/2 at 0, and nothing is NaN far out.
  const at = tf.constant([0, 6], "float64");
  assert.deepEqual(gradOf((x) => tf.nn.relu6(x), at), [0, 0]);
  assert.deepEqual(gradOf((x) => tf.nn.elu(x), tf.constant([0], "float64")), [1]);
  assert.deepEqual(gradOf((x) => tf.nn.leakyRelu(x), tf.constant([0], "float64")), [0.2]);
  assert.deepEqual(gradOf((x) => tf.nn.softplus(x), tf.constant([0], "float64")), [0.5]);
  assert.deepEqual(gradOf((x) => tf.nn.softplus(x), tf.constant([-800, 800], "float64")), [0, 1]);
  assert.deepEqual(gradOf((x) => tf.nn.elu(x), tf.constant([800, -800], "float64")), [1, 0]);
  assert.deepEqual(gradOf((x) => tf.nn.softsign(x), tf.constant([0], "float64")), [1]);
  // dropout: the gradient is the mask times 1 / (1 - rate).
  const drop = (x: tf.Tensor): tf.Tensor => {
    tf.random.setSeed(7);
    return tf.nn.dropout(x, 0.4, { seed: 3 });
  };
  checkGrad("dropout", drop, [uniform([4, 5])]);
  const ones = tf.ones([200], "float64");
  const g = gradOf(drop, ones);
  const y = drop(ones).dataSync() as Float64Array;
  g.forEach((v, i) => assert.equal(v, y[i]));
});

Deno.test("oneHot: the labels get no gradient; the one-hot rows route the logits' gradient", () => {
  const labels = tf.constant([2, 0], "int32");
  const logits = uniform([2, 3]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch([labels, logits]);
  const hot = tf.oneHot(labels, 3, { dtype: "float64" });
  const loss = tf.reduceSum(hot.mul(logits));
  assert.deepEqual(tape.gradient(loss, logits)?.tolist(), [[0, 0, 1], [1, 0, 0]]);
  assert.equal(tape.gradient(loss, labels), null);
  assert.equal(tape.gradient(hot, labels), null);
  tape.release();
});

Deno.test("second order of the issue 7 ops matches finite differences of the gradients", () => {
  const sq = (t: tf.Tensor): tf.Tensor => t.mul(t);
  const cases: [string, (...xs: tf.Tensor[]) => tf.Tensor, tf.Tensor[]][] = [
    ["tile", (t) => sq(tf.tile(t, [2, 1])), [uniform([2, 3])]],
    ["pad REFLECT", (t) => sq(tf.pad(t, [[1, 1], [2, 0]], "REFLECT")), [uniform([3, 3])]],
    ["pad CONSTANT", (t) => sq(tf.pad(t, [[1, 0], [0, 2]], "CONSTANT", 2)), [uniform([2, 2])]],
    ["reverse", (t) => sq(tf.reverse(t, [0, 1])), [uniform([2, 3])]],
    ["gatherNd", (t) => sq(tf.gatherNd(t, tf.constant([[1, 0], [1, 0]], "int32"))), [
      uniform([2, 2]),
    ]],
    ["scatterNd", (u) => sq(tf.scatterNd(tf.constant([[1], [1]], "int32"), u, [3])), [
      uniform([2]),
    ]],
    ["einsum", (a, b) => tf.einsum("ij,jk->ik", sq(a), b), [uniform([2, 3]), uniform([3, 2])]],
    ["einsum trace", (a) => tf.einsum("ii", sq(a)), [uniform([3, 3])]],
    ["tensordot", (a, b) => tf.tensordot(sq(a), b, 1), [uniform([2, 3]), uniform([3])]],
    ["norm", (t) => tf.norm(t, "euclidean", -1), [away([2, 3], 0.5, 2)]],
    ["norm 3", (t) => tf.norm(t, 3, 0), [away([2, 3], 0.5, 2)]],
    ["inv", (a) => tf.linalg.inv(a), [wellConditioned([2, 2])]],
    ["det", (a) => tf.linalg.det(a), [wellConditioned([3, 3])]],
    ["solve", (a, b) => tf.linalg.solve(a, b), [wellConditioned([2, 2]), uniform([2, 1])]],
    ["sort", (t) => sq(tf.sort(t)), [uniform([4])]],
    ["elu", (t) => tf.nn.elu(t), [away([4], 0.2, 2)]],
    ["selu", (t) => tf.nn.selu(t), [away([4], 0.2, 2)]],
    ["gelu", (t) => tf.nn.gelu(t), [uniform([4])]],
    ["gelu approximate", (t) => tf.nn.gelu(t, true), [uniform([4])]],
    ["silu", (t) => tf.nn.silu(t), [uniform([4])]],
    ["softplus", (t) => tf.nn.softplus(t), [uniform([4])]],
    ["softsign", (t) => tf.nn.softsign(t), [away([4], 0.2, 2)]],
    ["l2Loss", (t) => tf.nn.l2Loss(t), [uniform([3])]],
  ];
  for (const [label, f, xs] of cases) checkGrad2(label, f, xs);
});
