// Training throughput benchmark: s/step, images/s and achieved GFLOP/s of the default DINO step (2 global + 8
// local crops, batch 32) per ViT preset on our tfjs path, side by side with the same step in PyTorch-CPU
// (scripts/bench-train-torch.py) when /usr/bin/python3 has torch; `--profile` adds a per-kernel profile.
// Usage: npm run bench:train -- [--presets nano,micro,tiny] [--steps 6] [--warmup 2] [--replicas 2]
//          [--torch-threads 2] [--no-torch] [--profile] [--top 15] [--supervised] [--kernels ops] [--markdown]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import Table from 'cli-table3';
import { Command } from 'commander';
import { Rng } from '../benchmarks/rng.ts';
import { DEFAULTS } from '../dsl/defaults.ts';
import { VIT_PRESETS } from '../dsl/presets.ts';
import type { BackbonePreset } from '../dsl/types.ts';
import { initBackend } from '../runtime/backend.ts';
import { DinoHead } from '../runtime/model/dino-head.ts';
import { setKernelMode, type KernelMode } from '../runtime/model/kernel-mode.ts';
import { vitConfigFrom, vitForwardMacs, type VitConfig } from '../runtime/model/vit-config.ts';
import { VisionTransformer } from '../runtime/model/vit.ts';
import { DinoReplica } from '../runtime/train/dino-replica.ts';
import { autoReplicas } from '../runtime/train/parallel/data-parallel.ts';
import { shareImages } from '../runtime/train/parallel/replica.ts';
import { shutdownReplicaWorkers } from '../runtime/train/parallel/replica-workers.ts';
import { pretrainDino } from '../runtime/train/pretrain-dino.ts';
import { frozenLastLayerSteps } from '../runtime/train/schedules.ts';
import { trainSupervised } from '../runtime/train/supervised.ts';

const SPEC = DEFAULTS.pretrain;
const TORCH_SCRIPT = fileURLToPath(new URL('./bench-train-torch.py', import.meta.url));

interface Options {
  presets: string;
  steps: string;
  warmup: string;
  replicas: string;
  kernels: KernelMode;
  python: string;
  torchThreads: string;
  torch: boolean;
  profile?: boolean;
  top: string;
  supervised?: boolean;
  markdown?: boolean;
}

interface Throughput {
  secPerStep: number;
  imagesPerSec: number;
  gflopPerSec: number;
}

interface Row {
  preset: BackbonePreset;
  ours: Throughput & { replicas: number; fallbackReason?: string };
  torch: (Throughput & { threads: number }) | { skipped: string };
  loadBefore: number;
}

/** Smooth random blobs: enough structure for realistic activations, no dependence on the data modules. */
function syntheticImages(count: number, size: number, rng: Rng): Float32Array[] {
  return Array.from({ length: count }, () => {
    const img = new Float32Array(size * size);
    const blobs = Array.from({ length: 4 }, () => [rng.uniform(0, size), rng.uniform(0, size), rng.uniform(3, size / 3), rng.uniform(-0.4, 0.4)]);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let v = 0.4;
        for (const [cx, cy, r, a] of blobs) v += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r));
        img[y * size + x] = Math.min(1, Math.max(0, v + rng.normal(0, 0.02)));
      }
    }
    return img;
  });
}

/** FLOPs of one DINO step: student forward + backward (≈ 2× forward) on all crops, teacher forward on globals. */
function dinoStepFlops(c: VitConfig): number {
  const { global: g, local: l } = SPEC.crops;
  const b = SPEC.batchSize;
  const h = SPEC.head;
  const headMacs = c.dim * h.hiddenDim + h.hiddenDim * h.hiddenDim + h.hiddenDim * h.bottleneckDim + h.bottleneckDim * h.outDim;
  const studentRows = (g.count + l.count) * b;
  const student = b * (g.count * vitForwardMacs(c, g.size) + l.count * vitForwardMacs(c, l.size)) + studentRows * headMacs;
  const teacher = b * g.count * (vitForwardMacs(c, g.size) + headMacs);
  return 2 * (3 * student + teacher);
}

/** Mean over the steps after `warmup` of the wall time between onProgress calls. */
function stepTimer(warmup: number): { tick: (step: number) => void; secPerStep: () => number } {
  const stamps: number[] = [];
  return {
    tick: (step) => {
      if (step >= warmup) stamps.push(performance.now());
    },
    secPerStep: () => (stamps[stamps.length - 1] - stamps[0]) / 1000 / Math.max(1, stamps.length - 1),
  };
}

function throughput(secPerStep: number, batch: number, flops: number): Throughput {
  return { secPerStep, imagesPerSec: batch / secPerStep, gflopPerSec: flops / 1e9 / secPerStep };
}

const backboneOf = (preset: BackbonePreset): typeof DEFAULTS.backbone => ({ ...DEFAULTS.backbone, preset });
const configOf = (preset: BackbonePreset): VitConfig => vitConfigFrom(backboneOf(preset), DEFAULTS.data.imageSize);

type Replicas = number | 'auto';

async function measureOurs(preset: BackbonePreset, images: Float32Array[], steps: number, warmup: number, replicas: Replicas): Promise<Row['ours']> {
  const timer = stepTimer(warmup);
  const run = await pretrainDino({
    images, imageSize: DEFAULTS.data.imageSize, backbone: backboneOf(preset), rng: new Rng(2), replicas,
    pretrain: { ...SPEC, steps: warmup + steps, logEvery: 1_000_000 },
    onProgress: (step) => timer.tick(step),
  });
  run.teacher.dispose();
  run.student.dispose();
  return { ...throughput(timer.secPerStep(), SPEC.batchSize, dinoStepFlops(configOf(preset))), replicas: run.replicas, fallbackReason: run.fallbackReason };
}

/** torch's version when `python -c "import torch"` works, else undefined. */
function torchVersion(python: string): string | undefined {
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** The whole configuration the PyTorch step is built from, so both sides time the same step. */
function torchConfig(preset: BackbonePreset, imageCount: number): Record<string, unknown> {
  const c = configOf(preset);
  return {
    preset, ...c, images: imageCount, batchSize: SPEC.batchSize, crops: SPEC.crops, head: SPEC.head,
    studentTemperature: SPEC.studentTemperature, teacherTemperature: SPEC.teacherTemperature.start,
    centerMomentum: SPEC.centerMomentum, koleoWeight: SPEC.koleoWeight, emaMomentum: SPEC.ema.start,
    optimizer: SPEC.optimizer, frozenLastLayerSteps: frozenLastLayerSteps(SPEC, imageCount), flopsPerStep: dinoStepFlops(c),
  };
}

function measureTorch(preset: BackbonePreset, imageCount: number, opts: Options): Row['torch'] {
  const threads = opts.torchThreads;
  const args = [TORCH_SCRIPT, '--config', JSON.stringify(torchConfig(preset, imageCount)), '--steps', opts.steps, '--warmup', opts.warmup, '--threads', threads];
  // Debian's torch runs OpenMP for its own ops and pthreaded OpenBLAS for matmuls: with libgomp's default
  // spin-wait the two pools fight over the cores (tiny measured 6.9 s/step, 4.4 s with PASSIVE)
  const env = { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads, OMP_WAIT_POLICY: 'PASSIVE' };
  const run = spawnSync(opts.python, args, { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) return { skipped: `bench-train-torch.py failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { secPerStep: number; gflops: number; imagesPerSec: number; threads: number };
  return { secPerStep: result.secPerStep, imagesPerSec: result.imagesPerSec, gflopPerSec: result.gflops, threads: result.threads };
}

/**
 * One replica's shard of a DINO step (what each of the data-parallel replicas computes; the whole batch of the
 * larger presets overflows one WASM heap) under tf.profile: wall time of every tfjs kernel (the WASM backend times
 * each synchronously), summed by kernel name. Forward and backward kernels share names.
 */
async function profileStep(preset: BackbonePreset, images: Float32Array[], top: number, replicas: number): Promise<void> {
  const config = configOf(preset);
  const rng = new Rng(4);
  const headConfig = { inDim: config.dim, ...SPEC.head };
  const student = VisionTransformer.create(config, rng.fork('backbone'));
  const head = DinoHead.create(headConfig, rng.fork('head'));
  const replica = new DinoReplica({
    vit: config, head: headConfig, studentWeights: student.toWeights(), headWeights: head.toWeights(), pretrain: SPEC,
    images: shareImages(images, config.imageSize), augmentSeed: rng.fork('augment').seed,
  });
  student.dispose();
  head.dispose();
  const gradients = new Float32Array(replica.gradientSize);
  const positions = Array.from({ length: Math.ceil(SPEC.batchSize / replicas) }, (_, i) => i);
  const shard = (step: number) => ({ step, positions, indices: positions, batchSize: SPEC.batchSize, teacherTemp: SPEC.teacherTemperature.start, diagnostics: false });
  const update = { optimize: true, centerMomentum: SPEC.centerMomentum, lr: SPEC.optimizer.lr, weightDecay: SPEC.optimizer.weightDecay, momentum: SPEC.ema.start, freezeLastLayer: false, teacherMean: new Float32Array(SPEC.head.outDim) };
  replica.computeShard(shard(0), gradients); // warm-up: first-call allocations and kernel set-up
  const started = performance.now();
  const info = await tf.profile(() => {
    replica.computeShard(shard(1), gradients);
  });
  const computeMs = performance.now() - started;
  const applyStarted = performance.now();
  replica.apply(gradients, update);
  const applyMs = performance.now() - applyStarted;
  replica.dispose();
  const byName = new Map<string, { ms: number; calls: number }>();
  // customGrad functions and op scopes are recorded too, around the kernels they run: keep registered kernels only
  const backendName = tf.getBackend();
  for (const k of info.kernels.filter((kernel) => tf.getKernel(kernel.name, backendName) !== undefined)) {
    const entry = byName.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs);
    entry.calls += 1;
    byName.set(k.name, entry);
  }
  const kernelMs = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  const ranked = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  console.log(`\nkernel profile, ${preset}: one replica's shard (${positions.length} of ${SPEC.batchSize} images) of a DINO step, in-process (tf.profile)`);
  const calls = [...byName.values()].reduce((s, e) => s + e.calls, 0);
  console.log(`  forward+backward ${computeMs.toFixed(0)} ms = tfjs kernels ${kernelMs.toFixed(0)} ms (${calls} calls) + ` +
    `outside kernels ${(computeMs - kernelMs).toFixed(0)} ms (augmentation, autograd bookkeeping, profiler); AdamW + EMA + centre ${applyMs.toFixed(0)} ms`);
  const table = new Table({ head: ['kernel', 'calls', 'ms', '% of kernel time'], style: { head: [], border: [] } });
  for (const [name, e] of ranked) table.push([name, e.calls, e.ms.toFixed(1), ((100 * e.ms) / kernelMs).toFixed(1)]);
  console.log(table.toString());
}

async function measureSupervised(preset: BackbonePreset, images: Float32Array[], steps: number, warmup: number, replicas: Replicas): Promise<void> {
  const sup = DEFAULTS.eval.supervised;
  const config = configOf(preset);
  const timer = stepTimer(warmup);
  const model = await trainSupervised({
    images, labels: images.map((_, i) => i % 3), numClasses: 3, config, rng: new Rng(3), replicas,
    settings: sup, maxSteps: warmup + steps, onProgress: (step) => timer.tick(step),
  });
  model.dispose();
  const t = throughput(timer.secPerStep(), sup.batchSize, 3 * 2 * sup.batchSize * vitForwardMacs(config, config.imageSize));
  console.log(`supervised step ${preset} (batch ${sup.batchSize}, ${config.imageSize}px): ${t.secPerStep.toFixed(3)} s/step, ${t.imagesPerSec.toFixed(1)} images/s, ${t.gflopPerSec.toFixed(1)} GFLOP/s`);
}

function renderRows(rows: Row[], markdown: boolean): string {
  const head = ['preset', 'ours s/step', 'ours img/s', 'ours GFLOP/s', 'PyTorch s/step', 'PyTorch img/s', 'PyTorch GFLOP/s', 'ours/PyTorch (img/s)'];
  const cells = rows.map((r) => {
    const ours = [r.ours.secPerStep.toFixed(3), r.ours.imagesPerSec.toFixed(1), r.ours.gflopPerSec.toFixed(1)];
    const torch = 'skipped' in r.torch
      ? ['—', '—', '—', '—']
      : [r.torch.secPerStep.toFixed(3), r.torch.imagesPerSec.toFixed(1), r.torch.gflopPerSec.toFixed(1), `${(r.torch.secPerStep / r.ours.secPerStep).toFixed(2)}×`];
    return [r.preset, ...ours, ...torch];
  });
  if (markdown) return [head, head.map(() => '---'), ...cells].map((c) => `| ${c.join(' | ')} |`).join('\n');
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const c of cells) table.push(c);
  return table.toString();
}

function parseOptions(): Options {
  return new Command()
    .option('--presets <list>', 'comma-separated ViT presets', 'nano,micro,tiny')
    .option('--steps <n>', 'timed steps', '6')
    .option('--warmup <n>', 'untimed warm-up steps', '2')
    .option('--replicas <n>', "our data-parallel replicas ('auto', 1, 2…)", '2')
    .option('--kernels <mode>', "'auto', 'simd' or 'ops' (plain tfjs ops; implies --replicas 1)", 'auto')
    .option('--python <path>', 'Python with torch', '/usr/bin/python3')
    .option('--torch-threads <n>', 'torch.set_num_threads for the PyTorch step', '2')
    .option('--no-torch', 'skip the PyTorch side')
    .option('--profile', 'per-kernel tfjs profile of one step per preset')
    .option('--top <n>', 'kernels shown by --profile', '15')
    .option('--supervised', 'also time the supervised baseline step')
    .option('--markdown', 'print the table as Markdown')
    .parse()
    .opts<Options>();
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const presets = opts.presets.split(',').map((p) => p.trim()) as BackbonePreset[];
  const unknown = presets.filter((p) => !(p in VIT_PRESETS));
  if (unknown.length > 0) throw new Error(`unknown preset(s) ${unknown.join(', ')}; available: ${Object.keys(VIT_PRESETS).join(', ')}`);
  const [steps, warmup] = [Number(opts.steps), Number(opts.warmup)];
  setKernelMode(opts.kernels);
  // worker replicas pick their kernels themselves, so a forced mode is measured in-process
  const replicas: Replicas = opts.kernels !== 'auto' ? 1 : opts.replicas === 'auto' ? 'auto' : Number(opts.replicas);
  const backend = await initBackend('auto');
  const version = opts.torch ? torchVersion(opts.python) : undefined;
  const torchNote = !opts.torch ? 'skipped (--no-torch)' : version ? `torch ${version}, ${opts.torchThreads} threads` : `skipped: ${opts.python} cannot import torch`;
  const images = syntheticImages(Math.max(128, SPEC.batchSize * 2), DEFAULTS.data.imageSize, new Rng(1));
  const { global: g, local: l } = SPEC.crops;
  console.log(`ours: ${backend.detail}; PyTorch: ${torchNote}`);
  console.log(`DINO step: batch ${SPEC.batchSize}, ${g.count}×${g.size}px + ${l.count}×${l.size}px crops, head ${SPEC.head.hiddenDim}/${SPEC.head.bottleneckDim}/${SPEC.head.outDim}, ${warmup} warm-up + ${steps} timed steps`);

  const rows: Row[] = [];
  for (const preset of presets) {
    const loadBefore = loadavg()[0];
    const c = configOf(preset);
    console.log(`${preset}: dim ${c.dim}, depth ${c.depth}, heads ${c.heads}, mlp ×${c.mlpRatio}, patch ${c.patchSize}, ${(dinoStepFlops(c) / 1e9).toFixed(1)} GFLOP/step (load ${loadBefore.toFixed(2)})`);
    const ours = await measureOurs(preset, images, steps, warmup, replicas);
    const torch = version ? measureTorch(preset, images.length, opts) : { skipped: torchNote };
    if ('skipped' in torch && version) console.log(`  PyTorch ${torch.skipped}`);
    rows.push({ preset, ours, torch, loadBefore });
  }
  const used = rows.map((r) => `${r.ours.replicas}${r.ours.fallbackReason ? ` (workers unavailable: ${r.ours.fallbackReason})` : ''}`);
  console.log(`\nours: ${used[0]} replica(s); ratio = PyTorch s/step ÷ ours s/step (1 = parity, < 1 = ours slower); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(renderRows(rows, Boolean(opts.markdown)));
  if (opts.supervised) for (const preset of presets) await measureSupervised(preset, images, steps, warmup, replicas);
  await shutdownReplicaWorkers();
  const shards = replicas === 'auto' ? autoReplicas() : replicas;
  if (opts.profile) for (const preset of presets) await profileStep(preset, images, Number(opts.top), shards);
}

await main();
