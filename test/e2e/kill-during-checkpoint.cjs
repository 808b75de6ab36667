/**
 * Preloaded (`node --require`) into a trainer by the fault tests: SIGKILLs it at a chosen
 * moment inside a checkpoint write, the moment a slow disk makes likely and a timer rarely hits.
 * GANC_KILL_AT=write:N kills half-way through the N-th file written into a `.step_*.tmp` folder
 * (10 files a checkpoint: 2 per network, 4 for the optimizers, state.json, manifest.json last);
 * GANC_KILL_AT=rename:N kills with the N-th checkpoint complete but not yet renamed into place.
 * The runtime calls fs through the module object (tsx compiles its imports so), which this patches.
 */
const fs = require('node:fs');

const [moment, nth] = String(process.env.GANC_KILL_AT).split(':');
if (!['write', 'rename'].includes(moment) || !(Number(nth) >= 1)) throw new Error(`GANC_KILL_AT=${process.env.GANC_KILL_AT}: expected write:N or rename:N`);
const inTemporaryCheckpoint = /\/checkpoints\/\.step_\d+\.\d+\.tmp(\/|$)/;
let seen = 0;

function killNow() {
  process.kill(process.pid, 'SIGKILL');
  // Nothing after this line may run: block until the signal lands.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const writeFileSync = fs.writeFileSync;
fs.writeFileSync = function (path, data, ...rest) {
  if (moment === 'write' && inTemporaryCheckpoint.test(String(path)) && ++seen === Number(nth)) {
    const bytes = Buffer.from(data);
    writeFileSync.call(fs, path, bytes.subarray(0, bytes.length >> 1));
    killNow();
  }
  return writeFileSync.call(fs, path, data, ...rest);
};

const renameSync = fs.renameSync;
fs.renameSync = function (from, to) {
  if (moment === 'rename' && inTemporaryCheckpoint.test(String(from)) && ++seen === Number(nth)) killNow();
  return renameSync.call(fs, from, to);
};
