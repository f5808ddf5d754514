// A DINO training checkpoint: everything the next step depends on (student, teacher, both heads, AdamW moments
// and step counts, the centre, the step; batches and crops derive from the recorded seeds and the step), plus
// the training log and collapse-guard counts so that a resumed run reports as an uninterrupted one would.
import { jobIdOf } from '../../dsl/job-id.ts';
import type { TrainingLogEntry } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { VitConfig } from '../model/vit-config.ts';
import type { CollapseGuardState } from './collapse-guard.ts';
import type { DinoReplicaState } from './dino-messages.ts';

export interface CheckpointRngState {
  /** Seed of the augmentation stream: the crops of position p at step s come from fork(s).fork(p). */
  augmentSeed: number;
  /** Seed of the batch sampler's stream: the batch of step s is found by replaying s draws. */
  batchSeed: number;
  /** The sampler's epoch at this step (for the record; it follows from the seed and the step). */
  samplerEpoch: number;
}

export interface DinoCheckpoint {
  /** Steps completed: a resumed run continues at this step. */
  step: number;
  state: DinoReplicaState;
  log: TrainingLogEntry[];
  guard: CollapseGuardState;
  rng: CheckpointRngState;
  /** Hash of what the remaining steps depend on; a run resumes only from a checkpoint with its own. */
  fingerprint: string;
  /** Replicas and backend that wrote it: a resume equals an uninterrupted run bit for bit only on the same. */
  replicas: number;
  backend: string;
  /** Training time so far in seconds, summed over resumes. */
  elapsedSec: number;
}

/**
 * The fingerprint of a run: its pretrain spec without the fields that do not change the weights (checkpoint
 * cadence, guards, log cadence), the ViT, the number of images and the seeds.
 */
export function checkpointFingerprint(
  spec: ResolvedExperiment['pretrain'], vit: VitConfig, images: number, rng: Pick<CheckpointRngState, 'augmentSeed' | 'batchSeed'>,
): string {
  const { checkpointEvery: _every, collapse: _collapse, logEvery: _logEvery, ...training } = spec;
  return jobIdOf({ training, vit, images, augmentSeed: rng.augmentSeed, batchSeed: rng.batchSeed });
}
