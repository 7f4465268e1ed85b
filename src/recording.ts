/**
 * The record path: the set of active gradient tapes and what ops tell them. An op that has a
 * gradient calls `record(op, inputs, output, attrs)` when `recording()`: every active tape that
 * tracks one of its differentiable inputs records it, looking its gradient up by name in
 * `gradients.ts`. With no tape active the path costs one length check. This module imports no
 * tape, tensor or op at run time, so the engine and the ops sit above it.
 *
 * @module
 */
import { isFloat } from "./dtype.ts";
import type { GradientAttrs } from "./gradients.ts";
import type { Tensor } from "./tensor.ts";

/** The name of an op that has a gradient (a key of `GRADIENTS`). */
export type RecordedOp = keyof GradientAttrs;

/** The attributes argument of `record`: none for ops whose gradient reads none. */
export type AttrsArg<K extends RecordedOp> = GradientAttrs[K] extends undefined ? []
  : [attrs: GradientAttrs[K]];

/** A Variable as a tape sees it: what it reads and the version it had. */
export interface Watchable {
  /** The tensor ops read now. */
  readonly handle: Tensor;
  /** Bumped by every assignment. */
  readonly version: number;
  /** Whether tapes watch it when it is read. */
  readonly trainable: boolean;
  /** Its name, for error messages. */
  readonly name: string;
}

/** What the record path needs of a gradient tape. */
export interface Recorder {
  /** Whether the tape tracks the tensor with this id. */
  tracks(id: number): boolean;
  /** A Variable was read while the tape recorded. */
  noteRead(v: Watchable): void;
  /**
   * Records the op (a `RecordedOp`) when the tape tracks one of its differentiable inputs, reusing
   * `entry` (the record another active tape made of the same op) when there is one; returns the
   * record.
   */
  recordOp(
    op: string,
    inputs: readonly (Tensor | null)[],
    output: Tensor,
    attrs: unknown,
    entry: object | null,
  ): object | null;
}

/** The active tapes, in the order they started (a set kept as an array: no iterator per op). */
const active: Recorder[] = [];

/** True when some tape records: ops call `record` only then. */
export function recording(): boolean {
  return active.length !== 0;
}

/** Internal: starts recording on `tape`. */
export function activate(tape: Recorder): void {
  if (!active.includes(tape)) active.push(tape);
}

/** Internal: stops recording on `tape`; true when it was recording. */
export function deactivate(tape: Recorder): boolean {
  const i = active.indexOf(tape);
  if (i >= 0) active.splice(i, 1);
  return i >= 0;
}

/**
 * Records an op on every active tape that tracks one of its differentiable float inputs.
 * `inputs` are the tensors it read (null for a JS scalar operand), `attrs` the data its gradient
 * needs (shapes, axes, flags); the gradient declares which inputs and outputs the tape holds.
 */
export function record<K extends RecordedOp>(
  op: K,
  inputs: readonly (Tensor | null)[],
  output: Tensor,
  ...attrs: AttrsArg<K>
): void;
export function record(
  op: RecordedOp,
  inputs: readonly (Tensor | null)[],
  output: Tensor,
  attrs?: unknown,
): void {
  if (active.length === 0 || !isFloat(output.dtype)) return;
  let entry: object | null = null;
  for (let i = 0; i < active.length; i++) {
    entry = active[i].recordOp(op, inputs, output, attrs, entry);
  }
}

/**
 * Internal: whether an active tape tracks `t`. An op may skip the gradient of an input that no
 * tape tracks when the op runs (no tape can ask for it: TensorFlow gives None there too).
 */
export function tracked(t: Tensor): boolean {
  for (let i = 0; i < active.length; i++) if (active[i].tracks(t.id)) return true;
  return false;
}

/** Tells the active tapes that a Variable was read (they watch it if they watch accessed ones). */
export function noteRead(v: Watchable): void {
  for (let i = 0; i < active.length; i++) active[i].noteRead(v);
}

/** Runs `fn` with every tape paused (nothing is recorded). */
export function withoutRecording<T>(fn: () => T): T {
  const paused = active.splice(0);
  try {
    return fn();
  } finally {
    for (const t of paused) activate(t);
  }
}
