// Frozen-backbone feature extraction for linear probing: CLS features of the final LayerNorm, in batches,
// returned as float64 rows (what the probes and transferability estimators consume).
import * as tf from '@tensorflow/tfjs';
import type { VisionTransformer } from './vit.ts';

export async function extractFeatures(
  backbone: VisionTransformer, images: readonly Float32Array[], imageSize: number, batchSize: number,
): Promise<Float64Array[]> {
  const dim = backbone.featureDim;
  const pixels = imageSize * imageSize;
  const out: Float64Array[] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const chunk = images.slice(start, start + batchSize);
    const packed = new Float32Array(chunk.length * pixels);
    chunk.forEach((image, i) => {
      if (image.length !== pixels) throw new Error(`image ${start + i} has ${image.length} values, expected ${imageSize}²`);
      packed.set(image, i * pixels);
    });
    const features = tf.tidy(() => backbone.features(tf.tensor3d(packed, [chunk.length, imageSize, imageSize])));
    const values = await features.data();
    features.dispose();
    for (let i = 0; i < chunk.length; i++) out.push(Float64Array.from(values.subarray(i * dim, (i + 1) * dim)));
  }
  return out;
}
