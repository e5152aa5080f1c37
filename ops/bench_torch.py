#!/usr/bin/python3
"""The PyTorch peer of `reflow bench`: the same models, batches and Adam step, timed the same way.

For measuring only (Debian: apt-get install python3-torch); reflow never depends on it.
Usage: OMP_NUM_THREADS=1 /usr/bin/python3 ops/bench_torch.py [--quick]   -> one JSON document on stdout.
"""
import json
import os
import statistics
import sys
import time

import torch


def step_flops(dims, batch):
    macs = sum(a * b for a, b in zip(dims[:-1], dims[1:]))
    return 2.0 * batch * (3 * macs - dims[0] * dims[1])


def bench(name, dim, hidden, batch, warmup, repeats):
    torch.manual_seed(0)
    dims = [dim + 1] + hidden + [dim]
    layers = []
    for a, b in zip(dims[:-1], dims[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.Tanh()]
    model = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    z0 = [torch.randn(batch, dim) for _ in range(8)]
    z1 = [torch.randn(batch, dim) for _ in range(8)]

    def step(i):
        x0, x1 = z0[i % 8], z1[i % 8]
        t = torch.rand(batch, 1)
        xt = t * x1 + (1 - t) * x0
        v = model(torch.cat([xt, t], dim=1))
        loss = ((x1 - x0 - v) ** 2).sum(dim=1).mean()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()

    for i in range(warmup):
        step(i)
    ms = []
    for i in range(repeats):
        t0 = time.perf_counter()
        step(i)
        ms.append((time.perf_counter() - t0) * 1e3)
    med = statistics.median(ms)
    return {
        "model": "-".join(map(str, dims)) + " tanh",
        "batch": batch,
        "train_step_ms_median": round(med, 3),
        "train_step_gflops": round(step_flops(dims, batch) / med / 1e6, 3),
    }


def main():
    quick = "--quick" in sys.argv
    threads = int(os.environ.get("OMP_NUM_THREADS", os.cpu_count()))
    torch.set_num_threads(threads)
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "toy": bench("toy", 2, [100, 100], 2048, 5 if quick else 100, 10 if quick else 300),
        "large": bench("large", 784, [1024, 1024], 256, 2 if quick else 10, 3 if quick else 30),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
