#!/usr/bin/env python3
"""Generate tests/fixtures/np_searching.json: inputs and NumPy 2's outputs for the indexing,
searching, sorting, set and histogram functions of the `np` namespace (src/np/searching.ts),
checked by tests/np_searching_test.ts.

Run from the repository root:  python3 tests/gen_np_searching_fixtures.py
Deterministic (seeded); needs only NumPy 2.

Encoding as tests/gen_np_fixtures.py (whose `enc`, `weak` and `gen` it reuses): arrays are
{"d", "s", "h"}; {"gen": [n, dtype, scale, cast]} is `gen`'s hash sequence (`(gen(n, dtype) *
scale).astype(cast)`), recomputed by the test; {"n": v} a JS number; {"js": v} a plain JS value
(a number or nested list, which the JS side passes as it is: JS number lists are float64 arrays
there, so they stand for index lists, kth lists and bin edges, whose NumPy meaning is the same).

Each case: {"f": name, "args": [...], "opts": {...}, "out": ..., "mode": ...}. "out" is an
array, a list of arrays (tuples), or {"err": 1} when NumPy raises. "mode" says how the test
compares:
  exact      every output array bit for bit (dtype, shape, bytes; NaN payloads aside);
  zeros      as exact, but -0 and 0 compare equal: NumPy's default (unstable) sort may order
             zeros of both signs either way, ours is stable; and of -0 and 0 the set functions
             keep the one their quicksort or hash table happens to put first;
  partition  NumPy leaves the order within the parts to its introselect: the test checks the
             partition property, the kth values and that the result is a permutation;
  taken      argsort's default kind: the input taken at our indices against the input taken at
             NumPy's (-0 and 0 equal), since NumPy's default orders ties as it happens to;
  inplace    put_along_axis: the first argument after the call, bit for bit.
Where NumPy's choice among equal elements depends on its unstable sorts (the default kind of
sort/argsort, unique without return_index), the expected output is made with the stable kind,
which is what the JS side documents (and the generator asserts that NumPy's own default output
has the same values).
"""

import hashlib
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_np_fixtures import enc, gen, weak  # noqa: E402

warnings.filterwarnings("ignore")
np.seterr(all="ignore")

RNG = np.random.default_rng(20250615)
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]
FLOATS = ["float16", "float32", "float64"]
INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
HERE = os.path.dirname(os.path.abspath(__file__))
# Outputs above this many bytes are stored as a hash.
HASHED = 2048
CASES = []


def generated(n, dtype, scale=None, cast=None):
    """The JS side's `generated`: gen(n, dtype), then `* scale` cast to `cast`."""
    a = gen(n, dtype)
    spec = [n, dtype]
    if scale is not None:
        a = (a * scale).astype(cast or dtype)
        spec += [scale, cast or dtype]
    return a, {"gen": spec}


def data(dtype, shape, ties=False, special=True):
    """Random values of a dtype; `ties` draws from a few values; floats get NaN, -0, inf."""
    size = int(np.prod(shape))
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        if ties:
            x = RNG.integers(-3, 4, size=size).astype(dtype) * np.array(0.5, dtype)
        else:
            x = (RNG.standard_normal(size) * 10).astype(dtype)
        if special and size >= 6:
            at = RNG.permutation(size)
            x[at[0]], x[at[1]], x[at[2]] = np.nan, -0.0, 0.0
            x[at[3]] = -0.0 if ties else np.inf
            x[at[4]] = np.nan if ties else -np.inf
            x[at[5]] = -0.0
        return x.reshape(shape)
    info = np.iinfo(dtype)
    if ties:
        lo, hi = max(int(info.min), -3), min(int(info.max), 3)
        return RNG.integers(lo, hi, size=shape, endpoint=True).astype(dtype)
    x = RNG.integers(int(info.min), int(info.max), size=size, dtype=dtype, endpoint=True)
    if size >= 3:
        x[0], x[1] = info.max, info.min
    return x.reshape(shape)


def arg(x):
    """An argument: arrays encoded, ("js", v) and ("gen", spec) passed through."""
    if isinstance(x, tuple) and x[0] == "js":
        return {"js": x[1]}
    if isinstance(x, tuple) and x[0] == "gen":
        return x[1]
    if isinstance(x, np.ndarray):
        return enc(x)
    return weak(x)


def py(x):
    """The Python value NumPy gets for an argument."""
    if isinstance(x, tuple) and x[0] in ("js", "pyval"):
        return x[1]
    if isinstance(x, tuple) and x[0] == "gen":
        return x[2]
    return x


def canonical(a):
    """The array with every NaN made the dtype's default quiet NaN (JS writes no other)."""
    a = np.array(a)
    if a.dtype.kind == "f":
        a[np.isnan(a)] = np.nan
    return a


def out_array(a):
    """An output: encoded, or for more than HASHED bytes its dtype, shape and the SHA-256 of
    its canonical little-endian C-order bytes."""
    a = np.asarray(a)
    if a.nbytes <= HASHED:
        return enc(a)
    le = np.ascontiguousarray(canonical(a).astype(a.dtype.newbyteorder("<"), copy=False))
    return {"d": a.dtype.name, "s": list(a.shape), "sha": hashlib.sha256(le.tobytes()).hexdigest()}


def out_of(r):
    if isinstance(r, (tuple, list)):
        return [out_array(v) for v in r]
    return out_array(r)


def case(f, args, fn, opts=None, mode="exact"):
    """Records `f(*args, opts)` on the JS side against `fn()` on NumPy's."""
    c = {"f": f, "args": [arg(a) for a in args], "opts": {k: arg_opt(v) for k, v in
                                                          (opts or {}).items()}, "mode": mode}
    try:
        r = fn()
        # The partition checks read NumPy's kth values from its whole output.
        c["out"] = enc(r) if mode == "partition" else out_of(r)
    except Exception as e:  # NumPy's ValueError, TypeError, IndexError, AxisError...
        c["out"] = {"err": 1, "type": type(e).__name__}
    CASES.append(c)


def arg_opt(v):
    if isinstance(v, np.ndarray) or (isinstance(v, tuple) and v[0] in ("js", "gen")):
        return arg(v)
    return v


def g(n, dtype, scale=None, cast=None):
    """A generated argument: ("gen", spec, array)."""
    a, spec = generated(n, dtype, scale, cast)
    return ("gen", spec, a)


def same_values(a, b):
    """Equal as values, -0 == 0 and NaN == NaN (NumPy's unstable order versus stable)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind == "f":
        return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    return np.array_equal(a, b)


# ---------------------------------------------------------------------------------------------


def sorting():
    for d in DTYPES:
        for ties in (False, True):
            x = data(d, (37,), ties)
            case("sort", [x], lambda: np.sort(x, kind="stable"), {"kind": "stable"})
            case("argsort", [x], lambda: np.argsort(x, kind="stable"), {"kind": "stable"})
            assert same_values(np.sort(x), np.sort(x, kind="stable"))
            case("sort", [x], lambda: np.sort(x), {}, "zeros")
            # Our default argsort is stable: NumPy's stable order, whatever its own default does;
            # the values it sorts into are NumPy's default's ("taken": -0 == 0 there).
            case("argsort", [x], lambda: np.argsort(x, kind="stable"))
            case("argsort", [x], lambda: x[np.argsort(x)], {}, "taken")
            assert same_values(x[np.argsort(x)], x[np.argsort(x, kind="stable")])
        x = data(d, (5, 7), True)
        for axis in (0, 1, -1, None):
            case("sort", [x], lambda: np.sort(x, axis=axis, kind="mergesort"),
                 {"axis": axis, "kind": "mergesort"})
            case("argsort", [x], lambda: np.argsort(x, axis=axis, kind="stable"),
                 {"axis": axis, "stable": True})
        y = data(d, (3, 4, 5), True)
        case("sort", [y], lambda: np.sort(y, axis=1, kind="stable"), {"axis": 1, "kind": "heapsort"})
        case("argsort", [y], lambda: np.argsort(y, axis=0, kind="stable"),
             {"axis": 0, "kind": "quicksort"})
        case("argsort", [y[:, ::2, 1:]], lambda: np.argsort(y[:, ::2, 1:], axis=1, kind="stable"),
             {"axis": 1})
        for shape, axis in (((0,), -1), ((2, 0), 1), ((2, 0), 0), ((), None)):
            e = data(d, shape)
            case("sort", [e], lambda: np.sort(e, axis=axis), {"axis": axis})
            case("argsort", [e], lambda: np.argsort(e, axis=axis), {"axis": axis})
    z = np.array(3.0)
    case("sort", [z], lambda: np.sort(z))
    case("argsort", [z], lambda: np.argsort(z))
    x = data("float64", (4, 5))
    case("sort", [x], lambda: np.sort(x, axis=2), {"axis": 2})
    case("sort", [x], lambda: np.sort(x, kind="foo"), {"kind": "foo"})
    case("sort", [x], lambda: np.sort(x, kind="stable", stable=True), {"kind": "stable",
                                                                        "stable": True})
    # Large: many ties (ints from the hash sequence), and floats (the radix passes).
    for spec in (g(5000, "float64", 100, "int32"), g(20000, "float64"), g(20000, "float32"),
                 g(3000, "float64", 1000, "int64"), g(3000, "float64", 100, "float16"),
                 g(3000, "float64", 30000, "int16")):
        a = spec[2]
        case("argsort", [spec], lambda: np.argsort(a, kind="stable"))
        case("sort", [spec], lambda: np.sort(a, kind="stable"), {"kind": "stable"})
    # int64/uint64 beyond 2^53 (sorted by rank).
    big = np.array([2**62 + 3, -(2**63), 5, 2**62 + 1, -5, 2**62 + 3, 2**53 + 1, 2**53], np.int64)
    ubig = np.array([2**64 - 1, 2**63, 7, 2**63 + 2, 2**63, 0], np.uint64)
    for b in (big, ubig, big.reshape(2, 4)):
        case("sort", [b], lambda: np.sort(b, kind="stable"), {"kind": "stable"})
        case("argsort", [b], lambda: np.argsort(b, kind="stable"))
        case("sort", [b], lambda: np.sort(b, axis=0, kind="stable"), {"axis": 0})


def partitions():
    for d in DTYPES:
        x = data(d, (29,), d != "bool")
        for kth in (0, 14, -1, [3, 20], [28, 0, 5]):
            case("partition", [x, ("js", kth)], lambda: np.partition(x, kth), {}, "partition")
            case("argpartition", [x, ("js", kth)], lambda: np.argpartition(x, kth), {},
                 "partition")
        y = data(d, (6, 9), True)
        for axis, kth in ((0, 2), (1, [1, 7]), (-1, 4), (None, 30)):
            case("partition", [y, ("js", kth)], lambda: np.partition(y, kth, axis=axis),
                 {"axis": axis}, "partition")
            case("argpartition", [y, ("js", kth)], lambda: np.argpartition(y, kth, axis=axis),
                 {"axis": axis}, "partition")
    a, spec = generated(2000, "float64")
    case("partition", [("gen", spec, a), ("js", [100, 1000, 1999])],
         lambda: np.partition(a, [100, 1000, 1999]), {}, "partition")
    a2, spec2 = generated(2000, "float64", 20, "int32")
    case("argpartition", [("gen", spec2, a2), ("js", 1000)], lambda: np.argpartition(a2, 1000),
         {}, "partition")
    x = data("float64", (5,))
    case("partition", [x, ("js", 5)], lambda: np.partition(x, 5))
    case("partition", [x, ("js", -6)], lambda: np.partition(x, -6))
    case("argpartition", [x, ("js", 2)], lambda: np.argpartition(x, 2, axis=1), {"axis": 1})


def searchsorted():
    for d in DTYPES:
        a = np.sort(data(d, (20,), True), kind="stable")
        v = data(d, (3, 4), True)
        for side in ("left", "right"):
            case("searchsorted", [a, v], lambda: np.searchsorted(a, v, side=side), {"side": side})
        u = data(d, (20,), True)
        s = np.argsort(u, kind="stable")
        case("searchsorted", [u, v], lambda: np.searchsorted(u, v, side="right", sorter=s),
             {"side": "right", "sorter": s})
        v0, e = data(d, (), True), data(d, (0,))
        case("searchsorted", [a, v0], lambda: np.searchsorted(a, v0))
        case("searchsorted", [a, e], lambda: np.searchsorted(a, e))
    a = np.array([0.1, 0.2], np.float32)
    for v in (0.1, ("js", [0.1, 0.2, 0.15])):
        case("searchsorted", [a, v], lambda: np.searchsorted(a, py(v), side="right"),
             {"side": "right"})
    i8 = np.array([1, 2, 3], np.int8)
    for v in (2.5, 300, -300, ("js", [2, 2.5, 0])):
        case("searchsorted", [i8, v], lambda: np.searchsorted(i8, py(v)))
    u64 = np.array([1, 2**63, 2**64 - 1], np.uint64)
    case("searchsorted", [u64, np.array([2**63, 2**63 + 1], np.uint64)],
         lambda: np.searchsorted(u64, np.array([2**63, 2**63 + 1], np.uint64)))
    case("searchsorted", [u64, np.array([-1, 5], np.int64)],
         lambda: np.searchsorted(u64, np.array([-1, 5], np.int64)))
    big = np.array([-(2**63), 2**53, 2**53 + 1, 2**62], np.int64)
    case("searchsorted", [big, np.array([2**53 + 1, 2**53 + 2], np.int64)],
         lambda: np.searchsorted(big, np.array([2**53 + 1, 2**53 + 2], np.int64), side="right"),
         {"side": "right"})
    nan = np.array([1.0, 2.0, np.nan, np.nan])
    for side in ("left", "right"):
        case("searchsorted", [nan, np.array([np.nan, 2.0, np.inf, -0.0])],
             lambda: np.searchsorted(nan, np.array([np.nan, 2.0, np.inf, -0.0]), side=side),
             {"side": side})
    uns = np.array([3.0, 1.0, 2.0, 5.0, 4.0])
    case("searchsorted", [uns, np.array([2.5, 0.0, 9.0, 4.5])],
         lambda: np.searchsorted(uns, np.array([2.5, 0.0, 9.0, 4.5])))
    case("searchsorted", [uns, 2.5], lambda: np.searchsorted(uns, 2.5, sorter=[4, 1, 2, 0, 3]),
         {"sorter": ("js", [4, 1, 2, 0, 3])})
    case("searchsorted", [uns, 2.5], lambda: np.searchsorted(uns, 2.5, sorter=[9, 1, 2, 0, 3]),
         {"sorter": ("js", [9, 1, 2, 0, 3])})
    case("searchsorted", [uns, 2.5], lambda: np.searchsorted(uns, 2.5, sorter=[1, 2]),
         {"sorter": ("js", [1, 2])})
    case("searchsorted", [uns, 2.5], lambda: np.searchsorted(uns, 2.5, side="middle"),
         {"side": "middle"})
    case("searchsorted", [uns.reshape(5, 1), 2.5],
         lambda: np.searchsorted(uns.reshape(5, 1), 2.5))
    a, spec = generated(20000, "float64")
    sa = np.linspace(-1, 1, 500)
    case("searchsorted", [sa, ("gen", spec, a)], lambda: np.searchsorted(sa, a))
    case("searchsorted", [sa, ("gen", spec, a)], lambda: np.searchsorted(sa, a, side="right"),
         {"side": "right"})


def indexing():
    for d in DTYPES:
        x = data(d, (4, 5))
        case("take", [x, ("js", [0, 19, -1, 7])], lambda: np.take(x, [0, 19, -1, 7]))
        case("take", [x, ("js", [[3, -4], [0, 0]])], lambda: np.take(x, [[3, -4], [0, 0]], axis=1),
             {"axis": 1})
        case("take", [x, np.array([1, 0, 3], np.uint8)],
             lambda: np.take(x, np.array([1, 0, 3], np.uint8), axis=0), {"axis": 0})
        for mode in ("wrap", "clip"):
            case("take", [x, ("js", [-7, 5, 23, 2])],
                 lambda: np.take(x, [-7, 5, 23, 2], axis=-1, mode=mode), {"axis": -1, "mode": mode})
        i64 = np.array([[0, -1, 3], [19, -20, 7]], np.int64)
        case("take", [x, i64], lambda: np.take(x, i64))
        for mode in ("raise", "wrap", "clip"):
            # (NumPy's "wrap" steps a huge index down one axis length at a time: kept small.)
            big = 2**40 if mode != "wrap" else 1003
            j64 = np.array([4, -5, big, -big - 7, 0], np.int64)
            case("take", [x, j64], lambda: np.take(x, j64, axis=1, mode=mode),
                 {"axis": 1, "mode": mode})
        x1 = data(d, (9,), True)
        o1 = np.argsort(x1, kind="stable")
        case("take_along_axis", [x1, o1], lambda: np.take_along_axis(x1, o1, axis=0), {"axis": 0})
        case("take_along_axis", [x1, np.array([-9, 8, -1], np.int64)],
             lambda: np.take_along_axis(x1, np.array([-9, 8, -1], np.int64)))
        case("take_along_axis", [x1, np.array([9], np.int64)],
             lambda: np.take_along_axis(x1, np.array([9], np.int64), axis=None), {"axis": None})
        idx = np.argsort(x, axis=1, kind="stable")
        case("take_along_axis", [x, idx], lambda: np.take_along_axis(x, idx, axis=1), {"axis": 1})
        case("take_along_axis", [x, np.array([[3, 0, -1, 2, 1]], np.int32)],
             lambda: np.take_along_axis(x, np.array([[3, 0, -1, 2, 1]], np.int32), axis=0),
             {"axis": 0})
        case("take_along_axis", [x, np.array([19, 0, -20], np.int64)],
             lambda: np.take_along_axis(x, np.array([19, 0, -20], np.int64), axis=None),
             {"axis": None})
        target = data(d, (3, 4))
        vals = data(d, (3, 2))
        ind = np.array([[0, 3], [1, 1], [2, 0]], np.int64)

        def put(t=target, i=ind, v=vals, axis=1):
            t = t.copy()
            np.put_along_axis(t, i, v, axis)
            return t
        case("put_along_axis", [target, ind, vals, ("js", 1)], put, {}, "inplace")
        case("put_along_axis", [target, np.array([[2], [0], [-1]], np.int8), vals[:, :1],
                                ("js", 1)],
             lambda: put(i=np.array([[2], [0], [-1]], np.int8), v=vals[:, :1]), {}, "inplace")
        case("put_along_axis", [target, np.array([[0, 2, 1, 0]], np.int64), vals[:1, :1],
                                ("js", 0)],
             lambda: put(i=np.array([[0, 2, 1, 0]], np.int64), v=vals[:1, :1], axis=0), {},
             "inplace")
        case("put_along_axis", [target, np.array([11, 0, 5], np.int64), vals[:, 0],
                                ("js", None)],
             lambda: put(i=np.array([11, 0, 5], np.int64), v=vals[:, 0], axis=None), {},
             "inplace")
        for shape in ((7,), (3, 4), (2, 3, 4), (0,), (2, 0)):
            z = data(d, shape, True)
            case("nonzero", [z], lambda: np.nonzero(z))
            case("argwhere", [z], lambda: np.argwhere(z))
            case("flatnonzero", [z], lambda: np.flatnonzero(z))
    for z in (np.array(0.0), np.array(2, np.int8)):
        case("nonzero", [z], lambda: np.nonzero(z))
        case("argwhere", [z], lambda: np.argwhere(z))
        case("flatnonzero", [z], lambda: np.flatnonzero(z))
    x = data("float64", (3, 4))
    case("take", [x, ("js", [12])], lambda: np.take(x, [12]))
    case("take", [x, ("js", [-13])], lambda: np.take(x, [-13]))
    case("take", [x, ("js", [4])], lambda: np.take(x, [4], axis=1), {"axis": 1})
    case("take", [x, np.array([0.0])], lambda: np.take(x, np.array([0.0])))
    case("take", [x, ("js", [0])], lambda: np.take(x, [0], axis=2), {"axis": 2})
    case("take", [x, ("js", 5)], lambda: np.take(x, 5))
    case("take", [x, ("js", [[1, 2]])], lambda: np.take(x, [[1, 2]], axis=1, mode="clip"),
         {"axis": 1, "mode": "clip"})
    e = np.zeros((0, 3))
    case("take", [e, ("js", [0])], lambda: np.take(e, [0], axis=0, mode="clip"),
         {"axis": 0, "mode": "clip"})
    case("take", [e, ("js", [])], lambda: np.take(e, [], axis=0), {"axis": 0})
    case("take_along_axis", [x, np.array([[4]], np.int64)],
         lambda: np.take_along_axis(x, np.array([[4]], np.int64), axis=1), {"axis": 1})
    case("take_along_axis", [x, np.array([0], np.int64)],
         lambda: np.take_along_axis(x, np.array([0], np.int64), axis=1), {"axis": 1})
    case("take_along_axis", [x, np.array([[0.0]])],
         lambda: np.take_along_axis(x, np.array([[0.0]]), axis=1), {"axis": 1})
    case("take_along_axis", [x, np.array([[0]], np.int64)],
         lambda: np.take_along_axis(x, np.array([[0]], np.int64), axis=None), {"axis": None})
    case("take_along_axis", [x, np.array([[2, 0]], np.int64)],
         lambda: np.take_along_axis(x, np.array([[2, 0]], np.int64)))
    t = np.zeros((2, 3))
    case("put_along_axis", [t, np.array([[0], [1]], np.int64), np.array([1.0, 2.0, 3.0]),
                            ("js", 1)],
         lambda: np.put_along_axis(t.copy(), np.array([[0], [1]], np.int64),
                                   np.array([1.0, 2.0, 3.0]), 1), {}, "inplace")
    case("put_along_axis", [t, np.array([[3]], np.int64), 1.0, ("js", 1)],
         lambda: np.put_along_axis(t.copy(), np.array([[3]], np.int64), 1.0, 1), {}, "inplace")
    ti = np.zeros((2, 3), np.int8)

    def put_int(v):
        r = ti.copy()
        np.put_along_axis(r, np.array([[0], [2]], np.int64), v, 1)
        return r
    for v in (1.7, -2.5, 300, np.array([1000.0, -3.9])):
        case("put_along_axis", [ti, np.array([[0], [2]], np.int64),
                                v if not isinstance(v, np.ndarray) else v.reshape(2, 1),
                                ("js", 1)],
             lambda: put_int(v if not isinstance(v, np.ndarray) else v.reshape(2, 1)), {},
             "inplace")


def unique():
    combos = [{}, {"return_index": True}, {"return_inverse": True}, {"return_counts": True},
              {"return_index": True, "return_inverse": True, "return_counts": True}]
    for d in DTYPES:
        x = data(d, (6, 7), True)
        for o in combos:
            # Values and indices from the stable path (return_index) so equal elements pick the
            # first (our documented choice); inverse and counts do not depend on it.
            def stable(o=o):
                r = np.unique(x, return_index=True, return_inverse=o.get("return_inverse", False),
                              return_counts=o.get("return_counts", False))
                plain = np.unique(x, **o)
                first = plain[0] if isinstance(plain, tuple) else plain
                assert same_values(first, r[0])
                return r if o.get("return_index") else (r[0] if len(o) == 0 else (r[0],) + r[2:])
            case("unique", [x], stable, o)
        case("unique", [x], lambda: np.unique(x, equal_nan=False, return_index=True)[0],
             {"equal_nan": False})
        for axis in (0, 1, -1):
            case("unique", [x], lambda: np.unique(x, axis=axis, return_index=True, return_inverse=True,
                                                  return_counts=True),
                 {"axis": axis, "return_index": True, "return_inverse": True,
                  "return_counts": True})
        y = data(d, (4, 3, 2), True)
        y[2] = y[0]
        case("unique", [y], lambda: np.unique(y, axis=0, return_index=True)[0], {"axis": 0})
        case("unique", [y], lambda: np.unique(y, axis=1, return_index=True, return_inverse=True),
             {"axis": 1, "return_index": True, "return_inverse": True})
        e = data(d, (0,))
        case("unique", [e], lambda: np.unique(e))
        case("unique", [e], lambda: np.unique(e, return_index=True, return_inverse=True,
                                              return_counts=True),
             {"return_index": True, "return_inverse": True, "return_counts": True})
    nan = np.array([np.nan, 1.0, -np.nan, 1.0, 0.0, -0.0, np.nan])
    for o in combos[1:]:
        case("unique", [nan], lambda: np.unique(nan, return_index=True,
                                                return_inverse=o.get("return_inverse", False),
                                                return_counts=o.get("return_counts", False)),
             {**o, "return_index": True})
    case("unique", [np.array([-0.0, 0.0, -0.0])],
         lambda: np.unique(np.array([-0.0, 0.0, -0.0]), return_index=True)[0])
    big = np.array([2**62 + 3, -(2**63), 5, 2**62 + 3, 2**53 + 1, 2**53, 5], np.int64)
    case("unique", [big], lambda: np.unique(big, return_index=True, return_inverse=True,
                                            return_counts=True),
         {"return_index": True, "return_inverse": True, "return_counts": True})
    case("unique", [big], lambda: np.unique(big))
    a, spec = generated(20000, "float64", 300, "int32")
    case("unique", [("gen", spec, a)], lambda: np.unique(a, return_index=True, return_counts=True),
         {"return_index": True, "return_counts": True})
    a, spec = generated(20000, "float64")
    case("unique", [("gen", spec, a)], lambda: np.unique(a))
    # Few distinct values among many (our hash path): which -0/0 and NaN is kept is the first.
    for d in ("float64", "float32", "float16", "int16", "uint32", "int64"):
        m = data(d, (1100,), True)
        for eq in ((True, False) if d == "float64" else (True,)):
            case("unique", [m], lambda: np.unique(m, return_index=True, equal_nan=eq)[0],
                 {"equal_nan": eq})
    x = data("float64", (3, 4))
    case("unique", [x], lambda: np.unique(x, axis=2), {"axis": 2})


def sets():
    pairs = [(d, d) for d in DTYPES] + [("int8", "uint8"), ("int32", "float32"),
                                        ("float16", "float64"), ("bool", "int16"),
                                        ("uint32", "int64"), ("int64", "uint64")]
    for d1, d2 in pairs:
        a, b = data(d1, (9,), True), data(d2, (3, 4), True)
        for inv in (False, True):
            case("isin", [a, b], lambda: np.isin(a, b, invert=inv), {"invert": inv})
        case("isin", [b, a], lambda: np.isin(b, a, kind="sort"), {"kind": "sort"})
        if d1 not in FLOATS and d2 not in FLOATS:
            case("isin", [a, b], lambda: np.isin(a, b, kind="table"), {"kind": "table"})
        case("intersect1d", [a, b], lambda: np.intersect1d(a, b, return_indices=True),
             {"return_indices": True})
        # Which of -0 and 0 NumPy keeps here depends on its quicksort and hash table: "zeros".
        case("intersect1d", [a, b], lambda: np.intersect1d(a, b), {}, "zeros")
        case("union1d", [a, b], lambda: np.union1d(a, b), {}, "zeros")
        case("setdiff1d", [a, b], lambda: np.setdiff1d(a, b), {}, "zeros")
        case("setdiff1d", [b, a], lambda: np.setdiff1d(b, a), {}, "zeros")
        case("setxor1d", [a, b], lambda: np.setxor1d(a, b))
        ua, ub = np.unique(a), np.unique(b)
        case("intersect1d", [ua, ub], lambda: np.intersect1d(ua, ub, assume_unique=True),
             {"assume_unique": True}, "zeros")
        case("setxor1d", [ua, ub], lambda: np.setxor1d(ua, ub, assume_unique=True),
             {"assume_unique": True})
        case("setdiff1d", [ua, ub], lambda: np.setdiff1d(ua, ub, assume_unique=True),
             {"assume_unique": True})
    f = np.array([1.0, np.nan, -0.0, 2.0, np.nan])
    h = np.array([np.nan, 0.0, 1.0])
    for name, fn in (("isin", np.isin), ("intersect1d", np.intersect1d), ("union1d", np.union1d),
                     ("setdiff1d", np.setdiff1d), ("setxor1d", np.setxor1d)):
        case(name, [f, h], lambda fn=fn: fn(f, h), {}, "zeros")
        case(name, [h, f], lambda fn=fn: fn(h, f), {}, "zeros")
    x32 = np.array([0.1, 0.5], np.float32)
    case("isin", [x32, ("js", [0.1, 0.5])], lambda: np.isin(x32, [0.1, 0.5]))
    case("isin", [x32, ("js", [0.1])], lambda: np.isin(x32, [0.1], kind="table"),
         {"kind": "table"})
    case("isin", [x32, ("js", [0.1])], lambda: np.isin(x32, [0.1], kind="hash"), {"kind": "hash"})
    big = np.array([2**62 + 3, -(2**63), 5, 2**53 + 1], np.int64)
    big2 = np.array([2**53, 2**62 + 3, 5, 7], np.int64)
    for name, fn in (("isin", np.isin), ("intersect1d", np.intersect1d), ("union1d", np.union1d),
                     ("setdiff1d", np.setdiff1d), ("setxor1d", np.setxor1d)):
        case(name, [big, big2], lambda fn=fn: fn(big, big2))
    a, spec = generated(20000, "float64", 500, "int32")
    b, spec2 = generated(3000, "float64", 700, "int16")
    case("isin", [("gen", spec, a), ("gen", spec2, b)], lambda: np.isin(a, b))
    case("intersect1d", [("gen", spec, a), ("gen", spec2, b)],
         lambda: np.intersect1d(a, b, return_indices=True), {"return_indices": True})


def histograms():
    for d in INTS + ["bool"]:
        x = np.abs(data(d, (40,), True).astype(np.int64)).astype(d) if d != "bool" else \
            data(d, (40,))
        case("bincount", [x], lambda: np.bincount(x))
        case("bincount", [x], lambda: np.bincount(x, minlength=9), {"minlength": 9})
        for w in (data("float64", (40,), special=False), data("float32", (40,), special=False),
                  data("int64", (40,), True)):
            case("bincount", [x], lambda: np.bincount(x, weights=w), {"weights": w})
    case("bincount", [("js", [0, 1, 1, 3])], lambda: np.bincount([0, 1, 1, 3]))
    case("bincount", [np.array([], np.int64)], lambda: np.bincount(np.array([], np.int64)))
    case("bincount", [np.array([], np.int64)],
         lambda: np.bincount(np.array([], np.int64), minlength=3), {"minlength": 3})
    case("bincount", [np.array([1, -1], np.int32)], lambda: np.bincount(np.array([1, -1], np.int32)))
    case("bincount", [np.array([1.0, 2.0])], lambda: np.bincount(np.array([1.0, 2.0])))
    case("bincount", [np.array([[1]], np.int64)], lambda: np.bincount(np.array([[1]], np.int64)))
    case("bincount", [np.array(1, np.int64)], lambda: np.bincount(np.array(1, np.int64)))
    case("bincount", [("js", [0, 1])], lambda: np.bincount([0, 1], minlength=-1),
         {"minlength": -1})
    case("bincount", [("js", [0, 1])], lambda: np.bincount([0, 1], weights=[1.0]),
         {"weights": ("js", [1.0])})
    case("bincount", [np.array([0, 2**64 - 1], np.uint64)],
         lambda: np.bincount(np.array([0, 2**64 - 1], np.uint64)))

    for d in DTYPES:
        x = data(d, (50,), special=False)
        for bins in (1, 5, 10):
            case("histogram", [x], lambda: np.histogram(x, bins), {"bins": bins})
        case("histogram", [x], lambda: np.histogram(x, 4, density=True), {"bins": 4,
                                                                          "density": True})
        case("histogram", [x], lambda: np.histogram(x, 7, range=(-3, 5)), {"bins": 7,
                                                                           "range": [-3, 5]})
        case("histogram", [x], lambda: np.histogram(x, 6, range=(-2.5, 100.25)),
             {"bins": 6, "range": [-2.5, 100.25]})
        edges = [-5.0, -1.0, 0.0, 0.5, 3.0, 120.0]
        case("histogram", [x], lambda: np.histogram(x, edges), {"bins": ("js", edges)})
        case("histogram", [x], lambda: np.histogram(x, edges, density=True),
             {"bins": ("js", edges), "density": True})
        e2 = np.array([-3, 0, 2, 50], d if d not in ("bool", "uint8", "uint16", "uint32",
                                                       "uint64") else "int64")
        case("histogram", [x], lambda: np.histogram(x, e2), {"bins": e2})
        c = np.full(5, x.flat[0])
        case("histogram", [c], lambda: np.histogram(c, 3), {"bins": 3})
        for wd in ("float64", "float32", "float16", "int32", "int64", "uint8", "bool"):
            w = data(wd, (50,), True, special=False)
            case("histogram", [x], lambda: np.histogram(x, 5, weights=w),
                 {"bins": 5, "weights": w})
            case("histogram", [x], lambda: np.histogram(x, 5, weights=w, density=True),
                 {"bins": 5, "weights": w, "density": True})
            case("histogram", [x], lambda: np.histogram(x, edges, weights=w),
                 {"bins": ("js", edges), "weights": w})
    f = np.array([1.0, np.nan, 2.0, np.inf, -np.inf, 3.0])
    case("histogram", [f], lambda: np.histogram(f, 3, range=(0, 4)), {"bins": 3, "range": [0, 4]})
    case("histogram", [f], lambda: np.histogram(f, 3), {"bins": 3})
    case("histogram", [f], lambda: np.histogram(f, [0.0, 2.0, np.inf]),
         {"bins": np.array([0.0, 2.0, np.inf])})
    x = data("float64", (20,), special=False)
    case("histogram", [x], lambda: np.histogram(x, 0), {"bins": 0})
    case("histogram", [x], lambda: np.histogram(x, 2.5), {"bins": 2.5})
    case("histogram", [x], lambda: np.histogram(x, [0.0, 2.0, 1.0]),
         {"bins": ("js", [0.0, 2.0, 1.0])})
    case("histogram", [x], lambda: np.histogram(x, [[0.0, 2.0]]), {"bins": ("js", [[0.0, 2.0]])})
    case("histogram", [x], lambda: np.histogram(x, 3, range=(2, 1)), {"bins": 3, "range": [2, 1]})
    case("histogram", [x], lambda: np.histogram(x, 3, weights=np.ones(3)),
         {"bins": 3, "weights": np.ones(3)})
    case("histogram", [x], lambda: np.histogram(x, 10**6, range=(1, 1 + 1e-12)),
         {"bins": 10**6, "range": [1, 1 + 1e-12]})
    case("histogram", [np.zeros(0)], lambda: np.histogram(np.zeros(0), 3), {"bins": 3})
    case("histogram", [x.reshape(4, 5)], lambda: np.histogram(x.reshape(4, 5)))
    f16 = np.array([0.1, 0.2, 0.3, 65000], np.float16)
    case("histogram", [f16], lambda: np.histogram(f16, 4), {"bins": 4})
    case("histogram", [f16], lambda: np.histogram(f16, 3, range=(0, 70000)),
         {"bins": 3, "range": [0, 70000]})
    i64 = np.array([-(2**40), 3, 2**40, 17], np.int64)
    case("histogram", [i64], lambda: np.histogram(i64, 5), {"bins": 5})
    for spec in (g(70000, "float64"), g(70000, "float32")):
        a = spec[2]
        w, wspec = generated(70000, "float32", 3, "float32")
        case("histogram", [spec], lambda: np.histogram(a, 13), {"bins": 13})
        case("histogram", [spec], lambda: np.histogram(a, 13, weights=w),
             {"bins": 13, "weights": ("gen", wspec, w)})
        case("histogram", [spec], lambda: np.histogram(a, 7, range=(-0.5, 0.75), density=True),
             {"bins": 7, "range": [-0.5, 0.75], "density": True})
        e = [-1.0, -0.3, 0.0, 0.01, 0.7, 1.0]
        case("histogram", [spec], lambda: np.histogram(a, e, weights=w),
             {"bins": ("js", e), "weights": ("gen", wspec, w)})

    for d in DTYPES:
        x = data(d, (3, 5), True)
        inc = np.array([-2, -1, 0, 1, 2], d if d not in ("bool", "uint8", "uint16", "uint32",
                                                         "uint64") else "int64")
        for right in (False, True):
            case("digitize", [x, inc], lambda: np.digitize(x, inc, right=right), {"right": right})
            case("digitize", [x, inc[::-1].copy()],
                 lambda: np.digitize(x, inc[::-1], right=right), {"right": right})
        case("digitize", [x, ("js", [-1.5, 0.5, 0.5, 2.5])],
             lambda: np.digitize(x, [-1.5, 0.5, 0.5, 2.5]))
    f = np.array([np.nan, -0.0, 1.0, np.inf, 0.5])
    for bins in ([0.0, 1.0, np.inf], [np.nan, 1.0], [1.0, 0.5, 0.5, -1.0], [], [2.0, 2.0]):
        b = np.array(bins, float)
        case("digitize", [f, b], lambda: np.digitize(f, b))
        case("digitize", [f, b], lambda: np.digitize(f, b, right=True), {"right": True})
    case("digitize", [f, np.array([0.0, 2.0, 1.0])], lambda: np.digitize(f, [0.0, 2.0, 1.0]))
    case("digitize", [f, np.array([[0.0, 2.0]])], lambda: np.digitize(f, [[0.0, 2.0]]))
    case("digitize", [np.array(0.7), ("js", [0, 1])], lambda: np.digitize(np.array(0.7), [0, 1]))
    case("digitize", [np.array([0.1], np.float32), ("js", [0.1])],
         lambda: np.digitize(np.array([0.1], np.float32), [0.1]))


def main():
    sorting()
    partitions()
    searchsorted()
    indexing()
    unique()
    sets()
    histograms()
    path = os.path.join(HERE, "fixtures", "np_searching.json")
    with open(path, "w") as f:
        json.dump({"numpy": np.__version__, "cases": CASES}, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(CASES)} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
