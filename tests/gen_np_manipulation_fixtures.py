#!/usr/bin/env python3
"""Generate tests/fixtures/np_manipulation.json, the NumPy fixtures of tests/np_manipulation_test.ts:
creation, shape and manipulation functions, comparisons and dtype facts.

Run from the repository root:  python3 tests/gen_np_manipulation_fixtures.py
Deterministic (seeded); needs only NumPy 2.

Each case is {"f": name, "args": [...], "kw": {...}, "out": ...}. Arguments and outputs use the
encoding of tests/gen_np_fixtures.py: arrays {"d", "s", "h"} (hex of the C-order little-endian
bytes), with "at" (a NumPy index expression the test applies with NDArray.at, for strided and
negative-stride inputs) and "T" (transposed) where the input is a view; large inputs
{"gen": [n, dtype, scale?, cast?], "shape": [...]}, recomputed by the test; weak scalars
{"n": ...}, {"b": ...}, {"big": "..."}; {"j": value} a JSON literal (shapes, axes, strings,
lists of numbers as JS arrays); {"list": [...]} a list. Large outputs carry "sha" (SHA-256 of the
bytes) instead of "h". An output {"err": 1} means NumPy raised. "kw" holds the options object
under the JS names; the Python call uses NumPy's names (see PY_NAMES).
"""

import hashlib
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_np_fixtures import enc as enc_array, gen, weak  # noqa: E402

warnings.filterwarnings("ignore")
np.seterr(all="ignore")

RNG = np.random.default_rng(20250615)
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]
FLOATS = ["float16", "float32", "float64"]
INTS = [d for d in DTYPES if d not in FLOATS and d != "bool"]
HERE = os.path.dirname(os.path.abspath(__file__))
PY_NAMES = {"equalNan": "equal_nan", "constantValues": "constant_values"}
BIG = 2048  # outputs of more bytes are stored as a SHA-256


class A:
    """An array argument, optionally a view of it: `at` (an index expression), `T`."""

    def __init__(self, a, at=None, T=False, spec=None):
        self.base, self.at, self.T, self.spec = np.asarray(a), at, T, spec

    def py(self):
        v = self.base
        if self.at is not None:
            v = eval(f"v[{self.at}]")
        return v.T if self.T else v

    def js(self):
        e = {"gen": self.spec[0], "shape": self.spec[1]} if self.spec else enc_array(self.base)
        if self.at is not None:
            e["at"] = self.at
        if self.T:
            e["T"] = True
        return e


class W:
    """A weak scalar: a JS number/boolean/bigint, a Python scalar."""

    def __init__(self, v):
        self.v = v

    def py(self):
        return self.v

    def js(self):
        return weak(self.v)


class L(list):
    """A list of arguments (of arrays, mostly)."""

    def py(self):
        return [py(x) for x in self]

    def js(self):
        return {"list": [js(x) for x in self]}


def py(x):
    return x.py() if isinstance(x, (A, W, L)) else x


def js(x):
    if isinstance(x, (A, W, L)):
        return x.js()
    if isinstance(x, np.ndarray):
        return A(x).js()
    if isinstance(x, float) and not np.isfinite(x):
        return weak(x)
    return {"j": x}


def generated(n, dtype, shape, scale=None, cast=None):
    """A large input: the hash sequence of gen_np_fixtures.py, scaled and cast as the test does."""
    a = gen(n, dtype)
    spec = [n, dtype]
    if scale is not None:
        a = (a * scale).astype(cast or dtype)
        spec += [scale, cast or dtype]
    return A(a.reshape(shape), spec=(spec, list(shape)))


def enc_out(r):
    if isinstance(r, (list, tuple)) and all(isinstance(v, np.ndarray) for v in r) and (
            len(r) > 0 or isinstance(r, list)):
        return {"list": [enc_out(v) for v in r]}
    if isinstance(r, np.dtype):
        return {"j": r.name}
    if isinstance(r, np.generic):  # a NumPy scalar (np.float64 is also a Python float)
        r = np.asarray(r)
    elif isinstance(r, (bool, int, float, str)) or (isinstance(r, tuple) and not r):
        return {"j": r}
    elif isinstance(r, tuple):
        return {"j": [int(v) for v in r]}
    a = np.asarray(r)
    e = enc_array(a)
    if a.nbytes > BIG:
        e["sha"] = hashlib.sha256(bytes.fromhex(e.pop("h"))).hexdigest()
    return e


CASES = []


def case(f, args, kw=None, call=None, **extra):
    """One case: `call` (default np.<f>) with the Python values of `args` and `kw`."""
    kw = kw or {}
    fn = call or getattr(np, f)
    try:
        pykw = {PY_NAMES.get(k, k): tuple(v) if k in ("axis", "axes") and isinstance(v, list)
                else py(v) for k, v in kw.items()}
        r = fn(*[py(a) for a in args], **pykw)
        out = enc_out(r)
    except Exception as e:  # NumPy's ValueError, TypeError, AxisError, OverflowError...
        out = {"err": 1, "type": type(e).__name__}
    c = {"f": f, "args": [js(a) for a in args], "kw": {k: js(v) for k, v in kw.items()}, "out": out}
    c.update(extra)
    CASES.append(c)


def rand(dtype, shape):
    """Random values with the extremes of integer dtypes and NaN (with payloads), inf, -0.0."""
    n = int(np.prod(shape))
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        x = (RNG.standard_normal(size=n) * 10).astype(dtype)
        specials = [np.nan, np.inf, -np.inf, -0.0]
        for i, v in enumerate(specials[: n // 3]):
            x[(i * 7 + 1) % n] = v
        if n >= 6:  # NaNs with payloads (quiet and signalling): bytes must survive copies
            bits = {"float16": (np.uint16, [0x7E01, 0xFC05]), "float32": (np.uint32, [0x7FC00123, 0xFF800321]),
                    "float64": (np.uint64, [0x7FF8000000000123, 0xFFF0000000000321])}[dtype]
            x[n - 2:] = np.array(bits[1], dtype=bits[0]).view(dtype)
        return x.reshape(shape)
    info = np.iinfo(dtype)
    x = RNG.integers(int(info.min), int(info.max), size=n, dtype=dtype, endpoint=True)
    if n >= 3:
        x[0], x[1] = info.max, info.min
    return x.reshape(shape)


def small(dtype, shape, lo=-20, hi=20):
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        return RNG.integers(lo, hi, size=shape).astype(dtype)
    info = np.iinfo(dtype)
    return RNG.integers(max(lo, int(info.min)), min(hi, int(info.max)), size=shape,
                        endpoint=True).astype(dtype)


def shapes():
    for d in DTYPES:
        x = rand(d, (2, 3, 4))
        case("reshape", [A(x), [4, -1]])
        case("reshape", [A(x, T=True), [6, 4]])  # not a view: a copy
        case("reshape", [A(x, at="::-1, :, ::2"), -1])
        case("ravel", [A(x, T=True)])
        case("transpose", [A(x), [1, -1, 0]])
        case("swapaxes", [A(x), 0, -1])
        case("moveaxis", [A(x), [0, 1], [-1, -2]])
        case("flip", [A(x)], {"axis": [0, 2]})
        case("squeeze", [A(x, at="0:1, :, 1:2")])
    x = rand("float64", (2, 3, 4))
    for shape in [[24], [2, 12], [-1, 2, 3], [4, 3, 2], 24, [1, 24, 1], [5, -1], [-1, -1],
                  [2, -2, 6], [25]]:
        case("reshape", [A(x), shape])
        case("reshape", [A(x, at=":, ::-1"), shape])
    case("reshape", [A(np.array(3.5)), [1, 1]])
    case("reshape", [A(np.zeros((0, 3), "int16")), [3, 0]])
    case("reshape", [A(np.zeros((0, 3), "int16")), [0, -1]])
    case("reshape", [A(np.zeros((4,), "int16")), []])
    case("reshape", [A(np.zeros((1,), "uint8")), []])
    for at in [None, "::2", "::-1, 1:", "1, :"]:
        case("ravel", [A(x, at=at)])
    case("ravel", [A(np.array(7, "int8"))])
    for axes in [None, [0, 1, 2], [2, 0, 1], [-1, 0, 1], [0, 1], [0, 0, 1], [0, 1, 3]]:
        case("transpose", [A(x), axes])
    case("transpose", [A(np.array(2.0))])
    for a1, a2 in [(0, 1), (1, 2), (-1, -3), (2, 2), (0, 3), (-4, 0)]:
        case("swapaxes", [A(x), a1, a2])
    for s, d in [(0, -1), (-1, 0), ([0, 1], [2, 0]), ([0], [1]), ([0, 1], [1]), ([0, 0], [1, 2]),
                 (3, 0), (1, 1), ([], [])]:
        case("moveaxis", [A(x), s, d])
    for ax in [0, -1, 3, [0, 1], [0, -1], [1, 3], [0, 0], 4, -5, [0, 5]]:
        case("expand_dims", [A(x), ax])
    case("expand_dims", [A(np.array(5, "int32")), 0])
    case("expand_dims", [A(np.array(5, "int32")), [0, 1]])
    y = rand("int32", (1, 3, 1, 2))
    for ax in [None, 0, 2, -2, [0, 2], 1, [0, 0], 4]:
        case("squeeze", [A(y)], {"axis": ax})
    case("squeeze", [A(np.zeros((1, 1), "uint64"))])
    case("squeeze", [A(np.zeros((1, 0, 1), "uint64"))])
    for arr, shape in [(rand("int8", (3,)), [2, 3]), (rand("float32", (3, 1)), [2, 3, 4]),
                       (rand("uint16", ()), [2, 2]), (rand("bool", (1,)), 5),
                       (rand("int64", (2, 1)), [2, 0]), (rand("int8", (3,)), [4]),
                       (rand("int8", (3,)), [3, -1]), (rand("int8", (2, 3)), [3]),
                       (rand("float16", (3,)), [])]:
        case("broadcast_to", [A(arr), shape])
    case("broadcast_to", [A(rand("float64", (2, 3)), at="::-1, ::2"), [4, 2, 2]])
    p, q, r = rand("int16", (3, 1)), rand("float32", (4,)), rand("uint8", ())
    case("broadcast_arrays", [A(p), A(q), A(r)])
    case("broadcast_arrays", [A(p)])
    case("broadcast_arrays", [A(p), A(rand("int8", (2,)))])
    case("broadcast_arrays", [A(np.zeros((0, 1))), A(q)])
    for ss in [[[1, 2], [3, 1], 2], [[], [4]], [[2, 0], [1]], [5, [5]], [[2], [3]],
               [[1, 3], [2, 1], [4, 1, 1]], [[2, 3], [2, 1, 3], [3]], []]:
        case("broadcast_shapes", ss, call=lambda *s: np.broadcast_shapes(*[tuple(v) if isinstance(v, list) else v for v in s]))
    for f in ["atleast_1d", "atleast_2d", "atleast_3d"]:
        for arr in [np.array(3, "int8"), rand("float32", (3,)), rand("uint16", (2, 3)),
                    rand("bool", (2, 1, 2)), rand("int64", (1, 1, 1, 2))]:
            case(f, [A(arr)])
        case(f, [A(np.array(1.5)), A(rand("int32", (2,))), A(rand("int32", (2, 2)))])


def joining():
    # Promotion: every pair of dtypes.
    for a in DTYPES:
        for b in DTYPES:
            case("concatenate", [L([A(rand(a, (2,))), A(rand(b, (1,)))])])
    for d in DTYPES:
        x, y = rand(d, (2, 3)), rand(d, (2, 2))
        case("concatenate", [L([A(x), A(y), A(x, at=":, ::-1")])], {"axis": 1})
        case("concatenate", [L([A(x), A(y, T=True)])], {"axis": None})
        case("stack", [L([A(x), A(x, at="::-1")])], {"axis": -1})
        case("vstack", [L([A(x), A(rand(d, (3,)))])])
        case("hstack", [L([A(x), A(y)])])
        case("dstack", [L([A(x), A(x)])])
        case("column_stack", [L([A(rand(d, (3,))), A(x, T=True)])])
    x = rand("float64", (2, 3, 4))
    for ax in [0, 1, 2, -1, -3, 3, -4, None]:
        case("concatenate", [L([A(x), A(x, at="::-1")])], {"axis": ax})
    case("concatenate", [L([A(rand("int8", (2, 3))), A(rand("int8", (3, 3)))])])
    case("concatenate", [L([A(rand("int8", (2, 3))), A(rand("int8", (2, 2)))])])
    case("concatenate", [L([A(rand("int8", (2, 3))), A(rand("int8", (3,)))])])
    case("concatenate", [L([A(np.array(1.0)), A(np.array(2.0))])])
    case("concatenate", [L([A(np.array(1.0)), A(np.array(2.0))])], {"axis": None})
    case("concatenate", [L([])])
    case("concatenate", [L([A(np.zeros((0, 3), "uint16")), A(rand("uint16", (2, 3)))])])
    case("concatenate", [L([A(np.zeros((0,), "int8"))])])
    for dt, casting in [("int8", None), ("float32", None), ("int32", "same_kind"),
                        ("int32", "unsafe"), ("int64", "safe"), ("float64", "safe"),
                        ("uint8", "same_kind"), ("float16", "no"), ("float32", "equiv"),
                        ("bool", "unsafe"), ("bool", "same_kind")]:
        kw = {"dtype": dt, **({"casting": casting} if casting else {})}
        case("concatenate", [L([A(rand("int16", (3,))), A(rand("float32", (2,)) * 100)])], kw)
        case("concatenate", [L([A(rand("int16", (3,))), A(rand("uint8", (2,)))])], kw)
    case("stack", [L([A(x), A(x)])])
    for ax in [0, 1, 3, -1, -4, 4, -5]:
        case("stack", [L([A(x), A(x, at="::-1")])], {"axis": ax})
    case("stack", [L([A(rand("int8", (2,))), A(rand("uint16", (2,)))])])
    case("stack", [L([A(rand("int8", (2,))), A(rand("uint16", (3,)))])])
    case("stack", [L([A(np.array(1, "int8")), A(np.array(2, "int8"))])])
    case("stack", [L([])])
    case("stack", [L([A(rand("int8", (2,))), A(rand("float64", (2,)))])], {"dtype": "float32"})
    case("stack", [L([A(rand("int8", (2,))), A(rand("float64", (2,)))])], {"dtype": "int8"})
    case("stack", [L([A(rand("int8", (2,))), A(rand("float64", (2,)))])],
         {"dtype": "int8", "casting": "unsafe"})
    for f in ["vstack", "hstack", "dstack", "column_stack"]:
        case(f, [L([A(np.array(1, "int8")), A(np.array(2, "uint8"))])])
        case(f, [L([A(rand("int8", (3,))), A(rand("int8", (3,)))])])
        case(f, [L([A(rand("int8", (2, 3))), A(rand("float32", (2, 3)))])])
        case(f, [L([A(rand("int8", (2, 3))), A(rand("int8", (3,)))])])
        case(f, [L([])])
        case(f, [L([A(rand("int16", (2, 2, 2))), A(rand("int16", (2, 2, 2)))])])
    case("vstack", [L([A(rand("int8", (3,))), A(rand("float64", (3,)))])], {"dtype": "float32"})
    case("hstack", [L([A(rand("int8", (3,))), A(rand("float64", (3,)))])], {"dtype": "int16"})
    y = rand("uint16", (6, 4))
    for f in ["split", "array_split"]:
        for ios in [2, 3, 4, 1, 6, 7, 0, -1, [2, 4], [1], [], [3, 1], [-2], [-10, 10], [0, 6, 9]]:
            for ax in [0, 1, -1]:
                case(f, [A(y), ios], {"axis": ax})
        case(f, [A(y, at="::-1"), 2])
        case(f, [A(y), 2], {"axis": 2})
        case(f, [A(np.array(3.0)), 1])
        case(f, [A(np.zeros((0, 2))), 3])
        case(f, [A(rand("int64", (5,))), A(np.array([1, 3], "int32"))])


def rearranging():
    for d in DTYPES:
        x = rand(d, (2, 3))
        case("tile", [A(x), [2, 1, 2]])
        case("tile", [A(x, T=True), 2])
        case("repeat", [A(x), 2])
        case("repeat", [A(x, at="::-1"), [1, 0, 2]], {"axis": 1})
        case("roll", [A(x), [1, -1]], {"axis": [0, 1]})
        case("rot90", [A(x)])
        case("fliplr", [A(x)])
        case("flipud", [A(x)])
    for d in FLOATS:  # broadcast rows of NaNs with payloads: filled rows must keep the bytes
        case("tile", [A(rand(d, (6, 1))), [1, 40]])
        case("repeat", [A(rand(d, (6,))), 40])
    x = rand("int32", (2, 3, 4))
    for reps in [1, 0, 3, [2, 3], [1, 1, 1, 2], [0, 2], [], [2, -1], [1, 2, 3, 4, 5]]:
        case("tile", [A(x), reps])
    case("tile", [A(np.array(5, "uint8")), [2, 3]])
    case("tile", [A(np.array(5, "uint8")), 3])
    case("tile", [A(np.zeros((0, 2), "int8")), [2, 2]])
    case("tile", [A(np.zeros((0, 2), "int8")), [-1, 1]])
    case("tile", [A(np.zeros((0, 2), "int8")), [1, -1]])
    for rep, ax in [(3, None), (0, None), (2, 0), (2, 2), (2, -1), ([1, 2], 0), ([1, 0, 2], 1),
                    ([3], 2), ([1, 2, 3, 0], 2), ([1, 2], 1), (-1, None), ([1, -1], 0), (2, 3),
                    ([[1, 2]], 0), (0, 1)]:
        case("repeat", [A(x), rep], {"axis": ax})
    case("repeat", [A(x), A(np.array([1, 2], "uint8"))], {"axis": 0})
    case("repeat", [A(x), A(np.array([1.0, 2.0]))], {"axis": 0})
    case("repeat", [A(np.array(7, "int16")), 3])
    case("repeat", [A(np.array(7, "int16")), 3], {"axis": 0})
    case("repeat", [A(np.zeros((2, 0), "int16")), 3], {"axis": 1})
    for ax in [None, 0, 1, -1, [0, 2], [], 3, [1, 1]]:
        case("flip", [A(x)], {"axis": ax})
    case("flip", [A(np.array(2.5))])
    case("flip", [A(np.array(2.5))], {"axis": 0})
    case("fliplr", [A(rand("int8", (3,)))])
    case("flipud", [A(np.array(1, "int8"))])
    case("flipud", [A(rand("int8", (3,)))])
    for shift, ax in [(1, None), (-7, None), (25, None), (2, 0), (-1, 2), (5, -1), ([1, 2], [0, 1]),
                      (1, [0, 1, 2]), ([1, 2, 3], 2), ([1, 2], [0, 0]), (0, 1), (1, 3),
                      ([1, 2], [0, 1, 2]), ([], 0), (3, [])]:
        case("roll", [A(x), shift], {"axis": ax})
    case("roll", [A(np.zeros((0, 3), "float32")), 2], {"axis": 0})
    case("roll", [A(np.zeros((0, 3), "float32")), 2])
    case("roll", [A(np.array(3, "int8")), 1])
    for k in [0, 1, 2, 3, 4, -1, -2, 5]:
        case("rot90", [A(x)], {"k": k})
        case("rot90", [A(x)], {"k": k, "axes": [1, 2]})
        case("rot90", [A(x)], {"k": k, "axes": [2, 0]})
    for axes in [[0, 0], [0, 3], [1], [0, 1, 2], [-1, -3], [0, -3]]:
        case("rot90", [A(x)], {"axes": axes})
    case("rot90", [A(rand("int8", (3,)))])


def padding():
    modes = ["constant", "edge", "reflect", "symmetric", "wrap"]
    widths = [1, [2, 3], [[1, 2]], [[0, 1], [2, 0]], [[3, 4], [5, 6]], 0, [[7, 9], [1, 10]],
              A(np.array([[1, 2], [0, 3]], "int8")), {0: 2}, {-1: [1, 3]}]
    x = rand("int32", (3, 4))
    for m in modes:
        for w in widths:
            case("pad", [A(x), w], {"mode": m},
                 call=None if not isinstance(w, dict) else
                 (lambda a, w, mode: np.pad(a, {k: tuple(v) if isinstance(v, list) else v
                                                for k, v in w.items()}, mode=mode)))
        case("pad", [A(x, at="::-1, 1:"), [[2, 1], [3, 5]]], {"mode": m})
        case("pad", [A(rand("float64", (2, 3, 2))), [[1, 2], [0, 4], [3, 3]]], {"mode": m})
        case("pad", [A(rand("uint8", (1, 3))), [[2, 3], [1, 1]]], {"mode": m})
        case("pad", [A(rand("uint8", (5,))), [11, 13]], {"mode": m})
        case("pad", [A(np.zeros((0, 3), "int8")), [[0, 0], [1, 1]]], {"mode": m})
        case("pad", [A(np.zeros((0, 3), "int8")), [[1, 0], [1, 1]]], {"mode": m})
        case("pad", [A(np.array(4, "int16")), []], {"mode": m})
    for d in DTYPES:
        y = rand(d, (3, 2))
        for m in modes:
            case("pad", [A(y), [[2, 1], [1, 3]]], {"mode": m})
    for cv in [5, [1, 2], [[1, 2], [3, 4]], [[9]], [-1], 2.7]:
        case("pad", [A(x), [[1, 2], [2, 1]]], {"constantValues": cv})
    case("pad", [A(rand("float32", (2, 2))), 1], {"constantValues": W(float("nan"))})
    case("pad", [A(rand("float16", (2, 2))), 1], {"constantValues": [1e6, -0.0]})
    case("pad", [A(rand("int8", (2, 2))), 1], {"constantValues": 300})
    case("pad", [A(rand("uint16", (2, 2))), 1], {"constantValues": A(np.array([[7, 8]], "uint16"))})
    case("pad", [A(rand("bool", (2, 2))), 1], {"constantValues": W(True)})
    case("pad", [A(x), -1])
    case("pad", [A(x), [[1, -1], [0, 0]]])
    case("pad", [A(x), [1, 2, 3]])
    case("pad", [A(x), [[1, 2], [3, 4], [5, 6]]])
    case("pad", [A(x), 1.5])
    case("pad", [A(x), 1], {"mode": "bogus"})
    case("pad", [A(x), 1], {"mode": "edge", "constantValues": 3})


def differences():
    for d in DTYPES:
        x = rand(d, (3, 5))
        for n in [1, 2]:
            for ax in [-1, 0]:
                case("diff", [A(x)], {"n": n, "axis": ax})
        case("diff", [A(x, at=":, ::-1")], {"n": 3})
        case("diff", [A(x)], {"prepend": A(rand(d, ())), "append": A(rand(d, (3, 2)))})
    x = rand("int64", (4, 3))
    for kw in [{"n": 0}, {"n": 4}, {"n": 7}, {"n": -1}, {"axis": 2}, {"axis": -3},
               {"prepend": A(np.array([[1, 2, 3]], "int8")), "axis": 0},
               {"append": A(np.array(2, "uint64"))},
               {"prepend": A(np.array([1, 2], "int8"))}]:
        case("diff", [A(x)], kw)
    case("diff", [A(np.array(3.0))])
    case("diff", [A(np.zeros((0,), "float32"))])
    case("diff", [A(np.array([1.0, np.inf, np.inf, -np.inf, np.nan, 2.0]))])
    case("diff", [generated(3000, "float64", (3000,), 1e6, "float64")])
    case("diff", [generated(3000, "float64", (3000,), 2**30, "int32")])
    case("diff", [generated(3000, "float64", (30, 100), 2**60, "int64")], {"axis": 0})


def grids():
    a, b, c = rand("int16", (3,)), rand("float32", (2,)), rand("uint8", (2, 2))
    for kw in [{}, {"indexing": "ij"}, {"sparse": True}, {"indexing": "ij", "sparse": True},
               {"copy": False}, {"indexing": "xy", "sparse": True, "copy": False}]:
        for xs in [[a], [a, b], [a, b, c], []]:
            case("meshgrid", [L([A(v) for v in xs])], kw, call=lambda xs, **k: np.meshgrid(*xs, **k))
    case("meshgrid", [L([A(a)])], {"indexing": "ji"}, call=lambda xs, **k: np.meshgrid(*xs, **k))
    for dims in [[2, 3], [3], [], [2, 0, 3], [1, 2, 3]]:
        for kw in [{}, {"dtype": "int8"}, {"dtype": "float32"}, {"sparse": True},
                   {"sparse": True, "dtype": "uint16"}]:
            case("indices", [dims], kw)


def matrices():
    for d in DTYPES:
        x = rand(d, (3, 4))
        for k in [0, 1, -1, 5, -5]:
            case("tril", [A(x)], {"k": k})
            case("triu", [A(x)], {"k": k})
        case("tril", [A(rand(d, (2, 3, 3)), at="::-1")])
        case("triu", [A(rand(d, (4,)))], {"k": 1})
        case("diag", [A(rand(d, (3,)))], {"k": -2})
        case("diag", [A(x)], {"k": 1})
        case("diagonal", [A(rand(d, (2, 3, 4)))], {"offset": -1, "axis1": 2, "axis2": 0})
        case("trace", [A(small(d, (4, 4)))])
        case("trace", [A(small(d, (3, 4, 5)))], {"offset": 1, "axis1": 1, "axis2": 2})
    case("tril", [A(np.array(1.0))])
    case("triu", [A(np.zeros((0, 3), "int8"))])
    case("tril", [A(np.zeros((2, 0, 3), "int8"))])
    for k in [0, 1, 3, -1, -4]:
        case("diag", [A(rand("int32", (3,)))], {"k": k})
        case("diag", [A(rand("int32", (3, 4)))], {"k": k})
    case("diag", [A(np.zeros((0,), "uint8"))], {"k": 2})
    case("diag", [A(np.array(2.0))])
    case("diag", [A(rand("int8", (2, 2, 2)))])
    x = rand("float32", (3, 4, 5))
    for kw in [{}, {"offset": 2}, {"offset": -2}, {"offset": 9}, {"axis1": 1, "axis2": 0},
               {"axis1": -1, "axis2": 1, "offset": 1}, {"axis1": 1, "axis2": 1},
               {"axis1": 3}, {"axis2": -4}]:
        case("diagonal", [A(x)], kw)
        case("diagonal", [A(x, at="::-1, :, ::2")], kw)
        case("trace", [A(small("float32", (3, 4, 5)))], kw)
    case("diagonal", [A(rand("int8", (3,)))])
    case("trace", [A(rand("int8", (3,)))])
    for d in ["int8", "uint8", "float16", "float32", "int64", "bool"]:
        case("trace", [A(small("int16", (3, 3), -100, 100))], {"dtype": d})
    # Long float diagonals: NumPy's pairwise order over the strided diagonal.
    for d in ["float16", "float32", "float64"]:
        case("trace", [generated(300 * 300, d, (300, 300))])
    big = rand("float64", (40, 40))
    case("trace", [A(big)])


def creation():
    for d in DTYPES:
        case("empty", [[2, 3], d], call=lambda s, d: np.zeros(s, d))
        case("zeros_like", [A(rand(d, (2, 2)))])
        case("ones_like", [A(rand(d, (2, 2)))])
        case("empty_like", [A(rand(d, (2, 2)))], call=np.zeros_like)
        case("full", [[2, 3], W(3), d])
        case("full", [[2, 2], A(rand(d, (2,)))])
        case("full_like", [A(rand("int8", (2,))), W(1), d])
        case("identity", [3, d])
    case("empty", [[2, 3]], call=lambda s: np.zeros(s))
    case("empty", [4], call=lambda s: np.zeros(s))
    case("zeros_like", [A(rand("int8", (2, 2))), "float32"])
    case("ones_like", [A(np.array(3, "uint16")), "bool"])
    for v, d in [(W(2.7), "int32"), (W(-2.7), "uint8"), (W(float("nan")), "int8"),
                 (W(float("nan")), "int32"), (W(1e300), "float32"), (W(300), "int8"),
                 (W(-1), "uint8"), (W(2**40), "int64"), (W(2**63), "uint64"), (W(True), "float16"),
                 (W(0.1), "float16"), (W(-0.0), "float64"), (W(65504.0), "float16"),
                 (A(np.array([1.5, -2.5])), "int16"), (A(np.array([[300, 2]], "int32")), "int8")]:
        case("full", [[2, 2], v, d])
        case("full_like", [A(rand("int64", (2, 2))), v, d])
    case("full_like", [A(rand("int16", (2, 2))), W(2.5)])
    case("full_like", [A(rand("int16", (2, 2))), W(40000)])
    case("full", [[2, 3], A(rand("int8", (2,)))])
    case("full", [[2, 3], A(rand("int8", (1, 2, 3)))])
    case("full", [[3], W(True)])
    case("full", [[3], W(2.5)])
    for args in [[0, 3, 4], [0, 3, 4, {"endpoint": False}], [1, -2, 7, {"base": 2.0}],
                 [2.5, 0.5, 5, {"base": 3}], [0, 10, 11, {"dtype": "int32"}],
                 [0, 4, 5, {"dtype": "float32", "base": 2}], [0, 1, 0], [3, 3, 1],
                 [-5, 5, 50], [0, 300, 31], [0.1, 2.3, 17, {"base": 0.5}],
                 [0, 2, 3, {"dtype": "uint8"}], [-1, 1, 9, {"base": -2.0}],
                 [0, 3, 4, {"base": 10, "endpoint": False, "dtype": "float16"}]]:
        kw = args[3] if len(args) > 3 else {}
        case("logspace", args[:3], kw)
    for args in [[1, 1000, 4], [1, 1000, 4, {"endpoint": False}], [-1, -16, 5], [2, 7, 10],
                 [1e-5, 1e5, 21], [3, 1, 6], [1, 2, 1], [1, 2, 0], [0.5, 2**20, 30],
                 [1, 256, 9, {"dtype": "int32"}], [1, 100, 7, {"dtype": "float32"}],
                 [1, -8, 4], [0, 8, 4], [5, 0, 2], [1, 1e300, 50], [7, 7, 3],
                 [123.456, 0.001, 40], [1, 10, 11, {"dtype": "uint8"}]]:
        kw = args[3] if len(args) > 3 else {}
        case("geomspace", args[:3], kw)
    for _ in range(30):  # arbitrary ranges: log10 of any start and stop, pow of any exponent
        lo, hi = 10.0 ** RNG.uniform(-300, 300, 2)
        sign = -1.0 if RNG.integers(0, 4) == 0 else 1.0
        case("geomspace", [W(float(sign * lo)), W(float(sign * hi)), int(RNG.integers(2, 60))])
        case("logspace", [W(float(RNG.uniform(-20, 20))), W(float(RNG.uniform(-20, 20))),
                          int(RNG.integers(2, 60))], {"base": W(float(RNG.uniform(0.1, 30)))})
    for shape, dt in [([2, 3], None), ([3], "int32"), ([2, 1, 2], "int8"), ([2, 0], "float32")]:
        case("fromfunction", [shape], {"dtype": dt} if dt else {},
             call=lambda s, **k: np.fromfunction(lambda *ix: sum((i + 1) * v for i, v in
                                                                 enumerate(ix)) * 2 + 1, tuple(s), **k))


def comparisons():
    for a in ["int8", "uint64", "int64", "float16", "float32", "float64", "bool"]:
        for b in ["int32", "float16", "float32", "float64", "uint8", "bool"]:
            x = small(a, (4,)) if a != "uint64" else np.array([0, 5, 2**63, 2**64 - 1], "uint64")
            y = x.astype(b) if b != "bool" else small(b, (4,))
            if b in FLOATS:
                y = (y + np.array([0, 1e-6, 1e-3, 0.5])).astype(b)
            case("isclose", [A(x), A(y)])
            case("isclose", [A(x), A(y)], {"rtol": 1e-3, "atol": 0})
            case("allclose", [A(x), A(y)])
            case("array_equal", [A(x), A(x.astype(b))])
    specials = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, 1e308, 5e-324])
    for d in FLOATS:
        s = specials.astype(d)
        t = np.array([np.nan, np.inf, np.inf, -0.0, 0.0, 1.0 + 1e-6, np.inf, 0.0]).astype(d)
        for kw in [{}, {"equalNan": True}, {"rtol": 0, "atol": 0}, {"rtol": 0.1, "atol": 1e-3},
                   {"atol": float("inf")}, {"rtol": -1.0}]:
            case("isclose", [A(s), A(t)], kw)
            case("allclose", [A(s), A(s)], kw)
            case("array_equal", [A(s), A(s)], {"equalNan": kw.get("equalNan", False)})
    f32 = (RNG.standard_normal(50) * 1e-3).astype("float32")
    g32 = (f32 * (1 + RNG.standard_normal(50).astype("float32") * 1e-5)).astype("float32")
    case("isclose", [A(f32), A(g32)])
    case("isclose", [A(f32.astype("float16")), A(g32.astype("float16"))], {"rtol": 1e-3})
    case("isclose", [A(f32), A(g32.astype("float64"))])
    for x, y in [(W(1), W(1.0000001)), (W(1.5), A(np.array([1.5, 1.6], "float16"))),
                 (A(np.array([3, 4], "int8")), W(3)), (A(np.array([3, 4], "int64")), W(2**53 + 1)),
                 (W(2**53 + 1), A(np.array([2**53], "int64"))), (W(True), A(np.array([1.0]))),
                 (A(rand("float32", (3, 1))), A(rand("float32", (4,)))),
                 (A(rand("float32", (3,))), A(rand("float32", (4,)))),
                 (A(np.array([2**63 - 1], "int64")), A(np.array([2**63 - 1], "int64"))),
                 (A(np.array([-128], "int8")), A(np.array([-128], "int8")))]:
        case("isclose", [x, y])
        case("allclose", [x, y])
    case("isclose", [A(np.zeros((0, 2))), A(np.zeros((2,)))])
    for x, y, kw in [
        (np.array([2**63 - 1], "int64"), np.array([2**63 - 1], "uint64"), {}),
        (np.array([-1], "int64"), np.array([2**64 - 1], "uint64"), {}),
        (np.array([2**53 + 1], "int64"), np.array([2**53], "float64"), {}),
        (np.array([2**53 + 1], "int64"), np.array([2**53 + 1], "int64"), {}),
        (np.array([1, 2], "int8"), np.array([[1, 2]], "int8"), {}),
        (np.array([1, 2], "uint32"), np.array([1, 2], "float16"), {}),
        (np.array([300], "int16"), np.array([44], "int8"), {}),
        (np.array([np.nan, 1], "float32"), np.array([np.nan, 1], "float64"), {"equalNan": True}),
        (np.array([np.nan, 1], "float32"), np.array([1, np.nan], "float64"), {"equalNan": True}),
        (np.array([True, False]), np.array([1, 0], "uint8"), {}),
        (np.zeros((0,)), np.zeros((0,), "int8"), {}),
    ]:
        case("array_equal", [A(x), A(y)], kw)
        case("array_equiv", [A(x), A(y)])
    case("array_equiv", [A(np.array([1, 2], "int8")), A(np.array([[1, 2], [1, 2]], "int16"))])
    case("array_equiv", [A(np.array([1, 2], "int8")), A(np.array([[1, 2], [1, 3]], "int16"))])
    case("array_equiv", [A(np.array([1, 2], "int8")), A(np.array([1, 2, 3], "int8"))])
    case("array_equiv", [A(np.array(1.0)), A(np.ones((2, 2), "float16"))])
    case("array_equiv", [A(np.array([np.nan])), A(np.array([np.nan]))])


def large():
    """Inputs over the native copy kernel's threshold: strided and negative-stride copies."""
    x = generated(6000, "float64", (60, 100))
    i = generated(6000, "float64", (60, 100), 2**31, "int32")
    h = generated(6000, "float16", (60, 100))
    q = generated(6000, "float64", (60, 100), 2**62, "int64")
    for a in [x, i, h, q]:
        case("reshape", [A(a.base, T=True, spec=a.spec), [100, 60]])
        case("ravel", [A(a.base, at="::-1, ::-1", spec=a.spec)])
        case("tile", [a, [2, 1]])
        case("tile", [A(a.base, T=True, spec=a.spec), [1, 2]])
        case("repeat", [a, 2], {"axis": 1})
        case("repeat", [a, A(np.arange(60) % 3)], {"axis": 0})
        case("roll", [a, [7, -13]], {"axis": [0, 1]})
        case("pad", [a, [[3, 4], [50, 120]]], {"mode": "reflect"})
        case("pad", [a, [[3, 4], [150, 20]]], {"mode": "symmetric"})
        case("pad", [a, [[61, 4], [5, 220]]], {"mode": "wrap"})
        case("pad", [a, 7], {"mode": "edge"})
        case("pad", [A(a.base, T=True, spec=a.spec), 3])
        case("concatenate", [L([a, A(a.base, at="::-1", spec=a.spec)])], {"axis": 1})
        case("stack", [L([a, A(a.base, at=":, ::-1", spec=a.spec)])], {"axis": 2})
        case("tril", [a], {"k": 3})
        case("triu", [A(a.base, T=True, spec=a.spec)], {"k": -3})
        case("diff", [a], {"axis": 0})
        case("meshgrid", [L([A(a.base, at="0", spec=a.spec), A(a.base, at=":, 0", spec=a.spec)])],
             {}, call=lambda xs, **k: np.meshgrid(*xs, **k))


def tables():
    """Dtype facts: can_cast and promote_types for every pair, finfo and iinfo."""
    t = {"can_cast": {}, "promote_types": {}, "finfo": {}, "iinfo": {}, "result_type": []}
    for casting in ["no", "equiv", "safe", "same_kind", "unsafe"]:
        t["can_cast"][casting] = {a: "".join("1" if np.can_cast(a, b, casting) else "0"
                                             for b in DTYPES) for a in DTYPES}
    for a in DTYPES:
        t["promote_types"][a] = [np.promote_types(a, b).name for b in DTYPES]
    for d in FLOATS:
        f = np.finfo(d)
        t["finfo"][d] = {k: (float(getattr(f, k)) if k not in ("bits", "precision", "nmant",
                                                               "nexp", "machep", "negep",
                                                               "maxexp", "minexp") else
                             int(getattr(f, k)))
                         for k in ["bits", "eps", "epsneg", "max", "min", "tiny", "smallest_normal",
                                   "smallest_subnormal", "resolution", "precision", "nmant", "nexp",
                                   "machep", "negep", "maxexp", "minexp"]}
    for d in INTS:
        i = np.iinfo(d)
        t["iinfo"][d] = {"bits": i.bits, "min": str(i.min), "max": str(i.max), "kind": i.kind}
    for args in [["int8", 1], ["int8", 1.5], ["uint8", -1], ["int16", "uint32"], [1, 2.5],
                 [True, 1], ["float16", 2**40], ["bool", True], ["int64", "uint64"],
                 ["float32", "int32", 1.0]]:
        t["result_type"].append({"args": [weak(a) if not isinstance(a, str) else {"j": a}
                                          for a in args],
                                 "out": np.result_type(*args).name})
    for a, b in [(np.zeros(2, "uint8"), "int8"), (np.array(1, "int16"), 1.5),
                 (np.zeros(2, "float16"), np.zeros(2, "int16"))]:
        t["result_type"].append({"args": [enc_array(a), {"j": b} if isinstance(b, str) else
                                          (weak(b) if not isinstance(b, np.ndarray) else enc_array(b))],
                                 "out": np.result_type(a, b).name})
    return t


def main():
    shapes()
    joining()
    rearranging()
    padding()
    differences()
    grids()
    matrices()
    creation()
    comparisons()
    large()
    out = {"numpy": np.__version__, "cases": CASES, "tables": tables()}
    path = os.path.join(HERE, "fixtures", "np_manipulation.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
    print(f"{path}: {len(CASES)} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
