#!/usr/bin/env bash
# Packs .gpu/ for the compiled-executor timing on a GPU machine without Node or network (see
# ../shared/device/README.md): Node, Dawn and the Vulkan loaders (the shared pack.sh), the
# compiled plans of seed A, B5 and D at their own batches (ganc compile), the executor bench
# bundle, the PyTorch reference and compiled.sh. Then, there (carry [".gpu"]):
#   bash .gpu/compiled.sh 50
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
shared=${GANC_DEVICE_SHARED:-$root/../shared/device}
"$shared/pack.sh"   # no entry points: Node, Dawn, loaders
rm -rf .gpu/plans && mkdir -p .gpu/plans
for spec in seed_a_mlp seed_b5_dcgan seed_d_keras_dcgan; do
  node bin/ganc.cjs compile "specs/$spec.gan" --out .gpu/plans >/dev/null
  rm ".gpu/plans/$spec.ts"
  test -s ".gpu/plans/$spec.plan.json"
done
node_modules/.bin/esbuild scripts/device/compiled-bench.ts --bundle --platform=node --format=cjs --target=node20 \
  --outfile=.gpu/compiled-bench.cjs --log-level=error --alias:webgpu="$shared/webgpu-shim.cjs"
cp scripts/device/compiled.sh scripts/device/compiled_torch.py .gpu/
du -sh .gpu
