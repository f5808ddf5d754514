// Which model carries a run's headline in `bench compare` and `bench gate`: the linear probe of the pretrained
// backbone when the reference run's spec evaluates one, else the pretrained backbone under the spec's first
// protocol; `--model <id>` chooses explicitly. Each task then uses that model's largest label fraction.
import type { JobResult, ModelKind } from '../../dsl/results.ts';
import type { EvalProtocol } from '../../dsl/types.ts';
import { closestMatch, didYouMeanSuffix } from '../../dsl/did-you-mean.ts';
import type { Headline, RunEvidence, TaskEvidence } from './run-evidence.ts';

/** Every model id a job can evaluate, in the order results list them. */
export const MODEL_KINDS: readonly ModelKind[] = ['pretrained', 'random-init', 'supervised', 'pretrained:knn', 'random-init:knn', 'pretrained:fine-tune'];

const PRETRAINED_UNDER: Record<EvalProtocol, ModelKind> = { 'linear-probe': 'pretrained', knn: 'pretrained:knn', 'fine-tune': 'pretrained:fine-tune' };

export interface HeadlineModel {
  model: ModelKind;
  /** Why this model, for the output: chosen with --model, or what the reference spec evaluates. */
  reason: string;
  /** False when the caller chose the model. */
  byDefault: boolean;
}

/** The default headline of a run: results written before eval.protocols existed evaluated the linear probe only. */
export function defaultHeadlineModel(result: JobResult): HeadlineModel {
  const protocols: readonly EvalProtocol[] = result.spec.eval.protocols ?? ['linear-probe'];
  if (protocols.includes('linear-probe')) return { model: 'pretrained', reason: 'the linear probe of the pretrained backbone', byDefault: true };
  const first = protocols[0];
  return { model: PRETRAINED_UNDER[first], reason: `the spec of ${result.jobId} has no linear-probe; its first protocol is ${first}`, byDefault: true };
}

/** The models a run has predictions of, in MODEL_KINDS order. */
export function modelsWithPredictions(run: RunEvidence): ModelKind[] {
  const present = new Set(Object.values(run.tasks).flatMap((t) => t.predictions.map((p) => p.model)));
  return MODEL_KINDS.filter((m) => present.has(m));
}

/**
 * The headline model of a comparison against `reference`: `requested` when given (a RangeError listing the models
 * the reference evaluated when it names none of them), else the reference's default.
 */
export function chooseHeadlineModel(reference: RunEvidence, requested?: string): HeadlineModel {
  if (requested === undefined) return defaultHeadlineModel(reference.result);
  const available = modelsWithPredictions(reference);
  const model = available.find((m) => m === requested);
  if (model === undefined) {
    const what = (MODEL_KINDS as readonly string[]).includes(requested) ? `model "${requested}" was not evaluated in ${reference.source}` : `unknown model "${requested}"`;
    throw new RangeError(`--model: ${what}${didYouMeanSuffix(closestMatch(requested, available))} (available: ${available.join(', ') || 'none'})`);
  }
  return { model, reason: 'chosen with --model', byDefault: false };
}

/** The model at the largest label fraction a task evaluated it at (1 when the task has no predictions of it). */
export function headlineOf(evidence: TaskEvidence | undefined, model: ModelKind): Headline {
  const fractions = evidence?.predictions.filter((p) => p.model === model).map((p) => p.fraction) ?? [];
  return { model, fraction: fractions.length ? Math.max(...fractions) : 1 };
}
