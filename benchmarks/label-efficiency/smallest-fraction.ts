// The smallest label fraction at which the pretrained model is non-inferior, read as a fixed-sequence
// procedure (Maurer, Hothorn & Lehmacher 1995): test from the largest fraction down and stop at the first
// failure. Each test runs at full α, yet the family-wise error stays ≤ α, so "matches supervised from 50% of
// the labels" is a tested statement; a lone success below a failure is not claimed.
import type { NonInferiorityResult } from './non-inferiority.ts';

export interface FractionTest {
  fraction: number;
  test: NonInferiorityResult;
}

export interface SmallestFractionResult {
  /** Smallest fraction f such that f and every larger tested fraction are non-inferior; null if none. */
  fraction: number | null;
  /** Fractions in the order tested (descending) with their verdicts, up to and including the first failure. */
  sequence: Array<{ fraction: number; nonInferior: boolean }>;
  reason: string;
}

export function smallestNonInferiorFraction(tests: readonly FractionTest[]): SmallestFractionResult {
  checkFractions(tests);
  const descending = [...tests].sort((a, b) => b.fraction - a.fraction);
  const sequence: SmallestFractionResult['sequence'] = [];
  let smallest: number | null = null;
  for (const { fraction, test } of descending) {
    sequence.push({ fraction, nonInferior: test.nonInferior });
    if (!test.nonInferior) break;
    smallest = fraction;
  }
  const failed = sequence.find((step) => !step.nonInferior);
  const reason =
    smallest === null
      ? `not non-inferior at the largest fraction tested (${descending[0].fraction})`
      : failed
        ? `non-inferior down to ${smallest}; the sequence stopped at ${failed.fraction}`
        : `non-inferior at every fraction tested, down to ${smallest}`;
  return { fraction: smallest, sequence, reason };
}

function checkFractions(tests: readonly FractionTest[]): void {
  if (tests.length === 0) throw new RangeError('no label fractions to test');
  const seen = new Set<number>();
  for (const { fraction } of tests) {
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`label fraction must be in (0, 1] (got ${fraction})`);
    if (seen.has(fraction)) throw new RangeError(`label fraction ${fraction} is tested twice`);
    seen.add(fraction);
  }
}
