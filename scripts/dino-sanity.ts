// Does our DINO learn anything when the signal is easy? A sanity check of the pretraining implementation, apart
// from the KL phantom: 480 seeded 64 px images of four shapes (disc, square, triangle, cross) at random position,
// size, rotation, foreground/background intensity and noise. DINO runs with the default recipe (dsl/defaults.ts:
// micro ViT, 2 × 64 px + 8 × 32 px crops, batch 32, 300 steps); then the job's linear probe (L2 chosen per fold on
// an inner split) on the frozen CLS features of the random-init ViT and of the DINO teacher, 5-fold stratified CV,
// and McNemar's exact test of teacher vs random-init on the pooled out-of-fold predictions. A 16 × 16 raw-pixel
// probe gives a reference point. Not a test (≈ 5–10 min on 2 cores): a research aid.
//   npx tsx scripts/dino-sanity.ts [--steps 300] [--seed 7]
import { Command } from 'commander';
import { fitGridProbe } from '../benchmarks/probe/grid-probe.ts';
import { predict } from '../benchmarks/probe/logistic-regression.ts';
import { Rng } from '../benchmarks/rng.ts';
import { patientGroupedStratifiedKFold } from '../benchmarks/splits/grouped-kfold.ts';
import { mcnemarTest } from '../benchmarks/stats/mcnemar.ts';
import { DEFAULTS } from '../dsl/defaults.ts';
import { initBackend } from '../runtime/backend.ts';
import { initialBackbone } from '../runtime/model/checkpoint/backbone-checkpoint.ts';
import { extractFeatures } from '../runtime/model/features.ts';
import { vitConfigFrom } from '../runtime/model/vit-config.ts';
import { pretrainDino } from '../runtime/train/pretrain-dino.ts';
import { shutdownReplicaWorkers } from '../runtime/train/parallel/replica-workers.ts';

const options = new Command()
  .option('--steps <n>', 'DINO steps', '300')
  .option('--seed <n>', 'seed of the images, the init and the folds', '7')
  .parse()
  .opts<{ steps: string; seed: string }>();
const steps = Number(options.steps);
const seed = Number(options.seed);
const SIZE = DEFAULTS.data.imageSize;
const IMAGES = 480;
const SHAPES = ['disc', 'square', 'triangle', 'cross'];

function insideShape(shape: number, u: number, v: number, r: number): boolean {
  switch (shape) {
    case 0:
      return u * u + v * v < r * r;
    case 1:
      return Math.abs(u) < 0.8 * r && Math.abs(v) < 0.8 * r;
    case 2:
      return v < 0.6 * r && v > -r && Math.abs(u) < 0.6 * (v + r);
    default:
      return (Math.abs(u) < r && Math.abs(v) < 0.3 * r) || (Math.abs(v) < r && Math.abs(u) < 0.3 * r);
  }
}

function shapeImages(rng: Rng): { images: Float32Array[]; labels: number[] } {
  const images: Float32Array[] = [];
  const labels: number[] = [];
  for (let n = 0; n < IMAGES; n++) {
    const shape = n % SHAPES.length;
    const cx = rng.uniform(20, 44);
    const cy = rng.uniform(20, 44);
    const r = rng.uniform(8, 14);
    const angle = rng.uniform(0, Math.PI);
    const fg = rng.uniform(0.5, 0.9);
    const bg = rng.uniform(0.1, 0.4);
    const noise = rng.uniform(0.01, 0.05);
    const image = new Float32Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const u = (x - cx) * Math.cos(angle) + (y - cy) * Math.sin(angle);
        const v = -(x - cx) * Math.sin(angle) + (y - cy) * Math.cos(angle);
        const value = (insideShape(shape, u, v, r) ? fg : bg) + noise * rng.normal();
        image[y * SIZE + x] = Math.min(1, Math.max(0, value));
      }
    }
    images.push(image);
    labels.push(shape);
  }
  return { images, labels };
}

function pixelFeatures(image: Float32Array, side = 16): Float64Array {
  const out = new Float64Array(side * side);
  const scale = SIZE / side;
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) out[Math.floor(y / scale) * side + Math.floor(x / scale)] += image[y * SIZE + x] / (scale * scale);
  return out;
}

await initBackend('wasm');
const { images, labels } = shapeImages(new Rng(seed).fork('shapes'));
const groups = labels.map((_, i) => `image-${i}`);
const folds = patientGroupedStratifiedKFold(labels, groups, 5, new Rng(seed).fork('folds'));
const probe = DEFAULTS.eval.probe;

/** Pooled out-of-fold predictions of the grid-λ linear probe. */
function probePredictions(features: Float64Array[]): number[] {
  const predicted = new Array<number>(labels.length);
  folds.forEach((fold, f) => {
    const { probe: model } = fitGridProbe(features, labels, groups, fold.train, {
      numClasses: SHAPES.length, grid: probe.l2Grid, l2: probe.l2, validationFraction: probe.validationFraction, maxIter: probe.maxIter, rng: new Rng(seed).fork(`probe-${f}`),
    });
    predict(model, fold.test.map((i) => features[i])).forEach((p, k) => (predicted[fold.test[k]] = p));
  });
  return predicted;
}
const accuracy = (predicted: number[]): number => predicted.filter((p, i) => p === labels[i]).length / labels.length;

const backboneSpec = DEFAULTS.backbone;
const config = vitConfigFrom(backboneSpec, SIZE);
const initial = await initialBackbone(backboneSpec, config, new Rng(seed).fork('init'));
const pixels = probePredictions(images.map((image) => pixelFeatures(image)));
const random = probePredictions(await extractFeatures(initial, images, SIZE, 32));
console.log(`chance ${(1 / SHAPES.length).toFixed(3)} · 16 × 16 pixel probe ${accuracy(pixels).toFixed(3)} · random-init CLS probe ${accuracy(random).toFixed(3)}`);
const started = Date.now();
const result = await pretrainDino({
  images, imageSize: SIZE, backbone: initial.clone('student'), pretrain: { ...DEFAULTS.pretrain, steps }, rng: new Rng(seed).fork('dino'),
  onLog: (entry) => {
    if (entry.step % 50 === 0) console.log(`step ${entry.step}: loss ${entry.loss.toFixed(3)}, teacher entropy ${entry.teacherEntropy.toFixed(2)}, feature std ${entry.featureStd.toFixed(3)}`);
  },
});
const teacher = probePredictions(await extractFeatures(result.teacher, images, SIZE, 32));
const test = mcnemarTest(teacher.map((p, i) => p === labels[i]), random.map((p, i) => p === labels[i]));
console.log(`after ${steps} DINO steps (${((Date.now() - started) / 1000).toFixed(0)} s): teacher CLS probe ${accuracy(teacher).toFixed(3)} vs random-init ${accuracy(random).toFixed(3)}, McNemar exact p = ${test.pValue.toPrecision(2)} (b ${test.b}, c ${test.c})`);
result.teacher.dispose();
result.student.dispose();
initial.dispose();
await shutdownReplicaWorkers();
