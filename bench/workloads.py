"""NumPy side of bench/compare.ts: the same workloads, timed with the same rule.

Prints one JSON object {name: median_seconds_per_op}. Run by compare.ts in the same run as ours.
"""
import json
import os
import shutil
import sys
import tempfile
import time

import numpy as np


def median_time(fn, min_runs=5, min_seconds=0.5, inner=1):
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
        if len(times) >= 500:
            break
    times.sort()
    return times[len(times) // 2]


def main():
    rng = np.random.default_rng(0)
    a2 = np.array([[1, 2], [3, 4]], dtype=np.float32)
    b2 = np.array([[5, 6], [7, 8]], dtype=np.float32)
    a6 = rng.standard_normal(10**6, dtype=np.float32)
    b6 = rng.standard_normal(10**6, dtype=np.float32)
    ma = rng.standard_normal((256, 256), dtype=np.float32)
    mb = rng.standard_normal((256, 256), dtype=np.float32)
    lx = rng.standard_normal(2000, dtype=np.float32)
    ly = (lx * 3 + 2 + rng.standard_normal(2000, dtype=np.float32)).astype(np.float32)
    cx = rng.standard_normal((64, 32, 32, 64), dtype=np.float32)
    cf = rng.standard_normal((3, 3, 64, 64), dtype=np.float32)

    def linreg():
        w, b = np.float32(5.0), np.float32(10.0)
        for _ in range(300):
            err = lx * w + b - ly
            dw = np.mean(2 * err * lx)
            db = np.mean(2 * err)
            w -= np.float32(0.01) * dw
            b -= np.float32(0.01) * db
        return float(np.mean(err * err)), float(w), float(b)

    def conv2d():
        # im2col + matmul, as denotensor does: SAME pads a 3x3 filter by 1 on every side.
        xp = np.pad(cx, ((0, 0), (1, 1), (1, 1), (0, 0)))
        windows = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(1, 2))
        cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(64 * 32 * 32, 3 * 3 * 64)
        return (cols @ cf.reshape(3 * 3 * 64, 64)).reshape(64, 32, 32, 64)

    out = {
        "add 2x2": median_time(lambda: np.add(a2, b2), inner=20000),
        "matmul 2x2": median_time(lambda: np.matmul(a2, b2), inner=20000),
        "mul 2x2 by a scalar": median_time(lambda: a2 * 3, inner=20000),
        "add 1e6 float32": median_time(lambda: np.add(a6, b6)),
        "matmul 256 float32": median_time(lambda: ma @ mb),
        "reduceSum 1e6 float32": median_time(lambda: float(a6.sum())),
        "seed training loop, 300 steps": median_time(linreg),
        "conv2d 64x32x32x64, 3x3x64x64 SAME": median_time(conv2d),
    }
    ga = rng.standard_normal((1024, 1024), dtype=np.float32)
    gb = rng.standard_normal((1024, 1024), dtype=np.float32)

    def matmul_grads():
        # The loss sum(a @ b), then d/da = ones @ b.T and d/db = a.T @ ones (hand-written: NumPy
        # has no tape).
        loss = float((ga @ gb).sum())
        ones = np.ones((1024, 1024), dtype=np.float32)
        return loss, ones @ gb.T, ga.T @ ones

    nested = [[i * 0.5 + j for j in range(1000)] for i in range(1000)]
    a1000 = np.array(nested)
    out["matmul 1024 float32, gradients of reduceSum"] = median_time(matmul_grads)
    out["constant from nested 1000x1000 float64"] = median_time(lambda: np.array(nested))
    out["tolist 1000x1000 float64"] = median_time(lambda: a1000.tolist())
    sq4096 = rng.standard_normal((4096, 4096), dtype=np.float32)
    a7 = rng.standard_normal(10**7, dtype=np.float32)
    out["reduceSum over axis 0 of 4096x4096 float32"] = median_time(lambda: sq4096.sum(axis=0))
    out["reduceMax 1e7 float32"] = median_time(lambda: float(a7.max()))
    a1000f = a1000.astype(np.float32)
    out["toString of 1000x1000 float32"] = median_time(lambda: str(a1000f))
    # NumPy has no tape: its plain add is the reference for the tape-active row.
    out["add 2x2, tape active elsewhere"] = out["add 2x2"]
    # File I/O: a 100 MB float32 .npy written and read back (in a temp dir, removed afterwards).
    tmp = tempfile.mkdtemp(prefix="numpy_bench_")
    try:
        big = rng.standard_normal(25_000_000, dtype=np.float32)
        path = os.path.join(tmp, "big.npy")
        out["np.save 100 MB float32 .npy"] = median_time(lambda: np.save(path, big))
        out["np.load 100 MB float32 .npy"] = median_time(lambda: np.load(path))
    finally:
        shutil.rmtree(tmp)
    json.dump({"numpy": np.__version__, "results": out}, sys.stdout)


if __name__ == "__main__":
    main()
