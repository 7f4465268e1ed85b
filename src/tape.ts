/**
 * GradientTape: records the ops whose inputs it watches and walks them backwards. Ops record
 * through the engine's `record` only while some tape is active (one size check otherwise). Active
 * tapes are a set; an op is recorded on every active tape that tracks one of its differentiable
 * inputs. The tape looks the op's gradient up by name in `gradients.ts` when it records, and holds
 * only the tensors that gradient declares it reads. Gradients are written with public ops, so an
 * outer tape records them: nested tapes give higher-order derivatives.
 *
 * @module
 */
import { checkOptions, keysOf } from "./options.ts";
import { type DType, isFloat } from "./dtype.ts";
import { FailedPreconditionError, InvalidArgumentError } from "./errors.ts";
import { formatShape } from "./format.ts";
import { type Gradient, GRADIENTS, type Recorded } from "./gradients.ts";
import { tidy } from "./memory.ts";
import {
  activate,
  deactivate,
  type RecordedOp,
  type Recorder,
  tracked,
  type Watchable,
} from "./recording.ts";
import { isTensor, isTensorOrVariable, READ } from "./symbols.ts";
import { holdTensor, type Tensor, type TensorLike } from "./tensor.ts";
import type { TensorMethods } from "./tensor_methods.ts";
import { input } from "./engine.ts";
import { add } from "./ops/binary.ts";
import { cast } from "./ops/select.ts";
import { fill, zeros } from "./ops/creation.ts";
import { reshape, stack } from "./ops/movement.ts";
import type { Variable } from "./variable.ts";

/**
 * The shape of a gradient function: the gradients of an op's inputs from its output gradient and
 * the tensors it saved. (The gradients of the ops are in `gradients.ts`.)
 */
export type Backward = (dy: Tensor, saved: readonly Tensor[]) => readonly (Tensor | null)[];

/** An input of a recorded op as the tape keeps it. */
interface Slot {
  /** The tensor's id. */
  readonly id: number;
  /** Its dtype (its gradient is cast to it). */
  readonly dtype: DType;
  /** Its shape. */
  readonly shape: readonly number[];
  /** Whether it gets a gradient: a float input the gradient differentiates. */
  readonly diff: boolean;
  /** Whether it needs one: it gets one and an active tape tracked it when the op ran. */
  readonly need: boolean;
}

/** A recorded op: its gradient, its inputs, and the tensors it holds. */
interface Entry {
  /** The op's gradient, looked up by name when it was recorded. */
  readonly gradient: Gradient<unknown>;
  /** The op's attributes. */
  readonly attrs: unknown;
  /** The inputs (null for a JS scalar operand). */
  readonly slots: readonly (Slot | null)[];
  /** The output's id. */
  readonly output: number;
  /** The saved inputs by position (held outside tidy scopes). */
  readonly x: readonly Tensor[];
  /** The saved output (held), if the gradient reads it. */
  readonly y: Tensor | undefined;
  /** How many tapes hold the entry. */
  holders: number;
}

const NONE: readonly Tensor[] = [];

/** Lets go of what an entry holds (when no tape holds it any more). */
function release(e: Entry): void {
  for (const t of e.x) t?.dispose();
  e.y?.dispose();
}

/** A tape's record: the entries it holds (an entry may be shared with other tapes). */
interface Held {
  entries: Entry[];
}

/** Lets go of a tape's record: each entry no other tape holds releases its tensors. */
function releaseHeld(held: Held): void {
  for (const e of held.entries) {
    if (--e.holders === 0) release(e);
  }
  held.entries = [];
}

/**
 * The backstop for a stopped tape nobody released: its record goes when the tape object is
 * collected (a recording tape is never collected: the active set holds it).
 */
const unreleased = new FinalizationRegistry<Held>(releaseHeld);

/** A holder of `t`'s value: same id, outside every tidy scope (so tidy cannot free it). */
function hold(t: Tensor): Tensor {
  return holdTensor(t);
}

/**
 * The record of an op with this gradient: which of its inputs get and need a gradient (an active
 * tape tracks them), and holders of the tensors the gradient reads.
 */
function entry(
  gradient: Gradient<unknown>,
  inputs: readonly (Tensor | null)[],
  output: Tensor,
  attrs: unknown,
): Entry {
  const diff = gradient.diff;
  const n = inputs.length;
  const slots: (Slot | null)[] = new Array(n);
  const needs: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = inputs[i];
    if (t === null) {
      slots[i] = null;
      needs[i] = false;
    } else {
      // The output is a float: an input of its dtype is one too.
      const d = (t.dtype === output.dtype || isFloat(t.dtype)) &&
        (diff === undefined || diff.includes(i));
      const need = d && tracked(t);
      slots[i] = { id: t.id, dtype: t.dtype, shape: t.shape, diff: d, need };
      needs[i] = need;
    }
  }
  const save = typeof gradient.save === "function" ? gradient.save(attrs, needs) : gradient.save;
  let x = NONE, y: Tensor | undefined;
  if (save !== undefined && save.length > 0) {
    const held: Tensor[] = [];
    for (const s of save) {
      if (s === "y") y = hold(output);
      else if (inputs[s] !== null) held[s] = hold(inputs[s] as Tensor);
    }
    x = held;
  }
  return { gradient, attrs, slots, output: output.id, x, y, holders: 0 };
}

/** The op of an entry as its gradient sees it. */
function recorded(e: Entry): Recorded<unknown> {
  return {
    x: e.x,
    y: e.y as Tensor,
    attrs: e.attrs,
    needs: e.slots.map((s) => s !== null && s.need),
    shapes: e.slots.map((s) => s?.shape ?? []),
  };
}

/** Options of a GradientTape. */
export interface GradientTapeOptions {
  /** Allow several `gradient()` calls (default false: the first one ends the tape). */
  persistent?: boolean;
  /** Watch every trainable Variable that an op reads (default true). */
  watchAccessedVariables?: boolean;
}

const TAPE_KEYS = keysOf<GradientTapeOptions>({ persistent: true, watchAccessedVariables: true });
const GRADIENT_KEYS = keysOf<GradientOptions>({
  outputGradients: true,
  unconnectedGradients: true,
});

/**
 * Output gradients for a target: one value (null: ones) where the target has a tensor, in the
 * target's structure of arrays and records.
 */
export type OutputGradients =
  | TensorLike
  | null
  | readonly OutputGradients[]
  | { readonly [key: string]: OutputGradients };

/** Options of `tape.gradient`. */
export interface GradientOptions {
  /**
   * The gradient of the target to start from (default ones); for a structured target, the same
   * structure (or, when it holds one tensor, that tensor's gradient alone).
   */
  outputGradients?: OutputGradients;
  /** What an unconnected source gets: `"none"` gives null (default), `"zero"` zeros. */
  unconnectedGradients?: "none" | "zero";
}

/** Options of `tape.batchJacobian`. */
export interface JacobianOptions {
  /**
   * Accepted for TensorFlow's signature: an unconnected source gives zeros with `"none"`
   * (default) as with `"zero"`, as in TensorFlow's jacobians.
   */
  unconnectedGradients?: "none" | "zero";
}

const JACOBIAN_KEYS = keysOf<JacobianOptions>({ unconnectedGradients: true });

/** TensorFlow's jacobian options that are not implemented here (a loop computes jacobians). */
const PFOR_KEYS = ["experimentalUsePfor", "parallelIterations"];

/** A source of a gradient: a tensor or a Variable. */
export type Source = TensorMethods;

/** The sources of `gradient`: one source, or arrays and plain records of sources, nested. */
export type Sources = Source | readonly Sources[] | { readonly [key: string]: Sources };

/**
 * The target of `gradient`: a tensor or Variable, or arrays and plain records of them, nested
 * (the gradient is that of their sum, as TensorFlow does for a structured target).
 */
export type Target = TensorMethods | readonly Target[] | { readonly [key: string]: Target };

/** The gradients of `sources`: the same structure, a tensor (or null) for each source. */
export type Gradients<S> = S extends TensorMethods ? Tensor | null
  : { [K in keyof S]: Gradients<S[K]> };

function isWatchable(x: unknown): x is Watchable & TensorMethods {
  return isTensorOrVariable(x) && !isTensor(x) && "handle" in x && "version" in x;
}

/** A plain record: an object whose prototype is Object.prototype or null. */
function isRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** An array or plain record that is not a tensor: a structure `gradient` walks into. */
function isStructure(x: unknown): x is readonly unknown[] | Record<string, unknown> {
  return !isTensorOrVariable(x) && (Array.isArray(x) || isRecord(x));
}

/** A value for a message: `number 3`, `a Map`, `null`. */
function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x !== "object") return `${typeof x} ${String(x)}`;
  return `a ${x.constructor?.name ?? "object"}`;
}

/** The leaves of a structure (arrays and plain records, nested), depth first in key order. */
function leavesOf(x: unknown, out: unknown[] = []): unknown[] {
  if (!isStructure(x)) out.push(x);
  else if (Array.isArray(x)) { for (const v of x) leavesOf(v, out); }
  else for (const k of Object.keys(x)) leavesOf((x as Record<string, unknown>)[k], out);
  return out;
}

/** `x` with its leaves replaced by `values`, in `leavesOf`'s order. */
function rebuild(x: unknown, values: readonly unknown[], at = { i: 0 }): unknown {
  if (!isStructure(x)) return values[at.i++];
  if (Array.isArray(x)) return x.map((v) => rebuild(v, values, at));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) out[k] = rebuild((x as Record<string, unknown>)[k], values, at);
  return out;
}

/**
 * The leaves of `seeds` that stand where `target` has its leaves (the same structure), or null
 * when the structures differ.
 */
function matchingLeaves(target: unknown, seeds: unknown, out: unknown[] = []): unknown[] | null {
  if (!isStructure(target)) {
    out.push(seeds);
    return out;
  }
  if (Array.isArray(target)) {
    if (!Array.isArray(seeds) || seeds.length !== target.length) return null;
    for (let i = 0; i < target.length; i++) {
      if (matchingLeaves(target[i], seeds[i], out) === null) return null;
    }
    return out;
  }
  const keys = Object.keys(target);
  if (!isRecord(seeds) || Object.keys(seeds).length !== keys.length) return null;
  for (const k of keys) {
    if (!Object.hasOwn(seeds, k)) return null;
    if (matchingLeaves((target as Record<string, unknown>)[k], seeds[k], out) === null) {
      return null;
    }
  }
  return out;
}

/**
 * Records operations for automatic differentiation.
 *
 * A tape records from construction until `stop()`, `[Symbol.dispose]` (the end of a `using`
 * block, like leaving TensorFlow's `with` block) or the first `gradient()` of a non-persistent
 * tape. Stopping keeps the record, so `gradient()` works after the block. The record (what the
 * recorded ops' gradients need: a few of their inputs and outputs, held outside every
 * `tf.tidy` scope) is released by the first `gradient()`, `jacobian()` or `batchJacobian()` of a
 * non-persistent tape, by `release()` (or `dispose()`), or when the tape object is collected (a
 * backstop: the collector runs when it likes, so a persistent tape should be released). A
 * recording tape is never collected: stop it.
 *
 * TensorFlow's `with tf.GradientTape() as tape:` is a block that `using`s the tape; the tape is
 * declared before the block, since a `using` declaration's name ends with its block:
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.constant(3);
 * const tape = new tf.GradientTape();
 * let y: tf.Tensor;
 * {
 *   using _ = tape; // recording stops at the end of the block
 *   tape.watch(x);
 *   y = x.mul(x);
 * }
 * const z = y.mul(2); // not recorded
 * console.log(tape.gradient(y, x)?.item()); // 6 (and the record is released)
 * console.log(z.item()); // 18
 * ```
 *
 * When the gradient is taken inside the block, the tape can be the `using` declaration itself:
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.Variable([[1.0]]);
 * {
 *   using tape = new tf.GradientTape();
 *   const loss = w.mul(w);
 *   console.log(tape.gradient(loss, w)?.toString()); // tf.Tensor([[2.]], shape=(1, 1), dtype=float32)
 * }
 * ```
 *
 * A persistent tape keeps its record through any number of `gradient()` calls, until
 * `release()`:
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.constant(2);
 * const tape = new tf.GradientTape({ persistent: true });
 * let y: tf.Tensor, z: tf.Tensor;
 * {
 *   using _ = tape;
 *   tape.watch(x);
 *   y = x.mul(x);
 *   z = y.mul(y);
 * }
 * console.log(tape.gradient(y, x)?.item(), tape.gradient(z, x)?.item()); // 4 32
 * tape.release();
 * ```
 */
export class GradientTape implements Recorder, Disposable {
  /** Whether several `gradient()` calls are allowed. */
  readonly persistent: boolean;
  /** Whether trainable Variables are watched when read. */
  readonly watchAccessedVariables: boolean;
  #tracked = new Set<number>();
  #held: Held = { entries: [] };
  #reads = new Map<Watchable, Map<number, number>>();
  #stopped = false;
  #used = false;
  #released = false;

  /** Starts recording at once. */
  constructor(options?: GradientTapeOptions) {
    checkOptions(options, TAPE_KEYS, "GradientTape options");
    this.persistent = options?.persistent ?? false;
    this.watchAccessedVariables = options?.watchAccessedVariables ?? true;
    unreleased.register(this, this.#held, this.#held);
    activate(this);
  }

  /** Internal: whether this tape tracks the tensor with this id. */
  tracks(id: number): boolean {
    return this.#tracked.has(id);
  }

  /**
   * Internal: records an op when this tape tracks one of its differentiable inputs, with
   * `shared` (another tape's record of it) or a new record.
   */
  recordOp(
    op: string,
    inputs: readonly (Tensor | null)[],
    output: Tensor,
    attrs: unknown,
    shared: object | null,
  ): object | null {
    // The op's gradient, looked up by name when this tape tracks one of its float inputs.
    let gradient: Gradient<unknown> | undefined;
    let hit = false;
    for (let i = 0; i < inputs.length && !hit; i++) {
      const t = inputs[i];
      if (t === null || !this.#tracked.has(t.id)) continue;
      // The output is a float: an input of its dtype is one too.
      if (t.dtype !== output.dtype && !isFloat(t.dtype)) continue;
      gradient ??= GRADIENTS[op as RecordedOp] as Gradient<unknown>;
      hit = gradient.diff === undefined || gradient.diff.includes(i);
    }
    if (!hit) return shared;
    const e = (shared as Entry | null) ??
      entry(gradient as Gradient<unknown>, inputs, output, attrs);
    e.holders++;
    this.#held.entries.push(e);
    this.#tracked.add(e.output);
    return e;
  }

  /** Internal: a Variable was read while this tape recorded. */
  noteRead(v: Watchable): void {
    if (this.watchAccessedVariables && v.trainable) this.#watchVariable(v);
  }

  #watchVariable(v: Watchable): void {
    const h = v.handle;
    this.#tracked.add(h.id);
    let ids = this.#reads.get(v);
    if (ids === undefined) this.#reads.set(v, ids = new Map());
    ids.set(h.id, v.version);
  }

  /**
   * Watches tensors or Variables: ops on them are recorded, and gradients can be taken with
   * respect to them.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = tf.constant(3);
   * const tape = new tf.GradientTape();
   * tape.watch(x);
   * console.log(tape.gradient(x.mul(x), x)?.item()); // 6
   * ```
   */
  watch(x: Source | readonly Source[]): void {
    this.#checkOpen("watch");
    for (const s of Array.isArray(x) ? x : [x]) {
      if (isWatchable(s)) this.#watchVariable(s);
      else if (isTensor(s)) this.#tracked.add(s[READ]("watch").id);
      else {
        throw new InvalidArgumentError(
          `GradientTape.watch: expected a tensor or Variable, got ${typeof s}`,
        );
      }
    }
  }

  /**
   * The Variables this tape watches, in the order it first watched them: those watched with
   * `watch()` and the trainable ones read while it recorded (with `watchAccessedVariables`).
   * Still answered after a non-persistent tape's `gradient()`; `reset()` forgets them.
   * (TensorFlow documents its order as the variables' creation order; the two agree when
   * variables are created before the tape and first used in that order.)
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const a = new tf.Variable(1, { name: "a" });
   * const b = new tf.Variable(2, { name: "b" });
   * const frozen = new tf.Variable(3, { name: "frozen", trainable: false });
   * const tape = new tf.GradientTape();
   * b.mul(frozen); // frozen is not trainable: reading it does not watch it
   * a.mul(2);
   * tape.watch(frozen);
   * tape.stop();
   * console.log(tape.watchedVariables().map((v) => v.name)); // [ "b:0", "a:0", "frozen:0" ]
   * ```
   */
  watchedVariables(): Variable[] {
    return [...this.#reads.keys()] as unknown as Variable[];
  }

  /**
   * Stops recording; `gradient()` still works.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = tf.constant(2);
   * const tape = new tf.GradientTape();
   * tape.watch(x);
   * const y = x.mul(x);
   * tape.stop();
   * x.mul(10); // not recorded
   * console.log(tape.gradient(y, x)?.item()); // 4
   * ```
   */
  stop(): void {
    this.#stopped = true;
    deactivate(this);
  }

  /**
   * Stops recording, like leaving TensorFlow's `with` block (the end of a `using` block calls
   * it): the record stays for `gradient()`, as after `stop()`. `release()` lets go of it.
   */
  [Symbol.dispose](): void {
    this.stop();
  }

  /**
   * Stops recording and lets go of the record now: the tensors the tape held for gradients are
   * freed, and `gradient()` is an error afterwards. A non-persistent tape does this itself at
   * its first `gradient()`; a persistent one should be released when done with (else its
   * record stays until the collector finds the tape).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = tf.constant([1, 2]);
   * const tape = new tf.GradientTape({ persistent: true });
   * tape.watch(x);
   * const y = tf.exp(x); // the tape holds exp's output for its gradient
   * console.log(tape.gradient(y, x)?.shape); // [ 2 ]
   * const before = tf.memory().numTensors;
   * tape.release();
   * console.log(before - tf.memory().numTensors); // 1
   * ```
   */
  release(): void {
    this.stop();
    this.#release();
  }

  /**
   * The same as `release()` (here `dispose()` and `[Symbol.dispose]` differ: the end of a
   * `using` block only stops recording, so that `gradient()` works after it).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const tape = new tf.GradientTape({ persistent: true });
   * tape.dispose();
   * try {
   *   tape.gradient(tf.constant(1), tf.constant(1));
   * } catch (e) {
   *   console.log((e as Error).name); // FailedPreconditionError
   * }
   * ```
   */
  dispose(): void {
    this.release();
  }

  /**
   * Runs `fn` without recording on this tape.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = tf.constant(2);
   * const tape = new tf.GradientTape();
   * tape.watch(x);
   * const y = tape.stopRecording(() => x.mul(3));
   * console.log(tape.gradient(y, x)); // null
   * ```
   */
  stopRecording<T>(fn: () => T): T {
    const was = deactivate(this);
    try {
      return fn();
    } finally {
      if (was && !this.#stopped) activate(this);
    }
  }

  /**
   * Forgets everything recorded and watched so far and keeps recording.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = tf.constant(2);
   * const tape = new tf.GradientTape({ persistent: true });
   * tape.watch(x);
   * x.mul(x);
   * tape.reset();
   * tape.watch(x);
   * console.log(tape.gradient(x.mul(5), x)?.item()); // 5
   * ```
   */
  reset(): void {
    this.#release();
    this.#held = { entries: [] };
    unreleased.register(this, this.#held, this.#held);
    this.#released = false;
    this.#tracked.clear();
    this.#reads.clear();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    unreleased.unregister(this.#held);
    releaseHeld(this.#held);
  }

  #checkOpen(what: string): void {
    if (this.#released && this.#used) {
      throw new FailedPreconditionError(
        `GradientTape.${what}: a non-persistent tape can only compute gradients once; ` +
          `use new tf.GradientTape({ persistent: true }) to call gradient() several times`,
      );
    }
    if (this.#released) {
      throw new FailedPreconditionError(
        `GradientTape.${what}: the tape was released (release() or dispose()) and holds no ` +
          `record`,
      );
    }
  }

  /** The ids whose gradients a source collects (a Variable: every value of it that was read). */
  #sourceIds(s: Source, what: string): number[] {
    if (isWatchable(s)) {
      const ids = this.#reads.get(s);
      // Never watched: unconnected, even if a recorded op read it (TensorFlow gives None).
      return ids === undefined ? [] : [...ids.keys()];
    }
    if (isTensor(s)) {
      const id = s[READ](what).id;
      // Only watched tensors and recorded outputs are sources (TensorFlow gives None otherwise).
      return this.#tracked.has(id) ? [id] : [];
    }
    throw new InvalidArgumentError(
      `GradientTape.${what}: a source must be a tensor or Variable (or an array or record of ` +
        `them), got ${describe(s)}`,
    );
  }

  /** Back-propagates `seeds` from `targets` and returns the gradient of each id asked for. */
  #backprop(targets: Tensor[], seeds: Tensor[], wanted: Set<number>): Map<number, Tensor> {
    const grads = new Map<number, Tensor>();
    const accumulate = (id: number, g: Tensor): void => {
      const prev = grads.get(id);
      grads.set(id, prev === undefined ? g : add(prev, g));
    };
    targets.forEach((t, i) => accumulate(t.id, seeds[i]));
    const entries = this.#held.entries;
    for (let k = entries.length - 1; k >= 0; k--) {
      const e = entries[k];
      const dy = grads.get(e.output);
      if (dy === undefined) continue;
      if (!wanted.has(e.output)) grads.delete(e.output);
      const dxs = e.gradient.backward(dy, recorded(e));
      e.slots.forEach((slot, i) => {
        const g = dxs[i];
        if (slot === null || !slot.diff || g === null || g === undefined) return;
        // A recorded cast, so an outer tape differentiates through the dtype change.
        accumulate(slot.id, g.dtype === slot.dtype ? g : cast(g, slot.dtype));
      });
    }
    return grads;
  }

  /**
   * Runs a gradient computation: the tape pauses itself (an outer tape still records, which is
   * how higher orders work), intermediates are freed, and a non-persistent tape ends and lets
   * go of its record (also when the computation throws).
   */
  #computing<T>(fn: () => T): T {
    const wasActive = deactivate(this);
    try {
      return tidy(fn);
    } finally {
      if (this.persistent) {
        if (wasActive && !this.#stopped) activate(this);
      } else {
        this.#used = true;
        this.stop();
        this.#release();
      }
    }
  }

  /** The output gradient of each target leaf (null: ones), as tensors of the targets' shapes. */
  #seeds(target: Target, targets: readonly Tensor[], option: unknown): Tensor[] {
    const ones = (t: Tensor): Tensor => fill(t.shape, 1, t.dtype);
    if (option === undefined || option === null) return targets.map(ones);
    // Structured like the target; with one target leaf, the whole option may be its gradient.
    const candidates = [matchingLeaves(target, option), targets.length === 1 ? [option] : null]
      .filter((c): c is unknown[] => c !== null);
    if (candidates.length === 0) {
      throw new InvalidArgumentError(
        `GradientTape.gradient: outputGradients must have the structure of the target ` +
          `(${targets.length} tensors)`,
      );
    }
    let error: InvalidArgumentError | undefined;
    for (const c of candidates) {
      const seeds = c.map((s, i) =>
        s === undefined || s === null ? ones(targets[i]) : input(s as TensorLike, "gradient")
      );
      const bad = seeds.findIndex((s, i) => s.shape.join() !== targets[i].shape.join());
      if (bad < 0) return seeds.map((s, i) => cast(s, targets[i].dtype));
      error ??= new InvalidArgumentError(
        `GradientTape.gradient: outputGradients shape ${formatShape(seeds[bad].shape)} differs ` +
          `from the target's ${formatShape(targets[bad].shape)}`,
      );
    }
    throw error;
  }

  /**
   * The gradient of `target` with respect to `sources`. The target is a tensor, or an array or
   * plain record of them (nested), whose sum is differentiated, as TensorFlow does for a
   * structured target; `outputGradients` then has the target's structure. The sources are one
   * tensor or Variable, or an array or record of them (nested): the result has the same
   * structure. Unconnected sources give null, or zeros with `unconnectedGradients: "zero"`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const w = new tf.Variable(2.0), b = new tf.Variable(3.0);
   * const tape = new tf.GradientTape();
   * const y = w.mul(b);
   * const g = tape.gradient({ main: y, extra: [w.mul(10)] }, { w, b });
   * console.log(g.w?.item(), g.b?.item()); // 13 2
   * ```
   */
  gradient<S extends Sources>(
    target: Target,
    sources: S,
    options?: GradientOptions,
  ): Gradients<S> {
    this.#checkOpen("gradient");
    checkOptions(options, GRADIENT_KEYS, "GradientTape.gradient options");
    const targets = leavesOf(target).map((t) => input(t as TensorLike, "gradient"));
    const list = leavesOf(sources) as Source[];
    const ids = list.map((s) => this.#sourceIds(s, "gradient"));
    const zero = options?.unconnectedGradients === "zero";
    checkUnconnected(options?.unconnectedGradients, "gradient");
    const out = this.#computing(() => {
      const seeds = this.#seeds(target, targets, options?.outputGradients);
      const grads = this.#backprop(targets, seeds, new Set(ids.flat()));
      return list.map((s, i) => {
        checkFresh(s, isWatchable(s) ? this.#reads.get(s) : undefined, grads);
        let g = sumOf(grads, ids[i]);
        const src = s[READ]("gradient");
        if (g === null && zero) g = zeros(src.shape, src.dtype);
        return g === null ? null : castTo(g, src.dtype);
      });
    });
    return rebuild(sources, out) as Gradients<S>;
  }

  /**
   * The Jacobian of `target` with respect to `source`: shape `target.shape + source.shape`
   * (one backward pass per element of the target). An unconnected source gives zeros.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = tf.constant([1, 2]);
   * const tape = new tf.GradientTape();
   * tape.watch(x);
   * const y = x.mul(x);
   * console.log(tape.jacobian(y, x).toString()); // tf.Tensor(\n[[2. 0.]\n [0. 4.]], shape=(2, 2), dtype=float32)
   * ```
   */
  jacobian(target: Tensor, source: Source): Tensor {
    this.#checkOpen("jacobian");
    const t = input(target, "jacobian");
    const ids = this.#sourceIds(source, "jacobian");
    return this.#computing(() => {
      const src = source[READ]("jacobian");
      const rows = this.#rows("jacobian", t, source, ids, t.size, (i) => {
        const host = new Float64Array(t.size);
        host[i] = 1;
        return host;
      });
      if (rows.length === 0) return zeros([...t.shape, ...src.shape], src.dtype);
      return reshape(stack(rows), [...t.shape, ...src.shape]);
    });
  }

  /**
   * For a batch of independent examples, the Jacobian of each example's target with respect to
   * the same example's source, as TensorFlow's `batch_jacobian`: `target` of shape `[B, ...]`
   * and `source` of shape `[B, ...]` give shape `[B, ...target.shape[1:], ...source.shape[1:]]`,
   * where `result[b, i..., j...]` is the derivative of `target[b, i...]` by `source[b, j...]`.
   *
   * It takes one backward pass per element of one example's target (`target.size / B`
   * passes: a loop over target elements, each a gradient of the whole batch; no vectorization),
   * whatever B: fine for small per-example targets. It is correct only when row b of the
   * target depends on row b of the source alone (otherwise the rows mix, as in TensorFlow).
   * An unconnected source gives zeros. TensorFlow's `experimentalUsePfor` and
   * `parallelIterations` are not implemented and are errors.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const x = tf.constant([[1, 2], [3, 4]]); // two examples of two features
   * const tape = new tf.GradientTape();
   * tape.watch(x);
   * const y = x.mul(x); // y[b, i] = x[b, i]²
   * const j = tape.batchJacobian(y, x); // [2, 2, 2]: a diagonal 2x2 block per example
   * console.log(j.tolist()); // [ [ [ 2, 0 ], [ 0, 4 ] ], [ [ 6, 0 ], [ 0, 8 ] ] ]
   * ```
   */
  batchJacobian(target: Tensor, source: Source, options?: JacobianOptions): Tensor {
    const what = "GradientTape.batchJacobian";
    this.#checkOpen("batchJacobian");
    if (options !== null && typeof options === "object" && !Array.isArray(options)) {
      const pfor = PFOR_KEYS.find((k) => Object.hasOwn(options, k));
      if (pfor !== undefined) {
        throw new InvalidArgumentError(
          `${what}: option ${JSON.stringify(pfor)} is not supported: the Jacobian is computed ` +
            `by a loop of backward passes, one per element of an example's target`,
        );
      }
    }
    checkOptions(options, JACOBIAN_KEYS, `${what} options`);
    checkUnconnected(options?.unconnectedGradients, "batchJacobian");
    const t = input(target, "batchJacobian");
    const { shape: sShape, dtype: sDType } = peek(source, "batchJacobian");
    if (t.rank === 0 || sShape.length === 0 || t.shape[0] !== sShape[0]) {
      throw new InvalidArgumentError(
        `${what}: the target and the source must have the same first (batch) dimension; got ` +
          `target shape ${formatShape(t.shape)} and source shape ${formatShape(sShape)}`,
      );
    }
    const ids = this.#sourceIds(source, "batchJacobian");
    const batch = t.shape[0];
    const n = batch === 0 ? 0 : t.size / batch;
    const shape = [batch, ...t.shape.slice(1), ...sShape.slice(1)];
    return this.#computing(() => {
      // Row j: the gradient of target[:, j] (every example at once) by the source, [B, ...].
      const rows = this.#rows("batchJacobian", t, source, ids, n, (j) => {
        const host = new Float64Array(t.size);
        for (let b = 0; b < batch; b++) host[b * n + j] = 1;
        return host;
      });
      if (rows.length === 0 || batch === 0) return zeros(shape, sDType);
      return reshape(stack(rows, 1), shape);
    });
  }

  /**
   * The gradients of `t` seeded with `seed(k)` (a host array of t's size), k < count, by
   * `source` (zeros where unconnected): the rows of a Jacobian.
   */
  #rows(
    what: string,
    t: Tensor,
    source: Source,
    ids: readonly number[],
    count: number,
    seed: (k: number) => Float64Array,
  ): Tensor[] {
    const rows: Tensor[] = [];
    const src = source[READ](what);
    const reads = isWatchable(source) ? this.#reads.get(source) : undefined;
    const wanted = new Set(ids);
    for (let k = 0; k < count; k++) {
      const grads = this.#backprop([t], [reshape(cast(seed(k), t.dtype), t.shape)], wanted);
      checkFresh(source, reads, grads);
      const g = sumOf(grads, ids);
      rows.push(g === null ? zeros(src.shape, src.dtype) : castTo(g, src.dtype));
    }
    return rows;
  }
}

/** `g` in `dtype` (a recorded cast when it differs). */
function castTo(g: Tensor, dtype: DType): Tensor {
  return g.dtype === dtype ? g : cast(g, dtype);
}

/**
 * A source's tensor for its shape and dtype, without telling a recording tape that a Variable
 * was read (which would watch it).
 */
function peek(s: Source, what: string): Tensor {
  if (isWatchable(s)) return s.handle;
  if (isTensor(s)) return s[READ](what);
  throw new InvalidArgumentError(
    `GradientTape.${what}: a source must be a tensor or Variable, got ${describe(s)}`,
  );
}

/** Throws unless `value` is a valid `unconnectedGradients` (or undefined). */
function checkUnconnected(value: unknown, what: string): void {
  if (value !== undefined && value !== "none" && value !== "zero") {
    throw new InvalidArgumentError(
      `GradientTape.${what}: unconnectedGradients must be "none" or "zero", got ` +
        JSON.stringify(value),
    );
  }
}

/**
 * Throws when a gradient flows into a value of the Variable `s` that an assignment changed after
 * the tape read it (its version moved on since that read).
 */
function checkFresh(
  s: Source,
  reads: Map<number, number> | undefined,
  grads: Map<number, Tensor>,
): void {
  if (reads === undefined || !isWatchable(s)) return;
  for (const [id, version] of reads) {
    if (version !== s.version && grads.has(id)) {
      throw new FailedPreconditionError(
        `GradientTape.gradient: Variable '${s.name}' was assigned after the tape recorded a ` +
          `read of it (version ${version}, now ${s.version}): take the gradient before ` +
          `updating the variable`,
      );
    }
  }
}

/** The sum of the gradients of `ids` (a Variable's reads), or null when none has one. */
function sumOf(grads: Map<number, Tensor>, ids: readonly number[]): Tensor | null {
  let g: Tensor | null = null;
  for (const id of ids) {
    const gi = grads.get(id);
    if (gi !== undefined) g = g === null ? gi : add(g, gi);
  }
  return g;
}
