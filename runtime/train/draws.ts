import type * as tf from '@tensorflow/tfjs';
import { Dropout } from '../layers/dropout.js';
import { shapeLatent } from '../latent.js';
import type { LatentSpec, ScheduleSpec } from '../program.js';
import { philoxNormal, philoxUniform } from '../random/philox.js';

/**
 * An iteration's random draws, by site, as the compiled step draws them: so the tfjs step and
 * the compiled one see the same latents, masks and mixes, and a run saved on one executor goes
 * on with the same noise on the other.
 */
export interface DrawSource {
  /** `count` values uniform in [0, 1): elements [first, first + count) of the site's stream. */
  uniform(site: string, count: number, first: number): Float32Array;
  /** `count` standard normals, likewise. */
  normal(site: string, count: number, first: number): Float32Array;
}

/** Philox (runtime/random/philox.ts) keyed by the run's seed and the iteration (G steps before it). */
export function philoxDraws(seed: number, iteration: number): DrawSource {
  return {
    uniform: (site, count, first) => philoxUniform({ seed, iteration, site }, count, first),
    normal: (site, count, first) => philoxNormal({ seed, iteration, site }, count, first),
  };
}

/** `n` latent vectors from the spec's distribution, drawn at `site`. */
export function latentAt(draws: DrawSource, site: string, latent: LatentSpec, n: number): Float32Array {
  const count = n * latent.size;
  return shapeLatent(latent, latent.distribution === 'normal' ? draws.normal(site, count, 0) : draws.uniform(site, count, 0));
}

/** The fixed sample noise: the run's Philox stream at its own site, before the first iteration. */
export function fixedSampleLatent(seed: number, latent: LatentSpec, n: number): Float32Array {
  return latentAt(philoxDraws(seed, 0), 'samples/latent', latent, n);
}

/** Where a network call's draws come from: the scope it runs in, and which half of a joint pass it is. */
export interface CallSite {
  /** The compiled step's scope of the call, up to the network (`D step 1/real and fake`). */
  scope: string;
  /** 1 for the fakes of a joint real-and-fake pass: their draws follow the real batch's. */
  half: 0 | 1;
}

type Role = 'G' | 'D';

/**
 * The compiled step's site of each draw a generated tfjs step makes. compiler/graph/step.ts
 * names its draws by scope (`D step 2/latent`, `D step 1/real and fake/D/dropout_1`,
 * `G step/fake/D/dropout_1`, `D step 1/gradient penalty/alpha`); the tfjs step is found in the
 * same places from the order of its calls, which the emitter fixes (compiler/emit/step.ts):
 * - the k-th latent is D step k's (alternating; one past the D steps, G's fresh latent), or
 *   the step's (simultaneous); G runs in the scope of the latent it was last given;
 * - inside D's objective, D scores the real batch, then the fakes, then (WGAN-GP) the mixes;
 * - D's calls outside its objective are G's step: the fakes, then the real batch; a fresh G
 *   step draws its classes at `G step/labels`.
 * Unless D mixes examples of a batch (batch norm) or writes state (spectral norm), the compiled
 * step scores real and fake images in one [2B] pass, whose draws the real batch's then the fakes' halves are.
 */
export class StepSites {
  private latents = 0;
  private dSteps = 0;
  private inObjective = false;
  private dCalls = 0;
  private gStepCalls = 0;
  private generatorScope: string | undefined;

  constructor(
    private readonly schedule: ScheduleSpec,
    private readonly jointRealAndFake: boolean,
  ) {}

  private get simultaneous(): boolean {
    return this.schedule.updates === 'simultaneous';
  }

  /** The scope of D's current step. */
  private get dScope(): string {
    return this.simultaneous ? 'step' : `D step ${this.dSteps}`;
  }

  /** The next latent's site. */
  latent(): string {
    const k = this.latents++;
    if (this.simultaneous && k > 0) throw new Error('a simultaneous step draws one latent per iteration; the training step drew more');
    let scope: string;
    if (this.simultaneous) scope = 'step';
    else if (k < this.schedule.dSteps) scope = `D step ${k + 1}`;
    else if (k === this.schedule.dSteps && this.schedule.generatorFakes === 'fresh') scope = 'G step';
    else throw new Error(`the training step drew latent ${k + 1}; its schedule draws ${this.schedule.dSteps + (this.schedule.generatorFakes === 'fresh' ? 1 : 0)} per iteration`);
    this.generatorScope = scope;
    return `${scope}/latent`;
  }

  /** D's objective runs `objective`: D's calls inside it belong to D's step. */
  inDiscriminatorStep<T>(objective: () => T): T {
    this.dSteps += 1;
    this.dCalls = 0;
    this.inObjective = true;
    try {
      return objective();
    } finally {
      this.inObjective = false;
    }
  }

  /** The site of the next call of a network. */
  call(role: Role): CallSite {
    if (role === 'G') {
      if (this.generatorScope === undefined) throw new Error('G was called before the training step drew a latent');
      return { scope: this.generatorScope, half: 0 };
    }
    if (!this.inObjective) {
      const k = this.gStepCalls++;
      if (k > 1) throw new Error(`G's step called D ${k + 1} times; the compiled step scores the fakes and the real batch once each`);
      return { scope: k === 0 ? 'G step/fake' : 'G step/real', half: 0 };
    }
    const k = this.dCalls++;
    const scope = this.dScope;
    if (k === 0) return this.jointRealAndFake ? { scope: `${scope}/real and fake`, half: 0 } : { scope: `${scope}/real`, half: 0 };
    if (k === 1) return this.jointRealAndFake ? { scope: `${scope}/real and fake`, half: 1 } : { scope: `${scope}/fake`, half: 0 };
    if (k === 2) return { scope: `${scope}/gradient penalty`, half: 0 };
    throw new Error(`D's objective called D ${k + 1} times; the compiled step scores real, fake and (with a gradient penalty) mixed images once each`);
  }

  /** The classes of G's fresh step. */
  labels(): string {
    if (this.simultaneous || this.schedule.generatorFakes !== 'fresh') throw new Error('only G\'s fresh step (g_fakes = fresh) draws labels');
    return 'G step/labels';
  }

  /** The gradient penalty's mixing weights in D's current step. */
  penaltyMix(): string {
    if (!this.inObjective) throw new Error('the gradient penalty\'s mix is drawn inside D\'s objective');
    return `${this.dScope}/gradient penalty/alpha`;
  }
}

/** Each dropout layer's name as the compiled step scopes it: `dropout_k`, counting G's layers before D's. */
export function dropoutScopes(models: { generator: tf.LayersModel; discriminator: tf.LayersModel }): Map<tf.layers.Layer, string> {
  const scopes = new Map<tf.layers.Layer, string>();
  for (const model of [models.generator, models.discriminator]) {
    const dropouts = model.layers.filter((layer) => layer instanceof Dropout);
    // A mask's site holds the network's name: tfjs's default (`model3`) counts models built in the process, so two runs would draw different masks.
    if (dropouts.length > 0 && /^model\d+$/.test(model.name)) {
      throw new Error(`a network with dropout has tfjs's default name \`${model.name}\`, which differs from run to run: build it with tf.model({ ..., name }) (generated trainers name it as the spec does)`);
    }
    for (const layer of dropouts) scopes.set(layer, `dropout_${scopes.size + 1}`);
  }
  return scopes;
}

/**
 * Whether the compiled step scores real and fake images in calls of their own (compiler/graph/step.ts):
 * the network combines examples of its batch (batch norm) or a call changes the next (spectral norm's u).
 */
export function scoresApart(model: tf.LayersModel): boolean {
  return model.layers.some((layer) => ['BatchNormalization', 'SpectralNorm'].includes(layer.getClassName()));
}
