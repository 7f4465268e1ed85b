/**
 * Checkpoints of variables by stable name: a model's weights (by `namedVariables` path) and an
 * optimizer's state, in `.safetensors` or `.npz` files. Loading checks every name, shape and
 * dtype before assigning anything, and says exactly what is missing, unexpected or mismatched.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { capList, formatShape } from "../format.ts";
import { tidy } from "../memory.ts";
import type { NDArray } from "../ndarray.ts";
import { constant } from "../ops/creation.ts";
import type { Variable } from "../variable.ts";
import { type FilePath, pathName, setOwn } from "./files.ts";
import { readArrayFile, type SaveTensorsOptions, writeArrayFile } from "./tensors.ts";

/** A variable and the stable name it is saved under. */
export interface NamedEntry {
  /** The name in the file. */
  name: string;
  /** The variable. */
  variable: Variable;
}

/** Saves variables under their names. */
export function saveVariables(
  path: FilePath,
  entries: readonly NamedEntry[],
  op: string,
  options?: SaveTensorsOptions & { extra?: Record<string, NDArray> },
): void {
  const arrays: Record<string, NDArray> = {};
  for (const { name, variable } of entries) {
    if (Object.hasOwn(arrays, name)) {
      throw new InvalidArgumentError(`${op}: two variables have the name '${name}'`);
    }
    setOwn(arrays, name, variable.numpy());
  }
  for (const [k, v] of Object.entries(options?.extra ?? {})) setOwn(arrays, k, v);
  writeArrayFile(path, arrays, op, options);
}

function describe(a: { dtype: string; shape: readonly number[] }): string {
  return `${a.dtype} ${formatShape(a.shape)}`;
}

/**
 * The arrays of `path` for `entries`, checked: every entry present with its variable's shape and
 * dtype, nothing else in the file (apart from `extraKeys`). Throws one error listing every
 * problem.
 */
export function readVariables(
  path: FilePath,
  entries: readonly NamedEntry[],
  op: string,
  extraKeys: readonly string[] = [],
): { values: NDArray[]; extra: Record<string, NDArray>; metadata: Record<string, string> } {
  const file = readArrayFile(path, op);
  const problems: string[] = [];
  const want = new Set(entries.map((e) => e.name));
  const values: NDArray[] = [];
  for (const { name, variable } of entries) {
    const a = Object.hasOwn(file.arrays, name) ? file.arrays[name] : undefined;
    if (a === undefined) {
      problems.push(`missing '${name}' (${describe(variable)})`);
      continue;
    }
    if (a.shape.join() !== variable.shape.join()) {
      problems.push(
        `'${name}' has shape ${formatShape(a.shape)} in the file, ${
          formatShape(variable.shape)
        } in the model`,
      );
    } else if (a.dtype !== variable.dtype) {
      problems.push(`'${name}' has dtype ${a.dtype} in the file, ${variable.dtype} in the model`);
    }
    values.push(a);
  }
  const extra: Record<string, NDArray> = {};
  for (const [k, a] of Object.entries(file.arrays)) {
    if (extraKeys.includes(k)) setOwn(extra, k, a);
    else if (!want.has(k)) problems.push(`unexpected '${k}' (${describe(a)})`);
  }
  if (problems.length > 0) {
    throw new InvalidArgumentError(
      `${op}: '${pathName(path)}' does not match: ${capList(problems)}`,
    );
  }
  return { values, extra, metadata: file.metadata };
}

/** Assigns checked values to their variables (no autodiff recording, temporaries freed). */
export function assignAll(entries: readonly NamedEntry[], values: readonly NDArray[]): void {
  tidy(() => {
    entries.forEach(({ variable }, i) => variable.assign(constant(values[i], variable.dtype)));
  });
}

/** What `saveWeights` / `loadWeights` need of a model. */
export interface WeightsOwner {
  /** The model's name, for messages. */
  readonly name: string;
  /** Every variable with its attribute path. */
  namedVariables(): { path: string; variable: Variable }[];
}

function weightEntries(model: WeightsOwner, op: string): NamedEntry[] {
  const entries = model.namedVariables().map((n) => ({ name: n.path, variable: n.variable }));
  if (entries.length === 0) {
    throw new InvalidArgumentError(
      `${op}: the model has no variables yet: build it first (call it once on an input, or give ` +
        `its first layer an inputShape)`,
    );
  }
  return entries;
}

/**
 * The path of a weights file: a `.safetensors` or `.npz` path as given; Keras's HDF5 and
 * `.keras` names are an error (those formats are not written here); any other name gets
 * `.safetensors` appended, as NumPy's `save` appends `.npy`.
 */
export function weightsPath(path: FilePath, op: string): FilePath {
  const name = pathName(path).toLowerCase();
  if (name.endsWith(".safetensors") || name.endsWith(".npz")) return path;
  if (/\.(h5|hdf5|keras)$/.test(name)) {
    throw new InvalidArgumentError(
      `${op}: '${pathName(path)}' names an HDF5 or .keras file, which this library does not ` +
        `read or write: use .safetensors (the default) or .npz`,
    );
  }
  return path instanceof URL ? new URL(`${path.href}.safetensors`) : `${path}.safetensors`;
}

/**
 * A model's weights to a `.safetensors` or `.npz` file (a path with neither gets `.safetensors`
 * appended), named by attribute path. Returns the path written.
 */
export function saveModelWeights(model: WeightsOwner, path: FilePath): FilePath {
  const op = `${model.name}.saveWeights`;
  const file = weightsPath(path, op);
  saveVariables(file, weightEntries(model, op), op, {
    metadata: formatOfPath(file) === "safetensors" ? { format: "denotensor-weights" } : undefined,
  });
  return file;
}

/**
 * A model's weights from a file written by `saveModelWeights` (or anything with those names); a
 * path without `.safetensors` or `.npz` gets `.safetensors` appended, as when saving.
 */
export function loadModelWeights(model: WeightsOwner, path: FilePath): void {
  const op = `${model.name}.loadWeights`;
  const entries = weightEntries(model, op);
  const { values } = readVariables(weightsPath(path, op), entries, op);
  assignAll(entries, values);
}

function formatOfPath(path: FilePath): string {
  return pathName(path).toLowerCase().endsWith(".safetensors") ? "safetensors" : "npz";
}
