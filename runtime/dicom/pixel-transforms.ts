// The grayscale pipeline after decoding: modality LUT as Rescale Slope/Intercept (PS3.3 C.11.1.1.2), then the
// VOI window functions LINEAR, LINEAR_EXACT and SIGMOID (C.11.2.1.2–3) onto [0, 1], then MONOCHROME1 inverted
// (C.7.6.3.1.2: its minimum is white). Values are computed in double precision and stored as float32.
import type { DicomMeta, VoiLutFunction } from './dicom-meta.ts';

export interface DisplayWindow {
  center: number;
  width: number;
  /** Default LINEAR. */
  function?: VoiLutFunction;
}

export function toModalityValues(stored: Int32Array, meta: Pick<DicomMeta, 'rescaleSlope' | 'rescaleIntercept'>): Float32Array {
  const { rescaleSlope: slope, rescaleIntercept: intercept } = meta;
  const out = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = slope * stored[i] + intercept;
  return out;
}

/** The LINEAR window that maps min to 0 and max to 1 exactly, as dcmtk's min–max window does. */
export function minMaxWindow(values: Float32Array): DisplayWindow {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return { center: min + 0.5, width: 1, function: 'LINEAR' };
  return { center: (min + max + 1) / 2, width: max - min + 1, function: 'LINEAR' };
}

export function checkWindow(window: DisplayWindow): void {
  const fn = window.function ?? 'LINEAR';
  const minWidth = fn === 'LINEAR' ? 1 : Number.MIN_VALUE;
  if (!Number.isFinite(window.center) || !Number.isFinite(window.width) || window.width < minWidth) {
    throw new RangeError(`window center ${window.center}, width ${window.width}: need finite numbers and width ≥ ${fn === 'LINEAR' ? 1 : '> 0'} for ${fn}`);
  }
}

function voiFunction(window: DisplayWindow): (x: number) => number {
  const c = window.center;
  const w = window.width;
  switch (window.function ?? 'LINEAR') {
    case 'LINEAR': {
      const low = c - 0.5 - (w - 1) / 2;
      const high = c - 0.5 + (w - 1) / 2;
      return (x) => (x <= low ? 0 : x > high ? 1 : (x - (c - 0.5)) / (w - 1) + 0.5);
    }
    case 'LINEAR_EXACT':
      return (x) => (x <= c - w / 2 ? 0 : x > c + w / 2 ? 1 : (x - c) / w + 0.5);
    case 'SIGMOID':
      return (x) => 1 / (1 + Math.exp((-4 * (x - c)) / w));
  }
}

/** The window a frame is shown with: the override, else the file's first one, else its own min–max. */
export function effectiveWindow(modality: Float32Array, meta: Pick<DicomMeta, 'windowCenter' | 'windowWidth' | 'voiLutFunction'>, override?: DisplayWindow): DisplayWindow {
  if (override) {
    checkWindow(override);
    return override;
  }
  if (meta.windowCenter !== undefined && meta.windowWidth !== undefined) {
    return { center: meta.windowCenter, width: meta.windowWidth, function: meta.voiLutFunction };
  }
  return minMaxWindow(modality);
}

export function toDisplayValues(
  modality: Float32Array,
  meta: Pick<DicomMeta, 'windowCenter' | 'windowWidth' | 'voiLutFunction' | 'photometric'>,
  override?: DisplayWindow,
): Float32Array {
  const voi = voiFunction(effectiveWindow(modality, meta, override));
  const invert = meta.photometric === 'MONOCHROME1';
  const out = new Float32Array(modality.length);
  for (let i = 0; i < modality.length; i++) {
    const y = voi(modality[i]);
    out[i] = invert ? 1 - y : y;
  }
  return out;
}
