// Uncompressed pixel data (PS3.5 §8.1–8.2): frames laid end to end, 8 or 16 bits per cell, little or big endian.
import type { DataSet, Element } from 'dicom-parser';
import { DicomError } from './dicom-error.ts';
import type { DicomMeta } from './dicom-meta.ts';
import { toStoredValues } from './stored-values.ts';

export function readNativeFrames(dataSet: DataSet, pixelData: Element, meta: DicomMeta, littleEndian: boolean, file: string): Int32Array[] {
  const bytesPerCell = meta.bitsAllocated / 8;
  const frameCells = meta.rows * meta.columns;
  const needed = frameCells * bytesPerCell * meta.frames;
  const available = Math.min(pixelData.length, dataSet.byteArray.length - pixelData.dataOffset);
  if (available < needed) {
    throw new DicomError(file, 'truncated', `pixel data holds ${Math.max(available, 0)} bytes, ${meta.frames} frame(s) of ${meta.rows}×${meta.columns}×${bytesPerCell} need ${needed}`);
  }
  const view = new DataView(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + pixelData.dataOffset, needed);
  // In big endian files 8-bit cells in an OW element are swapped in pairs (PS3.5 §8.2 note); OB is not.
  const swapBytePairs = !littleEndian && bytesPerCell === 1 && pixelData.vr === 'OW';
  const frames: Int32Array[] = [];
  for (let f = 0; f < meta.frames; f++) {
    const cells = new Uint16Array(frameCells);
    const start = f * frameCells * bytesPerCell;
    for (let i = 0; i < frameCells; i++) {
      if (bytesPerCell === 2) cells[i] = view.getUint16(start + 2 * i, littleEndian);
      else cells[i] = view.getUint8(swapBytePairs ? (start + i) ^ 1 : start + i);
    }
    frames.push(toStoredValues(cells, meta));
  }
  return frames;
}
