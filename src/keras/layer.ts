/**
 * The Layer base: `call` computes, `apply` builds on first use and then calls. Variables, layers
 * and models held in public fields and arrays are tracked (`#private` fields are not), giving
 * `variables`, `trainableVariables` and stable weight paths.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { input } from "../engine.ts";
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
}

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

/** The base class of layers and models. */
export abstract class Layer {
  /** The layer's name. */
  readonly name: string;
  /** Whether its variables are trained. */
  trainable: boolean;
  #built = false;

  /** Names the layer. */
  constructor(options?: LayerOptions) {
    this.name = options?.name ?? uniqueName(this.constructor.name);
    this.trainable = options?.trainable ?? true;
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
    const x = input(inputs, `${this.name}.apply`);
    if (!this.#built) {
      this.build(x.shape);
      this.#built = true;
    }
    return this.call(x, options);
  }

  /** Creates a variable named `<layer>/<name>` (a helper for `build`). */
  protected addWeight(name: string, initial: TensorLike, trainable = true): Variable {
    return new Variable(initial, { name: `${this.name}/${name}`, trainable });
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
}

/** Throws unless `x` is a positive integer. */
export function positiveInt(x: unknown, what: string, op: string): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x <= 0) {
    throw new InvalidArgumentError(`${op}: ${what} must be a positive integer, got ${String(x)}`);
  }
  return x;
}
