// Square resizing of grayscale images: area averaging when shrinking (exact box filter over fractional pixel
// footprints, like OpenCV's INTER_AREA) and bilinear with half-pixel centres when enlarging (align_corners=False).
import type { GrayImage } from './png.ts';

/** Central square crop, so a non-square radiograph keeps its middle (where the joint is) undistorted. */
export function centreCropSquare(image: GrayImage): GrayImage {
  const { width, height, pixels } = image;
  if (width === height) return image;
  const side = Math.min(width, height);
  const x0 = Math.floor((width - side) / 2);
  const y0 = Math.floor((height - side) / 2);
  const out = new Float32Array(side * side);
  for (let y = 0; y < side; y++) out.set(pixels.subarray((y + y0) * width + x0, (y + y0) * width + x0 + side), y * side);
  return { pixels: out, width: side, height: side };
}

/** Weights of source pixels covering each destination pixel along one axis (box filter). */
function areaWeights(from: number, to: number): Array<Array<[number, number]>> {
  const ratio = from / to;
  const rows: Array<Array<[number, number]>> = [];
  for (let d = 0; d < to; d++) {
    const start = d * ratio;
    const end = start + ratio;
    const row: Array<[number, number]> = [];
    for (let s = Math.floor(start); s < Math.min(Math.ceil(end), from); s++) {
      const w = Math.min(end, s + 1) - Math.max(start, s);
      if (w > 1e-9) row.push([s, w / ratio]);
    }
    rows.push(row);
  }
  return rows;
}

/** Weights of bilinear interpolation along one axis, clamped at the borders. */
function bilinearWeights(from: number, to: number): Array<Array<[number, number]>> {
  const rows: Array<Array<[number, number]>> = [];
  for (let d = 0; d < to; d++) {
    const x = Math.min(Math.max(((d + 0.5) * from) / to - 0.5, 0), from - 1);
    const i = Math.floor(x);
    const t = x - i;
    rows.push(t > 0 && i + 1 < from ? [[i, 1 - t], [i + 1, t]] : [[i, 1]]);
  }
  return rows;
}

function axisWeights(from: number, to: number): Array<Array<[number, number]>> {
  return to < from ? areaWeights(from, to) : bilinearWeights(from, to);
}

/** Resizes to width × height, separably (rows, then columns). */
export function resizeGray(image: GrayImage, width: number, height: number): GrayImage {
  if (image.width === width && image.height === height) return image;
  const wx = axisWeights(image.width, width);
  const wy = axisWeights(image.height, height);
  const tmp = new Float32Array(image.height * width);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (const [i, w] of wx[x]) s += w * image.pixels[row + i];
      tmp[y * width + x] = s;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (const [j, w] of wy[y]) s += w * tmp[j * width + x];
      out[y * width + x] = s;
    }
  }
  return { pixels: out, width, height };
}

/** Centre-crops to a square and resizes to side × side. */
export function toSquare(image: GrayImage, side: number): GrayImage {
  return resizeGray(centreCropSquare(image), side, side);
}
