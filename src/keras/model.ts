/**
 * Model: a Layer with training utilities (`compile`, `fit`, `evaluate`, `predict`, `summary`).
 * Subclass it and override `call`, or use Sequential.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { tidy } from "../memory.ts";
import { add } from "../ops/binary.ts";
import { type GradientPair, Optimizer } from "../optimizers/mod.ts";
import { GradientTape } from "../tape.ts";
import type { Tensor } from "../tensor.ts";
import { type Callback, History, ProgbarLogger } from "./callbacks.ts";
import {
  ArraySource,
  batchSizeOf,
  type BatchSource,
  type DataElement,
  DatasetSource,
  examplesOf,
  isDataset,
  leaves,
  type Loop,
  type RawBatch,
  runAsync,
  runSync,
  stepsOf,
  structureRows,
  type TensorStructure,
  type TensorStructureLike,
  toStructure,
  verbosityOf,
} from "./_data.ts";
import {
  CompiledLoss,
  type CompiledMetric,
  compileMetrics,
  type OutputPart,
  splitOutputs,
  updateMetrics,
} from "./_compile.ts";
import { Layer } from "./layer.ts";
import { initModel, MODEL_KEYS, type ModelOptions } from "./functional.ts";
import type { Loss } from "./losses.ts";
import { Mean, type Metric } from "./metrics.ts";
import { type Logs, logValue, Progbar, write } from "./progress.ts";
import { summarize, type SummaryOptions } from "./_summary.ts";
import { checkOptions } from "../options.ts";
import { loadModelWeights, saveModelWeights } from "../io/checkpoint.ts";
import type { FilePath } from "../io/files.ts";

import {
  type CheckedFitOptions,
  checkFitOptions,
  checkProgressOutput,
  COMPILE_KEYS,
  type CompileOptions,
  datasetOptionError,
  EVALUATE_KEYS,
  type EvaluateOptions,
  type EvaluateResult,
  type FitOptions,
  isPlainRecord,
  OPTIMIZERS,
  PREDICT_KEYS,
  type Predicted,
  type PredictOptions,
  ranOutMessage,
  SUMMARY_KEYS,
} from "./_model_options.ts";
import {
  classWeightsFor,
  concatBatches,
  disposing,
  elementOf,
  type EvalPlan,
  type FitPlan,
  rowsOf,
  type StepLoss,
} from "./_batches.ts";

/**
 * A trainable model: subclass it, hold variables and layers in public fields, override `call`;
 * or construct `tf.keras.Model({ inputs, outputs })` from symbolic tensors (a functional model,
 * see `tf.keras.Input`). After `compile`, `fit` trains it with a GradientTape and the optimizer,
 * one `tf.tidy` per step (memory stays flat), printing Keras-style progress to stderr.
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
  #loss: CompiledLoss | null = null;
  #metrics: CompiledMetric[] = [];
  #lossTracker = new Mean({ name: "loss" });

  /**
   * Checks the options and names the model. With `inputs` and `outputs` (symbolic tensors) it is
   * a functional model whose `call` runs the layers between them; otherwise a subclass overrides
   * `call`. A subclass whose options extend ModelOptions passes their keys as `keys`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const inputs = tf.keras.Input({ shape: [2] });
   * const outputs = new tf.keras.layers.Dense({ units: 1, kernelInitializer: "ones" }).apply(inputs);
   * const model = new tf.keras.Model({ inputs, outputs });
   * console.log(model.apply([[1, 2]]).tolist(), model.layers.length); // [ [ 3 ] ] 2
   * ```
   */
  constructor(options?: ModelOptions, keys: readonly string[] = MODEL_KEYS, baseName?: string) {
    super(options, keys, baseName);
    initModel(this, options);
  }

  /** The optimizer given to `compile`, or null. */
  get optimizer(): Optimizer | null {
    return this.#optimizer;
  }

  /** The loss given to `compile` (resolved: a Loss, or one per output), or null. */
  get loss(): Loss | (Loss | null)[] | Record<string, Loss | null> | null {
    return this.#loss?.losses ?? null;
  }

  /**
   * The metrics whose results `fit` and `evaluate` log, in Keras's order: the loss tracker, the
   * compiled metrics and weighted metrics, then (several losses) each output's loss tracker.
   */
  get metrics(): Metric[] {
    return this.#entries().map(([, m]) => m);
  }

  /** The keys of the logs, in the order of `metrics`: "loss" and the metric names. */
  get metricsNames(): string[] {
    return this.#entries().map(([k]) => k);
  }

  #entries(): [string, Metric][] {
    const compiled = this.#metrics.map((m): [string, Metric] => [m.key, m.metric]);
    if (this.#loss === null) return compiled;
    return [
      ["loss", this.#lossTracker],
      ...compiled,
      ...this.#loss.trackers.map((t): [string, Metric] => [t.key, t.metric]),
    ];
  }

  /**
   * The names of the outputs of an array of outputs, when the model has them (an `outputNames`
   * array of strings); else null (`output_1`, `output_2`, ... are used).
   */
  #outputNames(): readonly string[] | null {
    const names = (this as unknown as { outputNames?: unknown }).outputNames;
    return Array.isArray(names) && names.every((n) => typeof n === "string") ? names : null;
  }

  /**
   * Configures training: the optimizer, the loss (one per output for a model with several, with
   * `lossWeights`), the metrics, and `weightedMetrics` (metrics that see the sample weights).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
   * model.compile({
   *   optimizer: "adam",
   *   loss: "binary_crossentropy",
   *   metrics: ["accuracy"],
   *   weightedMetrics: ["accuracy"],
   * });
   * console.log(model.metricsNames); // [ "loss", "accuracy", "weighted_accuracy" ]
   * ```
   */
  compile(options: CompileOptions = {}): void {
    checkOptions(options, COMPILE_KEYS, "compile options");
    const op = `${this.name}.compile`;
    const opt = options.optimizer ?? "rmsprop";
    let optimizer: Optimizer;
    if (opt instanceof Optimizer) optimizer = opt;
    else {
      const key = typeof opt === "string" ? opt.toLowerCase() : "";
      if (!Object.hasOwn(OPTIMIZERS, key)) {
        throw new InvalidArgumentError(
          `${op}: unknown optimizer ${JSON.stringify(opt)}; expected an ` +
            `Optimizer or one of ${Object.keys(OPTIMIZERS).map((k) => `"${k}"`).join(", ")}`,
        );
      }
      optimizer = OPTIMIZERS[key]();
    }
    if (options.loss === undefined && options.lossWeights !== undefined) {
      throw new InvalidArgumentError(`${op}: lossWeights needs a loss`);
    }
    const loss = options.loss === undefined || options.loss === null
      ? null
      : new CompiledLoss(options.loss, options.lossWeights, op);
    const isList = (v: unknown): boolean => Array.isArray(v) || isPlainRecord(v);
    const specs = { metrics: options.metrics, weightedMetrics: options.weightedMetrics };
    for (const [what, spec] of Object.entries(specs)) {
      if (spec !== undefined && !isList(spec)) {
        const got = String(spec);
        throw new InvalidArgumentError(
          `${op}: ${what} must be an array (or, for several outputs, a record), got ${got}`,
        );
      }
    }
    const perOutput = loss !== null && isList(loss.losses) ||
      [options.metrics, options.weightedMetrics].some((s) =>
        Array.isArray(s) && s.some((m) => Array.isArray(m) || m === null)
      );
    const metrics = compileMetrics(
      options.metrics,
      options.weightedMetrics,
      perOutput,
      this.#outputNames(),
      op,
    );
    this.#optimizer = optimizer;
    this.#loss = loss;
    this.#metrics = metrics;
  }

  /** Resets the loss tracker and every metric. */
  resetMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /** The current result of every metric, by log key, read by value (numbers). */
  #results(): Logs {
    return Object.fromEntries(this.#entries().map(([k, m]) => [k, logValue(m.result())]));
  }

  #compiled(op: string): [Optimizer, CompiledLoss] {
    if (this.#optimizer === null || this.#loss === null) {
      throw new InvalidArgumentError(
        `${this.name}.${op}: the model has no ${this.#optimizer === null ? "optimizer" : "loss"}` +
          `: call compile({ optimizer, loss }) first`,
      );
    }
    return [this.#optimizer, this.#loss];
  }

  /** The model's outputs for `x`. */
  #forward(x: TensorStructure, training: boolean): TensorStructure {
    return this.apply<TensorStructure>(x, { training });
  }

  /** The compiled loss of a step and the model's `losses` (regularization) added to it. */
  #stepLoss(
    compiled: CompiledLoss,
    y: TensorStructure | null,
    yPred: TensorStructure,
    sampleWeight: TensorStructure | null,
    op: string,
  ): StepLoss {
    const parts = splitOutputs(y, yPred, sampleWeight, this.#outputNames(), op);
    const { total, each } = compiled.compute(parts, op);
    return { parts, total: this.losses.reduce((sum, l) => add(sum, l), total), each };
  }

  #updateMetrics(
    parts: readonly OutputPart[],
    total: Tensor,
    each: readonly [string, Tensor][],
    x: TensorStructure,
    op: string,
  ): void {
    const batch = leaves(x)[0]?.shape[0] ?? 1;
    this.#lossTracker.updateState(total, batch);
    this.#loss?.updateTrackers(each, batch);
    updateMetrics(this.#metrics, parts, op);
  }

  /**
   * One training step on a batch, as Keras's `train_step`: the forward pass with
   * `training: true` under a GradientTape, the loss (each example's loss times its sample
   * weight, reduced by the compiled Loss; several outputs summed with their `lossWeights`) plus
   * the regularization penalties of `losses`, `optimizer.applyGradients`, the metrics (weighted
   * metrics with the sample weights). Returns the epoch's running metrics. `fit` calls it inside
   * `tf.tidy`; override it for custom training.
   */
  trainStep(
    x: TensorStructure,
    y: TensorStructure | null,
    sampleWeight: TensorStructure | null = null,
  ): Logs {
    const op = `${this.name}.trainStep`;
    const [optimizer, compiled] = this.#compiled("trainStep");
    const tape = new GradientTape();
    let step: StepLoss;
    let pairs: GradientPair[];
    try {
      step = this.#stepLoss(compiled, y, this.#forward(x, true), sampleWeight, op);
      const vars = this.trainableVariables;
      const grads = tape.gradient(step.total, vars);
      pairs = vars.map((v, i) => [grads[i], v] as const);
    } finally {
      tape.release();
    }
    optimizer.applyGradients(pairs);
    this.#updateMetrics(step.parts, step.total, step.each, x, op);
    return this.#results();
  }

  /**
   * One evaluation step on a batch (`training: false`): the loss as in `trainStep` (with the
   * regularization penalties, as Keras) and the metrics; returns them.
   */
  testStep(
    x: TensorStructure,
    y: TensorStructure | null,
    sampleWeight: TensorStructure | null = null,
  ): Logs {
    const op = `${this.name}.testStep`;
    const [, compiled] = this.#compiled("testStep");
    const step = this.#stepLoss(compiled, y, this.#forward(x, false), sampleWeight, op);
    this.#updateMetrics(step.parts, step.total, step.each, x, op);
    return this.#results();
  }

  /** One prediction step on a batch (`training: false`). */
  predictStep(x: TensorStructure): TensorStructure {
    return this.#forward(x, false);
  }

  /**
   * Trains for `epochs` passes over `x` and `y` in shuffled batches, or over a data set, then
   * returns the History of every epoch's logs (`loss`, the metrics, and `val_` ones with
   * validation data). Progress goes to stderr: `Epoch 3/10`, then a bar redrawn in place on a
   * terminal, or one line per epoch elsewhere.
   *
   * `x` and `y` are tensors (or what `tf.constant` takes), or for several inputs or outputs
   * arrays or records of them, all with the same number of examples; `call` receives `x` in
   * that form. A data set is any object with `[Symbol.iterator]` or `[Symbol.asyncIterator]`
   * whose elements are batches `[x, y]` or `[x, y, sampleWeight]` (`fit(dataset, options)`;
   * an epoch is one pass, or `stepsPerEpoch` batches). `fit` on arrays or on a synchronous
   * iterable returns the History; on an async-only iterable it returns a Promise of it.
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
   * // A data set: any (async) iterable of [x, y] batches.
   * async function* batches() {
   *   yield [x.at("0:2"), y.at("0:2")];
   *   yield [x.at("2:"), y.at("2:")];
   * }
   * const more = await model.fit({ [Symbol.asyncIterator]: batches }, { epochs: 2, verbose: 0 });
   * console.log(more.epoch); // [ 0, 1 ]
   * ```
   */
  fit(x: TensorStructureLike, y: TensorStructureLike, options?: FitOptions): History;
  fit(dataset: Iterable<DataElement>, options?: FitOptions): History;
  fit(dataset: AsyncIterable<DataElement>, options?: FitOptions): Promise<History>;
  fit(
    x: TensorStructureLike | Iterable<DataElement> | AsyncIterable<DataElement>,
    yOrOptions?: TensorStructureLike | FitOptions,
    options?: FitOptions,
  ): History | Promise<History> {
    const op = `${this.name}.fit`;
    const { y, opts } = this.#splitArguments(x, yOrOptions, options, "fit", op);
    const o = checkFitOptions(opts ?? {}, op, isDataset(x));
    this.#compiled("fit");
    const owned: Tensor[] = [];
    try {
      const plan = isDataset(x)
        ? this.#datasetFitPlan(x, o, op, owned)
        : this.#arrayFitPlan(x as TensorStructureLike, y as TensorStructureLike, o, op, owned);
      const loop = disposing(this.#fitLoop(plan, o, op), owned);
      return plan.async ? runAsync(loop) : runSync(loop);
    } catch (e) {
      for (const t of owned) t.dispose();
      throw e;
    }
  }

  /** `(x, y, options)` or `(dataset, options)`: which one, checked. */
  #splitArguments<O>(
    x: unknown,
    yOrOptions: unknown,
    options: O | undefined,
    method: string,
    op: string,
  ): { y: TensorStructureLike | undefined; opts: O | undefined } {
    if (isDataset(x)) {
      if (options !== undefined) {
        throw new InvalidArgumentError(
          `${op}: a data set yields its own targets: call ${method}(dataset, options), not ` +
            `${method}(dataset, y, options)`,
        );
      }
      return { y: undefined, opts: yOrOptions as O | undefined };
    }
    if (yOrOptions === undefined || yOrOptions === null) {
      throw new InvalidArgumentError(
        `${op}: y is missing: call ${method}(x, y, options) with arrays, or ${method}(dataset, ` +
          `options) with an iterable of [x, y] batches (not an Array: an Array is x)`,
      );
    }
    return { y: yOrOptions as TensorStructureLike, opts: options };
  }

  /** The validation part of a fit plan, or null. */
  #validationPlan(
    o: CheckedFitOptions,
    op: string,
    owned: Tensor[],
    split: { x: TensorStructure; y: TensorStructure; sw: TensorStructure | null } | null,
  ): EvalPlan | null {
    const vd = o.validationData;
    if (split !== null) {
      const n = leaves(split.x)[0].shape[0];
      return {
        source: new ArraySource(n, o.validationBatchSize, false, undefined),
        materialize: rowsOf(split.x, split.y, split.sw),
        async: false,
      };
    }
    if (vd === undefined) {
      if (o.validationSteps !== undefined) {
        throw new InvalidArgumentError(`${op}: validationSteps needs validationData`);
      }
      return null;
    }
    if (isDataset(vd)) {
      if (o.validationBatchSizeGiven) {
        throw new InvalidArgumentError(
          `${op}: validationBatchSize cannot be used with a validation data set: it batches itself`,
        );
      }
      const source = new DatasetSource(vd, o.validationSteps, true, op);
      return { source, materialize: elementOf(null, op, true), async: source.async };
    }
    if (o.validationSteps !== undefined) {
      throw new InvalidArgumentError(
        `${op}: validationSteps is for a validation data set; with arrays every batch is evaluated`,
      );
    }
    const arr = vd as readonly TensorStructureLike[];
    const vx = toStructure(arr[0], "validationData[0]", op, owned);
    const vy = toStructure(arr[1], "validationData[1]", op, owned);
    const vw = arr.length === 3 ? toStructure(arr[2], "validationData[2]", op, owned) : null;
    const n = examplesOf(
      [
        ["validationData[0]", vx],
        ["validationData[1]", vy],
        ...(vw ? [["validationData[2]", vw] as [string, TensorStructure]] : []),
      ],
      op,
    );
    return {
      source: new ArraySource(n, o.validationBatchSize, false, undefined),
      materialize: rowsOf(vx, vy, vw),
      async: false,
    };
  }

  #arrayFitPlan(
    x: TensorStructureLike,
    y: TensorStructureLike,
    o: CheckedFitOptions,
    op: string,
    owned: Tensor[],
  ): FitPlan {
    let xs = toStructure(x, "x", op, owned);
    let ys = toStructure(y, "y", op, owned);
    let sw = o.sampleWeight === undefined
      ? null
      : toStructure(o.sampleWeight, "sampleWeight", op, owned);
    let n = examplesOf(
      [["x", xs], ["y", ys], ...(sw ? [["sampleWeight", sw] as [string, TensorStructure]] : [])],
      op,
    );
    let split: { x: TensorStructure; y: TensorStructure; sw: TensorStructure | null } | null = null;
    if (o.validationData === undefined && o.validationSplit > 0) {
      const cut = Math.floor(n * (1 - o.validationSplit));
      if (cut === 0 || cut === n) {
        throw new InvalidArgumentError(
          `${op}: validationSplit ${o.validationSplit} of ${n} examples leaves no training ` +
            `or no validation examples`,
        );
      }
      const part = (s: TensorStructure, a: number, b: number): TensorStructure => {
        const r = structureRows(s, a, b, null);
        owned.push(...leaves(r));
        return r;
      };
      split = { x: part(xs, cut, n), y: part(ys, cut, n), sw: sw && part(sw, cut, n) };
      [xs, ys, sw] = [part(xs, 0, cut), part(ys, 0, cut), sw && part(sw, 0, cut)];
      n = cut;
    }
    if (o.classWeight !== null) {
      sw = classWeightsFor(ys, sw, o.classWeight, op);
      owned.push(sw as Tensor);
    }
    const val = this.#validationPlan(o, op, owned, split);
    if (val?.async) {
      throw new InvalidArgumentError(
        `${op}: fit(x, y) is synchronous, so its validation data set must be synchronous too ` +
          `([Symbol.iterator]); this one is async only: use fit(dataset, options)`,
      );
    }
    return {
      train: new ArraySource(n, o.batchSize, o.shuffle, o.seed),
      materialize: rowsOf(xs, ys, sw),
      val,
      async: false,
    };
  }

  #datasetFitPlan(
    ds: Iterable<unknown> | AsyncIterable<unknown>,
    o: CheckedFitOptions,
    op: string,
    owned: Tensor[],
  ): FitPlan {
    const train = new DatasetSource(ds, o.stepsPerEpoch, false, op);
    const val = this.#validationPlan(o, op, owned, null);
    return {
      train,
      materialize: elementOf(o.classWeight, op, true),
      val,
      async: train.async || (val?.async ?? false),
    };
  }

  *#fitLoop(plan: FitPlan, o: CheckedFitOptions, op: string): Loop<History> {
    const history = new History();
    const callbacks: Callback[] = [
      ...(o.verbose === 0 ? [] : [
        new ProgbarLogger({ verbose: o.verbose, output: o.progressOutput }),
      ]),
      ...o.callbacks,
      history,
    ];
    let steps = plan.train.steps;
    for (const cb of callbacks) {
      cb.setModel(this);
      cb.setParams({ epochs: o.epochs, steps, verbose: o.verbose });
    }
    this.stopTraining = false;
    for (const cb of callbacks) cb.onTrainBegin();
    let epochLogs: Logs = {};
    try {
      for (let epoch = o.initialEpoch; epoch < o.epochs && !this.stopTraining; epoch++) {
        if (plan.train.steps !== steps) {
          steps = plan.train.steps;
          for (const cb of callbacks) cb.setParams({ epochs: o.epochs, steps, verbose: o.verbose });
        }
        for (const cb of callbacks) cb.onEpochBegin(epoch);
        this.resetMetrics();
        plan.train.begin(epoch);
        let logs: Logs | null = null;
        for (let step = 0;; step++) {
          const raw = yield* plan.train.next();
          if (raw === null) break;
          for (const cb of callbacks) cb.onBatchBegin(step);
          logs = tidy(() => {
            const b = plan.materialize(raw);
            return this.trainStep(b.x, b.y, b.sw);
          });
          for (const cb of callbacks) cb.onBatchEnd(step, logs);
          if (this.stopTraining) break;
        }
        const ranOut = plan.train instanceof DatasetSource && plan.train.ranOut;
        if (logs === null) {
          if (epoch === o.initialEpoch && !ranOut) {
            throw new InvalidArgumentError(`${op}: the data set yielded no batches`);
          }
          write(o.progressOutput ?? Deno.stderr, ranOutMessage(o));
          break;
        }
        epochLogs = { ...logs };
        if (plan.val !== null) {
          const v = yield* this.#evaluateLoop(plan.val, null, `${op} (validation)`);
          for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
        }
        for (const cb of callbacks) cb.onEpochEnd(epoch, epochLogs);
        if (ranOut) {
          write(o.progressOutput ?? Deno.stderr, ranOutMessage(o));
          this.stopTraining = true;
        }
      }
    } finally {
      yield* plan.train.close();
    }
    for (const cb of callbacks) cb.onTrainEnd(epochLogs);
    return history;
  }

  /** Evaluates a plan: a pass (or `steps` batches) of test steps; the last logs. */
  *#evaluateLoop(plan: EvalPlan, bar: Progbar | null, op: string): Loop<Logs> {
    this.resetMetrics();
    plan.source.begin(0);
    let logs: Logs | null = null;
    let step = 0;
    try {
      for (;;) {
        const raw = yield* plan.source.next();
        if (raw === null) break;
        logs = tidy(() => {
          const b = plan.materialize(raw);
          return this.testStep(b.x, b.y, b.sw);
        });
        step++;
        bar?.update(step, logs);
      }
    } finally {
      yield* plan.source.close();
    }
    if (logs === null) throw new InvalidArgumentError(`${op}: the data yielded no batches`);
    if (bar !== null && (bar.target === null || step < bar.target)) {
      bar.target = step;
      bar.update(step, logs, true);
    }
    return logs;
  }

  /**
   * The loss and metrics over `x` and `y` (`training: false`), as Keras 3 returns them:
   * `[loss, ...metrics]` in `metricsNames` order, the loss alone when there are no metrics, or
   * the record with `returnDict: true`. `x` may be a data set of `[x, y]` batches
   * (`evaluate(dataset, options)`); an async-only one gives a Promise.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([
   *   new tf.keras.layers.Dense({ units: 1, kernelInitializer: "ones" }),
   * ]);
   * model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
   * console.log(model.evaluate([[1], [2]], [[1], [4]], { verbose: 0 })); // [ 2, 1 ]
   * console.log(model.evaluate([[1], [2]], [[1], [4]], { verbose: 0, returnDict: true })); // { loss: 2, mae: 1 }
   * ```
   */
  evaluate(
    x: TensorStructureLike,
    y: TensorStructureLike,
    options: EvaluateOptions & { returnDict: true },
  ): Logs;
  evaluate(
    x: TensorStructureLike,
    y: TensorStructureLike,
    options?: EvaluateOptions,
  ): EvaluateResult;
  evaluate(dataset: Iterable<DataElement>, options: EvaluateOptions & { returnDict: true }): Logs;
  evaluate(dataset: Iterable<DataElement>, options?: EvaluateOptions): EvaluateResult;
  evaluate(
    dataset: AsyncIterable<DataElement>,
    options: EvaluateOptions & { returnDict: true },
  ): Promise<Logs>;
  evaluate(dataset: AsyncIterable<DataElement>, options?: EvaluateOptions): Promise<EvaluateResult>;
  evaluate(
    x: TensorStructureLike | Iterable<DataElement> | AsyncIterable<DataElement>,
    yOrOptions?: TensorStructureLike | EvaluateOptions,
    options?: EvaluateOptions,
  ): Logs | EvaluateResult | Promise<Logs | EvaluateResult> {
    const op = `${this.name}.evaluate`;
    const { y, opts } = this.#splitArguments(x, yOrOptions, options, "evaluate", op);
    checkOptions(opts, EVALUATE_KEYS, "evaluate options");
    const verbose = verbosityOf(opts?.verbose ?? 1, op);
    const steps = stepsOf(opts?.steps, "steps", op);
    const returnDict = opts?.returnDict ?? false;
    if (typeof returnDict !== "boolean") {
      throw new InvalidArgumentError(
        `${op}: returnDict must be a boolean, got ${String(returnDict)}`,
      );
    }
    checkProgressOutput(opts?.progressOutput, op);
    this.#compiled("evaluate");
    const owned: Tensor[] = [];
    try {
      let plan: EvalPlan;
      if (isDataset(x)) {
        for (const key of ["batchSize", "sampleWeight"] as const) {
          if (opts?.[key] !== undefined) throw datasetOptionError(op, key);
        }
        const source = new DatasetSource(x, steps, true, op);
        plan = { source, materialize: elementOf(null, op, true), async: source.async };
      } else {
        const batchSize = batchSizeOf(opts?.batchSize ?? 32, op);
        const xs = toStructure(x as TensorStructureLike, "x", op, owned);
        const ys = toStructure(y as TensorStructureLike, "y", op, owned);
        const sw = opts?.sampleWeight === undefined
          ? null
          : toStructure(opts.sampleWeight, "sampleWeight", op, owned);
        const n = examplesOf(
          [
            ["x", xs],
            ["y", ys],
            ...(sw ? [["sampleWeight", sw] as [string, TensorStructure]] : []),
          ],
          op,
        );
        const source = new ArraySource(n, batchSize, false, undefined);
        if (steps !== undefined) source.steps = Math.min(source.steps, steps);
        plan = { source, materialize: rowsOf(xs, ys, sw), async: false };
      }
      const bar = verbose === 0
        ? null
        : new Progbar(plan.source.steps, { verbose, output: opts?.progressOutput });
      const loop = disposing(this.#evaluateResult(plan, bar, op, returnDict), owned);
      return plan.async ? runAsync(loop) : runSync(loop);
    } catch (e) {
      for (const t of owned) t.dispose();
      throw e;
    }
  }

  *#evaluateResult(
    plan: EvalPlan,
    bar: Progbar | null,
    op: string,
    returnDict: boolean,
  ): Loop<Logs | EvaluateResult> {
    const logs = yield* this.#evaluateLoop(plan, bar, op);
    return returnDict ? logs : this.#evaluateList(logs);
  }

  /** Keras's `_flatten_metrics_in_order`: `metricsNames` order, others sorted; one is a number. */
  #evaluateList(logs: Logs): EvaluateResult {
    const names = this.metricsNames;
    const out = names.filter((k) => Object.hasOwn(logs, k)).map((k) => logs[k]);
    for (const k of Object.keys(logs).sort()) if (!names.includes(k)) out.push(logs[k]);
    return out.length === 1 ? out[0] : out;
  }

  /**
   * The model's outputs for `x` (`training: false`), computed in batches and concatenated; for a
   * model with several outputs, an array or record of them (name the type:
   * `model.predict<tf.Tensor[]>(x)`). `x` may be a data set of `x` (or `[x, ...]`) batches; an
   * async-only one gives a Promise.
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
  predict<R extends TensorStructure = never>(
    x: TensorStructureLike,
    options?: PredictOptions,
  ): Predicted<NoInfer<R>>;
  predict<R extends TensorStructure = never>(
    dataset: Iterable<DataElement>,
    options?: PredictOptions,
  ): Predicted<NoInfer<R>>;
  predict<R extends TensorStructure = never>(
    dataset: AsyncIterable<DataElement>,
    options?: PredictOptions,
  ): Promise<Predicted<NoInfer<R>>>;
  predict(
    x: TensorStructureLike | Iterable<DataElement> | AsyncIterable<DataElement>,
    options?: PredictOptions,
  ): TensorStructure | Promise<TensorStructure> {
    const op = `${this.name}.predict`;
    checkOptions(options, PREDICT_KEYS, "predict options");
    const steps = stepsOf(options?.steps, "steps", op);
    const owned: Tensor[] = [];
    try {
      let source: BatchSource;
      let materialize: (raw: RawBatch) => TensorStructure;
      let isAsync = false;
      if (isDataset(x)) {
        if (options?.batchSize !== undefined) throw datasetOptionError(op, "batchSize");
        const ds = new DatasetSource(x, steps, true, op);
        source = ds;
        isAsync = ds.async;
        const element = elementOf(null, op, false);
        materialize = (raw) => element(raw).x;
      } else {
        const batchSize = batchSizeOf(options?.batchSize ?? 32, op);
        const xs = toStructure(x as TensorStructureLike, "x", op, owned);
        const n = leaves(xs)[0].shape[0];
        if (n === 0) throw new InvalidArgumentError(`${op}: x holds no examples`);
        examplesOf([["x", xs]], op);
        const arr = new ArraySource(n, batchSize, false, undefined);
        if (steps !== undefined) arr.steps = Math.min(arr.steps, steps);
        source = arr;
        materialize = (raw) =>
          raw.kind === "rows" ? structureRows(xs, raw.start, raw.end, raw.order) : xs;
      }
      const loop = disposing(this.#predictLoop(source, materialize, op), owned);
      return isAsync ? runAsync(loop) : runSync(loop);
    } catch (e) {
      for (const t of owned) t.dispose();
      throw e;
    }
  }

  /** Predicts every batch of a source and concatenates the outputs. */
  *#predictLoop(
    source: BatchSource,
    materialize: (raw: RawBatch) => TensorStructure,
    op: string,
  ): Loop<TensorStructure> {
    const outs: TensorStructure[] = [];
    source.begin(0);
    try {
      for (;;) {
        const raw = yield* source.next();
        if (raw === null) break;
        outs.push(tidy(() => this.predictStep(materialize(raw))));
      }
    } catch (e) {
      for (const o of outs) for (const t of leaves(o)) t.dispose();
      throw e;
    } finally {
      yield* source.close();
    }
    if (outs.length === 0) throw new InvalidArgumentError(`${op}: the data yielded no batches`);
    if (outs.length === 1) return outs[0];
    try {
      return concatBatches(outs);
    } finally {
      for (const o of outs) for (const t of leaves(o)) t.dispose();
    }
  }

  /**
   * Saves every variable (trainable or not) to a `.safetensors` file or a `.npz` archive, by
   * extension, named by its attribute path (`W`, `layers/0/kernel`, ...: `namedVariables`). A
   * path with neither extension gets `.safetensors` appended (Keras 3 wants `.weights.h5`, which
   * is not written here; NumPy's `save` appends `.npy` the same way); `.h5` and `.keras` are
   * errors. Returns the path written. Needs `--allow-write`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 2, inputShape: [3] })]);
   * const dir = Deno.makeTempDirSync();
   * model.saveWeights(`${dir}/weights.safetensors`);
   * console.log(Object.keys(tf.io.loadTensors(`${dir}/weights.safetensors`)).sort()); // [ "layers/0/bias", "layers/0/kernel" ]
   * console.log(model.saveWeights(`${dir}/ckpt`) === `${dir}/ckpt.safetensors`); // true
   * Deno.removeSync(dir, { recursive: true });
   * ```
   */
  saveWeights(path: FilePath): FilePath {
    return saveModelWeights(this, path);
  }

  /**
   * Loads every variable from a file written by `saveWeights` (`.safetensors` or `.npz`; a path
   * with neither gets `.safetensors` appended, as `saveWeights` does). Names, shapes and dtypes
   * are all checked before any variable changes; a mismatch is an error that lists what is
   * missing, unexpected or different. The model must be built. Needs `--allow-read`.
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
