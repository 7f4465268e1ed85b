#!/usr/bin/env python3
"""Generate tests/fixtures/format.json: NumPy's str/repr of arrays, str of scalars, and direct
np.format_float_positional / np.format_float_scientific results, for src/format.ts and
src/dragon4.ts to reproduce byte for byte.

Run from the repository root:  python3 tests/gen_format_fixtures.py
Floats are encoded with float.hex() ("nan", "inf", "-inf" for non-finite values), 64-bit
integers as decimal strings, other integers and bools as JSON numbers.
"""

import json
import math
import os

import numpy as np

RNG = np.random.default_rng(20240531)
FLOATS = [np.float16, np.float32, np.float64]
INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
ALL = [np.bool_] + INTS + FLOATS

arrays = []
scalars = []
dragon4 = []


def enc(value, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        x = float(value)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x.hex()
    if dtype.kind == "b":
        return int(bool(value))
    if dtype.itemsize == 8:
        return str(int(value))
    return int(value)


def add(a, options=None):
    a = np.asarray(a)
    assert a.dtype in [np.dtype(t) for t in ALL], a.dtype
    case = {
        "dtype": a.dtype.name,
        "shape": list(a.shape),
        "data": [enc(v, a.dtype) for v in a.ravel()],
    }
    if options:
        case["options"] = options
        with np.printoptions(**options):
            case["str"], case["repr"] = str(a), repr(a)
    else:
        case["str"], case["repr"] = str(a), repr(a)
    arrays.append(case)


def add_scalar(value, dtype):
    s = np.dtype(dtype).type(value)
    scalars.append({"dtype": np.dtype(dtype).name, "value": enc(s, dtype), "str": str(s)})


def random_values(dtype, shape, scale=1.0):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        with np.errstate(over="ignore"):
            return (RNG.standard_normal(shape) * scale).astype(dtype)
    if dtype.kind == "b":
        return RNG.random(shape) < 0.5
    info = np.iinfo(dtype)
    return RNG.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


def small_ints(dtype, shape, lo=-120, hi=120):
    info = np.iinfo(dtype)
    return RNG.integers(max(lo, info.min), min(hi, info.max), size=shape, endpoint=True).astype(
        dtype
    )


def array_cases():
    shapes = [(), (1,), (5,), (2, 3), (3, 1), (2, 2, 2), (2, 3, 4), (2, 1, 2, 3), (3, 2, 2, 2)]
    for dtype in ALL:
        for shape in shapes:
            add(random_values(dtype, shape))
        for shape in [(0,), (2, 0), (0, 3), (1, 0, 2)]:
            add(np.zeros(shape, dtype))
    for dtype in INTS:
        for shape in [(7,), (3, 4), (2, 2, 3)]:
            add(small_ints(dtype, shape))
            add(small_ints(dtype, shape, 0, 9))

    # Random normal data at several scales, every float dtype.
    for dtype in FLOATS:
        for scale in [1e-6, 1e-3, 0.1, 1.0, 10.0, 1e3, 1e5, 1e9]:
            add(random_values(dtype, (6,), scale))
            add(random_values(dtype, (2, 4), scale))
        add(np.abs(random_values(dtype, (5,), 100)))
        add(np.round(random_values(dtype, (6,), 10)))

    # Precision cutoff and the switch to scientific notation.
    special = [
        [1 / 3, 2 / 3 * 1e-3],
        [1 / 3, 2 / 3],
        [0.1, 0.2, 0.3],
        [1.0, 2.0, 3.0],
        [1.5, -2.25, 3.125],
        [1e8, 1.0],
        [99999999.0, 1.0],
        [1e-5, 1.0],
        [1e-4, 2e-4],
        [1.0, 1001.0],
        [1.0, 999.0],
        [1.0, 1000.0],
        [999.0, 1.0],
        [1e6, 1.0],
        [999999.0, 5.0],
        [123456.789, 0.001],
        [1e-300, 1e300],
        [1e300, 2e300, -3e300],
        [5e-324, 1e-310, 1.0],
        [2.2250738585072014e-308, 1.0],
        [1e100, 1.0],
        [1e-100, 1.0],
        [1e16, 1e17, 1.5],
        [0.0, 1e-9],
        [0.0, 0.0],
        [1e-9, 1e-9],
        [3.14159265358979, 2.718281828459045],
        [1e-8, 5e-9, 1.0],
        [0.5, 0.25, 0.125, 0.0625, 0.03125],
        [65504.0, 6e-8],
        [65504.0, 1.0],
        [6.1035e-05, 1.0],
        [6e-8, 1.2e-7, 3e-7],
        [0.0999, 0.1, 0.10001],
        [2.0**24, 2.0**24 + 2, 16777217.0],
        [9.5, 99.5, 999.5],
        [0.95, 0.995, 0.9995],
        [1 - 1e-9, 1.0],
    ]
    for values in special:
        for dtype in FLOATS:
            with np.errstate(over="ignore", under="ignore"):
                add(np.array(values, dtype=dtype))

    # float32 powers of two and their neighbours.
    for k in [-30, -17, -10, -1, 0, 1, 10, 23, 24, 30, 60, 100]:
        p = np.float32(2.0**k)
        near = [np.nextafter(p, np.float32(0)), p, np.nextafter(p, np.float32(np.inf))]
        add(np.array(near, dtype=np.float32))
        add(np.array(near[:1], dtype=np.float32))
        add(np.array(near[2:], dtype=np.float32))
    for k in [-24, -14, -10, 0, 10, 15]:
        p = np.float16(2.0**k)
        add(np.array([np.nextafter(p, np.float16(0)), p, np.nextafter(p, np.float16(np.inf))]))
    for k in [-1074, -1022, -500, 0, 52, 53, 500, 1023]:
        p = 2.0**k
        add(np.array([np.nextafter(p, 0.0), p, np.nextafter(p, np.inf)]))

    # Non-finite mixtures and signed zeros.
    nonfinite = [
        [np.nan],
        [np.inf],
        [-np.inf],
        [np.nan, 1.5],
        [np.inf, -np.inf, 1.0],
        [np.nan, np.inf],
        [np.nan, -np.inf],
        [np.nan, 1e10],
        [-np.inf, 1e-10, 3.0],
        [np.inf, 100.25, -7.5],
        [np.nan, 0.0],
        [-np.inf, 12345.678],
        [np.nan, 1.0, 2.0, 3.0],
        [-0.0],
        [-0.0, 1.5],
        [0.0, -0.0],
        [-0.0, 1e-7],
        [-0.0, np.nan],
    ]
    for values in nonfinite:
        for dtype in FLOATS:
            add(np.array(values, dtype=dtype))
    for dtype in FLOATS:
        for value in [np.nan, np.inf, -np.inf, -0.0, 0.0, 1.0, 0.1, 1e20, 1e-5, 123.456]:
            add(np.array(value, dtype=dtype))

    # Integers of mixed widths and signs, extremes.
    for dtype in INTS:
        info = np.iinfo(dtype)
        add(np.array([info.min, info.max], dtype=dtype))
        add(np.array([info.max, 0, 1], dtype=dtype))
        add(np.array(info.max, dtype=dtype))
        add(np.array(info.min, dtype=dtype))
    add(np.array([-1, 100, 5, -1000, 7], dtype=np.int64))
    add(np.array([[1, -22], [333, -4444]], dtype=np.int32))
    add(np.array([-5], dtype=np.int8))

    # Bool.
    add(np.array(True))
    add(np.array(False))
    add(np.array([True, False, True]))
    add(np.array([[True, True], [False, False]]))
    add(np.array([False]))

    # Long rows that wrap at 75 characters (also with repr's prefix and dtype suffix).
    for n in [20, 25, 26, 27, 30, 40, 100]:
        add(np.arange(n, dtype=np.float64))
        add(np.arange(n, dtype=np.int64) * 1000)
        add(random_values(np.float32, (n,)))
    add(np.arange(12, dtype=np.float64) + 0.123456789)
    add(np.arange(13, dtype=np.float64) + 0.123456789)
    add(random_values(np.float64, (3, 30)))
    add(random_values(np.float64, (2, 3, 12), 1e-5))
    add(np.arange(24, dtype=np.int16).reshape(2, 12) * 1234)
    add(np.arange(66, dtype=np.uint8))
    add(np.arange(67, dtype=np.uint8))
    add(np.arange(68, dtype=np.int8))
    add(np.arange(70, dtype=np.int8))
    add(random_values(np.bool_, (40,)))
    add(random_values(np.bool_, (3, 15)))
    for n in range(5, 16):  # repr's dtype suffix moving to its own line
        add(np.arange(n, dtype=np.int32) * 10**5 + 11)
        add(np.arange(n, dtype=np.float32) * 1e4 + 0.5)

    # Summarised arrays (size > threshold), on every axis.
    add(np.arange(1001))
    add(np.arange(1001, dtype=np.float64))
    add(random_values(np.float64, (1100,)))
    add(random_values(np.float32, (1100,), 1e-3))
    add(random_values(np.float16, (1050,)))
    add(random_values(np.int64, (1001,)))
    add(random_values(np.uint64, (1100,)))
    add(random_values(np.int8, (1024,)))
    add(random_values(np.bool_, (1100,)))
    add(random_values(np.float64, (35, 30)))
    add(random_values(np.float64, (2, 600)))
    add(random_values(np.float64, (600, 2)))
    add(random_values(np.int32, (11, 10, 10)))
    add(random_values(np.float64, (11, 10, 10), 1e6))
    add(random_values(np.float32, (3, 5, 70)))
    add(random_values(np.float64, (8, 8, 4, 5)))
    add(random_values(np.uint16, (7, 7, 7, 7)))
    big = np.zeros(1001)
    big[500] = 1e20  # hidden by the summary: must not affect the format
    add(big)
    big = np.zeros(1001)
    big[1000] = np.nan
    add(big)
    big = np.arange(1200, dtype=np.float64)
    big[1] = 1e-7
    add(big)

    # Print options.
    opt_cases = [
        (random_values(np.float64, (6,)), {"precision": 3}),
        (random_values(np.float64, (6,), 1e-6), {"precision": 2}),
        (random_values(np.float32, (4,)), {"precision": 0}),
        (np.arange(30, dtype=np.float64), {"linewidth": 40}),
        (np.arange(30, dtype=np.int64), {"linewidth": 20}),
        (np.arange(30, dtype=np.int32).reshape(5, 6), {"threshold": 10}),
        (np.arange(30, dtype=np.int32).reshape(5, 6), {"threshold": 10, "edgeitems": 1}),
        (np.arange(100, dtype=np.float64), {"threshold": 50, "edgeitems": 5}),
        (np.arange(100, dtype=np.float64), {"threshold": 50, "edgeitems": 0}),
        (np.arange(60, dtype=np.float32).reshape(3, 4, 5), {"threshold": 20, "edgeitems": 1}),
        (np.arange(1500, dtype=np.int16), {"threshold": 5000}),
    ]
    for a, options in opt_cases:
        add(a, options)


def scalar_cases():
    values = [
        0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1 / 3, 2 / 3, 1e-4, 9.999e-5, 1e-5, 1e3, 999.0, 999.5,
        1e6, 999999.0, 1e7, 1e15, 1e16, 9999999999999998.0, 1e17, 1e20, 1e-300, 1e300, 5e-324,
        65504.0, 6e-8, 6.1035e-05, 123.456, -98765.4321, 3.141592653589793, 2.0**24 + 1,
        np.nan, np.inf, -np.inf,
    ]
    for dtype in FLOATS:
        with np.errstate(over="ignore", under="ignore"):
            for v in values:
                add_scalar(v, dtype)
            for v in random_values(dtype, (12,), 1.0):
                add_scalar(v, dtype)
            for scale in [1e-6, 1e-3, 1e4, 1e8, 1e12, 1e30]:
                for v in random_values(dtype, (3,), scale):
                    add_scalar(v, dtype)
    for dtype in FLOATS:  # near the positional/scientific boundaries of each dtype
        t = np.dtype(dtype).type
        for b in [1e-4, 1e3, 1e6, 1e16]:
            with np.errstate(over="ignore"):
                x = t(b)
                for v in [np.nextafter(x, t(0)), x, np.nextafter(x, t(np.inf))]:
                    add_scalar(v, dtype)
    for dtype in INTS:
        info = np.iinfo(dtype)
        for v in [info.min, info.max, 0, 1, 7]:
            add_scalar(v, dtype)
        for v in small_ints(dtype, (3,), -100, 100):
            add_scalar(v, dtype)
    add_scalar(True, np.bool_)
    add_scalar(False, np.bool_)


def dragon4_cases():
    values = {}
    with np.errstate(over="ignore", under="ignore"):
        for dtype in FLOATS:
            t = np.dtype(dtype).type
            base = [0.0, -0.0, 1.0, 0.1, 1 / 3, -2 / 3, 9.5, 0.95, 99.99, 1e-5, 123456.789,
                    1e20, 1e-20, 5e-324, 6e-8, 65504.0, 2.0**-14, 1e300, np.nan, -np.inf]
            rand = list(random_values(dtype, (10,), 1.0)) + list(random_values(dtype, (5,), 1e5))
            values[dtype] = [t(v) for v in base] + rand
    for _ in range(700):
        dtype = FLOATS[RNG.integers(len(FLOATS))]
        x = values[dtype][RNG.integers(len(values[dtype]))]
        scientific = bool(RNG.random() < 0.5)
        opts = {}
        unique = bool(RNG.random() < 0.7)
        opts["unique"] = unique
        if not unique or RNG.random() < 0.6:
            opts["precision"] = int(RNG.choice([0, 1, 2, 3, 5, 8, 12, 20]))
        opts["trim"] = str(RNG.choice(["k", ".", "0", "-"]))
        if RNG.random() < 0.3:
            opts["sign"] = True
        if RNG.random() < 0.3:
            opts["pad_left"] = int(RNG.integers(0, 8))
        if RNG.random() < 0.3:
            opts["min_digits"] = int(RNG.integers(0, 10))
        if scientific:
            if RNG.random() < 0.3:
                opts["exp_digits"] = int(RNG.integers(0, 7))
            fn = np.format_float_scientific
        else:
            if RNG.random() < 0.3:
                opts["fractional"] = False
            if RNG.random() < 0.3:
                opts["pad_right"] = int(RNG.integers(0, 12))
            fn = np.format_float_positional
        try:
            out = fn(x, **opts)
        except ValueError:
            continue
        dragon4.append({
            "dtype": np.dtype(dtype).name,
            "value": enc(x, dtype),
            "mode": "scientific" if scientific else "positional",
            "options": opts,
            "out": out,
        })


def main():
    with np.errstate(all="ignore"):  # casting huge values to float16 overflows on purpose
        array_cases()
        scalar_cases()
        dragon4_cases()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "format.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    dump = lambda obj: json.dumps(obj, separators=(",", ":"))  # noqa: E731
    with open(path, "w") as f:
        f.write('{"numpy":' + json.dumps(np.__version__) + ",\n")
        for name, cases in [("arrays", arrays), ("scalars", scalars), ("dragon4", dragon4)]:
            f.write(json.dumps(name) + ":[\n")
            f.write(",\n".join(dump(c) for c in cases))
            f.write("\n]" + ("}\n" if name == "dragon4" else ",\n"))
    print(f"wrote {path}: {len(arrays)} arrays, {len(scalars)} scalars, {len(dragon4)} dragon4")


if __name__ == "__main__":
    main()
