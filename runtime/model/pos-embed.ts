// Positional embeddings for crop sizes other than the one they were learnt at: bilinear resampling of the
// patch-position grid (PyTorch F.interpolate, align_corners=False), the CLS position kept as is. DINO
// uses bicubic; bilinear is what the brief asks for (checkpoints loaded at another size are resampled
// bicubically once, in pos-embed-resample.ts). The map is linear, so it is precomputed once per grid
// size as a [g², G²] matrix and applied with one differentiable 2-D matmul.

const cache = new Map<string, Float32Array>();

function axisWeights(outSize: number, inSize: number): Array<[number, number, number, number]> {
  const weights: Array<[number, number, number, number]> = [];
  const ratio = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = Math.min(Math.max((o + 0.5) * ratio - 0.5, 0), inSize - 1);
    const i0 = Math.floor(src);
    const i1 = Math.min(i0 + 1, inSize - 1);
    const w1 = src - i0;
    weights.push([i0, i1, 1 - w1, w1]);
  }
  return weights;
}

/** Row-major [outGrid², inGrid²] matrix M with pos_out = M · pos_in; the identity when the grids match. */
export function interpolationMatrix(outGrid: number, inGrid: number): Float32Array {
  const key = `${outGrid}/${inGrid}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const m = new Float32Array(outGrid * outGrid * inGrid * inGrid);
  const axis = axisWeights(outGrid, inGrid);
  const cols = inGrid * inGrid;
  for (let oy = 0; oy < outGrid; oy++) {
    for (let ox = 0; ox < outGrid; ox++) {
      const row = (oy * outGrid + ox) * cols;
      const [y0, y1, wy0, wy1] = axis[oy];
      const [x0, x1, wx0, wx1] = axis[ox];
      m[row + y0 * inGrid + x0] += wy0 * wx0;
      m[row + y0 * inGrid + x1] += wy0 * wx1;
      m[row + y1 * inGrid + x0] += wy1 * wx0;
      m[row + y1 * inGrid + x1] += wy1 * wx1;
    }
  }
  cache.set(key, m);
  return m;
}
