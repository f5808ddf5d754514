// Friedman test of k models over N blocks (tasks or datasets), as scipy.stats.friedmanchisquare: within-block
// mid-ranks, χ²_F with the tie correction, p from χ²(k − 1). Effect size Kendall's W = χ²_F / (N(k − 1)), the
// coefficient of concordance (tie-corrected because χ²_F is). Mean ranks put rank 1 on the best model, as in the
// critical-difference diagrams of Demšar (2006, JMLR 7:1).
import { degenerate, type Degenerate } from './degenerate.ts';
import { chiSquareSf } from './distributions/chi-square.ts';
import { midranks, tieCubeSum } from './ranks.ts';

export interface FriedmanOptions {
  /** Whether larger scores are better (default true); only the direction of the mean ranks depends on it. */
  higherIsBetter?: boolean;
}

export interface FriedmanResult {
  defined: true;
  method: 'friedman';
  blocks: number;
  treatments: number;
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Effect size: Kendall's W in [0, 1] (0 no agreement between blocks on the ordering, 1 the same in every block). */
  kendallW: number;
  /** Mean rank of each model over blocks; 1 = best. */
  meanRanks: number[];
}

/** scores[block][model], e.g. the AUROC of each model on each task. */
export function friedmanTest(scores: ReadonlyArray<readonly number[]>, options: FriedmanOptions = {}): FriedmanResult | Degenerate {
  const { blocks, treatments } = checkScoreTable(scores);
  const sign = options.higherIsBetter ?? true ? -1 : 1;
  const rankSums = new Array<number>(treatments).fill(0);
  let ties = 0;
  for (const row of scores) {
    const { ranks, tieSizes } = midranks(row.map((value) => sign * value));
    ranks.forEach((rank, j) => (rankSums[j] += rank));
    ties += tieCubeSum(tieSizes);
  }
  const k = treatments;
  const correction = 1 - ties / (k * (k * k - 1) * blocks);
  if (correction === 0) return degenerate('all-tied', `all ${k} models tie in every one of the ${blocks} blocks`);
  let squares = 0;
  for (const sum of rankSums) squares += sum * sum;
  const statistic = ((12 / (blocks * k * (k + 1))) * squares - 3 * blocks * (k + 1)) / correction;
  return {
    defined: true,
    method: 'friedman',
    blocks,
    treatments: k,
    statistic,
    degreesOfFreedom: k - 1,
    pValue: chiSquareSf(statistic, k - 1),
    kendallW: statistic / (blocks * (k - 1)),
    meanRanks: rankSums.map((sum) => sum / blocks),
  };
}

function checkScoreTable(scores: ReadonlyArray<readonly number[]>): { blocks: number; treatments: number } {
  const blocks = scores.length;
  if (blocks < 2) throw new RangeError(`the Friedman test needs at least 2 blocks (got ${blocks})`);
  const treatments = scores[0].length;
  if (treatments < 3) throw new RangeError(`the Friedman test needs at least 3 models (got ${treatments}); use the Wilcoxon test for 2`);
  scores.forEach((row, i) => {
    if (row.length !== treatments) throw new RangeError(`scores[${i}] has ${row.length} models, expected ${treatments}`);
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) throw new RangeError(`scores[${i}][${j}] = ${value} is not a finite number`);
    });
  });
  return { blocks, treatments };
}
