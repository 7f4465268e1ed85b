/**
 * Optimizer state files: `iterations` (an int64 scalar) and one `slots/<variable>/<slot>` entry
 * per slot variable, where `<variable>` is a model's weight path or an index into a list of
 * variables. safetensors files also record the optimizer's class in `__metadata__`.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { capList, formatShape } from "../format.ts";
import { NDArray } from "../ndarray.ts";
import { Variable } from "../variable.ts";
import { type NamedEntry, saveVariables } from "./checkpoint.ts";
import { type FilePath, pathName } from "./files.ts";
import { formatOf, readArrayFile } from "./tensors.ts";

/**
 * The variables an optimizer's slots belong to, for naming them in a state file: a model or layer
 * (names are weight paths) or a list (names are indices).
 */
export type OptimizerStateVariables =
  | readonly Variable[]
  | { namedVariables(): { path: string; variable: Variable }[] };

/** One slot read from a state file. */
export interface LoadedSlot {
  /** The variable it belongs to. */
  variable: Variable;
  /** The slot name (`momentum`, `velocity`, ...). */
  slot: string;
  /** Its value (checked: the variable's shape and dtype). */
  value: NDArray;
}

function names(variables: OptimizerStateVariables, op: string): Map<string, Variable> {
  let list: [string, Variable][];
  if (Array.isArray(variables)) {
    list = variables.map((v, i) => {
      if (!(v instanceof Variable)) {
        throw new InvalidArgumentError(`${op}: variables[${i}] is not a Variable`);
      }
      return [String(i), v];
    });
  } else if (
    variables !== null && typeof variables === "object" &&
    typeof (variables as { namedVariables?: unknown }).namedVariables === "function"
  ) {
    list = (variables as { namedVariables(): { path: string; variable: Variable }[] })
      .namedVariables().map((n) => [n.path, n.variable]);
  } else {
    throw new InvalidArgumentError(
      `${op}: variables must be a list of Variables or a model, got ${String(variables)}`,
    );
  }
  return new Map(list);
}

function byVariable(map: Map<string, Variable>): Map<Variable, string> {
  return new Map([...map].map(([k, v]) => [v, k]));
}

/** Writes an optimizer's state. */
export function saveOptimizerState(
  path: FilePath,
  variables: OptimizerStateVariables,
  slots: ReadonlyMap<Variable, ReadonlyMap<string, Variable>>,
  iterations: number,
  optimizer: string,
): void {
  const op = `${optimizer}.saveState`;
  const owners = byVariable(names(variables, op));
  const entries: NamedEntry[] = [];
  for (const [v, own] of slots) {
    const name = owners.get(v);
    if (name === undefined) {
      throw new InvalidArgumentError(
        `${op}: the optimizer holds state for variable '${v.name}', which is not among the ` +
          `variables given`,
      );
    }
    for (const [slot, s] of own) entries.push({ name: `slots/${name}/${slot}`, variable: s });
  }
  const safetensors = formatOf(path, op) === "safetensors";
  saveVariables(path, entries, op, {
    extra: { iterations: new NDArray(new BigInt64Array([BigInt(iterations)]), [], "int64") },
    metadata: safetensors ? { format: "denotensor-optimizer", optimizer } : undefined,
  });
}

/** Reads and checks an optimizer's state against the variables. */
export function readOptimizerState(
  path: FilePath,
  variables: OptimizerStateVariables,
  optimizer: string,
): { iterations: number; slots: LoadedSlot[] } {
  const op = `${optimizer}.loadState`;
  const byName = names(variables, op);
  const file = readArrayFile(path, op);
  const where = `'${pathName(path)}'`;
  const saved = file.metadata.optimizer;
  if (saved !== undefined && saved !== optimizer) {
    throw new InvalidArgumentError(
      `${op}: ${where} holds the state of optimizer ${saved}, not ${optimizer}`,
    );
  }
  const it = Object.hasOwn(file.arrays, "iterations") ? file.arrays.iterations : undefined;
  const itValue = it?.size === 1 && it.ndim === 0 ? Number(it.data[it.offset]) : NaN;
  if (it === undefined || !Number.isSafeInteger(itValue) || itValue < 0) {
    throw new InvalidArgumentError(
      `${op}: ${where} has no valid 'iterations' (a non-negative integer scalar): not an ` +
        `optimizer state file?`,
    );
  }
  const problems: string[] = [];
  const slots: LoadedSlot[] = [];
  const slotNames = new Set<string>();
  const have = new Set<string>();
  for (const [key, value] of Object.entries(file.arrays)) {
    if (key === "iterations") continue;
    const cut = key.lastIndexOf("/");
    const name = key.slice("slots/".length, cut), slot = key.slice(cut + 1);
    const variable = key.startsWith("slots/") && cut > 6 ? byName.get(name) : undefined;
    if (variable === undefined) {
      problems.push(`unexpected '${key}' (${value.dtype} ${formatShape(value.shape)})`);
      continue;
    }
    if (value.shape.join() !== variable.shape.join()) {
      problems.push(
        `'${key}' has shape ${formatShape(value.shape)}, but variable '${name}' has ${
          formatShape(variable.shape)
        }`,
      );
    } else if (value.dtype !== variable.dtype) {
      problems.push(
        `'${key}' has dtype ${value.dtype}, but variable '${name}' is ${variable.dtype}`,
      );
    }
    slotNames.add(slot);
    have.add(key);
    slots.push({ variable, slot, value });
  }
  for (const [name, v] of byName) {
    if (!v.trainable) continue;
    for (const slot of slotNames) {
      if (!have.has(`slots/${name}/${slot}`)) {
        problems.push(`missing 'slots/${name}/${slot}' (${v.dtype} ${formatShape(v.shape)})`);
      }
    }
  }
  if (problems.length > 0) {
    throw new InvalidArgumentError(`${op}: ${where} does not match: ${capList(problems)}`);
  }
  return { iterations: itValue, slots };
}
