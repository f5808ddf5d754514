// What each paired test name in a comparisons table means, with its reference, so a report can be cited from.
import type { TaskResult } from '../dsl/results.ts';

const DESCRIPTIONS: Record<string, string> = {
  'mcnemar-exact': "McNemar's exact test on the pooled correctness (one sample per patient; McNemar 1947)",
  'mcnemar-clustered-yang':
    "McNemar's test adjusted for several samples per patient (Yang, Sun & Hardin 2010, Biometrical J 52:5), χ² with 1 df; the result's details keep the unclustered exact p and the exact patient-level sign-flip p",
  'delong-paired': "DeLong's test of two correlated AUROCs (DeLong et al. 1988)",
  'delong-clustered-obuchowski':
    "DeLong's test with Obuchowski's variance for several samples per patient (Obuchowski 1997, Biometrics 53:567)",
  'paired-bootstrap':
    'a paired bootstrap resampling patients (both models scored on the same resampled patients): percentile CI of Δ, two-sided p = 2·min(share of resampled Δ ≤ 0, share ≥ 0) counting the observed sample as one replicate (Davison & Hinkley 1997)',
};

/** One line per distinct test in the task's comparisons ("name: what it is"); unknown names are listed bare. */
export function testLegend(task: Pick<TaskResult, 'comparisons'>): string[] {
  const names = [...new Set(task.comparisons.map((c) => c.test))];
  return names.map((name) => `${name}: ${DESCRIPTIONS[name] ?? 'see the result details'}`);
}
