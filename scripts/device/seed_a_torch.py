# Seed A exactly as the lab wrote it, in PyTorch (its own framework, default initialisation), to
# tell a collapse of the model from a fault in ganc: per epoch, the losses and the spread of 16
# fixed-noise samples against that of real images (the ratio ganc's collapse warning uses).
# Run on the GPU machine: python3 .gpu/seed_a_torch.py <epochs> (MNIST from .gpu/mnist).
import gzip, os, sys, time
import numpy as np, torch, torch.nn as nn

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
dev = 'cuda' if torch.cuda.is_available() else 'cpu'
here = os.path.dirname(os.path.abspath(__file__))
raw = gzip.open(os.path.join(here, 'mnist', 'train-images-idx3-ubyte.gz')).read()
X = torch.tensor(np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 127.5 - 1, device=dev)

def spread(images):  # mean Euclidean distance over all pairs
    d = torch.cdist(images, images)
    n = images.shape[0]
    return (d.sum() / (n * (n - 1))).item()

torch.manual_seed(1)
G = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 784), nn.Tanh()).to(dev)
D = nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid()).to(dev)
oG = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999))
oD = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999))
bce = nn.BCELoss()
B = 128
fixed = torch.randn(16, 100, device=dev)
real_spread = spread(X[torch.randperm(60000, device=dev)[:64]])
for epoch in range(1, epochs + 1):
    start = time.time()
    order = torch.randperm(60000, device=dev)
    for i in range(60000 // B):
        real = X[order[i * B:(i + 1) * B]]
        ones, zeros = torch.ones(B, 1, device=dev), torch.zeros(B, 1, device=dev)
        fake = G(torch.randn(B, 100, device=dev))
        oD.zero_grad()
        lossD = bce(D(real), ones) + bce(D(fake.detach()), zeros)
        lossD.backward()
        oD.step()
        oG.zero_grad()
        lossG = bce(D(fake), ones)
        lossG.backward()
        oG.step()
    with torch.no_grad():
        samples = G(fixed)
    s = spread(samples)
    print(f'epoch {epoch}: Loss_D {lossD.item():.3f} Loss_G {lossG.item():.3f} sample spread {s:.2f} real {real_spread:.2f} ratio {s / real_spread:.2f} ({time.time() - start:.1f} s)', flush=True)
np.save(os.path.join(os.environ.get('OUT', '.'), 'seed_a_torch_samples.npy'), samples.cpu().numpy())
