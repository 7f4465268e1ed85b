/**
 * NumPy broadcasting for the `np` functions: the broadcast shape of several operands, and index
 * maps that read a row-major operand as if it had the broadcast shape.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { contiguousStrides, sizeOf } from "../shape.ts";

/** A shape as NumPy prints it in messages: `(2,3)`, `(4,)`, `()`. */
export function npShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}

/** The broadcast shape of several shapes; NumPy's error when they do not broadcast. */
export function broadcastShape(shapes: readonly (readonly number[])[], op: string): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(n).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = n - s.length + i, d = s[i];
      if (d === out[j] || d === 1) continue;
      if (out[j] !== 1) {
        throw new InvalidArgumentError(
          `${op}: operands could not be broadcast together with shapes ${
            shapes.map(npShape).join(" ")
          }`,
        );
      }
      out[j] = d;
    }
  }
  return out;
}

/**
 * For each element of `out` (row-major), the index of the element of a row-major array of
 * `shape` that broadcasting reads; null when no map is needed (same size as `out`, or a single
 * element, which the caller reads at index 0).
 */
export function indexMap(shape: readonly number[], out: readonly number[]): Uint32Array | null {
  const size = sizeOf(out);
  if (sizeOf(shape) === size || sizeOf(shape) === 1) return null;
  const own = contiguousStrides(shape);
  const lead = out.length - shape.length;
  const strides = out.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : own[i - lead]));
  const map = new Uint32Array(size);
  const idx = new Array<number>(out.length).fill(0);
  let p = 0;
  for (let k = 0; k < size; k++) {
    map[k] = p;
    for (let d = out.length - 1; d >= 0; d--) {
      p += strides[d];
      if (++idx[d] < out[d]) break;
      idx[d] = 0;
      p -= strides[d] * out[d];
    }
  }
  return map;
}
