#!/usr/bin/env python3
"""Generate tests/fixtures/conv.json: inputs and expected outputs of tf.nn.conv2d, max_pool2d and
avg_pool2d, replayed by tests/conv_test.ts.

Run from the repository root:  python3 tests/gen_conv_fixtures.py
Deterministic (seeded); needs only NumPy.

The references are plain loops over TensorFlow's definitions (NHWC), written independently of
the library's im2col:
  output size  VALID: ceil((in - eff + 1) / stride); SAME: ceil(in / stride);
               explicit [lo, hi]: floor((in + lo + hi - eff) / stride) + 1,
               with eff = (k - 1) * dilation + 1 the dilated filter size;
  SAME padding total = max((out - 1) * stride + eff - in, 0), lo = total // 2 (the extra
               row/column goes to the bottom/right);
  conv2d       out[b, i, j, o] = sum over (di, dj, q) of
               in[b, i*sh - top + di*dh, j*sw - left + dj*dw, q] * filter[di, dj, q, o],
               taps in the padding reading 0;
  max_pool2d   the maximum over the window's taps inside the input;
  avg_pool2d   the mean over the window's taps inside the input (padding not counted).

Inputs are multiples of 1/8 in [-2, 2], so every conv2d sum is exact in float32 and float64;
the pooling averages are rounded once, so they carry rtol 1e-6 in the test.

Encoding: {"conv2d": [case...], "maxPool2d": [...], "avgPool2d": [...]}, each case
  {"x": {"s": shape, "v": flat values}, "f"?: filters, "o": options as the TS call takes them,
   "y": {"s": shape, "v": flat expected values}}.
"""

import json
import math
import os

import numpy as np

RNG = np.random.default_rng(20250607)


def eighths(shape):
    return RNG.integers(-16, 17, size=shape).astype(np.float64) / 8


def axis_geometry(size, k, stride, dilation, padding):
    """(out, lo) for one spatial axis; padding is "SAME", "VALID" or (lo, hi)."""
    eff = (k - 1) * dilation + 1
    if padding == "SAME":
        out = math.ceil(size / stride)
        total = max((out - 1) * stride + eff - size, 0)
        return out, total // 2
    if padding == "VALID":
        return math.ceil((size - eff + 1) / stride), 0
    lo, hi = padding
    return (size + lo + hi - eff) // stride + 1, lo


def geometry(h, w, kh, kw, strides, dilations, padding):
    if isinstance(padding, str):
        ph = pw = padding
    else:
        ph, pw = padding
    oh, top = axis_geometry(h, kh, strides[0], dilations[0], ph)
    ow, left = axis_geometry(w, kw, strides[1], dilations[1], pw)
    return oh, ow, top, left


def conv2d_ref(x, f, strides, dilations, padding):
    n, h, w, c = x.shape
    kh, kw, _, o = f.shape
    oh, ow, top, left = geometry(h, w, kh, kw, strides, dilations, padding)
    y = np.zeros((n, oh, ow, o))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for oc in range(o):
                    s = 0.0
                    for di in range(kh):
                        for dj in range(kw):
                            r = i * strides[0] - top + di * dilations[0]
                            q = j * strides[1] - left + dj * dilations[1]
                            if 0 <= r < h and 0 <= q < w:
                                for ic in range(c):
                                    s += x[b, r, q, ic] * f[di, dj, ic, oc]
                    y[b, i, j, oc] = s
    return y


def pool_ref(x, ksize, strides, padding, kind):
    n, h, w, c = x.shape
    oh, ow, top, left = geometry(h, w, ksize[0], ksize[1], strides, (1, 1), padding)
    y = np.zeros((n, oh, ow, c))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for ch in range(c):
                    vals = []
                    for di in range(ksize[0]):
                        for dj in range(ksize[1]):
                            r = i * strides[0] - top + di
                            q = j * strides[1] - left + dj
                            if 0 <= r < h and 0 <= q < w:
                                vals.append(x[b, r, q, ch])
                    y[b, i, j, ch] = max(vals) if kind == "max" else sum(vals) / len(vals)
    return y


def enc(a):
    return {"s": list(a.shape), "v": [float(v) for v in a.ravel()]}


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv_cases():
    # (x shape, filter shape, strides, dilations, padding)
    specs = [
        ((1, 4, 4, 1), (2, 2, 1, 1), 1, 1, "VALID"),
        ((1, 4, 4, 1), (2, 2, 1, 1), 1, 1, "SAME"),
        ((1, 5, 5, 1), (3, 3, 1, 1), 1, 1, "SAME"),
        ((2, 5, 7, 3), (3, 3, 3, 2), 1, 1, "SAME"),
        ((2, 5, 7, 3), (3, 3, 3, 2), 1, 1, "VALID"),
        ((2, 7, 6, 2), (3, 2, 2, 4), 2, 1, "SAME"),
        ((2, 7, 6, 2), (3, 2, 2, 4), 2, 1, "VALID"),
        ((1, 9, 8, 2), (3, 3, 2, 3), (2, 3), 1, "SAME"),
        ((1, 9, 8, 2), (3, 3, 2, 3), (3, 2), 1, "VALID"),
        ((1, 8, 8, 1), (4, 4, 1, 2), 2, 1, "SAME"),
        ((1, 6, 6, 2), (2, 2, 2, 2), 3, 1, "SAME"),
        ((1, 5, 5, 1), (5, 5, 1, 1), 1, 1, "VALID"),
        ((1, 5, 5, 2), (5, 5, 2, 1), 1, 1, "SAME"),
        ((2, 3, 3, 2), (1, 1, 2, 3), 1, 1, "VALID"),
        ((2, 3, 3, 2), (1, 1, 2, 3), 1, 1, "SAME"),
        ((2, 5, 5, 2), (1, 1, 2, 3), 2, 1, "VALID"),
        ((1, 7, 7, 2), (3, 3, 2, 2), 1, 2, "SAME"),
        ((1, 7, 7, 2), (3, 3, 2, 2), 1, 2, "VALID"),
        ((2, 9, 8, 1), (3, 2, 1, 2), 1, (2, 3), "SAME"),
        ((1, 9, 9, 2), (2, 3, 2, 2), 2, 2, "SAME"),
        ((1, 9, 9, 2), (2, 3, 2, 2), (2, 1), (1, 2), "VALID"),
        ((1, 4, 5, 1), (3, 3, 1, 1), 1, 1, ((1, 1), (1, 1))),
        ((2, 4, 5, 2), (3, 2, 2, 2), 1, 1, ((0, 2), (1, 0))),
        ((1, 5, 4, 3), (2, 2, 3, 2), 2, 1, ((2, 1), (0, 3))),
        ((1, 6, 6, 1), (3, 3, 1, 1), 2, 2, ((2, 2), (2, 2))),
        ((1, 2, 2, 1), (3, 3, 1, 1), 1, 1, ((1, 0), (0, 1))),
        ((3, 1, 1, 2), (1, 1, 2, 2), 1, 1, "VALID"),
        ((1, 1, 1, 1), (3, 3, 1, 1), 1, 1, "SAME"),
        ((1, 3, 8, 2), (1, 3, 2, 3), (1, 2), 1, "SAME"),
        ((2, 11, 3, 1), (4, 1, 1, 2), (3, 1), 1, "SAME"),
    ]
    out = []
    for xs, fs, strides, dilations, padding in specs:
        x, f = eighths(xs), eighths(fs)
        pad = padding if isinstance(padding, str) else tuple(tuple(p) for p in padding)
        y = conv2d_ref(x, f, pair(strides), pair(dilations), pad)
        opts = {"strides": strides if isinstance(strides, int) else list(strides)}
        opts["padding"] = padding if isinstance(padding, str) else [list(p) for p in padding]
        if dilations != 1:
            opts["dilations"] = dilations if isinstance(dilations, int) else list(dilations)
        out.append({"x": enc(x), "f": enc(f), "o": opts, "y": enc(y)})
    return out


def pool_cases(kind):
    # (x shape, ksize, strides, padding)
    specs = [
        ((1, 4, 4, 1), 2, 2, "VALID"),
        ((1, 4, 4, 1), 2, 2, "SAME"),
        ((1, 5, 5, 1), 2, 2, "SAME"),
        ((1, 5, 5, 1), 2, 2, "VALID"),
        ((2, 5, 7, 3), 3, 2, "SAME"),
        ((2, 5, 7, 3), 3, 2, "VALID"),
        ((2, 6, 6, 2), 3, 1, "SAME"),
        ((2, 6, 6, 2), 3, 1, "VALID"),
        ((1, 7, 8, 2), (2, 3), (3, 2), "SAME"),
        ((1, 7, 8, 2), (3, 2), (1, 3), "VALID"),
        ((1, 6, 6, 1), 2, 3, "SAME"),
        ((1, 6, 6, 1), 1, 2, "VALID"),
        ((3, 3, 3, 2), 3, 3, "VALID"),
        ((1, 3, 3, 1), 4, 1, "SAME"),
        ((1, 9, 9, 1), 5, 4, "SAME"),
    ]
    out = []
    for xs, ksize, strides, padding in specs:
        x = eighths(xs)
        y = pool_ref(x, pair(ksize), pair(strides), padding, kind)
        k = ksize if isinstance(ksize, int) else list(ksize)
        s = strides if isinstance(strides, int) else list(strides)
        out.append({"x": enc(x), "o": {"ksize": k, "strides": s, "padding": padding}, "y": enc(y)})
    return out


def main():
    fixtures = {
        "conv2d": conv_cases(),
        "maxPool2d": pool_cases("max"),
        "avgPool2d": pool_cases("avg"),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "conv.json")
    with open(path, "w") as fh:
        json.dump(fixtures, fh, separators=(",", ":"))
        fh.write("\n")
    counts = ", ".join(f"{k} {len(v)}" for k, v in fixtures.items())
    print(f"wrote {path}: {counts}")


if __name__ == "__main__":
    main()
