// Shared vocabulary and argument checks of the hypothesis tests and intervals.

/** Direction of the alternative hypothesis, as scipy's `alternative` (for a difference a − b). */
export type Alternative = 'two-sided' | 'less' | 'greater';

export function checkConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  return confidence;
}

export function checkAlternative(alternative: string): Alternative {
  if (alternative !== 'two-sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new RangeError(`alternative must be 'two-sided', 'less' or 'greater' (got '${alternative}')`);
  }
  return alternative;
}

/** Throws unless both samples are finite and paired (equal length). */
export function checkPairedSamples(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length (${a.length} vs ${b.length})`);
  for (const [name, values] of [['a', a], ['b', b]] as const) {
    values.forEach((value, i) => {
      if (!Number.isFinite(value)) throw new RangeError(`${name}[${i}] = ${value} is not a finite number`);
    });
  }
}
