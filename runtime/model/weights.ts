// Plain, framework-free weight storage: the format checkpoints are written in and models are cloned through.
// Names follow timm/DINO (`blocks.0.attn.qkv.weight`); linear weights are stored [in, out], i.e. transposed
// relative to torch's [out, in], because that is the layout our 2-D matmuls use.

export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

export type WeightMap = Map<string, WeightTensor>;

export function weightSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
