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

  /** Creates the layer's weights for an input shape (called once, by the first `apply`). */
  build(_inputShape: readonly number[]): void {}

  /** The computation. Override it. */
  abstract call(inputs: Tensor, options?: CallOptions): Tensor;

  /**
   * Runs the layer: builds it on first use, then calls it.
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
  apply(inputs: TensorLike, options?: CallOptions): Tensor {
    checkOptions(options, CALL_KEYS, "apply options");
    const x = input(inputs, `${this.name}.apply`);
    if (!this.#built) {
      this.build(x.shape);
      this.#built = true;
    }
    const y = this.call(x, options);
    this.#outputShape = y.shape;
    return y;
  }

  /**
   * Creates a variable named `<layer>/<name>` (a helper for `build`). `initial` may be a
   * function (an initializer call): it runs inside `tf.tidy`, so its temporaries are freed.
   */
  protected addWeight(
    name: string,
    initial: TensorLike | (() => Tensor),
    trainable = true,
  ): Variable {
    const options = { name: `${this.name}/${name}`, trainable };
    if (typeof initial === "function") return tidy(() => new Variable(initial(), options));
    return new Variable(initial, options);
  }

  /** Every variable of the layer and what it holds, with its attribute path, in field order. */
  namedVariables(): NamedVariable[] {
    const out: NamedVariable[] = [];
    const seen = new Set<unknown>();
    const visit = (value: unknown, path: string): void => {
      if (value === null || typeof value !== "object" || seen.has(value)) return;
      seen.add(value);
      if (value instanceof Variable) out.push({ path, variable: value });
      else if (value instanceof Layer) {
        for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}/${k}` : k);
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}/${i}`));
    };
    visit(this, "");
    return out;
  }

  /** Every variable, trainable or not. */
  get variables(): Variable[] {
    return this.namedVariables().map((n) => n.variable);
  }

  /** The variables an optimizer trains (none when the layer is not trainable). */
  get trainableVariables(): Variable[] {
    return this.trainable ? this.variables.filter((v) => v.trainable && this.#trains(v)) : [];
  }

  /** The variables an optimizer leaves alone. */
  get nonTrainableVariables(): Variable[] {
    const t = new Set(this.trainableVariables);
    return this.variables.filter((v) => !t.has(v));
  }

  /** False when the variable belongs to a sub-layer that is not trainable. */
  #trains(v: Variable): boolean {
    const check = (value: unknown, seen: Set<unknown>): boolean | null => {
      if (value === null || typeof value !== "object" || seen.has(value)) return null;
      seen.add(value);
      if (value === v) return true;
      if (value instanceof Layer) {
        for (const x of Object.values(value)) {
          const r = check(x, seen);
          if (r !== null) return r && value.trainable;
        }
      } else if (Array.isArray(value)) {
        for (const x of value) {
          const r = check(x, seen);
          if (r !== null) return r;
        }
      }
      return null;
    };
    return check(this, new Set()) ?? true;
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
