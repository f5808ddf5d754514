// Macro average of a binary score metric over one-vs-rest splits, as sklearn's multi_class='ovr',
// average='macro'. sklearn raises when a class is absent from yTrue; here that class is left out of the mean,
// reported as Degenerate in `perClass`, and flagged in `caveats`.
import { checkLabelRange, checkNumClasses } from './check-labels.ts';
import { checkScoreMatrix } from './check-scores.ts';
import { metricValue, type MetricCaveat, type MetricResult, type MetricValue } from './metric-result.ts';
import { degenerate, type Degenerate } from '../stats/degenerate.ts';

export interface OneVsRestResult extends MetricValue {
  /** The binary metric of each class against the rest; Degenerate for a class absent from yTrue. */
  perClass: MetricResult[];
  /** Classes that entered the macro mean. */
  averagedClasses: number[];
}

export type BinaryScoreMetric = (yTrue: readonly number[], scores: readonly number[]) => MetricResult;

export function oneVsRestMacro(
  yTrue: readonly number[],
  scores: ReadonlyArray<readonly number[]>,
  numClasses: number,
  binaryMetric: BinaryScoreMetric,
): OneVsRestResult | Degenerate {
  checkNumClasses(numClasses);
  checkLabelRange(yTrue, numClasses, 'yTrue');
  checkScoreMatrix(scores, yTrue.length, numClasses);
  if (yTrue.length === 0) return degenerate('empty', 'no samples');
  if (new Set(yTrue).size < 2) return degenerate('single-class', `only class ${yTrue[0]} is present in yTrue`);
  const perClass = Array.from({ length: numClasses }, (_, c) =>
    binaryMetric(
      yTrue.map((label) => (label === c ? 1 : 0)),
      scores.map((row) => row[c]),
    ),
  );
  const averagedClasses: number[] = [];
  let sum = 0;
  perClass.forEach((result, c) => {
    if (!result.defined) return;
    averagedClasses.push(c);
    sum += result.value;
  });
  const caveats: MetricCaveat[] = averagedClasses.length < numClasses ? ['classes-left-out'] : [];
  return { ...metricValue(sum / averagedClasses.length, caveats), perClass, averagedClasses };
}
