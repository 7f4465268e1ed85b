/**
 * The functional API: `tf.keras.Input` makes a symbolic tensor (a KerasTensor: a shape whose
 * batch axis is unknown, a dtype, no data); a layer applied to symbolic tensors records a node
 * and returns symbolic outputs; `new tf.keras.Model({ inputs, outputs })` collects the nodes
 * that lead from the inputs to the outputs into a graph that its `call` runs.
 *
 * Output shapes are found by running the layer on zeros: once with each unknown axis set to 1
 * (the batch axis) or 32 (others), and, when the inputs have an unknown axis, again with 2 and
 * 64; an output axis whose length differs between the two runs is unknown (`None`). This is
 * exact for layers whose output shape follows from their input shapes, needs no per-layer shape
 * code, and builds each layer with a real input shape. The runs use `training: false`, so they
 * update no state (moving averages).
 *
 * @module
 */
import { checkDType, type DType } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { tidy } from "../memory.ts";
import { zeros } from "../ops/creation.ts";
import { cast } from "../ops/select.ts";
import { checkOptions, keysOf } from "../options.ts";
import { isTensorOrVariable } from "../symbols.ts";
import type { Tensor } from "../tensor.ts";
import { CALL_KEYS, type CallOptions, functionalHook, Layer, type LayerOptions } from "./layer.ts";
import type { Model } from "./model.ts";
import { isRecord, leaves, mapStructure, type Structure } from "./_structure.ts";

/** `(None, 4)` for [null, 4]; `(3,)` for [3]; `()` for a scalar. */
function shapeText(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => d === null ? "None" : String(d));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

/** One shape, or `[(None, 2), (None, 3)]` for several. */
function shapesText(s: Structure<{ readonly shape: readonly (number | null)[] }>): string {
  if (Array.isArray(s)) return `[${s.map((k) => shapeText(k.shape)).join(", ")}]`;
  if (isRecord(s)) {
    return `{${Object.entries(s).map(([k, v]) => `'${k}': ${shapeText(v.shape)}`).join(", ")}}`;
  }
  return shapeText((s as unknown as { readonly shape: readonly (number | null)[] }).shape);
}

/** A value in a message: `a Tensor`, `number 3`, `an array`. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return `a ${v.constructor?.name ?? "object"}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * A symbolic tensor: what `tf.keras.Input` returns and what a layer applied to symbolic tensors
 * returns. It has a shape (the batch axis, and any axis given as `null`, unknown), a dtype, a
 * name, and the layer, node and output index that made it (Keras's `_keras_history`), but no
 * data: pass it to layers, and to `new tf.keras.Model({ inputs, outputs })`. Inputs are named
 * after their InputLayer (`input`, `input_1`, ...), other tensors `layer[node][index]`, as the
 * "Connected to" column of `summary()`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.keras.Input({ shape: [4] });
 * const h = new tf.keras.layers.Dense({ units: 2, name: "hidden" }).apply(x);
 * console.log(String(x)); // <KerasTensor: shape=(None, 4) dtype=float32 (created by layer 'input')>
 * console.log(h.shape, h.dtype, h.layer.name, h.name); // [ null, 2 ] float32 hidden hidden[0][0]
 * ```
 */
export class KerasTensor {
  /** The shape: `null` for the batch axis and any other unknown one. */
  readonly shape: readonly (number | null)[];
  /** The element dtype. */
  readonly dtype: DType;
  /** The name: its Input's name, or `layer[node][index]`. */
  readonly name: string;
  /** The layer that made it. */
  readonly layer: Layer;
  /** Which call of `layer` made it (the index of the node among the layer's nodes). */
  readonly nodeIndex: number;
  /** Which output of that call it is. */
  readonly tensorIndex: number;

  /** Internal: made by `tf.keras.Input` and by layers applied to symbolic tensors. */
  constructor(
    shape: readonly (number | null)[],
    dtype: DType,
    name: string,
    layer: Layer,
    nodeIndex: number,
    tensorIndex: number,
  ) {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.name = name;
    this.layer = layer;
    this.nodeIndex = nodeIndex;
    this.tensorIndex = tensorIndex;
  }

  /** The number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** Keras's repr: `<KerasTensor: shape=(None, 4) dtype=float32 (created by layer 'input')>`. */
  toString(): string {
    return `<KerasTensor: shape=${
      shapeText(this.shape)
    } dtype=${this.dtype} (created by layer '${this.layer.name}')>`;
  }

  /** `console.log` shows the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

const isKerasTensor = (v: unknown): v is KerasTensor => v instanceof KerasTensor;

/** Internal: one application of a layer to symbolic inputs (or an Input's own node). */
export class Node {
  /** What it made; set once the outputs exist. */
  outputs: Structure<KerasTensor> = [];
  /**
   * @param layer the layer applied
   * @param index its index among the layer's nodes
   * @param inputs the symbolic inputs (null for an Input)
   * @param training the `training` option of the symbolic call, which wins over the model's
   */
  constructor(
    readonly layer: Layer,
    readonly index: number,
    readonly inputs: Structure<KerasTensor> | null,
    readonly training: boolean | undefined,
  ) {}

  /** The symbolic inputs, in order. */
  get inbound(): KerasTensor[] {
    return this.inputs === null ? [] : leaves(this.inputs);
  }
}

/** Every node of each layer, in order (a layer's node index is its place here). */
const NODES = new WeakMap<Layer, Node[]>();

function addNode(
  layer: Layer,
  inputs: Structure<KerasTensor> | null,
  training: boolean | undefined,
): Node {
  const nodes = NODES.get(layer) ?? [];
  NODES.set(layer, nodes);
  const node = new Node(layer, nodes.length, inputs, training);
  nodes.push(node);
  return node;
}

/** Internal: the nodes of a layer (empty when it was never applied to symbolic tensors). */
export function nodesOf(layer: Layer): readonly Node[] {
  return NODES.get(layer) ?? [];
}

function nodeOf(k: KerasTensor, op: string): Node {
  const node = NODES.get(k.layer)?.[k.nodeIndex];
  if (node === undefined) {
    throw new InvalidArgumentError(
      `${op}: the symbolic tensor '${k.name}' was not made by tf.keras.Input or by a layer`,
    );
  }
  return node;
}

/** Throws unless `shape` is an array of positive integers and nulls; returns a copy. */
function checkShape(shape: unknown, what: string, op: string): (number | null)[] {
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => d === null || (Number.isInteger(d) && d > 0))
  ) {
    throw new InvalidArgumentError(
      `${op}: ${what} must be an array of positive integers (or null for an unknown length), ` +
        `got ${JSON.stringify(shape)}`,
    );
  }
  return [...shape];
}

function checkBatchSize(batchSize: unknown, op: string): number | null {
  if (batchSize === undefined || batchSize === null) return null;
  if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize <= 0) {
    throw new InvalidArgumentError(
      `${op}: batchSize must be a positive integer, got ${String(batchSize)}`,
    );
  }
  return batchSize;
}

// ---------------------------------------------------------------- Input

/** Options of InputLayer. */
export interface InputLayerOptions {
  /** The shape of one example, without the batch axis; `null` for a length known only later. */
  inputShape: readonly (number | null)[];
  /** A fixed batch size (default: unknown, `None`). */
  batchSize?: number;
  /** The dtype of the inputs (default "float32"); others are cast to it. */
  dtype?: DType;
  /** The layer's name (default `input`, `input_1`, ...). */
  name?: string;
}

const INPUT_LAYER_KEYS = keysOf<InputLayerOptions>({
  inputShape: true,
  batchSize: true,
  dtype: true,
  name: true,
});

/** Checks InputLayer's options and gives what Layer's constructor takes. */
function inputLayerBase(options: InputLayerOptions): LayerOptions {
  checkOptions(options, INPUT_LAYER_KEYS, "InputLayer options");
  if (options === undefined) {
    throw new InvalidArgumentError("InputLayer: options { inputShape } are required");
  }
  const shape = checkShape(options.inputShape, "inputShape", "InputLayer");
  checkBatchSize(options.batchSize, "InputLayer");
  if (options.dtype !== undefined) checkDType(options.dtype, "InputLayer");
  // A fully known shape is also the Layer's inputShape (so a Sequential can start with one).
  const known = shape.every((d) => d !== null);
  return { name: options.name, inputShape: known ? shape as number[] : undefined };
}

/**
 * The layer behind `tf.keras.Input`: it has no weights, its `call` passes its input through, and
 * its one node makes the input's symbolic tensor (`output`). A functional model lists its
 * inputs' InputLayers first in `layers`, as Keras does.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const layer = new tf.keras.layers.InputLayer({ inputShape: [3], name: "features" });
 * console.log(layer.output.shape, layer.output.name); // [ null, 3 ] features
 * ```
 */
export class InputLayer extends Layer {
  /** The fixed batch size, or null. */
  readonly batchSize: number | null;
  /** The dtype of the input. */
  readonly dtype: DType;
  #output: KerasTensor;

  /** Checks the options and makes the symbolic input. */
  constructor(options: InputLayerOptions) {
    super(inputLayerBase(options), undefined, "Input");
    this.batchSize = checkBatchSize(options.batchSize, "InputLayer");
    this.dtype = options.dtype ?? "float32";
    const node = addNode(this, null, undefined);
    this.#output = new KerasTensor(
      [this.batchSize, ...options.inputShape],
      this.dtype,
      this.name,
      this,
      0,
      0,
    );
    node.outputs = this.#output;
  }

  /** The symbolic tensor of the input. */
  get output(): KerasTensor {
    return this.#output;
  }

  /** Passes the input through. */
  call(inputs: Tensor): Tensor {
    return inputs;
  }
}

/** Options of `tf.keras.Input`. */
export interface InputOptions {
  /** The shape of one example, without the batch axis; `null` for a length known only later. */
  shape: readonly (number | null)[];
  /** A fixed batch size (default: unknown, `None`). */
  batchSize?: number;
  /** The dtype (default "float32"); inputs of another dtype are cast to it. */
  dtype?: DType;
  /** The name of its InputLayer (default `input`, `input_1`, ...): a record input's key. */
  name?: string;
}

const INPUT_KEYS = keysOf<InputOptions>({ shape: true, batchSize: true, dtype: true, name: true });

/**
 * A symbolic input of a functional model: a KerasTensor of shape `[null, ...shape]` (the batch
 * axis unknown unless `batchSize` is given) made by an InputLayer. Apply layers to it, then pass
 * it as `inputs` to `new tf.keras.Model({ inputs, outputs })`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const inputs = tf.keras.Input({ shape: [3] });
 * const hidden = new tf.keras.layers.Dense({ units: 4, activation: "relu" }).apply(inputs);
 * const outputs = new tf.keras.layers.Dense({ units: 1 }).apply(hidden);
 * console.log(inputs.shape, outputs.shape); // [ null, 3 ] [ null, 1 ]
 * const model = new tf.keras.Model({ inputs, outputs });
 * console.log(model.apply(tf.ones([2, 3])).shape); // [ 2, 1 ]
 * ```
 */
export function Input(options: InputOptions): KerasTensor {
  checkOptions(options, INPUT_KEYS, "Input options");
  if (options === undefined) {
    throw new InvalidArgumentError("Input: options { shape } are required");
  }
  const shape = checkShape(options.shape, "shape", "Input");
  return new InputLayer({
    inputShape: shape,
    batchSize: options.batchSize,
    dtype: options.dtype,
    name: options.name,
  }).output;
}

// ---------------------------------------------------------------- layers on symbolic tensors

/** The symbolic inputs in `inputs` (one, an array, a record), or undefined when there are none. */
function symbolicInputs(inputs: unknown, op: string): Structure<KerasTensor> | undefined {
  if (inputs instanceof KerasTensor) return inputs;
  let values: unknown[];
  if (Array.isArray(inputs)) {
    // Cheap for nested arrays of numbers: only arrays that start with a tensor are looked at.
    const first = inputs[0];
    if (!(first instanceof KerasTensor) && !isTensorOrVariable(first)) return undefined;
    values = inputs;
  } else if (isRecord(inputs)) values = Object.values(inputs);
  else return undefined;
  const symbolic = values.filter(isKerasTensor).length;
  if (symbolic === 0) return undefined;
  if (symbolic < values.length) {
    throw new InvalidArgumentError(
      `${op}: the inputs mix symbolic tensors (tf.keras.Input and layers applied to it) with ` +
        `other values; apply layers either to symbolic tensors or to tensors`,
    );
  }
  return inputs as Structure<KerasTensor>;
}

/** The shape and dtype of a probe's output (a class: a plain object would read as a record). */
class Spec {
  constructor(readonly shape: readonly number[], readonly dtype: DType) {}
}

/** Runs `layer` on zeros shaped like `inputs`, unknown axes set to `batch` (axis 0) or `dim`. */
function probe(
  layer: Layer,
  inputs: Structure<KerasTensor>,
  batch: number,
  dim: number,
): Structure<Spec> {
  return tidy(() => {
    const xs = mapStructure(
      inputs,
      (k) => zeros(k.shape.map((d, i) => d ?? (i === 0 ? batch : dim)), k.dtype),
    );
    const ys: unknown = layer.apply(xs, { training: false });
    if (!isTensorOrVariable(ys) && !Array.isArray(ys) && !isRecord(ys)) {
      throw new InvalidArgumentError(`it returned ${describe(ys)}, not tensors`);
    }
    return mapStructure(ys as Structure<unknown>, (y, key) => {
      if (!isTensorOrVariable(y)) {
        throw new InvalidArgumentError(`its output ${JSON.stringify(key)} is ${describe(y)}`);
      }
      return new Spec([...(y as Tensor).shape], (y as Tensor).dtype);
    });
  });
}

/** The hook `Layer.apply` calls: applies `layer` to symbolic inputs, else returns undefined. */
function applySymbolic(
  layer: Layer,
  inputs: unknown,
  options: CallOptions | undefined,
): Structure<KerasTensor> | undefined {
  const spec = symbolicInputs(inputs, `${layer.name}.apply`);
  if (spec === undefined) return undefined;
  const list = leaves(spec);
  for (const k of list) nodeOf(k, `${layer.name}.apply`);
  let a: Structure<Spec>, b: Structure<Spec>;
  try {
    a = probe(layer, spec, 1, 32);
    b = list.some((k) => k.shape.includes(null)) ? probe(layer, spec, 2, 64) : a;
  } catch (e) {
    const plural = list.length === 1 ? "input of shape" : "inputs of shapes";
    throw new InvalidArgumentError(
      `${layer.name} (${layer.constructor.name}) cannot be applied to the symbolic ${plural} ` +
        `${shapesText(spec)}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const bList = leaves(b);
  const node = addNode(layer, spec, options?.training);
  let index = 0;
  node.outputs = mapStructure(a, (s, key) => {
    const other = bList[index];
    if (other === undefined || other.shape.length !== s.shape.length) {
      throw new InvalidArgumentError(
        `${layer.name} (${layer.constructor.name}): the rank of output ${
          JSON.stringify(key)
        } depends on the input values, so it cannot be applied to symbolic tensors`,
      );
    }
    const shape = s.shape.map((d, i) => d === other.shape[i] ? d : null);
    const i = index++;
    return new KerasTensor(
      shape,
      s.dtype,
      `${layer.name}[${node.index}][${i}]`,
      layer,
      node.index,
      i,
    );
  });
  return node.outputs;
}

functionalHook.apply = applySymbolic;

// ---------------------------------------------------------------- functional models

/** Options of the Model constructor: those of a Layer, and a functional model's graph ends. */
export interface ModelOptions extends LayerOptions {
  /**
   * A functional model's inputs: what `tf.keras.Input` returned, one, an array or a record by
   * name; `apply` then takes tensors in the same form.
   */
  inputs?: Structure<KerasTensor>;
  /**
   * A functional model's outputs: symbolic tensors computed from `inputs` by layers, one, an
   * array or a record; `apply` returns tensors in the same form.
   */
  outputs?: Structure<KerasTensor>;
}

/** Internal: the keys of ModelOptions. */
export const MODEL_KEYS: readonly string[] = keysOf<ModelOptions>({
  name: true,
  trainable: true,
  inputShape: true,
  inputs: true,
  outputs: true,
});

/** The graph of a functional model. */
interface Graph {
  readonly inputs: Structure<KerasTensor>;
  readonly outputs: Structure<KerasTensor>;
  /** The nodes to run (Inputs' excluded), in an order where each comes after its inputs. */
  readonly steps: readonly Node[];
  /** Every node of the graph, Inputs' included, by depth: the deepest (the inputs) first. */
  readonly nodesByDepth: readonly (readonly Node[])[];
  /** The layers: by depth, the deepest first, then in the order the walk from the outputs met them. */
  readonly layers: readonly Layer[];
}

const GRAPHS = new WeakMap<Layer, Graph>();

/** The symbolic tensors of a model's `inputs` or `outputs`, checked. */
function symbolicList(s: unknown, what: string, op: string): KerasTensor[] {
  const list = isKerasTensor(s)
    ? [s]
    : Array.isArray(s)
    ? s
    : isRecord(s)
    ? Object.values(s)
    : undefined;
  if (list === undefined || list.length === 0 || !list.every(isKerasTensor)) {
    throw new InvalidArgumentError(
      `${op}: ${what} must be symbolic tensors (from tf.keras.Input and layers applied to it): ` +
        `one, a non-empty array or a record, got ${
          list === undefined || list.length === 0
            ? describe(s)
            : describe(list.find((v) => !isKerasTensor(v)))
        }`,
    );
  }
  return list;
}

/** Keras's graph map: the nodes from the inputs to the outputs, their depths and the layers. */
function buildGraph(
  model: Layer,
  inputs: Structure<KerasTensor>,
  outputs: Structure<KerasTensor>,
): Graph {
  const op = model.name;
  const inList = symbolicList(inputs, "inputs", op);
  const outList = symbolicList(outputs, "outputs", op);
  const inputSet = new Set<KerasTensor>();
  inList.forEach((k, i) => {
    if (!(k.layer instanceof InputLayer)) {
      throw new InvalidArgumentError(
        `${op}: input ${i} ('${k.name}') is not a tf.keras.Input: it was made by layer ` +
          `'${k.layer.name}' (${k.layer.constructor.name})`,
      );
    }
    if (inputSet.has(k)) {
      throw new InvalidArgumentError(`${op}: the input '${k.name}' is given twice`);
    }
    inputSet.add(k);
  });
  // Walk from the outputs (depth first, each node once): the traversal order of the layers and
  // the nodes, each after those it takes its inputs from.
  const finished = new Set<Node>();
  const order: Node[] = [];
  const layerIndex = new Map<Layer, number>();
  const visit = (k: KerasTensor, output: KerasTensor): void => {
    const node = nodeOf(k, op);
    if (finished.has(node)) return;
    if (!layerIndex.has(node.layer)) layerIndex.set(node.layer, layerIndex.size);
    if (node.inputs === null) {
      if (!inputSet.has(k)) {
        throw new InvalidArgumentError(
          `${op}: graph disconnected: the output '${output.name}' needs the Input ` +
            `'${k.name}', which is not among the model's inputs (${
              inList.map((i) => `'${i.name}'`).join(", ")
            })`,
        );
      }
    } else for (const parent of node.inbound) visit(parent, output);
    finished.add(node);
    order.push(node);
  };
  for (const k of outList) visit(k, k);
  // Depths: an output's node is at depth 0, a node feeding one at depth d is at d + 1 or more;
  // a layer is at the greatest depth of its nodes.
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (const node of order.toReversed()) {
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    nodeDepth.set(node, depth);
    layerDepth.set(node.layer, depth);
    for (const k of node.inbound) {
      const parent = nodeOf(k, op);
      nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  // Inputs no output needs are still inputs (Keras puts them at depth 0, first).
  for (const k of inList) {
    const node = nodeOf(k, op);
    if (!finished.has(node)) {
      order.push(node);
      nodeDepth.set(node, 0);
      layerDepth.set(node.layer, 0);
      layerIndex.set(node.layer, -1);
    }
  }
  const byDepth = (a: number, b: number): number => b - a;
  const depths = [...new Set(nodeDepth.values())].sort(byDepth);
  const nodesByDepth = depths.map((d) => order.filter((n) => nodeDepth.get(n) === d));
  const layers = [...layerDepth.keys()].sort((a, b) =>
    byDepth(layerDepth.get(a) as number, layerDepth.get(b) as number) ||
    (layerIndex.get(a) as number) - (layerIndex.get(b) as number)
  );
  const names = new Set<string>();
  for (const layer of layers) {
    if (names.has(layer.name)) {
      throw new InvalidArgumentError(
        `${op}: two layers of the model are named '${layer.name}': layer names must be unique`,
      );
    }
    names.add(layer.name);
  }
  return {
    inputs,
    outputs,
    steps: nodesByDepth.flat().filter((n) => n.inputs !== null),
    nodesByDepth,
    layers,
  };
}

/**
 * Internal: the Model constructor's work after Layer's: with `inputs` and `outputs`, builds the
 * graph of a functional model and gives the model its `layers`, `inputs` and `outputs`.
 */
export function initModel(model: Model, options: ModelOptions | undefined): void {
  const op = model.name;
  if (options?.inputs === undefined && options?.outputs === undefined) return;
  if (options.inputs === undefined || options.outputs === undefined) {
    throw new InvalidArgumentError(
      `${op}: a functional model needs both inputs and outputs, got only ${
        options.inputs === undefined ? "outputs" : "inputs"
      }`,
    );
  }
  if (typeof (model as { call?: unknown }).call === "function") {
    throw new InvalidArgumentError(
      `${op}: ${model.constructor.name} overrides call, so it cannot also take inputs and ` +
        `outputs: a model either runs its own call or the graph from inputs to outputs`,
    );
  }
  if (options.inputShape !== undefined) {
    throw new InvalidArgumentError(
      `${op}: a functional model takes no inputShape: give the shape to tf.keras.Input`,
    );
  }
  const graph = buildGraph(model, options.inputs, options.outputs);
  GRAPHS.set(model, graph);
  // Keras links a functional model's own inputs to its outputs by a first node, so the model's
  // calls on other symbolic tensors are its nodes 1, 2, ...
  addNode(model, graph.inputs, undefined).outputs = graph.outputs;
  // `layers` is a public field, so the weights of the layers are tracked (`layers/2/kernel`).
  const define = (key: string, value: unknown, enumerable: boolean): void => {
    Object.defineProperty(model, key, { value, enumerable, writable: false, configurable: true });
  };
  define("layers", [...graph.layers], true);
  define("inputs", leaves(graph.inputs), false);
  define("outputs", leaves(graph.outputs), false);
  // Its call runs the graph: an own property of this model (Model's `call` stays abstract, so
  // subclasses implement it without `override`).
  define("call", functionalCall, false);
}

/** A concrete input checked against its Input (rank, known axes), cast to its dtype. */
function checkInput(model: Layer, k: KerasTensor, t: unknown): Tensor {
  if (!isTensorOrVariable(t)) {
    throw new InvalidArgumentError(
      `${model.name}: input '${k.name}' must be a tensor, got ${describe(t)}`,
    );
  }
  const x = t as Tensor;
  if (x.rank !== k.rank || k.shape.some((d, i) => d !== null && d !== x.shape[i])) {
    throw new InvalidArgumentError(
      `${model.name}: input '${k.name}' must have shape ${shapeText(k.shape)}, got ${
        shapeText(x.shape)
      }`,
    );
  }
  return x.dtype === k.dtype ? x : cast(x, k.dtype);
}

/** The tensors of `x` for each model input, matched by position or name. */
function bindInputs(model: Layer, graph: Graph, x: unknown): Map<KerasTensor, Tensor> {
  const values = new Map<KerasTensor, Tensor>();
  const spec = graph.inputs;
  const fail = (expected: string): never => {
    throw new InvalidArgumentError(
      `${model.name}: expected ${expected}, got ${
        isTensorOrVariable(x)
          ? `one tensor of shape ${shapeText((x as Tensor).shape)}`
          : Array.isArray(x)
          ? `an array of ${x.length}`
          : isRecord(x)
          ? `a record with keys ${Object.keys(x).join(", ") || "(none)"}`
          : describe(x)
      }`,
    );
  };
  const byName = (named: [string, KerasTensor][], record: Record<string, unknown>): void => {
    const known = new Set(named.map(([n]) => n));
    const missing = named.filter(([n]) => !Object.hasOwn(record, n)).map(([n]) => n);
    const unknown = Object.keys(record).filter((n) => !known.has(n));
    if (missing.length > 0 || unknown.length > 0) {
      fail(`a record with keys ${[...known].join(", ")}`);
    }
    for (const [n, k] of named) values.set(k, checkInput(model, k, record[n]));
  };
  if (isKerasTensor(spec)) {
    const t = Array.isArray(x) && x.length === 1 ? x[0] : x;
    if (!isTensorOrVariable(t)) fail("one input tensor");
    values.set(spec, checkInput(model, spec, t));
  } else if (Array.isArray(spec)) {
    const list = spec as readonly KerasTensor[];
    if (isRecord(x)) byName(list.map((k) => [k.name, k]), x as Record<string, unknown>);
    else if (Array.isArray(x) && x.length === list.length) {
      list.forEach((k, i) => values.set(k, checkInput(model, k, x[i])));
    } else if (list.length === 1 && isTensorOrVariable(x)) {
      values.set(list[0], checkInput(model, list[0], x));
    } else fail(`${list.length} inputs (an array of tensors, or a record by Input name)`);
  } else {
    if (!isRecord(x)) fail(`a record with keys ${Object.keys(spec).join(", ")}`);
    byName(Object.entries(spec as Record<string, KerasTensor>), x as Record<string, unknown>);
  }
  return values;
}

/** Runs a functional model's graph on concrete inputs. */
function runGraph(
  model: Layer,
  graph: Graph,
  x: unknown,
  options: CallOptions | undefined,
): Structure<Tensor> {
  const values = bindInputs(model, graph, x);
  const get = (k: KerasTensor): Tensor => values.get(k) as Tensor;
  for (const node of graph.steps) {
    const xs = mapStructure(node.inputs as Structure<KerasTensor>, get);
    const o = node.training === undefined ? options : { training: node.training };
    const ys: unknown = node.layer.apply(xs, o);
    const made = isTensorOrVariable(ys)
      ? [ys]
      : Array.isArray(ys)
      ? ys
      : isRecord(ys)
      ? Object.values(ys)
      : [];
    const want = leaves(node.outputs);
    if (made.length !== want.length || !made.every(isTensorOrVariable)) {
      throw new InvalidArgumentError(
        `${model.name}: layer '${node.layer.name}' returned ${describe(ys)}, not the ` +
          `${want.length} tensor${want.length === 1 ? "" : "s"} it gave when the model was built`,
      );
    }
    want.forEach((k, i) => values.set(k, made[i] as Tensor));
  }
  return mapStructure(graph.outputs, get);
}

/** Internal: a functional model's `call` (its own property, set by `initModel`): runs its graph. */
export function functionalCall(
  this: Layer,
  inputs: Structure<Tensor>,
  options?: CallOptions,
): Structure<Tensor> {
  checkOptions(options, CALL_KEYS, "Model.call options");
  const graph = GRAPHS.get(this);
  if (graph === undefined) {
    throw new InvalidArgumentError(
      `${this.name}: ${this.constructor.name} has no call: override call or pass ` +
        `{ inputs, outputs } to the constructor`,
    );
  }
  return runGraph(this, graph, inputs, options);
}

// ---------------------------------------------------------------- summary

/** Internal: one row of a functional model's summary. */
export interface SummaryRow {
  /** `name (Type)`. */
  layer: string;
  /** The output shape, `multiple` when the layer's nodes differ. */
  shape: string;
  /** The parameter count. */
  params: number;
  /** Keras's `layer[node][index]` of each input of the layer's nodes in this model. */
  connections: string[];
}

/**
 * Internal: a functional model's summary rows, and whether Keras prints it as a sequence (one
 * node per depth with at most one input, no layer used twice: no "Connected to" column); undefined
 * for other models.
 */
export function functionalSummary(
  model: Layer,
): { rows: SummaryRow[]; sequential: boolean } | undefined {
  const graph = GRAPHS.get(model);
  if (graph === undefined) return undefined;
  const relevant = new Set(graph.nodesByDepth.flat());
  let sequential = graph.nodesByDepth.every((nodes) =>
    nodes.length === 1 && nodes[0].inbound.length <= 1
  );
  const rows = graph.layers.map((layer) => {
    const mine = nodesOf(layer).filter((n) => relevant.has(n));
    if (mine.length > 1) sequential = false;
    const shapes = new Set(
      nodesOf(layer).map((n) =>
        n.inputs === null ? `[${shapesText(n.outputs)}]` : shapesText(n.outputs)
      ),
    );
    const type = GRAPHS.has(layer) && layer.constructor.name === "Model"
      ? "Functional"
      : layer.constructor.name;
    return {
      layer: `${layer.name} (${type})`,
      shape: shapes.size === 1 ? [...shapes][0] : "multiple",
      params: layer.countParams(),
      connections: mine.flatMap((n) =>
        n.inbound.map((k) => `${k.layer.name}[${k.nodeIndex}][${k.tensorIndex}]`)
      ),
    };
  });
  return { rows, sequential };
}

// ---------------------------------------------------------------- the Model constructor type

/**
 * The type of `tf.keras.Model`: subclass it (override `call`), or construct it with `inputs` and
 * `outputs` for a functional model.
 */
export interface ModelConstructor {
  /**
   * A model. With `inputs` (from `tf.keras.Input`) and `outputs` (symbolic tensors made from them
   * by layers), each one, an array or a record, it is a functional model: `apply` takes tensors
   * in the form of `inputs`, runs the layers from the inputs to the outputs in order (a layer
   * applied twice runs twice, with the same weights) and returns tensors in the form of
   * `outputs`. Its `layers` are those layers, InputLayers first, and their weights are tracked
   * as `layers/<i>/...`. It can be applied to symbolic tensors too, as a layer of another
   * functional model. Without them, subclass it and override `call` (a Model that does neither
   * cannot be applied).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const a = tf.keras.Input({ shape: [2], name: "a" });
   * const b = tf.keras.Input({ shape: [3], name: "b" });
   * const joined = new tf.keras.layers.Concatenate().apply([a, b]);
   * const score = new tf.keras.layers.Dense({ units: 1, kernelInitializer: "ones" }).apply(joined);
   * const model = new tf.keras.Model({ inputs: [a, b], outputs: score, name: "scorer" });
   * console.log(model.apply([tf.ones([1, 2]), tf.ones([1, 3])]).tolist()); // [ [ 5 ] ]
   * console.log(model.apply({ a: [[1, 1]], b: [[0, 0, 1]] }).tolist()); // [ [ 3 ] ]
   * console.log(model.layers.map((l) => l.constructor.name)); // [ "InputLayer", "InputLayer", "Concatenate", "Dense" ]
   * ```
   */
  new <O extends ModelOptions = ModelOptions>(
    options?: O,
  ): O extends { inputs: Structure<KerasTensor> } ? FunctionalModel : Model;
  /** The prototype of models. */
  readonly prototype: Model;
}

/** A functional model: what `new tf.keras.Model({ inputs, outputs })` returns. */
export interface FunctionalModel extends Model {
  /**
   * Its layers: by depth in the graph, the deepest first (its InputLayers), then in the order a
   * walk from the outputs meets them, as Keras orders them. Their weights are tracked as
   * `layers/<i>/...`.
   */
  readonly layers: readonly Layer[];
  /** Its inputs, in order (a record's in key order). */
  readonly inputs: readonly KerasTensor[];
  /** Its outputs, in order (a record's in key order). */
  readonly outputs: readonly KerasTensor[];
}
