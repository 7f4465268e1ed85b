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

/** Options of `tape.gradient`. */
export interface GradientOptions {
  /** The gradient of the target to start from (default ones). */
  outputGradients?: TensorLike | null;
  /** What an unconnected source gets: `"none"` gives null (default), `"zero"` zeros. */
  unconnectedGradients?: "none" | "zero";
}

/** A source of a gradient: a tensor or a Variable. */
export type Source = TensorMethods;

/** The gradients for sources given as one item, an array or a record: the same structure. */
export type Gradients<S> = S extends readonly unknown[] ? { [K in keyof S]: Tensor | null }
  : S extends TensorMethods ? Tensor | null
  : { [K in keyof S]: Tensor | null };

function isWatchable(x: unknown): x is Watchable & TensorMethods {
  return isTensorOrVariable(x) && !isTensor(x) && "handle" in x && "version" in x;
}

/**
 * Records operations for automatic differentiation, from construction until `stop()`,
 * `[Symbol.dispose]` or the first `gradient()` of a non-persistent tape.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.Variable([[1.0]]);
 * const tape = new tf.GradientTape();
 * const loss = w.mul(w);
 * console.log(tape.gradient(loss, w)?.toString()); // tf.Tensor([[2.]], shape=(1, 1), dtype=float32)
 * ```
 */
export class GradientTape implements Recorder {
  /** Whether several `gradient()` calls are allowed. */
  readonly persistent: boolean;
  /** Whether trainable Variables are watched when read. */
  readonly watchAccessedVariables: boolean;
  #tracked = new Set<number>();
  #entries: Entry[] = [];
  #reads = new Map<Watchable, Map<number, number>>();
  #stopped = false;
  #used = false;
  #released = false;

  /** Starts recording at once. */
  constructor(options?: GradientTapeOptions) {
    checkOptions(options, TAPE_KEYS, "GradientTape options");
    this.persistent = options?.persistent ?? false;
    this.watchAccessedVariables = options?.watchAccessedVariables ?? true;
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
    this.#entries.push(e);
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

  /** Stops recording and lets go of everything the tape holds (`using tape = ...`). */
  [Symbol.dispose](): void {
    this.stop();
    this.#release();
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
   * Forgets everything recorded so far and keeps recording.
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
    this.#released = false;
    this.#tracked.clear();
    this.#reads.clear();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const e of this.#entries) {
      if (--e.holders === 0) release(e);
    }
    this.#entries = [];
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
        `GradientTape.${what}: the tape was disposed and holds no record`,
      );
    }
  }

  /** The ids whose gradients a source collects (a Variable: every value of it that was read). */
  #sourceIds(s: Source): number[] {
    if (isWatchable(s)) {
      const ids = this.#reads.get(s);
      // Never watched: unconnected, even if a recorded op read it (TensorFlow gives None).
      return ids === undefined ? [] : [...ids.keys()];
    }
    if (isTensor(s)) {
      const id = s[READ]("gradient").id;
      // Only watched tensors and recorded outputs are sources (TensorFlow gives None otherwise).
      return this.#tracked.has(id) ? [id] : [];
    }
    throw new InvalidArgumentError(
      `GradientTape.gradient: a source must be a tensor or Variable, got ${typeof s}`,
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
    for (let k = this.#entries.length - 1; k >= 0; k--) {
      const e = this.#entries[k];
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
   * how higher orders work), intermediates are freed, and a non-persistent tape ends.
   */
  #computing<T>(fn: () => T): T {
    const wasActive = deactivate(this);
    let result: T;
    try {
      result = tidy(fn);
    } finally {
      if (wasActive && !this.#stopped && this.persistent) activate(this);
    }
    if (!this.persistent) {
      this.#used = true;
      this.stop();
      this.#release();
    }
    return result;
  }

  /**
   * The gradient of `target` (a tensor, or an array of them, summed) with respect to `sources`:
   * one tensor or Variable, an array, or a record; the result has the same structure. Unconnected
   * sources give null, or zeros with `unconnectedGradients: "zero"`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const a = new tf.Variable(2.0), b = new tf.Variable(3.0);
   * const tape = new tf.GradientTape();
   * const y = a.mul(b);
   * const g = tape.gradient(y, { a, b });
   * console.log(g.a?.item(), g.b?.item()); // 3 2
   * ```
   */
  gradient<S extends Source | readonly Source[] | Record<string, Source>>(
    target: Tensor | readonly Tensor[],
    sources: S,
    options?: GradientOptions,
  ): Gradients<S> {
    this.#checkOpen("gradient");
    checkOptions(options, GRADIENT_KEYS, "GradientTape.gradient options");
    const targets = (Array.isArray(target) ? target : [target]).map((t) => input(t, "gradient"));
    const isOne = isTensorOrVariable(sources);
    const isList = Array.isArray(sources);
    const keys = isOne ? [] : isList ? [] : Object.keys(sources);
    const list: Source[] = isOne
      ? [sources as Source]
      : isList
      ? [...(sources as readonly Source[])]
      : keys.map((k) => (sources as Record<string, Source>)[k]);
    const ids = list.map((s) => this.#sourceIds(s));
    const seedOption = options?.outputGradients;
    const zero = options?.unconnectedGradients === "zero";
    if (
      options?.unconnectedGradients !== undefined && !zero &&
      options.unconnectedGradients !== "none"
    ) {
      throw new InvalidArgumentError(
        `GradientTape.gradient: unconnectedGradients must be "none" or "zero", got ` +
          JSON.stringify(options.unconnectedGradients),
      );
    }
    const out = this.#computing(() => {
      const seeds = targets.map((t, i) => {
        if (seedOption === undefined || seedOption === null) return fill(t.shape, 1, t.dtype);
        const s = input(
          Array.isArray(seedOption) && targets.length > 1
            ? (seedOption as TensorLike[])[i]
            : seedOption,
          "gradient",
        );
        if (s.shape.join() !== t.shape.join()) {
          throw new InvalidArgumentError(
            `GradientTape.gradient: outputGradients shape ${formatShape(s.shape)} differs ` +
              `from the target's ${formatShape(t.shape)}`,
          );
        }
        return cast(s, t.dtype);
      });
      const grads = this.#backprop(targets, seeds, new Set(ids.flat()));
      return list.map((s, i) => {
        checkFresh(s, isWatchable(s) ? this.#reads.get(s) : undefined, grads);
        let g = sumOf(grads, ids[i]);
        const src = s[READ]("gradient");
        if (g === null && zero) g = zeros(src.shape, src.dtype);
        return g === null ? null : (g.dtype === src.dtype ? g : cast(g, src.dtype));
      });
    });
    if (isOne) return out[0] as Gradients<S>;
    if (isList) return out as unknown as Gradients<S>;
    return Object.fromEntries(keys.map((k, i) => [k, out[i]])) as Gradients<S>;
  }

  /**
   * The Jacobian of `target` with respect to `source`: shape `target.shape + source.shape`.
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
    const ids = this.#sourceIds(source);
    const src = source[READ]("jacobian");
    return this.#computing(() => {
      const rows: Tensor[] = [];
      for (let i = 0; i < t.size; i++) {
        const host = new Float64Array(t.size);
        host[i] = 1;
        const grads = this.#backprop([t], [reshape(cast(host, t.dtype), t.shape)], new Set(ids));
        checkFresh(source, isWatchable(source) ? this.#reads.get(source) : undefined, grads);
        rows.push(sumOf(grads, ids) ?? zeros(src.shape, src.dtype));
      }
      if (rows.length === 0) return zeros([...t.shape, ...src.shape], src.dtype);
      return reshape(stack(rows), [...t.shape, ...src.shape]);
    });
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
