#!/usr/bin/env python3
"""Generate tests/fixtures/keras_layers.json: inputs, weights and expected outputs of the Keras 3
layers SimpleRNN, LSTM, GRU, MultiHeadAttention, Conv1D and GlobalAveragePooling1D/2D, replayed
by tests/keras_layers_test.ts.

Run from the repository root:  python3 tests/gen_keras_layer_fixtures.py
Deterministic (seeded); needs only NumPy (no TensorFlow or Keras): each reference is written
here from Keras 3's definitions, step by step in float64, independently of the library:

  SimpleRNN  h = act(x_t @ W + b + h @ U)
  LSTM       z = x_t @ W + h @ U + b, split in four (Keras's order i, f, c, o);
             i = rec(z_i), f = rec(z_f), c = f * c + i * act(z_c), o = rec(z_o), h = o * act(c)
  GRU        order z, r, h; reset_after=True: bias (2, 3u) = [input bias, recurrent bias],
             x = x_t @ W + b_in, m = h @ U + b_rec, z = rec(x_z + m_z), r = rec(x_r + m_r),
             hh = act(x_h + r * m_h); reset_after=False: one bias, m_zr = h @ U[:, :2u],
             hh = act(x_h + (r * h) @ U[:, 2u:]); then h = z * h + (1 - z) * hh
  go_backwards processes x[:, ::-1] and returns the outputs in processing order.
  MultiHeadAttention (EinsumDense projections, kernels (features, heads, dim), biases
             (heads, dim)): q = einsum("abc,cde->abde", query, Wq) + bq, likewise k and v;
             q *= 1 / sqrt(key_dim); scores = einsum("aecd,abcd->acbe", k, q);
             mask (B, T, S) expanded to (B, 1, T, S), causal mask lower-triangular, combined by
             AND; scores = where(mask, scores, -1e9); p = softmax(scores, -1) * mask;
             out = einsum("acbe,aecd->abcd", p, v); y = einsum("abcd,cde->abe", out, Wo) + bo
             (Wo (heads, value_dim, *output_shape)).
  Conv1D     out[b, i, f] = sum over (j, c) of x[b, i*s - left + j*d, c] * W[j, c, f] + bias[f],
             taps outside the input reading 0; "valid": no padding; "same": TensorFlow's SAME
             (total = max((out - 1) * s + (k - 1) * d + 1 - n, 0), left = total // 2);
             "causal": left = (k - 1) * d, right = 0.
  GlobalAveragePooling1D/2D: the mean over the steps / over height and width.

Encoding: every array is {"s": shape, "v": flat values}. Each case holds the layer's options as
the TS constructor takes them, the inputs, "w" (the weights in the order of layer.variables) and
the expected outputs.
"""

import json
import os

import numpy as np

RNG = np.random.default_rng(20250914)


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"s": list(a.shape), "v": [float(v) for v in a.reshape(-1)]}


def uniform(shape, lo=-1.0, hi=1.0):
    return RNG.uniform(lo, hi, size=shape)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


ACT = {"tanh": np.tanh, "sigmoid": sigmoid, "relu": lambda x: np.maximum(x, 0), "linear": lambda x: x}


# ------------------------------------------------------------------------------------ recurrent


def run_rnn(step, x, states, go_backwards):
    """Runs `step(x_t, states) -> states` over time; returns (every output, final states)."""
    steps = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    outputs = []
    for t in steps:
        states = step(x[:, t, :], states)
        outputs.append(states[0])
    return np.stack(outputs, axis=1), states


def simple_rnn_case(batch, time, features, units, options, with_bias=True, initial=False):
    act = ACT[options.get("activation", "tanh")]
    W = uniform((features, units))
    U = uniform((units, units))
    b = uniform((units,)) if with_bias else np.zeros(units)
    x = uniform((batch, time, features))
    h0 = uniform((batch, units)) if initial else np.zeros((batch, units))

    def step(xt, states):
        (h,) = states
        return [act(xt @ W + b + h @ U)]

    ys, states = run_rnn(step, x, [h0], options.get("goBackwards", False))
    weights = [W, U] + ([b] if with_bias else [])
    return case("SimpleRNN", options, x, weights, ys, states, [h0] if initial else None)


def lstm_case(batch, time, features, units, options, with_bias=True, initial=False):
    act = ACT[options.get("activation", "tanh")]
    rec = ACT[options.get("recurrentActivation", "sigmoid")]
    W = uniform((features, 4 * units))
    U = uniform((units, 4 * units))
    b = uniform((4 * units,)) if with_bias else np.zeros(4 * units)
    x = uniform((batch, time, features))
    h0 = uniform((batch, units)) if initial else np.zeros((batch, units))
    c0 = uniform((batch, units)) if initial else np.zeros((batch, units))
    u = units

    def step(xt, states):
        h, c = states
        z = xt @ W + h @ U + b
        i = rec(z[:, :u])
        f = rec(z[:, u : 2 * u])
        c = f * c + i * act(z[:, 2 * u : 3 * u])
        o = rec(z[:, 3 * u :])
        return [o * act(c), c]

    ys, states = run_rnn(step, x, [h0, c0], options.get("goBackwards", False))
    weights = [W, U] + ([b] if with_bias else [])
    return case("LSTM", options, x, weights, ys, states, [h0, c0] if initial else None)


def gru_case(batch, time, features, units, options, with_bias=True, initial=False):
    act = ACT[options.get("activation", "tanh")]
    rec = ACT[options.get("recurrentActivation", "sigmoid")]
    reset_after = options.get("resetAfter", True)
    W = uniform((features, 3 * units))
    U = uniform((units, 3 * units))
    bias_shape = (2, 3 * units) if reset_after else (3 * units,)
    b = uniform(bias_shape) if with_bias else np.zeros(bias_shape)
    x = uniform((batch, time, features))
    h0 = uniform((batch, units)) if initial else np.zeros((batch, units))
    u = units

    def step(xt, states):
        (h,) = states
        b_in = b[0] if reset_after else b
        mx = xt @ W + b_in
        x_z, x_r, x_h = mx[:, :u], mx[:, u : 2 * u], mx[:, 2 * u :]
        if reset_after:
            m = h @ U + b[1]
            z = rec(x_z + m[:, :u])
            r = rec(x_r + m[:, u : 2 * u])
            hh = act(x_h + r * m[:, 2 * u :])
        else:
            m = h @ U[:, : 2 * u]
            z = rec(x_z + m[:, :u])
            r = rec(x_r + m[:, u:])
            hh = act(x_h + (r * h) @ U[:, 2 * u :])
        return [z * h + (1 - z) * hh]

    ys, states = run_rnn(step, x, [h0], options.get("goBackwards", False))
    weights = [W, U] + ([b] if with_bias else [])
    return case("GRU", options, x, weights, ys, states, [h0] if initial else None)


def case(layer, options, x, weights, ys, states, initial):
    out = {
        "layer": layer,
        "o": options,
        "x": arr(x),
        "w": [arr(w) for w in weights],
        "sequences": arr(ys),
        "states": [arr(s) for s in states],
    }
    if initial is not None:
        out["initialState"] = [arr(s) for s in initial]
    return out


def recurrent_cases():
    return [
        simple_rnn_case(2, 4, 3, 5, {"units": 5}),
        simple_rnn_case(3, 3, 2, 4, {"units": 4, "activation": "relu", "goBackwards": True}),
        simple_rnn_case(2, 3, 3, 2, {"units": 2, "useBias": False}, with_bias=False, initial=True),
        lstm_case(2, 4, 3, 3, {"units": 3}),
        lstm_case(2, 3, 2, 2, {"units": 2, "goBackwards": True}, initial=True),
        lstm_case(
            1, 3, 3, 2, {"units": 2, "useBias": False, "recurrentActivation": "tanh"},
            with_bias=False,
        ),
        gru_case(2, 4, 3, 3, {"units": 3}),
        gru_case(2, 3, 2, 2, {"units": 2, "resetAfter": False}),
        gru_case(
            2, 3, 3, 2, {"units": 2, "goBackwards": True, "useBias": False}, with_bias=False,
            initial=True,
        ),
        gru_case(1, 4, 2, 3, {"units": 3, "resetAfter": False, "goBackwards": True}, initial=True),
    ]


# ------------------------------------------------------------------------------------ attention


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def mha_case(batch, tq, tv, dq, dv, dk, heads, key_dim, options, mask=None, causal=False):
    value_dim = options.get("valueDim", key_dim)
    use_bias = options.get("useBias", True)
    out_shape = options.get("outputShape", dq)
    out_shape = [out_shape] if isinstance(out_shape, int) else list(out_shape)
    query = uniform((batch, tq, dq))
    value = uniform((batch, tv, dv))
    key = uniform((batch, tv, dk)) if dk is not None else None
    k_in = value if key is None else key
    Wq, Wk, Wv = uniform((dq, heads, key_dim)), uniform((k_in.shape[2], heads, key_dim)), uniform(
        (dv, heads, value_dim)
    )
    bq, bk, bv = uniform((heads, key_dim)), uniform((heads, key_dim)), uniform((heads, value_dim))
    Wo = uniform((heads, value_dim, *out_shape))
    bo = uniform(tuple(out_shape))
    if not use_bias:
        bq, bk, bv, bo = (np.zeros_like(t) for t in (bq, bk, bv, bo))
    q = np.einsum("abc,cde->abde", query, Wq) + bq
    k = np.einsum("abc,cde->abde", k_in, Wk) + bk
    v = np.einsum("abc,cde->abde", value, Wv) + bv
    q = q * (1.0 / np.sqrt(float(key_dim)))
    scores = np.einsum("aecd,abcd->acbe", k, q)  # (B, heads, T, S)
    full = None
    if mask is not None:
        full = mask[:, None, :, :]
    if causal:
        c = np.tril(np.ones((tq, tv), dtype=bool))[None, None]
        full = c if full is None else (full & c)
    if full is not None:
        scores = np.where(full, scores, -1e9)
    p = softmax(scores)
    if full is not None:
        p = p * full
    out = np.einsum("acbe,aecd->abcd", p, v)  # (B, T, heads, value_dim)
    letters = "fgh"[: len(out_shape)]
    y = np.einsum(f"abcd,cd{letters}->ab{letters}", out, Wo) + bo
    weights = [Wq, bq, Wk, bk, Wv, bv, Wo, bo] if use_bias else [Wq, Wk, Wv, Wo]
    c = {
        "layer": "MultiHeadAttention",
        "o": {"numHeads": heads, "keyDim": key_dim, **options},
        "query": arr(query),
        "value": arr(value),
        "w": [arr(w) for w in weights],
        "y": arr(y),
        "scores": arr(p),
    }
    if key is not None:
        c["key"] = arr(key)
    if mask is not None:
        c["mask"] = {"s": list(mask.shape), "v": [bool(b) for b in mask.reshape(-1)]}
    if causal:
        c["causal"] = True
    return c


def attention_cases():
    mask = RNG.uniform(size=(2, 3, 4)) > 0.4
    mask[1, 2, :] = False  # a query that may attend to nothing: zero attention
    mask[0, 0, :] = True
    return [
        mha_case(2, 3, 5, 4, 6, None, 2, 3, {}),
        mha_case(2, 3, 4, 4, 3, 5, 2, 3, {"valueDim": 2, "outputShape": 7}, mask=mask),
        mha_case(1, 4, 4, 3, 3, None, 3, 2, {"useBias": False, "outputShape": [2, 3]}, causal=True),
        mha_case(2, 2, 3, 2, 2, None, 1, 4, {}, causal=True),
    ]


# ------------------------------------------------------------------------------------ conv1d


def conv1d_ref(x, W, b, stride, padding, dilation):
    batch, n, channels = x.shape
    k, _, filters = W.shape
    eff = (k - 1) * dilation + 1
    if padding == "valid":
        out, left = (n - eff) // stride + 1, 0
    elif padding == "same":
        out = -(-n // stride)
        left = max((out - 1) * stride + eff - n, 0) // 2
    else:  # causal
        left = eff - 1
        out = (n + left - eff) // stride + 1
    y = np.zeros((batch, out, filters))
    for i in range(out):
        for j in range(k):
            src = i * stride - left + j * dilation
            if 0 <= src < n:
                y[:, i, :] += x[:, src, :] @ W[j]
    return y + b


def conv1d_case(batch, n, channels, options, with_bias=True):
    k = options["kernelSize"]
    k = k[0] if isinstance(k, list) else k
    filters = options["filters"]
    W = uniform((k, channels, filters))
    b = uniform((filters,)) if with_bias else np.zeros(filters)
    x = uniform((batch, n, channels))
    one = lambda v: v[0] if isinstance(v, list) else v  # noqa: E731
    y = conv1d_ref(
        x, W, b, one(options.get("strides", 1)), options.get("padding", "valid"),
        one(options.get("dilationRate", 1)),
    )
    y = ACT[options.get("activation", "linear")](y)
    return {
        "layer": "Conv1D",
        "o": options,
        "x": arr(x),
        "w": [arr(W)] + ([arr(b)] if with_bias else []),
        "y": arr(y),
    }


def conv1d_cases():
    return [
        conv1d_case(2, 7, 3, {"filters": 4, "kernelSize": 3}),
        conv1d_case(2, 7, 2, {"filters": 3, "kernelSize": 3, "strides": 2, "padding": "same"}),
        conv1d_case(1, 8, 2, {"filters": 2, "kernelSize": 2, "strides": 3, "padding": "same"}),
        conv1d_case(2, 6, 2, {"filters": 2, "kernelSize": 3, "padding": "causal", "dilationRate": 2}),
        conv1d_case(1, 9, 3, {"filters": 2, "kernelSize": [2], "strides": [3], "useBias": False},
                    with_bias=False),
        conv1d_case(2, 5, 2, {"filters": 3, "kernelSize": 2, "padding": "same", "dilationRate": 2,
                              "activation": "relu"}),
    ]


# ------------------------------------------------------------------------------------ pooling


def pooling_cases():
    x1 = uniform((3, 5, 2))
    x2 = uniform((2, 3, 4, 3))
    return [
        {"layer": "GlobalAveragePooling1D", "x": arr(x1), "y": arr(x1.mean(axis=1))},
        {"layer": "GlobalAveragePooling2D", "x": arr(x2), "y": arr(x2.mean(axis=(1, 2)))},
    ]


def main():
    fixtures = {
        "recurrent": recurrent_cases(),
        "attention": attention_cases(),
        "conv1d": conv1d_cases(),
        "pooling": pooling_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "keras_layers.json")
    with open(path, "w") as fh:
        json.dump(fixtures, fh, separators=(",", ":"))
        fh.write("\n")
    counts = ", ".join(f"{k} {len(v)}" for k, v in fixtures.items())
    print(f"wrote {path}: {counts}")


if __name__ == "__main__":
    main()
