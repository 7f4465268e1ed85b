"""NumPy's float sums of the hash sequence for tests/np_native_sum_test.ts.

Takes a JSON list of cases [dtype, rows, n, axis] (axis 1: each row's sum; 0: each column's) as
its argument; prints, per case, the hex of NumPy's result bytes. The input is
x[i] = h(i) / 2^31 - 1 with h(i) = (i * 2654435761 + 12345) mod 2^32, cast to the dtype (exact on
both sides).
"""
import json
import sys

import numpy as np

out = []
for dtype, rows, n, axis in json.loads(sys.argv[1]):
    i = np.arange(rows * n, dtype=np.uint64)
    h = (i * np.uint64(2654435761) + np.uint64(12345)) % np.uint64(2**32)
    x = (h.astype(np.float64) / 2**31 - 1).astype(dtype).reshape(rows, n)
    out.append(np.ascontiguousarray(x.sum(axis=axis)).tobytes().hex())
print(json.dumps(out))
