/**
 * MultiHeadAttention: scaled dot-product attention with several heads (Vaswani et al., 2017), as
 * Keras 3 computes it.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { add, greater, greaterEqual, logicalAnd, mul } from "../ops/binary.ts";
import { range } from "../ops/creation.ts";
import { matmul } from "../ops/matmul.ts";
import { expandDims, reshape, transpose } from "../ops/movement.ts";
import { dropout as dropoutOp, softmax } from "../ops/nn.ts";
import { cast, where } from "../ops/select.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import {
  get as getInitializer,
  type Initializer,
  type InitializerIdentifier,
} from "./initializers.ts";
import { type CallOptions, Layer, type LayerOptions, positiveInt } from "./layer.ts";
import { KerasTensor } from "./functional.ts";
import { isTensorOrVariable } from "../symbols.ts";
import { boolOption, floatDTypeOption, rateOption, show } from "./_checks.ts";

/** Options of MultiHeadAttention. */
export interface MultiHeadAttentionOptions extends LayerOptions {
  /** The number of attention heads. */
  numHeads: number;
  /** The size of each head's query and key projections. */
  keyDim: number;
  /** The size of each head's value projection (default `keyDim`). */
  valueDim?: number;
  /** The dropout rate on the attention probabilities while training (default 0). */
  dropout?: number;
  /** Whether the four projections add biases (default true). */
  useBias?: boolean;
  /**
   * The shape of each output step: a number or an array of numbers (default: the query's last
   * axis).
   */
  outputShape?: number | readonly number[];
  /** How to fill the projection kernels (default "glorotUniform"). */
  kernelInitializer?: InitializerIdentifier;
  /** How to fill the projection biases (default "zeros"). */
  biasInitializer?: InitializerIdentifier;
  /** An op seed for the dropout masks. */
  seed?: number;
  /** The dtype of the weights and of the computation: a float dtype (default "float32"). */
  dtype?: DType;
}

const MULTI_HEAD_ATTENTION_KEYS = keysOf<MultiHeadAttentionOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  numHeads: true,
  keyDim: true,
  valueDim: true,
  dropout: true,
  useBias: true,
  outputShape: true,
  kernelInitializer: true,
  biasInitializer: true,
  seed: true,
  dtype: true,
});

/** Options of MultiHeadAttention's `apply` and `call`: the other inputs and the switches. */
export interface MultiHeadAttentionCallOptions extends CallOptions {
  /** The values `[batch, S, valueFeatures]` (required). */
  value: TensorLike;
  /** The keys `[batch, S, keyFeatures]` (default: `value`). */
  key?: TensorLike;
  /**
   * Which keys each query may attend to: `[batch, T, S]` (or `[T, S]`, broadcast over the batch;
   * or `[batch, heads, T, S]`), true (or > 0.5) to attend. A query row with no key allowed gets
   * zero attention.
   */
  attentionMask?: TensorLike;
  /** Also return the attention probabilities `[batch, heads, T, S]` (default false). */
  returnAttentionScores?: boolean;
  /** Let query step t attend only to key steps up to t (default false). */
  useCausalMask?: boolean;
}

const CALL_KEYS = keysOf<MultiHeadAttentionCallOptions>({
  training: true,
  value: true,
  key: true,
  attentionMask: true,
  returnAttentionScores: true,
  useCausalMask: true,
});

/**
 * MultiHeadAttention's inputs as one list, Keras's `mha(query, value, key)`: tensors, or the
 * symbolic tensors of a functional model.
 */
export type MultiHeadAttentionInputs =
  | readonly [Tensor | KerasTensor, Tensor | KerasTensor]
  | readonly [Tensor | KerasTensor, Tensor | KerasTensor, Tensor | KerasTensor];

/** A list [query, value, key?] of tensors or symbolic tensors (not a nested number array). */
function isInputList(x: unknown): x is MultiHeadAttentionInputs {
  return Array.isArray(x) && (x.length === 2 || x.length === 3) &&
    x.every((t) => t instanceof KerasTensor || isTensorOrVariable(t));
}

/** The checked call arguments, as tensors. */
interface Args {
  value: Tensor;
  key: Tensor;
  mask: Tensor | null;
  scores: boolean;
  causal: boolean;
  training: boolean;
  /** Where `call` leaves the probabilities for `apply`. */
  probabilities?: Tensor;
}

/**
 * Keras's MultiHeadAttention. The query `[batch, T, queryFeatures]`, the value
 * `[batch, S, valueFeatures]` and the key (default: the value) are projected per head to
 * `[batch, T, heads, keyDim]`, `[batch, S, heads, valueDim]` and `[batch, S, heads, keyDim]`
 * (Keras's EinsumDense layout: kernels `[features, heads, dim]`, biases `[heads, dim]`); the
 * scores `query · key / sqrt(keyDim)` go through a softmax over the keys (masked positions set
 * to -1e9 first, and to 0 after), dropout while training, and weight the values; the heads are
 * projected back by a kernel `[heads, valueDim, ...outputShape]` to the query's last axis (or
 * `outputShape`). Called as `apply(query, { value, key?, attentionMask?, useCausalMask?,
 * returnAttentionScores?, training? })`; with `returnAttentionScores: true` it returns
 * `[output, probabilities]`. Keras's `mha(query, value, key)` is `apply([query, value, key?])`,
 * which also works on the symbolic tensors of a functional model. Weights, in Keras's order: `<name>/query/kernel`,
 * `<name>/query/bias`, `<name>/key/kernel`, `<name>/key/bias`, `<name>/value/kernel`,
 * `<name>/value/bias`, `<name>/attention_output/kernel`, `<name>/attention_output/bias`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const mha = new tf.keras.layers.MultiHeadAttention({ numHeads: 2, keyDim: 4 });
 * const query = tf.ones([3, 5, 8]), value = tf.ones([3, 7, 6]);
 * console.log(mha.apply(query, { value }).shape); // [ 3, 5, 8 ]
 * const [out, scores] = mha.apply(query, { value, returnAttentionScores: true });
 * console.log(out.shape, scores.shape); // [ 3, 5, 8 ] [ 3, 2, 5, 7 ]
 * ```
 */
export class MultiHeadAttention extends Layer {
  /** The number of heads. */
  readonly numHeads: number;
  /** The size of each head's query and key. */
  readonly keyDim: number;
  /** The size of each head's value. */
  readonly valueDim: number;
  /** The dropout rate on the attention probabilities. */
  readonly dropout: number;
  /** Whether the projections add biases. */
  readonly useBias: boolean;
  /** The op seed of the dropout masks. */
  readonly seed?: number;
  /** The dtype of the weights and of the computation. */
  readonly dtype: DType;
  /** `[queryFeatures, heads, keyDim]`; null until built. */
  queryKernel: Variable | null = null;
  /** `[heads, keyDim]`; null until built or without `useBias`. */
  queryBias: Variable | null = null;
  /** `[keyFeatures, heads, keyDim]`; null until built. */
  keyKernel: Variable | null = null;
  /** `[heads, keyDim]`; null until built or without `useBias`. */
  keyBias: Variable | null = null;
  /** `[valueFeatures, heads, valueDim]`; null until built. */
  valueKernel: Variable | null = null;
  /** `[heads, valueDim]`; null until built or without `useBias`. */
  valueBias: Variable | null = null;
  /** `[heads, valueDim, ...outputShape]`; null until built. */
  outputKernel: Variable | null = null;
  /** `[...outputShape]`; null until built or without `useBias`. */
  outputBias: Variable | null = null;
  #outputDims: number[] | null;
  #kernelInitializer: Initializer;
  #biasInitializer: Initializer;
  #pending: Args | undefined;

  /** Checks the options; the weights are made on the first call. */
  constructor(options: MultiHeadAttentionOptions) {
    super(options, MULTI_HEAD_ATTENTION_KEYS);
    const op = "MultiHeadAttention";
    this.numHeads = positiveInt(options?.numHeads, "numHeads", op);
    this.keyDim = positiveInt(options.keyDim, "keyDim", op);
    this.valueDim = options.valueDim === undefined
      ? this.keyDim
      : positiveInt(options.valueDim, "valueDim", op);
    this.dropout = rateOption(options.dropout, "dropout", op);
    this.useBias = boolOption(options.useBias, true, "useBias", op);
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new InvalidArgumentError(`${op}: seed must be an integer, got ${show(options.seed)}`);
    }
    this.seed = options.seed;
    this.dtype = floatDTypeOption(options.dtype, op);
    const shape = options.outputShape;
    const ok = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v > 0;
    if (shape === undefined) this.#outputDims = null;
    else if (ok(shape)) this.#outputDims = [shape as number];
    else if (Array.isArray(shape) && shape.length > 0 && shape.every(ok)) {
      this.#outputDims = [...shape];
    } else {
      throw new InvalidArgumentError(
        `${op}: outputShape must be a positive integer or a non-empty array of them, got ` +
          show(shape),
      );
    }
    this.#kernelInitializer = getInitializer(options.kernelInitializer ?? "glorotUniform");
    this.#biasInitializer = getInitializer(options.biasInitializer ?? "zeros");
  }

  /**
   * Makes the projections for a query of `queryShape` and a value (default: the query) and key
   * (default: the value) of the given shapes, each `[batch, steps, features]` (once).
   */
  override build(
    queryShape: readonly number[],
    valueShape?: readonly number[],
    keyShape?: readonly number[],
  ): void {
    if (this.queryKernel !== null) return;
    // Built from the inputs of apply([query, value, key?]): their shapes in one list.
    if (Array.isArray(queryShape[0])) {
      const shapes = queryShape as unknown as readonly (readonly number[])[];
      return this.build(shapes[0], shapes[1], shapes[2]);
    }
    const v = valueShape ?? this.#pending?.value.shape ?? queryShape;
    const k = keyShape ?? this.#pending?.key.shape ?? v;
    for (const [what, s] of [["query", queryShape], ["value", v], ["key", k]] as const) {
      if (s.length !== 3 || !(s[2] > 0)) {
        throw new InvalidArgumentError(
          `${this.name}: MultiHeadAttention needs a ${what} of rank 3 [batch, steps, features] ` +
            `with at least one feature, got shape ${formatShape(s)}`,
        );
      }
    }
    const heads = this.numHeads, dtype = this.dtype;
    const kernel = (name: string, shape: number[]) =>
      this.addWeight(`${name}/kernel`, () => this.#kernelInitializer.call(shape, dtype));
    const bias = (name: string, shape: number[]) =>
      this.useBias
        ? this.addWeight(`${name}/bias`, () => this.#biasInitializer.call(shape, dtype))
        : null;
    this.queryKernel = kernel("query", [queryShape[2], heads, this.keyDim]);
    this.queryBias = bias("query", [heads, this.keyDim]);
    this.keyKernel = kernel("key", [k[2], heads, this.keyDim]);
    this.keyBias = bias("key", [heads, this.keyDim]);
    this.valueKernel = kernel("value", [v[2], heads, this.valueDim]);
    this.valueBias = bias("value", [heads, this.valueDim]);
    const out = this.#outputDims ?? [queryShape[2]];
    this.outputKernel = kernel("attention_output", [heads, this.valueDim, ...out]);
    this.outputBias = bias("attention_output", out);
  }

  /**
   * Attends from `query` to `options.value` (building the layer on first use): the output
   * `[batch, T, ...outputShape]`, or `[output, probabilities]` with `returnAttentionScores`.
   */
  override apply(
    query: TensorLike,
    options: MultiHeadAttentionCallOptions & { returnAttentionScores: true },
  ): [Tensor, Tensor];
  override apply(
    query: TensorLike,
    options: MultiHeadAttentionCallOptions & { returnAttentionScores?: false },
  ): Tensor;
  override apply(
    query: TensorLike,
    options: MultiHeadAttentionCallOptions,
  ): Tensor | [Tensor, Tensor];
  override apply(
    inputs: readonly [KerasTensor, KerasTensor] | readonly [KerasTensor, KerasTensor, KerasTensor],
    options?: Omit<MultiHeadAttentionCallOptions, "value" | "key">,
  ): KerasTensor;
  override apply(
    inputs: readonly [Tensor, Tensor] | readonly [Tensor, Tensor, Tensor],
    options?: Omit<MultiHeadAttentionCallOptions, "value" | "key">,
  ): Tensor;
  override apply(
    query: TensorLike | MultiHeadAttentionInputs,
    options?: MultiHeadAttentionCallOptions | Omit<MultiHeadAttentionCallOptions, "value" | "key">,
  ): Tensor | [Tensor, Tensor] | KerasTensor {
    if (isInputList(query)) {
      const [q, value, key] = query;
      const o = checkOptions(options, CALL_KEYS, "MultiHeadAttention.apply options");
      if (o !== undefined && ("value" in o || "key" in o)) {
        throw new InvalidArgumentError(
          `${this.name}.apply: give the value and key either in the list [query, value, key] or ` +
            "as options, not both",
        );
      }
      if (query.some((t) => t instanceof KerasTensor)) {
        // A node of a functional model: its inputs are the list, run by `call` later.
        if (o?.returnAttentionScores || o?.attentionMask !== undefined || o?.useCausalMask) {
          throw new InvalidArgumentError(
            `${this.name}.apply: on symbolic inputs MultiHeadAttention takes only [query, ` +
              "value, key] and training (no masks or scores)",
          );
        }
        const training = o?.training === undefined ? undefined : { training: o.training };
        return super.apply(query as readonly KerasTensor[], training) as KerasTensor;
      }
      return this.apply(q as TensorLike, { ...o, value: value as TensorLike, key } as never);
    }
    const args = this.#args(options as MultiHeadAttentionCallOptions, "apply");
    this.#pending = args;
    let y: Tensor;
    try {
      y = super.apply(
        query,
        options?.training === undefined ? undefined : { training: args.training },
      );
    } finally {
      this.#pending = undefined;
    }
    if (args.probabilities === undefined) return y; // recorded, not run (symbolic inputs)
    return args.scores ? [y, args.probabilities] : y;
  }

  /** The computation of `apply` (builds the layer if needed). */
  call(
    query: Tensor,
    options: MultiHeadAttentionCallOptions & { returnAttentionScores: true },
  ): [Tensor, Tensor];
  call(
    query: Tensor,
    options: MultiHeadAttentionCallOptions & { returnAttentionScores?: false },
  ): Tensor;
  call(query: Tensor, options: MultiHeadAttentionCallOptions): Tensor | [Tensor, Tensor];
  call(inputs: readonly Tensor[], options?: CallOptions): Tensor;
  call(
    query: Tensor | readonly Tensor[],
    options?: MultiHeadAttentionCallOptions,
  ): Tensor | [Tensor, Tensor] {
    if (Array.isArray(query)) {
      // A functional model's node: the list [query, value, key?].
      const [q, value, key] = query as readonly Tensor[];
      return this.call(q, { ...options, value, key } as MultiHeadAttentionCallOptions);
    }
    query = query as Tensor;
    const pending = this.#pending;
    this.#pending = undefined;
    const args = pending ?? this.#args(options, "call");
    if (this.queryKernel === null) this.build(query.shape, args.value.shape, args.key.shape);
    const { output, probabilities } = this.#attend(query, args);
    if (pending !== undefined) {
      pending.probabilities = probabilities;
      return output;
    }
    return args.scores ? [output, probabilities] : output;
  }

  /** Checks the call options and converts the tensors. */
  #args(options: MultiHeadAttentionCallOptions | undefined, method: string): Args {
    const what = `MultiHeadAttention.${method} options`;
    const o = checkOptions(options, CALL_KEYS, what);
    if (o === undefined || o.value === undefined) {
      throw new InvalidArgumentError(
        `${this.name}.${method}: MultiHeadAttention needs the value: ${method}(query, { value })`,
      );
    }
    const value = input(o.value, `${this.name}.${method}`);
    const key = o.key === undefined ? value : input(o.key, `${this.name}.${method}`);
    const mask = o.attentionMask === undefined || o.attentionMask === null
      ? null
      : input(o.attentionMask, `${this.name}.${method}`);
    const op = `MultiHeadAttention.${method}`;
    return {
      value,
      key,
      mask,
      scores: boolOption(o.returnAttentionScores, false, "returnAttentionScores", op),
      causal: boolOption(o.useCausalMask, false, "useCausalMask", op),
      training: boolOption(o.training, false, "training", op),
    };
  }

  /** The attention itself. */
  #attend(query: Tensor, args: Args): { output: Tensor; probabilities: Tensor } {
    const dtype = this.dtype;
    const f = (t: Tensor) => (t.dtype === dtype ? t : cast(t, dtype));
    const q = f(query), v = f(args.value), k = f(args.key);
    const qk = this.queryKernel as Variable, kk = this.keyKernel as Variable;
    const vk = this.valueKernel as Variable, ok = this.outputKernel as Variable;
    const check = (t: Tensor, what: string, features: number): void => {
      if (t.rank !== 3 || t.shape[2] !== features) {
        throw new InvalidArgumentError(
          `${this.name}: expected a ${what} of shape (batch, steps, ${features}), got ` +
            formatShape(t.shape),
        );
      }
    };
    check(q, "query", qk.shape[0]);
    check(v, "value", vk.shape[0]);
    check(k, "key", kk.shape[0]);
    const [batch, tq] = q.shape;
    const tv = v.shape[1];
    if (v.shape[0] !== batch || k.shape[0] !== batch || k.shape[1] !== tv) {
      throw new InvalidArgumentError(
        `${this.name}: query ${formatShape(q.shape)}, value ${formatShape(v.shape)} and key ` +
          `${formatShape(k.shape)} must share the batch, and the key and value their steps`,
      );
    }
    const heads = this.numHeads;
    // [batch, steps, features] -> [batch, heads, steps, dim] (EinsumDense "abc,cde->abde").
    const project = (x: Tensor, kernel: Variable, bias: Variable | null, dim: number): Tensor => {
      const [b, steps, features] = x.shape;
      let y = matmul(reshape(x, [b * steps, features]), reshape(kernel, [features, heads * dim]));
      if (bias !== null) y = add(y, reshape(bias, [heads * dim]));
      return transpose(reshape(y, [b, steps, heads, dim]), [0, 2, 1, 3]);
    };
    const qh = mul(project(q, qk, this.queryBias, this.keyDim), 1 / Math.sqrt(this.keyDim));
    const kh = project(k, kk, this.keyBias, this.keyDim);
    const vh = project(v, vk, this.valueBias, this.valueDim);
    let logits = matmul(qh, kh, { transposeB: true }); // [batch, heads, T, S]
    const mask = this.#mask(args, batch, tq, tv);
    if (mask !== null) logits = where(mask, logits, dtype === "float16" ? -3e4 : -1e9);
    let probabilities = softmax(logits, -1);
    if (mask !== null) probabilities = mul(probabilities, cast(mask, dtype));
    const dropped = args.training && this.dropout > 0
      ? dropoutOp(probabilities, this.dropout, { seed: this.seed })
      : probabilities;
    const context = transpose(matmul(dropped, vh), [0, 2, 1, 3]); // [batch, T, heads, valueDim]
    const outDims = ok.shape.slice(2);
    const outSize = outDims.reduce((a, b) => a * b, 1);
    let y = matmul(
      reshape(context, [batch * tq, heads * this.valueDim]),
      reshape(ok, [heads * this.valueDim, outSize]),
    );
    if (this.outputBias !== null) y = add(y, reshape(this.outputBias, [outSize]));
    return { output: reshape(y, [batch, tq, ...outDims]), probabilities };
  }

  /** The boolean mask `[batch or 1, heads or 1, T, S]`, or null. */
  #mask(args: Args, batch: number, tq: number, tv: number): Tensor | null {
    let mask: Tensor | null = null;
    if (args.mask !== null) {
      const m = args.mask;
      const ok = m.rank >= 2 && m.rank <= 4 &&
        m.shape[m.rank - 2] === tq && m.shape[m.rank - 1] === tv &&
        (m.rank < 3 || m.shape[0] === batch || m.shape[0] === 1) &&
        (m.rank < 4 || m.shape[1] === this.numHeads || m.shape[1] === 1);
      if (!ok) {
        throw new InvalidArgumentError(
          `${this.name}: attentionMask must have shape (batch, ${tq}, ${tv}), (${tq}, ${tv}) or ` +
            `(batch, ${this.numHeads}, ${tq}, ${tv}) with batch ${batch} or 1, got ` +
            formatShape(m.shape),
        );
      }
      mask = m.dtype === "bool" ? m : greater(m, 0.5);
      // [T, S] -> [1, T, S]; [batch, T, S] -> [batch, 1, T, S] (Keras expands before T).
      while (mask.rank < 4) mask = expandDims(mask, -3);
    }
    if (args.causal) {
      const rows = reshape(range(0, tq, 1, "int32"), [tq, 1]);
      const cols = reshape(range(0, tv, 1, "int32"), [1, tv]);
      const causal = reshape(greaterEqual(rows, cols), [1, 1, tq, tv]);
      mask = mask === null ? causal : logicalAnd(mask, causal);
    }
    return mask;
  }
}
