"""
What the frameworks' initialisations look like at step 0, for ganc's init test
(test/parity/init-statistics.test.ts): each weight's standard deviation and D(x) on the first
real batch, over 20 seeds, for seed A's networks as PyTorch initialises them and as Keras's
Glorot-uniform with zero biases does, and for B5's as the DCGAN tutorial's weights_init does.

    /usr/bin/python3 scripts/parity/init_statistics.py     # Debian's python3-torch (1.13)

writes test/fixtures/parity/init_statistics.json. Keras is not installed here: its scheme is
drawn with torch's generator from the distribution Keras documents (glorot_uniform:
U(±sqrt(6 / (fan_in + fan_out))), biases 0).
"""

import json
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_reference import OUT, ROOT, mnist_batch  # noqa: E402

SEEDS = range(20)


def seed_a_networks():
    netG = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 784), nn.Tanh())
    netD = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid())
    return netG, netD


def b5_networks():
    netG = nn.Sequential(
        nn.ConvTranspose2d(100, 256, 4, 1, 0, bias=False), nn.BatchNorm2d(256), nn.ReLU(),
        nn.ConvTranspose2d(256, 128, 3, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, 2, 1, bias=False), nn.Tanh(),
    )
    netD = nn.Sequential(
        nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
        nn.Conv2d(128, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.LeakyReLU(0.2),
        nn.Conv2d(256, 1, 3, 1, 0), nn.Sigmoid(),
    )
    return netG, netD


def keras_init(module):
    """Keras's Dense defaults: glorot_uniform kernels, zero biases."""
    if isinstance(module, nn.Linear):
        fan_in, fan_out = module.in_features, module.out_features
        limit = math.sqrt(6 / (fan_in + fan_out))
        nn.init.uniform_(module.weight, -limit, limit)
        nn.init.zeros_(module.bias)


def dcgan_init(module):
    """The DCGAN tutorial's weights_init."""
    name = module.__class__.__name__
    if name.find("Conv") != -1:
        nn.init.normal_(module.weight.data, 0.0, 0.02)
    elif name.find("BatchNorm") != -1:
        nn.init.normal_(module.weight.data, 1.0, 0.02)
        nn.init.constant_(module.bias.data, 0)


def statistics(make, init, batch):
    stds = None
    d_real = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        netG, netD = make()
        if init is not None:
            netG.apply(init)
            netD.apply(init)
        params = [p.detach() for p in list(netG.parameters()) + list(netD.parameters())]
        seed_stds = [p.std(unbiased=False).item() for p in params]
        stds = seed_stds if stds is None else [a + b for a, b in zip(stds, seed_stds)]
        with torch.no_grad():
            d_real.append(netD(batch).mean().item())
    return {"std": [s / len(SEEDS) for s in stds], "dReal": d_real}


def main():
    real_a = mnist_batch(128)
    real_b5 = mnist_batch(64)
    fixture = {
        "made_by": "/usr/bin/python3 scripts/parity/init_statistics.py",
        "torch": torch.__version__,
        "seeds": len(SEEDS),
        "note": "std: each weight's standard deviation (G's weights, then D's, in order), averaged over the seeds; dReal: mean D(x) on the first real batch, one per seed",
        "seed_a_mlp": {"pytorch": statistics(seed_a_networks, None, real_a), "keras": statistics(seed_a_networks, keras_init, real_a)},
        "seed_b5_dcgan": {"dcgan": statistics(b5_networks, dcgan_init, real_b5)},
    }
    path = os.path.join(OUT, "init_statistics.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
    for spec in ("seed_a_mlp", "seed_b5_dcgan"):
        for scheme, stats in fixture[spec].items() if isinstance(fixture[spec], dict) else []:
            print(f"{spec} {scheme}: D(x) at step 0 over {len(SEEDS)} seeds {min(stats['dReal']):.3f} to {max(stats['dReal']):.3f}")
    print(f"wrote {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
