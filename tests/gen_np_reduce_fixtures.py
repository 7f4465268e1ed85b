#!/usr/bin/env python3
"""Generate tests/fixtures/np_reduce.json: NumPy 2's reductions, statistics, nan-reductions and
cumulative functions, for tests/np_reduce_test.ts.

Run from the repository root:  python3 tests/gen_np_reduce_fixtures.py
Deterministic (seeded); needs only NumPy 2.

Encoding as tests/gen_np_fixtures.py: arrays are {"d": dtype, "s": shape, "h": hex of the C-order
little-endian bytes}, or for outputs of more than 16 elements {"d", "s", "sha": the first 16 hex
digits of the SHA-256 of those bytes, every NaN written as NumPy's canonical NaN}; {"gen": [n, dtype, scale?, cast?], "shape": [...]} is `gen`'s hash sequence
(recomputed by the test); JS numbers are {"n": value}. Inputs used by many cases are stored once
under "inputs" and referenced as {"ref": name}. A strided view is {"view": base, "shape",
"strides" (in elements), "offset"}: the test builds the same view of the same base, so NumPy's
iteration order (and buffering) of non-contiguous inputs is exercised. Options are passed as
they are (axis lists are tuples for NumPy); an option holding an array is encoded like an
argument. An output is an array, or {"err": 1, "type": ...} when NumPy raises.
"""

import hashlib
import json
import os
import warnings

import numpy as np

from gen_np_fixtures import DTYPES, FLOATS, enc, weak

warnings.filterwarnings("ignore")
np.seterr(all="ignore")

RNG = np.random.default_rng(20250715)
HERE = os.path.dirname(os.path.abspath(__file__))
INTS = [d for d in DTYPES if d not in FLOATS and d != "bool"]

INPUTS = {}
CASES = []


def gen(n, dtype, scale=None, cast=None):
    """As the test's `generated`: the hash sequence in [-1, 1), cast, optionally scaled."""
    i = np.arange(n, dtype=np.int64)
    h = (i * 2654435761 + 12345) % (2**32)
    a = (h.astype(np.float64) / 2**31 - 1.0).astype(dtype)
    if scale is not None:
        a = (a * scale).astype(cast or dtype)
    return a


def gen_arg(n, dtype, scale=None, cast=None, shape=None):
    spec = [n, dtype] + ([] if scale is None else [scale]) + ([] if cast is None else [cast])
    a = gen(n, dtype, scale, cast)
    arg = {"gen": spec}
    if shape is not None:
        arg["shape"] = list(shape)
        a = a.reshape(shape)
    return arg, a


def inp(name, a):
    INPUTS[name] = enc(a)
    return {"ref": name}


def view(base_arg, base, v):
    """A strided view `v` of the C-contiguous `base`, encoded against `base_arg`."""
    assert v.base is base or v.base is base.base or np.shares_memory(v, base)
    off = (v.__array_interface__["data"][0] - base.__array_interface__["data"][0]) // v.itemsize
    return {"view": base_arg, "shape": list(v.shape),
            "strides": [s // v.itemsize for s in v.strides], "offset": int(off)}


def data(dtype, shape, special=False):
    """Random data: integers over the whole range (with the extremes), floats over wide
    magnitudes with one -0.0, and with `special` also NaN and infinities."""
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        x = RNG.standard_normal(size=shape) * np.array([1, 100, 0.01])[RNG.integers(0, 3, shape)]
        x = x.astype(dtype)
        flat = x.reshape(-1)
        if flat.size >= 4:
            flat[RNG.integers(0, flat.size)] = -0.0
        if special and flat.size >= 8:
            idx = RNG.choice(flat.size, 3, replace=False)
            flat[idx[0]], flat[idx[1]], flat[idx[2]] = np.nan, np.inf, -np.inf
        return x
    info = np.iinfo(dtype)
    x = RNG.integers(int(info.min), int(info.max), size=shape, dtype=dtype, endpoint=True)
    flat = x.reshape(-1)
    if flat.size >= 3:
        flat[0], flat[1] = info.max, info.min
    return x


def small(dtype, shape):
    """Small values: integer sums and products that stay meaningful, floats near 1."""
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        return (RNG.standard_normal(size=shape) * 2).astype(dtype)
    info = np.iinfo(dtype)
    lo, hi = max(int(info.min), -9), min(int(info.max), 9)
    return RNG.integers(lo, hi, size=shape, endpoint=True).astype(dtype)


def enc_out(a, zero_sign_free=False):
    """An output: in full when small, else its dtype, shape and a digest of its bytes (every
    zero as +0.0 where the sign of zero is not compared)."""
    a = np.asarray(a)
    if a.size <= 16:
        return enc(a)
    c = np.ascontiguousarray(a).copy()
    if c.dtype.kind == "f":
        c[np.isnan(c)] = np.nan
        if zero_sign_free:
            c[c == 0] = 0
    le = c.astype(c.dtype.newbyteorder("<"), copy=False)
    return {"d": a.dtype.name, "s": list(a.shape),
            "sha": hashlib.sha256(le.tobytes()).hexdigest()[:16]}


def kwargs(opts):
    kw = {}
    for k, v in opts.items():
        if k == "axis" and isinstance(v, list):
            v = tuple(v)
        kw[k] = v
    return kw


# Which of -0.0 and +0.0 NumPy's fmax/fmin reductions keep among equal zeros depends on the SIMD
# width of the machine: those results are compared with the sign of zero ignored ("zs").
ZERO_SIGN_FREE = {"nanmax", "nanmin"}


def case(name, args, fn, opts=None):
    opts = opts or {}
    try:
        out = enc_out(fn(), name in ZERO_SIGN_FREE)
    except Exception as e:  # NumPy's ValueError, TypeError, IndexError, ZeroDivisionError
        out = {"err": 1, "type": type(e).__name__}
    c = {"f": name, "args": args, "opts": opts, "out": out}
    if name in ZERO_SIGN_FREE:
        c["zs"] = 1
    CASES.append(c)


def npcall(name, x, opts, *extra):
    fn = getattr(np, name)
    return lambda: fn(x, *extra, **kwargs(opts))


AXES3 = [None, 0, 1, 2, -1, [0, 2], [1, 2], [0, 1], [0, 1, 2], []]


BASIC = ["sum", "prod", "mean", "max", "min", "ptp", "all", "any", "count_nonzero", "var",
         "std", "median"]
NANS = ["nansum", "nanprod", "nanmean", "nanmax", "nanmin", "nanvar", "nanstd", "nanmedian"]


def basic():
    """Every reduction over every dtype and axis pattern of a 3-d array."""
    for d in DTYPES:
        sets = [("x_" + d, data(d, (2, 3, 4)), BASIC + (NANS if d in FLOATS else []))]
        if d in FLOATS:
            sets.append(("xn_" + d, data(d, (2, 3, 4), special=True), BASIC + NANS))
        else:
            sets.append(("s_" + d, small(d, (2, 3, 4)), ["sum", "prod", "mean", "var"]))
        for name, x, fns in sets:
            ref = inp(name, x)
            for i, ax in enumerate(AXES3):
                opts = {"axis": ax, "keepdims": i % 3 == 1}
                if ax is None and i % 2 == 0:
                    opts = {}
                for f in fns + (["amax", "amin"] if i < 2 else []):
                    if ax == [] and f not in ("sum", "max", "mean", "var", "median", "nanmax"):
                        continue
                    case(f, [ref], npcall(f, x, opts), opts)
            if name.startswith("s_"):
                continue
            for i, ax in enumerate([None, 0, 1, 2, -1, -3]):
                opts = {} if ax is None and i == 0 else {"axis": ax, "keepdims": i % 2 == 1}
                for f in ["argmax", "argmin", "cumsum", "cumprod"] + (
                        ["nanargmax", "nanargmin", "nancumsum", "nancumprod"]
                        if d in FLOATS else []):
                    o = {k: v for k, v in opts.items() if not (f.endswith(("cumsum", "cumprod"))
                                                               and k == "keepdims")}
                    case(f, [ref], npcall(f, x, o), o)
            for q in [0.5, 0.3, 1, 0]:
                for ax in [None, 1, [0, 2]]:
                    opts = {} if ax is None else {"axis": ax}
                    case("quantile", [ref, weak(q)], npcall("quantile", x, opts, q), opts)
            for q in [50, 37.5, 100, 0]:
                for ax in [None, -1, [1, 2]]:
                    opts = {} if ax is None else {"axis": ax, "keepdims": ax == -1}
                    case("percentile", [ref, weak(q)], npcall("percentile", x, opts, q), opts)
                    if d in FLOATS:
                        case("nanpercentile", [ref, weak(q)],
                             npcall("nanpercentile", x, opts, q), opts)
            if d in FLOATS:
                for q in [0.25, 1]:
                    case("nanquantile", [ref, weak(q)], npcall("nanquantile", x, {"axis": 0}, q),
                         {"axis": 0})


def dtype_options():
    """The `dtype` option: casts before accumulating, wrapping, logical sums of bool."""
    for d in DTYPES:
        x = small(d, (4, 6)) if d != "int64" else data(d, (4, 6))
        ref = inp("d_" + d, x)
        for to in ["int8", "uint64", "float16", "float32", "bool"]:
            for ax in [None, 1]:
                opts = {"dtype": to} if ax is None else {"dtype": to, "axis": ax}
                for f in ["sum", "prod", "cumsum", "cumprod"]:
                    case(f, [ref], npcall(f, x, opts), opts)
                if to in FLOATS:
                    for f in ["mean", "var", "std"]:
                        case(f, [ref], npcall(f, x, opts), opts)
                    if d in FLOATS:
                        for f in ["nansum", "nanmean", "nanvar", "nancumsum"]:
                            case(f, [ref], npcall(f, x, opts), opts)
        for ddof in [1, 0.5, 6]:
            for ax in [None, 1]:
                opts = {"ddof": ddof} if ax is None else {"ddof": ddof, "axis": ax}
                for f in ["var", "std"] + (["nanvar", "nanstd"] if d in FLOATS else []):
                    case(f, [ref], npcall(f, x, opts), opts)


def views():
    """Non-contiguous inputs: transposes, slices, steps; NumPy's axis order and buffering."""
    for d in FLOATS + ["int32", "bool"]:
        base = data(d, (6, 8, 10)) if d not in FLOATS else small(d, (6, 8, 10))
        bref = inp("v_" + d, base)
        vs = [base.transpose(2, 0, 1), base[:, ::2, 1:9], base[::-1, 2:7, :].transpose(1, 2, 0),
              base[:, 3, :]]
        for v in vs:
            arg = view(bref, base, v)
            for ax in [None, 0, -1, [0, 1]]:
                opts = {} if ax is None else {"axis": ax}
                fns = ["sum", "mean", "var", "prod", "max", "argmax", "median", "cumsum"]
                if d in FLOATS:
                    fns += ["nansum", "nanvar", "nanmax"]
                for f in fns:
                    if f in ("argmax", "cumsum") and isinstance(ax, list):
                        continue
                    case(f, [arg], npcall(f, v, opts), opts)
    # Long strided runs: NumPy's buffered transfers (casts to the accumulation dtype, rows that
    # do not coalesce) decide the pairwise blocks.
    for d, scale in [("float64", 3.141592653589793), ("float32", None), ("float16", None),
                     ("int32", None)]:
        for shape, sl in [((30, 300), np.s_[:, :257]), ((3, 9000), np.s_[:, :8500]),
                          ((12, 2051), np.s_[:, :2049]), ((40, 9, 41), np.s_[:, :7, :40]),
                          ((300, 30), np.s_[:257, :]), ((9000, 3), np.s_[:, :2])]:
            n = int(np.prod(shape))
            if d == "int32":
                barg, base = gen_arg(n, "float64", 2**30, "int32", shape)
            else:
                barg, base = gen_arg(n, d, scale, None, shape)
            for v in [base[sl], base[sl].T]:
                arg = view(barg, base, v)
                for ax in [None, 0, -1]:
                    opts = {} if ax is None else {"axis": ax}
                    for f in ["sum", "mean", "var"] + (
                            ["nanmean", "std"] if d != "int32" else []):
                        case(f, [arg], npcall(f, v, opts), opts)
                    if d == "float16":
                        case("prod", [arg], npcall("prod", v, opts), opts)
                case("mean", [arg], npcall("mean", v, {"dtype": "float32"}), {"dtype": "float32"})


def long_runs():
    """Contiguous sums around the pairwise block sizes and the 8192-element buffer."""
    for n in [7, 8, 9, 127, 128, 129, 1000, 8191, 8192, 8193, 20000, 100003]:
        for d, scale in [("float64", 3.141592653589793), ("float32", None), ("float16", None)]:
            arg, x = gen_arg(n, d, scale)
            for f in ["sum", "mean", "var", "std", "nansum", "nanmean", "nanvar", "cumsum"]:
                if f == "cumsum" and n > 1000:
                    continue
                case(f, [arg], npcall(f, x, {}), {})
        arg, x = gen_arg(n, "float64", 2**30, "int32")
        for f in ["mean", "var"]:
            case(f, [arg], npcall(f, x, {}), {})
    # Long integer sums (the native int64 kernel, the 32-bit halves, wrapping past 2^63).
    for d, scale in [("int64", 2**62), ("int64", 2**40), ("int32", 2**30), ("int16", 2**14)]:
        for shape in [(5000,), (60, 70), (3, 20011)]:
            n = int(np.prod(shape))
            arg, x = gen_arg(n, "float64", scale, d, shape)
            for ax in [None, 0, -1]:
                opts = {} if ax is None else {"axis": ax}
                for f in ["sum", "mean", "count_nonzero"]:
                    case(f, [arg], npcall(f, x, opts), opts)
                case("sum", [arg], npcall("sum", x, {**opts, "dtype": "uint64"}),
                     {**opts, "dtype": "uint64"})
            if n <= 5000:
                case("cumsum", [arg], npcall("cumsum", x, {}), {})
    for shape in [(3, 20000), (20000, 3), (2, 9000, 2)]:
        n = int(np.prod(shape))
        arg, x = gen_arg(n, "float32", None, None, shape)
        for ax in [0, 1, -1]:
            for f in ["sum", "mean", "var"]:
                case(f, [arg], npcall(f, x, {"axis": ax}), {"axis": ax})
    # Median paths: nanmedian along an axis of 600 or more elements uses NumPy's 1-d median.
    for shape, ax in [((3, 700), 1), ((3, 599), 1), ((700, 2), 0), ((1001,), 0)]:
        n = int(np.prod(shape))
        for d in FLOATS:
            arg, x = gen_arg(n, d, None, None, shape)
            for f in ["median", "nanmedian", "percentile", "nanpercentile"]:
                extra = (42.5,) if "percentile" in f else ()
                a = [arg] + ([weak(42.5)] if extra else [])
                case(f, a, npcall(f, x, {"axis": ax}, *extra), {"axis": ax})


def specials():
    """NaN, infinities, signed zeros, overflow, empty and 0-d arrays, NumPy's errors."""
    for d in FLOATS:
        cases = {
            "zeros": np.array([-0.0, -0.0, 0.0, -0.0], d),
            "negz": np.array([-0.0, -0.0], d),
            "ties": np.array([[0.0, -0.0], [-0.0, 0.0], [-0.0, -0.0]], d),
            "infs": np.array([np.inf, -np.inf, 1.0, np.inf], d),
            "nans": np.array([[np.nan, 1.0, np.nan], [np.nan, np.nan, np.nan], [2.0, 3.0, 1.0]], d),
            "big": np.array([60000.0, 30000.0, 20000.0, -5.0], d),
            "huge": np.array([[1e38, 3e38], [-1e38, 2e38]], "float32").astype(d),
        }
        for name, x in cases.items():
            ref = inp(f"sp_{name}_{d}", x)
            for ax in [None, 0, -1]:
                opts = {} if ax is None else {"axis": ax}
                for f in ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "var",
                          "median", "nansum", "nanmean", "nanmax", "nanmin", "nanvar",
                          "nanmedian", "cumsum", "nanargmax", "nanargmin"]:
                    case(f, [ref], npcall(f, x, opts), opts)
                if name not in ("zeros", "ties"):  # -0.0/+0.0 ties: NumPy's partition order
                    case("quantile", [ref, weak(0.75)], npcall("quantile", x, opts, 0.75), opts)
                    case("nanquantile", [ref, weak(0.75)],
                         npcall("nanquantile", x, opts, 0.75), opts)
    # Random signed zeros: which zero max/min/nanmax/nanmin keep, contiguous (SIMD) or not.
    for d in FLOATS:
        for n in [2, 9, 64, 1000]:
            z = np.where(RNG.integers(0, 2, n * 3) == 1, 0.0, -0.0).astype(d).reshape(3, n)
            ref = inp(f"zs_{d}_{n}", z)
            for ax in [None, 0, 1]:
                opts = {} if ax is None else {"axis": ax}
                for f in ["max", "min", "nanmax", "nanmin", "sum", "argmax"]:
                    case(f, [ref], npcall(f, z, opts), opts)
    for d in ["float64", "float16", "int32", "bool", "uint64"]:
        for shape in [(0,), (0, 3), (3, 0)]:
            e = np.zeros(shape, d)
            ref = inp(f"e_{d}_{'x'.join(map(str, shape))}", e)
            for ax in [None, 0, -1]:
                opts = {} if ax is None else {"axis": ax}
                fns = ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "all", "any",
                       "count_nonzero", "var", "std", "median", "cumsum", "cumprod", "ptp"]
                if d in FLOATS:
                    fns += ["nansum", "nanmean", "nanmax", "nanmin", "nanargmax", "nanvar",
                            "nanmedian", "nancumsum"]
                for f in fns:
                    case(f, [ref], npcall(f, e, opts), opts)
                case("percentile", [ref, weak(50)], npcall("percentile", e, opts, 50), opts)
                if d in FLOATS:
                    case("nanpercentile", [ref, weak(50)],
                         npcall("nanpercentile", e, opts, 50), opts)
    for d in ["float64", "float16", "int32", "bool", "int64"]:
        z = np.array(-0.0 if d in FLOATS else 5, d)
        ref = inp(f"z0_{d}", z)
        for f in ["sum", "prod", "mean", "max", "argmax", "all", "var", "std", "median",
                  "cumsum", "count_nonzero"]:
            case(f, [ref], npcall(f, z, {}), {})
            case(f, [ref], npcall(f, z, {"axis": 0}), {"axis": 0})
        case("quantile", [ref, weak(0.5)], npcall("quantile", z, {}, 0.5), {})
    x = data("float64", (3, 4))
    ref = inp("err_f64", x)
    for opts in [{"axis": 2}, {"axis": -3}, {"axis": [0, 0]}, {"axis": [1, -1]}]:
        for f in ["sum", "mean", "max", "var", "median", "nanmean", "count_nonzero"]:
            case(f, [ref], npcall(f, x, opts), opts)
    case("argmax", [ref], npcall("argmax", x, {"axis": 2}), {"axis": 2})
    case("cumsum", [ref], npcall("cumsum", x, {"axis": -3}), {"axis": -3})


def quantiles():
    """q as arrays and weak numbers, q's dtype, integer wrap in _lerp, errors."""
    for d in DTYPES:
        x = data(d, (3, 7))
        ref = inp("q_" + d, x)
        qs = [(np.array([0.1, 0.5, 0.9]), {"js": [0.1, 0.5, 0.9]}),
              (np.array([0.25, 0.75], np.float32), None),
              (np.array([0.2, 0.6], np.float16), None),
              (np.array([0, 1]), None)]
        for q, qarg in qs:
            if qarg is None:
                qarg = enc(q)
            for ax in [None, 1]:
                opts = {} if ax is None else {"axis": ax}
                case("quantile", [ref, qarg], npcall("quantile", x, opts, q), opts)
                if d in FLOATS:
                    case("nanquantile", [ref, qarg], npcall("nanquantile", x, opts, q), opts)
        pq = np.array([10, 50, 99.5])
        case("percentile", [ref, {"js": [10, 50, 99.5]}], npcall("percentile", x, {"axis": 0}, pq),
             {"axis": 0})
        case("percentile", [ref, enc(pq.astype(np.float32))],
             npcall("percentile", x, {"axis": 0}, pq.astype(np.float32)), {"axis": 0})
        case("percentile", [ref, enc(np.array([10, 50], np.int16))],
             npcall("percentile", x, {}, np.array([10, 50], np.int16)), {})
    x = data("float64", (3, 4))
    ref = inp("qerr", x)
    for q in [1.5, -0.1]:
        case("quantile", [ref, weak(q)], npcall("quantile", x, {}, q), {})
    for q in [101, -1]:
        case("percentile", [ref, weak(q)], npcall("percentile", x, {}, q), {})
    case("quantile", [ref, {"js": [[0.1], [0.2]]}],
         npcall("quantile", x, {}, np.array([[0.1], [0.2]])), {})
    w = np.array([-100, 100, 50, -128], np.int8)
    ref = inp("q_wrap", w)
    for q in [50, 10, 90, 100]:
        case("percentile", [ref, weak(q)], npcall("percentile", w, {}, q), {})


def averages():
    for d in ["float64", "float32", "float16", "int32", "uint8", "bool", "int64"]:
        x = small(d, (3, 4))
        ref = inp("avg_" + d, x)
        case("average", [ref], npcall("average", x, {}), {})
        case("average", [ref], npcall("average", x, {"axis": 1}), {"axis": 1})
        w = np.abs(small("float64", (3, 4))) + 0.5
        case("average", [ref], lambda: np.average(x, weights=w), {"weights": enc(w)})
        for ax, wt in [(1, np.array([1.0, 2.0, 0.5, 3.0])), (0, np.array([3, 1, 2])),
                       ([0, 1], np.array([[1.0, 2, 3, 4], [1, 1, 1, 1], [2, 2, 2, 2]])),
                       ([1, 0], np.array([[1.0, 2, 3], [1, 1, 1], [2, 2, 2], [4, 4, 4]]))]:
            wt = wt.astype(np.float32) if d == "float16" else wt
            opts = {"axis": ax, "weights": enc(wt)}
            case("average", [ref], lambda: np.average(x, axis=tuple(ax) if isinstance(ax, list)
                                                     else ax, weights=wt), opts)
            opts = {"axis": ax, "weights": enc(wt), "keepdims": True}
            case("average", [ref], lambda: np.average(x, axis=tuple(ax) if isinstance(ax, list)
                                                     else ax, weights=wt, keepdims=True), opts)
    x = small("float64", (3, 4))
    ref = inp("avg_err", x)
    case("average", [ref], lambda: np.average(x, weights=np.ones(4)), {"weights": {"js": [1, 1, 1, 1]}})
    case("average", [ref], lambda: np.average(x, axis=1, weights=np.ones(3)),
         {"axis": 1, "weights": {"js": [1, 1, 1]}})
    case("average", [ref], lambda: np.average(x, axis=1, weights=np.array([1.0, -1, 0, 0])),
         {"axis": 1, "weights": {"js": [1, -1, 0, 0]}})
    base = small("float64", (5, 6))
    bref = inp("avg_view", base)
    v = base.T[1:5]
    wt = np.abs(small("float64", (4, 5))) + 1
    case("average", [view(bref, base, v)], lambda: np.average(v, axis=0, weights=wt),
         {"axis": 0, "weights": enc(wt)})


def main():
    basic()
    dtype_options()
    views()
    long_runs()
    specials()
    quantiles()
    averages()
    out = {"numpy": np.__version__, "inputs": INPUTS, "cases": CASES}
    path = os.path.join(HERE, "fixtures", "np_reduce.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"{path}: {len(CASES)} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
