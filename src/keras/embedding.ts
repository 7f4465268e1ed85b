/**
 * Embedding: integer ids to dense vectors.
 *
 * @module
 */
import { isFloat } from "../dtype.ts";
import { gather } from "../ops/indexing.ts";
import { cast } from "../ops/select.ts";
import type { Tensor } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import {
  get as getInitializer,
  type Initializer,
  type InitializerIdentifier,
} from "./initializers.ts";
import { Layer, type LayerOptions, positiveInt } from "./layer.ts";
import { keysOf } from "../options.ts";
import { optionalRegularizer } from "./dense.ts";
import type { Regularizer, RegularizerIdentifier } from "./regularizers.ts";

/** Options of Embedding. */
export interface EmbeddingOptions extends LayerOptions {
  /** The number of ids: inputs are in [0, inputDim). */
  inputDim: number;
  /** The length of each vector. */
  outputDim: number;
  /** How to fill the table (default "uniform": ±0.05, as Keras). */
  embeddingsInitializer?: InitializerIdentifier;
  /** A penalty on the table (`"l2"`, `tf.keras.regularizers.l2(0.01)`, ...), in `losses`. */
  embeddingsRegularizer?: RegularizerIdentifier;
  /** A penalty on the output (divided by the batch size), in `losses` after each call. */
  activityRegularizer?: RegularizerIdentifier;
}

const EMBEDDING_KEYS = keysOf<EmbeddingOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  inputDim: true,
  outputDim: true,
  embeddingsInitializer: true,
  embeddingsRegularizer: true,
  activityRegularizer: true,
});

/**
 * Looks up a row of a `[inputDim, outputDim]` table (`<name>/embeddings`) for every id: the
 * output has the input's shape plus `outputDim`. Float ids are truncated to integers.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const emb = new tf.keras.layers.Embedding({ inputDim: 10, outputDim: 3 });
 * console.log(emb.apply(tf.constant([[1, 2], [3, 4]], "int32")).shape); // [ 2, 2, 3 ]
 * ```
 */
export class Embedding extends Layer {
  /** The number of ids. */
  readonly inputDim: number;
  /** The length of each vector. */
  readonly outputDim: number;
  /** The table, `[inputDim, outputDim]`; null until built. */
  embeddings: Variable | null = null;
  /** The table's penalty, if any. */
  readonly embeddingsRegularizer: Regularizer | null;
  /** The output's penalty, if any. */
  readonly activityRegularizer: Regularizer | null;
  #initializer: Initializer;

  /** Checks the options; the table is made on the first call. */
  constructor(options: EmbeddingOptions) {
    super(options, EMBEDDING_KEYS);
    this.inputDim = positiveInt(options?.inputDim, "inputDim", "Embedding");
    this.outputDim = positiveInt(options.outputDim, "outputDim", "Embedding");
    this.#initializer = getInitializer(options.embeddingsInitializer ?? "uniform");
    this.embeddingsRegularizer = optionalRegularizer(options.embeddingsRegularizer);
    this.activityRegularizer = optionalRegularizer(options.activityRegularizer);
  }

  /** Makes the table. */
  override build(): void {
    this.embeddings = this.addWeight(
      "embeddings",
      () => this.#initializer.call([this.inputDim, this.outputDim]),
      true,
      this.embeddingsRegularizer,
    );
  }

  /** Gathers the rows of the ids. */
  call(inputs: Tensor): Tensor {
    const ids = isFloat(inputs.dtype) || inputs.dtype === "bool" ? cast(inputs, "int32") : inputs;
    const out = gather(this.embeddings as Variable, ids, 0);
    if (this.activityRegularizer !== null) this.addActivityLoss(out, this.activityRegularizer);
    return out;
  }
}
