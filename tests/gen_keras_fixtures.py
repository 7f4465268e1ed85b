#!/usr/bin/env python3
"""Generate tests/fixtures/keras_train.json: the expected losses, metrics and weights after one
SGD step of tiny Dense models with fixed weights, replayed by tests/keras_train_test.ts.

Run from the repository root:  python3 tests/gen_keras_fixtures.py
Deterministic (seeded); needs only NumPy (no TensorFlow): every number is computed here from
Keras 3's formulas, written out in float64.

Formulas (Keras 3, keras/src/losses/loss.py, keras/src/trainers/compile_utils.py,
keras/src/trainers/data_adapters/data_adapter_utils.py, keras/src/regularizers/regularizers.py,
keras/src/layers/layer.py):
  per-example losses   mse_i = mean_j (p_ij - y_ij)^2, mae_i = mean_j |p_ij - y_ij|,
                       bce_i = -mean_j (y log p + (1 - y) log(1 - p)),
                       cce_i = -sum_j y_ij log p_ij, sparse: -log p_i,y_i
                       (labels of shape (N,) against predictions (N, 1): both (N, 1),
                       squeeze_or_expand_to_same_rank)
  sample weights       loss = sum_i w_i * loss_i / N   (reduction "sum_over_batch_size": the
                       batch size, not sum_i w_i)
  class weights        w_i = class_weight[class of example i], the class being the sparse id,
                       the argmax of a one-hot row, or round(y_i) of a binary target
  metrics              unweighted (`metrics`): the plain mean over examples; `weighted_metrics`:
                       sum_i w_i m_i / sum_i w_i; a weighted metric named like a metric is
                       logged as weighted_<name>
  several outputs      total = sum_k loss_weight_k * loss_k; each output's unweighted loss is
                       logged as <output>_loss
  regularizers         L2: l2 * sum(w^2) (default l2 = 0.01), L1: l1 * sum(|w|); activity:
                       regularizer(output) / batch size; model.losses = [activity losses of the
                       last call, then the weight penalties of the trainable weights in order];
                       the training loss (and the logged loss) is the compiled loss plus their
                       sum
  one SGD step         w <- w - lr * dL/dw (full batch, no shuffling), the gradients written out
                       by hand below (softmax + cross-entropy: dL/dz = w_i (p - onehot) / N;
                       sigmoid + BCE: w_i (p - y) / N; MSE: 2 w_i d / (N k); MAE: w_i sign(d)/(N k))

Encoding: {"cases": {name: {...}}}, arrays as nested lists (float64 values).
"""

import json
import os

import numpy as np

RNG = np.random.default_rng(20250614)
LR = 0.1
N = 4


def q(shape, scale=1.0):
    """Multiples of 1/16 in [-scale, scale]: exact in float32."""
    return RNG.integers(-16, 17, size=shape).astype(np.float64) / 16 * scale


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def tolist(a):
    return np.asarray(a, dtype=np.float64).tolist()


def mse_sample_weight():
    x, w, b = q((N, 3)), q((3, 2)), q((2,))
    y = q((N, 2), 2)
    sw = np.array([1.0, 0.5, 2.0, 0.0])
    k = 2
    d = x @ w + b - y
    loss = np.sum(sw * np.mean(d**2, axis=1)) / N
    mae_i = np.mean(np.abs(d), axis=1)
    g = 2 * sw[:, None] * d / (N * k)
    w1, b1 = w - LR * (x.T @ g), b - LR * g.sum(0)
    d1 = x @ w1 + b1 - y
    return {
        "x": tolist(x), "w": tolist(w), "b": tolist(b), "y": tolist(y), "sampleWeight": tolist(sw),
        "lr": LR,
        "loss": loss,
        "mae": mae_i.mean(),
        "weighted_mae": np.sum(sw * mae_i) / np.sum(sw),
        "w1": tolist(w1), "b1": tolist(b1),
        # evaluate after the step, with and without the sample weights
        "evalLossWeighted": np.sum(sw * np.mean(d1**2, axis=1)) / N,
        "evalLoss": np.mean(d1**2),
    }


def classifier(labels):
    """Dense(3, softmax) with sparse or one-hot labels and class weights."""
    x, w, b = q((N, 3)), q((3, 3)), q((3,))
    ids = np.array([0, 2, 1, 2])
    cw = {0: 1.0, 1: 2.0, 2: 0.5}
    wi = np.array([cw[c] for c in ids])
    p = softmax(x @ w + b)
    ce = -np.log(p[np.arange(N), ids])
    loss = np.sum(wi * ce) / N
    onehot = np.eye(3)[ids]
    g = wi[:, None] * (p - onehot) / N
    w1, b1 = w - LR * (x.T @ g), b - LR * g.sum(0)
    hit = (p.argmax(1) == ids).astype(np.float64)
    return {
        "x": tolist(x), "w": tolist(w), "b": tolist(b),
        "y": ids.tolist() if labels == "sparse" else tolist(onehot),
        "classWeight": {str(k): v for k, v in cw.items()},
        "lr": LR,
        "loss": loss,
        "accuracy": hit.mean(),
        "weighted_accuracy": np.sum(wi * hit) / np.sum(wi),
        "w1": tolist(w1), "b1": tolist(b1),
    }


def binary_class_weight():
    """Dense(1, sigmoid), labels of shape (N,) (expanded to (N, 1)), class weights by 0/1."""
    x, w, b = q((N, 3)), q((3, 1)), q((1,))
    y = np.array([0.0, 1.0, 1.0, 0.0])
    cw = {0: 0.25, 1: 3.0}
    wi = np.array([cw[int(round(v))] for v in y])
    p = sigmoid(x @ w + b)[:, 0]
    bce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    loss = np.sum(wi * bce) / N
    g = (wi * (p - y) / N)[:, None]
    w1, b1 = w - LR * (x.T @ g), b - LR * g.sum(0)
    return {
        "x": tolist(x), "w": tolist(w), "b": tolist(b), "y": tolist(y),
        "classWeight": {str(k): v for k, v in cw.items()},
        "lr": LR,
        "loss": loss,
        "w1": tolist(w1), "b1": tolist(b1),
    }


def mse_rank1_targets():
    """Dense(1) against targets of shape (N,): compared as (N, 1), never broadcast to (N, N)."""
    x, w, b = q((N, 3)), q((3, 1)), q((1,))
    y = q((N,), 2)
    p = (x @ w + b)[:, 0]
    return {
        "x": tolist(x), "w": tolist(w), "b": tolist(b), "y": tolist(y),
        "loss": np.mean((p - y) ** 2),
        "broadcastLoss": np.mean((p[:, None] - y[None, :]) ** 2),  # what (N,1) - (N,) would give
    }


def regularized():
    """Dense(2) with kernel L2 (default 0.01), bias L1(0.1), activity L2(0.05); MSE; SGD."""
    x, w, b = q((N, 3)), q((3, 2)), q((2,))
    b[b == 0] = 0.25  # the L1 gradient sign(b) is defined
    y = q((N, 2), 2)
    k = 2
    out = x @ w + b
    d = out - y
    mse = np.mean(d**2)
    activity = 0.05 * np.sum(out**2) / N
    kernel = 0.01 * np.sum(w**2)
    bias = 0.1 * np.sum(np.abs(b))
    loss = mse + activity + kernel + bias
    gout = 2 * d / (N * k) + 0.05 * 2 * out / N
    gw = x.T @ gout + 0.01 * 2 * w
    gb = gout.sum(0) + 0.1 * np.sign(b)
    w1, b1 = w - LR * gw, b - LR * gb
    return {
        "x": tolist(x), "w": tolist(w), "b": tolist(b), "y": tolist(y),
        "lr": LR,
        # layer.losses after a call on x: [activity, kernel penalty, bias penalty]
        "losses": [activity, kernel, bias],
        "mse": mse,
        "loss": loss,
        "w1": tolist(w1), "b1": tolist(b1),
    }


def multi_output():
    """Two inputs a (N, 3), c (N, 2); outputs Dense(1)(a) with MSE and Dense(2)(c) with MAE,
    loss weights [1, 0.5]."""
    a, c = q((N, 3)), q((N, 2))
    w1, b1 = q((3, 1)), q((1,))
    w2, b2 = q((2, 2)), q((2,))
    y1, y2 = q((N, 1), 2) + 1 / 32, q((N, 2), 2) + 1 / 32  # no zero differences (MAE's kink)
    d1 = a @ w1 + b1 - y1
    d2 = c @ w2 + b2 - y2
    l1 = np.mean(d1**2)
    l2 = np.mean(np.abs(d2))
    total = 1.0 * l1 + 0.5 * l2
    g1 = 1.0 * 2 * d1 / (N * 1)
    g2 = 0.5 * np.sign(d2) / (N * 2)
    return {
        "a": tolist(a), "c": tolist(c),
        "w1": tolist(w1), "b1": tolist(b1), "w2": tolist(w2), "b2": tolist(b2),
        "y1": tolist(y1), "y2": tolist(y2),
        "lossWeights": [1.0, 0.5],
        "lr": LR,
        "loss": total, "loss1": l1, "loss2": l2,
        "w1New": tolist(w1 - LR * (a.T @ g1)), "b1New": tolist(b1 - LR * g1.sum(0)),
        "w2New": tolist(w2 - LR * (c.T @ g2)), "b2New": tolist(b2 - LR * g2.sum(0)),
    }


def main():
    cases = {
        "mse_sample_weight": mse_sample_weight(),
        "sparse_class_weight": classifier("sparse"),
        "categorical_class_weight": classifier("onehot"),
        "binary_class_weight": binary_class_weight(),
        "mse_rank1_targets": mse_rank1_targets(),
        "regularized": regularized(),
        "multi_output": multi_output(),
    }

    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, (np.floating, np.integer)):
            return v.item()
        return v

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "keras_train.json")
    with open(path, "w") as f:
        json.dump({"cases": plain(cases)}, f, indent=1)
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
