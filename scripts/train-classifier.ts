/**
 * Trains the small CNN that `ganc eval` uses to judge generated images, and saves it with a
 * README saying how it was made. Its penultimate layer, named `features`, is the feature space
 * of FID and precision/recall; its softmax gives class coverage.
 *
 *   npx tsx scripts/train-classifier.ts [--dataset mnist|fashion_mnist] [--epochs 3] [--backend wasm]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { describeChoice, selectBackend } from '../runtime/backends/index.js';
import { loadDataset } from '../runtime/data/index.js';
import type { DataSpec } from '../runtime/program.js';
import { createRng } from '../runtime/random.js';
import { initializeWeights } from '../runtime/layers/initialize.js';
import { CLASSIFIER_FEATURE_LAYER, classifierFolder, type EvalDataset } from '../runtime/eval/classifier.js';
import { saveModelFolder } from '../runtime/checkpoint/model-files.js';

const CLASSES = 10;

/** conv-pool-conv-pool-conv, then a 64-unit dense layer: ~126k parameters, ~0.5 MB of weights. */
function buildClassifier(): tf.LayersModel {
  return tf.sequential({
    name: 'classifier',
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu', name: CLASSIFIER_FEATURE_LAYER }),
      tf.layers.dense({ units: CLASSES, activation: 'softmax', name: 'probabilities' }),
    ],
  });
}

function dataSpec(dataset: EvalDataset, batchSize: number, shuffle: boolean): DataSpec {
  return { source: dataset, range: [0, 1], batchSize, shuffle, dropLast: true, labels: true, classes: CLASSES, shape: [28, 28, 1], flips: [] };
}

async function testAccuracy(model: tf.LayersModel, dataset: EvalDataset): Promise<{ correct: number; count: number }> {
  const test = loadDataset(dataSpec(dataset, 500, false), { split: 'test' });
  let correct = 0;
  let count = 0;
  for (const batch of test.batches(500, createRng(0), true)) {
    const hits = tf.tidy(() => {
      const predicted = (model.predict(batch.images) as tf.Tensor2D).argMax(1);
      return predicted.equal(batch.labels!.reshape([-1]).toInt()).sum().dataSync()[0];
    });
    correct += hits;
    count += batch.images.shape[0];
    tf.dispose([batch.images, batch.labels!]);
  }
  return { correct, count };
}

async function main(): Promise<void> {
  const args = await yargs(hideBin(process.argv))
    .option('dataset', { choices: ['mnist', 'fashion_mnist'] as const, default: 'mnist' as const })
    .option('epochs', { type: 'number', default: 3 })
    .option('batch-size', { type: 'number', default: 64 })
    .option('learning-rate', { type: 'number', default: 1e-3 })
    .option('seed', { type: 'number', default: 1 })
    .option('backend', { choices: ['wasm', 'cpu'] as const, default: 'wasm' as const })
    .option('log-every', { type: 'number', default: 200, describe: 'steps between progress lines' })
    .strict()
    .parseAsync();

  const choice = await selectBackend(args.backend);
  for (const line of describeChoice(choice)) console.log(line);

  const rng = createRng(args.seed);
  const model = buildClassifier();
  initializeWeights(model, rng);
  console.log(`${model.countParams()} parameters`);
  const optimizer = tf.train.adam(args.learningRate);
  const train = loadDataset(dataSpec(args.dataset, args.batchSize, true), { split: 'train' });
  const stepsPerEpoch = Math.floor(train.count / args.batchSize);

  const started = Date.now();
  for (let epoch = 0; epoch < args.epochs; epoch++) {
    let step = 0;
    let lossSum = 0;
    for (const batch of train.batches(args.batchSize, rng, true)) {
      const loss = optimizer.minimize(() => {
        const probabilities = model.apply(batch.images, { training: true }) as tf.Tensor2D;
        const targets = tf.oneHot(batch.labels!.reshape([-1]).toInt(), CLASSES);
        return tf.losses.softmaxCrossEntropy(targets, tf.log(probabilities.clipByValue(1e-7, 1))) as tf.Scalar;
      }, true)!;
      lossSum += loss.dataSync()[0];
      tf.dispose([loss, batch.images, batch.labels!]);
      step++;
      if (step % args.logEvery === 0 || step === stepsPerEpoch) {
        const seconds = (Date.now() - started) / 1000;
        console.log(`epoch ${epoch + 1}/${args.epochs} step ${step}/${stepsPerEpoch} loss ${(lossSum / args.logEvery).toFixed(4)} ${seconds.toFixed(0)} s`);
        lossSum = 0;
      }
    }
  }
  const trainSeconds = (Date.now() - started) / 1000;
  const { correct, count } = await testAccuracy(model, args.dataset);
  const accuracy = correct / count;
  console.log(`test accuracy ${(100 * accuracy).toFixed(2)}% (${correct}/${count}); trained in ${trainSeconds.toFixed(0)} s`);

  const folder = classifierFolder(args.dataset);
  await saveModelFolder(model, folder);
  const command = `npx tsx scripts/train-classifier.ts ${hideBin(process.argv).join(' ')}`.trim();
  writeFileSync(join(folder, 'README.md'), readme(args.dataset, command, args, model.countParams(), trainSeconds, correct, count, choice.name));
  console.log(`saved ${folder}`);
}

function readme(
  dataset: EvalDataset,
  command: string,
  args: { epochs: number; batchSize: number; learningRate: number; seed: number },
  parameters: number,
  seconds: number,
  correct: number,
  count: number,
  backend: string,
): string {
  return `# ${dataset} classifier for \`ganc eval\`

Made by \`${command}\` (${new Date().toISOString().slice(0, 10)}).

- Data: ${dataset} train split (60,000 images), pixels scaled to [0, 1]; input [batch, 28, 28, 1].
- Network: conv 16 3x3 same relu, max pool 2, conv 32 3x3 same relu, max pool 2, conv 64 3x3 valid relu,
  flatten, dense 64 relu (layer \`${CLASSIFIER_FEATURE_LAYER}\`: the feature space of FID and precision/recall),
  dense 10 softmax. ${parameters.toLocaleString('en-US')} parameters.
- Training: ${args.epochs} epochs, batch ${args.batchSize}, Adam lr ${args.learningRate}, seed ${args.seed}, backend ${backend};
  ${seconds.toFixed(0)} s on a shared 2-core machine.
- Test accuracy: ${(100 * correct / count).toFixed(2)}% (${correct}/${count} of the test split).
`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
