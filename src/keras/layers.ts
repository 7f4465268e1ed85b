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
export { GRU, type GRUOptions } from "./gru.ts";
export { LSTM, type LSTMOptions } from "./lstm.ts";
export { SimpleRNN, type SimpleRNNOptions } from "./simple_rnn.ts";
export type { RNNCallOptions, RNNOptions } from "./_rnn.ts";
export {
  MultiHeadAttention,
  type MultiHeadAttentionCallOptions,
  type MultiHeadAttentionOptions,
} from "./multi_head_attention.ts";
export { Conv1D, type Conv1DOptions } from "./conv1d.ts";
export {
  GlobalAveragePooling1D,
  GlobalAveragePooling1D as GlobalAvgPool1D,
  GlobalAveragePooling2D,
  GlobalAveragePooling2D as GlobalAvgPool2D,
  type GlobalPoolingOptions,
} from "./global_pooling.ts";
export { Input, InputLayer, type InputLayerOptions } from "./functional.ts";
export {
  Add,
  Average,
  Concatenate,
  type ConcatenateOptions,
  Maximum,
  Minimum,
  Multiply,
  Subtract,
} from "./merge.ts";
export type { ApplyInput, ApplyResult, Structure } from "./_structure.ts";
