// torchvision RandomResizedCrop: crop box sampling (`get_params`: area fraction from `scale`, log-uniform
// aspect ratio 3/4–4/3, 10 tries then a centre crop) and bilinear resampling of the box to the output size
// (align_corners=False, edge-clamped inside the box), with an optional horizontal flip folded in.
import type { Rng } from '../../benchmarks/rng.ts';

export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

const RATIO: [number, number] = [3 / 4, 4 / 3];

export function sampleCropBox(rng: Rng, height: number, width: number, scale: readonly [number, number]): CropBox {
  const area = height * width;
  const logLo = Math.log(RATIO[0]);
  const logHi = Math.log(RATIO[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logLo, logHi));
    const w = Math.round(Math.sqrt(target * aspect));
    const h = Math.round(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { top: rng.int(height - h + 1), left: rng.int(width - w + 1), height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < RATIO[0]) h = Math.round(w / RATIO[0]);
  else if (inRatio > RATIO[1]) w = Math.round(h * RATIO[1]);
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

interface AxisTaps {
  i0: Int32Array;
  i1: Int32Array;
  w1: Float32Array;
}

function axisTaps(start: number, length: number, outSize: number, flip: boolean): AxisTaps {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w1 = new Float32Array(outSize);
  const ratio = length / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = Math.min(Math.max((o + 0.5) * ratio - 0.5, 0), length - 1);
    const lo = Math.floor(src);
    const at = flip ? outSize - 1 - o : o;
    i0[at] = start + lo;
    i1[at] = start + Math.min(lo + 1, length - 1);
    w1[at] = src - lo;
  }
  return { i0, i1, w1 };
}

/** Resamples `box` of a square row-major image (side `size`) to out[offset …] of side `outSize`. */
export function resampleBox(
  image: Float32Array, size: number, box: CropBox, outSize: number, flip: boolean, out: Float32Array, offset: number,
): void {
  const ys = axisTaps(box.top, box.height, outSize, false);
  const xs = axisTaps(box.left, box.width, outSize, flip);
  for (let y = 0; y < outSize; y++) {
    const r0 = ys.i0[y] * size;
    const r1 = ys.i1[y] * size;
    const wy = ys.w1[y];
    const row = offset + y * outSize;
    for (let x = 0; x < outSize; x++) {
      const a = xs.i0[x];
      const b = xs.i1[x];
      const wx = xs.w1[x];
      const top = image[r0 + a] + wx * (image[r0 + b] - image[r0 + a]);
      const bottom = image[r1 + a] + wx * (image[r1 + b] - image[r1 + a]);
      out[row + x] = top + wy * (bottom - top);
    }
  }
}
