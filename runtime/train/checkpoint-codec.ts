// A DinoCheckpoint as files: its tensors as one safetensors map (student/…, student_head/…, teacher/…,
// teacher_head/…, optimizer/m, optimizer/v, center) and everything else as a JSON manifest.
import type { TrainingLogEntry } from '../../dsl/results.ts';
import type { TensorMap } from '../io/safetensors.ts';
import type { WeightMap } from '../model/weights.ts';
import type { CollapseGuardState } from './collapse-guard.ts';
import type { CheckpointRngState, DinoCheckpoint } from './checkpoint-state.ts';

export const CHECKPOINT_FORMAT = 'orthobench-dino-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  step: number;
  /** File name of the tensors, in the same folder. */
  tensors: string;
  /** AdamW's parameter order and per-parameter step counts (the moments are tensors). */
  optimizer: { names: string[]; steps: number[] };
  rng: CheckpointRngState;
  fingerprint: string;
  replicas: number;
  backend: string;
  elapsedSec: number;
  guard: CollapseGuardState;
  log: TrainingLogEntry[];
  savedAt: string;
}

const WEIGHT_GROUPS = ['student', 'studentHead', 'teacher', 'teacherHead'] as const;
const PREFIX: Record<(typeof WEIGHT_GROUPS)[number], string> = {
  student: 'student/', studentHead: 'student_head/', teacher: 'teacher/', teacherHead: 'teacher_head/',
};

export function encodeCheckpoint(checkpoint: DinoCheckpoint, tensorsFile: string): { tensors: TensorMap; manifest: CheckpointManifest } {
  const { state } = checkpoint;
  const tensors: TensorMap = new Map();
  for (const group of WEIGHT_GROUPS) {
    for (const [name, w] of state[group]) tensors.set(`${PREFIX[group]}${name}`, w);
  }
  tensors.set('optimizer/m', { shape: [state.optimizer.m.length], data: state.optimizer.m });
  tensors.set('optimizer/v', { shape: [state.optimizer.v.length], data: state.optimizer.v });
  tensors.set('center', { shape: [1, state.center.length], data: state.center });
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, step: checkpoint.step, tensors: tensorsFile,
    optimizer: { names: state.optimizer.names, steps: state.optimizer.steps },
    rng: checkpoint.rng, fingerprint: checkpoint.fingerprint, replicas: checkpoint.replicas, backend: checkpoint.backend,
    elapsedSec: checkpoint.elapsedSec, guard: checkpoint.guard, log: checkpoint.log, savedAt: new Date().toISOString(),
  };
  return { tensors, manifest };
}

export function decodeCheckpoint(manifest: CheckpointManifest, tensors: TensorMap, file: string): DinoCheckpoint {
  if (manifest.format !== CHECKPOINT_FORMAT || manifest.version !== CHECKPOINT_VERSION) {
    throw new Error(`${file}: not a version ${CHECKPOINT_VERSION} DINO checkpoint (format ${manifest.format}, version ${manifest.version})`);
  }
  const take = (name: string): Float32Array => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${file}: checkpoint tensors lack ${name}`);
    return t.data;
  };
  const group = (prefix: string): WeightMap => {
    const out: WeightMap = new Map();
    for (const [name, t] of tensors) if (name.startsWith(prefix)) out.set(name.slice(prefix.length), t);
    return out;
  };
  return {
    step: manifest.step,
    state: {
      student: group(PREFIX.student), studentHead: group(PREFIX.studentHead),
      teacher: group(PREFIX.teacher), teacherHead: group(PREFIX.teacherHead),
      optimizer: { names: manifest.optimizer.names, steps: manifest.optimizer.steps, m: take('optimizer/m'), v: take('optimizer/v') },
      center: take('center'),
    },
    log: manifest.log, guard: manifest.guard, rng: manifest.rng, fingerprint: manifest.fingerprint,
    replicas: manifest.replicas, backend: manifest.backend, elapsedSec: manifest.elapsedSec,
  };
}
