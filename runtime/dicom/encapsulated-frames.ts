// Splits encapsulated pixel data (PS3.5 A.4) into one codestream per frame: by the Basic Offset Table when it
// is filled in, one fragment per frame when the counts match, else (JPEG family) by finding each EOI marker.
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { describeThrown, DicomError } from './dicom-error.ts';
import type { PixelEncoding } from './transfer-syntax.ts';

function frameOffsets(dataSet: DataSet, pixelData: Element, frames: number, encoding: PixelEncoding, file: string): number[] | undefined {
  const table = pixelData.basicOffsetTable ?? [];
  const fragments = pixelData.fragments ?? [];
  if (table.length === frames) return table;
  if (fragments.length === frames) return undefined;
  if (encoding === 'rle') {
    throw new DicomError(file, 'corrupt', `RLE pixel data has ${fragments.length} fragments for ${frames} frames and no offset table`);
  }
  return dicomParser.createJPEGBasicOffsetTable(dataSet, pixelData, fragments);
}

export function readEncapsulatedFrames(dataSet: DataSet, pixelData: Element, frames: number, encoding: PixelEncoding, file: string): Uint8Array[] {
  const fragments = pixelData.fragments ?? [];
  if (fragments.length === 0) throw new DicomError(file, 'corrupt', 'encapsulated pixel data has no fragments');
  try {
    if (frames === 1) return [dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, 0, fragments.length, fragments)];
    const offsets = frameOffsets(dataSet, pixelData, frames, encoding, file);
    const codestreams: Uint8Array[] = [];
    for (let f = 0; f < frames; f++) {
      codestreams.push(
        offsets === undefined
          ? dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, f, 1, fragments)
          : dicomParser.readEncapsulatedImageFrame(dataSet, pixelData, f, offsets, fragments),
      );
    }
    return codestreams;
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError(file, 'corrupt', `cannot split the encapsulated pixel data into ${frames} frame(s): ${describeThrown(error)}`);
  }
}
