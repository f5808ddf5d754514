// Per-step training schedules with the semantics of facebookresearch/dino `utils.cosine_scheduler`:
// a linear warm-up (numpy linspace, both ends included) followed by a cosine from base to final.
import type { ResolvedExperiment } from '../../dsl/types.ts';

type PretrainSpec = ResolvedExperiment['pretrain'];

export interface CosineScheduleOptions {
  base: number;
  final: number;
  totalSteps: number;
  warmupSteps?: number;
  warmupStart?: number;
}

/** DINO's cosine_scheduler, one value per optimiser step. */
export function cosineSchedule(options: CosineScheduleOptions): Float64Array {
  const { base, final, totalSteps } = options;
  const warmupSteps = Math.min(options.warmupSteps ?? 0, totalSteps);
  const warmupStart = options.warmupStart ?? 0;
  const values = new Float64Array(totalSteps);
  for (let k = 0; k < warmupSteps; k++) {
    values[k] = warmupSteps === 1 ? warmupStart : warmupStart + ((base - warmupStart) * k) / (warmupSteps - 1);
  }
  const decaySteps = totalSteps - warmupSteps;
  for (let i = 0; i < decaySteps; i++) {
    values[warmupSteps + i] = final + 0.5 * (base - final) * (1 + Math.cos((Math.PI * i) / decaySteps));
  }
  return values;
}

/** Linear warm-up from `start` to `end` over `warmupSteps` (linspace), then constant `end`. */
export function warmupThenConstant(start: number, end: number, warmupSteps: number, totalSteps: number): Float64Array {
  const values = new Float64Array(totalSteps).fill(end);
  const w = Math.min(warmupSteps, totalSteps);
  for (let k = 0; k < w; k++) values[k] = warmupSteps === 1 ? start : start + ((end - start) * k) / (warmupSteps - 1);
  return values;
}

export type MomentumRamp = 'cosine' | 'linear' | 'constant';

/**
 * Teacher EMA momentum λ_k. Cosine is DINO's λ_k = end − ½(end − start)(1 + cos(πk/K)), which for
 * end = 1 is the paper's 1 − ½(1 − λ0)(1 + cos(πk/K)); linear interpolates start→end over K steps.
 */
export function momentumSchedule(start: number, end: number, ramp: MomentumRamp, totalSteps: number): Float64Array {
  const values = new Float64Array(totalSteps);
  for (let k = 0; k < totalSteps; k++) {
    const t = k / totalSteps;
    if (ramp === 'cosine') values[k] = end - 0.5 * (end - start) * (1 + Math.cos(Math.PI * t));
    else if (ramp === 'linear') values[k] = start + (end - start) * t;
    else values[k] = start;
  }
  return values;
}

export interface PretrainSchedules {
  lr: Float64Array;
  /** Decoupled weight decay of the decayed parameters (biases, norms and tokens get none, see adamw.ts). */
  weightDecay: Float64Array;
  momentum: Float64Array;
  teacherTemp: Float64Array;
}

/** The peak learning rate: lr, or lr × batchSize / 256 under DINO's linear scaling rule (main_dino.py). */
export function peakLearningRate(spec: PretrainSpec): number {
  const opt = spec.optimizer;
  return opt.lrScaling === 'linear-256' ? (opt.lr * spec.batchSize) / 256 : opt.lr;
}

/** One line for the run log when the learning rate is scaled; undefined when it is used as given. */
export function describeLrScaling(spec: PretrainSpec): string | undefined {
  if (spec.optimizer.lrScaling === 'none') return undefined;
  return `DINO peak learning rate ${peakLearningRate(spec).toPrecision(4)} = lr ${spec.optimizer.lr} × batch ${spec.batchSize} / 256 (lrScaling linear-256)`;
}

/** Steps during which the prototypes stay frozen: the spec's count, or one epoch (DINO freeze_last_layer = 1). */
export function frozenLastLayerSteps(spec: PretrainSpec, datasetSize: number): number {
  const setting = spec.freezeLastLayerSteps;
  return setting === 'epoch' ? Math.floor(datasetSize / spec.batchSize) : setting;
}

/** Every per-step schedule a DINO run needs, derived from its resolved spec. */
export function pretrainSchedules(spec: PretrainSpec): PretrainSchedules {
  const steps = spec.steps;
  const opt = spec.optimizer;
  const tt = spec.teacherTemperature;
  // DINO's wd schedule is a cosine without warm-up; with equal ends it is exactly constant
  const weightDecayEnd = opt.weightDecayEnd === 'same' ? opt.weightDecay : opt.weightDecayEnd;
  return {
    lr: cosineSchedule({ base: peakLearningRate(spec), final: opt.minLr, totalSteps: steps, warmupSteps: opt.warmupSteps }),
    weightDecay: cosineSchedule({ base: opt.weightDecay, final: weightDecayEnd, totalSteps: steps }),
    momentum: momentumSchedule(spec.ema.start, spec.ema.end, spec.ema.schedule, steps),
    teacherTemp: warmupThenConstant(tt.start, tt.end, tt.warmupSteps, steps),
  };
}
