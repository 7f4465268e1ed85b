// Small assertion helpers (JSR's @std/assert is not reachable here).
import assert from "node:assert/strict";

/** Deep equality with a message. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  assert.deepStrictEqual(actual, expected, message);
}

/** Throws unless `fn` throws an error of class `cls` whose message contains every fragment. */
export function assertThrows(
  fn: () => unknown,
  cls: new (...args: never[]) => Error,
  ...fragments: string[]
): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof cls)) {
    throw new Error(
      `expected ${cls.name}${fragments.length ? ` with ${JSON.stringify(fragments)}` : ""}, got ${
        caught === undefined ? "no error" : String(caught)
      }`,
    );
  }
  for (const f of fragments) {
    if (!caught.message.includes(f)) {
      throw new Error(`error message ${JSON.stringify(caught.message)} lacks ${JSON.stringify(f)}`);
    }
  }
  return caught;
}

/** Elementwise closeness of two flat arrays (NaN equals NaN). */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-6,
  atol = 0,
): void {
  assert.equal(actual.length, expected.length, "lengths differ");
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: ${a} is not close to ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}
