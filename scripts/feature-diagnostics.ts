// What a finished job's frozen features hold: for the random-init backbone and the DINO teacher, the linear probe's
// pooled accuracy at a few L2 penalties, and how much of simple image properties a ridge regression reads from the
// CLS and patch-mean features (R² out of fold, 5 patient-grouped folds): mean intensity, contrast (std), fine
// texture (mean |Laplacian|), border brightness (collimation), the joint-line contrast (mean of the central rows
// minus the bone rows above and below, in the canonical pose — a one-number KL summary), and the label itself.
// Linear CKA between the two backbones' features says how far pretraining moved them.
// The pixel floor: the same probe on the image area-averaged to one value per patch (a g × g grid), and where the
// label lives in pixel variance — R² of the label from the grid's top-k principal components (fitted without
// labels), and how much of the grid's out-of-fold label score each backbone's CLS features carry.
//   npx tsx scripts/feature-diagnostics.ts runs/<job id>
// KL-grade jobs only (the joint-line rows assume the knee phantom's frame). Not a test: a research aid.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { EVD, Matrix, solve } from 'ml-matrix';
import { fitLogisticRegression, predict } from '../benchmarks/probe/logistic-regression.ts';
import { Rng } from '../benchmarks/rng.ts';
import { patientGroupedStratifiedKFold } from '../benchmarks/splits/grouped-kfold.ts';
import { getTask } from '../benchmarks/tasks/registry.ts';
import type { ResolvedExperiment } from '../dsl/types.ts';
import { initBackend } from '../runtime/backend.ts';
import { loadSafetensors } from '../runtime/io/safetensors.ts';
import { SILENT_EVENTS } from '../runtime/job/events.ts';
import { prepareDataset } from '../runtime/job/prepare-dataset.ts';
import { initialBackbone } from '../runtime/model/checkpoint/backbone-checkpoint.ts';
import { vitConfigFrom } from '../runtime/model/vit-config.ts';
import { VisionTransformer } from '../runtime/model/vit.ts';

type Features = { cls: Float64Array[]; mean: Float64Array[] };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
const jobDir = process.argv[2] ?? fail('usage: npx tsx scripts/feature-diagnostics.ts <job folder, e.g. runs/5483ffc02c8e>');
for (const file of ['spec.json', join('pretrain', 'teacher.safetensors')]) {
  if (!existsSync(join(jobDir, file))) fail(`${join(jobDir, file)} not found: give the folder of a job whose pretraining finished (runs/<job id>)`);
}
const { spec } = JSON.parse(readFileSync(join(jobDir, 'spec.json'), 'utf8')) as { spec: ResolvedExperiment };
await initBackend('wasm');
const task = getTask(spec.tasks[0]);
const data = await prepareDataset(spec, task, SILENT_EVENTS);
const config = vitConfigFrom(spec.backbone, spec.data.imageSize);
// the job's random-init backbone: same seed stream as run-job (Rng(seed).fork('init'))
const initial = await initialBackbone(spec.backbone, config, new Rng(spec.seed).fork('init'));
const teacher = VisionTransformer.fromWeights(config, (await loadSafetensors(join(jobDir, 'pretrain', 'teacher.safetensors'))).tensors, 'teacher');
const S = spec.data.imageSize;
const folds = patientGroupedStratifiedKFold(data.labels, data.groups, 5, new Rng(1));

function features(vit: VisionTransformer): Features {
  const out: Features = { cls: [], mean: [] };
  for (let start = 0; start < data.images.length; start += 32) {
    const chunk = data.images.slice(start, start + 32);
    const packed = new Float32Array(chunk.length * S * S);
    chunk.forEach((image, i) => packed.set(image, i * S * S));
    const input = tf.tensor3d(packed, [chunk.length, S, S]);
    const tokens = vit.tokens(input);
    const cls = tokens.cls.arraySync();
    const patches = tokens.patches[0].arraySync();
    const perImage = patches.length / chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      out.cls.push(Float64Array.from(cls[i]));
      const mean = new Float64Array(cls[i].length);
      for (let p = 0; p < perImage; p++) patches[i * perImage + p].forEach((v, d) => (mean[d] += v / perImage));
      out.mean.push(mean);
    }
    tf.dispose([input, tokens.cls, ...tokens.patches]);
  }
  return out;
}

function probeAccuracy(X: Float64Array[], l2: number): number {
  let correct = 0;
  for (const fold of folds) {
    const model = fitLogisticRegression(fold.train.map((i) => X[i]), fold.train.map((i) => data.labels[i]), { numClasses: task.labels.length, l2, maxIter: 200 });
    const predicted = predict(model, fold.test.map((i) => X[i]));
    fold.test.forEach((i, k) => (correct += predicted[k] === data.labels[i] ? 1 : 0));
  }
  return correct / data.labels.length;
}

/** Out-of-fold fitted values of a ridge regression of y on X (λ = 1 on standardised features; every sample is tested once). */
function ridgeFitted(X: Float64Array[], y: readonly number[]): number[] {
  const fitted = new Array<number>(y.length).fill(0);
  for (const fold of folds) {
    const D = X[0].length;
    const mean = new Float64Array(D);
    const sd = new Float64Array(D);
    for (const i of fold.train) X[i].forEach((v, d) => (mean[d] += v / fold.train.length));
    for (const i of fold.train) X[i].forEach((v, d) => (sd[d] += (v - mean[d]) ** 2 / fold.train.length));
    const row = (i: number): number[] => [1, ...Array.from(X[i], (v, d) => (v - mean[d]) / Math.sqrt(sd[d] + 1e-12))];
    const A = new Matrix(fold.train.map(row));
    const gram = A.transpose().mmul(A);
    for (let d = 1; d <= D; d++) gram.set(d, d, gram.get(d, d) + 1);
    const w = solve(gram, A.transpose().mmul(Matrix.columnVector(fold.train.map((i) => y[i]))));
    for (const i of fold.test) fitted[i] = new Matrix([row(i)]).mmul(w).get(0, 0);
  }
  return fitted;
}

/** Out-of-fold R² of that ridge regression. */
function ridgeR2(X: Float64Array[], y: readonly number[]): number {
  const mu = y.reduce((a, b) => a + b, 0) / y.length;
  const fitted = ridgeFitted(X, y);
  const sse = y.reduce((sum, v, i) => sum + (fitted[i] - v) ** 2, 0);
  const sst = y.reduce((sum, v) => sum + (v - mu) ** 2, 0);
  return 1 - sse / sst;
}

function linearCka(A: Float64Array[], B: Float64Array[]): number {
  const centred = (X: Float64Array[]): Matrix => {
    const mean = new Float64Array(X[0].length);
    X.forEach((r) => r.forEach((v, d) => (mean[d] += v / X.length)));
    return new Matrix(X.map((r) => Array.from(r, (v, d) => v - mean[d])));
  };
  const a = centred(A);
  const b = centred(B);
  const frob2 = (M: Matrix): number => M.to1DArray().reduce((s, v) => s + v * v, 0);
  return frob2(b.transpose().mmul(a)) / Math.sqrt(frob2(a.transpose().mmul(a)) * frob2(b.transpose().mmul(b)));
}

function imageProperties(image: Float32Array): Record<string, number> {
  let mean = 0;
  for (const v of image) mean += v / image.length;
  let variance = 0;
  for (const v of image) variance += (v - mean) ** 2 / image.length;
  let texture = 0;
  for (let y = 1; y < S - 1; y++) {
    for (let x = 1; x < S - 1; x++) {
      const i = y * S + x;
      texture += Math.abs(4 * image[i] - image[i - 1] - image[i + 1] - image[i - S] - image[i + S]) / image.length;
    }
  }
  const ring = Math.max(1, Math.round(S / 20));
  let border = 0;
  let borderCount = 0;
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      if (x < ring || y < ring || x >= S - ring || y >= S - ring) (border += image[y * S + x]), borderCount++;
    }
  }
  // canonical frame: joint line at the centre; central 1/8 of rows vs the 1/8 bands a quarter above and below
  const rows = (from: number, to: number): number => {
    let sum = 0;
    for (let y = Math.round(from * S); y < Math.round(to * S); y++) for (let x = Math.round(S / 4); x < Math.round((3 * S) / 4); x++) sum += image[y * S + x];
    return sum / ((Math.round(to * S) - Math.round(from * S)) * (Math.round((3 * S) / 4) - Math.round(S / 4)));
  };
  const jointLine = rows(7 / 16, 9 / 16) - (rows(4 / 16, 6 / 16) + rows(10 / 16, 12 / 16)) / 2;
  return { mean, contrast: Math.sqrt(variance), texture, border: border / borderCount, jointLine };
}

const properties = data.images.map(imageProperties);
const names = Object.keys(properties[0]);
const correlation = (x: number[], y: readonly number[]): number => {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((v, i) => ((sxy += (v - mx) * (y[i] - my)), (sxx += (v - mx) ** 2), (syy += (y[i] - my) ** 2)));
  return sxy / Math.sqrt(sxx * syy);
};
console.log(`${data.labels.length} images; correlation of each property with the label: ${names.map((n) => `${n} ${correlation(properties.map((p) => p[n]), data.labels).toFixed(2)}`).join(', ')}`);
const byBackbone: Record<string, Features> = {};
for (const [name, vit] of [['random-init', initial], ['teacher', teacher]] as const) {
  const f = features(vit);
  byBackbone[name] = f;
  console.log(`${name}: probe accuracy (CLS) at λ 1e-2 / 1e-1 / 1: ${[1e-2, 1e-1, 1].map((l) => probeAccuracy(f.cls, l).toFixed(3)).join(' / ')}`);
  for (const kind of ['cls', 'mean'] as const) {
    const r2 = names.map((n) => `${n} ${ridgeR2(f[kind], properties.map((p) => p[n])).toFixed(2)}`);
    console.log(`  R² from ${kind === 'cls' ? 'CLS' : 'patch mean'}: ${r2.join(', ')}, label ${ridgeR2(f[kind], data.labels).toFixed(2)}`);
  }
}
console.log(`linear CKA random-init vs teacher: CLS ${linearCka(byBackbone['random-init'].cls, byBackbone.teacher.cls).toFixed(3)}, patch mean ${linearCka(byBackbone['random-init'].mean, byBackbone.teacher.mean).toFixed(3)}`);

/** The image area-averaged to a g × g grid (g = image side / patch side): one value per ViT patch. */
function pixelGrid(image: Float32Array, g: number): Float64Array {
  const cell = S / g;
  const out = new Float64Array(g * g);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) out[Math.floor(y / cell) * g + Math.floor(x / cell)] += image[y * S + x] / (cell * cell);
  return out;
}

/** Scores on the principal components of X (centred; largest variance first) and each component's variance share. */
function principalComponents(X: Float64Array[]): { scores: Float64Array[]; share: number[] } {
  const D = X[0].length;
  const mean = new Float64Array(D);
  X.forEach((r) => r.forEach((v, d) => (mean[d] += v / X.length)));
  const centred = new Matrix(X.map((r) => Array.from(r, (v, d) => v - mean[d])));
  const evd = new EVD(centred.transpose().mmul(centred), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value);
  const total = order.reduce((sum, e) => sum + Math.max(e.value, 0), 0);
  const vectors = evd.eigenvectorMatrix;
  const projected = centred.mmul(new Matrix(D, D).setSubMatrix(vectors.subMatrixColumn(order.map((e) => e.index)), 0, 0));
  return { scores: projected.to2DArray().map((r) => Float64Array.from(r)), share: order.map((e) => Math.max(e.value, 0) / total) };
}

const g = S / spec.backbone.patchSize;
const grid = data.images.map((image) => pixelGrid(image, g));
console.log(`pixel floor (${g}×${g} area-averaged grid, ${g * g} features): probe accuracy at λ 1e-2 / 1e-1 / 1: ${[1e-2, 1e-1, 1].map((l) => probeAccuracy(grid, l).toFixed(3)).join(' / ')}`);
const pcs = principalComponents(grid);
const ks = [1, 3, 5, 10, 20, g * g].filter((k, i, all) => k <= g * g && all.indexOf(k) === i);
const cumulative = (k: number): number => pcs.share.slice(0, k).reduce((a, b) => a + b, 0);
console.log(`  label R² from the grid's top-k principal components: ${ks.map((k) => `k ${k} (${(100 * cumulative(k)).toFixed(0)} % of pixel variance) ${ridgeR2(pcs.scores.map((r) => r.subarray(0, k)), data.labels).toFixed(2)}`).join(', ')}`);
const labelScore = ridgeFitted(grid, data.labels);
console.log(`  R² of the grid's out-of-fold label score from CLS features: ${Object.entries(byBackbone).map(([name, f]) => `${name} ${ridgeR2(f.cls, labelScore).toFixed(2)}`).join(', ')}`);
