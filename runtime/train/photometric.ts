// Intensity augmentations for single-channel images in [0, 1], applied in place to one crop: the grayscale
// part of DINO's ColorJitter (brightness/contrast 0.4, random order), gamma, Gaussian blur (PIL-style
// sigma 0.1–2 px at DINO's crop sizes, scaled to ours) and solarisation (ImageOps.solarize at 128/255).
function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** torchvision adjust_brightness / adjust_contrast (grayscale mean as the contrast pivot), clamped to [0, 1]. */
export function brightnessContrast(px: Float32Array, brightness: number, contrast: number, brightnessFirst: boolean): void {
  const applyBrightness = (): void => {
    for (let i = 0; i < px.length; i++) px[i] = clamp01(px[i] * brightness);
  };
  const applyContrast = (): void => {
    let mean = 0;
    for (let i = 0; i < px.length; i++) mean += px[i];
    mean /= px.length;
    for (let i = 0; i < px.length; i++) px[i] = clamp01((px[i] - mean) * contrast + mean);
  };
  if (brightnessFirst) {
    applyBrightness();
    applyContrast();
  } else {
    applyContrast();
    applyBrightness();
  }
}

/** v ← v^γ (exposure / film-curve variation of radiographs). */
export function applyGamma(px: Float32Array, gamma: number): void {
  for (let i = 0; i < px.length; i++) px[i] = px[i] > 0 ? Math.pow(px[i], gamma) : 0;
}

export function solarize(px: Float32Array, threshold = 128 / 255): void {
  for (let i = 0; i < px.length; i++) if (px[i] >= threshold) px[i] = 1 - px[i];
}

function gaussianTaps(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = new Float32Array(2 * radius + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++) {
    taps[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
    total += taps[i + radius];
  }
  for (let i = 0; i < taps.length; i++) taps[i] /= total;
  return taps;
}

/** Separable Gaussian blur of a square image (side `size`) with edge replication; `tmp` is scratch. */
export function gaussianBlur(px: Float32Array, size: number, sigma: number, tmp: Float32Array): void {
  const taps = gaussianTaps(sigma);
  const r = (taps.length - 1) / 2;
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let t = -r; t <= r; t++) {
        const xx = x + t < 0 ? 0 : x + t >= size ? size - 1 : x + t;
        acc += taps[t + r] * px[row + xx];
      }
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let t = -r; t <= r; t++) {
        const yy = y + t < 0 ? 0 : y + t >= size ? size - 1 : y + t;
        acc += taps[t + r] * tmp[yy * size + x];
      }
      px[y * size + x] = acc;
    }
  }
}
