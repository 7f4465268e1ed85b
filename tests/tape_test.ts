// GradientTape behaviour: higher orders, persistence, watching, unconnected sources, the shapes of
// sources and targets, jacobian, stopRecording / reset / stop / dispose, the functional API, and
// what a tape holds in memory.
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import { assertClose, assertThrows } from "./helpers.ts";

const f64 = (v: number | number[] | number[][]): tf.Tensor => tf.constant(v, "float64");
const list = (t: tf.Tensor | null | undefined): unknown => {
  assert.ok(t !== null && t !== undefined, "expected a gradient, got none");
  return t.tolist();
};

Deno.test("second order: d²/dx² x³ = 6x through nested tapes", () => {
  const x = f64([1, -2, 0.5]);
  const outer = new tf.GradientTape();
  outer.watch(x);
  const inner = new tf.GradientTape();
  inner.watch(x);
  const y = x.mul(x).mul(x);
  const dy = inner.gradient(y, x);
  assert.deepEqual(list(dy), [3, 12, 0.75]); // 3x²
  const d2y = outer.gradient(dy as tf.Tensor, x);
  assert.deepEqual(list(d2y), [6, -12, 3]); // 6x
});

Deno.test("second order through pow and unary ops", () => {
  const x = f64([0.3, 1.2]);
  const outer = new tf.GradientTape();
  outer.watch(x);
  const inner = new tf.GradientTape();
  inner.watch(x);
  const dy = inner.gradient(tf.sin(x).add(x.pow(3)), x) as tf.Tensor;
  const d2 = outer.gradient(dy, x);
  const xs = [0.3, 1.2];
  assertClose(d2?.dataSync() as Float64Array, xs.map((v) => -Math.sin(v) + 6 * v), 1e-12);
});

Deno.test("second order through a dtype change (the tape's cast of a gradient is recorded)", () => {
  // x is float32; the computation runs in float64, so the first gradient is cast back to float32.
  const x = tf.constant([1, 2], "float32");
  const outer = new tf.GradientTape();
  outer.watch(x);
  const inner = new tf.GradientTape();
  inner.watch(x);
  const g = inner.gradient(tf.cast(x, "float64").pow(3), x) as tf.Tensor;
  assert.equal(g.dtype, "float32");
  assert.deepEqual(g.tolist(), [3, 12]);
  const g2 = outer.gradient(g, x);
  assert.equal(g2?.dtype, "float32");
  assert.deepEqual(list(g2), [6, 12]);
  // Mixed dtypes in a binary op: the float32 operand's gradient is cast, and still connected.
  const y = tf.constant([0.5, 3], "float64");
  const o2 = new tf.GradientTape();
  o2.watch(x);
  const i2 = new tf.GradientTape();
  i2.watch(x);
  const h = i2.gradient(tf.mul(x.square(), y), x) as tf.Tensor; // 2xy
  assert.deepEqual(list(o2.gradient(h, x)), [1, 6]); // 2y
});

Deno.test("third order: d³/dx³ x³ = 6", () => {
  const x = f64([2, -1]);
  const t1 = new tf.GradientTape();
  const t2 = new tf.GradientTape();
  const t3 = new tf.GradientTape();
  for (const t of [t1, t2, t3]) t.watch(x);
  const y = x.pow(3);
  const g1 = t3.gradient(y, x) as tf.Tensor;
  const g2 = t2.gradient(g1, x) as tf.Tensor;
  const g3 = t1.gradient(g2, x);
  assert.deepEqual(list(g1), [12, 3]);
  assert.deepEqual(list(g2), [12, -6]);
  assert.deepEqual(list(g3), [6, 6]);
});

Deno.test("persistent tape: several gradient() calls; a non-persistent one only once", () => {
  const x = f64(3);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = x.mul(x);
  const z = y.mul(y); // x⁴
  assert.equal(tape.gradient(y, x)?.item(), 6);
  assert.equal(tape.gradient(z, x)?.item(), 108);
  assert.equal(tape.gradient(z, y)?.item(), 18);
  // It keeps recording between calls.
  const w = x.mul(5);
  assert.equal(tape.gradient(w, x)?.item(), 5);
  tape.release();

  const once = new tf.GradientTape();
  once.watch(x);
  const v = x.mul(x);
  assert.equal(once.gradient(v, x)?.item(), 6);
  assertThrows(
    () => once.gradient(v, x),
    tf.FailedPreconditionError,
    "non-persistent",
    "only compute gradients once",
    "persistent: true",
  );
  assertThrows(() => once.jacobian(v, x), tf.FailedPreconditionError, "once");
  // The first gradient() ended the recording.
  assert.equal(once.persistent, false);
});

Deno.test("watch: tensors and variables; accessed trainable variables are watched", () => {
  const x = f64([1, 2]);
  let tape = new tf.GradientTape();
  const unwatched = x.mul(x);
  assert.equal(tape.gradient(unwatched, x), null, "an unwatched tensor is a constant");

  tape = new tf.GradientTape();
  tape.watch([x]);
  assert.deepEqual(list(tape.gradient(x.mul(x), x)), [2, 4]);

  const v = new tf.Variable([1, 2], { dtype: "float64" });
  tape = new tf.GradientTape();
  assert.deepEqual(list(tape.gradient(v.mul(v), v)), [2, 4]);

  // watchAccessedVariables: false: only explicitly watched variables count.
  const other = new tf.Variable(3, { dtype: "float64" });
  tape = new tf.GradientTape({ watchAccessedVariables: false, persistent: true });
  tape.watch(v);
  const y = v.mul(other).sum();
  assert.equal(tape.watchAccessedVariables, false);
  assert.deepEqual(list(tape.gradient(y, v)), [3, 3]);
  assert.equal(tape.gradient(y, other), null);
  tape.release();

  // trainable: false variables are not watched when read, but can be watched explicitly.
  const frozen = new tf.Variable([4, 5], { dtype: "float64", trainable: false });
  tape = new tf.GradientTape({ persistent: true });
  const z = frozen.mul(v).sum();
  assert.equal(tape.gradient(z, frozen), null);
  assert.deepEqual(list(tape.gradient(z, v)), [4, 5]);
  tape.release();
  tape = new tf.GradientTape();
  tape.watch(frozen);
  assert.deepEqual(list(tape.gradient(frozen.mul(v).sum(), frozen)), [1, 2]);

  // watch() rejects what is not a tensor or variable.
  tape = new tf.GradientTape();
  assertThrows(
    () => tape.watch(3 as unknown as tf.Tensor),
    tf.InvalidArgumentError,
    "expected a tensor or Variable",
  );
  tape.release();
});

Deno.test("a variable read through value() is connected to the variable", () => {
  const v = new tf.Variable([1, 2], { dtype: "float64" });
  const tape = new tf.GradientTape();
  const y = v.value().mul(3);
  assert.deepEqual(list(tape.gradient(y, v)), [3, 3]);
});

Deno.test("stopGradient blocks the gradient", () => {
  const x = f64([1, 2]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = x.mul(tf.stopGradient(x)); // d/dx = stop(x) = x, not 2x
  assert.deepEqual(list(tape.gradient(y, x)), [1, 2]);
  assert.equal(tape.gradient(tf.stopGradient(x.mul(x)), x), null);
  tape.release();
});

Deno.test("unconnected sources give null, or zeros with unconnectedGradients 'zero'", () => {
  const x = f64([1, 2]);
  const u = tf.constant([[1, 2, 3]], "float32");
  const v = new tf.Variable(7, { dtype: "float64" });
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch([x, u]);
  const y = x.mul(2);
  assert.deepEqual(tape.gradient(y, [x, u, v]).map((g) => g?.tolist() ?? null), [
    [2, 2],
    null,
    null,
  ]);
  const [gx, gu, gv] = tape.gradient(y, [x, u, v], { unconnectedGradients: "zero" });
  assert.deepEqual(list(gx), [2, 2]);
  assert.deepEqual(list(gu), [[0, 0, 0]]);
  assert.equal(gu?.dtype, "float32");
  assert.equal(gv?.item(), 0);
  assert.equal(gv?.dtype, "float64");
  assert.equal(tape.gradient(y, u, { unconnectedGradients: "none" }), null);
  // A tensor that fed a recorded op but was never watched is not a source (TensorFlow: None).
  const c = f64([3, 4]);
  const yc = x.mul(c);
  assert.equal(tape.gradient(yc, c), null);
  assert.deepEqual(list(tape.gradient(yc, c, { unconnectedGradients: "zero" })), [0, 0]);
  // An intermediate recorded output is a valid source.
  const z = yc.square();
  assert.deepEqual(list(tape.gradient(z, yc)), [6, 16]);
  assertThrows(
    () => tape.gradient(y, x, { unconnectedGradients: "zeros" as "zero" }),
    tf.InvalidArgumentError,
    "unconnectedGradients",
  );
  tape.release();
});

Deno.test("sources as one item, an array or a record give the same structure back", () => {
  const a = new tf.Variable(2, { dtype: "float64" });
  const b = new tf.Variable(3, { dtype: "float64" });
  const c = f64(5);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(c);
  const y = a.mul(b).mul(c); // abc
  const one = tape.gradient(y, a);
  assert.ok(one instanceof tf.Tensor);
  assert.equal(one.item(), 15);
  const arr = tape.gradient(y, [c, a, b]);
  assert.ok(Array.isArray(arr));
  assert.deepEqual(arr.map((g) => g?.item()), [6, 15, 10]);
  const rec = tape.gradient(y, { first: b, second: c, third: a });
  assert.deepEqual(Object.keys(rec), ["first", "second", "third"]);
  assert.deepEqual(
    [rec.first?.item(), rec.second?.item(), rec.third?.item()],
    [10, 6, 15],
  );
  assert.deepEqual(tape.gradient(y, []), []);
  // The same source twice gets its gradient twice.
  assert.deepEqual(tape.gradient(y, [a, a]).map((g) => g?.item()), [15, 15]);
  tape.release();
});

Deno.test("outputGradients weights the target; a wrong shape is an error", () => {
  const x = f64([1, 2, 3]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = x.mul(x);
  assert.deepEqual(list(tape.gradient(y, x, { outputGradients: f64([1, 0, -2]) })), [2, 0, -12]);
  assert.deepEqual(list(tape.gradient(y, x, { outputGradients: [0.5, 0.5, 0.5] })), [1, 2, 3]);
  assertThrows(
    () => tape.gradient(y, x, { outputGradients: f64([1, 2]) }),
    tf.InvalidArgumentError,
    "outputGradients shape (2,)",
    "(3,)",
  );
  tape.release();
});

Deno.test("a target given as an array is summed", () => {
  const x = f64([1, 2]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y1 = x.mul(x); // 2x
  const y2 = x.mul(3).sum(); // 3
  assert.deepEqual(list(tape.gradient([y1, y2], x)), [5, 7]);
  assert.deepEqual(list(tape.gradient([y1, y1], x)), [4, 8]);
  tape.release();
});

Deno.test("jacobian against a hand-computed matrix", () => {
  const x = f64([2, 3]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const [x0, x1] = tf.unstack(x);
  const y = tf.stack([x0.mul(x1), x0.square(), tf.sin(x1)]); // (3,)
  const j = tape.jacobian(y, x);
  assert.deepEqual(j.shape, [3, 2]);
  assertClose(j.dataSync() as Float64Array, [3, 2, 4, 0, 0, Math.cos(3)], 1e-15);
  // A matrix target and matrix source: shape target.shape + source.shape.
  const w = f64([[1, 2], [3, 4]]);
  tape.watch(w);
  const m = tf.matmul(w, w); // dm_ij/dw_kl = δ_ik w_lj + w_ik δ_jl
  const jm = tape.jacobian(m, w);
  assert.deepEqual(jm.shape, [2, 2, 2, 2]);
  const W = [[1, 2], [3, 4]];
  const expected: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (let jj = 0; jj < 2; jj++) {
      for (let k = 0; k < 2; k++) {
        for (let l = 0; l < 2; l++) {
          expected.push((i === k ? W[l][jj] : 0) + (jj === l ? W[i][k] : 0));
        }
      }
    }
  }
  assert.deepEqual(Array.from(jm.dataSync() as Float64Array), expected);
  // Of a variable, and an unconnected source gives zeros.
  const v = new tf.Variable([1, 2, 3], { dtype: "float64" });
  const sq = v.square();
  assert.deepEqual(tape.jacobian(sq, v).tolist(), [[2, 0, 0], [0, 4, 0], [0, 0, 6]]);
  assert.deepEqual(tape.jacobian(sq, x).tolist(), [[0, 0], [0, 0], [0, 0]]);
  tape.release();
});

Deno.test("stopRecording, reset and stop", () => {
  const x = f64(2);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const hidden = tape.stopRecording(() => x.mul(3));
  assert.equal(tape.gradient(hidden, x), null);
  const after = x.mul(4); // recording resumed
  assert.equal(tape.gradient(after, x)?.item(), 4);
  const mixed = hidden.add(after); // hidden is a constant to the tape
  assert.equal(tape.gradient(mixed, x)?.item(), 4);
  // stopRecording returns fn's value and resumes even when fn throws.
  assert.throws(() => tape.stopRecording(() => tf.reshape(x, [7])), tf.InvalidArgumentError);
  assert.equal(tape.gradient(x.mul(6), x)?.item(), 6);

  // reset forgets what was recorded and what was watched, and keeps recording.
  const before = x.mul(x);
  tape.reset();
  assert.equal(tape.gradient(before, x), null);
  assert.equal(tape.gradient(x.mul(x), x), null, "x is no longer watched");
  tape.watch(x);
  assert.equal(tape.gradient(x.mul(x), x)?.item(), 4);

  // stop ends the recording; gradient() still works on what was recorded.
  const kept = x.mul(7);
  tape.stop();
  const late = x.mul(9);
  assert.equal(tape.gradient(kept, x)?.item(), 7);
  assert.equal(tape.gradient(late, x), null);
  // stopRecording on a stopped tape does not restart it.
  tape.stopRecording(() => 0);
  assert.equal(tape.gradient(x.mul(2), x), null);
  tape.release();
});

Deno.test("`using tape` stops it and keeps the record; a released tape's gradient() is a clear error", () => {
  const x = f64(2);
  let escaped: tf.GradientTape | null = null;
  let y: tf.Tensor | null = null;
  {
    using tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    y = x.mul(x);
    assert.equal(tape.gradient(y, x)?.item(), 4);
    escaped = tape;
  }
  const t = escaped as tf.GradientTape;
  // The end of the block stopped recording (like leaving TF's `with`) and kept the record.
  const after = x.mul(3);
  assert.equal(t.gradient(after, x), null);
  assert.equal(t.gradient(y as tf.Tensor, x)?.item(), 4);
  t.release();
  assertThrows(() => t.gradient(y as tf.Tensor, x), tf.FailedPreconditionError, "released");
  assertThrows(() => t.jacobian(y as tf.Tensor, x), tf.FailedPreconditionError, "released");
  assertThrows(() => t.watch(x), tf.FailedPreconditionError, "released");
  // A stopped tape records nothing more: a new tape sees only what it watches.
  const z = x.mul(3);
  const fresh = new tf.GradientTape();
  assert.equal(fresh.gradient(z, x), null);
});

Deno.test("tf.grad and tf.valueAndGrad", () => {
  const df = tf.grad((x) => x.pow(3));
  assert.deepEqual(df(f64([2, -1])).tolist(), [12, 3]);
  assert.deepEqual(df(f64([2, -1]), f64([0.5, 2])).tolist(), [6, 6]);
  // Nested: the second derivative.
  const d2f = tf.grad((x) => tf.grad((y) => y.pow(3))(x));
  assert.deepEqual(d2f(f64([2, -1])).tolist(), [12, -6]);
  const { value, grad } = tf.valueAndGrad((x) => x.mul(x).sum())(f64([1, 2]));
  assert.equal(value.item(), 5);
  assert.deepEqual(grad.tolist(), [2, 4]);
  // A function that ignores its input has a zero gradient of the input's shape.
  assert.deepEqual(tf.grad(() => f64(1))(f64([1, 2])).tolist(), [0, 0]);
  // An error inside f propagates and leaves no tape recording.
  assert.throws(
    () =>
      tf.grad(() => {
        throw new Error("boom");
      })(f64(1)),
    /boom/,
  );
  const x = f64(1);
  const y = x.mul(2);
  assert.equal(new tf.GradientTape().gradient(y, x), null);
  assertThrows(
    () => tf.valueAndGrad(3 as unknown as (x: tf.Tensor) => tf.Tensor),
    tf.InvalidArgumentError,
    "expected a function",
  );
});

Deno.test("tf.customGradient, also to second order", () => {
  // The value is x³ but the gradient is declared as 3x² (differentiable: second order is 6x).
  const cube = tf.customGradient((x: tf.Tensor) => ({
    value: x.mul(x).mul(x),
    gradFunc: (dy: tf.Tensor) => dy.mul(x.square().mul(3)),
  }));
  const x = f64([1, 2]);
  assert.deepEqual(tf.grad((t) => cube(t))(x).tolist(), [3, 12]);
  const outer = new tf.GradientTape();
  outer.watch(x);
  const inner = new tf.GradientTape();
  inner.watch(x);
  const g = inner.gradient(cube(x), x) as tf.Tensor;
  assert.deepEqual(g.tolist(), [3, 12]);
  assert.deepEqual(list(outer.gradient(g, x)), [6, 12]);

  // A custom gradient that differs from the true one is used as declared.
  const clipped = tf.customGradient((t: tf.Tensor) => ({
    value: t.square(),
    gradFunc: (dy: tf.Tensor) => tf.clipByValue(dy.mul(t).mul(2), -1, 1),
  }));
  assert.deepEqual(tf.grad((t) => clipped(t))(f64([3, 0.25])).tolist(), [1, 0.5]);

  // Several inputs, one of them without a gradient (null).
  const scaled = tf.customGradient((a: tf.Tensor, b: tf.Tensor) => ({
    value: a.mul(b),
    gradFunc: (dy: tf.Tensor) => [dy.mul(10), null],
  }));
  const a = f64(2), b = f64(3);
  const tape = new tf.GradientTape();
  tape.watch([a, b]);
  const [ga, gb] = tape.gradient(scaled(a, b), [a, b]);
  assert.equal(ga?.item(), 10);
  assert.equal(gb, null);
  // The ops inside f are not recorded: only gradFunc defines the gradient.
  const raw = new tf.GradientTape();
  raw.watch(a);
  const fixed = tf.customGradient((t: tf.Tensor) => ({
    value: t.mul(100),
    gradFunc: (dy: tf.Tensor) => dy.mul(0),
  }));
  assert.equal(raw.gradient(fixed(a), a)?.item(), 0);
  // f may return its input unchanged: the declared gradient counts once, the input is untouched.
  const twice = tf.customGradient((t: tf.Tensor) => ({
    value: t,
    gradFunc: (dy: tf.Tensor) => dy.mul(2),
  }));
  const c = f64([1, 2]);
  assert.deepEqual(tf.grad((t) => twice(t))(c).tolist(), [2, 2]);
  assert.deepEqual(tf.grad((t) => twice(t).mul(t))(c).tolist(), [3, 6]); // 2t + t
  assertThrows(
    () => tf.customGradient((() => ({ value: null })) as never)(1),
    tf.InvalidArgumentError,
    "gradFunc",
  );
});

Deno.test("with no tape active, ops record nothing: a later tape cannot see them", () => {
  const x = f64([1, 2]);
  const y = x.mul(x);
  const tape = new tf.GradientTape();
  tape.watch(x);
  assert.equal(tape.gradient(y, x), null);
  // And a tape sees nothing of ops run before it watched the tensor.
  const t2 = new tf.GradientTape();
  const z = x.mul(x);
  t2.watch(x);
  assert.equal(t2.gradient(z, x), null);
});

Deno.test("memory: a non-persistent gradient() inside tidy leaves nothing behind", () => {
  const x = f64([1, 2, 3]);
  const v = new tf.Variable([0.5, -1, 2], { dtype: "float64" });
  const base = tf.memory().numTensors;
  const baseBytes = tf.memory().numBytes;
  for (let step = 0; step < 3; step++) {
    tf.tidy(() => {
      using tape = new tf.GradientTape();
      const loss = tf.reduceMean(tf.exp(x.mul(v)).sub(tf.sin(v)).square());
      const [g] = tape.gradient(loss, [v]);
      v.assignSub((g as tf.Tensor).mul(0.1));
    });
    assert.equal(tf.memory().numTensors, base, `step ${step}: tensors left behind`);
    assert.equal(tf.memory().numBytes, baseBytes, `step ${step}: bytes left behind`);
  }
  // Without `using`, a non-persistent tape lets go at gradient().
  tf.tidy(() => {
    const tape = new tf.GradientTape();
    tape.watch(x);
    tape.gradient(tf.tanh(x).mul(x).sum(), x);
  });
  assert.equal(tf.memory().numTensors, base);
});

Deno.test("memory: gradient() inside tidy frees its intermediates; the tape holds only what it needs", () => {
  const x = f64([1, 2, 3]);
  const base = tf.memory().numTensors;
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  // add, sub, neg and reshape need nothing saved for their gradient.
  const y = tf.tidy(() => tf.reshape(x.add(1).sub(x).neg().add(x), [3, 1]));
  assert.equal(tf.memory().numTensors, base + 1, "the tape holds tensors it does not need");
  // exp's gradient needs its output: one holder per exp, kept alive past tidy.
  const z = tf.tidy(() => tf.exp(tf.exp(x)).sum());
  assert.equal(tf.memory().numTensors, base + 1 + 1 + 2);
  // The gradient works on what the tape held after tidy freed the intermediates.
  const e = Math.exp;
  const gz = tape.gradient(z, x) as tf.Tensor;
  assertClose(gz.dataSync() as Float64Array, [1, 2, 3].map((t) => e(e(t)) * e(t)), 1e-14);
  gz.dispose();
  // gradient() inside tidy: everything but the returned gradient is freed.
  const count = tf.memory().numTensors;
  const g = tf.tidy(() => tape.gradient(y, x));
  assert.deepEqual(g?.tolist(), [1, 1, 1]);
  assert.equal(tf.memory().numTensors, count + 1);
  g?.dispose();
  // Releasing the tape lets go of what it held.
  tape.release();
  y.dispose();
  z.dispose();
  assert.equal(tf.memory().numTensors, base);
});

Deno.test("a tape that never computes a gradient is released by release() (or dispose()) only", () => {
  const x = f64([1, 2]);
  const base = tf.memory().numTensors;
  const tape = new tf.GradientTape();
  tape.watch(x);
  const y = tf.tidy(() => tf.exp(x));
  assert.equal(tf.memory().numTensors, base + 2); // y and the tape's holder of y
  tape.stop();
  assert.equal(tf.memory().numTensors, base + 2); // stop() keeps the record for gradient()
  tape[Symbol.dispose]();
  assert.equal(tf.memory().numTensors, base + 2); // so does the end of a `using` block
  tape.release();
  assert.equal(tf.memory().numTensors, base + 1);
  tape.release(); // twice is fine
  tape.dispose();
  y.dispose();
  assert.equal(tf.memory().numTensors, base);
});
