"""NumPy side of bench/peers.ts: the peer benchmark's workloads (groups a-g of ../shared/peers),
with the same deterministic float32 data, sizes and timing rules. Run by bench/compare.ts in the
same run as ours; prints one JSON object:
{"numpy": version, "blas": {...}, "results": {id: {"ms": median ms, "value": ..., "check": {...}}}}.

    python3 bench/peers.py [--only abcdefg]
"""
import ctypes
import glob
import json
import math
import os
import sys
import time

import numpy as np

F32 = np.float32
WORKLOADS = {
    "small": {"targetBatchMs": 10},
    "elementwise": [10**6, 10**7],
    "matmul": [256, 512, 1024, 2048],
    "reduce": {"n": 10**7, "matrix": 4096},
    "unary": 10**7,
    "linreg": {"numExamples": 2000, "steps": 300, "lr": 0.01, "W0": 5.0, "B0": 10.0,
               "trueW": 3.0, "trueB": 2.0},
    "mlp": {"batch": 256, "input": 784, "hidden": 256, "output": 10, "lr": 0.01,
            "warmupSteps": 3, "steps": 20},
}
SEEDS = dict(smallA=1, smallB=2, ewA=3, ewB=4, mmA=5, mmB=6, reduce=7, reduceMatrix=8,
             unary=9, linregX=11, linregNoise=12, mlpX=21, mlpLabels=22, mlpW1=23, mlpW2=24)
GOLDEN = 0x9E3779B9


def hash32(x):
    x = x.astype(np.uint32, copy=False)
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x7FEB352D)
    x = x ^ (x >> np.uint32(15))
    x = x * np.uint32(0x846CA68B)
    return x ^ (x >> np.uint32(16))


def counters(n, seed):
    base = (seed * GOLDEN) & 0xFFFFFFFF
    return ((np.arange(n, dtype=np.uint64) + np.uint64(base)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def uniform64(n, seed):
    return (hash32(counters(n, seed)).astype(np.float64) + 0.5) / 4294967296.0


def uniform_f32(n, seed):
    return uniform64(n, seed).astype(F32)


def normal_f32(n, seed, scale=1.0):
    u1 = uniform64(n, 2 * seed + 1)
    u2 = uniform64(n, 2 * seed + 2)
    return (scale * (np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * math.pi * u2))).astype(F32)


def now_ms():
    return time.perf_counter_ns() / 1e6


def measure(fn, warmup=2, min_runs=5, max_runs=200, target_ms=1000.0):
    for _ in range(warmup):
        fn()
    times, total = [], 0.0
    while len(times) < max_runs:
        t0 = now_ms()
        fn()
        dt = now_ms() - t0
        times.append(dt)
        total += dt
        if len(times) >= min_runs and total >= target_ms:
            break
    s = sorted(times)
    m = len(s)
    return s[(m - 1) // 2] if m % 2 else (s[m // 2 - 1] + s[m // 2]) / 2


def measure_small(batch):
    target = WORKLOADS["small"]["targetBatchMs"]
    n = 64
    while True:
        t0 = now_ms()
        batch(n)
        dt = now_ms() - t0
        if dt >= target / 4 or n >= 1 << 20:
            n = max(16, min(1 << 20, round(n * target / max(dt, 1e-3))))
            break
        n *= 4
    return measure(lambda: batch(n), warmup=3, min_runs=21) / n


def small(out):
    a = normal_f32(4, SEEDS["smallA"]).reshape(2, 2)
    b = normal_f32(4, SEEDS["smallB"]).reshape(2, 2)
    for id_, op in (("add_2x2", np.add), ("matmul_2x2", np.matmul)):
        def batch(n, op=op):
            z = None
            for _ in range(n):
                z = op(a, b)
            z.tolist()

        def batch_rb(n, op=op):
            for _ in range(n):
                op(a, b).tolist()

        ms = measure_small(batch)
        out[f"a.{id_}"] = {"ms": ms, "value": ms * 1000}
        ms = measure_small(batch_rb)
        out[f"a.{id_}_readback"] = {"ms": ms, "value": ms * 1000}


def elementwise(out):
    for n in WORKLOADS["elementwise"]:
        a = normal_f32(n, SEEDS["ewA"])
        b = normal_f32(n, SEEDS["ewB"])
        e = "1e6" if n == 10**6 else "1e7"
        for op, fn in (("add", np.add), ("mul", np.multiply)):
            ms = measure(lambda fn=fn: fn(a, b))
            out[f"b.{op}_{e}"] = {"ms": ms, "value": n * 3 * 4 / (ms * 1e6)}


def matmul(out):
    for n in WORKLOADS["matmul"]:
        a = normal_f32(n * n, SEEDS["mmA"]).reshape(n, n)
        b = normal_f32(n * n, SEEDS["mmB"]).reshape(n, n)
        ms = measure(lambda: a @ b, **({"warmup": 1} if n >= 1024 else {}))
        out[f"c.matmul_{n}"] = {"ms": ms, "value": 2 * n**3 / (ms * 1e6)}


def reductions(out):
    x = normal_f32(WORKLOADS["reduce"]["n"], SEEDS["reduce"])
    for op, fn in (("sum", np.sum), ("mean", np.mean)):
        ms = measure(lambda fn=fn: float(fn(x)))
        out[f"d.{op}_1e7"] = {"ms": ms, "value": ms}
    del x
    k = WORKLOADS["reduce"]["matrix"]
    mat = normal_f32(k * k, SEEDS["reduceMatrix"]).reshape(k, k)
    ms = measure(lambda: mat.sum(axis=1))
    out["d.sum_axis1_4096"] = {"ms": ms, "value": ms}


def unary(out):
    x = normal_f32(WORKLOADS["unary"], SEEDS["unary"])
    for op, fn in (("exp", np.exp), ("tanh", np.tanh)):
        ms = measure(lambda fn=fn: fn(x))
        out[f"e.{op}_1e7"] = {"ms": ms, "value": ms}


def linreg(out):
    L = WORKLOADS["linreg"]
    x = normal_f32(L["numExamples"], SEEDS["linregX"])
    noise = normal_f32(L["numExamples"], SEEDS["linregNoise"])
    y = (L["trueW"] * x.astype(np.float64) + L["trueB"] + noise.astype(np.float64)).astype(F32)
    lr, two = F32(L["lr"]), F32(2)
    state = {}

    def train():
        W, B = F32(L["W0"]), F32(L["B0"])
        for _ in range(L["steps"]):
            err = x * W + B - y
            dW = two * np.mean(err * x)
            dB = two * np.mean(err)
            W = F32(W - lr * dW)
            B = F32(B - lr * dB)
        err = x * W + B - y
        state.update(loss=float(np.mean(err * err)), W=float(W), B=float(B))

    ms = measure(train, warmup=1, min_runs=5, max_runs=5, target_ms=0.0)
    out["f.linreg"] = {"ms": ms, "value": ms, "check": state}


def mlp(out):
    M = WORKLOADS["mlp"]
    b, i, h, o = M["batch"], M["input"], M["hidden"], M["output"]
    X = uniform_f32(b * i, SEEDS["mlpX"]).reshape(b, i)
    labels = (hash32(counters(b, SEEDS["mlpLabels"])) % np.uint32(o)).astype(np.int64)
    Y = np.zeros((b, o), F32)
    Y[np.arange(b), labels] = 1
    W1 = normal_f32(i * h, SEEDS["mlpW1"], math.sqrt(2 / i)).reshape(i, h)
    W2 = normal_f32(h * o, SEEDS["mlpW2"], math.sqrt(1 / h)).reshape(h, o)
    b1, b2 = np.zeros(h, F32), np.zeros(o, F32)
    lr = F32(M["lr"])
    losses = []

    def step():
        hh = X @ W1 + b1
        a = np.maximum(hh, 0)
        logits = a @ W2 + b2
        z = logits - logits.max(axis=1, keepdims=True)
        ez = np.exp(z)
        se = ez.sum(axis=1, keepdims=True)
        logp = z - np.log(se)
        loss = -np.mean(np.sum(Y * logp, axis=1))
        losses.append(float(loss))
        dlogits = (ez / se - Y) / F32(b)
        dW2 = a.T @ dlogits
        db2 = dlogits.sum(axis=0)
        da = dlogits @ W2.T
        dh = da * (hh > 0)
        dW1 = X.T @ dh
        db1 = dh.sum(axis=0)
        W1[...] -= lr * dW1
        b1[...] -= lr * db1
        W2[...] -= lr * dW2
        b2[...] -= lr * db2

    ms = measure(step, warmup=M["warmupSteps"], min_runs=M["steps"], max_runs=M["steps"], target_ms=0.0)
    out["g.mlp_step"] = {"ms": ms, "value": ms,
                         "check": {"lossFirst": losses[0], "lossLast": losses[-1], "steps": len(losses)}}


def blas_info():
    """The BLAS NumPy uses and the kernels OpenBLAS picked at run time (as the peer harness)."""
    info = {"env_OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "env_OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS")}
    libdir = os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs")
    libs = glob.glob(os.path.join(libdir, "libscipy_openblas*"))
    if libs:
        try:
            lib = ctypes.CDLL(libs[0])
            for key, sym, restype in (("config", "scipy_openblas_get_config64_", ctypes.c_char_p),
                                      ("core", "scipy_openblas_get_corename64_", ctypes.c_char_p),
                                      ("threads", "scipy_openblas_get_num_threads64_", ctypes.c_int)):
                f = getattr(lib, sym)
                f.restype = restype
                v = f()
                info[key] = v.decode().strip() if isinstance(v, bytes) else v
        except Exception as e:  # pragma: no cover
            info["error"] = repr(e)
    return info


GROUPS = {"a": small, "b": elementwise, "c": matmul, "d": reductions, "e": unary, "f": linreg, "g": mlp}


def main():
    only = "abcdefg"
    for arg in sys.argv[1:]:
        if arg.startswith("--only="):
            only = arg[len("--only="):]
    out = {}
    for g in only:
        if g in GROUPS:
            GROUPS[g](out)
    json.dump({"numpy": np.__version__, "blas": blas_info(), "results": out}, sys.stdout)


if __name__ == "__main__":
    main()
