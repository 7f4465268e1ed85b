/**
 * The Layer base: `call` computes, `apply` builds on first use and then calls. Variables, layers
 * and models held in public fields and arrays are tracked (`#private` fields are not), giving
 * `variables`, `trainableVariables` and stable weight paths.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { tidy } from "../memory.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { input } from "../engine.ts";
import { checkOptions, keysOf } from "../options.ts";
import { Variable } from "../variable.ts";
import { isModule, track, type Tracked } from "../tracking.ts";
import { keep } from "../memory.ts";
import { div } from "../ops/binary.ts";
import type { Regularizer } from "./regularizers.ts";
import type { KerasTensor } from "./functional.ts";
import {
  type ApplyInput,
  type ApplyResult,
  isRecord,
  mapStructure,
  type Structure,
  toTensors,
} from "./_structure.ts";

/** Options of `apply` and `call`. */
export interface CallOptions {
  /** True while training (dropout and batch normalization behave differently). */
  training?: boolean;
}

/** Options of a Layer. */
export interface LayerOptions {
  /** The layer's name (default: its class name in snake_case, numbered when repeated). */
  name?: string;
  /** Whether its variables are trained (default true). */
  trainable?: boolean;
  /**
   * The shape of one example, without the batch axis (`[2]` for rows of 2 features). Only read
   * on the first layer of a Sequential model, which then builds at once (so `summary()` knows
   * every shape before training).
   */
  inputShape?: readonly number[];
}

/** The keys of LayerOptions: what Layer's constructor accepts unless a subclass passes more. */
const LAYER_KEYS = keysOf<LayerOptions>({
  name: true,
  trainable: true,
  inputShape: true,
});

/** Internal: the keys of CallOptions. */
export const CALL_KEYS: readonly string[] = keysOf<CallOptions>({ training: true });

/**
 * Internal: the functional API's hook (set by functional.ts, which defines symbolic tensors):
 * applies a layer to symbolic inputs, or returns undefined when `inputs` holds none.
 */
export const functionalHook: {
  apply?: (layer: Layer, inputs: unknown, options?: CallOptions) => unknown;
} = {};

const counts = new Map<string, number>();

/** A unique default name from a class name: `Dense` -> `dense`, `dense_1`, ... */
export function uniqueName(className: string): string {
  const base = className.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  const n = counts.get(base) ?? 0;
  counts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/** A weight of a model with its stable path (`dense/kernel`, `W`, `layers/0/bias`, ...). */
export interface NamedVariable {
  /** The path of the attribute that holds it, `/`-separated. */
  path: string;
  /** The variable. */
  variable: Variable;
}

/**
 * The base class of layers and models: override `build` to make weights (with `addWeight`) and
 * `call` to compute; `apply` runs them.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class Scale extends tf.keras.layers.Layer {
 *   factor: tf.Variable | null = null;
 *   override build(shape: readonly number[]) {
 *     this.factor = this.addWeight("factor", tf.ones([shape[shape.length - 1]]));
 *   }
 *   call(x: tf.Tensor) { return x.mul(this.factor as tf.Variable); }
 * }
 * const layer = new Scale({ name: "scale" });
 * console.log(layer.apply([[1, 2]]).tolist(), layer.variables[0].name); // [ [ 1, 2 ] ] scale/factor:0
 * ```
 */
export abstract class Layer {
  /** The layer's name. */
  readonly name: string;
  /** Whether its variables are trained. */
  trainable: boolean;
  #built = false;
  #inputShape: readonly number[] | undefined;
  #outputShape: readonly number[] | undefined;

  /**
   * Checks the options and names the layer. A subclass whose options extend LayerOptions passes
   * all their keys as `keys` (any other key is an error), and may pass `baseName`, the class name
   * its default name is made from (default: its own class name).
   */
  constructor(options?: LayerOptions, keys: readonly string[] = LAYER_KEYS, baseName?: string) {
    const op = this.constructor.name;
    checkOptions(options, keys, `${op} options`);
    if (options?.name !== undefined && (typeof options.name !== "string" || options.name === "")) {
      throw new InvalidArgumentError(
        `${op}: name must be a non-empty string, got ${JSON.stringify(options.name)}`,
      );
    }
    if (options?.trainable !== undefined && typeof options.trainable !== "boolean") {
      throw new InvalidArgumentError(
        `${op}: trainable must be a boolean, got ${String(options.trainable)}`,
      );
    }
    const shape = options?.inputShape;
    if (
      shape !== undefined &&
      (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d > 0))
    ) {
      throw new InvalidArgumentError(
        `${op}: inputShape must be an array of positive integers, got ${JSON.stringify(shape)}`,
      );
    }
    this.name = options?.name ?? uniqueName(baseName ?? op);
    this.trainable = options?.trainable ?? true;
    this.#inputShape = shape === undefined ? undefined : [...shape];
  }

  /** The declared `inputShape` (one example, no batch axis), if any. */
  get inputShape(): readonly number[] | undefined {
    return this.#inputShape;
  }

  /** The shape of the last output of `apply`, batch axis included; undefined before the first. */
  get outputShape(): readonly number[] | undefined {
    return this.#outputShape;
  }

  /** Whether `build` has run. */
  get built(): boolean {
    return this.#built;
  }

  /**
   * Creates the layer's weights for an input shape (called once, by the first `apply`); for a
   * layer with several inputs, their shapes in the same array or record.
   */
  build(_inputShape: Structure<readonly number[]>): void {}

  /**
   * The computation. Override it. `inputs` is one tensor, or the array or record of tensors
   * that `apply` was given (layers with several inputs); it may return several tensors too.
   */
  abstract call(inputs: Structure<Tensor>, options?: CallOptions): Structure<Tensor>;

  /**
   * Runs the layer: builds it on first use, then calls it. `inputs` is a tensor (or anything
   * `tf.constant` takes), or for a layer with several inputs an array of tensors or a record of
   * tensor-likes, passed to `call` as such. Applied to symbolic tensors (`tf.keras.Input` and
   * what layers made of them, one, an array or a record) it computes nothing: it records the
   * call for a functional model and returns symbolic outputs of the right shape and dtype (an
   * incompatible input shape is an error naming the layer and the shapes). A layer or model with
   * several outputs returns an array or record: name it as `R` (`model.apply<tf.Tensor[]>(x)`).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * class Double extends tf.keras.layers.Layer {
   *   call(x: tf.Tensor) { return x.mul(2); }
   * }
   * console.log(new Double().apply([1, 2]).tolist()); // [2, 4]
   * ```
   */
  apply<
    R extends Structure<Tensor> | Structure<KerasTensor> = never,
    X extends ApplyInput = ApplyInput,
  >(inputs: X, options?: CallOptions): ApplyResult<X, NoInfer<R>> {
    checkOptions(options, CALL_KEYS, "apply options");
    const symbolic = functionalHook.apply?.(this, inputs, options);
    if (symbolic !== undefined) return symbolic as ApplyResult<X, NoInfer<R>>;
    const x = toTensors(inputs as TensorLike | Structure<TensorLike>, `${this.name}.apply`);
    if (!this.#built) {
      this.build(mapStructure(x, (t) => t.shape));
      this.#built = true;
    }
    if (typeof (this as { call?: unknown }).call !== "function") {
      throw new InvalidArgumentError(
        `${this.name}: ${this.constructor.name} has no call: override call, or pass ` +
          "{ inputs, outputs } to the constructor of a functional model",
      );
    }
    const y = this.call(x, options);
    this.#outputShape = Array.isArray(y) || isRecord(y) ? undefined : (y as Tensor).shape;
    return y as ApplyResult<X, NoInfer<R>>;
  }

  /**
   * Creates a variable named `<layer>/<name>` (a helper for `build`). `initial` may be a
   * function (an initializer call): it runs inside `tf.tidy`, so its temporaries are freed. A
   * `regularizer` adds its penalty of the variable to `losses` while the variable is trainable.
   */
  protected addWeight(
    name: string,
    initial: TensorLike | (() => Tensor),
    trainable = true,
    regularizer: Regularizer | null = null,
  ): Variable {
    const options = { name: `${this.name}/${name}`, trainable };
    const v = typeof initial === "function"
      ? tidy(() => new Variable(initial(), options))
      : new Variable(initial, options);
    if (regularizer !== null) REGULARIZERS.set(v, regularizer);
    return v;
  }

  /**
   * Records the activity penalty of this call's output, `regularizer(output) / batch size` (as
   * Keras 3 and tf.keras 2), replacing the one of the layer's previous call; `losses` reports it.
   * For layers with an `activityRegularizer`: call it at the end of `call`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * class Penalized extends tf.keras.layers.Layer {
   *   call(x: tf.Tensor) {
   *     this.addActivityLoss(x, tf.keras.regularizers.l1(1));
   *     return x;
   *   }
   * }
   * const layer = new Penalized();
   * layer.apply([[1, -2], [3, 0]]);
   * console.log(layer.losses.map((t) => t.item())); // [ 3 ]
   * ```
   */
  protected addActivityLoss(output: Tensor, regularizer: Regularizer): void {
    let loss = regularizer.call(output);
    if (output.rank > 0 && output.shape[0] > 0) loss = div(loss, output.shape[0]);
    ACTIVITY.get(this)?.dispose();
    ACTIVITY.set(this, keep(loss));
  }

  /** Every variable of the layer and what it holds, with its attribute path, in field order. */
  namedVariables(): NamedVariable[] {
    return trackLayer(this).variables.map(({ path, variable }) => ({ path, variable }));
  }

  /** Every variable, trainable or not. */
  get variables(): Variable[] {
    return this.namedVariables().map((n) => n.variable);
  }

  /** The variables an optimizer trains (none when the layer is not trainable). */
  get trainableVariables(): Variable[] {
    if (!this.trainable) return [];
    // Not those of a sub-layer that is not trainable.
    return trackLayer(this).variables.filter((n) => n.variable.trainable && n.trainable)
      .map((n) => n.variable);
  }

  /** The variables an optimizer leaves alone. */
  get nonTrainableVariables(): Variable[] {
    const t = new Set(this.trainableVariables);
    return this.variables.filter((v) => !t.has(v));
  }

  /**
   * Every weight in Keras's order: for this layer and then each sub-layer in turn (depth
   * first), its trainable variables, then its non-trainable ones. The same variables as
   * `variables`, which lists them in field order.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const bn = new tf.keras.layers.BatchNormalization({ name: "bn" });
   * bn.apply(tf.ones([2, 3]));
   * console.log(bn.weights.map((w) => w.name));
   * // [ "bn/gamma:0", "bn/beta:0", "bn/moving_mean:0", "bn/moving_variance:0" ]
   * ```
   */
  get weights(): Variable[] {
    return kerasOrder(this, trackLayer(this));
  }

  /**
   * The weights an optimizer trains, in Keras's order (`weights` filtered; the same variables as
   * `trainableVariables`).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const dense = new tf.keras.layers.Dense({ units: 2 });
   * dense.apply([[1, 2, 3]]);
   * console.log(dense.trainableWeights.map((w) => w.shape)); // [ [ 3, 2 ], [ 2 ] ]
   * ```
   */
  get trainableWeights(): Variable[] {
    const t = new Set(this.trainableVariables);
    return this.weights.filter((v) => t.has(v));
  }

  /**
   * The weights an optimizer leaves alone, in Keras's order (every weight of a layer that is
   * not trainable).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const dense = new tf.keras.layers.Dense({ units: 2 });
   * dense.apply([[1, 2, 3]]);
   * dense.trainable = false;
   * console.log(dense.nonTrainableWeights.length, dense.trainableWeights.length); // 2 0
   * ```
   */
  get nonTrainableWeights(): Variable[] {
    const t = new Set(this.trainableVariables);
    return this.weights.filter((v) => !t.has(v));
  }

  /**
   * The layer's regularization penalties, as Keras 3 gives them: the activity penalty of the
   * last call of this layer and of each sub-layer that has one, then the penalty of every
   * trainable weight that has a regularizer, computed from its current value when read (new
   * tensors, yours to dispose; the activity ones belong to their layer). `fit`, `trainStep` and
   * `testStep` add their sum to the loss.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const dense = new tf.keras.layers.Dense({
   *   units: 1,
   *   kernelInitializer: "ones",
   *   kernelRegularizer: tf.keras.regularizers.l2(0.5),
   * });
   * dense.apply([[1, 2, 3]]);
   * console.log(dense.losses.map((t) => t.item())); // [ 1.5 ]
   * ```
   */
  get losses(): Tensor[] {
    const tracked = trackLayer(this);
    const out: Tensor[] = [];
    for (const layer of [this, ...tracked.containers.map((c) => c.container)]) {
      const a = layer instanceof Layer ? ACTIVITY.get(layer) : undefined;
      if (a !== undefined) out.push(a);
    }
    if (!this.trainable) return out;
    const trainable = new Set(this.trainableVariables);
    for (const v of kerasOrder(this, tracked)) {
      const r = REGULARIZERS.get(v);
      if (r !== undefined && trainable.has(v)) out.push(r.call(v));
    }
    return out;
  }

  /** The number of elements of all variables. */
  countParams(): number {
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  /**
   * The current values of `variables`, in the same order (tensors that later updates do not
   * change).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const dense = new tf.keras.layers.Dense({ units: 1, kernelInitializer: "ones" });
   * dense.apply([[1, 2]]);
   * console.log(dense.getWeights().map((w) => w.tolist())); // [ [ [ 1 ], [ 1 ] ], [ 0 ] ]
   * ```
   */
  getWeights(): Tensor[] {
    return this.variables.map((v) => v.value());
  }

  /**
   * Sets every variable from `weights`, in the order of `variables` (shapes must match).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const dense = new tf.keras.layers.Dense({ units: 1 });
   * dense.apply([[1, 2]]);
   * dense.setWeights([[[1], [1]], [0.5]]);
   * console.log(dense.apply([[1, 2]]).tolist()); // [ [ 3.5 ] ]
   * ```
   */
  setWeights(weights: readonly TensorLike[]): void {
    const vars = this.variables;
    if (!Array.isArray(weights) || weights.length !== vars.length) {
      throw new InvalidArgumentError(
        `${this.name}.setWeights: expected ${vars.length} weights, got ` +
          `${Array.isArray(weights) ? weights.length : typeof weights}`,
      );
    }
    tidy(() => {
      const values = weights.map((w, i) => {
        const t = input(w, `${this.name}.setWeights`, vars[i].dtype);
        if (t.shape.join() !== vars[i].shape.join()) {
          throw new InvalidArgumentError(
            `${this.name}.setWeights: weight ${i} has shape ${formatShape(t.shape)}, ` +
              `expected ${formatShape(vars[i].shape)} for '${vars[i].name}'`,
          );
        }
        return t;
      });
      values.forEach((t, i) =>
        vars[i].assign(t.dtype === vars[i].dtype ? t : t.cast(vars[i].dtype))
      );
    });
  }
}

/** Throws unless `x` is a positive integer. */
export function positiveInt(x: unknown, what: string, op: string): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x <= 0) {
    throw new InvalidArgumentError(`${op}: ${what} must be a positive integer, got ${String(x)}`);
  }
  return x;
}

/** What a layer tracks: the shared walk of `../tracking.ts` (into layers, models and tf.Modules). */
function trackLayer(layer: Layer): Tracked {
  return track(layer, { isContainer: (v) => v instanceof Layer || isModule(v), records: isModule });
}

/** The regularizer of each variable made by `addWeight` with one. */
const REGULARIZERS = new WeakMap<Variable, Regularizer>();

/** The activity penalty of each layer's last call (kept out of tidy scopes; replaced per call). */
const ACTIVITY = new WeakMap<Layer, Tensor>();

/**
 * Keras's weight order: a container's own trainable variables, its own non-trainable ones,
 * then each directly held sub-container's weights in turn. A variable's owner is the container
 * whose path is the longest prefix of its path (the root's path is "").
 */
function kerasOrder(root: object, tracked: Tracked): Variable[] {
  const paths = new Map<object, string>([[root, ""]]);
  for (const c of tracked.containers) paths.set(c.container, c.path);
  const under = (path: string, prefix: string): boolean =>
    prefix === "" ? path !== "" : path.startsWith(`${prefix}/`);
  const ownerOf = (path: string): object => {
    let best: object = root, bestLength = -1;
    for (const [c, p] of paths) {
      if ((p === "" || under(path, p)) && p.length > bestLength && p !== path) {
        best = c;
        bestLength = p.length;
      }
    }
    return best;
  };
  const own = new Map<object, Variable[]>();
  for (const { path, variable } of tracked.variables) {
    const o = ownerOf(path);
    own.set(o, [...(own.get(o) ?? []), variable]);
  }
  const children = new Map<object, object[]>();
  for (const c of tracked.containers) {
    const parent = ownerOf(c.path);
    children.set(parent, [...(children.get(parent) ?? []), c.container]);
  }
  const out: Variable[] = [];
  const emit = (c: object): void => {
    const vars = own.get(c) ?? [];
    out.push(...vars.filter((v) => v.trainable), ...vars.filter((v) => !v.trainable));
    for (const child of children.get(c) ?? []) emit(child);
  };
  emit(root);
  return out;
}
