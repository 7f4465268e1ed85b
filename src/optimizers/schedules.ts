/**
 * Learning-rate schedules (`tf.keras.optimizers.schedules`): functions of the optimizer's step
 * count, with Keras's formulas.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";

/** A learning rate that depends on the step (the optimizer's `iterations` before the update). */
export abstract class LearningRateSchedule {
  /** The learning rate at `step`. */
  abstract call(step: number): number;
}

function positive(v: unknown, what: string, op: string): number {
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a positive number, got ${String(v)}`);
  }
  return v;
}

function finite(v: unknown, what: string, op: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a finite number, got ${String(v)}`);
  }
  return v;
}

/** Options of ExponentialDecay. */
export interface ExponentialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps per decay period. */
  decaySteps: number;
  /** Factor per period. */
  decayRate: number;
  /** Decay in whole periods (a staircase). */
  staircase?: boolean;
}

const EXPONENTIAL_DECAY_KEYS = keysOf<ExponentialDecayOptions>({
  initialLearningRate: true,
  decaySteps: true,
  decayRate: true,
  staircase: true,
});

/**
 * `initial * decayRate ^ (step / decaySteps)` (the exponent floored with `staircase`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const lr = new tf.keras.optimizers.schedules.ExponentialDecay({
 *   initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5,
 * });
 * console.log(lr.call(10)); // 0.05
 * ```
 */
export class ExponentialDecay extends LearningRateSchedule {
  /** The options it was made with. */
  readonly options: Required<ExponentialDecayOptions>;
  /** Checks and keeps the options. */
  constructor(options: ExponentialDecayOptions) {
    super();
    const op = "ExponentialDecay";
    const o: Partial<ExponentialDecayOptions> =
      checkOptions(options, EXPONENTIAL_DECAY_KEYS, `${op} options`) ?? {};
    this.options = {
      initialLearningRate: finite(o.initialLearningRate, "initialLearningRate", op),
      decaySteps: positive(o.decaySteps, "decaySteps", op),
      decayRate: positive(o.decayRate, "decayRate", op),
      staircase: o.staircase ?? false,
    };
  }
  /** The learning rate at `step`. */
  call(step: number): number {
    const o = this.options;
    const p = step / o.decaySteps;
    return o.initialLearningRate * o.decayRate ** (o.staircase ? Math.floor(p) : p);
  }
}

/** Options of PiecewiseConstantDecay. */
export interface PiecewiseConstantDecayOptions {
  /** Increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries: the rate up to and including each boundary, then after. */
  values: number[];
}

const PIECEWISE_CONSTANT_DECAY_KEYS = keysOf<PiecewiseConstantDecayOptions>({
  boundaries: true,
  values: true,
});

/**
 * `values[0]` while step <= boundaries[0], `values[1]` while step <= boundaries[1], ..., then
 * the last value.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const lr = new tf.keras.optimizers.schedules.PiecewiseConstantDecay({
 *   boundaries: [100], values: [1, 0.5],
 * });
 * console.log(lr.call(100), lr.call(101)); // 1 0.5
 * ```
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  /** The options it was made with. */
  readonly options: PiecewiseConstantDecayOptions;
  /** Checks and keeps the options. */
  constructor(options: PiecewiseConstantDecayOptions) {
    super();
    const op = "PiecewiseConstantDecay";
    const { boundaries, values }: Partial<PiecewiseConstantDecayOptions> =
      checkOptions(options, PIECEWISE_CONSTANT_DECAY_KEYS, `${op} options`) ?? {};
    if (
      !Array.isArray(boundaries) || !Array.isArray(values) ||
      values.length !== boundaries.length + 1
    ) {
      throw new InvalidArgumentError(
        `PiecewiseConstantDecay: values must have one more entry than boundaries, got ` +
          `${JSON.stringify(values)} and ${JSON.stringify(boundaries)}`,
      );
    }
    for (const x of [...boundaries, ...values]) finite(x, "every boundary and value", op);
    for (let i = 1; i < boundaries.length; i++) {
      if (!(boundaries[i] > boundaries[i - 1])) {
        throw new InvalidArgumentError(
          `PiecewiseConstantDecay: boundaries must increase, got ${JSON.stringify(boundaries)}`,
        );
      }
    }
    this.options = { boundaries: boundaries.slice(), values: values.slice() };
  }
  /** The learning rate at `step`. */
  call(step: number): number {
    const { boundaries, values } = this.options;
    for (let i = 0; i < boundaries.length; i++) if (step <= boundaries[i]) return values[i];
    return values[values.length - 1];
  }
}

/** Options of CosineDecay. */
export interface CosineDecayOptions {
  /** The rate at step 0 (after warm-up, if any). */
  initialLearningRate: number;
  /** Steps over which the rate decays. */
  decaySteps: number;
  /** The floor, as a fraction of the initial rate (default 0). */
  alpha?: number;
}

const COSINE_DECAY_KEYS = keysOf<CosineDecayOptions>({
  initialLearningRate: true,
  decaySteps: true,
  alpha: true,
});

/**
 * Cosine decay from the initial rate to `alpha * initial` over `decaySteps` (Keras's formula).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const lr = new tf.keras.optimizers.schedules.CosineDecay({
 *   initialLearningRate: 1, decaySteps: 100,
 * });
 * console.log(lr.call(50)); // 0.5 (up to rounding)
 * ```
 */
export class CosineDecay extends LearningRateSchedule {
  /** The options it was made with. */
  readonly options: Required<CosineDecayOptions>;
  /** Checks and keeps the options. */
  constructor(options: CosineDecayOptions) {
    super();
    const op = "CosineDecay";
    const o: Partial<CosineDecayOptions> =
      checkOptions(options, COSINE_DECAY_KEYS, `${op} options`) ?? {};
    this.options = {
      initialLearningRate: finite(o.initialLearningRate, "initialLearningRate", op),
      decaySteps: positive(o.decaySteps, "decaySteps", op),
      alpha: finite(o.alpha ?? 0, "alpha", op),
    };
  }
  /** The learning rate at `step`. */
  call(step: number): number {
    const o = this.options;
    const p = Math.min(step, o.decaySteps) / o.decaySteps;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * p));
    return o.initialLearningRate * ((1 - o.alpha) * cosine + o.alpha);
  }
}
