// The tiny job of resume-kill.test.ts: its DINO pretraining stage (the stage `bench run` runs, without data
// preparation and evaluation, to stay fast) in a results store. Run as a script, it is the child process
// that the test kills: `node --import tsx resume-kill-job.ts <store root>`.
import { fileURLToPath } from 'node:url';
import { Rng } from '../../benchmarks/rng.ts';
import { resolveSpec } from '../../dsl/resolve.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { initBackend } from '../../runtime/backend.ts';
import { SILENT_EVENTS } from '../../runtime/job/events.ts';
import { runPretrainStage } from '../../runtime/job/pretrain-stage.ts';
import { JobStore } from '../../runtime/job/store.ts';
import { standInShapes } from '../runtime/stand-in-shapes.ts';

export const JOB_ID = 'tiny-job';

export function tinyJobSpec(): ResolvedExperiment {
  return resolveSpec({
    name: 'resume-kill',
    data: { imageSize: 16 },
    backbone: { preset: 'nano', patchSize: 4 },
    pretrain: {
      steps: 12, batchSize: 8, checkpointEvery: 2, logEvery: 2,
      crops: { global: { size: 16 }, local: { count: 2, size: 8 } },
      head: { hiddenDim: 32, bottleneckDim: 16, outDim: 16 },
      optimizer: { warmupSteps: 2 },
    },
  });
}

/** Runs (or resumes) the job's pretraining in `root`; progress messages go to `onInfo` (default stderr). */
export async function runTinyPretraining(root: string, onInfo = (m: string): void => void process.stderr.write(`${m}\n`)): Promise<void> {
  const spec = tinyJobSpec();
  const events = { ...SILENT_EVENTS, info: onInfo };
  const images = standInShapes(24, spec.data.imageSize, 5).images;
  const { initial, pretrained } = await runPretrainStage(spec, images, new Rng(spec.seed), new JobStore(root, JOB_ID), events);
  initial.dispose();
  pretrained.dispose();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await initBackend('wasm');
  await runTinyPretraining(process.argv[2]);
}
