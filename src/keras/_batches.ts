/**
 * Internal: what `fit`, `evaluate` and `predict` run: batches of arrays or data-set elements made
 * into tensors, the plans of a fit and an evaluation, and the structure helpers they use.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { concat } from "../ops/movement.ts";
import { Tensor } from "../tensor.ts";
import {
  type BatchSource,
  classWeightsToSampleWeights,
  examplesOf,
  leaves,
  type Loop,
  type RawBatch,
  structureRows,
  type TensorStructure,
  toStructure,
  unpackElement,
} from "./_data.ts";
import type { OutputPart } from "./_compile.ts";

/** A step's loss: the outputs, the total (with regularization), each output's unweighted loss. */
export interface StepLoss {
  parts: OutputPart[];
  total: Tensor;
  each: [string, Tensor][];
}

/** A batch ready for a step. */
export interface Batch {
  x: TensorStructure;
  y: TensorStructure | null;
  sw: TensorStructure | null;
}

/** Where evaluation batches come from and how they become tensors. */
export interface EvalPlan {
  source: BatchSource;
  materialize: (raw: RawBatch) => Batch;
  async: boolean;
}

/** What `fit` runs: the training batches, how they become tensors, the validation. */
export interface FitPlan {
  train: BatchSource;
  materialize: (raw: RawBatch) => Batch;
  val: EvalPlan | null;
  async: boolean;
}

/** Batches of in-memory structures: their rows. */
export function rowsOf(
  x: TensorStructure,
  y: TensorStructure,
  sw: TensorStructure | null,
): (raw: RawBatch) => Batch {
  return (raw) => {
    if (raw.kind !== "rows") throw new Error("internal: expected rows");
    const { start, end, order } = raw;
    return {
      x: structureRows(x, start, end, order),
      y: structureRows(y, start, end, order),
      sw: sw === null ? null : structureRows(sw, start, end, order),
    };
  };
}

/**
 * Batches of a data set: each element unpacked (`[x, y]`, `[x, y, sampleWeight]` or `x`) and
 * converted (inside the step's tidy, which frees what the conversion made); class weights give
 * the sample weights.
 */
export function elementOf(
  classWeight: ReadonlyMap<number, number> | null,
  op: string,
  needY: boolean,
): (raw: RawBatch) => Batch {
  return (raw) => {
    if (raw.kind !== "element") throw new Error("internal: expected a data set element");
    const u = unpackElement(raw.value, op);
    const made: Tensor[] = [];
    const x = toStructure(u.x, "x", op, made);
    const y = u.y === undefined ? null : toStructure(u.y, "y", op, made);
    let sw = u.sampleWeight === undefined
      ? null
      : toStructure(u.sampleWeight, "sampleWeight", op, made);
    if (needY && y === null) {
      throw new InvalidArgumentError(
        `${op}: the data set yielded a batch without targets: expected [x, y] or ` +
          `[x, y, sampleWeight]`,
      );
    }
    const parts: [string, TensorStructure][] = [["x", x]];
    if (y !== null) parts.push(["y", y]);
    if (sw !== null) parts.push(["sampleWeight", sw]);
    examplesOf(parts, `${op} (a data set batch)`);
    if (classWeight !== null && y !== null) sw = classWeightsFor(y, sw, classWeight, op);
    return { x, y, sw };
  };
}

/** Keras's class weights as sample weights: single output only, not with sample weights. */
export function classWeightsFor(
  y: TensorStructure,
  sw: TensorStructure | null,
  cw: ReadonlyMap<number, number>,
  op: string,
): Tensor {
  if (sw !== null) {
    throw new InvalidArgumentError(
      `${op}: classWeight and sampleWeight cannot be used together (Keras): fold the class ` +
        `weights into the sample weights`,
    );
  }
  const ys = leaves(y);
  if (!(y instanceof Tensor) && ys.length !== 1) {
    throw new InvalidArgumentError(
      `${op}: classWeight is only for a model with a single output; use sampleWeight per output`,
    );
  }
  return classWeightsToSampleWeights(ys[0], cw);
}

/** Runs `loop`, then disposes `owned` however it ends. */
export function* disposing<T>(loop: Loop<T>, owned: readonly Tensor[]): Loop<T> {
  try {
    return yield* loop;
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** Every batch's outputs concatenated along the batch axis, output by output. */
export function concatBatches(outs: readonly TensorStructure[]): TensorStructure {
  const first = outs[0];
  const cat = (get: (s: TensorStructure) => Tensor): Tensor => concat(outs.map(get), 0);
  if (first instanceof Tensor) return cat((s) => s as Tensor);
  if (Array.isArray(first)) return first.map((_, i) => cat((s) => (s as Tensor[])[i]));
  return mapStructureKeys(first, (k) => cat((s) => (s as Record<string, Tensor>)[k]));
}

export function mapStructureKeys(
  s: { [key: string]: Tensor },
  f: (key: string) => Tensor,
): { [key: string]: Tensor } {
  return Object.fromEntries(Object.keys(s).map((k) => [k, f(k)]));
}

/** Keras's warning when a data set runs out before `stepsPerEpoch * epochs` batches. */
