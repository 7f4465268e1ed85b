/**
 * `tf.keras.layers`.
 *
 * @module
 */
export { type CallOptions, Layer, type LayerOptions, type NamedVariable } from "./layer.ts";
export { Dense, type DenseOptions } from "./dense.ts";
export { Dropout, type DropoutOptions } from "./dropout.ts";
export { Flatten } from "./flatten.ts";
export { Embedding, type EmbeddingOptions } from "./embedding.ts";
export { LayerNormalization, type LayerNormalizationOptions } from "./layer_normalization.ts";
