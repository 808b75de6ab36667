# PyTorch eager on the GPU for the networks the compiled-executor bench times (the same specs):
# seed A's MLP GAN (batch 128), seed B5's DCGAN with PyTorch padding (batch 64), seed D's Keras
# DCGAN with simultaneous updates (batch 256). One JSON line per model: {"name", "batch", "ms"},
# ms per iteration (D step + G step, or both at once for seed D), timed after a warm-up with a
# synchronize at the end, as the compiled executor is timed.
# Run on the GPU machine: python3 .gpu/compiled_torch.py [iterations]
import json, sys, time
import torch, torch.nn as nn

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 50
dev = 'cuda'
torch.manual_seed(1)

def seed_a():
    G = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 784), nn.Tanh(), nn.Unflatten(1, (1, 28, 28)))
    D = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid())
    return G, D, (0.5, 0.999), 2e-4

def seed_b5():
    ngf = ndf = 64
    G = nn.Sequential(nn.Unflatten(1, (100, 1, 1)),
        nn.ConvTranspose2d(100, ngf * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(),
        nn.ConvTranspose2d(ngf * 4, ngf * 2, 3, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(),
        nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(),
        nn.ConvTranspose2d(ngf, 1, 4, 2, 1, bias=False), nn.Tanh())
    D = nn.Sequential(nn.Conv2d(1, ndf, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 4), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf * 4, 1, 3, 1, 0), nn.Sigmoid(), nn.Flatten())
    return G, D, (0.9, 0.999), 1e-3

def seed_d():
    # Keras 'same' padding: stride-1 k5 pads 2; stride-2 k5 transposed to double the size pads 2 with output_padding 1.
    G = nn.Sequential(nn.Linear(100, 7 * 7 * 256, bias=False), nn.BatchNorm1d(7 * 7 * 256, momentum=0.01, eps=1e-3), nn.LeakyReLU(0.3), nn.Unflatten(1, (256, 7, 7)),
        nn.ConvTranspose2d(256, 128, 5, 1, 2, bias=False), nn.BatchNorm2d(128, momentum=0.01, eps=1e-3), nn.LeakyReLU(0.3),
        nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1, bias=False), nn.BatchNorm2d(64, momentum=0.01, eps=1e-3), nn.LeakyReLU(0.3),
        nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1, bias=False), nn.Tanh())
    D = nn.Sequential(nn.Conv2d(1, 64, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
        nn.Conv2d(64, 128, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3), nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    return G, D, (0.9, 0.999), 1e-4

def alternating(G, D, oG, oD, loss, B):
    real = torch.rand(B, 1, 28, 28, device=dev) * 2 - 1
    ones, zeros = torch.ones(B, 1, device=dev), torch.zeros(B, 1, device=dev)
    fake = G(torch.randn(B, 100, device=dev))
    oD.zero_grad()
    lossD = loss(D(real), ones) + loss(D(fake.detach()), zeros)
    lossD.backward()
    oD.step()
    oG.zero_grad()
    lossG = loss(D(fake), ones)
    lossG.backward()
    oG.step()

def simultaneous(G, D, oG, oD, loss, B):
    real = torch.rand(B, 1, 28, 28, device=dev) * 2 - 1
    ones, zeros = torch.ones(B, 1, device=dev), torch.zeros(B, 1, device=dev)
    fake = G(torch.randn(B, 100, device=dev))
    realScores, fakeScores = D(real), D(fake)
    lossD = loss(realScores, ones) + loss(fakeScores, zeros)
    lossG = loss(fakeScores, ones)
    oD.zero_grad(); oG.zero_grad()
    gradsD = torch.autograd.grad(lossD, list(D.parameters()), retain_graph=True)
    gradsG = torch.autograd.grad(lossG, list(G.parameters()))
    for p, g in zip(D.parameters(), gradsD): p.grad = g
    for p, g in zip(G.parameters(), gradsG): p.grad = g
    oD.step(); oG.step()

cases = [('seed_a_mlp', seed_a, 128, alternating, nn.BCELoss()),
         ('seed_b5_dcgan', seed_b5, 64, alternating, nn.BCELoss()),
         ('seed_d_keras_dcgan', seed_d, 256, simultaneous, nn.BCEWithLogitsLoss())]
for name, build, B, step, loss in cases:
    G, D, betas, lr = build()
    G, D = G.to(dev), D.to(dev)
    oG = torch.optim.Adam(G.parameters(), lr, betas=betas)
    oD = torch.optim.Adam(D.parameters(), lr, betas=betas)
    for _ in range(5): step(G, D, oG, oD, loss, B)
    torch.cuda.synchronize()
    start = time.time()
    for _ in range(iterations): step(G, D, oG, oD, loss, B)
    torch.cuda.synchronize()
    print(json.dumps({'name': name, 'batch': B, 'ms': (time.time() - start) * 1000 / iterations}), flush=True)
