/**
 * Internal: RNNBase, the shared part of SimpleRNN, LSTM and GRU: the options they have in common,
 * the weights (`kernel`, `recurrent_kernel`, `bias`), the loop over time steps, and
 * `returnSequences`, `returnState`, `goBackwards` and initial states. Each layer supplies its
 * cell: one step from the input projection of a time step and the previous states.
 *
 * @module
 */
import type { DType } from "../dtype.ts";
import { input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { add } from "../ops/binary.ts";
import { fill } from "../ops/creation.ts";
import { matmul } from "../ops/matmul.ts";
import { reshape, reverse, stack, unstack } from "../ops/movement.ts";
import { cast } from "../ops/select.ts";
import { checkOptions, keysOf } from "../options.ts";
import { isTensorOrVariable } from "../symbols.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import type { Variable } from "../variable.ts";
import {
  type ActivationFunction,
  type ActivationIdentifier,
  get as getActivation,
} from "./activations.ts";
import {
  get as getInitializer,
  type Initializer,
  type InitializerIdentifier,
} from "./initializers.ts";
import { type CallOptions, Layer, type LayerOptions, positiveInt } from "./layer.ts";
import { boolOption, floatDTypeOption } from "./_checks.ts";

/** Options of SimpleRNN, LSTM and GRU (`R` is the type of `returnState`). */
export interface RNNOptions<R extends boolean = boolean> extends LayerOptions {
  /** The size of the state (and of each output step). */
  units: number;
  /** The activation of the output (default "tanh"; null for linear). */
  activation?: ActivationIdentifier;
  /** Whether to add biases (default true). */
  useBias?: boolean;
  /** How to fill the input kernel (default "glorotUniform"). */
  kernelInitializer?: InitializerIdentifier;
  /** How to fill the recurrent kernel (default "orthogonal"). */
  recurrentInitializer?: InitializerIdentifier;
  /** How to fill the bias (default "zeros"). */
  biasInitializer?: InitializerIdentifier;
  /** Return the output of every step, `[batch, time, units]`, not only the last (default false). */
  returnSequences?: boolean;
  /** Return `[output, ...finalStates]` instead of the output (default false). */
  returnState?: R;
  /**
   * Process the sequence from its last step to its first (default false). With
   * `returnSequences`, the outputs come in that processing order, as in Keras.
   */
  goBackwards?: boolean;
  /** The dtype of the weights and of the computation: a float dtype (default "float32"). */
  dtype?: DType;
}

/** Options of `apply` and `call` of SimpleRNN, LSTM and GRU. */
export interface RNNCallOptions extends CallOptions {
  /**
   * The states the first step starts from (default zeros): a tensor for SimpleRNN and GRU, or an
   * array of tensors, `[h]`, or `[h, c]` for LSTM; each `[batch, units]`.
   */
  initialState?: Tensor | Variable | readonly TensorLike[];
}

const RNN_CALL_KEYS = keysOf<RNNCallOptions>({ training: true, initialState: true });

/** What `apply` hands to the `call` that Layer.apply makes (Layer.apply takes only `training`). */
interface Pending {
  initialState: RNNCallOptions["initialState"];
  /** The final states, once `call` has run. */
  states?: Tensor[];
}

/**
 * The shared base of SimpleRNN, LSTM and GRU (not exported: use those). Inputs are
 * `[batch, time, features]`; the input projection of every step is one matmul, then each step
 * runs the cell with the tape recording, so gradients flow through time.
 */
export abstract class RNNBase<R extends boolean = false> extends Layer {
  /** The size of the state. */
  readonly units: number;
  /** The activation of the output. */
  readonly activation: ActivationFunction;
  /** Whether biases are added. */
  readonly useBias: boolean;
  /** Whether every step's output is returned. */
  readonly returnSequences: boolean;
  /** Whether the final states are returned after the output. */
  readonly returnState: R;
  /** Whether the sequence is processed backwards. */
  readonly goBackwards: boolean;
  /** The dtype of the weights and of the computation. */
  readonly dtype: DType;
  /** The input kernel, `[features, gates * units]`; null until built. */
  kernel: Variable | null = null;
  /** The recurrent kernel, `[units, gates * units]`; null until built. */
  recurrentKernel: Variable | null = null;
  /** The bias; null until built or without `useBias`. */
  bias: Variable | null = null;
  /** How the bias is filled (LSTM and GRU shape it their way). */
  protected readonly biasInitializer: Initializer;
  #kernelInitializer: Initializer;
  #recurrentInitializer: Initializer;
  #gates: number;
  #stateCount: number;
  #pending: Pending | undefined;

  /**
   * Checks the common options; `keys` are all the keys the layer's options may have, `gates` the
   * number of `units`-wide blocks of the kernels, `stateCount` the number of states.
   */
  constructor(
    options: RNNOptions<R>,
    keys: readonly string[],
    baseName: string,
    gates: number,
    stateCount: number,
  ) {
    super(options, keys, baseName);
    const op = this.constructor.name;
    this.units = positiveInt(options?.units, "units", op);
    this.activation = getActivation(options.activation === undefined ? "tanh" : options.activation);
    this.useBias = boolOption(options.useBias, true, "useBias", op);
    this.returnSequences = boolOption(options.returnSequences, false, "returnSequences", op);
    this.returnState = boolOption(options.returnState, false, "returnState", op) as R;
    this.goBackwards = boolOption(options.goBackwards, false, "goBackwards", op);
    this.dtype = floatDTypeOption(options.dtype, op);
    this.#kernelInitializer = getInitializer(options.kernelInitializer ?? "glorotUniform");
    this.#recurrentInitializer = getInitializer(options.recurrentInitializer ?? "orthogonal");
    this.biasInitializer = getInitializer(options.biasInitializer ?? "zeros");
    this.#gates = gates;
    this.#stateCount = stateCount;
  }

  /** Makes the kernels and the bias for inputs `[batch, time, features]` (once). */
  override build(inputShape: readonly number[]): void {
    if (this.kernel !== null) return;
    if (inputShape.length !== 3 || !(inputShape[2] > 0)) {
      throw new InvalidArgumentError(
        `${this.name}: ${this.constructor.name} needs inputs of rank 3 [batch, time, features] ` +
          `with at least one feature, got shape ${formatShape(inputShape)}`,
      );
    }
    const n = this.#gates * this.units;
    const dtype = this.dtype;
    this.kernel = this.addWeight(
      "kernel",
      () => this.#kernelInitializer.call([inputShape[2], n], dtype),
    );
    this.recurrentKernel = this.addWeight(
      "recurrent_kernel",
      () => this.#recurrentInitializer.call([this.units, n], dtype),
    );
    if (this.useBias) this.bias = this.addWeight("bias", () => this.makeBias(dtype));
  }

  /** The initial bias (default: `biasInitializer` over `[gates * units]`). */
  protected makeBias(dtype: DType): Tensor {
    return this.biasInitializer.call([this.#gates * this.units], dtype);
  }

  /** The bias added to the input projection (default: `bias`). */
  protected inputBias(): Tensor | Variable | null {
    return this.bias;
  }

  /**
   * One step of the cell: the input projection of the step (`x_t @ kernel + inputBias`,
   * `[batch, gates * units]`) and the previous states give the new states; the first is the
   * step's output.
   */
  protected abstract step(projection: Tensor, states: readonly Tensor[]): Tensor[];

  /**
   * Runs the layer (building it on first use): the output (`[batch, units]`, or
   * `[batch, time, units]` with `returnSequences`), or with `returnState` the array
   * `[output, ...finalStates]`.
   */
  override apply(
    this: { readonly returnState: true },
    inputs: TensorLike,
    options?: RNNCallOptions,
  ): Tensor[];
  override apply(
    this: { readonly returnState: false },
    inputs: TensorLike,
    options?: RNNCallOptions,
  ): Tensor;
  override apply(inputs: TensorLike, options?: RNNCallOptions): Tensor | Tensor[];
  override apply(inputs: TensorLike, options?: RNNCallOptions): Tensor | Tensor[] {
    const o = checkOptions(options, RNN_CALL_KEYS, `${this.constructor.name}.apply options`);
    const pending: Pending = { initialState: o?.initialState };
    this.#pending = pending;
    let y: Tensor;
    try {
      y = super.apply(inputs, o?.training === undefined ? undefined : { training: o.training });
    } finally {
      this.#pending = undefined;
    }
    // Symbolic inputs (the functional API): Layer.apply recorded the call without running it
    // and returned every output already (it probes this apply on concrete tensors).
    if (pending.states === undefined) {
      if (o?.initialState !== undefined) {
        throw new InvalidArgumentError(
          `${this.name}: initialState cannot be given with symbolic inputs`,
        );
      }
      return y;
    }
    return this.returnState ? [y, ...pending.states] : y;
  }

  /** The computation of `apply` (builds the layer if needed). */
  call(
    this: { readonly returnState: true },
    inputs: Tensor,
    options?: RNNCallOptions,
  ): Tensor[];
  call(this: { readonly returnState: false }, inputs: Tensor, options?: RNNCallOptions): Tensor;
  call(inputs: Tensor, options?: RNNCallOptions): Tensor | Tensor[];
  call(inputs: Tensor, options?: RNNCallOptions): Tensor | Tensor[] {
    const pending = this.#pending;
    this.#pending = undefined;
    const o = checkOptions(options, RNN_CALL_KEYS, `${this.constructor.name}.call options`);
    if (this.kernel === null) this.build(inputs.shape);
    const { output, states } = this.#run(inputs, pending?.initialState ?? o?.initialState);
    if (pending !== undefined) {
      pending.states = states;
      return output;
    }
    return this.returnState ? [output, ...states] : output;
  }

  #run(inputs: Tensor, initialState: RNNCallOptions["initialState"]): {
    output: Tensor;
    states: Tensor[];
  } {
    const kernel = this.kernel as Variable;
    const features = kernel.shape[0];
    if (inputs.rank !== 3 || inputs.shape[2] !== features) {
      throw new InvalidArgumentError(
        `${this.name}: expected inputs of shape (batch, time, ${features}), got ` +
          formatShape(inputs.shape),
      );
    }
    const [batch, time] = inputs.shape;
    if (time === 0) {
      throw new InvalidArgumentError(
        `${this.name}: the inputs have no time steps (shape ${formatShape(inputs.shape)})`,
      );
    }
    const states0 = this.#initialStates(initialState, batch);
    const x = inputs.dtype === this.dtype ? inputs : cast(inputs, this.dtype);
    const n = kernel.shape[1];
    let projection = reshape(matmul(reshape(x, [batch * time, features]), kernel), [
      batch,
      time,
      n,
    ]);
    const bias = this.inputBias();
    if (bias !== null) projection = add(projection, bias);
    if (this.goBackwards) projection = reverse(projection, 1);
    let states: Tensor[] = states0;
    const outputs: Tensor[] = [];
    for (const step of unstack(projection, 1)) {
      states = this.step(step, states);
      if (this.returnSequences) outputs.push(states[0]);
    }
    return { output: this.returnSequences ? stack(outputs, 1) : states[0], states };
  }

  /** The given initial states, checked and cast, or zeros. */
  #initialStates(given: RNNCallOptions["initialState"], batch: number): Tensor[] {
    const count = this.#stateCount;
    if (given === undefined || given === null) {
      return Array.from({ length: count }, () => fill([batch, this.units], 0, this.dtype));
    }
    const list = isTensorOrVariable(given) ? [given] : given;
    if (!Array.isArray(list) || list.length !== count) {
      throw new InvalidArgumentError(
        `${this.name}: initialState must be ${
          count === 1 ? "a tensor or an array of 1 tensor" : `an array of ${count} tensors`
        } of shape (${batch}, ${this.units}), got ${
          Array.isArray(list) ? `an array of ${list.length}` : typeof list
        }`,
      );
    }
    return list.map((s, i) => {
      const t = input(s as TensorLike, `${this.name} initialState`);
      if (t.rank !== 2 || t.shape[0] !== batch || t.shape[1] !== this.units) {
        throw new InvalidArgumentError(
          `${this.name}: initial state ${i} has shape ${formatShape(t.shape)}, expected ` +
            `(${batch}, ${this.units})`,
        );
      }
      return t.dtype === this.dtype ? t : cast(t, this.dtype);
    });
  }
}
