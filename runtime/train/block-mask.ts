// BEiT-style block masking (Bao et al. 2022; DINOv2 `MaskingGenerator`): rectangles of random area and
// aspect ratio are added to a patch grid until a target count is reached, each new block adding at most what
// is still missing. Deviation: JavaScript rounding (half up) where the reference uses Python's round (half
// to even), which only differs on exact halves.
import type { Rng } from '../../benchmarks/rng.ts';

export interface BlockMaskOptions {
  /** Smallest block area drawn, in patches (DINOv2: 4). */
  minBlockPatches?: number;
  /** Largest block area drawn, in patches (DINOv2 training: half the grid). */
  maxBlockPatches?: number;
  /** Aspect ratios h/w are drawn log-uniformly from [minAspect, 1/minAspect] (DINOv2: 0.3). */
  minAspect?: number;
}

/** One rectangle that was added, with the aspect ratio and area it was drawn from. */
export interface MaskBlock {
  top: number;
  left: number;
  height: number;
  width: number;
  aspect: number;
  area: number;
}

export interface BlockMask {
  /** grid × grid, row-major, 1 = masked. */
  mask: Uint8Array;
  /** The blocks in the order they were added (they may overlap earlier ones). */
  blocks: MaskBlock[];
}

/** Attempts per block before giving up, as in the reference. */
const ATTEMPTS = 10;

/** Masks about `target` patches of a grid × grid patch grid (never more; fewer if blocks stop fitting). */
export function blockMask(grid: number, target: number, rng: Rng, options: BlockMaskOptions = {}): BlockMask {
  const minPatches = options.minBlockPatches ?? 4;
  const maxPatches = options.maxBlockPatches ?? 0.5 * grid * grid;
  const minAspect = options.minAspect ?? 0.3;
  const logAspect: [number, number] = [Math.log(minAspect), Math.log(1 / minAspect)];
  const mask = new Uint8Array(grid * grid);
  const blocks: MaskBlock[] = [];
  let count = 0;
  while (count < target) {
    const block = addBlock(mask, grid, Math.min(target - count, maxPatches), minPatches, logAspect, rng);
    if (!block) break;
    blocks.push(block.block);
    count += block.added;
  }
  return { mask, blocks };
}

/** One block of at most `limit` new patches; undefined when ATTEMPTS draws all fail to add any. */
function addBlock(
  mask: Uint8Array, grid: number, limit: number, minPatches: number, logAspect: [number, number], rng: Rng,
): { block: MaskBlock; added: number } | undefined {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const area = rng.uniform(minPatches, limit);
    const aspect = Math.exp(rng.uniform(logAspect[0], logAspect[1]));
    const height = Math.round(Math.sqrt(area * aspect));
    const width = Math.round(Math.sqrt(area / aspect));
    if (width >= grid || height >= grid) continue;
    const top = rng.int(grid - height + 1);
    const left = rng.int(grid - width + 1);
    let already = 0;
    for (let i = top; i < top + height; i++) for (let j = left; j < left + width; j++) already += mask[i * grid + j];
    const fresh = height * width - already;
    if (fresh <= 0 || fresh > limit) continue;
    for (let i = top; i < top + height; i++) for (let j = left; j < left + width; j++) mask[i * grid + j] = 1;
    return { block: { top, left, height, width, aspect, area }, added: fresh };
  }
  return undefined;
}
