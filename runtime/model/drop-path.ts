// Stochastic depth (Huang et al. 2016) as timm's `drop_path` with scale_by_keep: in a training pass each
// image's residual branch is dropped with probability p, and kept branches are scaled by 1/(1 − p) so the
// expectation is unchanged. Each image draws from its own fork of the caller's Rng, named by an image key, so a
// training step is reproducible and, when the key names the image's place in the whole batch, a data-parallel
// shard draws the masks its images would get in the whole batch, however the batch is split across replicas.
import type { Rng } from '../../benchmarks/rng.ts';
import type { TokenSegment } from './attention.ts';

/** A name for image `image` of segment `segment` that is the same wherever the image's rows sit in a shard. */
export type ImageKey = (segment: number, image: number) => string;

/** Images named by segment and row: enough for a batch that is never split across replicas. */
const BY_POSITION: ImageKey = (segment, image) => `${segment}.${image}`;

/** One factor per image, in segment order: 0 (dropped) or 1/(1 − rate) (kept); image i of segment s draws from rng.fork(imageKey(s, i)). */
export function keyedDropPathImageScales(rng: Rng, segments: readonly TokenSegment[], rate: number, imageKey: ImageKey = BY_POSITION): Float32Array {
  const keep = 1 - rate;
  const out = new Float32Array(segments.reduce((n, s) => n + s.batch, 0));
  let i = 0;
  segments.forEach((s, k) => {
    for (let b = 0; b < s.batch; b++) out[i++] = rng.fork(imageKey(k, b)).bernoulli(keep) ? 1 / keep : 0;
  });
  return out;
}

/** The factors of `images` images in one segment. */
export function dropPathImageScales(rng: Rng, images: number, rate: number): Float32Array {
  return keyedDropPathImageScales(rng, [{ batch: images, tokens: 1 }], rate);
}

/** The per-image factors repeated over each image's token rows: a [T] column for a token matrix [T, D]. */
export function dropPathRowScales(rng: Rng, segments: readonly TokenSegment[], rate: number, imageKey?: ImageKey): Float32Array {
  const perImage = keyedDropPathImageScales(rng, segments, rate, imageKey);
  const rows = new Float32Array(segments.reduce((n, s) => n + s.batch * s.tokens, 0));
  let image = 0;
  let row = 0;
  for (const s of segments) {
    for (let b = 0; b < s.batch; b++, image++, row += s.tokens) rows.fill(perImage[image], row, row + s.tokens);
  }
  return rows;
}
