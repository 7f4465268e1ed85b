/**
 * Internal: what `compile` makes of its `loss`, `lossWeights`, `metrics` and `weightedMetrics`
 * for one or several outputs, following Keras 3's `CompileLoss` and `CompileMetrics`: one loss per
 * output (a single loss serves every output), the total `sum(lossWeight_i * loss_i)`, a `Mean`
 * tracker `<output>_loss` per output when there are several losses, metrics updated without the
 * sample weights and weighted metrics with them (a weighted metric named like a metric is logged
 * as `weighted_<name>`), multi-output metric names prefixed with the output's name.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { add, mul } from "../ops/binary.ts";
import { Tensor } from "../tensor.ts";
import { get as getLoss, type Loss, type LossIdentifier } from "./losses.ts";
import { get as getMetric, Mean, type Metric, type MetricIdentifier } from "./metrics.ts";
import type { TensorStructure } from "./_data.ts";

/** `compile`'s `loss`: one loss (for every output), or one per output as an array or a record. */
export type LossSpec =
  | LossIdentifier
  | readonly (LossIdentifier | null)[]
  | { readonly [output: string]: LossIdentifier | null };

/** `compile`'s `lossWeights`: a factor for the loss, or one per output (array or record). */
export type LossWeightsSpec = number | readonly number[] | { readonly [output: string]: number };

/**
 * `compile`'s `metrics` and `weightedMetrics`: a list for a single-output model; for several
 * outputs, one entry per output (a metric, a list of metrics or null) as an array, or a record
 * by output name.
 */
export type MetricsSpec =
  | readonly (MetricIdentifier | readonly MetricIdentifier[] | null)[]
  | { readonly [output: string]: MetricIdentifier | readonly MetricIdentifier[] | null };

function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** One output of a step: its name (`""` for a single output) and its tensors. */
export interface OutputPart {
  /** The output's name: a record key, the model's output name, `output_<i+1>`, or "". */
  name: string;
  /** Its index among the outputs. */
  index: number;
  /** The targets, or null when y has none for it. */
  yTrue: Tensor | null;
  /** The predictions. */
  yPred: Tensor;
  /** The sample weights, or null. */
  sampleWeight: Tensor | null;
}

/** The name of output `i` of an array of outputs. */
export function outputName(i: number, names: readonly string[] | null): string {
  return names?.[i] ?? `output_${i + 1}`;
}

/**
 * The outputs of a step with their targets and sample weights. A single prediction takes a
 * single target (or a structure of one); an array of predictions an array of targets of the same
 * length; a record of predictions a record of targets (an output without one gets null). Sample
 * weights are one tensor for every output, or a structure like the targets.
 */
export function splitOutputs(
  y: TensorStructure | null,
  yPred: TensorStructure,
  sampleWeight: TensorStructure | null,
  names: readonly string[] | null,
  op: string,
): OutputPart[] {
  const single = (s: TensorStructure | null, what: string): Tensor | null => {
    if (s === null || s instanceof Tensor) return s;
    const all = Array.isArray(s) ? s : Object.values(s);
    if (all.length === 1) return all[0];
    throw new InvalidArgumentError(
      `${op}: the model has one output but ${what} holds ${all.length} tensors`,
    );
  };
  if (yPred instanceof Tensor) {
    return [{
      name: "",
      index: 0,
      yTrue: single(y, "y"),
      yPred,
      sampleWeight: single(sampleWeight, "sampleWeight"),
    }];
  }
  // y has been checked to be a structure; sample weights may be one tensor for every output.
  const byIndex = (s: TensorStructure | null, i: number, what: string): Tensor | null => {
    if (s === null || s instanceof Tensor) return s;
    if (!Array.isArray(s)) {
      throw new InvalidArgumentError(
        `${op}: the model's outputs are an array, so ${what} must be an array too`,
      );
    }
    if (s.length !== (yPred as Tensor[]).length) {
      throw new InvalidArgumentError(
        `${op}: the model has ${(yPred as Tensor[]).length} outputs but ${what} holds ${s.length}`,
      );
    }
    return s[i];
  };
  if (Array.isArray(yPred)) {
    if (y instanceof Tensor) {
      throw new InvalidArgumentError(
        `${op}: the model has ${yPred.length} outputs: y must be an array of as many targets`,
      );
    }
    return yPred.map((p, i) => ({
      name: outputName(i, names),
      index: i,
      yTrue: byIndex(y, i, "y"),
      yPred: p,
      sampleWeight: byIndex(sampleWeight, i, "sampleWeight"),
    }));
  }
  const byKey = (s: TensorStructure | null, k: string, what: string): Tensor | null => {
    if (s === null || s instanceof Tensor) return s;
    if (Array.isArray(s)) {
      throw new InvalidArgumentError(
        `${op}: the model's outputs are a record, so ${what} must be a record too`,
      );
    }
    return Object.hasOwn(s, k) ? s[k] : null;
  };
  if (y instanceof Tensor) {
    throw new InvalidArgumentError(
      `${op}: the model's outputs are a record (${Object.keys(yPred).join(", ")}): y must be a ` +
        `record of targets`,
    );
  }
  return Object.entries(yPred).map(([k, p], i) => ({
    name: k,
    index: i,
    yTrue: byKey(y, k, "y"),
    yPred: p,
    sampleWeight: byKey(sampleWeight, k, "sampleWeight"),
  }));
}

/** The losses of `compile`, paired with the outputs at each step. */
export class CompiledLoss {
  /** The loss as given, resolved: one Loss, or one (or null) per output. */
  readonly losses: Loss | (Loss | null)[] | Record<string, Loss | null>;
  /** The per-output loss trackers (`<output>_loss`) when there are several losses. */
  readonly trackers: { key: string; metric: Mean }[] = [];
  #weights: LossWeightsSpec | null;
  #built = false;

  constructor(loss: LossSpec, weights: LossWeightsSpec | undefined, op: string) {
    if (Array.isArray(loss)) {
      if (loss.length === 0) throw new InvalidArgumentError(`${op}: loss is an empty array`);
      this.losses = loss.map((l) => (l === null ? null : getLoss(l as LossIdentifier)));
    } else if (isRecord(loss)) {
      const entries = Object.entries(loss);
      if (entries.length === 0) throw new InvalidArgumentError(`${op}: loss is an empty record`);
      this.losses = Object.fromEntries(
        entries.map(([k, l]) => [k, l === null ? null : getLoss(l as LossIdentifier)]),
      );
    } else this.losses = getLoss(loss as LossIdentifier);
    this.#weights = checkLossWeights(weights, this.losses, op);
  }

  /** The Loss of an output, or null when it has none. */
  #lossFor(part: OutputPart, count: number, op: string): Loss | null {
    const l = this.losses;
    if (!Array.isArray(l) && !isRecord(l)) return l as Loss;
    if (Array.isArray(l)) {
      if (l.length !== count) {
        throw new InvalidArgumentError(
          `${op}: compile was given ${l.length} losses but the model has ${count} output` +
            (count === 1 ? "" : "s"),
        );
      }
      return l[part.index];
    }
    return Object.hasOwn(l, part.name) ? l[part.name] : null;
  }

  #weightFor(part: OutputPart): number | null {
    const w = this.#weights;
    if (w === null) return null;
    if (typeof w === "number") return w;
    if (Array.isArray(w)) return w[part.index];
    return Object.hasOwn(w, part.name) ? (w as Record<string, number>)[part.name] : 1;
  }

  /**
   * The total loss `sum(weight_i * loss_i)` and the unweighted per-output losses (for the
   * trackers), from the parts of a step.
   */
  compute(parts: readonly OutputPart[], op: string): { total: Tensor; each: [string, Tensor][] } {
    const l = this.losses;
    if (isRecord(l)) {
      const names = new Set(parts.map((p) => p.name));
      const unknown = Object.keys(l).filter((k) => !names.has(k));
      if (unknown.length > 0) {
        throw new InvalidArgumentError(
          `${op}: compile's loss names output${unknown.length > 1 ? "s" : ""} ` +
            `${unknown.map((k) => JSON.stringify(k)).join(", ")}, but the model's outputs are ` +
            (parts.length === 1 && parts[0].name === "" ? "one tensor" : [...names].join(", ")),
        );
      }
    }
    let total: Tensor | null = null;
    const each: [string, Tensor][] = [];
    for (const part of parts) {
      const loss = this.#lossFor(part, parts.length, op);
      if (loss === null) continue;
      if (part.yTrue === null) {
        throw new InvalidArgumentError(
          `${op}: no targets for output ${JSON.stringify(part.name)}, which has a loss`,
        );
      }
      const value = loss.apply(part.yTrue, part.yPred, part.sampleWeight ?? undefined);
      each.push([part.name === "" ? loss.name : part.name, value]);
      const w = this.#weightFor(part);
      const weighted = w === null ? value : mul(value, w);
      total = total === null ? weighted : add(total, weighted);
    }
    if (total === null) {
      throw new InvalidArgumentError(`${op}: no output of the model has a loss`);
    }
    if (!this.#built) {
      this.#built = true;
      if (each.length > 1) {
        const seen = new Set<string>();
        for (const [name] of each) {
          let key = `${name}_loss`;
          for (let i = 1; seen.has(key); i++) key = `${name}_loss_${i}`;
          seen.add(key);
          this.trackers.push({ key, metric: new Mean({ name: key }) });
        }
      }
    }
    return { total, each };
  }

  /** Updates the per-output trackers with a step's unweighted losses. */
  updateTrackers(each: readonly [string, Tensor][], batch: number): void {
    if (this.trackers.length !== each.length) return;
    each.forEach(([, v], i) => this.trackers[i].metric.updateState(v, batch));
  }
}

function checkLossWeights(
  w: LossWeightsSpec | undefined,
  losses: CompiledLoss["losses"],
  op: string,
): LossWeightsSpec | null {
  if (w === undefined) return null;
  const num = (v: unknown, what: string): number => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${op}: ${what} must be a finite number, got ${String(v)}`);
    }
    return v;
  };
  if (typeof w === "number") return num(w, "lossWeights");
  if (Array.isArray(w)) {
    if (!Array.isArray(losses)) {
      throw new InvalidArgumentError(
        `${op}: lossWeights is an array, so loss must be an array of as many losses`,
      );
    }
    if (w.length !== losses.length) {
      throw new InvalidArgumentError(
        `${op}: lossWeights holds ${w.length} weights for ${losses.length} losses`,
      );
    }
    return w.map((v, i) => num(v, `lossWeights[${i}]`));
  }
  if (isRecord(w)) {
    if (Array.isArray(losses)) {
      throw new InvalidArgumentError(`${op}: lossWeights is a record but loss is an array`);
    }
    if (isRecord(losses)) {
      const extra = Object.keys(w).filter((k) => !Object.hasOwn(losses, k));
      if (extra.length > 0) {
        throw new InvalidArgumentError(
          `${op}: lossWeights names ${extra.join(", ")}, which loss does not (it names ` +
            `${Object.keys(losses).join(", ")})`,
        );
      }
    }
    return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, num(v, `lossWeights.${k}`)]));
  }
  throw new InvalidArgumentError(
    `${op}: lossWeights must be a number, an array or a record, got ${String(w)}`,
  );
}

/** A compiled metric: the key it is logged under, whether it takes sample weights, its output. */
export interface CompiledMetric {
  /** The log key. */
  key: string;
  /** The metric. */
  metric: Metric;
  /** True for `weightedMetrics`. */
  weighted: boolean;
  /** The output it watches: null for a single-output list, else an index or a name. */
  output: number | string | null;
}

/**
 * The metrics and weighted metrics of `compile`, with their log keys. `outputNames` names the
 * outputs of an array when metrics are given per output (`output_<i+1>` by default).
 */
export function compileMetrics(
  metrics: MetricsSpec | undefined,
  weighted: MetricsSpec | undefined,
  perOutput: boolean,
  outputNames: readonly string[] | null,
  op: string,
): CompiledMetric[] {
  const out: CompiledMetric[] = [];
  const keys = new Set(["loss"]);
  const add1 = (
    m: MetricIdentifier,
    isWeighted: boolean,
    output: number | string | null,
    prefix: string,
  ): void => {
    const metric = getMetric(m);
    let key = prefix + metric.name;
    if (keys.has(key)) {
      if (!isWeighted) {
        throw new InvalidArgumentError(`${op}: two metrics are named ${JSON.stringify(key)}`);
      }
      key = `${prefix}weighted_${metric.name}`;
      for (let i = 1; keys.has(key); i++) key = `${prefix}weighted_${metric.name}_${i}`;
    }
    keys.add(key);
    out.push({ key, metric, weighted: isWeighted, output });
  };
  const list = (v: unknown): MetricIdentifier[] =>
    v === null || v === undefined ? [] : Array.isArray(v) ? v : [v as MetricIdentifier];
  for (
    const [spec, isWeighted, what] of [[metrics, false, "metrics"], [
      weighted,
      true,
      "weightedMetrics",
    ]] as const
  ) {
    if (spec === undefined) continue;
    if (Array.isArray(spec)) {
      if (!perOutput) {
        for (const m of spec) {
          if (Array.isArray(m) || m === null) {
            throw new InvalidArgumentError(
              `${op}: ${what} holds a list, which is for a model with several outputs (one ` +
                `entry per output): compile's loss names one loss`,
            );
          }
          add1(m as MetricIdentifier, isWeighted, null, "");
        }
      } else {
        spec.forEach((entry, i) => {
          for (const m of list(entry)) add1(m, isWeighted, i, `${outputName(i, outputNames)}_`);
        });
      }
    } else if (isRecord(spec)) {
      for (const [k, entry] of Object.entries(spec)) {
        for (const m of list(entry)) add1(m, isWeighted, k, `${k}_`);
      }
    } else {
      throw new InvalidArgumentError(
        `${op}: ${what} must be an array${perOutput ? " or a record by output" : ""}, got ` +
          String(spec),
      );
    }
  }
  return out;
}

/** Updates the compiled metrics with a step's outputs. */
export function updateMetrics(
  metrics: readonly CompiledMetric[],
  parts: readonly OutputPart[],
  op: string,
): void {
  for (const m of metrics) {
    let part: OutputPart | undefined;
    if (m.output === null) {
      if (parts.length !== 1) {
        throw new InvalidArgumentError(
          `${op}: the model has ${parts.length} outputs: give compile's metrics per output ` +
            `(an array with one entry per output, or a record by output name)`,
        );
      }
      part = parts[0];
    } else if (typeof m.output === "number") {
      part = parts.find((p) => p.index === m.output && p.name !== "");
    } else part = parts.find((p) => p.name === m.output);
    if (part === undefined) {
      throw new InvalidArgumentError(
        `${op}: metric ${JSON.stringify(m.key)} is for output ${JSON.stringify(m.output)}, ` +
          `which the model does not have (outputs: ${
            parts.map((p) => p.name || "one tensor").join(", ")
          })`,
      );
    }
    if (part.yTrue === null) {
      throw new InvalidArgumentError(
        `${op}: no targets for output ${JSON.stringify(part.name)}, which has metrics`,
      );
    }
    if (m.weighted && part.sampleWeight !== null) {
      m.metric.updateState(part.yTrue, part.yPred, part.sampleWeight);
    } else m.metric.updateState(part.yTrue, part.yPred);
  }
}
