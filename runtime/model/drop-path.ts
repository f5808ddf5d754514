// Stochastic depth (Huang et al. 2016) as timm's `drop_path` with scale_by_keep: in a training pass each
// image's residual branch is dropped with probability p, and kept branches are scaled by 1/(1 − p) so the
// expectation is unchanged. The keep draws come from the caller's Rng, so a training step is reproducible; with
// image keys each image draws from its own fork, so a data-parallel shard draws the masks its images would get
// in the whole batch, whichever way the batch is split across replicas.
import type { Rng } from '../../benchmarks/rng.ts';
import type { TokenSegment } from './attention.ts';

/** A name for image `image` of segment `segment` that is the same wherever the image's rows sit in a shard. */
export type ImageKey = (segment: number, image: number) => string;

/** One factor per image, in segment order: 0 (dropped) or 1/(1 − rate) (kept). */
export function dropPathImageScales(rng: Rng, images: number, rate: number): Float32Array {
  const out = new Float32Array(images);
  const keep = 1 - rate;
  for (let i = 0; i < images; i++) out[i] = rng.bernoulli(keep) ? 1 / keep : 0;
  return out;
}

/** Like dropPathImageScales, but image i of segment s draws from rng.fork(imageKey(s, i)). */
export function keyedDropPathImageScales(rng: Rng, segments: readonly TokenSegment[], rate: number, imageKey: ImageKey): Float32Array {
  const keep = 1 - rate;
  const out: number[] = [];
  segments.forEach((s, k) => {
    for (let b = 0; b < s.batch; b++) out.push(rng.fork(imageKey(k, b)).bernoulli(keep) ? 1 / keep : 0);
  });
  return Float32Array.from(out);
}

/** The per-image factors repeated over each image's token rows: a [T] column for a token matrix [T, D]. */
export function dropPathRowScales(rng: Rng, segments: readonly TokenSegment[], rate: number, imageKey?: ImageKey): Float32Array {
  const images = segments.reduce((n, s) => n + s.batch, 0);
  const perImage = imageKey ? keyedDropPathImageScales(rng, segments, rate, imageKey) : dropPathImageScales(rng, images, rate);
  const rows = new Float32Array(segments.reduce((n, s) => n + s.batch * s.tokens, 0));
  let image = 0;
  let row = 0;
  for (const s of segments) {
    for (let b = 0; b < s.batch; b++, image++, row += s.tokens) rows.fill(perImage[image], row, row + s.tokens);
  }
  return rows;
}
