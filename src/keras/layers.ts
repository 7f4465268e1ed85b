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
export { Conv2D, type Conv2DOptions } from "./conv2d.ts";
export {
  AveragePooling2D,
  AveragePooling2D as AvgPool2D,
  MaxPool2D,
  MaxPool2D as MaxPooling2D,
  Pooling2D,
  type Pooling2DOptions,
} from "./pooling.ts";
export { BatchNormalization, type BatchNormalizationOptions } from "./batch_normalization.ts";
