/**
 * `tf.keras.callbacks`: hooks into `fit` (Callback), the History that `fit` returns,
 * EarlyStopping, ModelCheckpoint, and the ProgbarLogger that prints progress.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { keep } from "../memory.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import type { Model } from "./model.ts";
import { type Logs, logValue, Progbar, type ProgressOutput, write } from "./progress.ts";
import { type FormatValue, pyFormat, pyFormatNumber } from "./_pyformat.ts";

export { type Logs, Progbar, type ProgbarOptions, type ProgressOutput } from "./progress.ts";

/** What `fit` tells its callbacks before training. */
export interface TrainingParams {
  /** The number of epochs asked for. */
  epochs: number;
  /** Batches per epoch; null while unknown (the first pass over a data set without a length). */
  steps: number | null;
  /** The verbosity of `fit`. */
  verbose: number;
}

/**
 * Base class of callbacks: override the hooks you need. `model` and `params` are set by `fit`.
 * Set `this.model.stopTraining = true` to end training after the current batch or epoch.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class StopAt extends tf.keras.callbacks.Callback {
 *   override onEpochEnd(epoch: number, logs?: tf.keras.callbacks.Logs) {
 *     if ((logs?.loss ?? Infinity) < 0.5 && this.model) this.model.stopTraining = true;
 *   }
 * }
 * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
 * model.compile({ optimizer: "sgd", loss: "mse" });
 * model.fit([[0], [1]], [[0], [0]], { epochs: 3, verbose: 0, callbacks: [new StopAt()] });
 * ```
 */
export class Callback {
  /** The model being trained (set by `fit`). */
  model: Model | null = null;
  /** Epochs, steps and verbosity of the current `fit` (set by `fit`). */
  params: TrainingParams | null = null;

  /** Called by `fit` with the model being trained. */
  setModel(model: Model): void {
    this.model = model;
  }

  /** Called by `fit` with its parameters. */
  setParams(params: TrainingParams): void {
    this.params = params;
  }

  /** Before the first epoch. */
  onTrainBegin(_logs?: Logs): void {}

  /** After the last epoch, with the last epoch's logs. */
  onTrainEnd(_logs?: Logs): void {}

  /** Before each epoch (counted from 0). */
  onEpochBegin(_epoch: number, _logs?: Logs): void {}

  /** After each epoch, with its logs (validation metrics prefixed `val_`). */
  onEpochEnd(_epoch: number, _logs?: Logs): void {}

  /** Before each batch (counted from 0 in each epoch). */
  onBatchBegin(_batch: number, _logs?: Logs): void {}

  /** After each batch, with the epoch's running metrics. */
  onBatchEnd(_batch: number, _logs?: Logs): void {}
}

/**
 * Records every epoch's logs: `history.history.loss[i]` is epoch i's loss. `fit` returns it.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
 * model.compile({ optimizer: "sgd", loss: "mse" });
 * const history = model.fit([[0], [1]], [[0], [1]], { epochs: 2, verbose: 0 });
 * console.log(Object.keys(history.history), history.epoch); // [ "loss" ] [ 0, 1 ]
 * ```
 */
export class History extends Callback {
  /** The epochs recorded, counted from 0. */
  epoch: number[] = [];
  /** Each metric's value per epoch. */
  history: Record<string, number[]> = {};

  /** Starts a new record of epochs. */
  override onTrainBegin(): void {
    this.epoch = [];
  }

  /**
   * Appends the epoch's logs, by value: a tensor or Variable that slipped into the logs is read
   * now, so each epoch keeps its own number.
   */
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(logValue(v));
  }
}

/** Options of EarlyStopping. */
export interface EarlyStoppingOptions {
  /** The log to watch (default "val_loss"). */
  monitor?: string;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** "min", "max", or "auto" (default: "max" for accuracies, else "min"). */
  mode?: "auto" | "min" | "max";
  /** Stop unless the monitored value beats this. */
  baseline?: number;
  /** At the end, put back the weights of the best epoch (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching (default 0). */
  startFromEpoch?: number;
  /** 1: say when training stops (default 0). */
  verbose?: 0 | 1;
  /** Where the message goes (default `Deno.stderr`). */
  output?: ProgressOutput;
}

const EARLY_STOPPING_KEYS = keysOf<EarlyStoppingOptions>({
  monitor: true,
  minDelta: true,
  patience: true,
  mode: true,
  baseline: true,
  restoreBestWeights: true,
  startFromEpoch: true,
  verbose: true,
  output: true,
});

/**
 * Stops training when the monitored log has not improved for `patience` epochs, as Keras's
 * EarlyStopping does; with `restoreBestWeights` the best epoch's weights are put back.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
 * model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
 * const stop = new tf.keras.callbacks.EarlyStopping({ monitor: "loss", patience: 2 });
 * const history = model.fit([[1]], [[1]], { epochs: 50, verbose: 0, callbacks: [stop] });
 * console.log(history.epoch.length, stop.stoppedEpoch); // 3 2
 * ```
 */
export class EarlyStopping extends Callback {
  /** The log watched. */
  readonly monitor: string;
  /** The least improvement. */
  readonly minDelta: number;
  /** Epochs to wait. */
  readonly patience: number;
  /** "min" or "max" (resolved from "auto"). */
  readonly mode: "min" | "max";
  /** The value to beat, if any. */
  readonly baseline?: number;
  /** Whether the best weights are restored. */
  readonly restoreBestWeights: boolean;
  /** Epochs skipped before watching. */
  readonly startFromEpoch: number;
  /** Epochs without improvement so far. */
  wait = 0;
  /** The epoch at which training stopped (0 if it did not). */
  stoppedEpoch = 0;
  /** The best value seen. */
  best: number = Infinity;
  /** The epoch of the best value. */
  bestEpoch = 0;
  #bestWeights: Tensor[] | null = null;
  #verbose: number;
  #output?: ProgressOutput;

  /** Checks the options. */
  constructor(options?: EarlyStoppingOptions) {
    super();
    const op = "EarlyStopping";
    checkOptions(options, EARLY_STOPPING_KEYS, "EarlyStopping options");
    const monitor = options?.monitor ?? "val_loss";
    if (typeof monitor !== "string" || monitor === "") {
      throw new InvalidArgumentError(`${op}: monitor must be a log name, got ${String(monitor)}`);
    }
    const minDelta = options?.minDelta ?? 0;
    if (typeof minDelta !== "number" || !Number.isFinite(minDelta)) {
      throw new InvalidArgumentError(`${op}: minDelta must be a number, got ${String(minDelta)}`);
    }
    const patience = options?.patience ?? 0;
    if (!Number.isInteger(patience) || patience < 0) {
      throw new InvalidArgumentError(
        `${op}: patience must be a non-negative integer, got ${String(patience)}`,
      );
    }
    const mode = options?.mode ?? "auto";
    if (mode !== "auto" && mode !== "min" && mode !== "max") {
      throw new InvalidArgumentError(
        `${op}: mode must be "auto", "min" or "max", got ${JSON.stringify(mode)}`,
      );
    }
    const start = options?.startFromEpoch ?? 0;
    if (!Number.isInteger(start) || start < 0) {
      throw new InvalidArgumentError(
        `${op}: startFromEpoch must be a non-negative integer, got ${String(start)}`,
      );
    }
    if (options?.baseline !== undefined && typeof options.baseline !== "number") {
      throw new InvalidArgumentError(
        `${op}: baseline must be a number, got ${String(options.baseline)}`,
      );
    }
    this.monitor = monitor;
    this.minDelta = Math.abs(minDelta);
    this.patience = patience;
    this.mode = mode === "auto" ? (/acc|auc/.test(monitor) ? "max" : "min") : mode;
    this.baseline = options?.baseline;
    this.restoreBestWeights = options?.restoreBestWeights ?? false;
    this.startFromEpoch = start;
    this.#verbose = options?.verbose ?? 0;
    this.#output = options?.output;
  }

  /** Resets the state. */
  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.#setBest(null);
  }

  /** Watches the monitored log. */
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.#bestWeights === null) this.#snapshot();
    this.wait++;
    if (this.#improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.#snapshot();
      if (this.baseline === undefined || this.#improves(current, this.baseline)) {
        this.wait = 0;
        return;
      }
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      if (this.model !== null) this.model.stopTraining = true;
    }
  }

  /** Restores the best weights if asked, and says so if verbose. */
  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.#verbose > 0) {
      write(this.#output ?? Deno.stderr, `Epoch ${this.stoppedEpoch + 1}: early stopping\n`);
    }
    if (this.restoreBestWeights && this.#bestWeights !== null && this.model !== null) {
      if (this.stoppedEpoch > 0 && this.#verbose > 0) {
        write(
          this.#output ?? Deno.stderr,
          `Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.\n`,
        );
      }
      this.model.setWeights(this.#bestWeights);
    }
    this.#setBest(null);
  }

  #improves(value: number, reference: number): boolean {
    return this.mode === "min"
      ? value + this.minDelta < reference
      : value - this.minDelta > reference;
  }

  #snapshot(): void {
    if (this.model === null) return;
    this.#setBest(this.model.getWeights().map((w) => keep(w)));
  }

  #setBest(weights: Tensor[] | null): void {
    for (const w of this.#bestWeights ?? []) w.dispose();
    this.#bestWeights = weights;
  }
}

/** Options of ProgbarLogger. */
export interface ProgbarLoggerOptions {
  /** 1: a progress bar (default); 2: one line per epoch. */
  verbose?: 1 | 2;
  /** Where to write (default `Deno.stderr`). */
  output?: ProgressOutput;
}

const PROGBAR_LOGGER_KEYS = keysOf<ProgbarLoggerOptions>({ verbose: true, output: true });

/**
 * Prints `Epoch 3/10` and a progress bar per epoch; `fit` adds one unless `verbose` is 0.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
 * model.compile({ optimizer: "sgd", loss: "mse" });
 * const logger = new tf.keras.callbacks.ProgbarLogger({ verbose: 2 });
 * model.fit([[0], [1]], [[0], [1]], { epochs: 1, verbose: 0, callbacks: [logger] });
 * ```
 */
export class ProgbarLogger extends Callback {
  /** 1 or 2. */
  readonly verbose: 1 | 2;
  #output?: ProgressOutput;
  #bar: Progbar | null = null;
  #seen = 0;
  #last: Logs = {};

  /** Checks the options. */
  constructor(options?: ProgbarLoggerOptions) {
    super();
    checkOptions(options, PROGBAR_LOGGER_KEYS, "ProgbarLogger options");
    const verbose = options?.verbose ?? 1;
    if (verbose !== 1 && verbose !== 2) {
      throw new InvalidArgumentError(
        `ProgbarLogger: verbose must be 1 or 2, got ${String(verbose)}`,
      );
    }
    this.verbose = verbose;
    this.#output = options?.output;
  }

  /** Prints the epoch line and starts a bar. */
  override onEpochBegin(epoch: number): void {
    const epochs = this.params?.epochs ?? epoch + 1;
    write(this.#output ?? Deno.stderr, `Epoch ${epoch + 1}/${epochs}\n`);
    const steps = this.params === null ? 0 : this.params.steps;
    this.#bar = new Progbar(steps, {
      verbose: this.verbose,
      output: this.#output,
    });
    this.#seen = 0;
    this.#last = {};
  }

  /** Moves the bar. */
  override onBatchEnd(batch: number, logs: Logs = {}): void {
    this.#seen = batch + 1;
    this.#last = logs;
    this.#bar?.update(this.#seen, logs, false);
  }

  /** Finishes the bar with the epoch's logs (an unknown target becomes the batches seen). */
  override onEpochEnd(_epoch: number, logs: Logs = this.#last): void {
    if (this.#bar !== null && this.#bar.target === null) this.#bar.target = this.#seen;
    this.#bar?.update(this.#seen, logs, true);
    this.#bar = null;
  }
}

/** Options of ModelCheckpoint. */
export interface ModelCheckpointOptions {
  /**
   * Where to save: a `.safetensors` or `.npz` path, with Keras's placeholders filled by Python's
   * `str.format` rules: `{epoch}` (counted from 1), `{batch}` (with an integer `saveFreq`) and
   * any log, as in `ckpt/weights.{epoch:02d}-{val_loss:.2f}.safetensors`. Missing folders are made.
   */
  filepath: string;
  /** The log `saveBestOnly` watches (default "val_loss"). */
  monitor?: string;
  /** 1: say when the weights are saved (default 0). */
  verbose?: 0 | 1;
  /** Save only when the monitored log improves on the best so far (default false). */
  saveBestOnly?: boolean;
  /**
   * Must be true (the default here; Keras's default is false): only weights can be saved.
   * `false` asks for the whole model (Keras's `.keras` file), which is an error.
   */
  saveWeightsOnly?: boolean;
  /** "min", "max", or "auto" (default: "max" for accuracies, else "min"). */
  mode?: "auto" | "min" | "max";
  /** "epoch" (default): after each epoch; a number n: after every n batches. */
  saveFreq?: "epoch" | number;
  /** With `saveBestOnly`, a value the monitored log must beat before the first save. */
  initialValueThreshold?: number;
  /** Where the messages go (default `Deno.stderr`). */
  output?: ProgressOutput;
}

const MODEL_CHECKPOINT_KEYS = keysOf<ModelCheckpointOptions>({
  filepath: true,
  monitor: true,
  verbose: true,
  saveBestOnly: true,
  saveWeightsOnly: true,
  mode: true,
  saveFreq: true,
  initialValueThreshold: true,
  output: true,
});

/**
 * Saves the model's weights during `fit`, as Keras's ModelCheckpoint: after every epoch (or every
 * `saveFreq` batches), or with `saveBestOnly` only when the monitored log beats the best so far.
 * Only weights can be written here (`.safetensors` or `.npz`, what `model.saveWeights` writes):
 * `saveWeightsOnly: false` is an error.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const dir = Deno.makeTempDirSync();
 * const model = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
 * model.compile({ optimizer: "sgd", loss: "mse" });
 * const checkpoint = new tf.keras.callbacks.ModelCheckpoint({
 *   filepath: `${dir}/w.{epoch:02d}-{loss:.2f}.safetensors`,
 * });
 * model.fit([[0], [1]], [[0], [1]], { epochs: 2, verbose: 0, callbacks: [checkpoint] });
 * console.log([...Deno.readDirSync(dir)].length); // 2
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export class ModelCheckpoint extends Callback {
  /** The path template. */
  readonly filepath: string;
  /** The log watched by `saveBestOnly`. */
  readonly monitor: string;
  /** Whether only improvements are saved. */
  readonly saveBestOnly: boolean;
  /** Always true: only weights are saved. */
  readonly saveWeightsOnly: true;
  /** "min" or "max" (resolved from "auto"). */
  readonly mode: "min" | "max";
  /** "epoch" or a number of batches. */
  readonly saveFreq: "epoch" | number;
  /** The best monitored value so far. */
  best: number;
  /** The path of the last save, or null. */
  lastSaved: string | null = null;
  #verbose: number;
  #output?: ProgressOutput;
  #initialBest: number;
  #epoch = 0;
  #sinceSave = 0;
  #lastBatch = -1;
  #warned = false;

  /** Checks the options (the path's extension included). */
  constructor(options: ModelCheckpointOptions) {
    super();
    const op = "ModelCheckpoint";
    checkOptions(options, MODEL_CHECKPOINT_KEYS, "ModelCheckpoint options");
    if (options === undefined) {
      throw new InvalidArgumentError(`${op}: expected options with a filepath`);
    }
    const filepath = options.filepath;
    if (typeof filepath !== "string" || filepath === "") {
      throw new InvalidArgumentError(
        `${op}: filepath must be a non-empty string, got ${String(filepath)}`,
      );
    }
    const lower = filepath.toLowerCase();
    if (!lower.endsWith(".safetensors") && !lower.endsWith(".npz")) {
      throw new InvalidArgumentError(
        `${op}: filepath must end in .safetensors or .npz (the weight files this library ` +
          `writes; Keras's .weights.h5 and .keras are not), got ${JSON.stringify(filepath)}`,
      );
    }
    if (options.saveWeightsOnly !== undefined && options.saveWeightsOnly !== true) {
      throw new InvalidArgumentError(
        `${op}: saveWeightsOnly: ${String(options.saveWeightsOnly)} asks for the whole model ` +
          `(Keras's .keras file), which cannot be written here: only weights can be saved; ` +
          `leave saveWeightsOnly out or set it to true`,
      );
    }
    const monitor = options.monitor ?? "val_loss";
    if (typeof monitor !== "string" || monitor === "") {
      throw new InvalidArgumentError(`${op}: monitor must be a log name, got ${String(monitor)}`);
    }
    const mode = options.mode ?? "auto";
    if (mode !== "auto" && mode !== "min" && mode !== "max") {
      throw new InvalidArgumentError(
        `${op}: mode must be "auto", "min" or "max", got ${JSON.stringify(mode)}`,
      );
    }
    const saveFreq = options.saveFreq ?? "epoch";
    if (saveFreq !== "epoch" && !(Number.isInteger(saveFreq) && (saveFreq as number) > 0)) {
      throw new InvalidArgumentError(
        `${op}: saveFreq must be "epoch" or a positive integer, got ${JSON.stringify(saveFreq)}`,
      );
    }
    const saveBestOnly = options.saveBestOnly ?? false;
    if (typeof saveBestOnly !== "boolean") {
      throw new InvalidArgumentError(
        `${op}: saveBestOnly must be a boolean, got ${String(saveBestOnly)}`,
      );
    }
    const verbose = options.verbose ?? 0;
    if (verbose !== 0 && verbose !== 1) {
      throw new InvalidArgumentError(`${op}: verbose must be 0 or 1, got ${String(verbose)}`);
    }
    const threshold = options.initialValueThreshold;
    if (threshold !== undefined && (typeof threshold !== "number" || Number.isNaN(threshold))) {
      throw new InvalidArgumentError(
        `${op}: initialValueThreshold must be a number, got ${String(threshold)}`,
      );
    }
    this.filepath = filepath;
    this.monitor = monitor;
    this.saveBestOnly = saveBestOnly;
    this.saveWeightsOnly = true;
    this.mode = mode === "auto"
      ? (/acc|auc/.test(monitor) || monitor.startsWith("fmeasure") ? "max" : "min")
      : mode;
    this.saveFreq = saveFreq;
    this.#initialBest = threshold ?? (this.mode === "min" ? Infinity : -Infinity);
    this.best = this.#initialBest;
    this.#verbose = verbose;
    this.#output = options.output;
  }

  /** Starts counting batches. */
  override onTrainBegin(): void {
    this.#sinceSave = 0;
    this.#lastBatch = -1;
    this.#warned = false;
  }

  /** Remembers the epoch (for `{epoch}` in batch-level saves). */
  override onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  /** With an integer `saveFreq`, saves every `saveFreq` batches. */
  override onBatchEnd(batch: number, logs: Logs = {}): void {
    if (this.saveFreq === "epoch") return;
    this.#sinceSave += batch <= this.#lastBatch ? batch + 1 : batch - this.#lastBatch;
    this.#lastBatch = batch;
    if (this.#sinceSave >= this.saveFreq) {
      this.#sinceSave = 0;
      this.#save(this.#epoch, batch, logs);
    }
  }

  /** With `saveFreq: "epoch"`, saves (or checks for an improvement). */
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.saveFreq === "epoch") this.#save(epoch, null, logs);
  }

  /** The path for an epoch (from 0), a batch (from 0, or null) and logs. */
  #filePathFor(epoch: number, batch: number | null, logs: Logs): string {
    const values: Record<string, FormatValue> = {};
    for (const [k, v] of Object.entries(logs)) values[k] = { value: logValue(v), int: false };
    values.epoch = { value: epoch + 1, int: true };
    if (batch !== null && !Object.hasOwn(logs, "batch")) {
      values.batch = { value: batch + 1, int: true };
    }
    return pyFormat(this.filepath, values, "ModelCheckpoint");
  }

  #say(text: string): void {
    if (this.#verbose > 0) write(this.#output ?? Deno.stderr, `${text}\n`);
  }

  #save(epoch: number, batch: number | null, logs: Logs): void {
    if (this.model === null) return;
    const path = this.#filePathFor(epoch, batch, logs);
    const f5 = (v: number): string => pyFormatNumber(v, ".5f");
    if (this.saveBestOnly) {
      const raw = logs[this.monitor];
      if (raw === undefined) {
        if (!this.#warned) {
          write(
            this.#output ?? Deno.stderr,
            `ModelCheckpoint: can save best model only with ${this.monitor} available, ` +
              `skipping (logs: ${Object.keys(logs).join(", ") || "none"})\n`,
          );
          this.#warned = true;
        }
        return;
      }
      const current = logValue(raw);
      const better = this.mode === "min" ? current < this.best : current > this.best;
      if (!better) {
        this.#say(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${f5(this.best)}`);
        return;
      }
      this.#say(
        `Epoch ${epoch + 1}: ${this.monitor} improved from ${f5(this.best)} to ${f5(current)}, ` +
          `saving model to ${path}`,
      );
      this.best = current;
    } else this.#say(`Epoch ${epoch + 1}: saving model to ${path}`);
    const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
    if (slash > 0) Deno.mkdirSync(path.slice(0, slash), { recursive: true });
    this.model.saveWeights(path);
    this.lastSaved = path;
  }
}
