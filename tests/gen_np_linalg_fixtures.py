#!/usr/bin/env python3
"""Generate tests/fixtures/np_linalg.json, the NumPy fixtures of tests/np_linalg_test.ts: inputs
and NumPy's outputs for the products (dot, vdot, inner, outer, matmul, tensordot, einsum, kron,
cross) and np.linalg (norm, inv, pinv, det, slogdet, solve, lstsq, matrix_rank, qr, cholesky,
eigh, eigvalsh, svd, svdvals, matrix_power, multi_dot).

Run from the repository root:  python3 tests/gen_np_linalg_fixtures.py
Deterministic (seeded); needs only NumPy 2. Arrays use tests/gen_np_fixtures.py's encoding
({"d", "s", "h"}), large inputs its `gen` sequence ({"gen": [n, dtype], "shape": [...]}).

A case is {"f": name, "args": [...], "opts": {...}, "out": ...}: "out" is an encoded array, a
dict of named arrays (NumPy's named tuples: Q/R, U/S/Vh, sign/logabsdet, eigenvalues/
eigenvectors, x/residuals/rank/s, h/tau), or {"err": 1, "type": ...} when NumPy raises. "views"
lists, per argument, "T" where the test passes the argument with its last two axes swapped (a
strided view; NumPy is called on np.swapaxes(arg, -1, -2) too). "tol" marks results compared
within a relative tolerance (float products, whose summation order is BLAS's, and all of
np.linalg, whose results depend on LAPACK's blocking); the others are compared bit for bit.
"""

import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_np_fixtures import DTYPES, FLOATS, enc, gen  # noqa: E402

warnings.filterwarnings("ignore")
np.seterr(all="ignore")

RNG = np.random.default_rng(20250615)
HERE = os.path.dirname(os.path.abspath(__file__))
L = np.linalg
CASES = []
INTS = [d for d in DTYPES if d not in FLOATS and d != "bool"]
PRODUCT_TOL = {"float16": 2e-3, "float32": 2e-5, "float64": 1e-12}
LINALG_TOL = {"float32": 2e-5, "float64": 1e-9}


def vals(dtype, shape, special=False):
    """Random values of dtype: small integers, standard normal floats (with -0.0, and NaN/inf
    when `special`)."""
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(bool)
    if dtype in FLOATS:
        x = RNG.standard_normal(size=shape).astype(dtype)
        flat = x.reshape(-1)
        if flat.size >= 3:
            flat[0] = -0.0
        if special and flat.size >= 6:
            flat[1], flat[2], flat[3] = np.nan, np.inf, -np.inf
        return x
    info = np.iinfo(dtype)
    x = RNG.integers(max(int(info.min), -100), min(int(info.max), 100), size=shape,
                     endpoint=True).astype(dtype)
    flat = x.reshape(-1)
    if flat.size >= 3:  # extremes, so that products and sums wrap
        flat[0], flat[1] = info.max, info.min
    return x


def out_of(r):
    if isinstance(r, tuple) and hasattr(r, "_fields"):
        return {k: out_of(getattr(r, k)) for k in r._fields}
    if isinstance(r, tuple):
        names = ["x", "residuals", "rank", "s"] if len(r) == 4 else ["h", "tau"]
        return {k: out_of(v) for k, v in zip(names, r)}
    return enc(np.asarray(r))


def case(name, args, fn, opts=None, tol=None, views=None):
    try:
        r, err = fn(), None
    except Exception as e:  # LinAlgError, ValueError, TypeError
        r, err = None, type(e).__name__
    c = {"f": name, "args": args}
    if opts:
        c["opts"] = opts
    if views:
        c["views"] = views
    c["out"] = {"err": 1, "type": err} if err else out_of(r)
    if tol is not None and not err:
        c["tol"] = tol
    CASES.append(c)


def ptol(*arrays):
    """The tolerance of a product in the result dtype (None: exact)."""
    return PRODUCT_TOL.get(np.result_type(*arrays).name)


def products():
    # matmul beyond tests/np_test.ts: strided (transposed) operands, sizes that take BLAS, batches
    # that broadcast or whose axes do not collapse into one stride.
    for d in ["float32", "float64", "int32", "int64", "int8", "uint16", "bool", "float16"]:
        for sa, sb, views in [((4, 3), (4, 5), ["T", None]), ((3, 4), (5, 4), [None, "T"]),
                              ((2, 6, 5), (2, 7, 6), ["T", "T"]), ((20, 30), (30, 25), None),
                              ((3, 1, 4, 5), (2, 5, 6), None), ((0, 3), (3, 4), None),
                              ((3, 0), (0, 4), None), ((2, 3, 4, 5), (5, 4), [None, "T"])]:
            x, y = vals(d, sa), vals(d, sb)
            xv = np.swapaxes(x, -1, -2) if views and views[0] else x
            yv = np.swapaxes(y, -1, -2) if views and views[1] else y
            case("matmul", [enc(x), enc(y)], lambda: np.matmul(xv, yv), tol=ptol(x, y),
                 views=views)
    for d in ["float32", "float64"]:  # BLAS-sized generated inputs
        n = 40 * 48
        x, y = gen(n, d).reshape(40, 48), gen(n, d).reshape(48, 40)
        case("matmul", [{"gen": [n, d], "shape": [40, 48]}, {"gen": [n, d], "shape": [48, 40]}],
             lambda: np.matmul(x, y), tol=PRODUCT_TOL[d])
    # Integer products large enough for the exact float64 limb products (with wrapping sums).
    for d in ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "bool"]:
        x, y = vals(d, (32, 32)), vals(d, (32, 32))
        if d not in ("bool",):
            info = np.iinfo(d)
            x.reshape(-1)[::7] = info.max
            y.reshape(-1)[::5] = info.min if info.min < 0 else info.max
        case("matmul", [enc(x), enc(y)], lambda: np.matmul(x, y))
        if d in ("int32", "int64", "uint16"):
            case("matmul", [enc(y), enc(x)], lambda: np.matmul(y.T, x.T), views=["T", "T"])
    # Matrix-vector and vector-vector products large enough for BLAS's gemv and dot.
    for d in ["float32", "float64"]:
        g = {"gen": [4800, d], "shape": [80, 60]}
        m = gen(4800, d).reshape(80, 60)
        v60, v80 = gen(60, d)[::-1].copy(), gen(80, d)[::-1].copy()
        case("matmul", [g, enc(v60)], lambda: np.matmul(m, v60), tol=PRODUCT_TOL[d])
        case("matmul", [enc(v80), g], lambda: np.matmul(v80, m), tol=PRODUCT_TOL[d])
        case("matmul", [g, enc(v80)], lambda: np.matmul(m.T, v80), tol=PRODUCT_TOL[d],
             views=["T", None])
        case("matmul", [enc(v60), g], lambda: np.matmul(v60, m.T), tol=PRODUCT_TOL[d],
             views=[None, "T"])
        case("inner", [g, enc(v60)], lambda: np.inner(m, v60), tol=PRODUCT_TOL[d])
        case("dot", [{"gen": [5000, d]}, {"gen": [5000, d]}],
             lambda: np.dot(gen(5000, d), gen(5000, d)), tol=PRODUCT_TOL[d])
    x = vals("float64", (2, 3))
    case("matmul", [enc(x), {"n": 2}], lambda: np.matmul(x, np.float64(2)))

    # dot, vdot, inner: every dtype, and mixed ones.
    pairs = [(d, d) for d in DTYPES] + [("int8", "uint8"), ("int32", "float32"),
                                        ("bool", "int16"), ("uint32", "int64")]
    for a, b in pairs:
        for sa, sb in [((3,), (3,)), ((2, 3), (3,)), ((2, 3, 4), (3, 4, 5)), ((4,), (2, 4, 3)),
                       ((2, 3), (3, 2)), ((), (2, 2)), ((2, 3), (4,))]:
            x, y = vals(a, sa), vals(b, sb)
            case("dot", [enc(x), enc(y)], lambda: np.dot(x, y), tol=ptol(x, y))
        for sa, sb in [((3,), (3,)), ((2, 3), (3, 2)), ((2, 2), (4,)), ((0,), (0,)),
                       ((2, 2), (3,))]:
            x, y = vals(a, sa), vals(b, sb)
            case("vdot", [enc(x), enc(y)], lambda: np.vdot(x, y), tol=ptol(x, y))
        for sa, sb in [((3,), (3,)), ((2, 3), (4, 3)), ((2, 3, 4), (5, 4)), ((), (2, 3)),
                       ((2, 3), (2, 4)), ((0, 3), (2, 3))]:
            x, y = vals(a, sa), vals(b, sb)
            case("inner", [enc(x), enc(y)], lambda: np.inner(x, y), tol=ptol(x, y))
        for sa, sb in [((3,), (4,)), ((2, 2), (3,)), ((), (2,)), ((0,), (3,))]:
            x, y = vals(a, sa, True), vals(b, sb, True)
            case("outer", [enc(x), enc(y)], lambda: np.outer(x, y))
    x, y = vals("float64", (3, 4)), vals("float64", (3, 4))
    case("inner", [enc(x), enc(y)], lambda: np.inner(np.swapaxes(x, 0, 1), np.swapaxes(y, 0, 1)),
         tol=1e-12, views=["T", "T"])

    # tensordot.
    for d in ["int8", "int64", "uint8", "float32", "float64", "bool"]:
        x, y = vals(d, (3, 4, 5)), vals(d, (4, 3, 2))
        for axes in [[[1, 0], [0, 1]], [[0], [1]], [0, 1], [[-2], [0]], [[1, 1], [0, 0]]]:
            case("tensordot", [enc(x), enc(y)], lambda: np.tensordot(x, y, axes), {"axes": axes},
                 tol=ptol(x, y))
        z = vals(d, (4, 5, 6))
        for axes in [2, 1, 4]:
            case("tensordot", [enc(x), enc(z)], lambda: np.tensordot(x, z, axes), {"axes": axes},
                 tol=ptol(x, z))
        x, z = vals(d, (2, 3)), vals(d, (3,))
        for axes in [0, 1]:
            case("tensordot", [enc(x), enc(z)], lambda: np.tensordot(x, z, axes), {"axes": axes},
                 tol=ptol(x, z))

    # einsum.
    specs = [("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("ii", [(4, 4)]),
             ("ii->i", [(4, 4)]), ("ij->ji", [(2, 3)]), ("ij->", [(2, 3)]), ("i,i", [(5,), (5,)]),
             ("i,j->ij", [(2,), (3,)]), ("...ij,...jk->...ik", [(2, 3, 4), (4, 2)]),
             ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]), ("ijk,ikl->ijl", [(2, 3, 4), (2, 4, 3)]),
             ("i,i,i", [(4,), (4,), (4,)]), ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
             ("ij,ij->ij", [(2, 3), (1, 3)]), ("i,i", [(3,), (1,)]), ("...,...", [(2, 3), (3,)]),
             ("ba", [(2, 3)]), ("Ab", [(2, 3)]), ("iij->ij", [(3, 3, 2)]), ("ijj->i", [(2, 3, 3)]),
             ("i,->i", [(3,), ()]), ("ij,kl->ikjl", [(2, 2), (3, 2)]), ("ijk->kji", [(2, 3, 4)]),
             ("i j , j k -> i k", [(2, 3), (3, 2)]), ("ij,ji->", [(3, 4), (4, 3)]),
             ("...i,...i->...", [(2, 3, 4), (3, 4)]), ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
             ("ij,j", [(2, 0), (0,)]), ("i,i", [(0,), (0,)])]
    for d in DTYPES:
        for sub, shapes in specs:
            xs = [vals(d, s) for s in shapes]
            case("einsum", [sub] + [enc(x) for x in xs], lambda: np.einsum(sub, *xs),
                 tol=ptol(*xs))
    for d in ["float32", "float64"]:  # rows long enough for one BLAS dot each
        x = gen(4000, d).reshape(20, 200)
        case("einsum", ["ij,ij->i", {"gen": [4000, d], "shape": [20, 200]},
                        {"gen": [4000, d], "shape": [20, 200]}],
             lambda: np.einsum("ij,ij->i", x, x), tol=PRODUCT_TOL[d])
        case("einsum", ["ij,ji->i", {"gen": [4000, d], "shape": [20, 200]},
                        {"gen": [4000, d], "shape": [200, 20]}],
             lambda: np.einsum("ij,ji->i", x, gen(4000, d).reshape(200, 20)), tol=PRODUCT_TOL[d])
    for sub, shapes in [("i,i", [("int8", (3,)), ("uint8", (3,))]),
                        ("ij,jk", [("int32", (2, 3)), ("float32", (3, 2))]),
                        ("ij,j->i", [("bool", (2, 3)), ("int16", (3,))])]:
        xs = [vals(d, s) for d, s in shapes]
        case("einsum", [sub] + [enc(x) for x in xs], lambda: np.einsum(sub, *xs), tol=ptol(*xs))
    for sub, shapes in [("ij", [(2, 3, 4)]), ("i1", [(2,)]), ("ii", [(2, 3)]), ("i->ii", [(3,)]),
                        ("ij->k", [(2, 3)]), ("ij,j", [(2, 3), (4,)]), ("ij,jk", [(2, 3)]),
                        ("i", [(2,), (2,)]), ("...ij,...jk->ik", [(2, 3, 4), (4, 2)]),
                        ("i->j->k", [(2,)]), ("..i", [(2,)])]:
        xs = [vals("float64", s) for s in shapes]
        case("einsum", [sub] + [enc(x) for x in xs], lambda: np.einsum(sub, *xs))

    # kron: bit-exact products in every dtype.
    for d in DTYPES:
        for sa, sb in [((2, 2), (2,)), ((2, 3), (4, 2, 2)), ((), (2, 3)), ((3,), ()), ((0, 2), (2, 2)),
                       ((2, 2), (2, 2))]:
            x, y = vals(d, sa, True), vals(d, sb, True)
            case("kron", [enc(x), enc(y)], lambda: np.kron(x, y))
    x, y = vals("int8", (2, 2)), vals("uint8", (3,))
    case("kron", [enc(x), enc(y)], lambda: np.kron(x, y))

    # cross: bit-exact in every dtype (bool is NumPy's error).
    for d in DTYPES:
        for sa, sb, opts in [((3,), (3,), {}), ((2,), (2,), {}), ((2,), (3,), {}), ((3,), (2,), {}),
                             ((4, 3), (3,), {}), ((2, 1, 3), (4, 3), {}), ((3, 4), (3, 4), {"axis": 0}),
                             ((3, 2), (2, 3), {"axisa": 0, "axisb": 1, "axisc": 0}),
                             ((5, 2), (5, 3), {"axisc": 0}), ((4,), (3,), {}), ((), (3,), {})]:
            x, y = vals(d, sa, True), vals(d, sb, True)
            case("cross", [enc(x), enc(y)], lambda: np.cross(x, y, **opts), opts)
    x, y = vals("int16", (2, 3)), vals("uint8", (2, 3))
    case("cross", [enc(x), enc(y)], lambda: np.cross(x, y))
    x = vals("float64", (2, 3))
    case("cross", [enc(x), enc(x)], lambda: np.cross(x, x, axisc=2), {"axisc": 2})


def ctol(a, base):
    """`base`, widened for an ill-conditioned input: the error bound grows with cond(a) * eps."""
    try:
        c = float(np.max(L.cond(np.asarray(a, dtype=np.float64))))
    except Exception:
        return base
    return max(base, 100 * 2.0**-52 * c) if np.isfinite(c) else base


def wellcond(d, shape):
    """Random matrices with a dominant diagonal (well-conditioned)."""
    n = shape[-1]
    a = RNG.standard_normal(size=shape) + n * np.eye(n) * 0.5
    return a.astype(d) if d not in INTS + ["bool"] else np.round(a * 3).astype(d)


def spd(d, shape):
    a = RNG.standard_normal(size=shape)
    return (a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])).astype(d)


def sym(d, shape):
    a = RNG.standard_normal(size=shape)
    return (a + np.swapaxes(a, -1, -2)).astype(d)


def linalg():
    lt = LINALG_TOL
    # inv, det, slogdet.
    for d in ["float64", "float32", "int32", "int64", "uint8", "bool", "float16", "int8"]:
        for shape in [(1, 1), (2, 2), (3, 3), (5, 5), (8, 8), (2, 3, 3), (2, 1, 4, 4), (0, 0),
                      (2, 0, 0)]:
            a = wellcond(d, shape) if d != "bool" else (RNG.integers(0, 2, shape) |
                                                        np.eye(shape[-1], dtype=np.int64)).astype(bool)
            t = lt["float32" if d == "float32" else "float64"]
            case("inv", [enc(a)], lambda: L.inv(a), tol=t)
            case("det", [enc(a)], lambda: L.det(a), tol=t)
            case("slogdet", [enc(a)], lambda: L.slogdet(a), tol=t)
    big = wellcond("float64", (32, 32))
    case("inv", [enc(big)], lambda: L.inv(big), tol=lt["float64"])
    case("det", [enc(big)], lambda: L.det(big), tol=lt["float64"])
    sing = np.array([[1.0, 2.0], [2.0, 4.0]])
    sing3 = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [4.0, 5.0, 6.0]])
    nan = np.array([[1.0, np.nan], [2.0, 3.0]])
    for a in [sing, sing3, np.zeros((2, 2)), np.ones((2, 3)), np.ones(3), np.ones((2, 2, 3)), nan,
              np.stack([np.eye(2), sing])]:
        case("inv", [enc(a)], lambda: L.inv(a), tol=lt["float64"])
        case("det", [enc(a)], lambda: L.det(a), tol=lt["float64"])
        case("slogdet", [enc(a)], lambda: L.slogdet(a), tol=lt["float64"])
    ints = np.array([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], dtype=np.int64)
    case("det", [enc(ints)], lambda: L.det(ints), tol=lt["float64"])

    # solve.
    for d in ["float64", "float32", "int32"]:
        t = lt["float32" if d == "float32" else "float64"]
        for sa, sb in [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 3, 3), (3,)), ((2, 3, 3), (2, 3, 1)),
                       ((2, 1, 3, 3), (4, 3, 2)), ((3, 3), (2, 3, 4)), ((0, 0), (0,)),
                       ((3, 3), (3, 0)), ((3, 3), (4,)), ((3, 3), (2, 3)), ((3, 3), ())]:
            a, b = wellcond(d, sa) if sa[-1] > 0 else np.zeros(sa, d), vals(d, sb)
            case("solve", [enc(a), enc(b)], lambda: L.solve(a, b), tol=t)
    b = np.ones(2)
    for a in [sing, np.ones((2, 3))]:
        case("solve", [enc(a), enc(b)], lambda: L.solve(a, b))
    a, b = wellcond("float32", (3, 3)), vals("float64", (3,))
    case("solve", [enc(a), enc(b)], lambda: L.solve(a, b), tol=lt["float64"])

    # matrix_power.
    for d in ["int64", "int8", "int32", "uint8", "bool", "float64", "float32", "float16"]:
        a = vals(d, (3, 3)) if d in INTS + ["bool"] else wellcond(d, (3, 3)) / 3
        if d in INTS:
            a = (a % 5).astype(d)
        for n in [0, 1, 2, 3, 5, 13, -1, -3]:
            t = PRODUCT_TOL.get(d) if n >= 0 else 1e-5 if d == "float32" else 1e-9
            case("matrix_power", [enc(a), {"n": n}], lambda: L.matrix_power(a, n), tol=t)
    a = vals("int64", (2, 3, 3)) % 4
    case("matrix_power", [enc(a), {"n": 4}], lambda: L.matrix_power(a, 4))
    for a, n in [(np.eye(2), 1.5), (np.ones((2, 3)), 2), (np.ones(3), 2), (sing, -1)]:
        case("matrix_power", [enc(a), {"n": n}], lambda: L.matrix_power(a, n))

    # cholesky.
    for d in ["float64", "float32", "int64"]:
        for shape in [(1, 1), (3, 3), (6, 6), (2, 4, 4), (0, 0)]:
            a = spd(d, shape) if d != "int64" else np.round(spd("float64", shape)).astype(d)
            for upper in [False, True]:
                case("cholesky", [enc(a)], lambda: L.cholesky(a, upper=upper), {"upper": upper},
                     tol=lt["float32" if d == "float32" else "float64"])
    for a in [np.array([[1.0, 2.0], [2.0, 1.0]]), np.ones((2, 3)), np.array([[-1.0]]), nan,
              np.array([[4.0, 100.0], [2.0, 5.0]]), np.array([[4.0, 2.0], [100.0, 5.0]])]:
        case("cholesky", [enc(a)], lambda: L.cholesky(a), tol=lt["float64"])

    # qr.
    for d in ["float64", "float32", "int32"]:
        for shape in [(4, 3), (3, 4), (3, 3), (2, 4, 3), (1, 1), (6, 2), (0, 3), (3, 0)]:
            a = vals(d, shape) if d != "int32" else vals("int8", shape).astype(d) % 7
            for mode in ["reduced", "complete", "r", "raw"]:
                case("qr", [enc(a)], lambda: L.qr(a, mode=mode), {"mode": mode},
                     tol=lt["float32" if d == "float32" else "float64"])
    a = np.ones((3, 2))
    case("qr", [enc(a)], lambda: L.qr(a, mode="bogus"), {"mode": "bogus"})
    case("qr", [enc(np.ones(3))], lambda: L.qr(np.ones(3)))
    rank1 = np.outer([1.0, 2, 3, 4], [1.0, -1, 2])
    case("qr", [enc(rank1)], lambda: L.qr(rank1), tol=lt["float64"])

    # eigh, eigvalsh (UPLO reads one triangle: the inputs are not symmetric).
    for d in ["float64", "float32", "int16"]:
        for shape in [(1, 1), (2, 2), (4, 4), (7, 7), (2, 3, 3), (0, 0)]:
            a = RNG.standard_normal(size=shape).astype(d) if d != "int16" else vals(d, shape) % 9
            for uplo in ["L", "U", "u"]:
                t = lt["float32" if d == "float32" else "float64"]
                case("eigh", [enc(a)], lambda: L.eigh(a, UPLO=uplo), {"UPLO": uplo}, tol=t)
                case("eigvalsh", [enc(a)], lambda: L.eigvalsh(a, UPLO=uplo), {"UPLO": uplo}, tol=t)
    for a, uplo in [(np.ones((2, 3)), "L"), (np.eye(2), "X"), (np.ones(2), "L")]:
        case("eigh", [enc(a)], lambda: L.eigh(a, UPLO=uplo), {"UPLO": uplo})
    case("eigh", [enc(nan)], lambda: L.eigh(nan), tol=lt["float64"])

    # svd, svdvals.
    for d in ["float64", "float32", "int8"]:
        t = lt["float32" if d == "float32" else "float64"]
        for shape in [(4, 3), (3, 4), (3, 3), (2, 5, 3), (1, 1), (6, 1), (0, 3), (3, 0)]:
            a = vals(d, shape)
            for full in [True, False]:
                case("svd", [enc(a)], lambda: L.svd(a, full_matrices=full),
                     {"full_matrices": full}, tol=t)
            case("svd", [enc(a)], lambda: L.svd(a, compute_uv=False), {"compute_uv": False}, tol=t)
            case("svdvals", [enc(a)], lambda: L.svdvals(a), tol=t)
    for a in [rank1, np.zeros((3, 2))]:
        case("svdvals", [enc(a)], lambda: L.svdvals(a), tol=lt["float64"])
        case("svd", [enc(a)], lambda: L.svd(a), tol=lt["float64"])
    for shape in [(3, 3), (2, 4, 4)]:
        a = sym("float64", shape)
        case("svd", [enc(a)], lambda: L.svd(a, hermitian=True), {"hermitian": True},
             tol=lt["float64"])
        case("svd", [enc(a)], lambda: L.svd(a, hermitian=True, compute_uv=False),
             {"hermitian": True, "compute_uv": False}, tol=lt["float64"])
    for a in [nan, np.ones(3), np.eye(2, dtype=np.float16)]:
        case("svd", [enc(a)], lambda: L.svd(a))
    big = vals("float64", (24, 16))
    case("svd", [enc(big)], lambda: L.svd(big), tol=lt["float64"])

    # lstsq.
    for d in ["float64", "float32", "int32"]:
        t = lt["float32" if d == "float32" else "float64"]
        for sa, sb in [((5, 3), (5,)), ((5, 3), (5, 2)), ((3, 5), (3,)), ((3, 3), (3, 2)),
                       ((4, 2), (4, 0)), ((0, 3), (0,)), ((3, 0), (3,)), ((4, 3), (3,)),
                       ((2, 4, 3), (2, 4)), ((4,), (4,))]:
            a, b = vals(d, sa), vals(d, sb)
            case("lstsq", [enc(a), enc(b)], lambda: L.lstsq(a, b),
                 tol=ctol(a, t) if 0 not in sa and len(sa) == 2 else t)
    b = np.array([1.0, 2, 3, 4])
    for rc in [None, 0.5, -1]:
        case("lstsq", [enc(rank1), enc(b)], lambda: L.lstsq(rank1, b, rcond=rc), {"rcond": rc},
             tol=lt["float64"])

    # pinv.
    for d in ["float64", "float32", "int16"]:
        t = 1e-5 if d == "float32" else 1e-9
        for shape in [(4, 3), (3, 4), (3, 3), (2, 3, 2), (0, 3)]:
            a = vals(d, shape)
            case("pinv", [enc(a)], lambda: L.pinv(a), tol=ctol(a, t) if 0 not in shape else t)
    for opts in [{"rcond": 0.5}, {"rtol": None}, {"rtol": 0.3}, {"hermitian": True},
                 {"rcond": 0.1, "rtol": 0.1}]:
        a = sym("float64", (4, 4)) if opts.get("hermitian") else rank1
        case("pinv", [enc(a)], lambda: L.pinv(a, **opts), opts, tol=1e-9)

    # matrix_rank.
    for a in [np.eye(4), rank1, np.zeros((3, 3)), np.stack([np.eye(3), np.diag([1.0, 1, 0])]),
              np.ones(3), np.zeros(4), np.float64(0), vals("int32", (3, 5)),
              np.diag([1.0, 1e-10, 1e-20]), np.diag([1.0, 1e-5, 1e-10]).astype(np.float32)]:
        case("matrix_rank", [enc(a)], lambda: L.matrix_rank(a))
    d3 = np.diag([1.0, 1e-3, 1e-6])
    for opts in [{"tol": 1e-4}, {"rtol": 1e-4}, {"hermitian": True}, {"tol": 1.0, "rtol": 1.0}]:
        case("matrix_rank", [enc(d3)], lambda: L.matrix_rank(d3, **opts), opts)

    # norm: bit-exact where NumPy's norm is elementwise ops and reductions (an axis given, or
    # ord 1, inf, -inf, 0), within tolerance where it is a dot (the default), a power or the SVD.
    def ntol(d, ordv, axis_given, ndim):
        approx = {"float16": 2e-3, "float32": 1e-5}.get(d, 1e-12)
        if ordv in ("nuc", 2, -2) and ndim == 2:
            return approx
        if ordv is None or (ordv == "fro" and ndim == 2) or (ordv == 2 and ndim == 1):
            return 0 if axis_given else approx
        if ordv in (1, -1, np.inf, -np.inf, 0, "fro", "nuc"):
            return 0
        return approx

    def jord(ordv):
        return ("inf" if ordv > 0 else "-inf") if isinstance(ordv, float) and np.isinf(ordv) else ordv

    for d in ["float64", "float32", "float16", "int32", "bool"]:
        x = vals(d, (6,))
        for ordv in [None, 2, 1, np.inf, -np.inf, 0, 3, 0.5, -1, "fro", "nuc"]:
            for kd in [False, True]:
                case("norm", [enc(x)], lambda: L.norm(x, ord=ordv, keepdims=kd),
                     {"ord": jord(ordv), "keepdims": kd}, tol=ntol(d, ordv, False, 1))
                case("norm", [enc(x)], lambda: L.norm(x, ord=ordv, axis=0, keepdims=kd),
                     {"ord": jord(ordv), "axis": 0, "keepdims": kd}, tol=ntol(d, ordv, True, 1))
        m = vals(d, (3, 4))
        for ordv in [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf, 3]:
            case("norm", [enc(m)], lambda: L.norm(m, ord=ordv), {"ord": jord(ordv)},
                 tol=ntol(d, ordv, False, 2))
    x = vals("float64", (2, 3, 4))
    for o in [{}, {"axis": 1}, {"axis": -1, "keepdims": True}, {"axis": [0, 2]},
              {"axis": [2, 0], "ord": 1}, {"axis": [1, 2], "ord": "nuc", "keepdims": True},
              {"axis": [0, 1], "ord": "inf"}, {"axis": [2, 1], "ord": -1}, {"ord": 2},
              {"axis": [0, 0]}, {"axis": [0, 1, 2]}, {"axis": 3}, {"axis": 0, "ord": 0},
              {"axis": [1, 2], "ord": -2}, {"axis": [1, 2], "ord": 2}, {"keepdims": True}]:
        kw = dict(o)
        if "axis" in kw and isinstance(kw["axis"], list):
            kw["axis"] = tuple(kw["axis"])
        if kw.get("ord") in ("inf", "-inf"):
            kw["ord"] = np.inf if kw["ord"] == "inf" else -np.inf
        case("norm", [enc(x)], lambda: L.norm(x, **kw), o, tol=1e-12)
    v = vals("float64", (7,), True)
    case("norm", [enc(v)], lambda: L.norm(v), tol=1e-12)
    e = np.zeros((0, 3))
    for o in [{}, {"axis": 0, "ord": "inf"}, {"axis": 0}, {"axis": 1, "ord": "inf"}]:
        kw = dict(o)
        if kw.get("ord") == "inf":
            kw["ord"] = np.inf
        case("norm", [enc(e)], lambda: L.norm(e, **kw), o, tol=1e-12)
    big = gen(100000, "float32")
    case("norm", [{"gen": [100000, "float32"]}], lambda: L.norm(big), tol=1e-5)
    case("norm", [{"gen": [100000, "float32"]}], lambda: L.norm(big, axis=0), {"axis": 0}, tol=0)

    # multi_dot.
    for shapes in [[(2, 3), (3, 4), (4, 2)], [(10, 3), (3, 8), (8, 2), (2, 5)], [(3,), (3, 4), (4,)],
                   [(3,), (3, 4), (4, 2)], [(2, 3), (3,)], [(2, 3), (3, 4), (4, 5), (5, 2), (2, 6)]]:
        for d in ["int64", "float64"]:
            xs = [vals(d, s) for s in shapes]
            case("multi_dot", [[enc(x) for x in xs]], lambda: L.multi_dot(xs),
                 tol=1e-12 if d == "float64" else None)
    xs = [np.ones((2, 3)), np.ones((3, 2, 2)), np.ones((2, 2))]
    case("multi_dot", [[enc(x) for x in xs]], lambda: L.multi_dot(xs))
    case("multi_dot", [[enc(np.ones(3))]], lambda: L.multi_dot([np.ones(3)]))


def main():
    products()
    linalg()
    with open(os.path.join(HERE, "fixtures", "np_linalg.json"), "w") as f:
        json.dump({"numpy": np.__version__, "cases": CASES}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
