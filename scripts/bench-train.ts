// Training throughput benchmark: seconds per step, images/s and achieved GFLOP/s of the default DINO step
// (2 global + 8 local crops, batch 32) and of the supervised baseline step, on the backend `auto` picks.
// Usage: npx tsx scripts/bench-train.ts [--steps 6] [--warmup 2] [--replicas auto|1|2] [--preset micro] [--kernels ops]
import { Command } from 'commander';
import { Rng } from '../benchmarks/rng.ts';
import { DEFAULTS } from '../dsl/defaults.ts';
import type { BackbonePreset } from '../dsl/types.ts';
import { initBackend } from '../runtime/backend.ts';
import { setKernelMode, type KernelMode } from '../runtime/model/kernel-mode.ts';
import { vitConfigFrom, vitForwardMacs, type VitConfig } from '../runtime/model/vit-config.ts';
import { shutdownReplicaWorkers } from '../runtime/train/parallel/replica-workers.ts';
import { pretrainDino } from '../runtime/train/pretrain-dino.ts';
import { trainSupervised } from '../runtime/train/supervised.ts';

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
function dinoStepFlops(c: VitConfig, spec = DEFAULTS.pretrain): number {
  const { global: g, local: l } = spec.crops;
  const b = spec.batchSize;
  const h = spec.head;
  const headMacs = c.dim * h.hiddenDim + h.hiddenDim * h.hiddenDim + h.hiddenDim * h.bottleneckDim + h.bottleneckDim * h.outDim;
  const studentRows = (g.count + l.count) * b;
  const student = b * (g.count * vitForwardMacs(c, g.size) + l.count * vitForwardMacs(c, l.size)) + studentRows * headMacs;
  const teacher = b * g.count * (vitForwardMacs(c, g.size) + headMacs);
  return 2 * (3 * student + teacher);
}

interface Timing {
  secPerStep: number;
  imagesPerSec: number;
}

/** Mean over the steps after `warmup` of the wall time between onProgress calls. */
function stepTimer(warmup: number): { tick: (step: number) => void; result: (batch: number) => Timing } {
  const stamps: number[] = [];
  return {
    tick: (step) => {
      if (step >= warmup) stamps.push(performance.now());
    },
    result: (batch) => {
      const sec = (stamps[stamps.length - 1] - stamps[0]) / 1000 / Math.max(1, stamps.length - 1);
      return { secPerStep: sec, imagesPerSec: batch / sec };
    },
  };
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--steps <n>', 'timed steps', '6')
    .option('--warmup <n>', 'untimed warm-up steps', '2')
    .option('--replicas <n>', "data-parallel replicas ('auto', 1, 2…)", 'auto')
    .option('--preset <name>', 'ViT preset', DEFAULTS.backbone.preset)
    .option('--kernels <mode>', "'auto', 'simd' or 'ops' (plain tfjs ops; implies --replicas 1)", 'auto')
    .option('--skip-supervised', 'only the DINO step')
    .parse()
    .opts<{ steps: string; warmup: string; replicas: string; preset: string; kernels: KernelMode; skipSupervised?: boolean }>();
  const steps = Number(opts.steps);
  const warmup = Number(opts.warmup);
  setKernelMode(opts.kernels);
  // worker replicas pick their kernels themselves, so a forced mode is measured in-process
  const replicas = opts.kernels !== 'auto' ? 1 : opts.replicas === 'auto' ? 'auto' : Number(opts.replicas);
  const backend = await initBackend('auto');
  const spec = DEFAULTS.pretrain;
  const backbone = { ...DEFAULTS.backbone, preset: opts.preset as BackbonePreset };
  const config = vitConfigFrom(backbone, DEFAULTS.data.imageSize);
  const images = syntheticImages(Math.max(128, spec.batchSize * 2), config.imageSize, new Rng(1));
  console.log(`backend: ${backend.detail}`);
  console.log(`ViT ${opts.preset}: dim ${config.dim}, depth ${config.depth}, heads ${config.heads}, mlp ×${config.mlpRatio}, patch ${config.patchSize}`);

  const dinoTimer = stepTimer(warmup);
  const dino = await pretrainDino({
    images, imageSize: config.imageSize, backbone, rng: new Rng(2), replicas,
    pretrain: { ...spec, steps: warmup + steps, logEvery: 1_000_000 },
    onProgress: (step) => dinoTimer.tick(step),
  });
  const d = dinoTimer.result(spec.batchSize);
  const flops = dinoStepFlops(config);
  dino.teacher.dispose();
  dino.student.dispose();
  console.log(
    `DINO step (batch ${spec.batchSize}, ${spec.crops.global.count}×${spec.crops.global.size}px + ${spec.crops.local.count}×${spec.crops.local.size}px, ` +
      `${dino.replicas} replica${dino.replicas > 1 ? 's' : ''}): ${d.secPerStep.toFixed(3)} s/step, ${d.imagesPerSec.toFixed(1)} images/s, ` +
      `${(flops / 1e9).toFixed(1)} GFLOP/step → ${(flops / 1e9 / d.secPerStep).toFixed(1)} GFLOP/s` +
      (dino.fallbackReason ? ` (workers unavailable: ${dino.fallbackReason})` : ''),
  );
  console.log(`  ${spec.steps} default steps ≈ ${((spec.steps * d.secPerStep) / 60).toFixed(1)} min`);

  if (!opts.skipSupervised) {
    const sup = DEFAULTS.eval.supervised;
    const supTimer = stepTimer(warmup);
    const model = await trainSupervised({
      images, labels: images.map((_, i) => i % 3), numClasses: 3, config, rng: new Rng(3), replicas,
      settings: sup, maxSteps: warmup + steps, onProgress: (step) => supTimer.tick(step),
    });
    model.dispose();
    const s = supTimer.result(sup.batchSize);
    const supFlops = 3 * 2 * sup.batchSize * vitForwardMacs(config, config.imageSize);
    console.log(
      `supervised step (batch ${sup.batchSize}, ${config.imageSize}px): ${s.secPerStep.toFixed(3)} s/step, ${s.imagesPerSec.toFixed(1)} images/s, ` +
        `${(supFlops / 1e9).toFixed(1)} GFLOP/step → ${(supFlops / 1e9 / s.secPerStep).toFixed(1)} GFLOP/s`,
    );
  }
  await shutdownReplicaWorkers();
}

await main();
