// Reads a DICOM Part 10 file (PS3.10) into its image attributes and the stored values of every frame, through
// dicom-parser and the codecs in codecs/; grayscale only. Every failure is a DicomError naming file and problem.
import { readFileSync } from 'node:fs';
import dicomParser, { type DataSet } from 'dicom-parser';
import { decodeCompressedFrame } from './codecs/decode-frame.ts';
import { CodecError } from './codecs/decoded-frame.ts';
import { describeThrown, DicomError } from './dicom-error.ts';
import { readDicomMeta, type DicomMeta } from './dicom-meta.ts';
import { readEncapsulatedFrames } from './encapsulated-frames.ts';
import { readNativeFrames } from './native-frames.ts';
import { hasPart10Preamble, inflateAfter, PREAMBLE_BYTES } from './part10-bytes.ts';
import { toDisplayValues, toModalityValues, type DisplayWindow } from './pixel-transforms.ts';
import { toStoredValues } from './stored-values.ts';
import { describeTransferSyntaxUid, tryGetTransferSyntax, type TransferSyntax } from './transfer-syntax.ts';

const PIXEL_DATA = 'x7fe00010';
const TRANSFER_SYNTAX = 'x00020010';

export interface DicomImage {
  file: string;
  meta: DicomMeta;
  /** Stored values per frame, row-major (PS3.5 §8.1.1: masked to Bits Stored, sign-extended). */
  frames: Int32Array[];
  /** Modality values: slope · stored + intercept (PS3.3 C.11.1). A frame or its index. */
  toModality(frame: Int32Array | number): Float32Array;
  /** Values in [0, 1] after the VOI window (override, else the file's, else min–max); MONOCHROME1 inverted. */
  toDisplay(frame: Int32Array | number, window?: DisplayWindow): Float32Array;
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DicomError(file, 'missing-file', 'file not found');
    throw new DicomError(file, 'unreadable-file', `cannot read file (${code ?? describeThrown(error)})`);
  }
}

/** dicom-parser's and zlib's ways of saying the bytes ran out. */
const RAN_OUT = /buffer overrun|past end of buffer|end of file|cannot be greater than or equal to 'byteArray' length/i;

function parseFailure(file: string, what: string, thrown: unknown): DicomError {
  const detail = describeThrown(thrown);
  if (RAN_OUT.test(detail)) return new DicomError(file, 'truncated', `file ends inside the ${what} (truncated?): ${detail}`);
  return new DicomError(file, 'corrupt', `cannot parse the ${what}: ${detail}`);
}

/** The meta header (group 0002) only, to learn the transfer syntax before parsing the data set. */
function readTransferSyntax(bytes: Uint8Array, file: string): TransferSyntax {
  let uid: string | undefined;
  try {
    uid = dicomParser.readPart10Header(bytes).string(TRANSFER_SYNTAX);
  } catch (error) {
    throw parseFailure(file, 'file meta header', error);
  }
  if (!uid) throw new DicomError(file, 'corrupt', 'file meta header has no Transfer Syntax UID (0002,0010)');
  const syntax = tryGetTransferSyntax(uid);
  if (!syntax) throw new DicomError(file, 'unsupported-transfer-syntax', `unsupported transfer syntax ${describeTransferSyntaxUid(uid)}`);
  return syntax;
}

function parseDataSet(bytes: Uint8Array, file: string): DataSet {
  try {
    return dicomParser.parseDicom(bytes, { inflater: inflateAfter });
  } catch (error) {
    throw parseFailure(file, 'data set', error);
  }
}

function decodeFrames(dataSet: DataSet, meta: DicomMeta, syntax: TransferSyntax, file: string): Int32Array[] {
  const pixelData = dataSet.elements[PIXEL_DATA];
  if (!pixelData) throw new DicomError(file, 'corrupt', 'no Pixel Data (7FE0,0010): not an image');
  if (syntax.encoding === 'native') return readNativeFrames(dataSet, pixelData, meta, syntax.littleEndian, file);
  const encoding = syntax.encoding;
  return readEncapsulatedFrames(dataSet, pixelData, meta.frames, encoding, file).map((codestream, f) => {
    try {
      return toStoredValues(decodeCompressedFrame(encoding, codestream, meta), meta);
    } catch (error) {
      if (!(error instanceof CodecError)) throw error;
      throw new DicomError(file, 'decode-failed', `frame ${f + 1} of ${meta.frames}: ${syntax.name} decoding failed: ${error.message}`);
    }
  });
}

function createImage(file: string, meta: DicomMeta, frames: Int32Array[]): DicomImage {
  const frameOf = (frame: Int32Array | number): Int32Array => {
    if (typeof frame !== 'number') return frame;
    if (!Number.isInteger(frame) || frame < 0 || frame >= frames.length) throw new RangeError(`${file}: no frame ${frame} (${frames.length} frame(s))`);
    return frames[frame];
  };
  return {
    file,
    meta,
    frames,
    toModality: (frame) => toModalityValues(frameOf(frame), meta),
    toDisplay: (frame, window) => toDisplayValues(toModalityValues(frameOf(frame), meta), meta, window),
  };
}

/** Reads a file, or bytes already in memory (`name` then labels errors). */
export function readDicom(source: string | Uint8Array, name = '<buffer>'): DicomImage {
  const file = typeof source === 'string' ? source : name;
  const bytes = typeof source === 'string' ? readBytes(source) : source;
  if (!hasPart10Preamble(bytes)) {
    throw new DicomError(file, 'not-dicom', bytes.length < PREAMBLE_BYTES + 4 ? `only ${bytes.length} bytes: too short for DICOM Part 10` : 'no "DICM" marker at byte 128: not a DICOM Part 10 file');
  }
  const syntax = readTransferSyntax(bytes, file);
  const dataSet = parseDataSet(bytes, file);
  const meta = readDicomMeta(dataSet, syntax, file);
  return createImage(file, meta, decodeFrames(dataSet, meta, syntax, file));
}
