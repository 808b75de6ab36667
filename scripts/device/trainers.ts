// One bundle for the GPU machine: `trainers.cjs <spec name> [trainer flags]` runs that generated
// trainer; `trainers.cjs parity` compares WebGPU with wasm on seed D's networks.
const name = process.argv[2];
process.argv.splice(2, 1);
const trainers: Record<string, () => unknown> = {
  seed_a_mlp: () => require('../../generated/seed_a_mlp'),
  seed_b3_dcgan: () => require('../../generated/seed_b3_dcgan'),
  seed_b5_dcgan: () => require('../../generated/seed_b5_dcgan'),
  seed_d_keras_dcgan: () => require('../../generated/seed_d_keras_dcgan'),
  wgan_gp: () => require('../../generated/wgan_gp'),
  hinge_sn: () => require('../../generated/hinge_sn'),
  cgan_mnist: () => require('../../generated/cgan_mnist'),
  fashion_dcgan: () => require('../../generated/fashion_dcgan'),
  parity: () => require('./parity'),
};
const load = trainers[name];
if (!load) {
  console.error(`unknown trainer ${name}: one of ${Object.keys(trainers).join(', ')}`);
  process.exit(2);
}
load();
