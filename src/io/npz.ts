/**
 * The `.npz` format: a ZIP archive of `.npy` members, one per array, named `<key>.npy` (NumPy's
 * `savez` / `savez_compressed` / `NpzFile`).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import type { NDArray } from "../ndarray.ts";
import { decodeNpy, encodeNpy, type NpyReadOptions } from "./npy.ts";
import { setOwn } from "./files.ts";
import { checkMemberName, readZip, writeZip, type ZipWriteOptions } from "./zip.ts";

/** Reads every array of a `.npz` image, by key (the member name without `.npy`). */
export function decodeNpz(
  bytes: Uint8Array,
  file: string,
  op: string,
  options?: NpyReadOptions & { copy?: boolean },
): Record<string, NDArray> {
  const out: Record<string, NDArray> = {};
  // Member by member: each is inflated and its .npy header checked before the next inflates.
  for (const m of readZip(bytes, file, op, options)) {
    const key = m.name.endsWith(".npy") ? m.name.slice(0, -4) : m.name;
    if (Object.hasOwn(out, key)) {
      throw new InvalidArgumentError(`${op}: '${file}' has two members for the key '${key}'`);
    }
    setOwn(out, key, decodeNpy(m.read(), `'${file}' member '${m.name}'`, op, options));
  }
  return out;
}

/** Arrays as `.npz` chunks: member `<key>.npy` for each key, stored or deflated. */
export function encodeNpz(
  arrays: Readonly<Record<string, NDArray>>,
  op: string,
  options?: ZipWriteOptions,
): Uint8Array[] {
  const members = Object.entries(arrays).map(([key, a]) => {
    checkMemberName(
      `${key}.npy`,
      (msg) =>
        new InvalidArgumentError(
          `${op}: the key ${JSON.stringify(key)} ${msg.replace(/^has a member/, "makes a member")}`,
        ),
    );
    return { name: `${key}.npy`, chunks: encodeNpy(a) };
  });
  return writeZip(members, options);
}
