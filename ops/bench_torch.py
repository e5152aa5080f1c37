#!/usr/bin/python3
"""The PyTorch peer of `reflow bench`: the same models, batches and Adam step, timed the same way.

For measuring only (Debian: apt-get install python3-torch); reflow never depends on it.
Usage: OMP_NUM_THREADS=1 /usr/bin/python3 ops/bench_torch.py [--quick] [--unet [--batch N] [--profile-ops]]
  -> one JSON document on stdout. --unet times the U-Net of `reflow bench --model unet` instead (and one
  3x3 convolution per level alone), at batch N (default 64). --profile-ops: instead, one U-Net train step
  split by kind of op (torch.profiler), the groups of `reflow bench --model unet --profile-ops`, as a table.
"""
import contextlib
import itertools
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
    counter = itertools.count()

    def step():
        i = next(counter) % 8
        x0, x1 = z0[i], z1[i]
        t = torch.rand(batch, 1)
        xt = t * x1 + (1 - t) * x0
        v = model(torch.cat([xt, t], dim=1))
        loss = ((x1 - x0 - v) ** 2).sum(dim=1).mean()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()

    med = statistics.median(step_ms(step, warmup, repeats))
    return {
        "model": "-".join(map(str, dims)) + " tanh",
        "batch": batch,
        "train_step_ms_median": round(med, 3),
        "train_step_gflops": round(step_flops(dims, batch) / med / 1e6, 3),
    }


class ResBlock(torch.nn.Module):
    """reflow's UnetGraph block: GN, SiLU, conv3x3, + dense(SiLU(emb)), GN, SiLU, conv3x3; plus x (1x1 when widths differ)."""

    def __init__(self, cin, cout, emb, groups):
        super().__init__()
        self.norm0 = torch.nn.GroupNorm(groups, cin)
        self.conv0 = torch.nn.Conv2d(cin, cout, 3, padding=1)
        self.time = torch.nn.Linear(emb, cout)
        self.norm1 = torch.nn.GroupNorm(groups, cout)
        self.conv1 = torch.nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = torch.nn.Identity() if cin == cout else torch.nn.Conv2d(cin, cout, 1)

    def forward(self, x, e):
        h = self.conv0(torch.nn.functional.silu(self.norm0(x)))
        h = h + self.time(torch.nn.functional.silu(e))[:, :, None, None]
        h = self.conv1(torch.nn.functional.silu(self.norm1(h)))
        return self.skip(x) + h


class UNet(torch.nn.Module):
    """The same U-Net as reflow's UnetGraph: one res block per level, avg-pool down, nearest up, skips."""

    def __init__(self, channels=32, mult=(1, 2, 2), groups=8, freqs=16):
        super().__init__()
        e = 4 * channels
        self.freqs = freqs
        self.time0 = torch.nn.Linear(2 * freqs, e)
        self.time1 = torch.nn.Linear(e, e)
        self.input = torch.nn.Conv2d(1, channels, 3, padding=1)
        self.down, self.up = torch.nn.ModuleList(), torch.nn.ModuleList()
        c, skips = channels, []
        for m in mult:
            self.down.append(ResBlock(c, channels * m, e, groups))
            c = channels * m
            skips.append(c)
        self.middle = ResBlock(c, c, e, groups)
        for m in reversed(mult):
            self.up.append(ResBlock(c + skips.pop(), channels * m, e, groups))
            c = channels * m
        self.norm = torch.nn.GroupNorm(groups, c)
        self.output = torch.nn.Conv2d(c, 1, 3, padding=1)

    def forward(self, x, t):
        k = torch.arange(self.freqs, dtype=torch.float32)
        angle = 1000 * t[:, None] * torch.pow(10000.0, -k / self.freqs)[None, :]
        e = self.time1(torch.nn.functional.silu(self.time0(torch.cat([angle.sin(), angle.cos()], dim=1))))
        h = self.input(x.view(-1, 1, 28, 28))
        hs = []
        for i, block in enumerate(self.down):
            h = block(h, e)
            hs.append(h)
            if i < len(self.down) - 1:
                h = torch.nn.functional.avg_pool2d(h, 2)
        h = self.middle(h, e)
        for i, block in enumerate(self.up):
            h = block(torch.cat([h, hs.pop()], dim=1), e)
            if i < len(self.up) - 1:
                h = torch.nn.functional.interpolate(h, scale_factor=2, mode="nearest")
        return self.output(torch.nn.functional.silu(self.norm(h))).view(-1, 784)


def step_ms(fn, warmup, repeats, around=None):
    """The ms each of `repeats` calls of fn took, after `warmup` calls untimed; the timed calls run inside the
    context manager `around` when one is given (a profiler)."""
    for _ in range(warmup):
        fn()
    ms = []
    with around or contextlib.nullcontext():
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            ms.append((time.perf_counter() - t0) * 1e3)
    return ms


def timed(fn, warmup, repeats):
    return round(statistics.median(step_ms(fn, warmup, repeats)), 3)


def unet_training(batch, pairs):
    """The U-Net, its train step (Adam, the loss of reflow's Trainer) cycling over `pairs` batches of (X0, X1)
    drawn once, and the first X0 batch."""
    torch.manual_seed(0)
    model = UNet()
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    z0 = [torch.randn(batch, 784) for _ in range(pairs)]
    z1 = [torch.randn(batch, 784) for _ in range(pairs)]
    counter = itertools.count(1)

    def step():
        i = next(counter) % pairs
        x0, x1 = z0[i], z1[i]
        t = torch.rand(batch)
        xt = t[:, None] * x1 + (1 - t[:, None]) * x0
        loss = ((x1 - x0 - model(xt, t)) ** 2).sum(dim=1).mean()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()

    return model, step, z0[0]


def bench_unet(batch, warmup, repeats):
    model, step, x0 = unet_training(batch, 8)

    def forward():
        with torch.no_grad():
            model(x0, torch.full((batch,), 0.5))

    def conv(cin, cout, side):
        layer = torch.nn.Conv2d(cin, cout, 3, padding=1)
        x = torch.randn(batch, cin, side, side, requires_grad=True)

        def fwd():
            with torch.no_grad():
                layer(x).mean()

        def both():
            layer(x).mean().backward()

        return {"shape": f"batch {batch}, {cin}→{cout} channels, {side}x{side}",
                "forward_ms_median": timed(fwd, warmup, repeats),
                "forward_backward_ms_median": timed(both, warmup, repeats)}

    return {
        "model": "unet 28x28 channels 32 mult [1, 2, 2] groups 8",
        "batch": batch,
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_step_ms_median": timed(step, warmup, repeats),
        "forward_ms_median": timed(forward, warmup, repeats),
        "conv3x3_alone": [conv(32, 32, 28), conv(64, 64, 14), conv(64, 64, 7)],
    }


# torch.profiler's aten ops -> the groups of reflow's OpProfile; an op's time goes to the group of
# the nearest op, itself or an ancestor, that names one (aten::empty under a convolution is the convolution's);
# an op under none of them is elementwise, or data movement when its name says so.
GROUPS = ["conv2d fwd", "conv2d bwd (dx+dw+db)", "group norm fwd", "group norm bwd", "silu fwd", "silu bwd",
          "matmul (linear) fwd+bwd", "pool/upsample fwd+bwd", "elementwise fwd+bwd", "concat/reshape/other ops",
          "Adam update", "overhead (outside ops)"]


def op_group(name):
    if name.startswith("Optimizer."):  # step and zero_grad
        return "Adam update"
    if name in ("aten::convolution_backward", "aten::mkldnn_convolution_backward", "aten::thnn_conv2d_backward"):
        return "conv2d bwd (dx+dw+db)"
    if name in ("aten::convolution", "aten::_convolution", "aten::conv2d"):
        return "conv2d fwd"
    if name == "aten::native_group_norm_backward":
        return "group norm bwd"
    if name in ("aten::group_norm", "aten::native_group_norm"):
        return "group norm fwd"
    if name == "aten::silu_backward":
        return "silu bwd"
    if name in ("aten::silu", "aten::silu_"):
        return "silu fwd"
    if name in ("aten::linear", "aten::addmm", "aten::mm", "aten::matmul", "AddmmBackward0", "MmBackward0"):
        return "matmul (linear) fwd+bwd"
    if "pool2d" in name or "upsample" in name:
        return "pool/upsample fwd+bwd"
    return None


MOVES = {"cat", "view", "reshape", "_reshape_alias", "slice", "select", "unsqueeze", "expand", "copy_", "empty",
         "empty_like", "zero_", "zeros", "zeros_like", "fill_", "as_strided", "t", "transpose", "permute",
         "contiguous", "detach", "clone", "alias", "arange", "resize_", "stride", "to", "_to_copy", "ones_like"}


def leaf_group(name):
    return "concat/reshape/other ops" if name.split("::")[-1] in MOVES else "elementwise fwd+bwd"


def profile_unet(batch, warmup, repeats):
    from torch.profiler import ProfilerActivity, profile
    _, step, _ = unet_training(batch, 1)
    prof = profile(activities=[ProfilerActivity.CPU])
    wall = statistics.fmean(step_ms(step, warmup, repeats, around=prof))
    ms = dict.fromkeys(GROUPS, 0.0)
    for e in prof.events():
        node, group = e, None
        while node is not None and group is None:
            group = op_group(node.name)
            node = node.cpu_parent
        ms[group or leaf_group(e.name)] += e.self_cpu_time_total / 1e3 / repeats
    ms["overhead (outside ops)"] = wall - sum(ms.values())
    unprofiled = timed(step, 1, repeats)
    lines = [f"torch {torch.__version__} unet train step, batch {batch}, threads {torch.get_num_threads()}"
             f" (profiled step {wall:.1f} ms; unprofiled {unprofiled:.1f} ms)",
             f"{'op group':28} {'ms/step':>10} {'share':>7}"]
    lines += [f"{g:28} {ms[g]:10.1f} {100 * ms[g] / wall:6.1f}%" for g in GROUPS]
    lines.append(f"{'step':28} {wall:10.1f} {100.0:6.1f}%")
    return "\n".join(lines)


def main():
    quick = "--quick" in sys.argv
    threads = int(os.environ.get("OMP_NUM_THREADS", os.cpu_count()))
    torch.set_num_threads(threads)
    if "--unet" in sys.argv:
        batch = int(sys.argv[sys.argv.index("--batch") + 1]) if "--batch" in sys.argv else 64
        if "--profile-ops" in sys.argv:
            print(profile_unet(batch, 1 if quick else 3, 2 if quick else 5))
            return
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                          "unet": bench_unet(batch, 1 if quick else 2, 2 if quick else 5)}, indent=2))
        return
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "toy": bench("toy", 2, [100, 100], 2048, 5 if quick else 100, 10 if quick else 300),
        "large": bench("large", 784, [1024, 1024], 256, 2 if quick else 10, 3 if quick else 30),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
