#!/usr/bin/env python3
"""Generate tests/fixtures/np_ufunc.json, the NumPy fixtures of tests/np_ufunc_test.ts.

Run from the repository root:  python3 tests/gen_np_ufunc_fixtures.py
Deterministic; needs only NumPy 2 (written with 2.4.6).

Contents:
  "dtypes"  the result dtype (or "-" where NumPy raises) of every ufunc for every input dtype
            (unary), every pair of the twelve dtypes (binary), every dtype with a weak int, float
            and bool scalar on either side, and scalars with scalars (see `dtypes`).
  "inputs"  the shared input arrays, by key: "u:<dtype>" (the unary values), "b:<dtype>" (the
            binary grid values: a case reads them as a column and a row, so that every pair
            meets), "w:<dtype>" (values for the weak-scalar cases).
  "cases"   {"f": name, "a": [args], "o": options (values as weak scalars), "r": result}.
            An argument is {"ref": key, "s": shape, "n"?: count} (a shared input, its first
            n elements, reshaped), {"gen": [n, dtype, scale?, cast?], "shape": s, "T": 1?} (the
            hash sequence of gen_np_fixtures.py, transposed when "T"), an encoded array, a weak
            scalar, or null (clip's missing bound). A result is an encoded array, a list of them
            (divmod), {"err": 1} when NumPy raises, or for the large cases {"d", "s", "fnv"
            (FNV-1a 32 of the C-order bytes, every NaN written as NumPy's positive quiet NaN),
            "sample" (float results only: every SAMPLE-th element, encoded)}.

Encodings are gen_np_fixtures.py's (`enc`, `weak`).
"""

import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_np_fixtures import DTYPES, FLOATS, enc, gen, weak  # noqa: E402

warnings.filterwarnings("ignore")
np.seterr(all="ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = 61  # the large cases keep every SAMPLE-th element of float results

UNARY = ["negative", "positive", "absolute", "fabs", "sign", "reciprocal", "exp", "exp2",
         "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "square", "sin", "cos", "tan",
         "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
         "deg2rad", "rad2deg", "rint", "floor", "ceil", "trunc", "fix", "logical_not", "isnan",
         "isinf", "isfinite", "signbit", "invert"]
BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod", "divmod",
          "power", "float_power", "logaddexp", "logaddexp2", "arctan2", "hypot", "equal",
          "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
          "logical_or", "logical_xor", "maximum", "minimum", "fmax", "fmin", "copysign",
          "nextafter", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"]
INTS = [d for d in DTYPES if d != "bool" and d not in FLOATS]

FLOAT_U = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.0, -7.25, 0.1, 10.0, 100.0, 1e-3,
           0.999, 2.0, 1e5, -1e5, 1e-30, 65504.0, 1e300, -1e300, 5e-324, 0.7853981633974483, 88.5,
           -104.0, 710.0, float("inf"), float("-inf"), float("nan")]
INT_U = [0, 1, -1, 2, -2, 3, 7, -7, 8, 100, -100, 127, -128, 255, 1000, -1000, 65535, 123456789]
FLOAT_B = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, -7.25, 100.0, float("inf"), float("-inf"),
           float("nan")]
INT_B = [0, 1, -1, 2, 3, -7, 8, 33, 64, 100]


def fn(name):
    return getattr(np, name)


def int_values(d, vals):
    info = np.iinfo(d)
    return np.array(vals + [int(info.max), int(info.min)], dtype=np.int64).astype(d) \
        if d != "uint64" else np.array([v % 2**64 for v in vals] + [int(info.max), 0],
                                       dtype=np.uint64)


def values(d, kind):
    if d == "bool":
        return np.array([False, True])
    if d in FLOATS:
        return np.array(FLOAT_U if kind == "u" else FLOAT_B, dtype=np.float64).astype(d)
    return int_values(d, INT_U if kind == "u" else INT_B)


def call(f):
    try:
        return f(), None
    except Exception as e:  # NumPy's TypeError, OverflowError, ValueError...
        return None, type(e).__name__


def dtype_of(f):
    r, err = call(f)
    if err:
        return None
    return (r[0] if isinstance(r, tuple) else r).dtype.name


def fnv(b):
    h = 0x811C9DC5
    for x in b:
        h = ((h ^ x) * 0x01000193) & 0xFFFFFFFF
    return format(h, "08x")


def encode_result(r):
    if isinstance(r, tuple):
        return [enc(x) for x in r]
    return enc(r)


CASES = []


def case(name, args, f, opts=None):
    r, err = call(f)
    c = {"f": name, "a": args}
    if opts:
        c["o"] = {k: weak(v) for k, v in opts.items()}
    c["r"] = {"err": 1} if err else encode_result(r)
    CASES.append(c)


def large_case(name, args, f):
    r, err = call(f)
    c = {"f": name, "a": args}
    if err:
        c["r"] = {"err": 1}
    else:
        rs = r if isinstance(r, tuple) else (r,)
        outs = []
        for x in rs:
            x = np.array(x, order="C")
            if x.dtype.kind == "f":
                x[np.isnan(x)] = np.nan  # one NaN bit pattern: the test hashes NaNs the same way
            o = {"d": x.dtype.name, "s": list(x.shape), "fnv": fnv(x.tobytes())}
            if x.dtype.kind == "f":
                o["sample"] = enc(x.reshape(-1)[::SAMPLE])
            outs.append(o)
        c["r"] = outs if isinstance(r, tuple) else outs[0]
    CASES.append(c)


CODE = "?bhiqBHIQefd"  # one letter per dtype, in DTYPES' order ("-": NumPy raises)


def code(f):
    d = dtype_of(f)
    return "-" if d is None else CODE[DTYPES.index(d)]


def dtypes():
    """Result dtypes as strings of CODE letters: unary[name] has one per input dtype (DTYPES'
    order); binary[name] one per pair (row-major over DTYPES x DTYPES); weak[name] per dtype the
    six letters of (int, float, bool scalar) x (scalar left, scalar right); scalars[name] the
    results for JS scalars (unary: int, float, bool; binary: each pair of those)."""
    t = {"unary": {}, "binary": {}, "weak": {}, "scalars": {}}
    scalars = [3, 2.5, True]
    for name in UNARY:
        f = fn(name)
        t["unary"][name] = "".join(code(lambda: f(np.ones(2, d))) for d in DTYPES)
        t["scalars"][name] = "".join(code(lambda: f(s)) for s in scalars)
    for name in BINARY:
        f = fn(name)
        t["binary"][name] = "".join(code(lambda: f(np.ones(2, a), np.ones(2, b)))
                                    for a in DTYPES for b in DTYPES)
        t["weak"][name] = {d: "".join(code(lambda: f(s, np.ones(2, d))) + code(lambda: f(
            np.ones(2, d), s)) for s in scalars) for d in DTYPES}
        t["scalars"][name] = "".join(code(lambda: f(s1, s2)) for s1 in scalars for s2 in scalars)
    return t


def inputs():
    out = {}
    for d in DTYPES:
        out["u:" + d] = enc(values(d, "u"))
        out["b:" + d] = enc(values(d, "b"))
        out["w:" + d] = enc(values(d, "b")[::2])
    return out


def ref(key, shape, n=None):
    """A shared input (its first n elements when n is given) reshaped to shape."""
    r = {"ref": key, "s": list(shape)}
    if n is not None:
        r["n"] = n
    return r


def unary_cases():
    for name in UNARY:
        for d in DTYPES:
            x = values(d, "u")
            case(name, [ref("u:" + d, x.shape)], lambda: fn(name)(x))
        for d in ["float32", "int16"]:
            for shape in [(0,), (2, 0), ()]:
                x = np.ones(shape, d) * 3
                case(name, [enc(x)], lambda: fn(name)(x))
        for s in [3, -2.5, True, float("nan")]:
            case(name, [weak(s)], lambda: fn(name)(s))


def binary_cases():
    for name in BINARY:
        f = fn(name)
        for d in DTYPES:
            v = values(d, "b")
            a, b = v[:, None], v[None, :]
            if name == "power" and d in INTS:
                b = v[None, [i for i in range(v.size) if int(v[i]) >= 0]]
                case(name, [ref("b:" + d, a.shape), enc(b)], lambda: f(a, b))
                continue
            case(name, [ref("b:" + d, a.shape), ref("b:" + d, b.shape)], lambda: f(a, b))
        # Mixed dtypes.
        for da, db in [("int8", "uint8"), ("int64", "uint64"), ("float16", "int16"),
                       ("bool", "float32"), ("int32", "float32"), ("uint64", "float64"),
                       ("uint32", "int32")]:
            x, y = values(da, "b")[:8, None], values(db, "b")[None, :8]
            if name == "power" and db in INTS:
                y = y[:, [i for i in range(y.shape[1]) if int(y[0, i]) >= 0]]
            if y.size == min(8, values(db, "b").size):
                yarg = ref("b:" + db, y.shape, y.size)
            else:
                yarg = enc(y)
            case(name, [ref("b:" + da, x.shape, x.size), yarg], lambda: f(x, y))
        # Weak scalars on either side.
        for d in ["bool", "int8", "uint8", "uint64", "float64"]:
            x = values(d, "b")[::2]
            for s in [3, -1, 2.5, True]:
                case(name, [ref("w:" + d, x.shape), weak(s)], lambda: f(x, s))
                case(name, [weak(s), ref("w:" + d, x.shape)], lambda: f(s, x))
            case(name, [ref("w:" + d, x.shape), weak(300)], lambda: f(x, 300))
        for s, t in [(3, 2), (2.5, 3), (True, 2), (-1, 0.5), (True, False), (7, -2)]:
            case(name, [weak(s), weak(t)], lambda: f(s, t))
        # Empty and 0-d operands, broadcasting errors.
        for sa, sb in [((0,), ()), ((2, 0), (1,)), ((), ()), ((3,), (4,)), ((2, 1, 3), (4, 1))]:
            x, y = np.full(sa, 3, "float64"), np.full(sb, 2, "int32")
            case(name, [enc(x), enc(y)], lambda: f(x, y))


def special_cases():
    # Shifts by counts at and beyond the bit width, negative counts.
    for name in ["left_shift", "right_shift"]:
        for d in INTS:
            bits = np.dtype(d).itemsize * 8
            x = values(d, "b")[:, None]
            counts = [0, 1, bits - 1, bits, bits + 1, 2 * bits, 127]
            counts = [c for c in counts if c <= int(np.iinfo(d).max)]
            if d[0] == "i":
                counts += [-1, -bits]
            y = np.array(counts, dtype=np.int64).astype(d)[None, :]
            case(name, [enc(x), enc(y)], lambda: fn(name)(x, y))
    # Integer powers: wrapping, and NumPy's error for negative exponents.
    for d in INTS + ["bool"]:
        x = values(d, "b")[:, None]
        y = np.array([0, 1, 2, 3, 5, 7, 13, 31, 62, 63, 64], dtype=np.int64)
        y = y[y <= (int(np.iinfo(d).max) if d != "bool" else 1)].astype(d)[None, :]
        case("power", [enc(x), enc(y)], lambda: np.power(x, y))
        if d[0] == "i":
            case("power", [enc(x), weak(-1)], lambda: np.power(x, -1))
            z = np.array([2, -1, 0], dtype=d)
            case("power", [enc(z[:1]), enc(z)], lambda: np.power(z[:1], z))
            case("power", [weak(2), enc(z)], lambda: np.power(2, z))
    # Float round-trips of the integer reciprocal and of float_power.
    for d in DTYPES:
        v = values(d, "u")
        for dec in [0, 1, 2, 3, -1, -2, 5]:
            case("round", [ref("u:" + d, v.shape)], lambda: np.round(v, dec), {"decimals": dec})
        case("around", [ref("u:" + d, v.shape)], lambda: np.around(v, 1), {"decimals": 1})
        case("round", [ref("u:" + d, v.shape)], lambda: np.round(v))
    for d in FLOATS:
        r = (gen(200, "float64") * 1000).astype(d)
        for dec in [0, 1, 2, 3, -1, -2]:
            case("round", [{"gen": [200, "float64", 1000, d]}], lambda: np.round(r, dec),
                 {"decimals": dec})
        ties = (np.arange(-40, 41, dtype=np.float64) * 0.25 + 0.125).astype(d)
        for dec in [0, 1, 2]:
            case("round", [enc(ties)], lambda: np.round(ties, dec), {"decimals": dec})
    for s in [2.5, 3, True, -0.5]:
        case("round", [weak(s)], lambda: np.round(s))
    # clip: scalar bounds, array bounds, None, NaN, signed zeros, weak ints out of range.
    nan = float("nan")
    for d in DTYPES:
        x = values(d, "u")
        for lo, hi in [(0, 5), (-3, 2.5), (None, 3), (2, None), (5, 0), (-200, 300), (True, True),
                       (0.5, 1.5), (nan, 1), (1, nan), (None, None), (-1, 1)]:
            args = [ref("u:" + d, x.shape), weak(lo) if lo is not None else None,
                    weak(hi) if hi is not None else None]
            case("clip", args, lambda: np.clip(x, lo, hi))
        los = np.array(FLOAT_B if d in FLOATS else INT_B, dtype=np.float64)
        lo_arr = los[:6].astype(d) if d != "bool" else np.array([False, True, False])
        xx = x[:lo_arr.size * 3].reshape(3, -1) if x.size >= lo_arr.size * 3 else x[None, :]
        if xx.shape[-1] == lo_arr.size:
            case("clip", [enc(xx), enc(lo_arr), enc(lo_arr[::-1])],
                 lambda: np.clip(xx, lo_arr, lo_arr[::-1]))
            case("clip", [enc(xx), enc(lo_arr), None], lambda: np.clip(xx, lo_arr, None))
    z = np.array([-0.0, 0.0] * 4)
    for lo in [-0.0, 0.0]:
        for hi in [-0.0, 0.0]:
            case("clip", [enc(z), weak(lo), weak(hi)], lambda: np.clip(z, lo, hi))
            lo_a, hi_a = np.full(8, lo), np.full(8, hi)
            case("clip", [enc(z), enc(lo_a), enc(hi_a)], lambda: np.clip(z, lo_a, hi_a))
    case("clip", [enc(np.zeros(3)), enc(np.zeros(2)), None], lambda: np.clip(np.zeros(3), np.zeros(2), None))
    # nan_to_num.
    for d in DTYPES:
        x = values(d, "u")
        case("nan_to_num", [ref("u:" + d, x.shape)], lambda: np.nan_to_num(x))
        for o in [{"nan": 5}, {"posinf": 1e300, "neginf": -7}, {"nan": -1.5, "posinf": 9,
                  "neginf": 1e40}, {"nan": nan}]:
            case("nan_to_num", [ref("u:" + d, x.shape)], lambda: np.nan_to_num(x, **o), o)
    for s in [nan, float("inf"), 3, True]:
        case("nan_to_num", [weak(s)], lambda: np.nan_to_num(s))
    # Comparisons of 64-bit integers of either signedness, and with out-of-range weak ints.
    q = np.array([-2**63, -1, 0, 1, 2**63 - 1], dtype=np.int64)
    Q = np.array([0, 1, 2**63 - 1, 2**63, 2**64 - 1], dtype=np.uint64)
    for name in ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]:
        case(name, [enc(q[:, None]), enc(Q[None, :])], lambda: fn(name)(q[:, None], Q[None, :]))
        case(name, [enc(Q[:, None]), enc(q[None, :])], lambda: fn(name)(Q[:, None], q[None, :]))
        for d in ["int8", "uint8", "int16", "uint32", "int64", "uint64", "bool", "float16"]:
            x = values(d, "b")
            # (A float as large as 1e40 would be an integer in JS, a weak int: not listed.)
            for s in [300, -1, 70000, 2**40, 2**63, 2**64 - 1, -2**63 - 1, 2**70, 2.5, -0.5]:
                case(name, [ref("b:" + d, x.shape), weak(s)], lambda: fn(name)(x, s))
                case(name, [weak(s), ref("b:" + d, x.shape)], lambda: fn(name)(s, x))
    # where with tensors of mixed dtypes (the tensor-kernel path too).
    c = (gen(1200, "float64") * 2).astype("bool")
    for d in ["float32", "int32", "int8", "uint64"]:
        a = (gen(1200, "float64") * 100).astype(d)
        large_case("where", [{"gen": [1200, "float64", 2, "bool"]},
                             {"gen": [1200, "float64", 100, d]}, weak(7)],
                   lambda: np.where(c, a, 7))


def large_cases():
    """1200-element operands (the native kernels' sizes): contiguous, broadcast and transposed."""
    spec = {"float32": 8, "float64": 8, "float16": 4, "int32": 2**20, "int64": 2**40,
            "uint8": 300, "int16": 3000, "uint32": 2**33, "int8": 300, "bool": 1}
    for name in UNARY:
        for d in ["float32", "float64", "int32", "int64", "uint8", "float16"]:
            sc = spec[d]
            x = (gen(1200, "float64") * sc).astype(d).reshape(30, 40)
            if name in ("arccosh",):
                x = (np.abs(gen(1200, "float64") * sc) + 1).astype(d).reshape(30, 40)
            large_case(name, [{"gen": [1200, "float64", sc, d], "shape": [30, 40]}]
                       if name != "arccosh" else [enc(x)], lambda: fn(name)(x))
        xt = (gen(1200, "float64") * 8).astype("float32").reshape(40, 30)
        large_case(name, [{"gen": [1200, "float64", 8, "float32"], "shape": [40, 30], "T": 1}],
                   lambda: fn(name)(xt.T))
    for name in BINARY:
        shifty = name in ("power", "left_shift", "right_shift")
        for d in ["float32", "float64", "int32", "int64", "uint8", "uint32", "bool"]:
            sc = spec[d]
            x = (gen(1200, "float64") * sc).astype(d).reshape(30, 40)
            xarg = {"gen": [1200, "float64", sc, d], "shape": [30, 40]}
            ys = [40, "float64", sc * 0.37, d]
            if shifty and d not in FLOATS:
                ys = [40, "float64", 7, "uint8"]
            y = (gen(40, "float64") * ys[2]).astype(ys[3])
            large_case(name, [xarg, {"gen": ys}], lambda: fn(name)(x, y))
            if d in ("float32", "int32"):
                ys = [1200, "float64", sc * 0.5, d] if not shifty or d in FLOATS \
                    else [1200, "float64", 7, "uint8"]
                yy = (gen(1200, "float64") * ys[2]).astype(ys[3]).reshape(40, 30).T
                large_case(name, [xarg, {"gen": ys, "shape": [40, 30], "T": 1}],
                           lambda: fn(name)(x, yy))
                large_case(name, [xarg, weak(3)], lambda: fn(name)(x, 3))


def main():
    fixture = {"dtypes": dtypes(), "inputs": inputs()}
    unary_cases()
    binary_cases()
    special_cases()
    large_cases()
    fixture["cases"] = CASES
    path = os.path.join(HERE, "fixtures", "np_ufunc.json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"), allow_nan=False)
    print(f"{path}: {len(CASES)} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
