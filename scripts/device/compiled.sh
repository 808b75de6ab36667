#!/usr/bin/env bash
# On the GPU machine (packed by scripts/device/pack-compiled.sh), in one call:
#   bash .gpu/compiled.sh [iterations = 50]
# ms per iteration of the compiled executor (Dawn on the GPU) and of PyTorch eager for seed A
# (batch 128), B5 (batch 64) and seed D (batch 256), then compiled / PyTorch per seed (goal <= 1.0).
# Each side has its own timeout, and a failure exits non-zero rather than printing half a table.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
iterations=${1:-50}
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
timeout 300 bash "$here/run.sh" compiled-bench.cjs "$here/plans" "$iterations" > /tmp/compiled.jsonl; compiled=$?
timeout 200 python3 "$here/compiled_torch.py" "$iterations" > /tmp/torch.jsonl; torch=$?
echo "== compiled (exit $compiled)"; cat /tmp/compiled.jsonl
echo "== pytorch eager (exit $torch)"; cat /tmp/torch.jsonl
python3 - <<'PY'
import json
def read(path):
    try: return {r['name']: r for r in map(json.loads, open(path).read().split('\n')[:-1])}
    except Exception as e: print('unreadable', path, e); return {}
c, t = read('/tmp/compiled.jsonl'), read('/tmp/torch.jsonl')
print(f"{'spec':22} {'batch':>5} {'dispatches':>10} {'compiled ms':>12} {'pytorch ms':>11} {'ratio':>6}")
for name in ['seed_a_mlp', 'seed_b5_dcgan', 'seed_d_keras_dcgan']:
    if name in c and name in t:
        print(f"{name:22} {c[name]['batch']:>5} {c[name]['dispatches']:>10} {c[name]['ms']:>12.2f} {t[name]['ms']:>11.2f} {c[name]['ms'] / t[name]['ms']:>6.2f}")
    else:
        print(f"{name:22} missing: compiled {'yes' if name in c else 'no'}, pytorch {'yes' if name in t else 'no'}")
PY
[ $compiled -eq 0 ] && [ $torch -eq 0 ]
