// DINO batches at a set expected MRI share of a pooled X-ray + MRI data set (OrthoFoundation pretrains on both):
// each batch takes round-stochastically share·B MRI images and the rest X-ray, each modality from its own
// epoch-wise shuffled stream without replacement, so a batch repeats an image only when its modality has fewer
// images than the batch asks of it. Like BatchSampler, the batch of step s depends only on the seed and s.
import type { Rng } from '../../benchmarks/rng.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { BatchSampler, type StepBatchSampler } from './batch-sampler.ts';

/** The two modalities a pretraining pool is mixed from. */
export type PoolModality = 'xray' | 'mri';

const ALIASES: Record<string, PoolModality> = { mri: 'mri', mr: 'mri', xray: 'xray', 'x-ray': 'xray', radiograph: 'xray', cr: 'xray', dx: 'xray' };

/** A sample's modality as written by the data set (manifest cell, DICOM-derived name), or undefined if neither. */
export function poolModalityOf(modality: string): PoolModality | undefined {
  return ALIASES[modality.trim().toLowerCase()];
}

/** The image indices of each modality; an error when the share asks for a modality the pool lacks. */
function membersByModality(modalities: readonly PoolModality[], mriShare: number): Record<PoolModality, number[]> {
  const members = (m: PoolModality) => modalities.flatMap((x, i) => (x === m ? [i] : []));
  const [mri, xray] = [members('mri'), members('xray')];
  if (mriShare > 0 && mri.length === 0) throw new Error(`pretrain.pool.mriShare ${mriShare} asks for MRI images but the pretraining pool has none (${xray.length} X-ray)`);
  if (mriShare < 1 && xray.length === 0) throw new Error(`pretrain.pool.mriShare ${mriShare} asks for X-ray images but the pretraining pool has none (${mri.length} MRI)`);
  return { mri, xray };
}

/** One modality's images, shuffled anew whenever the rest of the current order cannot fill a request. */
class ModalityStream {
  private order: number[] = [];
  private cursor = 0;

  constructor(private readonly members: readonly number[], private readonly rng: Rng) {}

  take(count: number): number[] {
    const out: number[] = [];
    while (out.length < count) {
      const want = Math.min(count - out.length, this.members.length);
      if (this.cursor + want > this.order.length) {
        this.order = this.rng.shuffle(this.members);
        this.cursor = 0;
      }
      out.push(...this.order.slice(this.cursor, this.cursor + want));
      this.cursor += want;
    }
    return out;
  }
}

export class ModalityBatchSampler implements StepBatchSampler {
  private readonly mri: ModalityStream;
  private readonly xray: ModalityStream;
  private readonly countRng: Rng;
  private readonly orderRng: Rng;
  private readonly poolSize: number;
  private pending: number[] | undefined;
  private drawn = 0;
  /** Passes of pool-size images drawn so far, for the checkpoint record (as BatchSampler.epoch). */
  epoch = 0;

  constructor(
    modalities: readonly PoolModality[],
    private readonly batchSize: number,
    private readonly mriShare: number,
    rng: Rng,
  ) {
    if (!(mriShare >= 0 && mriShare <= 1)) throw new RangeError(`the MRI share must be in [0, 1] (got ${mriShare})`);
    const { mri, xray } = membersByModality(modalities, mriShare);
    this.mri = new ModalityStream(mri, rng.fork('mri'));
    this.xray = new ModalityStream(xray, rng.fork('xray'));
    this.countRng = rng.fork('counts');
    this.orderRng = rng.fork('order');
    this.poolSize = modalities.length;
  }

  /** The batch `next()` will return, without consuming it. */
  peek(): number[] {
    this.pending ??= this.draw();
    return [...this.pending];
  }

  /** Moves to where `steps` calls of next() from a fresh sampler would leave it (a resumed run). */
  skip(steps: number): void {
    for (let s = 0; s < steps; s++) this.next();
  }

  next(): number[] {
    const batch = this.pending ?? this.draw();
    this.pending = undefined;
    this.drawn += batch.length;
    this.epoch = Math.floor(this.drawn / this.poolSize);
    return batch;
  }

  /** MRI count floor(s·B) or one more, with probability the fractional part: E[count] = s·B exactly. */
  private draw(): number[] {
    const expected = this.mriShare * this.batchSize;
    const mriCount = Math.floor(expected) + (this.countRng.next() < expected - Math.floor(expected) ? 1 : 0);
    // Shuffled together so that the data-parallel shards of a batch are not split by modality.
    return this.orderRng.shuffle([...this.mri.take(mriCount), ...this.xray.take(this.batchSize - mriCount)]);
  }
}

/**
 * The sampler of DINO's steps: with mriShare "natural" the plain BatchSampler over the pooled images (the batches
 * of every run before pool existed); with a number, batches at that expected MRI share, which needs `modalities`.
 */
export function pretrainBatchSampler(
  size: number, batchSize: number, pool: ResolvedExperiment['pretrain']['pool'] | undefined, modalities: readonly string[] | undefined, rng: Rng,
): StepBatchSampler {
  const share = pool?.mriShare ?? 'natural';
  if (share === 'natural') return new BatchSampler(size, batchSize, rng);
  return new ModalityBatchSampler(poolModalities(modalities, size, share), batchSize, share, rng);
}

/** Every image's modality as X-ray or MRI; an error names the first image that is neither. */
export function poolModalities(modalities: readonly string[] | undefined, size: number, share: number): PoolModality[] {
  if (modalities === undefined || modalities.length !== size) {
    throw new Error(`pretrain.pool.mriShare ${share} needs the modality of each of the ${size} pretraining images (got ${modalities?.length ?? 'none'})`);
  }
  return modalities.map((m, i) => {
    const modality = poolModalityOf(m);
    if (modality === undefined) throw new Error(`pretrain.pool.mriShare ${share}: pretraining image ${i} has modality "${m}", neither X-ray ("xray") nor MRI ("mri")`);
    return modality;
  });
}

/** Fails before any training when the pool cannot give the asked share (the sampler would fail at its first step). */
export function checkPretrainPool(pool: ResolvedExperiment['pretrain']['pool'] | undefined, modalities: readonly string[] | undefined, size: number): void {
  const share = pool?.mriShare ?? 'natural';
  if (share !== 'natural') membersByModality(poolModalities(modalities, size, share), share);
}
