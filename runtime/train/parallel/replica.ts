// Data-parallel training contract: each replica holds a full copy of the model and optimiser, computes the
// gradient of its shard of the batch (pre-scaled so that the sum over replicas is the full-batch gradient)
// and applies the same summed gradient, so all replicas stay bit-identical without exchanging weights.

export interface Replica<Step, Aux, Update> {
  /** Length of the flat gradient (ParamLayout order). */
  readonly gradientSize: number;
  /** Writes this shard's gradient into `gradients` and returns small per-shard results (loss, statistics). */
  computeShard(step: Step, gradients: Float32Array): Aux;
  /** One optimiser step with the summed gradient, plus any per-step state update (EMA, centre). */
  apply(gradients: Float32Array, update: Update): void;
  /** A float64 sum of all weights, to check that replicas did stay identical. */
  checksum(): number;
  dispose(): void;
}

/** Images shared by reference between threads: `count` square images of side `size`, row-major. */
export interface SharedImages {
  buffer: SharedArrayBuffer;
  count: number;
  size: number;
}

export function shareImages(images: readonly Float32Array[], size: number): SharedImages {
  const pixels = size * size;
  const buffer = new SharedArrayBuffer(images.length * pixels * 4);
  const all = new Float32Array(buffer);
  images.forEach((image, i) => {
    if (image.length !== pixels) throw new Error(`image ${i} has ${image.length} values, expected ${size}×${size}`);
    all.set(image, i * pixels);
  });
  return { buffer, count: images.length, size };
}

export function imageViews(shared: SharedImages): Float32Array[] {
  const pixels = shared.size * shared.size;
  return Array.from({ length: shared.count }, (_, i) => new Float32Array(shared.buffer, i * pixels * 4, pixels));
}

/** Splits batch positions 0…n−1 into `parts` contiguous shards of near-equal size. */
export function shardPositions(n: number, parts: number): number[][] {
  const shards: number[][] = [];
  let start = 0;
  for (let r = 0; r < parts; r++) {
    const end = start + Math.floor(n / parts) + (r < n % parts ? 1 : 0);
    shards.push(Array.from({ length: end - start }, (_, i) => start + i));
    start = end;
  }
  return shards;
}

export function weightChecksum(values: Iterable<Float32Array>): number {
  let sum = 0;
  for (const v of values) for (let i = 0; i < v.length; i++) sum += v[i] * (1 + (i % 7));
  return sum;
}
