// Guards of DINO pretraining against the failures users report (facebookresearch/dino issues; Caron et al.
// 2021 §5.3): uniform collapse (loss stuck at ln K), dimensional or complete collapse (L2-normalised features
// with ≈ 0 spread), non-finite loss terms, and batches too small for batch-statistics centring.
import type { ResolvedExperiment } from '../../dsl/types.ts';

type PretrainSpec = ResolvedExperiment['pretrain'];
export type CollapseSettings = PretrainSpec['collapse'];
export type GuardName = 'uniform-collapse' | 'feature-collapse' | 'non-finite-loss';

/** A guard stopped training: which one, at which step, with the values it saw. */
export class TrainingGuardError extends Error {
  constructor(
    readonly guard: GuardName,
    readonly step: number,
    readonly values: Readonly<Record<string, number>>,
    message: string,
  ) {
    super(message);
    this.name = 'TrainingGuardError';
    // a verdict on the run, not a bug: a stack would only point at this file
    this.stack = `${this.name}: ${message}`;
  }
}

/** Consecutive logged steps each collapse condition has held (a checkpoint carries it over a resume). */
export interface CollapseGuardState {
  uniform: number;
  feature: number;
}

export interface CollapseObservation {
  step: number;
  /** The DINO distillation term alone (KoLeo excluded): ln K when teacher and student are uniform. */
  distillation: number;
  featureStd: number;
  teacherEntropy: number;
}

export interface CollapseAlarm {
  guard: GuardName;
  step: number;
  values: Record<string, number>;
  message: string;
}

export class CollapseGuard {
  private readonly counts: CollapseGuardState;

  constructor(
    private readonly settings: CollapseSettings,
    private readonly prototypes: number,
    state?: CollapseGuardState,
  ) {
    this.counts = { uniform: state?.uniform ?? 0, feature: state?.feature ?? 0 };
  }

  get state(): CollapseGuardState {
    return { ...this.counts };
  }

  /** Guards whose condition has now held for `patience` logged steps in a row; each fires once per episode. */
  observe(o: CollapseObservation): CollapseAlarm[] {
    const { epsilon, minFeatureStd, patience } = this.settings;
    const lnK = Math.log(this.prototypes);
    this.counts.uniform = Math.abs(o.distillation - lnK) < epsilon ? this.counts.uniform + 1 : 0;
    this.counts.feature = o.featureStd < minFeatureStd ? this.counts.feature + 1 : 0;
    const alarms: CollapseAlarm[] = [];
    const held = `for ${patience} consecutive logged steps`;
    if (this.counts.uniform === patience) {
      alarms.push({
        guard: 'uniform-collapse', step: o.step,
        values: { loss: o.distillation, lnK, epsilon, teacherEntropy: o.teacherEntropy },
        message: `uniform collapse at step ${o.step}: DINO loss ${fmt(o.distillation)} within ε = ${epsilon} of ln K = ${fmt(lnK)} ${held} `
          + `(teacher entropy ${fmt(o.teacherEntropy)}); try a lower teacher temperature, a higher EMA momentum or fewer prototypes`,
      });
    }
    if (this.counts.feature === patience) {
      alarms.push({
        guard: 'feature-collapse', step: o.step,
        values: { featureStd: o.featureStd, minFeatureStd },
        message: `feature collapse at step ${o.step}: std of the L2-normalised features ${fmt(o.featureStd)} < minFeatureStd ${minFeatureStd} ${held}`,
      });
    }
    return alarms;
  }
}

/** Throws naming the term when a step's DINO or KoLeo loss is NaN or infinite (the weights would be poisoned). */
export function assertFiniteLoss(step: number, distillation: number, koleo: number, koleoWeight: number): void {
  const bad = !Number.isFinite(distillation) ? 'DINO loss' : koleoWeight > 0 && !Number.isFinite(koleo) ? 'KoLeo loss' : undefined;
  if (!bad) return;
  throw new TrainingGuardError('non-finite-loss', step, { distillation, koleo }, `non-finite loss at step ${step}: the ${bad} term is ${bad === 'DINO loss' ? distillation : koleo}`);
}

/**
 * Teacher rows per step (images × global crops) under which we warn about batch-statistics centring: the centre
 * is an EMA of the batch mean, whose noise grows as 1/√rows and is amplified by 1/τ_t in the sharpened teacher,
 * and gradient accumulation does not reduce it. 64 is our CPU default (32 images × 2) and a quarter of DINO's
 * smallest ablated batch (128 images, 256 rows): a judgement, not a measured boundary.
 */
export const MIN_CENTRING_ROWS = 64;

/** A warning when batchSize × global crops is under MIN_CENTRING_ROWS; undefined otherwise. */
export function centringBatchWarning(spec: PretrainSpec): string | undefined {
  const rows = spec.batchSize * spec.crops.global.count;
  if (rows >= MIN_CENTRING_ROWS) return undefined;
  return `DINO batch ${spec.batchSize} × ${spec.crops.global.count} global crops = ${rows} teacher rows per step, under the ${MIN_CENTRING_ROWS} `
    + 'batch-statistics centring needs: the centre will be noisy and collapse more likely (raise pretrain.batchSize)';
}

function fmt(value: number): string {
  return value.toPrecision(4);
}
