"""PyTorch side of bench/cuda.ts: the same workloads on the GPU, timed the same way.

Prints {"gpu": name, "results": {id: value}} with the same ids and units as bench/cuda.ts.
Exits non-zero (and bench/cuda.ts skips the column) when torch or CUDA is missing.
"""
import json
import sys
import time

import torch

quick = "--quick" in sys.argv
if not torch.cuda.is_available():
    sys.exit("torch.cuda.is_available() is false")
dev = torch.device("cuda")
N_ADD = 10**5 if quick else 10**8
N_MM = 64 if quick else 4096
N_RED = 10**5 if quick else 10**7
N_SCAN = 10**4 if quick else 10**6
N_EMB = 10**4 if quick else 10**6


def timed(fn, min_runs=5, min_s=0.5):
    fn()
    torch.cuda.synchronize()
    runs = []
    start = time.perf_counter()
    while len(runs) < min_runs or (time.perf_counter() - start < min_s and len(runs) < 100):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        runs.append(time.perf_counter() - t0)
    runs.sort()
    return runs[len(runs) // 2]


res = {}
g = torch.Generator(device=dev).manual_seed(0)
a = torch.randn(N_ADD, device=dev, generator=g)
b = torch.randn(N_ADD, device=dev, generator=g)
c = torch.empty_like(a)
res["add_1e8_f32"] = 3 * 4 * N_ADD / timed(lambda: torch.add(a, b)) / 1e9
res["device_copy_1e8_f32"] = 2 * 4 * N_ADD / timed(lambda: c.copy_(a)) / 1e9
ma = torch.randn(N_MM, N_MM, device=dev, generator=g)
mb = torch.randn(N_MM, N_MM, device=dev, generator=g)
flops = 2 * N_MM**3
torch.backends.cuda.matmul.allow_tf32 = False
res["matmul_4096_f32"] = flops / timed(lambda: ma @ mb) / 1e12
torch.backends.cuda.matmul.allow_tf32 = True
res["matmul_4096_tf32"] = flops / timed(lambda: ma @ mb) / 1e12
torch.backends.cuda.matmul.allow_tf32 = False
s1 = torch.ones(2, 2, device=dev)
s2 = torch.ones(2, 2, device=dev)
reps = 200 if quick else 10000


def small():
    for _ in range(reps):
        torch.add(s1, s2)


res["add_2x2_latency"] = timed(small, 3, 0.2) / reps * 1e6
lx = torch.randn(2000, device=dev, generator=g)
ly = lx * 3 + 2 + torch.randn(2000, device=dev, generator=g)


def linreg():
    w = torch.tensor(5.0, device=dev, requires_grad=True)
    bb = torch.tensor(10.0, device=dev, requires_grad=True)
    opt = torch.optim.SGD([w, bb], lr=0.01)
    for _ in range(300):
        opt.zero_grad()
        loss = torch.mean((lx * w + bb - ly) ** 2)
        loss.backward()
        opt.step()
    w.item()


res["seed_loop_300_steps"] = timed(linreg, 3, 0.2) * 1e3
x = torch.randn(256, 784, device=dev, generator=g)
labels = torch.randint(0, 10, (256,), device=dev, generator=g)
w1 = (torch.randn(784, 256, device=dev, generator=g) * (2 / 784) ** 0.5).requires_grad_()
b1 = torch.zeros(256, device=dev, requires_grad=True)
w2 = (torch.randn(256, 10, device=dev, generator=g) * (2 / 256) ** 0.5).requires_grad_()
b2 = torch.zeros(10, device=dev, requires_grad=True)
opt = torch.optim.SGD([w1, b1, w2, b2], lr=0.01)


def mlp():
    opt.zero_grad()
    h = torch.relu(x @ w1 + b1)
    loss = torch.nn.functional.cross_entropy(h @ w2 + b2, labels)
    loss.backward()
    opt.step()
    loss.item()


res["mlp_step_256x784_256_10"] = timed(mlp, 5, 0.3) * 1e3
r = torch.randn(N_RED, device=dev, generator=g)
res["sum_1e7_f32"] = 4 * N_RED / timed(lambda: torch.sum(r)) / 1e9
sm = torch.randn(8192, 512, device=dev, generator=g)
res["softmax_8192x512_f32"] = timed(lambda: torch.softmax(sm, -1)) * 1e3
cs = torch.randn(N_SCAN, device=dev, generator=g)
res["cumsum_1e6_f32"] = timed(lambda: torch.cumsum(cs, 0)) * 1e3
table = torch.randn(50000, 64, device=dev, generator=g, requires_grad=True)
ids = torch.randint(0, 50000, (N_EMB,), device=dev, generator=g)


def embedding_grad():
    table.grad = None
    torch.sum(table[ids]).backward()


res["embedding_grad_1e6_x64"] = timed(embedding_grad) * 1e3
json.dump({"gpu": torch.cuda.get_device_name(0), "results": res}, sys.stdout)
