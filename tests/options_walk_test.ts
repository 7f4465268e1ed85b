// Every export of mod.ts and numpy.ts is accounted for: either OPTIONS holds a call that passes
// the options argument `o` in its place (every other argument valid), or NO_OPTIONS names it. A
// new export in neither list fails, and so does a listed name that no longer exists. Methods
// reached through an instance are listed as "Class#method" under the exported class that defines
// them; every method declared with an `options` parameter must be there. Each OPTIONS call must
// reject an unknown key (naming the closest known one) and a non-object, with an
// InvalidArgumentError. Namespaces are walked recursively, each once (tf.optimizers is
// tf.keras.optimizers, walked under the latter).
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertThrows } from "./helpers.ts";
import type { Call } from "./np_options/call.ts";
import * as npUfuncs from "./np_options/ufuncs.ts";
import * as npReductions from "./np_options/reductions.ts";
import * as npManipulation from "./np_options/manipulation.ts";
import * as npSearching from "./np_options/searching.ts";
import * as npLinalg from "./np_options/linalg.ts";
import * as npRandom from "./np_options/random.ts";

/** The np families' own lists (tests/np_options/), one file per public module of src/np. */
const NP_FAMILIES = [npUfuncs, npReductions, npManipulation, npSearching, npLinalg, npRandom];

const { layers, losses, metrics, initializers, callbacks, optimizers, regularizers } = tf.keras;
const x = tf.constant([[1, 2], [3, 4]]);
const idx = tf.constant([0, 1], "int32");
const w = new tf.Variable(1.0);
const dir = Deno.makeTempDirSync();
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
tf.io.saveTensors(`${dir}/t.safetensors`, { a: x });
np.save(`${dir}/a.npy`, [1, 2]);
const npy = np.saveBytes([1, 2]);

const model = () => new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
const compiled = () => {
  const m = model();
  m.compile({ optimizer: "sgd", loss: "mse" });
  return m;
};
class Identity extends tf.keras.Model {
  call(t: tf.Tensor) {
    return t;
  }
}
class Pool extends layers.Pooling2D {
  constructor(o: tf.keras.layers.Pooling2DOptions) {
    super(o, "Pool", "Pool");
  }
  call(t: tf.Tensor) {
    return t;
  }
}
class Absolute extends losses.Loss {
  call(_: tf.Tensor, yPred: tf.Tensor) {
    return yPred.abs();
  }
}
class Count extends metrics.Metric {
  updateState() {}
  result() {
    return 0;
  }
  resetState() {}
}
class Plain extends optimizers.Optimizer {
  constructor(o: tf.keras.optimizers.OptimizerOptions) {
    super(o, 0.1);
  }
  update() {}
}

const OPTIONS: Record<string, Call> = {
  Module: (o) => new tf.Module(o),
  "GradientTape#batchJacobian": (o) => {
    const b = tf.constant([[1]]);
    const tape = new tf.GradientTape();
    tape.watch(b);
    return tape.batchJacobian(b.mul(2), b, o);
  },
  "data.Dataset#batch": (o) => tf.data.Dataset.range(3).batch(2, o),
  "data.Dataset#shuffle": (o) => tf.data.Dataset.range(3).shuffle(2, o),
  "keras.layers.SimpleRNN": (o) => new tf.keras.layers.SimpleRNN(o),
  "keras.layers.LSTM": (o) => new tf.keras.layers.LSTM(o),
  "keras.layers.GRU": (o) => new tf.keras.layers.GRU(o),
  "keras.layers.GRU#apply": (o) =>
    new tf.keras.layers.GRU({ units: 1 }).apply(tf.ones([1, 2, 2]), o),
  "keras.layers.GRU#call": (o) => new tf.keras.layers.GRU({ units: 1 }).call(tf.ones([1, 2, 2]), o),
  "keras.layers.MultiHeadAttention": (o) => new tf.keras.layers.MultiHeadAttention(o),
  "keras.layers.MultiHeadAttention#apply": (o) =>
    new tf.keras.layers.MultiHeadAttention({ numHeads: 1, keyDim: 1 }).apply(tf.ones([1, 2, 2]), o),
  "keras.layers.MultiHeadAttention#call": (o) =>
    new tf.keras.layers.MultiHeadAttention({ numHeads: 1, keyDim: 1 }).call(tf.ones([1, 2, 2]), o),
  "keras.layers.Conv1D": (o) => new tf.keras.layers.Conv1D(o),
  "keras.layers.GlobalAveragePooling1D": (o) => new tf.keras.layers.GlobalAveragePooling1D(o),
  "keras.layers.GlobalAveragePooling2D": (o) => new tf.keras.layers.GlobalAveragePooling2D(o),
  "keras.layers.GlobalAvgPool1D": (o) => new tf.keras.layers.GlobalAvgPool1D(o),
  "keras.layers.GlobalAvgPool2D": (o) => new tf.keras.layers.GlobalAvgPool2D(o),
  "keras.initializers.Orthogonal": (o) => new tf.keras.initializers.Orthogonal(o),
  GradientTape: (o) => new tf.GradientTape(o)[Symbol.dispose](),
  "GradientTape#gradient": (o) => {
    using tape = new tf.GradientTape();
    return tape.gradient(w.mul(2), w, o);
  },
  Variable: (o) => new tf.Variable([1], o),
  "Tensor#argmax": (o) => x.argmax(0, o),
  "Tensor#argmin": (o) => x.argmin(0, o),
  "Tensor#cumsum": (o) => x.cumsum(0, o),
  "Tensor#matmul": (o) => x.matmul(x, o),
  matmul: (o) => tf.matmul(x, x, o),
  "linalg.matmul": (o) => tf.linalg.matmul(x, x, o),
  oneHot: (o) => tf.oneHot(idx, 3, o),
  argmax: (o) => tf.argmax(x, 0, o),
  argmin: (o) => tf.argmin(x, 0, o),
  cumsum: (o) => tf.cumsum(x, 0, o),
  "random.normal": (o) => tf.random.normal([2], o),
  "random.uniform": (o) => tf.random.uniform([2], o),
  "random.truncatedNormal": (o) => tf.random.truncatedNormal([2], o),
  "random.shuffle": (o) => tf.random.shuffle(idx, o),
  "nn.conv2d": (o) => tf.nn.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]), o),
  "nn.dropout": (o) => tf.nn.dropout(x, 0.5, o),
  "nn.softmaxCrossEntropyWithLogits": (o) => tf.nn.softmaxCrossEntropyWithLogits(o),
  "nn.sparseSoftmaxCrossEntropyWithLogits": (o) => tf.nn.sparseSoftmaxCrossEntropyWithLogits(o),
  "io.saveTensors": (o) => tf.io.saveTensors(`${dir}/u.safetensors`, { a: x }, o),
  "io.loadTensors": (o) => tf.io.loadTensors(`${dir}/t.safetensors`, o),
  // Models and layers.
  "keras.Model": (o) => new Identity(o),
  "keras.Model#compile": (o) => model().compile(o),
  "keras.Model#fit": (o) => compiled().fit([[1]], [[1]], o),
  "keras.Model#evaluate": (o) => compiled().evaluate([[1]], [[1]], o),
  "keras.Model#predict": (o) => model().predict([[1]], o),
  "keras.Model#summary": (o) => model().summary(o),
  "keras.Input": (o) => tf.keras.Input(o),
  "keras.layers.Input": (o) => layers.Input(o),
  "keras.layers.InputLayer": (o) => new layers.InputLayer(o),
  "keras.layers.Add": (o) => new layers.Add(o),
  "keras.layers.Subtract": (o) => new layers.Subtract(o),
  "keras.layers.Multiply": (o) => new layers.Multiply(o),
  "keras.layers.Average": (o) => new layers.Average(o),
  "keras.layers.Maximum": (o) => new layers.Maximum(o),
  "keras.layers.Minimum": (o) => new layers.Minimum(o),
  "keras.layers.Concatenate": (o) => new layers.Concatenate(o),
  "keras.Sequential": (o) => new tf.keras.Sequential([], o),
  "keras.Sequential#call": (o) => model().call(x, o),
  "keras.layers.Layer": (o) => new Identity(o),
  "keras.layers.Layer#apply": (o) => new layers.Dense({ units: 1 }).apply(x, o),
  "keras.layers.Dense": (o) => new layers.Dense(o),
  "keras.layers.Conv2D": (o) => new layers.Conv2D(o),
  "keras.layers.Pooling2D": (o) => new Pool(o),
  "keras.layers.MaxPool2D": (o) => new layers.MaxPool2D(o),
  "keras.layers.MaxPooling2D": (o) => new layers.MaxPooling2D(o),
  "keras.layers.AveragePooling2D": (o) => new layers.AveragePooling2D(o),
  "keras.layers.AvgPool2D": (o) => new layers.AvgPool2D(o),
  "keras.layers.Dropout": (o) => new layers.Dropout(o),
  "keras.layers.Dropout#call": (o) => new layers.Dropout({ rate: 0.5 }).call(x, o),
  "keras.layers.Embedding": (o) => new layers.Embedding(o),
  "keras.layers.Flatten": (o) => new layers.Flatten(o),
  "keras.layers.BatchNormalization": (o) => new layers.BatchNormalization(o),
  "keras.layers.BatchNormalization#call": (o) => new layers.BatchNormalization().call(x, o),
  "keras.layers.LayerNormalization": (o) => new layers.LayerNormalization(o),
  // Losses, metrics, initializers, callbacks.
  "keras.losses.Loss": (o) => new Absolute(o),
  "keras.losses.LossFunctionWrapper": (o) =>
    new losses.LossFunctionWrapper(losses.meanSquaredError, o),
  "keras.losses.MeanSquaredError": (o) => new losses.MeanSquaredError(o),
  "keras.losses.MeanAbsoluteError": (o) => new losses.MeanAbsoluteError(o),
  "keras.losses.BinaryCrossentropy": (o) => new losses.BinaryCrossentropy(o),
  "keras.losses.CategoricalCrossentropy": (o) => new losses.CategoricalCrossentropy(o),
  "keras.losses.SparseCategoricalCrossentropy": (o) => new losses.SparseCategoricalCrossentropy(o),
  "keras.losses.binaryCrossentropy": (o) => losses.binaryCrossentropy([[1]], [[0.5]], o),
  "keras.losses.categoricalCrossentropy": (o) => losses.categoricalCrossentropy([[1]], [[1]], o),
  "keras.losses.sparseCategoricalCrossentropy": (o) =>
    losses.sparseCategoricalCrossentropy([0], [[1]], o),
  "keras.metrics.Metric": (o) => new Count(o),
  "keras.metrics.Mean": (o) => new metrics.Mean(o),
  "keras.metrics.MeanMetricWrapper": (o) => new metrics.MeanMetricWrapper(metrics.accuracy, o),
  "keras.metrics.Accuracy": (o) => new metrics.Accuracy(o),
  "keras.metrics.BinaryAccuracy": (o) => new metrics.BinaryAccuracy(o),
  "keras.metrics.CategoricalAccuracy": (o) => new metrics.CategoricalAccuracy(o),
  "keras.metrics.SparseCategoricalAccuracy": (o) => new metrics.SparseCategoricalAccuracy(o),
  "keras.metrics.MeanSquaredError": (o) => new metrics.MeanSquaredError(o),
  "keras.metrics.MeanAbsoluteError": (o) => new metrics.MeanAbsoluteError(o),
  "keras.initializers.Constant": (o) => new initializers.Constant(o),
  "keras.initializers.RandomUniform": (o) => new initializers.RandomUniform(o),
  "keras.initializers.RandomNormal": (o) => new initializers.RandomNormal(o),
  "keras.initializers.TruncatedNormal": (o) => new initializers.TruncatedNormal(o),
  "keras.initializers.VarianceScaling": (o) => new initializers.VarianceScaling(o),
  "keras.initializers.GlorotUniform": (o) => new initializers.GlorotUniform(o),
  "keras.initializers.GlorotNormal": (o) => new initializers.GlorotNormal(o),
  "keras.initializers.HeNormal": (o) => new initializers.HeNormal(o),
  "keras.initializers.HeUniform": (o) => new initializers.HeUniform(o),
  "keras.initializers.LecunNormal": (o) => new initializers.LecunNormal(o),
  "keras.initializers.LecunUniform": (o) => new initializers.LecunUniform(o),
  "keras.callbacks.EarlyStopping": (o) => new callbacks.EarlyStopping(o),
  "keras.callbacks.ModelCheckpoint": (o) => new callbacks.ModelCheckpoint(o),
  "keras.metrics.Metric#addWeight": (o) => new Count().addWeight("w", [], o),
  "keras.regularizers.L1L2": (o) => new regularizers.L1L2(o),
  "keras.regularizers.l1l2": (o) => regularizers.l1l2(o),
  "keras.callbacks.ProgbarLogger": (o) => new callbacks.ProgbarLogger(o),
  "keras.callbacks.Progbar": (o) => new callbacks.Progbar(1, o),
  // Optimizers and schedules.
  "keras.optimizers.Optimizer": (o) => new Plain(o),
  "keras.optimizers.SGD": (o) => new optimizers.SGD(o),
  "keras.optimizers.Adam": (o) => new optimizers.Adam(o),
  "keras.optimizers.AdamW": (o) => new optimizers.AdamW(o),
  "keras.optimizers.RMSprop": (o) => new optimizers.RMSprop(o),
  "keras.optimizers.Adagrad": (o) => new optimizers.Adagrad(o),
  "keras.optimizers.schedules.ExponentialDecay": (o) =>
    new optimizers.schedules.ExponentialDecay(o),
  "keras.optimizers.schedules.PiecewiseConstantDecay": (o) =>
    new optimizers.schedules.PiecewiseConstantDecay(o),
  "keras.optimizers.schedules.CosineDecay": (o) => new optimizers.schedules.CosineDecay(o),
  // numpy.ts: its I/O and NDArray here, the function families in tests/np_options/.
  "np.NDArray": (o) => new np.NDArray(new Float64Array(2), [2], "float64", o),
  "np.load": (o) => np.load(`${dir}/a.npy`, o),
  "np.loadBytes": (o) => np.loadBytes(npy, o),
  "np.save": (o) => np.save(`${dir}/b.npy`, [1], o),
  "np.saveBytes": (o) => np.saveBytes([1], o),
  "np.savezBytes": (o) => np.savezBytes({ a: [1] }, o),
  ...Object.assign({}, ...NP_FAMILIES.map((f) => f.OPTIONS)),
};

const NO_OPTIONS: readonly string[] = [
  // The error classes take only the standard ErrorOptions (`{ cause }`), passed on to Error.
  ...["CudaError", "FailedPreconditionError", "InvalidArgumentError", "NativeLibraryError"],
  ...["ResourceExhaustedError", "UnimplementedError"],
  ...["Tensor", "abs", "acos", "acosh", "add", "argsort", "asin", "asinh", "atan", "atan2"],
  ...["atanh", "booleanMask", "broadcastTo", "cast", "cbrt", "ceil", "clipByGlobalNorm"],
  ...["clipByNorm", "clipByValue", "concat", "constant", "convertToTensor", "cos", "cosh"],
  ...["customGradient", "device", "div", "divide", "einsum", "emptyCache", "equal", "erf"],
  ...["executingEagerly", "exp", "expandDims", "expm1", "eye", "fill", "floor", "floorDiv"],
  ...["gather", "gatherNd", "grad", "greater", "greaterEqual", "isFinite", "isInf", "isNan"],
  ...["keep", "less", "lessEqual", "linspace", "listDevices", "log", "log1p", "logicalAnd"],
  ...["logicalNot", "logicalOr", "logicalXor", "maximum", "memory", "minimum", "mod", "mul"],
  ...["multiply", "neg", "norm", "notEqual", "ones", "onesLike", "pad", "pow", "range", "rank"],
  ...["reciprocal", "reduceAll", "reduceAny", "reduceLogSumExp", "reduceMax", "reduceMean"],
  ...["reduceMin", "reduceProd", "reduceStd", "reduceSum", "reduceVariance", "reshape"],
  ...["reverse", "round", "rsqrt", "scatterNd", "shape", "sigmoid", "sign", "sin", "sinh"],
  ...["size", "slice", "sort", "split", "sqrt", "square", "squaredDifference", "squeeze"],
  ...["stack", "stopGradient", "sub", "subtract", "synchronize", "tan", "tanh", "tensordot"],
  ...["tidy", "tile", "topk", "transpose", "unstack", "valueAndGrad", "where", "zeros"],
  "zerosLike",
  ...["config.getCpuKernels", "config.getSoftPlacements", "config.getTf32Enabled"],
  ...["config.setTf32Enabled", "config.getSoftDevicePlacement", "config.setSoftDevicePlacement"],
  "data.Dataset",
  "io.loadMetadata",
  ...["linalg.det", "linalg.einsum", "linalg.inv", "linalg.norm", "linalg.solve"],
  "linalg.tensordot",
  ...["nn.avgPool2d", "nn.elu", "nn.gelu", "nn.l2Loss", "nn.leakyRelu", "nn.logSoftmax"],
  ...["nn.maxPool2d", "nn.relu", "nn.relu6", "nn.selu", "nn.sigmoid", "nn.silu", "nn.softmax"],
  ...["nn.softplus", "nn.softsign", "random.setSeed"],
  ...["keras.activations.elu", "keras.activations.gelu", "keras.activations.get"],
  ...["keras.activations.linear", "keras.activations.relu", "keras.activations.sigmoid"],
  ...["keras.activations.silu", "keras.activations.softmax", "keras.activations.softplus"],
  "keras.activations.tanh",
  ...["keras.callbacks.Callback", "keras.callbacks.History"],
  ...["keras.regularizers.L1", "keras.regularizers.L2", "keras.regularizers.Regularizer"],
  ...["keras.regularizers.get", "keras.regularizers.l1", "keras.regularizers.l2"],
  "keras.KerasTensor",
  ...["keras.initializers.Initializer", "keras.initializers.Zeros", "keras.initializers.Ones"],
  ...["keras.initializers.computeFans", "keras.initializers.get"],
  ...["keras.losses.get", "keras.losses.meanAbsoluteError", "keras.losses.meanSquaredError"],
  ...["keras.metrics.accuracy", "keras.metrics.binaryAccuracy", "keras.metrics.get"],
  ...["keras.metrics.categoricalAccuracy", "keras.metrics.sparseCategoricalAccuracy"],
  "keras.optimizers.schedules.LearningRateSchedule",
  // numpy.ts: its I/O here, the function families in tests/np_options/.
  ...["np.savez", "np.savezCompressed", "np.savez_compressed"],
  ...NP_FAMILIES.flatMap((f) => f.NO_OPTIONS),
];

// deno-lint-ignore ban-types
const isClass = (f: Function): boolean => /^class\b/.test(Function.prototype.toString.call(f));

/** Every function and class exported, by its dotted name, walking namespaces once each. */
// deno-lint-ignore ban-types
function walk(ns: object, prefix: string, out: Map<string, Function>, seen: Set<object>): void {
  for (const [key, value] of Object.entries(ns)) {
    if (typeof value === "function") out.set(prefix + key, value);
    else if (value?.[Symbol.toStringTag] === "Module" && !seen.has(value)) {
      seen.add(value);
      walk(value, `${prefix}${key}.`, out, seen);
    }
  }
}
// deno-lint-ignore ban-types
const exported = new Map<string, Function>();
walk(tf, "", exported, new Set());
walk(np, "np.", exported, new Set());

/**
 * "Class#method" for every method, on an exported class or its base classes, declared with an
 * `options` parameter: named after the exported class that defines it (else the first exported
 * class that inherits it).
 */
function optionMethods(): Set<string> {
  // deno-lint-ignore ban-types
  const names = new Map<Function, string>();
  const classes = new Map([...exported].filter(([, f]) => isClass(f)).map(([n, f]) => [f, n]));
  for (const [cls, name] of classes) {
    for (
      let p = cls.prototype;
      p !== null && p !== Object.prototype;
      p = Object.getPrototypeOf(p)
    ) {
      for (const key of Object.getOwnPropertyNames(p)) {
        const m = Object.getOwnPropertyDescriptor(p, key)?.value;
        if (key === "constructor" || typeof m !== "function" || names.has(m)) continue;
        const source = Function.prototype.toString.call(m);
        if (!/\boptions\b/.test(source.slice(0, source.indexOf(")")))) continue;
        names.set(m, `${classes.get(p.constructor) ?? name}#${key}`);
      }
    }
  }
  return new Set(names.values());
}

Deno.test("every export is listed once: in OPTIONS or in NO_OPTIONS", () => {
  const both = NO_OPTIONS.filter((n) => Object.hasOwn(OPTIONS, n));
  if (both.length > 0) throw new Error(`listed in both OPTIONS and NO_OPTIONS: ${both.join(", ")}`);
  const listed = new Set([...Object.keys(OPTIONS).filter((n) => !n.includes("#")), ...NO_OPTIONS]);
  const missing = [...exported].filter(([n]) => !listed.has(n))
    .map(([n, f]) => `${n} (${isClass(f) ? "class" : "function"})`);
  if (missing.length > 0) {
    throw new Error(
      `exports in neither list (add a call to OPTIONS if it takes an options object, else the ` +
        `name to NO_OPTIONS): ${missing.join(", ")}`,
    );
  }
  const gone = [...listed].filter((n) => !exported.has(n));
  if (gone.length > 0) throw new Error(`listed names that are not exported: ${gone.join(", ")}`);
});

Deno.test("every method with an options parameter is in OPTIONS; every listed one exists", () => {
  const missing = [...optionMethods()].filter((n) => !Object.hasOwn(OPTIONS, n));
  if (missing.length > 0) throw new Error(`methods missing from OPTIONS: ${missing.join(", ")}`);
  const gone = Object.keys(OPTIONS).filter((n) => {
    const [cls, method] = n.split("#");
    return method !== undefined && typeof exported.get(cls)?.prototype?.[method] !== "function";
  });
  if (gone.length > 0) throw new Error(`listed methods that do not exist: ${gone.join(", ")}`);
});

/** A function that rethrows what `call(o)` threw (or rejected with), or returns. */
async function outcome(call: Call, o: unknown): Promise<() => void> {
  try {
    await call(o);
    return () => {};
  } catch (e) {
    return () => {
      throw e;
    };
  }
}

// Where a number takes the options' place in TF.js's positional form, 42 is read that way: it
// is still an error (the positional form needs more arguments), saying so.
const POSITIONAL_NUMBER: Record<string, string> = { "nn.conv2d": "positionally (TF.js)" };

for (const [name, call] of Object.entries(OPTIONS)) {
  Deno.test(`${name}: an unknown option key or a non-object options is an error`, async () => {
    const E = tf.InvalidArgumentError;
    assertThrows(await outcome(call, { bogusKey: 1 }), E, '"bogusKey"', "did you mean");
    assertThrows(await outcome(call, "options"), E, "must be an object");
    assertThrows(await outcome(call, 42), E, POSITIONAL_NUMBER[name] ?? "must be an object");
  });
}
