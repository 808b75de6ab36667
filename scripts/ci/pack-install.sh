#!/usr/bin/env bash
# Packs ganc as npm would publish it, installs the tarball into a fresh project outside the
# repository (from the registry, as a user would), and there runs what the README's "Use it in
# your own project" section says: check, compile, the compiled trainer under tsx and under
# tsc + node, train, sample, eval, export and a two-trial sweep. Any failure exits non-zero.
# Prints the tarball's size, the install's time and size, and ganc check's cold start.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ganc-pack-XXXXXX")"
keep="${GANC_PACK_KEEP:-}"
cleanup() { if [ -z "$keep" ]; then rm -rf "$work"; else echo "kept $work"; fi; }
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }

step "npm pack (prepack builds dist/)"
cd "$repo"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
tgz="$work/$tarball"
[ -f "$tgz" ] || { echo "error: npm pack wrote no tarball ($tgz)" >&2; exit 1; }
listing="$(tar -tzf "$tgz")"
for unwanted in package/test/ package/bench/ package/.ci/ package/docs/results/ package/runs/ package/specs/; do
  if grep -q "^$unwanted" <<<"$listing"; then echo "error: the tarball holds $unwanted" >&2; exit 1; fi
done
for wanted in package/dist/cli/main.js package/dist/runtime/index.js package/dist/runtime/index.d.ts package/models/; do
  grep -q "^$wanted" <<<"$listing" || { echo "error: the tarball lacks $wanted" >&2; exit 1; }
done
echo "tarball: $tarball, $(du -k "$tgz" | cut -f1) KiB packed, $(wc -l <<<"$listing") files"

step "npm install the tarball into a fresh project"
project="$work/my-gan"
mkdir -p "$project"
cd "$project"
npm init -y >/dev/null
start=$(date +%s%N)
npm install --no-audit --no-fund --loglevel=error "$tgz" @types/node@20
install_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "install: ${install_ms} ms, node_modules $(du -sm node_modules | cut -f1) MB"

cp "$repo/specs/seed_a_mlp.gan" my.gan
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "Node16",
    "moduleResolution": "Node16",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "outDir": "dist",
    "types": ["node"]
  },
  "include": ["out"]
}
JSON

step "npx ganc --version"
npx ganc --version

step "npx ganc check my.gan (cold start)"
npx ganc check my.gan >/dev/null
best_check=999999; best_node=999999
for _ in 1 2 3; do
  s=$(date +%s%N); node node_modules/ganc/dist/cli/main.js check my.gan >/dev/null; e=$(( ($(date +%s%N) - s) / 1000000 ))
  [ "$e" -lt "$best_check" ] && best_check=$e
  s=$(date +%s%N); node -e 0; e=$(( ($(date +%s%N) - s) / 1000000 ))
  [ "$e" -lt "$best_node" ] && best_node=$e
done
echo "cold start: ganc check ${best_check} ms, node -e 0 ${best_node} ms (best of 3)"

step "npx ganc compile my.gan -o out"
npx ganc compile my.gan -o out
grep -q "from 'ganc/runtime'" out/my.ts || { echo "error: out/my.ts does not import ganc/runtime" >&2; exit 1; }

flags=(--steps 2 --batch-size 16 --limit 256 --backend wasm)
step "npx tsx out/my.ts --steps 2"
npx tsx out/my.ts "${flags[@]}" --out runs/tsx

step "npx tsc && node dist/my.js --steps 2"
npx tsc
node dist/my.js "${flags[@]}" --out runs/node

step "npx ganc train my.gan --steps 2"
npx ganc train my.gan "${flags[@]}" --out runs/train

step "npx ganc sample runs/train -n 16"
npx ganc sample runs/train -n 16 -o grid.png --backend wasm
[ -s grid.png ] || { echo "error: sample wrote no grid.png" >&2; exit 1; }

step "npx ganc eval runs/train -n 200"
npx ganc eval runs/train -n 200 --backend wasm

step "npx ganc export runs/train exported"
npx ganc export runs/train exported
npx ganc sample exported -n 4 -o exported.png --backend wasm

step "npx ganc sweep my-sweep.gan (2 trials, each its own ganc train and eval)"
{ cat my.gan; printf '\nsweep grid(metric = fid) {\n  optimizer.D.lr = [2e-4, 1e-4]\n}\n'; } > my-sweep.gan
npx ganc sweep my-sweep.gan --steps 2 --limit 64 --set data.batch=16 --backend wasm --eval-n 50 --out sweeps
grep -q '2 of 2 trials done' sweeps/leaderboard.md || { echo "error: the sweep's leaderboard does not have both trials done" >&2; exit 1; }

printf '\npack-install: all passed (tarball %s KiB, install %s ms, ganc check %s ms beside node -e 0 %s ms)\n' \
  "$(du -k "$tgz" | cut -f1)" "$install_ms" "$best_check" "$best_node"
