/**
 * Model: a Layer with training utilities (`compile`, `fit`, `evaluate`, `predict`, `summary`).
 * Subclass it and override `call`, or use Sequential.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { tidy } from "../memory.ts";
import { concat } from "../ops/movement.ts";
import {
  Adagrad,
  Adam,
  AdamW,
  type GradientPair,
  Optimizer,
  RMSprop,
  SGD,
} from "../optimizers/mod.ts";
import { GradientTape } from "../tape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { Callback, History, ProgbarLogger } from "./callbacks.ts";
import { asTensor, batchSizeOf, checkSameLength, permutation, rows, verbosityOf } from "./_data.ts";
import { Layer } from "./layer.ts";
import { get as getLoss, type Loss, type LossIdentifier } from "./losses.ts";
import { get as getMetric, Mean, type Metric, type MetricIdentifier } from "./metrics.ts";
import { type Logs, Progbar, type ProgressOutput, type Verbosity } from "./progress.ts";
import { summarize, type SummaryOptions } from "./_summary.ts";
import { checkOptions, keysOf } from "../options.ts";
import { loadModelWeights, saveModelWeights } from "../io/checkpoint.ts";
import type { FilePath } from "../io/files.ts";

/** Optimizer names that `compile` accepts (any case). */
export type OptimizerName = "sgd" | "adam" | "adamw" | "rmsprop" | "adagrad";

const OPTIMIZERS: Record<string, () => Optimizer> = {
  sgd: () => new SGD(),
  adam: () => new Adam(),
  adamw: () => new AdamW(),
  rmsprop: () => new RMSprop(),
  adagrad: () => new Adagrad(),
};

/** Options of `compile`. */
export interface CompileOptions {
  /** An optimizer, or its name with default settings (default "rmsprop", as Keras). */
  optimizer?: Optimizer | OptimizerName;
  /** A Loss, a function `(yTrue, yPred) => Tensor`, or a name such as "mse". */
  loss?: LossIdentifier;
  /** Metrics to report: names ("accuracy", "mse", ...), Metric objects or functions. */
  metrics?: readonly MetricIdentifier[];
}

/** Options of `fit`. */
export interface FitOptions {
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Examples per gradient step (default 32). */
  batchSize?: number;
  /** Shuffle the examples before each epoch (default true). */
  shuffle?: boolean;
  /** `[x, y]` evaluated after each epoch; its metrics are logged with a `val_` prefix. */
  validationData?: readonly [TensorLike, TensorLike];
  /** Hold out this fraction of the examples (the last ones) as validation data instead. */
  validationSplit?: number;
  /** Batch size of the validation (default `batchSize`). */
  validationBatchSize?: number;
  /** 0: silent; 1: progress bar (default); 2: one line per epoch. */
  verbose?: Verbosity;
  /** Callbacks, called in order (a History is added last and returned). */
  callbacks?: readonly Callback[];
  /** The shuffling seed: with it, the order of every epoch is the same on every run. */
  seed?: number;
  /** The epoch to start from, for resuming (default 0). */
  initialEpoch?: number;
  /** Where progress goes (default `Deno.stderr`). */
  progressOutput?: ProgressOutput;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Examples per batch (default 32). */
  batchSize?: number;
  /** 0: silent; 1: progress bar (default); 2: one line. */
  verbose?: Verbosity;
  /** Where progress goes (default `Deno.stderr`). */
  progressOutput?: ProgressOutput;
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Examples per batch (default 32). */
  batchSize?: number;
}

const COMPILE_KEYS = keysOf<CompileOptions>({ optimizer: true, loss: true, metrics: true });
const FIT_KEYS = keysOf<FitOptions>({
  epochs: true,
  batchSize: true,
  shuffle: true,
  validationData: true,
  validationSplit: true,
  validationBatchSize: true,
  verbose: true,
  callbacks: true,
  seed: true,
  initialEpoch: true,
  progressOutput: true,
});
const EVALUATE_KEYS = keysOf<EvaluateOptions>({
  batchSize: true,
  verbose: true,
  progressOutput: true,
});
const PREDICT_KEYS = keysOf<PredictOptions>({ batchSize: true });
const SUMMARY_KEYS = keysOf<SummaryOptions>({ lineLength: true, print: true });

/**
 * A trainable model: subclass it, hold variables and layers in public fields, override `call`.
 * After `compile`, `fit` trains it with a GradientTape and the optimizer, one `tf.tidy` per
 * step (memory stays flat), printing Keras-style progress to stderr.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class Linear extends tf.keras.Model {
 *   W = new tf.Variable(5.0, { name: "weight" });
 *   B = new tf.Variable(10.0, { name: "bias" });
 *   call(x: tf.Tensor) { return x.mul(this.W).add(this.B); }
 * }
 * const m = new Linear();
 * console.log(m.apply([1, 2]).tolist(), m.trainableVariables.length); // [15, 20] 2
 * m.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
 * m.fit([1, 2, 3, 4], [5, 7, 9, 11], { epochs: 400, verbose: 0 });
 * console.log((m.W.item() as number).toFixed(2), (m.B.item() as number).toFixed(2)); // 2.00 3.00
 * ```
 */
export abstract class Model extends Layer {
  /** Set it to true (from a callback) to end `fit` after the current batch. */
  stopTraining = false;
  #optimizer: Optimizer | null = null;
  #loss: Loss | null = null;
  #metrics: Metric[] = [];
  #lossTracker = new Mean({ name: "loss" });

  /** The optimizer given to `compile`, or null. */
  get optimizer(): Optimizer | null {
    return this.#optimizer;
  }

  /** The loss given to `compile`, or null. */
  get loss(): Loss | null {
    return this.#loss;
  }

  /** The loss tracker and the compiled metrics, whose results `fit` and `evaluate` log. */
  get metrics(): Metric[] {
    return this.#loss === null ? [...this.#metrics] : [this.#lossTracker, ...this.#metrics];
  }

  /** The keys of the logs: "loss" and the metric names. */
  get metricsNames(): string[] {
    return this.metrics.map((m) => m.name);
  }

  /**
   * Configures training: the optimizer, the loss and the metrics.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
   * model.compile({ optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"] });
   * console.log(model.metricsNames); // [ "loss", "accuracy" ]
   * ```
   */
  compile(options: CompileOptions = {}): void {
    checkOptions(options, COMPILE_KEYS, "compile options");
    const opt = options.optimizer ?? "rmsprop";
    let optimizer: Optimizer;
    if (opt instanceof Optimizer) optimizer = opt;
    else {
      const key = typeof opt === "string" ? opt.toLowerCase() : "";
      if (!Object.hasOwn(OPTIMIZERS, key)) {
        throw new InvalidArgumentError(
          `${this.name}.compile: unknown optimizer ${JSON.stringify(opt)}; expected an ` +
            `Optimizer or one of ${Object.keys(OPTIMIZERS).map((k) => `"${k}"`).join(", ")}`,
        );
      }
      optimizer = OPTIMIZERS[key]();
    }
    const loss = options.loss === undefined ? null : getLoss(options.loss);
    if (options.metrics !== undefined && !Array.isArray(options.metrics)) {
      throw new InvalidArgumentError(
        `${this.name}.compile: metrics must be an array, got ${String(options.metrics)}`,
      );
    }
    const metrics = (options.metrics ?? []).map((m) => getMetric(m));
    const names = new Set(["loss"]);
    for (const m of metrics) {
      if (names.has(m.name)) {
        throw new InvalidArgumentError(
          `${this.name}.compile: two metrics are named ${JSON.stringify(m.name)}`,
        );
      }
      names.add(m.name);
    }
    this.#optimizer = optimizer;
    this.#loss = loss;
    this.#metrics = metrics;
  }

  /** Resets the loss tracker and every metric. */
  resetMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /** The current result of every metric, by name. */
  #results(): Logs {
    return Object.fromEntries(this.metrics.map((m) => [m.name, m.result()]));
  }

  #compiled(op: string): [Optimizer, Loss] {
    if (this.#optimizer === null || this.#loss === null) {
      throw new InvalidArgumentError(
        `${this.name}.${op}: the model has no ${this.#optimizer === null ? "optimizer" : "loss"}` +
          `: call compile({ optimizer, loss }) first`,
      );
    }
    return [this.#optimizer, this.#loss];
  }

  #updateMetrics(y: Tensor, yPred: Tensor, loss: Tensor, batch: number): void {
    this.#lossTracker.updateState(loss, batch);
    for (const m of this.#metrics) m.updateState(y, yPred);
  }

  /**
   * One training step on a batch: forward pass with `training: true` under a GradientTape, the
   * loss, `optimizer.applyGradients`, the metrics. Returns the epoch's running metrics. `fit`
   * calls it inside `tf.tidy`; override it for custom training.
   */
  trainStep(x: Tensor, y: Tensor): Logs {
    const [optimizer, lossFn] = this.#compiled("trainStep");
    const tape = new GradientTape();
    let yPred: Tensor, loss: Tensor;
    let pairs: GradientPair[];
    try {
      yPred = this.apply(x, { training: true });
      loss = lossFn.apply(y, yPred);
      const vars = this.trainableVariables;
      const grads = tape.gradient(loss, vars);
      pairs = vars.map((v, i) => [grads[i], v] as const);
    } finally {
      tape[Symbol.dispose]();
    }
    optimizer.applyGradients(pairs);
    this.#updateMetrics(y, yPred, loss, x.shape[0]);
    return this.#results();
  }

  /** One evaluation step on a batch (`training: false`): updates the metrics, returns them. */
  testStep(x: Tensor, y: Tensor): Logs {
    const [, lossFn] = this.#compiled("testStep");
    const yPred = this.apply(x, { training: false });
    this.#updateMetrics(y, yPred, lossFn.apply(y, yPred), x.shape[0]);
    return this.#results();
  }

  /** One prediction step on a batch (`training: false`). */
  predictStep(x: Tensor): Tensor {
    return this.apply(x, { training: false });
  }

  /**
   * Trains for `epochs` passes over `x` and `y` in shuffled batches, then returns the History
   * of every epoch's logs (`loss`, the metrics, and `val_` ones with validation data). Progress
   * goes to stderr: `Epoch 3/10`, then a bar redrawn in place on a terminal, or one line per
   * epoch elsewhere.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * tf.random.setSeed(0);
   * const model = new tf.keras.Sequential([
   *   new tf.keras.layers.Dense({ units: 8, activation: "relu" }),
   *   new tf.keras.layers.Dense({ units: 1, activation: "sigmoid" }),
   * ]);
   * model.compile({ optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"] });
   * const x = tf.constant([[0, 0], [0, 1], [1, 0], [1, 1]]);
   * const y = tf.constant([[0], [1], [1], [1]]);
   * const history = model.fit(x, y, { epochs: 5, batchSize: 2, verbose: 0 });
   * console.log(Object.keys(history.history)); // [ "loss", "accuracy" ]
   * ```
   */
  fit(x: TensorLike, y: TensorLike, options: FitOptions = {}): History {
    const op = `${this.name}.fit`;
    const o = checkFitOptions(options, op);
    this.#compiled("fit");
    const owned: Tensor[] = [];
    const own = (t: [Tensor, boolean]): Tensor => {
      if (t[1]) owned.push(t[0]);
      return t[0];
    };
    try {
      let xs = own(asTensor(x, "x", op));
      let ys = own(asTensor(y, "y", op));
      let n = checkSameLength(xs, ys, op);
      let val: [Tensor, Tensor] | null = null;
      if (o.validationData !== undefined) {
        const vx = own(asTensor(o.validationData[0], "validationData[0]", op));
        const vy = own(asTensor(o.validationData[1], "validationData[1]", op));
        checkSameLength(vx, vy, `${op} (validationData)`);
        val = [vx, vy];
      } else if (o.validationSplit > 0) {
        const cut = Math.floor(n * (1 - o.validationSplit));
        if (cut === 0 || cut === n) {
          throw new InvalidArgumentError(
            `${op}: validationSplit ${o.validationSplit} of ${n} examples leaves no training ` +
              `or no validation examples`,
          );
        }
        val = [own([rows(xs, cut, n, null), true]), own([rows(ys, cut, n, null), true])];
        xs = own([rows(xs, 0, cut, null), true]);
        ys = own([rows(ys, 0, cut, null), true]);
        n = cut;
      }
      const steps = Math.ceil(n / o.batchSize);
      const history = new History();
      const callbacks: Callback[] = [
        ...(o.verbose === 0 ? [] : [
          new ProgbarLogger({ verbose: o.verbose, output: o.progressOutput }),
        ]),
        ...o.callbacks,
        history,
      ];
      for (const cb of callbacks) {
        cb.setModel(this);
        cb.setParams({ epochs: o.epochs, steps, verbose: o.verbose });
      }
      this.stopTraining = false;
      for (const cb of callbacks) cb.onTrainBegin();
      let epochLogs: Logs = {};
      for (let epoch = o.initialEpoch; epoch < o.epochs && !this.stopTraining; epoch++) {
        for (const cb of callbacks) cb.onEpochBegin(epoch);
        this.resetMetrics();
        const order = o.shuffle ? permutation(n, o.seed, epoch) : null;
        let logs: Logs = {};
        for (let step = 0; step < steps; step++) {
          for (const cb of callbacks) cb.onBatchBegin(step);
          const start = step * o.batchSize;
          const end = Math.min(n, start + o.batchSize);
          logs = tidy(() =>
            this.trainStep(rows(xs, start, end, order), rows(ys, start, end, order))
          );
          for (const cb of callbacks) cb.onBatchEnd(step, logs);
          if (this.stopTraining) break;
        }
        epochLogs = { ...logs };
        if (val !== null) {
          const v = this.evaluate(val[0], val[1], { batchSize: o.validationBatchSize, verbose: 0 });
          for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
        }
        for (const cb of callbacks) cb.onEpochEnd(epoch, epochLogs);
      }
      for (const cb of callbacks) cb.onTrainEnd(epochLogs);
      return history;
    } finally {
      for (const t of owned) t.dispose();
    }
  }

  /**
   * The loss and metrics over `x` and `y` (`training: false`), by name.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([
   *   new tf.keras.layers.Dense({ units: 1, kernelInitializer: "ones" }),
   * ]);
   * model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
   * console.log(model.evaluate([[1], [2]], [[1], [4]], { verbose: 0 })); // { loss: 2, mae: 1 }
   * ```
   */
  evaluate(x: TensorLike, y: TensorLike, options: EvaluateOptions = {}): Logs {
    const op = `${this.name}.evaluate`;
    checkOptions(options, EVALUATE_KEYS, "evaluate options");
    const batchSize = batchSizeOf(options?.batchSize ?? 32, op);
    const verbose = verbosityOf(options?.verbose ?? 1, op);
    this.#compiled("evaluate");
    const [xs, ownX] = asTensor(x, "x", op);
    let ys: Tensor | null = null, ownY = false;
    try {
      [ys, ownY] = asTensor(y, "y", op);
      const n = checkSameLength(xs, ys, op);
      const steps = Math.ceil(n / batchSize);
      const bar = verbose === 0
        ? null
        : new Progbar(steps, { verbose, output: options.progressOutput });
      this.resetMetrics();
      let logs: Logs = {};
      for (let step = 0; step < steps; step++) {
        const start = step * batchSize, end = Math.min(n, start + batchSize);
        const yb = ys;
        logs = tidy(() => this.testStep(rows(xs, start, end, null), rows(yb, start, end, null)));
        bar?.update(step + 1, logs);
      }
      return logs;
    } finally {
      if (ownX) xs.dispose();
      if (ownY) ys?.dispose();
    }
  }

  /**
   * The model's outputs for `x` (`training: false`), computed in batches and concatenated.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([
   *   new tf.keras.layers.Dense({ units: 2, kernelInitializer: "ones" }),
   * ]);
   * console.log(model.predict([[1], [2], [3]], { batchSize: 2 }).tolist()); // [ [ 1, 1 ], [ 2, 2 ], [ 3, 3 ] ]
   * ```
   */
  predict(x: TensorLike, options: PredictOptions = {}): Tensor {
    const op = `${this.name}.predict`;
    checkOptions(options, PREDICT_KEYS, "predict options");
    const batchSize = batchSizeOf(options?.batchSize ?? 32, op);
    const [xs, owned] = asTensor(x, "x", op);
    const outs: Tensor[] = [];
    try {
      const n = xs.shape[0];
      if (n === 0) throw new InvalidArgumentError(`${op}: x holds no examples`);
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        outs.push(tidy(() => this.predictStep(rows(xs, start, end, null))));
      }
      if (outs.length === 1) return outs.pop() as Tensor;
      return concat(outs, 0);
    } finally {
      for (const t of outs) t.dispose();
      if (owned) xs.dispose();
    }
  }

  /**
   * Saves every variable (trainable or not) to a `.safetensors` file or a `.npz` archive, by
   * extension, named by its attribute path (`W`, `layers/0/kernel`, ...: `namedVariables`). Needs
   * `--allow-write`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 2, inputShape: [3] })]);
   * const dir = Deno.makeTempDirSync();
   * model.saveWeights(`${dir}/weights.safetensors`);
   * console.log(Object.keys(tf.io.loadTensors(`${dir}/weights.safetensors`)).sort()); // [ "layers/0/bias", "layers/0/kernel" ]
   * Deno.removeSync(dir, { recursive: true });
   * ```
   */
  saveWeights(path: FilePath): void {
    saveModelWeights(this, path);
  }

  /**
   * Loads every variable from a file written by `saveWeights` (`.safetensors` or `.npz`). Names,
   * shapes and dtypes are all checked before any variable changes; a mismatch is an error that
   * lists what is missing, unexpected or different. The model must be built. Needs
   * `--allow-read`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const make = () => new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1, inputShape: [2] })]);
   * const a = make(), b = make();
   * const dir = Deno.makeTempDirSync();
   * a.saveWeights(`${dir}/w.npz`);
   * b.loadWeights(`${dir}/w.npz`);
   * console.log(tf.equal(a.predict([[1, 2]]), b.predict([[1, 2]])).tolist()); // [ [ true ] ]
   * Deno.removeSync(dir, { recursive: true });
   * ```
   */
  loadWeights(path: FilePath): void {
    loadModelWeights(this, path);
  }

  /**
   * A Keras-style table of the model's layers (name and type, output shape once known,
   * parameter count) and totals; printed with `console.log` and returned.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([
   *   new tf.keras.layers.Dense({ units: 4, inputShape: [2] }),
   *   new tf.keras.layers.Dense({ units: 1 }),
   * ]);
   * const text = model.summary({ print: false });
   * console.log(text.includes("Total params: 17")); // true
   * ```
   */
  summary(options?: SummaryOptions): string {
    checkOptions(options, SUMMARY_KEYS, "summary options");
    const text = summarize(this, options);
    if (options?.print ?? true) console.log(text);
    return text;
  }
}

interface CheckedFitOptions {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  validationData?: readonly [TensorLike, TensorLike];
  validationSplit: number;
  validationBatchSize: number;
  verbose: Verbosity;
  callbacks: readonly Callback[];
  seed?: number;
  initialEpoch: number;
  progressOutput?: ProgressOutput;
}

function checkFitOptions(options: FitOptions, op: string): CheckedFitOptions {
  checkOptions(options, FIT_KEYS, "fit options");
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new InvalidArgumentError(
      `${op}: epochs must be a non-negative integer, got ${String(epochs)}`,
    );
  }
  const batchSize = batchSizeOf(options.batchSize ?? 32, op);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== "boolean") {
    throw new InvalidArgumentError(`${op}: shuffle must be a boolean, got ${String(shuffle)}`);
  }
  const vd = options.validationData;
  if (vd !== undefined && (!Array.isArray(vd) || vd.length !== 2)) {
    throw new InvalidArgumentError(`${op}: validationData must be a pair [x, y]`);
  }
  const split = options.validationSplit ?? 0;
  if (typeof split !== "number" || !(split >= 0 && split < 1)) {
    throw new InvalidArgumentError(
      `${op}: validationSplit must be a number in [0, 1), got ${String(split)}`,
    );
  }
  const callbacks = options.callbacks ?? [];
  if (!Array.isArray(callbacks) || !callbacks.every((c) => c instanceof Callback)) {
    throw new InvalidArgumentError(`${op}: callbacks must be an array of Callback objects`);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new InvalidArgumentError(`${op}: seed must be an integer, got ${String(options.seed)}`);
  }
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new InvalidArgumentError(
      `${op}: initialEpoch must be a non-negative integer, got ${String(initialEpoch)}`,
    );
  }
  const out = options.progressOutput;
  if (
    out !== undefined &&
    (typeof out?.writeSync !== "function" || typeof out?.isTerminal !== "function")
  ) {
    throw new InvalidArgumentError(
      `${op}: progressOutput must have writeSync and isTerminal methods, like Deno.stderr`,
    );
  }
  return {
    epochs,
    batchSize,
    shuffle,
    validationData: vd,
    validationSplit: split,
    validationBatchSize: batchSizeOf(options.validationBatchSize ?? batchSize, op),
    verbose: verbosityOf(options.verbose ?? 1, op),
    callbacks,
    seed: options.seed,
    initialEpoch,
    progressOutput: out,
  };
}
