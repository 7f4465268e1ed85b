/**
 * `tf.Module`: a named container of Variables and other modules, as TensorFlow 2's `tf.Module`.
 * What it tracks is found by the walk Keras layers use (`tracking.ts`): Variables, modules and
 * Keras layers held in public fields, arrays and plain records.
 *
 * @module
 */
import { checkOptions, keysOf } from "./options.ts";
import { InvalidArgumentError } from "./errors.ts";
import { Layer } from "./keras/layer.ts";
import { isModule, MODULE, track, type Tracked } from "./tracking.ts";
import type { Variable } from "./variable.ts";

/** Options of a Module. */
export interface ModuleOptions {
  /**
   * The module's name: an identifier (letters, digits and `_`, not starting with a digit), as
   * in TensorFlow. Default: the class name in snake_case (`MyModule` -> `my_module`).
   */
  name?: string;
}

const MODULE_KEYS = keysOf<ModuleOptions>({ name: true });
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A container of Variables and sub-modules, as TensorFlow 2's `tf.Module`: create one with
 * `new tf.Module({ name })` and assign to its fields, or subclass it. `variables`,
 * `trainableVariables` and `submodules` are found by walking its public fields, arrays and
 * plain records (`{ w, b }`), nested modules and Keras layers included, depth first in field
 * order (TensorFlow sorts attribute names; this is the declaration order, as for Keras models).
 * `#private` fields, getters and non-Variable tensors are not tracked.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * class Dense extends tf.Module {
 *   w: tf.Variable;
 *   b: tf.Variable;
 *   constructor(inputs: number, outputs: number, name?: string) {
 *     super({ name });
 *     this.w = new tf.Variable(tf.ones([inputs, outputs]), { name: "w" });
 *     this.b = new tf.Variable(tf.zeros([outputs]), { name: "b" });
 *   }
 *   call(x: tf.Tensor): tf.Tensor {
 *     return tf.nn.relu(x.matmul(this.w).add(this.b));
 *   }
 * }
 * class MLP extends tf.Module {
 *   layers = [new Dense(2, 3, "hidden"), new Dense(3, 1, "out")];
 *   call(x: tf.Tensor): tf.Tensor {
 *     return this.layers.reduce((h, layer) => layer.call(h), x);
 *   }
 * }
 * const mlp = new MLP();
 * console.log(mlp.name, mlp.variables.length, mlp.submodules.map((m) => m.name)); // mlp 4 [ "hidden", "out" ]
 * console.log(mlp.call(tf.constant([[1, 2]])).tolist()); // [ [ 9 ] ]
 * ```
 */
export class Module {
  /** The module's name. */
  readonly name: string;

  /** Checks the options and names the module. */
  constructor(options?: ModuleOptions) {
    checkOptions(options, MODULE_KEYS, `${new.target.name} options`);
    const name = options?.name ?? (snakeCase(new.target.name) || "module");
    if (typeof name !== "string" || !IDENTIFIER.test(name)) {
      throw new InvalidArgumentError(
        `${new.target.name}: ${JSON.stringify(name)} is not a valid module name: a module ` +
          `name is an identifier (letters, digits and _, not starting with a digit)`,
      );
    }
    this.name = name;
  }

  /** Internal: marks modules for walkers that cannot import this class (Keras layers). */
  get [MODULE](): true {
    return true;
  }

  #track(): Tracked {
    return track(this, {
      isContainer: (v) => isModule(v) || v instanceof Layer,
      records: isModule,
    });
  }

  /**
   * Every Variable this module and its sub-modules hold, trainable or not, each once, in field
   * order.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const m = new tf.Module({ name: "m" });
   * Object.assign(m, {
   *   params: { w: new tf.Variable(1, { name: "w" }), b: new tf.Variable(0, { name: "b" }) },
   *   steps: new tf.Variable(0, { name: "steps", trainable: false }),
   * });
   * console.log(m.variables.map((v) => v.name)); // [ "w:0", "b:0", "steps:0" ]
   * ```
   */
  get variables(): Variable[] {
    return this.#track().variables.map((n) => n.variable);
  }

  /**
   * The Variables an optimizer trains: `variables` whose `trainable` is true (and, inside a
   * Keras layer, whose layer is trainable).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const m = new tf.Module();
   * Object.assign(m, {
   *   w: new tf.Variable(1, { name: "w" }),
   *   steps: new tf.Variable(0, { name: "steps", trainable: false }),
   * });
   * console.log(m.trainableVariables.map((v) => v.name)); // [ "w:0" ]
   * ```
   */
  get trainableVariables(): Variable[] {
    return this.#track().variables.filter((n) => n.variable.trainable && n.trainable)
      .map((n) => n.variable);
  }

  /**
   * The Variables an optimizer leaves alone: `variables` that are not in `trainableVariables`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const m = new tf.Module();
   * Object.assign(m, { steps: new tf.Variable(0, { name: "steps", trainable: false }) });
   * console.log(m.nonTrainableVariables.map((v) => v.name)); // [ "steps:0" ]
   * ```
   */
  get nonTrainableVariables(): Variable[] {
    return this.#track().variables.filter((n) => !(n.variable.trainable && n.trainable))
      .map((n) => n.variable);
  }

  /**
   * Every module below this one (its own excluded), nested ones included, each once, in the
   * order the walk meets them; Keras layers and models count as modules, as in TensorFlow.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const inner = new tf.Module({ name: "inner" });
   * const outer = new tf.Module({ name: "outer" });
   * Object.assign(outer, { blocks: { first: inner } });
   * Object.assign(inner, { leaf: new tf.Module({ name: "leaf" }) });
   * console.log(outer.submodules.map((m) => m.name)); // [ "inner", "leaf" ]
   * ```
   */
  get submodules(): Submodule[] {
    return this.#track().containers.map((c) => c.container as Module | Layer);
  }
}

/** What `submodules` lists: a `tf.Module`, or a Keras layer or model (they count as modules). */
export interface Submodule {
  /** Its name. */
  readonly name: string;
  /** Its variables, nested ones included. */
  readonly variables: Variable[];
  /** Those of them that train. */
  readonly trainableVariables: Variable[];
}

/** `MyModule` -> `my_module`, `MLP` -> `mlp`, `Module` -> `module`. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
