/**
 * The options BatchNormalization and LayerNormalization share, checked once.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";

/** The checked shared options of a normalization layer. */
export interface NormalizationSettings {
  /** The axes, as given (normalised once the input rank is known). */
  axis: number[];
  /** Added to the variance before the square root. */
  epsilon: number;
  /** Whether a learned offset beta is added. */
  center: boolean;
  /** Whether a learned scale gamma multiplies. */
  scale: boolean;
}

/** Checks `axis` (default -1), `epsilon` (default 1e-3), `center` and `scale` (default true). */
export function normalizationSettings(
  op: string,
  options?: {
    axis?: number | readonly number[];
    epsilon?: number;
    center?: boolean;
    scale?: boolean;
  },
): NormalizationSettings {
  const axis = options?.axis ?? -1;
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => Number.isInteger(a))) {
    throw new InvalidArgumentError(
      `${op}: axis must be an integer or a non-empty array of integers, got ` +
        JSON.stringify(axis),
    );
  }
  const eps = options?.epsilon ?? 1e-3;
  if (typeof eps !== "number" || !(eps >= 0) || !Number.isFinite(eps)) {
    throw new InvalidArgumentError(
      `${op}: epsilon must be a non-negative number, got ${String(eps)}`,
    );
  }
  for (const key of ["center", "scale"] as const) {
    const v = options?.[key];
    if (v !== undefined && typeof v !== "boolean") {
      throw new InvalidArgumentError(`${op}: ${key} must be a boolean, got ${String(v)}`);
    }
  }
  return {
    axis: [...list],
    epsilon: eps,
    center: options?.center ?? true,
    scale: options?.scale ?? true,
  };
}
