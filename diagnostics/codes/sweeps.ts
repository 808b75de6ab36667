import type { CodeEntry } from './entry.js';

/** GAN07xx: sweeps, their targets, values and every trial they expand to. */
export const sweepsCodes = {
  unknownSweepTarget: { code: 'GAN0701', severity: 'error', summary: 'a sweep target that names no constant, statement, option or layer of the spec' },
  badSweepValues: { code: 'GAN0702', severity: 'error', summary: 'sweep values that are not a list, `range(...)`, `uniform(...)` or `log_uniform(...)`, or that give no value' },
  badSweepMethod: { code: 'GAN0703', severity: 'error', summary: 'a sweep method or option that is unknown or out of range (`grid`, `random(n, seed)`, `metric`, `direction`)' },
  sweepTrialFails: { code: 'GAN0704', severity: 'error', summary: 'a trial of a sweep whose spec does not check (shapes, options, meaning), with the value that breaks it' },
  duplicateSweep: { code: 'GAN0705', severity: 'error', summary: 'a second `sweep` statement, or a target swept twice' },
  tooManyTrials: { code: 'GAN0706', severity: 'error', summary: 'a sweep of more than 1000 trials' },
} satisfies Record<string, CodeEntry>;
