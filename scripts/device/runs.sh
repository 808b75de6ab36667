#!/usr/bin/env bash
# On the GPU machine (packed by scripts/device/pack.sh): bash .gpu/runs.sh <minutes> <spec>:<backend> ...
# trains the specs side by side for <minutes> each, then packs each run folder (final checkpoint,
# without optimizer state) into $OUT/<spec>-<backend>.tar.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
minutes=$1; shift
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader; nproc
bash "$here/run.sh" trainers.cjs unpack-only >/dev/null 2>&1   # unpacks node and Dawn once, before the parallel runs
train() { # name backend
  local name=$1 backend=$2 out=/tmp/runs/$1-$2
  mkdir -p $out
  ( /usr/bin/time -f "wall %e s" bash "$here/run.sh" trainers.cjs $name --backend $backend --epochs 200 --minutes $minutes --data-dir mnist --out $out > $out/train.log 2>&1
    echo "exit $?" >> $out/train.log ) &
}
for spec in "$@"; do train ${spec%:*} ${spec#*:}; done
sleep 60; for f in /tmp/runs/*/train.log; do echo "== $f"; head -c 600 $f; echo; done
wait
for d in /tmp/runs/*; do
  n=$(basename $d); echo "== $n"; grep -E "^epoch|stopped|error|exit|wall" $d/train.log | tail -8
  last=$(ls -d $d/checkpoints/step_* | tail -1)
  tar -C $d -cf $OUT/$n.tar --exclude=optimizers --exclude='checkpoints/*' . && tar -C $d -rf $OUT/$n.tar --exclude=optimizers checkpoints/$(basename $last)
done
ls -la $OUT
