/**
 * Internal: the text of `model.summary()`, laid out as Keras lays out a Sequential model, or a
 * functional one (with a "Connected to" column unless its graph is a simple chain).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { Layer } from "./layer.ts";
import { functionalSummary } from "./functional.ts";

/** Options of `summary`. */
export interface SummaryOptions {
  /** The table's width in characters (default 65, or 98 with a "Connected to" column). */
  lineLength?: number;
  /** Also print it with console.log (default true). */
  print?: boolean;
}

/** Internal: the layers held directly by `layer`: in public fields and (nested) arrays, in field order. */
export function childLayers(layer: Layer): Layer[] {
  const out: Layer[] = [];
  const seen = new Set<unknown>([layer]);
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Layer) out.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  Object.values(layer).forEach(visit);
  return out;
}

/** `(None, 64)` for an output of shape [32, 64]; "?" before the first call. */
function shapeText(shape: readonly number[] | undefined): string {
  if (shape === undefined) return "?";
  const dims = ["None", ...shape.slice(1).map(String)];
  return dims.length === 1 ? "(None,)" : `(${dims.join(", ")})`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Internal: the summary table of `model`. */
export function summarize(model: Layer, options?: SummaryOptions): string {
  const functional = functionalSummary(model);
  const connected = functional !== undefined && !functional.sequential;
  const width = options?.lineLength ?? (connected ? 98 : 65);
  if (!Number.isInteger(width) || width < 40) {
    throw new InvalidArgumentError(
      `summary: lineLength must be an integer of at least 40, got ${String(width)}`,
    );
  }
  const stops = (connected ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1])
    .map((p) => Math.floor(width * p));
  const row = (fields: string[]): string => {
    let line = "";
    fields.forEach((f, i) => {
      // Keep at least one space between columns; cut what does not fit.
      const room = stops[i] - line.length - (i < fields.length - 1 ? 1 : 0);
      line += (f.length > room ? f.slice(0, Math.max(0, room)) : f).padEnd(stops[i] - line.length);
    });
    return line.trimEnd();
  };
  const lines = [`Model: "${model.name}"`, "_".repeat(width)];
  const heads = ["Layer (type)", "Output Shape", "Param #"];
  lines.push(row(connected ? [...heads, "Connected to"] : heads), "=".repeat(width));
  const rows = functional?.rows ?? childLayers(model).map((l) => ({
    layer: `${l.name} (${l.constructor.name})`,
    shape: shapeText(l.outputShape),
    params: l.countParams(),
    connections: [],
  }));
  rows.forEach((r, i) => {
    const [first = "", ...more] = r.connections;
    const fields = [r.layer, r.shape, count(r.params)];
    lines.push(row(connected ? [...fields, first] : fields));
    if (connected) { for (const c of more) lines.push(row(["", "", "", c])); }
    if (i < rows.length - 1) lines.push("_".repeat(width));
  });
  const trainable = model.trainableVariables.reduce((n, v) => n + v.size, 0);
  const total = model.countParams();
  lines.push(
    "=".repeat(width),
    `Total params: ${count(total)}`,
    `Trainable params: ${count(trainable)}`,
    `Non-trainable params: ${count(total - trainable)}`,
    "_".repeat(width),
  );
  return lines.join("\n");
}
