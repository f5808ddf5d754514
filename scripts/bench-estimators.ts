// Timing of the transferability estimators (issue 5 §8: each < 2 s at N = 2000, D = 384, C = 5 on 2 cores) on
// synthetic ViT-like features: class structure in a 32-dim latent space with a decaying spectrum, embedded in D dims
// with isotropic noise. A script, not a test: `npx tsx scripts/bench-estimators.ts [--samples 2000] [--dims 384]`.
import { performance } from 'node:perf_hooks';
import { ESTIMATORS, ESTIMATOR_IDS, nleepDetails } from '../benchmarks/transferability/index.ts';
import { Rng } from '../benchmarks/rng.ts';

const LATENT_DIMS = 32;
const NOISE_SD = 0.15;

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** N × D features whose first latent directions separate C classes; spectrum decays like 1 / (1 + l/4). */
function vitLikeFeatures(n: number, d: number, classes: number, rng: Rng): { features: Float64Array[]; labels: number[] } {
  const embedding = Array.from({ length: LATENT_DIMS }, () => Float64Array.from({ length: d }, () => rng.normal() / Math.sqrt(d)));
  const scales = Array.from({ length: LATENT_DIMS }, (_, l) => 1 / (1 + l / 4));
  const classMeans = Array.from({ length: classes }, () => scales.map((s, l) => (l < 8 ? 1.5 * s * rng.normal() : 0)));
  const labels = Array.from({ length: n }, (_, i) => i % classes);
  const features = labels.map((c) => {
    const row = Float64Array.from({ length: d }, () => NOISE_SD * rng.normal());
    for (let l = 0; l < LATENT_DIMS; l++) {
      const latent = classMeans[c][l] + scales[l] * rng.normal();
      for (let j = 0; j < d; j++) row[j] += latent * embedding[l][j] * Math.sqrt(d) * 0.2;
    }
    return row;
  });
  return { features, labels };
}

const n = argument('samples', 2000);
const d = argument('dims', 384);
const classes = argument('classes', 5);
const { features, labels } = vitLikeFeatures(n, d, classes, new Rng(2025));
console.log(`N = ${n}, D = ${d}, C = ${classes}`);
// CPU time next to wall time: on a shared machine the wall clock mostly measures the other tenants.
for (const id of ESTIMATOR_IDS) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const score = ESTIMATORS[id].score(features, labels, { seed: 0 });
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`${id.padEnd(6)} wall ${wall.toFixed(2).padStart(5)} s   cpu ${cpuSeconds.toFixed(2).padStart(5)} s   score ${score.toFixed(4)}`);
}
const details = nleepDetails(features, labels, { seed: 0 });
console.log(`NLEEP kept ${details.pcaDims} PCA dims, ${details.components} components, ${details.iterations} EM iterations (converged: ${details.converged})`);
