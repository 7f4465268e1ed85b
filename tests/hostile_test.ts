// The standing hostile-input suite: files made at test time by tests/hostile_files.ts (every
// truncation, structural bytes written over the headers, huge lengths, deep nesting, overlapping
// and inconsistent entries) go through every loader, with NumPy (and a strict reading of the
// safetensors format, tests/hostile_verdict.py) as the judge: where the reference refuses a file
// we must refuse it with an InvalidArgumentError naming the file; where it reads one we must read
// the same arrays, never different ones. Then bad indices on every indexing op, and ops on
// disposed tensors: each a clear error naming the op and the value, the process still usable.
import * as assert from "node:assert/strict";
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { type Hostile, hostileNpy, hostileNpz, hostileSafetensors } from "./hostile_files.ts";
import { python, tempDir } from "./python.ts";

type Described = [string, number[], string];
type Verdict = { ok: false } | { ok: true; arrays: Record<string, Described> };

function hex(a: np.NDArray): string {
  const bytes = np.saveBytes(a); // C order, little-endian: the data follows the header
  const start = 10 + (bytes[8] | bytes[9] << 8);
  return Array.from(bytes.subarray(start), (b) => b.toString(16).padStart(2, "0")).join("");
}

function describe(a: np.NDArray): Described {
  return [a.dtype, [...a.shape], hex(a)];
}

/** What one loader made of a file: its arrays, or the error. */
function attempt(load: () => Record<string, np.NDArray>): Record<string, Described> | Error {
  try {
    return Object.fromEntries(Object.entries(load()).map(([k, a]) => [k, describe(a)]));
  } catch (e) {
    return e as Error;
  }
}

/** The loaders of a file on disk (`path`) and in memory. */
function loaders(path: string, bytes: Uint8Array): [string, () => Record<string, np.NDArray>][] {
  const one = (a: np.NDArray | Record<string, np.NDArray>) =>
    a instanceof np.NDArray ? { "": a } : a;
  const tensors = () => {
    const got = tf.io.loadTensors(path);
    const out = Object.fromEntries(Object.entries(got).map(([k, t]) => [k, np.asarray(t)]));
    for (const t of Object.values(got)) t.dispose();
    return out;
  };
  if (path.endsWith(".safetensors")) return [["tf.io.loadTensors", tensors]];
  const list: [string, () => Record<string, np.NDArray>][] = [
    ["np.loadBytes", () => one(np.loadBytes(bytes))],
    ["np.load", () => one(np.load(path as `${string}.npy`))],
  ];
  if (path.endsWith(".npz")) list.push(["tf.io.loadTensors", tensors]);
  return list;
}

Deno.test("hostile .npy, .npz and .safetensors files: refused as NumPy refuses, or read exactly", async () => {
  using dir = tempDir();
  const files: (Hostile & { file: string })[] = [];
  const add = (list: Hostile[], ext: string) => {
    for (const h of list) files.push({ ...h, file: `h${files.length}.${ext}` });
  };
  add(hostileNpy(), "npy");
  add(hostileNpz(), "npz");
  add(hostileSafetensors(dir.path), "safetensors");
  for (const f of files) Deno.writeFileSync(`${dir.path}/${f.file}`, f.bytes);
  Deno.writeTextFileSync(`${dir.path}/manifest.json`, JSON.stringify(files.map((f) => f.file)));
  const verdicts: Record<string, Verdict> = JSON.parse(
    await python("hostile_verdict.py", dir.path),
  );
  const problems: string[] = [];
  let refused = 0, read = 0, stricter = 0;
  for (const f of files) {
    const path = `${dir.path}/${f.file}`;
    const v = verdicts[f.file];
    for (const [loader, load] of loaders(path, f.bytes)) {
      const got = attempt(load);
      const what = `${f.name} (${f.file}), ${loader}`;
      if (got instanceof Error) {
        refused++;
        if (!(got instanceof tf.InvalidArgumentError)) {
          problems.push(`${what}: ${got.name}: ${got.message.slice(0, 160)}`);
        } else if (loader !== "np.loadBytes" && !got.message.includes(f.file)) {
          problems.push(
            `${what}: the message does not name the file: ${got.message.slice(0, 160)}`,
          );
        } else if (f.expect && !f.expect.test(got.message)) {
          problems.push(`${what}: expected ${f.expect}: ${got.message.slice(0, 160)}`);
        } else if (v.ok) {
          // Stricter than the reference is allowed where the file is corrupt (Python's zipfile
          // reads past inconsistent sizes) or uses what we do not support, said as such.
          stricter++;
          if (
            !/corrupt|truncated|disagree|overlap|not the \d+|not supported|unsupported/.test(
              got.message,
            )
          ) {
            problems.push(
              `${what}: refused a file the reference reads: ${got.message.slice(0, 160)}`,
            );
          }
        }
      } else {
        read++;
        if (!v.ok) problems.push(`${what}: read a file the reference refuses`);
        else if (JSON.stringify(got) !== JSON.stringify(v.arrays)) {
          problems.push(`${what}: read other arrays than the reference`);
        }
      }
    }
  }
  assert.deepStrictEqual(problems.slice(0, 40), [], `${problems.length} problems`);
  assert.ok(refused > 1000 && read > 100, `refused ${refused}, read ${read}`);
  assert.ok(stricter < refused / 10, `${stricter} refusals of files the reference reads`);
  // Still usable afterwards.
  assert.deepStrictEqual(tf.add([1, 2], 1).tolist(), [2, 3]);
});
