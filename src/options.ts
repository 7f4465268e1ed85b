/**
 * The check every options argument goes through: an options object must be a plain object (or
 * undefined) whose keys the function knows. A misspelt or foreign key (`transpose_b`, TF.js's
 * positional booleans passed where an object goes) would otherwise be ignored and the call give
 * a silently different answer; here it is an InvalidArgumentError naming the key and the closest
 * known one. Each function lists its keys once, typed against its options interface
 * (`keysOf<MatmulOptions>({ transposeA: true, transposeB: true })`), so `deno check` flags a key
 * the list lacks.
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.ts";

/** The known keys of an options interface: every key exactly once (checked by the type). */
export function keysOf<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(keys);
}

/** Edit distance (insert, delete, substitute), case-insensitive, for the closest known key. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase().replace(/_/g, ""), t = b.toLowerCase().replace(/_/g, "");
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/** A value that is not an options object, for the message: `string "same"`, `number 42`. */
function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  if (typeof v === "function") return "a function";
  return `${typeof v} ${String(v)}`;
}

/**
 * Throws unless `options` is undefined or a plain object whose keys are all in `known`; returns
 * it typed. `what` names the argument in the message ("matmul options").
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  known: readonly string[],
  what: string,
): T | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `${what} must be an object with keys among ${known.join(", ")}, got ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const closest = known.toSorted((a, b) => distance(key, a) - distance(key, b))[0];
    throw new InvalidArgumentError(
      `${what}: unknown option ${JSON.stringify(key)}${
        closest !== undefined ? ` (did you mean ${JSON.stringify(closest)}?)` : ""
      }; known: ${known.join(", ")}`,
    );
  }
  return options;
}
