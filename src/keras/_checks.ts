/**
 * Internal: option checks shared by the sequence and attention layers (SimpleRNN, LSTM, GRU,
 * MultiHeadAttention, Conv1D, the global poolings).
 *
 * @module
 */
import { type DType, DTYPES, isFloat } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";

/** Internal: `value` if it is a boolean, `fallback` if undefined; else an error. */
export function boolOption(value: unknown, fallback: boolean, what: string, op: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new InvalidArgumentError(`${op}: ${what} must be a boolean, got ${show(value)}`);
  }
  return value;
}

/** Internal: a float dtype for a layer's weights and computation (default float32). */
export function floatDTypeOption(value: unknown, op: string): DType {
  if (value === undefined) return "float32";
  if (
    typeof value !== "string" || !(DTYPES as readonly string[]).includes(value) ||
    !isFloat(value as DType)
  ) {
    throw new InvalidArgumentError(
      `${op}: dtype must be a float dtype ("float16", "float32" or "float64"), got ${show(value)}`,
    );
  }
  return value as DType;
}

/** Internal: a number in [0, 1) (a dropout rate). */
export function rateOption(value: unknown, what: string, op: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new InvalidArgumentError(`${op}: ${what} must be a number in [0, 1), got ${show(value)}`);
  }
  return value;
}

/** Internal: one positive integer, or an array holding exactly one (Keras's 1-D tuples). */
export function oneIntOption(value: unknown, what: string, op: string): number {
  const ok = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;
  if (ok(value)) return value;
  if (Array.isArray(value) && value.length === 1 && ok(value[0])) return value[0];
  throw new InvalidArgumentError(
    `${op}: ${what} must be a positive integer or an array of one, got ${show(value)}`,
  );
}

/** Internal: a value as it reads in a message (`"same"`, `[2, 3]`, `undefined`). */
export function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
