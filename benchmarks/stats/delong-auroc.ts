// DeLong inference on AUROC: the Wald CI of one AUROC (as pROC ci.auc(method='delong'), clipped to [0, 1]) and
// the z-test for two correlated AUROCs on the same samples (pROC roc.test(method='delong', paired=TRUE)).
import { delongCovariance } from './delong.ts';
import { degenerate, type Degenerate } from './degenerate.ts';
import { normalQuantile, normalSf } from './distributions/normal.ts';
import { checkConfidence } from './hypothesis.ts';

export interface DelongCiOptions {
  /** Default 0.95. */
  confidence?: number;
}

export interface DelongAurocCi {
  defined: true;
  auc: number;
  variance: number;
  standardError: number;
  lower: number;
  upper: number;
  confidence: number;
  /** True when AUC ± z·se left [0, 1] and was clipped to it, as pROC does. */
  clipped: boolean;
  method: 'delong';
  positives: number;
  negatives: number;
}

export function delongAurocCi(
  yTrue: readonly number[],
  scores: readonly number[],
  options: DelongCiOptions = {},
): DelongAurocCi | Degenerate {
  const confidence = checkConfidence(options.confidence ?? 0.95);
  const components = delongCovariance(yTrue, [scores]);
  if (!components.defined) return components;
  const auc = components.aucs[0];
  const variance = components.covariance[0][0];
  const standardError = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const rawLower = auc - z * standardError;
  const rawUpper = auc + z * standardError;
  return {
    defined: true,
    auc,
    variance,
    standardError,
    lower: Math.max(0, rawLower),
    upper: Math.min(1, rawUpper),
    confidence,
    clipped: rawLower < 0 || rawUpper > 1,
    method: 'delong',
    positives: components.positives,
    negatives: components.negatives,
  };
}

export interface DelongTestResult extends WaldDifference {
  method: 'delong-paired';
  aucA: number;
  aucB: number;
  /** Correlation of the two AUROC estimates; null when either variance is 0. */
  correlation: number | null;
  confidence: number;
  positives: number;
  negatives: number;
}

/** DeLong test of aucA = aucB for two models scored on the same samples. */
export function delongTest(
  yTrue: readonly number[],
  scoresA: readonly number[],
  scoresB: readonly number[],
  options: DelongCiOptions = {},
): DelongTestResult | Degenerate {
  const confidence = checkConfidence(options.confidence ?? 0.95);
  const components = delongCovariance(yTrue, [scoresA, scoresB]);
  if (!components.defined) return components;
  const [aucA, aucB] = components.aucs;
  const [[varA, cov], [, varB]] = components.covariance;
  const wald = waldDifference(aucA - aucB, varA + varB - 2 * cov, confidence);
  if (!wald.defined) return wald;
  return {
    ...wald,
    method: 'delong-paired',
    aucA,
    aucB,
    correlation: varA > 0 && varB > 0 ? cov / Math.sqrt(varA * varB) : null,
    confidence,
    positives: components.positives,
    negatives: components.negatives,
  };
}

export interface WaldDifference {
  defined: true;
  /** Effect size: aucA − aucB. */
  difference: number;
  /** Var(aucA − aucB) = Var A + Var B − 2 Cov(A, B). */
  variance: number;
  standardError: number;
  statistic: number;
  /** Two-sided p-value of H₀: equal AUROCs. */
  pValue: number;
  /** Wald CI of the difference. */
  differenceCi: [number, number];
}

/** The two-sided z-test and Wald CI of a difference of AUROCs from its variance (DeLong, or clustered). */
export function waldDifference(difference: number, variance: number, confidence: number): WaldDifference | Degenerate {
  // Identical rankings give 0/0; pROC reports Z = 0, p = 1 in that case, and so do we when the AUROCs agree.
  if (!(variance > 0) && difference !== 0) {
    return degenerate('zero-variance', `AUROCs differ by ${difference} but the variance of the difference is ${variance}`);
  }
  const standardError = Math.sqrt(Math.max(0, variance));
  const statistic = variance > 0 ? difference / standardError : 0;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    defined: true,
    difference,
    variance,
    standardError,
    statistic,
    pValue: Math.min(1, 2 * normalSf(Math.abs(statistic))),
    differenceCi: [difference - z * standardError, difference + z * standardError],
  };
}
