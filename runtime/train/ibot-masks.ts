// Which global crops of a batch iBOT masks, and where (DINOv2 `collate_data_and_cast`): ⌊crops · p⌋ crops
// get block masks whose targets are spread evenly over the mask-ratio range (crop i draws from the i-th of
// equal strata), the rest none, in a shuffled order. Drawn once for the whole batch from the step's stream,
// so every data-parallel shard takes the same masks for its rows whatever the replica count (DINOv2 draws
// per GPU batch).
import type { Rng } from '../../benchmarks/rng.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { blockMask } from './block-mask.ts';
import { concatTyped } from './concat-typed.ts';

export type IbotSettings = ResolvedExperiment['pretrain']['ibot'];

/** The mask ratio range, checked: 0 ≤ min ≤ max ≤ 1. */
export function maskRatioRange(settings: IbotSettings): [number, number] {
  const [min, max] = settings.maskRatio;
  if (!(min >= 0 && min <= max && max <= 1)) {
    throw new Error(`pretrain.ibot.maskRatio must be [min, max] with 0 <= min <= max <= 1 (got [${min}, ${max}])`);
  }
  return [min, max];
}

/**
 * Masks of `crops` global crops (view-major rows of the whole batch), each grid × grid row-major with 1 =
 * masked; unmasked crops get an all-zero mask.
 */
export function ibotBatchMasks(crops: number, grid: number, settings: IbotSettings, rng: Rng): Uint8Array[] {
  const [min, max] = maskRatioRange(settings);
  const patches = grid * grid;
  const maskedCrops = Math.floor(crops * settings.maskProbability);
  const masks: Uint8Array[] = [];
  for (let i = 0; i < maskedCrops; i++) {
    const low = min + ((max - min) * i) / maskedCrops;
    const high = min + ((max - min) * (i + 1)) / maskedCrops;
    const target = Math.floor(patches * rng.uniform(low, high));
    masks.push(blockMask(grid, target, rng, { maxBlockPatches: 0.5 * patches }).mask);
  }
  while (masks.length < crops) masks.push(new Uint8Array(patches));
  shuffleInPlace(masks, rng);
  return masks;
}

/** Fisher–Yates from the end, as Python's random.shuffle. */
function shuffleInPlace<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** The step's masks of a shard's global crops, shard view-major (crop v·n + i is view v of its i-th image). */
export function shardMasks(batchMasks: readonly Uint8Array[], positions: readonly number[], batchSize: number, globalViews: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let v = 0; v < globalViews; v++) for (const p of positions) out.push(batchMasks[v * batchSize + p]);
  return out;
}

/** One flat mask over the crops, in order. */
export function concatMasks(masks: readonly Uint8Array[]): Uint8Array {
  return concatTyped(masks, (n) => new Uint8Array(n));
}
