// Ranks the models of one run across its tasks for the critical-difference diagram (Demšar 2006): blocks are
// tasks, treatments the models, scored by the pooled primary metric at the largest label fraction.
import type { JobResult } from '../../dsl/results.ts';
import { friedmanTest } from '../stats/friedman.ts';
import { criticalDifference } from '../stats/nemenyi.ts';

export type ModelRanking =
  | { defined: true; models: string[]; meanRanks: number[]; criticalDifference: number; tasks: number; friedmanP: number }
  | { defined: false; reason: string };

export function rankModelsAcrossTasks(result: JobResult, alpha = 0.05): ModelRanking {
  if (result.tasks.length < 2) return { defined: false, reason: `needs at least 2 tasks (this run has ${result.tasks.length})` };
  const scoreOf = (task: JobResult['tasks'][number], model: string): number | undefined => {
    const fraction = Math.max(...task.scores.map((s) => s.fraction));
    return task.scores.find((s) => s.model === model && s.fraction === fraction)?.metrics.find((m) => m.metric === task.primaryMetric)?.pooled;
  };
  const candidates = [...new Set(result.tasks.flatMap((t) => t.scores.map((s) => s.model)))];
  const models = candidates.filter((m) => result.tasks.every((t) => Number.isFinite(scoreOf(t, m))));
  if (models.length < 3) return { defined: false, reason: `the Friedman test needs 3 models with a finite primary metric on every task (got ${models.length})` };
  const table = result.tasks.map((t) => models.map((m) => scoreOf(t, m)!));
  const friedman = friedmanTest(table);
  if (!friedman.defined) return { defined: false, reason: friedman.detail };
  return { defined: true, models, meanRanks: friedman.meanRanks, criticalDifference: criticalDifference(models.length, table.length, alpha), tasks: table.length, friedmanP: friedman.pValue };
}
