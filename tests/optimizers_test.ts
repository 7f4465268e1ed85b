// Optimizers (SGD, Adam, AdamW, RMSprop, Adagrad) against Keras 3's update formulas computed here
// in float64; learning-rate schedules; gradient clipping; minimize; option checks.
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import { assertClose, assertEquals, assertThrows } from "./helpers.ts";

const opts = tf.keras.optimizers;
const f = Math.fround;

// Three steps of fixed gradients on a small float32 variable.
const W0 = [1, -2, 0.5];
const GRADS = [[0.1, -0.2, 0.3], [0.5, 0.1, -0.4], [-0.3, 0.2, 0.05]];
// What the float32 tensors hold.
const W0_32 = W0.map(f);
const GRADS_32 = GRADS.map((g) => g.map(f));

/** The learning rate at a step: a number, or a function of `iterations` before the update. */
type Rate = number | ((iterations: number) => number);
const rateAt = (lr: Rate, it: number): number => (typeof lr === "number" ? lr : lr(it));

function run(opt: tf.optimizers.Optimizer, dtype: tf.DType = "float32"): number[] {
  const w = new tf.Variable(W0, { dtype });
  for (const g of GRADS) {
    const gt = tf.constant(g);
    opt.applyGradients([[gt, w]]);
    gt.dispose();
  }
  const out = Array.from(w.dataSync() as Float32Array);
  w.dispose();
  return out;
}

// ---- Reference formulas (Keras 3, keras/src/optimizers/*.py), in float64 ----

function sgdRef(lr: Rate, momentum = 0, nesterov = false): number[] {
  const w = W0_32.slice();
  const m = w.map(() => 0);
  GRADS_32.forEach((g, it) => {
    const a = rateAt(lr, it);
    for (let i = 0; i < w.length; i++) {
      if (momentum === 0) {
        w[i] -= g[i] * a;
        continue;
      }
      m[i] = -g[i] * a + m[i] * momentum;
      w[i] += nesterov ? -g[i] * a + m[i] * momentum : m[i];
    }
  });
  return w;
}

interface AdamRef {
  lr?: Rate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
  weightDecay?: number;
}

function adamRef(o: AdamRef = {}): { w: number[]; m: number[]; v: number[]; vhat: number[] } {
  const { lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false } = o;
  const wd = o.weightDecay ?? 0;
  const w = W0_32.slice();
  const m = w.map(() => 0), v = w.map(() => 0), vhat = w.map(() => 0);
  GRADS_32.forEach((g, it) => {
    const a = rateAt(lr, it);
    const t = it + 1;
    const alpha = a * Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t);
    for (let i = 0; i < w.length; i++) {
      w[i] -= w[i] * wd * a; // AdamW's decoupled decay comes first
      m[i] += (g[i] - m[i]) * (1 - beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
      vhat[i] = Math.max(vhat[i], v[i]);
      w[i] -= m[i] * alpha / (Math.sqrt(amsgrad ? vhat[i] : v[i]) + epsilon);
    }
  });
  return { w, m, v, vhat };
}

function rmspropRef(
  o: { lr?: number; rho?: number; momentum?: number; epsilon?: number; centered?: boolean } = {},
): number[] {
  const { lr = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = o;
  const w = W0_32.slice();
  const vel = w.map(() => 0), avg = w.map(() => 0), mom = w.map(() => 0);
  for (const g of GRADS_32) {
    for (let i = 0; i < w.length; i++) {
      vel[i] = rho * vel[i] + (1 - rho) * g[i] * g[i];
      let denominator = vel[i] + epsilon;
      if (centered) {
        avg[i] = rho * avg[i] + (1 - rho) * g[i];
        denominator = vel[i] - avg[i] * avg[i] + epsilon;
      }
      const increment = lr * g[i] / Math.sqrt(denominator);
      if (momentum > 0) {
        mom[i] = momentum * mom[i] + increment;
        w[i] -= mom[i];
      } else {
        w[i] -= increment;
      }
    }
  }
  return w;
}

function adagradRef(o: { lr?: number; init?: number; epsilon?: number } = {}): number[] {
  const { lr = 0.001, init = 0.1, epsilon = 1e-7 } = o;
  const w = W0_32.slice();
  const acc = w.map(() => init);
  for (const g of GRADS_32) {
    for (let i = 0; i < w.length; i++) {
      acc[i] += g[i] * g[i];
      w[i] -= lr * g[i] / Math.sqrt(acc[i] + epsilon);
    }
  }
  return w;
}

const RTOL = 1e-5;

// ---- The update rules ----

Deno.test("SGD: plain, momentum and Nesterov match Keras's formulas over 3 steps", () => {
  assertClose(run(new opts.SGD({ learningRate: 0.1 })), sgdRef(0.1), RTOL);
  assertClose(run(new opts.SGD()), sgdRef(0.01), RTOL);
  assertClose(run(new opts.SGD({ learningRate: 0.1, momentum: 0.9 })), sgdRef(0.1, 0.9), RTOL);
  assertClose(
    run(new opts.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })),
    sgdRef(0.1, 0.9, true),
    RTOL,
  );
  const sgd = new opts.SGD();
  assertEquals([sgd.learningRate, sgd.momentum, sgd.nesterov], [0.01, 0, false]);
});

Deno.test("Adam: defaults, custom betas and AMSGrad match Keras's formulas over 3 steps", () => {
  const adam = new opts.Adam();
  assertEquals(
    [adam.learningRate, adam.beta1, adam.beta2, adam.epsilon, adam.amsgrad],
    [0.001, 0.9, 0.999, 1e-7, false],
  );
  assertClose(run(adam), adamRef().w, RTOL);
  assertClose(run(new opts.Adam({ learningRate: 0.1 })), adamRef({ lr: 0.1 }).w, RTOL);
  const custom = { learningRate: 0.05, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 };
  assertClose(
    run(new opts.Adam(custom)),
    adamRef({ lr: 0.05, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 }).w,
    RTOL,
  );
  // AMSGrad differs from Adam on these gradients (v shrinks on the third step for element 0).
  const ams = adamRef({ lr: 0.1, beta2: 0.5, amsgrad: true }).w;
  assert.notDeepEqual(ams, adamRef({ lr: 0.1, beta2: 0.5 }).w);
  assertClose(run(new opts.Adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true })), ams, RTOL);
});

Deno.test("Adam keeps its moments in slots named as Keras names them", () => {
  const w = new tf.Variable(W0, { name: "kernel" });
  const adam = new opts.Adam({ learningRate: 0.1, amsgrad: true, beta2: 0.5 });
  for (const g of GRADS) adam.applyGradients([[tf.constant(g), w]]);
  const slots = adam.slots().get(w)!;
  assertEquals([...slots.keys()].sort(), ["momentum", "velocity", "velocity_hat"]);
  const ref = adamRef({ lr: 0.1, amsgrad: true, beta2: 0.5 });
  assertClose(slots.get("momentum")!.dataSync() as Float32Array, ref.m, RTOL);
  assertClose(slots.get("velocity")!.dataSync() as Float32Array, ref.v, RTOL);
  assertClose(slots.get("velocity_hat")!.dataSync() as Float32Array, ref.vhat, RTOL);
  assertEquals(slots.get("momentum")!.name, "kernel/momentum:0");
  assertEquals(slots.get("momentum")!.trainable, false);
});

Deno.test("Adam on a float64 variable matches the float64 reference closely", () => {
  assertClose(run(new opts.Adam({ learningRate: 0.1 }), "float64"), adamRef({ lr: 0.1 }).w, 1e-6);
});

Deno.test("AdamW: decoupled decay w -= w * weightDecay * lr before Adam's update", () => {
  const adamw = new opts.AdamW();
  assertEquals([adamw.learningRate, adamw.weightDecay, adamw.beta1], [0.001, 0.004, 0.9]);
  assertClose(run(adamw), adamRef({ weightDecay: 0.004 }).w, RTOL);
  assertClose(
    run(new opts.AdamW({ learningRate: 0.1, weightDecay: 0.5, amsgrad: true, beta2: 0.5 })),
    adamRef({ lr: 0.1, weightDecay: 0.5, amsgrad: true, beta2: 0.5 }).w,
    RTOL,
  );
  assert.ok(new opts.AdamW() instanceof opts.Adam);
  // Adam itself has no weight decay unless asked (Keras 3: weight_decay=None).
  assertEquals(new opts.Adam().weightDecay, 0);
});

Deno.test("RMSprop: plain, momentum and centered match Keras's formulas over 3 steps", () => {
  const r = new opts.RMSprop();
  assertEquals(
    [r.learningRate, r.rho, r.momentum, r.epsilon, r.centered],
    [0.001, 0.9, 0, 1e-7, false],
  );
  assertClose(run(r), rmspropRef(), RTOL);
  assertClose(run(new opts.RMSprop({ learningRate: 0.01 })), rmspropRef({ lr: 0.01 }), RTOL);
  assertClose(
    run(new opts.RMSprop({ learningRate: 0.01, momentum: 0.9 })),
    rmspropRef({ lr: 0.01, momentum: 0.9 }),
    RTOL,
  );
  assertClose(
    run(new opts.RMSprop({ learningRate: 0.01, centered: true, rho: 0.8 })),
    rmspropRef({ lr: 0.01, centered: true, rho: 0.8 }),
    RTOL,
  );
  assertClose(
    run(new opts.RMSprop({ learningRate: 0.01, centered: true, momentum: 0.5, epsilon: 1e-4 })),
    rmspropRef({ lr: 0.01, centered: true, momentum: 0.5, epsilon: 1e-4 }),
    RTOL,
  );
});

Deno.test("RMSprop reproduces Keras's docstring example (9.683772)", () => {
  const w = new tf.Variable(10.0);
  new opts.RMSprop({ learningRate: 0.1 }).minimize(() => w.square().div(2), [w]);
  assertClose([w.item() as number], [9.683772], 1e-6);
});

Deno.test("Adagrad: accumulators start at initialAccumulatorValue; Keras's formula", () => {
  const a = new opts.Adagrad();
  assertEquals([a.learningRate, a.initialAccumulatorValue, a.epsilon], [0.001, 0.1, 1e-7]);
  assertClose(run(a), adagradRef(), RTOL);
  assertClose(
    run(new opts.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.5, epsilon: 1e-3 })),
    adagradRef({ lr: 0.1, init: 0.5, epsilon: 1e-3 }),
    RTOL,
  );
  assertClose(
    run(new opts.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0 })),
    adagradRef({ lr: 0.1, init: 0 }),
    RTOL,
  );
});

Deno.test("slots start clean even when the variable holds Inf or NaN", () => {
  const w = new tf.Variable([Infinity, NaN, 1]);
  const opt = new opts.Adagrad({ learningRate: 0.1 });
  opt.applyGradients([[tf.constant([1, 1, 1]), w]]);
  assertClose(opt.slots().get(w)!.get("accumulator")!.dataSync() as Float32Array, [1.1, 1.1, 1.1]);
  const adam = new opts.Adam();
  adam.applyGradients([[tf.constant([1, 1, 1]), w]]);
  assertClose(adam.slots().get(w)!.get("momentum")!.dataSync() as Float32Array, [0.1, 0.1, 0.1]);
});

Deno.test("weightDecay works for every optimizer, as in Keras 3's base optimizer", () => {
  const w = new tf.Variable([2.0]);
  new opts.SGD({ learningRate: 0.1, weightDecay: 0.5 }).applyGradients([[tf.constant([1]), w]]);
  // w = 2 - 2 * 0.5 * 0.1 = 1.9, then 1.9 - 0.1 * 1.
  assertClose(w.dataSync() as Float32Array, [1.8], 1e-6);
});

// ---- The step counter ----

Deno.test("iterations counts applied steps; steps with only null gradients do not count", () => {
  const w = new tf.Variable([1.0]);
  const opt = new opts.Adam();
  assertEquals(opt.iterations, 0);
  opt.applyGradients([[tf.constant([1]), w]]);
  opt.applyGradients([[tf.constant([1]), w]]);
  assertEquals(opt.iterations, 2);
  opt.applyGradients([[null, w]]);
  opt.applyGradients([]);
  assertEquals(opt.iterations, 2);
  opt.minimize(() => w.square().sum(), [w]).dispose();
  assertEquals(opt.iterations, 3);
  // Adam's bias correction uses the count: a restored count continues the schedule.
  const a = new opts.Adam({ learningRate: 0.1 });
  a.iterations = 5;
  assertEquals(a.iterations, 5);
});

// ---- Learning-rate schedules ----

Deno.test("ExponentialDecay: initial * rate^(step / decaySteps), floored with staircase", () => {
  const o = { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 };
  const smooth = new opts.schedules.ExponentialDecay(o);
  const stairs = new opts.schedules.ExponentialDecay({ ...o, staircase: true });
  for (const step of [0, 1, 5, 9, 10, 11, 25, 100]) {
    assertClose([smooth.call(step)], [0.1 * 0.5 ** (step / 10)], 1e-12);
    assertClose([stairs.call(step)], [0.1 * 0.5 ** Math.floor(step / 10)], 1e-12);
  }
  assertEquals(stairs.call(9), 0.1);
  assertEquals(stairs.call(10), 0.05);
});

Deno.test("PiecewiseConstantDecay: values[i] up to and including boundaries[i]", () => {
  const s = new opts.schedules.PiecewiseConstantDecay({
    boundaries: [2, 5],
    values: [1, 0.5, 0.1],
  });
  assertEquals([0, 1, 2, 3, 4, 5, 6, 100].map((t) => s.call(t)), [
    1,
    1,
    1,
    0.5,
    0.5,
    0.5,
    0.1,
    0.1,
  ]);
});

Deno.test("CosineDecay: cosine from the initial rate to alpha * initial, then flat", () => {
  const decay = (t: number, alpha: number): number => {
    const p = Math.min(t, 10) / 10;
    return 2 * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * p)) + alpha);
  };
  for (const alpha of [0, 0.1]) {
    const s = new opts.schedules.CosineDecay({ initialLearningRate: 2, decaySteps: 10, alpha });
    for (const t of [0, 1, 3, 5, 7, 10, 11, 50]) assertClose([s.call(t)], [decay(t, alpha)], 1e-12);
    assertEquals(s.call(0), 2);
    assertClose([s.call(10), s.call(20)], [2 * alpha, 2 * alpha], 0, 1e-15);
  }
});

Deno.test("a schedule as learningRate: each step uses the rate at iterations before it", () => {
  const schedule = new opts.schedules.ExponentialDecay({
    initialLearningRate: 0.1,
    decaySteps: 1,
    decayRate: 0.5,
  });
  const rate = (it: number): number => 0.1 * 0.5 ** it;
  const sgd = new opts.SGD({ learningRate: schedule });
  assertEquals(sgd.currentLearningRate(), 0.1);
  assertClose(run(sgd), sgdRef(rate), RTOL);
  assertEquals(sgd.currentLearningRate(), 0.1 * 0.5 ** 3);

  const steps = new opts.schedules.PiecewiseConstantDecay({
    boundaries: [0, 1],
    values: [1, 0.5, 0.2],
  });
  assertClose(
    run(new opts.SGD({ learningRate: steps, momentum: 0.9 })),
    sgdRef((it) => [1, 0.5, 0.2][it], 0.9),
    RTOL,
  );

  const cosine = new opts.schedules.CosineDecay({
    initialLearningRate: 0.1,
    decaySteps: 4,
    alpha: 0.2,
  });
  assertClose(
    run(new opts.Adam({ learningRate: cosine })),
    adamRef({ lr: (it) => cosine.call(it) }).w,
    RTOL,
  );
  assertClose(
    run(new opts.AdamW({ learningRate: cosine, weightDecay: 0.1 })),
    adamRef({ lr: (it) => cosine.call(it), weightDecay: 0.1 }).w,
    RTOL,
  );
});

Deno.test("schedules reject bad options", () => {
  const S = opts.schedules;
  assertThrows(
    () => new S.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }),
    tf.InvalidArgumentError,
    "decaySteps must be a positive number, got 0",
  );
  assertThrows(
    () => new S.ExponentialDecay({ initialLearningRate: NaN, decaySteps: 1, decayRate: 0.5 }),
    tf.InvalidArgumentError,
    "initialLearningRate must be a finite number, got NaN",
  );
  assertThrows(
    () => new S.PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] }),
    tf.InvalidArgumentError,
    "one more entry",
  );
  assertThrows(
    () => new S.PiecewiseConstantDecay({ boundaries: [2, 1], values: [1, 2, 3] }),
    tf.InvalidArgumentError,
    "boundaries must increase",
  );
  assertThrows(
    () => new S.CosineDecay({ initialLearningRate: 1, decaySteps: -5 }),
    tf.InvalidArgumentError,
    "CosineDecay: decaySteps must be a positive number, got -5",
  );
});

// ---- Clipping ----

Deno.test("clipnorm rescales each gradient to the norm; smaller ones pass unchanged", () => {
  const a = new tf.Variable([0, 0]), b = new tf.Variable([0, 0]);
  const sgd = new opts.SGD({ learningRate: 1, clipnorm: 1 });
  sgd.applyGradients([[tf.constant([3, 4]), a], [tf.constant([0.3, 0.4]), b]]);
  assertClose(a.dataSync() as Float32Array, [-0.6, -0.8], 1e-6);
  assertClose(b.dataSync() as Float32Array, [-0.3, -0.4], 1e-6);
});

Deno.test("clipvalue clips each element into [-clipvalue, clipvalue]", () => {
  const w = new tf.Variable([0, 0, 0]);
  new opts.SGD({ learningRate: 1, clipvalue: 0.5 }).applyGradients([
    [tf.constant([-2, 0.3, 1]), w],
  ]);
  assertClose(w.dataSync() as Float32Array, [0.5, -0.3, -0.5], 1e-6);
});

Deno.test("globalClipnorm rescales all gradients together", () => {
  const a = new tf.Variable([0]), b = new tf.Variable([0]);
  const frozen = new tf.Variable([0], { trainable: false });
  const sgd = new opts.SGD({ learningRate: 1, globalClipnorm: 1 });
  // The frozen variable's gradient is neither applied nor counted in the global norm.
  sgd.applyGradients([[tf.constant([3]), a], [tf.constant([100]), frozen], [
    tf.constant([4]),
    b,
  ]]);
  assertClose([a.item() as number, b.item() as number], [-0.6, -0.8], 1e-6);
  assertEquals(frozen.item(), 0);
});

Deno.test("clipping composes with Adam (Keras clips before the update)", () => {
  // Adam is invariant to a constant rescaling of every gradient only up to epsilon, so compare
  // with the reference run on the clipped gradients.
  const w = new tf.Variable([1.0, 1.0]);
  const adam = new opts.Adam({ learningRate: 0.1, clipvalue: 0.01, epsilon: 0.1 });
  adam.applyGradients([[tf.constant([5, -0.005]), w]]);
  const step = (g: number): number => {
    const alpha = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
    return 1 - alpha * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 0.1);
  };
  assertClose(w.dataSync() as Float32Array, [step(0.01), step(f(-0.005))], 1e-6);
});

Deno.test("tf.clipByNorm: t * clipNorm / max(||t||, clipNorm)", () => {
  assertClose(tf.clipByNorm([3, 4], 1).dataSync() as Float32Array, [0.6, 0.8], 1e-6);
  assertClose(tf.clipByNorm([0.3, 0.4], 1).dataSync() as Float32Array, [0.3, 0.4], 1e-6);
  assertEquals(tf.clipByNorm([0, 0], 1).tolist(), [0, 0]);
  // The norm is over every element of a matrix.
  assertClose(
    tf.clipByNorm([[1, 2], [2, 4]], 2.5).dataSync() as Float32Array,
    [0.5, 1, 1, 2],
    1e-6,
  );
  const t = tf.clipByNorm(tf.constant([3, 4], "float64"), 2);
  assertEquals(t.dtype, "float64");
  assertClose(t.dataSync() as Float64Array, [1.2, 1.6], 1e-15);
  assertThrows(
    () => tf.clipByNorm([1], 0),
    tf.InvalidArgumentError,
    "clipByNorm: clipNorm must be a positive number, got 0",
  );
});

Deno.test("tf.clipByGlobalNorm returns the clipped list (nulls kept) and the norm", () => {
  const [clipped, norm] = tf.clipByGlobalNorm([tf.constant([3]), null, tf.constant([[4]])], 1);
  assertEquals(clipped[1], null);
  assertClose(clipped[0]!.dataSync() as Float32Array, [0.6], 1e-6);
  assertClose(clipped[2]!.dataSync() as Float32Array, [0.8], 1e-6);
  assertEquals(clipped[2]!.shape, [1, 1]);
  assertEquals(norm.item(), 5);
  assertEquals(norm.dtype, "float32");
  // Below the threshold nothing changes.
  const [same, small] = tf.clipByGlobalNorm([tf.constant([0.3]), tf.constant([0.4])], 1);
  assertClose([same[0]!.item() as number, same[1]!.item() as number], [0.3, 0.4], 1e-6);
  assertClose([small.item() as number], [0.5], 1e-6);
  // float64 inputs give a float64 norm.
  const [, n64] = tf.clipByGlobalNorm([tf.constant([1, 1], "float64")], 10);
  assertEquals([n64.dtype, n64.item()], ["float64", Math.SQRT2]);
  // Only nulls: the norm is 0.
  const [nulls, zero] = tf.clipByGlobalNorm([null, null], 1);
  assertEquals([nulls, zero.item()], [[null, null], 0]);
  assertThrows(
    () => tf.clipByGlobalNorm([tf.constant([1])], -1),
    tf.InvalidArgumentError,
    "clipByGlobalNorm: clipNorm must be a positive number, got -1",
  );
});

Deno.test("clipByNorm and clipByGlobalNorm free their intermediates", () => {
  const a = tf.constant([3, 4]), b = tf.constant([1]);
  const before = tf.memory().numTensors;
  const c = tf.clipByNorm(a, 1);
  assertEquals(tf.memory().numTensors, before + 1);
  c.dispose();
  const [list, norm] = tf.clipByGlobalNorm([a, null, b], 1);
  assertEquals(tf.memory().numTensors, before + 3);
  for (const t of list) t?.dispose();
  norm.dispose();
  tf.clipByNorm([1, 2], 1).dispose(); // a JS array input is converted and freed too
  assertEquals(tf.memory().numTensors, before);
});

// ---- What applyGradients skips ----

Deno.test("null gradients are skipped; the others still update", () => {
  const a = new tf.Variable([1.0]), b = new tf.Variable([1.0]);
  const opt = new opts.Adam({ learningRate: 0.1 });
  opt.applyGradients([[null, a], [tf.constant([1]), b], [undefined, a]]);
  assertEquals(a.item(), 1);
  assert.ok((b.item() as number) < 1);
  assertEquals(opt.slots().has(a), false);
  assertEquals(opt.iterations, 1);
});

Deno.test("non-trainable variables are left untouched, with no slots", () => {
  const frozen = new tf.Variable([1.0, 2.0], { trainable: false });
  const live = new tf.Variable([1.0, 2.0]);
  for (
    const opt of [
      new opts.SGD({ momentum: 0.9 }),
      new opts.Adam(),
      new opts.AdamW(),
      new opts.RMSprop({ centered: true, momentum: 0.5 }),
      new opts.Adagrad(),
    ]
  ) {
    opt.applyGradients([[tf.constant([1, 1]), frozen], [tf.constant([1, 1]), live]]);
    assertEquals(frozen.tolist(), [1, 2]);
    assertEquals(opt.slots().has(frozen), false);
  }
  assert.ok((live.tolist() as number[])[0] < 1);
});

// ---- minimize and memory ----

Deno.test("minimize returns the loss, updates the variables and leaks nothing", () => {
  for (
    const make of [
      () => new opts.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }),
      () => new opts.Adam({ learningRate: 0.1, amsgrad: true }),
      () => new opts.AdamW({ learningRate: 0.1, globalClipnorm: 1 }),
      () => new opts.RMSprop({ centered: true, momentum: 0.5, clipnorm: 1 }),
      () => new opts.Adagrad({ learningRate: 0.5, clipvalue: 1 }),
    ]
  ) {
    const opt = make();
    const w = new tf.Variable([1.0, -2.0]);
    const b = new tf.Variable(0.5);
    const x = tf.constant([3, 1]);
    const lossFn = () => w.mul(x).sum().add(b).square();
    // First call creates the slots.
    const first = opt.minimize(lossFn, [w, b]);
    assertClose([first.item() as number], [(3 - 2 + 0.5) ** 2], 1e-6);
    first.dispose();
    const before = tf.memory().numTensors;
    const wBefore = w.tolist() as number[];
    const expected = tf.tidy(() => lossFn().item() as number);
    const loss = opt.minimize(lossFn, [w, b]);
    assertEquals(tf.memory().numTensors, before + 1, `${opt.constructor.name}: only the loss`);
    assertEquals(loss.item(), expected);
    assert.notDeepEqual(w.tolist(), wBefore);
    loss.dispose();
    assertEquals(tf.memory().numTensors, before, opt.constructor.name);
    for (let i = 0; i < 5; i++) opt.minimize(lossFn, [w, b]).dispose();
    assertEquals(tf.memory().numTensors, before, opt.constructor.name);
    assertEquals(opt.iterations, 7);
  }
});

Deno.test("minimize converges on a quadratic with every optimizer", () => {
  for (
    const opt of [
      new opts.SGD({ learningRate: 0.1, momentum: 0.5 }),
      new opts.Adam({ learningRate: 0.1 }),
      new opts.AdamW({ learningRate: 0.1, weightDecay: 0 }),
      new opts.RMSprop({ learningRate: 0.05 }),
      new opts.Adagrad({ learningRate: 1 }),
    ]
  ) {
    const w = new tf.Variable([3.0, -2.0]);
    const target = tf.constant([1, 1]);
    for (let i = 0; i < 300; i++) opt.minimize(() => w.sub(target).square().sum(), [w]).dispose();
    assertClose(w.dataSync() as Float32Array, [1, 1], 0, 0.05);
  }
});

Deno.test("a training step updates variables and slots in place", () => {
  const w = new tf.Variable([1.0, 2.0, 3.0]);
  const opt = new opts.Adam({ learningRate: 0.1 });
  const g = tf.constant([1, 2, 3]);
  opt.applyGradients([[g, w]]);
  const handle = w.handle;
  const m = opt.slots().get(w)!.get("momentum")!;
  const mHandle = m.handle;
  const before = tf.memory().numTensors;
  opt.applyGradients([[g, w]]);
  assert.equal(w.handle, handle);
  assert.equal(m.handle, mHandle);
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("minimize releases its tape when the loss function or the gradient throws", () => {
  const w = new tf.Variable([1.0]);
  const opt = new opts.SGD();
  const before = tf.memory().numTensors;
  assert.throws(() =>
    opt.minimize(() => {
      w.square();
      throw new Error("boom");
    }, [w]), /boom/);
  assertEquals(tf.memory().numTensors, before);
  // Assigning the variable after the tape read it makes tape.gradient throw.
  assertThrows(
    () =>
      opt.minimize(() => {
        const loss = w.square().sum();
        w.assign([2]);
        return loss;
      }, [w]),
    tf.FailedPreconditionError,
    "was assigned after the tape recorded",
  );
  assertEquals(tf.memory().numTensors, before);
  assertEquals(opt.iterations, 0);
  opt.minimize(() => w.square().sum(), [w]).dispose();
  assertEquals(opt.iterations, 1);
  assertEquals(tf.memory().numTensors, before);
});

// ---- Options ----

Deno.test("bad options give clear InvalidArgumentErrors quoting the value", () => {
  const E = tf.InvalidArgumentError;
  assertThrows(() => new opts.SGD({ learningRate: -0.1 }), E, "SGD: learningRate", "got -0.1");
  assertThrows(() => new opts.Adam({ learningRate: NaN }), E, "Adam: learningRate", "got NaN");
  assertThrows(
    () => new opts.SGD({ momentum: 1.5 }),
    E,
    "SGD: momentum must be a number in [0, 1], got 1.5",
  );
  assertThrows(() => new opts.SGD({ momentum: -0.1 }), E, "momentum", "got -0.1");
  assertThrows(() => new opts.RMSprop({ momentum: 2 }), E, "RMSprop: momentum", "got 2");
  assertThrows(() => new opts.RMSprop({ rho: -1 }), E, "RMSprop: rho", "got -1");
  assertThrows(
    () => new opts.SGD({ clipnorm: 1, clipvalue: 0.5 }),
    E,
    "at most one of clipnorm, clipvalue and globalClipnorm",
    "clipnorm=1, clipvalue=0.5",
  );
  assertThrows(
    () => new opts.Adam({ clipvalue: 1, globalClipnorm: 2 }),
    E,
    "Adam: set at most one",
    "globalClipnorm=2",
  );
  assertThrows(() => new opts.SGD({ clipnorm: 0 }), E, "clipnorm must be a positive number, got 0");
  assertThrows(() => new opts.SGD({ clipvalue: -1 }), E, "clipvalue", "got -1");
  assertThrows(() => new opts.Adam({ beta1: 1 }), E, "Adam: beta1 must be a number in [0, 1)");
  assertThrows(() => new opts.AdamW({ beta2: 1.5 }), E, "AdamW: beta2", "got 1.5");
  assertThrows(() => new opts.Adam({ epsilon: -1e-7 }), E, "Adam: epsilon", "got -1e-7");
  assertThrows(() => new opts.AdamW({ weightDecay: -0.1 }), E, "AdamW: weightDecay", "got -0.1");
  assertThrows(
    () => new opts.Adagrad({ initialAccumulatorValue: -1 }),
    E,
    "Adagrad: initialAccumulatorValue must be a non-negative number, got -1",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new opts.Adam({ amsgrad: "yes" as any }),
    E,
    "amsgrad must be a boolean",
  );
  assertThrows(
    () => new opts.SGD().applyGradients([[tf.constant(1), tf.constant(1) as never]]),
    E,
    "SGD.applyGradients: expected [gradient, Variable] pairs",
  );
  // A zero learning rate is allowed (it freezes the weights).
  const w = new tf.Variable([1.0]);
  new opts.Adam({ learningRate: 0 }).applyGradients([[tf.constant([1]), w]]);
  assertEquals(w.item(), 1);
});

Deno.test("tf.optimizers is tf.keras.optimizers", () => {
  assert.equal(tf.optimizers, tf.keras.optimizers);
  assert.equal(tf.optimizers.Adam, tf.keras.optimizers.Adam);
  for (const name of ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Optimizer", "schedules"]) {
    assert.ok(name in tf.optimizers, name);
  }
  assert.ok(new tf.optimizers.RMSprop() instanceof tf.optimizers.Optimizer);
});
