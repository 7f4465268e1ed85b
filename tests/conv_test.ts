// tf.nn.conv2d, maxPool2d and avgPool2d against NumPy loop references (tests/gen_conv_fixtures.py
// writes tests/fixtures/conv.json), their gradients against finite differences (first and second
// order), TensorFlow's tie rule of max pooling, argument errors, and the Keras layers Conv2D,
// MaxPool2D, AveragePooling2D and BatchNormalization. Every test runs on each device of
// DEVICES (the CPU; the CUDA backend with DENOTENSOR_DEVICE=cuda-emu or a GPU).
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import { assertClose, assertEquals, assertThrows, deviceTest, makeRandom } from "./helpers.ts";
import fixtures from "./fixtures/conv.json" with { type: "json" };

const { layers } = tf.keras;

interface Enc {
  s: number[];
  v: number[];
}

const decode = (e: Enc, dtype: tf.DType = "float32"): tf.Tensor => tf.constant(e.v, dtype, e.s);
const values = (t: tf.Tensor | tf.Variable): number[] => Array.from(t.dataSync(), Number);

// ---------------------------------------------------------------------------------------------
// Forward values against the NumPy references.

for (const dtype of ["float32", "float64"] as const) {
  deviceTest(`conv2d matches the NumPy reference (${dtype})`, () => {
    for (const [i, c] of fixtures.conv2d.entries()) {
      const y = tf.nn.conv2d(decode(c.x, dtype), decode(c.f, dtype), c.o as tf.nn.Conv2DOptions);
      const label = `case ${i} ${JSON.stringify(c.o)} x ${JSON.stringify(c.x.s)}`;
      assertEquals(y.dtype, dtype, label);
      assertEquals(y.shape, c.y.s, label);
      // Inputs are multiples of 1/8: every sum is exact in both dtypes.
      try {
        assertClose(values(y), c.y.v, 0, 0);
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}`);
      }
    }
  });

  for (const op of ["maxPool2d", "avgPool2d"] as const) {
    deviceTest(`${op} matches the NumPy reference (${dtype})`, () => {
      for (const [i, c] of fixtures[op].entries()) {
        const { ksize, strides, padding } = c.o as {
          ksize: number | number[];
          strides: number | number[];
          padding: "SAME" | "VALID";
        };
        const y = tf.nn[op](decode(c.x, dtype), ksize, strides, padding);
        const label = `case ${i} ${JSON.stringify(c.o)} x ${JSON.stringify(c.x.s)}`;
        assertEquals(y.dtype, dtype, label);
        assertEquals(y.shape, c.y.s, label);
        try {
          assertClose(
            values(y),
            c.y.v,
            op === "maxPool2d" ? 0 : dtype === "float32" ? 1e-6 : 1e-14,
          );
        } catch (e) {
          throw new Error(`${label}: ${(e as Error).message}`);
        }
      }
    });
  }
}

deviceTest("conv2d accepts TensorFlow's spellings of strides, dilations and padding", () => {
  const x = tf.reshape(tf.range(2 * 7 * 7 * 2), [2, 7, 7, 2]);
  const f = tf.reshape(tf.range(3 * 3 * 2 * 3), [3, 3, 2, 3]).mul(0.1);
  const ref = tf.nn.conv2d(x, f, { strides: [2, 2], padding: [[1, 1], [1, 1]], dilations: [1, 1] });
  for (
    const o of [
      { strides: 2, padding: [[1, 1], [1, 1]] },
      { strides: [2], padding: [[0, 0], [1, 1], [1, 1], [0, 0]], dilations: 1 },
      { strides: [1, 2, 2, 1], padding: [[1, 1], [1, 1]], dilations: [1, 1, 1, 1] },
    ] as tf.nn.Conv2DOptions[]
  ) {
    assertEquals(tf.nn.conv2d(x, f, o).tolist(), ref.tolist(), JSON.stringify(o));
  }
  // Defaults: stride 1, VALID, no dilation.
  assertEquals(tf.nn.conv2d(x, f).shape, [2, 5, 5, 3]);
  assertEquals(tf.nn.conv2d(x, f, { dataFormat: "NHWC" }).shape, [2, 5, 5, 3]);
  // Pooling: [1, h, w, 1] lists.
  assertEquals(
    tf.nn.maxPool2d(x, [1, 3, 2, 1], [1, 2, 1, 1], "SAME").tolist(),
    tf.nn.maxPool2d(x, [3, 2], [2, 1], "SAME").tolist(),
  );
});

deviceTest("conv2d takes TF.js's positional strides, pad, dataFormat and dilations", () => {
  const x = tf.reshape(tf.range(2 * 7 * 7 * 2), [2, 7, 7, 2]);
  const f = tf.reshape(tf.range(3 * 3 * 2 * 3), [3, 3, 2, 3]).mul(0.1);
  const same = (a: tf.Tensor, b: tf.Tensor, what: string) =>
    assertEquals(a.tolist(), b.tolist(), what);
  same(tf.nn.conv2d(x, f, 2, "same"), tf.nn.conv2d(x, f, { strides: 2, padding: "SAME" }), "same");
  same(tf.nn.conv2d(x, f, [1, 2], "valid"), tf.nn.conv2d(x, f, { strides: [1, 2] }), "valid");
  same(
    tf.nn.conv2d(x, f, 1, 1, "NHWC", 2),
    tf.nn.conv2d(x, f, { padding: [[1, 1], [1, 1]], dilations: 2 }),
    "a number pads every side; dilations",
  );
  const E = tf.InvalidArgumentError;
  const conv = tf.nn.conv2d as (...args: unknown[]) => tf.Tensor;
  assertThrows(() => conv(x, f, 1), E, "need the pad argument");
  assertThrows(() => conv(x, f, 1, "same", "NHWC", 1, "round"), E, "dimRoundingMode", '"round"');
  assertThrows(() => conv(x, f, 1, "same", "NCHW"), E, '"NCHW"');
  assertThrows(() => conv(x, f, { strides: 1 }, "same"), E, "1 more argument");
  assertThrows(() => conv(x, f, { pad: "same" }), E, '"pad"', 'did you mean "padding"');
});

deviceTest("conv2d promotes dtypes and handles empty batches and 1x1 filters", () => {
  const x = tf.constant([[[[1, 2]]]], "float32");
  const f = tf.constant([[[[1], [3]]]], "float64");
  const y = tf.nn.conv2d(x, f);
  assertEquals(y.dtype, "float64");
  assertEquals(y.tolist(), [[[[7]]]]);
  const i = tf.nn.conv2d(tf.ones([1, 3, 3, 1], "int32"), tf.ones([2, 2, 1, 1], "int32"));
  assertEquals(i.dtype, "int32");
  assertEquals(i.tolist(), [[[[4], [4]], [[4], [4]]]]);
  assertEquals(
    tf.nn.conv2d(tf.zeros([0, 5, 5, 2]), tf.zeros([3, 3, 2, 4]), {
      padding: "SAME",
    }).shape,
    [0, 5, 5, 4],
  );
  assertEquals(tf.nn.maxPool2d(tf.zeros([0, 4, 4, 1]), 2, 2).shape, [0, 2, 2, 1]);
  // A 1x1 stride-1 filter is a matmul over the channels.
  const a = tf.reshape(tf.range(12), [1, 2, 3, 2]);
  const w = tf.constant([[[[1, 0, 2], [0, 1, 3]]]]);
  assertEquals(
    tf.nn.conv2d(a, w).reshape([6, 3]).tolist(),
    tf.matmul(a.reshape([6, 2]), w.reshape([2, 3])).tolist(),
  );
  assertEquals(tf.nn.avgPool2d(tf.constant([[[[1], [2]]]], "int32"), 1, 1).dtype, "float32");
  const pooled = tf.nn.maxPool2d(tf.constant([[[[1], [5]], [[3], [2]]]], "int32"), 2, 2);
  assertEquals([pooled.dtype, pooled.tolist()], ["int32", [[[[5]]]]]);
});

deviceTest("conv2d and pooling run on float16 and integer dtypes, as float64 does", () => {
  // Small integers: every sum is exact in each dtype, so the results must agree exactly.
  const x = tf.reshape(tf.range(2 * 5 * 6 * 3).mod(7).sub(3), [2, 5, 6, 3]);
  const f = tf.reshape(tf.range(3 * 2 * 3 * 2).mod(5).sub(2), [3, 2, 3, 2]);
  const o: tf.nn.Conv2DOptions = { strides: [2, 1], padding: [[1, 2], [0, 1]], dilations: [1, 2] };
  const want = values(tf.nn.conv2d(x.cast("float64"), f.cast("float64"), o));
  for (const dtype of ["float16", "int32", "int64"] as const) {
    const y = tf.nn.conv2d(x.cast(dtype), f.cast(dtype), o);
    assertEquals([y.dtype, values(y)], [dtype, want], dtype);
  }
  const xh = x.cast("float16");
  const avg = tf.nn.avgPool2d(xh, 2, 2, "SAME");
  assertEquals(avg.dtype, "float16");
  assertClose(values(avg), values(tf.nn.avgPool2d(x, 2, 2, "SAME")), 1e-3, 1e-3);
  // The float16 gradients equal the float64 ones (exact: small integers again).
  const grads = (dtype: tf.DType): unknown[] => {
    const [a, b] = [x.cast(dtype), f.cast(dtype)];
    const tape = new tf.GradientTape();
    tape.watch([a, b]);
    return tape.gradient(tf.nn.conv2d(a, b, o), [a, b]).map((g) => g?.tolist());
  };
  assertEquals(grads("float16"), grads("float64"));
});

// ---------------------------------------------------------------------------------------------
// Gradients against central finite differences (float64).

const random = makeRandom(7777);

function uniform(shape: readonly number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.constant(new Float64Array(n).map(() => 2 * random() - 1), "float64", shape);
}

/** Distinct values (a shuffled ramp): no ties, and gaps of 0.1 that finite differences keep. */
function distinct(shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float64Array(n).map((_, i) => i * 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return tf.constant(v, "float64", shape);
}

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;

/** Weights for `sum(f(xs) * w)`, fixed per check. */
function weightsFor(y: tf.Tensor): tf.Tensor {
  return tf.constant(
    new Float64Array(y.size).map(() => (random() < 0.5 ? -1 : 1) * (0.5 + random())),
    "float64",
    y.shape,
  );
}

/** Central differences of `loss` w.r.t. every element of `xs[k]`. */
function numeric(loss: (xs: tf.Tensor[]) => number, xs: tf.Tensor[], k: number, eps: number) {
  const base = xs[k].dataSync() as Float64Array;
  return new Float64Array(base.length).map((_, j) => {
    const at = (delta: number): number => {
      const d = base.slice();
      d[j] += delta;
      return loss(xs.map((v, i) => (i === k ? tf.constant(d, "float64", v.shape) : v)));
    };
    return (at(eps) - at(-eps)) / (2 * eps);
  });
}

/** The tape's gradients of `sum(f(xs) * w)` against central differences. */
function checkGrad(label: string, f: Fn, xs: tf.Tensor[], eps = 1e-6, tol = 1e-6): void {
  const w = weightsFor(f(...xs));
  const loss = (inputs: tf.Tensor[]): number =>
    tf.reduceSum(tf.mul(f(...inputs), w)).item() as number;
  const tape = new tf.GradientTape();
  tape.watch(xs);
  const grads = tape.gradient(f(...xs), xs, { outputGradients: w });
  xs.forEach((x, k) => {
    const g = grads[k];
    assert.ok(g !== null, `${label}: no gradient for input ${k}`);
    assertEquals(g.shape, x.shape, `${label}: gradient shape of input ${k}`);
    try {
      assertClose(values(g), numeric(loss, xs, k, eps), tol, tol);
    } catch (e) {
      throw new Error(`${label}, input ${k}: ${(e as Error).message}`);
    }
  });
}

/**
 * Second order: the gradient of `sum_k <g_k, u_k>` (g the first gradients of `sum(f * w)`, u
 * random) through nested tapes, against central differences of that same sum.
 */
function checkGrad2(label: string, f: Fn, xs: tf.Tensor[], eps = 1e-5, tol = 1e-6): void {
  const w = weightsFor(f(...xs));
  const us = xs.map((x) => uniform(x.shape));
  const first = (inputs: tf.Tensor[]): tf.Tensor => {
    const inner = new tf.GradientTape();
    inner.watch(inputs);
    const gs = inner.gradient(f(...inputs), inputs, {
      outputGradients: w,
      unconnectedGradients: "zero",
    }) as tf.Tensor[];
    return gs.map((g, k) => tf.reduceSum(tf.mul(g, us[k]))).reduce((a, b) => tf.add(a, b));
  };
  const outer = new tf.GradientTape();
  outer.watch(xs);
  const grads = outer.gradient(first(xs), xs);
  xs.forEach((_, k) => {
    const g = grads[k];
    assert.ok(g !== null, `${label}: no second-order gradient for input ${k}`);
    try {
      assertClose(values(g), numeric((i) => first(i).item() as number, xs, k, eps), tol, tol);
    } catch (e) {
      throw new Error(`second order of ${label}, input ${k}: ${(e as Error).message}`);
    }
  });
}

const CONV_GRAD_CASES: [number[], number[], tf.nn.Conv2DOptions][] = [
  [[2, 5, 5, 2], [3, 3, 2, 3], { padding: "SAME" }],
  [[1, 6, 7, 2], [3, 2, 2, 2], { strides: 2, padding: "VALID" }],
  [[2, 5, 6, 1], [2, 3, 1, 2], { strides: [2, 1], padding: "SAME", dilations: [1, 2] }],
  [[1, 6, 6, 2], [3, 3, 2, 1], { padding: [[2, 0], [1, 2]], dilations: 2 }],
  [[2, 3, 4, 3], [1, 1, 3, 2], {}],
  [[1, 4, 4, 1], [4, 4, 1, 2], { strides: 3, padding: "SAME" }],
];

deviceTest("conv2d gradients w.r.t. input and filters match finite differences", () => {
  for (const [xs, fs, o] of CONV_GRAD_CASES) {
    checkGrad(`conv2d ${JSON.stringify(o)}`, (x, f) => tf.nn.conv2d(x, f, o), [
      uniform(xs),
      uniform(fs),
    ]);
  }
});

deviceTest("pooling gradients match finite differences", () => {
  const pools: [string, number[], number | number[], number | number[], "SAME" | "VALID"][] = [
    ["max", [2, 5, 5, 2], 3, 2, "SAME"],
    ["max", [1, 6, 6, 2], 2, 2, "VALID"],
    ["max", [1, 5, 4, 1], 2, 1, "SAME"],
    ["max", [2, 7, 6, 1], [3, 2], [2, 3], "VALID"],
    ["avg", [2, 5, 5, 2], 3, 2, "SAME"],
    ["avg", [1, 5, 4, 1], [2, 3], 1, "VALID"],
    ["avg", [1, 4, 4, 2], 3, 1, "SAME"],
  ];
  for (const [kind, shape, k, s, p] of pools) {
    const op = kind === "max" ? tf.nn.maxPool2d : tf.nn.avgPool2d;
    checkGrad(`${kind}Pool2d ${shape} ${k} ${s} ${p}`, (x) => op(x, k, s, p), [distinct(shape)]);
  }
});

deviceTest("second order through conv2d and pooling matches finite differences", () => {
  const o: tf.nn.Conv2DOptions = { strides: 2, padding: "SAME" };
  checkGrad2("square(conv2d)", (x, f) => tf.square(tf.nn.conv2d(x, f, o)), [
    uniform([1, 5, 4, 2]),
    uniform([3, 3, 2, 2]),
  ]);
  checkGrad2(
    "conv2d(x, f) * x-dependent term",
    (x, f) => tf.mul(tf.nn.conv2d(x, f, { padding: [[1, 0], [0, 1]] }), tf.reduceSum(x)),
    [uniform([1, 3, 3, 1]), uniform([2, 2, 1, 2])],
  );
  checkGrad2("square(maxPool2d)", (x) => tf.square(tf.nn.maxPool2d(x, 2, 1, "SAME")), [
    distinct([1, 4, 4, 2]),
  ]);
  checkGrad2("square(avgPool2d)", (x) => tf.square(tf.nn.avgPool2d(x, 3, 2, "SAME")), [
    uniform([1, 5, 5, 1]),
  ]);
});

deviceTest(
  "maxPool2d sends the gradient to the first maximum of each window, as TensorFlow",
  () => {
    const grad = (x: tf.Tensor, k: number, s: number, p: "SAME" | "VALID"): unknown => {
      const tape = new tf.GradientTape();
      tape.watch(x);
      return tape.gradient(tf.nn.maxPool2d(x, k, s, p), x)?.reshape([x.shape[1], x.shape[2]])
        .tolist();
    };
    // One window of equal values: all of it goes to the top-left one.
    assertEquals(grad(tf.fill([1, 2, 2, 1], 3), 2, 2, "VALID"), [[1, 0], [0, 0]]);
    // Overlapping windows add up; each picks the first of its ties in row-major order.
    assertEquals(grad(tf.fill([1, 3, 3, 1], 1), 2, 1, "VALID"), [[1, 1, 0], [1, 1, 0], [0, 0, 0]]);
    // SAME padding is never chosen, not even when every value is -Infinity.
    assertEquals(grad(tf.fill([1, 2, 2, 1], 5), 3, 1, "SAME"), [[4, 0], [0, 0]]);
    assertEquals(grad(tf.fill([1, 2, 2, 1], -Infinity), 3, 1, "SAME"), [[4, 0], [0, 0]]);
    const x = tf.constant([[1, 9, 9], [9, 2, 3], [4, 5, 9]]).reshape([1, 3, 3, 1]);
    assertEquals(grad(x, 2, 1, "VALID"), [[0, 2, 0], [1, 0, 0], [0, 0, 1]]);
  },
);

deviceTest("conv2d and pooling free their temporaries, with and without a tape", () => {
  const x = tf.ones([2, 6, 6, 3]);
  const f = new tf.Variable(tf.ones([3, 3, 3, 4]));
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    tf.nn.conv2d(x, f, { padding: "SAME", strides: 2 });
    tf.nn.maxPool2d(x, 3, 2, "SAME");
    tf.nn.avgPool2d(x, 3, 2, "SAME");
  });
  tf.tidy(() => {
    using tape = new tf.GradientTape();
    tape.watch(x);
    const y = tf.nn.maxPool2d(tf.nn.conv2d(x, f, { padding: "SAME" }), 2, 2);
    tape.gradient(tf.reduceSum(tf.nn.avgPool2d(y, 2, 1, "SAME")), [x, f]);
  });
  assertEquals(tf.memory().numTensors, before);
});

// ---------------------------------------------------------------------------------------------
// Errors: checked in TypeScript before any kernel runs.

deviceTest("conv2d rejects bad ranks, channels, strides, dilations, padding and sizes", () => {
  const x = tf.zeros([1, 4, 4, 2]);
  const f = tf.zeros([3, 3, 2, 1]);
  const [x3, f3, f332, f0, f5, f7] = [[4, 4, 2], [3, 3, 2], [3, 3, 3, 1], [0, 3, 2, 1], [
    5,
    3,
    2,
    1,
  ], [3, 7, 2, 1]].map((s) => tf.zeros(s));
  const b = tf.zeros([1, 2, 2, 1], "bool"), fb = tf.zeros([1, 1, 1, 1], "bool");
  const E = tf.InvalidArgumentError;
  const before = tf.memory().numTensors;
  assertThrows(() => tf.nn.conv2d(x3, f), E, "input must have rank 4", "(4, 4, 2)");
  assertThrows(() => tf.nn.conv2d(x, f3), E, "filters must have rank 4", "(3, 3, 2)");
  assertThrows(() => tf.nn.conv2d(x, f332), E, "3 input channels", "has 2");
  assertThrows(() => tf.nn.conv2d(x, f0), E, "empty spatial axis");
  for (const strides of [0, -1, 1.5, [1, 2, 3], "2", [2, 0]]) {
    assertThrows(
      () => tf.nn.conv2d(x, f, { strides } as tf.nn.Conv2DOptions),
      E,
      "strides must be a positive integer",
      JSON.stringify(strides),
    );
  }
  assertThrows(() => tf.nn.conv2d(x, f, { strides: [2, 1, 1, 1] }), E, "[2,1,1,1]", "batch");
  assertThrows(() => tf.nn.conv2d(x, f, { dilations: 0 }), E, "dilations must be", "0");
  assertThrows(() => tf.nn.conv2d(x, f, { dilations: [1, 1, 1, 2] }), E, "[1,1,1,2]");
  for (const padding of ["same", "FULL", [[1, 1]], [[-1, 0], [0, 0]], [[1, 1], [1]], 3]) {
    assertThrows(
      () => tf.nn.conv2d(x, f, { padding } as tf.nn.Conv2DOptions),
      E,
      "padding must be",
      JSON.stringify(padding),
    );
  }
  assertThrows(
    () => tf.nn.conv2d(x, f, { padding: [[1, 0], [1, 1], [1, 1], [0, 0]] }),
    E,
    "pads the batch or channel axis",
  );
  // Filters larger than the (padded) input.
  assertThrows(() => tf.nn.conv2d(x, f5), E, "height of the filters (5)", "(4)");
  assertThrows(() => tf.nn.conv2d(x, f, { dilations: 2 }), E, "dilated to 5", "padded input (4)");
  assertThrows(
    () => tf.nn.conv2d(x, f7, { padding: [[0, 0], [1, 1]] }),
    E,
    "width of the filters (7)",
    "(6)",
  );
  assertThrows(
    () => tf.nn.conv2d(x, f, { dataFormat: "NCHW" as "NHWC" }),
    E,
    'dataFormat "NCHW"',
  );
  assertThrows(() => tf.nn.conv2d(b, fb), E, "bool");
  assertEquals(tf.memory().numTensors, before, "no tensor is made before the checks");
});

deviceTest("pooling rejects bad ranks, ksize, strides, padding and windows too large", () => {
  const x = tf.zeros([1, 4, 4, 2]);
  const E = tf.InvalidArgumentError;
  for (const op of [tf.nn.maxPool2d, tf.nn.avgPool2d]) {
    const name = op === tf.nn.maxPool2d ? "maxPool2d" : "avgPool2d";
    assertThrows(() => op(tf.zeros([4, 4, 2]), 2, 2), E, `${name}: input must have rank 4`);
    assertThrows(() => op(x, 0, 2), E, "ksize must be a positive integer", "0");
    assertThrows(() => op(x, [1, 2, 2, 2], 2), E, "ksize [1,2,2,2]", "batch or channel");
    assertThrows(() => op(x, 2, [2, 2, 2]), E, "strides must be", "[2,2,2]");
    assertThrows(
      () => op(x, 2, 2, [[1, 1], [1, 1]] as unknown as "SAME"),
      E,
      'padding must be "SAME" or "VALID"',
    );
    assertThrows(() => op(x, 5, 1, "VALID"), E, "height of the window (5)", "(4)");
    assertThrows(() => op(x, 2, 2, "VALID", "NCHW" as "NHWC"), E, "NCHW");
  }
  assertThrows(() => tf.nn.maxPool2d(tf.zeros([1, 2, 2, 1], "bool"), 2, 2), E, "bool");
});

// ---------------------------------------------------------------------------------------------
// Keras layers.

deviceTest("Conv2D: output shapes, weight names and values equal to nn.conv2d + bias", () => {
  const x = uniform([2, 7, 6, 3]).cast("float32");
  const shapes: [ConstructorParameters<typeof layers.Conv2D>[0], number[]][] = [
    [{ filters: 4, kernelSize: 3 }, [2, 5, 4, 4]],
    [{ filters: 4, kernelSize: 3, padding: "same" }, [2, 7, 6, 4]],
    [{ filters: 2, kernelSize: [3, 2], strides: 2, padding: "same" }, [2, 4, 3, 2]],
    [{ filters: 2, kernelSize: 3, strides: [1, 2] }, [2, 5, 2, 2]],
    [{ filters: 1, kernelSize: 2, dilationRate: 2 }, [2, 5, 4, 1]],
    [{ filters: 5, kernelSize: 1, useBias: false }, [2, 7, 6, 5]],
  ];
  for (const [options, shape] of shapes) {
    const conv = new layers.Conv2D(options);
    assertEquals(conv.apply(x).shape, shape, JSON.stringify(options));
    const [kh, kw] = typeof options.kernelSize === "number"
      ? [options.kernelSize, options.kernelSize]
      : options.kernelSize;
    assertEquals(conv.kernel?.shape, [kh, kw, 3, options.filters]);
    assertEquals(
      conv.countParams(),
      kh * kw * 3 * options.filters + (conv.bias ? options.filters : 0),
    );
  }
  const conv = new layers.Conv2D({
    filters: 2,
    kernelSize: 2,
    padding: "same",
    activation: "relu",
    name: "my_conv",
  });
  conv.apply(x);
  assertEquals(conv.variables.map((v) => v.name), ["my_conv/kernel:0", "my_conv/bias:0"]);
  const k = uniform([2, 2, 3, 2]).cast("float32");
  conv.setWeights([k, [0.5, -0.25]]);
  const want = tf.nn.relu(tf.nn.conv2d(x, k, { padding: "SAME" }).add(tf.constant([0.5, -0.25])));
  assertClose(values(conv.apply(x)), values(want), 1e-6, 1e-6);
  assertEquals(new layers.Conv2D({ filters: 1, kernelSize: 1 }).name.startsWith("conv2d"), true);
  // Errors: options, then inputs.
  const E = tf.InvalidArgumentError;
  assertThrows(() => new layers.Conv2D({ filters: 0, kernelSize: 3 }), E, "filters", "0");
  assertThrows(() => new layers.Conv2D({ filters: 1, kernelSize: [3] }), E, "kernelSize", "[3]");
  assertThrows(
    () => new layers.Conv2D({ filters: 1, kernelSize: 3, padding: "full" as "same" }),
    E,
    'padding must be "valid" or "same"',
    '"full"',
  );
  assertThrows(
    () => new layers.Conv2D({ filters: 1, kernelSize: 3 }).apply(tf.zeros([4, 4, 1])),
    E,
    "rank 4",
    "(4, 4, 1)",
  );
  assertThrows(
    () => conv.apply(tf.zeros([1, 4, 4, 2])),
    E,
    "(batch, height, width, 3)",
    "(1, 4, 4, 2)",
  );
});

deviceTest("MaxPool2D and AveragePooling2D (and their aliases): shapes and values", () => {
  assertEquals(layers.MaxPooling2D, layers.MaxPool2D);
  assertEquals(layers.AvgPool2D, layers.AveragePooling2D);
  const x = tf.reshape(tf.range(2 * 5 * 5 * 3), [2, 5, 5, 3]);
  const max = new layers.MaxPool2D();
  assertEquals(max.poolSize, [2, 2]);
  assertEquals(max.strides, [2, 2]);
  assertEquals(max.apply(x).tolist(), tf.nn.maxPool2d(x, 2, 2, "VALID").tolist());
  assertEquals(max.name.startsWith("max_pooling2d"), true);
  const same = new layers.MaxPooling2D({ poolSize: 3, strides: 1, padding: "same" });
  assertEquals(same.apply(x).shape, [2, 5, 5, 3]);
  const avg = new layers.AveragePooling2D({ poolSize: [2, 3], padding: "same" });
  assertEquals(avg.strides, [2, 3]);
  assertEquals(avg.apply(x).tolist(), tf.nn.avgPool2d(x, [2, 3], [2, 3], "SAME").tolist());
  assertEquals(avg.apply(x).shape, [2, 3, 2, 3]);
  assertEquals(avg.countParams(), 0);
  assertEquals(new layers.AvgPool2D().name.startsWith("average_pooling2d"), true);
  const E = tf.InvalidArgumentError;
  assertThrows(() => new layers.MaxPool2D({ poolSize: 0 }), E, "poolSize", "0");
  assertThrows(() => new layers.MaxPool2D({ padding: "full" as "same" }), E, '"full"');
  assertThrows(() => new layers.AveragePooling2D().apply(tf.zeros([4, 4])), E, "rank 4");
});

/** Per-channel mean and population variance of NHWC data, by hand. */
function channelStats(x: tf.Tensor): [number[], number[]] {
  const c = x.shape[3];
  const d = values(x);
  const n = d.length / c;
  const mean = new Array(c).fill(0), variance = new Array(c).fill(0);
  for (let i = 0; i < d.length; i++) mean[i % c] += d[i] / n;
  for (let i = 0; i < d.length; i++) variance[i % c] += (d[i] - mean[i % c]) ** 2 / n;
  return [mean, variance];
}

/** `(x - mean) / sqrt(var + eps) * gamma + beta` per channel, by hand. */
function normalized(
  x: tf.Tensor,
  mean: number[],
  variance: number[],
  eps: number,
  gamma: number[],
  beta: number[],
): number[] {
  const c = x.shape[3];
  return values(x).map((v, i) => {
    const k = i % c;
    return (v - mean[k]) / Math.sqrt(variance[k] + eps) * gamma[k] + beta[k];
  });
}

deviceTest("BatchNormalization: batch statistics and moving averages while training", () => {
  const bn = new layers.BatchNormalization({ name: "bn" });
  const x = uniform([4, 3, 2, 3]).mul(2).add(1).cast("float32");
  const y = bn.apply(x, { training: true });
  assertEquals(bn.variables.map((v) => [v.name, v.trainable]), [
    ["bn/gamma:0", true],
    ["bn/beta:0", true],
    ["bn/moving_mean:0", false],
    ["bn/moving_variance:0", false],
  ]);
  assertEquals(bn.trainableVariables.length, 2);
  assertEquals(bn.countParams(), 12);
  const [mean, variance] = channelStats(x);
  const ones = [1, 1, 1], zeros = [0, 0, 0];
  assertClose(values(y), normalized(x, mean, variance, 1e-3, ones, zeros), 1e-5, 1e-5);
  // moving = moving * 0.99 + batch * 0.01, from zeros and ones.
  const m1 = mean.map((m) => 0.01 * m);
  const v1 = variance.map((v) => 0.99 + 0.01 * v);
  assertClose(values(bn.movingMean as tf.Variable), m1, 1e-5, 1e-6);
  assertClose(values(bn.movingVariance as tf.Variable), v1, 1e-5, 1e-6);
  // A second batch moves them again.
  const x2 = uniform([2, 2, 2, 3]).cast("float32");
  bn.apply(x2, { training: true });
  const [mean2, variance2] = channelStats(x2);
  const m2 = m1.map((m, k) => 0.99 * m + 0.01 * mean2[k]);
  const v2 = v1.map((v, k) => 0.99 * v + 0.01 * variance2[k]);
  assertClose(values(bn.movingMean as tf.Variable), m2, 1e-5, 1e-6);
  assertClose(values(bn.movingVariance as tf.Variable), v2, 1e-5, 1e-6);
  // Inference (the default) uses them, with gamma and beta, and moves nothing.
  bn.setWeights([[2, 1, 0.5], [0, 1, -1], m2, v2]);
  const inference = bn.apply(x);
  assertClose(values(inference), normalized(x, m2, v2, 1e-3, [2, 1, 0.5], [0, 1, -1]), 1e-5, 1e-5);
  assertClose(values(bn.movingMean as tf.Variable), m2, 1e-6, 1e-7);
  assertEquals(bn.apply(x, { training: false }).tolist(), inference.tolist());
  // A frozen layer runs in inference mode even when training.
  bn.trainable = false;
  assertEquals(bn.apply(x, { training: true }).tolist(), inference.tolist());
  assertClose(values(bn.movingMean as tf.Variable), m2, 1e-6, 1e-7);
});

deviceTest("BatchNormalization: options, other axes, and gradients through the statistics", () => {
  const bn = new layers.BatchNormalization({
    axis: 1,
    momentum: 0.5,
    epsilon: 0,
    center: false,
    scale: false,
  });
  const x = tf.constant([[[1, 3]], [[5, 7]]]); // [2, 1, 2]: one feature on axis 1
  const r = Math.sqrt(5); // the population variance of [1, 3, 5, 7]
  assertClose(values(bn.apply(x, { training: true })), [-3 / r, -1 / r, 1 / r, 3 / r], 1e-6);
  assertEquals(bn.variables.length, 2);
  assertEquals(values(bn.movingMean as tf.Variable), [2]);
  assertEquals(values(bn.movingVariance as tf.Variable), [3]);
  // sum(y) does not depend on x while training: the gradient flows through the mean.
  const bn2 = new layers.BatchNormalization();
  const input = uniform([3, 2, 2, 2]);
  const tape = new tf.GradientTape();
  tape.watch(input);
  const g = tape.gradient(tf.reduceSum(bn2.apply(input, { training: true })), input);
  assertClose(values(g as tf.Tensor), new Array(input.size).fill(0), 0, 1e-6);
  const E = tf.InvalidArgumentError;
  assertThrows(() => new layers.BatchNormalization({ momentum: 2 }), E, "momentum", "2");
  assertThrows(() => new layers.BatchNormalization({ epsilon: -1 }), E, "epsilon", "-1");
  assertThrows(
    () => new layers.BatchNormalization({ axis: 4 }).apply(tf.zeros([1, 2])),
    E,
    "axis [4]",
  );
  assertThrows(() => bn2.apply(tf.zeros([1, 2, 2, 3])), E, "expected 2 features", "(1, 2, 2, 3)");
});

deviceTest("fit trains Conv2D and BatchNormalization and moves the moving statistics", () => {
  tf.random.setSeed(3);
  const model = new tf.keras.Sequential([
    new layers.Conv2D({ filters: 2, kernelSize: 3, padding: "same", inputShape: [4, 4, 1] }),
    new layers.BatchNormalization(),
    new layers.MaxPool2D(),
    new layers.Flatten(),
    new layers.Dense({ units: 1 }),
  ]);
  const bn = model.layers[1] as InstanceType<typeof layers.BatchNormalization>;
  assertEquals(model.trainableVariables.length, 6);
  assertEquals(model.nonTrainableVariables.map((v) => v.name.split("/")[1]), [
    "moving_mean:0",
    "moving_variance:0",
  ]);
  model.compile({ optimizer: "adam", loss: "mse" });
  const x = tf.random.normal([8, 4, 4, 1]);
  const y = tf.reduceMean(x, [1, 2, 3]).reshape([8, 1]);
  const kernel = values(model.layers[0].variables[0]);
  model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
  assertEquals(values(model.layers[0].variables[0]).some((v, i) => v !== kernel[i]), true);
  assertEquals(values(bn.movingMean as tf.Variable).some((v) => v !== 0), true);
  assertEquals(values(bn.movingVariance as tf.Variable).some((v) => v !== 1), true);
  // Inference does not move them.
  const before = values(bn.movingMean as tf.Variable);
  model.predict(x);
  model.evaluate(x, y, { verbose: 0 });
  assertEquals(values(bn.movingMean as tf.Variable), before);
});
