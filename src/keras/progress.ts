/**
 * The progress bar of `fit` and `evaluate`, in Keras's format:
 * `25/25 [==============================] - 0s 4ms/step - loss: 0.4321 - accuracy: 0.8750`
 * (whole seconds elapsed, then the time per step in s, ms or us, the first step left out of
 * the estimate once there are more, as Keras does; `  7/Unknown` while the number of steps of
 * a data set is not known yet).
 * On a terminal it is redrawn in place (carriage return); elsewhere it is written once, when
 * finished.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";

/** Where progress goes: `Deno.stderr` (the default) or anything with the same two methods. */
export interface ProgressOutput {
  /** Writes bytes, returning how many were written. */
  writeSync(p: Uint8Array): number;
  /** Whether it is a terminal (the bar is then redrawn in place). */
  isTerminal(): boolean;
}

/** Logs of a batch or an epoch: metric name to value. */
export type Logs = Record<string, number>;

/** How much `fit` and `evaluate` print: 0 nothing, 1 a progress bar, 2 one line per epoch. */
export type Verbosity = 0 | 1 | 2;

/** Options of Progbar. */
export interface ProgbarOptions {
  /** 1: a bar (default); 2: a line without the bar when finished. */
  verbose?: 1 | 2;
  /** Where to write (default `Deno.stderr`). */
  output?: ProgressOutput;
  /** The bar's width in characters (default 30). */
  width?: number;
  /** The least time between two redraws on a terminal, in seconds (default 0.05). */
  interval?: number;
}

const PROGBAR_KEYS = keysOf<ProgbarOptions>({
  verbose: true,
  output: true,
  width: true,
  interval: true,
});

/**
 * A progress bar over `target` steps.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const bar = new tf.keras.callbacks.Progbar(2);
 * bar.update(1, { loss: 0.5 });
 * bar.update(2, { loss: 0.25 }); // 2/2 [==============================] - 0s 33us/step - loss: 0.2500
 * ```
 */
export class Progbar {
  /** The number of steps, or null while unknown (a data set's first pass). */
  target: number | null;
  /** 1 or 2. */
  readonly verbose: 1 | 2;
  #output: ProgressOutput;
  #dynamic: boolean;
  #width: number;
  #interval: number;
  #start = performance.now();
  #afterFirstStep: number | null = null;
  #lastDraw = -Infinity;
  #lastLength = 0;
  #done = false;

  /** Starts the clock. `target` is the number of steps, or null when unknown. */
  constructor(target: number | null, options?: ProgbarOptions) {
    if (target !== null && (!Number.isInteger(target) || target < 0)) {
      throw new InvalidArgumentError(
        `Progbar: target must be a non-negative integer or null, got ${String(target)}`,
      );
    }
    checkOptions(options, PROGBAR_KEYS, "Progbar options");
    const verbose = options?.verbose ?? 1;
    if (verbose !== 1 && verbose !== 2) {
      throw new InvalidArgumentError(`Progbar: verbose must be 1 or 2, got ${String(verbose)}`);
    }
    this.target = target;
    this.verbose = verbose;
    this.#output = options?.output ?? Deno.stderr;
    this.#dynamic = verbose === 1 && this.#output.isTerminal();
    this.#width = options?.width ?? 30;
    this.#interval = (options?.interval ?? 0.05) * 1000;
  }

  /**
   * Shows `current` steps done with `values`; the line is finished (and ends with a newline)
   * when `finalize` is true, by default once `current` reaches the target.
   */
  update(
    current: number,
    values: Logs = {},
    finalize: boolean = this.target !== null && current >= this.target,
  ): void {
    if (this.#done) return;
    const now = performance.now();
    const perStep = this.#perStep(current, now);
    if (!finalize && (!this.#dynamic || now - this.#lastDraw < this.#interval)) return;
    this.#lastDraw = now;
    const line = this.#line(current, values, finalize, (now - this.#start) / 1000, perStep);
    if (this.#dynamic) {
      const pad = " ".repeat(Math.max(0, this.#lastLength - line.length));
      this.#lastLength = line.length;
      write(this.#output, `\r${line}${pad}${finalize ? "\n" : ""}`);
    } else write(this.#output, `${line}\n`);
    if (finalize) this.#done = true;
  }

  /**
   * Seconds per step, as Keras estimates it: from the end of the first step once more than one
   * is done (the first is often slow), else from the start.
   */
  #perStep(current: number, now: number): number {
    if (current <= 0) return 0;
    const s = this.#afterFirstStep !== null && current > 1
      ? (now - this.#afterFirstStep) / (current - 1)
      : (now - this.#start) / current;
    if (current === 1) this.#afterFirstStep = now;
    return s / 1000;
  }

  #line(
    current: number,
    values: Logs,
    finalize: boolean,
    elapsed: number,
    perStep: number,
  ): string {
    const metrics = Object.entries(values).map(([k, v]) => ` - ${k}: ${formatValue(v)}`).join("");
    const target = this.target;
    const count = target === null
      ? `${String(current).padStart(7)}/Unknown`
      : `${String(current).padStart(String(target).length)}/${target}`;
    if (this.verbose === 2) {
      return `${count} - ${formatSeconds(elapsed)} - ${formatPerStep(perStep)}${metrics}`;
    }
    let bar = "";
    if (target !== null) {
      const filled = target > 0
        ? Math.floor((this.#width * Math.min(current, target)) / target)
        : this.#width;
      if (filled > 0) bar = "=".repeat(filled - 1) + (current < target ? ">" : "=");
      bar = ` [${bar}${".".repeat(this.#width - filled)}]`;
    }
    const info = finalize || target === null
      ? ` - ${formatSeconds(elapsed)} ${formatPerStep(perStep)}`
      : ` - ETA: ${formatEta(perStep * (target - current))}`;
    return `${count}${bar}${info}${metrics}`;
  }
}

/** Internal: a log value as a number (a scalar tensor or Variable is read). */
export function logValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  const item = (v as { item?: () => unknown } | null)?.item;
  if (typeof item === "function") return Number(item.call(v));
  return Number(v);
}

/** Internal: writes all of `text`. */
export function write(output: ProgressOutput, text: string): void {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(output.writeSync(bytes));
}

/** Internal: a metric value as Keras prints it: `%.4f`, or `%.4e` when its magnitude is at most 1e-3. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Math.abs(v) > 1e-3) return v.toFixed(4);
  return v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
}

/** Whole seconds, as Keras's `f"{seconds:.0f}s"`. */
function formatSeconds(s: number): string {
  return `${s.toFixed(0)}s`;
}

function formatPerStep(s: number): string {
  if (s >= 1 || s === 0) return `${Math.round(s)}s/step`;
  if (s >= 1e-3) return `${Math.round(s * 1e3)}ms/step`;
  return `${Math.round(s * 1e6)}us/step`;
}

function formatEta(s: number): string {
  const t = Math.round(s);
  const two = (n: number): string => String(n).padStart(2, "0");
  if (t >= 3600) {
    return `${Math.floor(t / 3600)}:${two(Math.floor((t % 3600) / 60))}:${two(t % 60)}`;
  }
  if (t >= 60) return `${Math.floor(t / 60)}:${two(t % 60)}`;
  return `${t}s`;
}
