#!/usr/bin/env python3
"""Generate tests/fixtures/ops.json: inputs and NumPy-computed expected outputs for every op
family of denotensor, replayed by tests/ops_test.ts and tests/rules_test.ts, and the domains where
tests/grad_test.ts checks the gradients of the op-table ops.

Run from the repository root:  python3 tests/gen_op_fixtures.py
Deterministic; needs only NumPy. Every op draws its random inputs from a stream of its own,
seeded by zlib.crc32 of "family/op" (use_rng), and the cases that rotate from op to op (rank 0,
empty, which view) follow a hash of the op's name (slot), not its position in a list: adding,
removing or reordering an op rewrites that op's cases only, and every other op's fixtures stay
byte for byte the same. (Families whose ops share inputs, like sort/argsort/topk, share a stream.)

Where NumPy's dtype rule differs from ours (API.md "Numeric rules"), the expected value is
computed in OUR result dtype: the inputs are first converted to our compute dtype, then the NumPy
function is applied. Float results are computed by NumPy in float64 from the (exactly
representable) inputs and rounded once to the output dtype, which is what a correctly rounded
float32/float16 op gives (and what our CPU backend does); transcendental functions and float
reductions carry a tolerance.

Adding an elementwise op (a row of UNARY_OPS or BINARY_OPS in src/ops/op_ids.ts) takes ONE row
here, in UNARY or BINARY below, and a run of this script; every test that iterates the op tables
(the fixture replays, the coverage test, the dtype rules, the gradient checks) picks it up, and
fails naming the op while its row is missing. A unary row:

  "name": unary_row(result, ref, tol=None, on_bool=None, on_int=None, grad=None)
    result   the dtype rule, as in op_ids.ts: "float" (computes in float32 for int/bool input),
             "same" (keeps the dtype) or "bool" (a bool result)
    ref      the NumPy reference: applied in float64 and rounded once to the result dtype for
             float results, applied to the integer array itself for "same" ops on integers, to
             the input as is for "bool" ops
    tol      None (exact) or a function of the output dtype giving the tolerance, e.g.
             TRANSCENDENTAL = ulp(1, 4) (1 ulp, 4 in float64) or ANY_ZERO (the sign of 0 may differ)
    on_bool  for "same" ops: "error" (neg of bool throws) or "identity" (abs of bool is bool)
    on_int   for "same" ops: "identity" where integer input is returned unchanged (floor)
    grad     where grad_test checks the gradient: U(lo, hi) (uniform) or AWAY(lo, hi) (magnitude in
             [lo, hi), random sign: off a kink or pole at 0); NO_GRAD for a float op TensorFlow
             gives no gradient (piecewise constant); None for bool results

A binary row:

  "name": binary_row(result, ref, int_ref=None, bool_ref=None, tol=None, grad=None)
    result   "same", "float" (div: computes in float32 for int/bool), "compare" (a bool result of
             the promoted operands) or "logical" (operands cast to bool)
    ref      the NumPy reference, in float64 for float compute dtypes and on the integer arrays
             (wrapping) otherwise; int_ref replaces it for integers (pow)
    bool_ref for "same" ops, what two bools give (add: logical or); None: two bools are an error
    tol      as for unary rows; applies to float results
    grad     BD(a, b, sa, sb): the operands' domains (U or AWAY) and the JS scalars of the
             scalar-tensor (sa) and tensor-scalar (sb) forms; NO_GRAD or None as for unary rows

The reductions (REDUCE) carry their gradient domain the same way; their expected values come
from reduce_expected.

Encoding (compact JSON):
  tensor   {"d": dtype, "s": shape, "v": flat row-major values, "view"?: steps}
           float values are JSON numbers (shortest repr, exact: every float16/32/64 value is a
           float64, and both Python and JS print/parse floats correctly rounded) or the strings
           "nan", "inf", "-inf"; int64 values are decimal strings; bool values 0/1.
  view     list of steps applied to the tensor before the op, to make non-contiguous inputs:
           ["T", perm] transpose, ["at", [index args]] t.at(...), ["bc", shape] broadcastTo.
  scalar   {"n": number} a JS number, {"b": "123"} a bigint, {"l": true} a boolean.
  out      a tensor, or {"err": 1} when the op must throw InvalidArgumentError.
  tol "t"  absent: exact (NaN equals NaN, the sign of zero must match unless "z": 1);
           {"u": ulps, "r": rtol, "a": atol}: |actual - expected| <= a + r*|expected| or
           within u units in the last place of the output dtype.
  domain   {"unary": {op: D | "none"}, "binary": {op: {"a": D, "b": D, "sa": n, "sb": n} |
           "none"}, "reduce": {public name: D}}, D = {"lo": n, "hi": n, "away"?: true}: the
           rows' grad entries (ops without one are left out).
"""

import json
import math
import os
import warnings
import zlib

import numpy as np

warnings.filterwarnings("ignore")
np.seterr(all="ignore")

# The random stream the draws of rand() and RNG.* come from: set by use_rng() before every op's
# cases (None until then, so a draw outside any op's stream fails loudly).
RNG = None
_STREAMS = {}


def use_rng(family, op=None):
    """Makes RNG the random stream of (family, op): a generator seeded by zlib.crc32 of
    "family/op" on first use, continued on later uses. An op's random inputs then depend on its
    name and its own draws only, never on the ops before it: adding, removing or reordering one
    op leaves every other op's fixtures byte for byte the same."""
    global RNG
    key = f"{family}/{family if op is None else op}"
    if key not in _STREAMS:
        _STREAMS[key] = np.random.default_rng(zlib.crc32(key.encode()))
    RNG = _STREAMS[key]


def slot(op):
    """A stable integer of an op's name, for the cases that rotate over dtypes, shapes, axes or
    views from one op to the next: they start where the op's name says, not at its index in a
    list, so an op added before it does not move its rotation."""
    return zlib.crc32(op.encode())

DTYPES = ["bool", "uint8", "int32", "int64", "float16", "float32", "float64"]
RANK = {d: i for i, d in enumerate(DTYPES)}
FLOATS = ["float16", "float32", "float64"]
INTS = ["uint8", "int32", "int64"]
NPT = {
    "bool": np.bool_,
    "uint8": np.uint8,
    "int32": np.int32,
    "int64": np.int64,
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
}
F64 = np.float64
EPS = {"float16": 2.0**-10, "float32": 2.0**-23, "float64": 2.0**-52}
I32_MIN, I32_MAX = -(2**31), 2**31 - 1
I64_MIN, I64_MAX = -(2**63), 2**63 - 1

# Our dtype rules (API.md "Numeric rules"), written out independently of the library.


def is_float(d):
    return RANK[d] >= 4


def promote(a, b):
    return a if RANK[a] >= RANK[b] else b


def float_of(d):
    return d if is_float(d) else "float32"


def weak(d, s):
    """The dtype a weak JS scalar `s` (kind, value) takes next to a tensor of dtype d."""
    kind, v = s
    if kind == "l" or is_float(d):
        return d
    if kind == "b":
        assert d != "bool"
        return d
    if not (math.isfinite(v) and float(v).is_integer()):
        return "float32"
    assert d != "bool", "integer number with a bool tensor: not in the contract, not generated"
    return d


def scalar_array(s, d):
    """A weak scalar converted to dtype d (numbers round to floats; integers must fit)."""
    kind, v = s
    if d == "bool":
        return np.array(bool(v))
    if is_float(d):
        return np.array(float(v), dtype=F64).astype(NPT[d])
    iv = int(v)
    info = np.iinfo(NPT[d])
    assert info.min <= iv <= info.max and (kind != "n" or float(v) == iv)
    return np.array(iv, dtype=NPT[d])


# Encoding.


def enc_val(v, d):
    if d in FLOATS:
        x = float(v)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        if x.is_integer() and abs(x) < 2**53 and not (x == 0 and math.copysign(1, x) < 0):
            return int(x)
        return x
    if d == "bool":
        return 1 if v else 0
    if d == "int64":
        return str(int(v))
    return int(v)


def enc(a, d=None):
    a = np.asarray(a)
    d = d or a.dtype.name
    assert a.dtype == np.dtype(NPT[d]), (a.dtype, d)
    return {"d": d, "s": list(a.shape), "v": [enc_val(v, d) for v in a.ravel()]}


def enc_scalar(s):
    kind, v = s
    if kind == "n":
        x = float(v)
        if math.isnan(x):
            return {"n": "nan"}
        if math.isinf(x):
            return {"n": "inf" if x > 0 else "-inf"}
        return {"n": int(x) if x.is_integer() and abs(x) < 2**53 else x}
    if kind == "b":
        return {"b": str(int(v))}
    return {"l": bool(v)}


ERR = {"err": 1}


def index_expr(args):
    parts = []
    for a in args:
        if a is None:
            parts.append("None")
        elif isinstance(a, int):
            parts.append(str(a))
        else:
            parts.append(a)
    return ", ".join(parts)


def np_index(a, args):
    return eval(f"a[{index_expr(args) or '()'}]", {"a": a, "np": np})  # noqa: S307 (fixed strings)


def apply_view(a, steps):
    for kind, arg in steps or []:
        if kind == "T":
            a = np.transpose(a, arg)
        elif kind == "at":
            a = np_index(a, arg)
        elif kind == "bc":
            a = np.broadcast_to(a, arg)
        else:
            raise ValueError(kind)
    return a


def T(base, view=None):
    """A tensor argument: (encoded spec, the NumPy array the op sees)."""
    spec = enc(base)
    if view:
        spec["view"] = view
    return spec, apply_view(base, view)


# Value pools.


def as_dtype(values, d):
    if d == "bool":
        return np.array([bool(v) for v in values], dtype=np.bool_)
    if is_float(d):
        return np.array(values, dtype=F64).astype(NPT[d])
    return np.array([int(v) for v in values], dtype=NPT[d])


BIG = {"float16": 60000.0, "float32": 3e38, "float64": 1e308}
TINY = {"float16": 2.0**-24, "float32": 1e-40, "float64": 5e-324}

CROSS = {
    "float": lambda d: [
        math.nan, math.inf, -math.inf, -0.0, 0.0, 1.0, -1.0, 0.5, 2.5, -3.0, 7.0, 1e-3, BIG[d],
    ],
    "int32": [I32_MIN, I32_MAX, -1, 0, 1, 2, -2, 3, -7, 7, 46341, 1000],
    "uint8": [0, 1, 2, 3, 7, 16, 100, 127, 128, 200, 255],
    "int64": [I64_MIN, I64_MAX, -1, 0, 1, 2, -7, 7, 3037000500, 2**53 + 1, -(2**32)],
    "bool": [False, True],
}


def cross_pool(d):
    return as_dtype(CROSS["float"](d) if is_float(d) else CROSS[d], d)


UNARY_FLOATS = [
    math.nan, math.inf, -math.inf, -0.0, 0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, -3.5, 1.0, -1.0,
    0.25, -0.75, 0.999, -0.999, 1.001, 2.0, 10.0, -10.0, 1e-8, -1e-8, 30.0, 100.0, -100.0, 1e4,
    0.1, -0.1, 0.7, 3.14159,
]


def unary_pool(d):
    if is_float(d):
        return as_dtype(UNARY_FLOATS + [BIG[d], -BIG[d], TINY[d]], d)
    if d == "int32":
        return as_dtype([I32_MIN, I32_MAX, -1, 0, 1, 2, -2, 3, -7, 7, 46341, -46341, 100, 65536,
                         I32_MIN + 1], d)
    if d == "uint8":
        return as_dtype([0, 1, 2, 3, 7, 15, 16, 100, 127, 128, 200, 254, 255], d)
    if d == "int64":
        return as_dtype([I64_MIN, I64_MAX, -1, 0, 1, 2, -7, 7, 3037000500, 2**53 + 1,
                         2**53 + 2**29 + 1, -(2**32), 2**31, I64_MIN + 1], d)
    return as_dtype([False, True, True, False, True], d)


def rand(d, shape, scale=3.0, special=False):
    """Random values of dtype d; `special` sprinkles nan/inf/-0/extremes in."""
    shape = tuple(shape)
    n = int(np.prod(shape)) if shape else 1
    if is_float(d):
        v = RNG.normal(0, scale, n)
        if special and n >= 4:
            k = RNG.choice(n, size=min(3, n), replace=False)
            v[k] = RNG.choice([math.nan, math.inf, -math.inf, -0.0], size=len(k))
        return v.astype(NPT[d]).reshape(shape)
    if d == "bool":
        return (RNG.random(n) < 0.5).reshape(shape)
    if d == "uint8":
        return RNG.integers(0, 256, n).astype(np.uint8).reshape(shape)
    if d == "int32":
        v = RNG.integers(-50, 50, n)
        if special and n >= 2:
            v[RNG.integers(0, n)] = I32_MAX
            v[RNG.integers(0, n)] = I32_MIN
        return v.astype(np.int32).reshape(shape)
    v = RNG.integers(-10**6, 10**6, n).astype(np.int64)
    if special and n >= 3:
        v[RNG.integers(0, n)] = I64_MAX
        v[RNG.integers(0, n)] = I64_MIN
        v[RNG.integers(0, n)] = 2**53 + 2**29 + 1
    return v.reshape(shape)


def carr(a):
    """A C-contiguous copy that keeps rank 0 (np.ascontiguousarray makes it rank 1)."""
    return np.array(a, order="C", copy=True)


def f64(a):
    return np.asarray(a).astype(F64)


def round_to(a, d):
    return np.asarray(a, dtype=F64).astype(NPT[d])


def cast_ours(a, d):
    """Our cast rule: float->int truncates toward zero, saturates, NaN->0; int->int wraps; to bool
    is != 0; otherwise a correctly rounded conversion (NumPy's astype)."""
    a = np.asarray(a)
    src = a.dtype.name
    if d == "bool":
        return a != 0
    if is_float(src) and d in INTS:
        info = np.iinfo(NPT[d])
        flat = []
        for x in f64(a).ravel():
            if math.isnan(x):
                flat.append(0)
            elif x >= info.max:
                flat.append(info.max)
            elif x <= info.min:
                flat.append(info.min)
            else:
                flat.append(int(math.trunc(x)))
        return np.array(flat, dtype=object).astype(NPT[d]).reshape(a.shape)
    return a.astype(NPT[d])


fixtures = {}


def add(family, case):
    fixtures.setdefault(family, []).append(case)


def tol(d, u=1, r=0.0, a=0.0):
    return {"u": u, "r": r, "a": a}


# ---------------------------------------------------------------------------------------------
# Unary ops: one row per op (the module docstring describes a row).


def U(lo, hi):
    """Gradient-check domain: uniform in [lo, hi)."""
    return {"lo": lo, "hi": hi}


def AWAY(lo, hi):
    """Gradient-check domain: magnitude uniform in [lo, hi) with a random sign, which keeps the
    points off a kink or pole at 0."""
    return {"lo": lo, "hi": hi, "away": True}


# The gradient entry of a float op that TensorFlow deliberately gives no gradient (piecewise
# constant: its derivative is 0 almost everywhere and undefined at the steps).
NO_GRAD = "none"


def ulp(n, n64):
    """Tolerance of a float result: n units in the last place in float16/float32, n64 in float64."""
    return lambda d: tol(d, u=n if d != "float64" else n64)


def ANY_ZERO(d):
    """Tolerance: exact, but the sign of a zero result may differ."""
    return {"z": 1}


def unary_row(result, ref, tol=None, on_bool=None, on_int=None, grad=None):
    """One unary op; the fields are described in the module docstring."""
    assert result in ("float", "same", "bool") and on_bool in (None, "error", "identity")
    assert on_int in (None, "identity") and (grad is None or grad == NO_GRAD or "lo" in grad)
    return {"result": result, "ref": ref, "tol": tol, "on_bool": on_bool, "on_int": on_int,
            "grad": grad}


def sigmoid_ref(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


TRANSCENDENTAL = ulp(1, 4)

UNARY = {
    "neg": unary_row("same", np.negative, on_bool="error", grad=U(-2, 2)),
    "abs": unary_row("same", np.abs, on_bool="identity", grad=AWAY(0.2, 2)),
    "sign": unary_row("same", np.sign, on_bool="error", grad=NO_GRAD),
    "exp": unary_row("float", np.exp, tol=TRANSCENDENTAL, grad=U(-2, 2)),
    "expm1": unary_row("float", np.expm1, tol=TRANSCENDENTAL, grad=U(-2, 2)),
    "cbrt": unary_row("float", np.cbrt, tol=TRANSCENDENTAL, grad=AWAY(0.2, 2)),
    "log": unary_row("float", np.log, tol=TRANSCENDENTAL, grad=U(0.3, 3)),
    "log1p": unary_row("float", np.log1p, tol=TRANSCENDENTAL, grad=U(-0.7, 3)),
    "sqrt": unary_row("float", np.sqrt, grad=U(0.3, 3)),
    "rsqrt": unary_row("float", lambda x: 1.0 / np.sqrt(x), tol=TRANSCENDENTAL, grad=U(0.3, 3)),
    "square": unary_row("same", np.square, on_bool="error", grad=U(-2, 2)),
    "reciprocal": unary_row("float", lambda x: 1.0 / x, grad=AWAY(0.3, 2)),
    "sin": unary_row("float", np.sin, tol=TRANSCENDENTAL, grad=U(-3, 3)),
    "cos": unary_row("float", np.cos, tol=TRANSCENDENTAL, grad=U(-3, 3)),
    "tan": unary_row("float", np.tan, tol=TRANSCENDENTAL, grad=U(-1.2, 1.2)),
    "asin": unary_row("float", np.arcsin, tol=TRANSCENDENTAL, grad=U(-0.9, 0.9)),
    "acos": unary_row("float", np.arccos, tol=TRANSCENDENTAL, grad=U(-0.9, 0.9)),
    "atan": unary_row("float", np.arctan, tol=TRANSCENDENTAL, grad=U(-3, 3)),
    "sinh": unary_row("float", np.sinh, tol=TRANSCENDENTAL, grad=U(-2, 2)),
    "cosh": unary_row("float", np.cosh, tol=TRANSCENDENTAL, grad=U(-2, 2)),
    "tanh": unary_row("float", np.tanh, tol=TRANSCENDENTAL, grad=U(-2, 2)),
    "asinh": unary_row("float", np.arcsinh, tol=TRANSCENDENTAL, grad=U(-3, 3)),
    "acosh": unary_row("float", np.arccosh, tol=TRANSCENDENTAL, grad=U(1.2, 3)),
    "atanh": unary_row("float", np.arctanh, tol=TRANSCENDENTAL, grad=U(-0.9, 0.9)),
    "sigmoid": unary_row("float", sigmoid_ref, tol=TRANSCENDENTAL, grad=U(-3, 3)),
    "erf": unary_row("float", np.vectorize(math.erf, otypes=[F64]), tol=TRANSCENDENTAL,
                     grad=U(-2, 2)),
    "floor": unary_row("same", np.floor, on_bool="identity", on_int="identity", grad=NO_GRAD),
    "ceil": unary_row("same", np.ceil, on_bool="identity", on_int="identity", grad=NO_GRAD),
    "round": unary_row("same", np.round, on_bool="identity", on_int="identity", grad=NO_GRAD),
    "relu": unary_row("same", lambda x: np.maximum(x, np.zeros_like(x)), tol=ANY_ZERO,
                      on_bool="identity", grad=AWAY(0.1, 2)),
    "logicalNot": unary_row("bool", np.logical_not),
    "isNan": unary_row("bool", np.isnan),
    "isFinite": unary_row("bool", np.isfinite),
    "isInf": unary_row("bool", np.isinf),
}


def unary_expected(op, x):
    """(expected, tolerance) of a unary op on NumPy array x with our dtype rules."""
    row = UNARY[op]
    d = x.dtype.name
    if row["result"] == "bool":
        return row["ref"](x), None
    if row["result"] == "float":
        out = float_of(d)
        y = round_to(row["ref"](f64(x.astype(NPT[out]))), out)
    elif d == "bool" and row["on_bool"] is not None:
        return (ERR if row["on_bool"] == "error" else x.copy()), None
    elif row["on_int"] == "identity" and not is_float(d):
        return x.copy(), None
    elif is_float(d):
        y = round_to(row["ref"](f64(x)), d)
    else:
        y = row["ref"](x).astype(NPT[d])
    return y, (row["tol"](y.dtype.name) if row["tol"] else None)


def gen_unary():
    views = [
        [["T", [1, 0]]],
        [["at", ["::2, ::-1"]]],
        [["bc", [3, 4, 5]]],
    ]
    for op in UNARY:
        use_rng("unary", op)
        i = slot(op)
        for j, d in enumerate(DTYPES):
            cases = [T(unary_pool(d)), T(rand(d, (2, 3, 4), special=True))]
            if j % 3 == i % 3:
                cases.append(T(rand(d, ())))
            if j % 3 == (i + 1) % 3:
                cases.append(T(rand(d, (0, 4))))
            if d in ("float32", "int32", "float16", "uint8") or j == i % 7:
                v = views[(i + j) % 3]
                base = rand(d, (4, 5) if v[0][0] != "bc" else (4, 1), special=True)
                if v[0][0] == "at":
                    base = rand(d, (6, 5), special=True)
                cases.append(T(base, v))
            for spec, x in cases:
                out, t = unary_expected(op, x)
                case = {"op": op, "x": spec, "out": out if out is ERR else enc(out)}
                if t:
                    case["t"] = t
                add("unary", case)


# ---------------------------------------------------------------------------------------------
# Binary ops: one row per op (the module docstring describes a row).


def binary_row(result, ref, int_ref=None, bool_ref=None, tol=None, grad=None):
    """One binary op; the fields are described in the module docstring."""
    assert result in ("same", "float", "compare", "logical")
    assert bool_ref is None or result == "same"
    assert grad is None or grad == NO_GRAD or set(grad) == {"a", "b", "sa", "sb"}
    return {"result": result, "ref": ref, "int_ref": int_ref, "bool_ref": bool_ref, "tol": tol,
            "grad": grad}


def BD(a, b, sa, sb):
    """Gradient-check domain of a binary op: domains of the operands a and b (U or AWAY), and the
    JS scalars used for the left side (scalar-tensor form) and the right side (tensor-scalar)."""
    return {"a": a, "b": b, "sa": sa, "sb": sb}


PLAIN = BD(U(-2, 2), U(-2, 2), 0.7, -1.3)


def int_pow(a, b):
    """Integer power with wraparound; any negative exponent is an error, as in NumPy ("Integers to
    negative integer powers are not allowed") and src/ops/binary.ts."""
    a, b = np.broadcast_arrays(a, b)
    if b.size > 0 and (b < 0).any():
        return ERR
    return np.power(a, b).astype(a.dtype)


BINARY = {
    "add": binary_row("same", np.add, bool_ref=np.logical_or, grad=PLAIN),
    "sub": binary_row("same", np.subtract, grad=PLAIN),
    "mul": binary_row("same", np.multiply, bool_ref=np.logical_and, grad=PLAIN),
    "div": binary_row("float", np.divide, grad=BD(U(-2, 2), AWAY(0.5, 2), 0.7, 1.7)),
    "floorDiv": binary_row("same", np.floor_divide, grad=NO_GRAD),
    # mod's domain keeps |a/b| in (2.48, 2.87), never an integer.
    "mod": binary_row("same", np.remainder, grad=BD(AWAY(3.1, 3.3), AWAY(1.15, 1.25), 3.2, -1.2)),
    "pow": binary_row("same", np.power, int_ref=int_pow, tol=TRANSCENDENTAL,
                      grad=BD(U(0.5, 2), U(-2, 2), 1.7, 2.5)),
    "maximum": binary_row("same", np.maximum, bool_ref=np.logical_or,
                          grad=BD(U(-2, 2), U(-2, 2), 0.3, -0.2)),
    "minimum": binary_row("same", np.minimum, bool_ref=np.logical_and,
                          grad=BD(U(-2, 2), U(-2, 2), 0.3, -0.2)),
    "squaredDifference": binary_row("same", lambda a, b: np.square(a - b), grad=PLAIN),
    "atan2": binary_row("float", np.arctan2, tol=TRANSCENDENTAL,
                        grad=BD(U(-2, 2), AWAY(0.3, 2), 0.8, -0.9)),
    "equal": binary_row("compare", np.equal),
    "notEqual": binary_row("compare", np.not_equal),
    "less": binary_row("compare", np.less),
    "lessEqual": binary_row("compare", np.less_equal),
    "greater": binary_row("compare", np.greater),
    "greaterEqual": binary_row("compare", np.greater_equal),
    "logicalAnd": binary_row("logical", np.logical_and),
    "logicalOr": binary_row("logical", np.logical_or),
    "logicalXor": binary_row("logical", np.logical_xor),
}


def binary_expected(op, a, b):
    """a, b: NumPy arrays (tensors) or ('n'|'b'|'l', value) weak scalars. Returns (out, tol)."""
    row = BINARY[op]
    sa, sb = isinstance(a, tuple), isinstance(b, tuple)
    if sa and sb:
        raise ValueError("two scalars")
    if sa:
        promoted = weak(b.dtype.name, a)
    elif sb:
        promoted = weak(a.dtype.name, b)
    else:
        promoted = promote(a.dtype.name, b.dtype.name)
    if row["result"] == "logical":
        compute = "bool"
    elif row["result"] == "float":
        compute = float_of(promoted)
    else:
        compute = promoted
    if compute == "bool" and row["result"] == "same" and row["bool_ref"] is None:
        return ERR, None

    def conv(x):
        return scalar_array(x, compute) if isinstance(x, tuple) else cast_ours(x, compute)

    x, y = conv(a), conv(b)
    if row["result"] == "logical":
        return row["ref"](x, y), None
    if row["result"] == "compare":
        if is_float(compute):
            return row["ref"](f64(x), f64(y)), None
        return row["ref"](x, y), None
    if is_float(compute):
        r = round_to(row["ref"](f64(x), f64(y)), compute)
        return r, (row["tol"](compute) if row["tol"] else None)
    if compute == "bool":
        return row["bool_ref"](x, y), None
    fn = row["int_ref"] or row["ref"]
    r = fn(x, y)
    if r is ERR:
        return ERR, None
    return np.asarray(r).astype(NPT[compute]), None


def bin_case(op, a, b):
    """a, b: (spec, array) tensor args or weak scalars (kind, value)."""
    av = a if isinstance(a[0], str) else a[1]
    bv = b if isinstance(b[0], str) else b[1]
    out, t = binary_expected(op, av, bv)
    case = {
        "op": op,
        "a": enc_scalar(a) if isinstance(a[0], str) else a[0],
        "b": enc_scalar(b) if isinstance(b[0], str) else b[0],
        "out": out if out is ERR else enc(out),
    }
    if t:
        case["t"] = t
    add("binary", case)


SHAPES2 = [
    ((3, 4), (3, 4)),
    ((3, 1), (1, 4)),
    ((2, 3, 4), (4,)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((0, 3), (1, 3)),
    ((2, 1, 3), (4, 1)),
    ((), ()),
]
MIXED = [
    ("int32", "float32"),
    ("uint8", "int32"),
    ("int64", "float32"),
    ("float16", "float32"),
    ("bool", "int32"),
    ("bool", "float64"),
    ("uint8", "float16"),
    ("int32", "int64"),
    ("float32", "float64"),
    ("int64", "float16"),
    ("uint8", "int64"),
    ("bool", "uint8"),
]


def scalars_for(d):
    if is_float(d):
        return [("n", 2.5), ("n", -3), ("n", math.nan), ("n", 0)]
    if d == "bool":
        return [("l", True), ("l", False), ("n", 2.5)]
    if d == "int64":
        return [("n", 3), ("b", -5), ("n", 0), ("n", 2.5)]
    return [("n", 3), ("n", 0), ("n", 2.5)]


def gen_binary():
    for op in BINARY:
        use_rng("binary", op)
        i = slot(op)
        for j, d in enumerate(DTYPES):
            pool = cross_pool(d)
            n = len(pool)
            # Every pair of special values: (n, 1) against (1, n).
            bin_case(op, T(pool.reshape(n, 1)), T(pool.reshape(1, n)))
            sa, sb = SHAPES2[(i + j) % len(SHAPES2)]
            bin_case(op, T(rand(d, sa, special=True)), T(rand(d, sb, special=True)))
            for s in scalars_for(d):
                x = T(rand(d, (2, 3), special=True))
                bin_case(op, x, s)
                bin_case(op, s, x)
        for k, (da, db) in enumerate(MIXED):
            sa, sb = SHAPES2[(i + k) % 3]
            a = rand(da, sa, special=True)
            b = rand(db, sb, special=True)
            bin_case(op, T(a), T(b))
            bin_case(op, T(b), T(a))
        # Non-contiguous inputs.
        for d in ("float32", "int32", DTYPES[i % 7]):
            bin_case(op, T(rand(d, (4, 3), special=True), [["T", [1, 0]]]),
                     T(rand(d, (3, 8), special=True), [["at", [":, ::2"]]]))
            bin_case(op, T(rand(d, (1, 4)), [["bc", [3, 4]]]),
                     T(rand(d, (6, 4), special=True), [["at", ["::-2"]]]))
        # Rank 0 with anything; empty with a scalar.
        bin_case(op, T(rand("float32", ())), T(rand("float32", (2, 0, 3))))
        bin_case(op, T(rand("int32", (0,))), ("n", 2))


# ---------------------------------------------------------------------------------------------
# Reductions.

# Reductions by public name, with the gradient-check domain of the op-table reductions
# (src/ops/op_ids.ts REDUCE_OPS: reduceSum is "sum"); None where grad_test needs none (bool
# results, and the composites, whose gradients it checks by hand). The expected values are
# reduce_expected's.
REDUCE = {
    "reduceSum": U(-2, 2),
    "reduceMean": U(-2, 2),
    "reduceMax": U(-2, 2),
    "reduceMin": U(-2, 2),
    "reduceProd": AWAY(0.5, 1.5),
    "reduceAll": None,
    "reduceAny": None,
    "reduceLogSumExp": None,
    "reduceStd": None,
    "reduceVariance": None,
}
AXES = ["omit", None, 0, 1, -1, 2, [0, 2], [-1, 0], [1], [0, 1, 2], []]


def norm_axes(axis, rank):
    if axis == "omit" or axis is None:
        return tuple(range(rank))
    lst = [axis] if isinstance(axis, int) else axis
    return tuple(sorted(a % rank if rank else a for a in lst))


def lse_f64(x, axes):
    m = np.max(x, axis=axes, keepdims=True) if x.size else np.zeros([1] * x.ndim)
    m = np.where(np.isfinite(m), m, 0.0)
    s = np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True)) + m
    return np.squeeze(s, axis=axes) if axes else s


def reduce_expected(op, x, axis, keepdims):
    d = x.dtype.name
    axes = norm_axes(axis, x.ndim)
    n = int(np.prod([x.shape[a] for a in axes])) if axes else 1

    def kd(r):
        r = np.asarray(r)
        if keepdims:
            shape = [1 if k in axes else s for k, s in enumerate(x.shape)]
            r = r.reshape(shape)
        return r

    if op in ("reduceMax", "reduceMin") and any(x.shape[a] == 0 for a in axes):
        return ERR, None
    if op in ("reduceAll", "reduceAny"):
        fn = np.all if op == "reduceAll" else np.any
        return kd(fn(x != 0, axis=axes)), None
    if op in ("reduceMax", "reduceMin"):
        fn = np.max if op == "reduceMax" else np.min
        if is_float(d):
            return kd(round_to(fn(f64(x), axis=axes), d)), {"z": 1}
        return kd(fn(x, axis=axes).astype(NPT[d])), None
    if op in ("reduceSum", "reduceProd"):
        out = "int32" if d == "bool" else d
        fn = np.sum if op == "reduceSum" else np.prod
        if is_float(d):
            xf = f64(x)
            r = round_to(fn(xf, axis=axes), d)
            if op == "reduceSum":
                mag = float(np.max(np.sum(np.abs(np.where(np.isfinite(xf), xf, 0)), axis=axes),
                                   initial=0.0))
                return kd(r), tol(d, u=1 if d != "float64" else 2, a=4 * n * 2**-53 * mag)
            return kd(r), tol(d, u=1 if d != "float64" else 4 + n)
        return kd(fn(x.astype(NPT[out]), axis=axes, dtype=NPT[out])), None
    out = d if d in ("float16", "float64") else "float32"
    if op == "reduceMean":
        xf = f64(x.astype(object).astype(F64)) if d == "int64" else f64(x)
        r = round_to(np.mean(xf, axis=axes) if n else np.full(kd_shape(x, axes), np.nan), out)
        mag = float(np.max(np.mean(np.abs(np.where(np.isfinite(xf), xf, 0)), axis=axes),
                           initial=0.0)) if n else 0.0
        return kd(r), tol(out, u=1 if out != "float64" else 2, a=4 * n * 2**-53 * mag)
    # The float ops cast int/bool to float32 first.
    xf = f64(x.astype(NPT[out]))
    eps = EPS[out]
    if op == "reduceLogSumExp":
        r = round_to(lse_f64(xf, axes), out)
        return kd(r), tol(out, u=1, r=4 * eps, a=4 * eps)
    var = np.var(xf, axis=axes) if n else np.full(kd_shape(x, axes), np.nan)
    big = float(np.max(np.square(np.where(np.isfinite(xf), xf, 0)), initial=0.0))
    if op == "reduceVariance":
        return kd(round_to(var, out)), tol(out, u=2, r=8 * eps, a=2 * eps * big)
    return kd(round_to(np.sqrt(var), out)), tol(out, u=2, r=8 * eps, a=math.sqrt(2 * eps * big))


def kd_shape(x, axes):
    return [s for k, s in enumerate(x.shape) if k not in axes]


def gen_reduce():
    for op in REDUCE:
        use_rng("reduce", op)
        i = slot(op)
        for j, d in enumerate(DTYPES):
            axes = AXES if d in ("float32", "int32") else [AXES[(i + j + k) % len(AXES)]
                                                           for k in range(4)]
            for k, axis in enumerate(axes):
                scale = 1.2 if op == "reduceProd" else 3.0
                x = rand(d, (2, 3, 4), scale=scale, special=(k % 4 == 3))
                if d == "int32" and op == "reduceProd":
                    x = RNG.integers(-2**20, 2**20, (2, 3, 4)).astype(np.int32)
                red_case(op, T(x), axis, k % 2 == 1)
            # rank 0, empty, non-contiguous
            red_case(op, T(rand(d, ())), "omit", j % 2 == 0)
            for axis in (0, 1, "omit"):
                red_case(op, T(rand(d, (0, 3))), axis, False)
            red_case(op, T(rand(d, (3, 4, 2)), [["T", [2, 0, 1]]]), [0, 2], j % 2 == 1)
            red_case(op, T(rand(d, (6, 5)), [["at", ["::-2, 1::2"]]]), -1, False)
            red_case(op, T(rand(d, (1, 5)), [["bc", [3, 5]]]), 0, True)
        # NaN and infinities in float reductions.
        for d in FLOATS:
            x = as_dtype([[1.0, math.nan, 2.0], [math.inf, 1.0, -1.0], [-math.inf, math.inf, 0.0],
                          [-math.inf, -math.inf, -math.inf]], d)
            red_case(op, T(x), 1, False)
            red_case(op, T(x), 0, True)
    # Wraparound of integer sums and products.
    for d in INTS:
        info = np.iinfo(NPT[d])
        x = np.array([[info.max, 1, 2], [info.min, -1 if d != "uint8" else 3, info.max]],
                     dtype=NPT[d])
        for op in ("reduceSum", "reduceProd"):
            red_case(op, T(x), 1, False)
            red_case(op, T(x), None, False)


def red_case(op, x, axis, keepdims):
    spec, arr = x
    out, t = reduce_expected(op, arr, axis, keepdims)
    case = {"op": op, "x": spec, "kd": keepdims, "out": out if out is ERR else enc(out)}
    if axis != "omit":
        case["axis"] = axis
    if t:
        case["t"] = t
    add("reduce", case)


# ---------------------------------------------------------------------------------------------
# argmax / argmin / cumsum.


def gen_arg():
    for op, fn in (("argmax", np.argmax), ("argmin", np.argmin)):
        use_rng("arg", op)
        for j, d in enumerate(DTYPES):
            x = rand(d, (3, 4, 5), special=True)
            for k, axis in enumerate([None, 0, 1, -1, 2]):
                spec, arr = T(x)
                ot = "int64" if k == 2 else None
                ax = 0 if axis is None else axis
                case = {"op": op, "x": spec,
                        "out": enc(fn(arr, axis=ax).astype(np.int64 if ot else np.int32))}
                if axis is not None:
                    case["axis"] = axis
                if ot:
                    case["ot"] = ot
                add("arg", case)
            spec, arr = T(cross_pool(d))
            add("arg", {"op": op, "x": spec, "out": enc(fn(arr).astype(np.int32))})
            spec, arr = T(rand(d, (4, 3)), [["T", [1, 0]]])
            add("arg", {"op": op, "x": spec, "axis": 1,
                        "out": enc(fn(arr, axis=1).astype(np.int32))})
        # Ties pick the first; NaN wins for both (NumPy's rule).
        x = np.array([[1, 3, 3, 0], [2, 2, 2, 2], [math.nan, 5, math.nan, -1], [0, -0.0, 0, 9]],
                     dtype=np.float32)
        for ax in (0, 1):
            add("arg", {"op": op, "x": enc(x), "axis": ax,
                        "out": enc(fn(x, axis=ax).astype(np.int32))})
        add("arg", {"op": op, "x": enc(rand("float32", ())), "out": ERR})
        add("arg", {"op": op, "x": enc(rand("float32", (0, 3))), "axis": 0, "out": ERR})
        add("arg", {"op": op, "x": enc(rand("float32", (0, 3))), "axis": 1,
                    "out": enc(np.zeros((0,), np.int32))})


def cumsum_ref(x, axis, exclusive, reverse):
    d = x.dtype.name
    out = "int32" if d == "bool" else d
    x = x.astype(NPT[out])
    x = np.moveaxis(x, axis, -1)
    if reverse:
        x = x[..., ::-1]
    res = np.zeros(x.shape, dtype=NPT[out])
    acc = np.zeros(x.shape[:-1], dtype=NPT[out])
    for k in range(x.shape[-1]):
        if exclusive:
            res[..., k] = acc
        if is_float(out):
            # One IEEE addition in the output dtype per step (f64 sum, rounded once).
            acc = (f64(acc) + f64(x[..., k])).astype(NPT[out])
        else:
            acc = (acc + x[..., k]).astype(NPT[out])
        if not exclusive:
            res[..., k] = acc
    if reverse:
        res = res[..., ::-1]
    return carr(np.moveaxis(res, -1, axis))


def gen_cumsum():
    use_rng("cumsum")
    k = 0
    for d in DTYPES:
        for shape in ((7,), (3, 4), (2, 3, 4)):
            for axis in list(range(len(shape))) + [-1]:
                for ex, rev in ((False, False), (True, False), (False, True), (True, True)):
                    k += 1
                    if d not in ("float32", "int32") and k % 3:
                        continue
                    x = rand(d, shape, special=(k % 5 == 0))
                    if d == "int32" and k % 2:
                        x = RNG.integers(-2**30, 2**30, shape).astype(np.int32)
                    cum_case(T(x), axis, ex, rev)
        cum_case(T(rand(d, (4, 3)), [["T", [1, 0]]]), 1, False, False)
        cum_case(T(rand(d, (8,)), [["at", ["::-2"]]]), 0, True, False)
        cum_case(T(rand(d, (0, 3))), 0, False, False)
        cum_case(T(rand(d, (2, 0))), 1, False, True)
    add("cumsum", {"x": enc(rand("float32", ())), "axis": 0, "out": ERR})
    # f32 partial sums are rounded at every step, like NumPy's cumsum.
    cum_case(T(np.array([1e8, 1, 1, 1, -1e8, 1], dtype=np.float32)), 0, False, False)
    for d in INTS:
        info = np.iinfo(NPT[d])
        cum_case(T(np.array([info.max, 1, info.max, info.min], dtype=NPT[d])), 0, False, False)


def cum_case(x, axis, ex, rev):
    spec, arr = x
    out = cumsum_ref(arr, axis, ex, rev)
    case = {"x": spec, "axis": axis, "out": enc(out)}
    if ex:
        case["ex"] = True
    if rev:
        case["rev"] = True
    add("cumsum", case)


# ---------------------------------------------------------------------------------------------
# matmul.


def gen_matmul():
    shapes = [
        ((3, 4), (4, 5), False, False),
        ((4, 3), (4, 5), True, False),
        ((3, 4), (5, 4), False, True),
        ((4, 3), (5, 4), True, True),
        ((2, 3, 4), (2, 4, 5), False, False),
        ((2, 1, 3, 4), (3, 4, 2), False, False),
        ((3, 4), (2, 4, 2), False, False),
        ((2, 4, 3), (1, 2, 4), True, True),
        ((1, 3), (3, 1), False, False),
        ((2, 0), (0, 3), False, False),
        ((0, 3), (3, 2), False, False),
        ((2, 3), (3, 0), False, False),
        ((5, 1, 2), (2, 3), False, False),
    ]
    dts = ["float32", "float64", "float16", "int32", "int64", "uint8"]
    use_rng("matmul")
    for i, (sa, sb, ta, tb) in enumerate(shapes):
        for j, d in enumerate(dts):
            if d not in ("float32", "int32") and (i + j) % 3:
                continue
            a = rand(d, sa, scale=1.0)
            b = rand(d, sb, scale=1.0)
            mm_case(T(a), T(b), ta, tb)
    # Wrapping int32/uint8/int64 products.
    for d in INTS:
        info = np.iinfo(NPT[d])
        lo = max(info.min, -(2**40))
        a = RNG.integers(lo, min(info.max, 2**40), (3, 4), endpoint=True).astype(NPT[d])
        b = RNG.integers(lo, min(info.max, 2**40), (4, 2), endpoint=True).astype(NPT[d])
        mm_case(T(a), T(b), False, False)
    # Mixed dtypes promote.
    for da, db in (("int32", "float32"), ("uint8", "int32"), ("float16", "float64"),
                   ("int64", "float32")):
        mm_case(T(rand(da, (2, 3), scale=2)), T(rand(db, (3, 2), scale=2)), False, False)
    # Non-contiguous inputs.
    for d in ("float32", "int32", "float64"):
        mm_case(T(rand(d, (4, 3)), [["T", [1, 0]]]), T(rand(d, (4, 6)), [["at", [":, ::2"]]]),
                False, False)
        mm_case(T(rand(d, (2, 4, 3)), [["at", ["::-1, ::-1"]]]),
                T(rand(d, (1, 2, 3)), [["bc", [2, 2, 3]]]), False, True)
        mm_case(T(rand(d, (3, 2, 4)), [["T", [1, 0, 2]]]), T(rand(d, (4, 5))), False, False)
    add("matmul", {"a": enc(rand("bool", (2, 2))), "b": enc(rand("bool", (2, 2))), "out": ERR})
    add("matmul", {"a": enc(rand("float32", (2, 3))), "b": enc(rand("float32", (2, 3))),
                   "out": ERR})
    add("matmul", {"a": enc(rand("float32", (3,))), "b": enc(rand("float32", (3, 2))),
                   "out": ERR})


def mm_case(a, b, ta, tb):
    (sa, xa), (sb, xb) = a, b
    d = promote(xa.dtype.name, xb.dtype.name)
    xa = cast_ours(xa, d)
    xb = cast_ours(xb, d)
    if ta:
        xa = np.swapaxes(xa, -1, -2)
    if tb:
        xb = np.swapaxes(xb, -1, -2)
    case = {"a": sa, "b": sb}
    if ta:
        case["ta"] = True
    if tb:
        case["tb"] = True
    if is_float(d):
        prod = np.matmul(f64(xa), f64(xb))
        k = xa.shape[-1]
        mag = float(np.max(np.matmul(np.abs(f64(xa)), np.abs(f64(xb))), initial=0.0))
        case["out"] = enc(round_to(prod, d))
        case["t"] = tol(d, u=1 if d != "float64" else 2, a=2 * k * 2**-53 * mag)
    else:
        case["out"] = enc(np.matmul(xa, xb).astype(NPT[d]))
    add("matmul", case)


# ---------------------------------------------------------------------------------------------
# Shape and movement ops.


def mv(op, x, args, out):
    case = {"op": op, "a": args}
    if isinstance(x, list):
        case["xs"] = [s for s, _ in x]
    else:
        case["x"] = x[0]
    if out is ERR:
        case["out"] = ERR
    elif isinstance(out, list):
        case["outs"] = [enc(carr(o)) for o in out]
    else:
        case["out"] = enc(carr(out))
    add("movement", case)


def arange(d, shape):
    n = int(np.prod(shape))
    if d == "bool":
        return (np.arange(n) % 3 == 0).reshape(shape)
    v = np.arange(n) - n // 2
    if d == "uint8":
        v = np.arange(n) % 256
    return v.astype(NPT[d]).reshape(shape)


def gen_movement():
    for j, d in enumerate(DTYPES):
        x = T(arange(d, (2, 3, 4)))
        xt = T(arange(d, (4, 3, 2)), [["T", [2, 1, 0]]])
        for src in (x, xt):
            a = src[1]
            for shape in ([4, -1], [-1], [3, 2, 4], [24, 1], [1, 2, 1, 12, 1]):
                mv("reshape", src, {"shape": shape}, a.reshape(shape))
            mv("transpose", src, {}, a.T)
            mv("transpose", src, {"perm": [1, 0, 2]}, np.transpose(a, [1, 0, 2]))
            mv("transpose", src, {"perm": [2, 0, 1]}, np.transpose(a, [2, 0, 1]))
            for ax in (0, 1, 3, -1, -4):
                mv("expandDims", src, {"axis": ax}, np.expand_dims(a, ax))
            mv("slice", src, {"begin": [1, 0, 1], "size": [1, -1, 2]}, a[1:2, 0:, 1:3])
            mv("slice", src, {"begin": [0, 3, 0], "size": [2, 0, -1]}, a[0:2, 3:3, 0:])
            for ax in (0, 1, -1):
                mv("unstack", src, {"axis": ax}, [np.take(a, i, axis=ax) for i in
                                                  range(a.shape[ax])])
            mv("split", src, {"n": 2, "axis": 2}, np.split(a, 2, axis=2))
            mv("split", src, {"sizes": [1, -1], "axis": 1}, np.split(a, [1], axis=1))
            mv("split", src, {"sizes": [1, 0, 3], "axis": -1}, np.split(a, [1, 1], axis=-1))
        s = T(arange(d, (1, 3, 1, 2)))
        mv("squeeze", s, {}, np.squeeze(s[1]))
        mv("squeeze", s, {"axis": 2}, np.squeeze(s[1], 2))
        mv("squeeze", s, {"axis": [-4, 2]}, np.squeeze(s[1], (0, 2)))
        mv("squeeze", s, {"axis": 1}, ERR)
        r0 = T(arange(d, ()))
        mv("reshape", r0, {"shape": [1, 1]}, r0[1].reshape(1, 1))
        mv("reshape", T(arange(d, (1, 1))), {"shape": []}, r0[1].reshape(()))
        mv("expandDims", r0, {"axis": 0}, r0[1].reshape(1))
        mv("transpose", r0, {}, r0[1])
        e = T(arange(d, (0, 3)))
        mv("reshape", e, {"shape": [3, 0, 1]}, e[1].reshape(3, 0, 1))
        mv("transpose", e, {}, e[1].T)
        mv("reshape", x, {"shape": [5, -1]}, ERR)
        # broadcastTo
        for src, shape in ((T(arange(d, (3, 1))), [2, 3, 4]), (r0, [2, 2]),
                           (T(arange(d, (1, 3))), [0, 3]), (T(arange(d, (4,))), [2, 4]),
                           (T(arange(d, (2, 3)), [["T", [1, 0]]]), [2, 3, 2])):
            mv("broadcastTo", src, {"shape": shape}, np.broadcast_to(src[1], shape))
        mv("broadcastTo", T(arange(d, (3,))), {"shape": [4]}, ERR)
        # concat / stack (the stack cases reuse the concat inputs)
        use_rng("movement", "concat")
        p, q = T(arange(d, (2, 3))), T(rand(d, (2, 1)))
        mv("concat", [p, q], {"axis": 1}, np.concatenate([p[1], q[1]], 1))
        mv("concat", [p, q, p], {"axis": -1}, np.concatenate([p[1], q[1], p[1]], -1))
        z = T(rand(d, (0, 3)))
        mv("concat", [p, z, p], {"axis": 0}, np.concatenate([p[1], z[1], p[1]], 0))
        pt = T(arange(d, (3, 2)), [["T", [1, 0]]])
        mv("concat", [pt, p], {"axis": 0}, np.concatenate([pt[1], p[1]], 0))
        mv("concat", [p, q], {"axis": 0}, ERR)
        for ax in (0, 1, 2, -1):
            mv("stack", [p, pt, p], {"axis": ax}, np.stack([p[1], pt[1], p[1]], ax))
        mv("stack", [r0, r0], {}, np.stack([r0[1], r0[1]]))
        mv("stack", [p, q], {}, ERR)
    # concat and stack promote dtypes.
    use_rng("movement", "concat")
    for da, db in (("int32", "float32"), ("uint8", "int32"), ("bool", "int64"),
                   ("float16", "float64"), ("int64", "float32")):
        p, q = T(rand(da, (2, 2), special=True)), T(rand(db, (2, 3), special=True))
        dt = promote(da, db)
        mv("concat", [p, q], {"axis": 1},
           np.concatenate([cast_ours(p[1], dt), cast_ours(q[1], dt)], 1))
        q2 = T(rand(db, (2, 2), special=True))
        mv("stack", [p, q2], {"axis": 1},
           np.stack([cast_ours(p[1], dt), cast_ours(q2[1], dt)], 1))


AT_ARGS = [
    [1], [-1], ["1:3"], ["::2"], ["::-1"], ["-2:"], [":-1"], ["1:4:2"], ["4:0:-2"], ["::-3"],
    ["-1:-6:-2"], [0, "1:"], ["1, 2:5, ..., ::-1"], ["..., 0"], ["...", None], [None, 1],
    ["None, :, None"], ["1:3, None, ..., -1"], ["10:"], ["3:1"], [2, -1, 0], ["...", 1, "::2"],
    ["::-1, ::-1, ::-1"], [":, 1:2, None, 4:"], ["-4:5"], ["5:-10:-1"], ["..."], [],
    ["1", -2], [None, None, 0, "...", None], ["0:1, -1:-2:-1"], [-4, "::-2", -6],
    [" 1 : 3 , ::2 "], ["2::-1, 3:-7:-1"],
]


def gen_at():
    base = np.arange(4 * 5 * 6, dtype=np.float32).reshape(4, 5, 6) - 60
    for k, args in enumerate(AT_ARGS):
        d = DTYPES[k % 7]
        arr = (base.astype(np.int64) % 3 == 0 if d == "bool" else
               cast_ours(base + 60 if d == "uint8" else base, d))
        spec, a = T(arr)
        add("at", {"x": spec, "idx": args, "out": enc(carr(np_index(a, args)))})
    # On views.
    for view, args in (([["T", [2, 0, 1]]], ["1:, ::-2"]), ([["at", ["::2, 1:"]]], [-1, "..."]),
                       ([["bc", [3, 4, 5, 6]]], [":, 1, ::-1"]),
                       ([["at", ["::-1"]], ["T", [1, 0, 2]]], ["::2, 1"])):
        spec, a = T(base, view)
        add("at", {"x": spec, "idx": args, "out": enc(carr(np_index(a, args)))})
    # Rank 0.
    spec, a = T(np.array(7, dtype=np.int32))
    for args in ([], ["..."], [None], ["None, ..."]):
        add("at", {"x": spec, "idx": args, "out": enc(carr(np_index(a, args)))})
    for args in ([4], [-5], [0, 0, 0, 0], ["1:, ..., ..."], ["::0"], ["1:2:3:4"], ["a"], [1.5]):
        add("at", {"x": enc(base), "idx": args, "out": ERR})


def gen_gather():
    for j, d in enumerate(DTYPES):
        x = arange(d, (3, 4, 5))
        spec = enc(x)
        for axis, idx in ((0, [2, 0, 1, 2]), (1, [3, 0]), (2, [4, 4, 0]), (-1, [1]),
                          (1, [[0, 2], [1, 1], [3, 0]]), (0, 1), (2, []), (-2, [[[3]]])):
            it = np.array(idx, dtype=np.int32).reshape(np.shape(idx))
            out = np.take(x, it, axis=axis)
            add("gather", {"x": spec, "i": enc(it), "axis": axis, "out": enc(out)})
    x = arange("float32", (4, 3))
    for idt in ("int64", "uint8"):
        it = np.array([[2, 0], [1, 2]], dtype=NPT[idt])
        add("gather", {"x": enc(x), "i": enc(it), "axis": 1, "out": enc(np.take(x, it, 1))})
    xs, xa = T(arange("float64", (3, 4)), [["T", [1, 0]]])
    it = np.array([0, 2, 2], np.int32)
    add("gather", {"x": xs, "i": enc(it), "axis": 0, "out": enc(np.take(xa, it, 0))})
    xs, xa = T(arange("int32", (6, 4)), [["at", ["::-2"]]])
    add("gather", {"x": xs, "i": enc(it), "axis": 0, "out": enc(np.take(xa, it, 0))})
    add("gather", {"x": enc(x), "i": enc(np.array([4], np.int32)), "axis": 0, "out": ERR})
    add("gather", {"x": enc(x), "i": enc(np.array([-1], np.int32)), "axis": 0, "out": ERR})
    add("gather", {"x": enc(x), "i": enc(np.array([0], np.int32)), "axis": 2, "out": ERR})
    add("gather", {"x": enc(x), "i": enc(np.array([0.0], np.float32)), "axis": 0, "out": ERR})


# ---------------------------------------------------------------------------------------------
# where, cast, clipByValue.


def where_case(c, a, b):
    cv = c[1]
    av = a if isinstance(a[0], str) else a[1]
    bv = b if isinstance(b[0], str) else b[1]
    sa, sb = isinstance(av, tuple), isinstance(bv, tuple)
    if sa and sb:
        dt = weak({"n": "float32", "b": "int64", "l": "bool"}[av[0]], bv)
    elif sb:
        dt = weak(av.dtype.name, bv)
    elif sa:
        dt = weak(bv.dtype.name, av)
    else:
        dt = promote(av.dtype.name, bv.dtype.name)
    x = scalar_array(av, dt) if sa else cast_ours(av, dt)
    y = scalar_array(bv, dt) if sb else cast_ours(bv, dt)
    out = np.where(cv != 0, x, y).astype(NPT[dt])
    add("where", {
        "c": c[0],
        "a": enc_scalar(a) if sa else a[0],
        "b": enc_scalar(b) if sb else b[0],
        "out": enc(out),
    })


def gen_where():
    use_rng("where")
    for j, d in enumerate(DTYPES):
        c = T(rand("bool", (3, 4)))
        where_case(c, T(rand(d, (3, 4), special=True)), T(rand(d, (3, 4), special=True)))
        where_case(T(rand("bool", (3, 1))), T(rand(d, (1, 4))), T(rand(d, (2, 3, 4))))
        where_case(T(rand("bool", ())), T(rand(d, (2, 2))), T(rand(d, (2, 1))))
        where_case(T(rand("bool", (2, 3))), T(rand(d, (2, 3))), ("n", 2.5) if d != "bool" else
                   ("l", True))
        where_case(T(rand("bool", (2, 3))), ("n", 1) if d != "bool" else ("l", False),
                   T(rand(d, (3,))))
        where_case(T(rand(d, (2, 3), special=True)), T(rand("float32", (2, 3))),
                   T(rand("float32", (2, 3))))
        where_case(T(rand("bool", (4, 3)), [["T", [1, 0]]]),
                   T(rand(d, (3, 8)), [["at", [":, ::2"]]]),
                   T(rand(d, (1, 4)), [["bc", [3, 4]]]))
        where_case(T(rand("bool", (0, 2))), T(rand(d, (0, 2))), T(rand(d, (2,))))
    for da, db in MIXED:
        where_case(T(rand("bool", (2, 3))), T(rand(da, (2, 3), special=True)),
                   T(rand(db, (2, 3), special=True)))
    where_case(T(rand("bool", (2, 2))), ("n", 1.5), ("n", 2))
    where_case(T(rand("bool", (2, 2))), ("b", 3), ("b", -4))
    where_case(T(rand("bool", (2, 2))), ("n", 3), T(rand("uint8", (2, 2))))
    where_case(T(rand("bool", (2, 2))), ("n", 0.5), T(rand("int32", (2, 2))))


CAST_SOURCE = {
    "float": [math.nan, math.inf, -math.inf, -0.0, 0.0, 0.4, -0.4, 0.5, 1.5, -1.5, 2.5, 1.7, -1.7,
              -0.9, 127.9, 128.5, 255.4, 255.9, 256.0, 300.7, -1.0, -200.0, 65504.0, 1e5,
              2147483520.0, 2147483647.0, 2147483648.0, 3e9, -2147483648.0, -2147483904.0,
              -3e9, 9.2e18, 9223372036854775807.0, -9223372036854775808.0, -1e19, 1e30, 1e-30,
              1e-7, 3.14159265358979, 5e-324],
}


def cast_pool(d):
    if is_float(d):
        vals = np.array(CAST_SOURCE["float"], dtype=F64).astype(NPT[d])
        return vals
    if d == "int64":
        return as_dtype([I64_MIN, I64_MAX, -1, 0, 1, 255, 256, -256, 257, 2**31, 2**31 - 1,
                         -(2**31) - 1, 2**32 + 5, 2**53 + 1, 2**53 + 2**29 + 1,
                         -(2**53 + 2**29 + 1),
                         2**24 + 1, 65504, 65520, -(2**62) - 1, 2**63 - 2**39 - 1, 2047, 2049], d)
    return unary_pool(d)


def gen_cast():
    use_rng("cast")
    for src in DTYPES:
        pool = cast_pool(src)
        for dst in DTYPES:
            spec, a = T(pool)
            add("cast", {"x": spec, "dtype": dst, "out": enc(cast_ours(a, dst))})
        # Non-contiguous and empty sources.
        spec, a = T(rand(src, (4, 3), special=True), [["T", [1, 0]]])
        for dst in DTYPES:
            add("cast", {"x": spec, "dtype": dst, "out": enc(cast_ours(carr(a), dst))})
        spec, a = T(rand(src, (0, 2)))
        add("cast", {"x": spec, "dtype": DTYPES[(RANK[src] + 3) % 7],
                     "out": enc(cast_ours(a, DTYPES[(RANK[src] + 3) % 7]))})


def clip_case(x, lo, hi):
    xv = x[1]
    d = xv.dtype.name

    def dt_of(v, cur):
        return weak(cur, v) if isinstance(v, tuple) else promote(cur, v.dtype.name)

    lov = lo if isinstance(lo[0], str) else lo[1]
    hiv = hi if isinstance(hi[0], str) else hi[1]
    d1 = dt_of(lov, d)
    m = binary_expected("maximum", xv, lov)[0]
    d2 = dt_of(hiv, d1)
    out = binary_expected("minimum", m, hiv)[0]
    assert out.dtype.name == d2
    add("clip", {
        "x": x[0],
        "lo": enc_scalar(lo) if isinstance(lo[0], str) else lo[0],
        "hi": enc_scalar(hi) if isinstance(hi[0], str) else hi[0],
        "out": enc(out),
        "t": {"z": 1},
    })


def gen_clip():
    use_rng("clip")
    for d in DTYPES[1:]:
        x = T(rand(d, (3, 4), special=True) if d != "uint8" else RNG.integers(0, 256, (3, 4))
              .astype(np.uint8))
        if is_float(d):
            clip_case(x, ("n", -1.5), ("n", 2))
            clip_case(x, T(rand(d, (3, 1))), T(np.array(4, dtype=NPT[d])))
        else:
            clip_case(x, ("n", 3), ("n", 100))
            clip_case(x, ("n", 1.5), ("n", 7.25))
            clip_case(x, T(rand(d, (1, 4))), T(rand(d, (3, 1))))
        clip_case(T(rand(d, (4, 3)), [["T", [1, 0]]]), ("n", 0), ("n", 1))
        clip_case(T(rand(d, ())), ("n", 0), ("n", 1))
    clip_case(T(rand("int32", (2, 3))), T(rand("float32", ())), ("n", 3))


# ---------------------------------------------------------------------------------------------
# Creation ops.


def gen_creation():
    for d in DTYPES:
        for shape in ([], [0], [2, 3], [3, 0, 2]):
            add("creation", {"op": "zeros", "a": [shape, d], "out": enc(np.zeros(shape, NPT[d]))})
            add("creation", {"op": "ones", "a": [shape, d], "out": enc(np.ones(shape, NPT[d]))})
        for n, m in ((3, None), (2, 4), (4, 2), (0, 3), (1, 1)):
            add("creation", {"op": "eye", "a": [n, m, d],
                             "out": enc(np.eye(n, m, dtype=NPT[d]))})
        use_rng("creation", "zerosLike")  # and onesLike: the same source tensor
        src = T(rand(d, (2, 3)))
        add("creation", {"op": "zerosLike", "a": [src[0]], "out": enc(np.zeros((2, 3), NPT[d]))})
        add("creation", {"op": "onesLike", "a": [src[0]], "out": enc(np.ones((2, 3), NPT[d]))})
        add("creation", {"op": "zerosLike", "a": [src[0], "int64"],
                         "out": enc(np.zeros((2, 3), np.int64))})
        add("creation", {"op": "onesLike", "a": [src[0], "float16"],
                         "out": enc(np.ones((2, 3), np.float16))})
    add("creation", {"op": "zeros", "a": [[2]], "out": enc(np.zeros(2, np.float32))})
    add("creation", {"op": "eye", "a": [2], "out": enc(np.eye(2, dtype=np.float32))})
    for shape, value, d in (([2, 2], ("n", 9), None), ([3], ("n", 0.1), "float64"),
                            ([3], ("n", 0.1), None), ([2], ("n", 0.1), "float16"),
                            ([2, 1], ("l", True), None), ([2], ("b", 2**62 + 1), None),
                            ([], ("n", -7), "int32"), ([0, 2], ("n", 1), "uint8"),
                            ([2], ("n", 255), "uint8"), ([2], ("n", 3), "int64"),
                            ([2], ("n", math.nan), None), ([2], ("n", -math.inf), "float64"),
                            ([2], ("n", 2), "bool"), ([2], ("l", False), "int32")):
        dt = d or {"n": "float32", "l": "bool", "b": "int64"}[value[0]]
        out = np.full(shape, scalar_array(value, dt), dtype=NPT[dt])
        args = [shape, enc_scalar(value)] + ([d] if d else [])
        add("creation", {"op": "fill", "a": args, "out": enc(out)})
    add("creation", {"op": "fill", "a": [[2], {"n": 2.5}, "int32"], "out": ERR})
    add("creation", {"op": "fill", "a": [[2], {"n": 256}, "uint8"], "out": ERR})
    # range: start + i*delta computed exactly (float64) and rounded once to the dtype.
    for args in ([5], [2, 7], [0, 1, 0.1], [1, 2, 0.25], [10, 0, -3], [-1.5, 2.5, 0.7],
                 [5, 5], [5, 1], [0, 10, 3, "int32"], [10, -3, -4, "int64"], [0, 5, 1, "uint8"],
                 [0, 1, 0.1, "float64"], [0, 3, 0.25, "float16"], [0, 1e8, 1e7],
                 [0.1, 0.7, 0.2, "float64"]):
        start, limit, delta, d = (list(args) + [None, None, None])[:4] if len(args) > 1 else \
            (0, args[0], None, None)
        delta = 1 if delta is None else delta
        d = d or "float32"
        n = max(0, math.ceil((limit - start) / delta))
        vals = [start + i * delta for i in range(n)]
        out = np.array(vals, dtype=F64).astype(NPT[d]) if is_float(d) else \
            np.array(vals, dtype=NPT[d])
        add("creation", {"op": "range", "a": list(args), "out": enc(out.reshape(n))})
    add("creation", {"op": "range", "a": [0, 5, 0.5, "int32"], "out": ERR})
    add("creation", {"op": "range", "a": [0, 5, 0], "out": ERR})
    for start, stop, num in ((0, 1, 5), (-1, 1, 7), (0, 1, 1), (0, 1, 0), (3, -2, 4), (0, 0.3, 4),
                             (1e-3, 1e3, 6), (2.5, 2.5, 3), (1e10, 1e-3, 3)):
        out = np.linspace(start, stop, num, dtype=F64).astype(np.float32)
        add("creation", {"op": "linspace", "a": [start, stop, num], "out": enc(out)})
    # oneHot
    for idx, idt, depth, opts in (([0, 2, 1], "int32", 3, None), ([[1, 0], [3, 2]], "int32", 4,
                                                                    None),
                                  ([0, -1, 3, 5], "int32", 4, None), (2, "int32", 3, None),
                                  ([0, 2], "int64", 3, {"onValue": 5, "offValue": -1}),
                                  ([1, 0], "uint8", 2, {"dtype": "int32"}),
                                  ([[1, 0], [2, 2]], "int32", 3, {"axis": 0}),
                                  ([[1, 0], [2, 2]], "int32", 3, {"axis": 1}),
                                  ([0, 1], "int32", 2, {"onValue": 0.5, "offValue": 0.25,
                                                        "dtype": "float64"}),
                                  ([], "int32", 3, None), ([1], "int32", 0, None)):
        it = np.array(idx, dtype=NPT[idt])
        eye = np.eye(depth, dtype=F64)
        hot = np.stack([eye[i] if 0 <= i < depth else np.zeros(depth) for i in it.ravel()]) \
            if it.size else np.zeros((0, depth))
        hot = hot.reshape(it.shape + (depth,))
        o = opts or {}
        hot = np.where(hot == 1, o.get("onValue", 1), o.get("offValue", 0))
        ax = o.get("axis", -1)
        if ax != -1:
            hot = np.moveaxis(hot, -1, ax)
        dt = o.get("dtype", "float32")
        add("creation", {"op": "oneHot", "a": [enc(it), depth] + ([opts] if opts else []),
                         "out": enc(carr(hot).astype(NPT[dt]))})
    add("creation", {"op": "oneHot", "a": [enc(np.array([0.0], np.float32)), 2], "out": ERR})


# ---------------------------------------------------------------------------------------------
# nn.


def softmax64(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax64(x, axis):
    return x - np.expand_dims(lse_f64(x, (axis % x.ndim,)), axis)


def gen_nn():
    use_rng("nn", "relu")  # and sigmoid (no draws)
    for d in DTYPES:
        spec, x = T(unary_pool(d))
        out, t = unary_expected("sigmoid", x)
        add("nn", {"op": "sigmoid", "x": spec, "out": enc(out), "t": t})
        if is_float(d):
            r = round_to(np.where(np.isnan(f64(x)), np.nan, np.maximum(f64(x), 0)), d)
        else:
            r = np.maximum(x, np.zeros_like(x))
        add("nn", {"op": "relu", "x": spec, "out": enc(r), "t": {"z": 1}})
        spec, x = T(rand(d, (3, 4)), [["T", [1, 0]]])
        r = round_to(np.maximum(f64(x), 0), d) if is_float(d) else np.maximum(x, np.zeros_like(x))
        add("nn", {"op": "relu", "x": spec, "out": enc(carr(r)), "t": {"z": 1}})
    use_rng("nn", "softmax")  # and logSoftmax: the same inputs
    for d in ("float32", "float64", "float16", "int32"):
        out_d = float_of(d)
        eps = EPS[out_d]
        xs = [rand(d, (3, 5), scale=3), rand(d, (2, 3, 4), scale=3), rand(d, (6,), scale=3)]
        if is_float(d):
            xs.append(as_dtype([[1000.0, 999.0, -1000.0, 0.0], [-math.inf, 1.0, 2.0, -math.inf],
                                [0.0, 0.0, 0.0, 0.0]], d) if d != "float16" else
                      as_dtype([[100.0, 99.0, -100.0, 0.0], [-math.inf, 1.0, 2.0, -math.inf],
                                [0.0, 0.0, 0.0, 0.0]], d))
        for x in xs:
            for axis in (None, 0):
                spec, xv = T(x)
                xf = f64(xv.astype(NPT[out_d]))
                ax = -1 if axis is None else axis
                mag = float(np.max(np.abs(np.where(np.isfinite(xf), xf, 0)))) + 1
                c = {"op": "softmax", "x": spec, "out": enc(round_to(softmax64(xf, ax), out_d)),
                     "t": tol(out_d, u=2, r=4 * eps, a=eps * 2.0**-10)}
                c2 = {"op": "logSoftmax", "x": spec,
                      "out": enc(round_to(log_softmax64(xf, ax), out_d)),
                      "t": tol(out_d, u=2, r=4 * eps, a=4 * eps * mag)}
                if axis is not None:
                    c["axis"] = axis
                    c2["axis"] = axis
                add("nn", c)
                add("nn", c2)
        spec, xv = T(rand(d, (5, 3)), [["T", [1, 0]]])
        xf = f64(xv.astype(NPT[out_d]))
        add("nn", {"op": "softmax", "x": spec, "out": enc(round_to(softmax64(xf, -1), out_d)),
                   "t": tol(out_d, u=2, r=4 * eps, a=eps * 2.0**-10)})
    use_rng("nn", "softmaxCrossEntropyWithLogits")  # and the sparse one: the same logits
    for d in ("float32", "float64", "float16"):
        eps = EPS[d]
        for shape in ((4, 5), (2, 3, 4), (5,)):
            logits = rand(d, shape, scale=2)
            lf = f64(logits)
            mag = 2 * float(np.max(np.abs(lf))) + math.log(shape[-1]) + 1
            p = RNG.random(shape)
            p = (p / np.sum(p, axis=-1, keepdims=True)).astype(NPT[d])
            loss = -np.sum(f64(p) * log_softmax64(lf, -1), axis=-1)
            add("nn", {"op": "softmaxCrossEntropyWithLogits", "labels": enc(p),
                       "logits": enc(logits), "out": enc(round_to(loss, d)),
                       "t": tol(d, u=2, r=8 * eps, a=8 * eps * mag)})
            if len(shape) > 1:
                for idt in ("int32", "int64"):
                    lab = RNG.integers(0, shape[-1], shape[:-1]).astype(NPT[idt])
                    ls = log_softmax64(lf, -1)
                    loss = -np.take_along_axis(ls, lab[..., None].astype(np.int64), -1)[..., 0]
                    add("nn", {"op": "sparseSoftmaxCrossEntropyWithLogits", "labels": enc(lab),
                               "logits": enc(logits), "out": enc(round_to(loss, d)),
                               "t": tol(d, u=2, r=8 * eps, a=8 * eps * mag)})
    # A -inf logit: the sparse loss picks the label's log-probability (TF gives 0 and inf, not
    # NaN); the dense one is TF's and NumPy's formula, where a zero label times -inf is NaN.
    inf_logits = np.array([[-math.inf, 0.0], [-math.inf, 0.0], [0.0, math.inf]], np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):
        ls = log_softmax64(f64(inf_logits), -1)
        lab = np.array([1, 0, 1], np.int32)
        # TF's sparse kernel: log(sum(exp(shifted))) - shifted[label] (0 - 0 is +0).
        shifted = f64(inf_logits) - np.max(f64(inf_logits), axis=-1, keepdims=True)
        lse = np.log(np.sum(np.exp(shifted), axis=-1))
        sparse = lse - np.take_along_axis(shifted, lab[:, None].astype(np.int64), -1)[:, 0]
        dense_p = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]], np.float32)
        dense = -np.sum(f64(dense_p) * ls, axis=-1)
    add("nn", {"op": "sparseSoftmaxCrossEntropyWithLogits", "labels": enc(lab),
               "logits": enc(inf_logits), "out": enc(round_to(sparse, "float32"))})
    add("nn", {"op": "softmaxCrossEntropyWithLogits", "labels": enc(dense_p),
               "logits": enc(inf_logits), "out": enc(round_to(dense, "float32"))})
    logits = rand("float32", (2, 3))
    add("nn", {"op": "sparseSoftmaxCrossEntropyWithLogits",
               "labels": enc(np.array([0, 3], np.int32)), "logits": enc(logits), "out": ERR})
    add("nn", {"op": "softmaxCrossEntropyWithLogits", "labels": enc(rand("float32", (2, 2))),
               "logits": enc(logits), "out": ERR})


# ---------------------------------------------------------------------------------------------
# Rules that NumPy shares (tests/rules_test.ts replays these by name).

rules = {}


def rule(name, family, case):
    rules.setdefault(name, []).append({"f": family, **case})


def gen_rules():
    for d in INTS:
        info = np.iinfo(NPT[d])
        a = np.array([info.max, info.min, info.max, 1, info.max // 2 + 1], dtype=NPT[d])
        b = np.array([1, -1 if d != "uint8" else 255, info.max, info.max, 2], dtype=NPT[d])
        for op, fn in (("add", np.add), ("mul", np.multiply), ("sub", np.subtract)):
            rule("wrap", "binary", {"op": op, "a": enc(a), "b": enc(b), "out": enc(fn(a, b))})
        for op, fn in (("neg", np.negative), ("abs", np.abs), ("square", np.square)):
            rule("wrap", "unary", {"op": op, "x": enc(a), "out": enc(fn(a))})
    for d in ("int32", "int64", "float32", "float64"):
        a = np.array([7, -7, 7, -7, 6, -6, 0, 1], dtype=NPT[d])
        b = np.array([3, 3, -3, -3, -3, 3, -5, -1], dtype=NPT[d])
        rule("floored", "binary", {"op": "floorDiv", "a": enc(a), "b": enc(b),
                                   "out": enc(np.floor_divide(a, b))})
        rule("floored", "binary", {"op": "mod", "a": enc(a), "b": enc(b),
                                   "out": enc(np.remainder(a, b))})
    a = np.array([5, -5, 0, 255], dtype=np.int32)
    z = np.zeros(4, dtype=np.int32)
    for d in INTS:
        ad = a.astype(NPT[d]) if d != "uint8" else np.array([5, 250, 0, 255], np.uint8)
        zd = z.astype(NPT[d])
        for op, fn in (("floorDiv", np.floor_divide), ("mod", np.remainder)):
            rule("intdiv0", "binary", {"op": op, "a": enc(ad), "b": enc(zd),
                                       "out": enc(fn(ad, zd))})
    for d in FLOATS:
        a = as_dtype([1.0, -1.0, 0.0, math.nan, -0.0, math.inf], d)
        for zero in (0.0, -0.0):
            zz = as_dtype([zero] * 6, d)
            rule("floatdiv0", "binary", {"op": "div", "a": enc(a), "b": enc(zz),
                                         "out": enc(np.divide(a, zz))})
            rule("floatdiv0", "binary", {"op": "floorDiv", "a": enc(a), "b": enc(zz),
                                         "out": enc(np.floor_divide(a, zz))})
            rule("floatdiv0", "binary", {"op": "mod", "a": enc(a), "b": enc(zz),
                                         "out": enc(np.remainder(a, zz))})
        x = as_dtype([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 4.5, 0.49999997, -0.4, 1e6 + 0.5], d)
        rule("round", "unary", {"op": "round", "x": enc(x), "out": enc(np.round(x))})
    bb = np.array([[False], [True]]), np.array([[False, True]])
    rule("boolarith", "binary", {"op": "add", "a": enc(bb[0]), "b": enc(bb[1]),
                                 "out": enc(np.add(*bb))})
    rule("boolarith", "binary", {"op": "mul", "a": enc(bb[0]), "b": enc(bb[1]),
                                 "out": enc(np.multiply(*bb))})
    use_rng("rules", "tobool")
    for d in DTYPES:
        a, b = rand(d, (2, 3), special=True), rand(d, (2, 3), special=True)
        for op, fn in [(n, r["ref"]) for n, r in BINARY.items()
                       if r["result"] in ("compare", "logical")]:
            rule("tobool", "binary", {"op": op, "a": enc(a), "b": enc(b),
                                      "out": enc(fn(f64(a), f64(b)) if is_float(d) else fn(a, b))})


# ---------------------------------------------------------------------------------------------
# Issue 7 ops: tile, pad, reverse, gatherNd, scatterNd, booleanMask ("shape2"); tensordot and
# einsum ("contract"); norm; linalg inv/det/solve; sort/argsort/topk; the nn activations.


def s2(op, x, args, out, **extra):
    case = {"op": op, "a": args, "out": out if out is ERR else enc(carr(out))}
    if x is not None:
        case["x"] = x[0]
    case.update(extra)
    add("shape2", case)


def np_pad(a, widths, mode, value=0):
    widths = [tuple(w) for w in widths]
    if a.ndim == 0:
        return a.copy()
    if mode == "CONSTANT":
        return np.pad(a, widths, mode="constant", constant_values=value)
    return np.pad(a, widths, mode="reflect" if mode == "REFLECT" else "symmetric")


def gen_shape2():
    for j, d in enumerate(DTYPES):
        x = T(arange(d, (2, 3)))
        xt = T(arange(d, (4, 3, 2)), [["T", [2, 1, 0]]])
        for src, mult in ((x, [2, 1]), (x, [1, 3]), (x, [0, 2]), (xt, [1, 2, 2]),
                          (T(arange(d, ())), []), (T(arange(d, (0, 3))), [2, 2])):
            s2("tile", src, {"multiples": mult}, np.tile(src[1], mult))
        cval = {"bool": True, "uint8": 7, "int32": -5, "int64": 9}.get(d, 2.5)
        for src, widths, mode in ((x, [[1, 0], [2, 1]], "CONSTANT"),
                                  (x, [[1, 1], [2, 2]], "REFLECT"),
                                  (x, [[2, 1], [0, 3]], "SYMMETRIC"),
                                  (xt, [[1, 0], [1, 2], [0, 1]], "REFLECT"),
                                  (xt, [[0, 2], [3, 1], [1, 1]], "SYMMETRIC"),
                                  (xt, [[1, 1], [0, 0], [2, 0]], "CONSTANT"),
                                  (T(arange(d, ())), [], "CONSTANT"),
                                  (T(arange(d, (0, 3))), [[1, 1], [0, 1]], "CONSTANT")):
            s2("pad", src, {"paddings": widths, "mode": mode}, np_pad(src[1], widths, mode))
            if mode == "CONSTANT" and len(widths):
                s2("pad", src, {"paddings": widths, "mode": mode.lower(), "value": cval},
                   np_pad(src[1], widths, mode, cval))
        for src, axis in ((xt, [0]), (xt, [1, -1]), (xt, [0, 1, 2]), (xt, []), (x, 1),
                          (T(arange(d, ())), []), (T(arange(d, (0, 3))), [0, 1])):
            ax = [axis] if isinstance(axis, int) else axis
            s2("reverse", src, {"axis": axis}, np.flip(src[1], tuple(ax)) if ax else src[1])
        # gatherNd
        p = T(arange(d, (3, 4, 5)))
        for idx, idt in (([[1], [0], [2]], "int32"), ([[0, 3], [2, 1]], "int32"),
                         ([[0, 3, 4], [2, 1, 0], [1, 1, 1]], "int64"),
                         ([[[1, 2]], [[2, 3]]], "uint8"),
                         (np.zeros((2, 0), np.int64), "int32"),
                         (np.zeros((0, 2), np.int64), "int32")):
            it = np.array(idx, dtype=NPT[idt])
            k = it.shape[-1]
            rows = int(np.prod(it.shape[:-1]))
            picked = [p[1][tuple(int(c) for c in v)] for v in it.reshape(rows, k)]
            out = np.array(picked, dtype=NPT[d]).reshape(it.shape[:-1] + p[1].shape[k:])
            s2("gatherNd", p, {}, out, i=enc(it))
        s2("gatherNd", xt, {}, xt[1][np.array([1, 0, 1]), np.array([2, 2, 0])],
           i=enc(np.array([[1, 2], [0, 2], [1, 0]], np.int32)))
        # scatterNd (no bool: it adds)
        if d != "bool":
            use_rng("shape2", "scatterNd")
            for idx, shape in (([[1], [3], [1]], [4, 2]), ([[0, 1], [2, 0], [0, 1]], [3, 2]),
                               ([[[1, 1]], [[0, 2]]], [2, 3, 2]),
                               (np.zeros((0, 1), np.int32), [3])):
                it = np.array(idx, dtype=np.int32)
                k = it.shape[-1]
                upd_shape = it.shape[:-1] + tuple(shape[k:])
                upd = rand(d, upd_shape) if d not in ("int32", "int64") else \
                    RNG.integers(-100, 100, upd_shape).astype(NPT[d])
                if d == "uint8":
                    upd = RNG.integers(0, 100, upd_shape).astype(np.uint8)
                out = np.zeros(shape, F64 if is_float(d) else NPT[d])
                for v, u in zip(it.reshape(-1, k), upd.reshape((-1,) + tuple(shape[k:]))):
                    out[tuple(v)] += f64(u) if is_float(d) else u
                out = round_to(out, d) if is_float(d) else out.astype(NPT[d])
                s2("scatterNd", None, {"shape": shape}, out, i=enc(it), b=enc(upd))
        # booleanMask
        m1 = np.array([True, False, True])
        m2 = np.array([[True, False, False, True], [False, False, True, False],
                       [True, True, False, False]])
        bx = T(arange(d, (3, 4, 2)))
        for mask, axis in ((m1, 0), (m2, 0), (m2[0, :], 1), (np.array([False, True]), 2),
                           (np.array([False, True, True]), -3),
                           (np.zeros((3,), bool), 0)):
            ax = axis % 3
            merged = bx[1].reshape(bx[1].shape[:ax] + (-1,) + bx[1].shape[ax + mask.ndim:])
            out = np.take(merged, np.flatnonzero(mask), axis=ax)
            s2("booleanMask", bx, {"axis": axis}, out, c=enc(mask))
        bt = T(arange(d, (4, 3)), [["T", [1, 0]]])
        s2("booleanMask", bt, {"axis": 1}, bt[1][:, [True, False, True, True]],
           c=enc(np.array([True, False, True, True])))
    x = T(arange("float32", (3, 4)))
    s2("tile", x, {"multiples": [2]}, ERR)
    s2("tile", x, {"multiples": [1, -1]}, ERR)
    s2("pad", x, {"paddings": [[3, 0], [0, 0]], "mode": "REFLECT"}, ERR)
    s2("pad", x, {"paddings": [[4, 0], [0, 0]], "mode": "SYMMETRIC"}, ERR)
    s2("pad", x, {"paddings": [[1, 0]], "mode": "CONSTANT"}, ERR)
    s2("pad", x, {"paddings": [[-1, 0], [0, 0]], "mode": "CONSTANT"}, ERR)
    s2("pad", x, {"paddings": [[1, 0], [0, 0]], "mode": "WRAP"}, ERR)
    s2("pad", T(arange("int32", (2,))), {"paddings": [[1, 0]], "mode": "CONSTANT", "value": 1.5},
       ERR)
    s2("reverse", x, {"axis": [0, -2]}, ERR)
    s2("reverse", x, {"axis": [2]}, ERR)
    p = T(arange("float32", (3, 4)))
    s2("gatherNd", p, {}, ERR, i=enc(np.array([[3, 0]], np.int32)))
    s2("gatherNd", p, {}, ERR, i=enc(np.array([[0, -1]], np.int32)))
    s2("gatherNd", p, {}, ERR, i=enc(np.array([[0, 0, 0]], np.int32)))
    s2("gatherNd", p, {}, ERR, i=enc(np.array([[0.0]], np.float32)))
    s2("scatterNd", None, {"shape": [3]}, ERR, i=enc(np.array([[3]], np.int32)),
       b=enc(np.ones((1,), np.float32)))
    s2("scatterNd", None, {"shape": [3]}, ERR, i=enc(np.array([[1]], np.int32)),
       b=enc(np.ones((2,), np.float32)))
    s2("booleanMask", p, {"axis": 0}, ERR, c=enc(np.array([True, False])))
    s2("booleanMask", p, {"axis": 0}, ERR, c=enc(np.array([1, 0, 1], np.int32)))


def contract_expected(fn, arrs, d):
    """fn applied in float64 (floats) or exactly (ints); returns (out, tol)."""
    if is_float(d):
        ex = fn(*[f64(a) for a in arrs])
        mag = float(np.max(np.abs(fn(*[np.abs(f64(a)) for a in arrs])), initial=0.0))
        return round_to(ex, d), tol(d, u=2, a=8 * EPS[d] * mag)
    return np.asarray(fn(*arrs)).astype(NPT[d]), None


EINSUM = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(2, 3), (3, 2)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("ij->ji", [(3, 4)]),
    ("ii", [(4, 4)]),
    ("ii->i", [(3, 3)]),
    ("iij->ji", [(3, 3, 2)]),
    ("i,j->ij", [(3,), (4,)]),
    ("ij->", [(3, 4)]),
    ("ij->i", [(3, 4)]),
    ("ijk->kji", [(2, 3, 4)]),
    ("i,i", [(5,), (5,)]),
    ("bi,bi->b", [(3, 4), (3, 4)]),
    ("ij,ij->ij", [(1, 3), (2, 3)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("...ij,...jk", [(2, 3, 4), (4, 5)]),
    ("i...->...", [(3, 2, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ab,cd->abcd", [(2, 2), (3, 1)]),
    ("i,ij,j->", [(3,), (3, 4), (4,)]),
    ("Ab,bA->A", [(2, 3), (3, 2)]),
    ("ijk,ikl->jl", [(2, 3, 4), (2, 4, 3)]),
    (" ij , jk -> ki ", [(2, 3), (3, 2)]),
    ("i,i->", [(1,), (4,)]),
    ("...,...->...", [(2, 1), (3,)]),
    ("ij,jk->ik", [(0, 3), (3, 2)]),
    ("ij,jk->ik", [(2, 0), (0, 3)]),
]


def gen_contract():
    use_rng("contract", "einsum")
    for k, (eq, shapes) in enumerate(EINSUM):
        for d in ("float32", "float64", "int32", "float16") if k % 4 == 0 else \
                (("float32", "int32") if k % 2 else ("float64",)):
            arrs = [rand(d, s, scale=1.0) for s in shapes]
            specs = [T(a) for a in arrs]
            out, t = contract_expected(lambda *a: np.einsum(eq, *a), arrs, d)
            case = {"op": "einsum", "a": {"eq": eq}, "xs": [s for s, _ in specs],
                    "out": enc(carr(out))}
            if t:
                case["t"] = t
            add("contract", case)
    # Views as operands.
    for d in ("float32", "int32"):
        a = T(rand(d, (4, 3), scale=1.0), [["T", [1, 0]]])
        b = T(rand(d, (4, 8), scale=1.0), [["at", [":, ::2"]]])
        out, t = contract_expected(lambda p, q: np.einsum("ij,jk->ik", p, q), [a[1], b[1]], d)
        case = {"op": "einsum", "a": {"eq": "ij,jk->ik"}, "xs": [a[0], b[0]], "out": enc(carr(out))}
        if t:
            case["t"] = t
        add("contract", case)
    # Mixed dtypes promote.
    a, b = rand("int32", (2, 3), scale=2), rand("float32", (3, 2), scale=2)
    out, t = contract_expected(lambda p, q: np.einsum("ij,jk", p, q), [a.astype(np.float32), b],
                               "float32")
    add("contract", {"op": "einsum", "a": {"eq": "ij,jk"}, "xs": [enc(a), enc(b)],
                     "out": enc(out), "t": t})
    for eq, shapes in (("ij,jk->ik", [(2, 3), (4, 2)]), ("ij,jk", [(2, 3)]), ("ij->ii", [(2, 2)]),
                       ("ij->k", [(2, 2)]), ("i2", [(2, 2)]), ("ii", [(2, 3)]), ("ij", [(2,)]),
                       ("...i,...i->i", [(2, 3), (2, 3)]), ("i.j", [(2, 2)]),
                       ("ij->i->j", [(2, 2)])):
        add("contract", {"op": "einsum", "a": {"eq": eq},
                         "xs": [enc(rand("float32", s)) for s in shapes], "out": ERR})
    add("contract", {"op": "einsum", "a": {"eq": "ij->j"}, "xs": [enc(rand("bool", (2, 2)))],
                     "out": ERR})
    # tensordot
    use_rng("contract", "tensordot")
    for k, (sa, sb, axes) in enumerate((((2, 3, 4), (4, 3, 5), [[1, 2], [1, 0]]),
                                         ((3, 4), (4, 5), 1), ((2, 3), (4,), 0),
                                         ((2, 3, 4), (3, 4, 2), 2), ((3,), (3,), 1),
                                         ((3, 4), (3, 2), [0, 0]),
                                         ((2, 3), (2, 3), [[0, 1], [0, 1]]),
                                         ((2, 3, 4), (4, 3), [[-1, 1], [0, -1]]),
                                         ((0, 3), (3, 2), 1))):
        for d in (("float32", "int32", "float64") if k % 2 == 0 else ("float32", "int64")):
            a, b = rand(d, sa, scale=1.0), rand(d, sb, scale=1.0)
            ax = axes
            out, t = contract_expected(lambda p, q: np.tensordot(p, q, ax), [a, b], d)
            case = {"op": "tensordot", "a": {"axes": axes}, "xs": [enc(a), enc(b)],
                    "out": enc(carr(out))}
            if t:
                case["t"] = t
            add("contract", case)
    for sa, sb, axes in (((2, 3), (4, 5), 1), ((2, 3), (3,), 2), ((2, 3), (3, 2), [[0], [0, 1]]),
                         ((2, 3), (3, 2), [[1, 1], [0, 1]]), ((2, 3), (3, 2), [[2], [0]])):
        add("contract", {"op": "tensordot", "a": {"axes": axes},
                         "xs": [enc(rand("float32", sa)), enc(rand("float32", sb))], "out": ERR})


def norm_ref(x, ord, axis, keepdims):
    """TF's tf.norm in float64: axis None flattens; 'euclidean' is the 2-norm / Frobenius."""
    xf = f64(x)
    if axis is None:
        v = xf.ravel()
        o = None if ord == "euclidean" else ord
        r = np.linalg.norm(v, o) if v.size or o != np.inf else np.float64(0)
        return np.reshape(r, [1] * x.ndim) if keepdims else np.asarray(r)
    ax = tuple(axis) if isinstance(axis, list) else axis
    o = None if ord in ("euclidean", "fro") else ord
    if isinstance(ax, tuple) and len(ax) == 2 and ord in ("euclidean", "fro"):
        o = "fro"
    if isinstance(ax, tuple) and len(ax) == 1:
        ax = ax[0]
    return np.asarray(np.linalg.norm(xf, o, ax, keepdims))


NORM_CASES = [
    ("euclidean", None, False), ("euclidean", None, True), (1, None, False), (2, 0, False),
    (np.inf, -1, True), (3, 1, False), (0.5, 0, True), ("euclidean", [1], False),
    ("fro", [0, 1], False), ("euclidean", [1, 0], True), (1, [0, 1], False), (1, [1, 0], True),
    (np.inf, [0, 1], False), (2, [0, 1], False), (2, [-1, 0], True), (1, 2, False),
    ("euclidean", [0, 2], False), (2, [2, 1], False), (np.inf, [1, 2], True),
]


def gen_norm():
    use_rng("norm")
    for d in ("float32", "float64", "float16", "int32"):
        out_d = float_of(d)
        x3 = rand(d, (3, 4, 2), scale=2.0)
        x2 = rand(d, (4, 3), scale=2.0)
        for k, (ord, axis, kd) in enumerate(NORM_CASES):
            if d == "float16" and k % 2:
                continue
            for x in ((x2, x3) if (axis is None or (isinstance(axis, int) and axis < 2) or
                                   (isinstance(axis, list) and max(axis) < 2 and min(axis) >= -2))
                      else (x3,)):
                if d == "int32" and ord == 0.5:
                    continue
                r = round_to(norm_ref(x.astype(NPT[out_d]), ord, axis, kd), out_d)
                e = EPS[out_d]
                case = {"x": enc(x), "ord": "inf" if ord == np.inf else ord, "kd": kd,
                        "out": enc(carr(r)), "t": tol(out_d, u=3, r=16 * e, a=16 * e)}
                if axis is not None:
                    case["axis"] = axis
                add("norm", case)
    # Rank 0, empty, views, specials.
    add("norm", {"x": enc(np.array(-3.0, np.float32)), "ord": "euclidean", "kd": False,
                 "out": enc(np.array(3.0, np.float32))})
    add("norm", {"x": enc(np.zeros((0, 3), np.float32)), "ord": 1, "axis": 0, "kd": False,
                 "out": enc(np.zeros((3,), np.float32))})
    xs, xa = T(rand("float64", (4, 3)), [["T", [1, 0]]])
    add("norm", {"x": xs, "ord": 2, "axis": [0, 1], "kd": False,
                 "out": enc(np.asarray(np.linalg.norm(xa, 2))), "t": tol("float64", u=8, r=1e-13)})
    xn = np.array([[1.0, math.nan], [math.inf, 2.0]], np.float32)
    add("norm", {"x": enc(xn), "ord": "euclidean", "axis": 1, "kd": False,
                 "out": enc(np.array([math.nan, math.inf], np.float32))})
    for ord, axis in ((0, None), (-1, 1), ("fro", 1), ("fro", None), (3, [0, 1]), ("nuc", [0, 1]),
                      (2, [0, 0]), (2, [0, 1, 2]), (2, 5)):
        add("norm", {"x": enc(rand("float32", (2, 3, 2))), "ord": ord, "axis": axis, "kd": False,
                     "out": ERR})


def well_conditioned(d, shape):
    n = shape[-1]
    a = RNG.normal(0, 1, shape) + n * np.eye(n) * RNG.choice([-1, 1], size=shape[:-2] + (1, 1))
    return a.astype(NPT[d])


def lin_tol(d, ref):
    mag = float(np.max(np.abs(ref), initial=1.0))
    if d == "float64":
        return {"u": 64, "r": 1e-12, "a": 1e-12 * mag}
    return {"u": 2, "r": 0.0, "a": 1e-13 * mag}


def gen_linalg():
    for d in ("float32", "float64", "float16"):
        use_rng("linalg", "inv")  # and det: the same matrices
        for shape in ((3, 3), (2, 4, 4), (2, 1, 2, 2), (1, 1), (0, 0), (2, 0, 0), (5, 5)):
            if d == "float16" and shape not in ((3, 3), (2, 4, 4)):
                continue
            a = well_conditioned(d, shape)
            inv = np.linalg.inv(f64(a)) if a.size else np.zeros(shape)
            add("linalg", {"op": "inv", "x": enc(a), "out": enc(round_to(inv, d)),
                           "t": lin_tol(d, inv)})
            det = np.linalg.det(f64(a)) if a.size or shape[-1] else np.ones(shape[:-2])
            add("linalg", {"op": "det", "x": enc(a), "out": enc(round_to(det, d)),
                           "t": lin_tol(d, det)})
        use_rng("linalg", "solve")
        for sa, sb, adj in (((3, 3), (3, 2), False), ((3, 3), (3, 1), True),
                            ((2, 4, 4), (2, 4, 3), False), ((2, 1, 3, 3), (4, 3, 2), False),
                            ((3, 3), (2, 3, 1), True), ((2, 2), (2, 0), False)):
            a = well_conditioned(d, sa)
            b = rand(d, sb, scale=2.0)
            am = np.swapaxes(f64(a), -1, -2) if adj else f64(a)
            batch = np.broadcast_shapes(sa[:-2], sb[:-2])
            x = np.linalg.solve(am, f64(b)) if b.size else np.zeros(batch + sb[-2:])
            add("linalg", {"op": "solve", "x": enc(a), "b": enc(b), "a": {"adjoint": adj},
                           "out": enc(round_to(x, d)), "t": lin_tol(d, x)})
    # int input gives float32
    a = np.array([[2, 1], [1, 3]], np.int32)
    add("linalg", {"op": "inv", "x": enc(a), "out": enc(round_to(np.linalg.inv(f64(a)), "float32")),
                   "t": {"u": 1}})
    add("linalg", {"op": "det", "x": enc(a), "out": enc(np.array(5.0, np.float32)), "t": {"u": 1}})
    # Exact cases and singular matrices.
    add("linalg", {"op": "det", "x": enc(np.array([[1, 2], [2, 4]], np.float32)),
                   "out": enc(np.array(0.0, np.float32)), "t": {"z": 1}})
    for op in ("inv", "solve"):
        for m in (np.array([[1, 2], [2, 4]], np.float32),
                  np.array([[[1, 0], [0, 1]], [[0, 0], [0, 0]]], np.float64)):
            case = {"op": op, "x": enc(m), "out": ERR}
            if op == "solve":
                case["b"] = enc(np.ones(m.shape[:-1] + (1,), m.dtype))
            add("linalg", case)
    for op in ("inv", "det"):
        use_rng("linalg", op)
        add("linalg", {"op": op, "x": enc(rand("float32", (2, 3))), "out": ERR})
        add("linalg", {"op": op, "x": enc(rand("float32", (3,))), "out": ERR})
    use_rng("linalg", "solve")
    add("linalg", {"op": "solve", "x": enc(well_conditioned("float32", (3, 3))),
                   "b": enc(rand("float32", (2, 1))), "out": ERR})
    add("linalg", {"op": "solve", "x": enc(well_conditioned("float32", (2, 3, 3))),
                   "b": enc(rand("float32", (3, 3, 1))), "out": ERR})


def sort_order(row, descending):
    def key(i):
        v = row[i]
        nan = isinstance(v, float) and math.isnan(v)
        if descending:
            return (0,) if nan else (1, -v)
        return (1,) if nan else (0, v)
    return sorted(range(len(row)), key=key)


def sort_ref(x, axis, descending, k=None):
    xm = np.moveaxis(x, axis, -1)
    lead = xm.shape[:-1]
    n = xm.shape[-1]
    k = n if k is None else k
    flat = xm.reshape(-1, n)
    vals = [float(v) if is_float(x.dtype.name) else int(v) for v in flat.ravel()]
    idx = np.zeros((flat.shape[0], k), np.int32)
    for r in range(flat.shape[0]):
        idx[r] = sort_order(vals[r * n:(r + 1) * n], descending)[:k]
    values = np.take_along_axis(flat, idx.astype(np.int64), 1).reshape(lead + (k,))
    idx = idx.reshape(lead + (k,))
    return carr(np.moveaxis(values, -1, axis)), carr(np.moveaxis(idx, -1, axis))


def gen_sort():
    use_rng("sort")  # sort, argsort and topk share their inputs
    for j, d in enumerate(DTYPES):
        xs = [T(rand(d, (3, 5), special=True)), T(cross_pool(d))]
        if d in ("float32", "int32"):
            xs.append(T(rand(d, (2, 3, 4), scale=1.0)))
            xs.append(T(rand(d, (4, 3)), [["T", [1, 0]]]))
        ties = RNG.integers(0, 3, (4, 6))
        xs.append(T(ties.astype(NPT[d]) if d != "bool" else ties > 1))
        for spec, x in xs:
            for axis in ([-1, 0] if x.ndim > 1 else [0]):
                for direction in ("ASCENDING", "DESCENDING"):
                    v, i = sort_ref(x, axis, direction == "DESCENDING")
                    args = {"axis": axis, "direction": direction}
                    add("sort", {"op": "sort", "x": spec, "a": args, "out": enc(v, d),
                                 "t": {"z": 1}})
                    add("sort", {"op": "argsort", "x": spec, "a": args, "out": enc(i)})
            n = x.shape[-1]
            for k in sorted({0, 1, min(3, n), n}):
                v, i = sort_ref(x, x.ndim - 1, True, k)
                add("sort", {"op": "topk", "x": spec, "a": {"k": k}, "outs": [enc(v, d), enc(i)],
                             "t": {"z": 1}})
    # -0 and 0 tie (stable), NaN at the end / the start, empty axis.
    z = np.array([0.0, -0.0, 1.0, -0.0, math.nan, 0.0, -math.inf, math.nan], np.float32)
    for direction in ("ASCENDING", "DESCENDING"):
        v, i = sort_ref(z, 0, direction == "DESCENDING")
        add("sort", {"op": "argsort", "x": enc(z), "a": {"axis": 0, "direction": direction},
                     "out": enc(i)})
    e = np.zeros((3, 0), np.float32)
    add("sort", {"op": "sort", "x": enc(e), "a": {"axis": -1, "direction": "ASCENDING"},
                 "out": enc(e)})
    add("sort", {"op": "topk", "x": enc(e), "a": {"k": 0},
                 "outs": [enc(e), enc(np.zeros((3, 0), np.int32))]})
    for op, args in (("sort", {"axis": 0, "direction": "ASCENDING"}),
                     ("argsort", {"axis": -1, "direction": "ASCENDING"}), ("topk", {"k": 1})):
        add("sort", {"op": op, "x": enc(np.array(1.0, np.float32)), "a": args, "out": ERR})
    x = enc(rand("float32", (2, 3)))
    add("sort", {"op": "sort", "x": x, "a": {"axis": 2, "direction": "ASCENDING"}, "out": ERR})
    add("sort", {"op": "sort", "x": x, "a": {"axis": -1, "direction": "ascending"}, "out": ERR})
    add("sort", {"op": "topk", "x": x, "a": {"k": 4}, "out": ERR})
    add("sort", {"op": "topk", "x": x, "a": {"k": -1}, "out": ERR})


SELU_A, SELU_S = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946

ACTIVATIONS = {
    "relu6": lambda x: np.where(np.isnan(x), np.nan, np.minimum(np.maximum(x, 0), 6)),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "selu": lambda x: SELU_S * np.where(x > 0, x, SELU_A * np.expm1(np.minimum(x, 0))),
    "gelu": lambda x: 0.5 * x * np.vectorize(math.erfc, otypes=[F64])(-x / math.sqrt(2)),
    "geluApprox": lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) *
                                                   (x + 0.044715 * x ** 3))),
    "silu": lambda x: x / (1 + np.exp(-x)),
    "silu2": lambda x: x / (1 + np.exp(-2 * x)),
    "softplus": lambda x: np.logaddexp(0, x),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "leakyRelu": lambda x: np.where(x > 0, x, 0.2 * x),
    "leakyRelu01": lambda x: np.where(x > 0, x, 0.1 * x),
}


def gen_activation():
    smallest = {"float16": 2.0**-14, "float32": 2.0**-126, "float64": 2.0**-1022}
    for op, fn in ACTIVATIONS.items():
        use_rng("activation", op)
        for d in ("float32", "float64", "float16", "int32", "uint8"):
            if op != "relu6" and d == "uint8":
                continue
            pools = [T(unary_pool(d)), T(rand(d, (2, 3, 4), special=True))]
            if d == "float32":
                pools.append(T(rand(d, (4, 3)), [["T", [1, 0]]]))
                pools.append(T(rand(d, ())))
            for spec, x in pools:
                if op == "relu6" and not is_float(d):
                    out = np.minimum(np.maximum(x, 0), 6).astype(NPT[d])
                    add("activation", {"op": op, "x": spec, "out": enc(out)})
                    continue
                out_d = float_of(d)
                xf = f64(x.astype(NPT[out_d]))
                with np.errstate(all="ignore"):
                    y = round_to(fn(xf), out_d)
                e = EPS[out_d]
                moderate = np.abs(np.where(np.isfinite(xf) & (np.abs(xf) <= 10), xf, 0))
                mag = float(np.max(moderate, initial=1.0))
                t = {"u": 4, "r": 4 * e, "a": 64 * smallest[out_d] + (8 * e * mag if op in
                     ("gelu", "geluApprox", "silu", "silu2", "softplus") else 0), "z": 1}
                add("activation", {"op": op, "x": spec, "out": enc(y), "t": t})
    use_rng("activation", "l2Loss")
    for d in ("float32", "float64", "float16", "int32"):
        out_d = float_of(d)
        for x in (rand(d, (3, 4), scale=2.0), rand(d, ()), rand(d, (0, 2)), unary_pool(d)):
            xf = f64(x.astype(NPT[out_d]))
            y = round_to(np.sum(xf * xf) / 2, out_d)
            n = max(x.size, 1)
            sq = np.where(np.isfinite(xf * xf), xf * xf, 0)
            add("activation", {"op": "l2Loss", "x": enc(x), "out": enc(y),
                               "t": tol(out_d, u=2, a=min(4 * n * EPS[out_d] * float(np.sum(sq)),
                                                         1e300))})


def main():
    gen_unary()
    gen_binary()
    gen_reduce()
    gen_arg()
    gen_cumsum()
    gen_matmul()
    gen_movement()
    gen_at()
    gen_gather()
    gen_where()
    gen_cast()
    gen_clip()
    gen_creation()
    gen_nn()
    gen_rules()
    gen_shape2()
    gen_contract()
    gen_norm()
    gen_linalg()
    gen_sort()
    gen_activation()
    fixtures["rules"] = rules
    fixtures["domain"] = {
        "unary": {op: r["grad"] for op, r in UNARY.items() if r["grad"] is not None},
        "binary": {op: r["grad"] for op, r in BINARY.items() if r["grad"] is not None},
        "reduce": {op: g for op, g in REDUCE.items() if g is not None},
    }
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "fixtures"), exist_ok=True)
    path = os.path.join(here, "fixtures", "ops.json")
    text = json.dumps(fixtures, separators=(",", ":"), allow_nan=False)
    with open(path, "w") as f:
        f.write(text + "\n")
    counts = {k: len(v) for k, v in fixtures.items() if k not in ("rules", "domain")}
    print(f"wrote {path}: {len(text)} bytes, cases {counts}, rules "
          f"{ {k: len(v) for k, v in rules.items()} }")


if __name__ == "__main__":
    main()
