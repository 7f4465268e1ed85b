#!/usr/bin/env python3
"""Write tests/fixtures/np_names.json: the NumPy names the `np` namespace must export (the list of
the NumPy-API issue), each checked here to exist in NumPy 2 itself, so the list cannot drift from
NumPy's spelling. tests/np_api_test.ts fails when numpy.ts lacks one.

Run from the repository root:  python3 tests/gen_np_names.py
"""
import json
import os

import numpy as np

NAMES = """
add subtract multiply divide true_divide floor_divide mod remainder fmod divmod power float_power
negative positive abs absolute fabs sign reciprocal
exp exp2 expm1 log log2 log10 log1p logaddexp logaddexp2 sqrt cbrt square
sin cos tan arcsin arccos arctan arctan2 hypot sinh cosh tanh arcsinh arccosh arctanh
deg2rad rad2deg degrees radians
round around rint floor ceil trunc fix
equal not_equal less less_equal greater greater_equal
logical_and logical_or logical_xor logical_not
maximum minimum fmax fmin isnan isinf isfinite signbit copysign nextafter
bitwise_and bitwise_or bitwise_xor invert bitwise_not left_shift right_shift
clip where nan_to_num
sum prod mean var std min max amin amax ptp argmin argmax all any cumsum cumprod median
percentile quantile average count_nonzero
nansum nanprod nanmean nanvar nanstd nanmin nanmax nanargmin nanargmax nanmedian nanpercentile
nanquantile nancumsum nancumprod
reshape ravel transpose swapaxes moveaxis expand_dims squeeze broadcast_to broadcast_arrays
concatenate stack vstack hstack dstack column_stack split array_split tile repeat flip fliplr
flipud roll rot90 pad diff meshgrid indices tril triu diag diagonal trace
array asarray zeros ones empty full zeros_like ones_like empty_like full_like identity eye
arange linspace logspace geomspace fromfunction
take take_along_axis put_along_axis nonzero argwhere flatnonzero searchsorted sort argsort
partition argpartition unique isin intersect1d union1d setdiff1d bincount histogram digitize
dot vdot inner outer matmul tensordot einsum kron cross
linalg.norm linalg.inv linalg.pinv linalg.det linalg.slogdet linalg.solve linalg.lstsq
linalg.matrix_rank linalg.qr linalg.cholesky linalg.eigh linalg.svd linalg.matrix_power
isclose allclose array_equal array_equiv result_type can_cast promote_types finfo iinfo
newaxis pi e inf nan
random.default_rng random.seed random.rand random.randn random.randint
load save savez savez_compressed
""".split()

# NumPy spells these as in the list; the `np` namespace also keeps its camelCase aliases of the
# first build (arrayEqual, resultType, savezCompressed), which NumPy does not have.
for name in NAMES:
    obj = np
    for part in name.split("."):
        assert hasattr(obj, part), f"numpy has no {name}"
        obj = getattr(obj, part)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "fixtures", "np_names.json"), "w") as f:
    json.dump({"source": "tests/gen_np_names.py (the NumPy-API issue's list, checked against "
               f"NumPy {np.__version__})", "names": NAMES}, f, indent=1)
    f.write("\n")
print(len(NAMES), "names")
