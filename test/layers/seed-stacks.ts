import { call } from './stack.js';

/** The networks of seeds A, B5 and D/E (see /work/shared/seeds.md and specs/), as layer calls. */

export const seedA = {
  generatorInput: [100],
  generator: [
    call('dense', { units: 128 }),
    call('relu'),
    call('dense', { units: 256 }),
    call('relu'),
    call('dense', { units: 512 }),
    call('relu'),
    call('dense', { units: 784 }),
    call('tanh'),
    call('reshape', { shape: [28, 28, 1] }),
  ],
  discriminatorInput: [28, 28, 1],
  discriminator: [
    call('flatten'),
    call('dense', { units: 512 }),
    call('leaky_relu', { alpha: 0.2 }),
    call('dense', { units: 256 }),
    call('leaky_relu', { alpha: 0.2 }),
    call('dense', { units: 1 }),
    call('sigmoid'),
  ],
};

const nz = 100;
const ngf = 64;
const ndf = 64;
const nc = 1;

/** specs/seed_b5_dcgan.gan. */
export const seedB5 = {
  generatorInput: [nz],
  generator: [
    call('reshape', { shape: [1, 1, nz] }),
    call('conv2d_transpose', { filters: ngf * 4, kernel: 4, stride: 1, padding: 0, bias: false }),
    call('batch_norm'),
    call('relu'),
    call('conv2d_transpose', { filters: ngf * 2, kernel: 3, stride: 2, padding: 1, bias: false }),
    call('batch_norm'),
    call('relu'),
    call('conv2d_transpose', { filters: ngf, kernel: 4, stride: 2, padding: 1, bias: false }),
    call('batch_norm'),
    call('relu'),
    call('conv2d_transpose', { filters: nc, kernel: 4, stride: 2, padding: 1, bias: false }),
    call('tanh'),
  ],
  discriminatorInput: [28, 28, 1],
  discriminator: [
    call('conv2d', { filters: ndf, kernel: 4, stride: 2, padding: 1 }),
    call('leaky_relu', { alpha: 0.2 }),
    call('conv2d', { filters: ndf * 2, kernel: 4, stride: 2, padding: 1 }),
    call('batch_norm'),
    call('leaky_relu', { alpha: 0.2 }),
    call('conv2d', { filters: ndf * 4, kernel: 4, stride: 2, padding: 1 }),
    call('batch_norm'),
    call('leaky_relu', { alpha: 0.2 }),
    call('conv2d', { filters: 1, kernel: 3, stride: 1, padding: 0 }),
    call('sigmoid'),
    call('flatten'),
  ],
};

/** The TensorFlow DCGAN tutorial (seeds D and E; E ends D in a sigmoid). */
export const tfDcgan = {
  generatorInput: [100],
  generator: [
    call('dense', { units: 7 * 7 * 256, bias: false }),
    call('batch_norm'),
    call('leaky_relu'),
    call('reshape', { shape: [7, 7, 256] }),
    call('conv2d_transpose', { filters: 128, kernel: 5, stride: 1, padding: 'same', bias: false }),
    call('batch_norm'),
    call('leaky_relu'),
    call('conv2d_transpose', { filters: 64, kernel: 5, stride: 2, padding: 'same', bias: false }),
    call('batch_norm'),
    call('leaky_relu'),
    call('conv2d_transpose', { filters: 1, kernel: 5, stride: 2, padding: 'same', bias: false }),
    call('tanh'),
  ],
  discriminatorInput: [28, 28, 1],
  discriminator: [
    call('conv2d', { filters: 64, kernel: 5, stride: 2, padding: 'same' }),
    call('leaky_relu'),
    call('dropout', { rate: 0.3 }),
    call('conv2d', { filters: 128, kernel: 5, stride: 2, padding: 'same' }),
    call('leaky_relu'),
    call('dropout', { rate: 0.3 }),
    call('flatten'),
    call('dense', { units: 1 }),
  ],
};
