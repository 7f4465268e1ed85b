/**
 * The Optimizer base: gradient clipping, learning-rate schedules, the step counter, per-variable
 * state (slots) and `minimize`. Subclasses implement one update rule as Keras writes it.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { tidy } from "../memory.ts";
import { clipByValue } from "../ops/select.ts";
import { mul } from "../ops/binary.ts";
import { constant, fill } from "../ops/creation.ts";
import { checkOptions, keysOf } from "../options.ts";
import { GradientTape } from "../tape.ts";
import type { Tensor } from "../tensor.ts";
import { Variable } from "../variable.ts";
import { clipByGlobalNorm, clipByNorm } from "./clip.ts";
import { LearningRateSchedule } from "./schedules.ts";
import {
  type OptimizerStateVariables,
  readOptimizerState,
  saveOptimizerState,
} from "../io/optimizer_state.ts";
import type { FilePath } from "../io/files.ts";

export type { OptimizerStateVariables } from "../io/optimizer_state.ts";

/** Options every optimizer takes. */
export interface OptimizerOptions {
  /** A number or a schedule of the step. */
  learningRate?: number | LearningRateSchedule;
  /** Clip each gradient to this L2 norm. */
  clipnorm?: number;
  /** Clip each gradient's elements to [-clipvalue, clipvalue]. */
  clipvalue?: number;
  /** Clip all gradients together to this global L2 norm. */
  globalClipnorm?: number;
  /**
   * Decoupled weight decay, as Keras 3 applies it for every optimizer: before each update,
   * `w -= w * weightDecay * lr` (default none; AdamW's default is 0.004).
   */
  weightDecay?: number;
}

/** The keys of OptimizerOptions: what Optimizer accepts unless a subclass passes more. */
const OPTIMIZER_KEYS = keysOf<OptimizerOptions>({
  learningRate: true,
  clipnorm: true,
  clipvalue: true,
  globalClipnorm: true,
  weightDecay: true,
});

/** Internal: `value` when it is a finite number that `ok` accepts, else a clear error. */
export function checkOption(
  op: string,
  name: string,
  value: unknown,
  ok: (v: number) => boolean,
  expected: string,
): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new InvalidArgumentError(`${op}: ${name} must be ${expected}, got ${String(value)}`);
  }
  return value;
}

/** A gradient and the variable it updates, as `applyGradients` takes them. */
export type GradientPair = readonly [Tensor | null | undefined, Variable];

/** Base class of the optimizers. */
export abstract class Optimizer {
  /** The learning rate: a number or a schedule. */
  learningRate: number | LearningRateSchedule;
  /** Options for clipping. */
  readonly clipnorm?: number;
  /** Options for clipping. */
  readonly clipvalue?: number;
  /** Options for clipping. */
  readonly globalClipnorm?: number;
  /** The decoupled weight decay factor (0: none). */
  readonly weightDecay: number;
  #iterations = 0;
  #slots = new Map<Variable, Map<string, Variable>>();

  /**
   * Checks the options; `defaultRate` is the learning rate when none is given. A subclass whose
   * options extend OptimizerOptions passes all their keys as `keys` (any other key is an error).
   */
  constructor(
    options: OptimizerOptions | undefined,
    defaultRate: number,
    keys: readonly string[] = OPTIMIZER_KEYS,
  ) {
    const op = this.constructor.name;
    checkOptions(options, keys, `${op} options`);
    const lr = options?.learningRate ?? defaultRate;
    if (
      !(lr instanceof LearningRateSchedule) &&
      !(typeof lr === "number" && lr >= 0 && Number.isFinite(lr))
    ) {
      throw new InvalidArgumentError(
        `${op}: learningRate must be a non-negative number or a schedule, got ${String(lr)}`,
      );
    }
    const clips: Record<string, number | undefined> = {
      clipnorm: options?.clipnorm,
      clipvalue: options?.clipvalue,
      globalClipnorm: options?.globalClipnorm,
    };
    const set = Object.keys(clips).filter((k) => clips[k] !== undefined);
    if (set.length > 1) {
      throw new InvalidArgumentError(
        `${op}: set at most one of clipnorm, clipvalue and globalClipnorm, got ` +
          set.map((k) => `${k}=${String(clips[k])}`).join(", "),
      );
    }
    for (const k of set) checkOption(op, k, clips[k], (v) => v > 0, "a positive number");
    this.learningRate = lr;
    this.clipnorm = options?.clipnorm;
    this.clipvalue = options?.clipvalue;
    this.globalClipnorm = options?.globalClipnorm;
    this.weightDecay = options?.weightDecay === undefined
      ? 0
      : checkOption(op, "weightDecay", options.weightDecay, (v) => v >= 0, "a non-negative number");
  }

  /** The number of updates applied so far. */
  get iterations(): number {
    return this.#iterations;
  }

  /** Internal: restores the step count (checkpoints). */
  set iterations(n: number) {
    this.#iterations = n;
  }

  /** The learning rate of the coming step. */
  currentLearningRate(): number {
    const lr = this.learningRate;
    return lr instanceof LearningRateSchedule ? lr.call(this.#iterations) : lr;
  }

  /**
   * Internal: a zero-initialised state variable of `v` (momentum, moments, ...), created on first
   * use and kept across steps.
   */
  protected slot(v: Variable, name: string, init = 0): Variable {
    let slots = this.#slots.get(v);
    if (slots === undefined) this.#slots.set(v, slots = new Map());
    let s = slots.get(name);
    if (s === undefined) {
      // fill, not `v * 0 + init`: a variable holding Inf or NaN must still get clean state.
      const start = fill(v.shape, init, v.dtype);
      s = new Variable(start, { trainable: false, name: `${v.name.replace(/:0$/, "")}/${name}` });
      start.dispose();
      slots.set(name, s);
    }
    return s;
  }

  /** Every state variable, by the variable it belongs to and its slot name. */
  slots(): Map<Variable, Map<string, Variable>> {
    return this.#slots;
  }

  /**
   * Saves the state (the step count and every slot variable: momentum, moments, ...) to a
   * `.safetensors` or `.npz` file (by extension). `variables` names the variables the slots
   * belong to: a model (names are its weight paths) or the list given to `minimize` (names are
   * indices). Needs `--allow-write`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const w = new tf.Variable([1.0, 2.0]);
   * const opt = new tf.keras.optimizers.Adam();
   * opt.minimize(() => w.square().sum(), [w]);
   * const dir = Deno.makeTempDirSync();
   * opt.saveState(`${dir}/opt.safetensors`, [w]);
   * const again = new tf.keras.optimizers.Adam();
   * again.loadState(`${dir}/opt.safetensors`, [w]);
   * console.log(again.iterations, again.slots().get(w)?.size); // 1 2
   * Deno.removeSync(dir, { recursive: true });
   * ```
   */
  saveState(path: FilePath, variables: OptimizerStateVariables): void {
    saveOptimizerState(path, variables, this.#slots, this.#iterations, this.constructor.name);
  }

  /**
   * Restores the state written by `saveState` for the same variables (by the same names),
   * replacing any state this optimizer holds. Every name, shape and dtype is checked first; a
   * mismatch is an error that lists what is missing or different. Needs `--allow-read`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const w = new tf.Variable([1.0]);
   * const sgd = new tf.keras.optimizers.SGD({ momentum: 0.9 });
   * sgd.minimize(() => w.square().sum(), [w]);
   * const dir = Deno.makeTempDirSync();
   * sgd.saveState(`${dir}/sgd.npz`, [w]);
   * const fresh = new tf.keras.optimizers.SGD({ momentum: 0.9 });
   * fresh.loadState(`${dir}/sgd.npz`, [w]);
   * console.log(fresh.slots().get(w)?.get("momentum")?.tolist()); // [ -0.019999999552965164 ]
   * Deno.removeSync(dir, { recursive: true });
   * ```
   */
  loadState(path: FilePath, variables: OptimizerStateVariables): void {
    const state = readOptimizerState(path, variables, this.constructor.name);
    for (const slots of this.#slots.values()) for (const s of slots.values()) s.dispose();
    this.#slots = new Map();
    tidy(() => {
      for (const { variable, slot, value } of state.slots) {
        this.slot(variable, slot).assign(constant(value, variable.dtype));
      }
    });
    this.#iterations = state.iterations;
  }

  /** One update of `v` with gradient `g` at learning rate `lr` and step `step` (1 on the first). */
  protected abstract update(v: Variable, g: Tensor, lr: number, step: number): void;

  /**
   * Applies one step: clips the gradients as configured, applies weight decay if any, updates
   * each variable, counts the step. Pairs whose gradient is null and non-trainable variables are
   * skipped (and left out of the global norm). Frees its intermediates.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const w = new tf.Variable(1.0);
   * new tf.keras.optimizers.SGD({ learningRate: 0.5 }).applyGradients([[tf.constant(2), w]]);
   * console.log(w.item()); // 0
   * ```
   */
  applyGradients(pairs: Iterable<GradientPair>): void {
    const all = [...pairs];
    for (const p of all) {
      if (!Array.isArray(p) || !(p[1] instanceof Variable)) {
        throw new InvalidArgumentError(
          `${this.constructor.name}.applyGradients: expected [gradient, Variable] pairs, got ` +
            `${Array.isArray(p) ? `[${typeof p[0]}, ${typeof p[1]}]` : typeof p}`,
        );
      }
    }
    const list = all.filter((p): p is [Tensor, Variable] =>
      p[0] !== null && p[0] !== undefined && p[1].trainable
    );
    if (list.length === 0) return;
    const lr = this.currentLearningRate();
    const step = this.#iterations + 1;
    tidy(() => {
      let grads = list.map(([g]) => g);
      if (this.globalClipnorm !== undefined) {
        grads = clipByGlobalNorm(grads, this.globalClipnorm)[0] as Tensor[];
      } else if (this.clipnorm !== undefined) {
        grads = grads.map((g) => clipByNorm(g, this.clipnorm as number));
      } else if (this.clipvalue !== undefined) {
        const c = this.clipvalue;
        grads = grads.map((g) => clipByValue(g, -c, c));
      }
      const decay = this.weightDecay * lr;
      list.forEach(([, v], i) => {
        if (decay !== 0) v.assignSub(mul(v, decay));
        this.update(v, grads[i].dtype === v.dtype ? grads[i] : grads[i].cast(v.dtype), lr, step);
      });
    });
    this.#iterations++;
  }

  /**
   * Computes `lossFn()` under a tape, applies its gradients to `variables`, frees every
   * intermediate, and returns the loss.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = new tf.Variable(3.0);
   * const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
   * for (let i = 0; i < 100; i++) opt.minimize(() => x.square(), [x]);
   * console.log(Math.abs(x.item() as number) < 1e-6); // true
   * ```
   */
  minimize(lossFn: () => Tensor, variables: readonly Variable[]): Tensor {
    return tidy(() => {
      const tape = new GradientTape();
      let loss: Tensor;
      let grads: readonly (Tensor | null)[];
      try {
        loss = lossFn();
        grads = tape.gradient(loss, variables);
      } finally {
        tape.release();
      }
      this.applyGradients(variables.map((v, i) => [grads[i], v] as const));
      return loss;
    });
  }
}
