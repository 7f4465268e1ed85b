/**
 * `tf.keras.callbacks`: hooks into `fit` (Callback), the History that `fit` returns,
 * EarlyStopping, and the ProgbarLogger that prints progress.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { keep } from "../memory.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import type { Model } from "./model.ts";
import { type Logs, Progbar, type ProgressOutput, write } from "./progress.ts";

export { type Logs, Progbar, type ProgbarOptions, type ProgressOutput } from "./progress.ts";

/** What `fit` tells its callbacks before training. */
export interface TrainingParams {
  /** The number of epochs asked for. */
  epochs: number;
  /** Batches per epoch. */
  steps: number;
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

  /** Appends the epoch's logs. */
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
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
  best = Infinity;
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
    this.#bar = new Progbar(this.params?.steps ?? 0, {
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

  /** Finishes the bar with the epoch's logs. */
  override onEpochEnd(_epoch: number, logs: Logs = this.#last): void {
    this.#bar?.update(this.#seen, logs, true);
    this.#bar = null;
  }
}
