"""NumPy's side of the np-namespace rows of bench/compare.ts (bench/np_rows.json).

Prints one JSON object {id: median_seconds_per_call}. The inputs come from
np.random.default_rng(0) in the same order as bench/np_rows.ts draws them, so both sides time the
same numbers. Usage: python3 bench/np_workloads.py [family,family,...]
"""
import json
import os
import sys
import time

import numpy as np


def median_time(fn, min_runs=5, min_seconds=0.5):
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 500:
            break
    times.sort()
    return times[len(times) // 2]


def workloads():
    rng = np.random.default_rng(0)

    def normal(n, dtype):
        return rng.standard_normal(n).astype(dtype)

    a6, b6 = normal(10**6, np.float32), normal(10**6, np.float32)
    o6 = np.empty(10**6, np.float32)
    c6, d6 = normal(10**6, np.float64), normal(10**6, np.float64)
    i6, j6 = rng.integers(-1000, 1000, 10**6), rng.integers(1, 100, 10**6)
    a7, c7 = normal(10**7, np.float32), normal(10**7, np.float64)
    wide = normal((1000, 10000), np.float32)
    u6 = rng.integers(0, 100000, 10**6)
    m, m2 = normal((256, 256), np.float64), normal((256, 256), np.float64)
    spd = m @ m.T + np.eye(256) * 256
    rhs = normal((256, 8), np.float64)
    sq, sq2 = normal((1000, 1000), np.float32), normal((1000, 1000), np.float32)
    big = normal((2000, 2000), np.float32)
    return {
        "ufunc.add_f32": lambda: np.add(a6, b6),
        "ufunc.add_out_f32": lambda: np.add(a6, b6, out=o6),
        "ufunc.multiply_f64": lambda: np.multiply(c6, d6),
        "ufunc.exp_f32": lambda: np.exp(a6),
        "ufunc.sqrt_f64": lambda: np.sqrt(c6),
        "ufunc.maximum_f32": lambda: np.maximum(a6, b6),
        "ufunc.less_f64": lambda: np.less(c6, d6),
        "ufunc.floor_divide_i64": lambda: np.floor_divide(i6, j6),
        "reduce.sum_f32": lambda: np.sum(a7),
        "reduce.sum_f64": lambda: np.sum(c7),
        "reduce.max_f32": lambda: np.max(a7),
        "reduce.std_f64": lambda: np.std(c7),
        "reduce.sum_axis1_f32": lambda: np.sum(wide, axis=1),
        "reduce.argmax_f64": lambda: np.argmax(c7),
        "reduce.median_f64": lambda: np.median(c6),
        "sort.sort_f64": lambda: np.sort(c6),
        "sort.argsort_f64": lambda: np.argsort(c6),
        "sort.unique_i64": lambda: np.unique(u6),
        "sort.unique_f64": lambda: np.unique(c6),
        "linalg.matmul_f64": lambda: np.matmul(m, m2),
        "linalg.inv_f64": lambda: np.linalg.inv(m),
        "linalg.solve_f64": lambda: np.linalg.solve(spd, rhs),
        "linalg.svd_f64": lambda: np.linalg.svd(m),
        "linalg.eigh_f64": lambda: np.linalg.eigh(spd),
        "manip.concatenate_f32": lambda: np.concatenate([sq, sq2], axis=1),
        "manip.transpose_copy_f32": lambda: big.T.copy(),
    }


def main():
    families = sys.argv[1].split(",") if len(sys.argv) > 1 and sys.argv[1] else None
    spec = json.load(open(os.path.join(os.path.dirname(__file__), "np_rows.json")))["rows"]
    fns = workloads()
    missing = [r["id"] for r in spec if r["id"] not in fns]
    if missing:
        raise SystemExit(f"bench/np_workloads.py lacks rows {', '.join(missing)}")
    out = {r["id"]: median_time(fns[r["id"]]) for r in spec
           if families is None or r["family"] in families}
    print(json.dumps({"numpy": np.__version__, "results": out}))


if __name__ == "__main__":
    main()
