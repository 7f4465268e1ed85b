#!/usr/bin/env python3
"""Generate the NumPy fixtures of tests/np_test.ts:

  tests/fixtures/np_promotion.json  result dtypes: every pair of the twelve dtypes (add, divide,
                                    matmul), every dtype with weak scalars, scalars with scalars,
                                    and the reductions' dtypes.
  tests/fixtures/np_values.json     inputs and NumPy's outputs for each `np` function.

Run from the repository root:  python3 tests/gen_np_fixtures.py
Deterministic (seeded); needs only NumPy 2.

JS has one number type, so a weak scalar is written {"n": value} and read back as a JS number: an
integer value is a weak int (a Python int here), anything else a weak float (a Python float).
{"big": "123"} is a JS bigint (a Python int), {"b": true} a boolean. NaN and infinities are the
strings "nan", "inf", "-inf".

Arrays are {"d": dtype, "s": shape, "h": hex of the C-order little-endian bytes}, exact for every
dtype; large float inputs are {"gen": [n, dtype]}: n values of the hash sequence `gen` below, which
the test computes the same way. An output is an array, {"bool": true/false}, or {"err": 1} when
NumPy raises. "tol" (relative) marks float results whose summation order NumPy leaves to BLAS.
"""

import json
import os
import warnings

import numpy as np

warnings.filterwarnings("ignore")
np.seterr(all="ignore")

RNG = np.random.default_rng(20250607)
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]
FLOATS = ["float16", "float32", "float64"]
HERE = os.path.dirname(os.path.abspath(__file__))


def enc(a):
    a = np.asarray(a)
    le = a.astype(a.dtype.newbyteorder("<"), copy=False)
    return {"d": a.dtype.name, "s": list(a.shape), "h": np.ascontiguousarray(le).tobytes().hex()}


def weak(v):
    if isinstance(v, bool):
        return {"b": v}
    if isinstance(v, int) and abs(v) > 2**53:
        return {"big": str(v)}
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return {"n": "nan" if v != v else ("inf" if v > 0 else "-inf")}
    return {"n": v}


def gen(n, dtype):
    """The hash sequence the test recomputes: values in [-1, 1) from an integer hash."""
    i = np.arange(n, dtype=np.int64)
    h = (i * 2654435761 + 12345) % (2**32)
    return (h.astype(np.float64) / 2**31 - 1.0).astype(dtype)


def rand(dtype, shape):
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        x = RNG.standard_normal(size=shape) * np.array([1, 100, 0.01])[RNG.integers(0, 3, shape)]
        x = x.astype(dtype)
        flat = x.reshape(-1)
        if flat.size >= 4:
            flat[RNG.integers(0, flat.size)] = -0.0
        return x
    info = np.iinfo(dtype)
    x = RNG.integers(int(info.min), int(info.max), size=shape, dtype=dtype, endpoint=True)
    flat = x.reshape(-1)
    if flat.size >= 3:
        flat[0], flat[1] = info.max, info.min
    return x


def small(dtype, shape):
    """Values that keep integer matmul/sum results in range or wrapping in a controlled way."""
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        return RNG.standard_normal(size=shape).astype(dtype)
    info = np.iinfo(dtype)
    lo, hi = max(int(info.min), -100), min(int(info.max), 100)
    return RNG.integers(lo, hi, size=shape, endpoint=True).astype(dtype)


def call(fn):
    try:
        return fn(), None
    except Exception as e:  # NumPy's OverflowError, TypeError, ValueError...
        return None, type(e).__name__


def out_of(r):
    if type(r) is bool:  # allclose and array_equal return Python bools, not 0-d arrays
        return {"bool": r}
    return enc(r)


def case(cases, name, args, fn, opts=None, tol=None):
    r, err = call(fn)
    c = {"f": name, "args": args, "opts": opts or {}}
    c["out"] = {"err": 1, "type": err} if err else out_of(r)
    if tol is not None:
        c["tol"] = tol
    cases.append(c)


def promotion():
    t = {"pair": {}, "divide": {}, "matmul": {}, "weak": {}, "scalars": [], "reduce": {}}
    for a in DTYPES:
        t["pair"][a], t["divide"][a], t["matmul"][a] = {}, {}, {}
        for b in DTYPES:
            x, y = np.ones(2, a), np.ones(2, b)
            t["pair"][a][b] = np.add(x, y).dtype.name
            assert np.result_type(a, b).name == t["pair"][a][b]
            t["divide"][a][b] = np.divide(x, y).dtype.name
            t["matmul"][a][b] = np.matmul(x, y).dtype.name
    scalars = [0, 1, -1, 127, 128, 255, 256, 300, -129, 70000, 2**31, 2**32, 2**40, 2**63 - 1,
               2**63, 2**64 - 1, 1.5, -0.25, 10**10, True, False, float("nan"), float("inf")]
    for d in DTYPES:
        rows = []
        for s in scalars:
            r, err = call(lambda: np.add(np.ones(2, d), s))
            rows.append({"s": weak(s), "add": r.dtype.name if err is None else "error",
                         "where": call(lambda: np.where([True, False], np.ones(2, d), s))[0]
                         .dtype.name if call(lambda: np.where([True, False], np.ones(2, d), s))[1]
                         is None else "error"})
        t["weak"][d] = rows
    for x in [1, 1.5, True, 2**40]:
        for y in [1, 1.5, True, False]:
            t["scalars"].append({"a": weak(x), "b": weak(y), "add": np.add(x, y).dtype.name})
    for d in DTYPES:
        a = np.ones((2, 3), d)
        t["reduce"][d] = {"sum": np.sum(a).dtype.name, "mean": np.mean(a).dtype.name,
                          "max": np.max(a).dtype.name, "min": np.min(a).dtype.name,
                          "argmax": np.argmax(a).dtype.name}
    return t


def values():
    cases = []
    shapes = [((2, 3), (3,)), ((3, 1), (1, 4)), ((5,), (5,)), ((), (4,)), ((2, 0), (1,)),
              ((2, 1, 3), (2, 3))]
    ops = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide}
    k = 0
    for a in DTYPES:
        for b in DTYPES:
            for name, fn in ops.items():
                sa, sb = shapes[k % len(shapes)]
                k += 1
                x, y = rand(a, sa), rand(b, sb)
                if name == "divide" and b not in FLOATS and b != "bool":
                    y = np.where(y == 0, 1, y).astype(b)
                case(cases, name, [enc(x), enc(y)], lambda: fn(x, y))
    wk = [3, -2, 300, 1.5, -0.25, True, 2**40, float("nan"), 0]
    for d in DTYPES:
        x = rand(d, (4,))
        for s in wk:
            for name, fn in ops.items():
                case(cases, name, [enc(x), weak(s)], lambda: fn(x, s))
                case(cases, name, [weak(s), enc(x)], lambda: fn(s, x))
    for s in [1, 2.5, True]:
        for t in [3, 0.5, False]:
            for name, fn in ops.items():
                case(cases, name, [weak(s), weak(t)], lambda: fn(s, t))
    # Reductions on a 3-d array, every axis pattern.
    axes = [None, 0, 1, 2, -1, [0, 2], [1, 2], [0, 1], [0, 1, 2], []]
    for d in DTYPES:
        x = rand(d, (3, 4, 5)) if d not in FLOATS else small(d, (3, 4, 5)) * 3
        if d in FLOATS:
            x.reshape(-1)[7] = np.nan if d == "float32" else x.reshape(-1)[7]
        for i, ax in enumerate(axes):
            opts = {"axis": ax, "keepdims": i % 3 == 1}
            pax = tuple(ax) if isinstance(ax, list) else ax
            for name, fn in [("sum", np.sum), ("mean", np.mean), ("max", np.max),
                             ("min", np.min)]:
                case(cases, name, [enc(x)], lambda: fn(x, axis=pax, keepdims=opts["keepdims"]),
                     opts)
        for i, ax in enumerate([None, 0, 1, 2, -1]):
            opts = {"axis": ax, "keepdims": i % 2 == 1}
            case(cases, "argmax", [enc(x)], lambda: np.argmax(x, axis=ax, keepdims=opts["keepdims"]),
                 opts)
    for d in ["float16", "float32", "float64", "int32", "uint8"]:
        e = np.zeros((0, 3), d)
        for name, fn in [("sum", np.sum), ("mean", np.mean), ("max", np.max), ("argmax", np.argmax)]:
            for ax in [None, 0, 1]:
                case(cases, name, [enc(e)], lambda: fn(e, axis=ax), {"axis": ax})
    # Long float sums: NumPy's pairwise order (generated inputs, recomputed by the test).
    for n in [1, 7, 8, 9, 16, 127, 128, 129, 200, 1000, 1023, 8192, 8193, 10000, 100000]:
        for d in FLOATS:
            x = gen(n, d)
            for name, fn in [("sum", np.sum), ("mean", np.mean)]:
                case(cases, name, [{"gen": [n, d]}], lambda: fn(x))
        x = (gen(n, "float64") * 2**30).astype(np.int32)
        case(cases, "mean", [{"gen": [n, "float64", 2**30, "int32"]}], lambda: np.mean(x))
        case(cases, "sum", [{"gen": [n, "float64", 2**30, "int32"]}], lambda: np.sum(x))
    for d in FLOATS:
        x = gen(3000, d).reshape(30, 100)
        for ax in [0, 1, None]:
            for name, fn in [("sum", np.sum), ("mean", np.mean)]:
                case(cases, name, [{"gen": [3000, d], "shape": [30, 100]}], lambda: fn(x, axis=ax),
                     {"axis": ax})
        x = gen(24000, d).reshape(20, 30, 40)
        for ax in [[0, 2], [1, 2], 0, 2, [0, 1]]:
            case(cases, "sum", [{"gen": [24000, d], "shape": [20, 30, 40]}],
                 lambda: np.sum(x, axis=tuple(ax) if isinstance(ax, list) else ax), {"axis": ax})
    # matmul and dot.
    mshapes = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((2, 2, 3), (3, 4)),
               ((1, 2, 3), (5, 3, 2)), ((4, 1, 2, 3), (2, 3, 2)), ((2, 3), (4, 5)), ((2, 0), (0, 3))]
    pairs = [(d, d) for d in DTYPES] + [("int8", "uint8"), ("int32", "float32"), ("bool", "int8"),
                                        ("int64", "uint64"), ("float16", "float32"),
                                        ("uint32", "int32"), ("bool", "bool")]
    for a, b in pairs:
        for sa, sb in mshapes:
            x = rand(a, sa) if a not in FLOATS else small(a, sa)
            y = rand(b, sb) if b not in FLOATS else small(b, sb)
            tol = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-13}.get(
                np.result_type(a, b).name)
            case(cases, "matmul", [enc(x), enc(y)], lambda: np.matmul(x, y), tol=tol)
    dshapes = [((3,), (3,)), ((2, 3), (3, 4)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (3, 4, 5)),
               ((2, 3, 4), (4,)), ((), (2, 3)), ((2, 3), (2, 3)), ((3,), (3, 2))]
    for a, b in [("int8", "int8"), ("float32", "float32"), ("int64", "int64"), ("int16", "uint16"),
                 ("float64", "float64"), ("bool", "bool")]:
        for sa, sb in dshapes:
            x = rand(a, sa) if a not in FLOATS else small(a, sa)
            y = rand(b, sb) if b not in FLOATS else small(b, sb)
            tol = {"float32": 2e-6, "float64": 1e-13}.get(np.result_type(a, b).name)
            case(cases, "dot", [enc(x), enc(y)], lambda: np.dot(x, y), tol=tol)
    # Shape functions.
    x = rand("int16", (2, 3, 4))
    for shp in [[4, 6], [-1], [2, -1, 2], [3, 5], [24, 1], [-1, -1]]:
        case(cases, "reshape", [enc(x)], lambda: np.reshape(x, shp), {"shape": shp})
    for ax in [None, [1, 0, 2], [2, 0, 1], [-1, 0, 1], [0, 1], [0, 0, 1]]:
        case(cases, "transpose", [enc(x)], lambda: np.transpose(x, ax), {"axes": ax})
    for ds, shs, ax in [(["int8", "uint8"], [(2, 3), (1, 3)], 0), (["float32", "int16"], [(2, 3), (2, 1)], 1),
                        (["bool", "int64"], [(2,), (3,)], 0), (["uint64", "int64"], [(2,), (2,)], 0),
                        (["float16", "float16", "float16"], [(1, 2), (2, 2), (3, 2)], -2),
                        (["int8", "int8"], [(2, 3), (2, 2)], 0), (["int8", "int8"], [(2, 3), (3,)], 0),
                        (["int32", "float64"], [(2, 2), (3,)], None)]:
        xs = [rand(d, s) for d, s in zip(ds, shs)]
        case(cases, "concatenate", [[enc(v) for v in xs]], lambda: np.concatenate(xs, axis=ax),
             {"axis": ax})
    for ds, shs, ax in [(["int8", "uint8"], [(2, 3), (2, 3)], 0), (["float32", "int32"], [(2,), (2,)], 1),
                        (["bool", "bool"], [(), ()], 0), (["int8", "int8"], [(2,), (3,)], 0),
                        (["float16", "uint8", "int8"], [(2, 2), (2, 2), (2, 2)], -1)]:
        xs = [rand(d, s) for d, s in zip(ds, shs)]
        case(cases, "stack", [[enc(v) for v in xs]], lambda: np.stack(xs, axis=ax), {"axis": ax})
    for cd, xd, yd in [("bool", "int8", "uint8"), ("int32", "float32", "float16"),
                       ("float64", "int64", "uint64"), ("bool", "bool", "bool")]:
        c, x, y = rand(cd, (2, 1, 3)), rand(xd, (1, 4, 1)), rand(yd, (3,))
        case(cases, "where", [enc(c), enc(x), enc(y)], lambda: np.where(c, x, y))
    c = rand("bool", (5,))
    for s, t in [(1, 2), (1.5, 2), (300, True), (-1, 2.5)]:
        case(cases, "where", [enc(c), weak(s), weak(t)], lambda: np.where(c, s, t))
    for d in DTYPES:
        x = rand(d, (5,))
        for s in [1, -1, 300, 1.5, True, 2**63]:
            case(cases, "where", [enc(c), enc(x), weak(s)], lambda: np.where(c, x, s))
    # Creation.
    for args, dt in [((5,), None), ((0, 1, 0.1), None), ((1, 10, 3), None), ((-3.5, 4.2, 0.7), None),
                     ((0, 1, 0.1), "float32"), ((0, 10, 1.5), "float16"), ((10, 0, -3), None),
                     ((0, 5, 1), "int8"), ((5, 0), None), ((0, 2**40, 2**37), None),
                     ((0.1, 1, 0.3), None), ((0, 100, 7), "uint8"), ((-5, 5, 0.37), "float32"),
                     ((0, 300, 1), "int8"), ((1e-3, 2e-3, 1e-4), None), ((0, 70000, 1), "float16")]:
        case(cases, "arange", [weak(a) for a in args], lambda: np.arange(*args, dtype=dt),
             {"dtype": dt})
    for args, kw in [((0, 1, 5), {}), ((0, 1, 7), {"endpoint": False}), ((-2.5, 10, 13), {}),
                     ((0, 1, 1), {}), ((0, 1, 0), {}), ((1e-300, 2e-300, 5), {}),
                     ((0, 10, 5), {"dtype": "int32"}), ((5, -5, 11), {"dtype": "float32"}),
                     ((0.1, 0.7, 49), {}), ((3, 3, 4), {}), ((-1, 1, 6), {"dtype": "int8"})]:
        case(cases, "linspace", [weak(a) for a in args], lambda: np.linspace(*args, **kw), kw)
    for args, kw in [((3,), {}), ((2, 4), {"k": 1}), ((4, 2), {"k": -1, "dtype": "int8"}),
                     ((3,), {"k": 5}), ((0,), {}), ((3, 3), {"dtype": "bool"}),
                     ((2, 3), {"k": -1, "dtype": "uint64"})]:
        case(cases, "eye", [weak(a) for a in args], lambda: np.eye(*args, **kw), kw)
    for shp, dt in [([2, 3], None), ([0], "int8"), ([], "uint64"), ([2, 2], "bool"), (3, "float16")]:
        for name, fn in [("zeros", np.zeros), ("ones", np.ones)]:
            case(cases, name, [], lambda: fn(shp, dtype=dt or "float64"), {"shape": shp, "dtype": dt})
    # astype: NumPy's casts, the float-to-int ones included (x86-64).
    fv = np.array([0, -0.0, 1.5, -1.5, 127.9, 128.5, 255.9, 256, -129.9, 300.7, 65535.5, 65536,
                   2**31 - 0.5, 2**31, -2**31, 2**32, 2**63, -2**63, 2**64, 1e20, -1e20, 0.1,
                   np.nan, np.inf, -np.inf], dtype=np.float64)
    for src in FLOATS:
        x = fv.astype(src)
        for d in DTYPES:
            case(cases, "astype", [enc(x)], lambda: x.astype(d), {"dtype": d})
    for src in ["int64", "uint64", "int32", "uint32", "int8", "bool", "uint16"]:
        x = rand(src, (12,))
        if src == "uint64":
            x[2:6] = [2**63, 2**64 - 1, 2**53 + 1, 2**53 + 2**29 + 1]
        if src == "int64":
            x[2:6] = [2**53 + 1, -(2**53) - 3, 2**62 + 2**38 + 1, 255]
        for d in DTYPES:
            case(cases, "astype", [enc(x)], lambda: x.astype(d), {"dtype": d})
    # allclose and arrayEqual.
    a = np.array([1.0, 2.0, np.nan, np.inf, -0.0], np.float64)
    for b, kw in [(a, {}), (a, {"equalNan": True}), (a + 1e-9, {"equalNan": True}),
                  (a.astype(np.float32), {"equalNan": True}), (a * (1 + 2e-5), {"equalNan": True}),
                  (np.array([1.0, 2.0, np.nan, -np.inf, 0.0]), {"equalNan": True})]:
        py = {"equal_nan": kw.get("equalNan", False)}
        case(cases, "allclose", [enc(a), enc(b)], lambda: np.allclose(a, b, **py), kw)
    for x, y, kw in [(np.array([1, 2], np.int8), np.array([1.0, 2.0 + 1e-7], np.float32), {}),
                     (np.array([1, 2], np.int8), np.array([1, 3], np.int8), {"atol": 1}),
                     (np.array([100], np.float16), np.array([100.1], np.float16), {"rtol": 1e-3}),
                     (np.array([1, 2], np.int64), 2, {}),
                     (np.array([1e-9], np.float32), np.array([0.0], np.float32), {}),
                     (np.array([[1, 2]], np.uint8), np.array([1, 2], np.int16), {"rtol": 0, "atol": 0})]:
        py = {"rtol": kw.get("rtol", 1e-5), "atol": kw.get("atol", 1e-8)}
        case(cases, "allclose", [enc(x), weak(y) if isinstance(y, int) else enc(y)],
             lambda: np.allclose(x, y, **py), kw)
    for x, y, kw in [(np.array([1, 2], np.int8), np.array([1, 2], np.uint64), {}),
                     (np.array([2**63], np.uint64), np.array([-(2**63)], np.int64), {}),
                     (np.array([2**53 + 1], np.int64), np.array([2.0**53], np.float64), {}),
                     (np.array([1.0, np.nan]), np.array([1.0, np.nan]), {}),
                     (np.array([1.0, np.nan]), np.array([1.0, np.nan]), {"equalNan": True}),
                     (np.array([1, 2]), np.array([[1, 2]]), {}),
                     (np.array([0.1], np.float32), np.array([0.1], np.float64), {}),
                     (np.array([True, False]), np.array([1, 0], np.int8), {})]:
        py = {"equal_nan": kw.get("equalNan", False)}
        case(cases, "arrayEqual", [enc(x), enc(y)], lambda: np.array_equal(x, y, **py), kw)
    # np.array of JS values with a dtype (JS integers out of range are NumPy's OverflowError).
    for vals, dt in [([1, 2, 3], "int8"), ([300], "int8"), ([-1], "uint8"), ([1.7, -2.7], "int16"),
                     ([0.1, 1e39], "float32"), ([1, 0.5, 0], "bool"), ([2**40], "int32"),
                     ([65504, 65520], "float16"), ([True, False], "float32"),
                     ([2**53 + 2**29 + 1], "float32")]:
        case(cases, "array", [[weak(v) for v in vals]], lambda: np.array(vals, dtype=dt),
             {"dtype": dt})
    return cases


def main():
    fixtures = os.path.join(HERE, "fixtures")
    with open(os.path.join(fixtures, "np_promotion.json"), "w") as f:
        json.dump(promotion(), f, separators=(",", ":"))
        f.write("\n")
    with open(os.path.join(fixtures, "np_values.json"), "w") as f:
        json.dump({"numpy": np.__version__, "cases": values()}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
