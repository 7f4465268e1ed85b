// The np-namespace rows of bench/compare.ts (issue 15): one row per function family, timed here
// and by bench/np_workloads.py on the same data. The row list is bench/np_rows.json; this file
// holds our side of each row, keyed by its id, and fails on a row it does not implement.
import * as np from "../numpy.ts";
import rows from "./np_rows.json" with { type: "json" };

/** A row of bench/np_rows.json. */
export interface NpRow {
  id: string;
  family: string;
  label: string;
  target: number;
}

/** The rows, in order. */
export const NP_ROWS: readonly NpRow[] = rows.rows;

/** Median seconds per call of `fn`, after a warm-up: at least 5 runs and 0.5 s of work. */
function medianTime(fn: () => unknown): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while ((times.length < 5 || performance.now() - start < 500) && times.length < 500) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1];
}

/** Our side of every row: a function to time, built on the row's data. */
function workloads(): Record<string, () => unknown> {
  const rng = np.random.default_rng(0);
  const normal = (n: number | number[], dtype: np.NpDType) =>
    np.astype(rng.standard_normal(n), dtype);
  const a6 = normal(1e6, "float32"), b6 = normal(1e6, "float32"), o6 = np.empty(1e6, "float32");
  const c6 = normal(1e6, "float64"), d6 = normal(1e6, "float64");
  const i6 = rng.integers(-1000, 1000, 1e6), j6 = rng.integers(1, 100, 1e6);
  const a7 = normal(1e7, "float32"), c7 = normal(1e7, "float64");
  const wide = normal([1000, 10000], "float32");
  const u6 = rng.integers(0, 100000, 1e6);
  const m = normal([256, 256], "float64"), m2 = normal([256, 256], "float64");
  const spd = np.add(np.matmul(m, np.transpose(m)), np.multiply(np.eye(256), 256));
  const rhs = normal([256, 8], "float64");
  const sq = normal([1000, 1000], "float32"), sq2 = normal([1000, 1000], "float32");
  const big = normal([2000, 2000], "float32");
  return {
    "ufunc.add_f32": () => np.add(a6, b6),
    "ufunc.add_out_f32": () => np.add(a6, b6, { out: o6 }),
    "ufunc.multiply_f64": () => np.multiply(c6, d6),
    "ufunc.exp_f32": () => np.exp(a6),
    "ufunc.sqrt_f64": () => np.sqrt(c6),
    "ufunc.maximum_f32": () => np.maximum(a6, b6),
    "ufunc.less_f64": () => np.less(c6, d6),
    "ufunc.floor_divide_i64": () => np.floor_divide(i6, j6),
    "reduce.sum_f32": () => np.sum(a7),
    "reduce.sum_f64": () => np.sum(c7),
    "reduce.max_f32": () => np.max(a7),
    "reduce.std_f64": () => np.std(c7),
    "reduce.sum_axis1_f32": () => np.sum(wide, { axis: 1 }),
    "reduce.argmax_f64": () => np.argmax(c7),
    "reduce.median_f64": () => np.median(c6),
    "sort.sort_f64": () => np.sort(c6),
    "sort.argsort_f64": () => np.argsort(c6),
    "sort.unique_i64": () => np.unique(u6),
    "sort.unique_f64": () => np.unique(c6),
    "linalg.matmul_f64": () => np.matmul(m, m2),
    "linalg.inv_f64": () => np.linalg.inv(m),
    "linalg.solve_f64": () => np.linalg.solve(spd, rhs),
    "linalg.svd_f64": () => np.linalg.svd(m),
    "linalg.eigh_f64": () => np.linalg.eigh(spd),
    "manip.concatenate_f32": () => np.concatenate([sq, sq2], { axis: 1 }),
    "manip.transpose_copy_f32": () => np.transpose(big).copy(),
  };
}

/** Seconds per call of each row's function (only the rows of `families` when given). */
export function timeNpRows(families?: readonly string[]): Record<string, number> {
  const fns = workloads();
  const missing = NP_ROWS.filter((r) => !(r.id in fns)).map((r) => r.id);
  if (missing.length > 0) throw new Error(`bench/np_rows.ts lacks rows ${missing.join(", ")}`);
  const out: Record<string, number> = {};
  for (const r of NP_ROWS) {
    if (families === undefined || families.includes(r.family)) out[r.id] = medianTime(fns[r.id]);
  }
  return out;
}
